// SPDX-License-Identifier: GPL-2.0
/*
 * probe_kprobe.c - the kprobes behind kprobe.function("sym")[.return]
 * (by symbol name, resolved by the kernel at registration) and behind
 * the DWARF probes kernel.function / kernel.statement (by link-time
 * address, relocated by the kernel's KASLR offset: stp_kreloc).
 *
 * A point that fails to register (symbol missing or blacklisted) is
 * reported as a WARNING and skipped, like SystemTap; the rest of the
 * session runs.  probefunc() of a kprobe hit is its symbol; of other hits
 * with registers, the symbol of the interrupted instruction pointer.
 *
 * Pass 3 emits, per kprobe, an entry (`.pre` / `.ret`) that calls
 * stp_kprobe_run() with its constant probe and handler, so the hot path has
 * no indirect call and a folded lock table; a table entry without one uses
 * the generic entries below.
 *
 * Unregistration is batched (unregister_k*probes: one RCU grace period
 * for the whole table, not one per probe), so thousands of probes go away
 * in moments.
 *
 * Invariant: after stp_kprobe_unregister returns, no handler of this table
 * runs (unregister_k*probes waits for running handlers).
 */

/*
 * The KASLR offset: link-time addresses from the debuginfo plus this are
 * run-time ones.  stp_kreloc_link is declared here tentatively; pass 3
 * defines it as the link-time address of register_kprobe, whose run-time
 * address the module knows.
 */
static unsigned long stp_kreloc_link;
static unsigned long stp_kreloc;

static void stp_kreloc_init(void)
{
	if (stp_kreloc_link)
		stp_kreloc = (unsigned long)register_kprobe - stp_kreloc_link;
}

/*
 * The build-id of the kernel whose debuginfo placed the probes and the
 * link-time address of its bytes in the kernel's .notes (pass 3 defines
 * them with stp_kreloc_link).  The same release string can name another
 * build (a rebuilt package): its addresses are not ours, so the session
 * refuses to start, with SystemTap's message.  -DSTP_NO_BUILDID_CHECK
 * skips the check.
 */
static const unsigned char *stp_kernel_buildid;
static unsigned int stp_kernel_buildid_len;
static unsigned long stp_kernel_buildid_addr;

static int stp_kernel_buildid_check(void)
{
	unsigned long a = stp_kernel_buildid_addr + stp_kreloc;
	unsigned char want, got = 0;
	unsigned int i;
	long rc = 0;
	char line[200];
	int n;

#ifdef STP_NO_BUILDID_CHECK
	return 0;
#endif
	for (i = 0; i < stp_kernel_buildid_len; i++) {
		want = stp_kernel_buildid[i];
#ifdef STP_TEST_BUILDID_MISMATCH	/* the test of this check */
		if (i == 0)
			want ^= 0xff;
#endif
		rc = stp_str_nofault(&got, a + i, 1, false);
		if (rc || got != want)
			break;
	}
	if (i == stp_kernel_buildid_len)
		return 0;
	n = scnprintf(line, sizeof(line),
		      "ERROR: Build-id mismatch [man error::buildid]: \"kernel\" byte %u (0x%02x) vs actual (0x%02x) address %#lx rc %ld\n",
		      i, want, got, a + i, rc);
	stp_transport_warn(line, n);
	return -EINVAL;
}

struct stp_kprobe {
	const struct stp_probe *probe;
	const char *symbol;		/* or NULL: addr */
	uint64_t addr;			/* link-time address */
	int64_t offset;
	bool is_return;
	bool absolute;			/* addr is a run-time address */
	bool optional;			/* kprobe.function("x")? */
	int maxactive;			/* .return: 0 = kernel default */
	kprobe_pre_handler_t pre;	/* specialised entry, or NULL */
	kretprobe_handler_t ret;	/* specialised .return entry, or NULL */
	kretprobe_handler_t entry;	/* .return with @entry: at the entry */
	size_t data_size;		/* its bytes per instance */
	/* runtime state */
	union {
		struct kprobe kp;
		struct kretprobe krp;
	} u;
	bool registered;
};

/* The body of a generated entry: probe p, handler h, both constant. */
static __always_inline int stp_kprobe_run(const struct stp_probe *p,
					  void (*h)(struct stp_ctx *),
					  struct pt_regs *regs,
					  struct kretprobe_instance *ri)
{
	__stp_probe_run(p, STP_SESSION_RUNNING, regs, ri, p->ppfunc, h);
	return 0;
}

static int stp_kprobe_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct stp_kprobe *t = container_of(kp, struct stp_kprobe, u.kp);

	stp_probe_run(t->probe, STP_SESSION_RUNNING, regs, NULL, t->symbol);
	return 0;
}

static int stp_kprobe_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct kretprobe *krp = stp_compat_kretprobe_of(ri);
	struct stp_kprobe *t;

	if (!krp)
		return 0;
	t = container_of(krp, struct stp_kprobe, u.krp);
	stp_probe_run(t->probe, STP_SESSION_RUNNING, regs, ri, t->symbol);
	return 0;
}

static void stp_kprobe_place(const struct stp_kprobe *t, struct kprobe *kp)
{
	if (t->symbol) {
		kp->symbol_name = t->symbol;
		kp->offset = t->offset;
	} else {
		kp->addr = (kprobe_opcode_t *)(unsigned long)(t->addr +
				(t->absolute ? 0 : stp_kreloc));
	}
}

static int stp_kprobe_arm(struct stp_kprobe *t)
{
	memset(&t->u, 0, sizeof(t->u));
	if (!t->is_return) {
		stp_kprobe_place(t, &t->u.kp);
		t->u.kp.pre_handler = t->pre ? t->pre : stp_kprobe_pre;
		return register_kprobe(&t->u.kp);
	}
	stp_kprobe_place(t, &t->u.krp.kp);
	t->u.krp.handler = t->ret ? t->ret : stp_kprobe_ret;
	t->u.krp.entry_handler = t->entry;
	t->u.krp.data_size = t->data_size;
	t->u.krp.maxactive = t->maxactive > 0 ? t->maxactive : KRETACTIVE;
	return register_kretprobe(&t->u.krp);
}

static void stp_kprobe_reg_warn(const struct stp_kprobe *t, int rc)
{
	char line[256];
	int n = scnprintf(line, sizeof(line),
			  "WARNING: probe %s registration error [man warning::pass5] (rc %d)\n",
			  t->probe->pp, rc);

	stp_transport_warn(line, n);
}

/* Register every point; failures warn and are skipped. */
static int stp_kprobe_register(void *table, int n)
{
	struct stp_kprobe *t = table;
	int i, rc;

	for (i = 0; i < n; i++) {
		rc = stp_kprobe_arm(&t[i]);
		t[i].registered = rc == 0;
		if (rc && !t[i].optional)
			stp_kprobe_reg_warn(&t[i], rc);
	}
	return 0;
}

/* Unregister the armed kprobes (is_return == ret) of t[0..n) through
 * vec (cap entries): one grace period per cap probes. */
static void stp_kprobe_unregister_kind(struct stp_kprobe *t, int n, bool ret,
				       void **vec, int cap)
{
	int i, k = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && t[i].registered && t[i].is_return == ret) {
			vec[k++] = ret ? (void *)&t[i].u.krp
				       : (void *)&t[i].u.kp;
			t[i].registered = false;
		}
		if (k && (k == cap || i == n)) {
			if (ret)
				unregister_kretprobes((struct kretprobe **)vec,
						      k);
			else
				unregister_kprobes((struct kprobe **)vec, k);
			k = 0;
		}
	}
}

/* The whole table in one batch when a vector can be allocated, else in
 * batches of a small on-stack one (unregistering must not fail). */
static void stp_kprobe_unregister(void *table, int n)
{
	void *small[32], **vec;
	int cap = n;

	vec = n > 32 ? kmalloc_array(n, sizeof(*vec), GFP_KERNEL) : NULL;
	if (!vec) {
		vec = small;
		cap = 32;
	}
	stp_kprobe_unregister_kind(table, n, false, vec, cap);
	stp_kprobe_unregister_kind(table, n, true, vec, cap);
	if (vec != small)
		kfree(vec);
}

static const struct stp_family_ops stp_kprobe_ops = {
	.name = "kprobe",
	.reg = stp_kprobe_register,
	.unreg = stp_kprobe_unregister,
};

/* probefunc(): the probed symbol, else the symbol at the interrupted IP. */
static void stp_kprobe_probefunc(struct stp_ctx *c, char *dst)
{
	if (c->kfunc)
		stp_str_copy(dst, c->kfunc);
	else if (c->regs)
		snprintf(dst, MAXSTRINGLEN, "%ps",
			 (void *)instruction_pointer(c->regs));
	else
		dst[0] = '\0';
}

/* The symbol (function name) containing addr, or "" if none. */
static void stp_kprobe_symname(char *dst, uint64_t addr)
{
	snprintf(dst, MAXSTRINGLEN, "%ps", (void *)(unsigned long)addr);
}
