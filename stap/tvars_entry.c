/* tvars_entry.c - pass 2: @entry(expr) in .return probes.
 *
 * An @entry(E) value is computed when the probed function is entered and
 * read when it returns.  After resolution, before elision (which would
 * hoist E's stable calls into the return side), types are inferred once
 * for E's sake and each .return probe with @entry nodes gets an entry
 * part: a sibling
 * derived probe the family runs at the entry (for kretprobes, their
 * entry_handler), whose body stores each E into a slot of the return
 * instance's data; every @entry node becomes a call reading its slot.
 * The slots are 8 bytes for a long and MAXSTRINGLEN for a string; their
 * offsets are C expressions, since MAXSTRINGLEN is a -D knob.
 */
#include <string.h>

#include "probes.h"
#include "tvars.h"

struct te_slots {
	struct expr **v[64];		/* the @entry nodes, in body order */
	int n;
	bool overflow;
};

static void te_collect(struct ast_walker *w, struct expr **ep)
{
	struct te_slots *sl = w->arg;

	if ((*ep)->kind != EX_ENTRY)
		return;
	if (sl->n == 64) {
		sl->overflow = true;
		return;
	}
	sl->v[sl->n++] = ep;
}

/* "(8 * L + MAXSTRINGLEN * S)" for L longs and S strings before. */
static const char *te_offset(struct session *s, int longs, int strs)
{
	return arena_printf(s->arena, "(8 * %d + MAXSTRINGLEN * %d)", longs,
			    strs);
}

static struct function *te_fn(struct session *s, const struct token *tok,
			      const char *name, enum ty type, bool param,
			      enum ty ptype, const char *code)
{
	struct function *fn = ARENA_NEW(s->arena, struct function);

	fn->name = intern_s(s->names, name);
	fn->tok = (struct token *)tok;
	fn->decl_type = type;
	if (param) {
		fn->params = ARENA_NEW(s->arena, struct param);
		fn->params->name = intern_s(s->names, "value");
		fn->params->tok = (struct token *)tok;
		fn->params->decl_type = ptype;
		fn->nparams = 1;
	}
	fn->body = ast_stmt(s, ST_EMBEDDED, (struct token *)tok);
	fn->body->code = code;
	elab_register_function(s, tv_file(s), fn);
	res_use_function(s, fn);
	return fn;
}

static struct expr *te_call(struct session *s, struct function *fn,
			    const struct token *tok, struct expr *arg)
{
	struct expr *c = ast_expr(s, EX_CALL, (struct token *)tok);

	c->name = fn->name;
	c->fn = fn;
	c->type = fn->type;
	c->args = arg;
	if (arg)
		arg->next = NULL;
	return c;
}

static struct stmt *te_stmt(struct session *s, struct expr *e)
{
	struct stmt *st = ast_stmt(s, ST_EXPR, e->tok);

	st->e = e;
	return st;
}

/* Slot k: the setter (entry part) and getter (return part) code. */
static void te_slot_code(struct session *s, enum ty t, const char *off,
			 const char **set, const char **get)
{
	const char *at = arena_printf(s->arena,
		"((char *)CONTEXT->ri->data + %s)", off);

	if (t == TY_STRING) {
		*set = arena_printf(s->arena,
			"if (CONTEXT->ri) stp_str_copy(%s, STAP_ARG_value);", at);
		*get = arena_printf(s->arena,
			"if (CONTEXT->ri) stp_str_copy(STAP_RETVALUE, %s); else STAP_RETVALUE[0] = '\\0';",
			at);
	} else {
		*set = arena_printf(s->arena,
			"if (CONTEXT->ri) memcpy(%s, &STAP_ARG_value, 8);", at);
		*get = arena_printf(s->arena,
			"STAP_RETVALUE = 0; if (CONTEXT->ri) memcpy(&STAP_RETVALUE, %s, 8);",
			at);
	}
}

/* Build the entry part of dp for its @entry nodes. */
static void te_split(struct session *s, struct derived_probe *dp,
		     struct te_slots *sl, int serial)
{
	struct stmt *body = ast_stmt(s, ST_BLOCK, dp->probe ? dp->probe->tok
							    : NULL);
	struct stmt **tail = &body->stmts;
	struct derived_probe *ent;
	int k, longs = 0, strs = 0;

	for (k = 0; k < sl->n; k++) {
		struct expr *node = *sl->v[k], *val = node->a;
		enum ty t = val->type == TY_STRING ? TY_STRING : TY_LONG;
		const char *set, *get;
		struct function *fs, *fg;

		te_slot_code(s, t, te_offset(s, longs, strs), &set, &get);
		fs = te_fn(s, node->tok, arena_printf(s->arena,
			"_entry_set_%d_%d", serial, k), TY_LONG, true, t, set);
		fg = te_fn(s, node->tok, arena_printf(s->arena,
			"_entry_get_%d_%d", serial, k), t, false, TY_UNKNOWN, get);
		*tail = te_stmt(s, te_call(s, fs, node->tok, val));
		tail = &(*tail)->next;
		*sl->v[k] = te_call(s, fg, node->tok, NULL);
		(*sl->v[k])->next = node->next;
		longs += t == TY_LONG;
		strs += t == TY_STRING;
	}
	ent = dp->family->entry_part(s, dp, body, te_offset(s, longs, strs));
	(void)ent;		/* resolved with the accessors by res_pass */
}

static bool te_any(struct session *s)
{
	struct derived_probe *dp;

	for (dp = s->probes; dp; dp = dp->next) {
		struct te_slots sl = { .n = 0 };
		struct ast_walker w = { .expr = te_collect, .arg = &sl };

		ast_walk_stmt(&w, dp->body);
		if (sl.n)
			return true;
	}
	return false;
}

void tv_entry_pass(struct session *s)
{
	struct derived_probe *dp, *last = s->probes;
	int serial = 0;

	if (!te_any(s))
		return;
	ty_pass(s);		/* E's types; inferred again after elision */
	if (diag_pass_errors(s))
		return;
	while (last && last->next)
		last = last->next;
	for (dp = s->probes; dp; dp = dp == last ? NULL : dp->next) {
		struct te_slots sl = { .n = 0 };
		struct ast_walker w = { .expr = te_collect, .arg = &sl };

		ast_walk_stmt(&w, dp->body);
		if (!sl.n)
			continue;
		if (sl.overflow || !dp->family->entry_part) {
			diag(s, S_DW_ERROR, (*sl.v[0])->tok, sl.overflow ?
			     "too many @entry expressions in one probe (64 at most)" :
			     "@entry is only valid in .return probes");
			continue;
		}
		te_split(s, dp, &sl, serial++);
	}
	res_pass(s);
}
