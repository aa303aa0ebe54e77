#!/bin/sh
# stapio.sh - unit test of stapio's output files (stapio/sio_out.c) and
# stap-merge: builds testsuite/unit/stapio/t_sio_out.c and runs it in a
# scratch directory.  Prints "t_sio_out: N passed, M failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/stap-unit-stapio.XXXXXX)
trap 'rm -rf "$work"' EXIT
${CC:-cc} -std=gnu11 -O1 -g -Wall -Wextra -Wshadow -Wmissing-prototypes \
	-Werror -o "$work/t_sio_out" "$top/testsuite/unit/stapio/t_sio_out.c" \
	"$top/stapio/sio_out.c" || exit 1
${CC:-cc} -std=gnu11 -O1 -Wall -Werror -o "$work/stap-merge" \
	"$top/stapio/stap-merge.c" || exit 1
mkdir "$work/run"
cd "$work/run" && STAP_MERGE=$work/stap-merge "$work/t_sio_out"
