#!/bin/sh
# dwarf_modules.sh - module("PATH") probes on every installed kernel: the
# path of a shipped module (Debian 6.12 ships them compressed, .ko.xz)
# finds its debuginfo and prints resolved, as SystemTap prints it.
# Bug module_path_compressed: a .ko.xz path gave "no ELF file".
# Then `stap --remote=vm` of a module("loop") script: the VM loads the
# distribution's module (decompressed when .ko.xz) before staprun, so the
# probes register and fire (skipped with SKIP_VM=1).
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
	[ "${SKIP_VM:-0}" = 1 ] && continue
	out=$("$top/stap/stap" --remote=vm:"$k" -c 'busybox losetup -f >/dev/null' \
		-e 'probe module("loop").function("loop_control_ioctl") {
			printf("%s %#x\n", ppfunc(), $cmd) }' 2>&1)
	[ "$out" = "loop_control_ioctl 0x4c82" ] &&
		ok "$k: stap --remote=vm loads the probed module" ||
		ko "$k: stap --remote=vm loads the probed module: $out"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
