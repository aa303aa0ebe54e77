#!/bin/bash
# pass4.sh - pass-4 benchmark: cold and cached `stap -p4`, ours against
# SystemTap 4.8 (the reference, /usr/bin/stap), reported as figures.
#
#   testsuite/bench/pass4.sh [-n RUNS] [-r KVER] [SCRIPT.stp]
#
# Cold = a module never built before (the script gets a fresh string
# literal each run, so the module cache misses; the kernel feature probes
# are warmed first, as they are once per kernel; the caches live in
# /tmp/stap-bench-home).  Cached = the same
# script again.  Each figure is the median wall time of RUNS runs
# (default 3), end to end (all passes up to 4), as WALL/CPU milliseconds
# (CPU = user + system of stap and its children: steadier on a busy box).
# OURS_OPTS adds options to our stap (e.g. "-m bench_nettop").
#
# The reference runtime fails to build on 6.1.0-56 (task_work_cancel was
# renamed task_work_cancel_func by a stable backport), so it runs with a
# copy patched by sed at the two lines the compiler names, and with a
# build-tree overlay holding a real System.map (made with nm from the
# debug vmlinux) because Debian ships a placeholder.  Black-box use only.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/testsuite/kver.sh"
runs=3 kver=$(kver_default)
while getopts "n:r:" o; do
	case $o in
	n) runs=$OPTARG ;;
	r) kver=$OPTARG ;;
	*) echo "usage: $0 [-n RUNS] [-r KVER] [SCRIPT.stp]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
script=${1:-$top/testsuite/bench/nettop-like.stp}
ours=${STAP:-$top/stap/stap}
ref=${REF_STAP:-/usr/bin/stap}
work=$(mktemp -d /tmp/stap-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
kdir=/lib/modules/$kver/build

# ---- reference setup (cached in /tmp between runs) ----

ref_runtime=/tmp/runtime-patched
ref_kdir=/tmp/kbuild-ref-$kver

setup_ref() {
	if [ ! -d "$ref_runtime" ]; then
		cp -r /usr/share/systemtap/runtime "$ref_runtime" || return 1
		sed -i '13s|(\* (task_work_cancel_fn)kallsyms_task_work_cancel)|(* (struct callback_head *(*)(struct task_struct *, task_work_func_t))kallsyms_task_work_cancel)|' \
			"$ref_runtime/stp_task_work.c"
		sed -i 's/"task_work_cancel"/"task_work_cancel_func"/' \
			"$ref_runtime/stp_task_work.c"
	fi
	if [ ! -d "$ref_kdir" ]; then
		local vmlinux=/usr/lib/debug/boot/vmlinux-$kver f
		mkdir -p "$ref_kdir"
		for f in "$kdir"/* "$kdir"/.config "$kdir"/.kernelvariables; do
			ln -sf "$f" "$ref_kdir/"
		done
		if [ -r "$vmlinux" ]; then
			nm -n "$vmlinux" > "$ref_kdir/System.map"
		else
			ln -sf "/boot/System.map-$kver" "$ref_kdir/System.map"
		fi
	fi
}

# ---- timing ----

# time one command (output to $work/last.log): "WALL_MS/CPU_MS", or FAIL
time_cmd() {
	if /usr/bin/time -o "$work/time" -f '%e %U %S' "$@" > "$work/last.log" 2>&1; then
		awk '{ printf "%d/%d\n", $1 * 1000, ($2 + $3) * 1000 }' "$work/time"
	else
		echo FAIL
	fi
}

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (v[1] == "FAIL") print "FAIL"; else print v[int((NR + 1) / 2)] }'; }

# A copy of the script with a fresh literal (a cache miss for any stap).
fresh_script() {	# tag
	{ cat "$script"; printf 'probe end { println("%s") }\n' "$1"; } > "$work/$1.stp"
	echo "$work/$1.stp"
}

# bench NAME CMD...: warm, then RUNS cold and RUNS cached; one result line
bench() {
	local name=$1 cold="" cached="" i s
	shift
	time_cmd "$@" -p4 "$(fresh_script "warm-$name-$$")" > /dev/null
	for i in $(seq "$runs"); do
		s=$(fresh_script "cold-$name-$$-$i")
		cold="$cold $(time_cmd "$@" -p4 "$s")"
		[ "${cold##* }" = FAIL ] && { sed 's/^/    /' "$work/last.log" | tail -n 15; break; }
		cached="$cached $(time_cmd "$@" -p4 "$s")"
	done
	printf '%-10s cold %11s ms   cached %9s ms   (runs:%s |%s)\n' "$name" \
		"$(echo "$cold" | median)" "$(echo "$cached" | median)" "$cold" "$cached"
}

cd "$work" || exit 1	# -m copies NAME.ko here
echo "pass-4 benchmark: $(basename "$script"), kernel $kver, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -x "$ours" ]; then
	HOME=/tmp/stap-bench-home/ours bench ours "$ours" -r "$kver" ${OURS_OPTS:-}
else
	echo "ours         (no $ours: make first)"
fi
if [ -x "$ref" ] && setup_ref; then
	HOME=/tmp/stap-bench-home/ref bench systemtap "$ref" -r "$ref_kdir" -R "$ref_runtime"
else
	echo "systemtap    (reference not available)"
fi
