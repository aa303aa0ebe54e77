/* probe_dwarf.c - kernel.function / kernel.statement (DWARF probes).
 *
 * Pass 2: the PATTERN of kernel.function("FUNC[@FILE[:LINE|:A-B|:*|+OFF]]")
 * is looked up in the kernel's debuginfo index (kernel.c, dwindex.c):
 * every out-of-line function and inlined instance whose name and
 * declaration file match; .call keeps the out-of-line ones, .inline the
 * inlined ones, .return the out-of-line ones (a kretprobe each),
 * .exported the external ones.  What SystemTap refuses to probe is
 * refused with its warnings (probe_dwarf_block.c).  Each match becomes
 * one probe at its entry address, printed as SystemTap prints it:
 * kernel.function("ksys_read@fs/read_write.c:602").
 * Pass 3: kprobes by link-time address (runtime/probe_kprobe.c), or for
 * many function entries one ftrace_ops (runtime/probe_fentry.c); the
 * run-time KASLR offset comes from stp_kreloc_link, the link-time address
 * of register_kprobe.
 */
#include <fnmatch.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ctypes.h"
#include "emit.h"
#include "kernel.h"
#include "probe_dwarf.h"
#include "probes.h"
#include "tvars.h"

#define KFN(sfx, role) PROBE_PATTERN("kernel.function(string)" sfx, role)
#define MFN(sfx, role) \
	PROBE_PATTERN("module(string).function(string)" sfx, role)
#define MFU(sfx, role) \
	PROBE_UNSUPPORTED("module(string).function(string)" sfx, role)
#define KFA(sfx, role) PROBE_PATTERN("kernel.function(number)" sfx, role)

static const struct probe_pattern dwarf_patterns[] = {
	KFN("", DR_FUNC), KFN(".call", DR_CALL),
	KFN(".exported", DR_EXPORTED), KFN(".inline", DR_INLINE),
	KFN(".return", DR_RETURN),
	KFN(".return.maxactive(number)", DR_MAXACTIVE),
	KFN(".label(string)", DR_LABEL),
	PROBE_UNSUPPORTED("kernel.function(string).callee(string)", DR_CALLEE),
	PROBE_UNSUPPORTED("kernel.function(string).callee(string).call",
			  DR_CALLEE),
	PROBE_UNSUPPORTED("kernel.function(string).callee(string).return",
			  DR_CALLEE),
	PROBE_UNSUPPORTED("kernel.function(string).callees", DR_CALLEE),
	PROBE_UNSUPPORTED("kernel.function(string).callees(number)",
			  DR_CALLEE),
	KFA("", DR_FADDR), KFA(".call", DR_FADDR_CALL),
	KFA(".exported", DR_FADDR_EXPORTED), KFA(".return", DR_FADDR_RETURN),
	KFA(".return.maxactive(number)", DR_FADDR_MAXACTIVE),
	PROBE_PATTERN("kernel.statement(string)", DR_STMT),
	PROBE_PATTERN("kernel.statement(string).nearest", DR_STMT_NEAREST),
	PROBE_PATTERN("kernel.statement(number)", DR_SADDR),
	PROBE_PATTERN("kernel.statement(number).nearest", DR_SADDR_NEAREST),
	PROBE_PATTERN("kernel.statement(number).absolute", DR_SADDR_ABSOLUTE),
	PROBE_UNSUPPORTED("kernel.data(number).length(number).rw", DR_OTHER),
	PROBE_UNSUPPORTED("kernel.data(number).length(number).write",
			  DR_OTHER),
	PROBE_UNSUPPORTED("kernel.data(number).rw", DR_OTHER),
	PROBE_UNSUPPORTED("kernel.data(number).write", DR_OTHER),
	PROBE_UNSUPPORTED("kernel.data(string).rw", DR_OTHER),
	PROBE_UNSUPPORTED("kernel.data(string).write", DR_OTHER),
	PROBE_UNSUPPORTED("kernel.mark(string)", DR_OTHER),
	PROBE_UNSUPPORTED("kernel.mark(string).format(string)", DR_OTHER),
	MFN("", DR_FUNC), MFN(".call", DR_CALL),
	MFN(".exported", DR_EXPORTED), MFN(".inline", DR_INLINE),
	MFN(".return", DR_RETURN),
	MFN(".return.maxactive(number)", DR_MAXACTIVE),
	MFN(".label(string)", DR_LABEL), MFU(".callee(string)", DR_CALLEE),
	MFU(".callee(string).call", DR_CALLEE),
	MFU(".callee(string).return", DR_CALLEE),
	MFU(".callees", DR_CALLEE), MFU(".callees(number)", DR_CALLEE),
	PROBE_UNSUPPORTED("module(string).function(number)", DR_FADDR),
	PROBE_UNSUPPORTED("module(string).function(number).call",
			  DR_FADDR_CALL),
	PROBE_UNSUPPORTED("module(string).function(number).exported",
			  DR_FADDR_EXPORTED),
	PROBE_UNSUPPORTED("module(string).function(number).return",
			  DR_FADDR_RETURN),
	PROBE_UNSUPPORTED("module(string).function(number).return.maxactive(number)",
			  DR_FADDR_MAXACTIVE),
	PROBE_PATTERN("module(string).statement(string)", DR_STMT),
	PROBE_PATTERN("module(string).statement(string).nearest",
		      DR_STMT_NEAREST),
	PROBE_UNSUPPORTED("module(string).statement(number)", DR_SADDR),
	PROBE_UNSUPPORTED("module(string).statement(number).nearest",
			  DR_SADDR_NEAREST),
	PROBE_PATTERNS_END,
};

/* FUNC[@FILE[:LINES | +OFFSET]], LINES being ":*" or a comma list of
 * N and A-B.  Returns 0, or -1 with *err for a malformed line part. */
int dwarf_parse_spec(struct session *s, const char *text,
		     struct dwarf_spec *sp, const char **err)
{
	const char *at = strchr(text, '@');
	char *file, *p, *end;

	memset(sp, 0, sizeof(*sp));
	sp->func = at ? arena_strndup(s->arena, text, (size_t)(at - text))
		      : text;
	if (!at)
		return 0;
	file = arena_strdup(s->arena, at + 1);
	sp->file = file;
	p = strpbrk(file, ":+");
	if (!p)
		return 0;
	sp->has_lines = true;
	if (*p == '+') {
		sp->relative = true;
		sp->offset = strtol(p + 1, &end, 10);
		*p = '\0';
		return *end ? (*err = "invalid line offset", -1) : 0;
	}
	*p++ = '\0';
	if (!strcmp(p, "*"))
		return sp->any = true, 0;
	sp->ranges = arena_alloc(s->arena, (strlen(p) / 2 + 2) *
					   sizeof(*sp->ranges));
	while (*p) {
		long a = strtol(p, &end, 10), b = a;

		if (end == p)
			return *err = "invalid line number", -1;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		if (b < a || (*end && *end != ','))
			return *err = "invalid line range", -1;
		sp->ranges[sp->nranges].first = a;
		sp->ranges[sp->nranges++].last = b;
		p = *end ? end + 1 : end;
	}
	return 0;
}

bool dwarf_spec_line(const struct dwarf_spec *sp, long line)
{
	int i;

	if (!sp->has_lines || sp->any)
		return true;
	if (sp->relative)
		return false;	/* resolved against each function */
	for (i = 0; i < sp->nranges; i++)
		if (line >= sp->ranges[i].first && line <= sp->ranges[i].last)
			return true;
	return false;
}

/* ---- matching ---- */

struct dwarf_cx {
	struct session *s;
	struct probe_match *m;
	struct dwx *x;
	struct dwarf_spec spec;
	int role;
	int made;
	const char *module;		/* module(...) probes, else NULL */
	int argc;			/* the component holding PATTERN */
	struct strlist seen;		/* -l: points already listed */
};

static bool dwarf_role_is(int role, int a, int b)
{
	return role == a || role == b;
}

/* Which records a suffix keeps. */
static bool dwarf_wanted(const struct dwarf_cx *cx, const struct dw_func *fn)
{
	bool inl = fn->flags & DWF_INLINE;

	switch (cx->role) {
	case DR_INLINE:
		return inl;
	case DR_EXPORTED:
		return !inl && (fn->flags & DWF_EXTERNAL);
	case DR_FUNC:
	case DR_LABEL:
		return true;
	default:
		return !inl;	/* .call, .return */
	}
}

/* "ksys_read@fs/read_write.c:602" */
static const char *dwarf_point_arg(struct session *s, const struct dw_func *fn)
{
	if (!fn->decl_file)
		return fn->name;
	if (!fn->decl_line)
		return arena_printf(s->arena, "%s@%s", fn->name, fn->decl_file);
	return arena_printf(s->arena, "%s@%s:%d", fn->name, fn->decl_file,
			    fn->decl_line);
}

struct dwarf_label_cx {
	struct dwarf_cx *cx;
	const struct dw_func *fn;
	const char *glob;
};

/* One label of a matching function: kernel.function("f@file:LINE")
 * .label("NAME"), the line being the label's. */
static int dwarf_label_one(void *arg, const struct dw_label *l)
{
	struct dwarf_label_cx *lc = arg;
	struct dwarf_cx *cx = lc->cx;
	struct session *s = cx->s;
	struct dwarf_probe *d;
	struct probe_point *pt;

	if (fnmatch(lc->glob, l->name, 0))
		return 0;
	d = ARENA_NEW(s->arena, struct dwarf_probe);
	d->func = lc->fn->name;
	d->fn = *lc->fn;
	d->pc = l->pc;
	d->x = cx->x;
	d->line = l->line;
	dwarf_place(cx->x, cx->module, d);
	pt = probes_point_set_str(s, cx->m->tmpl->point, cx->argc,
		arena_printf(s->arena, "%s@%s:%d", lc->fn->name,
			     lc->fn->decl_file, l->line));
	pt = probes_point_set_str(s, pt, cx->argc + 1, l->name);
	cx->made++;
	probes_add(s, cx->m, pt, d);
	return 0;
}

static void dwarf_labels(struct dwarf_cx *cx, const struct dw_func *fn)
{
	struct dwarf_label_cx lc = { .cx = cx, .fn = fn };
	const char *err = NULL;
	struct dw_file *f = dwx_dwarf(cx->x, &err);

	lc.glob = probes_str_arg(cx->m->tmpl->point, cx->argc + 1);
	if (f && fn->decl_file && !dwarf_blocked(cx->s, cx->x, cx->m->tmpl, fn))
		dw_labels(f, fn->die, dwarf_label_one, &lc);
}

/*
 * A weak definition the linker overrode (COND_SYSCALL's stub of
 * __x64_sys_io_setup in kernel/sys_ni.c beside fs/aio.c's real one): its
 * DWARF survives, but the ELF symbol of that name sits elsewhere, and a
 * kprobe at the stub's address fails (-EINVAL).  Listed as SystemTap
 * lists it, never probed.
 */
static bool dwarf_overridden(struct dwarf_cx *cx, const struct dw_func *fn)
{
	struct dwx_sym sym;
	const char *suffix;

	if (cx->m->listing || cx->role == DR_INLINE || !fn->low ||
	    !dwx_sym(cx->x, fn->name, &sym))
		return false;
	return !dwx_sym_named_at(cx->x, fn->name, fn->low, &suffix);
}

static int dwarf_one(void *arg, const struct dw_func *fn)
{
	struct dwarf_cx *cx = arg;
	struct session *s = cx->s;
	struct dwarf_probe *d;
	struct probe_point *pt;

	if (!dwarf_wanted(cx, fn) || !fn->entry ||
	    (!cx->spec.relative && !dwarf_spec_line(&cx->spec, fn->decl_line)))
		return 0;
	if (cx->role == DR_LABEL)
		return dwarf_labels(cx, fn), 0;
	if (dwarf_blocked(s, cx->x, cx->m->tmpl, fn) || dwarf_overridden(cx, fn))
		return 0;
	d = ARENA_NEW(s->arena, struct dwarf_probe);
	d->func = fn->name;
	d->fn = *fn;
	d->pc = fn->entry;
	d->x = cx->x;
	d->is_return = dwarf_role_is(cx->role, DR_RETURN, DR_MAXACTIVE);
	if (cx->role == DR_MAXACTIVE)
		d->maxactive = probes_num_arg(cx->m->tmpl->point, cx->argc + 2);
	dwarf_place(cx->x, cx->module, d);
	pt = probes_point_set_str(s, cx->m->tmpl->point, cx->argc,
				  dwarf_point_arg(s, fn));
	cx->made++;
	probes_add(s, cx->m, pt, d);
	return 0;
}

/* A function symbol without DWARF (listed and probed as SystemTap does,
 * by name only: no target variables). */
static int dwarf_bare(void *arg, const struct dwx_sym *sym)
{
	struct dwarf_cx *cx = arg;
	struct dw_func fn = { .name = sym->name, .entry = sym->addr,
			      .low = sym->addr, .high = sym->addr + sym->size };

	if (sym->sect == DWX_INIT || dwarf_name_blocked(sym->name))
		return 0;
	return dwarf_one(cx, &fn);
}

static int dwarf_no_match(struct dwarf_cx *cx)
{
	struct session *s = cx->s;
	const char **names;
	int n;

	if (cx->m->optional)
		return 0;
	if (!cx->x) {
		diag(s, S_PP_RESOLVING, cx->m->tmpl->point->comps->tok);
		diag(s, S_DW_NO_MATCH, NULL, "");
		return -1;
	}
	n = dwx_func_names(cx->x, &names);
	diag(s, S_PP_RESOLVING, cx->m->tmpl->point->comps->tok);
	diag(s, S_DW_NO_MATCH, NULL, kern_similar(s, cx->spec.func, names, n));
	return -1;
}

/* The forms that are not built yet say what they are. */
static int dwarf_unsupported(struct session *s, struct probe_match *m)
{
	const struct probe_comp *c = m->tmpl->point->comps->next;
	const char *what = arena_printf(s->arena, "%s.%s",
					m->tmpl->point->comps->functor,
					c->functor);

	if (m->role == DR_LABEL || m->role == DR_CALLEE)
		what = arena_printf(s->arena, "%s.function(...).%s",
				    m->tmpl->point->comps->functor,
				    c->next->functor);
	else if (m->role >= DR_FADDR && m->role <= DR_FADDR_MAXACTIVE)
		what = arena_printf(s->arena, "%s.function(ADDRESS)",
				    m->tmpl->point->comps->functor);
	return probes_unsupported(s, m, what);
}

void dwarf_place(struct dwx *x, const char *mod, struct dwarf_probe *d)
{
	struct dwx_sym sym;

	d->module = mod;
	if (!mod || !dwx_sym_at(x, d->pc, &sym))
		return;
	d->sym = sym.name;
	d->sym_off = d->pc - sym.addr;
}

/* The matches of one debuginfo (the kernel's, or a module's). */
static void dwarf_match(struct dwarf_cx *cx)
{
	struct probe_match *m = cx->m;

	if (m->role == DR_STMT || m->role == DR_STMT_NEAREST) {
		int n = dwarf_stmt_derive(cx->s, m, cx->x, &cx->spec,
					  m->role == DR_STMT_NEAREST,
					  cx->module, cx->argc);

		cx->made += n > 0 ? n : 0;
		return;
	}
	dwx_funcs(cx->x, cx->spec.func, cx->spec.file, dwarf_one, cx);
	if (!cx->spec.file && m->role != DR_INLINE && m->role != DR_LABEL)
		dwx_bare_syms(cx->x, cx->spec.func, dwarf_bare, cx);
}

/* module("MPATTERN"): every matching module with debuginfo. */
static int dwarf_modules(struct dwarf_cx *cx)
{
	struct session *s = cx->s;
	const char *pat = probes_str_arg(cx->m->tmpl->point, 0), *err = NULL;
	const struct kern_module *mods;
	int n = kern_modules(s, pat, &mods), i, made;
	char *real = strchr(pat, '/') ? realpath(pat, NULL) : NULL;

	/* a path prints resolved, as SystemTap prints it (/usr/lib/...) */
	if (real && n)
		cx->m->tmpl->point = probes_point_set_str(s, cx->m->tmpl->point,
			0, arena_strdup(s->arena, real));
	free(real);

	for (i = 0; i < n; i++) {
		cx->x = kern_module_index(s, &mods[i], &err);
		if (!cx->x) {
			diag(s, S_PP_RESOLVING, cx->m->tmpl->point->comps->tok);
			diag(s, S_DW_ERROR, NULL, err);
			return -1;
		}
		cx->module = mods[i].name;
		made = cx->made;
		dwarf_match(cx);
		if (cx->made > made)
			strlist_add(s, &s->probe_modules, mods[i].path);
	}
	if (n || cx->m->optional)
		return 0;
	diag(s, S_PP_RESOLVING, cx->m->tmpl->point->comps->tok);
	kern_no_debuginfo(s, NULL, arena_printf(s->arena,
		"no module '%s' with debuginfo for kernel %s", pat,
		s->kernel_release ? s->kernel_release : ""));
	return -1;
}

static bool dwarf_by_addr(int role)
{
	return (role >= DR_FADDR && role <= DR_FADDR_MAXACTIVE) ||
	       (role >= DR_SADDR && role <= DR_SADDR_ABSOLUTE);
}

static bool dwarf_supported(int role, bool module)
{
	if (dwarf_by_addr(role))
		return !module;
	return role != DR_CALLEE && role != DR_OTHER;
}

/* The index of the kernel's debuginfo, or NULL after the message. */
static struct dwx *dwarf_kernel(struct session *s, struct probe_match *m)
{
	const char *err = NULL;
	struct dwx *x = kern_index(s, &err);

	if (x || m->optional)
		return x;
	diag(s, S_PP_RESOLVING, m->tmpl->point->comps->tok);
	kern_no_debuginfo(s, NULL, err);
	return NULL;
}

/* kernel.function(ADDRESS), kernel.statement(ADDRESS)[...] */
static int dwarf_derive_addr(struct session *s, struct probe_match *m)
{
	struct dwx *x = NULL;
	int n;

	if (m->role != DR_SADDR_ABSOLUTE && !(x = dwarf_kernel(s, m)))
		return m->optional ? 0 : -1;
	n = dwarf_addr_derive(s, m, x);
	if (n != 0 || m->optional)
		return n < 0 ? -1 : 0;
	diag(s, S_PP_RESOLVING, m->tmpl->point->comps->tok);
	diag(s, S_DW_NO_MATCH, NULL, "");
	return -1;
}

static int dwarf_derive(struct session *s, struct probe_match *m)
{
	struct dwarf_cx cx = { .s = s, .m = m, .role = m->role, .argc = 1 };
	const char *err = NULL;
	bool module = !strcmp(m->tmpl->point->comps->functor, "module");

	if (!dwarf_supported(m->role, module))
		return dwarf_unsupported(s, m);
	if (dwarf_by_addr(m->role))
		return dwarf_derive_addr(s, m);
	cx.argc = 1;	/* kernel.function(P) and module(M).function(P) */
	if (dwarf_parse_spec(s, probes_str_arg(m->tmpl->point, cx.argc),
			     &cx.spec, &err)) {
		diag(s, S_PP_RESOLVING, m->tmpl->point->comps->tok);
		diag(s, S_DW_ERROR, NULL, err);
		return -1;
	}
	if (module) {
		if (dwarf_modules(&cx) < 0)
			return -1;
		return cx.made ? 0 : dwarf_no_match(&cx);
	}
	cx.x = dwarf_kernel(s, m);
	if (!cx.x)
		return m->optional ? 0 : -1;
	dwarf_match(&cx);
	return cx.made ? 0 : dwarf_no_match(&cx);
}

/* ---- listing and -p2 ---- */

/*
 * Where a function-entry probe reads its variables.  A traced kernel
 * function starts with the 5-byte call to __fentry__ (after an endbr64
 * under IBT), which changes no register the function's variables live
 * in; GCC starts the locations of initialised locals after it.  So the
 * variables of the entry's scopes are read as they are just past the
 * call (SystemTap lists them the same way): `i` and `sum` of
 * nr_running(), both 0 there.
 */
/* The scopes of an entry probe are the function's own (the lexical
 * blocks an inlined body starts in are not yet entered, for SystemTap):
 * 0 asks dw_site_at for those only. */
static uint64_t dwarf_scope_pc(const struct dwarf_probe *d)
{
	return d->pc == d->fn.entry ? 0 : d->pc;
}

static uint64_t dwarf_loc_pc(const struct dwarf_probe *d, struct dw_file *f)
{
	static const unsigned char endbr64[4] = { 0xf3, 0x0f, 0x1e, 0xfa };
	unsigned char b[9];
	struct dwx_sym fentry;
	int32_t rel;
	int off = 0;

	if (d->pc != d->fn.entry || (d->fn.flags & DWF_INLINE) || d->module ||
	    !dwx_sym(d->x, "__fentry__", &fentry) ||
	    dw_read(f, d->pc, b, sizeof(b)))
		return d->pc;
	if (!memcmp(b, endbr64, sizeof(endbr64)))
		off = 4;
	if (b[off] != 0xe8)
		return d->pc;
	memcpy(&rel, b + off + 1, sizeof(rel));
	if (d->pc + (uint64_t)off + 5 + (uint64_t)(int64_t)rel != fentry.addr)
		return d->pc;
	return d->pc + (uint64_t)off + 5;
}

static const char *dwarf_vars(struct session *s, const struct derived_probe *dp)
{
	const struct dwarf_probe *d = dp->priv;
	const char *err, *out = "";
	struct dw_file *f = d->x && d->fn.die ? dwx_dwarf(d->x, &err) : NULL;
	struct dw_site site;
	int i;

	if (!f || dw_site_at(f, d->fn.die, dwarf_scope_pc(d),
			     dwarf_loc_pc(d, f), &site, &err))
		return NULL;
	if (d->is_return && site.has_ret_type && site.ret_type)
		out = arena_printf(s->arena, " $return:%s",
				   cty_name(s->arena, site.ret_type));
	for (i = 0; i < site.nvars; i++) {
		const struct dw_var *v = &site.vars[i];

		if (!v->has_loc || (!v->is_param && d->is_return))
			continue;
		out = arena_printf(s->arena, "%s $%s:%s", out, v->name,
				   v->type ? cty_name(s->arena, v->type)
					   : "void");
	}
	return out;
}

static const char *dwarf_comment(struct session *s,
				 const struct derived_probe *dp)
{
	const struct dwarf_probe *d = dp->priv;
	struct dwx_sym st;

	if (d->absolute)
		return arena_printf(s->arena, " /* pc=+0x%" PRIx64 " */", d->pc);
	if (d->module)
		return arena_printf(s->arena, " /* pc=<%s:%s+%" PRIu64 "> */",
				    d->module, d->sym ? d->sym : "?",
				    d->sym_off);
	if (!dwx_sym(d->x, "_stext", &st))
		return arena_printf(s->arena, " /* pc=0x%" PRIx64 " */", d->pc);
	return arena_printf(s->arena, " /* pc=_stext+0x%" PRIx64 " */",
			    d->pc - st.addr);
}

static const char *dwarf_ppfunc(const struct derived_probe *dp)
{
	const struct dwarf_probe *d = dp->priv;

	return d->func;
}

/* ---- target variables ---- */

static int dwarf_tv_site(struct session *s, const struct derived_probe *dp,
			 struct tv_site *t, const char **err)
{
	const struct dwarf_probe *d = dp->priv;

	(void)s;
	memset(t, 0, sizeof(*t));
	if (d->absolute) {
		*err = "target variables are not available in an absolute "
		       "statement probe";
		return -1;
	}
	if (!d->fn.die) {
		*err = arena_printf(s->arena,
			"target variables are not available: %s has no DWARF",
			d->func);
		return -1;
	}
	t->x = d->x;
	t->dw = dwx_dwarf(d->x, err);
	if (!t->dw ||
	    dw_site_at(t->dw, d->fn.die, dwarf_scope_pc(d),
		       dwarf_loc_pc(d, t->dw), &t->site, err))
		return -1;
	t->func = d->func;
	t->file = d->fn.decl_file;
	t->line = d->line ? d->line : d->fn.decl_line;
	t->is_return = d->is_return;
	t->at_entry = d->pc == d->fn.entry;
	t->die = d->fn.die;
	t->cu = d->fn.cu;
	return 0;
}

/* The part of a .return probe that runs at the entry (@entry): same
 * site, not a return, never registered on its own. */
static struct derived_probe *dwarf_entry_part(struct session *s,
					      struct derived_probe *dp,
					      struct stmt *body,
					      const char *data_size)
{
	struct dwarf_probe *d = dp->priv;
	struct dwarf_probe *e = ARENA_NEW(s->arena, struct dwarf_probe);

	if (!d->is_return || d->entry)
		return NULL;
	*e = *d;
	e->is_return = false;
	e->entry_of = dp;
	d->entry = probes_sibling(s, dp, body, e);
	d->entry_size = data_size;
	return d->entry;
}

/* ---- pass 3 ---- */

/*
 * Entry probes on many functions go into one ftrace_ops
 * (runtime/probe_fentry.c): armed by one code patch instead of one per
 * kprobe.  A few probes stay kprobes, whose per-probe entry stubs are the
 * cheapest per hit.
 */
#define DWARF_FENTRY_MIN 16

static bool dwarf_is_fentry(const struct derived_probe *dp)
{
	const struct dwarf_probe *d = dp->priv;

	return !d->is_return && !d->absolute && !(d->fn.flags & DWF_INLINE) &&
	       d->pc == d->fn.entry && !d->entry_of && !d->module &&
	       (!d->x || dwx_ftrace_site(d->x, d->pc));
}

static int dwarf_pc_cmp(const void *a, const void *b)
{
	const struct dwarf_probe *x = (*(struct derived_probe *const *)a)->priv;
	const struct dwarf_probe *y = (*(struct derived_probe *const *)b)->priv;

	return (x->pc > y->pc) - (x->pc < y->pc);
}

static bool dwarf_optional(const struct derived_probe *dp)
{
	return dp->origin && dp->origin->optional;
}

static void dwarf_fentry_table(struct emit *e, struct derived_probe **v,
			       int n)
{
	int i;

	qsort(v, (size_t)n, sizeof(*v), dwarf_pc_cmp);
	fprintf(e->out, "static struct stp_fentry stp_dwarf_fentries[] = {\n");
	for (i = 0; i < n; i++) {
		const struct dwarf_probe *d = v[i]->priv;

		fprintf(e->out, "\t{ .probe = &stp_probes[%d], .addr = 0x%"
			PRIx64 "ULL, .optional = %s },\n", v[i]->index, d->pc,
			dwarf_optional(v[i]) ? "true" : "false");
	}
	fprintf(e->out, "};\n");
	emit_register_table(e, "stp_fentry_ops", "stp_dwarf_fentries", n);
}

static void dwarf_kprobe_table(struct emit *e, struct derived_probe **v,
			       int n)
{
	int i;

	for (i = 0; i < n; i++) {
		const struct dwarf_probe *d = v[i]->priv;

		emit_kprobe_stub(e, v[i], d->is_return);
		if (d->entry)
			emit_kprobe_entry_stub(e, v[i], d->entry);
	}
	fprintf(e->out, "static struct stp_kprobe stp_dwarf_kprobes[] = {\n");
	for (i = 0; i < n; i++) {
		const struct dwarf_probe *d = v[i]->priv;

		if (d->module) {
			const char *sym = arena_printf(e->s->arena, "%s:%s",
				d->module, d->sym ? d->sym : "?");

			fprintf(e->out, "\t{ .probe = &stp_probes[%d], "
				".symbol = ", v[i]->index);
			emit_cstring(e->out, sym, strlen(sym));
			fprintf(e->out, ", .offset = %" PRIu64 ",", d->sym_off);
		} else {
			fprintf(e->out, "\t{ .probe = &stp_probes[%d], "
				".addr = 0x%" PRIx64 "ULL,", v[i]->index, d->pc);
		}
		if (d->absolute)
			fprintf(e->out, " .absolute = true,");
		fprintf(e->out, " .is_return = %s, .optional = %s, "
			".maxactive = %d, %s",
			d->is_return ? "true" : "false",
			dwarf_optional(v[i]) ? "true" : "false",
			(int)d->maxactive,
			emit_kprobe_stub_field(e, v[i], d->is_return));
		if (d->entry)
			fprintf(e->out, ", .entry = probe_%d_kent, "
				".data_size = %s", v[i]->index, d->entry_size);
		fprintf(e->out, " },\n");
	}
	fprintf(e->out, "};\n");
	emit_register_table(e, "stp_kprobe_ops", "stp_dwarf_kprobes", n);
}

/* The entry probes (when there are many) and the rest. */
static void dwarf_tables(struct emit *e, struct derived_probe **v, int n)
{
	struct derived_probe **fe = arena_alloc(e->s->arena,
						(size_t)(n + 1) * sizeof(*fe));
	struct derived_probe **kp = arena_alloc(e->s->arena,
						(size_t)(n + 1) * sizeof(*kp));
	int i, nf = 0, nk = 0;

	for (i = 0; i < n; i++)
		if (dwarf_is_fentry(v[i]))
			fe[nf++] = v[i];
	if (nf < DWARF_FENTRY_MIN)
		nf = 0;
	for (i = 0; i < n; i++)
		if ((!nf || !dwarf_is_fentry(v[i])) &&
		    !((const struct dwarf_probe *)v[i]->priv)->entry_of)
			kp[nk++] = v[i];
	if (nf)
		dwarf_fentry_table(e, fe, nf);
	if (nk)
		dwarf_kprobe_table(e, kp, nk);
}

const struct probe_family probe_dwarf_family = {
	.name = "kernel", .patterns = dwarf_patterns,
	.derive = dwarf_derive, .vars = dwarf_vars, .comment = dwarf_comment,
	.tv_site = dwarf_tv_site, .entry_part = dwarf_entry_part,
	.ppfunc = dwarf_ppfunc, .emit_tables = dwarf_tables,
};
