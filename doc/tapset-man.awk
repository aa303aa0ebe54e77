# tapset-man.awk - man pages from the tapset doc comments (build time).
#
#   awk -v OUT=DIR -v DATE="Month YYYY" -v VERSION=V -f tapset-man.awk \
#       tapsets/*.stp tapsets/*.stpm ...
#
# Writes, in the layout of SystemTap's generated reference pages (NAME,
# SYNOPSIS, ARGUMENTS or VALUES, DESCRIPTION, SEE ALSO):
#   DIR/function::NAME.3stap   one per public tapset function
#   DIR/probe::NAME.3stap      one per public probe alias, its variables
#                              under VALUES
#   DIR/macro::NAME.3stap      one per documented library macro
#   DIR/tapset::NAME.3stap     one per tapset (file basename; foo.stp and
#                              foo.stpm make one tapset), listing the above
# and prints one line per page written.  Public means the name does not
# start with '_'.  A public function, alias or macro without a doc comment
# still gets a page (its SYNOPSIS) and is reported on stderr as
# "undocumented: FILE:LINE: KIND NAME", so the docs test can fail on it.
#
# Doc comment format (kernel-doc, as SystemTap's tapsets write it):
#   /**
#    * sfunction NAME - one-line summary      (or: probe, smacro)
#    * @arg: what the argument (or probe variable) is
#    *
#    * Description: paragraphs; a blank line starts a new one, a line
#    * indented by two or more spaces is kept verbatim.
#    * Context: / Returns: / any "Label:" starts a section of that name.
#    */
# followed by the declaration it documents.

BEGIN {
	if (OUT == "")
		OUT = "."
	npages = 0
}

# ---- roff helpers ----
function esc(s) {
	gsub(/\\/, "\\e", s)
	return s
}

function lead(s) {	# a text line must not start a request
	if (s ~ /^[.']/)
		s = "\\&" s
	return s
}

function trim(s) {
	sub(/^[ \t]+/, "", s)
	sub(/[ \t]+$/, "", s)
	return s
}

# ---- per file: the header comment names and describes the tapset ----
FNR == 1 {
	file_end()
	tap = FILENAME
	sub(/.*\//, "", tap)
	sub(/\.stpm?$/, "", tap)
	header = 1
	indoc = 0
	want_decl = 0
	if (!(tap in tapseen)) {
		tapseen[tap] = 1
		taporder[++ntap] = tap
	}
}

header && /^\/\// {
	t = $0
	sub(/^\/\/ ?/, "", t)
	taphead[tap] = taphead[tap] (taphead[tap] == "" ? "" : "\n") t
	next
}
header { header = 0 }

# ---- doc comment blocks ----
!indoc && /^[ \t]*\/\*\*[ \t]*$/ { indoc = 1; nd = 0; docline = FNR; next }
indoc {
	t = $0
	if (t ~ /\*\//) {
		sub(/[ \t]*\*\/.*/, "", t)
		indoc = 0
		want_decl = 1
	}
	sub(/^[ \t]*\*( |$)/, "", t)
	if (indoc || trim(t) != "")
		doc[++nd] = t
	if (!indoc)
		doc_parse()
	next
}

# The declaration after a doc comment, or any public one without.
/^[ \t]*(function|probe)[ \t]/ || /^@define[ \t]/ {
	decl_start()
	next
}
indecl {
	decl_add($0)
	next
}
want_decl && !/^[ \t]*$/ { want_decl = 0 }

function file_end() {
	if (indecl)
		decl_done()
}

# ---- parsing a doc block into kind, name, summary, items, sections ----
function doc_parse(   i, t, cur) {
	d_kind = d_name = d_sum = ""
	d_nargs = d_nsec = 0
	cur = ""
	for (i = 1; i <= nd; i++) {
		t = doc[i]
		if (d_kind == "" && t ~ /^(sfunction|function|probe|smacro|macro) [^ ]+( +- |$)/) {
			d_kind = t
			sub(/ .*/, "", d_kind)
			sub(/^s/, "", d_kind)
			d_name = t
			sub(/^[a-z]+ /, "", d_name)
			sub(/ .*/, "", d_name)
			d_sum = t
			sub(/^[a-z]+ [^ ]+ *-? */, "", d_sum)
			cur = "sum"
		} else if (t ~ /^@[A-Za-z0-9_]+:/) {
			d_nargs++
			d_argn[d_nargs] = substr(t, 2, index(t, ":") - 2)
			d_argt[d_nargs] = trim(substr(t, index(t, ":") + 1))
			cur = "arg"
		} else if (t ~ /^[A-Z][A-Za-z ]*:( |$)/ && cur != "lit") {
			d_nsec++
			d_secn[d_nsec] = toupper(substr(t, 1, index(t, ":") - 1))
			d_sect[d_nsec] = trim(substr(t, index(t, ":") + 1))
			cur = "sec"
		} else if (trim(t) == "") {
			if (cur == "sec")
				d_sect[d_nsec] = d_sect[d_nsec] "\n"
			else
				cur = ""
		} else if (cur == "sum") {
			d_sum = d_sum " " trim(t)
		} else if (cur == "arg") {
			d_argt[d_nargs] = d_argt[d_nargs] " " trim(t)
		} else {
			if (cur != "sec") {	# text before any label
				d_nsec++
				d_secn[d_nsec] = "DESCRIPTION"
				d_sect[d_nsec] = ""
				cur = "sec"
			}
			d_sect[d_nsec] = d_sect[d_nsec] "\n" t
		}
	}
	d_file = FILENAME
	d_line = docline
}

# ---- declarations ----
function decl_start() {
	indecl = 1
	declt = ""
	declline = FNR
	decl_add($0)
}

function decl_add(s,   t, nopen, nclose) {
	declt = declt " " trim(s)
	t = declt
	if (t ~ /^ *function/) {
		nopen = gsub(/\(/, "(", t)
		nclose = gsub(/\)/, ")", t)
		if (nopen && nopen == nclose)
			decl_done()
		else if (t ~ /%\{|\{/ && !nopen)
			decl_done()
	} else if (t ~ /^ *@define/) {
		if (t !~ /^ *@define +[A-Za-z0-9_]+ *\(/ || t ~ /\)/)
			decl_done()
	} else if (t ~ /\+?=|\{/)
		decl_done()
}

function decl_done(   t, kind, sig, names, n, i, nm) {
	indecl = 0
	t = trim(declt)
	kind = t
	sub(/[ \t].*/, "", kind)
	if (kind == "@define")
		kind = "macro"
	sub(/^(function|probe|@define)[ \t]+/, "", t)
	if (kind == "function") {
		sig = t
		sub(/\).*/, ")", sig)
		gsub(/[ \t]+\(/, "(", sig)
		gsub(/[ \t]+/, " ", sig)
		nm = sig
		sub(/[:( ].*/, "", nm)
		entry(kind, nm, sig)
	} else if (kind == "macro") {
		sig = t
		if (sig ~ /^[A-Za-z0-9_]+ *\(/)
			sub(/\).*/, ")", sig)
		else
			sub(/[ \t%].*/, "", sig)
		gsub(/[ \t]+\(/, "(", sig)
		nm = sig
		sub(/\(.*/, "", nm)
		entry(kind, nm, "@" sig)
	} else {
		names = t
		sub(/[ \t]*\+?=.*/, "", names)
		sub(/[ \t]*\{.*/, "", names)
		n = split(names, nms, /[ \t]*,[ \t]*/)
		for (i = 1; i <= n; i++)
			entry(kind, trim(nms[i]), trim(nms[i]))
	}
	want_decl = 0
}

# One declaration: documented if a doc block of the same name precedes it.
function entry(kind, nm, sig,   key, i, documented) {
	if (nm == "" || nm ~ /^_/)
		return
	if (kind == "probe" && nm ~ /^(begin|end|error|never|kernel|module|process|timer|kprobe|procfs|perf)(\.|\(|$)/)
		return	# a probe of a built-in family, not an alias
	key = kind "::" nm
	documented = want_decl && d_name != "" && (d_name == nm || kind == "probe")
	if (!(key in pkind)) {
		pkind[key] = kind
		pname[key] = nm
		ptap[key] = tap
		porder[++npages] = key
		tapents[tap] = tapents[tap] SUBSEP key
	}
	psig[key] = psig[key] (psig[key] == "" ? "" : "\n") sig
	if (!documented) {
		if (!(key in psum))
			undoc[key] = FILENAME ":" declline ": " kind " " nm
		return
	}
	delete undoc[key]
	if (!(key in psum) || psum[key] == "")
		psum[key] = d_sum
	for (i = 1; i <= d_nargs; i++)
		if (!((key, d_argn[i]) in pargseen)) {
			pargseen[key, d_argn[i]] = 1
			pnargs[key]++
			pargn[key, pnargs[key]] = d_argn[i]
			pargt[key, pnargs[key]] = d_argt[i]
		}
	for (i = 1; i <= d_nsec; i++) {
		if (!((key, d_secn[i]) in psecseen)) {
			psecseen[key, d_secn[i]] = 1
			pnsec[key]++
			psecn[key, pnsec[key]] = d_secn[i]
		}
		psect[key, d_secn[i]] = psect[key, d_secn[i]] "\n" d_sect[i]
	}
}

# ---- writing pages ----
function th(f, title, manual) {
	printf ".\\\" Generated by doc/tapset-man.awk from the tapset doc comments.\n" > f
	printf ".TH \"%s\" \"3stap\" \"%s\" \"stap %s\" \"%s\"\n", toupper(title), DATE, VERSION, manual > f
	printf ".nh\n.ad l\n" > f
}

# Paragraphs of text: blank lines separate them, indented lines verbatim.
function body(f, text,   n, ln, i, t, inlit, para) {
	n = split(text, ln, "\n")
	para = 0
	inlit = 0
	for (i = 1; i <= n; i++) {
		t = ln[i]
		if (t ~ /^(  |\t)/) {
			if (!inlit)
				printf ".PP\n.RS 4\n.nf\n" > f
			inlit = 1
			print lead(esc(t)) > f
			continue
		}
		if (inlit) {
			printf ".fi\n.RE\n" > f
			inlit = 0
			para = 0
		}
		if (trim(t) == "") {
			para = 0
			continue
		}
		if (!para)
			printf ".PP\n" > f
		para = 1
		print lead(esc(trim(t))) > f
	}
	if (inlit)
		printf ".fi\n.RE\n" > f
}

function page(key,   f, k, n, i, sec, nsig, sigs, label) {
	k = pkind[key]
	f = OUT "/" key ".3stap"
	th(f, key, ptap[key] " tapset")
	printf ".SH NAME\n%s \\- %s\n", key, esc(psum[key] == "" ? "(undocumented)" : psum[key]) > f
	printf ".SH SYNOPSIS\n.nf\n" > f
	nsig = split(psig[key], sigs, "\n")
	for (i = 1; i <= nsig; i++)
		if (!((key, sigs[i]) in sigdone)) {
			sigdone[key, sigs[i]] = 1
			printf "    %s\n", lead(esc(sigs[i])) > f
		}
	printf ".fi\n" > f
	label = k == "probe" ? "VALUES" : "ARGUMENTS"
	printf ".SH %s\n", label > f
	n = pnargs[key]
	if (!n)
		printf ".PP\nNone\n" > f
	for (i = 1; i <= n; i++) {
		printf ".PP\n\\fI%s\\fR\n.RS 4\n%s\n.RE\n", esc(pargn[key, i]), lead(esc(pargt[key, i])) > f
	}
	for (i = 1; i <= pnsec[key]; i++) {
		sec = psecn[key, i]
		printf ".SH %s\n", sec > f
		body(f, psect[key, sec])
	}
	printf ".SH SEE ALSO\n.BR tapset::%s (3stap),\n.BR stap (1),\n.BR stapprobes (3stap)\n", ptap[key] > f
	close(f)
	print f
}

function tap_summary(t,   h) {
	h = taphead[t]
	gsub(/\n/, " ", h)
	sub(/^[A-Za-z0-9_ ]+ tapset: */, "", h)
	if (match(h, /[.:;]( |$)/))
		h = substr(h, 1, RSTART - 1)
	if (index(h, "(") && !index(h, ")"))	# cut inside a parenthesis
		h = substr(h, 1, index(h, "(") - 1)
	h = trim(h)
	return h == "" ? "the " t " tapset" : h
}

function tap_page(t,   f, n, ks, i, key) {
	f = OUT "/tapset::" t ".3stap"
	th(f, "tapset::" t, t " tapset")
	printf ".SH NAME\ntapset::%s \\- %s\n", t, esc(tap_summary(t)) > f
	printf ".SH DESCRIPTION\n" > f
	body(f, taphead[t])
	n = split(substr(tapents[t], 2), ks, SUBSEP)
	if (n)
		printf ".SH CONTENTS\n" > f
	for (i = 1; i <= n; i++) {
		key = ks[i]
		printf ".TP\n.B %s\n%s\n", esc(key), lead(esc(psum[key] == "" ? "(undocumented)" : psum[key])) > f
	}
	printf ".SH SEE ALSO\n" > f
	for (i = 1; i <= n; i++)
		printf ".BR %s (3stap),\n", esc(ks[i]) > f
	printf ".BR stap (1),\n.BR stapprobes (3stap),\n.BR stapfuncs (3stap)\n" > f
	close(f)
	print f
}

END {
	file_end()
	for (i = 1; i <= npages; i++)
		page(porder[i])
	for (i = 1; i <= ntap; i++)
		tap_page(taporder[i])
	for (k in undoc)
		print "undocumented: " undoc[k] > "/dev/stderr"
}
