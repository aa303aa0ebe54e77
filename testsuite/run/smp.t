NAME smp_profile_per_cpu
SMP 2
SCRIPT
global per, s
probe timer.profile { per[cpu()] <<< 1; s <<< 1 }
probe timer.ms(500) { exit() }
probe end {
	n = 0; total = 0
	foreach (k in per) { n++; total += @count(per[k]) }
	println(n, " ", total == @count(s) ? "merged" : "mismatch")
}
EXPECT
2 merged

NAME smp_shared_counter
SMP 2
SCRIPT
global c, hits
probe timer.profile { c++; hits[cpu()]++ }
probe timer.ms(500) { exit() }
probe end { t = 0; foreach (k in hits) t += hits[k]; println(t == c ? "consistent" : "lost updates") }
EXPECT
consistent

NAME smp_stat_readers_and_adders
SMP 2
SCRIPT
global s, a, reads
probe timer.profile { s <<< cpu(); a[cpu() % 4] <<< 1 }
probe timer.ms(7) { reads += @count(s) >= 0; foreach (k in a) reads += @count(a[k]) > 0 }
probe timer.ms(800) { exit() }
probe end { println(reads > 0 ? "read" : "no reads", " ", @count(s) > 0 ? "added" : "no adds") }
EXPECT
read added

NAME smp_kprobe_two_readers
SMP 2
SCRIPT
global n, per
probe kprobe.function("ksys_read") { if (execname() == "dd") { n <<< 1; per[pid()]++ } }
probe end { k = 0; foreach (p in per) k++; println(@count(n) >= 40 ? "many" : "few", " ", k) }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=30 2>/dev/null & dd if=/dev/zero of=/dev/null bs=1 count=30 2>/dev/null; wait
EXPECT
many 2

NAME smp_kprobe_counter_exact
SMP 2
SCRIPT
global n, s
probe kprobe.function("ksys_read") { n++; s[execname()] <<< 1 }
probe end {
	t = 0
	foreach (k in s) t += @count(s[k])
	println(n == t ? "exact" : "lost updates", " ", n >= 8000 ? "many" : "few")
}
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=4000 2>/dev/null & dd if=/dev/zero of=/dev/null bs=1 count=4000 2>/dev/null & cat /proc/version > /dev/null; wait
EXPECT
exact many
