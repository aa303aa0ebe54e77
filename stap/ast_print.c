/* ast_print.c - pass 1 output: the `stap -p1` parse tree dump.
 *
 * Keeps SystemTap's layout (fully parenthesised expressions, one statement
 * per line, embeds / globals / aliases / probes / functions in that
 * order) wherever that layout is faithful, and prints the real syntax
 * where SystemTap's printer is lossy: declared types, `private`,
 * do-while, $var$, negative literals.
 *
 * Invariant: the output parses again to the same tree, so printing is a
 * fixpoint: p1(p1(script)) == p1(script).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ast.h"
#include "passes.h"
#include "session.h"

static void ast_print_block_body(FILE *out, const struct stmt *st);
static void ast_print_stmts(FILE *out, const struct stmt *c);

static void ast_print_string(FILE *out, const char *s, size_t len)
{
	static const char esc_from[] = "\n\t\r\v\f\a\b\"\\";
	static const char esc_to[] = "ntrvfab\"\\";
	size_t i;

	fputc('"', out);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *e = c ? strchr(esc_from, c) : NULL;

		if (e)
			fprintf(out, "\\%c", esc_to[e - esc_from]);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\%03o", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* A literal where the grammar takes `-number` (globals, probe args). */
static void ast_print_literal(FILE *out, const struct expr *e)
{
	if (e->kind == EX_NUMBER && (e->flags & EXF_HEX))
		fprintf(out, "0x%" PRIx64, (uint64_t)e->num);
	else if (e->kind == EX_NUMBER)
		fprintf(out, "%" PRId64, e->num);
	else
		ast_print_string(out, e->str, e->len);
}

static const char *ast_op_text(const struct expr *e)
{
	static const char *const ops[] = {
		[OP_ADD] = "+", [OP_SUB] = "-", [OP_MUL] = "*",
		[OP_DIV] = "/", [OP_MOD] = "%", [OP_SHL] = "<<",
		[OP_SHR] = ">>", [OP_USHR] = ">>>", [OP_BAND] = "&",
		[OP_BOR] = "|", [OP_BXOR] = "^", [OP_CONCAT] = ".",
		[OP_LT] = "<", [OP_LE] = "<=", [OP_GT] = ">", [OP_GE] = ">=",
		[OP_EQ] = "==", [OP_NE] = "!=", [OP_MATCH] = "=~",
		[OP_NOMATCH] = "!~", [OP_LAND] = "&&", [OP_LOR] = "||",
		[OP_NEG] = "-", [OP_PLUS] = "+", [OP_NOT] = "!",
		[OP_BNOT] = "~", [OP_ASSIGN] = "", [OP_INC] = "++",
		[OP_DEC] = "--",
	};

	if (e->op >= 0 && (size_t)e->op < sizeof(ops) / sizeof(ops[0]) &&
	    ops[e->op])
		return ops[e->op];
	return "?";
}

static void ast_print_list(FILE *out, const struct expr *e)
{
	for (; e; e = e->next) {
		ast_print_expr(out, e);
		if (e->next)
			fputs(", ", out);
	}
}

static void ast_print_comps(FILE *out, const struct expr *e)
{
	const struct target_comp *c;

	for (c = e->comps; c; c = c->next) {
		if (c->kind == COMP_FIELD)
			fprintf(out, "->%s", c->name);
		else if (c->kind == COMP_INDEX_NUM)
			fprintf(out, "[%" PRId64 "]", c->num);
		else {
			fputc('[', out);
			ast_print_expr(out, c->index);
			fputc(']', out);
		}
	}
	if (e->flags & (EXF_PRETTY | EXF_PRETTY_DEEP))
		fputs("->", out);	/* $x$ prints as $x->$, as in SystemTap */
	if (e->flags & EXF_PRETTY_DEEP)
		fputs("$$", out);
	else if (e->flags & EXF_PRETTY)
		fputc('$', out);
}

static void ast_print_paren(FILE *out, const struct expr *e)
{
	fputc('(', out);
	ast_print_expr(out, e);
	fputc(')', out);
}

static void ast_print_stat(FILE *out, const struct expr *e)
{
	fprintf(out, "%s(", ast_stat_name(e->op));
	ast_print_expr(out, e->a);
	if (e->args) {
		fputs(", ", out);
		ast_print_list(out, e->args);
	}
	fputc(')', out);
}

static void ast_print_target(FILE *out, const struct expr *e)
{
	if (e->flags & EXF_ADDR)
		fputc('&', out);
	if (e->kind == EX_TARGET) {
		fputs(e->name, out);
	} else if (e->kind == EX_CAST) {
		fputs("@cast(", out);
		ast_print_expr(out, e->a);
		fputs(", ", out);
		ast_print_string(out, e->str, e->len);
	} else {
		fputs("@var(", out);
		ast_print_string(out, e->str, e->len);
	}
	if (e->kind != EX_TARGET && e->mod) {
		fputs(", ", out);
		ast_print_string(out, e->mod, strlen(e->mod));
	}
	if (e->kind != EX_TARGET)
		fputc(')', out);
	ast_print_comps(out, e);
}

/* name, name[keys] or name(args); with autocast members, SystemTap's
 * (base)->member. */
static void ast_print_named(FILE *out, const struct expr *e)
{
	if (e->comps)
		fputc('(', out);
	fputs(e->name, out);
	if (e->kind != EX_SYMBOL) {
		fputc(e->kind == EX_INDEX ? '[' : '(', out);
		ast_print_list(out, e->args);
		fputc(e->kind == EX_INDEX ? ']' : ')', out);
	}
	if (e->comps) {
		fputc(')', out);
		ast_print_comps(out, e);
	}
}

/* Binary-shaped nodes: (a) op (b); a regex is printed bare. */
static void ast_print_binary(FILE *out, const struct expr *e)
{
	const char *op = e->kind == EX_AGGREGATE ? "<<<" : ast_op_text(e);

	ast_print_paren(out, e->a);
	fprintf(out, " %s%s ", op, e->kind == EX_ASSIGN ? "=" : "");
	if (e->kind == EX_REGEX && e->b->kind == EX_STRING)
		ast_print_expr(out, e->b);
	else
		ast_print_paren(out, e->b);
}

void ast_print_expr(FILE *out, const struct expr *e)
{
	switch (e->kind) {
	case EX_NUMBER:
		/* negative values only arise by wrapping: print them so */
		if (e->num < 0)
			fprintf(out, "%" PRIu64, (uint64_t)e->num);
		else
			fprintf(out, "%" PRId64, e->num);
		return;
	case EX_STRING:
		ast_print_string(out, e->str, e->len);
		return;
	case EX_SYMBOL:
	case EX_INDEX:
	case EX_CALL:
	case EX_PRINT:
		ast_print_named(out, e);
		return;
	case EX_WILDCARD:
		fputc('*', out);
		return;
	case EX_UNARY:
		fputs(ast_op_text(e), out);
		ast_print_paren(out, e->a);
		return;
	case EX_BINARY:
	case EX_COMPARE:
	case EX_REGEX:
	case EX_LOGICAL:
	case EX_ASSIGN:
	case EX_AGGREGATE:
		ast_print_binary(out, e);
		return;
	case EX_TERNARY:
		ast_print_paren(out, e->a);
		fputc('?', out);
		ast_print_paren(out, e->b);
		fputc(':', out);
		ast_print_paren(out, e->c);
		return;
	case EX_INCDEC:
		if (!(e->flags & EXF_POSTFIX))
			fputs(ast_op_text(e), out);
		ast_print_paren(out, e->a);
		if (e->flags & EXF_POSTFIX)
			fputs(ast_op_text(e), out);
		return;
	case EX_IN:
		fputc('[', out);
		ast_print_list(out, e->args);
		fputs("] in ", out);
		ast_print_expr(out, e->a);
		return;
	case EX_STAT:
		ast_print_stat(out, e);
		return;
	case EX_TARGET:
	case EX_CAST:
	case EX_ATVAR:
		ast_print_target(out, e);
		return;
	case EX_ATOP:
		fprintf(out, "%s(", e->name);
		ast_print_list(out, e->args);
		fputc(')', out);
		return;
	case EX_DEFINED:
	case EX_ENTRY:
	case EX_PERF:
		fputs(e->kind == EX_DEFINED ? "@defined(" :
		      e->kind == EX_ENTRY ? "@entry(" : "@perf(", out);
		ast_print_expr(out, e->a);
		fputc(')', out);
		return;
	case EX_EMBEDDED:
		fprintf(out, "%%{%.*s%%}", (int)e->len, e->str);
		return;
	case EX_REGOP:
		fprintf(out, "%.*s(%" PRId64, (int)e->tok->len, e->tok->text,
			e->num);
		if (e->a) {
			fputs(", ", out);
			ast_print_expr(out, e->a);
		}
		fputc(')', out);
		return;
	}
}

/* ---- statements ---- */

static void ast_print_foreach(FILE *out, const struct stmt *st)
{
	static const char *const aggs[] = {
		[STAT_COUNT] = "@count", [STAT_SUM] = "@sum",
		[STAT_MIN] = "@min", [STAT_MAX] = "@max",
		[STAT_AVG] = "@avg", [STAT_VARIANCE] = "@variance",
	};
	const char *dir = st->sort_dir > 0 ? "+" : "-";
	const struct expr *k;
	int col = 1;

	fputs("foreach (", out);
	if (st->value)
		fprintf(out, "%s = ", st->value->name);
	fputc('[', out);
	for (k = st->keys; k; k = k->next, col++)
		fprintf(out, "%s%s%s", k->name,
			st->sort_dir && st->sort_col == col ? dir : "",
			k->next ? ", " : "");
	fputs("] in ", out);
	ast_print_expr(out, st->array);
	if (st->sort_agg >= 0 && st->sort_agg <= STAT_VARIANCE)
		fprintf(out, " %s", aggs[st->sort_agg]);
	if (st->sort_dir && st->sort_col == 0)
		fputs(dir, out);
	if (st->limit) {
		fputs(" limit ", out);
		ast_print_expr(out, st->limit);
	}
	fputs(") ", out);
	ast_print_stmt(out, st->body);
}

static void ast_print_for(FILE *out, const struct stmt *st)
{
	fputs("for (", out);
	if (st->init)
		ast_print_expr(out, st->init);
	fputs("; ", out);
	ast_print_expr(out, st->e);
	fputs("; ", out);
	if (st->step)
		ast_print_expr(out, st->step);
	fputs(") ", out);
	ast_print_stmt(out, st->body);
}

/* Each statement of a block, followed by `;`.  A null statement is that
 * `;` alone: SystemTap's ";;" would parse back as two statements. */
static void ast_print_stmts(FILE *out, const struct stmt *c)
{
	for (; c; c = c->next) {
		if (c->kind != ST_NULL)
			ast_print_stmt(out, c);
		fputs(";\n", out);
	}
}

/* SystemTap prints the blocks inside another pair of braces, which would
 * nest one level deeper on each round trip; print them once. */
static void ast_print_try(FILE *out, const struct stmt *st)
{
	fputs("try {\n", out);
	ast_print_stmts(out, st->body->stmts);
	fputs("} catch", out);
	if (st->catch_var)
		fprintf(out, " (%s)", st->catch_var->name);
	fputs(" {\n", out);
	ast_print_stmts(out, st->alt->stmts);
	fputs("}\n", out);
}

void ast_print_stmt(FILE *out, const struct stmt *st)
{
	switch (st->kind) {
	case ST_BLOCK:
		ast_print_block_body(out, st);
		return;
	case ST_NULL:
		fputc(';', out);
		return;
	case ST_EXPR:
		ast_print_expr(out, st->e);
		return;
	case ST_IF:
		fputs("if (", out);
		ast_print_expr(out, st->e);
		fputs(") ", out);
		ast_print_stmt(out, st->body);
		fputc('\n', out);
		if (st->alt) {
			fputs("else ", out);
			ast_print_stmt(out, st->alt);
			fputc('\n', out);
		}
		return;
	case ST_WHILE:
	case ST_FOR:
		ast_print_for(out, st);
		return;
	case ST_DO:
		fputs("do ", out);
		ast_print_stmt(out, st->body);
		fputs(" while (", out);
		ast_print_expr(out, st->e);
		fputc(')', out);
		return;
	case ST_FOREACH:
		ast_print_foreach(out, st);
		return;
	case ST_BREAK:
		fputs("break", out);
		return;
	case ST_CONTINUE:
		fputs("continue", out);
		return;
	case ST_NEXT:
		fputs("next", out);
		return;
	case ST_RETURN:
		fputs("return", out);
		if (st->e) {
			fputc(' ', out);
			ast_print_expr(out, st->e);
		}
		return;
	case ST_DELETE:
		fputs("delete ", out);
		ast_print_expr(out, st->e);
		return;
	case ST_TRY:
		ast_print_try(out, st);
		return;
	case ST_EMBEDDED:
		fprintf(out, "%%{%s%%}", st->code);
		return;
	}
}

static void ast_print_block_body(FILE *out, const struct stmt *st)
{
	fputs("{\n", out);
	ast_print_stmts(out, st->stmts);
	fputc('}', out);
}

/* ---- declarations ---- */

void ast_print_point(FILE *out, const struct probe_point *pp)
{
	const struct probe_comp *c;

	for (c = pp->comps; c; c = c->next) {
		fputs(c->functor, out);
		if (c->arg) {
			fputc('(', out);
			ast_print_literal(out, c->arg);
			fputc(')', out);
		}
		if (c->next)
			fputc('.', out);
	}
	if (pp->optional)
		fputc('?', out);
	if (pp->sufficient)
		fputc('!', out);
	if (pp->cond) {
		fputs(" if (", out);
		ast_print_expr(out, pp->cond);
		fputc(')', out);
	}
}

static void ast_print_points(FILE *out, const struct probe_point *pp,
			     const char *sep)
{
	for (; pp; pp = pp->next) {
		ast_print_point(out, pp);
		if (pp->next)
			fputs(sep, out);
	}
}

static void ast_print_global(FILE *out, const struct vardecl *v)
{
	fprintf(out, "%sglobal %s%s", v->priv ? "private " : "", v->name,
		v->wrap ? "%" : "");
	if (v->size_hint)
		fprintf(out, "[%" PRId64 "]", v->size_hint);
	if (v->init) {
		fputs(" = ", out);
		ast_print_literal(out, v->init);
	}
	fputc('\n', out);
}

static void ast_print_typed(FILE *out, const char *name, enum ty t)
{
	fputs(name, out);
	if (t != TY_UNKNOWN)
		fprintf(out, ":%s", ast_ty_name(t));
}

static void ast_print_function(FILE *out, const struct function *fn)
{
	const struct param *pm;

	fputs(fn->priv ? "private function " : "function ", out);
	ast_print_typed(out, fn->name, fn->decl_type);
	fputs(" (", out);
	for (pm = fn->params; pm; pm = pm->next) {
		ast_print_typed(out, pm->name, pm->decl_type);
		if (pm->next)
			fputs(", ", out);
	}
	fputs(")\n", out);
	ast_print_stmt(out, fn->body);
	fputc('\n', out);
}

void ast_print_file(FILE *out, const struct stapfile *f)
{
	const struct embed *em;
	const struct vardecl *v;
	const struct alias *a;
	const struct probe *pr;
	const struct function *fn;

	for (em = f->embeds; em; em = em->next)
		fprintf(out, "%%{%s%%}", em->code);
	for (v = f->globals; v; v = v->next)
		ast_print_global(out, v);
	for (a = f->aliases; a; a = a->next) {
		fputs("probe ", out);
		ast_print_points(out, a->names, ", ");
		fputs(a->epilogue ? " += " : " = ", out);
		ast_print_points(out, a->targets, ", ");
		ast_print_stmt(out, a->body);
		fputc('\n', out);
	}
	for (pr = f->probes; pr; pr = pr->next) {
		fputs("probe ", out);
		ast_print_points(out, pr->points, ",");
		ast_print_stmt(out, pr->body);
		fputc('\n', out);
	}
	for (fn = f->functions; fn; fn = fn->next)
		ast_print_function(out, fn);
}

void ast_print_session(struct session *s, FILE *out)
{
	const struct stapfile *f;

	fputs("# parse tree dump\n", out);
	for (f = s->user_files; f; f = f->next) {
		fprintf(out, "# file %s\n", f->name);
		ast_print_file(out, f);
	}
	fputc('\n', out);
}
