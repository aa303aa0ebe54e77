#!/bin/bash
# check.sh - compare the C that pass 3 emits with the golden files here.
#
#   testsuite/golden/check.sh [-u]      (-u: rewrite the golden files)
#
# For each NAME.stp: `stap -p3 -k -m golden_NAME NAME.stp`, then the kept
# C file, with the tapset directory replaced by TAPSETS/, must equal
# NAME.c.  A difference is a change in the generated code: review it and
# run with -u if it is intended.  Prints PASS/FAIL lines; exits 1 on FAIL.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
stap=${STAP:-$top/stap/stap}
update=0
npass=0 nfail=0
[ "${1:-}" = -u ] && update=1
fail=0
for t in "$here"/*.stp; do
	name=$(basename "$t" .stp)
	mod=golden_$name
	err=$(cd "$here" && "$stap" -p3 -k -m "$mod" "$name.stp" 2>&1 >/dev/null)
	dir=$(printf '%s\n' "$err" | sed -n 's/^Keeping temporary directory "\(.*\)"$/\1/p')
	if [ -z "$dir" ] || [ ! -f "$dir/$mod.c" ]; then
		echo "FAIL: $name (no C file)"; printf '%s\n' "$err" | sed 's/^/    /'
		fail=1; continue
	fi
	sed 's|/[^ "]*/tapsets/*|TAPSETS/|g' "$dir/$mod.c" > "$dir/norm.c"
	if [ $update = 1 ]; then
		cp "$dir/norm.c" "$here/$name.c"
		echo "UPDATED: $name"
	elif diff -u "$here/$name.c" "$dir/norm.c" > "$dir/diff"; then
		echo "PASS: $name"; npass=$((npass + 1))
	else
		echo "FAIL: $name"; head -40 "$dir/diff" | sed 's/^/    /'
		fail=1; nfail=$((nfail + 1))
	fi
	rm -rf "$dir"
done
echo "$npass passed, $nfail failed"
exit $fail
