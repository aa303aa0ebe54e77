#!/bin/sh
# roundtrip.sh - the -p1 printer is a fixpoint: p1(p1(script)) == p1(script).
#
# For every testsuite/parseok/*.stp (with its header's options) and every
# example under the examples directory that our stap accepts, prints the
# parse tree, parses that output again, and requires the second dump to
# parse cleanly and equal the first (apart from the "# file" line).
#
#   testsuite/unit/roundtrip.sh [EXAMPLES_DIR]
# Prints FAIL: lines and a last line "N passed, N failed".
top=$(cd "$(dirname "$0")/../.." && pwd)
stap=${STAP:-$top/stap/stap}
ex=${1:-/usr/share/systemtap/examples}
tmp=$(mktemp -d /tmp/roundtrip.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0

check() {	# file, options...
	f=$1
	shift
	# shellcheck disable=SC2068
	(cd "$top" && "$stap" -p1 $@ "$f") >"$tmp/one.stp" 2>/dev/null ||
		return 2
	# shellcheck disable=SC2068
	if ! (cd "$top" && "$stap" -p1 $@ "$tmp/one.stp") >"$tmp/two" \
		2>"$tmp/err"; then
		echo "FAIL: $f: the dump does not parse again"
		sed 's/^/    /' "$tmp/err" | head -8
		return 1
	fi
	grep -v '^# file ' "$tmp/one.stp" >"$tmp/a"
	grep -v '^# file ' "$tmp/two" >"$tmp/b"
	if ! diff -u "$tmp/a" "$tmp/b" >"$tmp/diff"; then
		echo "FAIL: $f: second dump differs"
		head -20 "$tmp/diff" | sed 's/^/    /'
		return 1
	fi
	return 0
}

count() {
	case $1 in
	0) pass=$((pass + 1)) ;;
	1) fail=$((fail + 1)) ;;
	esac
}

for f in "$top"/testsuite/parseok/*.stp; do
	[ -e "$f" ] || continue
	args=$(sed -n '1s/^#! *stap *//p' "$f")
	opts=${args%%--*}
	sargs=
	case "$args" in *--*) sargs=${args#*--} ;; esac
	# shellcheck disable=SC2086
	check "${f#"$top"/}" $opts $sargs
	count $?
done
if [ -d "$ex" ]; then
	for f in $(find "$ex" -name '*.stp' | sort); do
		check "$f" -g
		count $?
	done
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
