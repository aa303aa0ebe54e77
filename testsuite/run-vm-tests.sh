#!/bin/bash
# run-vm-tests.sh - build and run the VM run tests (testsuite/run/*.t).
#
#   testsuite/run-vm-tests.sh [-k] [-j JOBS] [-r KVER] [TEST.t|NAME ...]
#
# Each test's module is built with our `stap -p4 -m NAME [STAP_OPTS]`
# (JOBS at a time, default 2, through the module cache), then every module
# runs in one VM boot per distinct SMP value via `stap-vm batch`.  Output
# (stdout) is compared with EXPECT (exact) or EXPECT_RE (one extended regex
# per output line, anchored); stderr must contain the EXPECT_STDERR lines
# (substrings) and EXPECT_STDERR_RE lines (regexes), each on its own line,
# in order; the exit status must be EXPECT_RC, or 0 when the test checks
# neither stdout nor the status.  Every test fails when the guest agent had
# to remove its module (left loaded) or the kernel logged a problem (Oops,
# BUG, WARNING, ... see stap-vm's .note) or the run hit its TIMEOUT (a
# test ends by itself: exit(), its WORKLOAD, or staprun -T in ARGS; a
# timeout cut short is how a slow machine turned into wrong output).  A test whose module fails to build fails
# with the tail of its build log.  Prints "PASS: name" / "FAIL: name" and a
# final "N passed, N failed" line; exits 1 if anything failed.
#
# Files: the module runs in a job directory of the guest, and the files it
# leaves there (staprun -o FILE, -S rotations, -b per-CPU files) come back;
# EXPECT_FILES is compared (exact) with the output of FILES_CMD, shell text
# run in the directory of those files (default: "== NAME" and the contents
# of each, sorted by name; $top is the tree).  GUEST_SH replaces the
# guest's `staprun MODULE ARGS` with shell text (lines joined by ';')
# in which $MODULE is the module's path in the guest.
#
# Invariant: every test selected ends as exactly one PASS or FAIL line, even
# when the VM dies (stap-vm records such a test with no .rc file).
#
# INSMOD NAME... names kernel modules (loop, ...) that the guest loads at
# boot for the module probes of a test.
#
# Environment: STAP (our stap), STAP_VM (stap-vm), KEEP=1 (= -k, keep the
# work directory), STAP_VM_OPTS (extra stap-vm options).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/testsuite/kver.sh"
jobs=2 keep=${KEEP:-0} kver=$(kver_default)
while getopts "kj:r:" o; do
	case $o in
	k) keep=1 ;;
	j) jobs=$OPTARG ;;
	r) kver=$OPTARG ;;
	*) echo "usage: $0 [-k] [-j JOBS] [-r KVER] [TEST.t|NAME ...]" >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))

stap=${STAP:-$top/stap/stap}
stapvm=${STAP_VM:-}
for c in "$top/stap/vm/stap-vm" "$top/stap/stap-vm"; do
	[ -z "$stapvm" ] && [ -x "$c" ] && stapvm=$c
done
work=$(mktemp -d /tmp/stap-vmtests.XXXXXX)
if [ "$keep" = 1 ]; then
	echo "work directory: $work"
else
	trap 'rm -rf "$work"' EXIT
fi
npass=0 nfail=0

# ---- parse: one directory per test, one file per block ----

# Split .t files into $work/tests/NAME/{SCRIPT,EXPECT,...}.  A block is a
# keyword line ("KEY" or "KEY value") followed by the lines up to the next
# keyword line; NAME starts a new test.  "#" lines between blocks are
# comments.  The file order of tests is kept in $work/order.
parse_t() {
	awk -v dir="$work/tests" -v order="$work/order" -v src="$1" '
	function flush() {
		if (name == "" || key == "") return
		sub(/\n+$/, "\n", text)	# blank lines end a block
		if (text == "\n") text = ""
		printf "%s", text > (dir "/" name "/" key)
		close(dir "/" name "/" key)
	}
	function start(k, rest) {
		flush(); key = k; text = ""
		if (rest != "") text = rest "\n"
	}
	/^(NAME|SCRIPT_FILE|SCRIPT|EXPECT|EXPECT_RE|EXPECT_SHAPE|EXPECT_STDERR|EXPECT_STDERR_RE|EXPECT_RC|EXPECT_FILES|FILES_CMD|GUEST_SH|STAP_OPTS|SCRIPT_ARGS|WORKLOAD|TIMEOUT|INTERRUPT|SMP|ARGS|INSMOD)([ \t]|$)/ {
		k = $1; rest = $0; sub(/^[A-Z_]+[ \t]*/, "", rest)
		if (k == "NAME") {
			flush(); key = ""; name = rest
			gsub(/[^A-Za-z0-9_.-]/, "_", name)
			system("mkdir -p \"" dir "/" name "\"")
			print src > (dir "/" name "/FILE")
			close(dir "/" name "/FILE")
			print name >> order
			next
		}
		start(k, rest); next
	}
	key == "" && /^#/ { next }
	key != "" { text = text $0 "\n" }
	END { flush() }' "$1"
}

select_tests() {
	local t
	mkdir -p "$work/tests"
	: > "$work/order"
	if [ $# -eq 0 ]; then
		set -- "$top"/testsuite/run/*.t
	fi
	for t in "$@"; do
		if [ -f "$t" ]; then
			parse_t "$t"
		elif [ -f "$top/testsuite/run/$t.t" ]; then
			parse_t "$top/testsuite/run/$t.t"
		else
			# a test that cannot be found fails: never "0 failed"
			echo "FAIL: $t (no such test file or name)"
			nfail=$((nfail + 1))
		fi
	done
}

# ---- build: stap -p4 -m MODNAME in each test's directory ----

# Module names allow [a-z0-9_] only: "t_" + the test name, mangled.
modname() {
	local m
	m=t_$(printf '%s' "$1" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9_' '_')
	printf '%s' "${m:0:50}"
}

build_one() {
	local name=$1 d=$work/tests/$1 mod ko
	mod=$(modname "$name")
	# SCRIPT_FILE path: the script is a file of the tree (an example)
	if [ -f "$d/SCRIPT_FILE" ]; then
		cp "$top/$(head -n 1 "$d/SCRIPT_FILE")" "$d/SCRIPT" 2> "$d/build.log" || return
	fi
	[ -f "$d/SCRIPT" ] || { echo "test has no SCRIPT block" > "$d/build.log"; return; }
	# STAP_OPTS: shell words, e.g. -DMAXERRORS=2 (one or more lines)
	# SCRIPT_ARGS: shell words after the script ($1, @1, ...)
	set --
	[ -f "$d/STAP_OPTS" ] && eval "set -- $(tr '\n' ' ' < "$d/STAP_OPTS")"
	set -- "$@" SCRIPT
	[ -f "$d/SCRIPT_ARGS" ] && eval "set -- \"\$@\" $(tr '\n' ' ' < "$d/SCRIPT_ARGS")"
	(cd "$d" && "$stap" -p4 -r "$kver" -m "$mod" "$@" \
		${STAP_BUILD_OPTS:-} > build.out 2> build.log) || return
	# -p4 prints the module's path: NAME.ko here, or the cache entry
	ko=$(tail -n 1 "$d/build.out")
	case $ko in /*) ;; *) ko=$d/$ko ;; esac
	if [ -f "$ko" ]; then
		echo "$ko" > "$d/MODULE"
	else
		echo "stap -p4 printed no module path ('$ko')" >> "$d/build.log"
	fi
}

build_all() {
	local name running=0
	while read -r name; do
		build_one "$name" &
		running=$((running + 1))
		if [ "$running" -ge "$jobs" ]; then
			wait -n
			running=$((running - 1))
		fi
	done < "$work/order"
	wait
}

# ---- run: one stap-vm batch per SMP value ----

# staprun arguments: -c WORKLOAD (quoted for the guest's sh), ARGS verbatim.
run_args() {
	local d=$1 w
	if [ -s "$d/GUEST_SH" ]; then
		printf '!%s' "$(tr '\t' ' ' < "$d/GUEST_SH" |
			awk '{ printf "%s%s", $0, /&[ ]*$/ ? " " : "; " }')"
		return
	fi
	if [ -s "$d/WORKLOAD" ]; then
		w=$(tr '\n' ';' < "$d/WORKLOAD" | sed 's/;*$//')
		printf -- "-c '%s'" "$(printf '%s' "$w" | sed "s/'/'\\\\''/g")"
	fi
	[ -s "$d/ARGS" ] && printf ' %s' "$(tr '\n' ' ' < "$d/ARGS")"
}

write_lists() {
	local name d smp timeout
	rm -f "$work"/list.*
	while read -r name; do
		d=$work/tests/$name
		[ -f "$d/MODULE" ] || continue
		smp=$(tr -dc '0-9' 2>/dev/null < "$d/SMP"); smp=${smp:-1}
		timeout=$(tr -dc '0-9' 2>/dev/null < "$d/TIMEOUT")
		[ -f "$d/INTERRUPT" ] && timeout=$(tr -dc '0-9' < "$d/INTERRUPT")
		timeout=${timeout:-30}
		printf '%s\t%s\t%s\t%s\n' "$name" "$(cat "$d/MODULE")" \
			"$timeout" "$(run_args "$d")" >> "$work/list.$smp"
		[ -s "$d/INSMOD" ] && cat "$d/INSMOD" >> "$work/insmod.$smp"
	done < "$work/order"
}

# INSMOD NAME...: the kernel's own modules the batch's guest loads at boot
# (a module probe needs its module loaded), as stap-vm --insmod PATH.
insmod_opts() {	# smp
	local m p
	[ -f "$work/insmod.$1" ] || return 0
	for m in $(tr ' ' '\n' < "$work/insmod.$1" | sort -u); do
		p=$(modinfo -k "$kver" -n "$m" 2>/dev/null) &&
			printf -- '--insmod %s ' "$p"
	done
}

run_all() {
	local list smp
	for list in "$work"/list.*; do
		[ -f "$list" ] || continue
		smp=${list##*.}
		# shellcheck disable=SC2046
		"$stapvm" batch -k "$kver" --smp "$smp" ${STAP_VM_OPTS:-} \
			$(insmod_opts "$smp") \
			-o "$work/results" "$list" > "$work/vm.$smp.log" 2>&1
	done
}

# ---- compare ----

# EXPECT_RE: the output has as many lines as there are regexes, and each
# line matches its regex in full.
match_re() {	# regexfile outfile
	awk -v out="$2" '
	{ re[NR] = $0 }
	END {
		n = 0
		while ((getline line < out) > 0) {
			n++
			if (n > NR || line !~ ("^(" re[n] ")$")) {
				printf "line %d: \"%s\" does not match /%s/\n", n, line, re[n]
				exit 1
			}
		}
		if (n != NR) { printf "%d lines of output, %d expected\n", n, NR; exit 1 }
	}' "$1"
}

# EXPECT_SHAPE: output of any length whose every line matches one of the
# regexes in full; each regex marked "+ " in front must match some line
# (so the output cannot be empty or lack what the test is about).
match_shape() {	# regexfile outfile
	awk -v out="$2" '
	{ need[NR] = sub(/^\+ /, ""); re[NR] = $0 }
	END {
		while ((getline line < out) > 0) {
			ok = 0
			for (i = 1; i <= NR; i++)
				if (line ~ ("^(" re[i] ")$")) { ok = 1; seen[i] = 1 }
			if (!ok) { printf "line \"%s\" matches no shape\n", line; exit 1 }
		}
		for (i = 1; i <= NR; i++)
			if (need[i] && !seen[i]) { printf "no line matches /%s/\n", re[i]; exit 1 }
	}' "$1"
}

# EXPECT_STDERR (substrings) / EXPECT_STDERR_RE (extended regexes): each
# line must match a line of stderr, later than the previous one's match.
match_in_order() {	# patternfile errfile re(0|1)
	awk -v err="$2" -v isre="$3" '
	{ pat[NR] = $0 }
	END {
		i = 1
		while (i <= NR && (getline line < err) > 0)
			if (isre ? line ~ pat[i] : index(line, pat[i]) > 0)
				i++
		if (i <= NR) {
			printf "stderr line %d of %d not found (in order): %s\n", i, NR, pat[i]
			exit 1
		}
	}' "$1"
}

# stderr and exit status checks; prints why on failure.
check_err_rc() {	# testdir resultbase
	local d=$1 r=$2 rc want
	if [ -f "$d/EXPECT_STDERR" ]; then
		match_in_order "$d/EXPECT_STDERR" "$r.err" 0 || return 1
	fi
	if [ -f "$d/EXPECT_STDERR_RE" ]; then
		match_in_order "$d/EXPECT_STDERR_RE" "$r.err" 1 || return 1
	fi
	rc=$(cat "$r.rc")
	if [ -f "$d/EXPECT_RC" ]; then
		want=$(head -n 1 "$d/EXPECT_RC" | tr -dc '0-9')
		if [ "$rc" != "$want" ]; then
			echo "exit status $rc, expected $want"
			return 1
		fi
	elif [ ! -f "$d/EXPECT" ] && [ ! -f "$d/EXPECT_RE" ] &&
	     [ ! -f "$d/EXPECT_SHAPE" ] && [ "$rc" != 0 ]; then
		echo "exit status $rc"
		return 1
	fi
	return 0
}

# EXPECT_FILES against FILES_CMD's output in the returned files' directory
check_files() {	# testdir resultbase
	local d=$1 r=$2 cmd='for f in $(ls | sort); do echo "== $f"; cat "$f"; done'
	[ -f "$d/FILES_CMD" ] && cmd=$(cat "$d/FILES_CMD")
	mkdir -p "$r.files"
	(cd "$r.files" && top=$top sh -c "$cmd") > "$r.files.out" 2>&1
	cmp -s "$d/EXPECT_FILES" "$r.files.out" && return 0
	diff -u "$d/EXPECT_FILES" "$r.files.out" | tail -n +3
	return 1
}

fail() {	# name, reason, details
	echo "FAIL: $1 ($2)"
	printf '%s\n' "$3" | sed 's/^/    /'
	nfail=$((nfail + 1))
}

# What the VM said of a result, first (a failure excerpt may be cut short):
# its "NAME rc=N TIME" line and the note (timeout, module left, oops).
vm_context() {	# name
	grep -h "^$1 " "$work"/vm.*.log 2>/dev/null | head -n 1
	cat "$work/results/$1.note" 2>/dev/null
}

check_one() {
	local name=$1 d=$work/tests/$1 r=$work/results/$1 why
	if [ ! -f "$d/MODULE" ]; then
		fail "$name" "module build failed" \
			"$(tail -n 20 "$d/build.log" 2>/dev/null)"
		return
	fi
	if [ ! -f "$r.rc" ]; then
		fail "$name" "no result from the VM" \
			"$(cat "$r.note" "$r.err" 2>/dev/null; tail -n 5 "$work"/vm.*.log)"
		return
	fi
	touch "$r.out"
	if [ -f "$d/EXPECT" ]; then
		if ! cmp -s "$d/EXPECT" "$r.out"; then
			fail "$name" "output differs" \
				"$(vm_context "$name"; diff -u "$d/EXPECT" "$r.out" | tail -n +3; cat "$r.err" 2>/dev/null)"
			return
		fi
	elif [ -f "$d/EXPECT_RE" ]; then
		if ! why=$(match_re "$d/EXPECT_RE" "$r.out" 2>&1); then
			fail "$name" "output does not match" \
				"$(echo "$why"; vm_context "$name"; cat "$r.out" "$r.err" 2>/dev/null)"
			return
		fi
	elif [ -f "$d/EXPECT_SHAPE" ]; then
		if ! why=$(match_shape "$d/EXPECT_SHAPE" "$r.out" 2>&1); then
			fail "$name" "output does not have the shape" \
				"$(echo "$why"; vm_context "$name"; head -n 20 "$r.out"; cat "$r.err" 2>/dev/null)"
			return
		fi
	fi
	touch "$r.err"
	local bad='left loaded|kernel reported a problem|abandoned|timed out'
	[ -f "$d/INTERRUPT" ] && bad='left loaded|kernel reported a problem|abandoned'
	if [ -f "$r.note" ] && grep -qE "$bad" "$r.note"; then
		fail "$name" "timed out, module left loaded or kernel problem" \
			"$(cat "$r.note"; head -n 30 "$r.dmesg" 2>/dev/null)"
		return
	fi
	if [ -f "$d/EXPECT_FILES" ] && ! why=$(check_files "$d" "$r"); then
		fail "$name" "output files differ" \
			"$(echo "$why"; cat "$r.err" "$r.note" 2>/dev/null)"
		return
	fi
	if ! why=$(check_err_rc "$d" "$r"); then
		fail "$name" "stderr or exit status" \
			"$(echo "$why"; echo "--- stderr:"; cat "$r.err" "$r.note" 2>/dev/null)"
		return
	fi
	echo "PASS: $1"
	npass=$((npass + 1))
}

select_tests "$@"
if [ ! -s "$work/order" ]; then
	echo "0 passed, $nfail failed"
	[ "$nfail" -eq 0 ]
	exit
fi
if [ ! -x "$stap" ] || [ -z "$stapvm" ]; then
	echo "run-vm-tests: need $stap and stap-vm (make all stapvm)" >&2
	while read -r name; do
		fail "$name" "not run" "missing stap or stap-vm"
	done < "$work/order"
	echo "$npass passed, $nfail failed"
	exit 1
fi
build_all
write_lists
run_all
while read -r name; do
	check_one "$name"
done < "$work/order"
echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
