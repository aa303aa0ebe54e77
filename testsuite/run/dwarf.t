# DWARF probes (kernel.function from the kernel's debuginfo) and target
# variables: parameters, member chains through pointers, $return, $$parms,
# pretty printing, @cast, @var, @defined, read faults.  The workload's dd
# reads 1 byte at a time from /dev/zero, so ksys_read sees count 1.

NAME dwarf_params
SCRIPT
global done
probe kernel.function("ksys_read") {
	if (execname() != "dd" || done++) next
	printf("%s count=%d fd=%d buf!=0 %d\n", ppfunc(), $count, $fd, $buf != 0)
}
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=3 2>/dev/null
EXPECT
ksys_read count=1 fd=0 buf!=0 1

NAME dwarf_member_chain
SCRIPT
global done
probe kernel.function("vfs_read") {
	if (execname() != "dd" || done++) next
	println(kernel_string($file->f_path->dentry->d_name->name), " ", $count,
		" ", $file->f_inode == $file->f_path->dentry->d_inode)
}
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=3 2>/dev/null
EXPECT
zero 1 1

NAME dwarf_return
SCRIPT
global done
probe kernel.function("ksys_read").return {
	if (execname() != "dd" || done++) next
	println(pp(), " ", $return)
}
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=3 2>/dev/null
EXPECT_RE
kernel\.function\("ksys_read@fs/read_write\.c:[0-9]+"\)\.return 1

NAME dwarf_parms_string
SCRIPT
global done
probe kernel.function("ksys_read") {
	if (execname() != "dd" || done++) next
	println($$parms)
}
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=3 2>/dev/null
EXPECT_RE
fd=0x0 buf=0x[0-9a-f]+ count=0x1

NAME dwarf_cast_var_defined
SCRIPT
global done
function tpid:long (t:long) { return @cast(t, "task_struct", "kernel")->tgid }
probe kernel.function("ksys_read") {
	if (execname() != "dd" || done++) next
	println(tpid(task_current()) == pid(), " ", @var("jiffies") > 0, " ",
		@defined($count) ? 1 : 0, " ", @defined($no_such_var) ? $no_such_var : 7)
}
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=3 2>/dev/null
EXPECT
1 1 1 7

NAME dwarf_pretty
SCRIPT
global done
probe kernel.function("vfs_read") {
	if (execname() != "dd" || done++) next
	s = $file$
	println(substr(s, 0, 1), " ", isinstr(s, "f_path="))
	println($$parms$)
}
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=3 2>/dev/null
EXPECT_RE
\{ 1
file=\{.*\} buf=.* count=1 pos=.*

NAME dwarf_read_fault
SCRIPT
probe kernel.function("ksys_read") {
	if (execname() != "dd") next
	println(@cast(16, "task_struct")->pid)
}
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=3 2>/dev/null
EXPECT_STDERR_RE
^ERROR: kernel read fault at 0x[0-9a-f]+ .*near operator '@cast' at SCRIPT:3:10
EXPECT_RC 1

NAME dwarf_wildcard_file
SCRIPT
global called
probe kernel.function("*@fs/read_write.c").call { called[ppfunc()] <<< 1 }
probe end { println(@count(called["ksys_read"]) >= 3, " ", @count(called["vfs_read"]) >= 3) }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=3 2>/dev/null
EXPECT
1 1

NAME dwarf_entry_values
SCRIPT
global done
probe kernel.function("ksys_read").return {
	if (execname() != "dd" || done++) next
	println($fd, " ", @entry($count), " ", @entry(execname()), " ", $return,
		" ", gettimeofday_ns() >= @entry(gettimeofday_ns()))
}
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=3 2>/dev/null
EXPECT
0 1 dd 1 1

NAME dwarf_statement_lines
SCRIPT
global n
probe kernel.statement("ksys_read@fs/read_write.c+3") {
	if (execname() == "dd" && !n++) println(pp(), " ", $count)
}
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=3 2>/dev/null
EXPECT_RE
kernel\.statement\("ksys_read@fs/read_write\.c:[0-9]+"\) 1

NAME dwarf_function_statement_addr
SCRIPT
global fdone, sdone, rdone
probe kernel.function($1) {
	if (execname() != "dd" || fdone++) next
	printf("function %s %s count=%d\n", pp() == "kernel.function(" . @1 . ")" ?
	       "pp-ok" : pp(), ppfunc(), $count)
}
probe kernel.statement($1) {
	if (execname() != "dd" || sdone++) next
	printf("statement %s count=%d\n", ppfunc(), $count)
}
probe kernel.function($1).return {
	if (execname() != "dd" || rdone++) next
	printf("return %d\n", $return)
}
SCRIPT_ARGS
$(nm "/usr/lib/debug/boot/vmlinux-$kver" | awk '$3 == "ksys_read" { print "0x" $1 }')
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=3 2>/dev/null
EXPECT_SHAPE
+ function pp-ok ksys_read count=1
+ statement ksys_read count=1
+ return 1

NAME dwarf_label
SCRIPT
global done
probe kernel.function("release_task").label("repeat") {
	if (done++) next
	printf("%s %s %d\n", pp(), ppfunc(), $p != 0)
}
WORKLOAD
/bin/true
EXPECT_RE
kernel\.function\("release_task@kernel/exit\.c:[0-9]+"\)\.label\("repeat"\) release_task 1

NAME dwarf_buildid_mismatch
# The module refuses to start on a kernel that is not the build its
# debuginfo described (simulated: the test macro flips the expected byte).
STAP_OPTS -DSTP_TEST_BUILDID_MISMATCH
SCRIPT
global n
probe begin { println("begin ran") }
probe kernel.function("ksys_read") { n++ }
EXPECT_STDERR_RE
^ERROR: Build-id mismatch \[man error::buildid\]: "kernel" byte 0 \(0x[0-9a-f][0-9a-f]\) vs actual \(0x[0-9a-f][0-9a-f]\) address 0x[0-9a-f]+ rc 0$
EXPECT_RC 1

NAME dwarf_guru_write
# -g: a write to a parameter at the entry changes what the function
# does: dd's 1-byte reads become 0-byte reads, so it sees end of file.
STAP_OPTS -g
SCRIPT
global n
probe kernel.function("ksys_read") {
	if (execname() != "dd") next
	$count = 0
	n++
}
probe end { printf("rewrote %d\n", n > 0) }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=3 2>&1 | head -n 1
EXPECT
0+0 records in
rewrote 1

NAME dwarf_module_loop
# module("NAME") probes: the kernel's loop module is loaded at boot (INSMOD;
# 6.12 ships it as .ko.xz), busybox losetup asks /dev/loop-control for a
# free device (LOOP_CTL_GET_FREE = 0x4c82); entry and return of the
# module's own function, its parameter and $return.
INSMOD loop
SCRIPT
probe module("loop").function("loop_control_ioctl") {
	printf("%s cmd=%#x\n", ppfunc(), $cmd)
}
probe module("loop").function("loop_control_ioctl").return {
	printf("%s returned %d\n", ppfunc(), $return)
}
WORKLOAD
busybox losetup -f >/dev/null
EXPECT
loop_control_ioctl cmd=0x4c82
loop_control_ioctl returned 0

NAME dwarf_guru_write_return
# Bug dwarf_return_write_lvalue: `$return = 0` in a .return probe (-g)
# generated a cast as the left operand ("lvalue required"); now dd's
# 1-byte reads return 0 bytes, so it sees end of file at once.
STAP_OPTS -g
SCRIPT
global n
probe kernel.function("ksys_read").return {
	if (execname() != "dd") next
	$return = 0
	n++
}
probe end { printf("rewrote %d\n", n > 0) }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=3 2>&1 | head -n 1
EXPECT
0+0 records in
rewrote 1
