# Nested calls of embedded-C (leaf) functions passing strings to each other:
# their frames share one per-CPU slot, so results must be copied out first.
NAME leaf_nested_string_calls
SCRIPT
probe begin {
	println(str_replace(str_replace("abcabc", "a", "x"), substr("bcd", 0, 2), "YY"))
	println(substr(sprint(strlen(str_replace("hello", "l", "LL"))), 0, 5), " ", isinstr(str_replace("zz-q", "-", "+"), str_replace("q", "q", "+q")))
	printf("%s|%s\n", text_str(str_replace("a\tb", "b", "c")), string_quoted(substr("wxyz", 1, 2)))
	exit()
}
EXPECT
xYYxYY
7 1
a\tc|"xy"
