# The scheduler.*, kprocess.* and signal.* tapsets in the guest: each
# alias fires for a workload that must trigger it, with sane variables.
NAME sched_ctxswitch_sleep
SCRIPT
global seen, names
probe scheduler.ctxswitch {
	if (next_task_name == "sleep" && next_pid > 0 && next_tid == next_pid &&
	    next_priority >= 100 && next_priority < 140)
		seen = 1
	names[name] = 1
}
probe end { foreach (n in names) println(n); println(seen ? "sleep in" : "not seen") }
WORKLOAD
sleep 0.3
EXPECT
ctxswitch
sleep in

NAME sched_fork_exit_kprocess
SCRIPT
global fork, create, exits, rel, start
probe scheduler.process_fork { if (parent_pid == target()) fork++ }
probe kprocess.create { if (pid() == target() && new_pid == new_tid) create++ }
probe kprocess.start { if (ppid() == target()) start++ }
probe kprocess.exit { if (execname() == "true" && code == 0) exits++ }
probe kprocess.release { if (released_pid == released_tid && pid == released_pid) rel++ }
probe end {
	println(fork > 0 ? "fork" : "no fork", " ", create > 0 ? "create" : "no create",
		" ", start > 0 ? "start" : "no start")
	println(exits > 0 ? "exit" : "no exit", " ", rel > 0 ? "release" : "no release")
}
WORKLOAD
/bin/true; /bin/true; sleep 0.1
EXPECT
fork create start
exit release

NAME sched_process_exit_free_wakeup_tick
SCRIPT
global ex, fr, wk, tk, wn
probe scheduler.process_exit { if (pid == tid() && priority > 0) ex++ }
probe scheduler.process_free { fr++ }
probe scheduler.wakeup { if (task_tid > 0 && task_cpu >= 0) wk++ }
probe scheduler.wakeup_new { if (task_pid > 0) wn++ }
probe scheduler.tick { tk++ }
probe end { println(ex > 0, fr > 0, wk > 0, wn > 0, tk > 0) }
WORKLOAD
/bin/true; sleep 0.3; /bin/true
EXPECT
11111

NAME signal_send_usr1
SCRIPT
global done
probe signal.send {
	if (sig_name == "SIGUSR1" && pid_name == "sleep" && !done++)
		printf("%s %s %s %d\n", name, sig_name, si_code, sig == 10)
}
probe scheduler.signal_send {
	if (signal_number == 10 && done == 1 && pid > 0) { println(name); done++ }
}
WORKLOAD
sleep 2 & p=$!; sleep 0.2; kill -USR1 $p; wait
EXPECT
send_signal SIGUSR1 SI_USER 1
signal_send

NAME kprocess_exec
SCRIPT
global done, ok
probe kprocess.exec {
	if (filename == "\"/bin/echo\"" && !done++)
		printf("%s %s | %s | %s\n", name, filename, args, argstr)
}
probe kprocess.exec_complete { if (execname() == "echo" && success && errno == 0) ok = retstr }
probe end { println(ok) }
WORKLOAD
/bin/echo a "b c" > /dev/null
EXPECT
execve "/bin/echo" | "/bin/echo" "a" "b c" | "/bin/echo" "a" "b c"
0

NAME signal_syskill
SCRIPT
global done
probe signal.syskill {
	if (sig_name == "SIGUSR1" && pid_name == "sleep" && !done++)
		printf("%s %s %d\n", name, sig_name, task != 0)
}
probe signal.syskill.return { if (done == 1 && retval == 0) { println(retstr); done++ } }
WORKLOAD
sleep 2 & p=$!; sleep 0.2; kill -USR1 $p; wait
EXPECT
kill SIGUSR1 1
0
