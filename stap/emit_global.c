/* emit_global.c - pass 3: global variables.
 *
 * Each used global becomes a C object (int64_t, char[MAXSTRINGLEN],
 * struct stp_pstat or struct stp_map), an rwlock (taken by handlers in
 * global order, see emit_probe.c), a const descriptor for maps and
 * statistics, and, for scalars, a module parameter (-G name=value) whose
 * value is copied in before the begin probes run.
 *
 * Invariant: a statistic's histogram shape is fixed at translation time
 * from the @hist_* uses in the script; conflicting uses are an error.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "emit.h"

/* ---- walking the AST (ast.c's walker, one visit hook) ---- */

static bool emit_walk_st(struct ast_walker *aw, struct stmt *st)
{
	struct emit_walk *w = aw->arg;

	w->visit(w, NULL, st);
	return true;
}

static void emit_walk_ex(struct ast_walker *aw, struct expr **ep)
{
	struct emit_walk *w = aw->arg;

	w->visit(w, *ep, NULL);
}

void emit_walk_expr(struct emit_walk *w, struct expr *x)
{
	struct ast_walker aw = { .expr = emit_walk_ex, .arg = w };

	ast_walk_expr(&aw, &x);
}

void emit_walk_stmt(struct emit_walk *w, struct stmt *st)
{
	struct ast_walker aw = { .stmt = emit_walk_st, .expr = emit_walk_ex,
				 .arg = w };

	ast_walk_stmt(&aw, st);
}

/* ---- collecting ---- */

struct emit_global *emit_global_of(struct emit *e, const struct symbol *sym)
{
	int i;

	for (i = 0; i < e->nglobals; i++)
		if (e->globals[i].sym == sym)
			return &e->globals[i];
	return NULL;
}

static bool emit_hist_num(struct expr *x, int64_t *out)
{
	if (x && x->kind == EX_NUMBER) {
		*out = x->num;
		return true;
	}
	if (x && x->kind == EX_UNARY && x->op == OP_NEG && x->a &&
	    x->a->kind == EX_NUMBER) {
		*out = -x->a->num;
		return true;
	}
	return false;
}

/* @hist_linear(s, start, stop, interval): constants, stop > start. */
static void emit_hist_linear(struct emit *e, struct emit_global *g,
			     struct expr *x)
{
	struct expr *a = x->args;
	int64_t v[3];
	int i;

	for (i = 0; i < 3; i++, a = a ? a->next : NULL) {
		if (!emit_hist_num(a, &v[i])) {
			diag(e->s, E_NOT_LITERAL, x->tok, "@hist_linear");
			return;
		}
	}
	if (v[2] <= 0 || v[1] <= v[0]) {
		diag(e->s, E_HIST_PARAMS, x->tok);
		return;
	}
	if (g->hist == 2 && (g->hstart != v[0] || g->hstop != v[1] ||
			     g->hinterval != v[2]))
		diag(e->s, E_HIST_CONFLICT, x->tok, g->sym->name);
	g->hstart = v[0];
	g->hstop = v[1];
	g->hinterval = v[2];
}

static void emit_hist_visit(struct emit_walk *w, struct expr *x,
			    struct stmt *st)
{
	struct emit *e = w->arg;
	struct emit_global *g;
	int kind;

	(void)st;
	if (!x || x->kind != EX_STAT ||
	    (x->op != STAT_HIST_LOG && x->op != STAT_HIST_LINEAR))
		return;
	g = x->a ? emit_global_of(e, x->a->sym) : NULL;
	if (!g)
		return;
	kind = x->op == STAT_HIST_LOG ? 1 : 2;
	if (g->hist && g->hist != kind)
		diag(e->s, E_HIST_CONFLICT, x->tok, g->sym->name);
	if (kind == 2)
		emit_hist_linear(e, g, x);
	g->hist = kind;
	g->hist_tok = x->tok;
}

static void emit_scan_hist(struct emit *e)
{
	struct emit_walk w = { .visit = emit_hist_visit, .arg = e };
	struct derived_probe *dp;
	int i;

	for (i = 0; i < e->s->n_used_functions; i++)
		emit_walk_stmt(&w, e->s->used_functions[i]->body);
	for (dp = e->s->probes; dp; dp = dp->next) {
		emit_walk_stmt(&w, dp->body);
		emit_walk_expr(&w, dp->cond);
	}
}

void emit_globals_collect(struct emit *e)
{
	struct symbol *sym;
	int n = 0;

	for (sym = e->s->globals; sym; sym = sym->next)
		n++;
	e->globals = arena_alloc(e->s->arena, (size_t)(n ? n : 1) *
					      sizeof(*e->globals));
	for (sym = e->s->globals; sym; sym = sym->next) {
		struct emit_global *g = &e->globals[e->nglobals];

		g->sym = sym;
		g->index = e->nglobals++;
		g->cname = arena_printf(e->s->arena, "g_%s", sym->name);
		g->lock = arena_printf(e->s->arena, "glock_%s", sym->name);
		g->desc = arena_printf(e->s->arena, "gdesc_%s", sym->name);
		g->sdesc = arena_printf(e->s->arena, "gsdesc_%s", sym->name);
		g->plock = arena_printf(e->s->arena, "gplock_%s", sym->name);
		g->is_map = sym->arity > 0;
		g->is_stat = sym->type == TY_STATS;
	}
	emit_scan_hist(e);
}

/* ---- declarations ---- */

static const char *emit_stp_type(enum ty t)
{
	switch (t) {
	case TY_STRING:	return "STP_T_STR";
	case TY_STATS:	return "STP_T_STAT";
	default:	return "STP_T_LONG";
	}
}

/* The statistic descriptor's name, declaring it on first use. */
const char *emit_stat_desc(struct emit *e, const struct emit_global *g)
{
	(void)e;
	return g->sdesc;
}

static void emit_decl_stat_desc(struct emit *e, const struct emit_global *g)
{
	static const char *const hist[] = {
		"STP_HIST_NONE", "STP_HIST_LOG", "STP_HIST_LINEAR",
	};

	fprintf(e->out, "static const struct stp_stat_desc %s = { .hist = %s",
		emit_stat_desc(e, g), hist[g->hist]);
	if (g->hist == 2)
		fprintf(e->out, ", .start = %" PRId64 "LL, .stop = %" PRId64
			"LL, .interval = %" PRId64 "LL", g->hstart, g->hstop,
			g->hinterval);
	fprintf(e->out, " };\n");
}

static void emit_decl_map(struct emit *e, const struct emit_global *g)
{
	const struct symbol *sym = g->sym;
	int i;

	if (g->is_stat)
		emit_decl_stat_desc(e, g);
	fprintf(e->out, "static struct stp_map %s;\n", g->cname);
	fprintf(e->out, "static const struct stp_map_desc %s = {\n"
		"\t.name = \"%s\", .nkeys = %d,\n\t.ktype = {", g->desc,
		sym->name, sym->arity);
	for (i = 0; i < sym->arity && i < MAX_ARRAY_KEYS; i++)
		fprintf(e->out, "%s %s", i ? "," : "",
			emit_stp_type(sym->keys[i]));
	fprintf(e->out, " },\n\t.vtype = %s, .capacity = %" PRId64
		", .wrap = %s,\n\t.stat = %s%s,\n};\n",
		emit_stp_type(sym->type), sym->maxsize,
		sym->wrap ? "true" : "false", g->is_stat ? "&" : "NULL",
		g->is_stat ? emit_stat_desc(e, g) : "");
}

/* The -G value for name, or NULL. */
static const char *emit_g_value(struct emit *e, const char *name)
{
	size_t n = strlen(name);
	int i;

	for (i = e->s->globals_set.n - 1; i >= 0; i--) {
		const char *v = e->s->globals_set.v[i];

		if (strncmp(v, name, n) == 0 && v[n] == '=')
			return v + n + 1;
	}
	return NULL;
}

static void emit_init_long(struct emit *e, const struct emit_global *g)
{
	struct expr *init = g->sym->decl ? g->sym->decl->init : NULL;
	const char *gv = emit_g_value(e, g->sym->name);
	int64_t v = 0;

	if (gv)
		v = strtoll(gv, NULL, 0);
	else if (init)
		emit_hist_num(init, &v);
	fprintf(e->out, "static int64_t %s = %" PRId64 "LL;\n", g->cname, v);
	fprintf(e->out, "#ifndef %s\nstatic long gp_%s = %" PRId64 "L;\n"
		"module_param_named(%s, gp_%s, long, 0);\n#endif\n",
		g->sym->name, g->sym->name, v, g->sym->name, g->sym->name);
}

static void emit_init_str(struct emit *e, const struct emit_global *g)
{
	struct expr *init = g->sym->decl ? g->sym->decl->init : NULL;
	const char *gv = emit_g_value(e, g->sym->name);
	const char *v = "";
	size_t len = 0;

	if (gv) {
		v = gv;
		len = strlen(gv);
	} else if (init && init->kind == EX_STRING) {
		v = init->str;
		len = init->len;
	}
	fprintf(e->out, "static char %s[MAXSTRINGLEN] = ", g->cname);
	emit_cstring(e->out, v, len);
	fprintf(e->out, ";\n#ifndef %s\nstatic char gp_%s[MAXSTRINGLEN] = ",
		g->sym->name, g->sym->name);
	emit_cstring(e->out, v, len);
	fprintf(e->out, ";\nmodule_param_string(%s, gp_%s, MAXSTRINGLEN, 0);\n"
		"#endif\n", g->sym->name, g->sym->name);
}

void emit_globals_decl(struct emit *e)
{
	int i;

	if (e->nglobals)
		fprintf(e->out, "/* ---- globals ---- */\n");
	for (i = 0; i < e->nglobals; i++) {
		const struct emit_global *g = &e->globals[i];

		fprintf(e->out, "static DEFINE_RWLOCK(%s);\n", g->lock);
		if (g->is_stat)
			fprintf(e->out, "static struct stp_plock %s;\n",
				g->plock);
		if (g->is_map) {
			emit_decl_map(e, g);
		} else if (g->is_stat) {
			emit_decl_stat_desc(e, g);
			fprintf(e->out, "static struct stp_pstat %s;\n",
				g->cname);
		} else if (g->sym->type == TY_STRING) {
			emit_init_str(e, g);
		} else {
			emit_init_long(e, g);
		}
	}
	fputc('\n', e->out);
}

/* ---- init / free ---- */

static void emit_init_one(struct emit *e, const struct emit_global *g)
{
	const char *n = g->sym->name;

	if (g->is_stat)
		fprintf(e->out, "\tif (stp_plock_init(&%s))\n"
			"\t\treturn -ENOMEM;\n", g->plock);
	if (g->is_map)
		fprintf(e->out, "\tif (stp_map_init(&%s, &%s))\n"
			"\t\treturn -ENOMEM;\n", g->cname, g->desc);
	else if (g->is_stat)
		fprintf(e->out, "\tif (stp_stat_init(&%s, &%s))\n"
			"\t\treturn -ENOMEM;\n", g->cname,
			emit_stat_desc(e, g));
	else if (g->sym->type == TY_STRING)
		fprintf(e->out, "#ifndef %s\n\tstp_str_copy(%s, gp_%s);\n"
			"#endif\n", n, g->cname, n);
	else
		fprintf(e->out, "#ifndef %s\n\t%s = gp_%s;\n#endif\n", n,
			g->cname, n);
}

void emit_globals_init(struct emit *e)
{
	int i;

	fprintf(e->out, "/* ---- globals: init (module load, -G values) and "
		"free ---- */\nstatic int stp_globals_init(void)\n{\n");
	for (i = 0; i < e->nglobals; i++)
		emit_init_one(e, &e->globals[i]);
	fprintf(e->out, "\treturn 0;\n}\n\nstatic void stp_globals_free(void)"
		"\n{\n");
	for (i = 0; i < e->nglobals; i++) {
		const struct emit_global *g = &e->globals[i];

		if (g->is_map)
			fprintf(e->out, "\tstp_map_free(&%s);\n", g->cname);
		else if (g->is_stat)
			fprintf(e->out, "\tstp_stat_free(&%s);\n", g->cname);
		if (g->is_stat)
			fprintf(e->out, "\tstp_plock_free(&%s);\n",
				g->plock);
	}
	fprintf(e->out, "}\n\n");
}
