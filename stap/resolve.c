/* resolve.c - symbol and call resolution (pass 2).
 *
 * Walks every derived probe body, then every function reachable from them
 * (a worklist), binding EX_SYMBOL / EX_INDEX to a symbol and EX_CALL to a
 * function.  A name is, in order: a local or parameter of the enclosing
 * probe or function, a visible global (script, or tapset: private ones
 * only from their own file), a global some tapset file defines (that file
 * is then loaded), and otherwise a new local.  Arrays must be global.
 * Calls pick the first visible function of that name and arity, loading
 * tapset files on demand.  Array arities are inferred here.
 *
 * Invariant: symbols are created only by res_new_symbol, as elab_sym, and
 * every node resolved belongs to exactly one probe or function (bodies
 * were cloned per derived probe by probes.c).
 */
#include <stdlib.h>
#include <string.h>

#include "probes.h"
#include "tvars.h"

struct res_ctx {
	struct session *s;
	struct stapfile *file;		/* for private visibility */
	struct symbol **locals;		/* list head of the scope's locals */
	struct symbol *params;
	struct function *fn;		/* NULL in a probe */
	struct derived_probe *dp;
	int loops;
};

/* Use flags while walking. */
#define RU_READ		0x1
#define RU_WRITE	0x2
#define RU_ARRAY	0x4		/* whole-array context: arity unknown */

struct symbol *res_new_symbol(struct session *s, const char *name,
			      enum sym_kind kind, struct token *tok)
{
	struct elab_sym *es = ARENA_NEW(s->arena, struct elab_sym);

	es->sym.name = name;
	es->sym.kind = kind;
	es->sym.tok = tok;
	es->sym.arity = -1;
	es->sym.cname = name;
	return &es->sym;
}

/* ---- cloning ---- */

static struct target_comp *res_clone_comps(struct session *s,
					   const struct target_comp *c)
{
	struct target_comp *n;

	if (!c)
		return NULL;
	n = ARENA_NEW(s->arena, struct target_comp);
	*n = *c;
	n->index = res_clone_expr(s, c->index);
	n->next = res_clone_comps(s, c->next);
	return n;
}

struct expr *res_clone_expr(struct session *s, const struct expr *e)
{
	struct expr *n;

	if (!e)
		return NULL;
	n = ARENA_NEW(s->arena, struct expr);
	*n = *e;
	n->a = res_clone_expr(s, e->a);
	n->b = res_clone_expr(s, e->b);
	n->c = res_clone_expr(s, e->c);
	n->args = res_clone_expr(s, e->args);
	n->comps = res_clone_comps(s, e->comps);
	n->next = res_clone_expr(s, e->next);
	return n;
}

struct stmt *res_clone_stmt(struct session *s, const struct stmt *st)
{
	struct stmt *n;

	if (!st)
		return NULL;
	n = ARENA_NEW(s->arena, struct stmt);
	*n = *st;
	n->e = res_clone_expr(s, st->e);
	n->init = res_clone_expr(s, st->init);
	n->step = res_clone_expr(s, st->step);
	n->body = res_clone_stmt(s, st->body);
	n->alt = res_clone_stmt(s, st->alt);
	n->stmts = res_clone_stmt(s, st->stmts);
	n->next = res_clone_stmt(s, st->next);
	n->keys = res_clone_expr(s, st->keys);
	n->value = res_clone_expr(s, st->value);
	n->array = res_clone_expr(s, st->array);
	n->limit = res_clone_expr(s, st->limit);
	n->catch_var = res_clone_expr(s, st->catch_var);
	return n;
}

/* ---- notes ---- */

/* "identifier 'f' at FILE:L:C\n        source: LINE\n   ^", the shape
 * diag() gives a token, for messages that carry two locations. */
static const char *res_loc_text(struct session *s, const struct token *tok)
{
	const char *desc = diag_tok_desc(s, tok);
	const char *src = diag_source_excerpt(s, "        source: ", &tok->loc);

	return src ? arena_printf(s->arena, "%s\n%s", desc, src) : desc;
}

/* ---- lookup ---- */

static struct symbol *res_find_list(struct symbol *l, const char *name)
{
	for (; l; l = l->next)
		if (l->name == name)
			return l;
	return NULL;
}

static struct elab_sym *res_find_global(struct res_ctx *cx, const char *name)
{
	struct elab_map_ent *e;
	int tries;

	for (tries = 0; tries < 2; tries++) {
		e = elab_map_get(&elab_state(cx->s)->globals, name);
		for (; e && e->key == name; e = e->next) {
			struct elab_sym *es = e->val;

			if (!es->file || es->file == cx->file)
				return es;
		}
		if (tries == 0 && !tapset_need_global(cx->s, name))
			break;
	}
	return NULL;
}

static void res_add_local(struct res_ctx *cx, struct symbol *sym)
{
	struct symbol **pp = cx->locals;

	while (*pp)
		pp = &(*pp)->next;
	*pp = sym;
}

/* Record arity n at tok, reporting a conflict with an earlier one. */
static void res_arity(struct res_ctx *cx, struct symbol *sym, int n,
		      struct token *tok)
{
	struct elab_sym *es = (struct elab_sym *)sym;

	if (n > MAX_ARRAY_KEYS) {
		diag(cx->s, S_TOO_MANY_KEYS, tok, MAX_ARRAY_KEYS);
		return;
	}
	if (sym->arity < 0) {
		sym->arity = n;
		es->arity_tok = tok;
		return;
	}
	if (sym->arity == n)
		return;
	diag(cx->s, S_ARITY_MISMATCH, tok, sym->arity, n);
	diag(cx->s, S_ARITY_FIRST, es->arity_tok ? es->arity_tok : sym->tok,
	     sym->arity);
}

static void res_mark(struct symbol *sym, unsigned use)
{
	if (use & RU_READ)
		sym->read = true;
	if (use & RU_WRITE)
		sym->written = true;
}

/* A variable reference (scalar when nkeys == 0 and not RU_ARRAY). */
static struct symbol *res_var(struct res_ctx *cx, struct expr *e, int nkeys,
			      unsigned use)
{
	struct symbol *sym = res_find_list(cx->params, e->name);
	struct elab_sym *g;

	if (!sym)
		sym = res_find_list(*cx->locals, e->name);
	if (!sym && (g = res_find_global(cx, e->name)))
		sym = &g->sym;
	if (sym && sym->kind != SYM_GLOBAL && (nkeys || (use & RU_ARRAY)))
		sym = NULL;
	if (!sym && (nkeys || (use & RU_ARRAY))) {
		diag(cx->s, S_UNRESOLVED_ARRAY, e->tok, nkeys, e->name);
		return NULL;
	}
	if (!sym) {
		sym = res_new_symbol(cx->s, e->name, SYM_LOCAL, e->tok);
		res_add_local(cx, sym);
	}
	if (!(use & RU_ARRAY) || nkeys)
		res_arity(cx, sym, nkeys, e->tok);
	res_mark(sym, use);
	e->sym = sym;
	return sym;
}

/* ---- functions ---- */

static bool res_visible_fn(struct res_ctx *cx, struct function *f)
{
	return !f->priv || f->file == cx->file;
}

static void res_queue(struct session *s, struct function *f)
{
	struct elab *el = elab_state(s);

	if (f->used)
		return;
	f->used = true;
	if (el->nfq == el->capfq) {
		struct function **n;

		el->capfq = el->capfq ? 2 * el->capfq : 32;
		n = arena_alloc(s->arena, (size_t)el->capfq * sizeof(*n));
		if (el->nfq)
			memcpy(n, el->fq, (size_t)el->nfq * sizeof(*n));
		el->fq = n;
	}
	el->fq[el->nfq++] = f;
}

static bool res_privileged(struct res_ctx *cx)
{
	return cx->s->guru || (cx->file && cx->file->privileged);
}

static const char *res_fn_similar(struct res_ctx *cx, const char *name)
{
	struct elab *el = elab_state(cx->s);
	struct strlist c = { 0 };
	const char **tn, *out;
	int i, n = tapset_function_names(cx->s, &tn);

	/* Internal helpers (leading '_') are never suggested. */
	for (i = 0; i < el->functions.cap; i++)
		for (struct elab_map_ent *e = el->functions.slots[i]; e;
		     e = e->next)
			if (((const char *)e->key)[0] != '_')
				strlist_add(cx->s, &c, e->key);
	for (i = 0; i < n; i++)
		if (tn[i][0] != '_')
			strlist_add(cx->s, &c, tn[i]);
	out = elab_similar(cx->s, name, c.v, c.n);
	return out;
}

static void res_call(struct res_ctx *cx, struct expr *e, int nargs)
{
	struct elab_map_ent *ent;
	struct function *any = NULL;
	int tries;

	for (tries = 0; tries < 2; tries++) {
		ent = elab_map_get(&elab_state(cx->s)->functions, e->name);
		for (; ent && ent->key == e->name; ent = ent->next) {
			struct function *f = ent->val;

			if (!res_visible_fn(cx, f))
				continue;
			if (f->nparams == nargs) {
				e->fn = f;
				if ((f->pragmas & PRAGMA_GURU) &&
				    !res_privileged(cx))
					diag(cx->s, S_GURU_FUNCTION, e->tok,
					     e->name);
				res_queue(cx->s, f);
				return;
			}
			any = any ? any : f;
		}
		if (tries == 0 && !tapset_need_function(cx->s, e->name))
			break;
	}
	if (any) {
		const char *at = res_loc_text(cx->s, e->tok);

		diag(cx->s, S_FN_ARITY, NULL, e->name, any->nparams,
		     arena_printf(cx->s->arena, "%s\n%s", at,
				  res_loc_text(cx->s, any->tok)));
		return;
	}
	diag(cx->s, S_UNRESOLVED_FN, e->tok, e->name,
	     res_fn_similar(cx, e->name));
}

/* ---- walking ---- */

static bool res_has_wildcard(const struct expr *k)
{
	for (; k; k = k->next)
		if (k->kind == EX_WILDCARD)
			return true;
	return false;
}

/* The left side of an assignment must name storage. */
static void res_lvalue(struct res_ctx *cx, const struct expr *e)
{
	const char *op, *lhs;

	switch (e->a->kind) {
	case EX_SYMBOL: case EX_INDEX: case EX_TARGET: case EX_CAST:
	case EX_ATVAR:
		return;
	default:
		if (elab_state(cx->s)->lvalue_reported++)
			return;		/* SystemTap stops at the first */
		op = res_loc_text(cx->s, e->tok);	/* names the file */
		lhs = res_loc_text(cx->s, e->a->tok);
		diag(cx->s, S_NOT_LVALUE, NULL,
		     arena_printf(cx->s->arena, "%s\n%s", op, lhs));
	}
}

static void res_expr(struct res_ctx *cx, struct expr *e, unsigned use);
static void res_stmt(struct res_ctx *cx, struct stmt *st);

static int res_list(struct res_ctx *cx, struct expr *e, unsigned use)
{
	int n = 0;

	for (; e; e = e->next, n++)
		if (e->kind != EX_WILDCARD)
			res_expr(cx, e, use);
	return n;
}

/* An array operand: a whole array (EX_SYMBOL) or a slice (EX_INDEX). */
static void res_array(struct res_ctx *cx, struct expr *a, int nkeys,
		      unsigned use)
{
	if (!a)
		return;
	if (a->kind == EX_INDEX) {
		res_list(cx, a->args, RU_READ);
		res_var(cx, a, nkeys, use | RU_ARRAY);
		return;
	}
	if (a->kind == EX_SYMBOL)
		res_var(cx, a, nkeys, use | RU_ARRAY);
	else
		res_expr(cx, a, RU_READ);
}

static void res_special(struct res_ctx *cx, struct expr *e)
{
	switch (e->kind) {
	case EX_TARGET:
		return;		/* reported by types.c if it survives */
	case EX_DEFINED:
		/* No target variables exist yet, so only non-$ is defined. */
		if (e->a && e->a->kind != EX_TARGET && e->a->kind != EX_CAST &&
		    e->a->kind != EX_ATVAR && e->a->kind != EX_ENTRY)
			res_expr(cx, e->a, RU_READ);
		e->num = !(e->a && (e->a->kind == EX_TARGET ||
				    e->a->kind == EX_CAST ||
				    e->a->kind == EX_ATVAR ||
				    e->a->kind == EX_ENTRY));
		e->kind = EX_NUMBER;
		e->a = NULL;
		return;
	case EX_CAST:
		diag(cx->s, S_NOT_SUPPORTED, e->tok, "@cast");
		return;
	case EX_ATVAR:
		diag(cx->s, S_NOT_SUPPORTED, e->tok, "@var");
		return;
	case EX_ENTRY:		/* its operand, evaluated at the entry */
		res_expr(cx, e->a, RU_READ);
		return;
	case EX_EMBEDDED:
		if (!res_privileged(cx))
			diag(cx->s, S_EMBEDDED_GURU, e->tok);
		return;
	case EX_REGOP:	/* no probe context of ours gives them a meaning */
		diag(cx->s, S_INVALID_OP, e->tok);
		return;
	case EX_ATOP:
		diag(cx->s, S_NOT_SUPPORTED, e->tok, e->name);
		return;
	default:
		return;
	}
}

static void res_expr(struct res_ctx *cx, struct expr *e, unsigned use)
{
	if (!e)
		return;
	switch (e->kind) {
	case EX_NUMBER:
	case EX_STRING:
	case EX_WILDCARD:
		return;
	case EX_SYMBOL:
		res_var(cx, e, 0, use ? use : RU_READ);
		return;
	case EX_INDEX:
		if (res_has_wildcard(e->args)) {	/* only slices */
			diag(cx->s, S_WILDCARD_INDEX, e->tok);
			res_list(cx, e->args, RU_READ);
			return;
		}
		res_var(cx, e, res_list(cx, e->args, RU_READ),
			use ? use : RU_READ);
		return;
	case EX_CALL:
		res_call(cx, e, res_list(cx, e->args, RU_READ));
		return;
	case EX_PRINT:
		res_list(cx, e->args, RU_READ);
		return;
	case EX_ASSIGN:
		res_lvalue(cx, e);
		res_expr(cx, e->b, RU_READ);
		res_expr(cx, e->a, e->op == OP_ASSIGN ? RU_WRITE
						      : RU_WRITE | RU_READ);
		return;
	case EX_INCDEC:
		res_expr(cx, e->a, RU_READ | RU_WRITE);
		return;
	case EX_AGGREGATE:
		res_lvalue(cx, e);
		res_expr(cx, e->b, RU_READ);
		res_expr(cx, e->a, RU_WRITE);
		return;
	case EX_IN:
		if (e->a && e->a->kind == EX_STAT) {	/* [b] in @hist_log(s) */
			diag(cx->s, S_NOT_SUPPORTED, e->a->tok,
			     "'in' on a histogram");
			return;
		}
		res_array(cx, e->a, res_list(cx, e->args, RU_READ), RU_READ);
		return;
	case EX_STAT:
		res_expr(cx, e->a, RU_READ);
		res_list(cx, e->args, RU_READ);
		return;
	case EX_TARGET:
	case EX_DEFINED:
	case EX_CAST:
	case EX_ATVAR:
	case EX_ENTRY:
	case EX_EMBEDDED:
	case EX_REGOP:
	case EX_ATOP:
		res_special(cx, e);
		return;
	default:
		res_expr(cx, e->a, RU_READ);
		res_expr(cx, e->b, RU_READ);
		res_expr(cx, e->c, RU_READ);
		res_list(cx, e->args, RU_READ);
		return;
	}
}

static void res_foreach(struct res_ctx *cx, struct stmt *st)
{
	struct expr *k;
	int n = 0;

	for (k = st->keys; k; k = k->next)
		n++;
	if (st->array && st->array->kind == EX_STAT) {
		diag(cx->s, S_NOT_SUPPORTED, st->array->tok,
		     "foreach over a histogram");
		return;
	}
	res_array(cx, st->array, n, RU_READ);
	for (k = st->keys; k; k = k->next)
		res_expr(cx, k, RU_WRITE);
	if (st->value)
		res_expr(cx, st->value, RU_WRITE);
	res_expr(cx, st->limit, RU_READ);
	cx->loops++;
	res_stmt(cx, st->body);
	cx->loops--;
}

/* delete x: a global (array, statistic or scalar) or a local already
 * seen, which it resets; not a parameter, not a new name. */
static void res_delete_var(struct res_ctx *cx, struct expr *e)
{
	if (res_find_list(*cx->locals, e->name)) {
		res_var(cx, e, 0, RU_WRITE);
		return;
	}
	if (res_find_list(cx->params, e->name) ||
	    !res_find_global(cx, e->name)) {
		diag(cx->s, S_DELETE_UNRESOLVED, e->tok);
		return;
	}
	res_array(cx, e, 0, RU_WRITE);
}

static void res_stmt_one(struct res_ctx *cx, struct stmt *st)
{
	switch (st->kind) {
	case ST_BLOCK:
		res_stmt(cx, st->stmts);
		return;
	case ST_FOREACH:
		res_foreach(cx, st);
		return;
	case ST_WHILE:
	case ST_DO:
	case ST_FOR:
		res_expr(cx, st->init, RU_READ);
		res_expr(cx, st->e, RU_READ);
		res_expr(cx, st->step, RU_READ);
		cx->loops++;
		res_stmt(cx, st->body);
		cx->loops--;
		return;
	case ST_DELETE:
		if (st->e && st->e->kind == EX_SYMBOL)
			res_delete_var(cx, st->e);
		else if (st->e && st->e->kind == EX_INDEX)	/* may slice */
			res_var(cx, st->e, res_list(cx, st->e->args, RU_READ),
				RU_WRITE);
		else
			res_expr(cx, st->e, RU_WRITE);
		return;
	case ST_TRY:
		res_stmt(cx, st->body);
		if (st->catch_var)
			res_expr(cx, st->catch_var, RU_WRITE);
		res_stmt(cx, st->alt);
		return;
	case ST_RETURN:
		if (!cx->fn)
			diag(cx->s, S_RETURN_OUTSIDE, st->tok);
		res_expr(cx, st->e, RU_READ);
		return;
	case ST_EMBEDDED:
		if (!res_privileged(cx))
			diag(cx->s, S_EMBEDDED_GURU, st->tok);
		return;
	default:
		res_expr(cx, st->e, RU_READ);
		res_stmt(cx, st->body);
		res_stmt(cx, st->alt);
		return;
	}
}

static void res_stmt(struct res_ctx *cx, struct stmt *st)
{
	for (; st; st = st->next)
		res_stmt_one(cx, st);
}

/* ---- never-assigned locals ---- */

static void res_check_locals(struct res_ctx *cx)
{
	struct strlist names = { 0 };
	struct symbol *l, *o;
	struct elab *el = elab_state(cx->s);
	int i;

	for (l = *cx->locals; l; l = l->next) {
		if (l->written || !l->read)
			continue;
		names.n = 0;
		for (o = *cx->locals; o; o = o->next)
			if (o != l)
				strlist_add(cx->s, &names, o->name);
		for (i = 0; i < el->globals.cap; i++)
			for (struct elab_map_ent *e = el->globals.slots[i]; e;
			     e = e->next)
				if (((struct elab_sym *)e->val)->sym.read ||
				    ((struct elab_sym *)e->val)->sym.written)
					strlist_add(cx->s, &names, e->key);
		diag(cx->s, W_NEVER_ASSIGNED, l->tok, l->name,
		     elab_similar(cx->s, l->name, names.v, names.n));
	}
}

/* ---- entry ---- */

static void res_function(struct session *s, struct function *f)
{
	struct res_ctx cx = { .s = s, .file = f->file, .fn = f };
	struct symbol **tail = &f->param_syms;
	struct param *p;

	for (p = f->params; p; p = p->next) {
		struct symbol *sym = res_new_symbol(s, p->name, SYM_PARAM,
						    p->tok);

		sym->type = p->decl_type;
		sym->arity = 0;
		if (p->decl_type)
			((struct elab_sym *)sym)->type_tok = p->tok;
		sym->written = true;
		*tail = sym;
		tail = &sym->next;
	}
	if (f->decl_type)
		elab_fn(s, f)->type_tok = f->tok;
	cx.params = f->param_syms;
	cx.locals = &f->locals;
	tv_function(s, f);
	res_stmt(&cx, f->body);
	res_check_locals(&cx);
}

static void res_probe(struct session *s, struct derived_probe *dp)
{
	struct res_ctx cx = { .s = s, .dp = dp };

	cx.file = dp->probe ? dp->probe->file : NULL;
	cx.locals = &dp->locals;
	res_expr(&cx, dp->cond, RU_READ);
	res_stmt(&cx, dp->body);
	res_check_locals(&cx);
}

/* Resolve what is new since the last call: probes, then the functions
 * they (transitively) call. */
void res_pass(struct session *s)
{
	struct elab *el = elab_state(s);
	struct derived_probe *dp;

	for (dp = s->probes; dp; dp = dp->next) {
		struct elab_probe *ep = (struct elab_probe *)dp;

		if (ep->resolved)
			continue;
		ep->resolved = true;
		res_probe(s, dp);
	}
	for (; el->fq_done < el->nfq; el->fq_done++)
		res_function(s, el->fq[el->fq_done]);
}

/* Script globals read but never written nor initialised. */
void res_check_globals(struct session *s)
{
	struct elab *el = elab_state(s);
	struct strlist names = { 0 };
	struct stapfile *f = s->user_files ? s->user_files : s->user_file;
	struct vardecl *v;

	for (; f; f = f->next)
		for (v = f->globals; v; v = v->next)
			if (v->sym && (v->sym->read || v->sym->written))
				strlist_add(s, &names, v->name);
	f = s->user_files ? s->user_files : s->user_file;
	for (; f; f = f->next)
		for (v = f->globals; v; v = v->next)
			if (v->wrap && v->sym && v->sym->arity == 0)
				diag(s, S_WRAP_SCALAR, v->tok);
	f = s->user_files ? s->user_files : s->user_file;
	for (; f; f = f->next)
		for (v = f->globals; v; v = v->next)
			if (v->sym && v->sym->read && !v->sym->written &&
			    !v->init)
				diag(s, W_NEVER_ASSIGNED_GLOBAL, v->tok, v->name,
				     elab_similar(s, v->name, names.v,
						  names.n));
	(void)el;
}

/* Resolve one extra probe (the automatic end probe of elide.c). */
void res_one_probe(struct session *s, struct derived_probe *dp)
{
	res_probe(s, dp);
}

void res_use_function(struct session *s, struct function *f)
{
	res_queue(s, f);
}
