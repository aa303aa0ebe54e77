/* loc2c.c - DWARF location expressions to C (pass 2, no libdw).
 *
 * The expression runs at translation time on a stack of symbolic values:
 * each entry is a C expression plus a constant addend, so the usual
 * shapes fold (DW_OP_fbreg over DW_OP_call_frame_cfa becomes one
 * "sp + 16", DW_OP_breg5 8; DW_OP_plus_uconst 4 one "di + 12") and
 * constants are computed here.  Memory reads become fault-safe copies into
 * temporaries of the setup code.  A DW_OP_bra whose condition is known
 * here is followed; any other forks the translation: both paths run to
 * the end and an if/else joins them.
 *
 * Invariant: a translation executes at most LOC_MAX_STEPS operations
 * (forks and nested expressions included), holds at most LOC_MAX_STACK
 * entries and nests at most L2C_MAX_DEPTH runs; beyond, it is an error.
 */
#include <dwarf.h>
#include <elfutils/known-dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "loc2c.h"

#define L2C_MAX_DEPTH 8
#define L2C_NREGS 17

/* One stack entry: base + add, or the constant add when base is NULL. */
struct l2c_val {
	const char *base;
	uint64_t add;
	bool simple;		/* base is a temporary or register read */
};

/* What one translation shares with its forks and nested runs. */
struct l2c_root {
	struct loc_env *env;
	struct arena *a;
	const char *err;
	int steps;
	struct l2c_val fb;	/* the frame base, once computed at depth 0 */
	bool fb_done;
};

/* What the location described so far is. */
enum l2c_kind { L2C_ADDR, L2C_REG, L2C_VALUE, L2C_IMPLICIT, L2C_GONE };

struct l2c {
	struct l2c_root *r;
	FILE *out;		/* setup statements */
	int depth;
	bool in_fb;
	struct l2c_val st[LOC_MAX_STACK];
	int sp;
	enum l2c_kind kind;
	bool ended;		/* a terminal operation: only a piece follows */
	const struct loc_op *term;
	int nops;		/* operations of the current piece */
	int reg;		/* L2C_REG */
	struct l2c_val value;	/* L2C_VALUE */
	const uint8_t *data;	/* L2C_IMPLICIT */
	size_t len;
	const char *gone;	/* set: the value is unavailable, why */
	struct loc_piece *pieces;
	int npieces, cap;
	struct l2c_val result;	/* of the whole run, for nested callers */
};

static const char *const l2c_regs[L2C_NREGS] = {
	"ax", "dx", "cx", "bx", "si", "di", "bp", "sp", "r8", "r9", "r10",
	"r11", "r12", "r13", "r14", "r15", "ip",
};

const char *loc_reg_name(int dwarf_reg)
{
	if (dwarf_reg < 0 || dwarf_reg >= L2C_NREGS)
		return NULL;
	return l2c_regs[dwarf_reg];
}

static const char *l2c_op_name(struct arena *a, unsigned atom)
{
	switch (atom) {
#define DWARF_ONE_KNOWN_DW_OP(NAME, CODE) case CODE: return #CODE;
	DWARF_ALL_KNOWN_DW_OP
#undef DWARF_ONE_KNOWN_DW_OP
	}
	return arena_printf(a, "DW_OP_0x%02x", atom);
}

/* Keep the first error; always -1. */
static int l2c_fail(struct l2c *x, enum diag_code code, ...)
{
	va_list ap;

	if (x->r->err)
		return -1;
	va_start(ap, code);
	x->r->err = diag_vtext(x->r->a, code, ap);
	va_end(ap);
	return -1;
}

static const char *l2c_name(struct l2c *x, const struct loc_op *op)
{
	return l2c_op_name(x->r->a, op->atom);
}

/* ---- values ---- */

static struct l2c_val l2c_const(uint64_t v)
{
	return (struct l2c_val){ NULL, v, true };
}

static struct l2c_val l2c_expr(const char *c, bool simple)
{
	return (struct l2c_val){ c, 0, simple };
}

/* The C text of v: a uint64_t expression. */
static const char *l2c_text(struct l2c *x, struct l2c_val v)
{
	struct arena *a = x->r->a;

	if (!v.base)
		return arena_printf(a, "0x%llxULL", (unsigned long long)v.add);
	if (!v.add)
		return v.base;
	if ((int64_t)v.add < 0)
		return arena_printf(a, "(%s - 0x%llxULL)", v.base,
				    (unsigned long long)(0 - v.add));
	return arena_printf(a, "(%s + 0x%llxULL)", v.base,
			    (unsigned long long)v.add);
}

/* A new temporary "tvN" of C type ty, declared (and set to init). */
static const char *l2c_temp(struct l2c *x, const char *ty, const char *init)
{
	int n = x->r->env->uniq++;

	if (init)
		fprintf(x->out, "%s tv%d = %s;\n", ty, n, init);
	else
		fprintf(x->out, "%s tv%d;\n", ty, n);
	return arena_printf(x->r->a, "tv%d", n);
}

/* v with a base that is cheap to repeat (a temporary if need be). */
static struct l2c_val l2c_simple(struct l2c *x, struct l2c_val v)
{
	if (!v.base || v.simple)
		return v;
	v.base = l2c_temp(x, "uint64_t", v.base);
	v.simple = true;
	return v;
}

static const char *l2c_regval(struct l2c *x, int reg)
{
	return arena_printf(x->r->a, "((uint64_t)(%s)->%s)", x->r->env->regs,
			    l2c_regs[reg]);
}

static int l2c_check_reg(struct l2c *x, uint64_t reg)
{
	if (reg >= L2C_NREGS)
		return l2c_fail(x, S_TV_LOC_REG, (unsigned long long)reg);
	return 0;
}

/* ---- the stack ---- */

static int l2c_push(struct l2c *x, struct l2c_val v)
{
	if (x->sp == LOC_MAX_STACK)
		return l2c_fail(x, S_TV_LOC_OVERFLOW, LOC_MAX_STACK);
	x->st[x->sp++] = v;
	return 0;
}

static int l2c_need(struct l2c *x, const struct loc_op *op, int n)
{
	if (x->sp < n)
		return l2c_fail(x, S_TV_LOC_UNDERFLOW, l2c_name(x, op));
	return 0;
}

static struct l2c_val l2c_pop(struct l2c *x)
{
	return x->st[--x->sp];
}

/* dup, drop, over, pick, swap, rot */
static int l2c_stackop(struct l2c *x, const struct loc_op *op)
{
	struct l2c_val t;
	int k = 0;

	switch (op->atom) {
	case DW_OP_drop:
		if (l2c_need(x, op, 1))
			return -1;
		x->sp--;
		return 0;
	case DW_OP_swap:
	case DW_OP_rot:
		k = op->atom == DW_OP_swap ? 2 : 3;
		if (l2c_need(x, op, k))
			return -1;
		t = x->st[x->sp - 1];
		memmove(&x->st[x->sp - k + 1], &x->st[x->sp - k],
			(size_t)(k - 1) * sizeof(t));
		x->st[x->sp - k] = t;
		return 0;
	case DW_OP_pick:
		if (op->number >= (uint64_t)x->sp)
			return l2c_fail(x, S_TV_LOC_UNDERFLOW, l2c_name(x, op));
		k = (int)op->number;
		break;
	case DW_OP_over:
		k = 1;
		break;
	}
	if (l2c_need(x, op, k + 1))
		return -1;
	x->st[x->sp - 1 - k] = l2c_simple(x, x->st[x->sp - 1 - k]);
	return l2c_push(x, x->st[x->sp - 1 - k]);
}

/* ---- memory ---- */

static const char *l2c_uint_type(uint64_t size)
{
	switch (size) {
	case 1:	return "uint8_t";
	case 2:	return "uint16_t";
	case 4:	return "uint32_t";
	default: return "uint64_t";
	}
}

/* Pop an address, push the size bytes there (zero-extended). */
static int l2c_deref(struct l2c *x, const struct loc_op *op, uint64_t size)
{
	struct loc_env *env = x->r->env;
	const char *addr, *t;

	if (size == 0 || size > 8)
		return l2c_fail(x, S_TV_LOC_SIZE, (unsigned long long)size,
				l2c_name(x, op));
	if (l2c_need(x, op, 1))
		return -1;
	addr = l2c_text(x, l2c_pop(x));
	t = l2c_temp(x, l2c_uint_type(size), size & (size - 1) ? "0" : NULL);
	fprintf(x->out, "if (%s(&%s, %s, %llu, %s)) %s;\n",
		env->user ? "stp_tv_uread" : "stp_str_kread", t, addr,
		(unsigned long long)size, env->err, env->fail);
	if (size != 8)
		t = arena_printf(x->r->a, "(uint64_t)%s", t);
	return l2c_push(x, l2c_expr(t, true));
}

/* ---- typed values (DWARF 5) ---- */

static int l2c_enc_signed(struct l2c *x, const struct loc_op *op, bool *sgn)
{
	switch (op->type_enc) {
	case DW_ATE_signed:
	case DW_ATE_signed_char:
		*sgn = true;
		return 0;
	case 0:
	case DW_ATE_unsigned:
	case DW_ATE_unsigned_char:
	case DW_ATE_boolean:
	case DW_ATE_address:
	case DW_ATE_UTF:
		*sgn = false;
		return 0;
	}
	return l2c_fail(x, S_TV_LOC_TYPED, l2c_name(x, op), "encoding");
}

/* v as the base type of op: truncated to its size, sign- or
 * zero-extended back to 64 bits (the representation of every entry). */
static int l2c_convert(struct l2c *x, const struct loc_op *op,
		       struct l2c_val *v)
{
	unsigned sh = 64 - 8 * (unsigned)op->type_size;
	const char *c;
	bool sgn = false;

	if (op->type_size > 8)
		return l2c_fail(x, S_TV_LOC_TYPED, l2c_name(x, op), "size");
	if (l2c_enc_signed(x, op, &sgn))
		return -1;
	if (op->type_size == 0 || op->type_size == 8)
		return 0;
	if (!v->base) {
		v->add = sgn ? (uint64_t)((int64_t)(v->add << sh) >> sh)
			     : v->add << sh >> sh;
		return 0;
	}
	c = l2c_text(x, *v);
	if (sgn)
		c = arena_printf(x->r->a, "((uint64_t)((int64_t)(%s << %u) >> %u))",
				 c, sh, sh);
	else
		c = arena_printf(x->r->a, "(%s & 0x%llxULL)", c,
				 (unsigned long long)(~0ULL >> sh));
	*v = l2c_expr(c, false);
	return 0;
}

/* convert, reinterpret, regval_type, deref_type, const_type */
static int l2c_typed(struct l2c *x, const struct loc_op *op)
{
	uint64_t k = 0;
	size_t i;

	switch (op->atom) {
	case DW_OP_regval_type:
	case DW_OP_GNU_regval_type:
		if (l2c_check_reg(x, op->number) ||
		    l2c_push(x, l2c_expr(l2c_regval(x, (int)op->number), true)))
			return -1;
		break;
	case DW_OP_deref_type:
	case DW_OP_GNU_deref_type:
		if (l2c_deref(x, op, op->number))
			return -1;
		break;
	case DW_OP_const_type:
	case DW_OP_GNU_const_type:
		if (op->nblock > 8 || !op->block)
			return l2c_fail(x, S_TV_LOC_TYPED, l2c_name(x, op),
					"size");
		for (i = op->nblock; i > 0; i--)
			k = k << 8 | op->block[i - 1];
		if (l2c_push(x, l2c_const(k)))
			return -1;
		break;
	default:
		if (l2c_need(x, op, 1))
			return -1;
	}
	return l2c_convert(x, op, &x->st[x->sp - 1]);
}

/* ---- arithmetic ---- */

/* Translation-time result of a binary operation on constants a, b. */
static uint64_t l2c_fold(unsigned atom, uint64_t a, uint64_t b)
{
	int64_t sa = (int64_t)a, sb = (int64_t)b;

	switch (atom) {
	case DW_OP_and:		return a & b;
	case DW_OP_or:		return a | b;
	case DW_OP_xor:		return a ^ b;
	case DW_OP_mul:		return a * b;
	case DW_OP_plus:	return a + b;
	case DW_OP_minus:	return a - b;
	case DW_OP_div:		return sb == -1 ? 0 - a : (uint64_t)(sa / sb);
	case DW_OP_mod:		return a % b;
	case DW_OP_shl:		return b >= 64 ? 0 : a << b;
	case DW_OP_shr:		return b >= 64 ? 0 : a >> b;
	case DW_OP_shra:	return (uint64_t)(sa >> (b >= 64 ? 63 : b));
	case DW_OP_eq:		return sa == sb;
	case DW_OP_ne:		return sa != sb;
	case DW_OP_lt:		return sa < sb;
	case DW_OP_gt:		return sa > sb;
	case DW_OP_le:		return sa <= sb;
	case DW_OP_ge:		return sa >= sb;
	}
	return 0;
}

/* The C operator of a binary operation without run-time checks. */
static const char *l2c_binop_fmt(unsigned atom)
{
	switch (atom) {
	case DW_OP_and:		return "(%s & %s)";
	case DW_OP_or:		return "(%s | %s)";
	case DW_OP_xor:		return "(%s ^ %s)";
	case DW_OP_mul:		return "(%s * %s)";
	case DW_OP_plus:	return "(%s + %s)";
	case DW_OP_minus:	return "(%s - %s)";
	case DW_OP_eq:		return "(uint64_t)((int64_t)%s == (int64_t)%s)";
	case DW_OP_ne:		return "(uint64_t)((int64_t)%s != (int64_t)%s)";
	case DW_OP_lt:		return "(uint64_t)((int64_t)%s < (int64_t)%s)";
	case DW_OP_gt:		return "(uint64_t)((int64_t)%s > (int64_t)%s)";
	case DW_OP_le:		return "(uint64_t)((int64_t)%s <= (int64_t)%s)";
	case DW_OP_ge:		return "(uint64_t)((int64_t)%s >= (int64_t)%s)";
	}
	return NULL;
}

/* div and mod: a run-time zero divisor is an error, -1 a negation (the
 * one quotient that traps on x86). */
static const char *l2c_divide(struct l2c *x, unsigned atom, struct l2c_val a,
			      struct l2c_val b)
{
	struct loc_env *env = x->r->env;
	const char *ta, *tb;

	b = l2c_simple(x, b);
	tb = l2c_text(x, b);
	if (b.base)
		fprintf(x->out, "if (%s == 0) { stp_err_set(%s, \"division by 0\"); %s; }\n",
			tb, env->err, env->fail);
	if (atom == DW_OP_mod)
		return arena_printf(x->r->a, "(%s %% %s)", l2c_text(x, a), tb);
	a = l2c_simple(x, a);
	ta = l2c_text(x, a);
	return arena_printf(x->r->a,
			    "((int64_t)%s == -1 ? 0 - %s : (uint64_t)((int64_t)%s / (int64_t)%s))",
			    tb, ta, ta, tb);
}

/* shl, shr, shra: counts of 64 and more are defined as DWARF means them. */
static const char *l2c_shift(struct l2c *x, unsigned atom, struct l2c_val a,
			     struct l2c_val b)
{
	struct arena *ar = x->r->a;
	const char *ta = l2c_text(x, a), *tb;

	if (!b.base && b.add < 64) {
		if (atom == DW_OP_shra)
			return arena_printf(ar, "(uint64_t)((int64_t)%s >> %u)",
					    ta, (unsigned)b.add);
		return arena_printf(ar, "(%s %s %u)", ta,
				    atom == DW_OP_shl ? "<<" : ">>",
				    (unsigned)b.add);
	}
	tb = l2c_text(x, l2c_simple(x, b));
	if (atom == DW_OP_shra)
		return arena_printf(ar, "(uint64_t)((int64_t)%s >> (%s >= 64 ? 63 : %s))",
				    ta, tb, tb);
	return arena_printf(ar, "(%s >= 64 ? 0 : %s %s %s)", tb, ta,
			    atom == DW_OP_shl ? "<<" : ">>", tb);
}

static int l2c_binop(struct l2c *x, const struct loc_op *op)
{
	struct l2c_val a, b;
	const char *fmt, *c;

	if (l2c_need(x, op, 2))
		return -1;
	b = l2c_pop(x);
	a = l2c_pop(x);
	if ((op->atom == DW_OP_div || op->atom == DW_OP_mod) && !b.base &&
	    b.add == 0)
		return l2c_fail(x, S_TV_LOC_DIV0);
	if (!a.base && !b.base)
		return l2c_push(x, l2c_const(l2c_fold(op->atom, a.add, b.add)));
	if (op->atom == DW_OP_plus && (!a.base || !b.base)) {
		struct l2c_val v = a.base ? a : b;

		v.add += a.base ? b.add : a.add;
		return l2c_push(x, v);
	}
	if (op->atom == DW_OP_minus && !b.base) {
		a.add -= b.add;
		return l2c_push(x, a);
	}
	if (op->atom == DW_OP_div || op->atom == DW_OP_mod)
		c = l2c_divide(x, op->atom, a, b);
	else if (op->atom == DW_OP_shl || op->atom == DW_OP_shr ||
		 op->atom == DW_OP_shra)
		c = l2c_shift(x, op->atom, a, b);
	else if ((fmt = l2c_binop_fmt(op->atom)))
		c = arena_printf(x->r->a, fmt, l2c_text(x, a), l2c_text(x, b));
	else
		return l2c_fail(x, S_TV_LOC_OP, l2c_name(x, op));
	/* a comparison's truth value in a temporary: compilers warn about
	 * comparing one with a constant */
	if (op->atom >= DW_OP_eq && op->atom <= DW_OP_ne)
		return l2c_push(x, l2c_expr(l2c_temp(x, "uint64_t", c), true));
	return l2c_push(x, l2c_expr(c, false));
}

/* abs, neg, not */
static int l2c_unop(struct l2c *x, const struct loc_op *op)
{
	struct l2c_val a;
	const char *t;

	if (l2c_need(x, op, 1))
		return -1;
	a = l2c_pop(x);
	if (!a.base) {
		if (op->atom == DW_OP_not)
			a.add = ~a.add;
		else if (op->atom == DW_OP_neg || (int64_t)a.add < 0)
			a.add = 0 - a.add;
		return l2c_push(x, a);
	}
	if (op->atom == DW_OP_neg) {
		a.base = arena_printf(x->r->a, "(0 - %s)", a.base);
		a.add = 0 - a.add;
		a.simple = false;
		return l2c_push(x, a);
	}
	a = l2c_simple(x, a);
	t = l2c_text(x, a);
	if (op->atom == DW_OP_not)
		t = arena_printf(x->r->a, "(~%s)", t);
	else
		t = arena_printf(x->r->a, "((int64_t)%s < 0 ? 0 - %s : %s)", t,
				 t, t);
	return l2c_push(x, l2c_expr(t, false));
}

/* ---- nested expressions: frame base, entry values ---- */

static int l2c_run(struct l2c *x, const struct loc_op *ops, size_t n,
		   size_t i, struct loc_result *out);

/* Run ops[0..n) in a fresh stack writing to x's setup; *v: the value the
 * run leaves (its address, its register's value, or its value). */
static int l2c_nested(struct l2c *x, const struct loc_op *ops, size_t n,
		      bool in_fb, const struct loc_op *op, struct l2c_val *v)
{
	struct l2c y_ = { 0 }, *y = &y_;
	struct loc_result res;

	if (x->depth >= L2C_MAX_DEPTH)
		return l2c_fail(x, S_TV_LOC_NESTED, l2c_name(x, op));
	y->r = x->r;
	y->out = x->out;
	y->depth = x->depth + 1;
	y->in_fb = in_fb || x->in_fb;
	if (l2c_run(y, ops, n, 0, &res))
		return -1;
	if (y->gone)
		x->gone = y->gone;
	if (res.kind == LOC_UNAVAILABLE) {
		*v = l2c_const(0);
		return 0;
	}
	if (res.kind != LOC_MEMORY && res.kind != LOC_VALUE &&
	    res.kind != LOC_REGISTER)
		return l2c_fail(x, in_fb ? S_TV_LOC_FB_KIND : S_TV_LOC_OP,
				l2c_name(x, op));
	*v = y->result;
	return 0;
}

static int l2c_fbreg(struct l2c *x, const struct loc_op *op)
{
	struct l2c_root *r = x->r;
	struct l2c_val fb;

	if (x->in_fb)
		return l2c_fail(x, S_TV_LOC_NESTED, l2c_name(x, op));
	if (!r->env->nfb)
		return l2c_fail(x, S_TV_LOC_NO_FB);
	if (r->fb_done) {
		fb = r->fb;
	} else {
		if (l2c_nested(x, r->env->fb, r->env->nfb, true, op, &fb))
			return -1;
		fb = l2c_simple(x, fb);
		/* inside a fork the temporaries are the branch's own */
		r->fb_done = x->depth == 0;
		r->fb = fb;
	}
	fb.add += op->number;
	return l2c_push(x, fb);
}

static bool l2c_is_reg_op(const struct loc_op *op)
{
	return (op->atom >= DW_OP_reg0 && op->atom <= DW_OP_reg31) ||
	       op->atom == DW_OP_regx;
}

/* DW_OP_entry_value: at the entry, the register (or expression) itself. */
static int l2c_entry_value(struct l2c *x, const struct loc_op *op)
{
	const struct loc_op *s = op->sub;
	struct l2c_val v;
	uint64_t reg;

	if (!s || !op->nsub)
		return l2c_fail(x, S_TV_LOC_EMPTY_RESULT);
	if (!x->r->env->at_entry) {
		x->gone = diag_text(x->r->a, S_TV_WHY_ENTRY);
		return l2c_push(x, l2c_const(0));
	}
	if (op->nsub == 1 && l2c_is_reg_op(s)) {
		reg = s->atom == DW_OP_regx ? s->number
					    : (uint64_t)(s->atom - DW_OP_reg0);
		if (l2c_check_reg(x, reg))
			return -1;
		return l2c_push(x, l2c_expr(l2c_regval(x, (int)reg), true));
	}
	if (l2c_nested(x, s, op->nsub, false, op, &v))
		return -1;
	return l2c_push(x, v);
}

/* ---- one operation ---- */

static int l2c_gone(struct l2c *x, enum diag_code why)
{
	x->gone = diag_text(x->r->a, why);
	return l2c_push(x, l2c_const(0));
}

/* The operations that end a location: register, value, implicit. */
static int l2c_terminal(struct l2c *x, const struct loc_op *op)
{
	x->ended = true;
	x->term = op;
	if (l2c_is_reg_op(op)) {
		uint64_t reg = op->atom == DW_OP_regx
				       ? op->number
				       : (uint64_t)(op->atom - DW_OP_reg0);

		x->kind = L2C_REG;
		x->reg = (int)reg;
		return l2c_check_reg(x, reg);
	}
	switch (op->atom) {
	case DW_OP_stack_value:
		if (l2c_need(x, op, 1))
			return -1;
		x->kind = L2C_VALUE;
		x->value = x->st[x->sp - 1];
		return 0;
	case DW_OP_implicit_value:
		x->kind = L2C_IMPLICIT;
		x->data = op->block;
		x->len = op->block ? op->nblock : 0;
		return 0;
	default:		/* implicit_pointer */
		x->kind = L2C_GONE;
		x->gone = diag_text(x->r->a, S_TV_WHY_IMPLICIT_PTR);
		return 0;
	}
}

static int l2c_signed_const(struct l2c *x, const struct loc_op *op)
{
	uint64_t v = op->number;

	switch (op->atom) {
	case DW_OP_const1s:	v = (uint64_t)(int8_t)v; break;
	case DW_OP_const2s:	v = (uint64_t)(int16_t)v; break;
	case DW_OP_const4s:	v = (uint64_t)(int32_t)v; break;
	}
	return l2c_push(x, l2c_const(v));
}

static int l2c_addr(struct l2c *x, const struct loc_op *op)
{
	const char *fmt = x->r->env->reloc_fmt;

	if (!fmt)
		return l2c_push(x, l2c_const(op->number));
	return l2c_push(x, l2c_expr(arena_printf(x->r->a, fmt,
						 (unsigned long long)op->number),
				    true));
}

static int l2c_breg(struct l2c *x, uint64_t reg, uint64_t off)
{
	struct l2c_val v;

	if (l2c_check_reg(x, reg))
		return -1;
	v = l2c_expr(l2c_regval(x, (int)reg), true);
	v.add = off;
	return l2c_push(x, v);
}

static int l2c_cfa(struct l2c *x, const struct loc_op *op)
{
	struct loc_env *env = x->r->env;

	(void)op;
	if (!env->cfa_known)
		return l2c_fail(x, S_TV_LOC_NO_CFA);
	return l2c_breg(x, (uint64_t)env->cfa_reg, (uint64_t)env->cfa_off);
}

static int l2c_op(struct l2c *x, const struct loc_op *op)
{
	unsigned a = op->atom;

	if (a >= DW_OP_lit0 && a <= DW_OP_lit31)
		return l2c_push(x, l2c_const(a - DW_OP_lit0));
	if (a >= DW_OP_breg0 && a <= DW_OP_breg31)
		return l2c_breg(x, a - DW_OP_breg0, op->number);
	if (l2c_is_reg_op(op))
		return l2c_terminal(x, op);
	switch (a) {
	case DW_OP_addr:		return l2c_addr(x, op);
	case DW_OP_deref:		return l2c_deref(x, op, 8);
	case DW_OP_deref_size:		return l2c_deref(x, op, op->number);
	case DW_OP_const1u: case DW_OP_const2u: case DW_OP_const4u:
	case DW_OP_const8u: case DW_OP_constu: case DW_OP_const8s:
	case DW_OP_consts:
	case DW_OP_const1s: case DW_OP_const2s: case DW_OP_const4s:
		return l2c_signed_const(x, op);
	case DW_OP_dup: case DW_OP_drop: case DW_OP_over: case DW_OP_pick:
	case DW_OP_swap: case DW_OP_rot:
		return l2c_stackop(x, op);
	case DW_OP_abs: case DW_OP_neg: case DW_OP_not:
		return l2c_unop(x, op);
	case DW_OP_and: case DW_OP_div: case DW_OP_minus: case DW_OP_mod:
	case DW_OP_mul: case DW_OP_or: case DW_OP_plus: case DW_OP_shl:
	case DW_OP_shr: case DW_OP_shra: case DW_OP_xor: case DW_OP_eq:
	case DW_OP_ge: case DW_OP_gt: case DW_OP_le: case DW_OP_lt:
	case DW_OP_ne:
		return l2c_binop(x, op);
	case DW_OP_plus_uconst:
		if (l2c_need(x, op, 1))
			return -1;
		x->st[x->sp - 1].add += op->number;
		return 0;
	case DW_OP_bregx:		return l2c_breg(x, op->number, op->number2);
	case DW_OP_fbreg:		return l2c_fbreg(x, op);
	case DW_OP_call_frame_cfa:	return l2c_cfa(x, op);
	case DW_OP_nop: case DW_OP_GNU_uninit:
		return 0;
	case DW_OP_stack_value: case DW_OP_implicit_value:
	case DW_OP_implicit_pointer: case DW_OP_GNU_implicit_pointer:
		return l2c_terminal(x, op);
	case DW_OP_entry_value: case DW_OP_GNU_entry_value:
		return l2c_entry_value(x, op);
	case DW_OP_GNU_parameter_ref:	return l2c_gone(x, S_TV_WHY_PARAM_REF);
	case DW_OP_GNU_variable_value:	return l2c_gone(x, S_TV_WHY_VAR_VALUE);
	case DW_OP_convert: case DW_OP_GNU_convert: case DW_OP_reinterpret:
	case DW_OP_GNU_reinterpret: case DW_OP_regval_type:
	case DW_OP_GNU_regval_type: case DW_OP_deref_type:
	case DW_OP_GNU_deref_type: case DW_OP_const_type:
	case DW_OP_GNU_const_type:
		return l2c_typed(x, op);
	}
	return l2c_fail(x, S_TV_LOC_OP, l2c_name(x, op));
}

/* ---- results ---- */

/* The location described since the last piece, into res (no setup). */
static int l2c_finish(struct l2c *x, struct loc_result *res)
{
	struct arena *a = x->r->a;

	memset(res, 0, sizeof(*res));
	res->setup = "";
	if (x->gone || (x->kind == L2C_ADDR && x->nops == 0)) {
		res->kind = LOC_UNAVAILABLE;
		res->why = x->gone ? x->gone
				   : diag_text(a, S_TV_WHY_OPTIMIZED);
		return 0;
	}
	switch (x->kind) {
	case L2C_ADDR:
		if (x->sp == 0)
			return l2c_fail(x, S_TV_LOC_EMPTY_RESULT);
		x->result = x->st[x->sp - 1];
		res->kind = LOC_MEMORY;
		res->expr = l2c_text(x, x->result);
		return 0;
	case L2C_REG:
		x->result = l2c_expr(l2c_regval(x, x->reg), true);
		res->kind = LOC_REGISTER;
		res->expr = arena_printf(a, "(%s)->%s", x->r->env->regs,
					 l2c_regs[x->reg]);
		return 0;
	case L2C_VALUE:
		x->result = x->value;
		res->kind = LOC_VALUE;
		res->expr = l2c_text(x, x->value);
		return 0;
	case L2C_IMPLICIT:
		res->kind = LOC_IMPLICIT;
		res->data = x->data;
		res->len = x->len;
		return 0;
	case L2C_GONE:
		break;
	}
	res->kind = LOC_UNAVAILABLE;
	res->why = x->gone;
	return 0;
}

/* Start describing a new piece. */
static void l2c_reset(struct l2c *x)
{
	x->sp = 0;
	x->kind = L2C_ADDR;
	x->ended = false;
	x->nops = 0;
	x->gone = NULL;
}

static int l2c_piece(struct l2c *x, const struct loc_op *op)
{
	struct loc_piece *p;

	if (x->npieces == x->cap) {
		struct loc_piece *np;

		x->cap = x->cap ? 2 * x->cap : 4;
		np = arena_alloc(x->r->a, (size_t)x->cap * sizeof(*np));
		if (x->npieces)
			memcpy(np, x->pieces, (size_t)x->npieces * sizeof(*np));
		x->pieces = np;
	}
	p = &x->pieces[x->npieces++];
	p->loc = arena_alloc(x->r->a, sizeof(*p->loc));
	if (l2c_finish(x, p->loc))
		return -1;
	if (op->atom == DW_OP_bit_piece) {
		p->bits = op->number;
		p->bit_offset = op->number2;
		p->size = (op->number + 7) / 8;
	} else {
		p->size = op->number;
	}
	l2c_reset(x);
	return 0;
}

/* The op index whose offset is `to`, or n for the end. */
static int l2c_target(struct l2c *x, const struct loc_op *ops, size_t n,
		      const struct loc_op *op, size_t *at)
{
	uint64_t to = op->offset + 3 + (uint64_t)(int64_t)(int16_t)op->number;
	size_t lo = 0, hi = n;

	if (n && to > ops[n - 1].offset) {
		*at = n;
		return 0;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ops[mid].offset < to)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == n || ops[lo].offset != to)
		return l2c_fail(x, S_TV_LOC_BRANCH, l2c_name(x, op));
	*at = lo;
	return 0;
}

/* One branch of a fork as a value: registers and short implicit values
 * become plain values so both branches can meet in one temporary. */
static int l2c_as_value(struct l2c *x, struct loc_result *r)
{
	uint64_t k = 0;
	size_t i;

	if (r->kind == LOC_REGISTER) {
		r->kind = LOC_VALUE;
		r->expr = arena_printf(x->r->a, "((uint64_t)%s)", r->expr);
	} else if (r->kind == LOC_IMPLICIT && r->len <= 8) {
		for (i = r->len; i > 0; i--)
			k = k << 8 | r->data[i - 1];
		r->kind = LOC_VALUE;
		r->expr = arena_printf(x->r->a, "0x%llxULL",
				       (unsigned long long)k);
	}
	return r->kind == LOC_PIECES || r->kind == LOC_IMPLICIT ? -1 : 0;
}

/* Run one branch of a fork from op i with its own setup text. */
static int l2c_branch(struct l2c *x, const struct loc_op *ops, size_t n,
		      size_t i, struct loc_result *res)
{
	struct l2c y_ = *x, *y = &y_;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	y->depth++;
	y->out = open_memstream(&buf, &len);
	if (!y->out)
		abort();
	rc = l2c_run(y, ops, n, i, res);
	fclose(y->out);
	res->setup = arena_strndup(x->r->a, buf, len);
	free(buf);
	return rc || l2c_as_value(x, res) ? -1 : 0;
}

/* A DW_OP_bra on a run-time condition: both ways, joined by an if. */
static int l2c_fork(struct l2c *x, const struct loc_op *ops, size_t n,
		    size_t jump, size_t next, struct l2c_val cond,
		    struct loc_result *out)
{
	struct loc_result t, f;
	const char *v;

	if (x->depth >= L2C_MAX_DEPTH)
		return l2c_fail(x, S_TV_LOC_NESTED, "DW_OP_bra");
	if (x->npieces)
		return l2c_fail(x, S_TV_LOC_PIECE_NEST);
	if (l2c_branch(x, ops, n, jump, &t) || l2c_branch(x, ops, n, next, &f))
		return x->r->err ? -1 : l2c_fail(x, S_TV_LOC_BRANCH_KIND);
	if (t.kind != f.kind)
		return l2c_fail(x, S_TV_LOC_BRANCH_KIND);
	*out = t;
	out->setup = "";
	if (t.kind == LOC_UNAVAILABLE)
		return 0;
	/* the condition in a temporary: compilers warn about some
	 * conditions that are always true, such as x | 1 */
	cond = l2c_simple(x, cond);
	v = l2c_temp(x, "uint64_t", NULL);
	fprintf(x->out, "if (%s) {\n%s%s = %s;\n} else {\n%s%s = %s;\n}\n",
		l2c_text(x, cond), t.setup, v, t.expr, f.setup, v, f.expr);
	out->expr = v;
	x->result = l2c_expr(v, true);
	return 0;
}

/* Execute ops[i..n) and describe the result in *out (setup excluded). */
static int l2c_run(struct l2c *x, const struct loc_op *ops, size_t n,
		   size_t i, struct loc_result *out)
{
	for (; i < n; i++) {
		const struct loc_op *op = &ops[i];
		struct l2c_val c;
		size_t to = 0;

		if (++x->r->steps > LOC_MAX_STEPS)
			return l2c_fail(x, S_TV_LOC_STEPS, LOC_MAX_STEPS);
		if (op->atom == DW_OP_piece || op->atom == DW_OP_bit_piece) {
			if (l2c_piece(x, op))
				return -1;
			continue;
		}
		if (x->ended)
			return l2c_fail(x, S_TV_LOC_NOT_LAST,
					l2c_name(x, x->term));
		x->nops++;
		if (op->atom != DW_OP_skip && op->atom != DW_OP_bra) {
			if (l2c_op(x, op))
				return -1;
			continue;
		}
		if (l2c_target(x, ops, n, op, &to))
			return -1;
		if (op->atom == DW_OP_bra) {
			if (l2c_need(x, op, 1))
				return -1;
			c = l2c_pop(x);
			if (c.base)
				return l2c_fork(x, ops, n, to, i + 1, c, out);
			if (!c.add)
				continue;
		}
		i = to - 1;	/* the loop's i++ lands on the target */
	}
	if (!x->npieces)
		return l2c_finish(x, out);
	if (x->nops)
		return l2c_fail(x, S_TV_LOC_NOT_LAST, "DW_OP_piece");
	memset(out, 0, sizeof(*out));
	out->kind = LOC_PIECES;
	out->pieces = x->pieces;
	out->npieces = x->npieces;
	return 0;
}

int loc_translate(struct loc_env *env, const struct loc_op *ops, size_t n,
		  struct loc_result *out, const char **err)
{
	struct l2c_root r = { .env = env, .a = env->arena };
	struct l2c x_ = { 0 }, *x = &x_;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	x->r = &r;
	x->out = open_memstream(&buf, &len);
	if (!x->out)
		abort();
	rc = l2c_run(x, ops, n, 0, out);
	fclose(x->out);
	if (rc) {
		free(buf);
		*err = r.err;
		return -1;
	}
	out->setup = arena_strndup(env->arena, buf, len);
	free(buf);
	return 0;
}
