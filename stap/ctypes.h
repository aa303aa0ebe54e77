/* ctypes.h - from a target variable's location and C type to the C code
 * of its accessor (pass 2, no libdw).
 *
 * tvars.c rewrites every `$var...`, `@cast(...)...`, `@var(...)...` of a
 * probe into a call of a generated embedded-C function; this service
 * writes that function's body.  It starts from where the base object is
 * (a loc2c result: memory, register, value, pieces) and its C type
 * (ctyp.h), follows the member chain (->field, .field, [n], [expr]),
 * and ends with the script value SystemTap gives that C type: integers,
 * enums and pointers are a long, arrays and functions decay to their
 * address (a long), `&...` is the address, `$var$` / `$var$$` a
 * pretty-printed string.  Every memory read is fault-safe.
 *
 * The generated body runs inside an embedded-C function (see
 * stap/emit_probe.c: CONTEXT, STAP_RETVALUE, STAP_ARG_<name>,
 * STAP_ERROR), so it may `goto out` after an error is set.
 */
#ifndef STAP_CTYPES_H
#define STAP_CTYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "ctyp.h"
#include "loc2c.h"

struct arena;

/* The C spelling SystemTap's -L / $$vars use: "char*", "unsigned int",
 * "size_t", "struct file*", "enum skb_drop_reason", "struct foo[16]"?
 * (see ctypes.c for the exact rules). */
const char *cty_name(struct arena *a, struct ctype *t);

/* One step after the base: ->name / .name, or an index. */
enum cty_comp_kind { CC_FIELD, CC_INDEX };

struct cty_comp {
	enum cty_comp_kind kind;
	const char *name;		/* CC_FIELD */
	const char *index;		/* CC_INDEX: C expression (int64_t) of
					 * the index, e.g. "5" or
					 * "STAP_ARG_index1" */
	const struct token *tok;	/* for messages */
};

struct cty_access {
	struct arena *arena;
	const char *base_name;		/* "$p", "@cast(...)", for messages */
	struct ctype *type;		/* the base's type */
	struct loc_result loc;		/* where the base is (after its setup) */
	const struct cty_comp *comps;
	int ncomps;
	bool addr_of;			/* &$var... */
	bool pretty;			/* $var$ */
	bool pretty_deep;		/* $var$$ */
	/* Guru-mode assignment: the C expression (int64_t) to store. */
	const char *store;
	bool user;			/* user-space memory (process probes) */
	int *uniq;			/* shared temporary counter */
};

struct cty_result {
	const char *code;		/* C statements; end with STAP_RETVALUE set */
	enum ty type;			/* TY_LONG or TY_STRING */
	/* On failure: the message (SystemTap's shape, e.g. "unable to find
	 * member 'x' for struct file (alternatives: ...)") and the index of
	 * the component it is about (-1: the base itself). */
	const char *error;
	int error_comp;
};

/* 0, or -1 with res->error set. */
int cty_access(const struct cty_access *in, struct cty_result *res);

/*
 * The `$$vars` family: one " name=value" item per variable, formatted as
 * SystemTap does ("$fd=0x3 $buf=0x7ffd12 $count=0x1"; $$vars$ pretty
 * prints structs).  The caller gives each variable's access (base only);
 * the result is one string-valued accessor body.
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
