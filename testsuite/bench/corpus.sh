#!/bin/sh
# corpus.sh - how many of SystemTap's example scripts (systemtap-doc)
# pass pass 2 (or 4) with ours and with SystemTap 4.8, a report, not a test.
#
#   testsuite/bench/corpus.sh [-p N] [-r KVER] [-o OURS_ONLY] [DIR]
#
# Each DIR/*/*.stp (DIR: /usr/share/systemtap/examples, 196 scripts) runs with
# `stap -r KVER -pN`, adding -g and the script arguments its .meta
# test_check line gives (argument lists with shell syntax are dropped).
# Prints, per stap, the number passed and the summed wall time, then the
# scripts 4.8 passes and ours does not, with our first error line.
# -o 1 skips 4.8 (its pass 2 takes seconds to minutes per script).
# STAP (ours) and REF (default /usr/bin/stap) override the two.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/testsuite/kver.sh"
pass=2 kver= ours_only=0
while getopts "p:r:o:" o; do
	case $o in
	p) pass=$OPTARG ;;
	r) kver=$OPTARG ;;
	o) ours_only=$OPTARG ;;
	*) echo "usage: $0 [-p N] [-r KVER] [-o 1] [DIR]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
dir=${1:-/usr/share/systemtap/examples}
kver=${kver:-$(kver_default)}
STAP=${STAP:-$top/stap/stap}
REF=${REF:-/usr/bin/stap}
[ -d "$dir" ] || { echo "corpus: $dir not found (install systemtap-doc)"; exit 0; }
work=$(mktemp -d /tmp/stap-corpus.XXXXXX)
[ "${KEEP:-0}" = 1 ] && echo "work directory: $work" || trap 'rm -rf "$work"' EXIT INT TERM

# opts_of FILE: "-g" and the arguments its .meta test_check line gives
opts_of() {
	line=$(grep -m1 '^test_check:' "${1%.stp}.meta" 2>/dev/null |
	       sed 's/^test_check://')
	g=
	case " $line " in *" -g "*) g=-g ;; esac
	args=$(printf '%s\n' "$line" | sed -n "s/.*$(basename "$1")//p")
	case "$args" in *'|'*|*'>'*|*'<'*|*';'*|*'&'*) args= ;; esac
	echo "$g $args"
}

# run_all NAME STAP: NAME.pass lists the scripts that pass, NAME.ms the time
run_all() {
	: > "$work/$1.pass"
	start=$(date +%s%N)
	for f in "$dir"/*/*.stp; do
		n=$(echo "${f#"$dir"/}" | tr / _)
		# shellcheck disable=SC2046
		if (cd "$work" && timeout 600 "$2" -r "$kver" -p"$pass" \
			-m "c_$(echo "$n" | tr -c 'a-zA-Z0-9\n' _ | cut -c1-40)" \
			"$f" $(opts_of "$f") >/dev/null 2>"$work/$1.$n.err") \
			< /dev/null
		then
			echo "$f" >> "$work/$1.pass"
		fi
	done
	echo $(( ($(date +%s%N) - start) / 1000000 )) > "$work/$1.ms"
}

total=$(ls "$dir"/*/*.stp | wc -l)
run_all ours "$STAP"
echo "ours: $(wc -l < "$work/ours.pass") of $total pass -p$pass in $(cat "$work/ours.ms") ms"
[ "$ours_only" = 1 ] && exit 0
run_all ref "$REF"
echo "4.8:  $(wc -l < "$work/ref.pass") of $total pass -p$pass in $(cat "$work/ref.ms") ms"
echo "4.8 passes, ours fails:"
for f in $(cat "$work/ref.pass"); do
	grep -qx "$f" "$work/ours.pass" && continue
	n=$(echo "${f#"$dir"/}" | tr / _)
	echo "  ${f#"$dir"/}: $(grep -m1 -E 'error|not supported' "$work/ours.$n.err")"
done
