// SPDX-License-Identifier: GPL-2.0
/*
 * probe_fentry.c - many function-entry probes through one ftrace_ops.
 *
 * A kprobe at a function's entry is itself an ftrace hook, armed one
 * code patch at a time: thousands of them (a wildcard over all of mm/)
 * take minutes to arm and disarm.  This family puts every entry in one
 * ftrace_ops filter and patches them all with one registration; the
 * callback finds the probe by address (the table is sorted by it) and
 * runs its handler with the saved registers, exactly where a kprobe
 * would have run it.  An address ftrace does not manage (a notrace
 * function) falls back to a kprobe of its own.
 *
 * Invariant: after stp_fentry_unregister returns no callback of this
 * table runs (unregister_ftrace_function waits for them), and the
 * module's ftrace_ops is off every list.
 */
#include <linux/ftrace.h>

struct stp_fentry {
	const struct stp_probe *probe;
	uint64_t addr;			/* link-time function address */
	bool optional;
	/* runtime state */
	unsigned long start;		/* run-time function address */
	struct kprobe kp;		/* the fallback */
	bool via_ftrace, via_kprobe;
};

static struct stp_fentry *stp_fentry_tab;
static int stp_fentry_n;
static bool stp_fentry_armed;

/* The entry whose function starts at or just below ip (the ftrace site
 * is the function start, or a few bytes in after an endbr64). */
static struct stp_fentry *stp_fentry_find(unsigned long ip)
{
	int lo = 0, hi = stp_fentry_n - 1, best = -1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (stp_fentry_tab[mid].start <= ip) {
			best = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	if (best < 0 || ip - stp_fentry_tab[best].start > 16)
		return NULL;
	return &stp_fentry_tab[best];
}

static void notrace stp_fentry_call(unsigned long ip, unsigned long parent_ip,
				    struct ftrace_ops *op,
				    struct ftrace_regs *fregs)
{
	struct pt_regs *regs = ftrace_get_regs(fregs);
	struct stp_fentry *t;
	int bit;

	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (bit < 0)
		return;
	t = regs ? stp_fentry_find(ip) : NULL;
	if (t) {
		unsigned long start = t->start;
		struct stp_fentry *end = stp_fentry_tab + stp_fentry_n;

		/* several probes on one function: all of them, in order */
		while (t > stp_fentry_tab && t[-1].start == start)
			t--;
		for (; t < end && t->start == start; t++)
			if (t->via_ftrace)
				stp_probe_run(t->probe, STP_SESSION_RUNNING,
					      regs, NULL, t->probe->ppfunc);
	}
	ftrace_test_recursion_unlock(bit);
}

static struct ftrace_ops stp_fentry_fops = {
	.func = stp_fentry_call,
	.flags = FTRACE_OPS_FL_SAVE_REGS,
};

static int stp_fentry_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct stp_fentry *t = container_of(kp, struct stp_fentry, kp);

	stp_probe_run(t->probe, STP_SESSION_RUNNING, regs, NULL,
		      t->probe->ppfunc);
	return 0;
}

static void stp_fentry_warn(const struct stp_fentry *t, int rc)
{
	char line[256];
	int n = scnprintf(line, sizeof(line),
			  "WARNING: probe %s registration error [man warning::pass5] (rc %d)\n",
			  t->probe->pp, rc);

	stp_transport_warn(line, n);
}

/* Not an ftrace site: a kprobe of its own, or the warning. */
static void stp_fentry_fallback(struct stp_fentry *t)
{
	int rc;

	memset(&t->kp, 0, sizeof(t->kp));
	t->kp.addr = (kprobe_opcode_t *)t->start;
	t->kp.pre_handler = stp_fentry_pre;
	rc = register_kprobe(&t->kp);
	t->via_kprobe = rc == 0;
	if (rc && !t->optional)
		stp_fentry_warn(t, rc);
}

/* Every address into the filter at once; when one is refused, one at a
 * time (the ops is not registered yet, so no code is patched here). */
static int stp_fentry_filter(struct stp_fentry *t, int n)
{
	unsigned long *ips = kvmalloc_array(n, sizeof(*ips), GFP_KERNEL);
	int i, ok = 0;

	if (ips) {
		for (i = 0; i < n; i++)
			ips[i] = t[i].start;
		if (ftrace_set_filter_ips(&stp_fentry_fops, ips, n, 0, 1) == 0) {
			for (i = 0; i < n; i++)
				t[i].via_ftrace = true;
			kvfree(ips);
			return n;
		}
		kvfree(ips);
	}
	ftrace_free_filter(&stp_fentry_fops);
	for (i = 0; i < n; i++) {
		t[i].via_ftrace = ftrace_set_filter_ip(&stp_fentry_fops,
						       t[i].start, 0, 0) == 0;
		ok += t[i].via_ftrace;
	}
	return ok;
}

static int stp_fentry_register(void *table, int n)
{
	struct stp_fentry *t = table;
	int i, rc, armed;

	stp_fentry_tab = t;
	stp_fentry_n = n;
	for (i = 0; i < n; i++)
		t[i].start = (unsigned long)(t[i].addr + stp_kreloc);
	armed = stp_fentry_filter(t, n);
	if (armed) {
		rc = register_ftrace_function(&stp_fentry_fops);
		if (rc) {
			for (i = 0; i < n; i++)
				t[i].via_ftrace = false;
			ftrace_free_filter(&stp_fentry_fops);
		}
		stp_fentry_armed = rc == 0;
	}
	for (i = 0; i < n; i++)
		if (!t[i].via_ftrace)
			stp_fentry_fallback(&t[i]);
	return 0;
}

static void stp_fentry_unregister(void *table, int n)
{
	struct stp_fentry *t = table;
	int i;

	if (stp_fentry_armed) {
		unregister_ftrace_function(&stp_fentry_fops);
		ftrace_free_filter(&stp_fentry_fops);
		stp_fentry_armed = false;
	}
	for (i = 0; i < n; i++) {
		if (t[i].via_kprobe)
			unregister_kprobe(&t[i].kp);
		t[i].via_kprobe = t[i].via_ftrace = false;
	}
}

static const struct stp_family_ops stp_fentry_ops = {
	.name = "fentry",
	.reg = stp_fentry_register,
	.unreg = stp_fentry_unregister,
};
