/* emit_expr.c - pass 3: expressions.
 *
 * Every script expression becomes one C expression: an int64_t for longs,
 * a `const char *` for strings.  Anything with several steps (sequenced
 * operands, error checks, map keys) is a GNU statement expression
 * ({ ... }); an error sets c->err and jumps to e->errlabel (the handler's
 * `out`, or the enclosing try's catch label) straight out of it.
 *
 * Invariants: operands are evaluated left to right into C temporaries
 * before they are combined; a string result points either at a literal,
 * a variable, or a MAXSTRINGLEN temporary owned by this node in the
 * current frame, so it stays valid until this node is evaluated again.
 * Every operation that can fail first stores its token in c->last_stmt,
 * which the runtime prints as "near ...".
 */
#include <inttypes.h>
#include <string.h>

#include "diag.h"
#include "emit.h"

static void emit_print(struct emit *e, struct expr *x);
static int emit_stat_ptr(struct emit *e, struct expr *x,
			 struct emit_global **gp);

/* ---- small pieces ---- */

static void emit_check(struct emit *e)
{
	emit_str(e, " if (unlikely(c->err.msg)) goto %s;", e->errlabel);
}

static void emit_loc(struct emit *e, const struct token *tok)
{
	const char *d = emit_tok_desc(e, tok);

	if (!d)
		return;
	emit_str(e, " c->last_stmt = ");
	emit_cstring(e->out, d, strlen(d));
	emit_str(e, ";");
}

/* "c->last_stmt = ...;" at the start of a line */
void emit_set_stmt_loc(struct emit *e, const struct token *tok)
{
	const char *d = emit_tok_desc(e, tok);

	if (!d)
		return;
	emit_str(e, "c->last_stmt = ");
	emit_cstring(e->out, d, strlen(d));
	emit_str(e, ";");
}

static bool emit_is_str(const struct expr *x)
{
	return x->type == TY_STRING;
}

/* C type of a temporary holding x's value. */
static const char *emit_ctype(const struct expr *x)
{
	return emit_is_str(x) ? "const char *" : "int64_t";
}

static void emit_num(struct emit *e, int64_t v)
{
	if (v == INT64_MIN)
		emit_str(e, "(-9223372036854775807LL - 1)");
	else
		emit_str(e, "((int64_t)%" PRId64 "LL)", v);
}

/* Evaluate x into a fresh C temporary; returns its number. */
static int emit_to_temp(struct emit *e, struct expr *x)
{
	int v = emit_new_uniq(e);

	emit_str(e, " %s _v%d = ", emit_ctype(x), v);
	emit_expr(e, x);
	emit_str(e, ";");
	return v;
}

static bool emit_is_simple(const struct expr *x)
{
	return x->kind == EX_NUMBER || x->kind == EX_STRING ||
	       (x->kind == EX_SYMBOL && x->sym);
}

/* ---- variables ---- */

static struct emit_global *emit_sym_global(struct emit *e,
					   const struct symbol *sym)
{
	return sym && sym->kind == SYM_GLOBAL ? emit_global_of(e, sym) : NULL;
}

/* The C lvalue of a scalar variable (int64_t or char[MAXSTRINGLEN]). */
static const char *emit_scalar(struct emit *e, const struct expr *x)
{
	struct emit_global *g = emit_sym_global(e, x->sym);

	if (g)
		return g->cname;
	return arena_printf(e->s->arena, "L->l_%s", x->sym->name);
}

static bool emit_need_sym(struct emit *e, const struct expr *x)
{
	if (x->sym)
		return true;
	diag(e->s, E_GENERIC, x->tok, "unresolved symbol in pass 3");
	return false;
}

/* The global array an index expression names, or NULL + error. */
static struct emit_global *emit_map_of(struct emit *e, const struct expr *x)
{
	struct emit_global *g;

	if (!emit_need_sym(e, x))
		return NULL;
	g = emit_sym_global(e, x->sym);
	if (!g || !g->is_map) {
		diag(e->s, E_GENERIC, x->tok, "not a global array");
		return NULL;
	}
	return g;
}

/* `union stp_key _k<n>[arity]` filled from args, left to right. */
static int emit_keys(struct emit *e, struct expr *args,
		     const struct emit_global *g)
{
	int k = emit_new_uniq(e), i = 0;
	struct expr *a;

	emit_str(e, " union stp_key _k%d[%d];", k, g->sym->arity);
	for (a = args; a; a = a->next, i++) {
		if (a->kind == EX_WILDCARD) {
			emit_unsupported(e, a->tok, "array slice ([*])");
			continue;
		}
		emit_str(e, " _k%d[%d].%c = ", k, i, emit_is_str(a) ? 's' : 'l');
		emit_expr(e, a);
		emit_str(e, ";");
	}
	return k;
}

static void emit_symbol(struct emit *e, struct expr *x)
{
	struct emit_global *g;

	if (!emit_need_sym(e, x))
		return;
	g = emit_sym_global(e, x->sym);
	if (g && (g->is_map || g->is_stat)) {
		diag(e->s, E_GENERIC, x->tok,
		     "array or statistic used as a value");
		return;
	}
	if (emit_is_str(x))
		emit_str(e, "((const char *)%s)", emit_scalar(e, x));
	else
		emit_str(e, "%s", emit_scalar(e, x));
}

/* a[k] as a value: copies of strings, 0 / "" when missing. */
static void emit_index(struct emit *e, struct expr *x)
{
	struct emit_global *g = emit_map_of(e, x);
	int k;

	if (!g)
		return;
	if (g->is_stat) {
		diag(e->s, E_GENERIC, x->tok, "statistic used as a value");
		return;
	}
	emit_str(e, "({");
	k = emit_keys(e, x->args, g);
	if (emit_is_str(x)) {
		int t = emit_frame_str_temp(e);

		emit_str(e, " stp_str_copy(L->t%d, stp_map_get_str(&%s, _k%d));"
			 " (const char *)L->t%d; })", t, g->cname, k, t);
	} else {
		emit_str(e, " stp_map_get_long(&%s, _k%d); })", g->cname, k);
	}
}

/* ---- arithmetic ---- */

/* Checks before `a op b` (division by zero), on C operands a and b. */
static void emit_arith_check(struct emit *e, int op, const char *b,
			     const struct token *tok)
{
	if (op != OP_DIV && op != OP_MOD)
		return;
	emit_str(e, " if (unlikely(%s == 0)) {", b);
	emit_loc(e, tok);
	emit_str(e, " stp_err_set(&c->err, \"division by 0\"); goto %s; }",
		 e->errlabel);
}

/* The value of `a op b` on side-effect-free C operands. */
static void emit_arith_value(struct emit *e, int op, const char *a,
			     const char *b)
{
	switch (op) {
	case OP_ADD:
		emit_str(e, "(int64_t)((uint64_t)%s + (uint64_t)%s)", a, b);
		break;
	case OP_SUB:
		emit_str(e, "(int64_t)((uint64_t)%s - (uint64_t)%s)", a, b);
		break;
	case OP_MUL:
		emit_str(e, "(int64_t)((uint64_t)%s * (uint64_t)%s)", a, b);
		break;
	case OP_DIV:
		emit_str(e, "(%s == -1 ? (int64_t)(0 - (uint64_t)%s) : %s / %s)",
			 b, a, a, b);
		break;
	case OP_MOD:
		emit_str(e, "(%s == -1 ? 0 : %s %% %s)", b, a, b);
		break;
	case OP_SHL:
		emit_str(e, "(int64_t)((uint64_t)%s << (%s & 63))", a, b);
		break;
	case OP_SHR:
		emit_str(e, "(%s >> (%s & 63))", a, b);
		break;
	case OP_BAND:
		emit_str(e, "(%s & %s)", a, b);
		break;
	case OP_BOR:
		emit_str(e, "(%s | %s)", a, b);
		break;
	case OP_BXOR:
		emit_str(e, "(%s ^ %s)", a, b);
		break;
	default:
		emit_str(e, "0");
		break;
	}
}

static void emit_concat(struct emit *e, struct expr *x)
{
	int t = emit_frame_str_temp(e), a, b;

	emit_str(e, "({");
	a = emit_to_temp(e, x->a);
	b = emit_to_temp(e, x->b);
	emit_str(e, " stp_str_copy(L->t%d, _v%d); stp_str_cat(L->t%d, _v%d);"
		 " (const char *)L->t%d; })", t, a, t, b, t);
}

static void emit_binary(struct emit *e, struct expr *x)
{
	char an[24], bn[24];
	int a, b;

	if (x->op == OP_CONCAT) {
		emit_concat(e, x);
		return;
	}
	emit_str(e, "({");
	a = emit_to_temp(e, x->a);
	b = emit_to_temp(e, x->b);
	snprintf(an, sizeof(an), "_v%d", a);
	snprintf(bn, sizeof(bn), "_v%d", b);
	emit_arith_check(e, x->op, bn, x->tok);
	emit_str(e, " ");
	emit_arith_value(e, x->op, an, bn);
	emit_str(e, "; })");
}

static const char *emit_cmp_op(int op)
{
	switch (op) {
	case OP_LT:	return "<";
	case OP_LE:	return "<=";
	case OP_GT:	return ">";
	case OP_GE:	return ">=";
	case OP_EQ:	return "==";
	default:	return "!=";
	}
}

static void emit_compare(struct emit *e, struct expr *x)
{
	const char *op = emit_cmp_op(x->op);
	int a, b;

	if (emit_is_simple(x->a) && emit_is_simple(x->b) &&
	    !emit_is_str(x->a)) {
		emit_str(e, "((int64_t)(");
		emit_expr(e, x->a);
		emit_str(e, " %s ", op);
		emit_expr(e, x->b);
		emit_str(e, "))");
		return;
	}
	emit_str(e, "({");
	a = emit_to_temp(e, x->a);
	b = emit_to_temp(e, x->b);
	if (emit_is_str(x->a))
		emit_str(e, " (int64_t)(stp_str_cmp(_v%d, _v%d) %s 0); })", a,
			 b, op);
	else
		emit_str(e, " (int64_t)(_v%d %s _v%d); })", a, op, b);
}

static void emit_unary(struct emit *e, struct expr *x)
{
	switch (x->op) {
	case OP_NEG:
		emit_str(e, "((int64_t)(0 - (uint64_t)(");
		emit_expr(e, x->a);
		emit_str(e, ")))");
		break;
	case OP_NOT:
		emit_str(e, "((int64_t)!(");
		emit_expr(e, x->a);
		emit_str(e, "))");
		break;
	case OP_BNOT:
		emit_str(e, "(~(");
		emit_expr(e, x->a);
		emit_str(e, "))");
		break;
	default:
		emit_str(e, "(");
		emit_expr(e, x->a);
		emit_str(e, ")");
		break;
	}
}

static void emit_logical(struct emit *e, struct expr *x)
{
	emit_str(e, "((int64_t)((");
	emit_expr(e, x->a);
	emit_str(e, ") != 0 %s (", x->op == OP_LAND ? "&&" : "||");
	emit_expr(e, x->b);
	emit_str(e, ") != 0))");
}

static void emit_ternary(struct emit *e, struct expr *x)
{
	emit_str(e, "((");
	emit_expr(e, x->a);
	emit_str(e, ") ? (");
	emit_expr(e, x->b);
	emit_str(e, ") : (");
	emit_expr(e, x->c);
	emit_str(e, "))");
}

/* ---- assignment ---- */

/* lvalue op= rhs on a scalar long/string variable. */
static void emit_assign_scalar(struct emit *e, struct expr *x)
{
	const char *lv = emit_scalar(e, x->a);
	char vn[24];
	int v, t;

	emit_str(e, "({");
	/* `s = f()`: copy f's result from its frame straight into s */
	e->call_result_direct = emit_is_str(x->a) && x->op == OP_ASSIGN &&
				x->b->kind == EX_CALL;
	v = emit_to_temp(e, x->b);
	e->call_result_direct = false;
	snprintf(vn, sizeof(vn), "_v%d", v);
	if (emit_is_str(x->a)) {
		if (x->op == OP_CONCAT) {
			t = emit_frame_str_temp(e);
			emit_str(e, " stp_str_copy(L->t%d, %s); stp_str_cat(L->t%d, "
				 "%s); stp_str_copy(%s, L->t%d);", t, lv, t, vn,
				 lv, t);
		} else {
			emit_str(e, " if (%s != %s) stp_str_copy(%s, %s);", vn,
				 lv, lv, vn);
		}
		emit_str(e, " (const char *)%s; })", lv);
		return;
	}
	if (x->op != OP_ASSIGN) {
		emit_arith_check(e, x->op, vn, x->tok);
		emit_str(e, " %s = ", lv);
		emit_arith_value(e, x->op, lv, vn);
		emit_str(e, ";");
	} else {
		emit_str(e, " %s = %s;", lv, vn);
	}
	emit_str(e, " %s; })", lv);
}

static void emit_assign_map_str(struct emit *e, struct expr *x,
				const struct emit_global *g, int k, int v)
{
	int t;

	if (x->op == OP_CONCAT) {
		t = emit_frame_str_temp(e);
		emit_str(e, " stp_str_copy(L->t%d, stp_map_get_str(&%s, _k%d));"
			 " stp_str_cat(L->t%d, _v%d); _v%d = L->t%d;", t,
			 g->cname, k, t, v, v, t);
	}
	emit_loc(e, x->tok);
	emit_str(e, " stp_map_set_str(&%s, _k%d, _v%d, &c->err);", g->cname, k,
		 v);
	emit_check(e);
	emit_str(e, " _v%d; })", v);
}

/* a[k] op= rhs */
static void emit_assign_map(struct emit *e, struct expr *x)
{
	struct emit_global *g = emit_map_of(e, x->a);
	char vn[24];
	int k, v, n;

	if (!g)
		return;
	emit_str(e, "({");
	k = emit_keys(e, x->a->args, g);
	v = emit_to_temp(e, x->b);
	if (emit_is_str(x->a)) {
		emit_assign_map_str(e, x, g, k, v);
		return;
	}
	snprintf(vn, sizeof(vn), "_v%d", v);
	n = emit_new_uniq(e);
	if (x->op == OP_ASSIGN) {
		emit_str(e, " int64_t _v%d = %s;", n, vn);
	} else {
		char on[24];
		int o = emit_new_uniq(e);

		snprintf(on, sizeof(on), "_v%d", o);
		emit_str(e, " int64_t %s = stp_map_get_long(&%s, _k%d);", on,
			 g->cname, k);
		emit_arith_check(e, x->op, vn, x->tok);
		emit_str(e, " int64_t _v%d = ", n);
		emit_arith_value(e, x->op, on, vn);
		emit_str(e, ";");
	}
	emit_loc(e, x->tok);
	emit_str(e, " stp_map_set_long(&%s, _k%d, _v%d, &c->err);", g->cname,
		 k, n);
	emit_check(e);
	emit_str(e, " _v%d; })", n);
}

static void emit_assign(struct emit *e, struct expr *x)
{
	if (x->a->kind == EX_INDEX)
		emit_assign_map(e, x);
	else if (x->a->kind == EX_SYMBOL && emit_need_sym(e, x->a))
		emit_assign_scalar(e, x);
	else
		emit_unsupported(e, x->tok, "this assignment target");
}

static void emit_incdec(struct emit *e, struct expr *x)
{
	const char *op = x->op == OP_INC ? "++" : "--";
	int d = x->op == OP_INC ? 1 : -1, k, n;
	struct emit_global *g;
	bool post = x->flags & EXF_POSTFIX;

	if (x->a->kind == EX_SYMBOL && emit_need_sym(e, x->a)) {
		if (post)
			emit_str(e, "(%s%s)", emit_scalar(e, x->a), op);
		else
			emit_str(e, "(%s%s)", op, emit_scalar(e, x->a));
		return;
	}
	g = x->a->kind == EX_INDEX ? emit_map_of(e, x->a) : NULL;
	if (!g)
		return;
	emit_str(e, "({");
	k = emit_keys(e, x->a->args, g);
	n = emit_new_uniq(e);
	emit_loc(e, x->tok);
	emit_str(e, " int64_t _v%d = stp_map_add_long(&%s, _k%d, %d, &c->err);",
		 n, g->cname, k, d);
	emit_check(e);
	emit_str(e, " _v%d%s; })", n, post ? (d > 0 ? " - 1" : " + 1") : "");
}

/* ---- statistics ---- */

static void emit_aggregate(struct emit *e, struct expr *x)
{
	struct emit_global *g;
	int k = -1, v;

	if (!emit_need_sym(e, x->a))
		return;
	g = emit_sym_global(e, x->a->sym);
	if (!g || !g->is_stat) {
		diag(e->s, E_GENERIC, x->tok, "<<< on a non-statistic");
		return;
	}
	emit_str(e, "({");
	if (x->a->kind == EX_INDEX)
		k = emit_keys(e, x->a->args, g);
	v = emit_to_temp(e, x->b);
	if (k < 0) {
		emit_str(e, " stp_stat_add_locked(&%s, &%s, _v%d);", g->cname,
			 g->plock, v);
	} else {
		int r = emit_new_uniq(e);

		emit_loc(e, x->tok);
		emit_str(e, " int _v%d = stp_map_stat_add_locked(&%s, &%s, "
			 "_k%d, _v%d, &c->err); (void)_v%d;", r, g->cname,
			 g->plock, k, v, r);
		emit_check(e);
	}
	emit_str(e, " _v%d; })", v);
}

static bool emit_is_iterating(struct emit *e, const struct symbol *sym)
{
	int i;

	for (i = 0; i < e->niterating; i++)
		if (e->iterating[i] == sym)
			return true;
	return false;
}

/*
 * Inside ({ ... }): declare `const struct stp_stat *_v<n>` for the
 * statistic x (scalar or array element, merged over CPUs); returns n.
 */
static int emit_stat_ptr(struct emit *e, struct expr *x,
			 struct emit_global **gp)
{
	struct emit_global *g = emit_need_sym(e, x) ?
				emit_sym_global(e, x->sym) : NULL;
	int n = emit_new_uniq(e), k;

	*gp = g;
	if (!g || !g->is_stat) {
		diag(e->s, E_GENERIC, x->tok, "not a statistic");
		return n;
	}
	if (x->kind != EX_INDEX) {
		emit_str(e, " stp_plock_all(&%s); const struct stp_stat *_v%d"
			 " = stp_stat_get(&%s); stp_punlock_all(&%s);",
			 g->plock, n, g->cname, g->plock);
		return n;
	}
	k = emit_keys(e, x->args, g);
	if (!emit_is_iterating(e, g->sym)) {
		emit_loc(e, x->tok);
		emit_str(e, " stp_plock_all(&%s); stp_map_aggregate(&%s, "
			 "&c->err); stp_punlock_all(&%s);", g->plock,
			 g->cname, g->plock);
		emit_check(e);
	}
	emit_str(e, " const struct stp_stat *_v%d = stp_map_get_stat(&%s, "
		 "_k%d);", n, g->cname, k);
	return n;
}

static const char *const emit_stat_ops[] = {
	[STAT_COUNT] = "STP_STAT_COUNT", [STAT_SUM] = "STP_STAT_SUM",
	[STAT_MIN] = "STP_STAT_MIN", [STAT_MAX] = "STP_STAT_MAX",
	[STAT_AVG] = "STP_STAT_AVG", [STAT_VARIANCE] = "STP_STAT_VARIANCE",
};

/* @count(s), @sum(a[k]), ... */
static void emit_stat(struct emit *e, struct expr *x)
{
	struct emit_global *g;
	int p, r;

	if (x->op > STAT_VARIANCE) {
		emit_unsupported(e, x->tok, "histogram outside print");
		return;
	}
	emit_str(e, "({");
	p = emit_stat_ptr(e, x->a, &g);
	if (!g)
		return;
	r = emit_new_uniq(e);
	emit_loc(e, x->tok);
	emit_str(e, " int64_t _v%d = stp_stat_extract(_v%d, &%s, %s, &c->err);",
		 r, p, emit_stat_desc(e, g), emit_stat_ops[x->op]);
	emit_check(e);
	emit_str(e, " _v%d; })", r);
}

static void emit_in(struct emit *e, struct expr *x)
{
	struct expr *arr = x->a;
	struct emit_global *g;
	int k;

	if (arr->kind == EX_INDEX) {
		emit_unsupported(e, x->tok, "array slice in `in'");
		return;
	}
	g = emit_map_of(e, arr);
	if (!g)
		return;
	if (emit_has_wildcard(x->args)) {
		emit_slice_in(e, x, g);
		return;
	}
	emit_str(e, "({");
	k = emit_keys(e, x->args, g);
	if (g->is_stat)
		emit_str(e, " stp_plock_all(&%s); bool _v%d = stp_map_exists("
			 "&%s, _k%d); stp_punlock_all(&%s); (int64_t)_v%d; })",
			 g->plock, k, g->cname, k, g->plock, k);
	else
		emit_str(e, " (int64_t)stp_map_exists(&%s, _k%d); })",
			 g->cname, k);
}

/* ---- calls ---- */

struct emit_func *emit_func_of(struct emit *e, const struct function *fn)
{
	int i;

	for (i = 0; i < e->nfuncs; i++)
		if (e->funcs[i].fn == fn)
			return &e->funcs[i];
	return NULL;
}

static void emit_has_call_hook(struct ast_walker *w, struct expr **ep)
{
	if ((*ep)->kind == EX_CALL)
		*(bool *)w->arg = true;
}

/* True when evaluating x calls a script function (which would use the
 * frame slot the call being emitted fills). */
static bool emit_has_call(struct expr *x)
{
	bool found = false;
	struct ast_walker w = { .expr = emit_has_call_hook, .arg = &found };

	ast_walk_expr(&w, &x);
	return found || w.too_deep;
}

/* Arguments up to the last one that calls a function: they are
 * evaluated into temporaries before the callee frame is filled. */
static int emit_args_via_temps(struct expr *args)
{
	int n = 0, last = 0;
	struct expr *a;

	for (a = args; a; a = a->next) {
		n++;
		if (emit_has_call(a))
			last = n;
	}
	return last;
}

/*
 * Fill the callee frame _v<f>: the first ntemps parameters from the
 * temporaries vals[], the rest evaluated straight into the frame (they
 * call nothing), so a call with thousands of arguments needs no kernel
 * stack for them.
 */
static void emit_call_args(struct emit *e, struct function *fn,
			   struct expr *a, const int *vals, int ntemps, int f)
{
	struct symbol *p;
	int i = 0;

	/* a: the first direct argument (after the ntemps temporaries) */
	for (p = fn->param_syms; p; p = p->next, i++) {
		bool str = p->type == TY_STRING;

		emit_str(e, str ? " stp_str_copy(_v%d->l_%s, " :
			 " _v%d->l_%s = ", f, p->name);
		if (i < ntemps) {
			emit_str(e, "_v%d", vals[i]);
		} else if (a) {
			emit_expr(e, a);
			a = a->next;
		} else {
			emit_str(e, str ? "\"\"" : "0");
		}
		emit_str(e, str ? ");" : ";");
	}
}

static void emit_call(struct emit *e, struct expr *x)
{
	struct emit_func *ef = x->fn ? emit_func_of(e, x->fn) : NULL;
	bool direct = e->call_result_direct;
	int *vals, n = 0, ntemps, f, t;
	struct expr *a;

	e->call_result_direct = false;
	if (!ef) {
		diag(e->s, E_GENERIC, x->tok, "unresolved function in pass 3");
		return;
	}
	ntemps = emit_args_via_temps(x->args);
	vals = arena_alloc(e->s->arena, (size_t)(ntemps + 1) * sizeof(*vals));
	emit_str(e, "({");
	for (a = x->args; a && n < ntemps; a = a->next)
		vals[n++] = emit_to_temp(e, a);
	f = emit_new_uniq(e);
	emit_str(e, " struct %s *_v%d;", ef->frame, f);
	emit_loc(e, x->tok);
	if (ef->leaf) {
		emit_str(e, " _v%d = &STP_LOCALS(c)->leaf.%s;", f, ef->member);
		emit_call_args(e, ef->fn, a, vals, ntemps, f);
		emit_str(e, " %s(c, _v%d);", ef->cname, f);
	} else {
		/* the direct arguments run at the caller's depth (an error in
		 * one leaves nesting as it was) */
		emit_str(e, " if (!stp_ctx_nest(c)) goto %s;", e->errlabel);
		emit_str(e, " _v%d = &STP_LOCALS(c)->fn[c->nesting - 1].%s;"
			 " c->nesting--;", f, ef->member);
		emit_call_args(e, ef->fn, a, vals, ntemps, f);
		emit_str(e, " c->nesting++; %s(c); c->nesting--;", ef->cname);
	}
	emit_check(e);
	if (x->fn->type == TY_STRING && direct) {
		/* consumed at once, before any other call reuses the frame */
		emit_str(e, " (const char *)_v%d->__retvalue; })", f);
	} else if (x->fn->type == TY_STRING) {
		t = emit_frame_str_temp(e);
		emit_str(e, " stp_str_copy(L->t%d, _v%d->__retvalue); "
			 "(const char *)L->t%d; })", t, f, t);
	} else {
		emit_str(e, " _v%d->__retvalue; })", f);
	}
}

static void emit_embedded_expr(struct emit *e, struct expr *x)
{
	if (emit_is_str(x))
		emit_str(e, "((const char *)(%s))", x->str);
	else
		emit_str(e, "((int64_t)(%s))", x->str);
}

/* ---- dispatch ---- */

static void emit_other(struct emit *e, struct expr *x)
{
	switch (x->kind) {
	case EX_REGEX:
		emit_unsupported(e, x->tok, "regular expression matching");
		break;
	case EX_TARGET:
	case EX_CAST:
	case EX_ATVAR:
	case EX_ENTRY:
		emit_unsupported(e, x->tok, "target variables (no DWARF)");
		break;
	case EX_DEFINED:
		emit_unsupported(e, x->tok, "@defined in pass 3");
		break;
	default:
		emit_unsupported(e, x->tok, "this expression");
		break;
	}
	emit_str(e, "0");
}

void emit_expr(struct emit *e, struct expr *x)
{
	switch (x->kind) {
	case EX_NUMBER:		emit_num(e, x->num); break;
	case EX_STRING:		emit_cstring(e->out, x->str, x->len); break;
	case EX_SYMBOL:		emit_symbol(e, x); break;
	case EX_INDEX:		emit_index(e, x); break;
	case EX_CALL:		emit_call(e, x); break;
	case EX_PRINT:		emit_print(e, x); break;
	case EX_UNARY:		emit_unary(e, x); break;
	case EX_BINARY:		emit_binary(e, x); break;
	case EX_COMPARE:	emit_compare(e, x); break;
	case EX_LOGICAL:	emit_logical(e, x); break;
	case EX_TERNARY:	emit_ternary(e, x); break;
	case EX_ASSIGN:		emit_assign(e, x); break;
	case EX_INCDEC:		emit_incdec(e, x); break;
	case EX_AGGREGATE:	emit_aggregate(e, x); break;
	case EX_IN:		emit_in(e, x); break;
	case EX_STAT:		emit_stat(e, x); break;
	case EX_EMBEDDED:	emit_embedded_expr(e, x); break;
	default:		emit_other(e, x); break;
	}
}

/* x as a C truth value. */
void emit_cond(struct emit *e, struct expr *x)
{
	emit_str(e, "(");
	emit_expr(e, x);
	emit_str(e, ") != 0");
}

/* ---- the print family ---- */

static bool emit_is_hist(const struct expr *x)
{
	return x->kind == EX_STAT &&
	       (x->op == STAT_HIST_LOG || x->op == STAT_HIST_LINEAR);
}

static int emit_count_args(const struct expr *a)
{
	int n = 0;

	for (; a; a = a->next)
		n++;
	return n;
}

/*
 * SystemTap's limit on the values one print-family call formats (the
 * format and printd's delimiter not counted); more is a pass-3 error, as
 * in SystemTap, never a silent cut.
 */
#define EMIT_PRINT_MAXARGS 32

/* Evaluate each print argument into _v<n> (histograms: a stat pointer);
 * -1 (and the error reported) past EMIT_PRINT_MAXARGS. */
static int emit_print_eval(struct emit *e, const struct expr *call,
			   struct expr *args, int *vals,
			   struct emit_global **gs)
{
	struct expr *a;
	int n = emit_count_args(args);

	if (n > EMIT_PRINT_MAXARGS) {
		diag(e->s, E_PRINT_ARGS, call->tok, n);
		return -1;
	}
	for (a = args, n = 0; a; a = a->next, n++) {
		gs[n] = NULL;
		if (emit_is_hist(a))
			vals[n] = emit_stat_ptr(e, a->a, &gs[n]);
		else
			vals[n] = emit_to_temp(e, a);
	}
	return n;
}

/* Write argument i to the sink _v<b>. */
static void emit_print_arg(struct emit *e, struct expr *a, int v, int b,
			   struct emit_global *g)
{
	if (emit_is_hist(a) && g)
		emit_str(e, " if (_v%d) stp_stat_print_hist(_v%d, _v%d, &%s);",
			 v, b, v, emit_stat_desc(e, g));
	else if (emit_is_str(a))
		emit_str(e, " stp_fmt_puts(_v%d, _v%d);", b, v);
	else
		emit_str(e, " stp_fmt_long(_v%d, _v%d);", b, v);
}

/* print, println, printd, printdln and their s- forms. */
static void emit_print_plain(struct emit *e, struct expr *x, int b)
{
	bool delim = x->op == PR_PRINTD || x->op == PR_PRINTDLN ||
		     x->op == PR_SPRINTD || x->op == PR_SPRINTDLN;
	bool ln = x->op == PR_PRINTLN || x->op == PR_PRINTDLN ||
		  x->op == PR_SPRINTLN || x->op == PR_SPRINTDLN;
	struct emit_global *gs[EMIT_PRINT_MAXARGS];
	struct expr *a, *first = x->args;
	int vals[EMIT_PRINT_MAXARGS], n, i, d = -1;

	if (delim && first) {
		d = emit_to_temp(e, first);
		emit_str(e, " (void)_v%d;", d);
		first = first->next;
	}
	n = emit_print_eval(e, x, first, vals, gs);
	for (a = first, i = 0; a && i < n; a = a->next, i++) {
		if (d >= 0 && i > 0)
			emit_str(e, " stp_fmt_puts(_v%d, _v%d);", b, d);
		emit_print_arg(e, a, vals[i], b, gs[i]);
	}
	if (ln)
		emit_str(e, " stp_fmt_putc(_v%d, '\\n');", b);
}

static void emit_printf(struct emit *e, struct expr *x, int b)
{
	struct expr *fmt = x->args, *a;
	struct emit_global *gs[EMIT_PRINT_MAXARGS];
	int vals[EMIT_PRINT_MAXARGS], n, i, arr;

	if (!fmt || fmt->kind != EX_STRING) {
		diag(e->s, E_NOT_LITERAL, x->tok, "format");
		return;
	}
	n = emit_print_eval(e, x, fmt->next, vals, gs);
	if (n < 0)
		return;
	arr = emit_new_uniq(e);
	emit_str(e, " struct stp_arg _a%d[%d] = {", arr, n ? n : 1);
	for (a = fmt->next, i = 0; i < n; a = a->next, i++)
		emit_str(e, "%s STP_ARG_%c(_v%d)", i ? "," : "",
			 emit_is_str(a) ? 'S' : 'L', vals[i]);
	emit_str(e, " };");
	emit_loc(e, x->tok);
	emit_str(e, " stp_fmt_format(_v%d, ", b);
	emit_cstring(e->out, fmt->str, fmt->len);
	emit_str(e, ", _a%d, %d, &c->err);", arr, n);
	emit_check(e);
}

/* The values a print prints (printd's delimiter, printf's format aside). */
static int emit_print_nvalues(const struct expr *x)
{
	const struct expr *a = x->args;
	int n = 0;

	if (x->op == PR_PRINTD || x->op == PR_PRINTDLN ||
	    x->op == PR_SPRINTD || x->op == PR_SPRINTDLN ||
	    x->op == PR_PRINTF || x->op == PR_SPRINTF)
		a = a ? a->next : NULL;
	for (; a; a = a->next)
		n++;
	return n;
}

static void emit_print(struct emit *e, struct expr *x)
{
	bool to_str = x->op >= PR_SPRINT;
	int b = emit_new_uniq(e), t = -1;
	int n = emit_print_nvalues(x);

	if (n > EMIT_PRINT_MAXARGS) {
		diag(e->s, E_PRINT_ARGS, x->tok, n);
		emit_str(e, "(int64_t)0");
		return;
	}

	emit_str(e, "({");
	if (to_str) {
		t = emit_frame_str_temp(e);
		emit_str(e, " struct stp_buf _s%d = stp_print_strbuf(L->t%d), "
			 "*_v%d = &_s%d;", b, t, b, b);
	} else {
		emit_str(e, " struct stp_buf *_v%d = stp_print_buf(c);", b);
	}
	if (x->op == PR_PRINTF || x->op == PR_SPRINTF)
		emit_printf(e, x, b);
	else
		emit_print_plain(e, x, b);
	if (to_str)
		emit_str(e, " stp_print_strend(_v%d); })", b);
	else
		emit_str(e, " (int64_t)0; })");
}

/* delete a[k] as a statement */
void emit_delete_elem(struct emit *e, struct expr *x)
{
	struct emit_global *g = emit_map_of(e, x);
	int i, k;

	if (!g)
		return;
	for (i = 0; i < e->indent; i++)
		fputc('\t', e->out);
	emit_str(e, "(void)({");
	k = emit_keys(e, x->args, g);
	if (g->is_stat)
		emit_str(e, " stp_plock_all(&%s); stp_map_delete(&%s, _k%d);"
			 " stp_punlock_all(&%s); 0; });\n", g->plock,
			 g->cname, k, g->plock);
	else
		emit_str(e, " stp_map_delete(&%s, _k%d); 0; });\n", g->cname,
			 k);
}
