/* dwindex.h - the debuginfo index cache (pass 2).
 *
 * Looking a function up in a kernel's DWARF means walking millions of
 * DIEs; this index does it once per build-id and keeps the result in the
 * user cache (<cache_dir>/dwarf/BUILDID.idx, memory-mapped): every
 * function and inlined instance, the named types, the compilation units,
 * the ELF symbols with their section classes, and the kprobes blacklist.
 * Later runs answer from the mapping and open the DWARF (debuginfo.c)
 * only for the functions they probe.
 */
#ifndef STAP_DWINDEX_H
#define STAP_DWINDEX_H

#include <stdbool.h>
#include <stdint.h>

#include "debuginfo.h"

struct session;
struct dwx;

/* Section classes of a symbol (what the blocklist needs). */
enum dwx_sect {
	DWX_TEXT,		/* .text and friends */
	DWX_INIT,		/* .init.text, .exit.text: gone after boot */
	DWX_KPROBES,		/* .kprobes.text */
	DWX_NOINSTR,		/* .noinstr.text */
	DWX_ENTRY,		/* .entry.text, .irqentry.text, ... */
	DWX_OTHER,		/* data, per-CPU, ... */
};

struct dwx_sym {
	const char *name;
	uint64_t addr, size;
	bool is_func;
	enum dwx_sect sect;
};

/* The index of debuginfo file `path` (built and cached if needed);
 * NULL with *err set.  -v (pass 2) says when it is built. */
struct dwx *dwx_open(struct session *s, const char *path, const char **err);
/* The DWARF behind the index, opened on first use (NULL: *err). */
struct dw_file *dwx_dwarf(struct dwx *x, const char **err);
const char *dwx_build_id(struct dwx *x);

/* Every function record (concrete or inlined) whose name matches the
 * glob and, when file_glob is set, whose declaration file matches it
 * (with an implicit leading wildcard directory, as SystemTap's @FILE).
 * cb returns nonzero to stop.  Records come by name, then DIE order. */
int dwx_funcs(struct dwx *x, const char *name_glob, const char *file_glob,
	      int (*cb)(void *arg, const struct dw_func *fn), void *arg);
/* Every function record with an entry whose first address range holds
 * addr (the function and the inlined instances around it). */
int dwx_funcs_at(struct dwx *x, uint64_t addr,
		 int (*cb)(void *arg, const struct dw_func *fn), void *arg);
/* Function symbols matching the glob that no DWARF function is named
 * after (assembler code, compiler parts foo.part.0, ...); cb returns
 * nonzero to stop. */
int dwx_bare_syms(struct dwx *x, const char *glob,
		  int (*cb)(void *arg, const struct dwx_sym *sym), void *arg);
/* Distinct function names (for "similar functions"). */
int dwx_func_names(struct dwx *x, const char ***out);
/* The DIE of the definition of a named type, or 0. */
uint64_t dwx_type(struct dwx *x, int kind, const char *name);
/* The unit DIEs whose file name matches the glob (as dwx_funcs). */
int dwx_units(struct dwx *x, const char *file_glob, uint64_t **out);
/* The unit level variables named name in units whose file matches
 * file_glob (NULL: any), definitions first; cb returns nonzero to stop. */
int dwx_globals(struct dwx *x, const char *name, const char *file_glob,
		int (*cb)(void *arg, uint64_t die, bool is_decl), void *arg);

/* ELF symbols: the first one named name (true), or false. */
bool dwx_sym(struct dwx *x, const char *name, struct dwx_sym *out);
/* How many symbols have this name (static functions repeat). */
int dwx_sym_count(struct dwx *x, const char *name);
/* The function symbol containing addr (true), or false. */
bool dwx_sym_at(struct dwx *x, uint64_t addr, struct dwx_sym *out);
/* Whether a symbol named name, or name.SUFFIX (a compiler clone such
 * as foo.isra.0), sits at addr; *suffix gets "" or ".isra.0". */
bool dwx_sym_named_at(struct dwx *x, const char *name, uint64_t addr,
		      const char **suffix);
/* The distinct names of the function symbols. */
int dwx_func_sym_names(struct dwx *x, const char ***out);
/* The class of the executable section holding addr (DWX_OTHER: none). */
enum dwx_sect dwx_sect_at(struct dwx *x, uint64_t addr);
/* addr is listed in the kernel's kprobes blacklist (NOKPROBE_SYMBOL). */
bool dwx_blacklisted(struct dwx *x, uint64_t addr);
/* The function entering at entry has an ftrace site (its __fentry__ call,
 * at entry or after an endbr64); true when the image lists none. */
bool dwx_ftrace_site(struct dwx *x, uint64_t entry);

#endif
