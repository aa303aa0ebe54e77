#!/bin/bash
# compat.sh - the compat layer (runtime/compat/): the runtime and the code
# pass 3 emits never name a kernel API that changed across the supported
# kernels (5.4 and newer) outside compat.h, and on every installed cloud
# kernel the feature probes give the expected answers and a module using
# every wrapper (timers, kretprobes, kernel/user reads, guru writes)
# builds.  A kernel missing is a failure, not a skip.  Ends with
# "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/testsuite/kver.sh"
work=$(mktemp -d /tmp/stap-compattest.XXXXXX)
trap 'rm -rf "$work"' EXIT
npass=0 nfail=0
ok() { echo "PASS: $1"; npass=$((npass + 1)); }
bad() { echo "FAIL: $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/    /'; nfail=$((nfail + 1)); }

# ---- no drifting API named outside compat.h ----
# name( as a call, or the header; comments (lines starting with ' *' or
# '/*') do not count.
drift='\b(hrtimer_init|hrtimer_setup|get_kretprobe|copy_from_kernel_nofault|copy_from_user_nofault|copy_to_user_nofault|__put_kernel_nofault|probe_kernel_read|probe_kernel_write|probe_user_read|probe_user_write)\(|->rp\b'
hits=$( (cd "$top" && grep -nE "$drift" runtime/*.c runtime/*.h stap/emit*.c \
	stap/probe_*.c; grep -nE '<(linux/)?stdarg\.h>' runtime/*.c runtime/*.h) \
	2>/dev/null | grep -vE '^[^:]+:[0-9]+:\s*(/?\*|//)')
if [ -z "$hits" ]; then
	ok "runtime and emitted code call kernel APIs that drifted only through compat.h"
else
	bad "drifting kernel API named outside runtime/compat/compat.h" "$hits"
fi
hits=$(cd "$top" && grep -L 'compat/compat.h' runtime/alloc.c)
if [ -z "$hits" ]; then ok "runtime includes compat/compat.h"; else bad "runtime/alloc.c does not include compat/compat.h"; fi

# ---- per kernel: probe answers and a module using every wrapper ----
kernels=$(kver_all)
[ -n "$kernels" ] || bad "no installed cloud kernel (vmlinuz + build tree)"
script='
global n
probe timer.ms(10) { n++ }
probe timer.profile { n++ }
probe kprobe.function("ksys_read").return { n++ }
probe kernel.function("do_sys_openat2") { printf("%s %s\n", kernel_string($filename), user_string($filename)) }
probe kernel.function("do_sys_openat2") { $dfd = $dfd }
probe begin { exit() }'
for k in $kernels; do
	"$top/runtime/compat/mkstapconf.sh" "/lib/modules/$k/build" "$work/conf.h"
	for p in copy_from_kernel_nofault copy_from_user_nofault copy_to_user_nofault get_kretprobe linux_stdarg_h; do
		P=$(echo "$p" | tr 'a-z' 'A-Z')
		if grep -qx "#define STAPCONF_$P 1" "$work/conf.h"; then
			ok "$k: $p found (kernels 5.15+ have it)"
		else
			bad "$k: feature probe $p failed" "$(cat "$work/conf.h")"
		fi
	done
	# hrtimer_setup: 6.13+; 6.1 and 6.12 do not have it
	maj=${k%%.*} min=${k#*.}; min=${min%%[.-]*}
	want=0; [ "$maj" -gt 6 ] || { [ "$maj" -eq 6 ] && [ "$min" -ge 13 ]; } && want=1
	got=0; grep -qx '#define STAPCONF_HRTIMER_SETUP 1' "$work/conf.h" && got=1
	if [ "$want" = "$got" ]; then ok "$k: hrtimer_setup probe says $got"; else bad "$k: hrtimer_setup probe says $got, expected $want"; fi
	if (cd "$work" && HOME=$work/home "$top/stap/stap" -g -r "$k" -p4 -m t_compat -e "$script" > out 2> err); then
		ok "$k: a module using every wrapper builds"
	else
		bad "$k: module using every wrapper does not build" "$(tail -n 15 "$work/err")"
	fi
done
echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
