/* ctypes.c - target-variable accessors: C type names, member chains,
 * values, addresses and guru-mode stores (pass 2, no libdw).
 *
 * An access walks the chain at translation time: a member adds its offset
 * to the object, a pointer is read into a temporary and becomes a memory
 * object at that address, an index adds index * element size.  Reads are
 * done at the bit level where the object is a register, a computed value
 * or split into pieces, so bitfields and pieces share one path; memory
 * scalars are one fault-safe copy into a typed temporary.
 *
 * Invariant: walks over the type graph are bounded (CTY_MAX_DEPTH levels
 * of typedefs, anonymous members, pointer chains, names), and nothing is
 * emitted that is not inside the accessor's do { } while (0).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ctypes_impl.h"

#define CTY_MAX_DEPTH 32

/* ---- generation state ---- */

static int cty_vfail(struct cty *c, int comp, enum diag_code code,
		     va_list ap)
{
	if (!c->error) {
		c->error = diag_vtext(c->a, code, ap);
		c->error_comp = comp;
	}
	return -1;
}

int cty_fail(struct cty *c, enum diag_code code, ...)
{
	va_list ap;

	va_start(ap, code);
	cty_vfail(c, c->comp, code, ap);
	va_end(ap);
	return -1;
}

int cty_fail_at(struct cty *c, int comp, enum diag_code code, ...)
{
	va_list ap;

	va_start(ap, code);
	cty_vfail(c, comp, code, ap);
	va_end(ap);
	return -1;
}

void cty_open(struct cty *c, struct arena *a, const char *err, bool user,
	      int *uniq)
{
	memset(c, 0, sizeof(*c));
	c->a = a;
	c->err = err;
	c->user = user;
	c->uniq = uniq;
	c->comp = -1;
	c->out = open_memstream(&c->buf, &c->len);
	if (!c->out)
		abort();
}

const char *cty_close(struct cty *c)
{
	const char *text;

	fclose(c->out);
	text = arena_strndup(c->a, c->buf, c->len);
	free(c->buf);
	return text;
}

const char *cty_temp(struct cty *c, const char *ty, const char *init)
{
	int n = (*c->uniq)++;

	if (init)
		fprintf(c->out, "%s tv%d = %s;\n", ty, n, init);
	else
		fprintf(c->out, "%s tv%d;\n", ty, n);
	return arena_printf(c->a, "tv%d", n);
}

/* ---- types ---- */

static uint64_t cty_size(struct ctype *t, int depth)
{
	t = ctype_strip(t);
	if (!t || depth > CTY_MAX_DEPTH)
		return 0;
	switch (t->kind) {
	case CT_STRUCT:
	case CT_UNION:
	case CT_ENUM:
		return ctype_complete(t)->size;
	case CT_ARRAY:
		if (t->size)
			return t->size;
		if (t->nelem <= 0)
			return 0;
		return (uint64_t)t->nelem * cty_size(ctype_target(t), depth + 1);
	case CT_POINTER:
		return t->size ? t->size : 8;
	case CT_BASE:
		return t->size;
	default:
		return 0;
	}
}

uint64_t cty_sizeof(struct ctype *t)
{
	return cty_size(t, 0);
}

bool cty_is_char(struct ctype *t)
{
	t = ctype_strip(t);
	return t && t->kind == CT_BASE && t->is_char && t->size == 1;
}

bool cty_is_signed(struct ctype *t)
{
	struct ctype_enumerator *e;
	int i, n;

	t = ctype_strip(t);
	if (!t)
		return false;
	if (t->kind == CT_BASE)
		return t->is_signed;
	if (t->kind != CT_ENUM)
		return false;
	if (t->is_signed)
		return true;
	n = ctype_enums(ctype_complete(t), &e);
	for (i = 0; i < n; i++)
		if (e[i].value < 0)
			return true;
	return false;
}

/* ---- names ---- */

static const char *cty_name_depth(struct arena *a, struct ctype *t,
				  int depth);

/* A function type: RET (INNER) (PARAMS), INNER "" or "*". */
static const char *cty_func_name(struct arena *a, struct ctype *f,
				 const char *inner, int depth)
{
	struct ctype_member *p;
	int i, n = ctype_members(f, &p);
	const char *ps = n ? "" : "void";

	for (i = 0; i < n; i++)
		ps = arena_printf(a, "%s%s%s", ps, i ? ", " : "",
				  cty_name_depth(a, p[i].type, depth + 1));
	if (f->variadic)
		ps = arena_printf(a, "%s%s...", n ? ps : "", n ? ", " : "");
	return arena_printf(a, "%s (%s) (%s)",
			    cty_name_depth(a, ctype_target(f), depth + 1),
			    inner, ps);
}

static const char *cty_tag_name(struct arena *a, const char *tag,
				const char *name)
{
	return name ? arena_printf(a, "%s %s", tag, name)
		    : arena_printf(a, "%s {...}", tag);
}

static const char *cty_name_depth(struct arena *a, struct ctype *t,
				  int depth)
{
	struct ctype *tg;

	if (!t)
		return "void";
	if (depth > CTY_MAX_DEPTH)
		return "...";
	tg = t->kind == CT_POINTER || t->kind == CT_CONST ||
	     t->kind == CT_VOLATILE || t->kind == CT_ARRAY ? ctype_target(t)
							   : NULL;
	switch (t->kind) {
	case CT_VOID:	return "void";
	case CT_STRUCT:	return cty_tag_name(a, "struct", t->name);
	case CT_UNION:	return cty_tag_name(a, "union", t->name);
	case CT_ENUM:	return cty_tag_name(a, "enum", t->name);
	case CT_FUNC:	return cty_func_name(a, t, "", depth);
	case CT_POINTER:
		if (tg && tg->kind == CT_FUNC)
			return cty_func_name(a, tg, "*", depth);
		return arena_printf(a, "%s*", cty_name_depth(a, tg, depth + 1));
	case CT_CONST:
		return arena_printf(a, "%s const", cty_name_depth(a, tg, depth + 1));
	case CT_VOLATILE:
		return arena_printf(a, "%s volatile",
				    cty_name_depth(a, tg, depth + 1));
	case CT_ARRAY:
		return arena_printf(a, "%s[]", cty_name_depth(a, tg, depth + 1));
	default:
		return t->name ? t->name : "void";
	}
}

const char *cty_name(struct arena *a, struct ctype *t)
{
	return cty_name_depth(a, t, 0);
}

/* " (file:line)" where t is declared, or "". */
static const char *cty_where(struct arena *a, struct ctype *t)
{
	if (!t->decl_file)
		return "";
	return arena_printf(a, " (%s:%d)", t->decl_file, t->decl_line);
}

/* ---- reading ---- */

/* The low `bits` bits of the integer expression e, sign- or zero-
 * extended to 64. */
static const char *cty_extend(struct cty *c, const char *e, unsigned bits,
			      bool sgn)
{
	unsigned sh = 64 - bits;

	if (bits >= 64)
		return e;
	if (sgn)
		return arena_printf(c->a, "((int64_t)((uint64_t)%s << %u) >> %u)",
				    e, sh, sh);
	return arena_printf(c->a, "((uint64_t)%s & 0x%llxULL)", e,
			    (unsigned long long)(~0ULL >> sh));
}

/* addr + off + idx as a uint64_t expression. */
static const char *cty_at(struct cty *c, const char *addr, uint64_t off,
			  const char *idx)
{
	const char *e = addr;

	if (off)
		e = arena_printf(c->a, "(%s + 0x%llxULL)", e,
				 (unsigned long long)off);
	if (idx)
		e = arena_printf(c->a, "(%s + %s)", e, idx);
	return e;
}

/* n bytes (1-8) of memory at addr into a temporary; its value. */
static const char *cty_mem_bytes(struct cty *c, const char *addr, unsigned n,
				 bool sgn)
{
	bool pow2 = !(n & (n - 1));
	const char *ty = "uint64_t", *t;

	if (pow2)
		ty = arena_printf(c->a, "%sint%u_t", sgn ? "" : "u", 8 * n);
	t = cty_temp(c, ty, pow2 ? NULL : "0");
	fprintf(c->out, "if (%s(&%s, %s, %u, %s)) %s;\n",
		c->user ? "stp_tv_uread" : "stp_str_kread", t, addr, n, c->err,
		CTY_FAIL);
	return pow2 ? t : cty_extend(c, t, 8 * n, sgn);
}

/* bits bits (1-64) at bit pos of the constant bytes d[0..len). */
static uint64_t cty_const_bits(const uint8_t *d, uint64_t pos, unsigned bits)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < bits; i++, pos++)
		v |= (uint64_t)((d[pos / 8] >> (pos % 8)) & 1) << i;
	return v;
}

static const char *cty_piece_bits(struct cty *c, const struct loc_result *l,
				  uint64_t pos, unsigned bits, bool sgn);

/* The bit position of byte off and bit bit, for storage that is not
 * memory (a few bytes at most); false when off is a wrapped negative. */
static bool cty_bitpos(uint64_t off, uint64_t bit, uint64_t *pos)
{
	if (off >= (1ULL << 56))
		return false;
	*pos = 8 * off + bit;
	return true;
}

/* bits bits (1-64) from bit `bit` of byte off of where l says,
 * extended; NULL on error.  Memory offsets may be negative (wrapped). */
static const char *cty_loc_bits(struct cty *c, const struct loc_result *l,
				const char *idx, uint64_t off, uint64_t bit,
				unsigned bits, bool sgn)
{
	unsigned sh = bit % 8, n = (sh + bits + 7) / 8;
	const char *e;
	uint64_t k, pos = 0;

	if (idx && l->kind != LOC_MEMORY)
		return cty_fail(c, S_TV_DYN_INDEX), NULL;
	if (l->kind != LOC_MEMORY && l->kind != LOC_UNAVAILABLE &&
	    !cty_bitpos(off, bit, &pos))
		return cty_fail(c, S_TV_RANGE, "value"), NULL;
	switch (l->kind) {
	case LOC_MEMORY:
		if (n > 8)
			return cty_fail(c, S_TV_BITFIELD, bits, sh), NULL;
		e = cty_at(c, l->expr, off + bit / 8, idx);
		if (sh == 0 && bits == 8 * n)
			return cty_mem_bytes(c, e, n, sgn);
		e = cty_mem_bytes(c, e, n, false);
		if (sh)
			e = arena_printf(c->a, "(%s >> %u)", e, sh);
		return cty_extend(c, e, bits, sgn);
	case LOC_REGISTER:
	case LOC_VALUE:
		if (pos + bits > 64)
			return cty_fail(c, S_TV_RANGE, l->kind == LOC_VALUE ?
					"computed value" : "register"), NULL;
		e = arena_printf(c->a, pos ? "((uint64_t)%s >> %u)"
					   : "((uint64_t)%s)", l->expr,
				 (unsigned)pos);
		return cty_extend(c, e, bits, sgn);
	case LOC_IMPLICIT:
		if (pos + bits > 8 * (uint64_t)l->len)
			return cty_fail(c, S_TV_RANGE, "implicit value"), NULL;
		k = cty_const_bits(l->data, pos, bits);
		if (sgn && bits < 64 && (k >> (bits - 1)) & 1)
			k |= ~0ULL << bits;
		return arena_printf(c->a, "0x%llxULL", (unsigned long long)k);
	case LOC_PIECES:
		return cty_piece_bits(c, l, pos, bits, sgn);
	case LOC_UNAVAILABLE:
		break;
	}
	return cty_fail_at(c, -1, S_TV_UNAVAILABLE, l->why), NULL;
}

/* The piece holding bits [pos, pos + bits) whole, with *pos made
 * relative to its storage; NULL when they span pieces or lie beyond. */
static const struct loc_piece *cty_piece_of(const struct loc_result *l,
					    uint64_t *pos, uint64_t bits)
{
	uint64_t ps = 0, pb;
	int i;

	for (i = 0; i < l->npieces; i++, ps += pb) {
		pb = l->pieces[i].bits ? l->pieces[i].bits
				       : 8 * l->pieces[i].size;
		if (*pos < ps || *pos + bits > ps + pb)
			continue;
		*pos = *pos - ps + l->pieces[i].bit_offset;
		return &l->pieces[i];
	}
	return NULL;
}

/* Bits of an object split into pieces: one piece's bits directly, else
 * the parts of every piece they touch, or'ed in place. */
static const char *cty_piece_bits(struct cty *c, const struct loc_result *l,
				  uint64_t pos, unsigned bits, bool sgn)
{
	const struct loc_piece *p;
	const char *acc = NULL, *part;
	uint64_t ps = 0, pb, s, e, q = pos, got = 0;
	int i;

	if ((p = cty_piece_of(l, &q, bits)))
		return cty_loc_bits(c, p->loc, NULL, 0, q, bits, sgn);
	for (i = 0; i < l->npieces && ps < pos + bits; i++, ps += pb) {
		p = &l->pieces[i];
		pb = p->bits ? p->bits : 8 * p->size;
		s = pos > ps ? pos : ps;
		e = pos + bits < ps + pb ? pos + bits : ps + pb;
		if (s >= e)
			continue;
		part = cty_loc_bits(c, p->loc, NULL, 0, s - ps + p->bit_offset,
				    (unsigned)(e - s), false);
		if (!part)
			return NULL;
		part = arena_printf(c->a, "((uint64_t)%s << %u)", part,
				    (unsigned)(s - pos));
		acc = acc ? arena_printf(c->a, "(%s | %s)", acc, part) : part;
		got += e - s;
	}
	if (got < bits)
		return cty_fail(c, S_TV_RANGE, "value split into pieces"), NULL;
	return cty_extend(c, acc, bits, sgn);
}

const char *cty_read(struct cty *c, const struct cty_obj *o, struct ctype *t)
{
	uint64_t size = cty_sizeof(t);
	bool sgn = cty_is_signed(t);

	if (!ctype_strip(t))
		return cty_fail(c, S_TV_VOID_VALUE), NULL;
	if (o->bit_size)
		return cty_loc_bits(c, o->loc, o->idx, o->off,
				    (uint64_t)o->bit_off, (unsigned)o->bit_size,
				    sgn);
	if (size == 0 || size > 8)
		return cty_fail(c, S_TV_SIZE, (unsigned long long)size,
				cty_name(c->a, t)), NULL;
	return cty_loc_bits(c, o->loc, o->idx, o->off, 0, (unsigned)(8 * size),
			    sgn);
}

void cty_mem_obj(struct cty *c, struct cty_obj *o, const char *addr)
{
	struct loc_result *l = arena_alloc(c->a, sizeof(*l));

	l->kind = LOC_MEMORY;
	l->setup = "";
	l->expr = addr;
	memset(o, 0, sizeof(*o));
	o->loc = l;
}

int cty_deref(struct cty *c, struct cty_obj *o)
{
	struct cty_obj p = *o;
	const char *v;

	p.bit_size = 0;
	v = cty_loc_bits(c, p.loc, p.idx, p.off, 0, 64, false);
	if (!v)
		return -1;
	cty_mem_obj(c, o, v);
	return 0;
}

const char *cty_addr(struct cty *c, const struct cty_obj *o, uint64_t size)
{
	const struct loc_result *l = o->loc;
	const struct loc_piece *p;
	uint64_t pos = 0, off = o->off;

	if (o->bit_size)
		return cty_fail_at(c, -1, S_TV_ADDR_BITFIELD), NULL;
	if (l->kind == LOC_PIECES) {
		if (!cty_bitpos(off, 0, &pos) || o->idx ||
		    !(p = cty_piece_of(l, &pos, 8 * size)) || pos % 8)
			return cty_fail_at(c, -1, S_TV_ADDR_PIECES), NULL;
		l = p->loc;
		off = pos / 8;
	}
	switch (l->kind) {
	case LOC_MEMORY:
		return cty_at(c, l->expr, off, o->idx);
	case LOC_REGISTER:
		return cty_fail_at(c, -1, S_TV_ADDR_REG), NULL;
	case LOC_UNAVAILABLE:
		return cty_fail_at(c, -1, S_TV_UNAVAILABLE, l->why), NULL;
	default:
		return cty_fail_at(c, -1, S_TV_ADDR_VALUE), NULL;
	}
}

/* ---- members ---- */

/* name among t's members, also inside anonymous struct/union members;
 * *off accumulates the byte offsets on the way. */
static const struct ctype_member *cty_member(struct ctype *t,
					     const char *name, uint64_t *off,
					     int depth)
{
	struct ctype_member *m;
	const struct ctype_member *r;
	int i, n = ctype_members(ctype_complete(t), &m);
	uint64_t o;

	for (i = 0; i < n; i++) {
		if (m[i].name && !strcmp(m[i].name, name)) {
			*off += m[i].offset;
			return &m[i];
		}
	}
	for (i = 0; i < n && depth < CTY_MAX_DEPTH; i++) {
		if (m[i].name)
			continue;
		o = *off + m[i].offset;
		r = cty_member(ctype_strip(m[i].type), name, &o, depth + 1);
		if (r) {
			*off = o;
			return r;
		}
	}
	return NULL;
}

struct cty_names {
	const char **v;
	int n, cap;
};

/* Every member name of t, anonymous members' members included. */
static void cty_collect(struct arena *a, struct ctype *t,
			struct cty_names *ns, int depth)
{
	struct ctype_member *m;
	int i, n = ctype_members(ctype_complete(t), &m);

	for (i = 0; i < n; i++) {
		if (!m[i].name) {
			if (depth < CTY_MAX_DEPTH)
				cty_collect(a, ctype_strip(m[i].type), ns,
					    depth + 1);
			continue;
		}
		if (ns->n == ns->cap) {
			const char **nv;

			ns->cap = ns->cap ? 2 * ns->cap : 16;
			nv = arena_alloc(a, (size_t)ns->cap * sizeof(*nv));
			if (ns->n)
				memcpy(nv, ns->v, (size_t)ns->n * sizeof(*nv));
			ns->v = nv;
		}
		ns->v[ns->n++] = m[i].name;
	}
}

/* SystemTap lists alternatives shortest first, then alphabetically. */
static int cty_name_cmp(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

static const char *cty_alternatives(struct arena *a, struct cty_names *ns)
{
	const char *s = "";
	int i;

	qsort(ns->v, (size_t)ns->n, sizeof(*ns->v), cty_name_cmp);
	for (i = 0; i < ns->n; i++)
		if (i == 0 || strcmp(ns->v[i], ns->v[i - 1]))
			s = arena_printf(a, "%s%s%s", s, *s ? ", " : "",
					 ns->v[i]);
	return s;
}

static int cty_no_member(struct cty *c, struct ctype *t, const char *name)
{
	struct cty_names ns = { 0 };
	const char *tn = cty_name(c->a, t);

	if (!t->name)
		tn = arena_printf(c->a, "%s%s", tn, cty_where(c->a, t));
	if (t->incomplete)
		return cty_fail(c, S_TV_NO_MEMBER_DECL, name, tn);
	cty_collect(c->a, t, &ns, 0);
	return cty_fail(c, S_TV_NO_MEMBER, name, tn, cty_alternatives(c->a, &ns));
}

/* A whole struct or union where a value is needed; SystemTap suggests
 * the alphabetically first member. */
static int cty_struct_value(struct cty *c, struct ctype *t)
{
	struct cty_names ns = { 0 };
	const char *first = NULL;
	int i;

	cty_collect(c->a, t, &ns, 0);
	for (i = 0; i < ns.n; i++)
		if (!first || strcmp(ns.v[i], first) < 0)
			first = ns.v[i];
	if (!first)
		return cty_fail(c, S_TV_STRUCT_EMPTY, cty_name(c->a, t),
				cty_where(c->a, t));
	return cty_fail(c, S_TV_STRUCT_VALUE, cty_name(c->a, t),
			cty_where(c->a, t), first);
}

/* ---- the chain ---- */

/* ->name / .name: through any number of pointers to a struct or union. */
static int cty_field(struct cty *c, struct cty_obj *o, struct ctype **tp,
		     const char *name)
{
	const char *what = arena_printf(c->a, "->%s", name);
	const struct ctype_member *m;
	struct ctype *t = ctype_strip(*tp), *tg;
	uint64_t off = 0;
	int n;

	for (n = 0; t && t->kind == CT_POINTER && !o->bit_size; n++) {
		tg = ctype_strip(ctype_target(t));
		if (!tg || tg->kind == CT_VOID)
			return cty_fail(c, S_TV_ACCESS_VOID, what);
		if (n == CTY_MAX_DEPTH)
			return cty_fail(c, S_TV_CHAIN, CTY_MAX_DEPTH);
		if (cty_deref(c, o))
			return -1;
		t = tg;
	}
	if (!t || (t->kind != CT_STRUCT && t->kind != CT_UNION) || o->bit_size) {
		if (t && t->kind == CT_ARRAY)
			return cty_fail(c, S_TV_ACCESS_ARRAY, what);
		if (t && t->kind == CT_FUNC)
			return cty_fail(c, S_TV_FUNC_TAG, cty_name(c->a, t));
		return cty_fail(c, S_TV_ACCESS_VS, what, cty_name(c->a, t));
	}
	t = ctype_complete(t);
	if (!(m = cty_member(t, name, &off, 0)))
		return cty_no_member(c, t, name);
	o->off += off;
	o->bit_size = m->bit_size;
	o->bit_off = m->bit_offset;
	*tp = m->type;
	return 0;
}

/* The index's text for messages, and its value when a literal. */
static const char *cty_index_text(struct cty *c, const struct cty_comp *k,
				  int i, bool *lit, int64_t *v)
{
	char *end;

	*v = strtoll(k->index, &end, 10);
	*lit = *k->index && !*end;
	if (*lit)
		return arena_printf(c->a, "[%s]", k->index);
	return arena_printf(c->a, "[index%d]", i);
}

/* [n] / [expr] on a pointer (pointer arithmetic) or an array. */
static int cty_index(struct cty *c, struct cty_obj *o, struct ctype **tp,
		     const struct cty_comp *k, int i)
{
	struct ctype *t = ctype_strip(*tp), *el;
	uint64_t size;
	const char *what, *step;
	bool lit;
	int64_t v;

	what = cty_index_text(c, k, i, &lit, &v);
	if (!t || o->bit_size || (t->kind != CT_POINTER && t->kind != CT_ARRAY)) {
		if (t && !o->bit_size &&
		    (t->kind == CT_STRUCT || t->kind == CT_UNION))
			return cty_fail_at(c, -1, S_TV_ACCESS_FOR, what,
					   cty_name(c->a, t));
		return cty_fail(c, S_TV_ACCESS_VS, what, cty_name(c->a, t));
	}
	el = ctype_target(t);
	if (t->kind == CT_POINTER && (!ctype_strip(el) ||
				      ctype_strip(el)->kind == CT_VOID))
		return cty_fail(c, S_TV_ACCESS_VOID, what);
	if (!(size = cty_sizeof(el)))
		return cty_fail_at(c, -1, S_TV_ELEM_SIZE);
	if (t->kind == CT_POINTER && cty_deref(c, o))
		return -1;
	*tp = el;
	if (lit) {
		o->off += (uint64_t)v * size;
		return 0;
	}
	if (o->loc->kind != LOC_MEMORY)
		return cty_fail(c, S_TV_DYN_INDEX);
	step = arena_printf(c->a, "(uint64_t)((int64_t)(%s) * %llu)", k->index,
			    (unsigned long long)size);
	o->idx = o->idx ? arena_printf(c->a, "(%s + %s)", o->idx, step) : step;
	return 0;
}

static int cty_walk(struct cty *c, const struct cty_access *in,
		    struct cty_obj *o, struct ctype **tp)
{
	int i;

	for (i = 0; i < in->ncomps; i++) {
		const struct cty_comp *k = &in->comps[i];

		c->comp = i;
		if (k->kind == CC_FIELD ? cty_field(c, o, tp, k->name)
					: cty_index(c, o, tp, k, i))
			return -1;
	}
	return 0;
}

/* ---- stores (guru mode) ---- */

/* bits bits at bit sh of memory at addr := v (read-modify-write for a
 * bitfield; byte by byte when its bytes are no store size). */
static int cty_store_mem(struct cty *c, const char *addr, unsigned sh,
			 unsigned bits, const char *v)
{
	unsigned n = (sh + bits + 7) / 8, i;
	unsigned long long mask = (~0ULL >> (64 - bits)) << sh;
	const char *w = v, *old, *fn = c->user ? "true" : "false";

	if (n > 8)
		return cty_fail(c, S_TV_BITFIELD, bits, sh);
	if (sh || bits != 8 * n) {
		old = cty_mem_bytes(c, addr, n, false);
		w = cty_temp(c, "uint64_t", arena_printf(c->a,
			"((uint64_t)%s & ~0x%llxULL) | (((uint64_t)%s << %u) & 0x%llxULL)",
			old, mask, v, sh, mask));
	}
	if (!(n & (n - 1))) {
		fprintf(c->out, "if (stp_tv_write(%s, (uint64_t)%s, %u, %s, %s)) %s;\n",
			addr, w, n, fn, c->err, CTY_FAIL);
		return 0;
	}
	for (i = 0; i < n; i++)
		fprintf(c->out, "if (stp_tv_write(%s, (uint64_t)%s >> %u, 1, %s, %s)) %s;\n",
			cty_at(c, addr, i, NULL), w, 8 * i, fn, c->err, CTY_FAIL);
	return 0;
}

/* The low bits of register lvalue lv from bit pos := v. */
static void cty_store_reg(struct cty *c, const char *lv, uint64_t pos,
			  unsigned bits, const char *v)
{
	unsigned long long mask = (~0ULL >> (64 - bits)) << pos;

	if (bits == 64)
		fprintf(c->out, "%s = (uint64_t)%s;\n", lv, v);
	else
		fprintf(c->out, "%s = (%s & ~0x%llxULL) | (((uint64_t)%s << %u) & 0x%llxULL);\n",
			lv, lv, mask, v, (unsigned)pos, mask);
}

static int cty_store(struct cty *c, const struct cty_obj *o, struct ctype *t,
		     const char *v)
{
	const struct loc_result *l = o->loc;
	const struct loc_piece *p;
	uint64_t size = cty_sizeof(t), pos = 0, off = o->off;
	unsigned sh = (unsigned)o->bit_off;
	unsigned bits = o->bit_size ? (unsigned)o->bit_size : 8 * (unsigned)size;

	if (!o->bit_size && (size == 0 || size > 8))
		return cty_fail(c, S_TV_SIZE, (unsigned long long)size,
				cty_name(c->a, t));
	if (l->kind == LOC_PIECES) {
		if (o->idx || !cty_bitpos(off, sh, &pos) ||
		    !(p = cty_piece_of(l, &pos, bits)))
			return cty_fail_at(c, -1, S_TV_WRITE_PIECES);
		l = p->loc;
		off = pos / 8;
		sh = pos % 8;
	}
	if (l->kind == LOC_REGISTER && !cty_bitpos(off, sh, &pos))
		return cty_fail(c, S_TV_RANGE, "register");
	switch (l->kind) {
	case LOC_MEMORY:
		return cty_store_mem(c, cty_at(c, l->expr, off, o->idx), sh,
				     bits, v);
	case LOC_REGISTER:
		if (o->idx)
			return cty_fail(c, S_TV_DYN_INDEX);
		if (pos + bits > 64)
			return cty_fail(c, S_TV_RANGE, "register");
		cty_store_reg(c, l->expr, pos, bits, v);
		return 0;
	case LOC_UNAVAILABLE:
		return cty_fail_at(c, -1, S_TV_UNAVAILABLE, l->why);
	default:
		return cty_fail_at(c, -1, S_TV_WRITE_VALUE);
	}
}

/* ---- the access ---- */

static bool cty_is_aggregate(struct ctype *t)
{
	return t && (t->kind == CT_STRUCT || t->kind == CT_UNION);
}

/* The long value (or address, or store) at the end of the chain. */
static int cty_value(struct cty *c, const struct cty_access *in,
		     struct cty_obj *o, struct ctype *type, const char *sv)
{
	struct ctype *t = ctype_complete(ctype_strip(type));
	const char *v;

	if (in->addr_of && in->store)
		return cty_fail_at(c, -1, S_TV_WRITE_ADDR);
	if (in->addr_of)
		v = cty_addr(c, o, cty_sizeof(type));
	else if (cty_is_aggregate(t))
		return cty_struct_value(c, t);
	else if (t && (t->kind == CT_ARRAY || t->kind == CT_FUNC) && in->store)
		return cty_fail_at(c, -1, t->kind == CT_ARRAY ? S_TV_WRITE_ARRAY
							      : S_TV_WRITE_FUNC);
	else if (t && (t->kind == CT_ARRAY || t->kind == CT_FUNC))
		v = cty_addr(c, o, cty_sizeof(type));
	else if (in->store && cty_store(c, o, type, sv))
		return -1;
	else
		v = in->store ? sv : cty_read(c, o, type);
	if (!v)
		return -1;
	fprintf(c->out, "STAP_RETVALUE = (int64_t)%s;\n", v);
	return 0;
}

/* The pretty-printed string of the end of the chain: faults print
 * "ERROR" instead. */
static int cty_pretty(struct cty *c, const struct cty_access *in,
		      struct cty_obj *o, struct ctype *t)
{
	const char *b = cty_temp(c, "struct stp_buf", "{ STAP_RETVALUE, 0, MAXSTRINGLEN - 1 }");

	fprintf(c->out, "do {\n%s", in->loc.setup);
	if (cty_walk(c, in, o, &t) || cty_pp(c, o, t, in->pretty_deep, b))
		return -1;
	fprintf(c->out, "} while (0);\n");
	cty_buf_catch(c, b, "0");
	fprintf(c->out, "STAP_RETVALUE[%s.len] = '\\0';\n", b);
	return 0;
}

int cty_access(const struct cty_access *in, struct cty_result *res)
{
	struct cty c;
	struct cty_obj o = { .loc = &in->loc };
	struct ctype *t = in->type;
	const char *sv = NULL;
	int rc;

	memset(res, 0, sizeof(*res));
	res->type = in->pretty || in->pretty_deep ? TY_STRING : TY_LONG;
	cty_open(&c, in->arena, in->err, in->user, in->uniq);
	if (in->store && res->type == TY_STRING)
		rc = cty_fail_at(&c, -1, S_TV_WRITE_PRETTY);
	else if (in->loc.kind == LOC_UNAVAILABLE)
		rc = cty_fail_at(&c, -1, S_TV_UNAVAILABLE, in->loc.why);
	else if (res->type == TY_STRING)
		rc = cty_pretty(&c, in, &o, t);
	else {
		if (in->store)
			sv = cty_temp(&c, "int64_t", arena_printf(c.a, "(%s)",
								  in->store));
		fprintf(c.out, "do {\n%s", in->loc.setup);
		rc = cty_walk(&c, in, &o, &t) || cty_value(&c, in, &o, t, sv)
			     ? -1 : 0;
		fprintf(c.out, "} while (0);\n");
	}
	res->code = cty_close(&c);
	if (rc == 0)
		return 0;
	res->code = NULL;
	res->error = c.error;
	res->error_comp = c.error_comp;
	return -1;
}
