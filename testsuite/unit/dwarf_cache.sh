#!/bin/sh
# dwarf_cache.sh - the debuginfo index cache under $HOME/.systemtap.
# Bug dwarf_index_cache_missing_home: with a HOME whose .systemtap did
# not exist yet, the index was built into /tmp and thrown away, so every
# run paid the full index build.  Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/testsuite/kver.sh"
kver=$(kver_default)
work=$(mktemp -d /tmp/stap-dwcache.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS: $1"; }
ko() { fail=$((fail + 1)); echo "FAIL: $1"; }
run() {	# log: one -p2 run with -v, HOME a directory not yet created
	HOME=$work/home/nested "$top/stap/stap" -r "$kver" -p2 -v \
		-e 'probe kernel.function("ksys_read") { next }' > "$work/$1" 2>&1
}
if [ -z "$kver" ]; then
	ko "no usable kernel with a build tree"
else
	run first && grep -q '^Indexed debuginfo' "$work/first" &&
		ok "first run builds the index" ||
		{ ko "first run builds the index"; cat "$work/first"; }
	n=$(ls "$work"/home/nested/.systemtap/cache/dwarf/*.idx 2>/dev/null | wc -l)
	[ "$n" -ge 1 ] && ok "dwarf_index_cache_missing_home: index kept" ||
		ko "dwarf_index_cache_missing_home: index kept ($n files)"
	run second && ! grep -q '^Indexed debuginfo' "$work/second" &&
		ok "second run reads the cached index" ||
		{ ko "second run reads the cached index"; cat "$work/second"; }
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
