# torture.t - a user set on breaking it (issue 9): every case must leave
# the guest alive, the kernel log clean (no Oops/BUG/WARNING: the harness
# fails a test whose .note says the kernel reported a problem), the module
# gone (the harness fails a test whose module the guest agent removed),
# with staprun's exit status and SystemTap's message.  Many modules per
# boot; cases marked SMP 2 run in a second boot with 2 CPUs.
# testsuite/torture.sh runs this file and prints the figures (cases,
# survived, oopses, leaked, hangs); `make soak` runs the hot-probe cases
# for 10 minutes each.
#
# The nested-staprun cases find their own module as staprun's argument
# (/proc/PID/cmdline) and load it again with -R: a copy started without -c
# has target() == 0 and exits at once.

NAME loop_begin
SCRIPT
global n
probe begin { while (1) n++ }
EXPECT_STDERR_RE
^ERROR: MAXACTION exceeded near (keyword|operator '\+\+') at SCRIPT:2:[0-9]+$
EXPECT_RC 1

NAME loop_end
SCRIPT
global n
probe begin { exit() }
probe end { for (;;) n++ }
EXPECT_STDERR_RE
^ERROR: MAXACTION exceeded near (keyword|operator '\+\+') at SCRIPT:3:[0-9]+$
EXPECT_RC 1

NAME loop_timer
SCRIPT
global n
probe timer.ms(5) { while (1) n++ }
EXPECT_STDERR_RE
^ERROR: MAXACTION exceeded near (keyword|operator '\+\+') at SCRIPT:2:[0-9]+$
EXPECT_RC 1

NAME loop_profile
SMP 2
SCRIPT
global n
probe timer.profile { while (1) n++ }
EXPECT_STDERR_RE
^ERROR: MAXACTION exceeded near (keyword|operator '\+\+') at SCRIPT:2:[0-9]+$
EXPECT_RC 1

NAME loop_kprobe
SCRIPT
global n
probe kprobe.function("ksys_read") { while (1) n++ }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=5 2>/dev/null
EXPECT_STDERR_RE
^ERROR: MAXACTION exceeded near (keyword|operator '\+\+') at SCRIPT:2:[0-9]+$
EXPECT_RC 1

NAME loop_kretprobe
SCRIPT
global n
probe kprobe.function("ksys_read").return { while (1) n++ }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=5 2>/dev/null
EXPECT_STDERR_RE
^ERROR: MAXACTION exceeded near (keyword|operator '\+\+') at SCRIPT:2:[0-9]+$
EXPECT_RC 1

NAME loop_dwarf
SCRIPT
global n
probe kernel.function("ksys_read") { while (1) n++ }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=5 2>/dev/null
EXPECT_STDERR_RE
^ERROR: MAXACTION exceeded near (keyword|operator '\+\+') at SCRIPT:2:[0-9]+$
EXPECT_RC 1

NAME loop_dwarf_return
SCRIPT
global n
probe kernel.function("ksys_read").return { while (1) n++ }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=5 2>/dev/null
EXPECT_STDERR_RE
^ERROR: MAXACTION exceeded near (keyword|operator '\+\+') at SCRIPT:2:[0-9]+$
EXPECT_RC 1

NAME loop_error_probe
SCRIPT
global n
probe begin { error("first") }
probe error { while (1) n++ }
EXPECT_STDERR
ERROR: first
EXPECT_RC 1

NAME recursion_unbounded
SCRIPT
global d
function f(n) { d = n; return f(n + 1) }
probe timer.ms(5) { f(0) }
EXPECT_STDERR
ERROR: MAXNESTING exceeded near identifier 'f' at SCRIPT:2:
EXPECT_RC 1

NAME recursion_maxnesting_huge_kprobe
SMP 2
STAP_OPTS -DMAXNESTING=3000
SCRIPT
global d
function f(n, s) { d = n; return f(n + 1, s . "y") . s }
probe kprobe.function("ksys_read") { f(0, "x") }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=5 2>/dev/null
EXPECT_STDERR
ERROR: kernel stack below MINSTACKSPACE, check MAXNESTING near identifier 'f' at SCRIPT:2:
EXPECT_RC 1

NAME array_overflow
SCRIPT
global a[100]
probe timer.ms(5) { for (i = 0; i < 1000; i++) a[i] = i }
EXPECT_STDERR
ERROR: Array overflow, check MAXMAPENTRIES near operator '=' at SCRIPT:2:
EXPECT_RC 1

NAME array_overflow_default_limit
STAP_OPTS -DMAXACTION=100000
SCRIPT
global a
probe begin { for (i = 0; i < 10000; i++) a[i, sprint(i)] = i }
EXPECT_STDERR
ERROR: Array overflow, check MAXMAPENTRIES near operator '=' at SCRIPT:2:
EXPECT_RC 1

NAME string_overflow
SCRIPT
probe begin {
	s = "x"
	for (i = 0; i < 20; i++) s = s . s
	t = sprintf("%s%s%s", s, s, s)
	printf("%d %d\n", strlen(s), strlen(t))
	println(substr(s, 100000, 10), "|", substr(s, -5, 3), "|")
	exit()
}
EXPECT
511 511
||

NAME bad_kernel_pointer
SCRIPT
probe begin { println(kernel_string(-1)) }
EXPECT_STDERR_RE
^ERROR: kernel string copy fault at 0xffffffffffffffff .*near identifier 'kernel_string' at SCRIPT:1:
EXPECT_RC 1

NAME bad_kernel_pointers_many
STAP_OPTS -DMAXERRORS=1000
SCRIPT
global n
probe timer.ms(1) {
	n++
	if (n > 200) exit()
	try { x = kernel_long(n * 4096) } catch { }
	try { y = kernel_string(0xffff800000000000 + n * 4096) } catch { }
	try { z = kernel_int(-n) } catch { }
}
probe end { println("survived ", n > 200) }
EXPECT
survived 1

NAME bad_user_pointer
SCRIPT
probe kprobe.function("ksys_read") { println(user_string(8)) }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=1 2>/dev/null
EXPECT_STDERR_RE
^ERROR: user string copy fault at 0x0+8 .*near identifier 'user_string' at SCRIPT:1:
EXPECT_RC 1

NAME division_by_zero
SCRIPT
global z
probe timer.ms(5) { println(10 / z) }
EXPECT_STDERR
ERROR: division by 0 near operator '/' at SCRIPT:2:
EXPECT_RC 1

NAME modulo_by_zero
SCRIPT
global z
probe kprobe.function("ksys_read") { println(10 % z) }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=1 2>/dev/null
EXPECT_STDERR
ERROR: division by 0 near operator '%' at SCRIPT:2:
EXPECT_RC 1

NAME int64_min_div_minus1
SCRIPT
global m = -1
probe begin {
	x = -9223372036854775807 - 1
	printf("%d %d\n", x / m, x % m)
	exit()
}
EXPECT
-9223372036854775808 0

NAME flood_no_exit
SMP 2
SCRIPT
probe timer.profile { printf("%d %s\n", cpu(), "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") }
probe kprobe.function("ksys_read") { printf("read %d\n", pid()) }
ARGS -T 3
EXPECT_SHAPE
+ [01] x+
+ read [0-9]+

NAME flood_with_exit
STAP_OPTS -DMAXACTION=1000000
SCRIPT
probe begin { for (i = 0; i < 300000; i++) printf("%d yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n", i) exit() }
EXPECT_SHAPE
+ [0-9]+ y+
EXPECT_STDERR_RE
^WARNING: There were [0-9]+ transport failures\.$
^WARNING: Output lost: [0-9]+ lines

NAME hot_schedule_delete
SMP 2
SCRIPT
global a, s
probe kernel.function("schedule") { a[cpu(), tid()]++; s[execname()] <<< 1 }
probe timer.ms(3) { delete a; delete s }
probe timer.s(3) { exit() }
WORKLOAD
i=0; while [ $i -lt 200 ]; do i=$((i+1)); sleep 0.01; done

NAME hot_kmalloc_delete
SMP 2
SCRIPT
global a
probe kprobe.function("__kmalloc")?, kprobe.function("__kmalloc_noprof")? { a[cpu(), ulong_arg(1)] <<< 1 }
probe kprobe.function("kfree") { a[cpu(), 0] <<< 1 }
probe timer.ms(2) { delete a }
probe timer.s(3) { exit() }
WORKLOAD
i=0; while [ $i -lt 100 ]; do i=$((i+1)); ls -R /sys/kernel > /dev/null 2>&1; done &
sleep 4

NAME hot_spinlock
SMP 2
SCRIPT
global n
probe kprobe.function("_raw_spin_lock")? { n++ }
probe kprobe.function("_raw_spin_unlock_irqrestore")? { n++ }
probe kprobe.function("ksys_read") { n++ }
probe timer.s(3) { exit() }
probe end { println(n > 0) }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=100 2>/dev/null; sleep 4
EXPECT
1

NAME exit_storm
SMP 2
SCRIPT
probe kprobe.function("ksys_read"), kprobe.function("ksys_write"), timer.profile { exit() }
probe end { println("end once") }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=1000 2>/dev/null
EXPECT
end once

NAME error_in_end
SCRIPT
probe begin { exit() }
probe end { println("before") error("in end") println("not printed") }
probe end { println("second end runs") }
EXPECT
before
second end runs
EXPECT_STDERR
ERROR: in end near identifier 'error' at SCRIPT:2:
EXPECT_RC 1

NAME sigint_twice
SCRIPT
global n
probe timer.ms(10) { n++ }
probe end { println("end ran") }
WORKLOAD
sleep 1; kill -INT $(pidof staprun); kill -INT $(pidof staprun); sleep 5
EXPECT
end ran

NAME sigterm_during_begin
STAP_OPTS -DMAXACTION=100000000
SCRIPT
global n
probe begin { for (i = 0; i < 30000000; i++) n++ }
probe end { println("end ran") }
WORKLOAD
kill -TERM $(pidof staprun); sleep 3
EXPECT_RC 0

NAME kill9_staprun
SMP 2
SCRIPT
global n
probe timer.profile { n++ }
probe kprobe.function("ksys_read") { n++ }
WORKLOAD
sleep 1; kill -9 $(pidof staprun); sleep 3
EXPECT_RC 137

NAME kill9_stapio
SMP 2
SCRIPT
global n
probe timer.profile { n++ }
probe kprobe.function("ksys_read") { n++ }
WORKLOAD
sleep 1; kill -9 $(pidof stapio); sleep 3
EXPECT_STDERR
stapio was killed by signal 9
EXPECT_RC 1

NAME two_modules_at_once
SCRIPT
global n
probe begin { if (!target()) { println("copy ran") exit() } }
probe kprobe.function("ksys_read") { n++ }
WORKLOAD
ko=$(tr '\0' '\n' < /proc/$(pidof staprun)/cmdline | grep '\.ko$'); staprun -R "$ko"; echo "copy rc=$?"
EXPECT
copy ran
copy rc=0

NAME same_module_twice
SCRIPT
global n
probe timer.ms(100) { n++ }
WORKLOAD
ko=$(tr '\0' '\n' < /proc/$(pidof staprun)/cmdline | grep '\.ko$'); staprun "$ko"; echo "second rc=$?"
EXPECT
second rc=1
EXPECT_STDERR
a module of that name is already loaded (try -R)

NAME load_unload_100
TIMEOUT 240
SCRIPT
probe begin { if (!target()) exit() }
WORKLOAD
ko=$(tr '\0' '\n' < /proc/$(pidof staprun)/cmdline | grep '\.ko$'); ok=0; i=0; while [ $i -lt 100 ]; do i=$((i+1)); staprun -R "$ko" && ok=$((ok+1)); done; echo "cycles ok=$ok"; echo "stap modules left=$(grep -c '^t_load_unload_100_' /proc/modules)"
EXPECT
cycles ok=100
stap modules left=0

NAME corrupt_ko
SCRIPT
global n
probe timer.ms(100) { n++ }
WORKLOAD
ko=$(tr '\0' '\n' < /proc/$(pidof staprun)/cmdline | grep '\.ko$'); head -c 3000 "$ko" > /tmp/cut.ko; staprun -R /tmp/cut.ko; echo "cut rc=$?"; dd if=/dev/urandom of=/tmp/rand.ko bs=1k count=64 2>/dev/null; staprun -R /tmp/rand.ko; echo "random rc=$?"; : > /tmp/empty.ko; staprun -R /tmp/empty.ko; echo "empty rc=$?"
EXPECT
cut rc=1
random rc=1
empty rc=1

NAME other_kernel_ko
SCRIPT
global n
probe timer.ms(100) { n++ }
WORKLOAD
ko=$(tr '\0' '\n' < /proc/$(pidof staprun)/cmdline | grep '\.ko$'); sed 's/vermagic=[0-9]/vermagic=9/' "$ko" > /tmp/other.ko; staprun -R /tmp/other.ko; echo "other rc=$?"
EXPECT
other rc=1
EXPECT_STDERR_RE
^ERROR: module '/tmp/other.ko' was built for kernel "9

NAME foreign_ko
SCRIPT
global n
probe timer.ms(100) { n++ }
WORKLOAD
m=$(find /lib/modules -name '*.ko' 2>/dev/null | head -n 1); [ -n "$m" ] || m=/bin/busybox; staprun -R "$m"; echo "foreign rc=$?"
EXPECT
foreign rc=1

NAME non_root_staprun
SCRIPT
global n
probe timer.ms(100) { n++ }
WORKLOAD
ko=$(tr '\0' '\n' < /proc/$(pidof staprun)/cmdline | grep '\.ko$'); cp "$ko" /tmp/nr.ko; chmod 644 /tmp/nr.ko; grep -q '^nobody:' /etc/passwd 2>/dev/null || echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >> /etc/passwd; su -s /bin/sh nobody -c "staprun -R /tmp/nr.ko"; echo "non-root rc=$?"
EXPECT
non-root rc=1
EXPECT_STDERR
staprun must run as root
