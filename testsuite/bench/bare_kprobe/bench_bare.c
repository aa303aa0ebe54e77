// SPDX-License-Identifier: GPL-2.0
/*
 * bench_bare.c - the floor for probe-overhead.sh: a hand-written kprobe on
 * ksys_read whose handler only bumps a per-CPU counter.  It includes the
 * runtime's transport so staprun/stapio run it like a stap module; with
 * probe=0 it registers nothing (the "no module" baseline).  At stop it
 * prints "hits N".
 */
#include <linux/module.h>
#include <linux/kprobes.h>
#include <linux/percpu.h>
#include "transport.c"

static int probe = 1;
module_param(probe, int, 0444);

static DEFINE_PER_CPU(unsigned long, bb_hits);
static bool bb_registered;

static int bb_pre(struct kprobe *p, struct pt_regs *regs)
{
	this_cpu_inc(bb_hits);
	return 0;
}

static struct kprobe bb_kp = {
	.symbol_name = "ksys_read",
	.pre_handler = bb_pre,
};

static int stp_session_start(void)
{
	int rc;

	if (!probe)
		return 0;
	rc = register_kprobe(&bb_kp);
	bb_registered = rc == 0;
	return rc;
}

static void stp_session_stop(void)
{
	unsigned long sum = 0;
	char line[64];
	int cpu, n;

	if (bb_registered)
		unregister_kprobe(&bb_kp);
	bb_registered = false;
	for_each_possible_cpu(cpu)
		sum += per_cpu(bb_hits, cpu);
	n = scnprintf(line, sizeof(line), "hits %lu\n", sum);
	stp_transport_write(line, n);
}

static int __init bb_init(void)
{
	return stp_transport_init();
}

static void __exit bb_exit(void)
{
	stp_transport_exit();
}

module_init(bb_init);
module_exit(bb_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("stap benchmark: bare kprobe floor");
