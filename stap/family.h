/* family.h - the ops table of a probe family, shared by passes 2 and 3.
 *
 * Each family (probe_begin.c, probe_timer.c, probe_kprobe.c, ...) is one
 * file behind one struct probe_family that spans the passes: the
 * probe-point patterns it accepts, each with a named role; a pass-2
 * derive hook that makes the concrete probes of a matched point (through
 * probes_add, probes.h); and pass-3 hooks that write its runtime table,
 * which runtime/probe_<family>.c registers through the ops that
 * runtime/module.c walks.  A family's per-probe data is a struct private
 * to its file, hung off derived_probe.priv.
 */
#ifndef STAP_FAMILY_H
#define STAP_FAMILY_H

#include "session.h"

struct emit;				/* pass 3: emit.h */
struct tv_site;				/* pass 2: tvars.h */

/* One probe-point pattern a family accepts, such as
 * "timer.ms(number).randomize(number)" (argument kinds: number, string),
 * and the role its derive hook is told when a point matches it. */
struct probe_pattern {
	const char *text;		/* NULL ends a family's list */
	int role;			/* the family's own enum */
	bool unsupported;		/* matched only to say "not supported
					 * yet" (--dump-probe-types omits it) */
};

#define PROBE_PATTERN(t, r)	{ .text = (t), .role = (r) }
#define PROBE_UNSUPPORTED(t, r)	{ .text = (t), .role = (r), .unsupported = true }
#define PROBE_PATTERNS_END	{ .text = NULL }

/* What a derive hook is given for one point that matched a pattern. */
struct probe_match {
	struct derived_probe *tmpl;	/* point (concrete components), origin,
					 * probe, body, cond: copied by
					 * probes_add for each probe made */
	int role;			/* probe_pattern.role */
	bool listing;			/* -l / -L: no probe is kept */
	bool optional;			/* ? or ! on the way here: matching
					 * nothing is no error */
	/* probes.c private */
	void *cx;
	const char *chain;
	int added;
};

/*
 * A probe family: its patterns and its hooks through the passes.  The
 * family's private data for one probe hangs off derived_probe.priv (a
 * struct of the family's file); other passes never look inside.
 */
struct probe_family {
	const char *name;		/* first functor: "timer" */
	const struct probe_pattern *patterns;
	bool catch_all;			/* unsupported family: any suffix */

	/* ---- pass 2 ---- */
	/* Make the concrete probes of a match with probes_add() (one, or
	 * one per function a wildcard matches) and return 0; report errors
	 * through diag() and return -1.  Matching nothing is an error the
	 * family reports (with its suggestions) unless m->optional. */
	int (*derive)(struct session *s, struct probe_match *m);
	/* -L: " $var:type ..." after the point, or NULL. */
	const char *(*vars)(struct session *s, const struct derived_probe *dp);
	/* Where target variables are read ($var, $$vars): fill *site and
	 * return 0, or -1 with *err; NULL when the family has none. */
	int (*tv_site)(struct session *s, const struct derived_probe *dp,
		       struct tv_site *site, const char **err);
	/* A target variable of the family's own ($value of procfs), read
	 * (store false) or assigned with op (OP_ASSIGN, or the op of `op=`):
	 * set *code to the C statements of a string accessor (the value
	 * assigned is STAP_ARG_value) and return 0; return 1 when e is not
	 * one of the family's, -1 with *err when the use is invalid. */
	int (*tv_own)(struct session *s, const struct derived_probe *dp,
		      const struct expr *e, bool store, int op,
		      const char **code, const char **err);
	/* @entry: make the sibling probe that runs body at dp's entry and
	 * gives dp data_size bytes (a C expression) per instance; NULL when
	 * the family has no entry (tvars_entry.c then reports the error). */
	struct derived_probe *(*entry_part)(struct session *s,
					    struct derived_probe *dp,
					    struct stmt *body,
					    const char *data_size);
	/* -p2: " / * pc=... * /" after the point, or NULL. */
	const char *(*comment)(struct session *s,
			       const struct derived_probe *dp);

	/* ---- pass 3 (emit_probe.c) ---- */
	bool no_handler;		/* never: no handler, no table */
	/* ppfunc() of a hit: the probed function, or NULL for "". */
	const char *(*ppfunc)(const struct derived_probe *dp);
	/* Per-probe code before the tables (e.g. a kprobe entry stub). */
	void (*emit_prelude)(struct emit *e, struct derived_probe *dp);
	/* The family's runtime table for its n probes v[] (script order);
	 * returns the table's C name, or NULL if it wrote none. */
	const char *(*emit_table)(struct emit *e, struct derived_probe **v,
				  int n);
	/* The runtime ops that register the table ("stp_timer_ops"), or
	 * NULL when the session runs it itself: then script_slot names
	 * the stp_script field ("begin", "end", "error"). */
	const char *rt_ops;
	const char *script_slot;
	/* Instead of the three above, for a family with several runtime
	 * tables: write them and list each with emit_register_table(). */
	void (*emit_tables)(struct emit *e, struct derived_probe **v, int n);
};

/* Every family, in a fixed order (NULL-terminated). */
extern const struct probe_family *const probes_families[];

#endif
