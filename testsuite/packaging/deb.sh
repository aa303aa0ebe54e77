#!/bin/sh
# deb.sh - `make deb` builds the Debian package, lintian finds no error,
# and the package holds what a user needs: stap, staprun, stapio, the
# tapsets, runtime and examples, the man pages (hand-written and
# generated), stap-prep and the bash completion; postinst makes staprun
# setuid for stapusr.  Prints PASS:/FAIL: lines and "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS: $1"; }
ko() { fail=$((fail + 1)); echo "FAIL: $1"; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if make -s deb >"$log" 2>&1; then
	ok "make deb builds the package and lintian reports no error"
else
	ko "make deb"
	tail -n 30 "$log"
	echo "$pass passed, $fail failed"
	exit 1
fi
deb=$(ls debbuild/stap_*.deb | head -n 1)
list=$(dpkg-deb -c "$deb" | awk '{print $NF}')
for f in ./usr/bin/stap ./usr/bin/staprun ./usr/bin/stap-prep ./usr/bin/stap-merge \
	 ./usr/libexec/stap/stapio ./usr/share/stap/tapsets/context.stp \
	 ./usr/share/stap/runtime/runtime.h ./usr/share/stap/examples/hello.stp \
	 ./usr/share/man/man1/stap.1.gz ./usr/share/man/man8/staprun.8.gz \
	 ./usr/share/man/man7/error::pass2.7stap.gz \
	 ./usr/share/man/man3/function::pid.3stap.gz \
	 ./usr/share/man/man3/tapset::context.3stap.gz \
	 ./usr/share/bash-completion/completions/stap; do
	echo "$list" | grep -qxF -- "$f" || { ko "package contains $f"; continue; }
	ok "package contains $f"
done
n=$(echo "$list" | grep -c '/usr/share/man/man3/function::')
gen=$(grep -c '/function::' doc/gen/.pages 2>/dev/null || echo 0)
[ "$n" -gt 0 ] && [ "$n" = "$gen" ] && ok "all $n function pages packaged" ||
	ko "function pages packaged ($n of $gen)"
dpkg-deb -e "$deb" debbuild/control
grep -q 'dpkg-statoverride --update --add root stapusr 4754 /usr/bin/staprun' \
	debbuild/control/postinst && grep -q 'addgroup --quiet --system' \
	debbuild/control/postinst && ok "postinst: groups and setuid staprun" ||
	ko "postinst: groups and setuid staprun"
dpkg-deb -f "$deb" Depends | grep -q 'make' && ok "Depends names make and gcc" ||
	ko "Depends names make and gcc"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
