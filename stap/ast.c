/* ast.c - constructors of the syntax tree (pass 1), the walker every pass
 * shares, and small helpers.
 *
 * Invariant: every node is zeroed, arena-allocated and carries the token
 * it started at; lists are built in source order by appending.
 */
#include "ast.h"

#include "parse.h"
#include "session.h"

struct expr *ast_expr(struct session *s, enum expr_kind kind, struct token *t)
{
	struct expr *e = ARENA_NEW(s->arena, struct expr);

	e->kind = kind;
	e->tok = t;
	return e;
}

struct stmt *ast_stmt(struct session *s, enum stmt_kind kind, struct token *t)
{
	struct stmt *st = ARENA_NEW(s->arena, struct stmt);

	st->kind = kind;
	st->tok = t;
	st->sort_agg = -1;
	return st;
}

const char *ast_ty_name(enum ty t)
{
	switch (t) {
	case TY_LONG:		return "long";
	case TY_STRING:		return "string";
	case TY_STATS:		return "stats";
	case TY_UNKNOWN:	break;
	}
	return "unknown";
}

struct expr *ast_binary(struct session *s, enum expr_kind kind, int op,
			struct token *t, struct expr *a, struct expr *b)
{
	struct expr *e = ast_expr(s, kind, t);

	e->op = op;
	e->a = a;
	e->b = b;
	return e;
}

struct expr *ast_unary(struct session *s, enum expr_kind kind, int op,
		       struct token *t, struct expr *a)
{
	return ast_binary(s, kind, op, t, a, NULL);
}

struct expr *ast_number(struct session *s, struct token *t, int64_t v)
{
	struct expr *e = ast_expr(s, EX_NUMBER, t);

	e->num = v;
	return e;
}

struct expr *ast_string(struct session *s, struct token *t,
			const char *str, size_t len)
{
	struct expr *e = ast_expr(s, EX_STRING, t);

	e->str = str;
	e->len = len;
	return e;
}

/* A variable reference; the name is interned from the token. */
struct expr *ast_symbol(struct session *s, struct token *t)
{
	struct expr *e = ast_expr(s, EX_SYMBOL, t);

	e->name = intern_n(s->names, t->text, t->len);
	return e;
}

/* Appending walks the list: lists in the tree are short (arguments,
 * keys, components, probe points), and statements are appended through a
 * block.  One definition serves each node type linked by `next`. */
#define AST_DEFINE_APPEND(fn, type)					\
	type *fn(type *list, type *item)				\
	{								\
		type *l = list;						\
									\
		if (!l)							\
			return item;					\
		while (l->next)						\
			l = l->next;					\
		l->next = item;						\
		return list;						\
	}

AST_DEFINE_APPEND(ast_append, struct expr)
AST_DEFINE_APPEND(ast_comp_append, struct target_comp)
AST_DEFINE_APPEND(ast_point_append, struct probe_point)
AST_DEFINE_APPEND(ast_pcomp_append, struct probe_comp)

struct stmt *ast_stmt_push(struct stmt *list, struct stmt *st)
{
	st->next = list;
	return st;
}

struct stmt *ast_stmt_reverse(struct stmt *list)
{
	struct stmt *out = NULL, *next;

	for (; list; list = next) {
		next = list->next;
		list->next = out;
		out = list;
	}
	return out;
}

static const char *const ast_stat_names[] = {
	[STAT_COUNT] = "@count", [STAT_SUM] = "@sum",
	[STAT_MIN] = "@min", [STAT_MAX] = "@max",
	[STAT_AVG] = "@avg", [STAT_VARIANCE] = "@variance",
	[STAT_HIST_LOG] = "@hist_log",
	[STAT_HIST_LINEAR] = "@hist_linear",
};

const char *ast_stat_name(enum stat_op op)
{
	return ast_stat_names[op];
}

/* ---- the walker ---- */

static bool ast_walk_enter(struct ast_walker *w, const struct token *tok)
{
	if (w->depth >= AST_MAX_DEPTH) {
		if (!w->too_deep)
			w->deep_tok = tok;
		w->too_deep = true;
		return false;
	}
	w->depth++;
	return true;
}

void ast_walk_exprs(struct ast_walker *w, struct expr **list)
{
	for (; *list; list = &(*list)->next)
		ast_walk_expr(w, list);
}

/* Children in evaluation order: operands, arguments, index components. */
static void ast_walk_children(struct ast_walker *w, struct expr *e)
{
	struct target_comp *c;

	if (e->a)
		ast_walk_expr(w, &e->a);
	if (e->b)
		ast_walk_expr(w, &e->b);
	if (e->c)
		ast_walk_expr(w, &e->c);
	ast_walk_exprs(w, &e->args);
	for (c = e->comps; c; c = c->next)
		if (c->index)
			ast_walk_expr(w, &c->index);
}

/* A replacement keeps its place in a list: its next is the old one's. */
void ast_walk_expr(struct ast_walker *w, struct expr **ep)
{
	struct expr *e = *ep, *next;

	if (!e || !ast_walk_enter(w, e->tok))
		return;
	next = e->next;
	if (!w->expr_pre || w->expr_pre(w, ep)) {
		ast_walk_children(w, *ep);
		if (w->expr)
			w->expr(w, ep);
	}
	if (*ep != e && *ep)
		(*ep)->next = next;
	w->depth--;
}

static void ast_walk_opt(struct ast_walker *w, struct expr **ep)
{
	if (*ep)
		ast_walk_expr(w, ep);
}

void ast_walk_stmt(struct ast_walker *w, struct stmt *st)
{
	struct stmt *c;

	if (!st || !ast_walk_enter(w, st->tok))
		return;
	if (!w->stmt || w->stmt(w, st)) {
		ast_walk_opt(w, &st->init);
		ast_walk_opt(w, &st->e);
		ast_walk_opt(w, &st->step);
		ast_walk_exprs(w, &st->keys);
		ast_walk_opt(w, &st->value);
		ast_walk_opt(w, &st->array);
		ast_walk_opt(w, &st->limit);
		ast_walk_opt(w, &st->catch_var);
		ast_walk_stmt(w, st->body);
		ast_walk_stmt(w, st->alt);
		for (c = st->stmts; c; c = c->next)
			ast_walk_stmt(w, c);
	}
	w->depth--;
}
