// SPDX-License-Identifier: GPL-2.0
/*
 * stat.c - statistics aggregates: `s <<< v`, @count @sum @min @max @avg
 * @variance, @hist_log / @hist_linear buckets and their ASCII-art printing.
 *
 * Invariant: a sample only touches the accumulator of the current CPU (no
 * shared lock on the hot path); readers merge every CPU into a separate
 * aggregate copy under the global's exclusive lock. Integer arithmetic only.
 */

enum stp_hist_type { STP_HIST_NONE, STP_HIST_LOG, STP_HIST_LINEAR };

struct stp_stat_desc {
	enum stp_hist_type hist;
	int64_t start, stop, interval;
	int bit_shift;
};

enum stp_stat_op {
	STP_STAT_COUNT, STP_STAT_SUM, STP_STAT_MIN, STP_STAT_MAX,
	STP_STAT_AVG, STP_STAT_VARIANCE
};

/* One accumulator; avg_s and m2 are Welford's running mean and sum of
 * squared deviations of the samples scaled by 2^bit_shift. */
struct stp_stat {
	int64_t count, sum, min, max;
	int64_t avg_s, m2;
	int64_t hist[];
};

/* A scalar statistic: one accumulator per CPU plus the merged view. */
struct stp_pstat {
	const struct stp_stat_desc *desc;
	size_t size;
	void *pcpu;
	struct stp_stat *agg;
};

#define STP_HIST_LOG_BUCKETS 128	/* -2^63 .. -1, 0, 1 .. 2^62 */
#define STP_HIST_LOG_ZERO 64		/* index of the 0 bucket */
#define STP_HIST_MAX_BUCKETS 16384
#define STP_HIST_WIDTH 50

/* Linear payload buckets: start..stop inclusive, by interval. */
static int64_t stp_stat_linear_n(const struct stp_stat_desc *d)
{
	return (d->stop - d->start) / d->interval + 1;
}

/* Buckets stored: log 128; linear payload + underflow + overflow. */
static int stp_stat_nbuckets(const struct stp_stat_desc *d)
{
	if (!d || d->hist == STP_HIST_NONE)
		return 0;
	if (d->hist == STP_HIST_LOG)
		return STP_HIST_LOG_BUCKETS;
	return (int)stp_stat_linear_n(d) + 2;
}

static bool stp_stat_desc_ok(const struct stp_stat_desc *d)
{
	if (!d || d->bit_shift < 0 || d->bit_shift > 62)
		return false;
	if (d->hist != STP_HIST_LINEAR)
		return true;
	return d->interval > 0 && d->stop > d->start &&
	       (d->stop - d->start) / d->interval < STP_HIST_MAX_BUCKETS;
}

static size_t stp_stat_size(const struct stp_stat_desc *d)
{
	return sizeof(struct stp_stat) +
	       (size_t)stp_stat_nbuckets(d) * sizeof(int64_t);
}

static void stp_stat_reset(struct stp_stat *st, const struct stp_stat_desc *d)
{
	memset(st, 0, stp_stat_size(d));
}

/* floor(log2(u)) for u > 0. */
static int stp_stat_ilog2(uint64_t u)
{
	int n = 0;

	while (u >>= 1)
		n++;
	return n;
}

static int stp_stat_log_index(int64_t v)
{
	if (v == 0)
		return STP_HIST_LOG_ZERO;
	if (v > 0)
		return STP_HIST_LOG_ZERO + 1 + stp_stat_ilog2((uint64_t)v);
	return STP_HIST_LOG_ZERO - 1 - stp_stat_ilog2(0 - (uint64_t)v);
}

static int stp_stat_linear_index(const struct stp_stat_desc *d, int64_t v)
{
	int64_t n = stp_stat_linear_n(d), i;

	if (v < d->start)
		return 0;
	i = (v - d->start) / d->interval;
	return i >= n ? (int)n + 1 : (int)i + 1;
}

/* Welford update with the sample scaled by 2^bit_shift. */
static void stp_stat_welford(struct stp_stat *st, int64_t v, int shift)
{
	int64_t x = (int64_t)((uint64_t)v << shift), delta;

	if (st->count == 1) {
		st->avg_s = x;
		st->m2 = 0;
		return;
	}
	delta = x - st->avg_s;
	st->avg_s += delta / st->count;
	st->m2 += delta * (x - st->avg_s);
}

/* Add one sample to one accumulator. */
static void stp_stat_sample(struct stp_stat *st, const struct stp_stat_desc *d,
			    int64_t v)
{
	if (st->count == 0 || v < st->min)
		st->min = v;
	if (st->count == 0 || v > st->max)
		st->max = v;
	st->count++;
	st->sum += v;
	stp_stat_welford(st, v, d->bit_shift);
	if (d->hist == STP_HIST_LOG)
		st->hist[stp_stat_log_index(v)]++;
	else if (d->hist == STP_HIST_LINEAR)
		st->hist[stp_stat_linear_index(d, v)]++;
}

/* dst += src (parallel Welford merge for the variance terms). */
static void stp_stat_merge(struct stp_stat *dst, const struct stp_stat *src,
			   const struct stp_stat_desc *d)
{
	int64_t n, delta, t;
	int i, nb = stp_stat_nbuckets(d);

	if (src->count == 0)
		return;
	if (dst->count == 0) {
		memcpy(dst, src, stp_stat_size(d));
		return;
	}
	n = dst->count + src->count;
	delta = src->avg_s - dst->avg_s;
	t = delta * delta * dst->count;	/* m2 += t * src->count / n */
	dst->m2 += src->m2 + t / n * src->count + t % n * src->count / n;
	dst->avg_s += delta * src->count / n;
	dst->min = src->min < dst->min ? src->min : dst->min;
	dst->max = src->max > dst->max ? src->max : dst->max;
	dst->count = n;
	dst->sum += src->sum;
	for (i = 0; i < nb; i++)
		dst->hist[i] += src->hist[i];
}

static int stp_stat_init(struct stp_pstat *ps, const struct stp_stat_desc *d)
{
	if (!stp_stat_desc_ok(d))
		return -EINVAL;
	ps->desc = d;
	ps->size = stp_stat_size(d);
	ps->pcpu = stp_alloc_percpu(ps->size);
	ps->agg = stp_alloc_zeroed(ps->size);
	if (ps->pcpu && ps->agg)
		return 0;
	stp_alloc_free(ps->pcpu);
	stp_alloc_free(ps->agg);
	ps->pcpu = NULL;
	ps->agg = NULL;
	return -ENOMEM;
}

static void stp_stat_free(struct stp_pstat *ps)
{
	stp_alloc_free(ps->pcpu);
	stp_alloc_free(ps->agg);
	ps->pcpu = NULL;
	ps->agg = NULL;
}

/* s <<< v: this CPU only; preemption disabled by the caller. */
static void stp_stat_add(struct stp_pstat *ps, int64_t v)
{
	stp_stat_sample(stp_alloc_this_cpu(ps->pcpu, ps->size), ps->desc, v);
}

/* Merge every CPU into the aggregate; never NULL. */
static const struct stp_stat *stp_stat_get(struct stp_pstat *ps)
{
	int cpu;

	stp_stat_reset(ps->agg, ps->desc);
	for (cpu = 0; cpu < stp_alloc_ncpus(); cpu++)
		stp_stat_merge(ps->agg,
			       stp_alloc_cpu_ptr(ps->pcpu, ps->size, cpu),
			       ps->desc);
	return ps->agg;
}

/* delete s */
static void stp_stat_clear(struct stp_pstat *ps)
{
	int cpu;

	for (cpu = 0; cpu < stp_alloc_ncpus(); cpu++)
		stp_stat_reset(stp_alloc_cpu_ptr(ps->pcpu, ps->size, cpu),
			       ps->desc);
	stp_stat_reset(ps->agg, ps->desc);
}

/* Sample variance from Welford's terms, scaled back by 2^(2*bit_shift). */
static int64_t stp_stat_variance(const struct stp_stat *st, int shift)
{
	int64_t var;

	if (st->count < 2)
		return 0;
	var = st->m2 / (st->count - 1);
	if (2 * shift >= 63)
		return 0;
	return var / ((int64_t)1 << (2 * shift));
}

/* @count/@sum/@min/@max/@avg/@variance; st NULL = missing array element. */
static int64_t stp_stat_extract(const struct stp_stat *st,
				const struct stp_stat_desc *d,
				enum stp_stat_op op, struct stp_err *err)
{
	if (op == STP_STAT_COUNT)
		return st ? st->count : 0;
	if (op == STP_STAT_SUM)
		return st ? st->sum : 0;
	if (!st || st->count == 0) {
		stp_err_set(err, st ? "empty aggregate" :
				      "aggregate element not found");
		return 0;
	}
	switch (op) {
	case STP_STAT_MIN: return st->min;
	case STP_STAT_MAX: return st->max;
	case STP_STAT_AVG: return st->sum / st->count;
	case STP_STAT_VARIANCE: return stp_stat_variance(st, d->bit_shift);
	default: return 0;
	}
}

/* @hist_*(s)[i]; out of range -> 0. */
static int64_t stp_stat_bucket(const struct stp_stat *st,
			       const struct stp_stat_desc *d, int64_t i)
{
	if (!st || i < 0 || i >= stp_stat_nbuckets(d))
		return 0;
	return st->hist[i];
}

/* Row label of bucket i ("<start"/">stop" for linear out-of-range). */
static size_t stp_stat_label(char *out, const struct stp_stat_desc *d, int i)
{
	int64_t n, v;

	if (d->hist == STP_HIST_LOG) {
		if (i < STP_HIST_LOG_ZERO)
			v = (int64_t)(0 - ((uint64_t)1 << (63 - i)));
		else if (i == STP_HIST_LOG_ZERO)
			v = 0;
		else
			v = (int64_t)1 << (i - STP_HIST_LOG_ZERO - 1);
		return (size_t)scnprintf(out, 24, "%lld", (long long)v);
	}
	n = stp_stat_linear_n(d);
	if (i == 0)
		return (size_t)scnprintf(out, 24, "<%lld", (long long)d->start);
	if (i == n + 1)
		return (size_t)scnprintf(out, 24, ">%lld", (long long)d->stop);
	v = d->start + (int64_t)(i - 1) * d->interval;
	return (size_t)scnprintf(out, 24, "%lld", (long long)v);
}

/* What print(@hist_*) shows: rows first..last, column widths, bar scale. */
struct stp_hist_view {
	int first, last, elide;
	int vw, cw;
	int64_t scale;
};

/* First and last nonzero bucket; false when every bucket is empty. */
static bool stp_stat_nonzero(const struct stp_stat *st, int nb, int *lo,
			     int *hi)
{
	int i;

	*lo = -1;
	for (i = 0; i < nb; i++) {
		if (st->hist[i] && *lo < 0)
			*lo = i;
		if (st->hist[i])
			*hi = i;
	}
	return *lo >= 0;
}

/* Rows to print: nonzero span widened by HIST_ELISION empty buckets. */
static bool stp_stat_hist_range(const struct stp_stat *st,
				const struct stp_stat_desc *d,
				struct stp_hist_view *hv)
{
	int nb = stp_stat_nbuckets(d), lo, hi = 0, pmin, pmax;

	hv->elide = HIST_ELISION < 0 ? nb : HIST_ELISION;
	if (!stp_stat_nonzero(st, nb, &lo, &hi))
		return false;
	if (d->hist == STP_HIST_LOG) {
		pmin = lo >= STP_HIST_LOG_ZERO ? STP_HIST_LOG_ZERO : 0;
		pmax = hi <= STP_HIST_LOG_ZERO ? STP_HIST_LOG_ZERO : nb - 1;
	} else {
		pmin = lo == 0 ? 0 : 1;
		pmax = hi == nb - 1 ? nb - 1 : nb - 2;
	}
	hv->first = lo - hv->elide < pmin ? pmin : lo - hv->elide;
	hv->last = hi + hv->elide > pmax ? pmax : hi + hv->elide;
	return true;
}

static int stp_stat_ndigits(int64_t v)
{
	char tmp[24];

	return (int)scnprintf(tmp, sizeof(tmp), "%lld", (long long)v);
}

/* Column widths and the '@' scale over the printed rows. */
static void stp_stat_hist_layout(const struct stp_stat *st,
				 const struct stp_stat_desc *d,
				 struct stp_hist_view *hv)
{
	int64_t max = 0;
	char lab[24];
	int i, w;

	hv->vw = 5;
	for (i = hv->first; i <= hv->last; i++) {
		w = (int)stp_stat_label(lab, d, i);
		hv->vw = w > hv->vw ? w : hv->vw;
		max = st->hist[i] > max ? st->hist[i] : max;
	}
	hv->cw = stp_stat_ndigits(max) > 5 ? stp_stat_ndigits(max) : 5;
	hv->scale = max <= STP_HIST_WIDTH ? 1 :
		    (max + STP_HIST_WIDTH - 1) / STP_HIST_WIDTH;
}

/* "%*s |" */
static void stp_stat_hist_lead(struct stp_buf *b, const char *s, int vw)
{
	stp_fmt_fill(b, ' ', vw - (int64_t)strlen(s));
	stp_fmt_puts(b, s);
	stp_fmt_puts(b, " |");
}

/* One row: label |@@@@      count */
static void stp_stat_hist_row(struct stp_buf *b, const struct stp_stat *st,
			      const struct stp_stat_desc *d,
			      const struct stp_hist_view *hv, int i)
{
	int64_t bar = st->hist[i] / hv->scale;
	char lab[24];

	stp_stat_label(lab, d, i);
	stp_stat_hist_lead(b, lab, hv->vw);
	stp_fmt_fill(b, '@', bar);
	stp_fmt_fill(b, ' ', STP_HIST_WIDTH - bar);
	stp_fmt_fill(b, ' ', hv->cw - stp_stat_ndigits(st->hist[i]));
	stp_fmt_long(b, st->hist[i]);
	stp_fmt_putc(b, '\n');
}

/* Length of the run of empty buckets starting at i, within the view. */
static int stp_stat_zero_run(const struct stp_stat *st,
			     const struct stp_hist_view *hv, int i)
{
	int j = i;

	while (j <= hv->last && st->hist[j] == 0)
		j++;
	return j - i;
}

/* Rows first..last; an empty run longer than 2*elide keeps elide rows at
 * each end and shows "~" for the middle. */
static void stp_stat_hist_rows(struct stp_buf *b, const struct stp_stat *st,
			       const struct stp_stat_desc *d,
			       const struct stp_hist_view *hv)
{
	int i = hv->first, k, run;

	while (i <= hv->last) {
		run = stp_stat_zero_run(st, hv, i);
		if (run <= 2 * hv->elide) {
			stp_stat_hist_row(b, st, d, hv, i++);
			continue;
		}
		for (k = 0; k < hv->elide; k++)
			stp_stat_hist_row(b, st, d, hv, i + k);
		stp_fmt_fill(b, ' ', hv->vw + 1);
		stp_fmt_puts(b, "~\n");
		i += run - hv->elide;
		for (k = 0; k < hv->elide; k++)
			stp_stat_hist_row(b, st, d, hv, i++);
	}
}

/*
 * print(@hist_log(s)) / print(@hist_linear(s, ...)): header, the rows of
 * the view (see stp_stat_hist_range), then an empty line. An empty
 * statistic prints the header only.
 */
static int stp_stat_print_hist(struct stp_buf *b, const struct stp_stat *st,
			       const struct stp_stat_desc *d)
{
	struct stp_hist_view hv = { .vw = 5, .cw = 5 };
	bool any = st && d->hist != STP_HIST_NONE &&
		   stp_stat_hist_range(st, d, &hv);

	if (any)
		stp_stat_hist_layout(st, d, &hv);
	stp_stat_hist_lead(b, "value", hv.vw);
	stp_fmt_fill(b, '-', STP_HIST_WIDTH);
	stp_fmt_puts(b, " count\n");
	if (any)
		stp_stat_hist_rows(b, st, d, &hv);
	stp_fmt_putc(b, '\n');
	return 0;
}
