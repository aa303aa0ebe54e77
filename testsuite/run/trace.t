# kernel.trace: tracepoints registered through the kernel's tracepoint API,
# arguments by their TP_PROTO names, $$name / $$system / $$vars.
# trace_many arms many systems at once (kernel.trace("*") arms all
# 2,500-2,900 of the kernel's and modules' tracepoints too, but takes
# minutes to compile).
NAME trace_exec_count
SCRIPT
global n
probe kernel.trace("sched_process_exec") { if (execname() == "true") n++ }
probe end { println(n >= 3 ? "execs seen" : "missing execs") }
WORKLOAD
/bin/true; /bin/true; /bin/true; /bin/true
EXPECT
execs seen

NAME trace_names_args
SCRIPT
global done
probe kernel.trace("sched:sched_process_exec") {
	if (execname() == "true" && !done++) {
		println($$name, " ", $$system, " ", pp())
		println(kernel_string($bprm->filename))
		println($p->pid == pid() ? "pid ok" : "pid bad")
		println($old_pid == pid() ? "old_pid ok" : "old_pid bad")
	}
}
WORKLOAD
/bin/true; /bin/true
EXPECT
sched_process_exec sched kernel.trace("sched:sched_process_exec")
/bin/true
pid ok
old_pid ok

NAME trace_vars
SCRIPT
global done
probe kernel.trace("sched_process_exec") {
	if (execname() == "true" && !done++) {
		println($$vars)
		println($$parms == $$vars ? "same" : "differ")
	}
}
WORKLOAD
/bin/true
EXPECT_RE
p=0x[0-9a-f]+ old_pid=0x[0-9a-f]+ bprm=0x[0-9a-f]+
same

NAME trace_wildcard_sched_switch
SCRIPT
global n
probe kernel.trace("sched:sched_sw*") {
	if (@defined($prev) && $$name == "sched_switch" && @defined($next))
		n[$$name]++
}
probe end { foreach (k in n) println(k, n[k] > 0 ? " switches" : " none") }
WORKLOAD
sleep 0.2; /bin/true; sleep 0.2
EXPECT
sched_switch switches

NAME trace_switch_members
SCRIPT
global seen
probe kernel.trace("sched_switch") {
	if (kernel_string($next->comm) == "sleep" && $next->pid == $next->tgid)
		seen = 1
}
probe end { println(seen ? "sleep switched in" : "not seen") }
WORKLOAD
sleep 0.3
EXPECT
sleep switched in

NAME trace_many
SCRIPT
global n
probe kernel.trace("sched:*"), kernel.trace("irq*:*"), kernel.trace("timer:*"),
      kernel.trace("raw_syscalls:*"), kernel.trace("kmem:*"),
      kernel.trace("skb:*"), kernel.trace("net:*"), kernel.trace("block:*"),
      kernel.trace("workqueue:*"), kernel.trace("signal:*") { n++ }
probe timer.s(2) { println(n > 1000 ? "many hits" : "few") exit() }
TIMEOUT 120
EXPECT
many hits

NAME trace_pte_by_value
SCRIPT
probe kernel.trace("xen_mmu_set_pte")? { println($pteval->pte) }
probe begin { println("armed") exit() }
EXPECT
armed

NAME trace_module_not_loaded
SCRIPT
probe kernel.trace("btrfs:btrfs_sync_file") { println($datasync) }
probe begin { println("armed") exit() }
EXPECT
armed

NAME trace_unregister_without_register
# Bug trace_unregister_without_register: exit() in a begin probe ends the
# session before the families register; the tracepoint family's
# unregister then walked a table pointer never set (a NULL dereference in
# the guest kernel).
SCRIPT
probe begin { println("begin"); exit() }
probe kernel.trace("sched_process_exec") { println("exec") }
EXPECT
begin
