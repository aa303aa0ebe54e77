# The first things that must work: begin/end, printing, exit().
NAME hello
SCRIPT
probe begin { println("hello world") exit() }
EXPECT
hello world

NAME begin_order
SCRIPT
probe begin(5) { println("begin(5)") exit() }
probe begin { println("begin") }
probe begin(-1) { println("begin(-1)") }
probe end(2) { println("end(2)") }
probe end { println("end") }
EXPECT
begin(-1)
begin
begin(5)
end
end(2)

NAME exit_in_begin
SCRIPT
probe begin { println("a") exit() println("b") }
probe begin(1) { println("not run") }
probe end { println("end") }
EXPECT
a
b
end

NAME print_family
SCRIPT
probe begin {
	print(42) print("\n")
	println("x", 1, "y")
	printd(",", 1, "two", 3) println("")
	printdln("-", "a", "b", 7)
	s = sprint(12) . sprintln("ab")
	print(s)
	printf("%d|%5s|%-5s|%x|%c\n", -7, "ab", "cd", 255, 65)
	println(sprintf("%05d", 42))
	println(sprintd(":", 1, 2))
	exit()
}
EXPECT
42
x1y
1,two,3
a-b-7
12ab
-7|   ab|cd   |ff|A
00042
1:2

NAME arithmetic
SCRIPT
probe begin {
	a = 7; b = -3
	println(a + b, " ", a - b, " ", a * b, " ", a / b, " ", a % b)
	println(a << 2, " ", -16 >> 2, " ", a & 3, " ", a | 8, " ", a ^ 1, " ", ~a)
	println(!a, " ", !0, " ", a > b, " ", a <= b, " ", a == 7 && b < 0, " ", 0 || 0)
	x = 5; x += 3; x -= 1; x *= 2; x /= 3; x %= 3
	println(x, " ", x++, " ", x, " ", ++x, " ", x--, " ", --x)
	println(1 ? "yes" : "no")
	exit()
}
EXPECT
4 10 -21 -2 1
28 -4 3 15 6 -8
0 1 1 0 1 0
1 1 2 3 3 1
yes

NAME strings
SCRIPT
probe begin {
	s = "hello"
	s .= " world"
	println(s, " ", strlen(s))
	println(substr(s, 6, 5), "|", isinstr(s, "lo w"), isinstr(s, "xyz"))
	println(strtol("ff", 16) + strtol("10", 0))
	println(s < "help" ? "lt" : "ge", " ", s == "hello world")
	println(text_str("a\tb\n"))
	println(str_replace("a-b-c", "-", "+"))
	exit()
}
EXPECT
hello world 11
world|10
265
lt 1
a\tb\n
a+b+c

NAME functions
SCRIPT
function fib(n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2) }
function greet:string (who:string) { return "hi " . who }
function both(a, b:string) { return sprintf("%d/%s", a, b) }
probe begin {
	println(fib(8), " ", greet("bob"), " ", greet(greet("x")))
	println(both(3, "z"), both(4, "w"))
	exit()
}
EXPECT
21 hi bob hi hi x
3/z4/w

NAME control_flow
SCRIPT
probe begin {
	for (i = 0; i < 10; i++) { if (i == 2) continue; if (i == 5) break; print(i) }
	println("")
	j = 0; while (j < 3) { print(j); j++ }
	println("")
	do { print("d") } while (0)
	println("")
}
probe begin(1) { println("next"); exit(); next; println("never") }
EXPECT
0134
012
d
next

NAME end_on_sigint
INTERRUPT 3
SCRIPT
probe begin { println("started") }
probe end { println("end ran") }
EXPECT
started
end ran

NAME locals_are_per_probe
SCRIPT
function f(x) { y = x * 2; return y }
probe begin { y = 5; z = f(3); println(y, " ", z) }
probe begin(1) { y++; s .= "a"; println(y, "|", s, "|", f(1)); exit() }
EXPECT
5 6
1|a|2

NAME auto_print_globals
SCRIPT
global count, names
probe begin { count = 3; names["a"] = 1; exit() }
EXPECT
count=3
names["a"]=1

NAME mangling_collisions
SCRIPT
global x, x_lock, g_x, s, s_pl, int, current
function L(c) { return c + 1 }
probe begin {
	x = 1; x_lock = 2; g_x = 3; s <<< 1; s_pl[1] = 2; int = 4; current = 5
	println(L(x), x_lock, g_x, @count(s), s_pl[1], int, current)
	exit()
}
EXPECT
2231245
