/* ctypes_pp.c - pretty printing of target variables ($var$, $var$$) and
 * the $$vars / $$parms / $$locals / $$return strings (pass 2).
 *
 * The text is laid out at translation time, as SystemTap lays out its
 * sprintf format: literal text and one conversion per value, strings as
 * quoted strings, at most CTY_PRETTY_MAX_ARGS values (after that, every
 * open level ends in ", ...").  Nested structs are "{...}" and nested
 * arrays "[...]" unless deep ($$); an expanded array shows its first
 * element.  At the top a pointer is followed to the struct it points to,
 * a char pointer is its string, a function pointer "<function>:0x...".
 *
 * The generated code appends to a struct stp_buf: each run of literal
 * text and values is one stp_fmt_format call (its format escaped for C),
 * each string one stp_tv_quoted call.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ctypes_impl.h"

#define PP_MAX_PTR 8		/* pointers followed at the top */
#define PP_CHUNK_ARGS 32	/* values per stp_fmt_format call */
#define PP_STRMAX "MAXSTRINGLEN - 1"	/* bytes of a char * string */

struct cty_pp {
	struct cty *c;
	const char *buf;	/* name of the struct stp_buf */
	bool deep;
	int nargs;		/* values so far, against the limit */
	char *fmt;		/* pending format text (arena, grown) */
	size_t flen, fcap;
	const char *args[PP_CHUNK_ARGS];
	int nchunk;
};

static void pp_flush(struct cty_pp *p)
{
	FILE *out = p->c->out;
	int i;

	if (!p->flen)
		return;
	fprintf(out, "stp_fmt_format(&%s, \"%.*s\", ", p->buf, (int)p->flen,
		p->fmt);
	if (!p->nchunk)
		fprintf(out, "NULL");
	else
		fprintf(out, "(struct stp_arg[]){ ");
	for (i = 0; i < p->nchunk; i++)
		fprintf(out, "%sSTP_ARG_L((int64_t)%s)", i ? ", " : "",
			p->args[i]);
	fprintf(out, "%s, %d, %s);\n", p->nchunk ? " }" : "", p->nchunk,
		p->c->err);
	p->flen = 0;
	p->nchunk = 0;
}

/* Append s to the pending format: '%' doubled unless conv, C-escaped. */
static void pp_put(struct cty_pp *p, const char *s, bool conv)
{
	size_t need = p->flen + 2 * strlen(s) + 1;
	char *nf;

	if (need > p->fcap) {
		p->fcap = need < 2 * p->fcap ? 2 * p->fcap : need + 64;
		nf = arena_alloc(p->c->a, p->fcap);
		memcpy(nf, p->fmt, p->flen);
		p->fmt = nf;
	}
	for (; *s; s++) {
		if ((*s == '%' && !conv) || *s == '"' || *s == '\\')
			p->fmt[p->flen++] = *s == '%' ? '%' : '\\';
		p->fmt[p->flen++] = *s;
	}
}

static void pp_lit(struct cty_pp *p, const char *s)
{
	pp_put(p, s, false);
}

/* One value: conv (e.g. "%d") with the C expression v. */
static int pp_val(struct cty_pp *p, const char *conv, const char *v)
{
	if (!v)
		return -1;
	if (p->nchunk == PP_CHUNK_ARGS)
		pp_flush(p);
	pp_put(p, conv, true);
	p->args[p->nchunk++] = v;
	p->nargs++;
	return 0;
}

/* One quoted string at address addr, at most max (a C expression) bytes
 * of it. */
static int pp_str(struct cty_pp *p, const char *addr, const char *max)
{
	if (!addr)
		return -1;
	pp_flush(p);
	fprintf(p->c->out, "stp_tv_quoted(&%s, %s, %s, %s);\n", p->buf, addr,
		max, p->c->user ? "true" : "false");
	p->nargs++;
	return 0;
}

static bool pp_full(const struct cty_pp *p)
{
	return p->nargs >= CTY_PRETTY_MAX_ARGS;
}

/* The conversion of a scalar: bool and signed types %d, others %u. */
static const char *pp_conv(struct ctype *t)
{
	t = ctype_strip(t);
	if (t && t->kind == CT_POINTER)
		return "%p";
	return cty_is_signed(t) || (t && t->is_bool) ? "%d" : "%u";
}

static int pp_value(struct cty_pp *p, const struct cty_obj *o,
		    struct ctype *type, int depth);

/* The label of member m: ".name=", or "<union>=" / "<class>=" for an
 * anonymous union / struct; NULL for unnamed padding. */
static const char *pp_label(struct cty_pp *p, const struct ctype_member *m)
{
	struct ctype *t = ctype_strip(m->type);

	if (m->name)
		return arena_printf(p->c->a, ".%s=", m->name);
	if (t && t->kind == CT_UNION)
		return "<union>=";
	if (t && t->kind == CT_STRUCT)
		return "<class>=";
	return NULL;
}

static int pp_struct(struct cty_pp *p, const struct cty_obj *o,
		     struct ctype *t, int depth)
{
	struct ctype_member *m;
	const char *label;
	int i, k = 0, n;

	if (!p->deep && depth > 0) {
		pp_lit(p, "{...}");
		return 0;
	}
	n = ctype_members(ctype_complete(t), &m);
	pp_lit(p, "{");
	for (i = 0; i < n; i++) {
		struct cty_obj sub = *o;

		if (!(label = pp_label(p, &m[i])))
			continue;
		if (pp_full(p)) {
			pp_lit(p, k ? ", ..." : "...");
			break;
		}
		pp_lit(p, k++ ? ", " : "");
		pp_lit(p, label);
		sub.off += m[i].offset;
		sub.bit_size = m[i].bit_size;
		sub.bit_off = m[i].bit_offset;
		if (pp_value(p, &sub, m[i].type, depth + 1))
			return -1;
	}
	pp_lit(p, "}");
	return 0;
}

/* A char array is its string; any other its first element. */
static int pp_array(struct cty_pp *p, const struct cty_obj *o,
		    struct ctype *t, int depth)
{
	struct ctype *el = ctype_target(t);
	const char *max = PP_STRMAX;

	if (!p->deep && depth > 0) {
		pp_lit(p, "[...]");
		return 0;
	}
	if (t->nelem > 0)
		max = arena_printf(p->c->a, "%lld", (long long)t->nelem);
	if (cty_is_char(el))
		return pp_str(p, cty_addr(p->c, o, cty_sizeof(t)), max);
	if (pp_full(p)) {
		pp_lit(p, "[...]");
		return 0;
	}
	pp_lit(p, "[");
	if (pp_value(p, o, el, depth + 1))
		return -1;
	pp_lit(p, ", ...]");
	return 0;
}

static int pp_value(struct cty_pp *p, const struct cty_obj *o,
		    struct ctype *type, int depth)
{
	struct cty *c = p->c;
	struct ctype *t = ctype_complete(ctype_strip(type));
	struct ctype *tg;

	switch (t ? t->kind : CT_VOID) {
	case CT_STRUCT:
	case CT_UNION:
		return pp_struct(p, o, t, depth);
	case CT_ARRAY:
		return pp_array(p, o, t, depth);
	case CT_POINTER:
		tg = ctype_strip(ctype_target(t));
		if (cty_is_char(tg))
			return pp_str(p, cty_read(c, o, t), PP_STRMAX);
		return pp_val(p, "%p", cty_read(c, o, t));
	case CT_BASE:
		if (cty_is_char(t) && !o->bit_size)
			return pp_val(p, "'%#c'", cty_read(c, o, t));
		/* fall through */
	case CT_ENUM:
		return pp_val(p, pp_conv(t), cty_read(c, o, t));
	default:
		pp_lit(p, "?");
		return 0;
	}
}

/* The top level: pointers are followed as SystemTap does. */
static int pp_top(struct cty_pp *p, const struct cty_obj *o,
		  struct ctype *type, int nptr)
{
	struct cty *c = p->c;
	struct ctype *t = ctype_strip(type), *tg;
	struct cty_obj d = *o;

	if (!t || t->kind != CT_POINTER)
		return pp_value(p, o, type, 0);
	tg = ctype_complete(ctype_strip(ctype_target(t)));
	if (cty_is_char(tg))
		return pp_str(p, cty_read(c, o, t), PP_STRMAX);
	if (tg && tg->kind == CT_FUNC) {
		pp_lit(p, "<function>:");
		return pp_val(p, "%p", cty_read(c, o, t));
	}
	if (tg && (tg->kind == CT_STRUCT || tg->kind == CT_UNION ||
		   (tg->kind == CT_POINTER && nptr < PP_MAX_PTR))) {
		if (cty_deref(c, &d))
			return -1;
		return tg->kind == CT_POINTER ? pp_top(p, &d, tg, nptr + 1)
					      : pp_struct(p, &d, tg, 0);
	}
	/* void, arrays, scalars: the pointer, in its target's format */
	if (!tg || tg->kind == CT_VOID || tg->kind == CT_ARRAY ||
	    tg->kind == CT_POINTER)
		return pp_val(p, "%p", cty_read(c, o, t));
	return pp_val(p, pp_conv(tg), cty_read(c, o, t));
}

int cty_pp(struct cty *c, const struct cty_obj *o, struct ctype *t,
	   bool deep, const char *buf)
{
	struct cty_pp p = { .c = c, .buf = buf, .deep = deep };

	if (pp_top(&p, o, t, 0))
		return -1;
	pp_flush(&p);
	return 0;
}

void cty_buf_catch(struct cty *c, const char *buf, const char *start)
{
	fprintf(c->out, "if ((%s)->msg) {\nstp_err_clear(%s);\n%s.len = %s;\n"
		"stp_fmt_puts(&%s, \"ERROR\");\n}\n", c->err, c->err, buf, start,
		buf);
}

/* ---- $$vars ---- */

/* One $$vars value without pretty printing: 0x%x of a scalar, "{...}"
 * for a struct or union, "[...]" for an array. */
static int pp_var_plain(struct cty_pp *p, const struct cty_var *v)
{
	struct cty_obj o = { .loc = &v->acc.loc };
	struct ctype *t = ctype_strip(v->acc.type);

	if (t && (t->kind == CT_STRUCT || t->kind == CT_UNION)) {
		pp_lit(p, "{...}");
		return 0;
	}
	if (t && t->kind == CT_ARRAY) {
		pp_lit(p, "[...]");
		return 0;
	}
	fputs(v->acc.loc.setup, p->c->out);
	return pp_val(p, "0x%x", cty_read(p->c, &o, v->acc.type));
}

/* One pretty $$vars$ value, its own catch: a fault prints "ERROR". */
static int pp_var_pretty(struct cty_pp *p, const struct cty_var *v)
{
	struct cty_obj o = { .loc = &v->acc.loc };
	struct cty *c = p->c;
	const char *start;

	pp_flush(p);
	start = cty_temp(c, "size_t", arena_printf(c->a, "%s.len", p->buf));
	fprintf(c->out, "do {\n%s", v->acc.loc.setup);
	if (pp_top(p, &o, v->acc.type, 0))
		return -1;
	pp_flush(p);
	fprintf(c->out, "} while (0);\n");
	cty_buf_catch(c, p->buf, start);
	return 0;
}

/* One item in a stream of its own: on success its code joins the main
 * stream and its pending text the main format (so plain items share one
 * stp_fmt_format call); a variable that cannot be read is "?". */
static void pp_var(struct cty_pp *main, const struct cty_var *v,
		   bool pretty)
{
	struct cty item;
	struct cty_pp p = *main;
	const char *code;
	int rc = -1;

	cty_open(&item, main->c->a, v->acc.err, v->acc.user, main->c->uniq);
	p.c = &item;
	p.nargs = 0;		/* each pretty value has its own limit */
	if (v->available && v->acc.loc.kind != LOC_UNAVAILABLE)
		rc = pretty ? pp_var_pretty(&p, v) : pp_var_plain(&p, v);
	code = cty_close(&item);
	if (rc) {
		pp_lit(main, "?");
		return;
	}
	fputs(code, main->c->out);
	p.c = main->c;
	*main = p;
}

int cty_vars_string(struct arena *a, const struct cty_var *vars, int n,
		    bool pretty, bool pretty_deep, int *uniq,
		    struct cty_result *res)
{
	struct cty c;
	struct cty_pp p = { .c = &c, .deep = pretty_deep };
	int i;

	memset(res, 0, sizeof(*res));
	res->type = TY_STRING;
	cty_open(&c, a, n ? vars[0].acc.err : "NULL", false, uniq);
	p.buf = cty_temp(&c, "struct stp_buf",
			 "{ STAP_RETVALUE, 0, MAXSTRINGLEN - 1 }");
	if (!pretty)
		fprintf(c.out, "do {\n");
	for (i = 0; i < n; i++) {
		pp_lit(&p, arena_printf(a, "%s%s=", i ? " " : "", vars[i].name));
		pp_var(&p, &vars[i], pretty);
	}
	pp_flush(&p);
	if (!pretty)
		fprintf(c.out, "} while (0);\n");
	fprintf(c.out, "STAP_RETVALUE[%s.len] = '\\0';\n", p.buf);
	res->code = cty_close(&c);
	return 0;
}
