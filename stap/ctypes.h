/* ctypes.h - from a target variable's location and C type to the C code
 * of its accessor (pass 2, no libdw).
 *
 * tvars.c rewrites every `$var...`, `@cast(...)...`, `@var(...)...` of a
 * probe into a call of a generated embedded-C function; this service
 * writes that function's body.  It starts from where the base object is
 * (a loc2c result: memory, register, value, pieces) and its C type
 * (ctyp.h), follows the member chain (->field, .field, [n], [expr]),
 * and ends with the script value SystemTap gives that C type: integers,
 * enums and pointers are a long (sign- or zero-extended from their size,
 * bitfields too), arrays and functions decay to their address (a long),
 * `&...` is the address, `$var$` / `$var$$` a pretty-printed string.
 * Every memory read is fault-safe.
 *
 * Contract of the generated body (res->code):
 * - it runs inside an embedded-C function (stap/emit_probe.c: CONTEXT,
 *   STAP_RETVALUE, STAP_ARG_<name>) and sets STAP_RETVALUE: an int64_t
 *   for TY_LONG, the MAXSTRINGLEN buffer for TY_STRING;
 * - it emits in->loc.setup itself, first, inside `do { ... } while (0)`:
 *   the base location must come from loc_translate with env->fail ==
 *   CTY_FAIL and env->err == in->err, and share the temporary counter
 *   (in->uniq == &env->uniq);
 * - temporaries are `tv<N>` (N from *in->uniq), block-scoped; no labels;
 * - a fault leaves the do-while with the error set in *in->err
 *   ("kernel read fault at 0x... [man error::fault]"), which the caller
 *   of the embedded function sees in c->err; pretty printing catches it
 *   as SystemTap does: the string becomes "ERROR" (per variable in
 *   $$vars$) and the error is cleared;
 * - it calls only the runtime's stp_str_kread, stp_fmt_format, stp_fmt_*
 *   output helpers and runtime/tvar.c (stp_tv_uread, stp_tv_write,
 *   stp_tv_quoted), stp_err_set / stp_err_clear.
 */
#ifndef STAP_CTYPES_H
#define STAP_CTYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "ctyp.h"
#include "loc2c.h"

struct arena;

/* The loc_env.fail the base location of cty_access must use. */
#define CTY_FAIL "break"

/* SystemTap's limit of values in one pretty-printed string (its printf
 * takes at most 32 arguments): after it, ", ..." closes each level. */
#define CTY_PRETTY_MAX_ARGS 32

/*
 * The C spelling SystemTap's -L, $$vars and messages use: "char*",
 * "unsigned int", "size_t", "struct file*", "char const*", "struct
 * poll_list* const", "long int[]" (arrays never show a size), "void (*)
 * (struct timer_list*)", "int (*) (void)", "struct {...}".  Functions
 * need their parameters in ctype_members (ctyp.h).
 */
const char *cty_name(struct arena *a, struct ctype *t);

/* One step after the base: ->name / .name, or an index. */
enum cty_comp_kind { CC_FIELD, CC_INDEX };

struct cty_comp {
	enum cty_comp_kind kind;
	const char *name;		/* CC_FIELD */
	/* CC_INDEX: C expression (int64_t) of the index: a decimal literal
	 * ("5", "-1"), or for a run-time index the accessor's argument,
	 * which SystemTap names after the component: STAP_ARG_index<I>
	 * for comps[I]; messages show '[5]' or '[index<I>]'. */
	const char *index;
	const struct token *tok;	/* for messages */
};

struct cty_access {
	struct arena *arena;
	const char *base_name;		/* "$p", "@cast(...)", for messages */
	/* The base's type and location.  @cast(p, "T"): type T and
	 * LOC_MEMORY at "(uint64_t)STAP_ARG_p" (or type T* and LOC_VALUE). */
	struct ctype *type;
	struct loc_result loc;		/* emitted by cty_access (see above) */
	const struct cty_comp *comps;
	int ncomps;
	bool addr_of;			/* &$var... */
	bool pretty;			/* $var$ */
	bool pretty_deep;		/* $var$$ */
	/* Guru-mode assignment: the C expression (int64_t) to store; the
	 * result is that value, as the assignment's. */
	const char *store;
	/* User-space memory (process probes): reads and writes of the
	 * target's memory go through the user copies. */
	bool user;
	const char *err;		/* C expression of the struct stp_err *,
					 * e.g. "&CONTEXT->err" */
	int *uniq;			/* shared temporary counter */
};

struct cty_result {
	const char *code;		/* C statements; end with STAP_RETVALUE set */
	enum ty type;			/* TY_LONG or TY_STRING */
	/* On failure: the message (SystemTap's shape, e.g. "unable to find
	 * member 'x' for struct file (alternatives: ...)") and the index of
	 * the component it is about (-1: the base itself, reported at the
	 * base's token as SystemTap does for "cannot take address of object
	 * in register", "invalid access '[1]' for struct path", ...). */
	const char *error;
	int error_comp;
};

/* 0, or -1 with res->error set.  Nothing is written into res->code on
 * failure. */
int cty_access(const struct cty_access *in, struct cty_result *res);

/*
 * The `$$vars` family: one "name=value" item per variable, separated by
 * blanks, formatted as SystemTap does ("fd=0x3 buf=0x7ffd12 count=0x0";
 * a struct or union "{...}", an array "[...]", unavailable "=?"; with
 * pretty, each value as $name$ / $name$$ would print it, a fault in one
 * of them "name=ERROR").  The caller gives each variable's access (base
 * only, comps ignored); the result is one string-valued accessor body.
 * $$return is this with the one variable "return".  A variable whose
 * type cannot be read (an error from cty_access) prints as unavailable.
 */
struct cty_var {
	const char *name;		/* without '$' */
	struct cty_access acc;
	bool available;			/* false: "name=?" */
};

int cty_vars_string(struct arena *a, const struct cty_var *vars, int n,
		    bool pretty, bool pretty_deep, int *uniq,
		    struct cty_result *res);

#endif
