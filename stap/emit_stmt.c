/* emit_stmt.c - pass 3: statements and frames.
 *
 * Statements map onto C control flow one to one, so `break` and
 * `continue` are C's own: the emitter never puts a C loop or switch
 * around a script statement except for the script's own loops.  Every
 * statement first records its token in c->last_stmt.  Actions are counted
 * per straight-line block: a block's entry counts all its statements at
 * once (stp_ctx_actions(c, N)), and every loop iteration counts one more;
 * past MAXACTION the handler ends (straight to `out`: try/catch does not
 * catch it), reported near the first statement of the block.
 *
 * A frame is the struct holding one probe's or function's locals and
 * the temporaries its expressions need (emit_frame_str_temp,
 * emit_frame_iter); it lives in the per-CPU locals area, not on the
 * kernel stack.
 */
#include <string.h>

#include "diag.h"
#include "emit.h"

int emit_frame_str_temp(struct emit *e)
{
	return e->fr->nstr++;
}

int emit_frame_iter(struct emit *e)
{
	return e->fr->niter++;
}

static bool emit_sym_listed(const struct symbol *list, const char *name,
			    const struct symbol *upto)
{
	for (; list && list != upto; list = list->next)
		if (list->name == name || strcmp(list->name, name) == 0)
			return true;
	return false;
}

static void emit_frame_var(FILE *out, const struct symbol *sym)
{
	if (sym->type == TY_STRING)
		fprintf(out, "\tchar l_%s[MAXSTRINGLEN];\n", sym->name);
	else
		fprintf(out, "\tint64_t l_%s;\n", sym->name);
}

/* struct <sname> { params; locals; __retvalue; temporaries; }; */
void emit_frame_struct(struct emit *e, struct emit_frame *fr)
{
	const struct symbol *sym;
	FILE *out = e->frames;
	int i;

	fprintf(out, "struct %s {\n", fr->sname);
	for (sym = fr->params; sym; sym = sym->next)
		emit_frame_var(out, sym);
	for (sym = fr->locals; sym; sym = sym->next)
		if (!emit_sym_listed(fr->params, sym->name, NULL) &&
		    !emit_sym_listed(fr->locals, sym->name, sym))
			emit_frame_var(out, sym);
	if (fr->fn && fr->fn->type == TY_STRING)
		fprintf(out, "\tchar __retvalue[MAXSTRINGLEN];\n");
	else
		fprintf(out, "\tint64_t __retvalue;\n");
	for (i = 0; i < fr->nstr; i++)
		fprintf(out, "\tchar t%d[MAXSTRINGLEN];\n", i);
	for (i = 0; i < fr->niter; i++)
		fprintf(out, "\tstruct stp_map_iter it%d;\n", i);
	fprintf(out, "};\n\n");
}

/* Locals start as 0 / "" on every entry. */
void emit_local_inits(struct emit *e, struct symbol *locals)
{
	struct symbol *sym;

	for (sym = locals; sym; sym = sym->next) {
		if (e->fr->params &&
		    emit_sym_listed(e->fr->params, sym->name, NULL))
			continue;
		if (sym->type == TY_STRING)
			emit_line(e, "L->l_%s[0] = '\\0';", sym->name);
		else
			emit_line(e, "L->l_%s = 0;", sym->name);
	}
}

/*
 * Record the statement's location and count one action, unless its block
 * already counted it (e->counted, set for the statement's first action:
 * 1 = counted, 2 = counted and its location recorded).
 */
static void emit_action(struct emit *e, const struct token *tok)
{
	int i;

	if (e->counted == 2) {		/* location set by the block too */
		e->counted = 0;
		return;
	}
	for (i = 0; i < e->indent; i++)
		fputc('\t', e->out);
	emit_set_stmt_loc(e, tok);
	if (e->counted)
		emit_str(e, "\n");
	else
		emit_str(e, " if (stp_ctx_actions(c, 1)) goto out;\n");
	e->counted = 0;
}

static void emit_body(struct emit *e, struct stmt *st)
{
	e->indent++;
	if (st)
		emit_stmt(e, st);
	e->indent--;
}

static void emit_expr_stmt(struct emit *e, struct expr *x)
{
	int i;

	for (i = 0; i < e->indent; i++)
		fputc('\t', e->out);
	emit_str(e, "(void)");
	emit_expr(e, x);
	emit_str(e, ";\n");
}

/* "if (!(cond)) break;" at the top of a loop body */
static void emit_loop_test(struct emit *e, struct expr *cond)
{
	int i;

	if (!cond)
		return;
	for (i = 0; i < e->indent + 1; i++)
		fputc('\t', e->out);
	emit_str(e, "if (!(");
	emit_cond(e, cond);
	emit_str(e, ")) break;\n");
}

static void emit_if(struct emit *e, struct stmt *st)
{
	int i;

	emit_action(e, st->tok);
	for (i = 0; i < e->indent; i++)
		fputc('\t', e->out);
	emit_str(e, "if (");
	emit_cond(e, st->e);
	emit_str(e, ") {\n");
	emit_body(e, st->body);
	if (st->alt) {
		emit_line(e, "} else {");
		emit_body(e, st->alt);
	}
	emit_line(e, "}");
}

static void emit_simple(struct emit *e, struct stmt *st, const char *code);

/* A loop's body: break and continue are valid inside. */
static void emit_loop_body(struct emit *e, struct stmt *body)
{
	e->loops++;
	emit_body(e, body);
	e->loops--;
}

/* break / continue, which SystemTap rejects outside a loop here (C would
 * reject the module later). */
static void emit_jump(struct emit *e, struct stmt *st, const char *word)
{
	if (!e->loops) {
		diag(e->s, E_JUMP_OUTSIDE, st->tok, word);
		return;
	}
	emit_simple(e, st, arena_printf(e->s->arena, "%s;", word));
}

static void emit_while(struct emit *e, struct stmt *st)
{
	emit_line(e, "for (;;) {");
	e->indent++;
	emit_action(e, st->tok);
	e->indent--;
	emit_loop_test(e, st->e);
	emit_loop_body(e, st->body);
	emit_line(e, "}");
}

static void emit_do(struct emit *e, struct stmt *st)
{
	int i;

	emit_line(e, "do {");
	e->indent++;
	emit_action(e, st->tok);
	e->indent--;
	emit_loop_body(e, st->body);
	for (i = 0; i < e->indent; i++)
		fputc('\t', e->out);
	emit_str(e, "} while (");
	emit_cond(e, st->e);
	emit_str(e, ");\n");
}

/* for (init; cond; step): C's for, so `continue` runs the step. */
static void emit_for(struct emit *e, struct stmt *st)
{
	int i;

	emit_line(e, "{");
	e->indent++;
	emit_action(e, st->tok);
	if (st->init)
		emit_expr_stmt(e, st->init);
	for (i = 0; i < e->indent; i++)
		fputc('\t', e->out);
	emit_str(e, "for (;; ");
	if (st->step) {
		emit_str(e, "(void)");
		emit_expr(e, st->step);
	}
	emit_str(e, ") {\n");
	e->indent++;
	emit_action(e, st->tok);
	e->indent--;
	emit_loop_test(e, st->e);
	emit_loop_body(e, st->body);
	emit_line(e, "}");
	e->indent--;
	emit_line(e, "}");
}

static void emit_return(struct emit *e, struct stmt *st)
{
	int i;

	emit_action(e, st->tok);
	if (st->e && e->fr->fn) {
		for (i = 0; i < e->indent; i++)
			fputc('\t', e->out);
		if (e->fr->fn->type == TY_STRING) {
			emit_str(e, "stp_str_copy(L->__retvalue, ");
			emit_expr(e, st->e);
			emit_str(e, ");\n");
		} else {
			emit_str(e, "L->__retvalue = ");
			emit_expr(e, st->e);
			emit_str(e, ";\n");
		}
	} else if (st->e) {
		emit_expr_stmt(e, st->e);
	}
	emit_line(e, "goto out;");
}

/* delete x: a whole array, a statistic, a scalar, or one element. */
static void emit_delete(struct emit *e, struct stmt *st)
{
	struct expr *x = st->e;
	struct emit_global *g = x->sym && x->sym->kind == SYM_GLOBAL ?
				emit_global_of(e, x->sym) : NULL;

	emit_action(e, st->tok);
	if (x->kind == EX_SYMBOL && g && g->is_stat)
		emit_line(e, "stp_plock_all(&%s); stp_%s_clear(&%s); "
			  "stp_punlock_all(&%s);", g->plock,
			  g->is_map ? "map" : "stat", g->cname, g->plock);
	else if (x->kind == EX_SYMBOL && g && g->is_map)
		emit_line(e, "stp_map_clear(&%s);", g->cname);
	else if (x->kind == EX_SYMBOL && x->sym)
		emit_line(e, x->sym->type == TY_STRING ? "%s%s[0] = '\\0';"
						       : "%s%s = 0;",
			  g ? "" : "L->l_", g ? g->cname : x->sym->name);
	else if (x->kind == EX_INDEX && g && g->is_map &&
		 emit_has_wildcard(x->args))
		emit_slice_delete(e, x, g);
	else if (x->kind == EX_INDEX && g && g->is_map)
		emit_delete_elem(e, x);
	else
		emit_unsupported(e, st->tok, "this delete");
}

/* The value of a stat-array foreach would be a statistic: not allowed. */
static bool emit_foreach_ok(struct emit *e, struct stmt *st,
			    struct emit_global *g)
{
	if ((st->array->kind != EX_SYMBOL && st->array->kind != EX_INDEX) ||
	    !g || !g->is_map) {
		emit_unsupported(e, st->tok, "foreach over this expression");
		return false;
	}
	if (st->value && g->is_stat) {
		emit_unsupported(e, st->tok, "foreach value of a statistic");
		return false;
	}
	return true;
}

static const char *const emit_sort_ops[] = {
	"STP_STAT_COUNT", "STP_STAT_SUM", "STP_STAT_MIN", "STP_STAT_MAX",
	"STP_STAT_AVG", "STP_STAT_VARIANCE",
};

/*
 * The limit is evaluated first (it may fail), then
 * stp_map_iter_begin(&L->it<n>, &g, by, dir, op, limit, err), under every
 * per-CPU lock for a statistic array (it merges them).
 */
static void emit_foreach_begin(struct emit *e, struct stmt *st,
			       struct emit_global *g, int it)
{
	int by = st->sort_dir == 0 ? 0 : st->sort_col == 0 ? -1 : st->sort_col;
	int op = st->sort_agg >= 0 && st->sort_agg <= STAT_VARIANCE ?
		 st->sort_agg : 0;
	int i;

	for (i = 0; i < e->indent; i++)
		fputc('\t', e->out);
	emit_str(e, "if (({ int64_t _lim = ");
	if (st->limit)
		emit_expr(e, st->limit);
	else
		emit_str(e, "-1");
	emit_str(e, "; int _r;");
	if (g->is_stat)
		emit_str(e, " stp_plock_all(&%s);", g->plock);
	emit_str(e, " _r = stp_map_iter_begin(&L->it%d, &%s, %d, %d, %s, _lim,"
		 " &c->err);", it, g->cname, by, st->sort_dir < 0 ? -1 : 1,
		 emit_sort_ops[op]);
	if (g->is_stat)
		emit_str(e, " stp_punlock_all(&%s);", g->plock);
	emit_str(e, " _r; })) goto %s;\n", e->errlabel);
}

/* key variables (and the value variable) from the iterator */
static void emit_foreach_vars(struct emit *e, struct stmt *st, int it)
{
	struct expr *k;
	int col = 0;

	for (k = st->keys; k; k = k->next, col++) {
		if (k->type == TY_STRING)
			emit_line(e, "stp_str_copy(L->l_%s, stp_map_iter_key_str(&L->it%d, %d));",
				  k->sym->name, it, col);
		else
			emit_line(e, "L->l_%s = stp_map_iter_key_long(&L->it%d, %d);",
				  k->sym->name, it, col);
	}
	if (!st->value)
		return;
	if (st->value->type == TY_STRING)
		emit_line(e, "stp_str_copy(L->l_%s, stp_map_iter_str(&L->it%d));",
			  st->value->sym->name, it);
	else
		emit_line(e, "L->l_%s = stp_map_iter_long(&L->it%d);",
			  st->value->sym->name, it);
}

/* Before the walk: the slice's fixed columns; in it: the filter. */
static int emit_foreach_slice(struct emit *e, struct stmt *st,
			      const char **names)
{
	int i, n;

	if (st->array->kind != EX_INDEX)
		return -1;
	for (i = 0; i < e->indent; i++)
		fputc('\t', e->out);
	n = emit_slice_fixed(e, st->array->args, names);
	emit_str(e, "\n");
	return n;
}

static void emit_foreach_filter(struct emit *e, struct stmt *st,
				const char **names, int n, int it)
{
	int i;

	for (i = 0; i < e->indent; i++)
		fputc('\t', e->out);
	emit_str(e, "if (!(");
	emit_slice_match(e, st->array->args, names, n, it);
	emit_str(e, ")) continue;\n");
}

static void emit_foreach(struct emit *e, struct stmt *st)
{
	struct emit_global *g = st->array->sym ?
				emit_global_of(e, st->array->sym) : NULL;
	const char *names[MAX_ARRAY_KEYS];
	int it, n;

	emit_action(e, st->tok);
	if (!emit_foreach_ok(e, st, g))
		return;
	it = emit_frame_iter(e);
	emit_line(e, "{");
	n = emit_foreach_slice(e, st, names);
	emit_foreach_begin(e, st, g, it);
	emit_line(e, "while (stp_map_iter_next(&L->it%d)) {", it);
	e->indent++;
	emit_action(e, st->tok);
	if (n >= 0)
		emit_foreach_filter(e, st, names, n, it);
	emit_foreach_vars(e, st, it);
	e->indent--;
	if (e->niterating < 16)
		e->iterating[e->niterating++] = g->sym;
	emit_loop_body(e, st->body);
	e->niterating--;
	emit_line(e, "}");
	emit_line(e, "stp_map_iter_end(&L->it%d);", it);
	emit_line(e, "if (unlikely(c->err.msg)) goto %s;", e->errlabel);
	emit_line(e, "}");
}

/*
 * try { body } catch (msg) { alt }: errors in body jump to catch_<n>,
 * which hands the message to msg, clears the error and runs alt.
 */
static void emit_try(struct emit *e, struct stmt *st)
{
	const char *saved = e->errlabel;
	int n = e->fr->nlabel++;

	emit_line(e, "{");
	e->errlabel = arena_printf(e->s->arena, "catch_%d", n);
	emit_body(e, st->body);
	e->errlabel = saved;
	emit_line(e, "}");
	emit_line(e, "goto try_end_%d;", n);
	emit_line(e, "catch_%d: __attribute__((unused));", n);
	if (st->catch_var && st->catch_var->sym)
		emit_line(e, "stp_str_copy(L->l_%s, c->err.msg ? c->err.msg : \"\");",
			  st->catch_var->sym->name);
	emit_line(e, "stp_err_clear(&c->err);");
	emit_line(e, "{");
	emit_body(e, st->alt);
	emit_line(e, "}");
	emit_line(e, "try_end_%d: ;", n);
}

/* Statements whose first action is counted at their block's entry
 * (loops count per iteration; blocks and try count their own). */
static bool emit_block_counts(const struct stmt *st)
{
	switch (st->kind) {
	case ST_BLOCK: case ST_NULL: case ST_WHILE: case ST_DO: case ST_TRY:
	case ST_EMBEDDED:
		return false;
	default:
		return true;
	}
}

/* "if (stp_ctx_actions(c, N)) goto out;" for the block's statements */
static void emit_block_actions(struct emit *e, struct stmt *st)
{
	const struct stmt *first = NULL, *c;
	int n = 0, i;

	for (c = st->stmts; c; c = c->next) {
		if (!emit_block_counts(c))
			continue;
		if (!n++)
			first = c;
	}
	if (!n)
		return;
	for (i = 0; i < e->indent + 1; i++)
		fputc('\t', e->out);
	emit_set_stmt_loc(e, first->tok);
	emit_str(e, " if (stp_ctx_actions(c, %d)) goto out;\n", n);
}

static void emit_block(struct emit *e, struct stmt *st)
{
	struct stmt *c, *first = NULL;

	emit_line(e, "{");
	emit_block_actions(e, st);
	for (c = st->stmts; c; c = c->next) {
		e->counted = emit_block_counts(c) ? 1 : 0;
		if (e->counted && !first) {
			first = c;
			e->counted = 2;
		}
		emit_body(e, c);
	}
	emit_line(e, "}");
}

static void emit_simple(struct emit *e, struct stmt *st, const char *code)
{
	emit_action(e, st->tok);
	emit_line(e, "%s", code);
}

void emit_stmt(struct emit *e, struct stmt *st)
{
	switch (st->kind) {
	case ST_BLOCK:		emit_block(e, st); break;
	case ST_NULL:		break;
	case ST_EXPR:
		emit_action(e, st->tok);
		emit_expr_stmt(e, st->e);
		break;
	case ST_IF:		emit_if(e, st); break;
	case ST_WHILE:		emit_while(e, st); break;
	case ST_DO:		emit_do(e, st); break;
	case ST_FOR:		emit_for(e, st); break;
	case ST_FOREACH:	emit_foreach(e, st); break;
	case ST_BREAK:		emit_jump(e, st, "break"); break;
	case ST_CONTINUE:	emit_jump(e, st, "continue"); break;
	case ST_NEXT:		emit_simple(e, st, "goto out;"); break;
	case ST_RETURN:		emit_return(e, st); break;
	case ST_DELETE:		emit_delete(e, st); break;
	case ST_TRY:		emit_try(e, st); break;
	case ST_EMBEDDED:
		emit_unsupported(e, st->tok, "embedded C in a probe body");
		break;
	}
}
