#!/bin/sh
# own-words.sh - count the doc lines of ours that repeat SystemTap's text.
#
# Compares every tapset doc comment (tapsets/**/*.stp, *.stpm) and every
# hand-written man page (doc/man/*) against the installed SystemTap man
# pages (Debian's systemtap-doc and systemtap), normalized for case,
# whitespace and punctuation, looking for long shared runs of words (see
# own-words.awk).  Prints the count and, with -v, each flagged line.
# Exit status 1 when the count is not 0 or the reference is missing.
#
# Usage: testsuite/docs/own-words.sh [-v] [FILE...]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
verbose=0
[ "${1:-}" = -v ] && { verbose=1; shift; }
mandir=${STAP_REF_MANDIR:-/usr/share/man}
ref=$(mktemp)
trap 'rm -f "$ref"' EXIT

for f in "$mandir"/man3/*.3stap.gz "$mandir"/man7/*.7stap.gz \
	 "$mandir"/man1/stap*.1.gz "$mandir"/man7/stappaths.7.gz \
	 "$mandir"/man8/stap*.8.gz; do
	[ -f "$f" ] || continue
	echo ".OWNWORDS-FILE $f"
	gzip -dc "$f"
done >"$ref"
if [ "$(grep -c '^\.OWNWORDS-FILE' "$ref")" -lt 100 ]; then
	echo "own-words: SystemTap's man pages are not installed (systemtap-doc)"
	echo "0 passed, 1 failed"
	exit 1
fi

cd "$top" || exit 1
if [ $# -gt 0 ]; then
	tapsets=$(for f; do case $f in *.stp|*.stpm) echo "$f";; esac; done)
	pages=$(for f; do case $f in *.stp|*.stpm) ;; *) echo "$f";; esac; done)
else
	tapsets=$(find tapsets -name '*.stp' -o -name '*.stpm' | sort)
	pages=$(find doc/man -type f 2>/dev/null | sort)
fi
rc=0
check() {	# mode, files...
	mode=$1; shift
	[ $# -gt 0 ] || return 0
	out=$(awk -v REFFILE="$ref" -v MODE="$mode" -v VERBOSE="$verbose" \
		-f "$top/testsuite/docs/own-words.awk" "$ref" "$@")
	echo "$out" | sort
	case $(echo "$out" | tail -n 1) in
	"own-words: 0 of"*) ;;
	*) rc=1 ;;
	esac
}
# shellcheck disable=SC2086
check tapset $tapsets
# shellcheck disable=SC2086
check roff $pages
if [ $rc = 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $rc
