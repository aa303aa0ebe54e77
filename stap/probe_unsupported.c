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
UNSUPPORTED(unsup_procfs, "procfs");
UNSUPPORTED(unsup_netfilter, "netfilter");
UNSUPPORTED(unsup_java, "java");
UNSUPPORTED(unsup_python2, "python2");
UNSUPPORTED(unsup_python3, "python3");

const struct probe_family *const probe_unsupported_families[] = {
	&unsup_process, &unsup_perf,
	&unsup_procfs, &unsup_netfilter, &unsup_java, &unsup_python2,
	&unsup_python3, NULL,
};
