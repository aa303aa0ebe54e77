#!/bin/sh
# check.sh - `make check`: every suite in order, then one total line.
#
# Each suite prints its own "N passed, N failed" line; this script adds
# them up and ends with the grand total, which is what CI reads.  A suite
# that crashes without a summary line counts as one failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
total_pass=0 total_fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

suite() {	# name, command...
	name=$1; shift
	echo "=== $name"
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	# A suite may print several summary lines (one per test binary): add
	# them all up.
	lines=$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$log")
	if [ -z "$lines" ]; then
		echo "=== $name: no summary line: counted as 1 failure"
		total_fail=$((total_fail + 1))
		return
	fi
	p=$(echo "$lines" | awk '{s += $1} END {print s}')
	f=$(echo "$lines" | awk '{s += $3} END {print s}')
	# A suite that failed without counting it (a crash) is one failure.
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "=== $name: exit status $rc: counted as 1 failure"
		f=1
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
}

cd "$top" || exit 1
[ -f testsuite/unit/runtime/unit.mk ] && suite "runtime unit tests" make -s unit-runtime
for t in testsuite/unit/*.sh; do
	[ -x "$t" ] && suite "unit: $(basename "$t")" "$t"
done
suite "pass tests" testsuite/run-pass-tests.sh
[ -x testsuite/golden/check.sh ] && suite "golden emitted C" testsuite/golden/check.sh
[ -x testsuite/listing/run.sh ] && suite "listing tests" testsuite/listing/run.sh
[ -x testsuite/corpus.sh ] && suite "example corpus (-p1)" testsuite/corpus.sh
if [ -x testsuite/run-vm-tests.sh ] && [ "${SKIP_VM:-0}" != 1 ]; then
	suite "VM run tests" testsuite/run-vm-tests.sh
	# transport and VM robustness: SIGINT, floods, stapio killed, oops
	suite "VM transport self-test" testsuite/vm/selftest/run.sh
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
