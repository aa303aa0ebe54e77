/* elide.c - elision of unused code (pass 2), and automatic printing.
 *
 * Unless -u, repeated until nothing changes: assignments to locals that
 * are never read become their right-hand side ("Eliding assignment"),
 * expression statements without side effects are dropped ("Eliding
 * side-effect-free expression"), then probes left empty are dropped
 * ("Probe 'x' has been elided"), and functions, globals and locals no
 * longer referenced disappear silently.  Warnings are given in the first
 * round only and only for code from user scripts, as SystemTap does.
 *
 * Afterwards, globals written but never read get an `end` probe printing
 * them in SystemTap's format (elide_auto_print).
 *
 * Invariant: an elided node is unlinked, never mutated into another kind,
 * except an elided assignment which is replaced by its right-hand side.
 */
#include <string.h>

#include "probes.h"

struct elide_ctx {
	struct session *s;
	bool warn;
	bool changed;
	bool stores;			/* phase: dead stores, not statements */
	struct function *fn;
};

static bool elide_user(const struct token *t)
{
	return t && t->loc.src && !t->loc.src->is_tapset;
}

static void elide_warn(struct elide_ctx *cx, enum diag_code code,
		       const struct token *t, const char *arg)
{
	if (cx->warn && elide_user(t))
		diag(cx->s, code, t, arg);
}

/* The leftmost token of an expression, as SystemTap locates statements. */
static struct token *elide_first_tok(const struct expr *e)
{
	while (e && (e->kind == EX_ASSIGN || e->kind == EX_BINARY ||
		     e->kind == EX_COMPARE || e->kind == EX_LOGICAL ||
		     e->kind == EX_TERNARY || e->kind == EX_AGGREGATE ||
		     e->kind == EX_REGEX ||
		     (e->kind == EX_INCDEC && (e->flags & EXF_POSTFIX))) &&
	       e->a)
		e = e->a;
	return e ? e->tok : NULL;
}

/* ---- side effects ---- */

static bool elide_fn_effects(struct session *s, struct function *f);

/* locals_count: writes to locals count as effects (statement level). */
static bool elide_effects(struct session *s, const struct expr *e,
			  bool locals_count)
{
	for (; e; e = e->next) {
		switch (e->kind) {
		case EX_ASSIGN:
		case EX_INCDEC:
			if (locals_count || !e->a || !e->a->sym ||
			    e->a->sym->kind == SYM_GLOBAL)
				return true;
			break;
		case EX_AGGREGATE:
			return true;
		case EX_PRINT:
			if (e->op < PR_SPRINT)
				return true;
			break;
		case EX_CALL:
			if (!e->fn || elide_fn_effects(s, e->fn))
				return true;
			break;
		case EX_EMBEDDED:
			if (!e->str || !strstr(e->str, "/* pure */"))
				return true;
			break;
		default:
			break;
		}
		if (elide_effects(s, e->a, locals_count) ||
		    elide_effects(s, e->b, locals_count) ||
		    elide_effects(s, e->c, locals_count) ||
		    elide_effects(s, e->args, locals_count))
			return true;
		if (e->kind == EX_INDEX || e->kind == EX_SYMBOL)
			continue;
	}
	return false;
}

static bool elide_stmt_effects(struct session *s, const struct stmt *st)
{
	for (; st; st = st->next) {
		switch (st->kind) {
		case ST_EMBEDDED:
			if (!(st->code && strstr(st->code, "/* pure */")))
				return true;
			break;
		case ST_DELETE:
			if (st->e && st->e->sym &&
			    st->e->sym->kind == SYM_GLOBAL)
				return true;
			break;
		case ST_NEXT:
			return true;
		default:
			break;
		}
		if (elide_effects(s, st->e, false) ||
		    elide_effects(s, st->init, false) ||
		    elide_effects(s, st->step, false) ||
		    elide_effects(s, st->limit, false) ||
		    elide_stmt_effects(s, st->body) ||
		    elide_stmt_effects(s, st->alt) ||
		    elide_stmt_effects(s, st->stmts))
			return true;
	}
	return false;
}

/* Cached per round; recursion sees the function as effect-free. */
static bool elide_fn_effects(struct session *s, struct function *f)
{
	struct elab_fn *x = elab_fn(s, f);

	if (x->resolved)
		return x->side_effects;
	x->resolved = true;
	x->side_effects = false;
	if (f->body && f->body->kind == ST_EMBEDDED)
		x->side_effects = !(f->pragmas & PRAGMA_PURE) &&
				  !(f->body->code &&
				    strstr(f->body->code, "/* pure */"));
	else
		x->side_effects = elide_stmt_effects(s, f->body);
	return x->side_effects;
}

/* ---- dead stores and useless statements ---- */

static void elide_expr(struct elide_ctx *cx, struct expr **ep, bool top);

static void elide_list(struct elide_ctx *cx, struct expr **ep)
{
	for (; *ep; ep = &(*ep)->next)
		elide_expr(cx, ep, false);
}

/* A dead store `x = rhs` becomes rhs; as a whole statement with an
 * effect-free rhs it becomes `x` instead, so the statement keeps its
 * token for the "side-effect-free expression" warning that follows. */
static void elide_expr(struct elide_ctx *cx, struct expr **ep, bool top)
{
	struct expr *e = *ep, *rhs;

	if (!e)
		return;
	if (e->a)
		elide_expr(cx, &e->a, false);
	if (e->b)
		elide_expr(cx, &e->b, false);
	if (e->c)
		elide_expr(cx, &e->c, false);
	elide_list(cx, &e->args);
	if (e->kind != EX_ASSIGN || e->op != OP_ASSIGN || !e->a ||
	    e->a->kind != EX_SYMBOL || !e->a->sym ||
	    e->a->sym->kind != SYM_LOCAL || e->a->sym->read)
		return;
	elide_warn(cx, W_ELIDE_ASSIGN, e->tok, e->a->name);
	rhs = e->b;
	if (top && !elide_effects(cx->s, rhs, true))
		rhs = e->a;
	rhs->next = e->next;
	*ep = rhs;
	cx->changed = true;
}

static bool elide_empty(const struct stmt *st)
{
	if (!st)
		return true;
	if (st->kind == ST_NULL)
		return true;
	return st->kind == ST_BLOCK && !st->stmts;
}

static void elide_stmts(struct elide_ctx *cx, struct stmt **sp);

/* Process one statement; true if it should be unlinked. */
static bool elide_stmt(struct elide_ctx *cx, struct stmt *st)
{
	if (cx->stores) {
		elide_expr(cx, &st->e, st->kind == ST_EXPR);
		elide_expr(cx, &st->init, st->kind == ST_FOR);
		elide_expr(cx, &st->step, st->kind == ST_FOR);
	}
	elide_stmts(cx, &st->stmts);
	elide_stmts(cx, &st->body);
	elide_stmts(cx, &st->alt);
	if (cx->stores)
		return false;
	switch (st->kind) {
	case ST_EXPR:
		if (elide_effects(cx->s, st->e, true))
			return false;
		elide_warn(cx, W_ELIDE_EXPR, elide_first_tok(st->e), NULL);
		return true;
	case ST_BLOCK:
		return !st->stmts;
	case ST_NULL:
		return true;
	case ST_IF:
		return elide_empty(st->body) && elide_empty(st->alt) &&
		       !elide_effects(cx->s, st->e, true);
	default:
		return false;
	}
}

static void elide_stmts(struct elide_ctx *cx, struct stmt **sp)
{
	while (*sp) {
		if (elide_stmt(cx, *sp)) {
			*sp = (*sp)->next;
			cx->changed = true;
		} else {
			sp = &(*sp)->next;
		}
	}
}

/* ---- reference marking (what survives) ---- */

struct elide_refs {
	struct session *s;
};

static void elide_mark_expr(struct session *s, struct expr *e);

static void elide_mark_sym(struct symbol *sym, bool read, bool write)
{
	if (!sym)
		return;
	sym->read |= read;
	sym->written |= write;
	sym->index = 1;		/* referenced; renumbered later */
}

static void elide_mark_stmt(struct session *s, struct stmt *st)
{
	for (; st; st = st->next) {
		elide_mark_expr(s, st->e);
		elide_mark_expr(s, st->init);
		elide_mark_expr(s, st->step);
		elide_mark_expr(s, st->keys);
		elide_mark_expr(s, st->value);
		elide_mark_expr(s, st->array);
		elide_mark_expr(s, st->limit);
		elide_mark_expr(s, st->catch_var);
		elide_mark_stmt(s, st->body);
		elide_mark_stmt(s, st->alt);
		elide_mark_stmt(s, st->stmts);
	}
}

static void elide_mark_expr(struct session *s, struct expr *e)
{
	for (; e; e = e->next) {
		if (e->sym)
			elide_mark_sym(e->sym, false, false);
		if (e->fn && !e->fn->used) {
			e->fn->used = true;
			elide_mark_stmt(s, e->fn->body);
		}
		elide_mark_expr(s, e->a);
		elide_mark_expr(s, e->b);
		elide_mark_expr(s, e->c);
		elide_mark_expr(s, e->args);
	}
}

static void elide_filter(struct symbol **l)
{
	while (*l) {
		if ((*l)->index)
			l = &(*l)->next;
		else
			*l = (*l)->next;
	}
}

/* Recompute used functions and referenced symbols from the probes. */
void elide_refs(struct session *s)
{
	struct elab *el = elab_state(s);
	struct derived_probe *dp;
	int i;

	for (i = 0; i < el->nfq; i++) {
		el->fq[i]->used = false;
		for (struct symbol *l = el->fq[i]->locals; l; l = l->next)
			l->index = 0;
	}
	for (i = 0; i < el->globals.cap; i++)
		for (struct elab_map_ent *e = el->globals.slots[i]; e;
		     e = e->next)
			((struct elab_sym *)e->val)->sym.index = 0;
	for (dp = s->probes; dp; dp = dp->next) {
		for (struct symbol *l = dp->locals; l; l = l->next)
			l->index = 0;
		elide_mark_expr(s, dp->cond);
		elide_mark_stmt(s, dp->body);
	}
	for (dp = s->probes; dp; dp = dp->next)
		elide_filter(&dp->locals);
	for (i = 0; i < el->nfq; i++)
		if (el->fq[i]->used)
			elide_filter(&el->fq[i]->locals);
}

static void elide_reset_fn_cache(struct session *s)
{
	struct elab *el = elab_state(s);
	int i;

	for (i = 0; i < el->nfq; i++)
		elab_fn(s, el->fq[i])->resolved = false;
}

static void elide_functions(struct elide_ctx *cx)
{
	struct elab *el = elab_state(cx->s);
	int i;

	for (i = 0; i < el->nfq; i++) {
		struct function *f = el->fq[i];

		if (!f->used || !f->body || f->body->kind == ST_EMBEDDED)
			continue;
		cx->fn = f;
		elide_stmts(cx, &f->body->stmts);
	}
	cx->fn = NULL;
}

static bool elide_returns(const struct stmt *st)
{
	for (; st; st = st->next)
		if ((st->kind == ST_RETURN && st->e) ||
		    elide_returns(st->body) || elide_returns(st->alt) ||
		    elide_returns(st->stmts))
			return true;
	return false;
}

static void elide_fn_warnings(struct elide_ctx *cx)
{
	struct elab *el = elab_state(cx->s);
	int i;

	for (i = 0; i < el->nfq; i++) {
		struct function *f = el->fq[i];

		if (f->used && !elide_returns(f->body) && f->body &&
		    f->body->kind != ST_EMBEDDED &&
		    !elide_fn_effects(cx->s, f))
			elide_warn(cx, W_ELIDE_FN, f->tok, f->name);
	}
}

/* SystemTap locates a derived probe at the `probe` keyword, or at the
 * user's point when an alias was expanded. */
static const struct token *elide_probe_tok(const struct derived_probe *dp)
{
	const struct elab_probe *ep = (const struct elab_probe *)dp;

	if (ep->chain && *ep->chain && dp->origin && dp->origin->comps)
		return dp->origin->comps->tok;
	return dp->probe->tok;
}

static void elide_probes(struct elide_ctx *cx)
{
	struct derived_probe **dpp = &cx->s->probes, *dp;

	cx->stores = true;
	elide_functions(cx);
	for (dp = *dpp; dp; dp = dp->next)
		if (dp->body)
			elide_stmts(cx, &dp->body);
	cx->stores = false;
	for (dp = *dpp; dp; dp = dp->next)
		if (dp->body)
			elide_stmts(cx, &dp->body);
	elide_functions(cx);
	elide_fn_warnings(cx);
	while ((dp = *dpp)) {
		if (dp->body && !elide_empty(dp->body)) {
			dpp = &dp->next;
			continue;
		}
		if (dp->probe && elide_user(dp->probe->tok))
			diag(cx->s, W_ELIDE_PROBE, elide_probe_tok(dp),
			     dp->point->comps->functor);
		*dpp = dp->next;
		cx->changed = true;
	}
}

/* ---- read flags, recomputed after each round ---- */

static void elide_reads_expr(struct expr *e, bool lvalue);

static void elide_reads_list(struct expr *e)
{
	for (; e; e = e->next)
		elide_reads_expr(e, false);
}

static void elide_reads_expr(struct expr *e, bool lvalue)
{
	if (!e)
		return;
	if ((e->kind == EX_SYMBOL || e->kind == EX_INDEX) && e->sym &&
	    !lvalue)
		e->sym->read = true;
	if (e->kind == EX_ASSIGN) {
		elide_reads_expr(e->a, e->op == OP_ASSIGN);
		elide_reads_expr(e->b, false);
		return;
	}
	if (e->kind == EX_AGGREGATE) {
		elide_reads_expr(e->a, true);
		elide_reads_expr(e->b, false);
		return;
	}
	elide_reads_expr(e->a, false);
	elide_reads_expr(e->b, false);
	elide_reads_expr(e->c, false);
	elide_reads_list(e->args);
}

static void elide_reads_stmt(struct stmt *st)
{
	for (; st; st = st->next) {
		elide_reads_expr(st->e, st->kind == ST_DELETE);
		if (st->kind == ST_DELETE && st->e)
			elide_reads_list(st->e->args);
		elide_reads_expr(st->init, false);
		elide_reads_expr(st->step, false);
		elide_reads_expr(st->array, false);
		elide_reads_expr(st->limit, false);
		elide_reads_stmt(st->body);
		elide_reads_stmt(st->alt);
		elide_reads_stmt(st->stmts);
	}
}

static void elide_clear_reads(struct symbol *l)
{
	for (; l; l = l->next)
		l->read = false;
}

static void elide_recount_reads(struct session *s)
{
	struct elab *el = elab_state(s);
	struct derived_probe *dp;
	int i;

	for (dp = s->probes; dp; dp = dp->next)
		elide_clear_reads(dp->locals);
	for (i = 0; i < el->nfq; i++)
		elide_clear_reads(el->fq[i]->locals);
	for (dp = s->probes; dp; dp = dp->next) {
		elide_reads_expr(dp->cond, false);
		elide_reads_stmt(dp->body);
	}
	for (i = 0; i < el->nfq; i++)
		if (el->fq[i]->used)
			elide_reads_stmt(el->fq[i]->body);
}

static void elide_count(struct session *s)
{
	struct derived_probe *dp;

	s->n_probes = 0;
	for (dp = s->probes; dp; dp = dp->next)
		s->n_probes++;
}

void elide_pass(struct session *s)
{
	struct elide_ctx cx = { .s = s, .warn = true };
	int round = 0;

	elide_fold(s);
	do {
		cx.changed = false;
		elide_reset_fn_cache(s);
		elide_probes(&cx);
		elide_refs(s);
		elide_recount_reads(s);
		cx.warn = false;
	} while (cx.changed && ++round < 20);
	elide_count(s);
}

/* ---- automatic printing of written-only globals ---- */

struct ap_ctx {
	struct session *s;
	struct token *tok;
	struct symbol **locals;
};

static struct expr *ap_expr(struct ap_ctx *ap, enum expr_kind k, enum ty t)
{
	struct expr *e = ast_expr(ap->s, k, ap->tok);

	e->type = t;
	return e;
}

static struct expr *ap_str(struct ap_ctx *ap, const char *text)
{
	struct expr *e = ap_expr(ap, EX_STRING, TY_STRING);

	e->str = text;
	e->len = strlen(text);
	return e;
}

static struct expr *ap_var(struct ap_ctx *ap, struct symbol *sym)
{
	struct expr *e = ap_expr(ap, EX_SYMBOL, sym->type);

	e->name = sym->name;
	e->sym = sym;
	return e;
}

static struct symbol *ap_local(struct ap_ctx *ap, const char *name,
			       enum ty t)
{
	struct symbol *sym, **pp;

	name = intern_s(ap->s->names, name);
	for (pp = ap->locals; *pp; pp = &(*pp)->next)
		if ((*pp)->name == name)
			return *pp;
	sym = res_new_symbol(ap->s, name, SYM_LOCAL, ap->tok);
	sym->type = t;
	sym->arity = 0;
	sym->read = sym->written = true;
	*pp = sym;
	return sym;
}

static struct stmt *ap_printf(struct ap_ctx *ap, const char *fmt,
			      struct expr *args)
{
	struct stmt *st = ast_stmt(ap->s, ST_EXPR, ap->tok);
	struct expr *e = ap_expr(ap, EX_PRINT, TY_LONG);

	e->op = PR_PRINTF;
	e->name = intern_s(ap->s->names, "printf");
	e->args = ap_str(ap, fmt);
	e->args->next = args;
	st->e = e;
	return st;
}

/* @count(x) ... over a scalar or x[__idx0..]. */
static struct expr *ap_stat(struct ap_ctx *ap, struct symbol *g, int op,
			    struct symbol **keys)
{
	struct expr *e = ap_expr(ap, EX_STAT, TY_LONG), **tail;
	int i;

	e->op = op;
	e->a = ap_var(ap, g);
	if (g->arity > 0) {
		e->a->kind = EX_INDEX;
		tail = &e->a->args;
		for (i = 0; i < g->arity; i++, tail = &(*tail)->next)
			*tail = ap_var(ap, keys[i]);
	}
	return e;
}

static struct expr *ap_stats_args(struct ap_ctx *ap, struct symbol *g,
				  struct symbol **keys, struct expr *first)
{
	static const int order[] = { STAT_COUNT, STAT_MIN, STAT_MAX,
				     STAT_SUM, STAT_AVG };
	struct expr **tail = &first;
	size_t i;

	while (*tail)
		tail = &(*tail)->next;
	for (i = 0; i < sizeof(order) / sizeof(*order); i++) {
		*tail = ap_stat(ap, g, order[i], keys);
		tail = &(*tail)->next;
	}
	return first;
}

static struct stmt *ap_scalar(struct ap_ctx *ap, struct symbol *g)
{
	struct stmt *st;
	struct expr *cmp;

	if (g->type == TY_STRING)
		return ap_printf(ap, arena_printf(ap->s->arena,
			"%s=\"%%#s\"\n", g->name), ap_var(ap, g));
	if (g->type != TY_STATS)
		return ap_printf(ap, arena_printf(ap->s->arena, "%s=%%d\n",
						  g->name), ap_var(ap, g));
	st = ast_stmt(ap->s, ST_IF, ap->tok);
	cmp = ap_expr(ap, EX_COMPARE, TY_LONG);
	cmp->op = OP_EQ;
	cmp->a = ap_stat(ap, g, STAT_COUNT, NULL);
	cmp->b = ap_expr(ap, EX_NUMBER, TY_LONG);
	st->e = cmp;
	st->body = ap_printf(ap, arena_printf(ap->s->arena,
				"%s @count=0x0\n", g->name), NULL);
	st->alt = ap_printf(ap, arena_printf(ap->s->arena,
		"%s @count=%%#d @min=%%#d @max=%%#d @sum=%%#d @avg=%%#d\n",
		g->name), ap_stats_args(ap, g, NULL, NULL));
	return st;
}

static struct stmt *ap_array(struct ap_ctx *ap, struct symbol *g)
{
	struct stmt *st = ast_stmt(ap->s, ST_FOREACH, ap->tok);
	struct symbol *keys[MAX_ARRAY_KEYS];
	struct expr *args = NULL, **tail = &args, **ktail = &st->keys;
	const char *fmt = arena_printf(ap->s->arena, "%s[", g->name);
	int i;

	for (i = 0; i < g->arity; i++) {
		keys[i] = ap_local(ap, arena_printf(ap->s->arena, "__idx%d", i),
				   g->keys[i]);
		*ktail = ap_var(ap, keys[i]);
		ktail = &(*ktail)->next;
		*tail = ap_var(ap, keys[i]);
		tail = &(*tail)->next;
		fmt = arena_printf(ap->s->arena, "%s%s%s", fmt, i ? "," : "",
				   g->keys[i] == TY_STRING ? "\"%#s\"" : "%#d");
	}
	st->array = ap_var(ap, g);
	st->sort_col = 0;
	st->sort_dir = -1;
	if (g->type == TY_STATS) {
		st->sort_agg = STAT_COUNT;
		st->body = ap_printf(ap, arena_printf(ap->s->arena,
			"%s] @count=%%#d @min=%%#d @max=%%#d @sum=%%#d @avg=%%#d\n",
			fmt), ap_stats_args(ap, g, keys, args));
		return st;
	}
	st->value = ap_var(ap, ap_local(ap, "__val", g->type));
	*tail = ap_var(ap, st->value->sym);
	st->body = ap_printf(ap, arena_printf(ap->s->arena, "%s]=%s\n", fmt,
		g->type == TY_STRING ? "\"%#s\"" : "%d"), args);
	return st;
}

static struct elab_probe *ap_probe(struct session *s, struct symbol *g)
{
	struct elab_probe *ep = ARENA_NEW(s->arena, struct elab_probe);
	struct probe_comp *c = ARENA_NEW(s->arena, struct probe_comp);

	c->functor = intern_s(s->names, "end");
	c->tok = g->tok;
	ep->dp.family = &probe_end_family;
	ep->dp.point = ARENA_NEW(s->arena, struct probe_point);
	ep->dp.point->comps = c;
	ep->user_points = "end";
	ep->dp.body = ast_stmt(s, ST_BLOCK, g->tok);
	return ep;
}

/* One `end` probe per global, as SystemTap does. */
void elide_auto_print(struct session *s)
{
	struct elab *el = elab_state(s);
	struct derived_probe **dpp = &s->probes;
	struct elab_probe *ep;
	struct ap_ctx ap = { .s = s };
	struct symbol *g;

	while (*dpp)
		dpp = &(*dpp)->next;
	for (g = s->globals; g; g = g->next) {
		if (!((struct elab_sym *)g)->auto_print ||
		    g->type == TY_UNKNOWN)
			continue;
		ep = ap_probe(s, g);
		ap.tok = g->tok;
		ap.locals = &ep->dp.locals;
		ep->dp.body->stmts = g->arity > 0 ? ap_array(&ap, g)
						  : ap_scalar(&ap, g);
		ty_generated(s, &ep->dp);
		ep->dp.index = el->next_probe_index++;
		ep->dp.cname = arena_printf(s->arena, "probe_%d", ep->dp.index);
		*dpp = &ep->dp;
		dpp = &ep->dp.next;
		s->n_probes++;
	}
}

/* ---- hoisting calls of stable functions ---- */

/* A call to an argument-less embedded-C function marked stable returns
 * the same value throughout one probe run: SystemTap evaluates it once
 * at the top of the probe or function, into a local named
 * __stable_<cname>_value, and reads that local at every call site. */
struct stable_ctx {
	struct session *s;
	struct symbol **locals;
	struct stmt *hoisted;		/* assignments, newest first */
};

static bool stable_fn(const struct function *f)
{
	return f && f->nparams == 0 && (f->pragmas & PRAGMA_STABLE) &&
	       f->body && f->body->kind == ST_EMBEDDED &&
	       f->type != TY_UNKNOWN;
}

static struct symbol *stable_local(struct stable_ctx *sc, struct expr *call)
{
	const char *name = intern_s(sc->s->names, arena_printf(sc->s->arena,
				"__stable_%s_value", call->fn->cname));
	struct symbol **pp, *sym;
	struct stmt *st;
	struct expr *as, *c;

	for (pp = sc->locals; *pp; pp = &(*pp)->next)
		if ((*pp)->name == name)
			return *pp;
	sym = res_new_symbol(sc->s, name, SYM_LOCAL, call->tok);
	sym->type = call->fn->type;
	sym->arity = 0;
	sym->read = sym->written = true;
	sym->index = 1;
	*pp = sym;
	c = ast_expr(sc->s, EX_CALL, call->tok);
	c->name = call->name;
	c->fn = call->fn;
	c->type = call->fn->type;
	as = ast_expr(sc->s, EX_ASSIGN, call->tok);
	as->op = OP_ASSIGN;
	as->a = ast_expr(sc->s, EX_SYMBOL, call->tok);
	as->a->name = name;
	as->a->sym = sym;
	as->a->type = sym->type;
	as->b = c;
	as->type = sym->type;
	st = ast_stmt(sc->s, ST_EXPR, call->tok);
	st->e = as;
	st->next = sc->hoisted;
	sc->hoisted = st;
	return sym;
}

static void stable_expr(struct stable_ctx *sc, struct expr *e)
{
	struct symbol *sym;

	for (; e; e = e->next) {
		stable_expr(sc, e->a);
		stable_expr(sc, e->b);
		stable_expr(sc, e->c);
		stable_expr(sc, e->args);
		if (e->kind != EX_CALL || !stable_fn(e->fn))
			continue;
		sym = stable_local(sc, e);
		e->kind = EX_SYMBOL;
		e->name = sym->name;
		e->sym = sym;
		e->fn = NULL;
		e->type = sym->type;
	}
}

static void stable_stmt(struct stable_ctx *sc, struct stmt *st)
{
	for (; st; st = st->next) {
		stable_expr(sc, st->e);
		stable_expr(sc, st->init);
		stable_expr(sc, st->step);
		stable_expr(sc, st->limit);
		stable_expr(sc, st->array);
		stable_stmt(sc, st->body);
		stable_stmt(sc, st->alt);
		stable_stmt(sc, st->stmts);
	}
}

static void stable_body(struct session *s, struct stmt **body,
			struct symbol **locals)
{
	struct stable_ctx sc = { .s = s, .locals = locals };
	struct stmt *last, *blk;

	if (!*body || (*body)->kind == ST_EMBEDDED)
		return;
	stable_stmt(&sc, *body);
	if (!sc.hoisted)
		return;
	for (last = sc.hoisted; last->next; last = last->next)
		;
	if ((*body)->kind == ST_BLOCK) {
		last->next = (*body)->stmts;
		(*body)->stmts = sc.hoisted;
		return;
	}
	blk = ast_stmt(s, ST_BLOCK, (*body)->tok);
	last->next = *body;
	blk->stmts = sc.hoisted;
	*body = blk;
}

void elide_stable(struct session *s)
{
	struct elab *el = elab_state(s);
	struct derived_probe *dp;
	int i;

	for (dp = s->probes; dp; dp = dp->next)
		stable_body(s, &dp->body, &dp->locals);
	for (i = 0; i < el->nfq; i++)
		if (el->fq[i]->used)
			stable_body(s, &el->fq[i]->body, &el->fq[i]->locals);
}

/* ---- constant folding ---- */

/* Literal arithmetic, comparisons and logic become numbers; `if` and
 * loops with a literal condition lose their dead branch, as SystemTap's
 * optimiser does before it looks for dead code. */
static bool fold_num(const struct expr *e)
{
	return e && e->kind == EX_NUMBER;
}

static bool fold_binary(int op, int64_t a, int64_t b, int64_t *out)
{
	switch (op) {
	case OP_ADD: *out = (int64_t)((uint64_t)a + (uint64_t)b); return true;
	case OP_SUB: *out = (int64_t)((uint64_t)a - (uint64_t)b); return true;
	case OP_MUL: *out = (int64_t)((uint64_t)a * (uint64_t)b); return true;
	case OP_DIV: case OP_MOD:
		if (b == 0 || (a == INT64_MIN && b == -1))
			return false;
		*out = op == OP_DIV ? a / b : a % b;
		return true;
	case OP_BAND: *out = a & b; return true;
	case OP_BOR: *out = a | b; return true;
	case OP_BXOR: *out = a ^ b; return true;
	case OP_SHL: case OP_SHR:
		if (b < 0 || b > 63)
			return false;
		*out = op == OP_SHL ? (int64_t)((uint64_t)a << b) : a >> b;
		return true;
	case OP_LT: *out = a < b; return true;
	case OP_LE: *out = a <= b; return true;
	case OP_GT: *out = a > b; return true;
	case OP_GE: *out = a >= b; return true;
	case OP_EQ: *out = a == b; return true;
	case OP_NE: *out = a != b; return true;
	case OP_LAND: *out = a && b; return true;
	case OP_LOR: *out = a || b; return true;
	default: return false;
	}
}

static void fold_to_num(struct expr *e, int64_t v)
{
	e->kind = EX_NUMBER;
	e->num = v;
	e->a = e->b = e->c = NULL;
	e->args = NULL;
	e->op = 0;
}

static void fold_expr(struct expr *e)
{
	int64_t v;

	for (; e; e = e->next) {
		fold_expr(e->a);
		fold_expr(e->b);
		fold_expr(e->c);
		fold_expr(e->args);
		if ((e->kind == EX_BINARY || e->kind == EX_COMPARE ||
		     e->kind == EX_LOGICAL) && fold_num(e->a) &&
		    fold_num(e->b) && fold_binary(e->op, e->a->num, e->b->num,
						  &v))
			fold_to_num(e, v);
		else if (e->kind == EX_UNARY && fold_num(e->a) &&
			 e->op != OP_PLUS)
			fold_to_num(e, e->op == OP_NEG ? -e->a->num :
				       e->op == OP_NOT ? !e->a->num :
							 ~e->a->num);
		else if (e->kind == EX_TERNARY && fold_num(e->a)) {
			struct expr *pick = e->a->num ? e->b : e->c,
				    *nx = e->next;

			*e = *pick;
			e->next = nx;
		}
	}
}

static void fold_stmt(struct stmt *st)
{
	struct stmt *pick, *nx;

	for (; st; st = st->next) {
		fold_expr(st->e);
		fold_expr(st->init);
		fold_expr(st->step);
		fold_stmt(st->body);
		fold_stmt(st->alt);
		fold_stmt(st->stmts);
		if (st->kind == ST_IF && fold_num(st->e)) {
			pick = st->e->num ? st->body : st->alt;
			nx = st->next;
			if (pick)
				*st = *pick;
			else
				st->kind = ST_NULL;
			st->next = nx;
		} else if ((st->kind == ST_WHILE || st->kind == ST_FOR) &&
			   fold_num(st->e) && !st->e->num) {
			st->kind = st->init ? ST_EXPR : ST_NULL;
			st->e = st->init;
		}
	}
}

void elide_fold(struct session *s)
{
	struct elab *el = elab_state(s);
	struct derived_probe *dp;
	int i;

	for (dp = s->probes; dp; dp = dp->next)
		fold_stmt(dp->body);
	for (i = 0; i < el->nfq; i++)
		if (el->fq[i]->body && el->fq[i]->body->kind != ST_EMBEDDED)
			fold_stmt(el->fq[i]->body);
}
