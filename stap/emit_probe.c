/* emit_probe.c - pass 3: functions, probe handlers, global locking and
 * the registration tables.
 *
 * Each handler takes, at entry, the lock of every global it (or any
 * function it calls, transitively) touches: shared for reads and `<<<`
 * (statistics aggregate per CPU), exclusive for writes, deletes, foreach
 * and statistic extraction.  Locks are listed in global declaration order,
 * so two handlers always lock in the same order; the runtime takes them
 * with bounded trylock and skips the hit instead of deadlocking.
 *
 * The tables are plain data: struct stp_probe for every probe, then each
 * family's own table written by its emit hooks (family.h), listed in
 * stp_families[] for runtime/module.c to register, or in a stp_script
 * field for the tables the session runs itself (begin/end/error).  A new
 * probe family adds one family file and one runtime file, nothing here.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "emit.h"
#include "family.h"
#include "passes.h"

/* ---- functions ---- */

static void emit_collect_funcs(struct emit *e)
{
	struct session *s = e->s;
	int i;

	e->funcs = arena_alloc(s->arena, (size_t)(s->n_used_functions + 1) *
					 sizeof(*e->funcs));
	for (i = 0; i < s->n_used_functions; i++) {
		struct emit_func *f = &e->funcs[e->nfuncs];
		struct function *fn = s->used_functions[i];

		f->fn = fn;
		f->index = e->nfuncs++;
		f->cname = arena_printf(s->arena, "fn_%d_%s", f->index,
					fn->name);
		f->frame = arena_printf(s->arena, "fl_%d_%s", f->index,
					fn->name);
		f->member = arena_printf(s->arena, "f%d", f->index);
		f->leaf = fn->body && fn->body->kind == ST_EMBEDDED;
	}
}

/* Open a memory stream for one body; the frame is declared after it. */
static FILE *emit_begin_body(struct emit *e, char **buf, size_t *len)
{
	FILE *m = open_memstream(buf, len);

	if (!m)
		abort();
	e->out = m;
	e->indent = 1;
	e->errlabel = "out";
	e->niterating = 0;
	e->uniq = 0;		/* temporaries are local to one body */
	return m;
}

static void emit_end_body(struct emit *e, FILE *m, char **buf)
{
	emit_frame_struct(e, e->fr);
	fclose(m);
	fputs(*buf, e->bodies);
	free(*buf);
}

static void emit_embedded_macros(struct emit *e, struct function *fn)
{
	struct symbol *p;

	emit_line(e, "#define CONTEXT c");
	emit_line(e, "#define THIS L");
	for (p = fn->param_syms; p; p = p->next)
		emit_line(e, "#define STAP_ARG_%s (L->l_%s)", p->name, p->name);
	emit_line(e, "#define STAP_RETVALUE (L->__retvalue)");
	if (fn->type == TY_STRING)
		emit_line(e, "#define STAP_RETURN(v) do { stp_str_copy(STAP_RETVALUE, (v)); goto out; } while (0)");
	else
		emit_line(e, "#define STAP_RETURN(v) do { STAP_RETVALUE = (int64_t)(v); goto out; } while (0)");
	emit_line(e, "#define STAP_ERROR(...) do { stp_err_setf(&c->err, __VA_ARGS__); goto out; } while (0)");
}

static void emit_embedded_undef(struct emit *e, struct function *fn)
{
	struct symbol *p;

	for (p = fn->param_syms; p; p = p->next)
		emit_line(e, "#undef STAP_ARG_%s", p->name);
	emit_line(e, "#undef CONTEXT");
	emit_line(e, "#undef THIS");
	emit_line(e, "#undef STAP_RETVALUE");
	emit_line(e, "#undef STAP_RETURN");
	emit_line(e, "#undef STAP_ERROR");
}

static void emit_function_body(struct emit *e, struct emit_func *f)
{
	struct function *fn = f->fn;

	if (fn->body && fn->body->kind == ST_EMBEDDED) {
		emit_embedded_macros(e, fn);
		emit_line(e, "{");
		fprintf(e->out, "%s\n", fn->body->code);
		emit_line(e, "}");
		emit_embedded_undef(e, fn);
		return;
	}
	emit_local_inits(e, fn->locals);
	if (fn->type == TY_STRING)
		emit_line(e, "L->__retvalue[0] = '\\0';");
	else
		emit_line(e, "L->__retvalue = 0;");
	if (fn->body)
		emit_stmt(e, fn->body);
}

/*
 * A script function finds its frame at fn[nesting - 1]; an embedded-C
 * (leaf) function gets its frame, the leaf slot, as argument L.
 */
static void emit_function_proto(FILE *out, const struct emit_func *f,
				const char *end)
{
	if (f->leaf)
		fprintf(out, "static void %s(struct stp_ctx *c, struct %s *L)%s",
			f->cname, f->frame, end);
	else
		fprintf(out, "static void %s(struct stp_ctx *c)%s", f->cname,
			end);
}

static void emit_function(struct emit *e, struct emit_func *f)
{
	struct emit_frame fr = { .sname = f->frame, .fn = f->fn,
				 .locals = f->fn->locals,
				 .params = f->fn->param_syms };
	char *buf = NULL;
	size_t len = 0;
	FILE *m = emit_begin_body(e, &buf, &len);

	e->fr = &fr;
	fprintf(m, "/* function %s (%s:%d) */\n", f->fn->name,
		f->fn->tok && f->fn->tok->loc.src ?
		f->fn->tok->loc.src->name : "?",
		f->fn->tok ? f->fn->tok->loc.line : 0);
	emit_function_proto(m, f, "\n{\n");
	if (!f->leaf)
		emit_line(e, "struct %s *L = &STP_LOCALS(c)->fn[c->nesting - 1].%s;",
			  f->frame, f->member);
	emit_line(e, "(void)L;");
	emit_function_body(e, f);
	fprintf(m, "out: __attribute__((unused));\n}\n\n");
	emit_end_body(e, m, &buf);
	e->fr = NULL;
}

void emit_functions(struct emit *e)
{
	int i;

	emit_collect_funcs(e);
	if (e->nfuncs)
		fprintf(e->bodies, "/* ---- functions ---- */\n");
	for (i = 0; i < e->nfuncs; i++)
		emit_function_proto(e->bodies, &e->funcs[i], ";\n");
	fputc('\n', e->bodies);
	for (i = 0; i < e->nfuncs; i++)
		emit_function(e, &e->funcs[i]);
}

/* ---- probes ---- */

static bool emit_probe_has_handler(const struct derived_probe *dp)
{
	return !dp->family->no_handler;
}

/*
 * Handlers are generated with HOLE (a byte that never appears in emitted
 * C: string literals escape control bytes) where the probe's index
 * belongs; identical texts are one handler.
 */
#define EMIT_HOLE '\001'

struct emit_text {
	char *text;			/* frame struct + body, with holes */
	size_t len;
	int probe;
	struct emit_text *next;
};

static size_t emit_text_hash(const char *p, size_t n)
{
	size_t h = 14695981039346656037ull;

	while (n--)
		h = (h ^ (unsigned char)*p++) * 1099511628211ull;
	return h;
}

/* The first probe with this text, or -1 after remembering it. */
static int emit_text_seen(struct emit *e, char *text, size_t len, int probe)
{
	size_t h = emit_text_hash(text, len) % 1021;
	struct emit_text *t;

	if (!e->texts)
		e->texts = arena_alloc(e->s->arena, 1021 * sizeof(*e->texts));
	for (t = e->texts[h].next; t; t = t->next)
		if (t->len == len && !memcmp(t->text, text, len))
			return t->probe;
	t = ARENA_NEW(e->s->arena, struct emit_text);
	t->text = text;
	t->len = len;
	t->probe = probe;
	t->next = e->texts[h].next;
	e->texts[h].next = t;
	return -1;
}

/* Write text with each hole replaced by index. */
static void emit_fill_holes(FILE *out, const char *text, size_t len,
			    int index)
{
	const char *p = text, *q, *end = text + len;

	while (p < end && (q = memchr(p, EMIT_HOLE, (size_t)(end - p)))) {
		fwrite(p, 1, (size_t)(q - p), out);
		fprintf(out, "%d", index);
		p = q + 1;
	}
	fwrite(p, 1, (size_t)(end - p), out);
}

static void emit_probe_text(struct emit *e, struct derived_probe *dp, FILE *m)
{
	fprintf(m, "static void probe_%c(struct stp_ctx *c)\n{\n", EMIT_HOLE);
	emit_line(e, "struct pl_%c *L = &STP_LOCALS(c)->probe.p%c;",
		  EMIT_HOLE, EMIT_HOLE);
	emit_line(e, "(void)L;");
	emit_local_inits(e, dp->locals);
	if (dp->cond) {
		fprintf(m, "\tif (!(");
		emit_cond(e, dp->cond);
		fprintf(m, ")) goto out;\n");
	}
	if (dp->body)
		emit_stmt(e, dp->body);
	fprintf(m, "out: __attribute__((unused));\n}\n\n");
}

static void emit_probe(struct emit *e, struct derived_probe *dp)
{
	struct emit_frame fr = {
		.sname = arena_printf(e->s->arena, "pl_%c", EMIT_HOLE),
		.locals = dp->locals,
	};
	char *buf = NULL, *fbuf = NULL, *text;
	size_t len = 0, flen = 0;
	FILE *frames = e->frames, *m = emit_begin_body(e, &buf, &len);
	int first;

	e->fr = &fr;
	emit_probe_text(e, dp, m);
	fclose(m);
	e->frames = open_memstream(&fbuf, &flen);
	if (!e->frames)
		abort();
	emit_frame_struct(e, &fr);
	fclose(e->frames);
	e->frames = frames;
	text = arena_printf(e->s->arena, "%s%s", fbuf, buf);
	first = emit_text_seen(e, text, flen + len, dp->index);
	e->handler[dp->index] = first < 0 ? dp->index : first;
	if (first < 0) {
		emit_fill_holes(e->frames, fbuf, flen, dp->index);
		emit_fill_holes(e->bodies, buf, len, dp->index);
	}
	free(buf);
	free(fbuf);
	e->fr = NULL;
}

int emit_handler_of(const struct emit *e, const struct derived_probe *dp)
{
	return e->handler[dp->index];
}

static bool emit_owns_handler(const struct emit *e,
			      const struct derived_probe *dp)
{
	return emit_probe_has_handler(dp) && e->handler[dp->index] == dp->index;
}

void emit_probes(struct emit *e)
{
	struct derived_probe *dp;
	int n = 0;

	for (dp = e->s->probes; dp; dp = dp->next)
		dp->index = n++;
	e->nprobes = n;
	e->handler = arena_alloc(e->s->arena, (size_t)(n + 1) * sizeof(int));
	e->handler_uses = arena_alloc(e->s->arena,
				      (size_t)(n + 1) * sizeof(int));
	e->stub_done = arena_alloc(e->s->arena, (size_t)n + 1);
	fprintf(e->bodies, "/* ---- probe handlers ---- */\n");
	for (dp = e->s->probes; dp; dp = dp->next)
		if (emit_probe_has_handler(dp)) {
			emit_probe(e, dp);
			e->handler_uses[e->handler[dp->index]]++;
		}
}

/*
 * The leaf slot: frames of embedded-C functions.  They call no script
 * function, so one slot serves every depth; a string result is copied out
 * (or consumed) before the next call, as for fn[].
 */
static void emit_leaf_union(struct emit *e)
{
	int i, n = 0;

	for (i = 0; i < e->nfuncs; i++)
		if (e->funcs[i].leaf) {
			if (!n++)
				fprintf(e->out, "\tunion {\n");
			fprintf(e->out, "\t\tstruct %s %s;\n",
				e->funcs[i].frame, e->funcs[i].member);
		}
	if (n)
		fprintf(e->out, "\t} leaf;\n");
}

/* struct stp_locals: what one CPU needs for any probe + call chain */
void emit_locals_union(struct emit *e)
{
	struct derived_probe *dp;
	int i;

	fprintf(e->out, "struct stp_locals {\n\tunion {\n\t\tchar none;\n");
	for (dp = e->s->probes; dp; dp = dp->next)
		if (emit_owns_handler(e, dp))
			fprintf(e->out, "\t\tstruct pl_%d p%d;\n", dp->index,
				dp->index);
	fprintf(e->out, "\t} probe;\n\tunion {\n\t\tchar none;\n");
	for (i = 0; i < e->nfuncs; i++)
		if (!e->funcs[i].leaf)
			fprintf(e->out, "\t\tstruct %s %s;\n",
				e->funcs[i].frame, e->funcs[i].member);
	fprintf(e->out, "\t} fn[MAXNESTING];\n");
	emit_leaf_union(e);
	fprintf(e->out, "};\n"
		"#define STP_LOCALS(c) ((struct stp_locals *)(c)->locals)\n\n");
}

/* ---- lock analysis ---- */

struct emit_locks {
	struct emit *e;
	unsigned char *mode;		/* per global: EMIT_LOCK_* */
	bool *fn_seen;			/* per function */
};

/*
 * A statistic named in `<<<` needs no global lock (per-CPU locks, see
 * runtime/context.c); every other use of a statistic marks it WRITE.
 */
static void emit_lock_mark(struct emit_locks *lk, const struct symbol *sym,
			   int mode)
{
	struct emit_global *g = sym && sym->kind == SYM_GLOBAL ?
				emit_global_of(lk->e, sym) : NULL;

	if (g && g->is_stat && mode == EMIT_LOCK_READ)
		return;
	if (g && lk->mode[g->index] < mode)
		lk->mode[g->index] = (unsigned char)mode;
}

static void emit_lock_fn(struct emit_locks *lk, struct function *fn);

static void emit_lock_expr(struct emit_locks *lk, struct expr *x)
{
	switch (x->kind) {
	case EX_SYMBOL:
	case EX_INDEX:
		emit_lock_mark(lk, x->sym, EMIT_LOCK_READ);
		break;
	case EX_ASSIGN:
	case EX_INCDEC:
	case EX_STAT:
		if (x->a)
			emit_lock_mark(lk, x->a->sym, EMIT_LOCK_WRITE);
		break;
	case EX_IN:	/* statistics merge, slices iterate */
		if (x->a && x->a->sym && (x->a->sym->type == TY_STATS ||
					  emit_has_wildcard(x->args)))
			emit_lock_mark(lk, x->a->sym, EMIT_LOCK_WRITE);
		break;
	case EX_CALL:
		if (x->fn)
			emit_lock_fn(lk, x->fn);
		break;
	default:
		break;
	}
}

static void emit_lock_visit(struct emit_walk *w, struct expr *x,
			    struct stmt *st)
{
	struct emit_locks *lk = w->arg;

	if (x) {
		emit_lock_expr(lk, x);
		return;
	}
	if (st->kind == ST_DELETE && st->e)
		emit_lock_mark(lk, st->e->sym, EMIT_LOCK_WRITE);
	if (st->kind == ST_FOREACH && st->array)
		emit_lock_mark(lk, st->array->sym, EMIT_LOCK_WRITE);
}

static void emit_lock_fn(struct emit_locks *lk, struct function *fn)
{
	struct emit_func *f = emit_func_of(lk->e, fn);
	struct emit_walk w = { .visit = emit_lock_visit, .arg = lk };

	if (!f || lk->fn_seen[f->index])
		return;
	lk->fn_seen[f->index] = true;
	emit_walk_stmt(&w, fn->body);
}

/* The lock table of one probe; returns the number of entries. */
static int emit_probe_locks(struct emit *e, struct derived_probe *dp)
{
	struct emit_locks lk = { .e = e };
	struct emit_walk w = { .visit = emit_lock_visit, .arg = &lk };
	int i, n = 0;

	lk.mode = arena_alloc(e->s->arena, (size_t)e->nglobals + 1);
	lk.fn_seen = arena_alloc(e->s->arena, (size_t)e->nfuncs + 1);
	emit_walk_stmt(&w, dp->body);
	emit_walk_expr(&w, dp->cond);
	for (i = 0; i < e->nglobals; i++) {
		if (!lk.mode[i])
			continue;
		if (!n)
			fprintf(e->out, "static const struct stp_lock_req "
				"probe_%d_locks[] = {\n", dp->index);
		fprintf(e->out, "\t{ &%s, %s },\n", e->globals[i].lock,
			lk.mode[i] == EMIT_LOCK_WRITE ? "true" : "false");
		n++;
	}
	if (n)
		fprintf(e->out, "};\n");
	return n;
}

/* ---- tables ---- */

/* pp() text: the concrete probe point as -p2 prints it. */
static const char *emit_pp(struct emit *e, struct derived_probe *dp)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	const char *r;

	if (!m)
		abort();
	ast_print_point(m, dp->point);
	fclose(m);
	r = arena_strndup(e->s->arena, buf, len);
	free(buf);
	return r;
}

/* One step of a derivation as the hit report names it: the point before
 * an alias's " = " / " += ". */
static const char *emit_timing_step(struct emit *e, const char *from,
				    const char *step, size_t n)
{
	const char *eq = strstr(step, " = "), *peq = strstr(step, " += ");

	if (peq && (!eq || peq < eq))
		eq = peq;
	if (eq && (size_t)(eq - step) < n)
		n = eq - step;
	return arena_printf(e->s->arena, "%s from: %.*s", from, (int)n, step);
}

/*
 * stap -t: where the probe was written and what it was derived from, as
 * the probe hit report prints them: the "probe" keyword for a direct
 * probe ("t.stp:3:1", " from: timer.ms(10)"), the point the user wrote for
 * one through an alias ("t.stp:2:7", " from: myal from: myal").
 */
static void emit_probe_timing(struct emit *e, struct derived_probe *dp)
{
	const struct token *tok = dp->probe ? dp->probe->tok : NULL;
	const char *loc = "", *d = elaborate_derivation(e->s, dp), *arrow;
	const char *from = "";

	if (strstr(d, " <- ") && dp->origin && dp->origin->tok)
		tok = dp->origin->tok;
	if (tok && tok->loc.src)
		loc = arena_printf(e->s->arena, "%s:%d:%d", tok->loc.src->name,
				   tok->loc.line, tok->loc.col);
	while ((arrow = strstr(d, " <- ")) != NULL) {
		from = emit_timing_step(e, from, d, arrow - d);
		d = arrow + 4;
	}
	from = emit_timing_step(e, from, d, strlen(d));
	fprintf(e->out, ", .location = ");
	emit_cstring(e->out, loc, strlen(loc));
	fprintf(e->out, ", .derivation = ");
	emit_cstring(e->out, from, strlen(from));
}

static void emit_probe_entry(struct emit *e, struct derived_probe *dp,
			     int nlocks)
{
	const char *pp = emit_pp(e, dp);
	const char *fn = dp->family->ppfunc ? dp->family->ppfunc(dp) : NULL;

	if (!fn)
		fn = "";

	fprintf(e->out, "\t[%d] = { .pp = ", dp->index);
	emit_cstring(e->out, pp, strlen(pp));
	fprintf(e->out, ", .ppfunc = ");
	emit_cstring(e->out, fn, strlen(fn));
	fprintf(e->out, ", .handler = probe_%d, .locks = %s%s, .nlocks = %d, "
		".index = %d", emit_handler_of(e, dp),
		nlocks ? "probe_" : "NULL",
		nlocks ? arena_printf(e->s->arena, "%d_locks",
				      emit_handler_of(e, dp)) : "",
		nlocks, dp->index);
	if (e->s->timing)
		emit_probe_timing(e, dp);
	fprintf(e->out, " },\n");
}

static void emit_probe_table(struct emit *e)
{
	struct derived_probe *dp;
	int *nlocks = arena_alloc(e->s->arena, (size_t)(e->nprobes + 1) *
					       sizeof(int));
	int n = e->nprobes;

	for (dp = e->s->probes; dp; dp = dp->next)
		if (emit_owns_handler(e, dp))
			nlocks[dp->index] = emit_probe_locks(e, dp);
	for (dp = e->s->probes; dp; dp = dp->next)
		if (emit_probe_has_handler(dp))
			nlocks[dp->index] = nlocks[emit_handler_of(e, dp)];
	fprintf(e->out, "\nstatic const struct stp_probe stp_probes[%d] = {\n",
		n ? n : 1);
	for (dp = e->s->probes; dp; dp = dp->next)
		if (emit_probe_has_handler(dp))
			emit_probe_entry(e, dp, nlocks[dp->index]);
	fprintf(e->out, "};\n\n");
}

/*
 * A handler shared by more probes than this gets one stub that finds its
 * probe through the kprobe (container_of): thousands of points then
 * compile two small functions, not thousands of inlined entry paths.
 */
#define EMIT_STUB_SHARE 4

static bool emit_stub_shared(const struct emit *e,
			     const struct derived_probe *dp)
{
	return e->handler_uses[emit_handler_of(e, dp)] > EMIT_STUB_SHARE;
}

static void emit_shared_stub(struct emit *e, int h, bool is_return)
{
	unsigned char bit = is_return ? 2 : 1;

	if (e->stub_done[h] & bit)
		return;
	e->stub_done[h] |= bit;
	if (is_return)
		fprintf(e->out, "static int probe_%d_kretn(struct "
			"kretprobe_instance *ri, struct pt_regs *regs)\n{\n"
			"\tstruct kretprobe *krp = stp_compat_kretprobe_of(ri);\n\n"
			"\treturn krp ? stp_kprobe_run(container_of(krp, "
			"struct stp_kprobe, u.krp)->probe, probe_%d, regs, ri)"
			" : 0;\n}\n", h, h);
	else
		fprintf(e->out, "static int probe_%d_kpn(struct kprobe *kp, "
			"struct pt_regs *regs)\n{\n\treturn stp_kprobe_run("
			"container_of(kp, struct stp_kprobe, u.kp)->probe, "
			"probe_%d, regs, NULL);\n}\n", h, h);
}

void emit_kprobe_stub(struct emit *e, const struct derived_probe *dp,
		      bool is_return)
{
	if (emit_stub_shared(e, dp))
		emit_shared_stub(e, emit_handler_of(e, dp), is_return);
	else if (is_return)
		fprintf(e->out, "static int probe_%d_kret(struct "
			"kretprobe_instance *ri, struct pt_regs *regs)\n"
			"{\n\treturn stp_kprobe_run(&stp_probes[%d], "
			"probe_%d, regs, ri);\n}\n", dp->index,
			dp->index, emit_handler_of(e, dp));
	else
		fprintf(e->out, "static int probe_%d_kp(struct kprobe "
			"*kp, struct pt_regs *regs)\n{\n\treturn "
			"stp_kprobe_run(&stp_probes[%d], probe_%d, regs, "
			"NULL);\n}\n", dp->index, dp->index,
			emit_handler_of(e, dp));
}

void emit_kprobe_entry_stub(struct emit *e, const struct derived_probe *dp,
			    const struct derived_probe *ent)
{
	fprintf(e->out, "static int probe_%d_kent(struct kretprobe_instance "
		"*ri, struct pt_regs *regs)\n{\n\treturn stp_kprobe_run("
		"&stp_probes[%d], probe_%d, regs, ri);\n}\n", dp->index,
		ent->index, emit_handler_of(e, ent));
}

const char *emit_kprobe_stub_field(struct emit *e,
				   const struct derived_probe *dp,
				   bool is_return)
{
	if (emit_stub_shared(e, dp))
		return arena_printf(e->s->arena, is_return ?
				    ".ret = probe_%d_kretn" :
				    ".pre = probe_%d_kpn",
				    emit_handler_of(e, dp));
	return arena_printf(e->s->arena, is_return ? ".ret = probe_%d_kret"
						   : ".pre = probe_%d_kp",
			    dp->index);
}

/* The probes of one family, in script order; returns the count. */
static int emit_family_probes(struct emit *e, const struct probe_family *f,
			      struct derived_probe **v)
{
	struct derived_probe *dp;
	int n = 0;

	for (dp = e->s->probes; dp; dp = dp->next)
		if (dp->family == f)
			v[n++] = dp;
	return n;
}

/*
 * Each family's prelude code and runtime table, in the fixed family order;
 * families[] lists what the runtime registers (runtime/module.c), the
 * session-run tables (begin/end/error) go into their stp_script fields.
 */
void emit_register_table(struct emit *e, const char *ops, const char *table,
			 int n)
{
	fprintf(e->regs, "\t{ &%s, %s, %d },\n", ops, table, n);
	e->nregs++;
}

static void emit_family_tables(struct emit *e, FILE *script)
{
	struct derived_probe **v = arena_alloc(e->s->arena,
		(size_t)(e->nprobes + 1) * sizeof(*v));
	const struct probe_family *f;
	const char *table;
	int i, j, n;

	for (i = 0; probes_families[i]; i++) {
		f = probes_families[i];
		n = emit_family_probes(e, f, v);
		if (!n || (!f->emit_table && !f->emit_tables))
			continue;
		for (j = 0; f->emit_prelude && j < n; j++)
			f->emit_prelude(e, v[j]);
		if (f->emit_tables) {
			f->emit_tables(e, v, n);
			continue;
		}
		table = f->emit_table(e, v, n);
		if (!table)
			continue;
		if (f->script_slot)
			fprintf(script, "\t.%s = %s, .n%s = %d,\n",
				f->script_slot, table, f->script_slot, n);
		else
			emit_register_table(e, f->rt_ops, table, n);
	}
}

static FILE *emit_mem(char **buf, size_t *len)
{
	FILE *m = open_memstream(buf, len);

	if (!m)
		abort();
	return m;
}

void emit_tables(struct emit *e)
{
	char *sbuf = NULL, *rbuf = NULL;
	size_t slen = 0, rlen = 0;
	FILE *script = emit_mem(&sbuf, &slen);
	int nregs;

	e->regs = emit_mem(&rbuf, &rlen);
	e->nregs = 0;
	fprintf(e->out, "/* ---- probe tables ---- */\n");
	emit_probe_table(e);
	emit_family_tables(e, script);
	fclose(script);
	fclose(e->regs);
	e->regs = NULL;
	nregs = e->nregs;
	if (nregs)
		fprintf(e->out, "\nstatic const struct stp_family stp_families[] = {\n%s};\n",
			rbuf);
	fprintf(e->out, "\nstatic struct stp_script stp_script = {\n%s", sbuf);
	if (nregs)
		fprintf(e->out, "\t.families = stp_families, .nfamilies = %d,\n",
			nregs);
	fprintf(e->out, "\t.globals_init = stp_globals_init,\n"
		"\t.globals_free = stp_globals_free,\n"
		"\t.locals_size = sizeof(struct stp_locals),\n"
		"\t.probes = stp_probes, .nprobes = %d,\n};\n", e->nprobes);
	free(sbuf);
	free(rbuf);
}
