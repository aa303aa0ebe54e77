#!/bin/sh
# frontend.sh - unit tests of the translator's shared services (arena,
# interned names, diagnostics, parser entry points), linked against the
# objects of stap/ without main.o.  Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/stap-unit.XXXXXX)
trap 'rm -rf "$work"' EXIT
objs=$(ls "$top"/stap/*.o | grep -v '/main\.o$')
if ! cc -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
	-I"$top/stap" -o "$work/t_frontend" \
	"$top/testsuite/unit/frontend/t_frontend.c" $objs -ldw -lelf 2>"$work/cc.log"; then
	cat "$work/cc.log"
	echo "0 passed, 1 failed"
	exit 1
fi
cd "$top" && "$work/t_frontend"
