# Statistics extractors in the VM; @variance is exact (truncated), so the
# man page's @variance(x) -> 12 for 1..5 is deliberately 2 here (its
# @variance(x, 1) -> 2 agrees).
NAME stat_variance_doc
SCRIPT
global x, y
probe begin {
	for (i = 1; i <= 5; i++) { x <<< i; y <<< i }
	println(@variance(x), " ", @variance(y, 1), " ", @avg(x), " ", @sum(x))
	exit()
}
EXPECT
2 2 3 15

NAME stat_variance_spread
SMP 2
SCRIPT
global s, a, n
probe timer.profile { if (n++ < 100) { s <<< n % 100; a["k"] <<< n % 100 } }
probe timer.ms(1000) { exit() }
probe end {
	println(@count(s), " ", @variance(s), " ", @variance(a["k"]))
}
EXPECT
100 841 841
