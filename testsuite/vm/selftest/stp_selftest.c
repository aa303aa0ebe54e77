/*
 * stp_selftest.c - hand-written test module for runtime/transport.c,
 * staprun, stapio and stap-vm, usable before the translator exists.
 *
 * It includes transport.c directly and fakes module.c's session hooks:
 * "begin" prints a line, a timer (hopping over the online CPUs) prints
 * "tick N cpu C" lines, and after `lines` ticks the module asks to exit;
 * "end" prints a summary. Invariant: tick numbers are printed in order,
 * so any reordering by the transport shows up in the output.
 *
 * Parameters: lines (0 = run until stopped), period_ms, flood (KiB written
 * per tick), greeting (a string, like a stap -G global), fail_start,
 * crash (1: NULL dereference in begin, an oops; 2: panic), to test that
 * stap-vm reports a dying guest.
 */
#include <linux/module.h>
#include <linux/timer.h>
#include <linux/cpumask.h>
#include "transport.c"

static int lines = 5;
module_param(lines, int, 0444);
static int period_ms = 50;
module_param(period_ms, int, 0444);
static int flood;
module_param(flood, int, 0444);
static char *greeting = "hello";
module_param(greeting, charp, 0444);
static int fail_start;
module_param(fail_start, int, 0444);

static int crash;
module_param(crash, int, 0444);

static struct timer_list st_timer;
static int st_ticks;
static atomic_t st_stopping = ATOMIC_INIT(0);

static void st_printf(int err, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (err)
		stp_transport_warn(buf, n);
	else
		stp_transport_write(buf, n);
}

/* flood: write kib KiB of numbered 64-byte lines as fast as possible */
static void st_flood(int kib)
{
	char line[65];
	int i;

	for (i = 0; i < kib * 16; i++) {
		snprintf(line, sizeof(line), "%-63d\n", i);
		stp_transport_write(line, 64);
	}
}

static void st_tick(struct timer_list *t)
{
	unsigned int next;

	if (atomic_read(&st_stopping))
		return;
	st_ticks++;
	st_printf(0, "tick %d cpu %d\n", st_ticks, smp_processor_id());
	if (flood)
		st_flood(flood);
	if (lines && st_ticks >= lines) {
		stp_transport_request_exit();
		return;
	}
	next = cpumask_next(smp_processor_id(), cpu_online_mask);
	if (next >= nr_cpu_ids)
		next = cpumask_first(cpu_online_mask);
	st_timer.expires = jiffies + msecs_to_jiffies(period_ms);
	add_timer_on(&st_timer, next);
}

static void st_crash(void)
{
	volatile int *p = NULL;

	if (crash == 2)
		panic("stp_selftest: crash=2");
	if (crash == 1)
		*p = 1;
}

static int stp_session_start(void)
{
	st_crash();
	if (fail_start) {
		st_printf(1, "ERROR: selftest: start refused (fail_start)\n");
		return -EINVAL;
	}
	st_printf(0, "begin %s target=%d\n", greeting, stp_transport_target());
	timer_setup(&st_timer, st_tick, 0);
	mod_timer(&st_timer, jiffies + msecs_to_jiffies(period_ms));
	return 0;
}

static void stp_session_stop(void)
{
	atomic_set(&st_stopping, 1);
	del_timer_sync(&st_timer);
	st_printf(0, "end ticks=%d\n", st_ticks);
	st_printf(1, "WARNING: selftest end probe ran\n");
}

static int __init st_init(void)
{
	return stp_transport_init();
}

static void __exit st_exit(void)
{
	stp_transport_exit();
}

module_init(st_init);
module_exit(st_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("stap transport selftest");
