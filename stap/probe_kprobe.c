/* probe_kprobe.c - the kprobe.* probe family (dwarfless).
 *
 * Pass 2, without debuginfo:
 * - kprobe.function("sym")[.call] and .return[.maxactive(N)]: the symbol
 *   must be a function of the target kernel's symbol table (kernel.c: the
 *   debuginfo's or a real System.map), else "no match" with similar names;
 *   a glob expands to every matching function symbol, in name order, as
 *   SystemTap expands it.  With no table at all SystemTap's
 *   warning::symbols is given and the kernel decides at registration.
 * - kprobe.module("m").function("f")[.call|.return[.maxactive(N)]]: placed
 *   by "m:f"; the kernel resolves it when the probe registers (a missing
 *   module or function is the registration warning, as with SystemTap).
 *   Globs in either name expand over the module debuginfo's symbols
 *   where it is installed.
 * - kprobe.statement(ADDRESS).absolute: guru mode only, the run-time
 *   address as given.
 * Pass 3: per probe an entry stub with its probe and handler constant
 * (probe_<i>_kp / probe_<i>_kret), and one struct stp_kprobe table that
 * runtime/probe_kprobe.c registers (stp_kprobe_ops).
 */
#include <fnmatch.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "dwindex.h"
#include "emit.h"
#include "kernel.h"
#include "probe_dwarf.h"
#include "probes.h"

enum kprobe_role {
	KP_CALL, KP_RETURN, KP_MAXACTIVE,
	KP_MCALL, KP_MRETURN, KP_MMAXACTIVE, KP_STATEMENT,
};

static const struct probe_pattern kprobe_patterns[] = {
	PROBE_PATTERN("kprobe.function(string)", KP_CALL),
	PROBE_PATTERN("kprobe.function(string).call", KP_CALL),
	PROBE_PATTERN("kprobe.function(string).return", KP_RETURN),
	PROBE_PATTERN("kprobe.function(string).return.maxactive(number)",
		      KP_MAXACTIVE),
	PROBE_PATTERN("kprobe.module(string).function(string)", KP_MCALL),
	PROBE_PATTERN("kprobe.module(string).function(string).call", KP_MCALL),
	PROBE_PATTERN("kprobe.module(string).function(string).return",
		      KP_MRETURN),
	PROBE_PATTERN("kprobe.module(string).function(string).return."
		      "maxactive(number)", KP_MMAXACTIVE),
	PROBE_PATTERN("kprobe.statement(number).absolute", KP_STATEMENT),
	PROBE_PATTERNS_END,
};

struct kprobe_probe {
	const char *symbol;		/* what registers: "f", "m:f" or NULL */
	const char *func;		/* ppfunc(): "f" */
	uint64_t addr;			/* .absolute: the run-time address */
	int64_t offset;
	bool is_return;
	int64_t maxactive;
};

static bool kprobe_glob(const char *p)
{
	return strpbrk(p, "*?[") != NULL;
}

static struct kprobe_probe *kprobe_new(struct session *s,
				       const struct probe_match *m)
{
	struct kprobe_probe *k = ARENA_NEW(s->arena, struct kprobe_probe);
	int ret = m->role == KP_RETURN || m->role == KP_MRETURN;
	int maxact = m->role == KP_MAXACTIVE || m->role == KP_MMAXACTIVE;

	k->is_return = ret || maxact;
	if (maxact)
		k->maxactive = probes_num_arg(m->tmpl->point,
					      m->role == KP_MAXACTIVE ? 3 : 4);
	return k;
}

/* One probe on function fn (of module mod, or the kernel's). */
static void kprobe_add(struct session *s, struct probe_match *m,
		       const char *mod, const char *fn, bool expanded)
{
	struct kprobe_probe *k = kprobe_new(s, m);
	struct probe_point *pp = NULL;

	k->func = fn;
	k->symbol = mod ? arena_printf(s->arena, "%s:%s", mod, fn) : fn;
	if (expanded && mod)
		pp = probes_point_set_str(s, probes_point_set_str(s,
				m->tmpl->point, 1, mod), 2, fn);
	else if (expanded)
		pp = probes_point_set_str(s, m->tmpl->point, 1, fn);
	probes_add(s, m, pp, k);
}

static int kprobe_no_match(struct session *s, struct probe_match *m,
			   const char *name)
{
	if (m->optional)
		return 0;
	diag(s, S_PP_RESOLVING, m->tmpl->point->comps->tok);
	diag(s, S_DW_NO_MATCH, NULL, kern_similar_symbols(s, name));
	return -1;
}

/* kprobe.function(PATTERN): a kernel function symbol, or each of a glob */
static int kprobe_kernel(struct session *s, struct probe_match *m)
{
	const char *name = probes_str_arg(m->tmpl->point, 1), **v;
	struct dwx_sym sym;
	bool no_table;
	int i, n;

	if (kprobe_glob(name)) {
		n = kern_symbols_matching(s, name, &v);
		if (n < 0)
			return probes_unsupported(s, m,
				"kprobe.function wildcard without a symbol table");
		for (i = 0; i < n; i++)
			kprobe_add(s, m, NULL, v[i], true);
		return n ? 0 : kprobe_no_match(s, m, name);
	}
	if (!kern_symbol(s, name, &sym, &no_table) && !no_table)
		return kprobe_no_match(s, m, name);
	kprobe_add(s, m, NULL, name, false);
	return 0;
}

/* The function symbols of one module's debuginfo matching fglob. */
static int kprobe_module_globs(struct session *s, struct probe_match *m,
			       const struct kern_module *km, const char *fglob)
{
	const char *err, **v;
	struct dwx *x = kern_module_index(s, km, &err);
	int i, n, made = 0;

	if (!x)
		return 0;
	n = dwx_func_sym_names(x, &v);
	for (i = 0; i < n; i++)
		if (!fnmatch(fglob, v[i], 0)) {
			kprobe_add(s, m, km->name, v[i], true);
			made++;
		}
	return made;
}

/* kprobe.module(M).function(F): "M:F" for the kernel to resolve; globs
 * over the installed module debuginfo. */
static int kprobe_module(struct session *s, struct probe_match *m)
{
	const char *mod = probes_str_arg(m->tmpl->point, 1);
	const char *fn = probes_str_arg(m->tmpl->point, 2);
	const struct kern_module *mods;
	int i, n, made = 0;

	if (!kprobe_glob(mod) && !kprobe_glob(fn)) {
		kprobe_add(s, m, mod, fn, false);
		return 0;
	}
	n = strchr(mod, '/') ? 0 : kern_modules(s, mod, &mods);
	for (i = 0; i < n; i++) {
		if (!kprobe_glob(fn)) {
			kprobe_add(s, m, mods[i].name, fn, true);
			made++;
		} else {
			made += kprobe_module_globs(s, m, &mods[i], fn);
		}
	}
	if (made || m->optional)
		return 0;
	diag(s, S_PP_RESOLVING, m->tmpl->point->comps->tok);
	diag(s, S_DW_NO_MATCH, NULL, "");
	return -1;
}

/* kprobe.statement(ADDRESS).absolute: guru only, the address as given */
static int kprobe_absolute(struct session *s, struct probe_match *m)
{
	struct kprobe_probe *k;

	if (!s->guru) {
		diag(s, S_PP_RESOLVING, m->tmpl->point->comps->tok);
		diag(s, S_DW_ABS_UNPRIV, dwarf_keyword_tok(m->tmpl));
		return -1;
	}
	k = kprobe_new(s, m);
	k->addr = (uint64_t)probes_num_arg(m->tmpl->point, 1);
	k->func = "";
	probes_add(s, m, probes_point_set_addr(s, m->tmpl->point, 1, k->addr),
		   k);
	return 0;
}

static int kprobe_derive(struct session *s, struct probe_match *m)
{
	if (m->role == KP_STATEMENT)
		return kprobe_absolute(s, m);
	if (m->role >= KP_MCALL)
		return kprobe_module(s, m);
	return kprobe_kernel(s, m);
}

static const char *kprobe_ppfunc(const struct derived_probe *dp)
{
	const struct kprobe_probe *k = dp->priv;

	return k->func;
}

/* -p2, as SystemTap: " / *  name = ksys_read* /". */
static const char *kprobe_comment(struct session *s,
				  const struct derived_probe *dp)
{
	const struct kprobe_probe *k = dp->priv;

	return arena_printf(s->arena, " /*  name = %s*/",
			    k->symbol ? k->symbol : "");
}

/* The entry stub: stp_kprobe_run() with its probe and handler constant. */
static void kprobe_prelude(struct emit *e, struct derived_probe *dp)
{
	const struct kprobe_probe *k = dp->priv;

	emit_kprobe_stub(e, dp, k->is_return);
}

static const char *kprobe_table(struct emit *e, struct derived_probe **v,
				int n)
{
	int i;

	fprintf(e->out, "static struct stp_kprobe stp_kprobes[] = {\n");
	for (i = 0; i < n; i++) {
		const struct kprobe_probe *k = v[i]->priv;

		fprintf(e->out, "\t{ .probe = &stp_probes[%d], ", v[i]->index);
		if (k->symbol) {
			fputs(".symbol = ", e->out);
			emit_cstring(e->out, k->symbol, strlen(k->symbol));
		} else {
			fprintf(e->out, ".addr = 0x%" PRIx64 "ULL, "
				".absolute = true", k->addr);
		}
		fprintf(e->out, ", .offset = %" PRId64 "LL, .is_return = %s, "
			".optional = %s, .maxactive = %d, %s },\n",
			k->offset, k->is_return ? "true" : "false",
			v[i]->origin && v[i]->origin->optional ? "true"
							      : "false",
			(int)k->maxactive,
			emit_kprobe_stub_field(e, v[i], k->is_return));
	}
	fprintf(e->out, "};\n");
	return "stp_kprobes";
}

const struct probe_family probe_kprobe_family = {
	.name = "kprobe", .patterns = kprobe_patterns,
	.derive = kprobe_derive, .ppfunc = kprobe_ppfunc,
	.comment = kprobe_comment,
	.emit_prelude = kprobe_prelude, .emit_table = kprobe_table,
	.rt_ops = "stp_kprobe_ops",
};
