# faults.t - regression tests for the faults of the reliability issue, one
# NAME per fault (named after it).  Each must end with SystemTap's message
# and status, and leave the guest alive (run-vm-tests fails a test whose
# guest died or whose module stayed loaded).
#
# deep_recursion_maxnesting_300: a raised MAXNESTING overflowed the kernel
# stack (guard page hit, guest dead); recursion is now bounded by the stack
# actually left (MINSTACKSPACE), on the task stack (begin) and on the IRQ
# stack (timer), whatever MAXNESTING says.
NAME deep_recursion_maxnesting_300
STAP_OPTS -DMAXNESTING=300
SCRIPT
global d
function f(n, s) { d = n; return f(n + 1, s . "x") . sprintf("%d", n) }
probe begin { f(1, "a") }
EXPECT_STDERR_RE
^ERROR: (MAXNESTING exceeded|kernel stack below MINSTACKSPACE, check MAXNESTING) near identifier 'f' at SCRIPT:2:
EXPECT_RC 1

NAME deep_recursion_maxnesting_300_irq
STAP_OPTS -DMAXNESTING=300
SCRIPT
global d
function f(n, s) { d = n; return f(n + 1, s . "x") . sprintf("%d", n) }
probe timer.ms(10) { f(1, "a") }
EXPECT_STDERR
ERROR: kernel stack below MINSTACKSPACE, check MAXNESTING near identifier 'f' at SCRIPT:2:34
EXPECT_RC 1

NAME deep_recursion_maxnesting_5000_kprobe
STAP_OPTS -DMAXNESTING=5000
SCRIPT
global d
function f(n) { d = n; return f(n + 1) + n }
probe kprobe.function("ksys_read") { f(1) }
WORKLOAD
dd if=/dev/zero of=/dev/null bs=1 count=10
EXPECT_STDERR
ERROR: kernel stack below MINSTACKSPACE, check MAXNESTING near identifier 'f' at SCRIPT:2:31
EXPECT_RC 1

# kill9_staprun_removes_module: kill -9 of staprun left the module loaded
# (stapio ended on its own and nobody unloaded).  stapio now watches
# staprun (-P) and removes the module; the harness fails a test whose
# module the guest agent had to remove.
NAME kill9_staprun_removes_module
SCRIPT
global n
probe timer.ms(10) { n++ }
probe end { println("end ran") }
WORKLOAD
sleep 1; kill -9 $(pidof staprun); sleep 3
EXPECT_RC 137

NAME kill9_stapio_removes_module
SCRIPT
global n
probe timer.ms(10) { n++ }
probe kprobe.function("ksys_read") { n++ }
WORKLOAD
sleep 1; kill -9 $(pidof stapio); sleep 3
EXPECT_STDERR
stapio was killed by signal 9
EXPECT_RC 1

NAME kill9_staprun_during_begin
SCRIPT
probe begin { printf("begin\n") }
probe timer.ms(10) { }
WORKLOAD
kill -9 $(pidof staprun); sleep 3
EXPECT_RC 137
