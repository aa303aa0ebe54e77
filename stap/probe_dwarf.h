/* probe_dwarf.h - what the DWARF probe family's files share (pass 2).
 *
 * probe_dwarf.c derives kernel.function / kernel.statement probes;
 * probe_dwarf_block.c decides what SystemTap refuses to probe; tvars.c
 * reads a probe's site (struct dwarf_probe) to expand target variables.
 */
#ifndef STAP_PROBE_DWARF_H
#define STAP_PROBE_DWARF_H

#include "dwindex.h"
#include "family.h"

/* What a pattern of the family asks for (probe_pattern.role). */
enum dwarf_role {
	DR_FUNC, DR_CALL, DR_EXPORTED, DR_INLINE, DR_RETURN, DR_MAXACTIVE,
	DR_LABEL, DR_CALLEE,
	DR_FADDR, DR_FADDR_CALL, DR_FADDR_EXPORTED, DR_FADDR_RETURN,
	DR_FADDR_MAXACTIVE,
	DR_STMT, DR_STMT_NEAREST, DR_SADDR, DR_SADDR_NEAREST,
	DR_SADDR_ABSOLUTE,
	DR_OTHER,
};

/* The family data of one DWARF probe (derived_probe.priv). */
struct dwarf_probe {
	const char *func;		/* ppfunc() */
	struct dw_func fn;		/* the function or inlined instance */
	uint64_t pc;			/* probe address (link time) */
	struct dwx *x;			/* whose debuginfo */
	bool is_return;
	bool absolute;			/* .absolute: pc is a run-time address */
	int64_t maxactive;
	int line;			/* kernel.statement: its line, else 0 */
	/* module(...) probes: the module, and the symbol covering pc with
	 * pc's offset in it (how the runtime places the probe) */
	const char *module;
	const char *sym;
	uint64_t sym_off;
	/* @entry: a .return probe's entry part and the bytes it keeps per
	 * instance (C expression); an entry part points back with entry_of */
	struct derived_probe *entry;
	const char *entry_size;
	const struct derived_probe *entry_of;
};

/* A PATTERN: FUNC[@FILE[:LINES | +OFFSET]]. */
struct dwarf_spec {
	const char *func, *file;
	bool has_lines;			/* ":..." or "+N" given */
	bool any;			/* ":*" */
	bool relative;			/* "+N": offset from the decl line */
	long offset;
	struct { long first, last; } *ranges;	/* ":A,B-C" */
	int nranges;
};

int dwarf_parse_spec(struct session *s, const char *text,
		     struct dwarf_spec *sp, const char **err);
/* Whether an absolute line is in the spec's set (true without lines). */
bool dwarf_spec_line(const struct dwarf_spec *sp, long line);

/* kernel.statement("PATTERN")[.nearest] (probe_dwarf_stmt.c): the
 * number of probes made, or -1 after an error. */
int dwarf_stmt_derive(struct session *s, struct probe_match *m,
		      struct dwx *x, const struct dwarf_spec *spec,
		      bool nearest, const char *module, int argc);
/* kernel.function(ADDRESS) and kernel.statement(ADDRESS) forms
 * (probe_dwarf_addr.c); x is NULL for .absolute.  The number of probes
 * made, or -1 after an error. */
int dwarf_addr_derive(struct session *s, struct probe_match *m,
		      struct dwx *x);
/* Module probes: where the runtime places a probe at pc of module mod
 * (the symbol covering pc and the offset into it). */
void dwarf_place(struct dwx *x, const char *mod, struct dwarf_probe *d);

extern const struct probe_family probe_dwarf_family;

/* True when SystemTap would not probe fn (and the warning was given at
 * the probe's keyword, as SystemTap gives it). */
bool dwarf_blocked(struct session *s, struct dwx *x,
		   const struct derived_probe *tmpl, const struct dw_func *fn);
/* The token SystemTap's probe-level messages point at: the keyword. */
const struct token *dwarf_keyword_tok(const struct derived_probe *tmpl);
/* The name rules alone (for symbols without DWARF). */
bool dwarf_name_blocked(const char *name);

#endif
