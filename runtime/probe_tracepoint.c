// SPDX-License-Identifier: GPL-2.0
/*
 * probe_tracepoint.c - kernel.trace("SYSTEM:NAME") through the kernel's
 * tracepoint API.
 *
 * Each table entry names one tracepoint and carries its generated entry
 * (probe_<i>_tp: the tracepoint's prototype with every argument as an
 * unsigned long, which on x86_64 is how the caller passes them), which
 * stores the arguments in an array and runs the probe with it
 * (stp_ctx.tp_args; the accessors read argument i as tp_args[i]).
 *
 * Registration finds the kernel's tracepoints by name with
 * for_each_kernel_tracepoint, and those of modules through the tracepoint
 * module notifier: it reports every module already loaded at once and
 * every module that comes later, and tells when one goes, before its
 * tracepoints are freed; the probes on it are unregistered then and armed
 * again if it comes back.
 *
 * Invariant: after stp_tracepoint_unregister returns no entry of this
 * table runs and none will (the notifier is off its chain, every probe
 * is unregistered and tracepoint_synchronize_unregister has waited for
 * the callers that were running).
 */
#include <linux/tracepoint.h>

struct stp_tracepoint {
	const struct stp_probe *probe;
	const char *name;		/* "kfree_skb" */
	void *func;			/* the generated entry */
	bool optional;
	const char *module;		/* defined by this module (which may
					 * load later), or NULL: the kernel */
	/* runtime state, under stp_tp_mutex */
	struct tracepoint *tp;		/* registered on it, or NULL */
	struct module *owner;		/* a module's tracepoint, or NULL */
};

static struct stp_tracepoint *stp_tp_tab;
static int stp_tp_n;
static DEFINE_MUTEX(stp_tp_mutex);

/* The body of a generated entry: probe p, handler h, both constant. */
static __always_inline void stp_tracepoint_run(const struct stp_probe *p,
					       void (*h)(struct stp_ctx *),
					       unsigned long *args)
{
	__stp_probe_run_args(p, STP_SESSION_RUNNING, NULL, NULL, NULL, h,
			     args);
}

/* Arm every unarmed entry named like tp (owned by mod, or the kernel). */
static void stp_tp_arm(struct tracepoint *tp, struct module *mod)
{
	struct stp_tracepoint *t;
	int i;

	for (i = 0; i < stp_tp_n; i++) {
		t = &stp_tp_tab[i];
		if (t->tp || strcmp(t->name, tp->name))
			continue;
		if (tracepoint_probe_register(tp, t->func, t) == 0) {
			t->tp = tp;
			t->owner = mod;
		}
	}
}

static void stp_tp_kernel_one(struct tracepoint *tp, void *priv)
{
	stp_tp_arm(tp, NULL);
}

static void stp_tp_disarm(struct stp_tracepoint *t)
{
	if (!t->tp)
		return;
	tracepoint_probe_unregister(t->tp, t->func, t);
	t->tp = NULL;
	t->owner = NULL;
}

#ifdef CONFIG_MODULES
static void stp_tp_module_coming(struct module *mod)
{
	tracepoint_ptr_t *p = mod->tracepoints_ptrs;
	unsigned int i;

	for (i = 0; p && i < mod->num_tracepoints; i++)
		stp_tp_arm(tracepoint_ptr_deref(&p[i]), mod);
}

static void stp_tp_module_going(struct module *mod)
{
	int i;

	for (i = 0; i < stp_tp_n; i++)
		if (stp_tp_tab[i].owner == mod)
			stp_tp_disarm(&stp_tp_tab[i]);
}

static int stp_tp_notify(struct notifier_block *nb, unsigned long val,
			 void *data)
{
	struct tp_module *tm = data;

	mutex_lock(&stp_tp_mutex);
	if (val == MODULE_STATE_COMING)
		stp_tp_module_coming(tm->mod);
	else if (val == MODULE_STATE_GOING)
		stp_tp_module_going(tm->mod);
	mutex_unlock(&stp_tp_mutex);
	return NOTIFY_OK;
}

static struct notifier_block stp_tp_nb = { .notifier_call = stp_tp_notify };
static bool stp_tp_nb_on;

static void stp_tp_modules_watch(void)
{
	stp_tp_nb_on = register_tracepoint_module_notifier(&stp_tp_nb) == 0;
}

static void stp_tp_modules_unwatch(void)
{
	if (stp_tp_nb_on)
		unregister_tracepoint_module_notifier(&stp_tp_nb);
	stp_tp_nb_on = false;
}
#else
static void stp_tp_modules_watch(void) { }
static void stp_tp_modules_unwatch(void) { }
#endif

static void stp_tp_warn(const struct stp_tracepoint *t)
{
	char line[256];
	int n = scnprintf(line, sizeof(line),
			  "WARNING: probe %s registration error [man warning::pass5] (rc %d)\n",
			  t->probe->pp, -ENOENT);

	stp_transport_warn(line, n);
}

/* Arm what the kernel and the loaded modules have; a kernel tracepoint
 * found nowhere warns (a module's arms when the module loads). */
static int stp_tracepoint_register(void *table, int n)
{
	int i;

	stp_tp_tab = table;
	stp_tp_n = n;
	mutex_lock(&stp_tp_mutex);
	for_each_kernel_tracepoint(stp_tp_kernel_one, NULL);
	mutex_unlock(&stp_tp_mutex);
	stp_tp_modules_watch();
	mutex_lock(&stp_tp_mutex);
	for (i = 0; i < n; i++)
		if (!stp_tp_tab[i].tp && !stp_tp_tab[i].optional &&
		    !stp_tp_tab[i].module)
			stp_tp_warn(&stp_tp_tab[i]);
	mutex_unlock(&stp_tp_mutex);
	return 0;
}

/* Also called when register never was (a begin probe's exit() ends the
 * session before the families arm): the table, not stp_tp_tab, is what
 * it walks then. */
static void stp_tracepoint_unregister(void *table, int n)
{
	struct stp_tracepoint *t = table;
	int i;

	stp_tp_modules_unwatch();
	mutex_lock(&stp_tp_mutex);
	for (i = 0; i < n; i++)
		stp_tp_disarm(&t[i]);
	mutex_unlock(&stp_tp_mutex);
	tracepoint_synchronize_unregister();
}

static const struct stp_family_ops stp_tracepoint_ops = {
	.name = "tracepoint",
	.reg = stp_tracepoint_register,
	.unreg = stp_tracepoint_unregister,
};
