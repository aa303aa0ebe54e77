#!/bin/sh
# mkstapconf.sh KDIR OUT - write OUT (a stapconf.h) for the kernel build
# tree KDIR, for modules built outside stap that include the runtime (the
# runtime self-test module).  stap's pass 4 does the same in stap/compat.c:
# every probes/NAME.c is compiled as one object (make -k); each object made
# is a "#define STAPCONF_NAME 1".
set -u
kdir=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cp "$here"/probes/*.c "$tmp"/ || exit 1
goals=
for f in "$tmp"/*.c; do
	goals="$goals $(basename "$f" .c).o"
done
echo "obj-m :=$goals" > "$tmp/Kbuild"
# shellcheck disable=SC2086
make -C "$kdir" M="$tmp" -k $goals > "$tmp/make.log" 2>&1
[ -f "$kdir/Makefile" ] || { echo "mkstapconf: no kernel build tree at $kdir" >&2; exit 1; }
{
	echo "/* stapconf.h for $kdir, written by runtime/compat/mkstapconf.sh */"
	for f in "$tmp"/*.c; do
		b=$(basename "$f" .c)
		if [ -f "$tmp/$b.o" ]; then
			echo "#define STAPCONF_$(echo "$b" | tr 'a-z' 'A-Z') 1"
		else
			echo "/* $b: not in this kernel */"
		fi
	done
} > "$out"
