# running.t - the ways of running a script: global auto-display at the end,
# output files (-o, -S, -b), staprun options.  Format: run-vm-tests.sh.

NAME autodisplay_all_kinds
SCRIPT
global count, str, s, empty, arr, sa, multi
probe begin {
	count = 7; str = "hi"
	s <<< 3; s <<< 5
	arr["a"] = 1; arr["b"] = 2
	sa["x"] <<< 4
	multi["k", 2] = 9
	exit()
}
probe end { empty <<< 1; delete empty }
EXPECT
count=7
str="hi"
s @count=2 @min=3 @max=5 @sum=8 @avg=4
empty @count=0x0
arr["b"]=2
arr["a"]=1
sa["x"] @count=1 @min=4 @max=4 @sum=4 @avg=4
multi["k",2]=9

NAME output_file_plain
SCRIPT
probe begin { println("to the file"); exit() }
ARGS
-o out.txt
EXPECT
EXPECT_FILES
== out.txt
to the file

NAME guest_shell_runs_staprun
SCRIPT
probe begin { println("via sh"); exit() }
GUEST_SH
staprun $MODULE > log.txt
echo rc=$? >> log.txt
EXPECT_FILES
== log.txt
via sh
rc=0

NAME output_file_strftime
SCRIPT
probe begin { println("dated"); exit() }
ARGS
-o 'trace_%Y.log'
EXPECT
FILES_CMD
ls | sed -E 's/[0-9]{4}/YYYY/'; cat "trace_$(date -u +%Y).log"
EXPECT_FILES
trace_YYYY.log
dated

NAME output_file_rotation_size_count
SCRIPT
global n
probe timer.ms(10) {
	for (i = 0; i < 100; i++)
		printf("%099d\n", ++n)
	if (n >= 30000) exit()
}
ARGS
-o out -S 1,2
TIMEOUT 60
EXPECT
FILES_CMD
ls
for f in out.*; do
	s=$(wc -c < "$f"); l=$(wc -l < "$f")
	[ "$s" -le 1048576 ] && [ "$s" -eq $((l * 100)) ] && echo "$f whole lines, <= 1 MB"
done
tail -n 1 out.2 | sed 's/^0*//'
EXPECT_FILES
out.1
out.2
out.1 whole lines, <= 1 MB
out.2 whole lines, <= 1 MB
30000

NAME bulk_per_cpu_files_merge
SMP 2
STAP_OPTS -b
SCRIPT
global n
probe timer.profile { if (++n <= 400) printf("%d %d\n", n, cpu()) else exit() }
ARGS
-o out
EXPECT
FILES_CMD
ls
for f in out_0 out_1; do [ -s $f ] && echo "$f has records"; done
$top/stapio/stap-merge out_0 out_1 | cut -d' ' -f1 | sort -n | uniq | wc -l | tr -d ' '
$top/stapio/stap-merge out_0 out_1 | cut -d' ' -f2 | sort -u | tr '\n' ' '; echo
EXPECT_FILES
out_0
out_1
out_0 has records
out_1 has records
400
0 1 

NAME flight_recorder_detach_attach
SCRIPT
probe begin { println("begun") }
probe timer.s(2) { println("tick"); exit() }
GUEST_SH
staprun -L $MODULE
echo "loaded: $(grep -c '^t_flight' /proc/modules)"
staprun -A $(basename $MODULE .ko)
echo "after attach: $(grep -c '^t_flight' /proc/modules)"
EXPECT
loaded: 1
begun
tick
after attach: 0
EXPECT_STDERR
Disconnecting from systemtap module.
To reconnect, type "staprun -A t_flight_recorder_detach_attach"

NAME staprun_d_removes_detached_module
SCRIPT
probe begin { println("begun") }
GUEST_SH
staprun -L $MODULE 2> /dev/null
staprun -d $(basename $MODULE .ko)
echo "rc=$? loaded=$(grep -c '^t_staprun_d' /proc/modules)"
EXPECT
rc=0 loaded=0

NAME target_pid_exit_ends_script
SCRIPT
probe begin { printf("target set: %d\n", target() > 0) }
probe end { println("end") }
TIMEOUT 20
GUEST_SH
t0=$(date +%s)
sleep 2 &
staprun -x $! $MODULE
echo "ended before the timeout: $(( $(date +%s) - t0 < 10 ))"
EXPECT
target set: 1
end
ended before the timeout: 1

NAME timing_probe_hit_report
STAP_OPTS -t
SCRIPT
global n
probe begin { println("start") }
probe timer.ms(10) { if (++n >= 3) exit() }
EXPECT_RE
start
----- probe hit report:[ ]
begin, \(SCRIPT:2:1\), hits: 1, cycles: [0-9]+min/[0-9]+avg/[0-9]+max, variance: 0, from: begin, index: 0
timer\.ms\(10\), \(SCRIPT:3:1\), hits: [3-9], cycles: [0-9]+min/[0-9]+avg/[0-9]+max, variance: [0-9]+, from: timer\.ms\(10\), index: 1
----- refresh report:

NAME timing_report_through_alias
STAP_OPTS -t
SCRIPT
probe myal = begin { }
probe myal { println("via alias"); exit() }
probe end { println("end") }
EXPECT_RE
via alias
end
----- probe hit report:[ ]
begin, \(SCRIPT:2:7\), hits: 1, cycles: [0-9]+min/[0-9]+avg/[0-9]+max, variance: 0, from: myal from: myal, index: 0
end, \(SCRIPT:3:1\), hits: 1, cycles: [0-9]+min/[0-9]+avg/[0-9]+max, variance: 0, from: end, index: 1
----- refresh report:

NAME procfs_read_write_value
SCRIPT
global saved = "none"
probe procfs("state").read { $value = "saved: "; $value .= saved; $value .= "\n" }
probe procfs("state").write { saved = $value }
probe procfs.read { $value = "default file\n" }
probe procfs("big").read.maxsize(8192) {
	for (i = 0; i < 40; i++) $value .= sprintf("%049d\n", i)
}
probe procfs("umasked").umask(0040).read { $value = "m\n" }
WORKLOAD
d=/proc/systemtap/t_procfs_read_write_value
cat $d/state
printf 'abc' > $d/state
cat $d/state
cat $d/command
wc -c < $d/big
ls -l $d | awk 'NF > 2 { print $1, $NF }' | sort -k2
EXPECT
saved: none
saved: abc
default file
2000
-r-------- big
-r-------- command
-rw------- state
-r-----r-- umasked

NAME input_char_and_line_from_stdin
SCRIPT
global n
probe input.char { printf("[%s]", char == "\n" ? "NL" : char) }
probe input.line { printf("line: %s", line); if (++n == 2) exit() }
GUEST_SH
printf 'ab\ncd\n' | staprun $MODULE
EXPECT
[a][b][NL]line: ab
[c][d][NL]line: cd

NAME procfs_second_module_reuses_proc_systemtap
SCRIPT
probe procfs.read { $value = "again\n" }
WORKLOAD
cat /proc/systemtap/t_procfs_second_module_reuses_proc_systemtap/command
EXPECT
again

NAME privilege_groups_stapdev_module
# Privilege: users in each group (staprun installed setuid root as Debian
# does); this test's module is built for stapdev, the next one's for
# stapusr.  Both restore the guest's staprun and files at the end.
SCRIPT
probe begin { println("ran"); exit() }
GUEST_SH
printf 'root:x:0:0::/:/bin/sh\nu_none:x:1001:1001::/:/bin/sh\nu_usr:x:1002:1002::/:/bin/sh\nu_dev:x:1003:1003::/:/bin/sh\n' > /etc/passwd
printf 'root:x:0:\nstapusr:x:2001:u_usr,u_dev\nstapsys:x:2002:\nstapdev:x:2003:u_dev\n' > /etc/group
chown root:stapusr /bin/staprun
chmod 4755 /bin/staprun
cp $MODULE /tmp/m.ko
chmod 644 /tmp/m.ko
echo "none:"; su -s /bin/sh u_none -c 'staprun /tmp/m.ko' 2>&1; echo "rc=$?"
echo "stapdev:"; su -s /bin/sh u_dev -c 'staprun /tmp/m.ko' 2>&1; echo "rc=$?"
echo "stapusr:"; su -s /bin/sh u_usr -c 'staprun /tmp/m.ko' 2>&1; echo "rc=$?"
echo "stapusr -d:"; su -s /bin/sh u_usr -c 'staprun -d m' 2>&1; echo "rc=$?"
chmod 755 /bin/staprun; chown root:root /bin/staprun; rm -f /etc/passwd /etc/group /tmp/m.ko
EXPECT
none:
ERROR: You are trying to run systemtap as a normal user.
You should either be root, or be part of the group "stapusr" and possibly one of the groups "stapsys" or "stapdev".
rc=1
stapdev:
ran
rc=0
stapusr:
ERROR: module '/tmp/m.ko' was built for privilege level stapdev; members of "stapusr" may only run modules built with --privilege=stapusr
rc=1
stapusr -d:
ERROR: only root and members of "stapdev" may remove modules
rc=1

NAME privilege_stapusr_module_location
STAP_OPTS --privilege=stapusr
SCRIPT
probe begin { println("ran as stapusr"); exit() }
GUEST_SH
printf 'root:x:0:0::/:/bin/sh\nu_usr:x:1002:1002::/:/bin/sh\n' > /etc/passwd
printf 'root:x:0:\nstapusr:x:2001:u_usr\n' > /etc/group
chown root:stapusr /bin/staprun
chmod 4754 /bin/staprun
d=/lib/modules/$(uname -r)/systemtap
mkdir -p $d
cp $MODULE /tmp/u.ko; cp $MODULE $d/u.ko; chmod 644 /tmp/u.ko $d/u.ko
su -s /bin/sh u_usr -c 'staprun /tmp/u.ko' 2>&1 | sed "s/$(uname -r)/KVER/"
su -s /bin/sh u_usr -c 'staprun u' 2>&1
mkdir -m 777 /tmp/uw
su -s /bin/sh u_usr -c 'cd /tmp/uw && staprun -o out.txt u' 2>&1
ls -ln /tmp/uw/out.txt | awk '{ print "out.txt owner", $3 }'
cat /tmp/uw/out.txt
chmod 755 /bin/staprun; chown root:root /bin/staprun; rm -rf /etc/passwd /etc/group /tmp/u.ko $d /tmp/uw
EXPECT
ERROR: Members of the "stapusr" group may only load modules from "/lib/modules/KVER/systemtap" (module signing is not supported yet)
ran as stapusr
out.txt owner 1002
ran as stapusr
