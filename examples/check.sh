#!/bin/sh
# check.sh - parse every example with a stap binary (pass 1 only).
#
# Usage: examples/check.sh [STAP]     (default: stap on $PATH)
#        STAP_KVER=6.1.0-56-cloud-amd64 by default.
# Exit status is the number of examples that failed to parse.
# functioncallcount.stp takes one argument (a function pattern).
stap=${1:-stap}
kver=${STAP_KVER:-6.1.0-56-cloud-amd64}
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
