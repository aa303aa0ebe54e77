#!/bin/sh
# check.sh - parse every example with a stap binary (pass 1 only).
#
# Usage: examples/check.sh [STAP]     (default: stap on $PATH)
#        STAP_KVER: the kernel release (default: the default cloud kernel).
# Exit status is the number of examples that failed to parse.
# functioncallcount.stp takes one argument (a function pattern).
stap=${1:-stap}
kver=${STAP_KVER:-$("$(dirname "$0")/../stap/vm/stap-vm" kernels 2>/dev/null | head -n 1)}
dir=$(dirname "$0")
fail=0
for f in "$dir"/*.stp; do
	set -- "$f"
	case $f in
	*/functioncallcount.stp) set -- "$f" '*@mm/*.c' ;;
	esac
	if "$stap" -r "$kver" -p1 "$@" >/dev/null 2>"${TMPDIR:-/tmp}/check-p1.$$"; then
		echo "PASS $f"
	else
		echo "FAIL $f"
		cat "${TMPDIR:-/tmp}/check-p1.$$"
		fail=$((fail + 1))
	fi
done
rm -f "${TMPDIR:-/tmp}/check-p1.$$"
exit $fail
