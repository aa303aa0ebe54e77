/* diag.c - printing diagnostics in SystemTap's shape.
 *
 * Invariant: every message goes through diag(), which looks its text up in
 * the catalogue, suppresses exact duplicates, caps the number printed, and
 * counts errors for the driver to check between passes.
 */
#include "diag.h"

#include <stdarg.h>
#include <string.h>

#include "session.h"

struct diag_entry {
	enum diag_kind kind;
	const char *fmt;
};

static const struct diag_entry diag_catalogue[DIAG_NCODES] = {
#define X(code, kind, fmt) [code] = { kind, fmt },
#include "diag_driver.def"
#include "diag_parse.def"
#include "diag_sem.def"
#include "diag_dwarf.def"
#include "diag_emit.def"
#include "diag_build.def"
#include "diag_tvar.def"
#undef X
};

/* Messages seen so far, for SystemTap's suppression of similar ones. */
struct diag_seen {
	struct intern *keys;
	int suppressed_errors, suppressed_warnings;
	const struct source *last_src;	/* file name printed only on change */
};

static struct diag_seen *diag_state(struct session *s)
{
	struct diag_seen *d = s->diag_seen;

	if (!d) {
		d = ARENA_NEW(s->arena, struct diag_seen);
		d->keys = intern_new(s->arena);
		s->diag_seen = d;
	}
	return d;
}

/* True the second time the same key is seen. */
static bool diag_seen_before(struct session *s, const char *key)
{
	struct diag_seen *d = diag_state(s);
	size_t before = intern_count(d->keys);

	intern_s(d->keys, key);
	return intern_count(d->keys) == before;
}

/* Without -v, SystemTap prints a semantic error or warning only the first
 * time its text appears, wherever it is; parse errors always print. */
static bool diag_suppress(struct session *s, enum diag_kind kind,
			  const char *msg, const struct token *tok)
{
	bool verbose = s->verbose[0] || s->verbose[1];
	bool exact, similar = false;

	exact = diag_seen_before(s, tok ? arena_printf(s->arena, "%d%s@%p",
					kind, msg, (const void *)tok)
					: arena_printf(s->arena, "%d%s", kind,
						       msg));
	if (!verbose && (kind == DK_SEMANTIC || kind == DK_WARNING))
		similar = diag_seen_before(s, arena_printf(s->arena, "s%d%s",
							   kind, msg));
	if (exact && verbose)
		return true;
	if (!exact && !similar)
		return false;
	if (kind == DK_WARNING)
		diag_state(s)->suppressed_warnings++;
	else
		diag_state(s)->suppressed_errors++;
	return true;
}

const char *diag_tok_type_name(enum tok_type t)
{
	switch (t) {
	case TOK_EOF:		return "end of input";
	case TOK_IDENT:		return "identifier";
	case TOK_KEYWORD:	return "keyword";
	case TOK_NUMBER:	return "number";
	case TOK_STRING:	return "string";
	case TOK_OPERATOR:	return "operator";
	case TOK_EMBEDDED:	return "embedded-code";
	case TOK_JUNK:		return "junk";
	}
	return "junk";
}

/* "identifier 'x' at t.stp:1:2"; keywords and embedded code print no
 * text.  Semantic messages print the file name only when it changes,
 * parse messages always do (SystemTap's shapes). */
static const char *tok_desc(struct session *s, const struct token *tok,
			    bool always_file)
{
	struct diag_seen *d = diag_state(s);
	const struct source *src = tok->loc.src;
	const char *file = "";
	const char *what = diag_tok_type_name(tok->type);

	if (src && (always_file || src != d->last_src))
		file = src->name;
	d->last_src = src;
	if (tok->type == TOK_EOF)
		return arena_printf(s->arena, "%s EOF", src ? src->name : "");
	if (tok->type == TOK_KEYWORD || tok->type == TOK_EMBEDDED)
		return arena_printf(s->arena, "%s at %s:%d:%d", what, file,
				    tok->loc.line, tok->loc.col);
	return arena_printf(s->arena, "%s '%.*s' at %s:%d:%d", what,
			    (int)tok->len, tok->text, file, tok->loc.line,
			    tok->loc.col);
}

const char *diag_tok_desc(struct session *s, const struct token *tok)
{
	return tok_desc(s, tok, false);
}

/* PREFIX and the source line of loc, then a caret under its column. */
const char *diag_source_excerpt(struct session *s, const char *prefix,
				const struct srcloc *loc)
{
	const char *p, *end;
	int line = 1;

	if (!loc->src || !loc->src->text || loc->line < 1)
		return NULL;
	for (p = loc->src->text; *p && line < loc->line; p++)
		if (*p == '\n')
			line++;
	end = strchr(p, '\n');
	if (!end)
		end = p + strlen(p);
	return arena_printf(s->arena, "%s%.*s\n%*s^", prefix, (int)(end - p),
			    p, (int)strlen(prefix) + loc->col - 1, "");
}

/* The source line of loc, then a caret under its column. */
static void diag_source(struct session *s, const char *prefix,
			const struct srcloc *loc)
{
	const char *text = diag_source_excerpt(s, prefix, loc);

	if (text)
		fprintf(s->err, "%s\n", text);
}

static void diag_print(struct session *s, enum diag_kind kind,
		       const char *msg, const struct token *tok)
{
	bool parse = kind == DK_PARSE || kind == DK_LEX;
	const char *desc = tok ? tok_desc(s, tok, parse) : NULL;

	switch (kind) {
	case DK_PARSE:
	case DK_LEX:
		fprintf(s->err, "parse error: %s\n", msg);
		if (desc)
			fprintf(s->err, "%s%s\n",
				kind == DK_LEX ? "         at: "
					       : "        saw: ", desc);
		if (tok && tok->type != TOK_EOF)
			diag_source(s, "     source: ", &tok->loc);
		fputc('\n', s->err);
		return;
	case DK_SEMANTIC:
		fprintf(s->err, "semantic error: %s%s%s\n", msg,
			desc ? ": " : "", desc ? desc : "");
		if (tok)
			diag_source(s, "        source: ", &tok->loc);
		fputc('\n', s->err);
		return;
	case DK_WARNING:
		fprintf(s->err, "WARNING: %s%s%s\n", msg, desc ? ": " : "",
			desc ? desc : "");
		if (tok)
			diag_source(s, " source: ", &tok->loc);
		return;
	case DK_ERROR:
		fprintf(s->err, "ERROR: %s\n", msg);
		return;
	case DK_NOTE:
		fprintf(s->err, "%s\n", msg);
		return;
	}
}

static void diag_count(struct session *s, enum diag_kind kind)
{
	if (kind == DK_WARNING) {
		s->warnings++;
		return;
	}
	if (kind == DK_NOTE)
		return;
	s->errors++;
	s->pass_errors++;
	if (kind == DK_PARSE || kind == DK_LEX)
		s->parse_errors++;
}

void diag(struct session *s, enum diag_code code, const struct token *tok,
	  ...)
{
	const struct diag_entry *e = &diag_catalogue[code];
	enum diag_kind kind = e->kind;
	const char *msg;
	va_list ap;

	if (kind == DK_WARNING && s->suppress_warnings)
		return;
	if (kind == DK_WARNING && s->warnings_as_errors)
		kind = DK_SEMANTIC;
	va_start(ap, tok);
	msg = arena_vprintf(s->arena, e->fmt, ap);
	va_end(ap);
	diag_count(s, kind);
	if (diag_suppress(s, kind, msg, tok))
		return;
	if (kind != DK_WARNING && kind != DK_NOTE && s->max_errors > 0 &&
	    s->errors > s->max_errors) {
		diag_state(s)->suppressed_errors++;
		return;
	}
	diag_print(s, kind, msg, tok);
}

const char *diag_vtext(struct arena *a, enum diag_code code, va_list ap)
{
	return arena_vprintf(a, diag_catalogue[code].fmt, ap);
}

const char *diag_text(struct arena *a, enum diag_code code, ...)
{
	const char *msg;
	va_list ap;

	va_start(ap, code);
	msg = diag_vtext(a, code, ap);
	va_end(ap);
	return msg;
}

int diag_errors(const struct session *s)
{
	return s->errors;
}

int diag_pass_errors(const struct session *s)
{
	return s->pass_errors;
}

void diag_pass_reset(struct session *s)
{
	s->pass_errors = 0;
}

void diag_parse_summary(struct session *s)
{
	if (s->parse_errors)
		fprintf(s->err, "%d parse error%s.\n", s->parse_errors,
			s->parse_errors == 1 ? "" : "s");
}

void diag_suppressed_summary(struct session *s)
{
	struct diag_seen *d = diag_state(s);

	if (d->suppressed_warnings)
		fprintf(s->err,
			"Number of similar warning messages suppressed: %d.\n",
			d->suppressed_warnings);
	if (d->suppressed_errors)
		fprintf(s->err,
			"Number of similar error messages suppressed: %d.\n",
			d->suppressed_errors);
	if (d->suppressed_warnings || d->suppressed_errors)
		fprintf(s->err, "Rerun with -v to see them.\n");
	d->suppressed_warnings = d->suppressed_errors = 0;
}
