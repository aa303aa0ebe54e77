#!/bin/bash
# completion.sh - the bash completion of stap (doc/bash-completion/stap):
# options from --help, --example names, probe points from `stap -l`,
# values of --color.  Needs bash-completion's library (Debian package
# bash-completion).  Prints PASS:/FAIL: lines and "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS: $1"; }
ko() { fail=$((fail + 1)); echo "FAIL: $1"; }
lib=/usr/share/bash-completion/bash_completion
if [ ! -f "$lib" ]; then
	echo "FAIL: $lib missing (install bash-completion)"
	echo "0 passed, 1 failed"
	exit 1
fi
. "$lib"
. "$top/doc/bash-completion/stap"
PATH="$top/stap:$PATH"
cd "$top" || exit 1

# Complete the command line "$@" (the last word is the one completed).
comp() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_stap stap "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort
}
has() {	# name, word, command line...
	local name=$1 want=$2
	shift 2
	if comp "$@" | grep -qxF -- "$want"; then ok "$name"; else
		ko "$name"; comp "$@" | head -n 5 | sed 's/^/  got: /'; fi
}
lacks() {
	local name=$1 want=$2
	shift 2
	if comp "$@" | grep -qxF -- "$want"; then ko "$name"; else ok "$name"; fi
}

has "long options" --disable-cache stap --disa
has "short options" -p stap -
has "an option taking a value ends in =" --privilege= stap --priv
lacks "options not supported yet are not offered" --bpf stap --bp
has "pass numbers after -p" 3 stap -p ""
has "example names after --example" hello.stp stap --example hel
has "probe points after -l" timer.profile stap -l timer.p
has "values of --color" always stap --color=al
has "privilege levels" stapusr stap --privilege=stapu
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
