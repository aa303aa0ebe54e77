// SPDX-License-Identifier: GPL-2.0
/*
 * module.c - module_init/exit and the session's start and stop.
 *
 * The generated code defines `stp_script` (declared here tentatively): the
 * probe tables of each family, the globals' init/free hooks and the size
 * of the per-CPU locals area.
 *
 * Start: begin probes (sorted) run with the session STARTING; unless one
 * called exit(), the timers and kprobes are registered and the session
 * becomes RUNNING.  Stop: every asynchronous probe is unregistered first
 * (waiting for running handlers), then the end probes run - or the error
 * probes, when MAXERRORS ended the session - then the error summary.
 *
 * Invariant: start and stop run in process context, serialised by the
 * transport, and stop runs at most once after start.
 */

struct stp_script {
	const struct stp_be_probe *begin, *end, *error;
	int nbegin, nend, nerror;
	struct stp_timer *timers;
	int ntimers;
	struct stp_kprobe *kprobes;
	int nkprobes;
	int (*globals_init)(void);	/* allocate maps/stats, -G values */
	void (*globals_free)(void);
	size_t locals_size;		/* sizeof(struct stp_locals) */
};

static struct stp_script stp_script;

static int stp_session_start(void)
{
	int rc;

	atomic_set(&stp_session_state, STP_SESSION_STARTING);
	stp_be_run(stp_script.begin, stp_script.nbegin, STP_SESSION_STARTING);
	if (atomic_read(&stp_session_state) != STP_SESSION_STARTING)
		return 0;
	rc = stp_timer_register(stp_script.timers, stp_script.ntimers);
	if (rc)
		return rc;
	stp_kprobe_register(stp_script.kprobes, stp_script.nkprobes);
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
	if (errors || skipped) {
		n = scnprintf(line, sizeof(line),
			      "WARNING: Number of errors: %d, skipped probes: %d\n",
			      errors, skipped);
		stp_transport_warn(line, n);
	}
}

static void stp_session_stop(void)
{
	stp_session_exit(STP_SESSION_STOPPING);
	stp_kprobe_unregister(stp_script.kprobes, stp_script.nkprobes);
	stp_timer_unregister(stp_script.timers, stp_script.ntimers);
	if (atomic_read(&stp_session_state) == STP_SESSION_ERROR)
		stp_be_run(stp_script.error, stp_script.nerror,
			   STP_SESSION_ERROR);
	else
		stp_be_run(stp_script.end, stp_script.nend,
			   STP_SESSION_STOPPING);
	stp_session_report();
	atomic_set(&stp_session_state, STP_SESSION_STOPPED);
}

static int __init stp_module_init(void)
{
	int rc = stp_ctx_init(stp_script.locals_size);

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
	stp_ctx_free();
	return rc;
}

static void __exit stp_module_exit(void)
{
	stp_transport_exit();
	if (stp_script.globals_free)
		stp_script.globals_free();
	stp_ctx_free();
}

module_init(stp_module_init);
module_exit(stp_module_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("systemtap script module");
