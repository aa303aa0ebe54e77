#!/bin/bash
# dwarf_ftrace_sites.sh - function-entry probes go through ftrace only
# where the kernel has an ftrace site, the rest straight to kprobes.
# Bug dwarf_fentry_filter_quadratic: the 145 functions of mm/*.c that
# ftrace does not manage (memblock's, the early page-table code, ...) made
# the one-call ftrace filter fail, and the one-address-at-a-time retry
# copied the whole filter for every address: 8.5 s of the guest's time
# before the first probe was armed, then 7.4 s of kprobe fallbacks.  The
# index now keeps the image's __mcount_loc table; this checks every
# ftrace entry of a '*@mm/*.c' module against that table, read here
# independently from the vmlinux with readelf/nm/od.
# Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/testsuite/kver.sh"
work=$(mktemp -d /tmp/stap-ftsites.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS: $1"; }
ko() { fail=$((fail + 1)); echo "FAIL: $1"; }

# the ftrace sites of a vmlinux: the 8-byte addresses between
# __start_mcount_loc and __stop_mcount_loc, as lower-case hex
sites() {	# vmlinux
	local s e name addr off size
	s=$(nm "$1" | awk '$3 == "__start_mcount_loc" { print $1 }')
	e=$(nm "$1" | awk '$3 == "__stop_mcount_loc" { print $1 }')
	[ -n "$s" ] && [ -n "$e" ] || return 1
	readelf -S -W "$1" | sed -n 's/^ *\[ *[0-9]*\] //p' |
		awk '{ print $1, $3, $4, $5 }' > "$work/sects"
	while read -r name addr off size; do
		case $addr$off$size in *[!0-9a-f]*) continue ;; esac
		if [ $((0x$addr <= 0x$s)) = 1 ] &&
		   [ $((0x$s < 0x$addr + 0x$size)) = 1 ]; then
			off=$((0x$off + 0x$s - 0x$addr))
			dd if="$1" bs=8 skip=$((off / 8)) \
				count=$(( (0x$e - 0x$s) / 8 )) 2>/dev/null |
				od -An -v -tx8 | tr -s ' ' '\n' | grep . | sort -u
			return 0
		fi
	done < "$work/sects"
	return 1
}

# of the hex addresses in $2, how many have (want=1) / lack (want=0) a
# site in $1 at the address or 4 bytes on
count_sites() {	# sites addrs want
	local a
	while read -r a; do
		printf '%s %x\n' "$a" $((0x$a + 4))
	done < "$2" > "$work/pairs"
	awk -v want="$3" 'NR == FNR { s[$1] = 1; next }
		{ has = ($1 in s) || ($2 in s) ? 1 : 0; if (has == want) n++ }
		END { print n + 0 }' "$1" "$work/pairs"
}

check() {	# kver
	vml=/usr/lib/debug/boot/vmlinux-$1
	[ -f "$vml" ] || { ko "$1: no debug vmlinux"; return; }
	"$top/stap/stap" -r "$1" -p3 -w \
		-e 'probe kernel.function("*@mm/*.c").call { next }' > "$work/c" 2>&1 ||
		{ ko "$1: -p3"; tail -n 5 "$work/c"; return; }
	sites "$vml" > "$work/sites" || { ko "$1: no __mcount_loc"; return; }
	awk '/stp_dwarf_fentries\[\]/, /^};/' "$work/c" |
		sed -n 's/.*\.addr = 0x\([0-9a-f]*\)ULL.*/\1/p' > "$work/fe"
	awk '/stp_dwarf_kprobes\[\]/, /^};/' "$work/c" |
		sed -n 's/.*\.addr = 0x\([0-9a-f]*\)ULL.*/\1/p' > "$work/kp"
	count_sites "$work/sites" "$work/fe" 0 > "$work/badfe"
	count_sites "$work/sites" "$work/kp" 1 > "$work/badkp"
	nfe=$(wc -l < "$work/fe") nkp=$(wc -l < "$work/kp")
	[ "$nfe" -gt 1000 ] && [ "$(cat "$work/badfe")" = 0 ] &&
		ok "$1: dwarf_fentry_filter_quadratic: $nfe ftrace entries, all ftrace sites" ||
		ko "$1: ftrace entries: $nfe, $(cat "$work/badfe") without a site"
	[ "$(cat "$work/badkp")" = 0 ] &&
		ok "$1: $nkp kprobe entries, none an ftrace site" ||
		ko "$1: kprobe entries: $(cat "$work/badkp") of $nkp are ftrace sites"
}

kernels=$(kver_all)
[ -n "$kernels" ] || ko "no usable kernel with a build tree"
for k in $kernels; do
	check "$k"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
