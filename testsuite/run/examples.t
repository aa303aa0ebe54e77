# The seed examples that run with today's probe families (examples/README.md
# lists what the others need: DWARF kernel.function, kernel.trace, the
# syscall.* and netdev.* tapsets).
NAME example_hello
SCRIPT_FILE examples/hello.stp
EXPECT
hello world

NAME example_timer_exit
SCRIPT_FILE examples/timer_exit.stp
EXPECT_RC 0
EXPECT
