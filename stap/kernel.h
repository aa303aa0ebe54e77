/* kernel.h - the target kernel's debuginfo and symbols (pass 2).
 *
 * The probe families ask here for the kernel: its DWARF index (found
 * where SystemTap looks: $SYSTEMTAP_DEBUGINFO_PATH, Debian's -dbg
 * package under /usr/lib/debug, the build tree, /boot) and its symbol
 * table (from the index, else a real System.map: Debian's /boot one is a
 * placeholder, the -dbg package ships the real one).  Everything is
 * looked up once per session.
 */
#ifndef STAP_KERNEL_H
#define STAP_KERNEL_H

#include <stdbool.h>

#include "dwindex.h"

struct session;
struct token;

/* The vmlinux index, or NULL when no debuginfo is installed (or it does
 * not open: *err says why, else *err is NULL). */
struct dwx *kern_index(struct session *s, const char **err);
/* "missing x86_64 kernel/module debuginfo [man warning::debuginfo] under
 * '<build dir>'" at tok, with the package that provides it. */
void kern_no_debuginfo(struct session *s, const struct token *tok,
		       const char *err);

/* Symbol service: false when the symbol is not in the kernel, or when
 * there is no symbol table at all (then *no_table is set, once warned
 * with SystemTap's warning::symbols). */
bool kern_symbol(struct session *s, const char *name, struct dwx_sym *out,
		 bool *no_table);

/* A kernel module with debuginfo: its name (as the kernel names it, '-'
 * made '_') and the debug file. */
struct kern_module {
	const char *name;
	const char *path;
};

/* The module file a target loads for the module whose debuginfo is at
 * path: the distribution's .ko or .ko.xz under /lib/modules for one from
 * the -dbg package, else path itself (a .ko of the user's); NULL if the
 * distribution's file is missing. */
const char *kern_module_target(struct session *s, const char *path);

/* The modules matching MPATTERN (a name glob, or the path of a .ko);
 * the count, 0 when none. */
int kern_modules(struct session *s, const char *pattern,
		 const struct kern_module **out);
/* The index of one module's debug file (cached), or NULL with *err. */
struct dwx *kern_module_index(struct session *s, const struct kern_module *m,
			      const char **err);

/* The indexes a @cast module list names, searched in order: "kernel",
 * "kernel<linux/sched.h>" (each header must exist in the kernel's build
 * or source tree, else that entry is skipped), a module name or .ko
 * path; several separated by ':'.  The count (0: none found), or -1
 * when the kernel has no debuginfo (*err NULL) or a file does not open
 * (*err says why). */
int kern_type_indexes(struct session *s, const char *list,
		      struct dwx ***out, const char **err);

/* " (similar functions: a, b, ...)" among the kernel's function
 * symbols, or "" when there is no symbol table. */
const char *kern_similar_symbols(struct session *s, const char *name);
/* The distinct function symbols of the target kernel matching glob, in
 * name order (the debuginfo's symbol table, else a System.map); -1 when
 * there is no table. */
int kern_symbols_matching(struct session *s, const char *glob,
			  const char ***out);
/* The same form from a list of names. */
const char *kern_similar(struct session *s, const char *name,
			 const char *const *cands, int n);

#endif
