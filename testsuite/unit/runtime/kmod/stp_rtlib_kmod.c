// SPDX-License-Identifier: GPL-2.0
/*
 * stp_rtlib_kmod.c - in-kernel check of the runtime data services
 * (alloc, time, string, format, stat, map) on the real target kernel: fault
 * paths of the *_nofault readers, per-CPU statistics filled from every
 * online CPU (IPIs), maps, sorting and histogram text. Runs as the "begin"
 * of a session driven by transport.c, prints one line per failed check and
 * a final "rtlib-kmod: N passed, M failed", then asks to exit.
 *
 *   make -C testsuite/unit/runtime/kmod && \
 *   stap/vm/stap-vm run --smp 2 testsuite/unit/runtime/kmod/stp_rtlib_kmod.ko
 */
#include <linux/module.h>
#include "alloc.c"
#include "time.c"
#include "string.c"
#include "format.c"
#include "stat.c"
#include "map.c"
#include "transport.c"

static int kt_pass, kt_fail;
static char kt_line[256];
static char kt_out[4096];

static void kt_check(bool ok, const char *what, int line)
{
	int n;

	if (ok) {
		kt_pass++;
		return;
	}
	kt_fail++;
	n = scnprintf(kt_line, sizeof(kt_line), "FAIL line %d: %s\n", line,
		      what);
	stp_transport_write(kt_line, n);
}

#define KCHECK(c) kt_check((c), #c, __LINE__)

static const struct stp_stat_desc kt_sd = { .hist = STP_HIST_LOG };
static struct stp_pstat kt_stat;

/* IPI handler: 1000 samples of this CPU's number + 1 on this CPU. */
static void kt_add_here(void *unused)
{
	int i;

	for (i = 0; i < 1000; i++)
		stp_stat_add(&kt_stat, smp_processor_id() + 1);
}

static void kt_percpu(void)
{
	const struct stp_stat *st;
	int n = num_online_cpus();

	KCHECK(stp_stat_init(&kt_stat, &kt_sd) == 0);
	on_each_cpu(kt_add_here, NULL, 1);
	st = stp_stat_get(&kt_stat);
	KCHECK(stp_stat_extract(st, &kt_sd, STP_STAT_COUNT, NULL) == 1000 * n);
	KCHECK(stp_stat_extract(st, &kt_sd, STP_STAT_MIN, NULL) == 1);
	KCHECK(stp_stat_extract(st, &kt_sd, STP_STAT_MAX, NULL) == n);
	KCHECK(stp_stat_extract(st, &kt_sd, STP_STAT_SUM, NULL) ==
	       1000 * n * (n + 1) / 2);
	scnprintf(kt_line, sizeof(kt_line), "online cpus: %d\n", n);
	stp_transport_write(kt_line, strlen(kt_line));
	stp_stat_free(&kt_stat);
}

/* IPI handler: this CPU adds 0..99, each times 2^40. */
static void kt_add_spread(void *unused)
{
	int i;

	for (i = 0; i < 100; i++)
		stp_stat_add(&kt_stat, (int64_t)i << 40);
}

/*
 * Exact @variance from per-CPU 128-bit sums (the divq path; the kernel has
 * no libgcc).  With n CPUs each adding v * 2^40 for v in 0..99:
 * sum v = 4950 n, sum v^2 = 328350 n, so the variance is
 * 2^80 * (cnt * 328350 n - (4950 n)^2) / (cnt * (cnt - 1)), cnt = 100 n.
 */
static void kt_variance(void)
{
	static const struct stp_stat_desc d = { .bit_shift = 0 };
	int64_t n = num_online_cpus(), cnt = 100 * n, var;
	unsigned __int128 num = (unsigned __int128)(cnt * n * 328350 -
						    n * 4950 * n * 4950) << 80;
	uint64_t rem;

	KCHECK(stp_stat_init(&kt_stat, &d) == 0);
	on_each_cpu(kt_add_spread, NULL, 1);
	var = stp_stat_extract(stp_stat_get(&kt_stat), &d, STP_STAT_VARIANCE,
			       NULL);
	KCHECK((uint64_t)var == (uint64_t)stp_stat_udiv(num,
						(uint64_t)(cnt * (cnt - 1)), &rem));
	KCHECK(var > 0);
	stp_stat_clear(&kt_stat);
	stp_stat_add(&kt_stat, 1);
	stp_stat_add(&kt_stat, 2);
	stp_stat_add(&kt_stat, 3);
	stp_stat_add(&kt_stat, 4);
	stp_stat_add(&kt_stat, 5);
	KCHECK(stp_stat_extract(stp_stat_get(&kt_stat), &d, STP_STAT_VARIANCE,
				NULL) == 2);
	stp_stat_free(&kt_stat);
}

/*
 * stp_str_copy never reads past the NUL: strings of every length 0..47
 * that end at the last byte of a vmalloc page (the next page is a guard
 * page), at every alignment.
 */
static void kt_str_copy(void)
{
	static char dst[MAXSTRINGLEN];
	char *page = vmalloc(PAGE_SIZE), *src;
	bool ok = true;
	size_t len, n, i;

	KCHECK(page != NULL);
	if (!page)
		return;
	for (len = 0; len < 48; len++) {
		src = page + PAGE_SIZE - len - 1;
		for (i = 0; i < len; i++)
			src[i] = (char)('a' + (len + i) % 26);
		src[len] = '\0';
		memset(dst, 'x', sizeof(dst));
		n = stp_str_copy(dst, src);
		ok = ok && n == len && !memcmp(dst, src, len + 1);
	}
	KCHECK(ok);
	vfree(page);
}

static void kt_faults(void)
{
	static const char text[] = "kernel text";
	static const int64_t lv = -1234567890123;
	char dst[MAXSTRINGLEN];
	struct stp_err e = { 0 };

	KCHECK(stp_str_kernel_string(dst, (uintptr_t)text, -1, &e) == 11);
	KCHECK(!strcmp(dst, "kernel text") && !e.msg);
	KCHECK(stp_str_kernel_long((uintptr_t)&lv, &e) == lv && !e.msg);
	stp_str_kernel_string(dst, 0, -1, &e);
	KCHECK(e.msg && !strcmp(e.msg,
	       "kernel string copy fault at 0x0000000000000000 [man error::fault]"));
	stp_err_clear(&e);
	stp_str_kernel_long(0xdead000000000000ull, &e);
	KCHECK(e.msg && !strcmp(e.msg,
	       "kernel read fault at 0xdead000000000000 [man error::fault]"));
	stp_err_clear(&e);
	stp_str_user_string(dst, 0x1000, -1, &e);
	KCHECK(e.msg && !strncmp(e.msg, "user string copy fault", 22));
	stp_err_clear(&e);
	KCHECK(stp_time_s() > 1600000000 && stp_time_cycles() != 0);
}

static void kt_format_hist(void)
{
	static const struct stp_stat_desc d = { .hist = STP_HIST_LOG };
	struct stp_buf b = { .p = kt_out, .len = 0, .cap = sizeof(kt_out) - 1 };
	struct stp_arg a[] = { STP_ARG_L(-42), STP_ARG_S("abc"),
			       STP_ARG_L(0x1234abcd), STP_ARG_L(0x1234abcd) };
	struct stp_pstat ps;
	int i;

	stp_fmt_format(&b, "[%05d] [%-5s] [%p] [%#x]\n", a, 4, NULL);
	kt_out[b.len] = '\0';
	KCHECK(!strcmp(kt_out,
		       "[-0042] [abc  ] [0x000000001234abcd] [0x1234abcd]\n"));
	stp_stat_init(&ps, &d);
	preempt_disable();
	for (i = 0; i < 3; i++)
		stp_stat_add(&ps, 2 + i);
	preempt_enable();
	b.len = 0;
	stp_stat_print_hist(&b, stp_stat_get(&ps), &d);
	kt_out[b.len] = '\0';
	KCHECK(!strcmp(kt_out,
	"value |-------------------------------------------------- count\n"
	"    0 |                                                      0\n"
	"    1 |                                                      0\n"
	"    2 |@@                                                    2\n"
	"    4 |@                                                     1\n"
	"    8 |                                                      0\n"
	"   16 |                                                      0\n"
	"\n"));
	stp_stat_free(&ps);
}

static void kt_maps(void)
{
	static const struct stp_map_desc d = {
		.name = "a", .nkeys = 1, .ktype = { STP_T_LONG },
		.vtype = STP_T_LONG, .capacity = 1000 };
	static struct stp_map m;
	static struct stp_map_iter it;
	struct stp_err e = { 0 };
	int64_t i, prev = -1, n = 0;
	bool ok = true;

	KCHECK(stp_map_init(&m, &d) == 0);
	for (i = 0; i < 1000; i++)
		stp_map_set_long(&m, (union stp_key[]){ { .l = i } },
				 (i * 7919) % 1000, &e);
	KCHECK(!e.msg);
	stp_map_set_long(&m, (union stp_key[]){ { .l = -1 } }, 0, &e);
	KCHECK(e.msg && !strcmp(e.msg, "Array overflow, check MAXMAPENTRIES"));
	stp_map_iter_begin(&it, &m, STP_SORT_VALUE, 1, STP_STAT_COUNT, -1,
			   NULL);
	while (stp_map_iter_next(&it)) {
		ok &= stp_map_iter_long(&it) >= prev;
		prev = stp_map_iter_long(&it);
		n++;
	}
	KCHECK(ok && n == 1000);
	stp_map_free(&m);
}

static int stp_session_start(void)
{
	int n;

	kt_faults();
	kt_str_copy();
	kt_percpu();
	kt_variance();
	kt_format_hist();
	kt_maps();
	n = scnprintf(kt_line, sizeof(kt_line),
		      "rtlib-kmod: %d passed, %d failed\n", kt_pass, kt_fail);
	stp_transport_write(kt_line, n);
	stp_transport_request_exit();
	return 0;
}

static void stp_session_stop(void)
{
}

static int __init kt_init(void)
{
	return stp_transport_init();
}

static void __exit kt_exit(void)
{
	stp_transport_exit();
}

module_init(kt_init);
module_exit(kt_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("stap runtime data services self-test");
