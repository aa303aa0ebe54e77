/* probe_trace.c - kernel.trace("[SYSTEM:]NAME") (tracepoints, pass 2 and 3).
 *
 * Pass 2: the kernel's tracepoints come from its debuginfo index with no
 * query module: every tracepoint NAME has a function __traceiter_NAME
 * (void *__data, TP_PROTO...) whose DWARF parameters after __data are the
 * tracepoint's arguments with their real C types.  The SYSTEM is the
 * one the kernel files the event under: the static trace_event_call
 * event_NAME points to its class, whose .system is the TRACE_SYSTEM
 * string; both are read from the image's data.  A tracepoint with no
 * event (DECLARE_TRACE) takes the system of an event declared in the
 * same header, else the header's base name.  Modules' tracepoints come
 * from their ELF files (kmod_tp.c, cached per kernel build-id), their
 * prototypes from the module's debuginfo when a probe needs them; the
 * kernel's own win when both define a name.  Both parts of the pattern
 * are globs; a point prints as kernel.trace("skb:kfree_skb").
 * Arguments are $NAME (read only; their members may be written with -g),
 * $$name and $$system are the strings, $$vars/$$parms all arguments.
 * Pass 3: per probe an entry with the tracepoint's argument count
 * (probe_<i>_tp) and one struct stp_tracepoint table that
 * runtime/probe_tracepoint.c registers (stp_tracepoint_ops).
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctypes.h"
#include "emit.h"
#include "kernel.h"
#include "kmod_tp.h"
#include "probes.h"
#include "tvars.h"

#define TRACE_ITER "__traceiter_"
/* More arguments than any tracepoint has; the entry's parameter list. */
#define TRACE_MAX_ARGS 12

enum trace_role { TR_TRACE };

static const struct probe_pattern trace_patterns[] = {
	PROBE_PATTERN("kernel.trace(string)", TR_TRACE),
	PROBE_PATTERNS_END,
};

/* The family data of one tracepoint probe. */
struct trace_probe {
	const char *name, *system;
	const struct kern_module *mod;	/* a module's tracepoint, or NULL */
	struct dwx *x;			/* NULL: the module's, not open yet */
	struct dw_func fn;		/* __traceiter_NAME */
	bool site_tried;
	int site_rc;
	const char *site_err;
	struct dw_site site;		/* the arguments (no __data) */
};

/* Offsets of the two pointers from an event to its system string. */
struct trace_layout {
	bool ok;
	uint64_t class_off;		/* trace_event_call.class */
	uint64_t system_off;		/* trace_event_class.system */
};

struct trace_cx {
	struct session *s;
	struct probe_match *m;
	struct dwx *x;
	struct dw_file *f;
	struct trace_layout lay;
	const char *sys_glob, *name_glob;
	struct strlist names;		/* every tracepoint, for "similar" */
	struct strlist hdr_file, hdr_sys;	/* headers' systems so far */
	int made;
};

/* ---- the system of a tracepoint ---- */

static bool trace_member_off(struct dwx *x, struct dw_file *f,
			     const char *tag, const char *member,
			     uint64_t *off)
{
	uint64_t die = dwx_type(x, CT_STRUCT, tag);
	struct ctype *t = die ? dw_type(f, die) : NULL;
	struct ctype_member *m;
	int i, n = t ? ctype_members(t, &m) : 0;

	for (i = 0; i < n; i++)
		if (m[i].name && !strcmp(m[i].name, member))
			return *off = m[i].offset, true;
	return false;
}

static void trace_layout(struct trace_cx *cx)
{
	cx->lay.ok = trace_member_off(cx->x, cx->f, "trace_event_call",
				      "class", &cx->lay.class_off) &&
		     trace_member_off(cx->x, cx->f, "trace_event_class",
				      "system", &cx->lay.system_off);
}

static bool trace_read_ptr(struct dw_file *f, uint64_t addr, uint64_t *out)
{
	return addr && dw_read(f, addr, out, sizeof(*out)) == 0 && *out;
}

/* A NUL-terminated string of the image at addr, or NULL. */
static const char *trace_read_str(struct session *s, struct dw_file *f,
				  uint64_t addr)
{
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(buf); i++) {
		if (dw_read(f, addr + i, &buf[i], 1))
			return NULL;
		if (!buf[i])
			return i ? arena_strdup(s->arena, buf) : NULL;
	}
	return NULL;
}

/* event_NAME -> .class -> .system, or NULL when NAME has no event. */
static const char *trace_event_system(struct trace_cx *cx, const char *name)
{
	struct dwx_sym ev;
	uint64_t class, str;

	if (!cx->lay.ok ||
	    !dwx_sym(cx->x, arena_printf(cx->s->arena, "event_%s", name), &ev) ||
	    ev.is_func ||
	    !trace_read_ptr(cx->f, ev.addr + cx->lay.class_off, &class) ||
	    !trace_read_ptr(cx->f, class + cx->lay.system_off, &str))
		return NULL;
	return trace_read_str(cx->s, cx->f, str);
}

struct trace_sib {
	struct trace_cx *cx;
	const char *file, *system;
};

static int trace_sib_one(void *arg, const struct dw_func *fn)
{
	struct trace_sib *sb = arg;

	if (!fn->decl_file || strcmp(fn->decl_file, sb->file))
		return 0;
	sb->system = trace_event_system(sb->cx, fn->name + strlen(TRACE_ITER));
	return sb->system != NULL;
}

/* The system of a tracepoint declared in header `file` with no event:
 * an event's of the same header, else "sched" for .../sched.h. */
static const char *trace_header_system(struct trace_cx *cx, const char *file)
{
	struct trace_sib sb = { .cx = cx, .file = file };
	const char *base, *dot;
	int i;

	if (!file)
		return "kernel";
	for (i = 0; i < cx->hdr_file.n; i++)
		if (!strcmp(cx->hdr_file.v[i], file))
			return cx->hdr_sys.v[i];
	dwx_funcs(cx->x, TRACE_ITER "*", file, trace_sib_one, &sb);
	if (!sb.system) {
		base = strrchr(file, '/');
		base = base ? base + 1 : file;
		dot = strrchr(base, '.');
		sb.system = arena_strndup(cx->s->arena, base, dot ?
				(size_t)(dot - base) : strlen(base));
	}
	strlist_add(cx->s, &cx->hdr_file, file);
	strlist_add(cx->s, &cx->hdr_sys, sb.system);
	return sb.system;
}

static const char *trace_system(struct trace_cx *cx, const struct dw_func *fn)
{
	const char *sys = trace_event_system(cx, fn->name + strlen(TRACE_ITER));

	return sys ? sys : trace_header_system(cx, fn->decl_file);
}

/* ---- the tracepoints of modules ---- */

/* One tracepoint of a module file (cached per kernel build-id). */
struct trace_mtp {
	const struct kern_module *mod;
	const char *name, *system;
};

struct trace_mscan {
	struct session *s;
	const struct kern_module *mod;
	struct trace_mtp *v;
	int n, cap, first;		/* first: this module's first entry */
};

static void trace_mtp_add(void *arg, const char *name, const char *system)
{
	struct trace_mscan *ms = arg;

	if (ms->n == ms->cap) {
		struct trace_mtp *v;

		ms->cap = ms->cap ? 2 * ms->cap : 1024;
		v = arena_alloc(ms->s->arena, (size_t)ms->cap * sizeof(*v));
		if (ms->n)
			memcpy(v, ms->v, (size_t)ms->n * sizeof(*v));
		ms->v = v;
	}
	ms->v[ms->n].mod = ms->mod;
	ms->v[ms->n].name = arena_strdup(ms->s->arena, name);
	ms->v[ms->n].system = system ? arena_strdup(ms->s->arena, system)
				     : NULL;
	ms->n++;
}

/* A tracepoint with no event takes the system of the module's others
 * (or the module's name). */
static void trace_mtp_fill(struct trace_mscan *ms)
{
	const char *sys = NULL;
	int i;

	for (i = ms->first; i < ms->n && !sys; i++)
		sys = ms->v[i].system;
	for (i = ms->first; i < ms->n; i++)
		if (!ms->v[i].system)
			ms->v[i].system = sys ? sys : ms->mod->name;
}

static const char *trace_mcache_path(struct trace_cx *cx)
{
	const char *id = dwx_build_id(cx->x);

	if (!id || !cx->s->cache_dir || !*cx->s->cache_dir)
		return NULL;
	return arena_printf(cx->s->arena, "%s/dwarf/%s.tracepoints",
			    cx->s->cache_dir, id);
}

static const struct kern_module *trace_mod_named(const struct kern_module *m,
						 int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(m[i].name, name))
			return &m[i];
	return NULL;
}

/* "module TAB name TAB system" lines; false when there is no cache. */
static bool trace_mcache_read(struct trace_cx *cx, struct trace_mscan *ms,
			      const struct kern_module *mods, int nmods)
{
	const char *path = trace_mcache_path(cx);
	FILE *f = path ? fopen(path, "r") : NULL;
	char line[512], *a, *b;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!(a = strchr(line, '\t')) || !(b = strchr(a + 1, '\t')))
			continue;
		*a++ = '\0';
		*b++ = '\0';
		ms->mod = trace_mod_named(mods, nmods, line);
		if (ms->mod)
			trace_mtp_add(ms, a, b);
	}
	fclose(f);
	return true;
}

static void trace_mcache_write(struct trace_cx *cx,
			       const struct trace_mscan *ms)
{
	const char *path = trace_mcache_path(cx);
	const char *tmp = path ? arena_printf(cx->s->arena, "%s.%d", path,
					      (int)getpid()) : NULL;
	FILE *f = tmp ? fopen(tmp, "w") : NULL;
	int i;

	if (!f)
		return;
	for (i = 0; i < ms->n; i++)
		fprintf(f, "%s\t%s\t%s\n", ms->v[i].mod->name, ms->v[i].name,
			ms->v[i].system);
	if (fclose(f) == 0)
		rename(tmp, path);
	else
		unlink(tmp);
}

/* Every module tracepoint (scanned once per kernel, then cached). */
static int trace_modules(struct trace_cx *cx, const struct trace_mtp **out)
{
	struct trace_mscan ms = { .s = cx->s };
	struct kmt_layout lay = { cx->lay.class_off, cx->lay.system_off };
	const struct kern_module *mods;
	int n = kern_modules(cx->s, "*", &mods), i;

	if (!trace_mcache_read(cx, &ms, mods, n)) {
		for (i = 0; i < n && cx->lay.ok; i++) {
			ms.mod = &mods[i];
			ms.first = ms.n;
			kmt_scan(mods[i].path, &lay, trace_mtp_add, &ms);
			trace_mtp_fill(&ms);
		}
		trace_mcache_write(cx, &ms);
	}
	*out = ms.v;
	return ms.n;
}

/* ---- derivation ---- */

static void trace_add(struct trace_cx *cx, struct trace_probe *t)
{
	struct session *s = cx->s;

	cx->made++;
	probes_add(s, cx->m, probes_point_set_str(s, cx->m->tmpl->point, 1,
		arena_printf(s->arena, "%s:%s", t->system, t->name)), t);
}

static int trace_one(void *arg, const struct dw_func *fn)
{
	struct trace_cx *cx = arg;
	struct session *s = cx->s;
	struct trace_probe *t;
	const char *name = fn->name + strlen(TRACE_ITER), *sys;

	if ((fn->flags & DWF_INLINE) || !fn->entry)
		return 0;
	strlist_add(s, &cx->names, name);
	if (fnmatch(cx->name_glob, name, 0))
		return 0;
	sys = trace_system(cx, fn);
	if (fnmatch(cx->sys_glob, sys, 0))
		return 0;
	t = ARENA_NEW(s->arena, struct trace_probe);
	t->name = name;
	t->system = sys;
	t->x = cx->x;
	t->fn = *fn;
	trace_add(cx, t);
	return 0;
}

/* The matching tracepoints of modules the kernel itself has not. */
static void trace_match_modules(struct trace_cx *cx)
{
	const struct trace_mtp *v;
	int n = trace_modules(cx, &v), i, k, nk = cx->names.n;
	struct trace_probe *t;

	for (i = 0; i < n; i++) {
		if (fnmatch(cx->name_glob, v[i].name, 0) ||
		    fnmatch(cx->sys_glob, v[i].system, 0))
			continue;
		for (k = 0; k < nk && strcmp(cx->names.v[k], v[i].name); k++)
			;
		if (k < nk)
			continue;
		t = ARENA_NEW(cx->s->arena, struct trace_probe);
		t->name = v[i].name;
		t->system = v[i].system;
		t->mod = v[i].mod;
		trace_add(cx, t);
	}
	for (i = 0; i < n; i++)
		strlist_add(cx->s, &cx->names, v[i].name);
}

/* "SYSTEM:NAME" or "NAME" (any system). */
static void trace_split(struct trace_cx *cx, const char *arg)
{
	const char *colon = strchr(arg, ':');

	cx->sys_glob = colon ? arena_strndup(cx->s->arena, arg,
					     (size_t)(colon - arg)) : "*";
	cx->name_glob = colon ? colon + 1 : arg;
}

static int trace_no_match(struct trace_cx *cx)
{
	struct session *s = cx->s;
	const char *sim;

	if (cx->m->optional)
		return 0;
	sim = elab_similar(s, cx->name_glob, cx->names.v, cx->names.n);
	if (!strncmp(sim, " (similar: ", 11))
		sim = arena_printf(s->arena, " (similar tracepoints: %s",
				   sim + 11);
	diag(s, S_PP_RESOLVING, cx->m->tmpl->point->comps->tok);
	diag(s, S_DW_NO_MATCH, NULL, sim);
	return -1;
}

static int trace_derive(struct session *s, struct probe_match *m)
{
	struct trace_cx cx = { .s = s, .m = m };
	const char *err = NULL;

	trace_split(&cx, probes_str_arg(m->tmpl->point, 1));
	cx.x = kern_index(s, &err);
	cx.f = cx.x ? dwx_dwarf(cx.x, &err) : NULL;
	if (!cx.f) {
		if (m->optional)
			return 0;
		diag(s, S_PP_RESOLVING, m->tmpl->point->comps->tok);
		kern_no_debuginfo(s, NULL, err);
		return -1;
	}
	trace_layout(&cx);
	dwx_funcs(cx.x, TRACE_ITER "*", NULL, trace_one, &cx);
	if (!cx.made || strpbrk(cx.name_glob, "*?["))
		trace_match_modules(&cx);
	return cx.made ? 0 : trace_no_match(&cx);
}

/* ---- the arguments ---- */

/* The tracepoint's arguments: __traceiter_NAME's parameters but the
 * first; 0, or -1 with t->site_err. */
static int trace_first_fn(void *arg, const struct dw_func *fn)
{
	struct trace_probe *t = arg;

	if ((fn->flags & DWF_INLINE) || !fn->entry)
		return 0;
	t->fn = *fn;
	return 1;
}

/* A module's tracepoint: its __traceiter_NAME in the module's index. */
static int trace_module_fn(struct session *s, struct trace_probe *t)
{
	t->x = kern_module_index(s, t->mod, &t->site_err);
	if (!t->x)
		return -1;
	if (dwx_funcs(t->x, arena_printf(s->arena, TRACE_ITER "%s", t->name),
		      NULL, trace_first_fn, t) != 1) {
		t->site_err = "tracepoint prototype not found";
		t->x = NULL;
		return -1;
	}
	return 0;
}

static int trace_args(struct session *s, struct trace_probe *t)
{
	struct dw_file *f;
	int n;

	if (t->site_tried)
		return t->site_rc;
	t->site_tried = true;
	t->site_rc = -1;
	if (!t->x && trace_module_fn(s, t))
		return -1;
	f = dwx_dwarf(t->x, &t->site_err);
	if (!f || dw_site_at(f, t->fn.die, 0, t->fn.entry, &t->site,
			     &t->site_err))
		return -1;
	if (t->site.nvars < 1 || !t->site.vars[0].is_param) {
		t->site_err = "tracepoint prototype not found";
		return -1;
	}
	t->site.vars++;
	t->site.nvars--;
	for (n = 0; n < t->site.nvars && t->site.vars[n].is_param; n++)
		;
	t->site.nvars = n;	/* the iterator's locals are no arguments */
	return t->site_rc = 0;
}

static const char *trace_vars(struct session *s, const struct derived_probe *dp)
{
	struct trace_probe *t = dp->priv;
	const char *out = "";
	int i;

	if (trace_args(s, t))
		return NULL;
	for (i = 0; i < t->site.nvars; i++) {
		const struct dw_var *v = &t->site.vars[i];

		out = arena_printf(s->arena, "%s $%s:%s", out, v->name,
				   v->type ? cty_name(s->arena, v->type)
					   : "void");
	}
	return out;
}

static int trace_tv_site(struct session *s, const struct derived_probe *dp,
			 struct tv_site *site, const char **err)
{
	struct trace_probe *t = dp->priv;

	memset(site, 0, sizeof(*site));
	if (trace_args(s, t)) {
		*err = t->site_err;
		return -1;
	}
	site->x = t->x;
	site->dw = dwx_dwarf(t->x, err);
	site->site = t->site;
	site->func = t->name;
	site->file = t->fn.decl_file;
	site->die = t->fn.die;
	site->cu = t->fn.cu;
	site->args_expr = "CONTEXT->tp_args";
	site->tp_name = t->name;
	site->tp_system = t->system;
	return site->dw ? 0 : -1;
}

/* ---- pass 3 ---- */

/* Every argument fits one register-sized slot (an aggregate by value of
 * at most 8 bytes is one integer register, as pte_t). */
static int trace_nargs(struct emit *e, struct derived_probe *dp)
{
	struct trace_probe *t = dp->priv;
	int i;

	if (trace_args(e->s, t) || t->site.nvars > TRACE_MAX_ARGS) {
		diag(e->s, S_PP_UNSUPPORTED, dp->point->comps->tok,
		     "kernel.trace with this prototype");
		return 0;
	}
	for (i = 0; i < t->site.nvars; i++) {
		struct ctype *ty = ctype_strip(t->site.vars[i].type);

		if (ty && (ty->size > 8 || ty->is_float))
			diag(e->s, S_PP_UNSUPPORTED, dp->point->comps->tok,
			     arena_printf(e->s->arena,
				"kernel.trace(\"%s\") argument $%s:%s passed by value",
				t->name, t->site.vars[i].name,
				cty_name(e->s->arena, t->site.vars[i].type)));
	}
	return t->site.nvars;
}

/* probe_<i>_tp(void *data, unsigned long a0, ...): the arguments into an
 * array, then the probe with its constant handler. */
static void trace_prelude(struct emit *e, struct derived_probe *dp)
{
	int n = trace_nargs(e, dp), i;

	fprintf(e->out, "static void notrace probe_%d_tp(void *data",
		dp->index);
	for (i = 0; i < n; i++)
		fprintf(e->out, ", unsigned long a%d", i);
	fprintf(e->out, ")\n{\n\tunsigned long args[%d] = { ", n ? n : 1);
	for (i = 0; i < n; i++)
		fprintf(e->out, "%sa%d", i ? ", " : "", i);
	fprintf(e->out, "%s };\n\n\tstp_tracepoint_run(&stp_probes[%d], "
		"probe_%d, args);\n}\n", n ? "" : "0", dp->index,
		emit_handler_of(e, dp));
}

static const char *trace_table(struct emit *e, struct derived_probe **v,
			       int n)
{
	int i;

	fprintf(e->out, "static struct stp_tracepoint stp_tracepoints[] = {\n");
	for (i = 0; i < n; i++) {
		const struct trace_probe *t = v[i]->priv;

		fprintf(e->out, "\t{ .probe = &stp_probes[%d], .name = ",
			v[i]->index);
		emit_cstring(e->out, t->name, strlen(t->name));
		fprintf(e->out, ", .func = (void *)probe_%d_tp, .optional = %s",
			v[i]->index, v[i]->origin && v[i]->origin->optional ?
			"true" : "false");
		if (t->mod) {
			fprintf(e->out, ", .module = ");
			emit_cstring(e->out, t->mod->name,
				     strlen(t->mod->name));
		}
		fprintf(e->out, " },\n");
	}
	fprintf(e->out, "};\n");
	return "stp_tracepoints";
}

const struct probe_family probe_trace_family = {
	.name = "kernel", .patterns = trace_patterns,
	.derive = trace_derive, .vars = trace_vars,
	.tv_site = trace_tv_site,
	.emit_prelude = trace_prelude, .emit_table = trace_table,
	.rt_ops = "stp_tracepoint_ops",
};
