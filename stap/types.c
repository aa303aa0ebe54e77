/* types.c - type inference (pass 2).
 *
 * Types flow both ways: each expression is visited with the type its
 * context wants (TY_UNKNOWN: no constraint) and yields its own type.
 * Symbols (and array keys, function returns and parameters) remember the
 * token where their type was first inferred, for SystemTap's two-part
 * "type mismatch (T)" / "type was first inferred here (U)" message; other
 * expressions report "type mismatch: expected T but found U".  All probes
 * and used functions are visited until nothing changes, then once more to
 * report what stayed unresolved.
 *
 * Invariant: a symbol's type, once known, never changes; a conflict is
 * reported, not resolved.
 */
#include <string.h>

#include "format.h"
#include "probes.h"

struct ty_ctx {
	struct session *s;
	struct function *fn;
	bool changed;
	bool final;			/* report unresolved types */
	int in_print;			/* @hist_* allowed */
};

static enum ty ty_expr(struct ty_ctx *cx, struct expr *e, enum ty want);
static void ty_stmt(struct ty_ctx *cx, struct stmt *st);

/* Unify a remembered slot (symbol value / key / function return). */
static void ty_slot(struct ty_ctx *cx, enum ty *slot, struct token **first,
		    enum ty t, struct token *tok)
{
	if (t == TY_UNKNOWN)
		return;
	if (*slot == TY_UNKNOWN) {
		*slot = t;
		if (first && !*first)
			*first = tok;
		cx->changed = true;
		return;
	}
	if (*slot == t)
		return;
	diag(cx->s, S_TYPE_MISMATCH, tok, ast_ty_name(t));
	if (first && *first)
		diag(cx->s, S_TYPE_FIRST, *first, ast_ty_name(*slot));
}

static enum ty ty_check(struct ty_ctx *cx, struct expr *e, enum ty got,
			enum ty want)
{
	if (want != TY_UNKNOWN && got != TY_UNKNOWN && want != got)
		diag(cx->s, S_TYPE_EXPECTED, e->tok, ast_ty_name(want),
		     ast_ty_name(got));
	return e->type = got;
}

static void ty_unresolved(struct ty_ctx *cx, struct expr *e)
{
	if (cx->final && e->type == TY_UNKNOWN)
		diag(cx->s, S_UNRESOLVED_TYPE, e->tok);
}

static enum ty ty_symbol(struct ty_ctx *cx, struct expr *e, enum ty want)
{
	struct symbol *sym = e->sym;
	struct elab_sym *es = (struct elab_sym *)sym;

	if (!sym)
		return TY_UNKNOWN;
	ty_slot(cx, &sym->type, &es->type_tok, want, e->tok);
	e->type = sym->type;
	return e->type;
}

static void ty_keys(struct ty_ctx *cx, struct symbol *sym, struct expr *k)
{
	struct elab_sym *es = (struct elab_sym *)sym;
	enum ty t;
	int i;

	for (i = 0; k && i < MAX_ARRAY_KEYS; k = k->next, i++) {
		if (k->kind == EX_WILDCARD)
			continue;
		t = ty_expr(cx, k, sym ? sym->keys[i] : TY_UNKNOWN);
		if (!sym)
			continue;
		if (t == TY_STATS) {
			diag(cx->s, S_TYPE_EXPECTED, k->tok, "long or string",
			     "stats");
			continue;
		}
		ty_slot(cx, &sym->keys[i], &es->key_tok[i], t, k->tok);
		if (cx->final && sym->keys[i] == TY_UNKNOWN)
			diag(cx->s, S_UNRESOLVED_TYPE, k->tok);
	}
}

static enum ty ty_index(struct ty_ctx *cx, struct expr *e, enum ty want)
{
	ty_keys(cx, e->sym, e->args);
	return ty_symbol(cx, e, want);
}

/* Against a declared type (f:long, x:string) SystemTap reports the
 * expression, "expected T but found U", rather than the symbol; for call
 * arguments it names the two types the other way round (swap). */
static enum ty ty_declared(struct ty_ctx *cx, struct expr *e, enum ty decl,
			   bool swap)
{
	enum ty t = ty_expr(cx, e, TY_UNKNOWN);

	if (t == TY_UNKNOWN)
		t = ty_expr(cx, e, decl);
	if (t != TY_UNKNOWN && t != decl)
		diag(cx->s, S_TYPE_EXPECTED, e->tok,
		     ast_ty_name(swap ? t : decl), ast_ty_name(swap ? decl : t));
	return t;
}

static enum ty ty_call(struct ty_ctx *cx, struct expr *e, enum ty want)
{
	struct function *f = e->fn;
	struct elab_fn *x = NULL;
	struct param *d;
	struct symbol *p;
	struct expr *a;
	enum ty t;

	if (!f)
		return TY_UNKNOWN;
	for (a = e->args, p = f->param_syms, d = f->params; a; a = a->next) {
		if (d && d->decl_type != TY_UNKNOWN) {
			ty_declared(cx, a, d->decl_type, true);
			p = p ? p->next : NULL;
			d = d->next;
			continue;
		}
		d = d ? d->next : NULL;
		t = ty_expr(cx, a, p ? p->type : TY_UNKNOWN);
		if (p) {
			ty_slot(cx, &p->type,
				&((struct elab_sym *)p)->type_tok, t, a->tok);
			p = p->next;
		}
	}
	(void)x;
	return ty_check(cx, e, f->type, want);
}

static void ty_printf(struct ty_ctx *cx, struct expr *e)
{
	struct expr *fmtx = e->args, *a;
	struct fmt *f = e->aux;
	int k = 0;

	if (!fmtx || fmtx->kind != EX_STRING) {
		diag(cx->s, S_FMT_LITERAL, fmtx ? fmtx->tok : e->tok);
		return;
	}
	fmtx->type = TY_STRING;
	if (!f && !(f = fmt_parse(cx->s, fmtx->str, fmtx->len))) {
		diag(cx->s, S_FMT_BAD, fmtx->tok);
		return;
	}
	e->aux = f;
	for (a = fmtx->next; a; a = a->next)
		k++;
	if (k != f->nargs) {
		diag(cx->s, S_FMT_ARGS, e->tok);
		return;
	}
	for (a = fmtx->next, k = 0; a; a = a->next, k++) {
		ty_expr(cx, a, fmt_arg_type(f, k));
		ty_unresolved(cx, a);
	}
}

static enum ty ty_print(struct ty_ctx *cx, struct expr *e)
{
	struct expr *a = e->args;
	bool is_s = e->op >= PR_SPRINT;
	int k = e->op % 5;		/* print println printd printdln printf */

	cx->in_print++;
	if (k == 4) {
		ty_printf(cx, e);
	} else {
		if (k == 2 || k == 3) {
			if (a)
				ty_expr(cx, a, TY_STRING);
			a = a ? a->next : NULL;
		}
		for (; a; a = a->next) {
			ty_expr(cx, a, TY_UNKNOWN);
			if (a->type == TY_STATS && !(a->kind == EX_STAT &&
				a->op >= STAT_HIST_LOG))
				diag(cx->s, S_TYPE_EXPECTED, a->tok,
				     "long or string", "stats");
			if (!(a->kind == EX_STAT && a->op >= STAT_HIST_LOG))
				ty_unresolved(cx, a);
		}
	}
	cx->in_print--;
	return e->type = is_s ? TY_STRING : TY_LONG;
}

static enum ty ty_stat(struct ty_ctx *cx, struct expr *e, enum ty want)
{
	struct expr *a;

	if (e->op >= STAT_HIST_LOG && !cx->in_print)
		diag(cx->s, S_HIST_CONTEXT, e->tok);
	ty_expr(cx, e->a, TY_STATS);
	if (e->a && e->a->sym && e->a->sym->kind != SYM_GLOBAL)
		diag(cx->s, S_STATS_NOT_GLOBAL, e->a->tok);
	for (a = e->args; a; a = a->next)
		ty_expr(cx, a, TY_LONG);
	if (e->op >= STAT_HIST_LOG)
		return e->type = TY_LONG;
	return ty_check(cx, e, TY_LONG, want);
}

/* Both operands of the same (unknown) type: a == b, a = b, c ? a : b. */
static enum ty ty_same(struct ty_ctx *cx, struct expr *a, struct expr *b,
		       enum ty want)
{
	enum ty ta = ty_expr(cx, a, want);
	enum ty tb = ty_expr(cx, b, ta);

	if (ta == TY_UNKNOWN && tb != TY_UNKNOWN)
		ta = ty_expr(cx, a, tb);
	return ta != TY_UNKNOWN ? ta : tb;
}

static enum ty ty_assign(struct ty_ctx *cx, struct expr *e, enum ty want)
{
	enum ty t;

	if (e->op == OP_ASSIGN) {
		t = ty_same(cx, e->b, e->a, want);
		if (t == TY_STATS)
			diag(cx->s, S_TYPE_EXPECTED, e->b->tok,
			     "long or string", "stats");
		return e->type = t;
	}
	t = e->op == OP_CONCAT ? TY_STRING : TY_LONG;
	ty_expr(cx, e->a, t);
	ty_expr(cx, e->b, t);
	return ty_check(cx, e, t, want);
}

static enum ty ty_operands(struct ty_ctx *cx, struct expr *e, enum ty opnd,
			   enum ty result, enum ty want)
{
	ty_expr(cx, e->a, opnd);
	ty_expr(cx, e->b, opnd);
	return ty_check(cx, e, result, want);
}

static enum ty ty_in(struct ty_ctx *cx, struct expr *e, enum ty want)
{
	struct expr *arr = e->a;

	if (arr && arr->sym)
		ty_keys(cx, arr->sym, e->args);
	if (arr && arr->kind == EX_INDEX && arr->sym)
		ty_keys(cx, arr->sym, arr->args);
	return ty_check(cx, e, TY_LONG, want);
}

static enum ty ty_expr(struct ty_ctx *cx, struct expr *e, enum ty want)
{
	if (!e)
		return TY_UNKNOWN;
	switch (e->kind) {
	case EX_NUMBER:
		return ty_check(cx, e, TY_LONG, want);
	case EX_STRING:
		return ty_check(cx, e, TY_STRING, want);
	case EX_SYMBOL:
		ty_symbol(cx, e, want);
		ty_unresolved(cx, e);
		return e->type;
	case EX_INDEX:
		ty_index(cx, e, want);
		ty_unresolved(cx, e);
		return e->type;
	case EX_CALL:
		return ty_call(cx, e, want);
	case EX_PRINT:
		return ty_check(cx, e, ty_print(cx, e), want);
	case EX_UNARY:
		ty_expr(cx, e->a, TY_LONG);
		return ty_check(cx, e, TY_LONG, want);
	case EX_BINARY:
		if (e->op == OP_CONCAT)
			return ty_operands(cx, e, TY_STRING, TY_STRING, want);
		return ty_operands(cx, e, TY_LONG, TY_LONG, want);
	case EX_COMPARE:
		ty_same(cx, e->a, e->b, TY_UNKNOWN);
		return ty_check(cx, e, TY_LONG, want);
	case EX_REGEX:
		return ty_operands(cx, e, TY_STRING, TY_LONG, want);
	case EX_LOGICAL:
		return ty_operands(cx, e, TY_LONG, TY_LONG, want);
	case EX_TERNARY:
		ty_expr(cx, e->a, TY_LONG);
		return e->type = ty_same(cx, e->b, e->c, want);
	case EX_ASSIGN:
		return ty_assign(cx, e, want);
	case EX_INCDEC:
		ty_expr(cx, e->a, TY_LONG);
		return ty_check(cx, e, TY_LONG, want);
	case EX_AGGREGATE:
		ty_expr(cx, e->a, TY_STATS);
		ty_expr(cx, e->b, TY_LONG);
		return ty_check(cx, e, TY_LONG, want);
	case EX_IN:
		return ty_in(cx, e, want);
	case EX_STAT:
		return ty_stat(cx, e, want);
	case EX_EMBEDDED:
		/* An embedded-C expression is a long unless it says
		 * / * string * /, as SystemTap's pragma comment does. */
		if (e->type == TY_UNKNOWN)
			e->type = e->str && strstr(e->str, "/* string */")
				  ? TY_STRING : TY_LONG;
		return ty_check(cx, e, e->type, want);
	case EX_TARGET:
		diag(cx->s, S_TARGET_VAR, e->tok, e->name);
		return e->type;
	case EX_ENTRY:		/* the type of the value saved at entry */
		e->type = ty_expr(cx, e->a, want);
		return e->type;
	default:
		return e->type;
	}
}

/* ---- statements ---- */

static void ty_foreach(struct ty_ctx *cx, struct stmt *st)
{
	struct expr *arr = st->array, *k;
	struct symbol *sym = arr ? arr->sym : NULL;
	struct elab_sym *es = (struct elab_sym *)sym;
	int i;

	if (arr && arr->kind == EX_INDEX && sym)
		ty_keys(cx, sym, arr->args);
	for (k = st->keys, i = 0; k && sym && i < MAX_ARRAY_KEYS;
	     k = k->next, i++) {
		ty_expr(cx, k, sym->keys[i]);
		ty_slot(cx, &sym->keys[i], &es->key_tok[i], k->type, k->tok);
	}
	if (st->value && sym) {
		ty_expr(cx, st->value, sym->type == TY_STATS ? TY_UNKNOWN
							     : sym->type);
		ty_slot(cx, &sym->type, &es->type_tok, st->value->type,
			st->value->tok);
	}
	/* foreach (k in a @sum+): a must hold statistics */
	if (cx->final && st->sort_agg >= 0 && sym && sym->type != TY_STATS &&
	    sym->type != TY_UNKNOWN)
		diag(cx->s, S_INVALID_TYPE, arr->tok, ast_ty_name(sym->type));
	ty_expr(cx, st->limit, TY_LONG);
	ty_stmt(cx, st->body);
}

static void ty_return(struct ty_ctx *cx, struct stmt *st)
{
	enum ty t;

	if (!cx->fn || !st->e)
		return;
	if (cx->fn->decl_type != TY_UNKNOWN) {
		ty_declared(cx, st->e, cx->fn->decl_type, false);
		return;
	}
	t = ty_expr(cx, st->e, cx->fn->type);
	ty_slot(cx, &cx->fn->type, &elab_fn(cx->s, cx->fn)->type_tok, t,
		st->e->tok);
}

static void ty_stmt_one(struct ty_ctx *cx, struct stmt *st)
{
	switch (st->kind) {
	case ST_BLOCK:
		ty_stmt(cx, st->stmts);
		return;
	case ST_EXPR:
		ty_expr(cx, st->e, TY_UNKNOWN);
		return;
	case ST_IF:
	case ST_WHILE:
	case ST_DO:
	case ST_FOR:
		ty_expr(cx, st->init, TY_UNKNOWN);
		ty_expr(cx, st->e, TY_LONG);
		ty_expr(cx, st->step, TY_UNKNOWN);
		ty_stmt(cx, st->body);
		ty_stmt(cx, st->alt);
		return;
	case ST_FOREACH:
		ty_foreach(cx, st);
		return;
	case ST_RETURN:
		ty_return(cx, st);
		return;
	case ST_DELETE:
		if (st->e && st->e->kind == EX_INDEX && st->e->sym)
			ty_keys(cx, st->e->sym, st->e->args);
		if (st->e && st->e->kind == EX_SYMBOL)
			ty_expr(cx, st->e, TY_UNKNOWN);
		return;
	case ST_TRY:
		ty_stmt(cx, st->body);
		if (st->catch_var)
			ty_expr(cx, st->catch_var, TY_STRING);
		ty_stmt(cx, st->alt);
		return;
	default:
		return;
	}
}

static void ty_stmt(struct ty_ctx *cx, struct stmt *st)
{
	for (; st; st = st->next)
		ty_stmt_one(cx, st);
}

static void ty_round(struct ty_ctx *cx)
{
	struct elab *el = elab_state(cx->s);
	struct derived_probe *dp;
	int i;

	cx->fn = NULL;
	for (dp = cx->s->probes; dp; dp = dp->next) {
		ty_expr(cx, dp->cond, TY_LONG);
		ty_stmt(cx, dp->body);
	}
	for (i = 0; i < el->nfq; i++) {
		if (!el->fq[i]->used)
			continue;
		cx->fn = el->fq[i];
		ty_stmt(cx, el->fq[i]->body);
	}
}

/* Locals and parameters that stayed untyped. */
static void ty_final_syms(struct ty_ctx *cx)
{
	struct elab *el = elab_state(cx->s);
	struct symbol *p;
	int i;

	for (i = 0; i < el->nfq; i++)
		for (p = el->fq[i]->used ? el->fq[i]->param_syms : NULL; p;
		     p = p->next)
			if (p->type == TY_UNKNOWN)
				diag(cx->s, S_UNRESOLVED_TYPE, p->tok);
}

void ty_pass(struct session *s)
{
	struct ty_ctx cx = { .s = s };
	int rounds = 0;

	do {
		cx.changed = false;
		ty_round(&cx);
	} while (cx.changed && ++rounds < 50 && !diag_pass_errors(s));
	if (diag_pass_errors(s))
		return;
	cx.final = true;
	ty_round(&cx);
	ty_final_syms(&cx);
}

/* Type one generated expression tree (elide.c's automatic printing). */
void ty_generated(struct session *s, struct derived_probe *dp)
{
	struct ty_ctx cx = { .s = s };

	ty_stmt(&cx, dp->body);
	ty_stmt(&cx, dp->body);
}
