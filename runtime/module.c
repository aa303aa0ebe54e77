// SPDX-License-Identifier: GPL-2.0
/*
 * module.c - module_init/exit and the session's start and stop.
 *
 * The generated code defines `stp_script` (declared here tentatively): the
 * begin/end/error tables, the { ops, table } of every other probe family
 * (stp_families[], in the translator's fixed family order), the globals'
 * init/free hooks and the size of the per-CPU locals area.
 *
 * Start: begin probes (sorted) run with the session STARTING; unless one
 * called exit(), every family registers its table in order and the
 * session becomes RUNNING (a family that fails makes the ones before it
 * unregister again).  Stop: every family unregisters, in reverse order
 * (waiting for running handlers), then the end probes run - or the error
 * probes, when MAXERRORS ended the session - then the error summary.
 *
 * Invariant: start and stop run in process context, serialised by the
 * transport, and stop runs at most once after start.
 */

struct stp_script {
	const struct stp_be_probe *begin, *end, *error;
	int nbegin, nend, nerror;
	const struct stp_family *families;
	int nfamilies;
	int (*globals_init)(void);	/* allocate maps/stats, -G values */
	void (*globals_free)(void);
	size_t locals_size;		/* sizeof(struct stp_locals) */
	const struct stp_probe *probes;	/* every probe, by index */
	int nprobes;
};

static struct stp_script stp_script;

/* Unregister families [0, n) in reverse order. */
static void stp_families_unregister(int n)
{
	const struct stp_family *f;

	while (n-- > 0) {
		f = &stp_script.families[n];
		f->ops->unreg(f->table, f->n);
	}
}

static int stp_families_register(void)
{
	const struct stp_family *f;
	int i, rc;

	for (i = 0; i < stp_script.nfamilies; i++) {
		f = &stp_script.families[i];
		rc = f->ops->reg(f->table, f->n);
		if (rc) {
			stp_families_unregister(i);
			return rc;
		}
	}
	return 0;
}

static int stp_session_start(void)
{
	int rc;

	rc = stp_kernel_buildid_check();
	if (rc)
		return rc;
	atomic_set(&stp_session_state, STP_SESSION_STARTING);
	stp_be_run(stp_script.begin, stp_script.nbegin, STP_SESSION_STARTING);
	if (atomic_read(&stp_session_state) != STP_SESSION_STARTING)
		return 0;
	rc = stp_families_register();
	if (rc)
		return rc;
	atomic_cmpxchg(&stp_session_state, STP_SESSION_STARTING,
		       STP_SESSION_RUNNING);
	return 0;
}

static void stp_session_report(void)
{
	char line[160];
	int n, errors = atomic_read(&stp_error_count);
	int skipped = atomic_read(&stp_skipped_count);

	if (atomic_read(&stp_skipped_reentrant)) {
		n = scnprintf(line, sizeof(line),
			      "WARNING: Skipped due to reentrancy: %d\n",
			      atomic_read(&stp_skipped_reentrant));
		stp_transport_warn(line, n);
	}
	if (atomic_read(&stp_skipped_lock)) {
		n = scnprintf(line, sizeof(line),
			      "WARNING: Skipped due to global lock timeout: %d\n",
			      atomic_read(&stp_skipped_lock));
		stp_transport_warn(line, n);
	}
	if (atomic_read(&stp_skipped_lowstack)) {
		n = scnprintf(line, sizeof(line),
			      "WARNING: Skipped due to low stack: %d\n",
			      atomic_read(&stp_skipped_lowstack));
		stp_transport_warn(line, n);
	}
	if (errors || skipped) {
		n = scnprintf(line, sizeof(line),
			      "WARNING: Number of errors: %d, skipped probes: %d\n",
			      errors, skipped);
		stp_transport_warn(line, n);
	}
}

#ifdef STP_TIMING
/* stap -t: one line per probe that ran, in SystemTap's layout */
static void stp_timing_report(void)
{
	static char line[1024];
	struct stp_timing t;
	const struct stp_probe *p;
	int i, n;

	n = scnprintf(line, sizeof(line), "----- probe hit report: \n");
	stp_transport_write(line, n);
	for (i = 0; i < stp_script.nprobes; i++) {
		p = &stp_script.probes[i];
		stp_timing_sum(p->index, &t);
		if (!p->handler || !t.count)
			continue;
		n = scnprintf(line, sizeof(line),
			"%s, (%s), hits: %llu, cycles: %llumin/%lluavg/%llumax, variance: %llu,%s, index: %d\n",
			p->pp, p->location ?: "", t.count, t.min,
			div64_u64(t.sum, t.count), t.max,
			stp_timing_variance(&t), p->derivation ?: "",
			p->index);
		stp_transport_write(line, n);
	}
	n = scnprintf(line, sizeof(line), "----- refresh report:\n");
	stp_transport_write(line, n);
}
#else
static inline void stp_timing_report(void) { }
#endif

static void stp_session_stop(void)
{
	stp_session_exit(STP_SESSION_STOPPING);
	stp_families_unregister(stp_script.nfamilies);
	if (atomic_read(&stp_session_state) == STP_SESSION_ERROR)
		stp_be_run(stp_script.error, stp_script.nerror,
			   STP_SESSION_ERROR);
	else
		stp_be_run(stp_script.end, stp_script.nend,
			   STP_SESSION_STOPPING);
	stp_timing_report();
	stp_session_report();
	atomic_set(&stp_session_state, STP_SESSION_STOPPED);
}

static int __init stp_module_init(void)
{
	int rc = stp_ctx_init(stp_script.locals_size);

	stp_kreloc_init();
	if (!rc)
		rc = stp_timing_init(stp_script.nprobes);
	if (rc)
		goto free_ctx;
	rc = stp_script.globals_init ? stp_script.globals_init() : 0;
	if (rc)
		goto free_globals;
	rc = stp_transport_init();
	if (rc)
		goto free_globals;
	return 0;
free_globals:
	if (stp_script.globals_free)
		stp_script.globals_free();
free_ctx:
	stp_timing_free();
	stp_ctx_free();
	return rc;
}

static void __exit stp_module_exit(void)
{
	stp_transport_exit();
	if (stp_script.globals_free)
		stp_script.globals_free();
	stp_timing_free();
	stp_ctx_free();
}

module_init(stp_module_init);
module_exit(stp_module_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("systemtap script module");
