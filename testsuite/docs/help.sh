#!/bin/sh
# help.sh - `stap --help` and `staprun -h` list exactly the options their
# man pages document, the "not supported yet" lists agree, and each
# option in those lists really is refused with a message saying so.
# Prints PASS:/FAIL: lines and "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
pass=0 fail=0
work=$(mktemp -d /tmp/stap-help.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
ok() { pass=$((pass + 1)); echo "PASS: $1"; }
ko() { fail=$((fail + 1)); echo "FAIL: $1"; }

# Option names in TEXT on stdin, one per line, sorted ("--" included).
opts() {
	sed 's/\\-/-/g; s/\\f[BIRP]//g' |
		grep -oE '(^|[ ",[(])--?[A-Za-z][A-Za-z-]*|(^| )--( |$)' |
		sed 's/^[ ",[(]*//; s/ *$//' | LC_ALL=C sort -u
}
# The tags (.TP's next line) of man page section SECTION of PAGE.
man_tags() {	# page, section title
	awk -v sec="$2" '/^\.SH /{ t = $0; sub(/^\.SH +"?/, "", t); sub(/"$/, "", t); on = (t == sec); next }
		on && tag { print; tag = 0; next }
		on && /^\.TP/ { tag = 1 }' "$1" | opts
}
# The body of section SECTION of PAGE.
man_body() {
	awk -v sec="$2" '/^\.SH /{ t = $0; sub(/^\.SH +"?/, "", t); sub(/"$/, "", t); on = (t == sec); next } on' "$1"
}
same() {	# name, file-a, file-b
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		ko "$1"
		diff "$2" "$3" | sed -n 's/^[<>]/  &/p'
	fi
}
# Every option of a list is refused as "not supported yet".
refused() {	# name, command, options-file
	bad=0
	while read -r o; do
		out=$("$2" "$o" 2>&1 </dev/null)
		case $out in *"not supported yet"*) continue ;; esac
		case $o in --*) out=$("$2" "$o=1" 2>&1 </dev/null) ;;
			   *) out=$("$2" "$o" 1 2>&1 </dev/null) ;; esac
		case $out in *"not supported yet"*) continue ;; esac
		echo "  $o: $out" | head -n 2
		bad=1
	done <"$3"
	[ $bad = 0 ] && ok "$1" || ko "$1"
}

# ---- stap ----
stap/stap --help >"$work/help"
sed '/^Not supported yet:/,$d' "$work/help" | grep -E '^   --?' |
	sed 's/^   //; s/  .*//' | opts >"$work/help.opts"
sed -n '/^Not supported yet:/,$p' "$work/help" | sed 's/^Not supported yet://' |
	opts >"$work/help.unsup"
man_tags doc/man/stap.1 OPTIONS >"$work/man.opts"
man_tags doc/man/stap.1 "OPTIONS NOT SUPPORTED YET" >"$work/man.unsup"
[ -s "$work/help.opts" ] && [ -s "$work/man.opts" ] ||
	ko "option lists are not empty"
same "stap --help lists the options of stap(1) OPTIONS" \
	"$work/help.opts" "$work/man.opts"
same "stap --help and stap(1) agree on what is not supported yet" \
	"$work/help.unsup" "$work/man.unsup"
stap_try() { stap/stap "$@" -p2 -e 'probe begin { exit() }'; }
refused "stap refuses each option listed as not supported yet" stap_try \
	"$work/help.unsup"

# ---- staprun ----
staprun/staprun -h >"$work/srhelp"
grep -E '^-[A-Za-z]' "$work/srhelp" | sed 's/  .*//' | opts >"$work/srhelp.opts"
sed -n 's/^Not supported yet://p' "$work/srhelp" | opts >"$work/srhelp.unsup"
man_tags doc/man/staprun.8 OPTIONS >"$work/srman.opts"
man_body doc/man/staprun.8 "OPTIONS NOT SUPPORTED YET" | opts >"$work/srman.unsup"
same "staprun -h lists the options of staprun(8) OPTIONS" \
	"$work/srhelp.opts" "$work/srman.opts"
same "staprun -h and staprun(8) agree on what is not supported yet" \
	"$work/srhelp.unsup" "$work/srman.unsup"
staprun_try() { staprun/staprun "$@" /nonexistent.ko; }
refused "staprun refuses each option listed as not supported yet" \
	staprun_try "$work/srhelp.unsup"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
