/* probe_timer.c - the timer.* probe family (pass 2).
 *
 * timer.jiffies(N), timer.s/ms/us/ns(N) and timer.hz(N), each (but hz)
 * with an optional .randomize(M), plus timer.profile.  Intervals are kept
 * in nanoseconds (period_ns, randomize_ns) or in jiffies (use_jiffies),
 * checked against SystemTap's limits.
 */
#include "probes.h"

static const char *const timer_patterns[] = {
	"timer.jiffies(number)", "timer.jiffies(number).randomize(number)",
	"timer.s(number)", "timer.s(number).randomize(number)",
	"timer.sec(number)", "timer.sec(number).randomize(number)",
	"timer.ms(number)", "timer.ms(number).randomize(number)",
	"timer.msec(number)", "timer.msec(number).randomize(number)",
	"timer.us(number)", "timer.us(number).randomize(number)",
	"timer.usec(number)", "timer.usec(number).randomize(number)",
	"timer.ns(number)", "timer.ns(number).randomize(number)",
	"timer.nsec(number)", "timer.nsec(number).randomize(number)",
	"timer.hz(number)", "timer.profile", NULL,
};

struct timer_unit {
	int64_t ns;		/* one unit in ns */
	int64_t min, max;	/* allowed interval, in units */
};

/* Indexed by pattern / 2: jiffies, s, sec, ms, msec, us, usec, ns, nsec. */
static const struct timer_unit timer_units[] = {
	{ 0, 1, 1000000 },
	{ 1000000000, 1, 86400 }, { 1000000000, 1, 86400 },
	{ 1000000, 1, 86400000 }, { 1000000, 1, 86400000 },
	{ 1000, 100, 86400000000LL }, { 1000, 100, 86400000000LL },
	{ 1, 100000, 86400000000000LL }, { 1, 100000, 86400000000000LL },
};

static int timer_bad(struct session *s, struct derived_probe *dp,
		     const char *msg)
{
	diag(s, S_PP_RESOLVING, dp->point->comps->tok);
	diag(s, S_PP_BAD_ARG, NULL, msg);
	return -1;
}

static int timer_hz(struct session *s, struct derived_probe *dp)
{
	int64_t hz = probes_num_arg(dp->point, 1);

	if (hz <= 0)
		return timer_bad(s, dp, "frequency must be greater than 0");
	dp->period_ns = 1000000000LL / hz;
	if (dp->period_ns < 100000)
		return timer_bad(s, dp, "interval value out of range (100000, 86400000000000)");
	return 0;
}

static int timer_derive(struct session *s, struct derived_probe *dp, int pat)
{
	const struct timer_unit *u = &timer_units[pat / 2];
	int64_t n = probes_num_arg(dp->point, 1);
	int64_t r = pat & 1 ? probes_num_arg(dp->point, 2) : 0;

	dp->kind = PK_TIMER;
	if (timer_patterns[pat + 1] == NULL)
		return dp->kind = PK_PROFILE, 0;
	if (pat == 18)
		return timer_hz(s, dp);
	if (pat < 2) {
		if (n < u->min || n > u->max)
			return timer_bad(s, dp, "invalid interval for jiffies timer");
		if (r < 0 || r > n)
			return timer_bad(s, dp, "invalid randomize for jiffies timer");
		dp->use_jiffies = true;
		dp->jiffies = n;
		dp->randomize_ns = r;	/* in jiffies for this kind */
		return 0;
	}
	if (n < u->min || n > u->max)
		return timer_bad(s, dp, arena_printf(s->arena,
			"interval value out of range (%lld, %lld)",
			(long long)u->min, (long long)u->max));
	if (r < 0 || r > n)
		return timer_bad(s, dp, "randomization value out of range");
	dp->period_ns = n * u->ns;
	dp->randomize_ns = r * u->ns;
	return 0;
}

const struct probe_family probe_timer_family = {
	.name = "timer", .patterns = timer_patterns, .derive = timer_derive,
};
