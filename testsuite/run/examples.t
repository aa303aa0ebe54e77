# The seed examples that run with today's probe families (examples/README.md
# lists what the others need: kernel.trace and the syscall.* tapsets);
# nettop, net and nethist run in net.t, readtest in vfs.t.  The DWARF
# ones put kernel.function probes on every function
# of a file (socket-trace / thread_indent: net/socket.c, 142 functions
# with .call and .return; functioncallcount: mm/*.c, thousands of
# functions); socket traffic comes from the guest's ping and nc, packet
# drops for dropwatch (kernel.trace("kfree_skb")) from TCP SYNs to a closed
# port (busybox nc has no -u).
NAME example_hello
SCRIPT_FILE examples/hello.stp
EXPECT
hello world

NAME example_timer_exit
SCRIPT_FILE examples/timer_exit.stp
EXPECT_RC 0
EXPECT

NAME example_socket_trace
SCRIPT_FILE examples/socket-trace.stp
WORKLOAD
ping -c 2 -W 1 127.0.0.1 >/dev/null 2>&1; echo hi | nc -w 1 127.0.0.1 9 >/dev/null 2>&1; true
TIMEOUT 120
EXPECT_SHAPE
+ [ ]*[0-9]+ ping\([0-9]+\): *-> __sys_socket
+ [ ]*[0-9]+ ping\([0-9]+\): *<- __sys_socket
 *[0-9]+ [^ ]+\([0-9]+\): *(->|<-) [a-z_0-9]+

NAME example_thread_indent
SCRIPT_FILE examples/thread_indent.stp
WORKLOAD
ping -c 1 -W 1 127.0.0.1 >/dev/null 2>&1; true
TIMEOUT 120
EXPECT_SHAPE
+ [ ]*0 ping\([0-9]+\): -> [a-z_0-9]+
+ [ ]*[0-9]+ ping\([0-9]+\):  +-> [a-z_0-9]+
 *[0-9]+ [^ ]+\([0-9]+\): *(->|<-) [a-z_0-9]+

NAME example_functioncallcount
SCRIPT_FILE examples/functioncallcount.stp
SCRIPT_ARGS '*@mm/*.c'
STAP_OPTS -w
WORKLOAD
/bin/true
TIMEOUT 480
EXPECT_SHAPE
+ [a-z_]*alloc_pages[a-z_]* [0-9]+
+ [a-z_0-9]*vma[a-z_0-9]* [0-9]+
[A-Za-z_0-9.]+ [0-9]+

NAME example_tcp_connections
SCRIPT_FILE examples/tcp_connections.stp
WORKLOAD
(nc -l -p 7777 >/dev/null 2>&1 &) ; sleep 1; echo hello | nc -w 1 127.0.0.1 7777 >/dev/null 2>&1; sleep 1; true
TIMEOUT 60
EXPECT_SHAPE
+    UID              CMD    PID   PORT        IP_SOURCE
+ [ ]+0 +nc +[0-9]+ +7777 +(::ffff:)?127\.0\.0\.1

NAME example_dropwatch
SCRIPT_FILE examples/dropwatch.stp
WORKLOAD
for i in 1 2 3; do echo hi | nc -w 1 127.0.0.1 9 >/dev/null 2>&1; done; sleep 6; true
TIMEOUT 60
EXPECT_SHAPE
+ Monitoring for dropped packets
+ [0-9]+ packets dropped at location 0x[0-9a-f]+
+ Stopping dropped packet monitor
[ ]*

