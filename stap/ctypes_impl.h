/* ctypes_impl.h - what ctypes.c (member chains, values) shares with
 * ctypes_pp.c (pretty printing, $$vars); not for other files.
 *
 * A generation writes C statements to one memory stream; the object being
 * accessed is a location (loc2c result) plus a constant byte offset, an
 * optional run-time byte offset (memory only) and, for a bitfield, its
 * bits.  The first error is kept with the component it is about.
 */
#ifndef STAP_CTYPES_IMPL_H
#define STAP_CTYPES_IMPL_H

#include <stdio.h>

#include "ctypes.h"
#include "diag.h"

struct cty {
	struct arena *a;
	FILE *out;
	char *buf;			/* out's memory */
	size_t len;
	const char *err;		/* C expression of the struct stp_err * */
	bool user;
	int *uniq;
	const char *error;
	int error_comp;
	int comp;			/* component being translated, -1 base */
};

struct cty_obj {
	const struct loc_result *loc;	/* never NULL */
	uint64_t off;			/* bytes into it */
	const char *idx;		/* run-time byte offset, or NULL */
	int bit_size, bit_off;		/* bitfield: bits from off's byte */
};

/* Keep the first error, about component c->comp (cty_fail) or comp
 * (cty_fail_at, -1: the base); always -1. */
int cty_fail(struct cty *c, enum diag_code code, ...);
int cty_fail_at(struct cty *c, int comp, enum diag_code code, ...);

/* A new temporary "tvN" of C type ty (= init when init is given). */
const char *cty_temp(struct cty *c, const char *ty, const char *init);

/* Sizes and classes of (stripped) types. */
uint64_t cty_sizeof(struct ctype *t);
bool cty_is_char(struct ctype *t);	/* a 1-byte character type */
bool cty_is_signed(struct ctype *t);	/* signed integer or enum */

/* The C integer expression whose value as an int64_t is the scalar of
 * type t (base, enum, pointer) in o, read into temporaries first; NULL
 * on error. */
const char *cty_read(struct cty *c, const struct cty_obj *o, struct ctype *t);
/* o (a pointer) becomes the object it points to; 0 or -1. */
int cty_deref(struct cty *c, struct cty_obj *o);
/* The address of o (size bytes) as a uint64_t expression; NULL on
 * error. */
const char *cty_addr(struct cty *c, const struct cty_obj *o, uint64_t size);
/* A memory object at the uint64_t expression addr. */
void cty_mem_obj(struct cty *c, struct cty_obj *o, const char *addr);

/* Pretty printing (ctypes_pp.c): code appending the $var$ / $var$$ text
 * of o (type t) to the struct stp_buf named buf; 0 or -1. */
int cty_pp(struct cty *c, const struct cty_obj *o, struct ctype *t,
	   bool deep, const char *buf);

/* The catch after a pretty-printed part's do { } while (0): when a fault
 * set the error, clear it and print "ERROR" from buf.len == start on. */
void cty_buf_catch(struct cty *c, const char *buf, const char *start);

/* Open / close a generation's stream; close returns the text (arena). */
void cty_open(struct cty *c, struct arena *a, const char *err, bool user,
	      int *uniq);
const char *cty_close(struct cty *c);

#endif
