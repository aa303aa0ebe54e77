/* probe_unsupported.c - SystemTap probe families not implemented yet.
 *
 * Each family below claims every probe point starting with its name, so
 * a script using one fails in pass 2 with "probe point family 'NAME' is
 * not supported yet" instead of a misleading "probe point mismatch".
 * Later work replaces an entry here with a real probe_<family>.c.
 */
#include "probes.h"

static int unsup_derive(struct session *s, struct probe_match *m)
{
	const struct derived_probe *dp = m->tmpl;
	const struct probe_comp *c = dp->point->comps;
	const char *what = c->functor;

	if (c->next)
		what = arena_printf(s->arena, "%s.%s", c->functor,
				    c->next->functor);
	return probes_unsupported(s, m, what);
}

#define UNSUPPORTED(var, fname)						\
	static const struct probe_pattern var##_patterns[] = {		\
		PROBE_PATTERN(fname, 0), PROBE_PATTERNS_END,		\
	};								\
	static const struct probe_family var = {			\
		.name = fname, .patterns = var##_patterns,		\
		.derive = unsup_derive, .catch_all = true,		\
	}

UNSUPPORTED(unsup_process, "process");
UNSUPPORTED(unsup_perf, "perf");
UNSUPPORTED(unsup_netfilter, "netfilter");
UNSUPPORTED(unsup_java, "java");
UNSUPPORTED(unsup_python2, "python2");
UNSUPPORTED(unsup_python3, "python3");
/* Tapset alias families not written yet (an alias of the name wins). */
UNSUPPORTED(unsup_nfs, "nfs");
UNSUPPORTED(unsup_nfsd, "nfsd");
UNSUPPORTED(unsup_sunrpc, "sunrpc");
UNSUPPORTED(unsup_tcpmib, "tcpmib");
UNSUPPORTED(unsup_ipmib, "ipmib");
UNSUPPORTED(unsup_linuxmib, "linuxmib");
UNSUPPORTED(unsup_ioblock_trace, "ioblock_trace");
UNSUPPORTED(unsup_ioscheduler_trace, "ioscheduler_trace");

const struct probe_family *const probe_unsupported_families[] = {
	&unsup_process, &unsup_perf,
	&unsup_netfilter, &unsup_java, &unsup_python2,
	&unsup_python3, &unsup_nfs, &unsup_nfsd, &unsup_sunrpc,
	&unsup_tcpmib, &unsup_ipmib, &unsup_linuxmib, &unsup_ioblock_trace,
	&unsup_ioscheduler_trace, NULL,
};
