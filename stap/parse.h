/* parse.h - pass 1 private interface between lexer.l, parse.c and parser.y.
 *
 * lexer.l produces raw tokens; parse.c turns them into the token stream
 * bison sees (macros, %( %) conditionals, $1/@1 arguments, probe-point
 * functor gluing); parser.y builds the AST through the ast.c constructors.
 * Nothing outside pass 1 includes this header.
 */
#ifndef STAP_PARSE_H
#define STAP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "diag.h"
#include "passes.h"
#include "session.h"

/* A token the lexer could not classify; diag prints it as "junk". */

/* Extra codes lex_scan returns for lexical errors (not bison tokens). */
#define LEX_ERR_QUOTE		-2
#define LEX_ERR_EMBEDDED	-3

struct lex_state {
	struct session *s;
	const struct source *src;
	int line, col;		/* position of the next character */
	int tok_line, tok_col;	/* start of the token just matched */
	const char *base;	/* the text being scanned (outlives tokens) */
	size_t pos, tok_pos;	/* offsets of the next char, of the token */
	void *buf;		/* flex buffer */
};

/* lexer.l */
void *lex_open(struct lex_state *ls, const char *text, size_t len);
void lex_close(void *scanner);
int lex_scan(struct token **tokp, void *scanner);

struct pp_state;
struct parse_glue;

/* One parse of one source. */
struct parser {
	struct session *s;
	struct source *src;
	struct stapfile *file;
	struct pp_state *pp;		/* parse_pp.c: preprocessor state */
	struct parse_glue *glue;	/* parse.c: functor gluing state */
	struct token *last;		/* last token handed to bison */
	int in_function;		/* inside a function body */
	int loop_depth;			/* nesting of loops */
	bool privileged;		/* embedded C allowed */
	bool resync;			/* a lexical error was reported */
	bool quiet;			/* the next syntax error is silent */
	struct intern *gnames;		/* globals declared in this file */
	bool saw_junk;			/* the lexer failed on a token */
	/* tails of the stapfile lists, for appending in O(1) */
	struct vardecl **gtail;
	struct function **ftail;
	struct probe **ptail;
	struct alias **atail;
	struct embed **etail;
};

/* parse_pp.c: the preprocessed token stream of one source. */
struct pp_state *pp_open(struct parser *p, struct source *src);
void pp_close(struct pp_state *pp);
bool pp_lexed_any(const struct pp_state *pp);	/* a token before EOF? */
struct token *pp_token(struct pp_state *pp);

/* parse.c: the token stream bison reads (parser.y's yylex). */
int parse_next(struct parser *p, struct token **tokp);
/* Parse a number token's text as SystemTap does; false if invalid. */
bool parse_number(const char *text, size_t len, int64_t *out);
/* Is name one of print, printf, ...; stores its enum print_kind. */
bool parse_print_kind(const char *name, int *kind);

/* parser.y */
int parse_yyparse(struct parser *p);

/* parse_ast.c: the grammar actions (pa_ prefix), one per construct. */
struct foreach_spec {
	struct expr *value;		/* v in foreach (v = [k] in a) */
	struct expr *keys;
	struct expr *array, *limit;
	struct token *tok;		/* first key, for messages */
	struct token *agg;		/* @sum in `in a @sum+`, or NULL */
	int sort_col, sort_dir, nsorts;
};

void pa_probe(struct parser *p, struct token *t, struct probe_point *pts,
	      struct stmt *body);
void pa_alias(struct parser *p, struct token *t, struct probe_point *names,
	      struct probe_point *targets, struct stmt *body, bool epilogue);
void pa_globals(struct parser *p, struct vardecl *list, bool priv);
void pa_function(struct parser *p, struct function *fn, struct stmt *body,
		 bool priv);
void pa_embed(struct parser *p, struct token *t);
struct probe_point *pa_point(struct parser *p, struct probe_point *pat,
			     int marks, struct expr *cond);
struct probe_point *pa_pattern(struct parser *p, struct probe_comp *c);
struct probe_point *pa_product(struct parser *p, struct probe_point *a,
			       struct probe_point *b);
struct probe_comp *pa_pcomp(struct parser *p, struct token *t,
			    struct expr *arg);
struct expr *pa_number(struct parser *p, struct token *t, bool neg);
struct expr *pa_regop(struct parser *p, struct token *t, struct expr *n,
		      struct expr *addr);
struct vardecl *pa_gvar(struct parser *p, struct token *t,
			struct expr *init, struct token *size, int how);
struct vardecl *pa_gvar_append(struct vardecl *a, struct vardecl *b);
struct expr *pa_array_init(struct parser *p, struct token *eq);
int pa_no_sort(struct parser *p);
struct expr *pa_atop(struct parser *p, struct token *t, struct expr *a,
		     struct expr *b);
struct expr *pa_const(struct parser *p, struct token *t, struct expr *name);
struct expr *pa_task(struct parser *p, struct token *t, struct expr *a,
		     struct target_comp *comps);
struct function *pa_fhead(struct parser *p, struct token *name, int type,
			  struct param *params);
int pa_type(struct parser *p, struct token *t);
struct param *pa_param(struct parser *p, struct token *t, int type);
struct param *pa_param_append(struct parser *p, struct param *a,
			      struct param *b);
struct stmt *pa_embedded_body(struct parser *p, struct token *t);
struct stmt *pa_block(struct parser *p, struct token *t, struct stmt *list);
struct stmt *pa_if(struct parser *p, struct token *t, struct expr *cond,
		   struct stmt *then, struct stmt *alt);
struct stmt *pa_while(struct parser *p, struct token *t, struct expr *cond,
		      struct stmt *body);
struct stmt *pa_for(struct parser *p, struct token *t, struct expr *init,
		    struct expr *cond, struct expr *step, struct stmt *body);
struct stmt *pa_foreach(struct parser *p, struct token *t,
			struct foreach_spec *fe, struct stmt *body);
struct stmt *pa_try(struct parser *p, struct token *t, struct stmt *body,
		    struct token *var, struct stmt *handler);
struct stmt *pa_expr_stmt(struct parser *p, struct expr *e);
struct stmt *pa_return(struct parser *p, struct token *t, struct expr *e);
struct stmt *pa_delete(struct parser *p, struct token *t, struct expr *e);
struct stmt *pa_do(struct parser *p, struct token *t, struct stmt *body,
		   struct expr *cond);
struct foreach_spec *pa_fe_in(struct parser *p, struct foreach_spec *fe,
			      struct expr *array, int sort,
			      struct token *agg, struct expr *limit);
struct foreach_spec *pa_fe_value(struct parser *p, struct token *v,
				 int sort, struct foreach_spec *keys);
struct foreach_spec *pa_fe_merge(struct parser *p, struct foreach_spec *a,
				 struct foreach_spec *b);
struct foreach_spec *pa_fe_key(struct parser *p, struct token *t, int sort);
struct expr *pa_index(struct parser *p, struct token *t, struct expr *keys,
		      bool slice);
struct expr *pa_assign(struct parser *p, struct token *t, struct expr *a,
		       struct expr *b);
struct expr *pa_binary(struct parser *p, enum expr_kind kind,
		       struct token *t, struct expr *a, struct expr *b);
struct expr *pa_ternary(struct parser *p, struct token *t, struct expr *c,
			struct expr *a, struct expr *b);
struct expr *pa_in(struct parser *p, struct token *t, struct expr *keys,
		   struct expr *array);
struct expr *pa_unary(struct parser *p, struct token *t, struct expr *a);
struct expr *pa_incdec(struct parser *p, struct token *t, struct expr *a,
		       bool postfix);
struct expr *pa_call(struct parser *p, struct token *t, struct expr *args);
struct expr *pa_addr(struct parser *p, struct token *t, struct expr *a);
struct expr *pa_embedded_expr(struct parser *p, struct token *t);
struct expr *pa_stat(struct parser *p, struct token *t, struct expr *a,
		     struct expr *unused);
struct expr *pa_autocast(struct parser *p, struct expr *e,
			 struct target_comp *comps);
struct expr *pa_hist_linear(struct parser *p, struct token *t,
			    struct expr *a, struct expr *lo, struct expr *hi,
			    struct expr *step);
struct expr *pa_string(struct parser *p, struct token *t);
struct expr *pa_concat(struct parser *p, struct expr *a, struct token *t);
struct expr *pa_target(struct parser *p, struct token *t,
		       struct target_comp *comps);
struct expr *pa_cast(struct parser *p, struct token *t, struct expr *a,
		     struct expr *type, struct expr *mod,
		     struct target_comp *comps);
struct expr *pa_atvar(struct parser *p, struct token *t, struct expr *name,
		      struct expr *mod, struct target_comp *comps);
struct target_comp *pa_comp_field(struct parser *p, struct target_comp *l,
				  struct token *t);
struct target_comp *pa_comp_index(struct parser *p, struct target_comp *l,
				  struct token *t, struct expr *e);

/* ast.c: constructors beyond the ones in ast.h */
struct expr *ast_binary(struct session *s, enum expr_kind kind, int op,
			struct token *t, struct expr *a, struct expr *b);
struct expr *ast_unary(struct session *s, enum expr_kind kind, int op,
		       struct token *t, struct expr *a);
struct expr *ast_number(struct session *s, struct token *t, int64_t v);
struct expr *ast_string(struct session *s, struct token *t,
			const char *str, size_t len);
struct expr *ast_symbol(struct session *s, struct token *t);
struct expr *ast_append(struct expr *list, struct expr *e);
/* Push st in front of list (blocks are built reversed, then reversed). */
struct stmt *ast_stmt_push(struct stmt *list, struct stmt *st);
struct stmt *ast_stmt_reverse(struct stmt *list);
struct target_comp *ast_comp_append(struct target_comp *list,
				    struct target_comp *c);
struct probe_point *ast_point_append(struct probe_point *list,
				     struct probe_point *pp);
struct probe_comp *ast_pcomp_append(struct probe_comp *list,
				    struct probe_comp *c);

#endif
