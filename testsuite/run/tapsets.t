# tapset library functions with deterministic results (tapsets/*.stp).
NAME tapset_strings
SCRIPT
probe begin {
	println(text_str("a\tb\"c\001"))
	println(text_strn("abcdef", 4, 0), "|", text_strn("abcdefghij", 9, 1), "|", text_strn("ab", 0, 1))
	println(string_quoted("x\"y\n"))
	println(isdigit("1a"), isdigit("a1"), isdigit(""))
	println(strpos("hello", "ll"), " ", strpos("hello", "he"), " ", strpos("hello", "z"))
	exit()
}
EXPECT
a\tb\"c\001
abcd|"abcd"...|"ab"
"x\"y\n"
100
2 0 -1

NAME tapset_tokenize
SCRIPT
probe begin {
	t = tokenize(",,a,b,,c,", ",")
	while (t != "") { print(t, ";"); t = tokenize(",") }
	println("")
	println(tokenize("one two", " "), "|", tokenize("", " "), "|", tokenize(" "), "|")
	exit()
}
EXPECT
a;b;c;
one|two||

NAME tapset_ctime
SCRIPT
probe begin {
	println(ctime(0))
	println(ctime(-2147483648))
	println(ctime(2147483647))
	println(ctime(741476948))
	println(strlen(ctime()))
	try { println(ctime(-2147483649)) } catch (e) { println("caught") }
	exit()
}
EXPECT
Thu Jan  1 00:00:00 1970
Fri Dec 13 20:45:52 1901
Tue Jan 19 03:14:07 2038
Wed Jun 30 21:49:08 1993
24
caught

NAME tapset_clocks
SCRIPT
probe begin {
	a = local_clock_ns(); b = local_clock_ns()
	println(b >= a, " ", cpu_clock_ns(cpu()) > 0, " ", HZ() >= 100, " ", ktime_get_ns() > 0)
	println(local_clock_s() == local_clock_ns() / 1000000000)
	try { println(cpu_clock_ns(-1)) } catch { println("bad cpu") }
	exit()
}
EXPECT
1 1 1 1
1
bad cpu

NAME tapset_inet
SCRIPT
probe begin {
	printf("%x %x %x\n", ntohs(0x1234), ntohl(0x12345678), ntohll(0x0102030405060708))
	printf("%x %x %x\n", htons(0x1234), htonl(0x12345678), htonll(0x0102030405060708))
	println(ip_ntop(0x0100007f), " ", format_ipaddr(0x0101a8c0, 2), " ", format_ipaddr(0, 99))
	exit()
}
EXPECT
3412 78563412 807060504030201
3412 78563412 807060504030201
127.0.0.1 192.168.1.1 Unknown

NAME tapset_randint
SCRIPT
global bad
probe begin {
	for (i = 0; i < 200; i++) { r = randint(7); if (r < 0 || r >= 7) bad++ }
	println(bad + 0)
	try { randint(0) } catch { println("range") }
	exit()
}
EXPECT
0
range

NAME tapset_quoted_faults
SCRIPT
probe begin {
	println(kernel_string_quoted(0), " ", user_string_quoted(0), " ", user_string_n_quoted(0, 4))
	println(user_int(0), " ", user_long(0), " ", user_char_warn(0))
	try { println(user_int_error(0)) } catch { println("user fault") }
	exit()
}
EXPECT
0x0 0x0 0x0
0 0 0
user fault

NAME tapset_errno_signal
SCRIPT
probe begin {
	println(errno_str(2), " ", errno_str(-13), " ", errno_str(3333), " ", errno_str(512))
	println(return_str(1, -2), "|", return_str(1, 42), "|", return_str(2, 255), "|", return_str(3, 8))
	println(signal_str(9), " ", signal_str(17), " ", signal_str(34), " ", signal_str(99))
	exit()
}
EXPECT
ENOENT EACCES E#3333 ERESTARTSYS
-2 (ENOENT)|42|0xff|010
SIGKILL SIGCHLD SIGRTMIN+2 SIG#99

NAME tapset_kprobe_args
SCRIPT
global done
probe kprobe.function("ksys_read") {
	if (execname() != "dd" || done++) next
	println(int_arg(1), " ", ulong_arg(3), " ", uint_arg(1), " ", s64_arg(3))
	println(register("rdi") == int_arg(1), " ", u_register("edx") == 1, " ", registers_valid(), user_mode())
	println(pointer_arg(2) != 0, " ", addr() == symbol_addr_ok(), " ", probemod(), " ", modname(addr()))
	# kernels built with IBT (6.12) put a kprobe at sym+0 after its endbr64
	off = substr(symdata(addr()), 12, 3)
	println(substr(symdata(addr()), 0, 12), " ", off == "0/0" || off == "4/0", " ", isinstr(symdata(addr()), " [kernel]"))
	println(isinstr(sprint_backtrace(), "ksys_read"), " ", substr(backtrace(), 0, 2), " ", caller_addr() != 0)
	println(stack_size(), " ", stack_used() > 0 && stack_used() < stack_size(), " ", stack_used() + stack_unused() == stack_size())
	# the guest's busybox sh runs dd in a forked shell: argv stays sh's
	println(isinstr(cmdline_str(), "dd if=/dev/zero of=/dev/null"), " ", cmdline_args(0, -1, " ") == cmdline_str(), " [", cmdline_arg(99), "] ", cmdline_arg(0) != "")
}
function symbol_addr_ok:long () { return addr() }
probe kprobe.function("ksys_read").return {
	if (execname() == "dd" && done == 1) { done++; println(returnval(), " ", returnstr(1)) }
}
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=3 2>/dev/null
EXPECT
0 1 0 1
1 1 10
1 1 kernel kernel
ksys_read+0x 1 1
1 0x 1
16384 1 1
1 1 [] 1
1 1

NAME tapset_task
SCRIPT
probe begin {
	t = task_current()
	println(task_pid(t) == pid(), " ", task_tid(t) == tid(), " ", task_execname(t) == execname())
	println(task_pid(task_parent(t)) == ppid(), " ", task_state(t), " ", task_nice(t), " ", task_prio(t), " ", task_cpu(t) == cpu())
	println(pid2task(pid()) == t, " ", pid2execname(pid()) == execname(), " ", pid2task(-5), " ", pid2execname(1))
	println(pexecname() == task_execname(task_parent(t)), " ", sid() >= 0, " ", pgrp() >= 0)
	try { println(task_pid(8)) } catch (e) { println("caught ", substr(e, 0, 17)) }
	exit()
}
EXPECT
1 1 1
1 0 0 20 1
1 1 0 init
1 1 1
caught kernel read fault

NAME tapset_ansi
SCRIPT
probe begin { ansi_set_color(31, 40, 1); print("red"); ansi_reset_color(); ansi_new_line(); exit() }
EXPECT
[40;31;1mred[0;0m

NAME tapset_backtrace
SCRIPT
global done
probe kprobe.function("ksys_read") {
	if (execname() != "dd" || done++) next
	bt = sprint_backtrace()
	println(tokenize(bt, "\n"))
	println(tokenize("\n"))
	println(sprint_stack(backtrace()) == bt, " ", caller() == sprintf("%s 0x%x", symname(caller_addr()), caller_addr()))
	print_stack(substr(backtrace(), 0, 18))
}
probe end { println(backtrace() != "") }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=1 2>/dev/null
EXPECT_RE
 0x[0-9a-f]+ : ksys_read\+0x[04]/0x[0-9a-f]+ \[kernel\]
 0x[0-9a-f]+ : [a-z_0-9]+\+0x[0-9a-f]+/0x[0-9a-f]+ \[kernel\]
1 1
 0x[0-9a-f]+ : ksys_read\+0x[04]/0x[0-9a-f]+ \[kernel\]
1
