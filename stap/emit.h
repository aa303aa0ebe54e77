/* emit.h - pass 3 internals shared by emit.c, emit_global.c, emit_probe.c,
 * emit_stmt.c and emit_expr.c.  main.c only sees emit_pass() (passes.h).
 *
 * The emitter writes C text to e->out.  Function and probe bodies are
 * written to a memory stream first, because their frame struct (locals and
 * temporaries discovered while emitting) must be declared before them.
 */
#ifndef STAP_EMIT_H
#define STAP_EMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "session.h"

/* One global variable as the C code knows it. */
struct emit_global {
	struct symbol *sym;
	int index;			/* lock order */
	const char *cname;		/* g_<name> */
	const char *lock;		/* glock_<name>: its rwlock */
	const char *desc;		/* gdesc_<name>: map descriptor */
	const char *sdesc;		/* gsdesc_<name>: statistic descriptor */
	const char *plock;		/* gplock_<name>: per-CPU stat locks */
	bool is_map;			/* arity > 0 */
	bool is_stat;			/* statistic values */
	/* statistics: the histogram the script asks for, if any */
	int hist;			/* 0 none, 1 log, 2 linear */
	int64_t hstart, hstop, hinterval;
	struct token *hist_tok;
};

/* One used script or embedded-C function. */
struct emit_func {
	struct function *fn;
	int index;
	const char *cname;		/* fn_<index>_<name> */
	const char *frame;		/* fl_<index>_<name> */
	const char *member;		/* f<index>: member in the frame union */
	bool leaf;			/* embedded C: frame in the leaf slot,
					 * passed in; no nesting (it cannot
					 * call script functions) */
};

/* The frame being generated: a probe's or a function's locals struct. */
struct emit_frame {
	const char *sname;		/* struct tag: pl_<n> / fl_<n>_<name> */
	struct function *fn;		/* NULL for a probe */
	struct symbol *locals;		/* declared locals (and params) */
	struct symbol *params;
	int nstr;			/* string temporaries t0.. */
	int niter;			/* foreach iterators it0.. */
	int nlabel;			/* try/catch labels */
};

/* Global lock use of one probe, one entry per global. */
#define EMIT_LOCK_NONE	0
#define EMIT_LOCK_READ	1
#define EMIT_LOCK_WRITE	2

struct emit {
	struct session *s;
	FILE *out;			/* where emit_line/emit_str write */
	FILE *frames;			/* frame structs, in order */
	FILE *bodies;			/* function and probe bodies */
	int uniq;			/* C temporaries _v<n> */
	struct emit_global *globals;
	int nglobals;
	struct emit_func *funcs;
	int nfuncs;
	int nprobes;			/* derived probes, indexed 0.. */
	int *handler;			/* per probe: the probe whose handler
					 * (identical C) it runs */
	struct emit_text *texts;	/* emit_probe.c: handlers by text */
	int *handler_uses;		/* per handler: probes running it */
	FILE *regs;			/* emit_tables: stp_families[] lines */
	int nregs;
	unsigned char *stub_done;	/* per handler: shared stubs written
					 * (bit 0 kprobe, bit 1 kretprobe) */
	struct emit_frame *fr;
	const char *errlabel;		/* where an error jumps: out / catch_N */
	int indent;
	int counted;			/* next emit_action: block counted it */
	bool call_result_direct;	/* next string call: no result copy */
	struct symbol *iterating[16];	/* arrays of enclosing foreach loops */
	int niterating;
	int loops;			/* enclosing script loops */
};

/* emit.c */
void emit_line(struct emit *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void emit_str(struct emit *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void emit_cstring(FILE *out, const char *s, size_t len);
const char *emit_tok_desc(struct emit *e, const struct token *tok);
void emit_unsupported(struct emit *e, const struct token *tok,
		      const char *what);
int emit_new_uniq(struct emit *e);

/* emit_global.c: walking every expression of a body (x set) and every
 * statement (st set, x NULL) in evaluation order. */
struct emit_walk {
	void (*visit)(struct emit_walk *w, struct expr *x, struct stmt *st);
	void *arg;
};
void emit_walk_expr(struct emit_walk *w, struct expr *x);
void emit_walk_stmt(struct emit_walk *w, struct stmt *st);

/* emit_probe.c: list a runtime table for runtime/module.c to register
 * through ops (family.h emit_tables). */
void emit_register_table(struct emit *e, const char *ops, const char *table,
			 int n);

/* emit_probe.c: the index of the probe whose handler dp runs (probes
 * whose handlers come out identical share one: a wildcard probe on
 * thousands of functions compiles one body). */
int emit_handler_of(const struct emit *e, const struct derived_probe *dp);

/* emit_probe.c: a kprobe entry stub for probe dp (probe_<i>_kp, or
 * probe_<i>_kret for a kretprobe) calling its handler directly, and the
 * table field naming it (".pre = probe_<i>_kp"). */
void emit_kprobe_stub(struct emit *e, const struct derived_probe *dp,
		      bool is_return);
/* The kretprobe entry_handler stub probe_<i>_kent of return probe dp,
 * running the handler of its @entry part ent. */
void emit_kprobe_entry_stub(struct emit *e, const struct derived_probe *dp,
			    const struct derived_probe *ent);
const char *emit_kprobe_stub_field(struct emit *e,
				   const struct derived_probe *dp,
				   bool is_return);

/* emit_global.c */
void emit_globals_collect(struct emit *e);
struct emit_global *emit_global_of(struct emit *e, const struct symbol *sym);
void emit_globals_decl(struct emit *e);
void emit_globals_init(struct emit *e);
const char *emit_stat_desc(struct emit *e, const struct emit_global *g);

/* emit_stmt.c */
void emit_stmt(struct emit *e, struct stmt *st);
void emit_frame_struct(struct emit *e, struct emit_frame *fr);
int emit_frame_str_temp(struct emit *e);
int emit_frame_iter(struct emit *e);
void emit_local_inits(struct emit *e, struct symbol *locals);

/* emit_expr.c */
void emit_expr(struct emit *e, struct expr *x);
void emit_cond(struct emit *e, struct expr *x);
void emit_delete_elem(struct emit *e, struct expr *x);
void emit_set_stmt_loc(struct emit *e, const struct token *tok);
struct emit_func *emit_func_of(struct emit *e, const struct function *fn);

/* emit_slice.c: array slices (keys with `*`) */
bool emit_has_wildcard(const struct expr *args);
int emit_slice_fixed(struct emit *e, struct expr *args, const char **names);
void emit_slice_match(struct emit *e, struct expr *args, const char **names,
		      int n, int it);
void emit_slice_in(struct emit *e, struct expr *x,
		   const struct emit_global *g);
void emit_slice_delete(struct emit *e, struct expr *x,
		       const struct emit_global *g);

/* emit_probe.c */
void emit_functions(struct emit *e);
void emit_probes(struct emit *e);
void emit_locals_union(struct emit *e);
void emit_tables(struct emit *e);

#endif
