/* probe_dwarf_stmt.c - kernel.statement probes (pass 2).
 *
 * kernel.statement("FUNC@FILE:LINES") probes the first address the line
 * table gives each wanted line inside each matching function (LINES: N,
 * A-B, a comma list, ":*" for every line, "+N" from the declaration
 * line); .nearest moves a line without code to the next one that has
 * some.  kernel.statement(ADDRESS) probes an address inside a function
 * of the debuginfo; .absolute (guru mode) a run-time address as is.
 * Points print as SystemTap prints them:
 * kernel.statement("ksys_read@fs/read_write.c:605").
 */
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "probe_dwarf.h"
#include "probes.h"

struct stmt_cx {
	struct session *s;
	struct probe_match *m;
	struct dwx *x;
	const char *module;
	int argc;
	struct dw_file *f;
	const struct dwarf_spec *spec;
	bool nearest;
	int made;
	uint64_t cu;			/* the line table cached below */
	struct dw_line *rows;
	int nrows;
};

/* The first is_stmt address of each line of fn's file in fn's range,
 * by line: v[line - lo] (0: no code). */
struct stmt_lines {
	uint64_t *addr;
	long lo, hi;
};

static bool stmt_same_file(const char *a, const char *b)
{
	return a && b && (a == b || !strcmp(a, b));
}

static bool stmt_row_of(const struct dw_line *r, const struct dw_func *fn)
{
	return r->addr >= fn->low && r->addr < fn->high &&
	       stmt_same_file(r->file, fn->decl_file);
}

static bool stmt_taken(const struct stmt_lines *ls, long upto, uint64_t a)
{
	long k;

	for (k = 0; k < upto; k++)
		if (ls->addr[k] == a)
			return true;
	return false;
}

/* The address of line l: its lowest statement start not taken by an
 * earlier line (0 if all are: the line shares its code), or, for a line
 * without statement starts, its lowest free address. */
static uint64_t stmt_pick(const struct stmt_cx *cx, const struct dw_func *fn,
			  const struct stmt_lines *ls, long l)
{
	uint64_t best = 0, other = 0;
	bool any_stmt = false;
	int i;

	for (i = 0; i < cx->nrows; i++) {
		const struct dw_line *r = &cx->rows[i];

		if (r->line != l || !stmt_row_of(r, fn))
			continue;
		any_stmt |= r->is_stmt;
		if (stmt_taken(ls, l - ls->lo, r->addr))
			continue;
		if (r->is_stmt && (!best || r->addr < best))
			best = r->addr;
		if (!r->is_stmt && (!other || r->addr < other))
			other = r->addr;
	}
	return any_stmt ? best : other;
}

static void stmt_lines_of(struct stmt_cx *cx, const struct dw_func *fn,
			  struct stmt_lines *out)
{
	long l;
	int i;

	if (cx->cu != fn->cu) {
		cx->cu = fn->cu;
		cx->nrows = dw_lines(cx->f, fn->cu, &cx->rows);
	}
	out->lo = fn->decl_line;
	out->hi = fn->decl_line;
	for (i = 0; i < cx->nrows; i++)
		if (stmt_row_of(&cx->rows[i], fn) && cx->rows[i].line > out->hi)
			out->hi = cx->rows[i].line;
	out->addr = arena_alloc(cx->s->arena,
				(size_t)(out->hi - out->lo + 1) * sizeof(uint64_t));
	for (l = out->lo; l <= out->hi; l++)
		out->addr[l - out->lo] = stmt_pick(cx, fn, out, l);
}

static void stmt_add(struct stmt_cx *cx, const struct dw_func *fn, long line,
		     long shown, uint64_t pc)
{
	struct session *s = cx->s;
	struct dwarf_probe *d = ARENA_NEW(s->arena, struct dwarf_probe);
	struct probe_point *pt;

	d->func = fn->name;
	d->fn = *fn;
	d->pc = pc;
	d->x = cx->x;
	d->line = (int)line;
	dwarf_place(cx->x, cx->module, d);
	pt = probes_point_set_str(s, cx->m->tmpl->point, cx->argc,
		arena_printf(s->arena, "%s@%s:%ld", fn->name, fn->decl_file,
			     shown));
	cx->made++;
	probes_add(s, cx->m, pt, d);
}

/* Line `want` of fn (or with .nearest the next line with code). */
static void stmt_line(struct stmt_cx *cx, const struct dw_func *fn,
		      const struct stmt_lines *ls, long want)
{
	long l;

	if (want < ls->lo || want > ls->hi)
		return;
	for (l = want; l <= ls->hi; l++) {
		if (ls->addr[l - ls->lo]) {
			stmt_add(cx, fn, l, cx->nearest ? want : l,
				 ls->addr[l - ls->lo]);
			return;
		}
		if (!cx->nearest)
			return;
	}
}

static int stmt_one(void *arg, const struct dw_func *fn)
{
	struct stmt_cx *cx = arg;
	const struct dwarf_spec *sp = cx->spec;
	struct stmt_lines ls;
	long l;
	int i;

	if (!fn->entry || !fn->decl_file ||
	    dwarf_blocked(cx->s, cx->x, cx->m->tmpl, fn))
		return 0;
	stmt_lines_of(cx, fn, &ls);
	if (!sp->has_lines || sp->any) {
		for (l = ls.lo; l <= ls.hi; l++)
			if (ls.addr[l - ls.lo] && (sp->any || l == ls.lo))
				stmt_add(cx, fn, l, l, ls.addr[l - ls.lo]);
		if (!sp->has_lines && !ls.addr[0])
			stmt_add(cx, fn, ls.lo, ls.lo, fn->entry);
		return 0;
	}
	if (sp->relative) {
		stmt_line(cx, fn, &ls, fn->decl_line + sp->offset);
		return 0;
	}
	for (i = 0; i < sp->nranges; i++)
		for (l = sp->ranges[i].first; l <= sp->ranges[i].last &&
		     l <= ls.hi; l++)
			stmt_line(cx, fn, &ls, l);
	return 0;
}

int dwarf_stmt_derive(struct session *s, struct probe_match *m,
		      struct dwx *x, const struct dwarf_spec *spec,
		      bool nearest, const char *module, int argc)
{
	struct stmt_cx cx = { .s = s, .m = m, .x = x, .spec = spec,
			      .nearest = nearest, .module = module,
			      .argc = argc };
	const char *err = NULL;

	cx.f = dwx_dwarf(x, &err);
	if (!cx.f) {
		diag(s, S_PP_RESOLVING, m->tmpl->point->comps->tok);
		diag(s, S_DW_ERROR, NULL, err);
		return -1;
	}
	dwx_funcs(x, spec->func, spec->file, stmt_one, &cx);
	return cx.made;
}
