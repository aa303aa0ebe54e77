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

/*
 * One accumulator.  sum is the 64-bit (wrapping) sum @sum and @avg use;
 * sumx and sumsq are the exact 128-bit sum and sum of squares behind
 * @variance.  Per-CPU accumulators merge by plain addition, so merging is
 * exact; sumsq may wrap, and the variance is still exact as long as the
 * samples' squared deviations from their mean sum to less than 2^128
 * (the arithmetic is modulo 2^128, see stp_stat_variance).
 */
/* 128-bit terms at 8-byte alignment: accumulators live at 8-byte
 * offsets inside map nodes. */
typedef __int128 stp_s128 __attribute__((aligned(8)));
typedef unsigned __int128 stp_u128 __attribute__((aligned(8)));

struct stp_stat {
	int64_t count, sum, min, max;
	stp_s128 sumx;
	stp_u128 sumsq;
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

/* Add one sample to one accumulator. */
static void stp_stat_sample(struct stp_stat *st, const struct stp_stat_desc *d,
			    int64_t v)
{
	if (st->count == 0 || v < st->min)
		st->min = v;
	if (st->count == 0 || v > st->max)
		st->max = v;
	st->count++;
	st->sum = (int64_t)((uint64_t)st->sum + (uint64_t)v);
	st->sumx += v;
	st->sumsq += (unsigned __int128)((__int128)v * v);
	if (d->hist == STP_HIST_LOG)
		st->hist[stp_stat_log_index(v)]++;
	else if (d->hist == STP_HIST_LINEAR)
		st->hist[stp_stat_linear_index(d, v)]++;
}

/* dst += src (exact: every term is a plain sum). */
static void stp_stat_merge(struct stp_stat *dst, const struct stp_stat *src,
			   const struct stp_stat_desc *d)
{
	int i, nb = stp_stat_nbuckets(d);

	if (src->count == 0)
		return;
	if (dst->count == 0) {
		memcpy(dst, src, stp_stat_size(d));
		return;
	}
	dst->min = src->min < dst->min ? src->min : dst->min;
	dst->max = src->max > dst->max ? src->max : dst->max;
	dst->count += src->count;
	dst->sum = (int64_t)((uint64_t)dst->sum + (uint64_t)src->sum);
	dst->sumx += src->sumx;
	dst->sumsq += src->sumsq;
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

/* s <<< v into CPU cpu's accumulator (the caller's, preemption off). */
static inline void __stp_stat_add_cpu(struct stp_pstat *ps, int cpu,
				      int64_t v)
{
	stp_stat_sample(stp_alloc_cpu_ptr(ps->pcpu, ps->size, cpu), ps->desc,
			v);
}

/* s <<< v: this CPU only; preemption disabled by the caller. */
static void stp_stat_add(struct stp_pstat *ps, int64_t v)
{
	__stp_stat_add_cpu(ps, smp_processor_id(), v);
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

/* (hi:lo) / d and the remainder, for hi < d (the quotient fits 64 bits);
 * the kernel has no 128-bit division helper. */
static uint64_t __stp_stat_div128(uint64_t hi, uint64_t lo, uint64_t d,
				  uint64_t *rem)
{
#ifdef __x86_64__
	uint64_t q, r;

	asm("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d));
	*rem = r;
	return q;
#else
	uint64_t q = 0;
	int i;

	for (i = 63; i >= 0; i--) {	/* restoring division, bit by bit */
		bool carry = hi >> 63;

		hi = hi << 1 | lo >> 63;
		lo <<= 1;
		q <<= 1;
		if (carry || hi >= d) {
			hi -= d;
			q |= 1;
		}
	}
	*rem = hi;
	return q;
#endif
}

/* a / d and a % d for a 128-bit a and 0 < d < 2^64. */
static unsigned __int128 stp_stat_udiv(unsigned __int128 a, uint64_t d,
				       uint64_t *rem)
{
	uint64_t hi = (uint64_t)(a >> 64), qhi = hi / d, qlo;

	qlo = __stp_stat_div128(hi % d, (uint64_t)a, d, rem);
	return (unsigned __int128)qhi << 64 | qlo;
}

/*
 * Sample variance, floor((n*sumsq - sumx^2) / (n*(n-1))), exactly; 0 when
 * n < 2.  @variance(s, b) asks for the samples scaled by 2^b and the
 * result shifted back by 2b; with exact arithmetic the scale cancels
 * (floor(4^b * V) >> 2b == floor(V)), so b changes nothing here.  This
 * deviates from SystemTap, whose integer running mean makes the result
 * depend on b (its manual shows 1..5 giving 12 for b = 0 and 2 for
 * b = 1): ours gives the truncated true value, 2, for both.
 *
 * With sumx = q*n + r (q the truncated mean, |r| < n), the squared
 * deviations from q are M = sumsq - n*q^2 - 2*q*r (exact modulo 2^128),
 * and n*(n-1)*V = n*M - r^2.  Writing M = a1*(n-1) + a0 gives
 * V = a1 + (a0*n - r^2) / (n*(n-1)), where the fraction lies in (-1, 1).
 */
static int64_t stp_stat_variance(const struct stp_stat *st)
{
	uint64_t n = (uint64_t)st->count, ur, a0;
	unsigned __int128 mag, q, m, a1;
	__int128 sq, r, t;
	bool neg = st->sumx < 0;

	if (st->count < 2)
		return 0;
	mag = neg ? -(unsigned __int128)st->sumx : (unsigned __int128)st->sumx;
	q = stp_stat_udiv(mag, n, &ur);
	sq = neg ? -(__int128)q : (__int128)q;
	r = neg ? -(__int128)ur : (__int128)ur;
	m = st->sumsq - (unsigned __int128)n * q * q -
	    2 * (unsigned __int128)sq * (unsigned __int128)r;
	a1 = stp_stat_udiv(m, n - 1, &a0);
	t = (__int128)a0 * (__int128)n - r * r;
	return (int64_t)(a1 - (t < 0 ? 1 : 0));
}

/* @count/@sum/@min/@max/@avg/@variance; st NULL = missing array element. */
static int64_t stp_stat_extract(const struct stp_stat *st,
				const struct stp_stat_desc *d,
				enum stp_stat_op op, struct stp_err *err)
{
	(void)d;	/* bit_shift cancels out, see stp_stat_variance */
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
	case STP_STAT_VARIANCE: return stp_stat_variance(st);
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
