# own-words.awk - which of our doc lines repeat SystemTap's wording.
#
# Input, in order: the reference text (SystemTap's man pages, roff, one
# ".OWNWORDS-FILE name" line before each page), then our files.  A line
# of ours is flagged when it takes part in a run of NGRAM or more words
# that also appears, in that order, in one reference paragraph, or when
# a whole item of ours (a summary, an argument, a paragraph) of at least
# MINITEM words equals a whole reference paragraph.  Case, whitespace and
# punctuation do not count.  Single common phrases are shorter than NGRAM
# and pass.
#
# Variables: NGRAM (default 6), MINITEM (default 4), MODE "tapset" (our
# files are tapset sources: only /** ... */ blocks count) or "roff" (our
# files are man pages), VERBOSE=1 prints each flagged line.
# Prints "own-words: N of M doc lines match SystemTap's text".

BEGIN {
	if (!NGRAM) NGRAM = 6
	if (!MINITEM) MINITEM = 4
	ref = 1
}

# Lowercase words only: roff escapes and punctuation become spaces.
function norm(s) {
	gsub(/\\\*\(Aq|\\\(aq/, "", s)
	gsub(/\\f[BIRP]|\\f\(..|\\&|\\-|\\\(..|\\[ce%]/, " ", s)
	s = tolower(s)
	gsub(/'/, "", s)
	gsub(/[^a-z0-9_]+/, " ", s)
	sub(/^ +/, "", s)
	sub(/ +$/, "", s)
	return s
}

# ---- the reference: every NGRAM-word run of each paragraph ----
function ref_flush(   n, w, i, j, g) {
	n = split(refpara, w, " ")
	if (n >= MINITEM)
		refitem[refpara] = 1
	for (i = 1; i + NGRAM - 1 <= n; i++) {
		g = w[i]
		for (j = 1; j < NGRAM; j++)
			g = g " " w[i + j]
		refgram[g] = 1
	}
	refpara = ""
}

function ref_line(line,   t) {
	if (line ~ /^\.\\"/ || line ~ /^'\\"/)
		return
	if (line ~ /^\.(SH|SS|PP|P|LP|RS|RE|TP|IP|HP|sp|nf|fi|br|TH|in|ie|el|ds|nh|ad)( |$)/) {
		ref_flush()
		t = line
		sub(/^\.[A-Za-z]+ */, "", t)
		if (line ~ /^\.(SH|SS|IP|TP) /) {
			refpara = norm(t)
			ref_flush()
		}
		return
	}
	if (line ~ /^\./)
		sub(/^\.[A-Za-z]+ */, "", line)
	if (line ~ /^[ \t]*$/) {
		ref_flush()
		return
	}
	t = norm(line)
	if (t != "")
		refpara = refpara == "" ? t : refpara " " t
}

ref && FNR == 1 && FILENAME != REFFILE { ref_flush(); ref = 0 }
ref { ref_line($0); next }

# ---- our text: items of words, each word remembering its line ----
function item_flush(   i, j, k, g, t) {
	if (nw >= MINITEM) {
		t = word[1]
		for (i = 2; i <= nw; i++)
			t = t " " word[i]
		if (t in refitem)
			for (i = 1; i <= nw; i++)
				hit[wline[i]] = 1
	}
	for (i = 1; i + NGRAM - 1 <= nw; i++) {
		g = word[i]
		for (j = 1; j < NGRAM; j++)
			g = g " " word[i + j]
		if (g in refgram)
			for (k = i; k < i + NGRAM; k++)
				hit[wline[k]] = 1
	}
	nw = 0
}

function our_words(s, key,   n, w, i) {
	n = split(norm(s), w, " ")
	for (i = 1; i <= n; i++) {
		word[++nw] = w[i]
		wline[nw] = key
	}
	if (n) {
		lines++
		text[key] = s
	}
}

FNR == 1 { item_flush(); indoc = 0 }

# tapset sources: the lines of /** ... */ blocks, without the " * " and
# the item labels ("sfunction NAME -", "@arg:", "Description:").
MODE != "roff" {
	if (!indoc && $0 ~ /^[ \t]*\/\*\*/) { indoc = 1; item_flush(); next }
	if (!indoc)
		next
	line = $0
	if (line ~ /\*\//) { indoc = 0; sub(/\*\/.*/, "", line) }
	sub(/^[ \t]*\* ?/, "", line)
	if (line ~ /^(sfunction|function|probe|smacro|macro) [^ ]+ +- /) {
		item_flush()
		sub(/^[a-z]+ [^ ]+ +- +/, "", line)
		our_words(line, FILENAME ":" FNR)
		item_flush()
	} else if (line ~ /^@[A-Za-z0-9_]+:/ || line ~ /^[A-Z][a-z]+:/) {
		item_flush()
		sub(/^[^:]*: */, "", line)
		our_words(line, FILENAME ":" FNR)
	} else if (line ~ /^[ \t]*$/) {
		item_flush()
	} else
		our_words(line, FILENAME ":" FNR)
	if (!indoc)
		item_flush()
	next
}

# man pages of ours: paragraphs as in the reference.  SEE ALSO holds
# page names, not prose, and is skipped.
{
	line = $0
	if (line ~ /^\.\\"/)
		next
	if (line ~ /^\.SH/)
		seealso = line ~ /^\.SH "?SEE ALSO/
	if (seealso)
		next
	if (line ~ /^\.(SH|SS|PP|P|LP|RS|RE|TP|IP|HP|sp|nf|fi|br|TH)( |$)/ ||
	    line ~ /^[ \t]*$/) {
		item_flush()
		sub(/^\.[A-Za-z]+ */, "", line)
		if ($0 ~ /^\.(SH|SS|IP|TP) /) {
			our_words(line, FILENAME ":" FNR)
			item_flush()
		}
		next
	}
	sub(/^\.[A-Za-z]+ */, "", line)
	our_words(line, FILENAME ":" FNR)
}

END {
	item_flush()
	n = 0
	for (k in hit) {
		n++
		if (VERBOSE)
			print k ": " text[k]
	}
	printf "own-words: %d of %d doc lines match SystemTap's text\n", n, lines + 0
}
