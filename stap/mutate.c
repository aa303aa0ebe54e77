/* mutate.c - pass 2: no array is modified while a foreach iterates it.
 *
 * Inside `foreach (k in a)` the body may read a and delete it whole, but
 * not store into, increment, aggregate into or delete an element of a,
 * neither directly nor through a function it calls (SystemTap's
 * "variable modified during 'foreach' iteration"; unlike SystemTap 4.8,
 * calls are followed to any depth).  Runs after symbols
 * are resolved: every array reference has its global symbol.
 *
 * Invariant: each function's direct element writes and callees are
 * collected once (struct mut_fn); a call is checked by a walk over that
 * call graph, marked per query so it ends on recursion.
 */
#include <string.h>

#include "elab.h"
#include "session.h"

struct mut_fn {
	struct symbol **writes;		/* arrays whose elements it writes */
	int nwrites, capw;
	struct function **calls;	/* functions it calls */
	int ncalls, capc;
	unsigned mark;			/* last query that visited it */
};

struct mut_ctx {
	struct session *s;
	struct symbol **iter;		/* arrays of the enclosing foreachs */
	int niter, capiter;
	struct mut_fn *collect;		/* when collecting a function */
	unsigned query;
};

static void mut_grow(struct session *s, void **v, int n, int *cap,
		     size_t size)
{
	void *nv;

	if (n < *cap)
		return;
	*cap = *cap ? 2 * *cap : 8;
	nv = arena_alloc(s->arena, (size_t)*cap * size);
	if (n)
		memcpy(nv, *v, (size_t)n * size);
	*v = nv;
}

/* The array whose element e stores into, or NULL. */
static struct symbol *mut_target(const struct expr *e)
{
	const struct expr *a = e->a;

	if (e->kind != EX_ASSIGN && e->kind != EX_INCDEC &&
	    e->kind != EX_AGGREGATE)
		return NULL;
	if (!a || a->kind != EX_INDEX || !a->sym)
		return NULL;
	return a->sym->kind == SYM_GLOBAL ? a->sym : NULL;
}

static struct symbol *mut_deleted(const struct stmt *st)
{
	const struct expr *e = st->e;

	if (st->kind != ST_DELETE || !e || e->kind != EX_INDEX || !e->sym)
		return NULL;
	return e->sym->kind == SYM_GLOBAL ? e->sym : NULL;
}

/* ---- per-function summaries ---- */

static struct mut_fn *mut_fn_of(struct session *s, struct function *f);

static void mut_note_write(struct mut_ctx *cx, struct symbol *sym)
{
	struct mut_fn *m = cx->collect;

	mut_grow(cx->s, (void **)&m->writes, m->nwrites, &m->capw,
		 sizeof(*m->writes));
	m->writes[m->nwrites++] = sym;
}

static bool mut_collect_stmt(struct ast_walker *w, struct stmt *st)
{
	struct symbol *sym = mut_deleted(st);

	if (sym)
		mut_note_write(w->arg, sym);
	return true;
}

static void mut_collect_expr(struct ast_walker *w, struct expr **ep)
{
	struct mut_ctx *cx = w->arg;
	struct symbol *sym = mut_target(*ep);
	struct mut_fn *m = cx->collect;

	if (sym)
		mut_note_write(cx, sym);
	if ((*ep)->kind != EX_CALL || !(*ep)->fn)
		return;
	mut_grow(cx->s, (void **)&m->calls, m->ncalls, &m->capc,
		 sizeof(*m->calls));
	m->calls[m->ncalls++] = (*ep)->fn;
}

static struct mut_fn *mut_fn_of(struct session *s, struct function *f)
{
	struct elab_fn *x = elab_fn(s, f);
	struct mut_ctx cx = { .s = s };
	struct ast_walker w = { .stmt = mut_collect_stmt,
				.expr = mut_collect_expr, .arg = &cx };

	if (x->mut)
		return x->mut;
	x->mut = ARENA_NEW(s->arena, struct mut_fn);
	cx.collect = x->mut;
	if (f->body && f->body->kind != ST_EMBEDDED)
		ast_walk_stmt(&w, f->body);
	return x->mut;
}

/* Does f, or anything it calls, write an element of sym? */
static bool mut_fn_writes(struct session *s, struct function *f,
			  const struct symbol *sym, unsigned query)
{
	struct mut_fn *m = mut_fn_of(s, f);
	int i;

	if (m->mark == query)
		return false;
	m->mark = query;
	for (i = 0; i < m->nwrites; i++)
		if (m->writes[i] == sym)
			return true;
	for (i = 0; i < m->ncalls; i++)
		if (mut_fn_writes(s, m->calls[i], sym, query))
			return true;
	return false;
}

/* ---- the check ---- */

static void mut_write(struct mut_ctx *cx, struct symbol *sym,
		      const struct token *at)
{
	for (int i = cx->niter - 1; i >= 0; i--)
		if (cx->iter[i] == sym)
			diag(cx->s, S_FOREACH_MODIFIED, at, sym->name);
}

static void mut_call(struct mut_ctx *cx, const struct expr *e)
{
	for (int i = cx->niter - 1; i >= 0; i--)
		if (mut_fn_writes(cx->s, e->fn, cx->iter[i], ++cx->query))
			diag(cx->s, S_FOREACH_CALL_MODIFIES, e->tok,
			     cx->iter[i]->name);
}

static bool mut_check_stmt(struct ast_walker *w, struct stmt *st)
{
	struct mut_ctx *cx = w->arg;
	struct symbol *sym = mut_deleted(st);
	const struct expr *a = st->array;

	if (sym)
		mut_write(cx, sym, st->e->tok);
	if (st->kind != ST_FOREACH || !a || !a->sym)
		return true;
	if (st->limit)
		ast_walk_expr(w, &st->limit);
	mut_grow(cx->s, (void **)&cx->iter, cx->niter, &cx->capiter,
		 sizeof(*cx->iter));
	cx->iter[cx->niter++] = a->sym;
	ast_walk_stmt(w, st->body);
	cx->niter--;
	return false;
}

static void mut_check_expr(struct ast_walker *w, struct expr **ep)
{
	struct mut_ctx *cx = w->arg;
	struct symbol *sym;

	if (!cx->niter)
		return;
	sym = mut_target(*ep);
	if (sym)
		mut_write(cx, sym, (*ep)->a->tok);
	else if ((*ep)->kind == EX_CALL && (*ep)->fn)
		mut_call(cx, *ep);
}

static void mut_check_body(struct mut_ctx *cx, struct stmt *body)
{
	struct ast_walker w = { .stmt = mut_check_stmt,
				.expr = mut_check_expr, .arg = cx };

	if (body && body->kind != ST_EMBEDDED)
		ast_walk_stmt(&w, body);
}

void mut_check(struct session *s)
{
	struct elab *el = elab_state(s);
	struct mut_ctx cx = { .s = s };
	struct derived_probe *dp;

	for (dp = s->probes; dp; dp = dp->next)
		mut_check_body(&cx, dp->body);
	for (int i = 0; i < el->nfq; i++)
		mut_check_body(&cx, el->fq[i]->body);
}
