#!/bin/sh
# dwarf_modules.sh - module("PATH") probes on every installed kernel: the
# path of a shipped module (Debian 6.12 ships them compressed, .ko.xz)
# finds its debuginfo and prints resolved, as SystemTap prints it.
# Bug module_path_compressed: a .ko.xz path gave "no ELF file".
# Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/testsuite/kver.sh"
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS: $1"; }
ko() { fail=$((fail + 1)); echo "FAIL: $1"; }
kernels=$(kver_all)
[ -n "$kernels" ] || ko "no usable kernel"
for k in $kernels; do
	ko=$(ls /lib/modules/"$k"/kernel/drivers/block/loop.ko* 2>/dev/null | head -n 1)
	if [ -z "$ko" ]; then
		ko "$k: no loop module shipped"
		continue
	fi
	real=$(realpath "$ko")
	out=$("$top/stap/stap" -r "$k" -l "module(\"$ko\").function(\"loop_clr_fd\")" 2>&1)
	case $out in
	"module(\"$real\").function(\"loop_clr_fd@drivers/block/loop.c:"*)
		ok "module_path_compressed: $k $(basename "$ko")" ;;
	*)	ko "module_path_compressed: $k $(basename "$ko"): $out" ;;
	esac
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
