# Run-time errors end the handler (ERROR on stderr), MAXERRORS=0 ends the
# session, and the error probes run instead of the end probes.
NAME err_div0
SCRIPT
probe begin { x = 0; println("before"); println(1 / x); println("not reached") }
probe end { println("end") }
probe error { println("error probe") }
EXPECT
before
error probe

NAME err_mod0
SCRIPT
probe begin { x = 0; println(5 % x) }
probe error { println("error probe") }
EXPECT
error probe

NAME err_maxaction
SCRIPT
global n
probe begin { while (1) n++ }
probe error { println(n > 100 ? "stopped" : "too early") }
EXPECT
stopped

NAME err_array_overflow
SCRIPT
global a[3]
probe begin { for (i = 0; i < 10; i++) a[i] = i }
probe error { println(length_ok()) }
function length_ok:string () { n = 0; foreach (k in a) n++; return sprint(n) }
EXPECT
3

NAME err_nesting
SCRIPT
global depth
function f(n) { depth = n; return f(n + 1) }
probe begin { f(1) }
probe error { println(depth) }
EXPECT
10

NAME err_kernel_string
SCRIPT
probe begin { println("a"); println(kernel_string(0)); println("b") }
probe error { println("error probe") }
EXPECT
a
error probe

NAME err_error_fn
SCRIPT
probe begin { error("custom failure"); println("no") }
probe error { println("error probe") }
probe end { println("no end") }
EXPECT
error probe

NAME try_catch
SCRIPT
probe begin {
	z = 0
	try { println(1 / z); println("no") } catch (msg) { println("caught: ", msg) }
	try { error("mine") } catch { println("caught anonymous") }
	try { try { println(kernel_long(0)) } catch (m) { println("inner: ", m) ; println(1 % z) } } catch (m2) { println("outer: ", m2) }
	println("after")
	exit()
}
probe end { println("end") }
EXPECT
caught: division by 0
caught anonymous
inner: kernel read fault at 0x0000000000000000 [man error::fault]
outer: division by 0
after
end

NAME try_catch_function
SCRIPT
global zero
function bad() { return 1 / zero }
probe begin { try { println(bad()) } catch (e) { println("caught ", e) } exit() }
EXPECT
caught division by 0
