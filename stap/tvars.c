/* tvars.c - pass 2: target variables become generated accessor calls.
 *
 * Runs on each derived probe after derivation (and on each function
 * before it is resolved).  Every `$name...`, `$$vars`-family name,
 * `@cast(...)...` and `@var(...)...` is replaced by a call of an
 * embedded-C function made here (named _dwarf_tvar_get_NAME_N and
 * friends, as SystemTap names them), whose body ctypes.c writes from the
 * variable's DWARF location (loc2c.c) and C type; run-time index
 * expressions become its arguments.  `@defined(x)` becomes 1 or 0 by
 * trying the expansion quietly, and a condition it decides prunes the
 * branch not taken (so `@defined($a) ? $a : $b` works), as in SystemTap.
 *
 * Invariant: after this pass no EX_TARGET, EX_CAST, EX_ATVAR or
 * EX_DEFINED node remains in a rewritten body: each became a call, a
 * number, or an error was reported (and a 0 put in its place).
 */
#include <stdlib.h>
#include <string.h>

#include "ctypes.h"
#include "kernel.h"
#include "probes.h"
#include "tvars.h"

struct tv_state {
	struct stapfile *file;		/* where the accessors live */
	int next;			/* accessor number */
};

struct tv_ctx {
	struct session *s;
	struct tv_state *st;
	struct derived_probe *dp;	/* NULL in a function */
	bool site_tried, have_site;
	const char *site_err;
	struct tv_site site;
	int quiet;			/* inside @defined: fail silently */
	int in_entry;			/* inside @entry: read at the entry */
	bool failed;
	bool defined_seen;
};

static struct tv_state *tv_state(struct session *s)
{
	struct elab *el = elab_state(s);
	struct tv_state *st = el->tvars;

	if (!st) {
		st = el->tvars = ARENA_NEW(s->arena, struct tv_state);
		st->file = ARENA_NEW(s->arena, struct stapfile);
		st->file->name = "<target variables>";
		st->file->is_tapset = true;
		st->file->privileged = true;
		elab_add_file(s, st->file);
	}
	return st;
}

struct stapfile *tv_file(struct session *s)
{
	return tv_state(s)->file;
}

/* ---- errors ---- */

static struct expr *tv_zero(struct tv_ctx *cx, const struct expr *at)
{
	struct expr *z = ast_expr(cx->s, EX_NUMBER, at->tok);

	(void)cx;
	z->num = 0;
	return z;
}

/* Report msg at tok (unless inside @defined); a 0 takes the place. */
static struct expr *tv_fail(struct tv_ctx *cx, const struct expr *at,
			    const struct token *tok, const char *msg)
{
	cx->failed = true;
	if (!cx->quiet)
		diag(cx->s, S_DW_ERROR, tok ? tok : at->tok, msg);
	return tv_zero(cx, at);
}

/* ---- the accessor function ---- */

static const char *tv_clean(struct session *s, const char *name)
{
	char *o = arena_strdup(s->arena, name), *p;

	for (p = o; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			*p = '_';
	return o;
}

/* A call of a new embedded-C function KIND_NAME_N(params) with body
 * res->code, replacing `at` (whose token runtime errors will name). */
static struct expr *tv_call(struct tv_ctx *cx, const struct expr *at,
			    const char *kind, const char *name,
			    const struct cty_result *res, struct expr *args,
			    const char *const *pnames, int np)
{
	struct session *s = cx->s;
	struct function *fn = ARENA_NEW(s->arena, struct function);
	struct param **pt = &fn->params;
	struct expr *call;
	int i;

	fn->name = intern_s(s->names, arena_printf(s->arena, "_dwarf_%s_%s_%d",
		kind, tv_clean(s, name), cx->st->next++));
	fn->tok = at->tok;
	fn->decl_type = res->type;
	for (i = 0; i < np; i++) {
		*pt = ARENA_NEW(s->arena, struct param);
		(*pt)->name = intern_s(s->names, pnames[i]);
		(*pt)->tok = at->tok;
		(*pt)->decl_type = TY_LONG;
		pt = &(*pt)->next;
	}
	fn->nparams = np;
	fn->body = ast_stmt(s, ST_EMBEDDED, at->tok);
	fn->body->code = res->code;
	fn->pragmas = PRAGMA_UNMODIFIED_FNARGS;
	elab_register_function(s, cx->st->file, fn);
	call = ast_expr(s, EX_CALL, at->tok);
	call->name = fn->name;
	call->args = args;
	return call;
}

/* ---- the probe's site ---- */

static bool tv_get_site(struct tv_ctx *cx)
{
	const struct probe_family *f = cx->dp ? cx->dp->family : NULL;

	if (!cx->site_tried) {
		cx->site_tried = true;
		cx->site_err = NULL;
		cx->have_site = f && f->tv_site &&
				f->tv_site(cx->s, cx->dp, &cx->site,
					   &cx->site_err) == 0;
	}
	return cx->have_site;
}

static struct loc_env tv_env(struct tv_ctx *cx)
{
	struct loc_env env = {
		.arena = cx->s->arena, .regs = "CONTEXT->regs",
		.err = "&CONTEXT->err", .fail = CTY_FAIL,
		.reloc_fmt = "(0x%llxULL + stp_kreloc)",
	};

	if (cx->have_site) {
		env.pc = cx->site.site.pc;
		env.fb = cx->site.site.fb;
		env.nfb = cx->site.site.nfb;
		env.cfa_known = cx->site.site.cfa_known;
		env.cfa_reg = cx->site.site.cfa_reg;
		env.cfa_off = cx->site.site.cfa_off;
		env.at_entry = cx->site.at_entry;
	}
	return env;
}

static const struct dw_var *tv_find_var(struct tv_ctx *cx, const char *name)
{
	int i;

	for (i = 0; i < cx->site.site.nvars; i++)
		if (!strcmp(cx->site.site.vars[i].name, name))
			return &cx->site.site.vars[i];
	return NULL;
}

/* SystemTap's "unable to find local" message with the alternatives. */
static const char *tv_no_local(struct tv_ctx *cx, const char *name)
{
	const struct tv_site *t = &cx->site;
	const char *alt = "";
	int i;

	for (i = 0; i < t->site.nvars; i++)
		alt = arena_printf(cx->s->arena, "%s%s$%s", alt, *alt ? ", " : "",
				   t->site.vars[i].name);
	return arena_printf(cx->s->arena,
		"unable to find local '%s', [man error::dwarf] dieoffset 0x%llx in kernel, near pc 0x%llx in %s %s (alternatives: %s))",
		name, (unsigned long long)t->die,
		(unsigned long long)t->site.pc, t->func ? t->func : "?",
		t->file ? t->file : "?", alt);
}

/* The location of v at the site, or NULL after an error. */
static const char *tv_locate(struct tv_ctx *cx, const struct dw_var *v,
			     struct loc_env *env, struct loc_result *loc)
{
	const char *err = NULL;

	if (cx->site.args_expr) {
		memset(loc, 0, sizeof(*loc));
		loc->kind = LOC_REGISTER;
		loc->setup = "";
		loc->expr = arena_printf(cx->s->arena, "%s[%d]",
					 cx->site.args_expr,
					 (int)(v - cx->site.site.vars));
		return NULL;
	}
	if (!v->has_loc)
		return arena_printf(cx->s->arena,
			"not accessible at this address (pc: 0x%llx) [man error::dwarf]",
			(unsigned long long)cx->site.site.pc);
	if (loc_translate(env, v->ops, v->nops, loc, &err))
		return err ? err : "cannot translate the location";
	if (loc->kind == LOC_UNAVAILABLE)
		return arena_printf(cx->s->arena,
			"not accessible at this address (pc: 0x%llx) [man error::dwarf]",
			(unsigned long long)cx->site.site.pc);
	return NULL;
}

/* ---- components ---- */

struct tv_comps {
	struct cty_comp *v;
	int n;
	struct expr *args;		/* run-time indexes, in order */
	const char **pnames;		/* their parameter names */
	int np;
};

static void tv_convert_comps(struct tv_ctx *cx, const struct expr *e,
			     struct tv_comps *out)
{
	struct session *s = cx->s;
	const struct target_comp *c;
	struct expr **tail = &out->args;
	int n = 0, i = 0;

	for (c = e->comps; c; c = c->next)
		n++;
	{
	const char **pn = arena_alloc(s->arena, (size_t)(n + out->np + 2) *
					       sizeof(char *));

	if (out->np)
		memcpy(pn, out->pnames, (size_t)out->np * sizeof(char *));
	out->pnames = pn;
	out->v = arena_alloc(s->arena, (size_t)(n + 1) * sizeof(*out->v));
	for (c = e->comps; c; c = c->next, i++) {
		struct cty_comp *o = &out->v[i];

		o->tok = c->tok;
		if (c->kind == COMP_FIELD) {
			o->kind = CC_FIELD;
			o->name = c->name;
			continue;
		}
		o->kind = CC_INDEX;
		if (c->kind == COMP_INDEX_NUM) {
			o->index = arena_printf(s->arena, "%lld",
						(long long)c->num);
			continue;
		}
		o->index = arena_printf(s->arena, "STAP_ARG_index%d", i);
		out->pnames[out->np++] = arena_printf(s->arena, "index%d", i);
		*tail = c->index;
		c->index->next = NULL;
		tail = &c->index->next;
	}
	}
	out->n = n;
}

/* The token a component error is about. */
static const struct token *tv_comp_tok(const struct expr *e,
				       const struct tv_comps *cc, int k)
{
	if (k >= 0 && k < cc->n && cc->v[k].tok)
		return cc->v[k].tok;
	return e->tok;
}

/* An extra first argument of the accessor (@cast's pointer). */
struct tv_lead {
	struct expr *arg;
	const char *pname;
};

/* One access (read, or write of `store`) of base type/location with e's
 * components and flags; the call that does it. */
static struct expr *tv_access(struct tv_ctx *cx, struct expr *e,
			      const char *kind, const char *name,
			      struct ctype *type, struct loc_env *env,
			      struct loc_result *loc, struct expr *store,
			      const struct tv_lead *lead)
{
	struct cty_access in = {
		.arena = cx->s->arena, .base_name = name, .type = type,
		.loc = *loc, .addr_of = e->flags & EXF_ADDR,
		.pretty = e->flags & EXF_PRETTY,
		.pretty_deep = e->flags & EXF_PRETTY_DEEP,
		.user = cx->have_site && cx->site.user,
		.err = "&CONTEXT->err", .uniq = &env->uniq,
	};
	struct cty_result res = { 0 };
	struct tv_comps cc = { 0 };
	struct expr **tail;

	if (lead) {
		cc.pnames = arena_alloc(cx->s->arena, sizeof(char *));
		cc.pnames[cc.np++] = lead->pname;
	}
	tv_convert_comps(cx, e, &cc);
	if (lead) {
		lead->arg->next = cc.args;
		cc.args = lead->arg;
	}
	in.comps = cc.v;
	in.ncomps = cc.n;
	if (store) {
		in.store = "STAP_ARG_value";
		cc.pnames[cc.np++] = "value";
		for (tail = &cc.args; *tail; tail = &(*tail)->next)
			;
		*tail = store;
		store->next = NULL;
	}
	if (cty_access(&in, &res))
		return tv_fail(cx, e, tv_comp_tok(e, &cc, res.error_comp),
			       res.error);
	return tv_call(cx, e, store ? "tvar_set" : kind, name + (*name == '$'),
		       &res, cc.args, cc.pnames, cc.np);
}

/* ---- $name ---- */

static struct expr *tv_return(struct tv_ctx *cx, struct expr *e,
			      struct expr *store)
{
	struct loc_env env = tv_env(cx);
	struct loc_result loc = { .kind = LOC_REGISTER,
				  .setup = "",
				  .expr = "(CONTEXT->regs)->ax" };

	if (cx->site.is_return && cx->site.site.has_ret_type &&
	    !cx->site.site.ret_type)
		return tv_fail(cx, e, NULL, arena_printf(cx->s->arena,
			"function %s (%s) has no return value", cx->site.func,
			cx->site.file ? cx->site.file : "?"));
	if (!cx->site.is_return || !cx->site.site.has_ret_type)
		return tv_fail(cx, e, NULL, arena_printf(cx->s->arena,
			"target variable '$return' not available in this probe point"));
	return tv_access(cx, e, "tvar_get", "$return", cx->site.site.ret_type,
			 &env, &loc, store, NULL);
}

static struct expr *tv_local(struct tv_ctx *cx, struct expr *e,
			     struct expr *store);

/* A parameter read in a .return probe is its value at the entry, as
 * SystemTap makes it (with its warning): @entry($param). */
static struct expr *tv_capture(struct tv_ctx *cx, struct expr *e,
			       const struct dw_var *v, struct expr *store)
{
	struct expr *ent;

	if (store || !v->is_param)
		return tv_fail(cx, e, NULL, arena_printf(cx->s->arena,
			"not accessible at this address (pc: 0x%llx) [man error::dwarf]",
			(unsigned long long)cx->site.site.pc));
	if (!cx->quiet)
		diag(cx->s, W_DW_ENTRY_CAPTURE, e->tok, e->name);
	ent = ast_expr(cx->s, EX_ENTRY, e->tok);
	cx->in_entry++;
	ent->a = tv_local(cx, e, NULL);
	cx->in_entry--;
	return ent;
}

static struct expr *tv_local(struct tv_ctx *cx, struct expr *e,
			     struct expr *store)
{
	const char *name = e->name + 1;
	const struct dw_var *v = tv_find_var(cx, name);
	struct loc_env env = tv_env(cx);
	struct loc_result loc;
	const char *err;

	if (!v)
		return tv_fail(cx, e, NULL, tv_no_local(cx, name));
	if (cx->site.is_return && !cx->in_entry)
		return tv_capture(cx, e, v, store);
	err = tv_locate(cx, v, &env, &loc);
	if (err)
		return tv_fail(cx, e, NULL, err);
	return tv_access(cx, e, "tvar_get", e->name, v->type, &env, &loc,
			 store, NULL);
}

/* $$vars, $$parms, $$locals (and $$return) as one string. */
static struct expr *tv_vars(struct tv_ctx *cx, struct expr *e)
{
	struct session *s = cx->s;
	bool parms = !strcmp(e->name, "$$parms"), locals = !strcmp(e->name,
								  "$$locals");
	struct cty_var *vv;
	struct cty_result res = { 0 };
	struct loc_env env = tv_env(cx);
	int i, n = 0;

	if (!strcmp(e->name, "$$return"))
		return tv_return(cx, e, NULL);
	vv = arena_alloc(s->arena, (size_t)(cx->site.site.nvars + 1) *
				   sizeof(*vv));
	for (i = 0; i < cx->site.site.nvars; i++) {
		const struct dw_var *v = &cx->site.site.vars[i];
		struct cty_var *o = &vv[n];

		if ((parms && !v->is_param) || (locals && v->is_param) ||
		    (!v->is_param && cx->site.line &&
		     v->decl_line > cx->site.line))
			continue;
		n++;
		o->name = v->name;
		o->acc.arena = s->arena;
		o->acc.base_name = v->name;
		o->acc.type = v->type;
		o->acc.err = "&CONTEXT->err";
		o->acc.uniq = &env.uniq;
		o->available = v->type && !tv_locate(cx, v, &env, &o->acc.loc);
	}
	if (cty_vars_string(s->arena, vv, n, e->flags & EXF_PRETTY,
			    e->flags & EXF_PRETTY_DEEP, &env.uniq, &res))
		return tv_fail(cx, e, NULL, res.error);
	return tv_call(cx, e, "tvar_get", e->name + 2, &res, NULL, NULL, 0);
}

/* "unable to find tracepoint variable" with the alternatives. */
static const char *tv_no_tp_var(struct tv_ctx *cx, const char *name)
{
	const char *alt = "";
	int i;

	for (i = 0; i < cx->site.site.nvars; i++)
		alt = arena_printf(cx->s->arena, "%s$%s, ", alt,
				   cx->site.site.vars[i].name);
	return arena_printf(cx->s->arena,
		"unable to find tracepoint variable '%s' (alternatives: %s$$name, $$system, $$vars, $$parms)",
		name, alt);
}

static struct expr *tv_string(struct tv_ctx *cx, const struct expr *at,
			      const char *str)
{
	struct expr *e = ast_expr(cx->s, EX_STRING, at->tok);

	e->str = str;
	e->len = strlen(str);
	return e;
}

/* A tracepoint's own names and arguments: NULL when e is none of them
 * (tv_target goes on), else what replaces it. */
static struct expr *tv_tracepoint(struct tv_ctx *cx, struct expr *e,
				  struct expr *store, bool *done)
{
	const char *name = e->name + 1;

	*done = true;
	if (!strcmp(e->name, "$$name") || !strcmp(e->name, "$$system")) {
		if (store || e->comps)
			return tv_fail(cx, e, NULL, "invalid write");
		return tv_string(cx, e, e->name[2] == 'n' ? cx->site.tp_name
							  : cx->site.tp_system);
	}
	if (store && (!cx->s->guru || !e->comps))
		return tv_fail(cx, e, NULL, arena_printf(cx->s->arena,
			"write to tracepoint variable '%s' not permitted; need stap -g",
			e->name));
	if (strncmp(e->name, "$$", 2) && !tv_find_var(cx, name))
		return tv_fail(cx, e, NULL, tv_no_tp_var(cx, e->name));
	*done = false;
	return NULL;
}

/*
 * A target variable the probe's family provides itself (family.h
 * tv_own): a call of a string accessor made from the family's C code,
 * taking the value assigned when there is one.  NULL when the family
 * has no such variable of that name.
 */
static struct expr *tv_own(struct tv_ctx *cx, struct expr *e,
			   struct expr *store, int op)
{
	const struct probe_family *f = cx->dp ? cx->dp->family : NULL;
	struct session *s = cx->s;
	const char *code = NULL, *err = NULL;
	struct function *fn;
	struct expr *call;
	int rc = f && f->tv_own ? f->tv_own(s, cx->dp, e, store != NULL, op,
					    &code, &err) : 1;

	if (rc > 0)
		return NULL;
	if (rc < 0)
		return tv_fail(cx, e, NULL, err);
	fn = ARENA_NEW(s->arena, struct function);
	fn->name = intern_s(s->names, arena_printf(s->arena, "_%s_%s_%d",
		f->name, tv_clean(s, e->name), cx->st->next++));
	fn->tok = e->tok;
	fn->decl_type = TY_STRING;
	if (store) {
		fn->params = ARENA_NEW(s->arena, struct param);
		fn->params->name = intern_s(s->names, "value");
		fn->params->tok = e->tok;
		fn->params->decl_type = TY_STRING;
		fn->nparams = 1;
	}
	fn->body = ast_stmt(s, ST_EMBEDDED, e->tok);
	fn->body->code = code;
	fn->pragmas = PRAGMA_UNMODIFIED_FNARGS;
	elab_register_function(s, cx->st->file, fn);
	call = ast_expr(s, EX_CALL, e->tok);
	call->name = fn->name;
	call->args = store;
	return call;
}

static struct expr *tv_target(struct tv_ctx *cx, struct expr *e,
			      struct expr *store)
{
	struct expr *own = tv_own(cx, e, store, OP_ASSIGN), *r;
	bool done;

	if (own)
		return own;
	if (tv_get_site(cx) && cx->site.args_expr) {
		r = tv_tracepoint(cx, e, store, &done);
		if (done)
			return r;
	}
	if (!tv_get_site(cx))
		return tv_fail(cx, e, NULL, cx->site_err ? cx->site_err :
			arena_printf(cx->s->arena,
				"target variable '%s' not available in this probe point",
				e->name));
	if (store && !cx->s->guru)
		return tv_fail(cx, e, NULL,
			"write to target variable not permitted; need stap -g");
	if (!strncmp(e->name, "$$", 2))
		return store ? tv_fail(cx, e, NULL, "invalid write") :
			       tv_vars(cx, e);
	if (!strcmp(e->name, "$return"))
		return tv_return(cx, e, store);
	return tv_local(cx, e, store);
}

/* ---- @cast and @var ---- */

/* "struct task_struct", "task_struct", "union u", "enum e", "T *". */
static struct ctype *tv_named_type(struct tv_ctx *cx, struct dwx *x,
				   const char *spec)
{
	static const struct { const char *kw; int kind; } kws[] = {
		{ "struct ", CT_STRUCT }, { "union ", CT_UNION },
		{ "enum ", CT_ENUM },
	};
	struct dw_file *f;
	const char *err, *name = spec;
	char *nm;
	uint64_t die = 0;
	int kind = -1, ptrs = 0, i;
	size_t len;

	while (*name == ' ')
		name++;
	for (i = 0; i < 3; i++)
		if (!strncmp(name, kws[i].kw, strlen(kws[i].kw))) {
			kind = kws[i].kind;
			name += strlen(kws[i].kw);
		}
	nm = arena_strdup(cx->s->arena, name);
	len = strlen(nm);
	while (len && (nm[len - 1] == ' ' || nm[len - 1] == '*'))
		ptrs += nm[--len] == '*';
	nm[len] = '\0';
	if (kind >= 0)
		die = dwx_type(x, kind, nm);
	for (i = 0; !die && kind < 0 && i < 4; i++)
		die = dwx_type(x, (int[]){ CT_TYPEDEF, CT_STRUCT, CT_UNION,
					   CT_ENUM }[i], nm);
	f = die ? dwx_dwarf(x, &err) : NULL;
	if (!f)
		return NULL;
	struct ctype *t = dw_type(f, die);

	for (; t && ptrs > 0; ptrs--) {
		struct ctype *p = ARENA_NEW(cx->s->arena, struct ctype);

		p->kind = CT_POINTER;
		p->size = 8;
		p->target_ = t;
		p->target_loaded = true;
		t = p;
	}
	return t;
}

/* The index of the module a @var names ("kernel" and "kernel<header.h>"
 * are the kernel; a module's globals move with its load address, not
 * handled yet), or NULL after an error. */
static struct dwx *tv_module(struct tv_ctx *cx, struct expr *e,
			     const char *mod)
{
	const char *err = NULL;
	struct dwx *x;

	if (mod && strcmp(mod, "kernel") && strncmp(mod, "kernel<", 7)) {
		tv_fail(cx, e, NULL, arena_printf(cx->s->arena,
			"@var of module '%s' is not supported yet", mod));
		return NULL;
	}
	x = kern_index(cx->s, &err);
	if (!x) {
		cx->failed = true;
		if (!cx->quiet)
			kern_no_debuginfo(cx->s, e->tok, err);
	}
	return x;
}

/* The indexes of a @cast's module list, or -1 after the message. */
static int tv_type_indexes(struct tv_ctx *cx, struct expr *e,
			   struct dwx ***xs)
{
	const char *err = NULL;
	int n = kern_type_indexes(cx->s, e->mod ? e->mod : "kernel", xs, &err);

	if (n < 0) {
		cx->failed = true;
		if (!cx->quiet)
			kern_no_debuginfo(cx->s, e->tok, err);
	}
	return n;
}

static struct expr *tv_cast(struct tv_ctx *cx, struct expr *e,
			    struct expr *store)
{
	struct dwx **xs;
	int n = tv_type_indexes(cx, e, &xs), i;
	struct ctype *t = NULL;
	struct loc_env env = tv_env(cx);
	struct loc_result loc = { .kind = LOC_MEMORY, .setup = "",
				  .expr = "((uint64_t)STAP_ARG_pointer)" };
	struct tv_lead lead = { .arg = e->a, .pname = "pointer" };
	const char *spec = e->str ? arena_strndup(cx->s->arena, e->str, e->len)
				  : "";

	if (n < 0)
		return tv_zero(cx, e);
	if (store && !cx->s->guru)
		return tv_fail(cx, e, NULL,
			"write to target variable not permitted; need stap -g");
	for (i = 0; i < n && !t; i++)
		t = tv_named_type(cx, xs[i], spec);
	if (!t)
		return tv_fail(cx, e, NULL, arena_printf(cx->s->arena,
			"type definition '%s' not found in '%s'", spec,
			e->mod ? e->mod : "kernel"));
	return tv_access(cx, e, "cast", "get", t, &env, &loc, store, &lead);
}

/* An extern declaration's address comes from the symbol table. */
static bool tv_global_addr(struct tv_ctx *cx, struct dwx *x,
			   struct dw_var *v)
{
	struct dwx_sym sym;
	struct loc_op *op;

	if (v->has_loc || !dwx_sym(x, v->name, &sym))
		return v->has_loc;
	op = ARENA_NEW(cx->s->arena, struct loc_op);
	op->atom = 0x03;	/* DW_OP_addr */
	op->number = sym.addr;
	v->ops = op;
	v->nops = 1;
	return v->has_loc = true;
}

struct tv_gvar {
	struct tv_ctx *cx;
	struct dwx *x;
	struct dw_file *f;
	uint64_t here;			/* the probe's unit, or 0 */
	struct dw_var *out;
	bool found;
};

static int tv_gvar_one(void *arg, uint64_t die, bool is_decl)
{
	struct tv_gvar *g = arg;

	(void)is_decl;
	if (dw_var_die(g->f, die, g->out) || !tv_global_addr(g->cx, g->x,
							      g->out))
		return 0;
	g->found = true;
	return 1;
}

/* "name@file.c": the global defined in a unit of that file; "name": in
 * a probe, the global of that name (SystemTap resolves a bare name only
 * in a probe with debuginfo). */
static const char *tv_global(struct tv_ctx *cx, struct dwx *x,
			     const char *spec, struct dw_var *out)
{
	struct session *s = cx->s;
	const char *at = strchr(spec, '@'), *err = NULL;
	const char *name = at ? arena_strndup(s->arena, spec,
					      (size_t)(at - spec)) : spec;
	struct tv_gvar g = { .cx = cx, .x = x, .out = out };

	g.f = dwx_dwarf(x, &err);
	if (!g.f)
		return err;
	if (!at && !tv_get_site(cx))
		return "unresolved @var() expression";
	dwx_globals(x, name, at ? at + 1 : NULL, tv_gvar_one, &g);
	if (g.found)
		return NULL;
	return arena_printf(s->arena, "unable to find global '%s' in %s",
			    name, at ? at + 1 : "kernel");
}

static struct expr *tv_atvar(struct tv_ctx *cx, struct expr *e,
			     struct expr *store)
{
	struct dwx *x = tv_module(cx, e, e->mod);
	const char *spec = e->str ? arena_strndup(cx->s->arena, e->str, e->len)
				  : "";
	struct loc_env env = tv_env(cx);
	struct loc_result loc;
	struct dw_var v;
	const char *err;

	if (!x)
		return tv_zero(cx, e);
	if (store && !cx->s->guru)
		return tv_fail(cx, e, NULL,
			"write to target variable not permitted; need stap -g");
	err = tv_global(cx, x, spec, &v);
	if (!err && (!v.has_loc || loc_translate(&env, v.ops, v.nops, &loc,
						 &err)))
		err = err ? err : "global has no location";
	if (err)
		return tv_fail(cx, e, NULL, err);
	return tv_access(cx, e, "tvar_get", v.name, v.type, &env, &loc, store,
			 NULL);
}

/* ---- the walk ---- */

static bool tv_is_target(const struct expr *e)
{
	return e && (e->kind == EX_TARGET || e->kind == EX_CAST ||
		     e->kind == EX_ATVAR);
}

static struct expr *tv_expand(struct tv_ctx *cx, struct expr *e,
			      struct expr *store)
{
	if (e->kind == EX_TARGET)
		return tv_target(cx, e, store);
	if (e->kind == EX_CAST)
		return tv_cast(cx, e, store);
	return tv_atvar(cx, e, store);
}

/* A literal truth value from @defined and the logic above it. */
static bool tv_literal(const struct expr *e, int64_t *v)
{
	int64_t a, b;

	if (e->kind == EX_NUMBER)
		return *v = e->num, true;
	if (e->kind == EX_UNARY && e->op == OP_NOT && tv_literal(e->a, &a))
		return *v = !a, true;
	if (e->kind == EX_LOGICAL && tv_literal(e->a, &a) &&
	    tv_literal(e->b, &b))
		return *v = e->op == OP_LAND ? a && b : a || b, true;
	return false;
}

static bool tv_pre(struct ast_walker *w, struct expr **ep);
static void tv_post(struct ast_walker *w, struct expr **ep);

static void tv_walk_cond(struct ast_walker *w, struct expr **ep, bool *lit,
			 int64_t *v)
{
	struct tv_ctx *cx = w->arg;
	bool seen = cx->defined_seen;

	cx->defined_seen = false;
	ast_walk_expr(w, ep);
	*lit = cx->defined_seen && tv_literal(*ep, v);
	cx->defined_seen = seen || cx->defined_seen;
}

static bool tv_defined(struct tv_ctx *cx, struct ast_walker *w,
		       struct expr **ep)
{
	struct expr *e = *ep, *n;
	bool failed = cx->failed;

	cx->quiet++;
	cx->failed = false;
	ast_walk_expr(w, &e->a);
	n = tv_zero(cx, e);
	n->num = !cx->failed && e->a && !tv_is_target(e->a);
	cx->failed = failed;
	cx->quiet--;
	cx->defined_seen = true;
	*ep = n;
	return false;
}

static bool tv_ternary(struct ast_walker *w, struct expr **ep)
{
	struct expr *e = *ep;
	bool lit;
	int64_t v;

	tv_walk_cond(w, &e->a, &lit, &v);
	if (!lit)
		return true;
	*ep = v ? e->b : e->c;
	ast_walk_expr(w, ep);
	return false;
}

/* $var = value: the setter, with value walked first. */
static bool tv_assign(struct ast_walker *w, struct expr **ep)
{
	struct tv_ctx *cx = w->arg;
	struct expr *e = *ep;
	struct expr *own;

	if (e->a->kind == EX_TARGET && e->op != OP_ASSIGN) {
		ast_walk_expr(w, &e->b);
		own = tv_own(cx, e->a, e->b, e->op);
		if (own) {
			*ep = own;
			return false;
		}
	}
	if (e->op != OP_ASSIGN) {
		*ep = tv_fail(cx, e, e->tok,
			      "compound assignment to a target variable is not supported yet");
		return false;
	}
	ast_walk_expr(w, &e->b);
	if (e->a->comps)
		for (struct target_comp *c = e->a->comps; c; c = c->next)
			if (c->index)
				ast_walk_expr(w, &c->index);
	if (e->a->a && e->a->kind == EX_CAST)
		ast_walk_expr(w, &e->a->a);
	*ep = tv_expand(cx, e->a, e->b);
	return false;
}

static bool tv_pre(struct ast_walker *w, struct expr **ep)
{
	struct tv_ctx *cx = w->arg;
	struct expr *e = *ep;

	switch (e->kind) {
	case EX_DEFINED:
		return tv_defined(cx, w, ep);
	case EX_TERNARY:
		return tv_ternary(w, ep);
	case EX_ASSIGN:
		return tv_is_target(e->a) ? tv_assign(w, ep) : true;
	case EX_ENTRY:
		if (!tv_get_site(cx) || !cx->site.is_return) {
			*ep = tv_fail(cx, e, NULL,
				      "@entry is only valid in .return probes");
			return false;
		}
		cx->in_entry++;
		ast_walk_expr(w, &e->a);
		cx->in_entry--;
		return false;
	default:
		return true;
	}
}

static void tv_post(struct ast_walker *w, struct expr **ep)
{
	if (tv_is_target(*ep))
		*ep = tv_expand(w->arg, *ep, NULL);
}

/* if (@defined(...)) prunes the branch it rules out. */
static bool tv_stmt(struct ast_walker *w, struct stmt *st)
{
	bool lit;
	int64_t v;

	if (st->kind != ST_IF || !st->e)
		return true;
	tv_walk_cond(w, &st->e, &lit, &v);
	if (lit && v)
		st->alt = NULL;
	if (lit && !v)
		st->body = ast_stmt(((struct tv_ctx *)w->arg)->s, ST_NULL,
				    st->tok);
	ast_walk_stmt(w, st->body);
	ast_walk_stmt(w, st->alt);
	return false;
}

static void tv_walk(struct tv_ctx *cx, struct stmt *body, struct expr **cond)
{
	struct ast_walker w = { .stmt = tv_stmt, .expr_pre = tv_pre,
				.expr = tv_post, .arg = cx };

	if (cond && *cond)
		ast_walk_expr(&w, cond);
	ast_walk_stmt(&w, body);
	if (w.too_deep)
		diag(cx->s, S_DW_ERROR, w.deep_tok,
		     "expression nested too deeply");
}

void tv_pass(struct session *s)
{
	struct tv_state *st = tv_state(s);
	struct derived_probe *dp;

	for (dp = s->probes; dp; dp = dp->next) {
		struct elab_probe *ep = (struct elab_probe *)dp;
		struct tv_ctx cx = { .s = s, .st = st, .dp = dp };

		if (ep->tv_done)
			continue;
		ep->tv_done = true;
		tv_walk(&cx, dp->body, &dp->cond);
	}
}

/* One probe's target variables (-L of an alias, on a probe of its own). */
void tv_probe(struct session *s, struct derived_probe *dp)
{
	struct tv_ctx cx = { .s = s, .st = tv_state(s), .dp = dp };

	tv_walk(&cx, dp->body, &dp->cond);
}

void tv_function(struct session *s, struct function *f)
{
	struct tv_ctx cx = { .s = s, .st = tv_state(s) };

	if (f->body && f->body->kind != ST_EMBEDDED)
		tv_walk(&cx, f->body, NULL);
}
