// SPDX-License-Identifier: GPL-2.0
/*
 * context.c - the per-CPU probe context and the common probe entry path.
 *
 * Every probe hit runs stp_probe_run(): it claims this CPU's context (a hit
 * that finds it busy, e.g. a kprobe inside an interrupted handler, is
 * skipped and counted), takes the handler's global locks in their fixed
 * order with bounded trylock (skip instead of deadlock), runs the handler,
 * releases the locks, reports an error as
 *   "ERROR: <msg> near <token> at FILE:LINE:COL"
 * and flushes the print buffer.  Script locals live in the context's
 * locals area (probe frame + MAXNESTING function frames), never on the
 * kernel stack.
 *
 * Invariant: a context is used by one handler at a time, with preemption
 * (and for non-begin/end probes, interrupts) disabled for the whole hit.
 */

/* Session states: probes of a kind run only in their state. */
enum stp_session_state {
	STP_SESSION_STARTING,	/* begin probes */
	STP_SESSION_RUNNING,	/* everything else */
	STP_SESSION_ERROR,	/* MAXERRORS hit: error probes at stop */
	STP_SESSION_STOPPING,	/* exit() or STOP: end probes */
	STP_SESSION_STOPPED,
};

#ifdef STP_SUPPRESS_HANDLER_ERRORS
#define STP_SUPPRESS_ERRORS 1
#else
#define STP_SUPPRESS_ERRORS 0
#endif

static atomic_t stp_session_state = ATOMIC_INIT(STP_SESSION_STARTING);
static atomic_t stp_error_count = ATOMIC_INIT(0);
static atomic_t stp_skipped_count = ATOMIC_INIT(0);
static atomic_t stp_skipped_lock = ATOMIC_INIT(0);
static atomic_t stp_skipped_reentrant = ATOMIC_INIT(0);

struct stp_ctx;

/* One global's lock as a handler needs it (tables sorted by global). */
struct stp_lock_req {
	rwlock_t *lock;
	bool write;
};

/* One derived probe, as the generated tables describe it. */
struct stp_probe {
	const char *pp;			/* pp(): the concrete probe point */
	const char *ppfunc;		/* ppfunc(): function in pp, or "" */
	void (*handler)(struct stp_ctx *c);
	const struct stp_lock_req *locks;
	int nlocks;
	int index;
};

struct stp_ctx {
	atomic_t busy;
	const struct stp_probe *probe;
	struct pt_regs *regs;		/* registers at the probe, or NULL */
	struct kretprobe_instance *ri;	/* kretprobe hits */
	const char *kfunc;		/* kprobe symbol, for probefunc() */
	int64_t actions, maxaction;
	int nesting;			/* function call depth */
	const char *last_stmt;		/* "operator '/' at t.stp:1:20" */
	struct stp_err err;
	void *locals;			/* this CPU's struct stp_locals */
	struct stp_buf pbuf;		/* print buffer, flushed per hit */
	char pbuf_data[STP_PRINT_BUFSIZE];
};

static void *stp_ctx_base;		/* per-CPU struct stp_ctx */
static void *stp_ctx_locals;		/* per-CPU locals areas */
static size_t stp_ctx_locals_size;

static void stp_print_flush(struct stp_ctx *c);

/* Allocate every CPU's context and locals area; module init only. */
static int stp_ctx_init(size_t locals_size)
{
	int cpu;

	stp_ctx_locals_size = locals_size ? locals_size : 1;
	stp_ctx_base = stp_alloc_percpu(sizeof(struct stp_ctx));
	stp_ctx_locals = stp_alloc_percpu(stp_ctx_locals_size);
	if (!stp_ctx_base || !stp_ctx_locals)
		return -ENOMEM;
	for (cpu = 0; cpu < stp_alloc_ncpus(); cpu++) {
		struct stp_ctx *c = stp_alloc_cpu_ptr(stp_ctx_base,
						      sizeof(*c), cpu);

		atomic_set(&c->busy, 0);
		c->locals = stp_alloc_cpu_ptr(stp_ctx_locals,
					      stp_ctx_locals_size, cpu);
		c->pbuf.p = c->pbuf_data;
		c->pbuf.cap = sizeof(c->pbuf_data);
	}
	return 0;
}

static void stp_ctx_free(void)
{
	stp_alloc_free(stp_ctx_base);
	stp_alloc_free(stp_ctx_locals);
	stp_ctx_base = stp_ctx_locals = NULL;
}

/* Count one statement; true (and the error set) past MAXACTION. */
static bool stp_ctx_action(struct stp_ctx *c)
{
	if (likely(++c->actions <= c->maxaction))
		return false;
	stp_err_set(&c->err, "MAXACTION exceeded");
	return true;
}

/* Enter a function frame; false (and the error set) past MAXNESTING. */
static bool stp_ctx_nest(struct stp_ctx *c)
{
	if (unlikely(c->nesting >= MAXNESTING)) {
		stp_err_set(&c->err, "MAXNESTING exceeded");
		return false;
	}
	c->nesting++;
	return true;
}

/* Session state changes: exit() and MAXERRORS. */
static void stp_session_exit(int new_state)
{
	int old = atomic_read(&stp_session_state);

	while (old == STP_SESSION_STARTING || old == STP_SESSION_RUNNING) {
		int prev = atomic_cmpxchg(&stp_session_state, old, new_state);

		if (prev == old)
			break;
		old = prev;
	}
	stp_transport_request_exit();
}

/*
 * Print the handler's error and count it against MAXERRORS.  With
 * --suppress-handler-errors (STP_SUPPRESS_HANDLER_ERRORS) errors are only
 * counted for the summary at stop.
 */
static void stp_ctx_report(struct stp_ctx *c)
{
	char line[STP_ERR_BUFLEN + 384];
	int n;

	if (atomic_inc_return(&stp_error_count) && STP_SUPPRESS_ERRORS)
		return;
	if (c->last_stmt)
		n = scnprintf(line, sizeof(line), "ERROR: %s near %s\n",
			      c->err.msg, c->last_stmt);
	else
		n = scnprintf(line, sizeof(line), "ERROR: %s\n", c->err.msg);
	if (n > 0 && line[n - 1] != '\n')
		line[n - 1] = '\n';
	stp_transport_warn(line, n);
	if (atomic_read(&stp_error_count) > MAXERRORS)
		stp_session_exit(STP_SESSION_ERROR);
}

static void stp_ctx_skip(atomic_t *why)
{
	atomic_inc(why);
	if (atomic_inc_return(&stp_skipped_count) > MAXSKIPPED &&
	    !STP_SUPPRESS_ERRORS) {
		static const char msg[] = "ERROR: Skipped too many probes, check MAXSKIPPED or try again with stap -t for more details.\n";

		if (atomic_read(&stp_session_state) == STP_SESSION_RUNNING)
			stp_transport_warn(msg, sizeof(msg) - 1);
		stp_session_exit(STP_SESSION_ERROR);
	}
}

static void __stp_locks_release(const struct stp_probe *p, int n)
{
	while (n-- > 0) {
		if (p->locks[n].write)
			write_unlock(p->locks[n].lock);
		else
			read_unlock(p->locks[n].lock);
	}
}

/* Take the handler's locks in table order; bounded, never deadlocks. */
static bool stp_locks_take(const struct stp_probe *p)
{
	int i, tries;

	for (i = 0; i < p->nlocks; i++) {
		const struct stp_lock_req *l = &p->locks[i];

		for (tries = 0;; tries++) {
			if (l->write ? write_trylock(l->lock)
				     : read_trylock(l->lock))
				break;
			if (tries >= MAXTRYLOCK) {
				__stp_locks_release(p, i);
				return false;
			}
			ndelay(TRYLOCKDELAY);
		}
	}
	return true;
}

/* The body of one hit on this CPU's (claimed) context. */
static void __stp_probe_hit(struct stp_ctx *c, const struct stp_probe *p,
			    bool interruptible)
{
	c->probe = p;
	c->actions = 0;
	c->maxaction = interruptible ? MAXACTION_INTERRUPTIBLE : MAXACTION;
	c->nesting = 0;
	c->last_stmt = NULL;
	stp_err_clear(&c->err);
	if (!stp_locks_take(p)) {
		stp_ctx_skip(&stp_skipped_lock);
		return;
	}
	p->handler(c);
	__stp_locks_release(p, p->nlocks);
	stp_print_flush(c);
	if (c->err.msg)
		stp_ctx_report(c);
}

/*
 * Run probe p if the session is in state `state`.  begin/end/error probes
 * run in process context and are "interruptible" (MAXACTION_INTERRUPTIBLE);
 * all others run with interrupts off.
 */
static void stp_probe_run(const struct stp_probe *p, int state,
			  struct pt_regs *regs, struct kretprobe_instance *ri,
			  const char *kfunc)
{
	bool interruptible = state != STP_SESSION_RUNNING;
	unsigned long flags = 0;
	struct stp_ctx *c;

	if (atomic_read(&stp_session_state) != state || !stp_ctx_base)
		return;
	if (interruptible)
		preempt_disable();
	else
		local_irq_save(flags);
	c = stp_alloc_this_cpu(stp_ctx_base, sizeof(*c));
	if (atomic_inc_return(&c->busy) != 1) {
		stp_ctx_skip(&stp_skipped_reentrant);
	} else {
		c->regs = regs;
		c->ri = ri;
		c->kfunc = kfunc;
		__stp_probe_hit(c, p, interruptible);
	}
	atomic_dec(&c->busy);
	if (interruptible)
		preempt_enable();
	else
		local_irq_restore(flags);
}

/*
 * Per-CPU locks of one statistic global.  `s <<< v` takes only this CPU's
 * lock (uncontended: no shared cache line on the hot path); whoever merges
 * or clears the per-CPU data (extractors, foreach, delete, `in`, which
 * also hold the global's exclusive lock) takes every CPU's lock in CPU
 * order.  Readers are serialised by the exclusive lock and adders take one
 * lock only, so there is no lock cycle.
 */
struct stp_plock {
	raw_spinlock_t *cpu;		/* per-CPU, stp_alloc_percpu */
};

static int stp_plock_init(struct stp_plock *p)
{
	int cpu;

	p->cpu = stp_alloc_percpu(sizeof(raw_spinlock_t));
	if (!p->cpu)
		return -ENOMEM;
	for (cpu = 0; cpu < stp_alloc_ncpus(); cpu++)
		raw_spin_lock_init((raw_spinlock_t *)stp_alloc_cpu_ptr(
			p->cpu, sizeof(raw_spinlock_t), cpu));
	return 0;
}

static void stp_plock_free(struct stp_plock *p)
{
	stp_alloc_free(p->cpu);
	p->cpu = NULL;
}

static raw_spinlock_t *__stp_plock_cpu(struct stp_plock *p, int cpu)
{
	return stp_alloc_cpu_ptr(p->cpu, sizeof(raw_spinlock_t), cpu);
}

/* around `<<<`: this CPU only (preemption is off in every handler) */
static void stp_plock_this(struct stp_plock *p)
{
	raw_spin_lock(__stp_plock_cpu(p, smp_processor_id()));
}

static void stp_punlock_this(struct stp_plock *p)
{
	raw_spin_unlock(__stp_plock_cpu(p, smp_processor_id()));
}

/* around merging or clearing: every CPU, in order */
static void stp_plock_all(struct stp_plock *p)
{
	int cpu;

	for (cpu = 0; cpu < stp_alloc_ncpus(); cpu++)
		raw_spin_lock(__stp_plock_cpu(p, cpu));
}

static void stp_punlock_all(struct stp_plock *p)
{
	int cpu;

	for (cpu = stp_alloc_ncpus() - 1; cpu >= 0; cpu--)
		raw_spin_unlock(__stp_plock_cpu(p, cpu));
}
