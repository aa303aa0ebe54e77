#!/bin/sh
# corpus.sh - pass 1 against the black box on SystemTap's example scripts.
#
# For every *.stp under the examples directory, runs the reference stap
# and ours with -p1 (adding -g and script arguments as the example's .meta
# test_check line does).  An example passes when ours accepts it whenever
# the reference does.  Examples the reference rejects are skipped.
#
#   testsuite/corpus.sh [EXAMPLES_DIR]     (STAP=ours REF=reference stap)
#   CORPUS_VERBOSE=1 also prints the differing -p1 outputs' file names.
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/usr/share/systemtap/examples}
STAP=${STAP:-$top/stap/stap}
REF=${REF:-stap}
. "$top/testsuite/kver.sh"
KVER=${KVER:-$(kver_default)}

if [ ! -d "$dir" ]; then
	echo "corpus: $dir not found (install systemtap-doc); skipped"; echo "0 passed, 0 failed"
	exit 0
fi
if ! command -v "$REF" >/dev/null 2>&1; then
	echo "corpus: reference stap not found; skipped"; echo "0 passed, 0 failed"
	exit 0
fi
tmp=$(mktemp -d /tmp/corpus.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

pass=0 fail=0 skip=0 same=0
for f in $(find "$dir" -name '*.stp' | sort); do
	meta=${f%.stp}.meta
	opts= args=
	line=$(grep -m1 '^test_check:' "$meta" 2>/dev/null | sed 's/^test_check://')
	case " $line " in *" -g "*) opts=-g ;; esac
	# script arguments: the words after the script's name
	args=$(printf '%s\n' "$line" | sed -n "s/.*$(basename "$f")//p")
	case "$args" in *'|'*|*'>'*|*'<'*|*';'*|*'&'*) args= ;; esac
	# shellcheck disable=SC2086
	if ! timeout 60 "$REF" -r "$KVER" -p1 $opts "$f" $args \
		>"$tmp/ref" 2>/dev/null; then
		skip=$((skip + 1))
		continue
	fi
	# shellcheck disable=SC2086
	if timeout 60 "$STAP" -p1 $opts "$f" $args >"$tmp/ours" 2>"$tmp/err"
	then
		pass=$((pass + 1))
		if cmp -s "$tmp/ref" "$tmp/ours"; then
			same=$((same + 1))
		elif [ -n "$CORPUS_VERBOSE" ]; then
			echo "differs: $f"
		fi
	else
		fail=$((fail + 1))
		echo "FAIL: $f $opts $args"
		sed 's/^/    /' "$tmp/err" | head -6
	fi
done
echo "$pass passed, $fail failed ($skip skipped: rejected by the reference; $same identical -p1 output)"
[ "$fail" -eq 0 ]
