#!/bin/sh
# syscalls_gen.sh - the generator of the syscall.* tapset
# (tapsets/linux/syscalls-gen.awk) over a small table: argument readers
# per kind, derived variables, "||" inside an argstr column, several
# kernel calls under one name, whole __ia32_* symbols, return bases.
# Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/stap-scgen.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
T=$(printf '\t')
cat >"$work/t.tbl" <<TBL
# a comment, then a blank line

openat${T}-${T}1${T}| dfd:dfd filename:path flags:int/__sc_open_flags_str mode:oct${T}| (flags & 64) || 0 ? "c" : "n"
getdents${T}getdents,getdents64${T}1${T}| fd:int _ count:uint
brk${T}-${T}2${T}| brk:ptr
sgetmask${T}__ia32_sys_sgetmask${T}1${T}|
kill${T}-${T}1${T}| pid:int sig:int/signal_str/sig_name${T}|${T}| extra = 1
TBL
awk -f "$top/tapsets/linux/syscalls-gen.awk" "$work/t.tbl" >"$work/out.stp"

want() {	# description, fixed string the output must hold
	if grep -qF -- "$2" "$work/out.stp"; then
		pass=$((pass + 1)); echo "PASS: $1"
	else
		fail=$((fail + 1)); echo "FAIL: $1: no line with: $2"
	fi
}
want "dfd kind" 'dfd_str = __sc_dfd_str(dfd)'
want "path kind, quoted" 'filename = __sc_path(__sc_long(2))'
want "path kind, unquoted" 'filename_unquoted = __sc_path_raw(__sc_long(2))'
want "derived flags" 'flags_str = __sc_open_flags_str(flags)'
want "oct reads an int" 'mode = __sc_int(4)'
want "argstr column keeps ||" 'argstr = (flags & 64) || 0 ? "c" : "n"'
want "skipped argument" 'count = __sc_uint(3)'
want "two kernel calls" 'probe syscall.getdents = __syscall.getdents ?, __syscall.getdents64 ?'
want "DWARF, __do_sys, kprobe" 'kernel.function("__do_sys_getdents64").call !, kprobe.function("__x64_sys_getdents64") ?'
want "default argstr" 'argstr = sprintf("%d, %u", fd, count)'
want "return base" 'retstr = return_str(2, retval)'
want "whole symbol" 'probe __syscall.ia32_sys_sgetmask = kernel.function("__ia32_sys_sgetmask").call !, kprobe.function("__ia32_sys_sgetmask") ? { }'
want "no arguments" 'argstr = ""'
want "named derived variable" 'sig_name = signal_str(sig)'
want "extra statements" '	extra = 1'
want "nd_ alias" 'probe nd_syscall.kill.return = __nd_syscall.kill.return ?'
want "doc comment" ' * probe syscall.brk - Entry to the brk system call'
if "$top/stap/stap" -p1 "$work/out.stp" >/dev/null 2>"$work/err"; then
	pass=$((pass + 1)); echo "PASS: the output parses"
else
	fail=$((fail + 1)); echo "FAIL: the output parses: $(head -c 300 "$work/err")"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
