#!/bin/bash
# build_tree.sh - `stap -r KVER` with a missing or broken kernel build tree
# says exactly what is missing and which Debian package provides it
# (stap/build_tree.c).  Fake trees are made in a temporary directory from
# the default cloud kernel's real one.  Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/testsuite/kver.sh"
kver=$(kver_default)
stap=$top/stap/stap
work=$(mktemp -d /tmp/stap-treetest.XXXXXX)
trap 'rm -rf "$work"' EXIT
npass=0 nfail=0
ok() { echo "PASS: $1"; npass=$((npass + 1)); }
bad() { echo "FAIL: $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/    /'; nfail=$((nfail + 1)); }
# expect NAME LINE STAP-ARGS...: stap fails at pass 4 and stderr has LINE
expect() {
	local name=$1 line=$2; shift 2
	if HOME=$work/home "$@" -p4 -e 'probe begin { exit() }' > "$work/out" 2> "$work/err"; then
		bad "$name: stap succeeded"
	elif grep -qxF -- "$line" "$work/err"; then
		ok "$name"
	else
		bad "$name" "want: $line
got:  $(cat "$work/err")"
	fi
}
real=$(readlink -f "/lib/modules/$kver/build" 2>/dev/null)
if [ -z "$kver" ] || [ ! -f "$real/Makefile" ]; then
	bad "no build tree for the default kernel '${kver:-none}'"
	echo "$npass passed, $nfail failed"; exit 1
fi

expect "release not installed" \
	"ERROR: no kernel build tree for 0.0.0-none: /lib/modules/0.0.0-none/build is missing (Debian package linux-headers-0.0.0-none)" \
	"$stap" -r 0.0.0-none
ln -s /nonexistent/linux-headers-x "$work/dangling"
expect "dangling build symlink" \
	"ERROR: kernel build tree $work/dangling points to /nonexistent/linux-headers-x, which is missing (Debian package linux-headers-RELEASE)" \
	"$stap" -r "$work/dangling"

# a copy of the tree made of symlinks, with parts taken away
mk_tree() {
	rm -rf "$work/tree"; mkdir "$work/tree"
	for f in "$real"/* "$real"/.config; do ln -s "$f" "$work/tree/"; done
}
mk_tree; rm "$work/tree/Module.symvers"
expect "Module.symvers missing" \
	"ERROR: kernel build tree is broken: $work/tree/Module.symvers is missing (Debian package linux-headers-$kver)" \
	"$stap" -r "$work/tree"
mk_tree; rm "$work/tree/.config"
expect ".config missing" \
	"ERROR: kernel build tree is broken: $work/tree/.config is missing (Debian package linux-headers-$kver)" \
	"$stap" -r "$work/tree"
mk_tree; rm "$work/tree/Makefile"
sed 's|^include /usr/src/linux-headers-\(.*\)-common/Makefile|include /nonexistent/linux-headers-\1-common/Makefile|' \
	"$real/Makefile" > "$work/tree/Makefile"
common=$(sed -n 's|^include /usr/src/\(linux-headers-.*-common\)/Makefile|\1|p' "$real/Makefile")
if [ -n "$common" ]; then
	expect "common headers missing" \
		"ERROR: kernel build tree is broken: /nonexistent/$common/Makefile is missing (Debian package $common)" \
		"$stap" -r "$work/tree"
else
	bad "the tree's Makefile does not include a -common part (not a Debian tree?)"
fi
# no compiler and no make in $PATH (a fresh -D key forces a compile)
mkdir "$work/bin"
for c in sh rm mkdir cp mv cat ln; do ln -s "$(command -v $c)" "$work/bin/$c"; done
cc=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\([^ "]*\).*/\1/p' "$real/.config")
pkg=gcc${cc##*gcc}
expect "compiler missing" \
	"ERROR: kernel $kver is built with $cc, which is not installed (Debian package $pkg)" \
	env PATH="$work/bin" "$stap" -r "$kver" -D STP_TREE_TEST=$$
expect "make missing" \
	"ERROR: kbuild needs make, which is not installed (Debian package make)" \
	env PATH="$work/bin" "$stap" -r "$kver" -D STP_TREE_TEST=$$
echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
