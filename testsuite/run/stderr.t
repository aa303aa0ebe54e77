# Run-time error and warning messages on stderr, and the exit status
# (1 after an error, 0 for a clean run).  Scripts are built from a file
# named SCRIPT, so locations read SCRIPT:LINE:COL.  Comment lines inside a
# block belong to the block, so the notes on the tests live here:
#   msg_maxerrors     -DMAXERRORS=2: two errors are tolerated, the third
#                     ends the session and the error probe runs
#   msg_printf_flood  more output than the 1 MiB (-b 1) transport buffers
#                     hold; stapio counts the lost writes
#   msg_global_param  -G var=value: stap hands var=value to staprun, so the
#                     test passes it through ARGS
NAME msg_div0
SCRIPT
probe begin { x = 0; println("before"); println(1 / x) }
probe error { println("error probe") }
EXPECT
before
error probe
EXPECT_STDERR
ERROR: division by 0 near operator '/' at SCRIPT:1:51
WARNING: Number of errors: 1, skipped probes: 0
EXPECT_RC 1

NAME msg_mod0
SCRIPT
probe begin { x = 0; println(5 % x) }
EXPECT_STDERR
ERROR: division by 0 near operator '%' at SCRIPT:1:32
EXPECT_RC 1

NAME msg_maxaction
SCRIPT
global n
probe begin { while (1) n++ }
EXPECT_STDERR_RE
^ERROR: MAXACTION exceeded near (keyword|operator '\+\+') at SCRIPT:2:[0-9]+$
^WARNING: Number of errors: 1, skipped probes: 0$
EXPECT_RC 1

NAME msg_array_overflow
SCRIPT
global a[3]
probe begin { for (i = 0; i < 10; i++) a[i] = i }
EXPECT_STDERR
ERROR: Array overflow, check MAXMAPENTRIES near operator '=' at SCRIPT:2:
EXPECT_RC 1

NAME msg_nesting
SCRIPT
global depth
function f(n) { depth = n; return f(n + 1) }
probe begin { f(1) }
EXPECT_STDERR
ERROR: MAXNESTING exceeded near identifier 'f' at SCRIPT:2:
EXPECT_RC 1

NAME msg_kernel_string
SCRIPT
probe begin { println(kernel_string(0)) }
EXPECT_STDERR
ERROR: kernel string copy fault at 0x0000000000000000 [man error::fault] near identifier 'kernel_string' at SCRIPT:1:23
EXPECT_RC 1

NAME msg_error_fn
SCRIPT
probe begin { error("custom failure") }
EXPECT_STDERR
ERROR: custom failure near identifier 'error' at SCRIPT:1:15
EXPECT_RC 1

NAME msg_empty_aggregate
SCRIPT
global s
probe begin { s <<< 1; delete s; println(@min(s)) }
EXPECT_STDERR
ERROR: empty aggregate near operator '@min' at SCRIPT:2:
EXPECT_RC 1

NAME msg_aggregate_not_found
SCRIPT
global s
probe begin { s["a"] <<< 1; println(@max(s["b"])) }
EXPECT_STDERR
ERROR: aggregate element not found near operator '@max' at SCRIPT:2:
EXPECT_RC 1

NAME msg_maxerrors
STAP_OPTS -DMAXERRORS=2
SCRIPT
global n
probe timer.ms(1) { n++; if (n <= 5) println(n / 0) }
probe error { println("error probe after ", n) }
probe end { println("no end probe") }
EXPECT
error probe after 3
EXPECT_STDERR
ERROR: division by 0 near operator '/' at SCRIPT:2:
ERROR: division by 0 near operator '/' at SCRIPT:2:
ERROR: division by 0 near operator '/' at SCRIPT:2:
WARNING: Number of errors: 3, skipped probes: 0
EXPECT_RC 1

NAME msg_clean_exit
SCRIPT
probe begin { println("ok") exit() }
EXPECT
ok
EXPECT_RC 0

NAME msg_printf_flood
STAP_OPTS -DMAXACTION=2000000
SCRIPT
probe begin { for (i = 0; i < 200000; i++) printf("%d xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", i); exit() }
EXPECT_STDERR_RE
^WARNING: There were [0-9]+ transport failures\.$
EXPECT_RC 0
ARGS -b 1
TIMEOUT 60

NAME msg_global_param
SCRIPT
global n = 1, s = "dflt"
probe begin { println(n, " ", s) exit() }
ARGS n=42 s=given
EXPECT
42 given
