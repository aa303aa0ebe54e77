/* format.c - the printf format-string parser (pass 2, reused by pass 3).
 *
 * A format is split into literal runs and conversion specs:
 *   %[flags][width][.precision][length]conversion
 * with flags from "-+ 0#", width and precision a number or '*', length
 * modifiers (h, hh, l, ll, L, z, j, t) accepted and ignored since every
 * integer is 64-bit, and the conversions d i u o x X p s c b B m M %.
 * Invariant: the specs cover the whole string, in order.
 */
#include <string.h>

#include "format.h"
#include "session.h"

struct fmt_buf {
	struct session *s;
	struct fmt *f;
	int cap;
};

static struct fmt_spec *fmt_push(struct fmt_buf *b)
{
	struct fmt *f = b->f;

	if (f->n == b->cap) {
		struct fmt_spec *nv;

		b->cap = b->cap ? 2 * b->cap : 8;
		nv = arena_alloc(b->s->arena, (size_t)b->cap * sizeof(*nv));
		if (f->n)
			memcpy(nv, f->v, (size_t)f->n * sizeof(*nv));
		f->v = nv;
	}
	memset(&f->v[f->n], 0, sizeof(f->v[0]));
	f->v[f->n].width = FMT_NONE;
	f->v[f->n].prec = FMT_NONE;
	return &f->v[f->n++];
}

static const char *fmt_number(const char *p, const char *end, int *out,
			      struct fmt *f)
{
	if (p < end && *p == '*') {
		*out = FMT_STAR;
		f->nargs++;
		return p + 1;
	}
	if (p >= end || *p < '0' || *p > '9')
		return p;
	for (*out = 0; p < end && *p >= '0' && *p <= '9'; p++)
		*out = *out * 10 + (*p - '0');
	return p;
}

static int fmt_conv_of(char c, enum fmt_conv *out)
{
	static const char chars[] = "diuoxXpscbBmM%";
	static const enum fmt_conv convs[] = {
		FC_SIGNED, FC_SIGNED, FC_UNSIGNED, FC_OCTAL, FC_HEX,
		FC_HEX_UPPER, FC_POINTER, FC_STRING, FC_CHAR, FC_BINARY,
		FC_BINARY_BE, FC_MEMORY, FC_MEMORY_HEX, FC_PERCENT,
	};
	const char *p = c ? strchr(chars, c) : NULL;

	if (!p)
		return -1;
	*out = convs[p - chars];
	return 0;
}

/* One conversion starting after '%'; the position after it, or NULL. */
static const char *fmt_spec(struct fmt_buf *b, const char *p,
			    const char *end)
{
	struct fmt_spec *sp = fmt_push(b);
	const char *fl;

	while (p < end && (fl = strchr("-+ 0#", *p)) && *p)
		sp->flags |= 1u << (fl - "-+ 0#"), p++;
	p = fmt_number(p, end, &sp->width, b->f);
	if (p < end && *p == '.') {
		sp->prec = 0;
		p = fmt_number(p + 1, end, &sp->prec, b->f);
	}
	while (p < end && strchr("hlLzjt", *p) && *p)
		p++;
	if (p >= end || fmt_conv_of(*p, &sp->conv) < 0)
		return NULL;
	if (sp->conv != FC_PERCENT)
		b->f->nargs++;
	return p + 1;
}

struct fmt *fmt_parse(struct session *s, const char *str, size_t len)
{
	struct fmt_buf b = { s, ARENA_NEW(s->arena, struct fmt), 0 };
	const char *p = str, *end = str + len, *lit;
	struct fmt_spec *sp;

	while (p < end) {
		for (lit = p; p < end && *p != '%'; p++)
			;
		if (p > lit) {
			sp = fmt_push(&b);
			sp->conv = FC_LITERAL;
			sp->lit = lit;
			sp->lit_len = (size_t)(p - lit);
		}
		if (p < end && !(p = fmt_spec(&b, p + 1, end)))
			return NULL;
	}
	return b.f;
}

enum ty fmt_arg_type(const struct fmt *f, int k)
{
	int i, at = 0;

	for (i = 0; i < f->n; i++) {
		const struct fmt_spec *sp = &f->v[i];

		if (sp->conv == FC_LITERAL || sp->conv == FC_PERCENT)
			continue;
		if (sp->width == FMT_STAR && at++ == k)
			return TY_LONG;
		if (sp->prec == FMT_STAR && at++ == k)
			return TY_LONG;
		if (at++ == k)
			return sp->conv == FC_STRING ? TY_STRING : TY_LONG;
	}
	return TY_UNKNOWN;
}
