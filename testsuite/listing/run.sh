#!/bin/sh
# run.sh - the listing tests: `stap -l`/`-L`/`--dump-*` outputs, stored as
# data, one NAME.list per test:
#
#   #! stap --dump-functions -I testsuite/listing/lib     (line 1: the run)
#   # a comment
#   ctime:string ()        a line stdout must hold, whole; these lines
#                          must appear in this order (others may come between)
#   !^_                    no stdout line may match this ERE
#   ~^kernel\.function\(   a line matching this ERE must come next in order
#   =# probes              a wanted line that starts with # ! ? or =
#   ?1 parse error.        stderr must contain this text
#   ?                      stderr must be empty
#
# @KVER@ on line 1 stands for the default cloud kernel's release (tests
# that need its debuginfo).  The run must exit 0.  If NAME.out exists, stdout must equal it exactly.
# Tests run from the repository root.  Last line: "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
stap="$top/stap/stap"
. "$top/testsuite/kver.sh"
kver=${STAP_TEST_KVER:-$(kver_default)}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Ordered whole-line matches and !ERE exclusions; prints what is wrong.
check_out() {	# list-file
	awk -v out="$tmp/out" '
	BEGIN { n = 0; while ((getline l < out) > 0) o[++n] = l }
	NR == 1 || /^#/ || /^\?/ || /^$/ { next }
	/^!/ {
		re = substr($0, 2)
		for (i = 1; i <= n; i++)
			if (o[i] ~ re) { print "line matches " re ": " o[i]; bad = 1 }
		next
	}
	/^~/ {
		re = substr($0, 2)
		for (i = at + 1; i <= n && o[i] !~ re; i++)
			;
		if (i > n) { print "no line (in order) matches: " re; bad = 1 }
		else at = i
		next
	}
	{
		want = /^=/ ? substr($0, 2) : $0
		for (i = at + 1; i <= n && o[i] != want; i++)
			;
		if (i > n) { print "missing (or out of order): " want; bad = 1 }
		else at = i
	}
	END { exit bad }' "$1"
}

check_err() {	# list-file
	grep '^?' "$1" | while IFS= read -r want; do
		want=${want#?}
		if [ -z "$want" ]; then
			[ -s "$tmp/err" ] && echo "stderr not empty: $(head -c 300 "$tmp/err")"
		elif ! grep -qF -- "$want" "$tmp/err"; then
			echo "stderr lacks '$want'"
		fi
	done
}

run_one() {	# list-file
	f=$1
	args=$(sed -n '1s/^#! *stap *//p' "$f" | sed "s/@KVER@/$kver/g")
	# shellcheck disable=SC2086
	(cd "$top" && timeout 60 "$stap" $args) >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 0 ]; then
		why="exit $rc: $(head -c 300 "$tmp/err")"
		return 1
	fi
	if [ -f "${f%.list}.out" ] &&
	   ! diff -u "${f%.list}.out" "$tmp/out" >"$tmp/diff"; then
		why=$(head -c 1500 "$tmp/diff")
		return 1
	fi
	why=$(check_out "$f"; check_err "$f")
	[ -z "$why" ]
}

for f in "$top"/testsuite/listing/*.list; do
	[ -e "$f" ] || continue
	why=
	if run_one "$f"; then
		pass=$((pass + 1)); echo "PASS: listing/$(basename "$f")"
	else
		fail=$((fail + 1)); echo "FAIL: listing/$(basename "$f"): $why"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
