/* probes.c - probe-point resolution against aliases and families (pass 2).
 *
 * Every point of every user probe is matched, component by component, with
 * '*' globs and '**' (any number of components), against the names of
 * probe aliases (from the script and, loaded on demand, from the tapset
 * library) and against the patterns of the probe families (probes.h).
 * An alias match recurses into the alias's targets with the alias body
 * joined to the probe body (prologue before, `+=` epilogue after) and the
 * conditions joined with &&; a family match derives one probe.
 *
 * Invariant: each derived probe owns a private copy of its body, so pass 2
 * can annotate it (symbols, types) without touching other probes.
 */
#include <stdlib.h>
#include <string.h>

#include "probe_dwarf.h"
#include "probes.h"
#include "tvars.h"

enum pa { PA_NONE, PA_NUMBER, PA_STRING };

struct pat_comp {
	const char *functor;
	enum pa arg;
};

struct pattern {
	const struct probe_family *fam;
	const struct probe_pattern *pp;
	int n;
	struct pat_comp c[8];
};

/* The families that derive probes; then the catch-all ones, which only
 * say "not supported yet". */
const struct probe_family *const probes_families[] = {
	&probe_begin_family, &probe_end_family, &probe_error_family,
	&probe_never_family, &probe_timer_family, &probe_kprobe_family,
	&probe_dwarf_family, &probe_trace_family, &probe_procfs_family,
	NULL,
};

struct probes_state {
	struct pattern *pats;
	int npats;
};

/* Derivation context: the user probe being expanded. */
struct derive_ctx {
	struct probe *probe;
	struct probe_point *origin;
	const char *user_points;
	struct derived_probe **tail;
	int depth;			/* points being resolved */
	struct probe_point *stack[32];
	int alias_hits;			/* alias names matched so far */
	int count;
	bool listing;
	bool vars;			/* -L */
	struct listing *list;		/* -l / -L: what matched */
	struct derived_probe *first;	/* -L of an alias: its first target */
	bool chase;			/* listing through aliases to it */
};

/* -l / -L lines: one per point (key).  A point that derives several
 * probes (a function's inlined instances) lists the variables all of
 * them have, in the first one's order, as SystemTap does: what a probe
 * body there can use. */
struct listing_line {
	const char *key, *line;
	int seq;
};

struct listing {
	struct listing_line *v;
	int n, cap;
};

static void probes_list_put(struct session *s, struct derive_ctx *cx,
			    const char *key, const char *line)
{
	struct listing *l = cx->list;

	if (l->n == l->cap) {
		struct listing_line *v;

		l->cap = l->cap ? 2 * l->cap : 64;
		v = arena_alloc(s->arena, (size_t)l->cap * sizeof(*v));
		if (l->n)
			memcpy(v, l->v, (size_t)l->n * sizeof(*v));
		l->v = v;
	}
	l->v[l->n].key = key;
	l->v[l->n].line = line;
	l->v[l->n].seq = l->n;
	l->n++;
}

static struct probes_state *probes_state(struct session *s)
{
	struct elab *el = elab_state(s);

	if (!el->probes)
		el->probes = ARENA_NEW(s->arena, struct probes_state);
	return el->probes;
}

/* "timer.ms(number).randomize(number)" into components. */
static void probes_parse_pattern(struct session *s, struct pattern *pt,
				 const char *text)
{
	const char *p = text, *b;

	pt->n = 0;
	while (*p && pt->n < 8) {
		for (b = p; *p && *p != '.' && *p != '('; p++)
			;
		pt->c[pt->n].functor = intern_n(s->names, b, (size_t)(p - b));
		pt->c[pt->n].arg = PA_NONE;
		if (*p == '(') {
			pt->c[pt->n].arg = p[1] == 'n' ? PA_NUMBER : PA_STRING;
			while (*p && *p != ')')
				p++;
			if (*p)
				p++;
		}
		pt->n++;
		if (*p == '.')
			p++;
	}
}

static void probes_add_family(struct session *s, struct probes_state *ps,
			      const struct probe_family *fam, int *cap)
{
	int i;

	for (i = 0; fam->patterns[i].text; i++) {
		if (ps->npats == *cap) {
			struct pattern *np;

			*cap = *cap ? 2 * *cap : 32;
			np = arena_alloc(s->arena, (size_t)*cap * sizeof(*np));
			if (ps->npats)
				memcpy(np, ps->pats,
				       (size_t)ps->npats * sizeof(*np));
			ps->pats = np;
		}
		ps->pats[ps->npats].fam = fam;
		ps->pats[ps->npats].pp = &fam->patterns[i];
		probes_parse_pattern(s, &ps->pats[ps->npats],
				     fam->patterns[i].text);
		ps->npats++;
	}
}

static struct probes_state *probes_patterns(struct session *s)
{
	struct probes_state *ps = probes_state(s);
	size_t i;
	int cap = 0;

	if (ps->pats)
		return ps;
	for (i = 0; probes_families[i]; i++)
		probes_add_family(s, ps, probes_families[i], &cap);
	for (i = 0; probe_unsupported_families[i]; i++)
		probes_add_family(s, ps, probe_unsupported_families[i], &cap);
	return ps;
}

/* ---- printing points ---- */

static const struct expr *probes_arg_literal(const struct expr *e)
{
	return e;
}

static const char *probes_comp_str(struct session *s,
				   const struct probe_comp *c)
{
	const struct expr *a = probes_arg_literal(c->arg);

	if (!a)
		return c->functor;
	if (a->kind == EX_STRING)
		return arena_printf(s->arena, "%s(\"%.*s\")", c->functor,
				    (int)a->len, a->str);
	if (a->kind == EX_UNARY && a->op == OP_NEG && a->a &&
	    a->a->kind == EX_NUMBER)
		return arena_printf(s->arena, "%s(-%lld)", c->functor,
				    (long long)a->a->num);
	if (a->flags & EXF_HEX)
		return arena_printf(s->arena, "%s(0x%llx)", c->functor,
				    (unsigned long long)a->num);
	return arena_printf(s->arena, "%s(%lld)", c->functor,
			    (long long)a->num);
}

const char *probes_point_str(struct session *s, const struct probe_point *pp)
{
	const struct probe_comp *c;
	const char *out = "";

	for (c = pp->comps; c; c = c->next)
		out = arena_printf(s->arena, "%s%s%s", out,
				   c == pp->comps ? "" : ".",
				   probes_comp_str(s, c));
	return out;
}

/* A copy of pp whose component n has the literal arg. */
static struct probe_point *probes_point_set(struct session *s,
					    const struct probe_point *pp,
					    int n, struct expr *arg)
{
	struct probe_point *np = ARENA_NEW(s->arena, struct probe_point);
	const struct probe_comp *c;
	struct probe_comp **tail = &np->comps, *nc;
	int i = 0;

	*np = *pp;
	np->next = NULL;
	for (c = pp->comps; c; c = c->next, i++) {
		nc = ARENA_NEW(s->arena, struct probe_comp);
		*nc = *c;
		nc->next = NULL;
		if (i == n)
			nc->arg = arg;
		*tail = nc;
		tail = &nc->next;
	}
	return np;
}

struct probe_point *probes_point_set_str(struct session *s,
					 const struct probe_point *pp, int n,
					 const char *str)
{
	struct expr *a = ast_expr(s, EX_STRING, probes_comp(pp, n)->tok);

	a->str = str;
	a->len = strlen(str);
	return probes_point_set(s, pp, n, a);
}

struct probe_point *probes_point_set_addr(struct session *s,
					  const struct probe_point *pp, int n,
					  uint64_t addr)
{
	struct expr *a = ast_expr(s, EX_NUMBER, probes_comp(pp, n)->tok);

	a->num = (int64_t)addr;
	a->flags |= EXF_HEX;
	return probes_point_set(s, pp, n, a);
}

const struct probe_comp *probes_comp(const struct probe_point *pp, int n)
{
	const struct probe_comp *c = pp->comps;

	while (c && n-- > 0)
		c = c->next;
	return c;
}

int64_t probes_num_arg(const struct probe_point *pp, int n)
{
	const struct probe_comp *c = probes_comp(pp, n);
	const struct expr *a = c ? c->arg : NULL;

	if (!a)
		return 0;
	if (a->kind == EX_UNARY && a->op == OP_NEG && a->a)
		return -a->a->num;
	return a->num;
}

const char *probes_str_arg(const struct probe_point *pp, int n)
{
	const struct probe_comp *c = probes_comp(pp, n);

	return c && c->arg && c->arg->kind == EX_STRING ? c->arg->str : "";
}

int probes_unsupported(struct session *s, const struct probe_match *m,
		       const char *what)
{
	const struct derived_probe *dp = m->tmpl;

	if (m->optional) {	/* a point that cannot exist yet: skipped */
		if (s->verbose[1])
			diag(s, W_PP_UNSUPPORTED_SKIPPED, dp->point->comps->tok,
			     what);
		return 0;
	}
	diag(s, S_PP_RESOLVING, dp->point->comps->tok);
	diag(s, S_PP_UNSUPPORTED, dp->point->comps->tok, what);
	return -1;
}

/* ---- matching ---- */

static enum pa probes_arg_kind(const struct expr *a)
{
	if (!a)
		return PA_NONE;
	if (a->kind == EX_STRING)
		return PA_STRING;
	return PA_NUMBER;
}

static bool probes_functor_match(const char *glob, const char *name)
{
	return glob == name || elab_glob(glob, name);
}

/* User components u against pattern p[0..n); out receives the concrete
 * components.  '**' matches one or more argument-less components. */
static bool probes_match_pat(struct session *s, const struct probe_comp *u,
			     const struct pat_comp *p, int n,
			     struct probe_comp **out)
{
	struct probe_comp *c;

	if (!u)
		return n == 0;
	if (n == 0)
		return false;
	if (!strcmp(u->functor, "**")) {
		if (p->arg != PA_NONE)
			return false;
		c = ARENA_NEW(s->arena, struct probe_comp);
		c->functor = p->functor;
		c->tok = u->tok;
		if (probes_match_pat(s, u->next, p + 1, n - 1, &c->next) ||
		    probes_match_pat(s, u, p + 1, n - 1, &c->next)) {
			*out = c;
			return true;
		}
		return false;
	}
	if (!probes_functor_match(u->functor, p->functor) ||
	    probes_arg_kind(u->arg) != p->arg)
		return false;
	c = ARENA_NEW(s->arena, struct probe_comp);
	c->functor = p->functor;
	c->tok = u->tok;
	c->arg = u->arg;
	if (!probes_match_pat(s, u->next, p + 1, n - 1, &c->next))
		return false;
	*out = c;
	return true;
}

/* Matching an alias name (argument-less components). */
static bool probes_match_name(const struct probe_comp *u,
			      const struct probe_comp *a)
{
	if (!u)
		return !a;
	if (!a)
		return false;
	if (!strcmp(u->functor, "**"))
		return probes_match_name(u->next, a->next) ||
		       probes_match_name(u, a->next);
	if (u->arg || a->arg || !probes_functor_match(u->functor, a->functor))
		return false;
	return probes_match_name(u->next, a->next);
}

static int probes_derive_point(struct session *s, struct derive_ctx *cx,
			       struct probe_point *pp, struct stmt *body,
			       struct expr *cond, const char *chain);
static const char *probes_user_point(struct session *s,
				     const struct probe_point *pp);

static struct stmt *probes_join(struct session *s, struct stmt *a,
				struct stmt *b, const struct token *tok)
{
	struct stmt *blk;

	if (!a)
		return b;
	if (!b)
		return a;
	blk = ast_stmt(s, ST_BLOCK, (struct token *)tok);
	a = res_clone_stmt(s, a);
	b = res_clone_stmt(s, b);
	a->next = b;
	b->next = NULL;
	blk->stmts = a;
	return blk;
}

static struct expr *probes_and(struct session *s, struct expr *a,
			       struct expr *b)
{
	struct expr *e;

	if (!a)
		return b;
	if (!b)
		return a;
	e = ast_expr(s, EX_LOGICAL, a->tok);
	e->op = OP_LAND;
	e->a = a;
	e->b = b;
	return e;
}

/* "<input>:1:11", always with the file name. */
static const char *probes_loc(struct session *s, const struct token *t)
{
	return arena_printf(s->arena, "%s:%d:%d",
			    t->loc.src ? t->loc.src->name : "", t->loc.line,
			    t->loc.col);
}

/* Definition order of an alias: its position among all aliases. */
static int probes_alias_order(const struct alias *a)
{
	return a->tok ? a->tok->loc.line * 1000 + a->tok->loc.col : 0;
}

/* The alias body resolved and typed with its errors hidden (a listing
 * reports what a point offers, not the body's faults). */
static void probes_quietly(struct session *s, struct elab_probe *ep)
{
	static FILE *null;
	FILE *err = s->err;
	int errors = s->errors, pass_errors = s->pass_errors;

	if (!null)
		null = fopen("/dev/null", "w");
	s->err = null ? null : err;
	if (ep->dp.family)
		tv_probe(s, &ep->dp);
	res_one_probe(s, &ep->dp);
	ty_generated(s, &ep->dp);
	s->err = err;
	s->errors = errors;
	s->pass_errors = pass_errors;
}

/* The first probe an alias's first target derives (listing quietly),
 * whose DWARF scope the alias body's target variables are read in. */
static struct derived_probe *probes_alias_first(struct session *s,
						struct derive_ctx *cx,
						struct alias *a,
						bool *via_alias)
{
	struct derive_ctx sub = *cx;
	struct listing scratch = { 0 };

	*via_alias = false;
	if (!a->targets || cx->depth >= 31)
		return NULL;
	sub.list = &scratch;
	sub.vars = false;
	sub.first = NULL;
	sub.chase = true;
	probes_derive_point(s, &sub, a->targets, a->body, NULL, "");
	*via_alias = sub.alias_hits != cx->alias_hits;
	return sub.first;
}

/* -L: "name var:type ..." with the locals the alias body sets (names
 * starting with '_' are the tapset's own), then the target variables of
 * the point it stands for when that is a family's point: as in SystemTap,
 * an alias on other aliases (syscall.read on __syscall.read) lists none. */
static const char *probes_alias_vars(struct session *s, struct derive_ctx *cx,
				     struct alias *a, struct probe_point *name)
{
	struct elab_probe *ep = ARENA_NEW(s->arena, struct elab_probe);
	struct probe *fake = ARENA_NEW(s->arena, struct probe);
	const char *out = probes_point_str(s, name);
	bool via_alias, quiet = s->suppress_warnings;
	struct derived_probe *first = probes_alias_first(s, cx, a, &via_alias);
	struct symbol *l;

	fake->file = a->file;
	if (first)
		ep->dp = *first;	/* its target variables resolve */
	ep->dp.probe = fake;
	ep->dp.next = NULL;
	ep->dp.locals = NULL;
	/* the first target's body: the alias's own after those of the
	 * aliases it stands on (socket.send on socket.sendmsg.return) */
	ep->dp.body = res_clone_stmt(s, first && first->body ? first->body
							     : a->body);
	s->suppress_warnings = true;
	probes_quietly(s, ep);
	s->suppress_warnings = quiet;
	for (l = ep->dp.locals; l; l = l->next)
		if (l->name[0] != '_')
			out = arena_printf(s->arena, "%s %s:%s", out, l->name,
					   ast_ty_name(l->type));
	if (first && !via_alias && first->family->vars)
		out = arena_printf(s->arena, "%s%s", out,
				   first->family->vars(s, first));
	return out;
}

/*
 * -l / -L: whether an alias's targets derive any probe here (as SystemTap
 * lists an alias only where it resolves: syscall.cachestat not on a
 * kernel without that call).  The targets are listed into a scratch list.
 */
static bool probes_alias_resolves(struct session *s, struct derive_ctx *cx,
				  struct alias *a)
{
	struct listing scratch = { 0 }, *keep = cx->list;
	bool vars = cx->vars;
	struct probe_point *t;
	int n = 0;

	cx->list = &scratch;
	cx->vars = false;
	for (t = a->targets; t && !n; t = t->next)
		n += probes_derive_point(s, cx, t, NULL, NULL, "");
	cx->list = keep;
	cx->vars = vars;
	return n > 0 || scratch.n > 0;
}

static int probes_expand_alias(struct session *s, struct derive_ctx *cx,
			       struct alias *a, struct probe_point *name,
			       struct stmt *body, struct expr *cond,
			       const char *chain)
{
	struct probe_point *t;
	struct stmt *nb;
	int n = 0, got;

	if (cx->listing && !cx->chase) {
		if (!probes_alias_resolves(s, cx, a))
			return 0;
		const char *key = probes_point_str(s, name);

		probes_list_put(s, cx, key, cx->vars ?
				probes_alias_vars(s, cx, a, name) : key);
		return 1;
	}
	cx->alias_hits++;
	nb = a->epilogue ? probes_join(s, body, a->body, a->tok)
			 : probes_join(s, a->body, body, a->tok);
	for (t = a->targets; t; t = t->next) {
		const char *link = arena_printf(s->arena, "%s %s %s <- %s",
			probes_point_str(s, name), a->epilogue ? "+=" : "=",
			probes_user_point(s, t), chain);

		got = probes_derive_point(s, cx, t, nb,
					  probes_and(s, cond, t->cond), link);
		n += got;
		if (t->sufficient && got > 0)
			break;
	}
	return n;
}

struct alias_match {
	struct alias *a;
	struct probe_point *name;
	const char *key;
	int order;
};

static int probes_match_cmp(const void *x, const void *y)
{
	const struct alias_match *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	return c ? c : a->order - b->order;
}

/* Matching aliases, expanded in name order (SystemTap's), definitions of
 * one name in file order. */
static int probes_try_aliases(struct session *s, struct derive_ctx *cx,
			      struct probe_point *pp, struct stmt *body,
			      struct expr *cond, const char *chain)
{
	struct elab *el = elab_state(s);
	struct alias_match *m = NULL;
	struct elab_map_ent *e;
	struct probe_point *nm;
	int i, n = 0, nm_count = 0, cap = 0;

	tapset_need_alias(s, pp->comps->functor);
	for (i = 0; i < el->aliases.cap; i++) {
		for (e = el->aliases.slots[i]; e; e = e->next) {
			struct alias *a = e->val;

			if (!probes_functor_match(pp->comps->functor, e->key))
				continue;
			for (nm = a->names; nm; nm = nm->next) {
				if (nm->comps->functor != e->key ||
				    !probes_match_name(pp->comps, nm->comps))
					continue;
				if (nm_count == cap) {
					struct alias_match *nmv;

					cap = cap ? 2 * cap : 8;
					nmv = arena_alloc(s->arena, (size_t)cap *
							  sizeof(*nmv));
					if (nm_count)
						memcpy(nmv, m, (size_t)nm_count *
						       sizeof(*nmv));
					m = nmv;
				}
				m[nm_count].a = a;
				m[nm_count].name = nm;
				m[nm_count].key = probes_point_str(s, nm);
				m[nm_count].order = probes_alias_order(a);
				nm_count++;
			}
		}
	}
	if (nm_count)
		qsort(m, (size_t)nm_count, sizeof(*m), probes_match_cmp);
	for (i = 0; i < nm_count; i++)
		n += probes_expand_alias(s, cx, m[i].a, m[i].name, body, cond,
					 chain);
	return n;
}

/* The -l / -L line of a probe (listing only). */
static void probes_list_add(struct session *s, struct derive_ctx *cx,
			    const struct derived_probe *dp)
{
	const char *key = probes_point_str(s, dp->point), *line = key;
	const char *vars = cx->vars && dp->family->vars ?
			   dp->family->vars(s, dp) : NULL;

	if (vars && *vars)
		line = arena_printf(s->arena, "%s%s", key, vars);
	probes_list_put(s, cx, key, line);
}

struct derived_probe *probes_add(struct session *s, struct probe_match *m,
				 struct probe_point *pt, void *priv)
{
	struct derive_ctx *cx = m->cx;
	struct elab *el = elab_state(s);
	struct elab_probe *ep = ARENA_NEW(s->arena, struct elab_probe);
	struct derived_probe *dp = &ep->dp;

	*dp = *m->tmpl;
	dp->next = NULL;
	dp->point = pt ? pt : m->tmpl->point;
	dp->priv = priv;
	m->added++;
	if (m->listing) {
		if (!cx->first)
			cx->first = dp;
		probes_list_add(s, cx, dp);
		return NULL;
	}
	dp->body = dp->body ? res_clone_stmt(s, dp->body) : NULL;
	dp->cond = dp->cond ? res_clone_expr(s, dp->cond) : NULL;
	ep->chain = m->chain;
	ep->user_points = cx->user_points;
	dp->index = el->next_probe_index++;
	dp->cname = arena_printf(s->arena, "probe_%d", dp->index);
	*cx->tail = dp;
	cx->tail = &dp->next;
	return dp;
}

struct derived_probe *probes_sibling(struct session *s,
				     struct derived_probe *dp,
				     struct stmt *body, void *priv)
{
	struct elab_probe *ep = ARENA_NEW(s->arena, struct elab_probe);
	const struct elab_probe *src = (const struct elab_probe *)dp;
	struct derived_probe *n = &ep->dp;

	*ep = *src;
	n->body = body;
	n->cond = NULL;
	n->locals = NULL;
	n->priv = priv;
	n->index = elab_state(s)->next_probe_index++;
	n->cname = arena_printf(s->arena, "probe_%d", n->index);
	ep->resolved = false;
	n->next = dp->next;
	dp->next = n;
	s->n_probes++;
	return n;
}

/* Listing hides derivation errors, as SystemTap's -l does: a point that
 * does not derive is simply not listed. */
static int probes_quiet_derive(struct session *s, const struct pattern *pt,
			       struct probe_match *m)
{
	struct diag_quiet q;
	int rc;

	diag_quiet_begin(s, &q);
	rc = pt->fam->derive(s, m);
	diag_quiet_end(s, &q);
	return rc;
}

/* Whether the point being resolved, or one it was reached from, is
 * optional (?) or sufficient (!): then matching nothing is no error. */
static bool probes_optional(const struct derive_ctx *cx)
{
	int i;

	for (i = 0; i < cx->depth; i++)
		if (cx->stack[i]->optional || cx->stack[i]->sufficient)
			return true;
	return false;
}

/* Derive the probes of one pattern match: the number made, or -1 after
 * an error the family reported. */
static int probes_new(struct session *s, struct derive_ctx *cx,
		      const struct pattern *pt, struct probe_comp *comps,
		      struct probe_point *pp, struct stmt *body,
		      struct expr *cond, const char *chain)
{
	struct derived_probe tmpl = { 0 };
	struct probe_point *cp = ARENA_NEW(s->arena, struct probe_point);
	struct probe_match m = {
		.tmpl = &tmpl, .role = pt->pp->role, .listing = cx->listing,
		.optional = probes_optional(cx), .cx = cx, .chain = chain,
	};
	int rc;

	cp->comps = comps;
	cp->tok = pp->tok;
	tmpl.family = pt->fam;
	tmpl.point = cp;
	tmpl.origin = cx->origin;
	tmpl.probe = cx->probe;
	tmpl.body = body;
	tmpl.cond = cond;
	if (cx->listing)
		rc = probes_quiet_derive(s, pt, &m);
	else
		rc = pt->fam->derive(s, &m);
	return rc < 0 ? -1 : m.added;
}

/* The probes derived from every family pattern pp matches; *matched
 * tells whether any pattern matched (a failed derivation has reported its
 * own error).  A catch-all family (a "not supported yet" name) stands
 * back when an alias of that name matched (aliased): the alias wins. */
static int probes_try_families(struct session *s, struct derive_ctx *cx,
			       struct probe_point *pp, struct stmt *body,
			       struct expr *cond, const char *chain,
			       bool aliased, bool *matched)
{
	struct probes_state *ps = probes_patterns(s);
	struct probe_comp *comps;
	int i, n = 0, got;

	for (i = 0; i < ps->npats; i++) {
		const struct pattern *pt = &ps->pats[i];

		if (pt->fam->catch_all) {
			if (!probes_functor_match(pp->comps->functor,
						  pt->c[0].functor) ||
			    cx->listing || aliased)
				continue;
			comps = pp->comps;
		} else if (!probes_match_pat(s, pp->comps, pt->c, pt->n,
					     &comps)) {
			continue;
		}
		*matched = true;
		got = probes_new(s, cx, pt, comps, pp, body, cond, chain);
		if (got > 0)
			n += got;
	}
	return n;
}

/* ---- mismatch diagnostics ---- */

/* How many leading user components a pattern accepts. */
static int probes_prefix(const struct probe_comp *u, const struct pat_comp *p,
			 int n, bool *full)
{
	int k = 0;

	for (; u && k < n; u = u->next, k++)
		if (!probes_functor_match(u->functor, p[k].functor) ||
		    probes_arg_kind(u->arg) != p[k].arg)
			break;
	*full = k == n;
	return k;
}

static void probes_mismatch(struct session *s, struct probe_point *pp)
{
	struct probes_state *ps = probes_patterns(s);
	struct strlist cands = { 0 };
	const struct probe_comp *at;
	const char **heads;
	int best = 0, i, k, nh;
	bool full, suffix = false;

	for (i = 0; i < ps->npats; i++) {
		k = probes_prefix(pp->comps, ps->pats[i].c, ps->pats[i].n,
				  &full);
		if (k > best) {
			best = k;
			suffix = false;
		}
		if (k == best && full)
			suffix = true;
	}
	at = probes_comp(pp, best);
	diag(s, S_PP_RESOLVING, pp->comps->tok);
	if (suffix && at) {
		diag(s, S_PP_SUFFIX, at->tok);
		return;
	}
	for (i = 0; i < ps->npats; i++)
		if (ps->pats[i].n > best &&
		    probes_prefix(pp->comps, ps->pats[i].c, best, &full) ==
			    best)
			strlist_add(s, &cands, ps->pats[i].c[best].functor);
	if (best == 0) {
		nh = tapset_alias_heads(s, &heads);
		for (i = 0; i < nh; i++)
			strlist_add(s, &cands, heads[i]);
	}
	at = at ? at : pp->comps;
	diag(s, S_PP_MISMATCH, at->tok,
	     elab_similar(s, at->functor, cands.v, cands.n));
}

static int probes_derive_point(struct session *s, struct derive_ctx *cx,
			       struct probe_point *pp, struct stmt *body,
			       struct expr *cond, const char *chain)
{
	int n, hits, i;
	bool matched = false;

	if (!pp->comps)
		return 0;
	for (i = 0; i < cx->depth; i++) {
		if (cx->stack[i] != pp)
			continue;
		diag(s, S_PP_RESOLVING, pp->comps->tok);
		diag(s, S_PP_ALIAS_LOOP, NULL, probes_point_str(s, pp),
		     probes_loc(s, pp->comps->tok));
		return 0;
	}
	if (cx->depth == 32)
		return 0;
	cx->stack[cx->depth++] = pp;
	hits = cx->alias_hits;
	n = probes_try_aliases(s, cx, pp, body, cond, chain);
	hits = cx->alias_hits - hits;
	n += probes_try_families(s, cx, pp, body, cond, chain, hits > 0,
				 &matched);
	cx->depth--;
	if (n > 0 || pp->optional || pp->sufficient || cx->listing ||
	    matched)
		return n;
	if (hits) {
		diag(s, S_PP_RESOLVING, pp->comps->tok);
		diag(s, S_PP_NO_MATCH, NULL);
	} else {
		probes_mismatch(s, pp);
	}
	return n;
}

/* ---- entry points ---- */

static const char *probes_cond_str(struct session *s, const struct expr *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const char *out;

	if (!f)
		return "";
	ast_print_expr(f, e);
	fclose(f);
	out = arena_strdup(s->arena, buf ? buf : "");
	free(buf);
	return out;
}

static const char *probes_user_point(struct session *s,
				     const struct probe_point *pp)
{
	const char *one = probes_point_str(s, pp);

	if (pp->sufficient)
		one = arena_printf(s->arena, "%s!", one);
	else if (pp->optional)
		one = arena_printf(s->arena, "%s?", one);
	if (pp->cond)
		one = arena_printf(s->arena, "%s if (%s)", one,
				   probes_cond_str(s, pp->cond));
	return one;
}

static const char *probes_user_points(struct session *s,
				      const struct probe *p)
{
	const struct probe_point *pp;
	const char *out = "";

	for (pp = p->points; pp; pp = pp->next)
		out = arena_printf(s->arena, "%s%s%s", out,
				   pp == p->points ? "" : ",",
				   probes_user_point(s, pp));
	return out;
}

static void probes_derive_file(struct session *s, struct stapfile *f)
{
	struct derive_ctx cx = { 0 };
	struct derived_probe **tail = &s->probes;
	struct probe *p;
	struct probe_point *pp;

	while (*tail)
		tail = &(*tail)->next;
	cx.tail = tail;
	for (p = f->probes; p; p = p->next) {
		cx.probe = p;
		for (pp = p->points; pp; pp = pp->next) {
			cx.origin = pp;
			cx.user_points = probes_user_points(s, p);
			if (probes_derive_point(s, &cx, pp, p->body, pp->cond,
						"") && pp->sufficient)
				break;
		}
	}
}

static void probes_count(struct session *s)
{
	struct derived_probe *dp;

	s->n_probes = 0;
	for (dp = s->probes; dp; dp = dp->next)
		s->n_probes++;
}

void probes_pass(struct session *s)
{
	struct stapfile *f = s->user_files ? s->user_files : s->user_file;

	for (; f; f = f->next)
		probes_derive_file(s, f);
	probes_count(s);
}

/* Probes of library files loaded since the last call; true if any file
 * was new (their probes join the script's, as in SystemTap). */
bool probes_pass_library(struct session *s)
{
	struct elab *el = elab_state(s);
	struct stapfile *f = s->library;
	int i = 0;
	bool any = false;

	for (; f; f = f->next, i++) {
		if (i < el->lib_derived)
			continue;
		probes_derive_file(s, f);
		any = true;
	}
	el->lib_derived = i;
	probes_count(s);
	return any;
}

static int probes_cmp(const void *a, const void *b)
{
	const struct listing_line *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : x->seq - y->seq;
}

/* Whether -L line holds the item " $name:type" (n bytes); items run
 * from one " $" to the next (types hold no '$'). */
static bool probes_item_in(const char *line, const char *item, size_t n)
{
	const char *p = strstr(line, " $"), *e;

	for (; p; p = e) {
		e = strstr(p + 2, " $");
		if ((size_t)((e ? e : p + strlen(p)) - p) == n &&
		    !memcmp(p, item, n))
			return true;
	}
	return false;
}

/* The variables part of a line: " $a:int $b:char*", or NULL. */
static const char *probes_vars_of(const struct listing_line *l)
{
	const char *p = l->line + strlen(l->key);

	return strncmp(p, " $", 2) ? NULL : p;
}

/* Print group v[0..n) (one key): the variables of its first line that
 * every other line has too. */
static void probes_print_group(FILE *out, const struct listing_line *v,
			       int n)
{
	const char *p, *q;
	int i;

	fputs(v[0].key, out);
	if (!(p = probes_vars_of(&v[0]))) {
		fprintf(out, "%s\n", v[0].line + strlen(v[0].key));
		return;
	}
	for (; *p; p = q) {
		bool all = true;

		q = strstr(p + 2, " $");
		q = q ? q : p + strlen(p);
		for (i = 1; i < n && all; i++)
			all = probes_item_in(v[i].line, p, (size_t)(q - p));
		if (all)
			fwrite(p, 1, (size_t)(q - p), out);
	}
	fputc('\n', out);
}

int probes_list(struct session *s, FILE *out, const char *pattern,
		bool vars)
{
	struct derive_ctx cx = { 0 };
	struct listing list = { 0 };
	struct source *src;
	struct stapfile *f;
	struct probe_point *pp;
	int i, j;

	src = parse_from_string(s, "<input>",
				arena_printf(s->arena, "probe %s {}", pattern));
	f = src ? parse_source(s, src) : NULL;
	if (!f || !f->probes || diag_errors(s))
		return 1;
	cx.listing = true;
	cx.vars = vars;
	cx.list = &list;
	for (pp = f->probes->points; pp; pp = pp->next)
		probes_derive_point(s, &cx, pp, NULL, NULL, "");
	if (list.n)
		qsort(list.v, (size_t)list.n, sizeof(*list.v), probes_cmp);
	for (i = 0; i < list.n; i = j) {
		for (j = i + 1; j < list.n &&
		     !strcmp(list.v[j].key, list.v[i].key); j++)
			;
		probes_print_group(out, &list.v[i], j - i);
	}
	return list.n ? 0 : 1;
}

/* ---- --dump-probe-types / --dump-probe-aliases ---- */

/* Component by component ("begin" < "begin(number)"; "a.plt.return" <
 * "a.plt(string)"), the order SystemTap's pattern tree prints in. */
static int probes_type_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t lx, ly;
	int c;

	for (;;) {
		lx = strcspn(x, ".");
		ly = strcspn(y, ".");
		c = memcmp(x, y, lx < ly ? lx : ly);
		if (c)
			return c;
		if (lx != ly)
			return lx < ly ? -1 : 1;
		if (!x[lx] || !y[ly])
			return (x[lx] != '\0') - (y[ly] != '\0');
		x += lx + 1;
		y += ly + 1;
	}
}

static void probes_print_sorted(FILE *out, struct strlist *l,
				int (*cmp)(const void *, const void *))
{
	int i;

	if (l->n)
		qsort(l->v, (size_t)l->n, sizeof(*l->v), cmp);
	for (i = 0; i < l->n; i++)
		if (i == 0 || strcmp(l->v[i], l->v[i - 1]))
			fprintf(out, "%s\n", l->v[i]);
}

/* Only what the builtin families really derive: the catch-all families
 * and patterns marked unsupported would only report "not supported yet". */
int probes_dump_types(struct session *s, FILE *out)
{
	struct strlist l = { 0 };
	const struct probe_family *fam;
	int i, j;

	for (i = 0; probes_families[i]; i++) {
		fam = probes_families[i];
		for (j = 0; !fam->catch_all && fam->patterns[j].text; j++)
			if (!fam->patterns[j].unsupported)
				strlist_add(s, &l, fam->patterns[j].text);
	}
	probes_print_sorted(out, &l, probes_type_cmp);
	return 0;
}

/* "name = t1, t2?" (or "name += t") for one name of an alias; targets
 * print as in -p1 (string arguments escaped). */
static const char *probes_alias_line(struct session *s, const struct alias *a,
				     const struct probe_point *name)
{
	const struct probe_point *t;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const char *out;

	if (!f)
		return "";
	fprintf(f, "%s %s ", probes_point_str(s, name),
		a->epilogue ? "+=" : "=");
	for (t = a->targets; t; t = t->next) {
		if (t != a->targets)
			fputs(", ", f);
		ast_print_point(f, t);
	}
	fclose(f);
	out = arena_strdup(s->arena, buf ? buf : "");
	free(buf);
	return out;
}

int probes_dump_aliases(struct session *s, FILE *out)
{
	struct strlist l = { 0 };
	const struct stapfile *f;
	const struct alias *a;
	const struct probe_point *nm;

	tapset_load_all(s);
	for (f = s->library; f; f = f->next)
		for (a = f->aliases; a; a = a->next)
			for (nm = a->names; nm; nm = nm->next)
				if (nm->comps && nm->comps->functor[0] != '_')
					strlist_add(s, &l,
						    probes_alias_line(s, a, nm));
	probes_print_sorted(out, &l, probes_cmp);
	return 0;
}
