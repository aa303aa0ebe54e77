# syscalls-gen.awk - writes the syscall.* / nd_syscall.* tapset from the
# table syscalls.tbl (run at build time: the output is not committed).
#
# A table line is  NAME [KFUNCS [RET]] TAB| ARGS [TAB| ARGSTR [TAB| EXTRA]]
# (columns start with a tab and "|", so "||" may appear in expressions)
#   KFUNCS  the kernel's syscall names the alias covers, comma-separated
#           ("-" or absent: NAME itself); each is probed at __x64_sys_K
#           (DWARF; __do_sys_K where the wrapper has no DWARF of its own),
#           else by a kprobe on __x64_sys_K (no debuginfo); a K starting
#           with "__" is a whole symbol (the ia32 compat entry points)
#   RET     return_str() base of retstr: 1 decimal, 2 hex, 3 octal
#   ARGS    VAR:KIND per syscall argument, in argument order ("_" skips one)
#   ARGSTR  a stap expression replacing the default argstr (the pieces of
#           ARGS joined by ", ")
#   EXTRA   stap statements run after the variables are set
# KIND is int, uint, long, ulong, ptr, hex, lhex, oct, path (the quoted
# string and VAR_unquoted), upath (path plus VAR_uaddr), path/NAME (path
# plus NAME for the address), spath (no VAR_unquoted), dfd (VAR_str is
# AT_FDCWD or the number), or BASE/FUNC[/DERIVED]: VAR read as BASE and
# DERIVED (default VAR_str) = FUNC(VAR), shown in argstr.
BEGIN { FS = "\t[|]" }

function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }

function rd(base, n) {
	if (base == "int" || base == "hex" || base == "oct")
		return "__sc_int(" n ")"
	if (base == "uint")
		return "__sc_uint(" n ")"
	return "__sc_long(" n ")"
}

function fmt(base) {
	if (base == "int" || base == "long") return "%d"
	if (base == "uint" || base == "ulong") return "%u"
	if (base == "ptr") return "%p"
	if (base == "hex" || base == "lhex") return "%#x"
	if (base == "oct") return "%#o"
	return "%s"
}

# Sets body (statements), pfmt/pargs (the default argstr) for ARGS.
function args(spec,    a, na, i, v, k, n, kk, nk, d) {
	body = ""; pfmt = ""; pargs = ""
	na = split(trim(spec), a, /[ \t]+/)
	n = 0
	for (i = 1; i <= na; i++) {
		if (a[i] == "")
			continue
		n++
		if (a[i] == "_")
			continue
		v = a[i]; sub(/:.*/, "", v)
		k = a[i]; sub(/^[^:]*:/, "", k)
		if (k ~ /^(path|upath|spath)(\/|$)/) {
			if (k == "upath")
				body = body "\t" v "_uaddr = __sc_long(" n ")\n"
			if (k ~ /^path\//)
				body = body "\t" substr(k, 6) " = __sc_long(" n ")\n"
			body = body "\t" v " = __sc_path(__sc_long(" n "))\n"
			if (k != "spath")
				body = body "\t" v "_unquoted = __sc_path_raw(__sc_long(" n "))\n"
			piece("%s", v)
		} else if (k == "dfd") {
			body = body "\t" v " = __sc_int(" n ")\n"
			body = body "\t" v "_str = __sc_dfd_str(" v ")\n"
			piece("%s", v "_str")
		} else if (index(k, "/")) {
			nk = split(k, kk, "/")
			d = nk >= 3 ? kk[3] : v "_str"
			body = body "\t" v " = " rd(kk[1], n) "\n"
			body = body "\t" d " = " kk[2] "(" v ")\n"
			piece("%s", d)
		} else {
			body = body "\t" v " = " rd(k, n) "\n"
			piece(fmt(k), v)
		}
	}
}

function piece(f, v) {
	pfmt = pfmt (pfmt == "" ? "" : ", ") f
	pargs = pargs ", " v
}

# A full symbol (K starting with "__", e.g. __ia32_compat_sys_execve for
# a 32-bit task's call): DWARF at it, else a kprobe.
function layer_sym(k,    a) {
	a = k; sub(/^_+/, "", a)
	printf "probe __syscall.%s = kernel.function(\"%s\").call !, kprobe.function(\"%s\") ? { }\n", a, k, k
	printf "probe __syscall.%s.return = kernel.function(\"%s\").return !, kprobe.function(\"%s\").return ? { }\n", a, k, k
	printf "probe __nd_syscall.%s = kprobe.function(\"%s\") ? { }\n", a, k
	printf "probe __nd_syscall.%s.return = kprobe.function(\"%s\").return ? { }\n", a, k
}

# One DWARF-or-kprobe and one kprobe-only alias per kernel syscall K.
function layer(k) {
	if (k in seen)
		return
	seen[k] = 1
	if (k ~ /^__/)
		return layer_sym(k)
	printf "probe __syscall.%s = kernel.function(\"__x64_sys_%s\").call !,\n", k, k
	printf "\tkernel.function(\"__do_sys_%s\").call !, kprobe.function(\"__x64_sys_%s\") ?\n", k, k
	printf "{ }\n"
	printf "probe __syscall.%s.return = kernel.function(\"__x64_sys_%s\").return !,\n", k, k
	printf "\tkernel.function(\"__do_sys_%s\").return !, kprobe.function(\"__x64_sys_%s\").return ?\n", k, k
	printf "{ }\n"
	printf "probe __nd_syscall.%s = kprobe.function(\"__x64_sys_%s\") ? { }\n", k, k
	printf "probe __nd_syscall.%s.return = kprobe.function(\"__x64_sys_%s\").return ? { }\n", k, k
}

function targets(pfx, ks, sfx,    t, i, n, kv, k) {
	n = split(ks, kv, ",")
	t = ""
	for (i = 1; i <= n; i++) {
		k = kv[i]; sub(/^_+/, "", k)
		t = t (i > 1 ? ", " : "") pfx "." k sfx " ?"
	}
	return t
}

function emit(name, ks, ret, entry, vars) {
	printf "\n/**\n * probe syscall.%s - Entry to the %s system call\n", name, name
	printf " *\n * @name: \"%s\"\n * @argstr: the arguments as one string\n", name
	printf " *\n * Context: The process making the call.  Variables: %s.\n */\n", vars
	printf "probe syscall.%s = %s\n{\n%s}\n", name, targets("__syscall", ks, ""), entry
	printf "/**\n * probe nd_syscall.%s - Entry to the %s system call, by kprobe\n", name, name
	printf " *\n * Description: syscall.%s without debuginfo: the same variables.\n */\n", name
	printf "probe nd_syscall.%s = %s\n{\n%s}\n", name, targets("__nd_syscall", ks, ""), entry
	printf "\n/**\n * probe syscall.%s.return - Return from the %s system call\n", name, name
	printf " *\n * @name: \"%s\"\n * @retval: the value returned\n", name
	printf " * @retstr: @retval as text, error codes named (\"-2 (ENOENT)\")\n */\n"
	r = "\tname = \"" name "\"\n\tretval = returnval()\n"
	r = r "\tretstr = return_str(" ret ", retval)\n"
	printf "probe syscall.%s.return = %s\n{\n%s}\n", name, targets("__syscall", ks, ".return"), r
	printf "/**\n * probe nd_syscall.%s.return - Return from the %s system call, by kprobe\n", name, name
	printf " *\n * Description: syscall.%s.return without debuginfo: the same variables.\n */\n", name
	printf "probe nd_syscall.%s.return = %s\n{\n%s}\n", name, targets("__nd_syscall", ks, ".return"), r
}

/^[ \t]*(#|$)/ { next }
{
	nh = split(trim($1), h, /[ \t]+/)
	name = h[1]
	ks = (nh >= 2 && h[2] != "-") ? h[2] : name
	ret = nh >= 3 ? h[3] : 1
	args($2)
	a = trim($3)
	if (a == "")
		a = "sprintf(\"" pfmt "\"" pargs ")"
	if (pfmt == "" && trim($3) == "")
		a = "\"\""
	entry = "\tname = \"" name "\"\n" body
	x = trim($4)
	if (x != "")
		entry = entry "\t" x "\n"
	entry = entry "\targstr = " a "\n"
	vars = trim($2); gsub(/:[^ \t]*/, "", vars); gsub(/[ \t]+_?/, ", ", vars)
	if (vars == "" || vars == "_") vars = "none"
	nk = split(ks, kv, ",")
	for (i = 1; i <= nk; i++)
		layer(kv[i])
	emit(name, ks, ret, entry, vars)
}
