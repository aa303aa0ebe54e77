/* probes.h - probe-point resolution and the services families use (pass 2).
 *
 * probes.c matches the points of every probe (after alias expansion and
 * wildcard matching) against the patterns of the families (family.h) and
 * hands each match to the family's derive hook.  A family marked
 * catch_all claims every point starting with its name and reports that
 * it is not supported yet.
 */
#ifndef STAP_PROBES_H
#define STAP_PROBES_H

#include "elab.h"
#include "family.h"

/* A concrete probe of match m at point pt (NULL: the matched point), with
 * the family's private data.  Returns it, or NULL when listing (the point
 * is recorded for -l / -L instead). */
struct derived_probe *probes_add(struct session *s, struct probe_match *m,
				 struct probe_point *pt, void *priv);

/* A new probe of dp's family and origin right after dp, with this body
 * and family data (an @entry part). */
struct derived_probe *probes_sibling(struct session *s,
				     struct derived_probe *dp,
				     struct stmt *body, void *priv);

extern const struct probe_family probe_begin_family;
extern const struct probe_family probe_end_family;
extern const struct probe_family probe_error_family;
extern const struct probe_family probe_never_family;
extern const struct probe_family probe_timer_family;
extern const struct probe_family probe_kprobe_family;
extern const struct probe_family probe_trace_family;
extern const struct probe_family probe_procfs_family;
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
/* Report "not supported yet" for a family at a point; returns -1 (0,
 * reporting nothing, when the point is optional). */
int probes_unsupported(struct session *s, const struct probe_match *m,
		       const char *what);
/* A copy of pp whose n-th component (0-based) has string argument str. */
struct probe_point *probes_point_set_str(struct session *s,
					 const struct probe_point *pp, int n,
					 const char *str);
/* The same with a number printed as an address: kernel.function(0x...). */
struct probe_point *probes_point_set_addr(struct session *s,
					  const struct probe_point *pp, int n,
					  uint64_t addr);

#endif
