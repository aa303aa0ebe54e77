#!/bin/sh
# pages.sh - the man pages: every tapset function, probe alias and macro
# has a generated page and a doc comment, every page (generated or
# hand-written) renders without a warning, and every "[man PAGE]" that a
# message of ours names exists.  Prints PASS:/FAIL: lines and
# "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
pass=0 fail=0
work=$(mktemp -d /tmp/stap-docs.XXXXXX)
trap 'rm -rf "$work"' EXIT
ok() { pass=$((pass + 1)); echo "PASS: $1"; }
ko() { fail=$((fail + 1)); echo "FAIL: $1"; }

# Regenerate into a scratch directory, keeping what the generator says.
tapsets=$(find tapsets -name '*.stp' -o -name '*.stpm' | LC_ALL=C sort)
# shellcheck disable=SC2086
awk -v OUT="$work" -v DATE=test -v VERSION=test -f doc/tapset-man.awk \
	$tapsets >"$work/.pages" 2>"$work/.undoc"
if [ -s "$work/.undoc" ]; then
	ko "every public tapset function, alias and macro has a doc comment"
	cat "$work/.undoc"
else
	ok "every public tapset function, alias and macro has a doc comment"
fi

# The translator's own lists, not the generator's, say what must exist.
missing=0
for n in $(stap/stap --dump-functions | sed 's/[: (].*//' | grep -v '^_'); do
	[ -f "$work/function::$n.3stap" ] || { echo "no page function::$n"; missing=1; }
done
for n in $(stap/stap --dump-probe-aliases | sed 's/[ =].*//' | grep -v '^_'); do
	[ -f "$work/probe::$n.3stap" ] || { echo "no page probe::$n"; missing=1; }
done
for f in $tapsets; do
	b=${f##*/}; b=${b%.stp}; b=${b%.stpm}
	[ -f "$work/tapset::$b.3stap" ] || { echo "no page tapset::$b"; missing=1; }
done
[ $missing = 0 ] && ok "every function, alias and tapset has a page" ||
	ko "every function, alias and tapset has a page"

# Every page formats without a troff warning (groff, as man(1) runs it),
# and the hand-written ones plus one generated page of each kind also
# through man -l itself, whose output must show the page's NAME.
bad=0 n=0
for f in "$work"/*.3stap doc/man/*; do
	n=$((n + 1))
	out=$(LC_ALL=C.UTF-8 groff -t -man -Tutf8 -ww -z "$f" 2>&1)
	[ -z "$out" ] || { echo "${f##*/}: $out"; bad=1; }
done
[ $bad = 0 ] && ok "all $n pages format without warnings" ||
	ko "all $n pages format without warnings"
bad=0
for f in doc/man/* $(for k in function probe macro tapset; do
		ls "$work/$k::"*.3stap 2>/dev/null | head -n 1; done); do
	b=${f##*/}; name=${b%.*}
	out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=w -l "$f" 2>&1 >"$work/out.txt")
	if [ -n "$out" ] || ! grep -q "^NAME" "$work/out.txt" ||
	   ! grep -qF -- "$name" "$work/out.txt"; then
		echo "$b does not render cleanly with man -l: $out"
		bad=1
	fi
done
[ $bad = 0 ] && ok "pages render with man -l" || ko "pages render with man -l"

# The generated reference pages have SystemTap's sections.
bad=0
for f in "$work"/function::*.3stap "$work"/probe::*.3stap "$work"/macro::*.3stap; do
	for sec in NAME SYNOPSIS DESCRIPTION; do
		[ "$sec" = DESCRIPTION ] && ! grep -q '^\.SH DESCRIPTION' "$f" &&
			continue	# a one-line summary may be all there is
		grep -q "^\.SH $sec" "$f" || { echo "${f##*/}: no $sec"; bad=1; }
	done
	grep -q '^\.SH \(ARGUMENTS\|VALUES\)' "$f" || { echo "${f##*/}: no ARGUMENTS/VALUES"; bad=1; }
done
[ $bad = 0 ] && ok "generated pages have NAME, SYNOPSIS, ARGUMENTS/VALUES" ||
	ko "generated pages have NAME, SYNOPSIS, ARGUMENTS/VALUES"

# Every page a message of ours points to exists (hand-written).
bad=0
for p in $(grep -rIhoE '\[man [a-z]+::[a-z0-9-]+\]' stap runtime staprun stapio \
	   tapsets | sort -u | sed 's/\[man //; s/\]//'); do
	[ -f "doc/man/$p.7stap" ] || { echo "no page for [man $p]"; bad=1; }
done
[ $bad = 0 ] && ok "every [man PAGE] in a message has a page" ||
	ko "every [man PAGE] in a message has a page"

# A probe alias page lists its variables under VALUES (checked on a
# fixture alias, since the shipped aliases may have none).
mkdir -p "$work/fx"
cat >"$work/fx/fx.stp" <<'FX'
// fx tapset: a fixture.
/**
 * probe fx.hit - Fires in the fixture
 * @who: the first value
 * @what: the second value
 */
probe fx.hit = begin { who = 1; what = "x" }
FX
awk -v OUT="$work/fx" -v DATE=t -v VERSION=t -f doc/tapset-man.awk \
	"$work/fx/fx.stp" >/dev/null
if man -l "$work/fx/probe::fx.hit.3stap" 2>/dev/null |
	awk '/^VALUES/{v=1} v&&/who/{w=1} v&&/what/{x=1} END{exit !(w&&x)}'; then
	ok "a probe alias page lists the alias variables under VALUES"
else
	ko "a probe alias page lists the alias variables under VALUES"
fi

# An undocumented public function is reported.
printf 'function fx_nodoc:long () { return 1 }\n' >"$work/fx/nodoc.stp"
if awk -v OUT="$work/fx" -v DATE=t -v VERSION=t -f doc/tapset-man.awk \
	"$work/fx/nodoc.stp" 2>&1 >/dev/null | grep -q 'undocumented: .*fx_nodoc'; then
	ok "an undocumented public function is reported"
else
	ko "an undocumented public function is reported"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
