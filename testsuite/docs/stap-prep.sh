#!/bin/sh
# stap-prep.sh - doc/stap-prep in dry-run mode: for each installed cloud
# kernel it names that kernel's headers and -dbg packages and finds them
# installed; a release with no Debian packages is an error that says so.
# Prints PASS:/FAIL: lines and "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/testsuite/kver.sh"
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS: $1"; }
ko() { fail=$((fail + 1)); echo "FAIL: $1"; }
kernels=$(kver_all)
[ -n "$kernels" ] || ko "an installed cloud kernel to check against"
for k in $kernels; do
	out=$("$top/doc/stap-prep" -n "$k" 2>&1); rc=$?
	if [ $rc = 0 ] &&
	   echo "$out" | grep -q "linux-headers-$k is already installed" &&
	   echo "$out" | grep -q "linux-image-$k-dbg is already installed" &&
	   echo "$out" | grep -q "nothing to do"; then
		ok "stap-prep -n $k: headers and debuginfo found installed"
	else
		ko "stap-prep -n $k"; echo "$out"
	fi
done
out=$("$top/doc/stap-prep" -n 0.0.0-no-such-kernel 2>&1); rc=$?
if [ $rc = 1 ] && echo "$out" | grep -q "no Debian package linux-headers-0.0.0-no-such-kernel"; then
	ok "stap-prep on a release without packages fails and says why"
else
	ko "stap-prep on a release without packages"; echo "$out"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
