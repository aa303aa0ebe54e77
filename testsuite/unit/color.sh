#!/bin/sh
# color.sh - colored diagnostics, as SystemTap 4.8 prints them: on a
# terminal by default (script(1) provides one), never into a pipe, the
# colours taken from SYSTEMTAP_COLORS, and --color[=WHEN].
# Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
stap="$top/stap/stap"
work=$(mktemp -d /tmp/stap-color.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
printf 'probe begin { foo(1) }\n' >"$work/t.stp"
E=$(printf '\033')

# The first three lines of stderr with ESC shown as "E", CRs dropped.
on_tty() {	# env-assignments... -- stap args...
	script -qc "env $* 2>&1" /dev/null </dev/null | tr -d '\r' |
		sed "s/$E/E/g; s/ (similar: [^)]*)//" | head -n 3
}
piped() {
	env "$@" 2>&1 | sed "s/$E/E/g; s/ (similar: [^)]*)//" | head -n 3
}
check() {	# name, expected, actual
	if [ "$2" = "$3" ]; then
		pass=$((pass + 1)); echo "PASS: $1"
	else
		fail=$((fail + 1)); echo "FAIL: $1"
		printf 'expected:\n%s\ngot:\n%s\n' "$2" "$3"
	fi
}

plain="semantic error: unresolved function foo: identifier 'foo' at $work/t.stp:1:15
        source: probe begin { foo(1) }
                              ^"
default="E[01;31mE[Ksemantic error:E[mE[K unresolved function foo: identifier 'foo' at E[00;34mE[K$work/t.stp:1:15E[mE[K
        source: probe begin { E[01mE[KfooE[mE[K(1) }
                              E[01mE[K^E[mE[K"
custom="E[01;32mE[Ksemantic error:E[mE[K unresolved function foo: identifier 'foo' at $work/t.stp:1:15
        source: probe begin { foo(1) }
                              E[4mE[K^E[mE[K"

check "default colours on a terminal" "$default" \
	"$(on_tty -u SYSTEMTAP_COLORS TERM=xterm "$stap" -p2 "$work/t.stp")"
check "no colour into a pipe" "$plain" \
	"$(piped -u SYSTEMTAP_COLORS TERM=xterm "$stap" -p2 "$work/t.stp")"
check "TERM=dumb turns colour off" "$plain" \
	"$(on_tty -u SYSTEMTAP_COLORS TERM=dumb "$stap" -p2 "$work/t.stp")"
check "--color=never on a terminal" "$plain" \
	"$(on_tty TERM=xterm "$stap" --color=never -p2 "$work/t.stp")"
check "--color (always) into a pipe" "$default" \
	"$(piped -u SYSTEMTAP_COLORS "$stap" --color -p2 "$work/t.stp")"
check "--colour=always into a pipe" "$default" \
	"$(piped -u SYSTEMTAP_COLORS "$stap" --colour=always -p2 "$work/t.stp")"
check "--color=auto into a pipe" "$plain" \
	"$(piped "$stap" --color=auto -p2 "$work/t.stp")"
check "SYSTEMTAP_COLORS: only the roles named are coloured" "$custom" \
	"$(on_tty "SYSTEMTAP_COLORS='error=01;32:caret=4'" TERM=xterm "$stap" -p2 "$work/t.stp")"
check "SYSTEMTAP_COLORS: pairs up to the first invalid one" "$custom" \
	"$(on_tty "SYSTEMTAP_COLORS='error=01;32:caret=4:warning=x'" TERM=xterm "$stap" -p2 "$work/t.stp")"
check "SYSTEMTAP_COLORS empty: no colour" "$plain" \
	"$(on_tty "SYSTEMTAP_COLORS=" TERM=xterm "$stap" -p2 "$work/t.stp")"
check "SYSTEMTAP_COLORS invalid: no colour" "$plain" \
	"$(on_tty "SYSTEMTAP_COLORS=bogus=1" TERM=xterm "$stap" -p2 "$work/t.stp")"
check "SYSTEMTAP_COLORS with a bad value: no colour" "$plain" \
	"$(on_tty "SYSTEMTAP_COLORS='error=1;x'" TERM=xterm "$stap" -p2 "$work/t.stp")"
out=$("$stap" --color=sometimes -p2 "$work/t.stp" 2>&1); rc=$?
check "--color=sometimes is refused" "Invalid argument 'sometimes' for --color. rc=1" "$out rc=$rc"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
