NAME globals_init
SCRIPT
global n = 5, s = "str", t
probe begin { t = n * 2; println(n, " ", s, " ", t) exit() }
EXPECT
5 str 10

NAME arrays
SCRIPT
global a, b
probe begin {
	a["x"] = 1; a["y"] = 2; a["x"] += 10
	b[1, "one"] = "uno"
	println(a["x"], " ", a["y"], " ", a["none"], " ", ["x"] in a, " ", ["q"] in a)
	println(b[1, "one"], "|", b[2, "two"], "|", [1, "one"] in b)
	delete a["x"]
	println(["x"] in a, " ", a["y"]++, " ", a["y"])
	delete a
	println(["y"] in a)
	exit()
}
EXPECT
11 2 0 1 0
uno||1
0 2 3
0

NAME foreach_sorted
SCRIPT
global a
probe begin {
	a["b"] = 3; a["a"] = 1; a["c"] = 2
	foreach (k in a) printf("%s ", k)
	println("")
	foreach (k+ in a) printf("%s ", k)
	println("")
	foreach (k in a-) printf("%s=%d ", k, a[k])
	println("")
	foreach (k in a+ limit 2) printf("%s ", k)
	println("")
	foreach (v = [k] in a) printf("%s:%d ", k, v)
	println("")
	exit()
}
EXPECT
b a c 
a b c 
b=3 c=2 a=1 
a c 
b:3 a:1 c:2 

NAME foreach_multikey
SCRIPT
global m
probe begin {
	m[2, "x"] = 10; m[1, "y"] = 20; m[1, "a"] = 30
	foreach ([n, s] in m) printf("%d,%s=%d\n", n, s, m[n, s])
	foreach ([n, s-] in m) printf("%d,%s ", n, s)
	println("")
	exit()
}
EXPECT
2,x=10
1,y=20
1,a=30
1,y 2,x 1,a 

NAME wrap_array
SCRIPT
global w%[3]
probe begin {
	for (i = 0; i < 5; i++) w[i] = i
	foreach (k+ in w) printf("%d ", k)
	println("")
	exit()
}
EXPECT
2 3 4 

NAME aggregates
SCRIPT
global s, t
probe begin {
	for (i = 1; i <= 10; i++) { s <<< i; t["x"] <<< i * 2 }
	printf("%d %d %d %d %d\n", @count(s), @sum(s), @min(s), @max(s), @avg(s))
	printf("%d %d %d\n", @count(t["x"]), @sum(t["x"]), @count(t["none"]))
	foreach (k in t) printf("%s %d\n", k, @max(t[k]))
	exit()
}
EXPECT
10 55 1 10 5
10 110 0
x 20

NAME histograms
SCRIPT
global s, t
probe begin {
	for (i = 0; i < 100; i++) { s <<< i; t["k"] <<< i }
	print(@hist_linear(s, 0, 100, 25))
	print(@hist_log(t["k"]))
	println("done")
	exit()
}
EXPECT
value |-------------------------------------------------- count
    0 |@@@@@@@@@@@@@@@@@@@@@@@@@                            25
   25 |@@@@@@@@@@@@@@@@@@@@@@@@@                            25
   50 |@@@@@@@@@@@@@@@@@@@@@@@@@                            25
   75 |@@@@@@@@@@@@@@@@@@@@@@@@@                            25
  100 |                                                      0

value |-------------------------------------------------- count
    0 |@                                                     1
    1 |@                                                     1
    2 |@@                                                    2
    4 |@@@@                                                  4
    8 |@@@@@@@@                                              8
   16 |@@@@@@@@@@@@@@@@                                     16
   32 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@                     32
   64 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@                 36
  128 |                                                      0
  256 |                                                      0

done

NAME thread_indent
SCRIPT
probe begin {
	a = thread_indent(1); b = thread_indent(1); c = thread_indent(-1); d = thread_indent(-1)
	printf("[%s]\n[%s]\n[%s]\n[%s]\n", substr(a, 6, 100), substr(b, 6, 100), substr(c, 6, 100), substr(d, 6, 100))
	exit()
}
EXPECT_RE
\[ stap[a-z_0-9]*\([0-9]+\):\]
\[ stap[a-z_0-9]*\([0-9]+\): \]
\[ stap[a-z_0-9]*\([0-9]+\): \]
\[ stap[a-z_0-9]*\([0-9]+\):\]

NAME array_slices
SCRIPT
global a, s
probe begin {
	a[1, "x"] = 10; a[2, "x"] = 20; a[1, "y"] = 30; a[3, "z"] = 40
	s["p", 1] <<< 5; s["q", 2] <<< 6
	foreach ([n, k] in a[1, *]) printf("%d %s %d\n", n, k, a[n, k])
	foreach ([n, k+] in a[*, "x"]) printf("x: %d\n", n)
	println([*, "z"] in a, [*, "w"] in a, [2, *] in a, [*, 2] in s)
	delete a[*, "x"]
	foreach ([n, k] in a) printf("left %d %s\n", n, k)
	delete s["p", *]
	foreach ([p, q] in s) printf("s %s %d\n", p, q)
	exit()
}
EXPECT
1 x 10
1 y 30
x: 1
x: 2
1011
left 1 y
left 3 z
s q 2
