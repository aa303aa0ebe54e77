/* elaborate.c - pass 2 driver, `stap -p2` output, `-l` / `-L` and `--dump-*`
 * listings.
 *
 * Pass 2 runs, in order: probe derivation (probes.c, loading tapset files
 * for aliases), symbol resolution (resolve.c, loading tapset files for
 * functions and globals until closure), elision (elide.c, unless -u), type
 * inference (types.c) and the automatic printing of written-only globals.
 * It leaves in the session the used globals (s->globals, declaration
 * order), the used functions (s->used_functions, sorted by name as -p2
 * prints them), the derived probes (s->probes) and the embeds to emit.
 *
 * Invariant: after a successful pass every used expression has a type,
 * every EX_SYMBOL/EX_INDEX a symbol and every EX_CALL a function.
 */
#include <stdlib.h>
#include <string.h>

#include "probes.h"
#include "tvars.h"

/* ---- small services shared by the pass-2 files ---- */

struct elab *elab_state(struct session *s)
{
	if (!s->elab)
		s->elab = ARENA_NEW(s->arena, struct elab);
	return s->elab;
}

static size_t elab_hash(const void *key)
{
	uintptr_t h = (uintptr_t)key;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 16);
}

static void elab_map_grow(struct session *s, struct elab_map *m)
{
	struct elab_map_ent **old = m->slots, *e, *nx;
	int oldcap = m->cap, i;
	size_t j;

	m->cap = m->cap ? 2 * m->cap : 64;
	m->slots = arena_alloc(s->arena, (size_t)m->cap * sizeof(*m->slots));
	for (i = 0; i < oldcap; i++) {
		for (e = old[i]; e; e = nx) {
			nx = e->next;
			j = elab_hash(e->key) & (size_t)(m->cap - 1);
			e->next = m->slots[j];
			m->slots[j] = e;
		}
	}
}

/* Entries with the same key stay adjacent, in insertion order. */
void elab_map_add(struct session *s, struct elab_map *m, const char *key,
		  void *val)
{
	struct elab_map_ent *e = ARENA_NEW(s->arena, struct elab_map_ent);
	struct elab_map_ent **pp;
	size_t j;

	if (2 * (m->n + 1) > m->cap)
		elab_map_grow(s, m);
	e->key = key;
	e->val = val;
	j = elab_hash(key) & (size_t)(m->cap - 1);
	for (pp = &m->slots[j]; *pp && (*pp)->key != key; pp = &(*pp)->next)
		;
	while (*pp && (*pp)->key == key)
		pp = &(*pp)->next;
	e->next = *pp;
	*pp = e;
	m->n++;
}

struct elab_map_ent *elab_map_get(const struct elab_map *m, const char *key)
{
	struct elab_map_ent *e;

	if (!m->cap)
		return NULL;
	for (e = m->slots[elab_hash(key) & (size_t)(m->cap - 1)]; e;
	     e = e->next)
		if (e->key == key)
			return e;
	return NULL;
}

struct elab_fn *elab_fn(struct session *s, struct function *f)
{
	struct elab *el = elab_state(s);
	struct elab_map_ent *e = elab_map_get(&el->fnx, (const char *)f);
	struct elab_fn *x;

	if (e)
		return e->val;
	x = ARENA_NEW(s->arena, struct elab_fn);
	elab_map_add(s, &el->fnx, (const char *)f, x);
	return x;
}

struct token *elab_tok(struct session *s, const struct token *like,
		       enum tok_type type, const char *text)
{
	struct token *t = ARENA_NEW(s->arena, struct token);

	if (like)
		t->loc = like->loc;
	t->type = type;
	t->text = text;
	t->len = strlen(text);
	return t;
}

bool elab_glob(const char *pat, const char *name)
{
	if (*pat == '\0')
		return *name == '\0';
	if (*pat == '*') {
		for (;; name++) {
			if (elab_glob(pat + 1, name))
				return true;
			if (*name == '\0')
				return false;
		}
	}
	return *pat == *name && elab_glob(pat + 1, name + 1);
}

int elab_distance(const char *a, const char *b, int cap)
{
	int la = (int)strlen(a), lb = (int)strlen(b), i, j, best;
	int row[256], prev, tmp;

	if (la > 254 || lb > 254 || abs(la - lb) > cap)
		return cap + 1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = best = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
			if (row[j] < best)
				best = row[j];
		}
		if (best > cap)
			return cap + 1;
	}
	return row[lb];
}

/* Order of suggestions: edit distance, then length, then bytes. */
static bool elab_closer(int d, const char *a, int db, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (d != db)
		return d < db;
	if (la != lb)
		return la < lb;
	return strcmp(a, b) < 0;
}

/* The five closest candidates, SystemTap's "(similar: ...)". */
const char *elab_similar(struct session *s, const char *name,
			 const char *const *cands, int n)
{
	const char *pick[5];
	int dist[5], np = 0, i, j, d;
	char *out;

	for (i = 0; i < n; i++) {
		for (j = 0; j < np; j++)
			if (!strcmp(pick[j], cands[i]))
				break;
		if (j < np)
			continue;
		d = elab_distance(name, cands[i], 1000);
		if (np == 5 && !elab_closer(d, cands[i], dist[4], pick[4]))
			continue;
		j = np < 5 ? np++ : 4;
		for (; j > 0 && elab_closer(d, cands[i], dist[j - 1],
					    pick[j - 1]); j--) {
			pick[j] = pick[j - 1];
			dist[j] = dist[j - 1];
		}
		pick[j] = cands[i];
		dist[j] = d;
	}
	if (!np)
		return "";
	out = arena_printf(s->arena, " (similar: %s", pick[0]);
	for (i = 1; i < np; i++)
		out = arena_printf(s->arena, "%s, %s", out, pick[i]);
	return arena_printf(s->arena, "%s)", out);
}

/* ---- registering files ---- */

static void elab_add_global(struct session *s, struct stapfile *f,
			    struct vardecl *v)
{
	struct elab *el = elab_state(s);
	struct elab_sym *es;

	es = (struct elab_sym *)res_new_symbol(s, v->name, SYM_GLOBAL, v->tok);
	es->sym.decl = v;
	es->sym.maxsize = v->size_hint;
	es->sym.wrap = v->wrap;
	es->sym.arity = v->is_array ? -1 : -1;
	es->file = v->priv ? f : NULL;
	if (v->priv)
		es->sym.cname = arena_printf(s->arena, "__private_%d_%s",
					     el->nfiles, v->name);
	else
		es->sym.cname = arena_printf(s->arena, "__global_%s", v->name);
	if (v->init) {
		es->sym.type = v->init->kind == EX_STRING ? TY_STRING : TY_LONG;
		es->type_tok = v->init->tok;
		es->sym.arity = 0;
		es->arity_tok = v->tok;
	}
	v->sym = &es->sym;
	elab_map_add(s, &el->globals, v->name, es);
}

static void elab_add_function(struct session *s, struct stapfile *f,
			      struct function *fn)
{
	struct elab *el = elab_state(s);
	struct elab_map_ent *e = elab_map_get(&el->functions, fn->name);
	struct function *prev = NULL;
	int n = 0;

	for (; e && e->key == fn->name; e = e->next) {
		prev = e->val;
		n++;
	}
	if (prev)
		prev->overload = fn;
	fn->file = f;
	fn->type = fn->decl_type;
	fn->cname = arena_printf(s->arena, "%s%s__overload_%d",
				 fn->priv ? arena_printf(s->arena,
					"__private_%d_", el->nfiles)
					  : "__global_",
				 fn->name, n);
	elab_map_add(s, &el->functions, fn->name, fn);
}

void elab_register_function(struct session *s, struct stapfile *f,
			    struct function *fn)
{
	elab_add_function(s, f, fn);
}

void elab_add_file(struct session *s, struct stapfile *f)
{
	struct elab *el = elab_state(s);
	struct vardecl *v;
	struct function *fn;
	struct alias *a;
	struct probe_point *pp;
	struct probe *p;

	for (v = f->globals; v; v = v->next) {
		v->file = f;
		elab_add_global(s, f, v);
	}
	for (fn = f->functions; fn; fn = fn->next)
		elab_add_function(s, f, fn);
	for (p = f->probes; p; p = p->next)
		p->file = f;
	for (a = f->aliases; a; a = a->next) {
		a->file = f;
		for (pp = a->names; pp; pp = pp->next)
			if (pp->comps)
				elab_map_add(s, &el->aliases,
					     pp->comps->functor, a);
	}
	el->nfiles++;
}

/* ---- the pass ---- */

static void elab_fill_embeds(struct session *s)
{
	struct stapfile *files[2] = { s->user_files ? s->user_files
						     : s->user_file,
				      s->library };
	struct stapfile *f;
	struct embed *e;
	int i, n = 0;

	for (i = 0; i < 2; i++)
		for (f = files[i]; f; f = f->next)
			for (e = f->embeds; e; e = e->next)
				n++;
	s->embeds = arena_alloc(s->arena, (size_t)(n + 1) * sizeof(*s->embeds));
	s->n_embeds = 0;
	for (i = 0; i < 2; i++)
		for (f = files[i]; f; f = f->next)
			for (e = f->embeds; e; e = e->next)
				s->embeds[s->n_embeds++] = e;
}

static int elab_fn_cmp(const void *a, const void *b)
{
	const struct function *fa = *(const struct function *const *)a;
	const struct function *fb = *(const struct function *const *)b;
	int c = strcmp(fa->name, fb->name);

	return c ? c : fa->index - fb->index;
}

/* Slots 0..n-1 within one list of locals or parameters. */
static void elab_number(struct symbol *l)
{
	int n = 0;

	for (; l; l = l->next)
		l->index = n++;
}

/* Used globals in declaration order (user files first), which of them
 * are printed automatically, and the used functions sorted by name. */
static void elab_fill(struct session *s)
{
	struct stapfile *lists[2] = { s->user_files ? s->user_files
						     : s->user_file,
				      s->library };
	struct elab *el = elab_state(s);
	struct symbol **tail = &s->globals;
	struct stapfile *f;
	struct vardecl *v;
	int i, n = 0;

	for (i = 0; i < 2; i++)
		for (f = lists[i]; f; f = f->next)
			for (v = f->globals; v; v = v->next) {
				if (!v->sym || !v->sym->index)
					continue;
				((struct elab_sym *)v->sym)->auto_print =
					i == 0 && v->sym->written &&
					!v->sym->read;
				v->sym->index = n++;
				*tail = v->sym;
				tail = &v->sym->next;
			}
	*tail = NULL;
	s->used_functions = arena_alloc(s->arena, (size_t)(el->nfq + 1) *
					sizeof(*s->used_functions));
	s->n_used_functions = 0;
	for (i = 0; i < el->nfq; i++)
		if (el->fq[i]->used) {
			el->fq[i]->index = s->n_used_functions;
			s->used_functions[s->n_used_functions++] = el->fq[i];
		}
	qsort(s->used_functions, (size_t)s->n_used_functions,
	      sizeof(*s->used_functions), elab_fn_cmp);
	for (i = 0; i < s->n_used_functions; i++) {
		s->used_functions[i]->index = i;
		elab_number(s->used_functions[i]->param_syms);
		elab_number(s->used_functions[i]->locals);
	}
}

int elaborate_pass(struct session *s)
{
	struct stapfile *f = s->user_files ? s->user_files : s->user_file;

	elab_state(s);
	for (; f; f = f->next)
		elab_add_file(s, f);
	probes_pass(s);
	tv_pass(s);
	if (diag_pass_errors(s))
		return 1;
	do {
		res_pass(s);
	} while (probes_pass_library(s) && (tv_pass(s), !diag_pass_errors(s)));
	if (diag_pass_errors(s))
		return 1;
	res_check_globals(s);
	mut_check(s);
	tv_entry_pass(s);
	if (diag_pass_errors(s))
		return 1;
	if (!s->unoptimized)
		elide_pass(s);
	elide_refs(s);
	if (!s->unoptimized)
		elide_stable(s);
	if (diag_pass_errors(s))
		return 1;
	if (!s->probes) {
		diag(s, S_NO_PROBES, NULL);
		return 1;
	}
	ty_pass(s);
	if (diag_pass_errors(s))
		return 1;
	elab_fill(s);
	elide_auto_print(s);
	for (struct derived_probe *dp = s->probes; dp; dp = dp->next)
		elab_number(dp->locals);
	elab_fill_embeds(s);
	return diag_pass_errors(s) ? 1 : 0;
}

/* ---- stap -p2 ---- */

static void elab_print_sym(FILE *out, const struct symbol *sym,
			   const char *indent)
{
	int i;

	fprintf(out, "%s%s", indent, sym->name);
	if (sym->kind == SYM_GLOBAL && sym->wrap)
		fputc('%', out);
	if (sym->kind == SYM_GLOBAL && sym->maxsize)
		fprintf(out, "[%lld]", (long long)sym->maxsize);
	fprintf(out, ":%s", ast_ty_name(sym->type));
	if (sym->arity > 0) {
		fputs(" [", out);
		for (i = 0; i < sym->arity; i++)
			fprintf(out, "%s%s", i ? ", " : "",
				ast_ty_name(sym->keys[i]));
		fputc(']', out);
	}
	fputc('\n', out);
}

/* Bodies print as "{ stmt }", a block of several statements as
 * "{ {\n...\n} }", the way SystemTap does with -v. */
static void elab_print_body(FILE *out, const struct stmt *body)
{
	if (!body)
		return;
	fputs("{ ", out);
	if (body->kind == ST_BLOCK && body->stmts && !body->stmts->next)
		ast_print_stmt(out, body->stmts);
	else
		ast_print_stmt(out, body);
	fputs(" }\n", out);
}

static void elab_print_function(struct session *s, FILE *out,
				const struct function *fn)
{
	const struct symbol *p;

	fprintf(out, "%s:%s (", fn->name, ast_ty_name(fn->type));
	for (p = fn->param_syms; p; p = p->next)
		fprintf(out, "%s%s:%s", p == fn->param_syms ? "" : ", ",
			p->name, ast_ty_name(p->type));
	fputs(")\n", out);
	if (fn->locals)
		fputs("  # locals\n", out);
	for (p = fn->locals; p; p = p->next)
		elab_print_sym(out, p, "  ");
	if (s->verbose[1])
		elab_print_body(out, fn->body);
}

/* What the probe was derived from, as -p2 prints it after "<- ":
 * "myal = begin <- myal" for a probe on alias myal, "begin" for begin. */
const char *elaborate_derivation(struct session *s,
				 const struct derived_probe *dp)
{
	const struct elab_probe *ep = (const struct elab_probe *)dp;

	return arena_printf(s->arena, "%s%s", ep->chain ? ep->chain : "",
			    ep->user_points ? ep->user_points : "");
}

static void elab_print_probe(struct session *s, FILE *out,
			     const struct derived_probe *dp)
{
	const struct elab_probe *ep = (const struct elab_probe *)dp;
	const struct symbol *l;

	fputs(probes_point_str(s, dp->point), out);
	if (dp->origin && dp->origin->optional && !dp->origin->sufficient)
		fputc('?', out);
	if (dp->origin && dp->origin->sufficient)
		fputc('!', out);
	if (dp->cond) {
		fputs(" if (", out);
		ast_print_expr(out, dp->cond);
		fputc(')', out);
	}
	if (dp->family && dp->family->comment)
		fputs(dp->family->comment(s, dp), out);
	fprintf(out, " /* <- %s%s */\n", ep->chain ? ep->chain : "",
		ep->user_points ? ep->user_points : "");
	if (dp->locals)
		fputs("  # locals\n", out);
	for (l = dp->locals; l; l = l->next)
		elab_print_sym(out, l, "  ");
	if (s->verbose[1])
		elab_print_body(out, dp->body);
}

void elaborate_print(struct session *s, FILE *out)
{
	const struct symbol *g;
	const struct derived_probe *dp;
	int i;

	if (s->globals)
		fputs("# globals\n", out);
	for (g = s->globals; g; g = g->next)
		elab_print_sym(out, g, "");
	if (s->n_used_functions)
		fputs("# functions\n", out);
	for (i = 0; i < s->n_used_functions; i++)
		elab_print_function(s, out, s->used_functions[i]);
	fputs("# probes\n", out);
	for (dp = s->probes; dp; dp = dp->next)
		elab_print_probe(s, out, dp);
}

/* ---- --dump-functions ---- */

/* SystemTap's privilege tags, found in any embedded C of a function. */
#define ELAB_TAG_GURU	0x1
#define ELAB_TAG_MYPROC	0x2
#define ELAB_TAG_UNPRIV	0x4

static unsigned elab_tags_code(const char *code)
{
	unsigned t = 0;

	if (!code)
		return 0;
	if (strstr(code, "/* guru */"))
		t |= ELAB_TAG_GURU;
	if (strstr(code, "/* myproc-unprivileged */"))
		t |= ELAB_TAG_MYPROC;
	if (strstr(code, "/* unprivileged */"))
		t |= ELAB_TAG_UNPRIV;
	return t;
}

static bool elab_tags_st(struct ast_walker *w, struct stmt *st)
{
	if (st->kind == ST_EMBEDDED)
		*(unsigned *)w->arg |= elab_tags_code(st->code);
	return true;
}

static void elab_tags_ex(struct ast_walker *w, struct expr **ep)
{
	if ((*ep)->kind == EX_EMBEDDED)
		*(unsigned *)w->arg |= elab_tags_code((*ep)->str);
}

static unsigned elab_tags_stmt(struct stmt *st)
{
	unsigned t = 0;
	struct ast_walker w = { .stmt = elab_tags_st, .expr = elab_tags_ex,
				.arg = &t };

	ast_walk_stmt(&w, st);
	return t;
}

struct elab_dump_fn {
	const char *key;		/* "name:type", the sort key */
	const char *line;
	int seq;			/* overloads keep search-path order */
};

static int elab_dump_cmp(const void *a, const void *b)
{
	const struct elab_dump_fn *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : x->seq - y->seq;
}

/* "name:type (p1:type, p2:type) / * tag * /...", with declared types only:
 * SystemTap lists signatures without running type inference. */
static const char *elab_dump_line(struct session *s, const struct function *f,
				  const char *key)
{
	static const char *const tags[] = {
		" /* guru */", " /* myproc-unprivileged */",
		" /* unprivileged */",
	};
	const struct param *p;
	const char *out = arena_printf(s->arena, "%s (", key);
	unsigned t = elab_tags_stmt(f->body);
	int i;

	for (p = f->params; p; p = p->next)
		out = arena_printf(s->arena, "%s%s%s:%s", out,
				   p == f->params ? "" : ", ", p->name,
				   ast_ty_name(p->decl_type));
	out = arena_printf(s->arena, "%s)", out);
	for (i = 0; i < 3; i++)
		if (t & 1u << i)
			out = arena_printf(s->arena, "%s%s", out, tags[i]);
	return out;
}

static int elab_dump_functions(struct session *s, FILE *out)
{
	struct elab_dump_fn *v = NULL;
	const struct stapfile *f;
	const struct function *fn;
	int n = 0, cap = 0, i;

	tapset_load_all(s);
	for (f = s->library; f; f = f->next) {
		for (fn = f->functions; fn; fn = fn->next) {
			if (fn->priv || fn->name[0] == '_')
				continue;
			if (n == cap) {
				struct elab_dump_fn *nv;

				cap = cap ? 2 * cap : 256;
				nv = arena_alloc(s->arena,
						 (size_t)cap * sizeof(*nv));
				if (n)
					memcpy(nv, v, (size_t)n * sizeof(*nv));
				v = nv;
			}
			v[n].key = arena_printf(s->arena, "%s:%s", fn->name,
						ast_ty_name(fn->decl_type));
			v[n].line = elab_dump_line(s, fn, v[n].key);
			v[n].seq = n;
			n++;
		}
	}
	if (n)
		qsort(v, (size_t)n, sizeof(*v), elab_dump_cmp);
	for (i = 0; i < n; i++)
		fprintf(out, "%s\n", v[i].line);
	return 0;
}

/* ---- stap -l / -L and the --dump-* listings ---- */

/* The dumps exit 0 whatever the library holds: a library file that does
 * not parse is reported (with the "N parse errors." tail) and skipped, as
 * SystemTap does. */
static int elab_dump(struct session *s, FILE *out)
{
	int rc;

	if (s->dump_probe_types)
		return probes_dump_types(s, out);
	if (s->dump_functions)
		rc = elab_dump_functions(s, out);
	else
		rc = probes_dump_aliases(s, out);
	diag_parse_summary(s);
	return rc;
}

int elaborate_list(struct session *s, FILE *out)
{
	elab_state(s)->in_listing = true;
	if (s->dump_probe_types || s->dump_functions || s->dump_probe_aliases)
		return elab_dump(s, out);
	return probes_list(s, out, s->listing_pattern ? s->listing_pattern
						     : "**",
			   s->listing_vars);
}
