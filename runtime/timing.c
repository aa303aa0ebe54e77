// SPDX-License-Identifier: GPL-2.0
/*
 * timing.c - stap -t: how often each probe ran and how many cycles its
 * handler took (the module is built with STP_TIMING).
 *
 * Each CPU counts into its own row of one struct stp_timing per probe
 * (index = stp_probe.index), with interrupts or preemption already off in
 * the probe path, so a hit costs two get_cycles() and no lock.  The rows
 * are summed when the session stops, after the end probes, for the
 * "probe hit report" (module.c).  Without STP_TIMING the hooks are empty.
 */
#ifdef STP_TIMING
struct stp_timing {
	u64 count, sum, sumsq, min, max;
};

static struct stp_timing *stp_timing_base;	/* per CPU: n entries */
static int stp_timing_n;

static int stp_timing_init(int nprobes)
{
	stp_timing_n = nprobes > 0 ? nprobes : 1;
	stp_timing_base = stp_alloc_percpu(sizeof(struct stp_timing) *
					   stp_timing_n);
	return stp_timing_base ? 0 : -ENOMEM;
}

static void stp_timing_free(void)
{
	stp_alloc_free(stp_timing_base);
	stp_timing_base = NULL;
}

static __always_inline u64 stp_timing_start(void)
{
	return get_cycles();
}

static __always_inline void stp_timing_hit(int index, u64 t0)
{
	u64 d = get_cycles() - t0;
	struct stp_timing *t;

	if (unlikely(!stp_timing_base || index < 0 || index >= stp_timing_n))
		return;
	t = (struct stp_timing *)stp_alloc_this_cpu(stp_timing_base,
			sizeof(*t) * stp_timing_n) + index;
	if (t->count == 0 || d < t->min)
		t->min = d;
	if (d > t->max)
		t->max = d;
	t->count++;
	t->sum += d;
	t->sumsq += d * d;
}

/* every CPU's row of probe index, summed into *out */
static void stp_timing_sum(int index, struct stp_timing *out)
{
	const struct stp_timing *t;
	int cpu;

	memset(out, 0, sizeof(*out));
	for_each_possible_cpu(cpu) {
		t = (const struct stp_timing *)stp_alloc_cpu_ptr(
			stp_timing_base, sizeof(*t) * stp_timing_n, cpu) + index;
		if (!t->count)
			continue;
		if (!out->count || t->min < out->min)
			out->min = t->min;
		if (t->max > out->max)
			out->max = t->max;
		out->count += t->count;
		out->sum += t->sum;
		out->sumsq += t->sumsq;
	}
}

/* sample variance of the cycles, 0 for fewer than two hits */
static u64 stp_timing_variance(const struct stp_timing *t)
{
	u64 avg = div64_u64(t->sum, t->count);
	u64 mean_sq = div64_u64(t->sumsq, t->count);

	if (t->count < 2 || mean_sq < avg * avg)
		return 0;
	return div64_u64((mean_sq - avg * avg) * t->count, t->count - 1);
}
#else
static inline int stp_timing_init(int nprobes) { return 0; }
static inline void stp_timing_free(void) { }
static __always_inline u64 stp_timing_start(void) { return 0; }
static __always_inline void stp_timing_hit(int index, u64 t0) { }
#endif
