#!/bin/bash
# dwarf.sh - DWARF probe benchmark: pass 2 and pass 4 of the seed scripts
# that probe kernel functions from the kernel's debuginfo, ours against
# SystemTap 4.8 (/usr/bin/stap, black box), reported as figures.
#
#   testsuite/bench/dwarf.sh [-n RUNS] [-r KVER]
#
# Cases: socket-trace.stp (net/socket.c, .call and .return: 284 probes)
# and functioncallcount.stp '*@mm/*.c' (2,638 probes).  For each:
#   -p2 ours (index cached), ours cold (a fresh cache: the debuginfo index
#   is built), 4.8; wall ms (median of RUNS) and peak RSS (MB);
#   -p4 cold (a module never built) ours and 4.8, median of RUNS.
# 4.8 runs against a build-tree overlay with the real System.map and the
# debug vmlinux (Debian ships a placeholder map) and, for pass 4, with a
# runtime copy patched as testsuite/bench/pass4.sh describes.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/testsuite/kver.sh"
runs=3 kver=$(kver_default)
while getopts "n:r:" o; do
	case $o in
	n) runs=$OPTARG ;;
	r) kver=$OPTARG ;;
	*) echo "usage: $0 [-n RUNS] [-r KVER]" >&2; exit 2 ;;
	esac
done
ours=${STAP:-$top/stap/stap}
ref=${REF_STAP:-/usr/bin/stap}
work=$(mktemp -d /tmp/stap-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
kdir=/lib/modules/$kver/build
ref_kdir=/tmp/kbuild-ref-$kver
ref_runtime=/tmp/runtime-patched

setup_ref() {
	local f
	[ -x "$ref" ] || return 1
	if [ ! -d "$ref_runtime" ]; then
		cp -r /usr/share/systemtap/runtime "$ref_runtime" || return 1
		sed -i '13s|(\* (task_work_cancel_fn)kallsyms_task_work_cancel)|(* (struct callback_head *(*)(struct task_struct *, task_work_func_t))kallsyms_task_work_cancel)|' \
			"$ref_runtime/stp_task_work.c"
		sed -i 's/"task_work_cancel"/"task_work_cancel_func"/' \
			"$ref_runtime/stp_task_work.c"
	fi
	mkdir -p "$ref_kdir"
	for f in "$kdir"/* "$kdir"/.config "$kdir"/.kernelvariables; do
		ln -sf "$f" "$ref_kdir/"
	done
	[ -f "$ref_kdir/System.map" ] ||
		nm -n "/usr/lib/debug/boot/vmlinux-$kver" > "$ref_kdir/System.map"
	ln -sf "/usr/lib/debug/boot/vmlinux-$kver" "$ref_kdir/vmlinux"
}

# one run: "WALL_MS RSS_MB", or FAIL
one() {
	if /usr/bin/time -o "$work/time" -f '%e %M' "$@" > "$work/out" 2>&1; then
		awk '{ printf "%d %d\n", $1 * 1000, $2 / 1024 }' "$work/time"
	else
		echo FAIL
	fi
}

median_of() {	# runs, command...: "WALL RSS" of the median wall time
	local n=$1 i
	shift
	for i in $(seq "$n"); do one "$@"; done |
		sort -n | awk '{ v[NR] = $0 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

show() {	# label, "WALL RSS"
	set -- "$1" $2
	if [ "${2:-FAIL}" = FAIL ]; then
		printf '  %-28s FAIL\n' "$1"
	else
		printf '  %-28s %7d ms  %5d MB\n' "$1" "$2" "$3"
	fi
}

# fresh copy of a script (a cache miss for any stap's module cache)
fresh() {	# file, tag
	{ cat "$1"; printf 'probe end { println("%s") }\n' "$2"; } > "$work/$2.stp"
	echo "$work/$2.stp"
}

case_run() {	# name, script, args...
	local name=$1 script=$2 i
	shift 2
	echo "$name:"
	HOME=$work/home "$ours" -r "$kver" -p2 -w "$script" "$@" > /dev/null 2>&1
	show "ours -p2 (index cached)" \
		"$(HOME=$work/home median_of "$runs" "$ours" -r "$kver" -p2 -w "$script" "$@")"
	rm -rf "$work/cold"
	show "ours -p2 (first run: index)" \
		"$(HOME=$work/cold one "$ours" -r "$kver" -p2 -w "$script" "$@")"
	$have_ref && show "4.8  -p2" \
		"$(median_of "$runs" "$ref" -r "$ref_kdir" -p2 -w "$script" "$@")"
	for i in $(seq "$runs"); do
		HOME=$work/home one "$ours" -r "$kver" -p4 -w \
			"$(fresh "$script" "o$name$i")" "$@"
	done | sort -n | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }' > "$work/o4"
	show "ours -p4 (cold)" "$(cat "$work/o4")"
	if $have_ref; then
		for i in $(seq "$runs"); do
			HOME=$work/refhome one "$ref" -r "$ref_kdir" -R "$ref_runtime" \
				-p4 -w "$(fresh "$script" "r$name$i")" "$@"
		done | sort -n | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }' > "$work/r4"
		show "4.8  -p4 (cold)" "$(cat "$work/r4")"
	fi
}

have_ref=false
setup_ref && have_ref=true
echo "DWARF benchmark: kernel $kver, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), runs $runs"
cd "$work" || exit 1
case_run socket-trace "$top/examples/socket-trace.stp"
case_run functioncallcount "$top/examples/functioncallcount.stp" '*@mm/*.c'
