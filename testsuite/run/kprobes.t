NAME kprobe_ksys_read
SCRIPT
global n
probe kprobe.function("ksys_read") { n++ }
probe end { println(n > 0 ? "reads seen" : "no reads") }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=50 2>/dev/null
EXPECT
reads seen

NAME kprobe_names
SCRIPT
global done
probe kprobe.function("ksys_read") {
	if (!done++) { println(pp()); println(ppfunc(), " ", probefunc()) }
}
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=5 2>/dev/null
EXPECT
kprobe.function("ksys_read")
ksys_read ksys_read

NAME kretprobe
SCRIPT
global calls, rets
probe kprobe.function("ksys_read") { calls++ }
probe kprobe.function("ksys_read").return { rets++ }
probe end { println(calls > 0 && rets > 0 ? "ok" : "bad") }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=20 2>/dev/null
EXPECT
ok

NAME kprobe_execname_agg
SCRIPT
global reads
probe kprobe.function("ksys_read") { if (execname() == "dd") reads[execname()] <<< 1 }
probe end { foreach (k in reads) println(k, " ", @count(reads[k]) >= 10 ? "many" : "few") }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=40 2>/dev/null
EXPECT
dd many

NAME kprobe_module_glob
# kprobe.module("loop").function(...): the module's own symbols, "loop:f"
# for the kernel to resolve (the loop module is loaded at boot); a glob of
# the module's functions; kprobe.function globs over the kernel's symbols
INSMOD loop
SCRIPT
global ioctl, ret, any, reads
probe kprobe.module("loop").function("loop_control_ioctl") { ioctl++ }
probe kprobe.module("loop").function("loop_control_ioctl").return { ret++ }
probe kprobe.module("loop").function("loop_control_*") { any++ }
probe kprobe.function("ksys_rea?").call { reads++ }
probe end {
	printf("ioctl %d ret %d any %d reads %d\n", ioctl, ret, any > 0, reads > 0)
}
WORKLOAD
busybox losetup -f >/dev/null; dd if=/dev/zero of=/dev/null bs=1 count=3 2>/dev/null
EXPECT
ioctl 1 ret 1 any 1 reads 1
