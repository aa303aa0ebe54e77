/* probes.h - the registry of probe families (pass 2).
 *
 * Each family (probe_begin.c, probe_timer.c, probe_kprobe.c, ...) declares
 * the probe-point patterns it accepts, such as "timer.ms(number)" or
 * "kprobe.function(string).return", and a derive hook that fills a
 * struct derived_probe for one concrete point.  probes.c matches the
 * points of every probe (after alias expansion and wildcard matching)
 * against these patterns.  A family marked catch_all claims every point
 * starting with its name and reports that it is not supported yet.
 */
#ifndef STAP_PROBES_H
#define STAP_PROBES_H

#include "elab.h"

struct probe_family {
	const char *name;		/* first functor: "timer" */
	/* "begin", "begin(number)", "timer.ms(number).randomize(number)",
	 * NULL-terminated; the argument kinds are number and string. */
	const char *const *patterns;
	/* Fill dp (kind, parameters) for the concrete point dp->point that
	 * matched patterns[pat]; report errors through diag(), return -1. */
	int (*derive)(struct session *s, struct derived_probe *dp, int pat);
	bool catch_all;			/* unsupported family: any suffix */
	/* Bit i set: patterns[i] is accepted only to report "not supported
	 * yet" (so --dump-probe-types leaves it out). */
	unsigned unsupported;
	/* -L: the context variables of a matched point, or NULL. */
	const char *(*vars)(struct session *s, const struct derived_probe *dp);
};

extern const struct probe_family probe_begin_family;
extern const struct probe_family probe_end_family;
extern const struct probe_family probe_error_family;
extern const struct probe_family probe_never_family;
extern const struct probe_family probe_timer_family;
extern const struct probe_family probe_kprobe_family;
extern const struct probe_family *const probe_unsupported_families[];

/* Derive every probe of the user files into s->probes. */
void probes_pass(struct session *s);
/* Derive the probes of library files loaded since the last call. */
bool probes_pass_library(struct session *s);
/* `stap -l` / `-L`: resolve PATTERN, print the sorted concrete points. */
int probes_list(struct session *s, FILE *out, const char *pattern,
		bool vars);
/* --dump-probe-types: the supported patterns, sorted component-wise. */
int probes_dump_types(struct session *s, FILE *out);
/* --dump-probe-aliases: "name = target1, target2?" for every library
 * alias whose name does not start with '_', sorted. */
int probes_dump_aliases(struct session *s, FILE *out);
/* "timer.ms(100)" for a point (no ?, ! or condition). */
const char *probes_point_str(struct session *s, const struct probe_point *pp);
/* The numeric / string argument of the n-th component (0-based). */
int64_t probes_num_arg(const struct probe_point *pp, int n);
const char *probes_str_arg(const struct probe_point *pp, int n);
const struct probe_comp *probes_comp(const struct probe_point *pp, int n);
/* Report "not supported yet" for a family at a point; returns -1. */
int probes_unsupported(struct session *s, const struct derived_probe *dp,
		       const char *what);

#endif
