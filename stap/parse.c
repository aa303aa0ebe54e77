/* parse.c - pass 1: the driver around the lexer, preprocessor and grammar.
 *
 * Loads sources, runs one bison parse per source, and hands the grammar
 * its tokens: the preprocessed stream of parse_pp.c, with probe-point
 * functors glued back together (kernel.function("f").return, sys_*,
 * foo**) and keywords used as functors turned into identifiers.
 *
 * Invariant: parse_source() never fails without reporting through diag(),
 * and always returns the stapfile with every construct it could salvage.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "parser.h"

/* What parse_next remembers across tokens of one source. */
struct parse_glue {
	struct token *peeked;
	int prev;			/* code of the previous token */
	bool header;			/* between `probe` and its body */
	int paren;			/* ( ) depth inside the header */
	bool pp_failed;			/* a preprocessor error came first */
	bool got_token;			/* the grammar saw a real token */
};

/* ---- sources ---- */

struct source *parse_from_string(struct session *s, const char *name,
				 const char *text)
{
	struct source *src = ARENA_NEW(s->arena, struct source);

	src->name = arena_strdup(s->arena, name);
	src->len = strlen(text);
	src->text = arena_strndup(s->arena, text, src->len);
	return src;
}

struct source *parse_load_file(struct session *s, const char *path,
			       bool is_tapset)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct source *src;
	char *buf = NULL;
	size_t cap = 0, len = 0, n;

	if (!f) {
		if (!is_tapset)
			diag(s, D_OPEN_SCRIPT, NULL, path);
		return NULL;
	}
	do {
		if (cap - len < 65536) {
			char *nb;

			cap = cap ? 2 * cap : 65536;
			nb = arena_alloc(s->arena, cap + 1);
			if (len)
				memcpy(nb, buf, len);
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	if (f != stdin)
		fclose(f);
	buf[len] = '\0';
	src = ARENA_NEW(s->arena, struct source);
	/* stdin reads as "<input>", as -e does (SystemTap's naming) */
	src->name = strcmp(path, "-") ? arena_strdup(s->arena, path)
				       : "<input>";
	src->text = buf;
	src->len = len;
	src->is_tapset = is_tapset;
	return src;
}

/* ---- numbers and names ---- */

/* Decimal, 0octal or 0xhex, up to 2^64-1 (wrapping to negative). */
bool parse_number(const char *text, size_t len, int64_t *out)
{
	char buf[64], *end;
	unsigned long long v;

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (buf[0] < '0' || buf[0] > '9')
		return false;
	errno = 0;
	v = strtoull(buf, &end, 0);
	if (errno || *end)
		return false;
	*out = (int64_t)v;
	return true;
}

bool parse_print_kind(const char *name, int *kind)
{
	static const char *const names[] = {
		[PR_PRINT] = "print",		[PR_PRINTLN] = "println",
		[PR_PRINTD] = "printd",		[PR_PRINTDLN] = "printdln",
		[PR_PRINTF] = "printf",		[PR_SPRINT] = "sprint",
		[PR_SPRINTLN] = "sprintln",	[PR_SPRINTD] = "sprintd",
		[PR_SPRINTDLN] = "sprintdln",	[PR_SPRINTF] = "sprintf",
	};
	size_t i;

	if (name[0] != 'p' && name[0] != 's')
		return false;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0) {
			*kind = (int)i;
			return true;
		}
	return false;
}

/* ---- probe-point functors ---- */

static bool parse_functor_part(const struct token *t)
{
	return t->code == T_IDENT || t->code == '*' || t->code == T_NUMBER ||
	       (t->type == TOK_KEYWORD && t->code != K_IF);
}

static bool parse_adjacent(const struct token *a, const struct token *b)
{
	return a->loc.src == b->loc.src && a->loc.line == b->loc.line &&
	       b->loc.col == a->loc.col + (int)a->len &&
	       a->expanded_from == b->expanded_from;
}

static struct token *parse_peek(struct parser *p, struct parse_glue *g)
{
	if (!g->peeked)
		g->peeked = pp_token(p->pp);
	return g->peeked;
}

/* A keyword used as a name ($p->function, kernel.function). */
static struct token *parse_as_ident(struct parser *p, struct token *t)
{
	struct token *c = ARENA_NEW(p->s->arena, struct token);

	*c = *t;
	c->code = T_IDENT;
	c->type = TOK_IDENT;
	return c;
}

/* foo, sys_*, *, ** and keywords after '.': one identifier token. */
static struct token *parse_glue_functor(struct parser *p,
					struct parse_glue *g,
					struct token *t)
{
	struct token *n = parse_peek(p, g), *c;

	if (t->type == TOK_KEYWORD && g->prev != '.' &&
	    !parse_adjacent(t, n))
		return t;
	c = parse_as_ident(p, t);
	while (parse_functor_part(n) && parse_adjacent(c, n)) {
		char *txt = arena_alloc(p->s->arena, c->len + n->len + 1);

		memcpy(txt, c->text, c->len);
		memcpy(txt + c->len, n->text, n->len);
		c->text = txt;
		c->len += n->len;
		g->peeked = NULL;
		n = parse_peek(p, g);
	}
	return c;
}

/* Track whether we are inside a probe header, where `{` opens a brace
 * expansion when it follows `probe . , = +=` or another `{`. */
static void parse_track_header(struct parse_glue *g, const struct token *t)
{
	int c = t->code;

	if (c == K_PROBE && g->prev != '.') {
		g->header = true;
		g->paren = 0;
		return;
	}
	if (!g->header)
		return;
	if (c == '(')
		g->paren++;
	else if (c == ')')
		g->paren--;
	else if (c == '{' && g->paren <= 0 && g->prev != K_PROBE &&
		 g->prev != '.' && g->prev != ',' && g->prev != '=' &&
		 g->prev != T_ADD_ASSIGN && g->prev != '{')
		g->header = false;
}

/* Did the grammar get a token of its own?  Not if everything up to the
 * end was taken by the preprocessor or skipped after its error, until a
 * declaration keyword resynchronises (SystemTap's "empty after
 * preprocessing"). */
static void parse_note_token(struct parser *p, struct parse_glue *g,
			     const struct token *t)
{
	if (g->got_token || !t->code)
		return;
	if (p->resync)
		g->pp_failed = true;
	if (!g->pp_failed || t->code == K_PROBE || t->code == K_GLOBAL ||
	    t->code == K_PRIVATE || t->code == K_FUNCTION ||
	    t->code == T_EMBEDDED)
		g->got_token = true;
}

int parse_next(struct parser *p, struct token **tokp)
{
	struct parse_glue *g = p->glue;
	struct token *t = g->peeked ? g->peeked : pp_token(p->pp);

	g->peeked = NULL;
	parse_note_token(p, g, t);
	if (p->resync) {
		/* a token no rule accepts: bison recovers, silently */
		p->resync = false;
		p->quiet = true;
		g->peeked = t;
		t = parse_as_ident(p, t);
		t->code = T_JUNK;
		*tokp = t;
		return T_JUNK;
	}
	if (g->header && g->paren <= 0 &&
	    (parse_functor_part(t) || (t->code == K_IF && g->prev == '.')))
		t = parse_glue_functor(p, g, t);
	else if (g->prev == T_ARROW && t->type == TOK_KEYWORD)
		t = parse_as_ident(p, t);
	parse_track_header(g, t);
	g->prev = t->code;
	*tokp = t;
	return t->code;
}

/* ---- one source ---- */

struct stapfile *parse_source(struct session *s, struct source *src)
{
	struct stapfile *f = ARENA_NEW(s->arena, struct stapfile);
	struct parse_glue glue = { 0 };
	struct parser p = { 0 };

	f->name = src->name;
	f->src = src;
	f->is_tapset = src->is_tapset;
	f->privileged = src->is_tapset || s->guru;
	p.s = s;
	p.src = src;
	p.file = f;
	p.glue = &glue;
	p.privileged = f->privileged;
	p.gtail = &f->globals;
	p.ftail = &f->functions;
	p.ptail = &f->probes;
	p.atail = &f->aliases;
	p.etail = &f->embeds;
	p.pp = pp_open(&p, src);
	parse_yyparse(&p);
	f->no_tokens = !glue.got_token && !p.saw_junk;
	f->no_raw_tokens = !pp_lexed_any(p.pp);
	pp_close(p.pp);
	return f;
}

static struct stapfile *parse_one(struct session *s, struct source *src)
{
	return src ? parse_source(s, src) : NULL;
}

/* A script that gave the grammar nothing is an error; its note stands
 * for the count of parse errors. */
static bool parse_empty(struct session *s, const struct stapfile *f)
{
	if (!f->no_tokens)
		return false;
	s->parse_errors = 0;
	diag(s, f->no_raw_tokens ? P_EMPTY_FILE : P_EMPTY_PP, NULL, f->name);
	return true;
}

/* Pass 1: the user script, then any -E extra scripts. */
int parse_pass(struct session *s)
{
	struct stapfile *f, **tail = &s->user_files;
	int i;

	if (s->script_file)
		f = parse_one(s, parse_load_file(s, s->script_file, false));
	else
		f = parse_one(s, parse_from_string(s, "<input>",
						   s->script_text ?
						   s->script_text : ""));
	if (!f)
		return -1;
	if (parse_empty(s, f))
		return -1;
	s->user_file = f;
	*tail = f;
	tail = &f->next;
	for (i = 0; i < s->extra_scripts.n; i++) {
		f = parse_one(s, parse_from_string(s,
				arena_printf(s->arena, "<input%d>", i + 1),
				s->extra_scripts.v[i]));
		if (parse_empty(s, f))
			return -1;
		*tail = f;
		tail = &f->next;
	}
	return diag_pass_errors(s) ? -1 : 0;
}
