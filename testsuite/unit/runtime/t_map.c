// SPDX-License-Identifier: GPL-2.0
/* t_map.c - unit tests of runtime/map.c: get/set/add/exists/delete, overflow
 * and wrap-around, sorted/limited iteration, nested foreach, and per-CPU
 * statistic arrays merged on read on a fake 4-CPU machine. */
#include "t_util.h"

#define KL(v) ((union stp_key){ .l = (v) })
#define KS(v) ((union stp_key){ .s = (v) })

static char t_out[8192];

static struct stp_map_desc d_long = {
	.name = "a", .nkeys = 1, .ktype = { STP_T_LONG }, .vtype = STP_T_LONG };

static void test_basic(void)
{
	struct stp_map m;
	struct stp_err e = { 0 };
	union stp_key k[1] = { KL(5) };

	CHECK(stp_map_init(&m, &d_long) == 0);
	CHECK(m.cap == MAXMAPENTRIES);
	CHECK_LONG(stp_map_get_long(&m, k), 0);
	CHECK(!stp_map_exists(&m, k));
	CHECK_LONG(stp_map_count(&m), 0);
	CHECK(stp_map_set_long(&m, k, 0, &e) == 0);
	CHECK(stp_map_exists(&m, k));	/* a[k] = 0 still creates k */
	CHECK_LONG(stp_map_add_long(&m, k, 3, &e), 3);
	CHECK_LONG(stp_map_add_long(&m, k, 1, &e), 4);
	k[0].l = -1;
	CHECK_LONG(stp_map_add_long(&m, k, 1, &e), 1);
	CHECK_LONG(stp_map_count(&m), 2);
	k[0].l = 5;
	CHECK_LONG(stp_map_get_long(&m, k), 4);
	stp_map_delete(&m, k);
	CHECK(!stp_map_exists(&m, k));
	CHECK_LONG(stp_map_get_long(&m, k), 0);
	CHECK_LONG(stp_map_count(&m), 1);
	stp_map_delete(&m, k);		/* deleting a missing key is a no-op */
	stp_map_clear(&m);
	CHECK_LONG(stp_map_count(&m), 0);
	k[0].l = -1;
	CHECK(!stp_map_exists(&m, k));
	CHECK(e.msg == NULL);
	stp_map_free(&m);
}

static void test_string_values_and_keys(void)
{
	static const struct stp_map_desc d = {
		.name = "s", .nkeys = 3,
		.ktype = { STP_T_LONG, STP_T_STR, STP_T_LONG },
		.vtype = STP_T_STR };
	static char long1[MAXSTRINGLEN + 50], long2[MAXSTRINGLEN + 50];
	union stp_key k[3] = { KL(1), KS("bob"), KL(2) };
	struct stp_map m;
	struct stp_err e = { 0 };

	CHECK(stp_map_init(&m, &d) == 0);
	CHECK_STR(stp_map_get_str(&m, k), "");
	stp_map_set_str(&m, k, "hello", &e);
	CHECK_STR(stp_map_get_str(&m, k), "hello");
	k[1].s = "bo";
	CHECK(!stp_map_exists(&m, k));
	k[1].s = "bob";
	k[2].l = 3;
	CHECK(!stp_map_exists(&m, k));
	stp_map_set_str(&m, k, "", &e);
	CHECK(stp_map_exists(&m, k));
	/* keys are truncated to MAXSTRINGLEN-1 bytes, like every string */
	memset(long1, 'x', sizeof(long1) - 1);
	memset(long2, 'x', sizeof(long2) - 1);
	long2[sizeof(long2) - 2] = 'y';
	k[1].s = long1;
	stp_map_set_str(&m, k, long2, &e);
	k[1].s = long2;
	CHECK(stp_map_exists(&m, k));
	CHECK(strlen(stp_map_get_str(&m, k)) == MAXSTRINGLEN - 1);
	CHECK_LONG(stp_map_count(&m), 3);
	CHECK(e.msg == NULL);
	stp_map_free(&m);
}

static void test_nine_keys(void)
{
	static const struct stp_map_desc d = {
		.name = "n", .nkeys = 9,
		.ktype = { STP_T_LONG, STP_T_STR, STP_T_LONG, STP_T_STR,
			   STP_T_LONG, STP_T_STR, STP_T_LONG, STP_T_STR,
			   STP_T_LONG },
		.vtype = STP_T_LONG, .capacity = 100 };
	static const struct stp_map_desc bad = { .name = "b", .nkeys = 10 };
	union stp_key k[9] = { KL(1), KS("a"), KL(2), KS("b"), KL(3), KS("c"),
			       KL(4), KS("d"), KL(5) };
	struct stp_map m;
	struct stp_err e = { 0 };

	CHECK(stp_map_init(&m, &bad) == -EINVAL);
	CHECK(stp_map_init(&m, &d) == 0);
	stp_map_set_long(&m, k, 99, &e);
	CHECK_LONG(stp_map_get_long(&m, k), 99);
	k[8].l = 6;
	CHECK_LONG(stp_map_get_long(&m, k), 0);
	k[7].s = "e";
	k[8].l = 5;
	CHECK_LONG(stp_map_get_long(&m, k), 0);
	k[7].s = "d";
	CHECK_LONG(stp_map_get_long(&m, k), 99);
	stp_map_free(&m);
}

static void test_overflow(void)
{
	struct stp_map_desc d = d_long;
	struct stp_map m;
	struct stp_err e = { 0 };
	int64_t i;

	d.capacity = 3;
	CHECK(stp_map_init(&m, &d) == 0);
	for (i = 0; i < 3; i++)
		CHECK(stp_map_set_long(&m, (union stp_key[]){ KL(i) }, i, &e) == 0);
	CHECK(stp_map_set_long(&m, (union stp_key[]){ KL(1) }, 7, &e) == 0);
	CHECK(e.msg == NULL);
	CHECK(stp_map_set_long(&m, (union stp_key[]){ KL(3) }, 3, &e) < 0);
	CHECK_STR(e.msg, "Array overflow, check MAXMAPENTRIES");
	stp_err_clear(&e);
	CHECK_LONG(stp_map_add_long(&m, (union stp_key[]){ KL(4) }, 1, &e), 0);
	CHECK_STR(e.msg, "Array overflow, check MAXMAPENTRIES");
	CHECK_LONG(stp_map_count(&m), 3);
	CHECK_LONG(stp_map_get_long(&m, (union stp_key[]){ KL(1) }), 7);
	/* deleting frees a slot */
	stp_err_clear(&e);
	stp_map_delete(&m, (union stp_key[]){ KL(0) });
	CHECK(stp_map_set_long(&m, (union stp_key[]){ KL(3) }, 3, &e) == 0);
	CHECK(e.msg == NULL);
	stp_map_free(&m);
}

/* foreach over m: "k=v," per entry into t_out. */
static const char *walk(struct stp_map *m, int by, int dir, int64_t limit)
{
	struct stp_map_iter it;
	struct stp_buf b = { .p = t_out, .len = 0, .cap = sizeof(t_out) - 1 };
	struct stp_err e = { 0 };
	struct stp_arg a[2];

	if (stp_map_iter_begin(&it, m, by, dir, STP_STAT_COUNT, limit, &e))
		return e.msg;
	while (stp_map_iter_next(&it)) {
		a[0] = STP_ARG_L(stp_map_iter_key_long(&it, 0));
		a[1] = STP_ARG_L(stp_map_iter_long(&it));
		stp_fmt_format(&b, "%d=%d,", a, 2, &e);
	}
	t_out[b.len] = '\0';
	return e.msg ? e.msg : t_out;
}

static void test_wrap(void)
{
	struct stp_map_desc d = d_long;
	struct stp_map m;
	struct stp_err e = { 0 };
	int64_t i;

	d.capacity = 3;
	d.wrap = true;
	stp_map_init(&m, &d);
	for (i = 1; i <= 5; i++)
		stp_map_set_long(&m, (union stp_key[]){ KL(i) }, i * 10, &e);
	CHECK(e.msg == NULL);
	CHECK_LONG(stp_map_count(&m), 3);
	CHECK(!stp_map_exists(&m, (union stp_key[]){ KL(2) }));
	CHECK_STR(walk(&m, STP_SORT_NONE, 1, -1), "3=30,4=40,5=50,");
	/* updating does not refresh age: 3 is still the oldest */
	stp_map_set_long(&m, (union stp_key[]){ KL(3) }, 33, &e);
	stp_map_set_long(&m, (union stp_key[]){ KL(6) }, 60, &e);
	CHECK_STR(walk(&m, STP_SORT_NONE, 1, -1), "4=40,5=50,6=60,");
	stp_map_free(&m);
}

static void test_sorting(void)
{
	static const int64_t keys[] = { 5, -3, 9, 0, 7, 2 };
	static const int64_t vals[] = { 50, 7, 7, 100, -1, 7 };
	struct stp_map m;
	struct stp_err e = { 0 };
	size_t i;

	stp_map_init(&m, &d_long);
	for (i = 0; i < 6; i++)
		stp_map_set_long(&m, (union stp_key[]){ KL(keys[i]) }, vals[i],
				 &e);
	CHECK_STR(walk(&m, STP_SORT_NONE, 1, -1),
		  "5=50,-3=7,9=7,0=100,7=-1,2=7,");
	CHECK_STR(walk(&m, 1, 1, -1), "-3=7,0=100,2=7,5=50,7=-1,9=7,");
	CHECK_STR(walk(&m, 1, -1, -1), "9=7,7=-1,5=50,2=7,0=100,-3=7,");
	/* ties keep insertion order in both directions */
	CHECK_STR(walk(&m, STP_SORT_VALUE, 1, -1),
		  "7=-1,-3=7,9=7,2=7,5=50,0=100,");
	CHECK_STR(walk(&m, STP_SORT_VALUE, -1, -1),
		  "0=100,5=50,-3=7,9=7,2=7,7=-1,");
	CHECK_STR(walk(&m, STP_SORT_VALUE, -1, 2), "0=100,5=50,");
	CHECK_STR(walk(&m, STP_SORT_NONE, 1, 1), "5=50,");
	CHECK_STR(walk(&m, 1, 1, 0), "");
	CHECK_STR(walk(&m, 2, 1, -1), "invalid foreach sort column");
	/* deleted entries vanish from iteration */
	stp_map_delete(&m, (union stp_key[]){ KL(0) });
	stp_map_set_long(&m, (union stp_key[]){ KL(0) }, 1, &e);
	CHECK_STR(walk(&m, STP_SORT_NONE, 1, -1),
		  "5=50,-3=7,9=7,7=-1,2=7,0=1,");
	stp_map_free(&m);
}

/* Sorting by a string key column, and a full default-size map. */
static void test_sort_strings_and_large(void)
{
	static const struct stp_map_desc d = {
		.name = "x", .nkeys = 2, .ktype = { STP_T_STR, STP_T_LONG },
		.vtype = STP_T_LONG };
	static const char *names[] = { "pear", "apple", "fig", "Zed", "apple" };
	struct stp_map m, big;
	struct stp_map_iter it;
	struct stp_err e = { 0 };
	char buf[64] = "";
	int64_t i, prev = INT64_MAX, n = 0;
	bool ok = true;

	stp_map_init(&m, &d);
	for (i = 0; i < 5; i++)
		stp_map_set_long(&m, (union stp_key[]){ KS(names[i]), KL(i) },
				 i, &e);
	stp_map_iter_begin(&it, &m, 1, 1, STP_STAT_COUNT, -1, &e);
	while (stp_map_iter_next(&it)) {
		strcat(buf, stp_map_iter_key_str(&it, 0));
		strcat(buf, ",");
	}
	CHECK_STR(buf, "Zed,apple,apple,fig,pear,");
	stp_map_free(&m);

	stp_map_init(&big, &d_long);
	for (i = 0; i < MAXMAPENTRIES; i++)
		stp_map_set_long(&big, (union stp_key[]){ KL(i) },
				 (i * 7919) % 1000, &e);
	CHECK(e.msg == NULL);
	stp_map_set_long(&big, (union stp_key[]){ KL(-1) }, 0, &e);
	CHECK_STR(e.msg, "Array overflow, check MAXMAPENTRIES");
	stp_map_iter_begin(&it, &big, STP_SORT_VALUE, -1, STP_STAT_COUNT, -1,
			   NULL);
	while (stp_map_iter_next(&it)) {
		ok &= stp_map_iter_long(&it) <= prev;
		prev = stp_map_iter_long(&it);
		n++;
	}
	CHECK(ok);
	CHECK_LONG(n, MAXMAPENTRIES);
	stp_map_free(&big);
}

/* foreach (a in m) foreach (b in m): the inner loop runs many times. */
static void test_nested(void)
{
	struct stp_map m;
	struct stp_map_iter o, in, in2, x[4];
	struct stp_err e = { 0 };
	int64_t i, pairs = 0, outer = 0;

	stp_map_init(&m, &d_long);
	for (i = 0; i < 5; i++)
		stp_map_set_long(&m, (union stp_key[]){ KL(i) }, i, &e);
	stp_map_iter_begin(&o, &m, 1, -1, STP_STAT_COUNT, -1, &e);
	while (stp_map_iter_next(&o)) {
		outer++;
		stp_map_iter_begin(&in, &m, 1, 1, STP_STAT_COUNT, -1, &e);
		while (stp_map_iter_next(&in))
			pairs++;
		/* a second inner loop that breaks out early */
		stp_map_iter_begin(&in2, &m, STP_SORT_NONE, 1, STP_STAT_COUNT,
				   -1, &e);
		stp_map_iter_next(&in2);
	}
	CHECK_LONG(outer, 5);
	CHECK_LONG(pairs, 25);
	CHECK(e.msg == NULL);
	/* four levels on one array: the outermost one fails cleanly */
	for (i = 0; i < 4; i++) {
		stp_map_iter_begin(&x[i], &m, 1, 1, STP_STAT_COUNT, -1, &e);
		stp_map_iter_next(&x[i]);
	}
	CHECK(stp_map_iter_next(&x[3]));
	CHECK(!stp_map_iter_next(&x[0]));
	CHECK_STR(e.msg, "too many nested foreach on one array");
	stp_map_free(&m);
}

static void test_stat_map(void)
{
	static const struct stp_stat_desc sd = { .hist = STP_HIST_LOG };
	static const struct stp_map_desc d = {
		.name = "t", .nkeys = 1, .ktype = { STP_T_STR },
		.vtype = STP_T_STAT, .stat = &sd, .capacity = 4 };
	static const char *who[] = { "bash", "sshd", "init", "cron" };
	struct stp_map m;
	struct stp_map_iter it;
	struct stp_err e = { 0 };
	char buf[128] = "";
	const struct stp_stat *st;
	int i;

	CHECK(stp_map_init(&m, &d) == 0);
	for (i = 0; i < 40; i++) {
		stp_shim_cpu = i % 4;
		stp_map_stat_add(&m, (union stp_key[]){ KS(who[i % 3]) },
				 i, &e);
	}
	stp_shim_cpu = 1;
	stp_map_stat_add(&m, (union stp_key[]){ KS("cron") }, 1000, &e);
	stp_shim_cpu = 0;
	CHECK(e.msg == NULL);
	st = stp_map_get_stat(&m, (union stp_key[]){ KS("bash") });
	CHECK(st != NULL);
	CHECK_LONG(stp_stat_extract(st, &sd, STP_STAT_COUNT, &e), 14);
	CHECK_LONG(stp_stat_extract(st, &sd, STP_STAT_SUM, &e), 273);
	CHECK_LONG(stp_stat_extract(st, &sd, STP_STAT_MIN, &e), 0);
	CHECK_LONG(stp_stat_extract(st, &sd, STP_STAT_MAX, &e), 39);
	CHECK_LONG(stp_stat_bucket(st, &sd, STP_HIST_LOG_ZERO), 1);
	st = stp_map_get_stat(&m, (union stp_key[]){ KS("nobody") });
	CHECK(st == NULL);
	stp_stat_extract(st, &sd, STP_STAT_AVG, &e);
	CHECK_STR(e.msg, "aggregate element not found");
	stp_err_clear(&e);
	CHECK(stp_map_exists(&m, (union stp_key[]){ KS("cron") }));
	CHECK_LONG(stp_map_count(&m), 4);
	/* foreach (k in t @sum-) */
	stp_map_iter_begin(&it, &m, STP_SORT_VALUE, -1, STP_STAT_SUM, -1, &e);
	while (stp_map_iter_next(&it)) {
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s:%lld,",
			 stp_map_iter_key_str(&it, 0),
			 (long long)stp_map_iter_stat(&it)->sum);
	}
	CHECK_STR(buf, "cron:1000,bash:273,init:260,sshd:247,");
	stp_map_delete(&m, (union stp_key[]){ KS("bash") });
	CHECK(!stp_map_exists(&m, (union stp_key[]){ KS("bash") }));
	CHECK_LONG(stp_map_count(&m), 3);
	stp_map_clear(&m);
	CHECK_LONG(stp_map_count(&m), 0);
	stp_map_free(&m);
}

/* Per-CPU tables each within capacity, but more keys than fit merged. */
static void test_stat_map_overflow(void)
{
	static const struct stp_stat_desc sd = { .hist = STP_HIST_NONE };
	static const struct stp_map_desc d = {
		.name = "o", .nkeys = 1, .ktype = { STP_T_LONG },
		.vtype = STP_T_STAT, .stat = &sd, .capacity = 2 };
	struct stp_map m;
	struct stp_map_iter it;
	struct stp_err e = { 0 };
	int64_t i;

	stp_map_init(&m, &d);
	for (i = 0; i < 4; i++) {
		stp_shim_cpu = (int)i;
		stp_map_stat_add(&m, (union stp_key[]){ KL(i) }, i, &e);
	}
	CHECK(e.msg == NULL);
	stp_map_stat_add(&m, (union stp_key[]){ KL(9) }, 1, &e);
	CHECK(e.msg == NULL);
	stp_map_stat_add(&m, (union stp_key[]){ KL(10) }, 1, &e);
	CHECK_STR(e.msg, "Array overflow, check MAXMAPENTRIES");
	stp_shim_cpu = 0;
	stp_err_clear(&e);
	CHECK(stp_map_iter_begin(&it, &m, 0, 1, STP_STAT_COUNT, -1, &e) < 0);
	CHECK_STR(e.msg, "aggregation overflow");
	stp_map_free(&m);
}

int main(void)
{
	test_basic();
	test_string_values_and_keys();
	test_nine_keys();
	test_overflow();
	test_wrap();
	test_sorting();
	test_sort_strings_and_large();
	test_nested();
	test_stat_map();
	test_stat_map_overflow();
	return t_summary("t_map");
}
