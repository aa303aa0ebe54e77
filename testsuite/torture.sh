#!/bin/bash
# torture.sh - run the torture suite (testsuite/run/torture.t) on every
# installed cloud kernel (or -r KVER) and print the figures the issue asks
# for, per kernel:
#   torture KVER: cases N, survived N, oopses N, leaked N, hangs N
# survived: the guest lived through the case (rc other than 125); oopses:
# the kernel logged Oops/BUG/WARNING/...; leaked: the guest agent found the
# module still loaded; hangs: the case timed out or survived SIGKILL.
# The run-vm-tests "N passed, N failed" lines are printed as well.
#
#   testsuite/torture.sh [-r KVER] [--soak SECONDS]
# --soak: only the hot-probe cases (hot_*), each running SECONDS (make
# soak: 600) with the workload repeated until then; not part of CI.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/testsuite/kver.sh"
kernels= soak=0
while [ $# -gt 0 ]; do
	case $1 in
	-r) kernels=$2; shift 2 ;;
	--soak) soak=$2; shift 2 ;;
	*) echo "usage: $0 [-r KVER] [--soak SECONDS]" >&2; exit 2 ;;
	esac
done
kernels=${kernels:-$(kver_all)}
tmp=$(mktemp -d /tmp/stap-torture.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
tfile=$top/testsuite/run/torture.t

# The hot_* cases with their exit timer at SECONDS and the workload
# looping until then.
soak_file() {
	awk -v secs="$1" '
	/^NAME / { keep = ($2 ~ /^hot_/); inwl = 0 }
	!keep { next }
	/^WORKLOAD/ { print; inwl = 1
		print "end=$(($(date +%s) + " secs ")); while [ $(date +%s) -lt $end ]; do dd if=/dev/zero of=/dev/null bs=1 count=200 2>/dev/null; ls -R /sys/kernel > /dev/null 2>&1; sleep 0.01; done"
		next }
	inwl && /^[A-Z_]+( |$)/ { inwl = 0 }
	inwl { next }
	/^NAME / { print; print "TIMEOUT " secs + 120; next }
	{ gsub(/timer\.s\(3\)/, "timer.s(" secs ")"); print }' "$tfile"
}

if [ "$soak" -gt 0 ]; then
	soak_file "$soak" > "$tmp/soak.t"
	tfile=$tmp/soak.t
fi
[ -n "$kernels" ] || { echo "torture: no installed cloud kernel"; echo "0 passed, 1 failed"; exit 1; }
rc=0
for k in $kernels; do
	KEEP=1 "$top/testsuite/run-vm-tests.sh" -r "$k" "$tfile" > "$tmp/log" 2>&1 || rc=1
	cat "$tmp/log"
	work=$(sed -n 's/^work directory: //p' "$tmp/log")
	[ -d "$work/results" ] || { echo "torture $k: no results"; rc=1; continue; }
	cases=$(wc -l < "$work/order")
	survived=0 oops=0 leaked=0 hangs=0
	while read -r name; do
		r=$work/results/$name
		[ -f "$r.rc" ] && [ "$(cat "$r.rc")" != 125 ] && survived=$((survived + 1))
		[ -f "$r.note" ] || continue
		grep -q 'kernel reported a problem' "$r.note" && oops=$((oops + 1))
		grep -q 'left loaded' "$r.note" && leaked=$((leaked + 1))
		grep -qE 'timed out|abandoned|wedged' "$r.note" && hangs=$((hangs + 1))
	done < "$work/order"
	echo "torture $k: cases $cases, survived $survived, oopses $oops, leaked $leaked, hangs $hangs"
	rm -rf "$work"
done
exit $rc
