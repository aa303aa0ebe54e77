#!/bin/sh
# environment.sh - the environment stap reads: TMPDIR (an unusable one
# fails pass 2, as in SystemTap; pass 1 does not need it), SYSTEMTAP_TAPSET
# and SYSTEMTAP_RUNTIME.  Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
stap="$top/stap/stap"
work=$(mktemp -d /tmp/stap-env.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
script='probe begin { exit() }'

check() {	# name, expected rc, stderr pattern (or ""), command...
	name=$1 want=$2 pat=$3
	shift 3
	"$@" >"$work/out" 2>"$work/err"
	rc=$?
	if [ "$rc" -eq "$want" ] && { [ -z "$pat" ] || grep -q -- "$pat" "$work/err"; }; then
		pass=$((pass + 1)); echo "PASS: $name"
	else
		fail=$((fail + 1)); echo "FAIL: $name (rc $rc): $(head -c 300 "$work/err")"
	fi
}

check "TMPDIR missing fails pass 2" 1 \
	"^cannot create temporary directory (\" $work/none/stap[a-zA-Z]\{6\} \"): No such file or directory$" \
	env TMPDIR="$work/none" "$stap" -p2 -e "$script"
touch "$work/file"
check "TMPDIR not a directory" 1 "): Not a directory$" \
	env TMPDIR="$work/file" "$stap" -p2 -e "$script"
check "TMPDIR not needed by pass 1" 0 "" \
	env TMPDIR="$work/none" "$stap" -p1 -e "$script"
mkdir "$work/t"
check "TMPDIR usable" 0 "" env TMPDIR="$work/t" "$stap" -p2 -e "$script"
check "TMPDIR left clean" 0 "" test -z "$(ls "$work/t")"
check "SYSTEMTAP_TAPSET replaces the library" 1 "unresolved function exit" \
	env SYSTEMTAP_TAPSET="$work/t" "$stap" -p2 -e "$script"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
