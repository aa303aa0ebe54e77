/* tg.h - unit tests of the target-variable code generators (stap/loc2c.c,
 * stap/ctypes.c, stap/ctypes_pp.c).
 *
 * t_tvgen runs the generators on hand-built location expressions and C
 * type graphs.  It checks some generated text and every error message
 * directly (tg_eq, tg_has), and writes the rest as run cases: cases.c,
 * which tvgen.sh compiles with harness.h (the runtime over a user-space
 * shim, a fake pt_regs, a memory image with a faulting page) and runs,
 * so the values, strings and faults the generated C computes are
 * checked, not its spelling.
 */
#ifndef TG_H
#define TG_H

#include <dwarf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "ctyp.h"
#include "ctypes.h"
#include "loc2c.h"

extern struct arena *tg_a;

/* ---- direct checks ---- */
void tg_ok(bool ok, const char *what);
void tg_eq(const char *got, const char *want, const char *what);
void tg_has(const char *got, const char *sub, const char *what);

/* ---- locations ---- */
#define OP(a, ...) ((struct loc_op){ .atom = (a), __VA_ARGS__ })
/* Byte offsets as the ops would be encoded, so skip/bra can aim. */
void tg_layout(struct loc_op *ops, size_t n);
/* ops[i] (a skip or bra) jumps to ops[to] (to == n: the end). */
void tg_aim(struct loc_op *ops, size_t n, size_t i, size_t to);
/* The environment of a kernel.function probe at entry; mem-mapped
 * DW_OP_addr; frame base DW_OP_call_frame_cfa, CFA = sp + 8. */
struct loc_env tg_env(void);
/* loc_translate that must succeed. */
struct loc_result tg_loc(struct loc_env *env, const struct loc_op *ops,
			 size_t n);
/* loc_translate that must fail with a message containing want. */
void tg_loc_err(struct loc_env *env, const struct loc_op *ops, size_t n,
		const char *want, const char *what);

/* ---- types ---- */
struct ctype *tg_base(const char *name, int size, bool sgn);
struct ctype *tg_char(const char *name, bool sgn);
struct ctype *tg_bool(void);
struct ctype *tg_ptr(struct ctype *to);
struct ctype *tg_arr(struct ctype *el, int64_t n);
struct ctype *tg_typedef(const char *name, struct ctype *to);
struct ctype *tg_qual(enum ctype_kind k, struct ctype *to);
struct ctype *tg_func(struct ctype *ret, int nparams, ...);
struct ctype *tg_enum(const char *name, int size, int n, ...);
/* A struct/union; members added with tg_mem / tg_bits, in order. */
struct ctype *tg_struct(enum ctype_kind k, const char *name, uint64_t size,
			const char *file, int line);
void tg_mem(struct ctype *s, const char *name, struct ctype *t,
	    uint64_t off);
void tg_bits(struct ctype *s, const char *name, struct ctype *t,
	     uint64_t off, int bit_off, int bits);

/* ---- accesses ---- */
/* A chain like "->f_path->dentry[3].x[index2]" into comps. */
int tg_chain(const char *chain, struct cty_comp **out);

struct tg_acc {
	struct ctype *type;
	struct loc_result loc;
	const char *chain;
	bool addr_of, pretty, deep, user;
	const char *store;
};
/* cty_access; on failure code is NULL and *err the message. */
const char *tg_gen(struct loc_env *env, const struct tg_acc *acc,
		   const char **err, int *comp);

/* ---- run cases ---- */
struct tg_run {
	const char *name;
	const char *prep;	/* C statements before the accessor */
	const char *code;	/* the accessor body */
	bool str;		/* string result */
	int64_t want;
	const char *want_expr;	/* instead of want: a C expression */
	const char *want_s;
	const char *want_err;	/* run-time error, prefix */
	const char *post;	/* C statements after (tv_check_mem ...) */
	const char *cond;	/* #if condition, or NULL */
};
void tg_run(const struct tg_run *r);

/* The groups, one file each. */
void tg_loc_tests(void);
void tg_cty_tests(void);
void tg_pp_tests(void);

#endif
