/* parse_pp.c - pass 1: the preprocessor between the lexer and the grammar.
 *
 * Applies, in stream order: @define macros (with @param bindings resolved
 * where the token was written: a macro argument sees its caller's
 * parameters, never the callee's), library macros from .stpm files,
 * $1 / @1 / $# / @# script arguments, and %( cond %? a %: b %)
 * conditionals.
 *
 * Invariant: tokens produced by an expansion are fresh arena copies whose
 * expanded_from points at the @macro or $N token that produced them; the
 * definition's own tokens are never modified.  Expansion depth is bounded.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "parser.h"

#define PP_MAX_DEPTH 128	/* nested macro expansions */
#define PP_MAX_EXPANSIONS 100000 /* expansions per file: stops blowups */

struct tokv {
	struct token **v;
	int n, cap;
};

struct macro {
	const char *name;		/* interned, without the '@' */
	const char **params;
	int nparams;
	bool parens;			/* defined as NAME(...) */
	struct tokv body;
	struct token *tok;
	struct macro *next;
};

/* The bindings of one macro invocation. */
struct env {
	const struct macro *m;
	struct tokv *args;		/* one list per parameter */
	const struct env *outer;	/* where the invocation was written */
	int depth;
};

/* A list of tokens being replayed: a macro body, an argument, a $1. */
struct frame {
	struct tokv *toks;
	int i;
	const struct env *env;		/* bindings for @param inside */
	const struct token *origin;	/* expanded_from for copies */
	int depth;
	struct frame *prev;
};

enum cond_state { COND_THEN, COND_ELSE };

struct pp_cond {
	enum cond_state st;
	const struct token *at;		/* its %(, where errors point */
};

struct pp_state {
	struct parser *p;
	struct session *s;
	struct lex_state ls;
	void *scanner;
	struct frame *top;
	struct token *back;		/* one pushed-back expanded token */
	struct macro **macros;		/* where @define adds (file or lib) */
	struct macro *file_macros;
	const struct env *cur_env;	/* env of the last raw token */
	int cur_depth;
	struct pp_cond *conds;		/* the open conditionals */
	int nconds, capconds;
	bool at_eof;
	bool gave_up;			/* expansion limit hit: rest is EOF */
	int expansions;
	bool in_cond;			/* parsing a %( condition */
	const struct token *cond_at;	/* ... whose %( this is */
	bool lexed;			/* the lexer gave a token before EOF */
	struct token *eof;
};

struct pp_library {
	struct macro *macros;
	bool loaded;
};

static void tokv_push(struct session *s, struct tokv *v, struct token *t)
{
	if (v->n == v->cap) {
		struct token **nv;

		v->cap = v->cap ? 2 * v->cap : 16;
		nv = arena_alloc(s->arena, (size_t)v->cap * sizeof(*nv));
		if (v->n)
			memcpy(nv, v->v, (size_t)v->n * sizeof(*nv));
		v->v = nv;
	}
	v->v[v->n++] = t;
}

/* After a lexical or preprocessor error the grammar resynchronises at
 * the next declaration without further messages, as SystemTap does. */
static void pp_resync(struct pp_state *pp)
{
	pp->p->resync = true;
}

/* ---- raw tokens: frames, then the lexer ---- */

static struct token *pp_copy(struct pp_state *pp, const struct token *t,
			     const struct token *origin)
{
	struct token *c = ARENA_NEW(pp->s->arena, struct token);

	*c = *t;
	c->expanded_from = origin;
	return c;
}

static struct token *pp_lex(struct pp_state *pp)
{
	struct token *t = NULL;
	int code;

	if (pp->at_eof)
		return pp->eof;
	code = lex_scan(&t, pp->scanner);
	if (code == LEX_ERR_QUOTE || code == LEX_ERR_EMBEDDED) {
		diag(pp->s, code == LEX_ERR_QUOTE ? L_QUOTE : L_EMBEDDED, t);
		pp_resync(pp);
		code = 0;
		t->type = TOK_EOF;
		t->code = 0;
		pp->lexed = true;	/* the junk was a token, */
		pp->p->saw_junk = true;	/* one the grammar sees */
	}
	if (code == 0) {
		pp->at_eof = true;
		pp->eof = t;
	} else
		pp->lexed = true;
	return t;
}

/* The next unexpanded token; sets cur_env to the bindings it sees. */
static struct token *pp_raw(struct pp_state *pp)
{
	struct frame *f;

	while ((f = pp->top)) {
		if (f->i < f->toks->n) {
			pp->cur_env = f->env;
			pp->cur_depth = f->depth;
			return pp_copy(pp, f->toks->v[f->i++], f->origin);
		}
		pp->top = f->prev;
	}
	pp->cur_env = NULL;
	pp->cur_depth = 0;
	return pp_lex(pp);
}

static void pp_push(struct pp_state *pp, struct tokv *toks,
		    const struct env *env, const struct token *origin,
		    int depth)
{
	struct frame *f = ARENA_NEW(pp->s->arena, struct frame);

	f->toks = toks;
	f->env = env;
	f->origin = origin;
	f->depth = depth;
	f->prev = pp->top;
	pp->top = f;
}

/* ---- @define ---- */

static struct macro *pp_find(struct macro *list, const char *name)
{
	for (; list; list = list->next)
		if (list->name == name)
			return list;
	return NULL;
}

/* "long" and "string" are reserved as macro names too. */
static bool pp_is_type_name(const struct token *t)
{
	return t->code == T_IDENT &&
	       ((t->len == 4 && !memcmp(t->text, "long", 4)) ||
		(t->len == 6 && !memcmp(t->text, "string", 6)));
}

/* SystemTap describes "long" and "string" here as keywords. */
static struct token *pp_as_keyword(struct pp_state *pp, struct token *t)
{
	struct token *k;

	if (!pp_is_type_name(t))
		return t;
	k = pp_copy(pp, t, t->expanded_from);
	k->type = TOK_KEYWORD;
	return k;
}

static void pp_define_fail(struct pp_state *pp, struct token *t,
			   const char *what)
{
	diag(pp->s, L_MACRO_DEF, t, what);
	pp_resync(pp);
}

/* (a, b): at least one parameter name; returns the ')' or NULL. */
static struct token *pp_define_params(struct pp_state *pp,
				      struct tokv *params)
{
	struct token *t;

	for (;;) {
		t = pp_raw(pp);
		if (t->code != T_IDENT) {
			pp_define_fail(pp, t, "identifier");
			return NULL;
		}
		tokv_push(pp->s, params, t);
		t = pp_raw(pp);
		if (t->code == ')')
			return t;
		if (t->code != ',') {
			pp_define_fail(pp, t, "',' or ')'");
			return NULL;
		}
	}
}

/* @define NAME[(a, b)] %( body %): the body is kept unexpanded. */
static void pp_define(struct pp_state *pp, struct token *at)
{
	struct macro *m = ARENA_NEW(pp->s->arena, struct macro);
	struct token *t = pp_raw(pp), *name;
	struct tokv params = { 0 };
	int depth = 1;

	m->tok = at;
	if (t->code != T_IDENT || pp_is_type_name(t)) {
		/* a reserved word or no name: SystemTap reports it and reads
		 * on after the token */
		diag(pp->s, L_MACRO_DEF, pp_as_keyword(pp, t), "identifier");
		return;
	}
	m->name = intern_n(pp->s->names, t->text, t->len);
	name = t;
	t = pp_raw(pp);
	if (t->code == '(') {
		m->parens = true;
		t = pp_define_params(pp, &params);
		if (!t)
			return;
		t = pp_raw(pp);
	} else if (t->code != PP_IF) {
		pp_define_fail(pp, t, "'%(' or '('");
		return;
	}
	if (t->code != PP_IF) {
		pp_define_fail(pp, t, "'%('");
		return;
	}
	m->nparams = params.n;
	m->params = arena_alloc(pp->s->arena,
				(size_t)(params.n + 1) * sizeof(char *));
	for (int i = 0; i < params.n; i++)
		m->params[i] = intern_n(pp->s->names, params.v[i]->text,
					params.v[i]->len);
	for (t = pp_raw(pp); t->code; t = pp_raw(pp)) {
		depth += t->code == PP_IF;
		depth -= t->code == PP_END;
		if (!depth)
			break;
		tokv_push(pp->s, &m->body, t);
	}
	if (!t->code) {
		diag(pp->s, L_MACRO_EOF, name);
		pp_resync(pp);
		return;
	}
	if (pp->macros == &pp->file_macros &&
	    pp_find(pp->file_macros, m->name)) {
		diag(pp->s, L_MACRO_DUP, at, m->name);
		pp_resync(pp);
		return;
	}
	m->next = *pp->macros;
	*pp->macros = m;
}

/* ---- library macros (.stpm) ---- */

static void pp_load_stpm(struct session *s, struct pp_library *lib,
			 const char *path);

static void pp_scan_dir(struct session *s, struct pp_library *lib,
			const char *dir)
{
	struct dirent **names;
	int n, i;

	n = scandir(dir, &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		size_t len = strlen(nm);

		if (len > 5 && strcmp(nm + len - 5, ".stpm") == 0)
			pp_load_stpm(s, lib,
				     arena_printf(s->arena, "%s/%s", dir, nm));
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

/* Each tapset directory, and its linux/ and arch subdirectories. */
static void pp_scan_tree(struct session *s, struct pp_library *lib,
			 const char *dir)
{
	const char *arch = s->arch ? s->arch : "x86_64";

	pp_scan_dir(s, lib, dir);
	pp_scan_dir(s, lib, arena_printf(s->arena, "%s/linux", dir));
	pp_scan_dir(s, lib, arena_printf(s->arena, "%s/%s", dir, arch));
	pp_scan_dir(s, lib, arena_printf(s->arena, "%s/linux/%s", dir, arch));
}

static struct pp_library *pp_library(struct session *s)
{
	struct pp_library *lib = s->pp_library;
	int i;

	if (!lib) {
		lib = ARENA_NEW(s->arena, struct pp_library);
		s->pp_library = lib;
	}
	if (lib->loaded)
		return lib;
	lib->loaded = true;
	for (i = 0; i < s->include_dirs.n; i++)
		pp_scan_tree(s, lib, s->include_dirs.v[i]);
	if (s->tapset_dir)
		pp_scan_tree(s, lib, s->tapset_dir);
	return lib;
}

static struct macro *pp_lookup(struct pp_state *pp, const char *name)
{
	struct macro *m = pp_find(pp->file_macros, name);

	if (m)
		return m;
	return pp_find(pp_library(pp->s)->macros, name);
}

/* ---- macro invocation ---- */

static int pp_param(const struct env *env, const char *name)
{
	int i;

	for (i = 0; env && i < env->m->nparams; i++)
		if (env->m->params[i] == name)
			return i;
	return -1;
}

static bool pp_is_open(int c)
{
	return c == '(' || c == '[' || c == '{';
}

static bool pp_is_close(int c)
{
	return c == ')' || c == ']' || c == '}';
}

static bool pp_args_fail(struct pp_state *pp, enum diag_code code,
			 const struct token *t, const struct token *at,
			 const struct macro *m)
{
	diag(pp->s, code, t, arena_strndup(pp->s->arena, at->text, at->len),
	     m->nparams, m->nparams == 1 ? "" : "s");
	pp_resync(pp);
	return false;
}

/* ( a, b ): the argument token lists, split at top-level commas; an
 * empty list is one empty argument. */
static bool pp_collect_args(struct pp_state *pp, const struct macro *m,
			    struct token *at, struct tokv *args)
{
	struct token *t = pp_raw(pp);
	int depth = 0, n = 0;

	if (t->code != '(') {
		/* SystemTap shows the token before the macro at the end */
		if (!t->code)
			return pp_args_fail(pp, L_MACRO_PAREN_EOF, pp->p->last,
					    at, m);
		return pp_args_fail(pp, L_MACRO_PAREN, t, at, m);
	}
	for (t = pp_raw(pp); t->code; t = pp_raw(pp)) {
		if (pp_is_open(t->code)) {
			depth++;
		} else if (pp_is_close(t->code)) {
			if (depth-- == 0)
				break;
		} else if (t->code == ',' && depth == 0) {
			if (++n == m->nparams)
				return pp_args_fail(pp, L_MACRO_MANY, t, at,
						    m);
			continue;
		}
		tokv_push(pp->s, &args[n], t);
	}
	if (!t->code) {
		diag(pp->s, L_MACRO_END, at);
		pp_resync(pp);
		return false;
	}
	if (n + 1 < m->nparams)
		return pp_args_fail(pp, L_MACRO_FEW, t, at, m);
	return true;
}

/* @name: a parameter of the enclosing macro, or a macro to expand.
 * Returns false when the token is not a macro (an unknown @operator). */
static bool pp_macro(struct pp_state *pp, struct token *at)
{
	const struct env *env = pp->cur_env;
	const char *name = intern_n(pp->s->names, at->text + 1, at->len - 1);
	int depth = pp->cur_depth + 1, i = pp_param(env, name);
	const struct macro *m;
	struct env *ne;

	if (depth > PP_MAX_DEPTH || ++pp->expansions > PP_MAX_EXPANSIONS) {
		/* Recursive or exponential macros: report once, stop the file
		 * (each further expansion would fail the same way). */
		diag(pp->s, L_MACRO_DEPTH, at);
		pp->gave_up = true;
		return true;
	}
	if (i >= 0) {
		pp_push(pp, &env->args[i], env->outer, at, depth);
		return true;
	}
	m = pp_lookup(pp, name);
	if (!m)
		return false;
	ne = ARENA_NEW(pp->s->arena, struct env);
	ne->m = m;
	ne->outer = env;
	ne->depth = depth;
	if (m->parens) {
		ne->args = arena_alloc(pp->s->arena,
				       (size_t)(m->nparams + 1) *
				       sizeof(struct tokv));
		if (!pp_collect_args(pp, m, at, ne->args))
			return true;
	}
	pp_push(pp, (struct tokv *)&m->body, ne, at, depth);
	return true;
}

/*
 * A macro parameter named like a built-in operator (@var, @cast, ...)
 * shadows the operator inside the macro's body: push its argument.
 */
static bool pp_shadowed_param(struct pp_state *pp, struct token *at)
{
	const struct env *env = pp->cur_env;
	int i;

	if (!env || at->len < 2 || at->text[0] != '@')
		return false;
	i = pp_param(env, intern_n(pp->s->names, at->text + 1, at->len - 1));
	if (i < 0)
		return false;
	pp_push(pp, &env->args[i], env->outer, at, pp->cur_depth + 1);
	return true;
}

/* ---- script arguments ---- */

static struct token *pp_arg_token(struct pp_state *pp, struct token *t,
				  int code, enum tok_type type,
				  const char *text)
{
	struct token *c = pp_copy(pp, t, t);

	c->code = code;
	c->type = type;
	c->text = text;
	c->len = strlen(text);
	return c;
}

/* An empty junk token at t, where SystemTap reports argument errors. */
static struct token *pp_junk(struct pp_state *pp, const struct token *t)
{
	struct token *junk = pp_copy(pp, t, NULL);

	junk->type = TOK_JUNK;
	junk->text = "";
	junk->len = 0;
	return junk;
}

/* The tokens of a script argument, all at the $N token's position. */
static struct tokv *pp_lex_string(struct pp_state *pp, const char *text,
				  struct token *at)
{
	struct tokv *v = ARENA_NEW(pp->s->arena, struct tokv);
	struct lex_state ls = { .s = pp->s, .src = at->loc.src };
	void *sc = lex_open(&ls, text, strlen(text));
	struct token *t;
	int code;

	if (!sc)
		return v;
	for (;;) {
		code = lex_scan(&t, sc);
		if (code <= 0)
			break;
		t->loc = at->loc;
		tokv_push(pp->s, v, t);
	}
	if (code < 0) {
		diag(pp->s, code == LEX_ERR_QUOTE ? L_QUOTE : L_EMBEDDED,
		     pp_junk(pp, at));
		pp_resync(pp);
	}
	lex_close(sc);
	return v;
}

static bool pp_is_script_arg(int code)
{
	return code == T_DOLLARARG || code == T_ATARG ||
	       code == T_ARGCOUNT || code == T_ARGCOUNT_STR;
}

/* Does an argument's text itself refer to script arguments? */
static bool pp_has_script_arg(const struct tokv *toks)
{
	for (int i = 0; i < toks->n; i++)
		if (pp_is_script_arg(toks->v[i]->code))
			return true;
	return false;
}

/* $N pastes the argument's tokens; @N is the argument as a string. */
static struct token *pp_script_arg(struct pp_state *pp, struct token *t)
{
	struct session *s = pp->s;
	int n = atoi(t->text + 1);
	struct tokv *toks;

	if (t->code == T_ARGCOUNT)
		return pp_arg_token(pp, t, T_NUMBER, TOK_NUMBER,
				    arena_printf(s->arena, "%d",
						 s->script_args.n));
	if (t->code == T_ARGCOUNT_STR)
		return pp_arg_token(pp, t, T_STRING, TOK_STRING,
				    arena_printf(s->arena, "%d",
						 s->script_args.n));
	if (n < 1 || n > s->script_args.n) {
		diag(s, L_ARG_RANGE, pp_junk(pp, t), s->script_args.n);
		pp_resync(pp);
		return NULL;
	}
	if (t->code == T_ATARG)
		return pp_arg_token(pp, t, T_STRING, TOK_STRING,
				    s->script_args.v[n - 1]);
	toks = pp_lex_string(pp, s->script_args.v[n - 1], t);
	if (pp_has_script_arg(toks)) {
		/* $1 standing for "$1" would expand forever */
		diag(s, L_ARG_NESTED, pp_junk(pp, t));
		pp_resync(pp);
		return NULL;
	}
	pp_push(pp, toks, NULL, t, pp->cur_depth + 1);
	return NULL;
}


/* ---- %( conditions %) ---- */

struct kconfig {
	char **lines;			/* "CONFIG_X=value", sorted */
	size_t n;
};

static int pp_cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read the target kernel's .config once per session. */
static struct kconfig *pp_kconfig(struct session *s)
{
	struct kconfig *kc = s->pp_kconfig;
	const char *dir = s->kernel_build_dir;
	size_t cap = 0;
	char line[4096];
	FILE *f;

	if (kc)
		return kc;
	kc = ARENA_NEW(s->arena, struct kconfig);
	s->pp_kconfig = kc;
	if (!dir && s->kernel_release)
		dir = arena_printf(s->arena, "/lib/modules/%s/build",
				   s->kernel_release);
	f = dir ? fopen(arena_printf(s->arena, "%s/.config", dir), "r") : NULL;
	if (!f)
		return kc;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "CONFIG_", 7) != 0 || !strchr(line, '='))
			continue;
		if (kc->n == cap) {
			char **nl;

			cap = cap ? 2 * cap : 1024;
			nl = arena_alloc(s->arena, cap * sizeof(*nl));
			if (kc->n)
				memcpy(nl, kc->lines, kc->n * sizeof(*nl));
			kc->lines = nl;
		}
		kc->lines[kc->n++] = arena_strdup(s->arena, line);
	}
	fclose(f);
	qsort(kc->lines, kc->n, sizeof(*kc->lines), pp_cmp_lines);
	return kc;
}

/* The value of CONFIG_X (quotes stripped), or "" when unset. */
static const char *pp_config_value(struct session *s, const struct token *t)
{
	struct kconfig *kc = pp_kconfig(s);
	size_t lo = 0, hi = kc->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *l = kc->lines[mid];
		int c = strncmp(l, t->text, t->len);

		if (c == 0 && l[t->len] == '=') {
			const char *v = l + t->len + 1;
			size_t n = strlen(v);

			if (n >= 2 && v[0] == '"' && v[n - 1] == '"')
				return arena_strndup(s->arena, v + 1, n - 2);
			return v;
		}
		if (c == 0)
			c = (unsigned char)l[t->len] - '=';
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return "";
}

static bool pp_has_wildcard(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static bool pp_result(int op, long long c)
{
	switch (op) {
	case T_EQ:	return c == 0;
	case T_NE:	return c != 0;
	case '<':	return c < 0;
	case T_LE:	return c <= 0;
	case '>':	return c > 0;
	case T_GE:	return c >= 0;
	}
	return false;
}

/* lhs op rhs on strings; == and != match wildcards in rhs. */
static bool pp_str_cmp(const char *lhs, int op, const char *rhs, bool vers)
{
	if ((op == T_EQ || op == T_NE) && pp_has_wildcard(rhs))
		return pp_result(op, fnmatch(rhs, lhs, 0));
	return pp_result(op, vers ? strverscmp(lhs, rhs) : strcmp(lhs, rhs));
}

static bool pp_is_cmp(int code)
{
	return code == T_EQ || code == T_NE || code == '<' || code == '>' ||
	       code == T_LE || code == T_GE;
}

static struct token *pp_next(struct pp_state *pp);

static struct token *pp_peek(struct pp_state *pp)
{
	if (!pp->back)
		pp->back = pp_next(pp);
	return pp->back;
}

/* A failed condition: report at t, resynchronise, stop evaluating. */
static bool pp_cond_fail(struct pp_state *pp, bool *ok, enum diag_code code,
			 const struct token *t, const char *what)
{
	diag(pp->s, code, t, what);
	pp_resync(pp);
	*ok = false;
	return false;
}

static bool pp_is_eq(int code)
{
	return code == T_EQ || code == T_NE;
}

static bool pp_number(const struct token *t, long long *v)
{
	int64_t n = 0;

	if (t->code != T_NUMBER || !parse_number(t->text, t->len, &n))
		return false;
	*v = n;
	return true;
}

static bool pp_num_result(int op, long long l, long long r)
{
	return pp_result(op, l < r ? -1 : l > r);
}

/* The operator and right operand of a comparison; the end of the input
 * there is an incomplete condition. */
static bool pp_cond_operands(struct pp_state *pp, struct token **op,
			     struct token **rhs, bool *ok)
{
	*op = pp_next(pp);
	*rhs = (*op)->code ? pp_next(pp) : *op;
	if ((*rhs)->code)
		return true;
	return pp_cond_fail(pp, ok, L_COND_INCOMPLETE, pp->cond_at, NULL);
}

/* What a condition keyword's right operand must be, and its operators. */
enum pp_kw_kind {
	KW_NONE,
	KW_NAME,	/* arch, runtime, systemtap_privilege: == != "glob" */
	KW_VERSION,	/* kernel_v, kernel_vr, systemtap_v: any op "vers" */
	KW_GURU,	/* guru_mode: == != number */
};

static enum pp_kw_kind pp_kw_kind(const struct token *t)
{
	static const struct { const char *name; enum pp_kw_kind k; } kw[] = {
		{ "arch", KW_NAME }, { "runtime", KW_NAME },
		{ "systemtap_privilege", KW_NAME }, { "kernel_v", KW_VERSION },
		{ "kernel_vr", KW_VERSION }, { "systemtap_v", KW_VERSION },
		{ "guru_mode", KW_GURU },
	};

	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (strlen(kw[i].name) == t->len &&
		    !memcmp(kw[i].name, t->text, t->len))
			return kw[i].k;
	return KW_NONE;
}

static const char *pp_kernel_v(struct session *s, bool release)
{
	const char *r = s->kernel_release ? s->kernel_release : "";

	if (release)
		return r;
	return arena_strndup(s->arena, r, strcspn(r, "-"));
}

/* The string a condition keyword stands for. */
static const char *pp_keyword(struct pp_state *pp, const struct token *t)
{
	struct session *s = pp->s;

	switch (t->text[0]) {
	case 'k':	/* kernel_v, kernel_vr */
		return pp_kernel_v(s, t->len == 9);
	case 'a':
		return s->arch ? s->arch : "x86_64";
	case 'r':
		return "kernel";
	case 'g':
		return s->guru ? "1" : "0";
	}
	if (t->len == strlen("systemtap_v"))
		return s->compatible ? s->compatible : STAP_COMPAT_VERSION;
	return s->privilege ? s->privilege : "stapdev";
}

/* arch == "x86*", kernel_v >= "6.1", guru_mode == 1: the operand kinds
 * and operators SystemTap allows each keyword, checked in its order
 * (the right operand first, then the operator). */
static bool pp_cond_keyword(struct pp_state *pp, struct token *lhs,
			    enum pp_kw_kind k, bool *ok)
{
	struct token *op, *rhs;
	const char *lv = pp_keyword(pp, lhs);
	long long rn = 0;

	if (!pp_cond_operands(pp, &op, &rhs, ok))
		return false;
	if (k == KW_GURU) {
		if (!pp_number(rhs, &rn))
			return pp_cond_fail(pp, ok, L_COND_BAD, rhs, "number");
		if (!pp_is_eq(op->code))
			return pp_cond_fail(pp, ok, L_COND_BAD, op,
					    "'==' or '!='");
		return pp_num_result(op->code, pp->s->guru ? 1 : 0, rn);
	}
	if (rhs->code != T_STRING)
		return pp_cond_fail(pp, ok, L_COND_BAD, rhs, "string literal");
	if (k == KW_NAME && !pp_is_eq(op->code))
		return pp_cond_fail(pp, ok, L_COND_BAD, op, "'==' or '!='");
	if (!pp_is_cmp(op->code))
		return pp_cond_fail(pp, ok, L_COND_BAD, op,
				    "comparison operator");
	return pp_str_cmp(lv, op->code, rhs->text, k == KW_VERSION);
}

static bool pp_is_config(const struct token *t)
{
	return t->code == T_IDENT && t->len >= 7 &&
	       strncmp(t->text, "CONFIG_", 7) == 0;
}

/* CONFIG_X == "glob", CONFIG_X < 10 (unset is 0), CONFIG_X op CONFIG_Y
 * (compared as strings). */
static bool pp_cond_config(struct pp_state *pp, struct token *lhs, bool *ok)
{
	struct token *op, *rhs;
	const char *lv = pp_config_value(pp->s, lhs);
	long long ln = 0, rn = 0;

	if (!pp_cond_operands(pp, &op, &rhs, ok))
		return false;
	if (rhs->code == T_STRING) {
		if (!pp_is_eq(op->code))
			return pp_cond_fail(pp, ok, L_COND_BAD, op,
					    "'==' or '!='");
		return pp_str_cmp(lv, op->code, rhs->text, false);
	}
	if (!pp_number(rhs, &rn) && !pp_is_config(rhs))
		return pp_cond_fail(pp, ok, L_COND_BAD, rhs,
				    "string, number literal or other CONFIG_... as right side operand");
	if (rhs->code == T_NUMBER && *lv) {
		struct token v = { .code = T_NUMBER, .text = lv,
				   .len = strlen(lv) };

		if (!pp_number(&v, &ln))
			return pp_cond_fail(pp, ok, L_COND_CONFIG_NAN, lhs,
					    NULL);
	}
	if (!pp_is_cmp(op->code))
		return pp_cond_fail(pp, ok, L_COND_BAD, op,
				    "comparison operator");
	if (rhs->code == T_NUMBER)
		return pp_num_result(op->code, ln, rn);
	return pp_result(op->code, strcmp(lv, pp_config_value(pp->s, rhs)));
}

/* 1 < 2, "a" == "b", $# > 1, @# == "0": both sides of one kind. */
static bool pp_cond_literal(struct pp_state *pp, struct token *lhs, bool *ok)
{
	struct token *op, *rhs;
	bool num = lhs->code == T_NUMBER;
	long long ln = 0, rn = 0;

	if (!pp_cond_operands(pp, &op, &rhs, ok))
		return false;
	if (rhs->code != T_NUMBER && rhs->code != T_STRING)
		return pp_cond_fail(pp, ok, L_COND_KEYWORD, lhs, NULL);
	if (num != (rhs->code == T_NUMBER))
		return pp_cond_fail(pp, ok, L_COND_BAD, rhs, num ?
				    "number literal as right value" :
				    "string literal as right value");
	if (!pp_is_cmp(op->code))
		return pp_cond_fail(pp, ok, L_COND_BAD, op,
				    "comparison operator");
	if (!num)
		return pp_result(op->code, strcmp(lhs->text, rhs->text));
	if (!pp_number(lhs, &ln) || !pp_number(rhs, &rn))
		return pp_cond_fail(pp, ok, P_BAD_NUMBER, lhs, NULL);
	return pp_num_result(op->code, ln, rn);
}

static bool pp_cond_or(struct pp_state *pp, bool *ok);

/* One comparison; its left operand decides what may follow. */
static bool pp_cond_atom(struct pp_state *pp, bool *ok)
{
	struct token *lhs = pp_next(pp), *op, *rhs;
	enum pp_kw_kind k;

	if (pp_is_config(lhs))
		return pp_cond_config(pp, lhs, ok);
	if (lhs->code == T_IDENT && (k = pp_kw_kind(lhs)) != KW_NONE)
		return pp_cond_keyword(pp, lhs, k, ok);
	if (lhs->code == T_NUMBER || lhs->code == T_STRING)
		return pp_cond_literal(pp, lhs, ok);
	if (!lhs->code)
		return pp_cond_fail(pp, ok, L_COND_INCOMPLETE, pp->cond_at,
				    NULL);
	/* SystemTap takes an operator and an operand before it fails */
	if (!pp_cond_operands(pp, &op, &rhs, ok))
		return false;
	return pp_cond_fail(pp, ok, L_COND_KEYWORD, lhs, NULL);
}

static bool pp_cond_and(struct pp_state *pp, bool *ok)
{
	bool v = pp_cond_atom(pp, ok);

	while (*ok && pp_peek(pp)->code == T_ANDAND) {
		pp->back = NULL;
		v = pp_cond_atom(pp, ok) && v;
	}
	return v;
}

static bool pp_cond_or(struct pp_state *pp, bool *ok)
{
	bool v = pp_cond_and(pp, ok);

	while (*ok && pp_peek(pp)->code == T_OROR) {
		pp->back = NULL;
		v = pp_cond_and(pp, ok) || v;
	}
	return v;
}

/* Skip raw tokens to the %: (if else_ok) or %) closing this level;
 * returns the token that stopped the skip. */
static struct token *pp_skip(struct pp_state *pp, bool else_ok)
{
	int depth = 0;
	struct token *t;

	for (t = pp_raw(pp); t->code; t = pp_raw(pp)) {
		if (t->code == PP_IF)
			depth++;
		else if (t->code == PP_END && depth-- == 0)
			return t;
		else if (t->code == PP_ELSE && depth == 0 && else_ok)
			return t;
	}
	return t;
}

static void pp_cond_push(struct pp_state *pp, enum cond_state st,
			 const struct token *at)
{
	if (pp->nconds == pp->capconds) {
		struct pp_cond *nc;

		pp->capconds = pp->capconds ? 2 * pp->capconds : 16;
		nc = arena_alloc(pp->s->arena,
				 (size_t)pp->capconds * sizeof(*nc));
		if (pp->nconds)
			memcpy(nc, pp->conds,
			       (size_t)pp->nconds * sizeof(*nc));
		pp->conds = nc;
	}
	pp->conds[pp->nconds].st = st;
	pp->conds[pp->nconds++].at = at;
}

/* %( cond %? then [%: else] %) */
static void pp_conditional(struct pp_state *pp, struct token *at)
{
	bool ok = true, v;
	struct token *t;

	pp->in_cond = true;
	pp->cond_at = at;
	v = pp_cond_or(pp, &ok);
	if (!ok) {
		pp->in_cond = false;
		pp_resync(pp);
		return;
	}
	t = pp_next(pp);
	pp->in_cond = false;
	if (t->code != PP_THEN) {
		diag(pp->s, L_COND_BAD, at, "'%?' marker for conditional");
		pp_resync(pp);
		return;
	}
	if (v) {
		pp_cond_push(pp, COND_THEN, at);
		return;
	}
	t = pp_skip(pp, true);
	if (!t->code) {
		diag(pp->s, L_COND_EOF, at);
		pp_resync(pp);
	} else if (t->code == PP_ELSE)
		pp_cond_push(pp, COND_ELSE, at);
}

/* ---- the expanded stream ---- */

static bool pp_is_directive(int code)
{
	return code == PP_IF || code == PP_THEN || code == PP_ELSE ||
	       code == PP_END;
}

static struct token *pp_next(struct pp_state *pp)
{
	struct token *t;

	if (pp->back) {
		t = pp->back;
		pp->back = NULL;
		return t;
	}
	for (;;) {
		if (pp->gave_up && pp->eof)
			return pp->eof;
		t = pp_raw(pp);
		if (pp->gave_up && t->code != 0)
			continue;
		if (pp->in_cond && pp_is_directive(t->code))
			return t;	/* an operand or operator, to check */
		switch (t->code) {
		case AT_DEFINE:
			pp_define(pp, t);
			continue;
		case T_MACRO:
			if (pp_macro(pp, t))
				continue;
			return t;
		case AT_CAST: case AT_VAR: case AT_DEFINED: case AT_ENTRY:
		case AT_STAT: case AT_HIST_LOG: case AT_HIST_LINEAR:
		case AT_PERF: case AT_KDEREF: case AT_UDEREF: case AT_KREGISTER:
		case AT_UREGISTER: case AT_PROBEWRITE: case AT_TASK: case AT_CONST:
			if (pp_shadowed_param(pp, t))
				continue;
			return t;
		case T_DOLLARARG:
		case T_ATARG:
		case T_ARGCOUNT:
		case T_ARGCOUNT_STR:
			t = pp_script_arg(pp, t);
			if (t)
				return t;
			continue;
		case PP_IF:
			pp_conditional(pp, t);
			continue;
		case PP_ELSE:
			if (pp->nconds &&
			    pp->conds[pp->nconds - 1].st == COND_THEN) {
				if (!pp_skip(pp, false)->code) {
					diag(pp->s, L_COND_EOF,
					     pp->conds[pp->nconds - 1].at);
					pp_resync(pp);
				}
				pp->nconds--;
				continue;
			}
			diag(pp->s, L_COND_OPEN, t);
			pp_resync(pp);
			continue;
		case PP_END:
			if (pp->nconds) {
				pp->nconds--;
				continue;
			}
			diag(pp->s, L_COND_OPEN, t);
			pp_resync(pp);
			continue;
		case PP_THEN:
			diag(pp->s, L_COND_OPEN, t);
			pp_resync(pp);
			continue;
		case 0:
			if (pp->nconds)
				pp_resync(pp);
			while (pp->nconds)	/* innermost first */
				diag(pp->s, L_COND_EOF,
				     pp->conds[--pp->nconds].at);
			return t;
		default:
			return t;
		}
	}
}

/* ---- entry points ---- */

struct pp_state *pp_open(struct parser *p, struct source *src)
{
	struct pp_state *pp = ARENA_NEW(p->s->arena, struct pp_state);

	pp->p = p;
	pp->s = p->s;
	pp->ls.s = p->s;
	pp->ls.src = src;
	pp->macros = &pp->file_macros;
	pp->scanner = lex_open(&pp->ls, src->text, src->len);
	if (!pp->scanner) {
		fputs("stap: cannot start the lexer\n", stderr);
		abort();
	}
	return pp;
}

void pp_close(struct pp_state *pp)
{
	lex_close(pp->scanner);
}

bool pp_lexed_any(const struct pp_state *pp)
{
	return pp->lexed;
}

struct token *pp_token(struct pp_state *pp)
{
	return pp_next(pp);
}

/* A .stpm file: only @define (possibly inside conditionals). */
static void pp_load_stpm(struct session *s, struct pp_library *lib,
			 const char *path)
{
	struct source *src = parse_load_file(s, path, true);
	struct parser p = { .s = s, .src = src, .privileged = true };
	struct pp_state *pp;
	struct token *t;

	if (!src)
		return;
	pp = pp_open(&p, src);
	pp->macros = &lib->macros;
	t = pp_next(pp);
	if (t->code)
		diag(s, L_STPM_ONLY_DEFINE, t);
	pp_close(pp);
}
