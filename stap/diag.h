/* diag.h - the diagnostics object: one catalogue, collected errors.
 *
 * Every message the translator prints to the user comes from the catalogue
 * (diag_*.def, an X-macro list per pass) so its text is found in one place.
 * Passes report and carry on; the driver checks diag_errors() between
 * passes and stops there.  Output keeps SystemTap's shape:
 *
 *   semantic error: unresolved function: identifier 'foo' at t.stp:3:5
 *           source:     foo(1)
 *                       ^
 */
#ifndef STAP_DIAG_H
#define STAP_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "ast.h"

struct arena;
struct session;
struct token;

enum diag_kind {
	DK_PARSE,	/* "parse error: MSG\n        saw: TOKEN" */
	DK_LEX,		/* "parse error: MSG\n         at: TOKEN" */
	DK_SEMANTIC,	/* "semantic error: MSG: TOKEN" */
	DK_WARNING,	/* "WARNING: MSG: TOKEN" */
	DK_ERROR,	/* "ERROR: MSG" (driver, build, run) */
	DK_NOTE,	/* continuation of the previous message */
};

/* X(code, kind, printf-format) */
enum diag_code {
#define X(code, kind, fmt) code,
#include "diag_driver.def"
#include "diag_parse.def"
#include "diag_sem.def"
#include "diag_dwarf.def"
#include "diag_emit.def"
#include "diag_build.def"
#include "diag_tvar.def"
#undef X
	DIAG_NCODES
};

/* Report code at tok (tok may be NULL), with the catalogue format. */
void diag(struct session *s, enum diag_code code, const struct token *tok,
	  ...);
int diag_errors(const struct session *s);	/* errors so far, all passes */
int diag_pass_errors(const struct session *s);	/* since diag_pass_reset */
void diag_pass_reset(struct session *s);
/* Try something whose errors must not show (a -L listing's trial
 * derivation): between begin and end nothing is printed, and end puts
 * the error counts back as they were. */
struct diag_quiet {
	FILE *err;
	int errors, pass_errors, suppressed_errors, suppressed_warnings;
	bool suppress_warnings;
};
void diag_quiet_begin(struct session *s, struct diag_quiet *q);
void diag_quiet_end(struct session *s, const struct diag_quiet *q);
/* The catalogue text of code, formatted into a, without reporting it (for
 * services that return a message for their caller to report). */
const char *diag_text(struct arena *a, enum diag_code code, ...);
const char *diag_vtext(struct arena *a, enum diag_code code, va_list ap);
/* Print the tail a failed parse pass prints: "\n3 parse errors.\n" */
void diag_parse_summary(struct session *s);
/* After a failed pass: "Number of similar error messages suppressed" */
void diag_suppressed_summary(struct session *s);
/* "PREFIXsource line\n    ^" for loc (NULL without source text). */
const char *diag_source_excerpt(struct session *s, const char *prefix,
				const struct srcloc *loc);
/* --color[=WHEN]: "never", "always" (also WHEN NULL) or "auto" (colour
 * when stderr is a terminal, the default); -1 for anything else.  The
 * colours come from SYSTEMTAP_COLORS, as in SystemTap. */
int diag_set_color(struct session *s, const char *when);
/* "identifier", "operator", ... as SystemTap names token types. */
const char *diag_tok_type_name(enum tok_type t);
/* Print a token's description: "identifier 'x' at t.stp:1:2" */
const char *diag_tok_desc(struct session *s, const struct token *tok);

#endif
