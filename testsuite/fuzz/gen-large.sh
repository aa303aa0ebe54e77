#!/bin/sh
# gen-large.sh DIR - write large seed inputs for the fuzz corpus: deep
# (nesting), wide (many parameters, arguments, probes, globals) and long
# (flat chains of 10,000 terms) scripts.  Every recursive walk must end
# them with a clean error or handle them; none may crash the translator.
set -eu
dir=${1:?usage: gen-large.sh DIR}
mkdir -p "$dir"
rep() {	# count, text
	awk -v n="$1" -v t="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", t }'
}
{ printf 'probe begin { x = '; rep 2000 '('; printf 1; rep 2000 ')'; echo '; println(x) }'; } >"$dir/deep-parens.stp"
{ printf 'probe begin '; rep 2000 '{ '; rep 2000 '} '; echo; } >"$dir/deep-blocks.stp"
{ printf 'probe begin { x = 0'; rep 10000 ' + 1'; echo '; println(x) }'; } >"$dir/long-sum.stp"
{ printf 'probe begin { x = "a"'; rep 10000 ' . "b"'; echo '; println(x) }'; } >"$dir/long-concat.stp"
{ printf 'function f(a0'; i=1; while [ $i -lt 300 ]; do printf ', a%d' $i; i=$((i + 1)); done
  printf ') { return a0 }\nprobe begin { println(f(0'; rep 299 ', 1'; echo ')) }'; } >"$dir/wide-call.stp"
{ i=0; while [ $i -lt 500 ]; do echo "global g$i"; echo "probe timer.ms($((i + 1))) { g$i++ }"; i=$((i + 1)); done; } >"$dir/wide-probes.stp"
{ printf 'probe begin { if (1) x = 1'; rep 1000 ' else if (1) x = 1'; echo ' }'; } >"$dir/long-elseif.stp"
