/* tg_main.c - the framework of t_tvgen (see tg.h): checks, builders of
 * location expressions and type graphs, and the writer of cases.c.
 *
 *   t_tvgen CASES.c     run the direct checks, write the run cases
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tg.h"

struct arena *tg_a;
static int tg_npass, tg_nfail;
static FILE *tg_out;
static int tg_ncases;
static const char **tg_conds;

/* ---- checks ---- */

void tg_ok(bool ok, const char *what)
{
	if (ok) {
		tg_npass++;
		return;
	}
	tg_nfail++;
	printf("FAIL: %s\n", what);
}

void tg_eq(const char *got, const char *want, const char *what)
{
	bool ok = got && want && !strcmp(got, want);

	tg_ok(ok, what);
	if (!ok)
		printf("  got:  [%s]\n  want: [%s]\n", got ? got : "(null)",
		       want ? want : "(null)");
}

void tg_has(const char *got, const char *sub, const char *what)
{
	bool ok = got && strstr(got, sub);

	tg_ok(ok, what);
	if (!ok)
		printf("  got:  [%s]\n  want: [...%s...]\n",
		       got ? got : "(null)", sub);
}

/* ---- locations ---- */

static size_t tg_uleb(uint64_t v)
{
	size_t n = 1;

	while (v >>= 7)
		n++;
	return n;
}

static size_t tg_sleb(int64_t v)
{
	size_t n = 1;

	while (v < -64 || v > 63) {
		v >>= 7;
		n++;
	}
	return n;
}

static size_t tg_opsize(const struct loc_op *o)
{
	unsigned a = o->atom;

	if ((a >= DW_OP_breg0 && a <= DW_OP_breg31) || a == DW_OP_fbreg ||
	    a == DW_OP_consts)
		return 1 + tg_sleb((int64_t)o->number);
	switch (a) {
	case DW_OP_addr: case DW_OP_const8u: case DW_OP_const8s: return 9;
	case DW_OP_const1u: case DW_OP_const1s: case DW_OP_pick:
	case DW_OP_deref_size: return 2;
	case DW_OP_const2u: case DW_OP_const2s: case DW_OP_skip:
	case DW_OP_bra: return 3;
	case DW_OP_const4u: case DW_OP_const4s: return 5;
	case DW_OP_constu: case DW_OP_plus_uconst: case DW_OP_regx:
	case DW_OP_piece: case DW_OP_convert: case DW_OP_reinterpret:
		return 1 + tg_uleb(o->number);
	case DW_OP_bregx:
		return 1 + tg_uleb(o->number) + tg_sleb((int64_t)o->number2);
	case DW_OP_bit_piece:
		return 1 + tg_uleb(o->number) + tg_uleb(o->number2);
	case DW_OP_implicit_value:
		return 1 + tg_uleb(o->nblock) + o->nblock;
	default: return 1;
	}
}

void tg_layout(struct loc_op *ops, size_t n)
{
	uint64_t off = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		ops[i].offset = off;
		off += tg_opsize(&ops[i]);
	}
}

void tg_aim(struct loc_op *ops, size_t n, size_t i, size_t to)
{
	uint64_t dest = to < n ? ops[to].offset
			       : ops[n - 1].offset + tg_opsize(&ops[n - 1]);

	ops[i].number = (uint64_t)(int64_t)(int16_t)(dest - ops[i].offset - 3);
}

static struct loc_op tg_cfa_fb[] = { { .atom = DW_OP_call_frame_cfa } };

struct loc_env tg_env(void)
{
	return (struct loc_env){
		.arena = tg_a,
		.regs = "(&tregs)",
		.err = "(&tctx.err)",
		.fail = CTY_FAIL,
		.pc = 0x1000,
		.fb = tg_cfa_fb,
		.nfb = 1,
		.cfa_known = true,
		.cfa_reg = 7,
		.cfa_off = 8,
		.at_entry = true,
		.reloc_fmt = "(0x%llxULL - 0x1000ULL + (uint64_t)(uintptr_t)mem)",
	};
}

struct loc_result tg_loc(struct loc_env *env, const struct loc_op *ops,
			 size_t n)
{
	struct loc_result r;
	const char *err = NULL;

	if (loc_translate(env, ops, n, &r, &err)) {
		tg_ok(false, "loc_translate succeeds");
		printf("  error: %s\n", err);
		memset(&r, 0, sizeof(r));
		r.kind = LOC_UNAVAILABLE;
		r.why = "translation failed";
		r.setup = "";
	}
	return r;
}

void tg_loc_err(struct loc_env *env, const struct loc_op *ops, size_t n,
		const char *want, const char *what)
{
	struct loc_result r;
	const char *err = NULL;

	if (!loc_translate(env, ops, n, &r, &err)) {
		tg_ok(false, what);
		printf("  translated, wanted error [%s]\n", want);
		return;
	}
	tg_has(err, want, what);
}

/* ---- types ---- */

static struct ctype *tg_new(enum ctype_kind k, const char *name,
			    uint64_t size)
{
	struct ctype *t = ARENA_NEW(tg_a, struct ctype);

	t->kind = k;
	t->name = name;
	t->size = size;
	t->target_loaded = t->members_loaded = true;
	return t;
}

struct ctype *tg_base(const char *name, int size, bool sgn)
{
	struct ctype *t = tg_new(CT_BASE, name, (uint64_t)size);

	t->is_signed = sgn;
	return t;
}

struct ctype *tg_char(const char *name, bool sgn)
{
	struct ctype *t = tg_base(name, 1, sgn);

	t->is_char = true;
	return t;
}

struct ctype *tg_bool(void)
{
	struct ctype *t = tg_base("_Bool", 1, false);

	t->is_bool = true;
	return t;
}

struct ctype *tg_ptr(struct ctype *to)
{
	struct ctype *t = tg_new(CT_POINTER, NULL, 8);

	t->target_ = to;
	return t;
}

struct ctype *tg_arr(struct ctype *el, int64_t n)
{
	struct ctype *t = tg_new(CT_ARRAY, NULL, 0);

	t->target_ = el;
	t->nelem = n;
	return t;
}

struct ctype *tg_typedef(const char *name, struct ctype *to)
{
	struct ctype *t = tg_new(CT_TYPEDEF, name, 0);

	t->target_ = to;
	return t;
}

struct ctype *tg_qual(enum ctype_kind k, struct ctype *to)
{
	struct ctype *t = tg_new(k, NULL, 0);

	t->target_ = to;
	return t;
}

struct ctype *tg_func(struct ctype *ret, int nparams, ...)
{
	struct ctype *t = tg_new(CT_FUNC, NULL, 0);
	va_list ap;
	int i;

	t->target_ = ret;
	t->members_ = arena_alloc(tg_a, (size_t)(nparams + 1) *
						sizeof(*t->members_));
	va_start(ap, nparams);
	for (i = 0; i < nparams; i++)
		t->members_[i].type = va_arg(ap, struct ctype *);
	va_end(ap);
	t->nmembers_ = nparams;
	return t;
}

struct ctype *tg_enum(const char *name, int size, int n, ...)
{
	struct ctype *t = tg_new(CT_ENUM, name, (uint64_t)size);
	va_list ap;
	int i;

	t->enums_ = arena_alloc(tg_a, (size_t)(n + 1) * sizeof(*t->enums_));
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		t->enums_[i].name = va_arg(ap, const char *);
		t->enums_[i].value = va_arg(ap, int);
	}
	va_end(ap);
	t->nenums_ = n;
	return t;
}

struct ctype *tg_struct(enum ctype_kind k, const char *name, uint64_t size,
			const char *file, int line)
{
	struct ctype *t = tg_new(k, name, size);

	t->decl_file = file;
	t->decl_line = line;
	t->members_ = arena_alloc(tg_a, 64 * sizeof(*t->members_));
	return t;
}

void tg_bits(struct ctype *s, const char *name, struct ctype *t,
	     uint64_t off, int bit_off, int bits)
{
	struct ctype_member *m = &s->members_[s->nmembers_++];

	if (s->nmembers_ > 64)
		abort();
	m->name = name;
	m->type = t;
	m->offset = off;
	m->bit_offset = bit_off;
	m->bit_size = bits;
}

void tg_mem(struct ctype *s, const char *name, struct ctype *t, uint64_t off)
{
	tg_bits(s, name, t, off, 0, 0);
}

/* ---- accesses ---- */

int tg_chain(const char *s, struct cty_comp **out)
{
	struct cty_comp *v = arena_alloc(tg_a, 32 * sizeof(*v));
	int n = 0;
	size_t k;

	while (s && *s && n < 32) {
		struct cty_comp *c = &v[n++];

		if (*s == '[') {
			k = strcspn(s, "]");
			c->kind = CC_INDEX;
			c->index = arena_strndup(tg_a, s + 1, k - 1);
			if (!strncmp(c->index, "index", 5))
				c->index = arena_printf(tg_a, "STAP_ARG_%s",
							c->index);
			s += k + 1;
			continue;
		}
		s += *s == '.' ? 1 : 2;
		k = strcspn(s, "-.[");
		c->kind = CC_FIELD;
		c->name = arena_strndup(tg_a, s, k);
		s += k;
	}
	*out = v;
	return n;
}

const char *tg_gen(struct loc_env *env, const struct tg_acc *acc,
		   const char **err, int *comp)
{
	struct cty_access in = {
		.arena = tg_a,
		.base_name = "$v",
		.type = acc->type,
		.loc = acc->loc,
		.addr_of = acc->addr_of,
		.pretty = acc->pretty,
		.pretty_deep = acc->deep,
		.store = acc->store,
		.user = acc->user,
		.err = env->err,
		.uniq = &env->uniq,
	};
	struct cty_comp *comps;
	struct cty_result res;

	in.ncomps = tg_chain(acc->chain, &comps);
	in.comps = comps;
	*err = NULL;
	if (cty_access(&in, &res)) {
		*err = res.error;
		if (comp)
			*comp = res.error_comp;
		return NULL;
	}
	return res.code;
}

/* ---- run cases ---- */

/* s as a C string literal. */
static const char *tg_cstr(const char *s)
{
	char *o = arena_alloc(tg_a, 4 * strlen(s) + 3), *p = o;

	*p++ = '"';
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\') {
			*p++ = '\\';
			*p++ = (char)ch;
		} else if (ch < 32 || ch > 126) {
			p += sprintf(p, "\\%03o", ch);
		} else {
			*p++ = (char)ch;
		}
	}
	*p++ = '"';
	*p = '\0';
	return o;
}

void tg_run(const struct tg_run *r)
{
	FILE *f = tg_out;

	if (!r->code) {
		tg_ok(false, arena_printf(tg_a, "%s: generated", r->name));
		return;
	}
	if (r->cond)
		fprintf(f, "#if %s\n", r->cond);
	fprintf(f, "static void case_%d(void)\n{\n"
		"\tint64_t ret_l = 0;\n\tchar ret_s[MAXSTRINGLEN] = \"\";\n\n"
		"\t(void)ret_l;\n\t(void)ret_s;\n\ttv_reset();\n%s\n"
		"#define STAP_RETVALUE %s\n{\n%s}\n#undef STAP_RETVALUE\n",
		tg_ncases, r->prep ? r->prep : "", r->str ? "ret_s" : "ret_l",
		r->code);
	if (r->str)
		fprintf(f, "\ttv_check_str(%s, ret_s, %s, %s);\n",
			tg_cstr(r->name), tg_cstr(r->want_s ? r->want_s : ""),
			r->want_err ? tg_cstr(r->want_err) : "NULL");
	else if (r->want_expr)
		fprintf(f, "\ttv_check_long(%s, ret_l, (int64_t)(%s), %s);\n",
			tg_cstr(r->name), r->want_expr,
			r->want_err ? tg_cstr(r->want_err) : "NULL");
	else
		fprintf(f, "\ttv_check_long(%s, ret_l, (int64_t)UINT64_C(0x%llx), %s);\n",
			tg_cstr(r->name), (unsigned long long)r->want,
			r->want_err ? tg_cstr(r->want_err) : "NULL");
	fprintf(f, "%s\n}\n%s\n", r->post ? r->post : "",
		r->cond ? "#endif" : "");
	tg_conds = realloc(tg_conds, (size_t)(tg_ncases + 1) * sizeof(*tg_conds));
	if (!tg_conds)
		abort();
	tg_conds[tg_ncases++] = r->cond;
}

static void tg_write_main(void)
{
	int i;

	fprintf(tg_out, "int main(void)\n{\n");
	for (i = 0; i < tg_ncases; i++) {
		if (tg_conds[i])
			fprintf(tg_out, "#if %s\n", tg_conds[i]);
		fprintf(tg_out, "\tcase_%d();\n", i);
		if (tg_conds[i])
			fprintf(tg_out, "#endif\n");
	}
	fprintf(tg_out, "\treturn tv_summary();\n}\n");
}

int main(int argc, char **argv)
{
	if (argc != 2 || !(tg_out = fopen(argv[1], "w"))) {
		fprintf(stderr, "usage: t_tvgen CASES.c\n");
		return 2;
	}
	tg_a = arena_new();
	fprintf(tg_out, "/* written by t_tvgen: the run cases */\n"
		"#include \"harness.h\"\n\n");
	tg_loc_tests();
	tg_cty_tests();
	tg_pp_tests();
	tg_write_main();
	fclose(tg_out);
	free(tg_conds);
	arena_free(tg_a);
	printf("tvgen generators: %d passed, %d failed\n", tg_npass, tg_nfail);
	return tg_nfail != 0;
}
