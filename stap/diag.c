/* diag.c - printing diagnostics in SystemTap's shape.
 *
 * Invariant: every message goes through diag(), which looks its text up in
 * the catalogue, suppresses exact duplicates, caps the number printed, and
 * counts errors for the driver to check between passes.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* The parts of a message SystemTap colours, the keys of SYSTEMTAP_COLORS. */
enum diag_role { DR_ERROR, DR_WARNING, DR_SOURCE, DR_CARET, DR_TOKEN, DR_NROLES };

static const char *const diag_role_key[DR_NROLES] = {
	[DR_ERROR] = "error", [DR_WARNING] = "warning",
	[DR_SOURCE] = "source", [DR_CARET] = "caret", [DR_TOKEN] = "token",
};

/* SystemTap's defaults, as stap(1) spells them in SYSTEMTAP_COLORS form. */
static const char *const diag_role_default[DR_NROLES] = {
	[DR_ERROR] = "01;31", [DR_WARNING] = "00;33",
	[DR_SOURCE] = "00;34", [DR_CARET] = "01", [DR_TOKEN] = "01",
};

enum diag_color_when { DC_AUTO, DC_NEVER, DC_ALWAYS };

/* Messages seen so far, for SystemTap's suppression of similar ones. */
struct diag_seen {
	struct intern *keys;
	int suppressed_errors, suppressed_warnings;
	int printed_errors;		/* against max_errors */
	const struct source *last_src;	/* file name printed only on change */
	enum diag_color_when color_when;	/* --color */
	bool color_ready;		/* sgr[] decided (at the first message) */
	const char *sgr[DR_NROLES];	/* NULL: that role is not coloured */
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

/* --color[=WHEN]: WHEN is never, always or auto; no WHEN means always. */
int diag_set_color(struct session *s, const char *when)
{
	struct diag_seen *d = diag_state(s);

	if (!when || !strcmp(when, "always"))
		d->color_when = DC_ALWAYS;
	else if (!strcmp(when, "never"))
		d->color_when = DC_NEVER;
	else if (!strcmp(when, "auto"))
		d->color_when = DC_AUTO;
	else
		return -1;
	d->color_ready = false;
	return 0;
}

/* One KEY=SGR pair of SYSTEMTAP_COLORS (SGR: digits and ';'), or false. */
static bool diag_color_pair(struct session *s, const char *p, size_t n)
{
	struct diag_seen *d = diag_state(s);
	const char *eq = memchr(p, '=', n);
	size_t klen, i;
	int r;

	if (!eq || eq + 1 == p + n)
		return false;
	klen = eq - p;
	for (i = klen + 1; i < n; i++)
		if ((p[i] < '0' || p[i] > '9') && p[i] != ';')
			return false;
	for (r = 0; r < DR_NROLES; r++)
		if (strlen(diag_role_key[r]) == klen &&
		    !memcmp(p, diag_role_key[r], klen)) {
			d->sgr[r] = arena_printf(s->arena, "%.*s",
						 (int)(n - klen - 1), eq + 1);
			return true;
		}
	return false;
}

/* SYSTEMTAP_COLORS="error=01;31:warning=00;33:...": the pairs are read
 * left to right up to the first invalid one; roles not named stay
 * uncoloured, so an empty or wholly invalid value turns colour off. */
static void diag_color_parse(struct session *s, const char *env)
{
	const char *p = env, *end;

	while (*p) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		if (!diag_color_pair(s, p, end - p))
			return;
		p = *end ? end + 1 : end;
	}
}

/* Colour is decided once, at the first message: auto means stderr is a
 * terminal that is not TERM=dumb. */
static void diag_color_setup(struct session *s)
{
	struct diag_seen *d = diag_state(s);
	const char *env = getenv("SYSTEMTAP_COLORS"), *term = getenv("TERM");
	bool on = d->color_when == DC_ALWAYS;
	int r;

	d->color_ready = true;
	for (r = 0; r < DR_NROLES; r++)
		d->sgr[r] = NULL;
	if (d->color_when == DC_AUTO)
		on = isatty(fileno(s->err)) && !(term && !strcmp(term, "dumb"));
	if (!on)
		return;
	if (!env) {
		for (r = 0; r < DR_NROLES; r++)
			d->sgr[r] = diag_role_default[r];
		return;
	}
	diag_color_parse(s, env);
}

/* TEXT (LEN bytes) wrapped in the role's SGR sequence, as GCC and
 * SystemTap write it ("ESC[01;31mESC[K" ... "ESC[mESC[K"). */
static const char *diag_paint_n(struct session *s, enum diag_role role,
				const char *text, int len)
{
	struct diag_seen *d = diag_state(s);

	if (!d->color_ready)
		diag_color_setup(s);
	if (!d->sgr[role])
		return arena_printf(s->arena, "%.*s", len, text);
	return arena_printf(s->arena, "\033[%sm\033[K%.*s\033[m\033[K",
			    d->sgr[role], len, text);
}

static const char *diag_paint(struct session *s, enum diag_role role,
			      const char *text)
{
	return diag_paint_n(s, role, text, (int)strlen(text));
}

/* True the second time the same key is seen. */
static bool diag_seen_before(struct session *s, const char *key)
{
	struct diag_seen *d = diag_state(s);
	size_t before = intern_count(d->keys);

	intern_s(d->keys, key);
	return intern_count(d->keys) == before;
}

/* The key under which SystemTap deems two messages similar: a semantic
 * error, warning or grammar error by its text, wherever it is; a
 * preprocessor error by its text and the token's type and text (the same
 * error at another '%?').  (SystemTap's rule for the latter is subtler:
 * some repeats at other tokens still print.) */
static const char *diag_similar_key(struct session *s, enum diag_kind kind,
				    const char *msg, const struct token *tok)
{
	if (kind == DK_SEMANTIC || kind == DK_WARNING)
		return arena_printf(s->arena, "s%d%s", kind, msg);
	if (kind == DK_PARSE)
		return arena_printf(s->arena, "p%s", msg);
	if (kind == DK_LEX && tok)	/* a keyword is shown without text */
		return arena_printf(s->arena, "p%d%s|%d|%.*s", kind, msg,
				    tok->type, tok->type == TOK_KEYWORD ? 0 :
				    (int)tok->len, tok->text);
	return NULL;
}

/* Without -v, SystemTap prints a message only the first time a similar
 * one appears. */
static bool diag_suppress(struct session *s, enum diag_kind kind,
			  const char *msg, const struct token *tok)
{
	bool verbose = s->verbose[0] || s->verbose[1];
	const char *key = verbose ? NULL : diag_similar_key(s, kind, msg, tok);
	bool exact, similar = false;

	exact = diag_seen_before(s, tok ? arena_printf(s->arena, "%d%s@%p",
					kind, msg, (const void *)tok)
					: arena_printf(s->arena, "%d%s", kind,
						       msg));
	if (key)
		similar = diag_seen_before(s, key);
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

	const char *where;

	if (src && (always_file || src != d->last_src))
		file = src->name;
	d->last_src = src;
	if (tok->type == TOK_EOF)
		return arena_printf(s->arena, "%s EOF", src ? src->name : "");
	where = diag_paint(s, DR_SOURCE, arena_printf(s->arena, "%s:%d:%d",
			   file, tok->loc.line, tok->loc.col));
	if (tok->type == TOK_KEYWORD || tok->type == TOK_EMBEDDED)
		return arena_printf(s->arena, "%s at %s", what, where);
	return arena_printf(s->arena, "%s '%.*s' at %s", what,
			    (int)tok->len, tok->text, where);
}

const char *diag_tok_desc(struct session *s, const struct token *tok)
{
	return tok_desc(s, tok, false);
}

/* How many bytes of the source line at AT the token spells: the token's
 * own text when it matches, a whole string literal, else a word or one
 * character.  Only for colouring the token in the excerpt. */
static int diag_token_span(const struct token *tok, const char *at,
			   const char *end)
{
	const char *q = at;

	if (q >= end)
		return 0;
	if (tok && tok->len && (size_t)(end - at) >= tok->len &&
	    !memcmp(at, tok->text, tok->len))
		return (int)tok->len;
	if (*q == '"') {
		for (q++; q < end && *q != '"'; q++)
			if (*q == '\\' && q + 1 < end)
				q++;
		return (int)(q < end ? q + 1 - at : end - at);
	}
	while (q < end && (*q == '_' || *q == '$' || *q == '@' ||
			   (*q >= '0' && *q <= '9') || ((*q | 32) >= 'a' &&
							(*q | 32) <= 'z')))
		q++;
	return q > at ? (int)(q - at) : 1;
}

/* PREFIX and the source line of loc, then a caret under its column; in
 * colour, the token and the caret are highlighted. */
/* The blank before a caret under at: the prefix's width in spaces, then
 * the line's characters up to at, tabs kept (so the caret lines up), the
 * rest as spaces. */
static const char *diag_caret_pad(struct session *s, const char *prefix,
				  const char *p, const char *at)
{
	size_t np = strlen(prefix), n = np + (size_t)(at - p);
	char *pad = arena_alloc(s->arena, n + 1);

	memset(pad, ' ', np);
	for (size_t i = np; i < n; i++)
		pad[i] = p[i - np] == '\t' ? '\t' : ' ';
	pad[n] = '\0';
	return pad;
}

static const char *diag_excerpt(struct session *s, const char *prefix,
				const struct srcloc *loc,
				const struct token *tok)
{
	const char *p, *end, *at;
	int line = 1, n, pad;

	if (!loc->src || !loc->src->text || loc->line < 1)
		return NULL;
	for (p = loc->src->text; *p && line < loc->line; p++)
		if (*p == '\n')
			line++;
	end = strchr(p, '\n');
	if (!end)
		end = p + strlen(p);
	pad = (int)strlen(prefix) + loc->col - 1;
	at = p + loc->col - 1;
	if (loc->col < 1 || at > end)
		return arena_printf(s->arena, "%s%.*s\n%*s^", prefix,
				    (int)(end - p), p, pad, "");
	n = diag_token_span(tok, at, end);
	return arena_printf(s->arena, "%s%.*s%s%.*s\n%s%s", prefix,
			    (int)(at - p), p, diag_paint_n(s, DR_TOKEN, at, n),
			    (int)(end - at - n), at + n,
			    diag_caret_pad(s, prefix, p, at),
			    diag_paint(s, DR_CARET, "^"));
}

const char *diag_source_excerpt(struct session *s, const char *prefix,
				const struct srcloc *loc)
{
	return diag_excerpt(s, prefix, loc, NULL);
}

/* The source line of the token, then a caret under its column. */
static void diag_source(struct session *s, const char *prefix,
			const struct token *tok)
{
	const char *text = diag_excerpt(s, prefix, &tok->loc, tok);

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
		fprintf(s->err, "%s %s\n", diag_paint(s, DR_ERROR, "parse error:"),
			msg);
		if (desc)
			fprintf(s->err, "%s%s\n",
				kind == DK_LEX && tok->type != TOK_EOF
					? "         at: " : "        saw: ", desc);
		if (tok && tok->type != TOK_EOF)
			diag_source(s, "     source: ", tok);
		fputc('\n', s->err);
		return;
	case DK_SEMANTIC:
		fprintf(s->err, "%s %s%s%s\n",
			diag_paint(s, DR_ERROR, "semantic error:"), msg,
			desc ? ": " : "", desc ? desc : "");
		if (tok)
			diag_source(s, "        source: ", tok);
		fputc('\n', s->err);
		return;
	case DK_WARNING:
		fprintf(s->err, "%s %s%s%s\n", diag_paint(s, DR_WARNING, "WARNING:"),
			msg, desc ? ": " : "", desc ? desc : "");
		if (tok)
			diag_source(s, " source: ", tok);
		return;
	case DK_ERROR:
		fprintf(s->err, "%s %s\n", diag_paint(s, DR_ERROR, "ERROR:"), msg);
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
	    ++diag_state(s)->printed_errors > s->max_errors) {
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

void diag_quiet_begin(struct session *s, struct diag_quiet *q)
{
	static FILE *null;
	struct diag_seen *d = diag_state(s);

	if (!null)
		null = fopen("/dev/null", "w");
	q->err = s->err;
	q->errors = s->errors;
	q->pass_errors = s->pass_errors;
	q->suppressed_errors = d->suppressed_errors;
	q->suppressed_warnings = d->suppressed_warnings;
	q->suppress_warnings = s->suppress_warnings;
	s->err = null ? null : s->err;
	s->suppress_warnings = true;
}

void diag_quiet_end(struct session *s, const struct diag_quiet *q)
{
	struct diag_seen *d = diag_state(s);

	s->err = q->err;
	s->errors = q->errors;
	s->pass_errors = q->pass_errors;
	d->suppressed_errors = q->suppressed_errors;
	d->suppressed_warnings = q->suppressed_warnings;
	s->suppress_warnings = q->suppress_warnings;
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
		fprintf(s->err, "%s\n", diag_paint(s, DR_WARNING, arena_printf(s->arena,
			"Number of similar warning messages suppressed: %d.",
			d->suppressed_warnings)));
	if (d->suppressed_errors)
		fprintf(s->err, "%s\n", diag_paint(s, DR_ERROR, arena_printf(s->arena,
			"Number of similar error messages suppressed: %d.",
			d->suppressed_errors)));
	if (d->suppressed_warnings || d->suppressed_errors)
		fprintf(s->err, "Rerun with -v to see them.\n");
	d->suppressed_warnings = d->suppressed_errors = 0;
}
