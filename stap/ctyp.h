/* ctyp.h - C types of the probed program, independent of their source.
 *
 * Target variables ($var, @cast, @var, tracepoint arguments) have the C
 * types their debuginfo gives them.  A backend turns its own format into
 * these plain structs: debuginfo.c from DWARF today, a BTF reader later.
 * Graphs are big (task_struct reaches most of the kernel), so a backend
 * fills a type lazily: members, enumerators and the target of a pointer,
 * typedef, qualifier or array are asked for through the functions below,
 * which call the backend's hooks the first time.  Everything lives in the
 * session arena.
 *
 * The consumers are ctypes.c (member chains, C declarations, values and
 * pretty printing for the generated accessors) and the -L listings.
 */
#ifndef STAP_CTYP_H
#define STAP_CTYP_H

#include <stdbool.h>
#include <stdint.h>

struct arena;

enum ctype_kind {
	CT_VOID,		/* void (also "unknown type": name NULL) */
	CT_BASE,		/* int, unsigned char, _Bool, long double... */
	CT_POINTER,		/* target * */
	CT_STRUCT,
	CT_UNION,
	CT_ARRAY,		/* target[nelem] */
	CT_ENUM,
	CT_TYPEDEF,		/* name -> target */
	CT_CONST,		/* const target */
	CT_VOLATILE,		/* volatile target */
	CT_FUNC,		/* function type: target is the return type */
};

struct ctype;

struct ctype_member {
	const char *name;	/* NULL: anonymous struct/union member */
	struct ctype *type;
	uint64_t offset;	/* bytes from the start of the aggregate */
	int bit_size;		/* 0: not a bitfield */
	int bit_offset;		/* bitfields: bits from `offset`, counted
				 * from the least significant bit of the
				 * storage unit (x86_64 little-endian) */
};

struct ctype_enumerator {
	const char *name;
	int64_t value;
};

/* Lazy parts, filled by the backend on first use. */
struct ctype_backend {
	void (*load_target)(void *arg, struct ctype *t);
	void (*load_members)(void *arg, struct ctype *t);
	/* A declaration-only struct/union/enum: find its definition (or
	 * leave t->incomplete set). */
	void (*complete)(void *arg, struct ctype *t);
	void *arg;
};

struct ctype {
	enum ctype_kind kind;
	const char *name;	/* base/typedef name, struct/union/enum tag;
				 * NULL when anonymous */
	uint64_t size;		/* bytes; 0 when unknown or incomplete */
	/* CT_BASE */
	bool is_signed, is_char, is_bool, is_float;
	/* CT_ARRAY: element count, -1 when unknown (flexible: x[]) */
	int64_t nelem;
	bool incomplete;	/* struct/union/enum declaration only */
	const char *decl_file;	/* where it is defined ("include/linux/
				 * sched.h"), for messages; or NULL */
	int decl_line;

	/* lazy: use the accessors below */
	struct ctype *target_;
	struct ctype_member *members_;
	int nmembers_;
	struct ctype_enumerator *enums_;
	int nenums_;
	bool target_loaded, members_loaded, completed;

	const struct ctype_backend *be;
	uint64_t origin;	/* backend's handle (e.g. DIE offset) */
	uint64_t origin2;	/* second handle (e.g. which debuginfo) */
};

/* The pointed-to / aliased / element / return type; NULL means void. */
struct ctype *ctype_target(struct ctype *t);
/* Members of a struct/union (after completion), enumerators of an enum. */
int ctype_members(struct ctype *t, struct ctype_member **out);
int ctype_enums(struct ctype *t, struct ctype_enumerator **out);
/* t with typedefs, const and volatile removed (NULL stays NULL). */
struct ctype *ctype_strip(struct ctype *t);
/* The full definition behind a declaration-only struct/union/enum. */
struct ctype *ctype_complete(struct ctype *t);

#endif
