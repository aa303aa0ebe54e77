#!/bin/sh
# check.sh - `make check`: every suite in order, then one total line.
#
# Each suite prints its own "N passed, N failed" line; this script adds
# them up and ends with the grand total, which is what CI reads.  A suite
# that crashes without a summary line counts as one failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
total_pass=0 total_fail=0 skipped=
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
	# Skipped is not passed: a suite that ran nothing is named at the end.
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "=== $name: ran no test: skipped"
		skipped="$skipped, $name"
	fi
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
# The documentation: own words, man pages, --help against the pages.
for t in testsuite/docs/*.sh; do
	[ -x "$t" ] && suite "docs: $(basename "$t")" "$t"
done
# The Debian package (make deb, ~2 min); the install test on a fresh
# Debian 12 is `make deb-install-test`, outside make check.
if [ "${SKIP_DEB:-0}" != 1 ]; then
	suite "packaging (make deb)" testsuite/packaging/deb.sh
else
	skipped="$skipped, packaging (SKIP_DEB=1)"
fi
# The VM suites run once per installed cloud kernel (Debian's 6.1 and
# 6.12 after setup); none installed is a failure, not a skip.
. testsuite/kver.sh
if [ "${SKIP_VM:-0}" != 1 ]; then
	kernels=${STAP_VM_KERNEL:-$(kver_all)}
	if [ -z "$kernels" ]; then
		echo "=== VM tests: no usable cloud kernel (vmlinuz + build tree): counted as 1 failure"
		total_fail=$((total_fail + 1))
	fi
	for k in $kernels; do
		suite "VM run tests ($k)" env STAP_VM_KERNEL="$k" \
			testsuite/run-vm-tests.sh
		# transport and VM robustness: SIGINT, floods, stapio killed, oops
		suite "VM transport self-test ($k)" env STAP_VM_KERNEL="$k" \
			testsuite/vm/selftest/run.sh
	done
else
	skipped="$skipped, VM tests (SKIP_VM=1)"
fi
if [ -n "$skipped" ]; then
	echo "$total_pass passed, $total_fail failed; skipped: ${skipped#, }"
else
	echo "$total_pass passed, $total_fail failed"
fi
[ "$total_fail" -eq 0 ]
