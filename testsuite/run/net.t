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

NAME tcp_send_recv_receive
SCRIPT
global sent, rcvd, nsyn, addr
probe tcp.sendmsg { if (execname() == "nc" && family == 2) sent += size }
probe tcp.recvmsg.return { if (execname() == "nc" && size > 0) { rcvd += size; addr = sprintf("%s:%d", saddr, sport) } }
probe tcp.receive { if (syn && !ack && dport == 7778 && daddr == "127.0.0.1") nsyn++ }
probe end { printf("sent %d rcvd %d at %s syn %s\n", sent, rcvd, addr, nsyn ? "yes" : "no") }
WORKLOAD
(nc -l -p 7778 >/dev/null 2>&1 &) ; sleep 1; echo hello | nc -w 1 127.0.0.1 7778 >/dev/null 2>&1; sleep 1; true
TIMEOUT 60
EXPECT_RE
sent 6 rcvd 6 at (::ffff:)?127\.0\.0\.1:7778 syn yes

NAME udp_sendmsg_traceroute
SCRIPT
global n, what, ok
probe udp.sendmsg { if (execname() == "traceroute") { n++; what = sprintf("to %s, port>=33434: %d", daddr, dport >= 33434) } }
probe udp.sendmsg.return { if (execname() == "traceroute" && size > 0) ok++ }
probe end { printf("sent %s: %s, %s\n", n > 0 ? "yes" : "no", what, ok == n ? "all ok" : "errors") }
WORKLOAD
traceroute -n -m 1 -q 1 -w 1 127.0.0.1 >/dev/null 2>&1; true
TIMEOUT 60
EXPECT
sent yes: to 127.0.0.1, port>=33434: 1, all ok

NAME socket_create_send
SCRIPT
global created, sent
probe socket.create { if (execname() == "nc" && !requester && family == 2) created = sprintf("%s %s %s", sock_fam_num2str(family), sock_type_num2str(type), sock_prot_num2str(protocol)) }
probe socket.send { if (execname() == "nc" && success && size > 0 && family == 2) sent = sprintf("%s %d %s", name, size, sock_state_num2str(state)) }
probe end { println(created); println(sent) }
WORKLOAD
(nc -l -p 7779 >/dev/null 2>&1 &) ; sleep 1; echo hello | nc -w 1 127.0.0.1 7779 >/dev/null 2>&1; sleep 1; true
TIMEOUT 60
EXPECT_RE
INET STREAM (IP|TCP)
socket\.(sendmsg|write_iter) 6 CONNECTED

NAME socket_converters
SCRIPT
probe begin {
	printf("%s %s %s %s %s\n", sock_fam_num2str(10), sock_prot_num2str(17), sock_state_num2str(1), sock_type_num2str(2), sock_fam_num2str(999))
	printf("%d %d %d %d %d\n", sock_fam_str2num("INET6"), sock_prot_str2num("TCP"), sock_state_str2num("CONNECTED"), sock_type_str2num("RAW"), sock_prot_str2num("nope"))
	printf("%s|%s|%s\n", msg_flags_num2str(0x42), msg_flags_num2str(0), msg_flags_num2str(0x400000))
	printf("%s %s %s\n", tcp_sockstate_str(10), tcp_sockstate_str(0), tcp_sockopt_str(13))
	exit()
}
EXPECT
INET6 UDP UNCONNECTED DGRAM UNDEF
10 6 3 3 -1
MSG_PEEK|MSG_DONTWAIT||0x400000
TCP_LISTEN UNDEF TCP_CONGESTION

NAME socket_receive_close
SCRIPT
global rcvd, closed
probe socket.receive { if (execname() == "nc" && success && size > 0) rcvd = sprintf("%s %d %s", name, size, sock_type_num2str(type)) }
probe socket.close { if (execname() == "nc" && (family == 2 || family == 10)) closed++ }
probe end { println(rcvd); printf("closed %s\n", closed >= 2 ? "yes" : "no") }
WORKLOAD
(nc -l -p 7780 >/dev/null 2>&1 &) ; sleep 1; echo hello | nc -w 1 127.0.0.1 7780 >/dev/null 2>&1; sleep 1; true
TIMEOUT 60
EXPECT_RE
socket\.(recvmsg|read_iter) 6 STREAM
closed yes
