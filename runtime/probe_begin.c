// SPDX-License-Identifier: GPL-2.0
/*
 * probe_begin.c - begin, end and error probes.
 *
 * The generated code lists each kind in a table already sorted by sequence
 * number (begin(-1) before begin before begin(5)); running a table runs
 * every entry in order while the session stays in the kind's state, so an
 * exit() in one begin probe stops the later ones.
 *
 * Invariant: called only from stp_session_start/stop, in process context,
 * serialised by the transport's mutex.
 */

struct stp_be_probe {
	const struct stp_probe *probe;
	int64_t seq;
};

static void stp_be_run(const struct stp_be_probe *t, int n, int state)
{
	int i;

	for (i = 0; i < n; i++) {
		stp_probe_run(t[i].probe, state, NULL, NULL, NULL);
		cond_resched();
	}
}
