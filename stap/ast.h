/* ast.h - the syntax tree shared by every pass.
 *
 * Pass 1 (lexer.l, parser.y) builds it; pass 2 (resolve.c, types.c, ...)
 * annotates it in place (sym, fn, type fields) and derives probes; pass 3
 * reads it.  All nodes live in the session arena.  Lists are singly linked
 * through a `next` field, in source order.  Every node carries the token it
 * started at, which gives file, line and column for diagnostics.
 */
#ifndef STAP_AST_H
#define STAP_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct session;

/* ---- source text and tokens ---- */

struct source {
	const char *name;	/* as printed in messages: "t.stp", "<input>" */
	const char *text;	/* whole file, NUL-terminated */
	size_t len;
	bool is_tapset;		/* from the tapset library: embedded C allowed */
};

struct srcloc {
	const struct source *src;
	int line, col;		/* 1-based */
};

/* Token categories as SystemTap names them in "saw: ..." messages. */
enum tok_type {
	TOK_EOF,		/* "end of input" */
	TOK_IDENT,		/* "identifier" */
	TOK_KEYWORD,		/* "keyword" */
	TOK_NUMBER,		/* "number" */
	TOK_STRING,		/* "string" */
	TOK_OPERATOR,		/* "operator" */
	TOK_EMBEDDED,		/* "embedded-code" */
	TOK_JUNK,		/* "junk": what the lexer could not read */
};

struct token {
	enum tok_type type;
	const char *text;	/* source spelling (strings: unescaped value) */
	size_t len;
	struct srcloc loc;
	/* Where a macro or $1 substitution produced this token, else NULL. */
	const struct token *expanded_from;
	int code;		/* parser token code (pass 1 private; parser.h) */
};

/* ---- types (pass 2) ---- */

enum ty {
	TY_UNKNOWN,
	TY_LONG,
	TY_STRING,
	TY_STATS,
};

/* ---- operators ---- */

enum op {
	OP_NONE,
	/* binary arithmetic / bitwise / string */
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD,
	OP_SHL, OP_SHR, OP_BAND, OP_BOR, OP_BXOR,
	OP_CONCAT,		/* . */
	/* comparisons (long or string operands) */
	OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE,
	/* regular expression match: =~ and !~ */
	OP_MATCH, OP_NOMATCH,
	/* logical */
	OP_LAND, OP_LOR,
	/* unary */
	OP_NEG, OP_PLUS, OP_NOT, OP_BNOT,
	/* assignment: EX_ASSIGN uses OP_ASSIGN for `=`, else the binary op */
	OP_ASSIGN,
	/* increment / decrement (EX_INCDEC) */
	OP_INC, OP_DEC,
	OP_USHR,		/* >>> logical shift right (added by pass 1) */
};

/* Statistic operators, in EX_STAT's op field. */
enum stat_op {
	STAT_COUNT, STAT_SUM, STAT_MIN, STAT_MAX, STAT_AVG, STAT_VARIANCE,
	STAT_HIST_LOG, STAT_HIST_LINEAR,
};

/* The print family, in EX_PRINT's op field. */
enum print_kind {
	PR_PRINT, PR_PRINTLN, PR_PRINTD, PR_PRINTDLN, PR_PRINTF,
	PR_SPRINT, PR_SPRINTLN, PR_SPRINTD, PR_SPRINTDLN, PR_SPRINTF,
};

/* ---- expressions ---- */

enum expr_kind {
	EX_NUMBER,	/* num */
	EX_STRING,	/* str[0..len) (unescaped bytes) */
	EX_SYMBOL,	/* name: scalar variable or whole array; sym after pass 2 */
	EX_INDEX,	/* name[args]: array element; sym after pass 2 */
	EX_WILDCARD,	/* `*` in an array slice: a[*, 5] */
	EX_CALL,	/* name(args); fn after pass 2 */
	EX_PRINT,	/* op = enum print_kind; args (printf: first arg is the
			 * format literal; printd: first arg is the delimiter) */
	EX_UNARY,	/* op a */
	EX_BINARY,	/* a op b: arithmetic, bitwise, shifts, concat */
	EX_COMPARE,	/* a op b: < <= > >= == != */
	EX_REGEX,	/* a =~ b, a !~ b (b is a literal) */
	EX_LOGICAL,	/* a && b, a || b */
	EX_TERNARY,	/* a ? b : c */
	EX_ASSIGN,	/* a op= b (a is an lvalue) */
	EX_INCDEC,	/* op a (EXF_POSTFIX for a++ / a--) */
	EX_AGGREGATE,	/* a <<< b */
	EX_IN,		/* [args] in a (a: EX_SYMBOL naming the array, or
			 * EX_INDEX with wildcards for a slice) */
	EX_STAT,	/* op = enum stat_op; a = operand (EX_SYMBOL/EX_INDEX);
			 * hist_linear: args = start, stop, interval */
	EX_TARGET,	/* $name comps; name includes the '$' ("$count",
			 * "$$vars", "$$parms", "$$locals", "$$return") */
	EX_CAST,	/* @cast(a, str "type", mod "module") comps */
	EX_ATVAR,	/* @var(str "name@file", mod "module") comps */
	EX_DEFINED,	/* @defined(a) */
	EX_ENTRY,	/* @entry(a) */
	EX_EMBEDDED,	/* %{ code %} as an expression (str = code) */
	EX_ATOP,	/* name(args): @kderef, @uderef, @kregister,
			 * @uregister, @probewrite; parsed only */
	EX_PERF,	/* @perf(a): value of the perf counter named by the
			 * EX_STRING a (from .counter("name")); parsed only */
	EX_REGOP,	/* @kregister(num) / @uregister(num), or
			 * @kderef(num, a) / @uderef(num, a): tok names it */
};

/* Target-variable suffixes: ->field, .field, [n], [expr]. */
enum comp_kind {
	COMP_FIELD,		/* ->name or .name */
	COMP_INDEX_NUM,		/* [num] */
	COMP_INDEX_EXPR,	/* [expr] */
};

struct target_comp {
	enum comp_kind kind;
	struct token *tok;
	const char *name;	/* COMP_FIELD */
	int64_t num;		/* COMP_INDEX_NUM */
	struct expr *index;	/* COMP_INDEX_EXPR */
	struct target_comp *next;
};

/* expr flags */
#define EXF_POSTFIX	0x01	/* a++ / a-- */
#define EXF_PRETTY	0x02	/* trailing $: $var$ */
#define EXF_PRETTY_DEEP	0x04	/* trailing $$: $var$$ */
#define EXF_ADDR	0x08	/* &$var */
#define EXF_AT_ARG	0x10	/* literal came from @N / $N substitution */
#define EXF_HEX		0x20	/* a probe point address: printed 0x... */

struct expr {
	enum expr_kind kind;
	int op;			/* enum op / stat_op / print_kind */
	unsigned flags;
	struct token *tok;
	int64_t num;		/* EX_NUMBER */
	const char *str;	/* EX_STRING, EX_EMBEDDED (not interned) */
	size_t len;
	const char *name;	/* interned: variable, array, function, $target */
	const char *mod;	/* EX_CAST / EX_ATVAR module, or NULL */
	struct expr *a, *b, *c;
	struct expr *args;	/* arguments or index keys, linked by next */
	struct target_comp *comps;
	struct expr *next;

	/* pass 2 */
	enum ty type;
	struct symbol *sym;
	struct function *fn;
	void *aux;		/* per-pass annotation (e.g. parsed format) */
};

/* ---- statements ---- */

enum stmt_kind {
	ST_BLOCK,	/* stmts */
	ST_NULL,	/* ; */
	ST_EXPR,	/* e */
	ST_IF,		/* if (e) body else alt */
	ST_WHILE,	/* while (e) body */
	ST_DO,		/* do body while (e) */
	ST_FOR,		/* for (init; e; step) body; any may be NULL */
	ST_FOREACH,	/* see the foreach fields */
	ST_BREAK,
	ST_CONTINUE,
	ST_NEXT,
	ST_RETURN,	/* return e (e may be NULL) */
	ST_DELETE,	/* delete e: EX_SYMBOL (array or scalar) or EX_INDEX */
	ST_TRY,		/* try body catch (catch_var) alt */
	ST_EMBEDDED,	/* %{ code %} as a whole function body */
};

struct stmt {
	enum stmt_kind kind;
	struct token *tok;
	struct expr *e;
	struct expr *init, *step;	/* ST_FOR */
	struct stmt *body, *alt;
	struct stmt *stmts;		/* ST_BLOCK children */
	struct stmt *next;

	/* ST_FOREACH: foreach (value = [keys] in array sort limit n) */
	struct expr *keys;		/* EX_SYMBOL list, linked by next */
	struct expr *value;		/* EX_SYMBOL or NULL */
	struct expr *array;		/* EX_SYMBOL, or EX_INDEX slice */
	int sort_col;			/* 0: value, 1..n: key column */
	int sort_dir;			/* 0 unsorted, +1 ascending, -1 desc */
	int sort_agg;			/* -1, or enum stat_op for `@sum+` */
	struct expr *limit;		/* or NULL */

	struct expr *catch_var;		/* ST_TRY: EX_SYMBOL or NULL */
	const char *code;		/* ST_EMBEDDED */
};

/* ---- top-level declarations ---- */

struct vardecl {			/* global name[size] = init */
	const char *name;
	struct token *tok;
	struct expr *init;		/* EX_NUMBER / EX_STRING or NULL */
	int64_t size_hint;		/* 0 unless global a[N] */
	bool is_array;			/* declared with [N] or %[N] */
	bool wrap;			/* global a%[N] or a% */
	bool priv;			/* private global */
	struct stapfile *file;
	struct symbol *sym;		/* pass 2 */
	struct vardecl *next;
};

struct param {
	const char *name;
	struct token *tok;
	enum ty decl_type;		/* TY_UNKNOWN unless a:long etc */
	struct param *next;
};

/* embedded-C pragma comments, e.g. / * pure * / inside %{ %} */
#define PRAGMA_PURE		0x01
#define PRAGMA_UNPRIVILEGED	0x02
#define PRAGMA_MYPROC_UNPRIV	0x04
#define PRAGMA_GURU		0x08
#define PRAGMA_UNMODIFIED_FNARGS 0x10
#define PRAGMA_STABLE		0x20
#define PRAGMA_TAGGED_STRING	0x40

struct function {
	const char *name;
	struct token *tok;
	struct stapfile *file;
	enum ty decl_type;		/* function f:long () */
	struct param *params;
	int nparams;
	struct stmt *body;		/* ST_BLOCK, or ST_EMBEDDED */
	unsigned pragmas;
	bool priv;
	struct function *next;		/* in file order */

	/* pass 2 */
	enum ty type;
	struct symbol *param_syms;
	struct symbol *locals;
	bool used;
	int index;
	const char *cname;		/* mangled C name */
	struct function *overload;	/* next function of the same name */
};

struct probe_comp {			/* one dotted part: name("arg") */
	const char *functor;		/* may contain * or be "**" */
	struct token *tok;
	struct expr *arg;		/* EX_NUMBER / EX_STRING or NULL */
	struct probe_comp *next;
};

struct probe_point {
	struct probe_comp *comps;
	struct token *tok;
	bool optional;			/* ? */
	bool sufficient;		/* ! */
	struct expr *cond;		/* if (cond), or NULL */
	struct probe_point *next;
};

struct probe {
	struct probe_point *points;
	struct token *tok;
	struct stmt *body;
	struct stapfile *file;
	bool priv;
	struct probe *next;
};

struct alias {				/* probe a, b = targets { body } */
	struct probe_point *names;
	struct probe_point *targets;
	struct token *tok;
	struct stmt *body;
	bool epilogue;			/* += */
	struct stapfile *file;
	struct alias *next;
};

struct embed {				/* top-level %{ ... %} */
	const char *code;
	struct token *tok;
	struct embed *next;
};

struct stapfile {
	const char *name;
	struct source *src;
	bool is_tapset;
	bool privileged;		/* embedded C allowed (tapset or -g) */
	bool no_tokens;			/* the grammar saw only end of input */
	bool no_raw_tokens;		/* ... and so did the lexer */
	struct vardecl *globals;
	struct function *functions;
	struct probe *probes;
	struct alias *aliases;
	struct embed *embeds;
	struct stapfile *next;
};

/* ---- pass 2 results ---- */

enum sym_kind { SYM_GLOBAL, SYM_LOCAL, SYM_PARAM };

#define MAX_ARRAY_KEYS 9

struct symbol {
	const char *name;
	enum sym_kind kind;
	struct token *tok;		/* declaration or first use */
	enum ty type;			/* value type */
	int arity;			/* -1 unknown, 0 scalar, n keys */
	enum ty keys[MAX_ARRAY_KEYS];
	struct vardecl *decl;		/* globals */
	int64_t maxsize;		/* array capacity hint, 0: default */
	bool wrap;
	bool read, written;
	int index;			/* slot among its kind */
	const char *cname;		/* mangled C name */
	struct symbol *next;
};

struct probe_family;

/* One concrete probe: what pass 3 turns into a handler and a table entry.
 * Family-specific parameters live in priv, a struct private to the
 * family's file (probes.h). */
struct derived_probe {
	const struct probe_family *family;
	struct probe_point *point;	/* the concrete point, as -p2 prints */
	struct probe_point *origin;	/* the point as the user wrote it */
	struct probe *probe;		/* where the body came from */
	struct stmt *body;		/* with alias prologues / epilogues */
	struct expr *cond;		/* combined condition, or NULL */
	struct symbol *locals;
	int index;
	const char *cname;		/* mangled handler name */
	void *priv;			/* the family's data */
	struct derived_probe *next;
};

/* ---- the shared walker and rewriter (ast.c) ---- */

/*
 * Every pass that visits the whole tree uses this walk: statements are
 * visited before their children, expressions after theirs (so a rewrite
 * sees its operands already rewritten).  A hook may replace the
 * expression it is given by storing through ep.  expr_pre, when set, is
 * called before an expression's children; false skips them (and the
 * post-order call).  The walk is bounded: past AST_MAX_DEPTH nested
 * nodes it stops descending and sets too_deep, so no tree can overflow
 * the translator's stack.
 */
#define AST_MAX_DEPTH 10000

struct ast_walker {
	bool (*stmt)(struct ast_walker *w, struct stmt *st);
	bool (*expr_pre)(struct ast_walker *w, struct expr **ep);
	void (*expr)(struct ast_walker *w, struct expr **ep);
	void *arg;
	int depth;
	bool too_deep;
	const struct token *deep_tok;	/* where the bound was hit */
};

void ast_walk_expr(struct ast_walker *w, struct expr **ep);
void ast_walk_exprs(struct ast_walker *w, struct expr **list);
void ast_walk_stmt(struct ast_walker *w, struct stmt *st);

/* ---- constructors (ast.c) ---- */

struct expr *ast_expr(struct session *s, enum expr_kind kind, struct token *t);
struct stmt *ast_stmt(struct session *s, enum stmt_kind kind, struct token *t);
const char *ast_ty_name(enum ty t);	/* "long", "string", "stats", "unknown" */
const char *ast_stat_name(enum stat_op op);	/* "@count", ... */

#endif
