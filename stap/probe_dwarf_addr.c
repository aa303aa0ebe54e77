/* probe_dwarf_addr.c - DWARF probes given by address (pass 2).
 *
 * kernel.function(ADDRESS): the out-of-line function whose code holds
 * ADDRESS, probed at its entry; .call, .exported and .return filter and
 * place as they do for a name.
 * kernel.statement(ADDRESS): exactly ADDRESS, which must start a row of
 * the line table (otherwise SystemTap's "does not match the beginning of
 * a statement (try ...)", whose suggestion .nearest takes), seen from
 * the innermost function or inlined instance around it.
 * kernel.statement(ADDRESS).absolute (guru mode): the run-time address
 * as given: no debuginfo, no KASLR relocation, no target variables.
 * The points print the address in hex: kernel.statement(0xffffffff81...).
 */
#include <inttypes.h>
#include <string.h>

#include "diag.h"
#include "probe_dwarf.h"
#include "probes.h"

struct addr_cx {
	uint64_t addr;
	bool inner;			/* statements: the innermost scope */
	bool found;
	struct dw_func fn;
};

static uint64_t addr_span(const struct dw_func *fn)
{
	return fn->high - fn->low;
}

static int addr_pick(void *arg, const struct dw_func *fn)
{
	struct addr_cx *cx = arg;

	if (!cx->inner) {
		if (fn->flags & DWF_INLINE)
			return 0;
		cx->fn = *fn;
		cx->found = true;
		return 1;
	}
	if (!cx->found || addr_span(fn) < addr_span(&cx->fn)) {
		cx->fn = *fn;
		cx->found = true;
	}
	return 0;
}

static struct dwarf_probe *addr_probe(struct session *s, struct dwx *x,
				      const struct dw_func *fn, uint64_t pc)
{
	struct dwarf_probe *d = ARENA_NEW(s->arena, struct dwarf_probe);

	d->func = fn->name;
	d->fn = *fn;
	d->pc = pc;
	d->x = x;
	return d;
}

static void addr_add(struct session *s, struct probe_match *m,
		     struct dwarf_probe *d, uint64_t shown)
{
	probes_add(s, m, probes_point_set_addr(s, m->tmpl->point, 1, shown), d);
}

/* kernel.function(ADDRESS)[.call|.exported|.return[.maxactive(N)]] */
static int addr_function(struct session *s, struct probe_match *m,
			 struct dwx *x, uint64_t addr)
{
	struct addr_cx cx = { .addr = addr };
	struct dwarf_probe *d;

	dwx_funcs_at(x, addr, addr_pick, &cx);
	if (!cx.found || (m->role == DR_FADDR_EXPORTED &&
			  !(cx.fn.flags & DWF_EXTERNAL)))
		return 0;
	if (dwarf_blocked(s, x, m->tmpl, &cx.fn))
		return 0;
	d = addr_probe(s, x, &cx.fn, cx.fn.entry);
	d->is_return = m->role == DR_FADDR_RETURN ||
		       m->role == DR_FADDR_MAXACTIVE;
	if (m->role == DR_FADDR_MAXACTIVE)
		d->maxactive = probes_num_arg(m->tmpl->point, 3);
	/* -L lists the function's entry, -p2 the address as written */
	addr_add(s, m, d, s->listing ? cx.fn.entry : addr);
	return 1;
}

/* The line-table row starting at addr (true), else in *before the
 * greatest row address below it (0: none).  Every row counts, is_stmt
 * or not, as for SystemTap. */
static bool addr_row(struct dw_file *f, const struct dw_func *fn,
		     uint64_t addr, int *line, uint64_t *before)
{
	struct dw_line *rows;
	int n = dw_lines(f, fn->cu, &rows), i;

	*before = 0;
	for (i = 0; i < n; i++) {
		if (rows[i].addr == addr) {
			*line = rows[i].line;
			return true;
		}
		if (rows[i].addr < addr && rows[i].addr > *before)
			*before = rows[i].addr;
	}
	return false;
}

/* kernel.statement(ADDRESS)[.nearest] */
static int addr_statement(struct session *s, struct probe_match *m,
			  struct dwx *x, uint64_t addr)
{
	struct addr_cx cx = { .addr = addr, .inner = true };
	struct dwarf_probe *d;
	struct dw_file *f;
	const char *err = NULL;
	uint64_t before;
	int line = 0;

	dwx_funcs_at(x, addr, addr_pick, &cx);
	if (!cx.found)
		return 0;
	if (!(f = dwx_dwarf(x, &err))) {
		diag(s, S_PP_RESOLVING, m->tmpl->point->comps->tok);
		diag(s, S_DW_ERROR, NULL, err);
		return -1;
	}
	if (!addr_row(f, &cx.fn, addr, &line, &before)) {
		if (m->role != DR_SADDR_NEAREST || !before) {
			diag(s, S_DW_NOT_STMT, NULL, (unsigned long long)addr,
			     (unsigned long long)before);
			return 0;
		}
		addr = before;
		cx.found = false;
		dwx_funcs_at(x, addr, addr_pick, &cx);
		addr_row(f, &cx.fn, addr, &line, &before);
	}
	if (dwarf_blocked(s, x, m->tmpl, &cx.fn))
		return 0;
	d = addr_probe(s, x, &cx.fn, addr);
	d->line = line;
	addr_add(s, m, d, addr);
	return 1;
}

/* kernel.statement(ADDRESS).absolute */
static int addr_absolute(struct session *s, struct probe_match *m,
			 uint64_t addr)
{
	struct dwarf_probe *d = ARENA_NEW(s->arena, struct dwarf_probe);

	if (!s->guru) {
		diag(s, S_PP_RESOLVING, m->tmpl->point->comps->tok);
		diag(s, S_DW_ABS_UNPRIV, dwarf_keyword_tok(m->tmpl));
		return -1;
	}
	d->func = "";
	d->pc = addr;
	d->absolute = true;
	addr_add(s, m, d, addr);
	return 1;
}

int dwarf_addr_derive(struct session *s, struct probe_match *m,
		      struct dwx *x)
{
	uint64_t addr = (uint64_t)probes_num_arg(m->tmpl->point, 1);

	if (m->role == DR_SADDR_ABSOLUTE)
		return addr_absolute(s, m, addr);
	if (m->role == DR_SADDR || m->role == DR_SADDR_NEAREST)
		return addr_statement(s, m, x, addr);
	return addr_function(s, m, x, addr);
}
