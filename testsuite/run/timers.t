NAME timer_ms
SCRIPT
global n
probe timer.ms(10) { n++; if (n == 5) exit() }
probe end { println(n) }
EXPECT
5

NAME timer_kinds
SCRIPT
global a, b, c, d
probe timer.us(500) { a++ }
probe timer.jiffies(2) { b++ }
probe timer.hz(100) { c++ }
probe timer.ms(20).randomize(5) { d++ }
probe timer.s(1) { exit() }
probe end { printf("%d %d %d %d\n", a > 0, b > 0, c > 0, d > 0) }
EXPECT
1 1 1 1

NAME timer_profile
SCRIPT
global n
probe timer.profile { n++ }
probe timer.ms(300) { exit() }
probe end { println(n > 0 ? "ticks" : "none") }
EXPECT
ticks

NAME pp_timer
SCRIPT
probe timer.ms(5) { println(pp()) exit() }
EXPECT
timer.ms(5)
