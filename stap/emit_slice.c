/* emit_slice.c - pass 3: array slices, keys with `*` wildcards:
 *   foreach ([a, b] in arr[1, *])   [*, "x"] in arr   delete arr[*, 2]
 *
 * A slice walks the whole array with a frame iterator and keeps the
 * entries whose fixed columns equal the slice's values; those values are
 * evaluated once, before the walk (strings copied into frame temporaries,
 * so the loop body cannot change them).
 *
 * Invariant: a walk that stops early releases its iterator
 * (stp_map_iter_end), so slices never exhaust the array's sort buffers.
 */
#include <string.h>

#include "diag.h"
#include "emit.h"

bool emit_has_wildcard(const struct expr *args)
{
	for (; args; args = args->next)
		if (args->kind == EX_WILDCARD)
			return true;
	return false;
}

/*
 * Inside a C block or ({ }): evaluate the fixed columns; names[i] is the
 * C expression holding column i, or NULL for `*`.  Returns the column
 * count.
 */
int emit_slice_fixed(struct emit *e, struct expr *args, const char **names)
{
	int i = 0, v, t;

	for (; args && i < MAX_ARRAY_KEYS; args = args->next, i++) {
		names[i] = NULL;
		if (args->kind == EX_WILDCARD)
			continue;
		v = emit_new_uniq(e);
		if (args->type == TY_STRING) {
			t = emit_frame_str_temp(e);
			emit_str(e, " const char *_v%d = ", v);
			emit_expr(e, args);
			emit_str(e, "; stp_str_copy(L->t%d, _v%d);", t, v);
			names[i] = arena_printf(e->s->arena, "L->t%d", t);
		} else {
			emit_str(e, " int64_t _v%d = ", v);
			emit_expr(e, args);
			emit_str(e, ";");
			names[i] = arena_printf(e->s->arena, "_v%d", v);
		}
	}
	return i;
}

/* The C condition "the iterator's entry matches the fixed columns". */
void emit_slice_match(struct emit *e, struct expr *args, const char **names,
		      int n, int it)
{
	bool any = false;
	int i;

	for (i = 0; i < n && args; i++, args = args->next) {
		if (!names[i])
			continue;
		emit_str(e, "%s", any ? " && " : "");
		if (args->type == TY_STRING)
			emit_str(e, "stp_str_cmp(stp_map_iter_key_str(&L->it%d, %d), "
				 "%s) == 0", it, i, names[i]);
		else
			emit_str(e, "stp_map_iter_key_long(&L->it%d, %d) == %s", it,
				 i, names[i]);
		any = true;
	}
	if (!any)
		emit_str(e, "1");
}

/* if (stp_map_iter_begin(&L->it<n>, &g, unsorted)) goto <errlabel>; */
static void emit_slice_walk(struct emit *e, const struct emit_global *g,
			    int it)
{
	emit_str(e, " int _r%d;", it);
	if (g->is_stat)
		emit_str(e, " stp_plock_all(&%s);", g->plock);
	emit_str(e, " _r%d = stp_map_iter_begin(&L->it%d, &%s, 0, 1, "
		 "STP_STAT_COUNT, -1, &c->err);", it, it, g->cname);
	if (g->is_stat)
		emit_str(e, " stp_punlock_all(&%s);", g->plock);
	emit_str(e, " if (_r%d) goto %s;", it, e->errlabel);
}

/* [k1, *] in a: is there an entry matching the fixed columns? */
void emit_slice_in(struct emit *e, struct expr *x, const struct emit_global *g)
{
	const char *names[MAX_ARRAY_KEYS];
	int n, it = emit_frame_iter(e), f = emit_new_uniq(e);

	emit_str(e, "({");
	n = emit_slice_fixed(e, x->args, names);
	emit_slice_walk(e, g, it);
	emit_str(e, " bool _v%d = false; while (stp_map_iter_next(&L->it%d)) "
		 "if (", f, it);
	emit_slice_match(e, x->args, names, n, it);
	emit_str(e, ") { _v%d = true; break; } stp_map_iter_end(&L->it%d);"
		 " (int64_t)_v%d; })", f, it, f);
}

/* The current entry's keys as `union stp_key _k<k>[]`. */
static void emit_slice_cur_keys(struct emit *e, const struct emit_global *g,
				int it, int k)
{
	int i;

	emit_str(e, " union stp_key _k%d[%d];", k, g->sym->arity);
	for (i = 0; i < g->sym->arity; i++)
		emit_str(e, " _k%d[%d].%c = stp_map_iter_key_%s(&L->it%d, %d);",
			 k, i, g->sym->keys[i] == TY_STRING ? 's' : 'l',
			 g->sym->keys[i] == TY_STRING ? "str" : "long", it, i);
}

/* delete a[*, k]: delete every matching entry (a statement). */
void emit_slice_delete(struct emit *e, struct expr *x,
		       const struct emit_global *g)
{
	const char *names[MAX_ARRAY_KEYS];
	int n, i, it = emit_frame_iter(e), k = emit_new_uniq(e);

	for (i = 0; i < e->indent; i++)
		fputc('\t', e->out);
	emit_str(e, "{");
	n = emit_slice_fixed(e, x->args, names);
	emit_slice_walk(e, g, it);
	emit_str(e, " while (stp_map_iter_next(&L->it%d)) { if (!(", it);
	emit_slice_match(e, x->args, names, n, it);
	emit_str(e, ")) continue;");
	emit_slice_cur_keys(e, g, it, k);
	if (g->is_stat)
		emit_str(e, " stp_plock_all(&%s);", g->plock);
	emit_str(e, " stp_map_delete(&%s, _k%d);", g->cname, k);
	if (g->is_stat)
		emit_str(e, " stp_punlock_all(&%s);", g->plock);
	emit_str(e, " } }\n");
}
