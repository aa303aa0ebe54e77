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

NAME call_args_direct_after_temps
# Bug call_args_direct_skipped: after arguments that call a function (kept
# in temporaries), the remaining ones were skipped once per temporary, so
# the last parameters got "" / 0; both leaf (embedded-C) and script
# callees.
SCRIPT
function three(a, b, c) { return sprintf("%s-%d-%s", a, b, c) }
function g() { return "G" }
probe begin {
	println(three(g(), 7, "last"))
	println(three(g(), strlen(g()) + 41, sprint(9)))
	println(str_replace(g(), "G", "ok"), substr(g() . "xyz", 1, 3))
	exit()
}
EXPECT
G-7-last
G-42-9
okxyz
