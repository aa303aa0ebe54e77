/* passes.h - the entry point of each pass and service, as main.c calls them.
 *
 * A pass talks to the others only through the session and the AST, and
 * never calls a later pass.  Each function returns 0 on success; errors are
 * reported through diag() and counted in the session.
 */
#ifndef STAP_PASSES_H
#define STAP_PASSES_H

#include <stdio.h>

#include "session.h"

/* ---- pass 1: parse.c / parser.y / lexer.l ---- */

/* Parse one source (script or tapset file) into a stapfile; NULL only if
 * nothing could be salvaged.  Errors are reported through diag(). */
struct stapfile *parse_source(struct session *s, struct source *src);
/* Make a source from a file path (NULL and a message if unreadable). */
struct source *parse_load_file(struct session *s, const char *path,
			       bool is_tapset);
struct source *parse_from_string(struct session *s, const char *name,
				 const char *text);
/* Pass 1 proper: parse s->script_file / s->script_text into s->user_file. */
int parse_pass(struct session *s);

/* ---- pass 1 output: ast_print.c ---- */

/* `stap -p1`: "# parse tree dump" and each user file, re-parseable. */
void ast_print_session(struct session *s, FILE *out);
void ast_print_file(FILE *out, const struct stapfile *f);
void ast_print_expr(FILE *out, const struct expr *e);
void ast_print_stmt(FILE *out, const struct stmt *st);
void ast_print_point(FILE *out, const struct probe_point *pp);

/* ---- pass 2: elaborate.c and friends ---- */

int elaborate_pass(struct session *s);
/* `stap -p2`: "# globals", "# functions", "# probes" in SystemTap's layout. */
void elaborate_print(struct session *s, FILE *out);
/* `stap -l PATTERN` / `stap -L PATTERN`. */
int elaborate_list(struct session *s, FILE *out);
/* What a probe was derived from, as -p2 prints it after "<- ". */
const char *elaborate_derivation(struct session *s,
				 const struct derived_probe *dp);

/* ---- pass 3: emit.c ---- */

/* Write the module's C source into s->tmpdir; sets s->c_file. */
int emit_pass(struct session *s);

/* ---- pass 4: build.c, cache.c ---- */

/* Build (or fetch from the cache) the .ko; sets s->module_path. */
int build_pass(struct session *s);

/* ---- pass 5: run.c ---- */

/* Hand the module to staprun (locally or in the VM); the script's status. */
int run_pass(struct session *s);

#endif
