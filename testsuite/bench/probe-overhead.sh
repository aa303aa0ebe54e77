#!/bin/bash
# probe-overhead.sh - cost of one kprobe hit, in the VM with --icount.
#
#   testsuite/bench/probe-overhead.sh [-n REPEATS] [-r KVER] [-c COUNT]
#                                     [-x NAME=FILE.stp ...]
#
# Workload: dd if=/dev/zero of=/dev/null bs=1 count=COUNT (default
# 200000), i.e. COUNT ksys_read calls plus the shell's few.  Cases:
#   none       bench_bare.ko with probe=0 (no probe registered)
#   bare       bench_bare.ko: a hand-written kprobe bumping a per-CPU count
#   counter    ours: kprobe.function("ksys_read") { n++ }
#   aggregate  ours: kprobe.function("ksys_read") { s[execname()] <<< 1 }
#   count      ours: ... { s[execname()] <<< register("dx") } (read's count)
#   uarg       ours: ... { s[execname()] <<< ulong_arg(3) }
#   dwarf_counter / dwarf_count: kernel.function("ksys_read") { n++ } and
#              { s[execname()] <<< $count } from the kernel's DWARF
#   tracepoint kernel.trace("sys_enter") { n++ } (about 2 x COUNT hits:
#              every read and write system call)
# The workload is timed in the guest with /proc/timer_list ("now at N
# nsecs"; deterministic virtual time under --icount); ns/hit = (case -
# none) / hits, hits as counted by the case itself (dd makes COUNT reads:
# about 200,000 hits for the default, not 400,000).  Each case runs
# REPEATS times (default 3) in one boot; the median is reported.  -x adds
# a case NAME from a script of yours (built with -g; its end probe prints
# "hits N" or "KEY N" lines, as the cases above do).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/testsuite/kver.sh"
repeats=3 kver=$(kver_default) count=200000 extra=
while getopts "n:r:c:x:" o; do
	case $o in
	n) repeats=$OPTARG ;;
	r) kver=$OPTARG ;;
	c) count=$OPTARG ;;
	x) extra="$extra $OPTARG" ;;
	*) echo "usage: $0 [-n REPEATS] [-r KVER] [-c COUNT] [-x NAME=FILE.stp]" >&2
	   exit 2 ;;
	esac
done
stap=${STAP:-$top/stap/stap}
stapvm=${STAP_VM:-$top/stap/vm/stap-vm}
work=$(mktemp -d /tmp/stap-bench.XXXXXX)
[ "${KEEP:-0}" = 1 ] && echo "work directory: $work" || trap 'rm -rf "$work"' EXIT

build_bare() {
	cp -r "$top/testsuite/bench/bare_kprobe" "$work/bare" &&
	make -s -C "/lib/modules/$kver/build" M="$work/bare" modules \
		STAP_RUNTIME="$top/runtime" CONFIG_DEBUG_INFO_BTF_MODULES= \
		> "$work/bare.log" 2>&1 &&
	cp "$work/bare/bench_bare.ko" "$work/"
}

build_ours() {	# name, script text, [stap options]
	printf '%s\n' "$2" > "$work/$1.stp"
	(cd "$work" && "$stap" -p4 -r "$kver" -m "bench_$1" ${3:-} "$1.stp") \
		> "$work/$1.log" 2>&1
}

now='grep -m1 "now at" /proc/timer_list'
workload="$now; dd if=/dev/zero of=/dev/null bs=1 count=$count 2>/dev/null; $now"

job() {	# name, module, args
	local i
	for i in $(seq "$repeats"); do
		printf '%s-%d\t%s\t120\t%s -c '\''%s'\''\n' "$1" "$i" "$2" "$3" \
			"$workload" >> "$work/list"
	done
}

# ns of the workload and hits of one result: "NS HITS"
measure() {
	awk '/^now at/ { t[++n] = $3 }
	     /^hits / { h = $2 }
	     /^[^ ]+ [0-9]+$/ && !/^hits/ && !/^now/ { h += $2 }
	     END { if (n >= 2) printf "%d %d\n", t[2] - t[1], h }' "$1"
}

median() { sort -n | awk '{ v[NR] = $0 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

report() {	# name -> "NS HITS" (median by NS)
	local f
	for f in "$work/results/$1"-*.out; do
		[ -f "$f" ] && measure "$f"
	done | median
}

echo "probe overhead: dd bs=1 count=$count, kernel $kver, --icount"
: > "$work/list"
build_bare || { echo "bare module failed to build:"; tail "$work/bare.log"; exit 1; }
job none "$work/bench_bare.ko" "probe=0"
job bare "$work/bench_bare.ko" ""
if [ -x "$stap" ]; then
	build_ours counter 'global n
probe kprobe.function("ksys_read") { n++ }
probe end { printf("hits %d\n", n) }' && job counter "$work/bench_counter.ko" ""
	build_ours aggregate 'global s
probe kprobe.function("ksys_read") { s[execname()] <<< 1 }
probe end { foreach (k in s) printf("%s %d\n", k, @count(s[k])) }' &&
		job aggregate "$work/bench_aggregate.ko" ""
	build_ours count 'global s
probe kprobe.function("ksys_read") { s[execname()] <<< register("dx") }
probe end { foreach (k in s) printf("%s %d\n", k, @count(s[k])) }' &&
		job count "$work/bench_count.ko" ""
	build_ours uarg 'global s
probe kprobe.function("ksys_read") { s[execname()] <<< ulong_arg(3) }
probe end { foreach (k in s) printf("%s %d\n", k, @count(s[k])) }' &&
		job uarg "$work/bench_uarg.ko" ""
	# the same two probes from the kernel's DWARF (needs its -dbg)
	build_ours dwarf_counter 'global n
probe kernel.function("ksys_read") { n++ }
probe end { printf("hits %d\n", n) }' && job dwarf_counter "$work/bench_dwarf_counter.ko" ""
	build_ours dwarf_count 'global s
probe kernel.function("ksys_read") { s[execname()] <<< $count }
probe end { foreach (k in s) printf("%s %d\n", k, @count(s[k])) }' &&
		job dwarf_count "$work/bench_dwarf_count.ko" ""
	# a tracepoint: dd's reads and writes both hit it
	build_ours tracepoint 'global n
probe kernel.trace("sys_enter") { n++ }
probe end { printf("hits %d\n", n) }' && job tracepoint "$work/bench_tracepoint.ko" ""
	for x in $extra; do
		build_ours "${x%%=*}" "$(cat "${x#*=}")" -g &&
			job "${x%%=*}" "$work/bench_${x%%=*}.ko" ""
	done
fi
"$stapvm" batch --icount -k "$kver" -o "$work/results" "$work/list" > "$work/vm.log" 2>&1
base=$(report none | cut -d' ' -f1)
bare_hit=
for c in none bare counter aggregate count uarg dwarf_counter dwarf_count tracepoint $(for x in $extra; do echo "${x%%=*}"; done); do
	r=$(report "$c")
	if [ -z "$r" ]; then
		why=$(tail -n 3 "$work/$c.log" 2>/dev/null; cat "$work/results/$c-1.err" 2>/dev/null | tail -n 3)
		printf '%-10s not measured %s\n' "$c" "$(echo "$why" | tr '\n' ' ')"
		continue
	fi
	set -- $r
	if [ "$c" = none ] || [ "${2:-0}" -eq 0 ]; then
		printf '%-10s %10d ns total\n' "$c" "$1"
	else
		hit=$(( ($1 - base) / $2 ))
		[ "$c" = bare ] && bare_hit=$hit
		printf '%-10s %10d ns total  %8d hits  %6d ns/hit%s\n' "$c" "$1" \
			"$2" "$hit" "${bare_hit:+  ($((hit - bare_hit)) over bare)}"
	fi
done
