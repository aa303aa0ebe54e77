// SPDX-License-Identifier: GPL-2.0
/*
 * probe_timer.c - timer.{jiffies,hz,s,ms,us,ns}(N)[.randomize(M)] and
 * timer.profile.
 *
 * Interval timers are one hrtimer each (they fire on whichever CPU armed
 * them); timer.profile is a pinned hrtimer per online CPU ticking at HZ,
 * so it samples every CPU and hands the interrupted registers to the
 * handler.
 *
 * Invariant: callbacks never sleep and always re-arm at least
 * STP_TIMER_MIN_NS ahead; stp_timer_unregister waits for running callbacks
 * (hrtimer_cancel), so no handler runs after it returns.
 */

#ifndef STP_TIMER_MIN_NS
#define STP_TIMER_MIN_NS 100000		/* 100us: keeps a TCG guest usable */
#endif

struct stp_timer {
	const struct stp_probe *probe;
	int64_t period_ns;		/* 0 for timer.jiffies/hz: see jiffies */
	int64_t randomize_ns;
	int64_t jiffies;
	bool use_jiffies;
	bool profile;			/* timer.profile: one per CPU */
	/* runtime state */
	struct hrtimer hrt;		/* interval timers */
	struct stp_timer_cpu *percpu;	/* timer.profile */
	bool armed;
};

struct stp_timer_cpu {
	struct hrtimer hrt;
	struct stp_timer *t;
};

/* The next interval: the period plus a random offset in [-r, r]. */
static u64 stp_timer_interval(const struct stp_timer *t)
{
	int64_t ns = t->use_jiffies ? t->jiffies * (int64_t)TICK_NSEC
				    : t->period_ns;

	if (t->profile)
		ns = TICK_NSEC;
	if (t->randomize_ns > 0)
		ns += (int64_t)(get_random_u64() %
				(u64)(2 * t->randomize_ns + 1)) -
		      t->randomize_ns;
	return ns < STP_TIMER_MIN_NS ? STP_TIMER_MIN_NS : (u64)ns;
}

static enum hrtimer_restart stp_timer_fire(struct hrtimer *h)
{
	struct stp_timer *t = container_of(h, struct stp_timer, hrt);

	stp_probe_run(t->probe, STP_SESSION_RUNNING, NULL, NULL, NULL);
	hrtimer_forward_now(h, ns_to_ktime(stp_timer_interval(t)));
	return HRTIMER_RESTART;
}

static enum hrtimer_restart stp_timer_profile_fire(struct hrtimer *h)
{
	struct stp_timer_cpu *tc = container_of(h, struct stp_timer_cpu, hrt);

	stp_probe_run(tc->t->probe, STP_SESSION_RUNNING, get_irq_regs(),
		      NULL, NULL);
	hrtimer_forward_now(h, ns_to_ktime(stp_timer_interval(tc->t)));
	return HRTIMER_RESTART;
}

/* on_each_cpu callback: arm this CPU's profile timer */
static void __stp_timer_profile_arm(void *arg)
{
	struct stp_timer *t = arg;
	struct stp_timer_cpu *tc = stp_alloc_this_cpu(t->percpu, sizeof(*tc));

	tc->t = t;
	stp_compat_hrtimer_setup(&tc->hrt, stp_timer_profile_fire,
				 CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED);
	hrtimer_start(&tc->hrt, ns_to_ktime(stp_timer_interval(t)),
		      HRTIMER_MODE_REL_PINNED);
}

static int stp_timer_arm(struct stp_timer *t)
{
	if (t->profile) {
		t->percpu = stp_alloc_percpu(sizeof(struct stp_timer_cpu));
		if (!t->percpu)
			return -ENOMEM;
		on_each_cpu(__stp_timer_profile_arm, t, 1);
	} else {
		stp_compat_hrtimer_setup(&t->hrt, stp_timer_fire,
					 CLOCK_MONOTONIC, HRTIMER_MODE_REL);
		hrtimer_start(&t->hrt, ns_to_ktime(stp_timer_interval(t)),
			      HRTIMER_MODE_REL);
	}
	t->armed = true;
	return 0;
}

static void stp_timer_disarm(struct stp_timer *t)
{
	int cpu;

	if (!t->armed)
		return;
	t->armed = false;
	if (!t->profile) {
		hrtimer_cancel(&t->hrt);
		return;
	}
	for_each_online_cpu(cpu) {
		struct stp_timer_cpu *tc =
			stp_alloc_cpu_ptr(t->percpu, sizeof(*tc), cpu);

		if (tc->t)
			hrtimer_cancel(&tc->hrt);
	}
	stp_alloc_free(t->percpu);
	t->percpu = NULL;
}

static int stp_timer_register(void *table, int n)
{
	struct stp_timer *t = table;
	int i, rc;

	for (i = 0; i < n; i++) {
		rc = stp_timer_arm(&t[i]);
		if (rc) {
			while (i-- > 0)
				stp_timer_disarm(&t[i]);
			return rc;
		}
	}
	return 0;
}

static void stp_timer_unregister(void *table, int n)
{
	struct stp_timer *t = table;
	int i;

	for (i = 0; i < n; i++)
		stp_timer_disarm(&t[i]);
}

static const struct stp_family_ops stp_timer_ops = {
	.name = "timer",
	.reg = stp_timer_register,
	.unreg = stp_timer_unregister,
};
