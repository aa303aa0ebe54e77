/* tvars.h - target variables (pass 2).
 *
 * tvars.c rewrites $var, $$vars, @cast, @var and @defined in probe and
 * function bodies into calls of generated embedded-C accessor functions,
 * so later passes never see a target variable.  A probe family that has
 * target variables says where they are read through its tv_site hook
 * (family.h), filling the struct below.
 */
#ifndef STAP_TVARS_H
#define STAP_TVARS_H

#include <stdbool.h>

#include "debuginfo.h"
#include "dwindex.h"

struct session;
struct derived_probe;
struct function;

/* Where a probe reads its target variables. */
struct tv_site {
	struct dw_file *dw;		/* the debuginfo of the code */
	struct dwx *x;			/* its index (types for @cast) */
	struct dw_site site;		/* variables, frame base, CFA at pc */
	const char *func;		/* "ksys_read" */
	const char *file;		/* "fs/read_write.c" */
	int line;			/* locals declared after it are not
					 * in scope (0: all are) */
	bool is_return;			/* .return: $return */
	bool at_entry;			/* the probe is at the entry pc */
	bool user;			/* user-space code */
	uint64_t die;			/* the function's DIE, for messages */
	uint64_t cu;			/* its unit (@var without @file) */
	/* Tracepoints: variable i is the lvalue ARGS_EXPR[i] (no DWARF
	 * location), only readable; $$name and $$system are these. */
	const char *args_expr;
	const char *tp_name, *tp_system;
};

/* Rewrite the target variables of every derived probe not done yet. */
void tv_pass(struct session *s);
/* Rewrite the target variables of one probe (the -L listing of an
 * alias, whose body is resolved against its first target's site). */
void tv_probe(struct session *s, struct derived_probe *dp);
/* Rewrite @cast / @var in a function body (before it is resolved). */
void tv_function(struct session *s, struct function *f);
/* After type inference: give each .return probe with @entry(...) its
 * entry part (tvars_entry.c). */
void tv_entry_pass(struct session *s);
/* The synthetic file generated accessor functions belong to. */
struct stapfile *tv_file(struct session *s);

#endif
