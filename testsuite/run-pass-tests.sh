#!/bin/sh
# run-pass-tests.sh - the pass-by-pass tests: parseok/ parseko/ semok/
# semko/ buildok/ buildko/ and the exact-stderr tests in diag/.
#
# Each test's first line says how to run it: `#! stap -p2 [options]`;
# options after `--` are script arguments; `@KVER@` stands for the
# default cloud kernel's release (for tests that need its debuginfo or
# .config).  A -ko test names the error it
# expects on its second line: `# ERROR: <substring of stderr>`.  A diag/
# test NAME.stp has NAME.stderr beside it, compared exactly; it runs from
# the repository root with its path relative to it.
#
# Usage: testsuite/run-pass-tests.sh [DIR...]   (default: all of them)
# Prints PASS:/FAIL: lines and a last line "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
stap="$top/stap/stap"
. "$top/testsuite/kver.sh"
kver=${STAP_TEST_KVER:-$(kver_default)}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The options and script arguments from a test's first line.
header_args() {
	sed -n '1s/^#! *stap *//p' "$1"
}

# Sets opts and sargs: the options, and the script arguments after a
# separate "--" (a long option's "--" does not split).
split_args() {
	opts=$1 sargs=
	case " $1 " in
	*" -- "*) opts=${1%%-- *} sargs=${1#*-- }
		case " $opts" in *" ") ;; *) opts=$1 sargs= ;; esac ;;
	esac
}

run_one() {	# file, expect-ok (1/0)
	f=$1 ok=$2
	args=$(header_args "$f")
	split_args "$args"
	case "$opts" in *-p4*|*-p3*) opts="$opts -r $kver" ;; esac
	# "-r @KVER@": the default cloud kernel (tests needing its DWARF)
	opts=$(printf '%s' "$opts" | sed "s/@KVER@/$kver/g")
	rel=${f#"$top"/}
	# shellcheck disable=SC2086
	(cd "$top" && timeout 120 "$stap" $opts "$rel" $sargs) \
		>"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$ok" = 1 ]; then
		if [ $rc -eq 0 ]; then return 0; fi
		why="exit $rc: $(head -c 600 "$tmp/err")"
		return 1
	fi
	want=$(sed -n '2s/^# *ERROR: *//p' "$f")
	if [ $rc -eq 0 ]; then why="expected failure, exit 0"; return 1; fi
	if [ $rc -ge 124 ]; then why="crashed or hung (exit $rc)"; return 1; fi
	if [ -z "$want" ]; then why="no '# ERROR:' line in the test"; return 1; fi
	if grep -qF -- "$want" "$tmp/err"; then return 0; fi
	why="stderr lacks '$want': $(head -c 600 "$tmp/err")"
	return 1
}

run_diag() {	# file
	f=$1
	args=$(header_args "$f")
	rel=${f#"$top"/}
	split_args "$args"
	opts=$(printf '%s' "$opts" | sed "s/@KVER@/$kver/g")
	# shellcheck disable=SC2086
	(cd "$top" && timeout 60 "$stap" $opts "$rel" $sargs) \
		>"$tmp/out" 2>"$tmp/err"
	if diff -u "${f%.stp}.stderr" "$tmp/err" >"$tmp/diff"; then
		return 0
	fi
	why=$(head -c 1500 "$tmp/diff")
	return 1
}

report() {	# status, name
	if [ "$1" = 0 ]; then
		pass=$((pass + 1)); echo "PASS: $2"
	else
		fail=$((fail + 1)); echo "FAIL: $2: $why"
	fi
}

dirs=${*:-parseok parseko semok semko buildok buildko diag}
for d in $dirs; do
	[ -d "$top/testsuite/$d" ] || continue
	for f in "$top/testsuite/$d"/*.stp; do
		[ -e "$f" ] || continue
		why=
		case "$d" in
		diag) run_diag "$f" ;;
		*ok) run_one "$f" 1 ;;
		*ko) run_one "$f" 0 ;;
		esac
		report $? "$d/$(basename "$f")"
	done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
