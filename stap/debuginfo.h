/* debuginfo.h - debuginfo as plain structs (pass 2).
 *
 * debuginfo.c is the only file that includes libdw/libelf.  It opens one
 * debuginfo file (the kernel's vmlinux or a module's .ko debug file) and
 * answers in plain structs: the functions and inlined instances of every
 * compilation unit (for the index, dwindex.c), the line table of a unit,
 * the variables visible at a probe address with their locations
 * (loc2c.h ops) and C types (ctyp.h, filled lazily from the DIEs), the
 * CFA rule at an address, and the ELF symbol table.  DIEs are named by
 * their offset in .debug_info, which is stable for a given build-id, so
 * the index can store them.
 *
 * Addresses are link-time addresses (vmlinux is ET_EXEC; run-time
 * relocation, KASLR, is the runtime's business).
 */
#ifndef STAP_DEBUGINFO_H
#define STAP_DEBUGINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "ctyp.h"
#include "loc2c.h"

struct session;
struct dw_file;

/* Open path; NULL with *err set ("cannot open ...: No such file",
 * "no DWARF in ..."). */
struct dw_file *dw_open(struct session *s, const char *path,
			const char **err);
void dw_close(struct dw_file *f);
/* GNU build-id, lowercase hex, or NULL. */
const char *dw_build_id(struct dw_file *f);
/* The link-time address of the build-id's bytes in an allocated note
 * section (0: none; ET_REL modules have none). */
uint64_t dw_build_id_addr(struct dw_file *f);
/* Relocatable object (a module .ko): addresses are section-relative. */
bool dw_is_module(struct dw_file *f);

/* ---- every function, for the index ---- */

#define DWF_EXTERNAL	0x01	/* DW_AT_external */
#define DWF_INLINE	0x02	/* an inlined instance (inlined_subroutine) */
#define DWF_DECL_INLINE	0x04	/* declared inline (DW_AT_inline) */
#define DWF_HAS_INLINES	0x08	/* the abstract function has instances */

struct dw_func {
	const char *name;
	const char *decl_file;		/* "fs/read_write.c" */
	int decl_line;
	uint64_t die;			/* the concrete DIE */
	uint64_t cu;			/* its unit's DIE */
	uint64_t entry;			/* entry pc; 0: none */
	uint64_t low, high;		/* first address range [low, high) */
	unsigned flags;
};

/* A named struct, union, enum or typedef with a definition. */
struct dw_typedef_rec {
	const char *name;		/* "task_struct" (no "struct ") */
	int kind;			/* CT_STRUCT, CT_UNION, CT_ENUM,
					 * CT_TYPEDEF */
	uint64_t die;
};

/* A variable at unit level (a global: definition or declaration). */
struct dw_global_rec {
	const char *name;
	uint64_t cu, die;
	bool is_decl;
};

struct dw_scan_ops {
	void (*func)(void *arg, const struct dw_func *fn);
	void (*type)(void *arg, const struct dw_typedef_rec *t);
	void (*global)(void *arg, const struct dw_global_rec *g);
	/* each unit, before its contents: its DIE and file name */
	void (*unit)(void *arg, uint64_t cu, const char *name);
	void *arg;
};

/* Walk every unit; 0, or -1 with *err set.  The strings in the records
 * are libdw's: valid while f is open, not interned. */
int dw_scan(struct dw_file *f, const struct dw_scan_ops *ops,
	    const char **err);
/* The same for the units starting in [from, to) (from: a unit offset);
 * touches no session memory, so two files can be scanned at once. */
int dw_scan_units(struct dw_file *f, uint64_t from, uint64_t to,
		  const struct dw_scan_ops *ops, const char **err);
/* A unit offset near the middle of .debug_info (0 if there is none). */
uint64_t dw_unit_split(struct dw_file *f);

/* ---- lines ---- */

struct dw_line {
	const char *file;
	int line;
	uint64_t addr;
	bool is_stmt;
};

/* The line table of the unit whose DIE is cu (sorted by address). */
int dw_lines(struct dw_file *f, uint64_t cu, struct dw_line **out);

/* ---- a probe site ---- */

struct dw_var {
	const char *name;
	bool is_param;
	int decl_line;			/* 0: unknown */
	struct ctype *type;
	/* The location valid at the site's pc; has_loc false: the variable
	 * has no location there (optimized out). */
	bool has_loc;
	struct loc_op *ops;
	size_t nops;
};

struct dw_site {
	uint64_t pc;
	struct dw_var *vars;		/* innermost scope first; in each,
					 * DIE order */
	int nvars;
	struct loc_op *fb;		/* frame base at pc */
	size_t nfb;
	bool cfa_known;
	int cfa_reg;
	int64_t cfa_off;
	struct ctype *ret_type;		/* NULL: void */
	bool has_ret_type;
};

/* The variables of function DIE func (a subprogram or an inlined
 * instance) visible at pc; 0, or -1 with *err set. */
int dw_site(struct dw_file *f, uint64_t func, uint64_t pc,
	    struct dw_site *out, const char **err);
/* The same with the lexical blocks taken at scope_pc (0: none, the
 * function's own scope only) and the locations at pc. */
int dw_site_at(struct dw_file *f, uint64_t func, uint64_t scope_pc,
	       uint64_t pc, struct dw_site *out, const char **err);

/* ---- labels ---- */

struct dw_label {
	const char *name;		/* interned */
	int line;
	uint64_t pc;
};

/* The labels with code in function DIE func (its lexical blocks too, not
 * the callees inlined into it), in DIE order; cb returns nonzero to
 * stop, which dw_labels returns. */
int dw_labels(struct dw_file *f, uint64_t func,
	      int (*cb)(void *arg, const struct dw_label *l), void *arg);

/* ---- types ---- */

/* The ctype of a type DIE (the same node for the same DIE). */
struct ctype *dw_type(struct dw_file *f, uint64_t die);
/* How declaration-only structs find their definitions (dwindex.c). */
void dw_set_type_finder(struct dw_file *f,
			uint64_t (*find)(void *arg, int kind, const char *name),
			void *arg);

/* The variable whose DIE is die (a global for @var): 0 with *out filled
 * (has_loc false for an extern declaration: the symbol table has its
 * address), or -1. */
int dw_var_die(struct dw_file *f, uint64_t die, struct dw_var *out);

/* ---- ELF symbols ---- */

struct dw_sym {
	const char *name;
	uint64_t addr, size;
	bool is_func;
	const char *section;		/* ".text", ".init.text", ... */
};

int dw_symbols(struct dw_file *f,
	       void (*cb)(void *arg, const struct dw_sym *sym), void *arg);
/* Every allocated executable section: name and [addr, addr + size). */
struct dw_section {
	const char *name;
	uint64_t addr, size;
};

int dw_sections(struct dw_file *f,
		void (*cb)(void *arg, const struct dw_section *sec), void *arg);
/* Bytes of the loaded image at addr (e.g. the kprobe blacklist table);
 * 0, or -1 when addr..addr+n is not in a section with file data. */
int dw_read(struct dw_file *f, uint64_t addr, void *buf, uint64_t n);

#endif
