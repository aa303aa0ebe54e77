/* parse_ast.c - pass 1: the grammar actions of parser.y.
 *
 * Each pa_ function builds one construct from the pieces bison reduced,
 * checks what the grammar cannot (printf's literal format, lvalues,
 * privilege for embedded C) and reports in SystemTap's words.
 *
 * Invariant: a construct that fails a check is still returned whole, so
 * the parse goes on and later errors are reported too.
 */
#include <string.h>

#include "parse.h"
#include "parser.h"

static const char *pa_name(struct parser *p, const struct token *t)
{
	return intern_n(p->s->names, t->text, t->len);
}

/* ---- top level ---- */

/* Pragma comments inside embedded C, as SystemTap spells them. */
static unsigned pa_pragmas(const char *code)
{
	static const struct {
		const char *text;
		unsigned flag;
	} tab[] = {
		{ "/* pure */", PRAGMA_PURE },
		{ "/* unprivileged */", PRAGMA_UNPRIVILEGED },
		{ "/* myproc-unprivileged */", PRAGMA_MYPROC_UNPRIV },
		{ "/* guru */", PRAGMA_GURU },
		{ "/* unmodified-fnargs */", PRAGMA_UNMODIFIED_FNARGS },
		{ "/* stable */", PRAGMA_STABLE },
		{ "/* string */", PRAGMA_TAGGED_STRING },
	};
	unsigned flags = 0;
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strstr(code, tab[i].text))
			flags |= tab[i].flag;
	return flags;
}

void pa_probe(struct parser *p, struct token *t, struct probe_point *pts,
	      struct stmt *body)
{
	struct probe *pr = ARENA_NEW(p->s->arena, struct probe);

	pr->tok = t;
	pr->points = pts;
	pr->body = body;
	pr->file = p->file;
	*p->ptail = pr;
	p->ptail = &pr->next;
}

void pa_alias(struct parser *p, struct token *t, struct probe_point *names,
	      struct probe_point *targets, struct stmt *body, bool epilogue)
{
	struct alias *a = ARENA_NEW(p->s->arena, struct alias);

	a->tok = t;
	a->names = names;
	a->targets = targets;
	a->body = body;
	a->epilogue = epilogue;
	a->file = p->file;
	*p->atail = a;
	p->atail = &a->next;
}

/* The earlier global of v's name in this file, if any. */
static struct vardecl *pa_global_seen(struct parser *p,
				      const struct vardecl *v)
{
	struct vardecl *g;
	size_t before;

	if (!p->gnames)
		p->gnames = intern_new(p->s->arena);
	before = intern_count(p->gnames);
	intern_s(p->gnames, v->name);
	if (intern_count(p->gnames) != before)
		return NULL;
	for (g = p->file->globals; g && g->name != v->name; g = g->next)
		;
	return g;
}

/* Append a global declaration's names to the file; a name declared
 * before in the file (global or private) is an error. */
void pa_globals(struct parser *p, struct vardecl *list, bool priv)
{
	struct vardecl *v, *next, *old;

	for (v = list; v; v = next) {
		next = v->next;
		v->next = NULL;
		v->priv = priv;
		old = pa_global_seen(p, v);
		if (old) {
			diag(p->s, old->priv == priv ? P_DUP_GLOBAL
				   : P_GLOBAL_PRIVATE, v->tok);
			continue;
		}
		v->file = p->file;
		*p->gtail = v;
		p->gtail = &v->next;
	}
}

void pa_function(struct parser *p, struct function *fn, struct stmt *body,
		 bool priv)
{
	fn->body = body;
	fn->priv = priv;
	if (body && body->kind == ST_EMBEDDED)
		fn->pragmas = pa_pragmas(body->code);
	*p->ftail = fn;
	p->ftail = &fn->next;
	p->in_function = 0;
}

void pa_embed(struct parser *p, struct token *t)
{
	struct embed *em = ARENA_NEW(p->s->arena, struct embed);

	if (!p->privileged)
		diag(p->s, P_EMBEDDED_UNPRIV, t);
	em->code = t->text;
	em->tok = t;
	*p->etail = em;
	p->etail = &em->next;
}

/* ---- probe points ---- */

/* marks: 1 for `?`, 2 for `!`; applied to every brace expansion. */
struct probe_point *pa_point(struct parser *p, struct probe_point *pat,
			     int marks, struct expr *cond)
{
	struct probe_point *pp;

	(void)p;
	for (pp = pat; pp; pp = pp->next) {
		pp->optional |= marks & 1;
		pp->sufficient |= (marks & 2) != 0;
		if (cond)
			pp->cond = cond;
	}
	return pat;
}

struct probe_point *pa_pattern(struct parser *p, struct probe_comp *c)
{
	struct probe_point *pp = ARENA_NEW(p->s->arena, struct probe_point);

	pp->comps = c;
	pp->tok = c->tok;
	return pp;
}

static struct probe_comp *pa_copy_comps(struct parser *p,
					const struct probe_comp *c)
{
	struct probe_comp *head = NULL, **tail = &head;

	for (; c; c = c->next) {
		struct probe_comp *n = ARENA_NEW(p->s->arena, struct probe_comp);

		*n = *c;
		n->next = NULL;
		*tail = n;
		tail = &n->next;
	}
	return head;
}

/* Brace expansion: every point of a followed by every point of b. */
struct probe_point *pa_product(struct parser *p, struct probe_point *a,
			       struct probe_point *b)
{
	struct probe_point *out = NULL, **tail = &out, *x, *y;

	for (x = a; x; x = x->next) {
		for (y = b; y; y = y->next) {
			struct probe_point *n =
				ARENA_NEW(p->s->arena, struct probe_point);

			n->tok = x->tok;
			n->optional = x->optional || y->optional;
			n->sufficient = x->sufficient || y->sufficient;
			n->comps = ast_pcomp_append(pa_copy_comps(p, x->comps),
						    pa_copy_comps(p, y->comps));
			*tail = n;
			tail = &n->next;
		}
	}
	return out;
}

struct probe_comp *pa_pcomp(struct parser *p, struct token *t,
			    struct expr *arg)
{
	struct probe_comp *c = ARENA_NEW(p->s->arena, struct probe_comp);

	c->functor = pa_name(p, t);
	c->tok = t;
	c->arg = arg;
	return c;
}

/* ---- literals ---- */

struct expr *pa_number(struct parser *p, struct token *t, bool neg)
{
	int64_t v = 0;
	struct expr *e;

	if (!parse_number(t->text, t->len, &v))
		diag(p->s, P_BAD_NUMBER, t);
	e = ast_number(p->s, t, neg ? (int64_t)(0 - (uint64_t)v) : v);
	if (t->expanded_from)
		e->flags |= EXF_AT_ARG;
	return e;
}

struct expr *pa_string(struct parser *p, struct token *t)
{
	struct expr *e = ast_string(p->s, t, t->text, t->len);

	if (t->expanded_from)
		e->flags |= EXF_AT_ARG;
	return e;
}

/* "a" "b": adjacent literals are one string. */
struct expr *pa_concat(struct parser *p, struct expr *a, struct token *t)
{
	char *buf = arena_alloc(p->s->arena, a->len + t->len + 1);

	memcpy(buf, a->str, a->len);
	memcpy(buf + a->len, t->text, t->len);
	a->str = buf;
	a->len += t->len;
	return a;
}

/* ---- globals and functions ---- */

/* how: bit 0 array size given, bit 1 wrap-around (%) */
struct vardecl *pa_gvar(struct parser *p, struct token *t,
			struct expr *init, struct token *size, int how)
{
	struct vardecl *v = ARENA_NEW(p->s->arena, struct vardecl);

	v->name = pa_name(p, t);
	v->tok = t;
	v->init = init;
	v->wrap = (how & 2) != 0;
	v->is_array = how != 0;
	if (size && (!parse_number(size->text, size->len, &v->size_hint) ||
		     v->size_hint <= 0))
		diag(p->s, P_BAD_NUMBER, size);
	return v;
}

/* global a[10] = 42: only scalars take an initial value. */
struct expr *pa_array_init(struct parser *p, struct token *eq)
{
	diag(p->s, P_ARRAY_INIT, eq);
	return NULL;
}

struct vardecl *pa_gvar_append(struct vardecl *a, struct vardecl *b)
{
	struct vardecl *l = a;

	while (l->next)
		l = l->next;
	l->next = b;
	return a;
}

struct function *pa_fhead(struct parser *p, struct token *name, int type,
			  struct param *params)
{
	struct function *fn = ARENA_NEW(p->s->arena, struct function);
	struct param *pm;

	fn->name = pa_name(p, name);
	fn->tok = name;
	fn->file = p->file;
	fn->decl_type = (enum ty)type;
	fn->params = params;
	for (pm = params; pm; pm = pm->next)
		fn->nparams++;
	p->in_function = 1;
	return fn;
}

int pa_type(struct parser *p, struct token *t)
{
	if (t->len == 4 && memcmp(t->text, "long", 4) == 0)
		return TY_LONG;
	if (t->len == 6 && memcmp(t->text, "string", 6) == 0)
		return TY_STRING;
	diag(p->s, P_BAD_TYPE, t);
	return TY_UNKNOWN;
}

struct param *pa_param(struct parser *p, struct token *t, int type)
{
	struct param *pm = ARENA_NEW(p->s->arena, struct param);

	pm->name = pa_name(p, t);
	pm->tok = t;
	pm->decl_type = (enum ty)type;
	return pm;
}

struct param *pa_param_append(struct parser *p, struct param *a,
			      struct param *b)
{
	struct param *l = a;

	for (;;) {
		if (l->name == b->name) {
			diag(p->s, P_DUP_PARAM, b->tok);
			return a;
		}
		if (!l->next)
			break;
		l = l->next;
	}
	l->next = b;
	return a;
}

struct stmt *pa_embedded_body(struct parser *p, struct token *t)
{
	struct stmt *st = ast_stmt(p->s, ST_EMBEDDED, t);

	if (!p->privileged)
		diag(p->s, P_EMBEDDED_UNPRIV, t);
	st->code = t->text;
	return st;
}

/* ---- statements ---- */

struct stmt *pa_block(struct parser *p, struct token *t, struct stmt *list)
{
	struct stmt *st = ast_stmt(p->s, ST_BLOCK, t);

	st->stmts = ast_stmt_reverse(list);
	return st;
}

struct stmt *pa_if(struct parser *p, struct token *t, struct expr *cond,
		   struct stmt *then, struct stmt *alt)
{
	struct stmt *st = ast_stmt(p->s, ST_IF, t);

	st->e = cond;
	st->body = then;
	st->alt = alt;
	return st;
}

struct stmt *pa_while(struct parser *p, struct token *t, struct expr *cond,
		      struct stmt *body)
{
	struct stmt *st = ast_stmt(p->s, ST_WHILE, t);

	st->e = cond;
	st->body = body;
	return st;
}

/* for (;;): a missing condition is the literal 1, as in SystemTap. */
struct stmt *pa_for(struct parser *p, struct token *t, struct expr *init,
		    struct expr *cond, struct expr *step, struct stmt *body)
{
	struct stmt *st = ast_stmt(p->s, ST_FOR, t);

	st->init = init;
	st->e = cond ? cond : ast_number(p->s, t, 1);
	st->step = step;
	st->body = body;
	return st;
}

struct stmt *pa_do(struct parser *p, struct token *t, struct stmt *body,
		   struct expr *cond)
{
	struct stmt *st = ast_stmt(p->s, ST_DO, t);

	st->e = cond;
	st->body = body;
	return st;
}

struct stmt *pa_try(struct parser *p, struct token *t, struct stmt *body,
		    struct token *var, struct stmt *handler)
{
	struct stmt *st = ast_stmt(p->s, ST_TRY, t);

	st->body = body;
	st->alt = handler;
	st->catch_var = var ? ast_symbol(p->s, var) : NULL;
	return st;
}

struct stmt *pa_expr_stmt(struct parser *p, struct expr *e)
{
	struct stmt *st = ast_stmt(p->s, ST_EXPR, e->tok);

	st->e = e;
	return st;
}

struct stmt *pa_return(struct parser *p, struct token *t, struct expr *e)
{
	struct stmt *st = ast_stmt(p->s, ST_RETURN, t);

	if (!p->in_function)
		diag(p->s, P_RETURN_CONTEXT, t);
	st->e = e;
	return st;
}

struct stmt *pa_delete(struct parser *p, struct token *t, struct expr *e)
{
	struct stmt *st = ast_stmt(p->s, ST_DELETE, t);

	st->e = e;
	return st;
}

/* ---- foreach ---- */

struct foreach_spec *pa_fe_key(struct parser *p, struct token *t, int sort)
{
	struct foreach_spec *fe = ARENA_NEW(p->s->arena, struct foreach_spec);

	fe->keys = ast_symbol(p->s, t);
	fe->tok = t;
	if (sort) {
		fe->sort_col = 1;
		fe->sort_dir = sort;
		fe->nsorts = 1;
	}
	return fe;
}

struct foreach_spec *pa_fe_merge(struct parser *p, struct foreach_spec *a,
				 struct foreach_spec *b)
{
	int n = 0;
	struct expr *k;

	(void)p;
	for (k = a->keys; k; k = k->next)
		n++;
	if (b->nsorts) {
		a->sort_col = n + b->sort_col;
		a->sort_dir = b->sort_dir;
		if (a->nsorts && b->nsorts)
			diag(p->s, P_MULTI_SORT, b->tok);
		a->nsorts += b->nsorts;
	}
	a->keys = ast_append(a->keys, b->keys);
	return a;
}

/* foreach (v = [keys] ...): sorting on v is sorting on the value. */
struct foreach_spec *pa_fe_value(struct parser *p, struct token *v,
				 int sort, struct foreach_spec *keys)
{
	keys->value = ast_symbol(p->s, v);
	if (sort) {
		if (keys->nsorts)
			diag(p->s, P_MULTI_SORT, v);
		keys->sort_col = 0;
		keys->sort_dir = sort;
		keys->nsorts++;
	}
	return keys;
}

static int pa_stat_op(const struct token *t)
{
	int i;

	for (i = STAT_COUNT; i <= STAT_HIST_LINEAR; i++) {
		const char *name = ast_stat_name(i);

		if (strlen(name) == t->len && memcmp(name, t->text, t->len) == 0)
			return i;
	}
	return STAT_COUNT;
}

/* foreach (k in a @sum): the sign is missing before the next token. */
int pa_no_sort(struct parser *p)
{
	diag(p->s, P_EXPECTED, p->last, "sort directive");
	return 0;
}

struct foreach_spec *pa_fe_in(struct parser *p, struct foreach_spec *fe,
			      struct expr *array, int sort,
			      struct token *agg, struct expr *limit)
{
	if (sort) {
		if (fe->nsorts)
			diag(p->s, P_MULTI_SORT, agg ? agg : array->tok);
		fe->sort_col = 0;
		fe->sort_dir = sort;
		fe->nsorts++;
	}
	fe->agg = agg;
	fe->array = array;
	fe->limit = limit;
	return fe;
}

struct stmt *pa_foreach(struct parser *p, struct token *t,
			struct foreach_spec *fe, struct stmt *body)
{
	struct stmt *st = ast_stmt(p->s, ST_FOREACH, t);

	st->keys = fe->keys;
	st->value = fe->value;
	st->array = fe->array;
	st->limit = fe->limit;
	st->sort_col = fe->sort_col;
	st->sort_dir = fe->sort_dir;
	st->sort_agg = fe->agg ? pa_stat_op(fe->agg) : -1;
	st->body = body;
	return st;
}

/* ---- expressions ---- */

static void pa_pretty_comps(struct parser *p, struct expr *e);

/* The enum op of an operator token. */
static int pa_op(const struct token *t)
{
	switch (t->code) {
	case '=':		return OP_ASSIGN;
	case '+': case T_ADD_ASSIGN:	return OP_ADD;
	case '-': case T_SUB_ASSIGN:	return OP_SUB;
	case '*': case T_MUL_ASSIGN:	return OP_MUL;
	case '/': case T_DIV_ASSIGN:	return OP_DIV;
	case '%': case T_MOD_ASSIGN:	return OP_MOD;
	case '&': case T_AND_ASSIGN:	return OP_BAND;
	case '|': case T_OR_ASSIGN:	return OP_BOR;
	case '^': case T_XOR_ASSIGN:	return OP_BXOR;
	case '.': case T_CAT_ASSIGN:	return OP_CONCAT;
	case T_SHL: case T_SHL_ASSIGN:	return OP_SHL;
	case T_SHR: case T_SHR_ASSIGN:	return OP_SHR;
	case T_USHR: case T_USHR_ASSIGN: return OP_USHR;
	case '<':		return OP_LT;
	case '>':		return OP_GT;
	case T_LE:		return OP_LE;
	case T_GE:		return OP_GE;
	case T_EQ:		return OP_EQ;
	case T_NE:		return OP_NE;
	case T_MATCH:		return OP_MATCH;
	case T_NOMATCH:		return OP_NOMATCH;
	case T_ANDAND:		return OP_LAND;
	case T_OROR:		return OP_LOR;
	case T_INC:		return OP_INC;
	case T_DEC:		return OP_DEC;
	case '!':		return OP_NOT;
	case '~':		return OP_BNOT;
	}
	return OP_NONE;
}

struct expr *pa_assign(struct parser *p, struct token *t, struct expr *a,
		       struct expr *b)
{
	return ast_binary(p->s, EX_ASSIGN, pa_op(t), t, a, b);
}

struct expr *pa_binary(struct parser *p, enum expr_kind kind,
		       struct token *t, struct expr *a, struct expr *b)
{
	if (kind == EX_REGEX && b->kind != EX_STRING)
		diag(p->s, P_EXPECTED_LITERAL, b->tok);
	return ast_binary(p->s, kind, pa_op(t), t, a, b);
}

struct expr *pa_ternary(struct parser *p, struct token *t, struct expr *c,
			struct expr *a, struct expr *b)
{
	struct expr *e = ast_expr(p->s, EX_TERNARY, t);

	e->a = c;
	e->b = a;
	e->c = b;
	return e;
}

struct expr *pa_in(struct parser *p, struct token *t, struct expr *keys,
		   struct expr *array)
{
	struct expr *e = ast_expr(p->s, EX_IN, t);

	e->args = keys;
	e->a = array;
	return e;
}

/* Prefix operators, and @defined(x) / @entry(x) / @perf("name"). */
struct expr *pa_unary(struct parser *p, struct token *t, struct expr *a)
{
	if (t->code == AT_DEFINED)
		return ast_unary(p->s, EX_DEFINED, OP_NONE, t, a);
	if (t->code == AT_ENTRY)
		return ast_unary(p->s, EX_ENTRY, OP_NONE, t, a);
	if (t->code == AT_PERF)
		return ast_unary(p->s, EX_PERF, OP_NONE, t, a);
	if (t->code == '-')
		return ast_unary(p->s, EX_UNARY, OP_NEG, t, a);
	if (t->code == '+')
		return ast_unary(p->s, EX_UNARY, OP_PLUS, t, a);
	return ast_unary(p->s, EX_UNARY, pa_op(t), t, a);
}

/* @kregister(N) / @uregister(N) / @kderef(SIZE, addr) / @uderef(SIZE, addr):
 * parsed as SystemTap parses them (the number as an unsigned 32-bit value;
 * the kernel-side two only with -g); pass 2 refuses them in every probe
 * context we have, as SystemTap's kernel back end does. */
struct expr *pa_regop(struct parser *p, struct token *t, struct expr *n,
		      struct expr *addr)
{
	struct expr *e = ast_unary(p->s, EX_REGOP, OP_NONE, t, addr);

	if (!p->privileged && t->len > 2 && t->text[1] == 'k')
		diag(p->s, P_OP_UNPRIV, t,
		     arena_strndup(p->s->arena, t->text, t->len));
	e->num = (int64_t)(uint32_t)n->num;
	return e;
}

struct expr *pa_incdec(struct parser *p, struct token *t, struct expr *a,
		       bool postfix)
{
	struct expr *e = ast_unary(p->s, EX_INCDEC, pa_op(t), t, a);

	if (postfix)
		e->flags |= EXF_POSTFIX;
	return e;
}

struct expr *pa_index(struct parser *p, struct token *t, struct expr *keys,
		      bool slice)
{
	struct expr *e = ast_symbol(p->s, t);

	(void)slice;
	e->kind = EX_INDEX;
	e->args = keys;
	return e;
}

static bool pa_is_hist(const struct expr *e)
{
	return e->kind == EX_STAT &&
	       (e->op == STAT_HIST_LOG || e->op == STAT_HIST_LINEAR);
}

/* f(args), or one of the print family with its literal format. */
struct expr *pa_call(struct parser *p, struct token *t, struct expr *args)
{
	struct expr *e = ast_symbol(p->s, t), *a;
	int kind;

	e->args = args;
	if (!parse_print_kind(e->name, &kind)) {
		e->kind = EX_CALL;
		for (a = args; a; a = a->next)
			if (pa_is_hist(a))
				diag(p->s, P_HIST_CONTEXT, a->tok);
		return e;
	}
	e->kind = EX_PRINT;
	e->op = kind;
	if ((kind == PR_PRINTF || kind == PR_SPRINTF || kind == PR_PRINTD ||
	     kind == PR_PRINTDLN || kind == PR_SPRINTD ||
	     kind == PR_SPRINTDLN) && args && args->kind != EX_STRING)
		diag(p->s, P_EXPECTED_LITERAL, args->tok);
	return e;
}

struct expr *pa_addr(struct parser *p, struct token *t, struct expr *a)
{
	(void)p;
	(void)t;
	a->flags |= EXF_ADDR;
	return a;
}

struct expr *pa_embedded_expr(struct parser *p, struct token *t)
{
	struct expr *e = ast_expr(p->s, EX_EMBEDDED, t);

	if (!p->privileged)
		diag(p->s, P_EMBEDDED_EXPR_UNPRIV, t);
	e->str = t->text;
	e->len = t->len;
	return e;
}

/* @count(a) ...; @variance(a, shift) keeps its bit shift in args. */
struct expr *pa_stat(struct parser *p, struct token *t, struct expr *a,
		     struct expr *arg)
{
	struct expr *e = ast_unary(p->s, EX_STAT, pa_stat_op(t), t, a);

	e->args = arg;
	return e;
}

/* An ordinary value followed by ->member: comps on a symbol, index or
 * call expression (pass 2 resolves the type, SystemTap's autocast). */
struct expr *pa_autocast(struct parser *p, struct expr *e,
			 struct target_comp *comps)
{
	e->comps = ast_comp_append(e->comps, comps);
	pa_pretty_comps(p, e);
	return e;
}

struct expr *pa_hist_linear(struct parser *p, struct token *t,
			    struct expr *a, struct expr *lo, struct expr *hi,
			    struct expr *step)
{
	struct expr *e = ast_unary(p->s, EX_STAT, STAT_HIST_LINEAR, t, a);

	lo->next = hi;
	hi->next = step;
	e->args = lo;
	return e;
}

/* ---- target variables ---- */

/* Strip a trailing $ or $$ (pretty printing) from name[0..*len), keeping
 * at least min characters. */
static unsigned pa_pretty(const char *name, size_t *len, size_t min)
{
	size_t n = *len;

	if (n >= min + 2 && name[n - 1] == '$' && name[n - 2] == '$') {
		*len = n - 2;
		return EXF_PRETTY_DEEP;
	}
	if (n >= min + 1 && name[n - 1] == '$') {
		*len = n - 1;
		return EXF_PRETTY;
	}
	return 0;
}

/* $var->f$: the pretty-print suffix of the last field; @cast(...)$ ends
 * with a bare $ or $$, dropped for the flag. */
static void pa_pretty_comps(struct parser *p, struct expr *e)
{
	struct target_comp *c = e->comps, **cp = &e->comps;
	size_t len;

	while (c && c->next) {
		cp = &c->next;
		c = c->next;
	}
	if (!c || c->kind != COMP_FIELD)
		return;
	if (!strcmp(c->name, "$") || !strcmp(c->name, "$$")) {
		e->flags |= c->name[1] ? EXF_PRETTY_DEEP : EXF_PRETTY;
		*cp = NULL;
		return;
	}
	len = strlen(c->name);
	e->flags |= pa_pretty(c->name, &len, 1);
	c->name = intern_n(p->s->names, c->name, len);
}

struct expr *pa_target(struct parser *p, struct token *t,
		       struct target_comp *comps)
{
	struct expr *e = ast_expr(p->s, EX_TARGET, t);
	size_t len = t->len;

	e->flags |= pa_pretty(t->text, &len, 2);
	e->name = intern_n(p->s->names, t->text, len);
	e->comps = comps;
	pa_pretty_comps(p, e);
	return e;
}

struct expr *pa_cast(struct parser *p, struct token *t, struct expr *a,
		     struct expr *type, struct expr *mod,
		     struct target_comp *comps)
{
	struct expr *e = ast_expr(p->s, EX_CAST, t);

	e->a = a;
	e->str = type->str;
	e->len = type->len;
	e->mod = mod ? mod->str : NULL;
	e->comps = comps;
	pa_pretty_comps(p, e);
	return e;
}

/* @kderef(size, addr), @uderef(size, addr), @kregister(n),
 * @uregister(n), @probewrite(var): parsed (kernel ones need -g); pass 2
 * says they are not supported yet. */
struct expr *pa_atop(struct parser *p, struct token *t, struct expr *a,
		     struct expr *b)
{
	struct expr *e = ast_expr(p->s, EX_ATOP, t);

	if ((t->code == AT_KDEREF || t->code == AT_KREGISTER) &&
	    !p->privileged)
		diag(p->s, P_ATOP_GURU, t, pa_name(p, t));
	e->name = pa_name(p, t);
	e->args = a;
	if (b)
		a->next = b;
	return e;
}

/* @const("NAME"): the kernel's constant, as embedded C (needs -g). */
struct expr *pa_const(struct parser *p, struct token *t, struct expr *name)
{
	struct expr *e = ast_expr(p->s, EX_EMBEDDED, t);

	if (!p->privileged)
		diag(p->s, P_ATOP_GURU, t, "@const");
	e->str = arena_printf(p->s->arena,
			      " /* pure */ /* unprivileged */ /* stable */ %.*s ",
			      (int)name->len, name->str);
	e->len = strlen(e->str);
	return e;
}

/* @task(p): @cast(p, "task_struct", "kernel<linux/sched.h>") */
struct expr *pa_task(struct parser *p, struct token *t, struct expr *a,
		     struct target_comp *comps)
{
	struct expr type = { .str = "task_struct", .len = 11 };
	struct expr mod = { .str = "kernel<linux/sched.h>" };

	return pa_cast(p, t, a, &type, &mod, comps);
}

struct expr *pa_atvar(struct parser *p, struct token *t, struct expr *name,
		      struct expr *mod, struct target_comp *comps)
{
	struct expr *e = ast_expr(p->s, EX_ATVAR, t);

	e->str = name->str;
	e->len = name->len;
	e->mod = mod ? mod->str : NULL;
	e->comps = comps;
	pa_pretty_comps(p, e);
	return e;
}

struct target_comp *pa_comp_field(struct parser *p, struct target_comp *l,
				  struct token *t)
{
	struct target_comp *c = ARENA_NEW(p->s->arena, struct target_comp);

	c->kind = COMP_FIELD;
	c->tok = t;
	c->name = pa_name(p, t);
	return ast_comp_append(l, c);
}

struct target_comp *pa_comp_index(struct parser *p, struct target_comp *l,
				  struct token *t, struct expr *e)
{
	struct target_comp *c = ARENA_NEW(p->s->arena, struct target_comp);

	c->tok = t;
	if (e->kind == EX_NUMBER) {
		c->kind = COMP_INDEX_NUM;
		c->num = e->num;
	} else {
		c->kind = COMP_INDEX_EXPR;
		c->index = e;
	}
	return ast_comp_append(l, c);
}
