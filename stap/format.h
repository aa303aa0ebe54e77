/* format.h - printf format strings, parsed once (pass 2) and reused
 * (pass 3).
 *
 * Pass 2 parses the literal format of every printf / sprintf with
 * fmt_parse(), checks the argument count and types against it, and
 * stores the result in the EX_PRINT node's aux field; pass 3 reads the
 * same struct fmt from there to emit the formatting code.
 */
#ifndef STAP_FORMAT_H
#define STAP_FORMAT_H

#include <stddef.h>

#include "ast.h"

struct session;

enum fmt_conv {
	FC_LITERAL,	/* text between conversions (lit, lit_len) */
	FC_PERCENT,	/* %% */
	FC_SIGNED,	/* %d %i */
	FC_UNSIGNED,	/* %u */
	FC_OCTAL,	/* %o */
	FC_HEX,		/* %x */
	FC_HEX_UPPER,	/* %X */
	FC_POINTER,	/* %p */
	FC_STRING,	/* %s */
	FC_CHAR,	/* %c */
	FC_BINARY,	/* %b: the raw bytes of a long (width 1,2,4,8) */
	FC_BINARY_BE,	/* %B */
	FC_MEMORY,	/* %m: memory at an address, prec = length */
	FC_MEMORY_HEX,	/* %M */
};

#define FMT_LEFT	0x01	/* - */
#define FMT_PLUS	0x02	/* + */
#define FMT_SPACE	0x04	/* ' ' */
#define FMT_ZERO	0x08	/* 0 */
#define FMT_ALT		0x10	/* # */

#define FMT_NONE	-1	/* width / precision not given */
#define FMT_STAR	-2	/* given as *, taken from a long argument */

struct fmt_spec {
	enum fmt_conv conv;
	unsigned flags;
	int width;		/* FMT_NONE, FMT_STAR or the number */
	int prec;
	const char *lit;	/* FC_LITERAL */
	size_t lit_len;
};

struct fmt {
	struct fmt_spec *v;
	int n;
	int nargs;		/* arguments consumed, with * widths */
};

/* Parse str[0..len); NULL (no message) if a conversion is invalid. */
struct fmt *fmt_parse(struct session *s, const char *str, size_t len);
/* The type the k-th argument (0-based) must have, TY_UNKNOWN if none. */
enum ty fmt_arg_type(const struct fmt *f, int k);

#endif
