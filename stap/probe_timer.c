/* probe_timer.c - the timer.* probe family.
 *
 * Pass 2: timer.jiffies(N), timer.s/ms/us/ns(N) and timer.hz(N), each
 * (but hz) with an optional .randomize(M), plus timer.profile.  Intervals
 * are kept in nanoseconds or in jiffies, checked against SystemTap's
 * limits.  Pass 3: one struct stp_timer per probe, registered by
 * runtime/probe_timer.c (stp_timer_ops).
 */
#include <inttypes.h>

#include "emit.h"
#include "probes.h"

/* Roles: the unit of the interval (index into timer_units). */
enum timer_role {
	TM_JIFFIES, TM_S, TM_MS, TM_US, TM_NS, TM_HZ, TM_PROFILE,
};

#define TIMER_UNIT(name, role)					\
	PROBE_PATTERN("timer." name "(number)", role),			\
	PROBE_PATTERN("timer." name "(number).randomize(number)", role)

static const struct probe_pattern timer_patterns[] = {
	TIMER_UNIT("jiffies", TM_JIFFIES),
	TIMER_UNIT("s", TM_S), TIMER_UNIT("sec", TM_S),
	TIMER_UNIT("ms", TM_MS), TIMER_UNIT("msec", TM_MS),
	TIMER_UNIT("us", TM_US), TIMER_UNIT("usec", TM_US),
	TIMER_UNIT("ns", TM_NS), TIMER_UNIT("nsec", TM_NS),
	PROBE_PATTERN("timer.hz(number)", TM_HZ),
	PROBE_PATTERN("timer.profile", TM_PROFILE),
	PROBE_PATTERNS_END,
};

struct timer_unit {
	int64_t ns;		/* one unit in ns */
	int64_t min, max;	/* allowed interval, in units */
};

static const struct timer_unit timer_units[] = {
	[TM_JIFFIES] = { 0, 1, 1000000 },
	[TM_S] = { 1000000000, 1, 86400 },
	[TM_MS] = { 1000000, 1, 86400000 },
	[TM_US] = { 1000, 100, 86400000000LL },
	[TM_NS] = { 1, 100000, 86400000000000LL },
};

struct timer_probe {
	int64_t period_ns;
	int64_t randomize_ns;		/* in jiffies for timer.jiffies */
	int64_t jiffies;
	bool use_jiffies;
	bool profile;
};

static int timer_bad(struct session *s, struct derived_probe *dp,
		     const char *msg)
{
	diag(s, S_PP_RESOLVING, dp->point->comps->tok);
	diag(s, S_PP_BAD_ARG, NULL, msg);
	return -1;
}

static int timer_hz(struct session *s, struct derived_probe *dp,
		    struct timer_probe *t)
{
	int64_t hz = probes_num_arg(dp->point, 1);

	if (hz <= 0)
		return timer_bad(s, dp, "frequency must be greater than 0");
	t->period_ns = 1000000000LL / hz;
	if (t->period_ns < 100000)
		return timer_bad(s, dp, "interval value out of range (100000, 86400000000000)");
	return 0;
}

static int timer_jiffies(struct session *s, struct derived_probe *dp,
			 struct timer_probe *t, int64_t n, int64_t r)
{
	const struct timer_unit *u = &timer_units[TM_JIFFIES];

	if (n < u->min || n > u->max)
		return timer_bad(s, dp, "invalid interval for jiffies timer");
	if (r < 0 || r > n)
		return timer_bad(s, dp, "invalid randomize for jiffies timer");
	t->use_jiffies = true;
	t->jiffies = n;
	t->randomize_ns = r;
	return 0;
}

static int timer_fill(struct session *s, struct derived_probe *dp,
		      struct timer_probe *t, int role)
{
	const struct timer_unit *u;
	int64_t n = probes_num_arg(dp->point, 1);
	int64_t r = probes_comp(dp->point, 2) ? probes_num_arg(dp->point, 2)
					      : 0;

	if (role == TM_PROFILE)
		return t->profile = true, 0;
	if (role == TM_HZ)
		return timer_hz(s, dp, t);
	if (role == TM_JIFFIES)
		return timer_jiffies(s, dp, t, n, r);
	u = &timer_units[role];
	if (n < u->min || n > u->max)
		return timer_bad(s, dp, arena_printf(s->arena,
			"interval value out of range (%lld, %lld)",
			(long long)u->min, (long long)u->max));
	if (r < 0 || r > n)
		return timer_bad(s, dp, "randomization value out of range");
	t->period_ns = n * u->ns;
	t->randomize_ns = r * u->ns;
	return 0;
}

static int timer_derive(struct session *s, struct probe_match *m)
{
	struct timer_probe *t = ARENA_NEW(s->arena, struct timer_probe);

	if (timer_fill(s, m->tmpl, t, m->role) < 0)
		return -1;
	probes_add(s, m, NULL, t);
	return 0;
}

static const char *timer_table(struct emit *e, struct derived_probe **v,
			       int n)
{
	int i;

	fprintf(e->out, "static struct stp_timer stp_timers[] = {\n");
	for (i = 0; i < n; i++) {
		const struct timer_probe *t = v[i]->priv;

		fprintf(e->out, "\t{ .probe = &stp_probes[%d], .period_ns = %"
			PRId64 "LL, .randomize_ns = %" PRId64 "LL, .jiffies = %"
			PRId64 "LL, .use_jiffies = %s, .profile = %s },\n",
			v[i]->index, t->period_ns, t->randomize_ns, t->jiffies,
			t->use_jiffies ? "true" : "false",
			t->profile ? "true" : "false");
	}
	fprintf(e->out, "};\n");
	return "stp_timers";
}

const struct probe_family probe_timer_family = {
	.name = "timer", .patterns = timer_patterns, .derive = timer_derive,
	.emit_table = timer_table, .rt_ops = "stp_timer_ops",
};
