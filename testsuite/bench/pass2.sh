#!/bin/bash
# pass2.sh - pass-2 benchmark: `stap -p2` wall time and peak RSS, ours
# against SystemTap 4.8 (the reference, /usr/bin/stap) when installed.
#
#   testsuite/bench/pass2.sh [-n RUNS] [-r KVER] [SCRIPT.stp]
#
# The default script uses begin, end and timer probes and several tapset
# functions, the common case the target (<= 30 ms, < 30 MB) is about.
# Figures: the mean wall time of RUNS back-to-back runs (default 10) in
# ms, and the peak RSS of one run (from /usr/bin/time -v) in MB.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/testsuite/kver.sh"
runs=10 kver=$(kver_default)
while getopts "n:r:" o; do
	case $o in
	n) runs=$OPTARG ;;
	r) kver=$OPTARG ;;
	*) echo "usage: $0 [-n RUNS] [-r KVER] [SCRIPT.stp]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
script=${1:-$tmp/bench.stp}
if [ $# -eq 0 ]; then
	cat >"$script" <<'STP'
global count, names
probe begin { printf("start %d %s\n", pid(), execname()) }
probe timer.ms(100) {
	count++
	names[execname(), cpu()] <<< gettimeofday_us()
	if (count > 10) exit()
}
probe end {
	foreach ([n, c] in names)
		printf("%s %d %d\n", n, c, @count(names[n, c]))
	println(strlen(sprintf("%d", count)))
}
STP
fi

# measure NAME CMD...: mean wall ms over $runs back-to-back runs, and the
# peak RSS of one more run under /usr/bin/time -v.
measure() {
	name=$1
	shift
	if ! "$@" >/dev/null 2>"$tmp/err"; then
		echo "$name: failed: $(head -3 "$tmp/err")"
		return
	fi
	t0=$(date +%s%N)
	for _ in $(seq "$runs"); do
		"$@" >/dev/null 2>&1
	done
	t1=$(date +%s%N)
	/usr/bin/time -v "$@" >/dev/null 2>"$tmp/time"
	rss=$(awk -F': ' '/Maximum resident/ { print $2 }' "$tmp/time")
	printf "%-10s mean %8.1f ms   peak RSS %6.1f MB   (%d runs)\n" \
		"$name" "$(echo "($t1 - $t0) / 1000000 / $runs" | bc -l)" \
		"$(echo "$rss / 1024" | bc -l)" "$runs"
}

measure ours "$top/stap/stap" -p2 "$script"
if [ -x /usr/bin/stap ]; then
	measure reference /usr/bin/stap -r "$kver" -p2 "$script"
else
	echo "reference: /usr/bin/stap not installed"
fi
