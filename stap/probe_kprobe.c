/* probe_kprobe.c - the kprobe.* probe family (pass 2).
 *
 * kprobe.function("sym") and kprobe.function("sym").return[.maxactive(N)]
 * resolve without debuginfo.  When the target kernel's System.map is
 * readable and real (Debian installs a placeholder) the symbol must be a
 * text symbol in it ("no match" otherwise).
 * kprobe.module("m").function("f") and kprobe.statement(ADDR).absolute
 * are recognised and reported as not supported yet.
 */
#include <stdlib.h>
#include <string.h>

#include "probes.h"

static const char *const kprobe_patterns[] = {
	"kprobe.function(string)",
	"kprobe.function(string).return",
	"kprobe.function(string).return.maxactive(number)",
	"kprobe.module(string).function(string)",
	"kprobe.module(string).function(string).return",
	"kprobe.statement(number).absolute",
	NULL,
};

/* 1 found, 0 not found, -1 no System.map to ask. */
static int kprobe_lookup(struct session *s, const char *sym)
{
	const char *kv = s->kernel_release;
	char line[512], *p;
	size_t n = strlen(sym);
	FILE *f;
	int found = 0, texts = 0;

	if (!kv || !*kv || kv[0] == '/')
		return -1;
	f = fopen(arena_printf(s->arena, "/boot/System.map-%s", kv), "r");
	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f)) {
		p = strchr(line, ' ');
		if (!p || !strchr("tTwW", p[1]) || p[2] != ' ')
			continue;
		texts++;
		found = !strncmp(p + 3, sym, n) &&
			(p[3 + n] == '\n' || p[3 + n] == '\0');
	}
	fclose(f);
	return texts ? found : -1;	/* Debian ships a placeholder map */
}

static int kprobe_derive(struct session *s, struct derived_probe *dp, int pat)
{
	dp->kind = PK_KPROBE;
	if (pat >= 3)
		return probes_unsupported(s, dp, pat == 5 ? "kprobe.statement"
							  : "kprobe.module");
	dp->symbol = probes_str_arg(dp->point, 1);
	dp->is_return = pat >= 1;
	dp->maxactive = pat == 2 ? probes_num_arg(dp->point, 3) : 0;
	if (strchr(dp->symbol, '*') || strchr(dp->symbol, '?'))
		return probes_unsupported(s, dp, "kprobe.function wildcard");
	if (!elab_state(s)->in_listing && kprobe_lookup(s, dp->symbol) == 0) {
		diag(s, S_PP_RESOLVING, dp->point->comps->tok);
		diag(s, S_PP_NO_MATCH, NULL);
		return -1;
	}
	return 0;
}

const struct probe_family probe_kprobe_family = {
	.name = "kprobe", .patterns = kprobe_patterns,
	.derive = kprobe_derive,
	.unsupported = 1u << 3 | 1u << 4 | 1u << 5,	/* module, statement */
};
