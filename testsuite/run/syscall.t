# syscall.* / nd_syscall.* / syscall_any (tapsets/linux/syscalls.tbl):
# SystemTap's name, argstr and retstr formats, seen from the workload's
# own process (the workload is a single command, so sh execs it and
# target() is its pid).  syscall_star_all arms every syscall.* point and
# its return (about 800 probes), slow under TCG, hence its timeout.
NAME syscall_openat_argstr
SCRIPT
probe syscall.openat { if (pid() == target()) println(name, " ", argstr) }
WORKLOAD
cat /etc/hostname
EXPECT
openat AT_FDCWD, "/etc/hostname", O_RDONLY

NAME syscall_openat_retstr_enoent
SCRIPT
probe syscall.openat.return { if (pid() == target()) println(name, " = ", retstr) }
WORKLOAD
cat /no/such/file
EXPECT
openat = -2 (ENOENT)

NAME syscall_read_return
SCRIPT
global done
probe syscall.read { if (pid() == target() && count == 7 && !done) println(name, "(", count, ")") }
probe syscall.read.return { if (pid() == target() && retval == 7 && !done++) println(name, " = ", retstr) }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=7 count=1
EXPECT
read(7)
read = 7

NAME syscall_write_buffer
SCRIPT
probe syscall.write { if (pid() == target()) println(name, "(", argstr, ")") }
WORKLOAD
echo hi >/dev/null
EXPECT
write(1, "hi\n", 3)

NAME syscall_open_creat_mode
SCRIPT
probe syscall.openat { if (pid() == target() && isinstr(argstr, "/tmp/sc")) println(argstr) }
WORKLOAD
touch /tmp/sc
EXPECT
AT_FDCWD, "/tmp/sc", O_RDWR|O_CREAT, 0666

NAME syscall_execve_mprotect
SCRIPT
global m
probe syscall.execve { if (pid() == target() && isinstr(args, "version")) println(name, " ", args, " ", env_str) }
probe syscall.mprotect { if (pid() == target() && !m++) println(name, " ", prot_str) }
WORKLOAD
cat /proc/version >/dev/null
EXPECT_RE
execve \[(0x[0-9a-f]+|"[^"]*"), (0x[0-9a-f]+|"-c"), "cat /proc/version >/dev/null"\] \[/\* [0-9]+ vars \*/\]
mprotect PROT_READ
execve \["cat", "/proc/version"\] \[/\* [0-9]+ vars \*/\]

NAME nd_syscall_openat
SCRIPT
probe nd_syscall.openat { if (pid() == target()) println(name, " ", argstr) }
probe nd_syscall.close.return { if (pid() == target()) println("close = ", retstr) }
WORKLOAD
cat /etc/hostname
EXPECT
openat AT_FDCWD, "/etc/hostname", O_RDONLY

NAME syscall_any_names
SCRIPT
global seen
probe syscall_any { if (pid() == target()) seen[name] = syscall_nr }
probe syscall_any.return { if (pid() == target() && name == "openat") seen["openat_ret"] = retval }
probe end { println(seen["openat"], " ", seen["exit_group"], " ", seen["openat_ret"]) }
WORKLOAD
cat /etc/hostname
EXPECT
257 231 -2

NAME syscall_kill_socket
SCRIPT
probe syscall.kill { if (pid() == target()) println(name, " ", argstr) }
WORKLOAD
kill -0 1
EXPECT
kill 1, SIG#0

NAME syscall_write_nul_and_cut
SCRIPT
probe syscall.write { if (pid() == target()) println(argstr) }
WORKLOAD
printf 'a\0b\n0123456789012345678901234567890123456789012345678901234567890' >/dev/null
EXPECT
1, "a\000b\n0123456789012345678901234567890123456"..., 65

NAME syscall_socket_connect_sockaddr
SCRIPT
probe syscall.socket, syscall.connect { if (pid() == target()) println(name, "(", argstr, ")") }
probe syscall.connect.return { if (pid() == target()) println(name, " = ", retstr) }
WORKLOAD
wget -q -O /dev/null http://127.0.0.1:1/
EXPECT_RE
socket\(PF_INET, SOCK_STREAM(\|SOCK_CLOEXEC)?, IPPROTO_(IP|TCP)\)
connect\([0-9]+, \{AF_INET, 127\.0\.0\.1, 1\}, 16\)
connect = -111 \(ECONNREFUSED\)

NAME syscall_rt_sigaction_struct
SCRIPT
global n
probe syscall.rt_sigaction { if (pid() == target() && act_uaddr && !n++) println(sig_str, " ", substr(act_str, 0, 1), " ", isinstr(act_str, "SA_RESTORER") ? "restorer" : act_str) }
probe syscall.rt_sigaction { if (pid() == target() && !act_uaddr && n < 2 && n++) println(isinstr(argstr, ", NULL, 0x") ? "null act" : argstr) }
WORKLOAD
sleep 0
EXPECT_RE
SIG[A-Z]+ \{ (restorer|\{SIG_(IGN|DFL)\})
null act

NAME syscall_star_all
SCRIPT
global n, r
probe syscall.* { if (pid() == target()) n++ }
probe syscall.*.return { if (pid() == target()) r++ }
probe end { println(n > 10 && r > 10 ? "counted" : "none") }
WORKLOAD
cat /proc/version >/dev/null
TIMEOUT 240
EXPECT
counted
