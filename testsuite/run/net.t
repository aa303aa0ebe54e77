# Network tapsets in the guest: netdev.* aliases (DWARF on net/core), the
# seeds that use them (nettop, net, nethist), traffic on lo from ping.
# The guest's only interface with traffic is lo (ping 127.0.0.1), so the
# rows name lo; a packet is at least 84 bytes (IP + ICMP of ping -c).
NAME netdev_transmit_ping
SCRIPT
global n, len
probe netdev.transmit { if (dev_name == "lo") { n++; len <<< length } }
probe end { printf("lo packets %s, min %d, truesize ok\n", n >= 2 ? "yes" : "no", @min(len)) }
WORKLOAD
ping -c 2 -W 1 127.0.0.1 >/dev/null 2>&1; true
TIMEOUT 60
EXPECT_RE
lo packets yes, min (84|98), truesize ok

NAME netdev_receive_ping
SCRIPT
global n
probe netdev.receive { if (dev_name == "lo" && protocol == htons(0x0800)) n++ }
probe end { printf("lo ipv4 received %s\n", n >= 2 ? "yes" : "no") }
WORKLOAD
ping -c 2 -W 1 127.0.0.1 >/dev/null 2>&1; true
TIMEOUT 60
EXPECT
lo ipv4 received yes

NAME netdev_hard_transmit_ping
SCRIPT
global n
probe netdev.hard_transmit { if (dev_name == "lo" && truesize >= length) n++ }
probe end { printf("hard %s\n", n >= 2 ? "yes" : "no") }
WORKLOAD
ping -c 2 -W 1 127.0.0.1 >/dev/null 2>&1; true
TIMEOUT 60
EXPECT
hard yes

NAME example_nettop
SCRIPT_FILE examples/nettop.stp
WORKLOAD
ping -c 3 -W 1 127.0.0.1 >/dev/null 2>&1; true
TIMEOUT 60
EXPECT_SHAPE
+   PID   UID DEV     XMIT_PK RECV_PK XMIT_KB RECV_KB COMMAND *
+  *[0-9]+ +0 lo +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ ping *
 *[0-9]+ +[0-9]+ [a-z0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ .*
 *

NAME example_net
SCRIPT_FILE examples/net.stp
WORKLOAD
ping -c 3 -W 1 127.0.0.1 >/dev/null 2>&1; true
TIMEOUT 60
EXPECT_SHAPE
+Starting network capture \(Ctl-C to end\)
+End Capture
+Iface Process\.\.\.\.\.\.\.\. PID\.\. RcvPktCnt XmtPktCnt
+  +lo .+ [0-9]+ +[0-9]+ +[0-9]+
 *[a-z0-9]+ .+ [0-9]+ +[0-9]+ +[0-9]+
 *

NAME example_nethist
SCRIPT_FILE examples/nethist.stp
WORKLOAD
ping -c 3 -W 1 127.0.0.1 >/dev/null 2>&1; true
TIMEOUT 60
EXPECT_SHAPE
+Capturing\.\.\.
+value \|-+ count
+  +(64|128) \|@+ +[0-9]+
 +[0-9]+ \|@* +[0-9]+
~
 *
