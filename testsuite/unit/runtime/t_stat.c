// SPDX-License-Identifier: GPL-2.0
/* t_stat.c - unit tests of runtime/stat.c: extractors, variance, per-CPU
 * merge on a fake 4-CPU machine, histogram buckets and their exact text
 * (the expected tables are the examples printed in SystemTap's docs). */
#include "t_util.h"

static char t_out[16384];

/* Print the merged histogram of ps into t_out. */
static const char *hist(struct stp_pstat *ps)
{
	struct stp_buf b = { .p = t_out, .len = 0, .cap = sizeof(t_out) - 1 };

	stp_stat_print_hist(&b, stp_stat_get(ps), ps->desc);
	t_out[b.len] = '\0';
	return t_out;
}

static void add_n(struct stp_pstat *ps, int64_t v, int n)
{
	while (n-- > 0)
		stp_stat_add(ps, v);
}

static int64_t ex(struct stp_pstat *ps, enum stp_stat_op op,
		  struct stp_err *e)
{
	return stp_stat_extract(stp_stat_get(ps), ps->desc, op, e);
}

static void test_extractors(void)
{
	static const struct stp_stat_desc d = { .hist = STP_HIST_NONE };
	struct stp_pstat ps;
	struct stp_err e = { 0 };
	int i;

	CHECK(stp_stat_init(&ps, &d) == 0);
	CHECK_LONG(ex(&ps, STP_STAT_COUNT, &e), 0);
	CHECK_LONG(ex(&ps, STP_STAT_SUM, &e), 0);
	CHECK(e.msg == NULL);
	CHECK_LONG(ex(&ps, STP_STAT_MIN, &e), 0);
	CHECK_STR(e.msg, "empty aggregate");
	stp_err_clear(&e);
	ex(&ps, STP_STAT_AVG, &e);
	CHECK_STR(e.msg, "empty aggregate");
	stp_err_clear(&e);
	/* samples 0..99 spread over 4 CPUs */
	for (i = 0; i < 100; i++) {
		stp_shim_cpu = i % 4;
		stp_stat_add(&ps, i);
	}
	stp_shim_cpu = 0;
	CHECK_LONG(ex(&ps, STP_STAT_COUNT, &e), 100);
	CHECK_LONG(ex(&ps, STP_STAT_SUM, &e), 4950);
	CHECK_LONG(ex(&ps, STP_STAT_MIN, &e), 0);
	CHECK_LONG(ex(&ps, STP_STAT_MAX, &e), 99);
	CHECK_LONG(ex(&ps, STP_STAT_AVG, &e), 49);
	/* true 841.67, truncated; exact whatever the split over CPUs */
	CHECK_LONG(ex(&ps, STP_STAT_VARIANCE, &e), 841);
	CHECK(e.msg == NULL);
	stp_stat_clear(&ps);
	CHECK_LONG(ex(&ps, STP_STAT_COUNT, &e), 0);
	stp_stat_add(&ps, -7);
	CHECK_LONG(ex(&ps, STP_STAT_AVG, &e), -7);
	CHECK_LONG(ex(&ps, STP_STAT_MIN, &e), -7);
	CHECK_LONG(ex(&ps, STP_STAT_VARIANCE, &e), 0);
	stp_stat_add(&ps, -2);
	CHECK_LONG(ex(&ps, STP_STAT_AVG, &e), -4); /* C truncation of -4.5 */
	stp_stat_free(&ps);
	CHECK_LONG(stp_stat_extract(NULL, &d, STP_STAT_COUNT, &e), 0);
	stp_stat_extract(NULL, &d, STP_STAT_MAX, &e);
	CHECK_STR(e.msg, "aggregate element not found");
}

/*
 * man stap: x <<< 1..5; @variance(x, 1) is 2 (true value 2.5).  The same
 * page shows 12 for @variance(x) (b = 0), an artefact of SystemTap's
 * integer arithmetic; ours is exact, so b = 0 also gives 2.
 */
static void test_variance(void)
{
	static const struct stp_stat_desc d1 = { .bit_shift = 1 };
	static const struct stp_stat_desc d0 = { .bit_shift = 0 };
	struct stp_pstat a, b, c;
	int i;

	stp_stat_init(&a, &d1);
	stp_stat_init(&b, &d0);
	stp_stat_init(&c, &d0);
	for (i = 1; i <= 5; i++) {
		stp_stat_add(&a, i);
		stp_stat_add(&b, i * 100);
		stp_stat_add(&c, i);
	}
	CHECK_LONG(ex(&a, STP_STAT_VARIANCE, NULL), 2);
	CHECK_LONG(ex(&c, STP_STAT_VARIANCE, NULL), 2);
	CHECK_LONG(ex(&b, STP_STAT_VARIANCE, NULL), 25000);
	/* the same samples split over CPUs merge to the same answer */
	stp_stat_clear(&b);
	for (i = 1; i <= 5; i++) {
		stp_shim_cpu = i % 3;
		stp_stat_add(&b, i * 100);
	}
	stp_shim_cpu = 0;
	CHECK_LONG(ex(&b, STP_STAT_VARIANCE, NULL), 25000);
	CHECK_LONG(ex(&b, STP_STAT_AVG, NULL), 300);
	stp_stat_free(&a);
	stp_stat_free(&b);
	stp_stat_free(&c);
}

/* Exactness where 64-bit terms would overflow or lose precision. */
static void test_variance_exact(void)
{
	static const struct stp_stat_desc d = { .bit_shift = 0 };
	struct stp_pstat a;
	int64_t big = (int64_t)1 << 40;
	int i;

	stp_stat_init(&a, &d);
	/* two samples: variance (x - y)^2 / 2 */
	stp_stat_add(&a, 3);
	stp_stat_add(&a, 4);
	CHECK_LONG(ex(&a, STP_STAT_VARIANCE, NULL), 0);	/* 0.5 */
	stp_stat_clear(&a);
	stp_stat_add(&a, -5);
	stp_stat_add(&a, 5);
	CHECK_LONG(ex(&a, STP_STAT_VARIANCE, NULL), 50);
	/* a large offset does not disturb the spread: 2^40 + {0,1,2,3} */
	stp_stat_clear(&a);
	for (i = 0; i < 4; i++) {
		stp_shim_cpu = i % 4;
		stp_stat_add(&a, big + i);
	}
	stp_shim_cpu = 0;
	CHECK_LONG(ex(&a, STP_STAT_VARIANCE, NULL), 1);	/* 5/3 */
	/* huge samples: squares need 128 bits (2^62 + {0, 2}: 2) */
	stp_stat_clear(&a);
	stp_stat_add(&a, (int64_t)1 << 62);
	stp_shim_cpu = 1;
	stp_stat_add(&a, ((int64_t)1 << 62) + 2);
	stp_shim_cpu = 0;
	CHECK_LONG(ex(&a, STP_STAT_VARIANCE, NULL), 2);
	/* -2^63 and 2^63-1 ... the squares wrap 2^128, the spread does not */
	stp_stat_clear(&a);
	stp_stat_add(&a, INT64_MIN);
	stp_stat_add(&a, INT64_MIN + 4);
	stp_stat_add(&a, INT64_MIN + 8);
	CHECK_LONG(ex(&a, STP_STAT_VARIANCE, NULL), 16);
	stp_stat_clear(&a);
	stp_stat_add(&a, 1000000007);
	stp_stat_add(&a, -1000000007);
	stp_stat_add(&a, 0);
	/* (2 * 1000000007^2) / 2 = 1000000014000000049 */
	CHECK_LONG(ex(&a, STP_STAT_VARIANCE, NULL), 1000000014000000049LL);
	/* negative mean: -10, -20, -30 -> 100 */
	stp_stat_clear(&a);
	stp_stat_add(&a, -10);
	stp_stat_add(&a, -20);
	stp_stat_add(&a, -30);
	CHECK_LONG(ex(&a, STP_STAT_VARIANCE, NULL), 100);
	/* -1, 0, 0: mean -1/3, variance 1/3 -> 0 */
	stp_stat_clear(&a);
	stp_stat_add(&a, -1);
	stp_stat_add(&a, 0);
	stp_stat_add(&a, 0);
	CHECK_LONG(ex(&a, STP_STAT_VARIANCE, NULL), 0);
	stp_stat_free(&a);
}

/* Doc example: print(@hist_linear(reads, 0, 10240, 200)). */
static void test_hist_linear_doc(void)
{
	static const struct stp_stat_desc d = {
		.hist = STP_HIST_LINEAR, .start = 0, .stop = 10240,
		.interval = 200 };
	struct stp_pstat ps;

	stp_stat_init(&ps, &d);
	add_n(&ps, 10, 1000);
	stp_shim_cpu = 3;
	add_n(&ps, 199, 650);
	add_n(&ps, 250, 8);
	stp_shim_cpu = 1;
	add_n(&ps, 1450, 1);
	stp_shim_cpu = 0;
	CHECK_STR(hist(&ps),
	"value |-------------------------------------------------- count\n"
	"    0 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1650\n"
	"  200 |                                                      8\n"
	"  400 |                                                      0\n"
	"  600 |                                                      0\n"
	"      ~\n"
	" 1000 |                                                      0\n"
	" 1200 |                                                      0\n"
	" 1400 |                                                      1\n"
	" 1600 |                                                      0\n"
	" 1800 |                                                      0\n"
	"\n");
	CHECK_LONG(stp_stat_nbuckets(&d), 10240 / 200 + 1 + 2);
	CHECK_LONG(stp_stat_bucket(stp_stat_get(&ps), &d, 1), 1650);
	CHECK_LONG(stp_stat_bucket(stp_stat_get(&ps), &d, 8), 1);
	CHECK_LONG(stp_stat_bucket(stp_stat_get(&ps), &d, 9999), 0);
	stp_stat_free(&ps);
}

/* Doc example: print(@hist_log(reads)). */
static void test_hist_log_doc(void)
{
	static const struct stp_stat_desc d = { .hist = STP_HIST_LOG };
	struct stp_pstat ps;

	stp_stat_init(&ps, &d);
	add_n(&ps, 40, 254);
	add_n(&ps, 127, 3);
	add_n(&ps, 128, 2);
	add_n(&ps, 300, 2);
	add_n(&ps, 1000, 4);
	stp_shim_cpu = 2;
	add_n(&ps, 1500, 16689);
	stp_shim_cpu = 0;
	CHECK_STR(hist(&ps),
	"value |-------------------------------------------------- count\n"
	"    8 |                                                      0\n"
	"   16 |                                                      0\n"
	"   32 |                                                    254\n"
	"   64 |                                                      3\n"
	"  128 |                                                      2\n"
	"  256 |                                                      2\n"
	"  512 |                                                      4\n"
	" 1024 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 16689\n"
	" 2048 |                                                      0\n"
	" 4096 |                                                      0\n"
	"\n");
	stp_stat_clear(&ps);
	add_n(&ps, 32, 1601);
	add_n(&ps, 64, 52);
	add_n(&ps, 128, 46);
	add_n(&ps, 256, 164);
	add_n(&ps, 512, 140);
	add_n(&ps, 1024, 2033);
	CHECK_STR(hist(&ps),
	"value |-------------------------------------------------- count\n"
	"    8 |                                                      0\n"
	"   16 |                                                      0\n"
	"   32 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@            1601\n"
	"   64 |@                                                    52\n"
	"  128 |@                                                    46\n"
	"  256 |@@@@                                                164\n"
	"  512 |@@@                                                 140\n"
	" 1024 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@  2033\n"
	" 2048 |                                                      0\n"
	" 4096 |                                                      0\n"
	"\n");
	stp_stat_free(&ps);
}

/* Small counts (one '@' each), zero and negative log buckets. */
static void test_hist_log_small(void)
{
	static const struct stp_stat_desc d = { .hist = STP_HIST_LOG };
	struct stp_pstat ps;

	stp_stat_init(&ps, &d);
	CHECK_STR(hist(&ps),
	"value |-------------------------------------------------- count\n"
	"\n");
	stp_stat_add(&ps, 1);
	add_n(&ps, 3, 2);
	CHECK_STR(hist(&ps),
	"value |-------------------------------------------------- count\n"
	"    0 |                                                      0\n"
	"    1 |@                                                     1\n"
	"    2 |@@                                                    2\n"
	"    4 |                                                      0\n"
	"    8 |                                                      0\n"
	"\n");
	stp_stat_add(&ps, -5);
	stp_stat_add(&ps, 0);
	CHECK_STR(hist(&ps),
	"value |-------------------------------------------------- count\n"
	"  -16 |                                                      0\n"
	"   -8 |                                                      0\n"
	"   -4 |@                                                     1\n"
	"   -2 |                                                      0\n"
	"   -1 |                                                      0\n"
	"    0 |@                                                     1\n"
	"    1 |@                                                     1\n"
	"    2 |@@                                                    2\n"
	"    4 |                                                      0\n"
	"    8 |                                                      0\n"
	"\n");
	stp_stat_clear(&ps);
	stp_stat_add(&ps, 1000000);
	stp_stat_add(&ps, 1);
	CHECK_STR(hist(&ps),
	"  value |-------------------------------------------------- count\n"
	"      0 |                                                      0\n"
	"      1 |@                                                     1\n"
	"      2 |                                                      0\n"
	"      4 |                                                      0\n"
	"        ~\n"
	" 131072 |                                                      0\n"
	" 262144 |                                                      0\n"
	" 524288 |@                                                     1\n"
	"1048576 |                                                      0\n"
	"2097152 |                                                      0\n"
	"\n");
	stp_stat_free(&ps);
}

/* Under/overflow buckets and elision edges of a linear histogram. */
static void test_hist_linear_edges(void)
{
	static const struct stp_stat_desc d = {
		.hist = STP_HIST_LINEAR, .start = 0, .stop = 100,
		.interval = 10 };
	struct stp_pstat ps;

	stp_stat_init(&ps, &d);
	stp_stat_add(&ps, -3);
	stp_stat_add(&ps, 0);
	stp_stat_add(&ps, 55);	/* runs of 4 empty buckets: no "~" */
	stp_stat_add(&ps, 100);
	stp_stat_add(&ps, 109);
	add_n(&ps, 110, 3);
	CHECK_STR(hist(&ps),
	"value |-------------------------------------------------- count\n"
	"   <0 |@                                                     1\n"
	"    0 |@                                                     1\n"
	"   10 |                                                      0\n"
	"   20 |                                                      0\n"
	"   30 |                                                      0\n"
	"   40 |                                                      0\n"
	"   50 |@                                                     1\n"
	"   60 |                                                      0\n"
	"   70 |                                                      0\n"
	"   80 |                                                      0\n"
	"   90 |                                                      0\n"
	"  100 |@@                                                    2\n"
	" >100 |@@@                                                   3\n"
	"\n");
	CHECK_LONG(stp_stat_bucket(stp_stat_get(&ps), &d, 0), 1);
	CHECK_LONG(stp_stat_bucket(stp_stat_get(&ps), &d, 11), 2);
	CHECK_LONG(stp_stat_bucket(stp_stat_get(&ps), &d, 12), 3);
	stp_stat_free(&ps);
}

static void test_bad_desc(void)
{
	static const struct stp_stat_desc bad1 = {
		.hist = STP_HIST_LINEAR, .start = 0, .stop = 100, .interval = 0 };
	static const struct stp_stat_desc bad2 = {
		.hist = STP_HIST_LINEAR, .start = 5, .stop = 5, .interval = 1 };
	static const struct stp_stat_desc bad3 = { .bit_shift = 63 };
	struct stp_pstat ps;

	CHECK(stp_stat_init(&ps, &bad1) == -EINVAL);
	CHECK(stp_stat_init(&ps, &bad2) == -EINVAL);
	CHECK(stp_stat_init(&ps, &bad3) == -EINVAL);
}

int main(void)
{
	test_extractors();
	test_variance();
	test_variance_exact();
	test_hist_linear_doc();
	test_hist_log_doc();
	test_hist_log_small();
	test_hist_linear_edges();
	test_bad_desc();
	return t_summary("t_stat");
}
