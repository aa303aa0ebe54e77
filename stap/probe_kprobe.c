/* probe_kprobe.c - the kprobe.* probe family (dwarfless).
 *
 * Pass 2: kprobe.function("sym") and kprobe.function("sym").return
 * [.maxactive(N)] resolve without debuginfo: the symbol must be a
 * function in the target kernel's symbol table (kernel.c: the debuginfo's
 * or a real System.map), else "no match" with similar names; with no
 * table at all SystemTap's warning::symbols is given and the kernel
 * decides at registration.
 * kprobe.module("m").function("f") and kprobe.statement(ADDR).absolute
 * are recognised and reported as not supported yet.
 * Pass 3: per probe an entry stub with its probe and handler constant
 * (probe_<i>_kp / probe_<i>_kret), and one struct stp_kprobe table that
 * runtime/probe_kprobe.c registers (stp_kprobe_ops).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "kernel.h"
#include "probes.h"

enum kprobe_role {
	KP_CALL, KP_RETURN, KP_MAXACTIVE, KP_MODULE, KP_STATEMENT,
};

static const struct probe_pattern kprobe_patterns[] = {
	PROBE_PATTERN("kprobe.function(string)", KP_CALL),
	PROBE_PATTERN("kprobe.function(string).return", KP_RETURN),
	PROBE_PATTERN("kprobe.function(string).return.maxactive(number)",
		      KP_MAXACTIVE),
	PROBE_UNSUPPORTED("kprobe.module(string).function(string)", KP_MODULE),
	PROBE_UNSUPPORTED("kprobe.module(string).function(string).return",
			  KP_MODULE),
	PROBE_UNSUPPORTED("kprobe.statement(number).absolute", KP_STATEMENT),
	PROBE_PATTERNS_END,
};

struct kprobe_probe {
	const char *symbol;
	int64_t offset;
	bool is_return;
	int64_t maxactive;
};

static int kprobe_derive(struct session *s, struct probe_match *m)
{
	struct derived_probe *dp = m->tmpl;
	struct kprobe_probe *k;
	struct dwx_sym sym;
	bool no_table;

	if (m->role == KP_MODULE || m->role == KP_STATEMENT)
		return probes_unsupported(s, m, m->role == KP_STATEMENT ?
					  "kprobe.statement" : "kprobe.module");
	k = ARENA_NEW(s->arena, struct kprobe_probe);
	k->symbol = probes_str_arg(dp->point, 1);
	k->is_return = m->role != KP_CALL;
	k->maxactive = m->role == KP_MAXACTIVE ? probes_num_arg(dp->point, 3)
					       : 0;
	if (strchr(k->symbol, '*') || strchr(k->symbol, '?'))
		return probes_unsupported(s, m, "kprobe.function wildcard");
	if (!kern_symbol(s, k->symbol, &sym, &no_table) && !no_table) {
		if (m->optional)
			return 0;
		diag(s, S_PP_RESOLVING, dp->point->comps->tok);
		diag(s, S_DW_NO_MATCH, NULL,
		     kern_similar_symbols(s, k->symbol));
		return -1;
	}
	probes_add(s, m, NULL, k);
	return 0;
}

static const char *kprobe_ppfunc(const struct derived_probe *dp)
{
	const struct kprobe_probe *k = dp->priv;

	return k->symbol;
}

/* -p2, as SystemTap: " / *  name = ksys_read* /". */
static const char *kprobe_comment(struct session *s,
				  const struct derived_probe *dp)
{
	const struct kprobe_probe *k = dp->priv;

	return arena_printf(s->arena, " /*  name = %s*/", k->symbol);
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

		fprintf(e->out, "\t{ .probe = &stp_probes[%d], .symbol = ",
			v[i]->index);
		emit_cstring(e->out, k->symbol, strlen(k->symbol));
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
