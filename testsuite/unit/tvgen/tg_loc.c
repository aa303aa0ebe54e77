/* tg_loc.c - tests of stap/loc2c.c: every DW_OP it supports, run on the
 * fake registers and memory; the errors for malformed and unsupported
 * expressions; a reference stack machine against random expressions. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tg.h"

static struct ctype *ulong_t, *int_t, *short_t, *uchar_t;

#define NOPS(a) (sizeof(a) / sizeof((a)[0]))

/* Translate ops, read the location as type t (unsigned long by default),
 * and run: the value must be want (or the run fail with want_err). */
static void loc_run(const char *name, struct loc_env *env, struct loc_op *ops,
		    size_t n, const char *prep, struct ctype *t, int64_t want,
		    const char *want_err)
{
	struct tg_acc acc = { .type = t ? t : ulong_t };
	const char *err, *code;

	tg_layout(ops, n);
	acc.loc = tg_loc(env, ops, n);
	code = tg_gen(env, &acc, &err, NULL);
	if (!code) {
		tg_ok(false, name);
		printf("  error: %s\n", err);
		return;
	}
	tg_run(&(struct tg_run){ .name = name, .prep = prep, .code = code,
				 .want = want, .want_err = want_err });
}

#define RUN(name, prep, want, ...)                                          \
	do {                                                                \
		struct loc_op o_[] = { __VA_ARGS__ };                       \
		struct loc_env e_ = tg_env();                               \
		loc_run(name, &e_, o_, NOPS(o_), prep, NULL, want, NULL);   \
	} while (0)

#define LOC_ERR(name, want, ...)                                            \
	do {                                                                \
		struct loc_op o_[] = { __VA_ARGS__ };                       \
		struct loc_env e_ = tg_env();                               \
		tg_layout(o_, NOPS(o_));                                    \
		tg_loc_err(&e_, o_, NOPS(o_), want, name);                  \
	} while (0)

/* ---- kinds of location ---- */

static void test_kinds(void)
{
	struct loc_env env = tg_env();
	struct loc_result r;
	struct loc_op reg[] = { OP(DW_OP_reg5) };
	struct loc_op sv[] = { OP(DW_OP_lit7), OP(DW_OP_stack_value) };
	uint8_t bytes[] = { 1, 2, 3 };
	struct loc_op iv[] = { OP(DW_OP_implicit_value, .number = 3,
				  .block = bytes, .nblock = 3) };

	r = tg_loc(&env, NULL, 0);
	tg_ok(r.kind == LOC_UNAVAILABLE, "empty expression: unavailable");
	tg_eq(r.why, "optimized out", "empty expression: optimized out");
	r = tg_loc(&env, reg, 1);
	tg_ok(r.kind == LOC_REGISTER, "DW_OP_reg5: register");
	tg_eq(r.expr, "((&tregs))->di", "DW_OP_reg5: the pt_regs lvalue");
	tg_eq(r.setup, "", "DW_OP_reg5: no setup");
	r = tg_loc(&env, sv, 2);
	tg_ok(r.kind == LOC_VALUE, "stack_value: value");
	tg_eq(r.expr, "0x7ULL", "stack_value of a constant is folded");
	r = tg_loc(&env, iv, 1);
	tg_ok(r.kind == LOC_IMPLICIT && r.len == 3 && r.data == bytes,
	      "implicit_value: the bytes");
	tg_eq(loc_reg_name(0), "ax", "DWARF register 0 is ax");
	tg_eq(loc_reg_name(7), "sp", "DWARF register 7 is sp");
	tg_eq(loc_reg_name(16), "ip", "DWARF register 16 is ip");
	tg_ok(!loc_reg_name(17) && !loc_reg_name(-1), "no name beyond 16");
}

static void test_registers(void)
{
	static const char *const f[] = { "ax", "dx", "cx", "bx", "si", "di",
		"bp", "sp", "r8", "r9", "r10", "r11", "r12", "r13", "r14",
		"r15", "ip" };
	int i;

	for (i = 0; i < 17; i++) {
		struct loc_op o[] = { OP(i < 16 ? DW_OP_reg0 + i : DW_OP_regx,
					 .number = (uint64_t)i) };
		struct loc_env env = tg_env();
		int64_t v = (i + 1) * 0x10000 + i;
		const char *prep = arena_printf(tg_a, "tregs.%s = 0x%llx;",
						f[i], (long long)v);

		loc_run(arena_printf(tg_a, "register %d is %s", i, f[i]), &env,
			o, 1, prep, NULL, v, NULL);
	}
	RUN("DW_OP_regx 13", "tregs.r13 = 77;", 77, OP(DW_OP_regx, .number = 13));
	LOC_ERR("DW_OP_regx 17 (xmm0)", "unsupported DWARF register 17",
		OP(DW_OP_regx, .number = 17));
	LOC_ERR("DW_OP_reg17", "unsupported DWARF register 17",
		OP(DW_OP_reg0 + 17));
	LOC_ERR("DW_OP_breg20", "unsupported DWARF register 20",
		OP(DW_OP_breg0 + 20));
	{
		struct loc_op o[] = { OP(DW_OP_reg4) };
		struct loc_env e = tg_env();

		loc_run("an int in a register: its low half, sign-extended", &e, o, 1,
			"tregs.si = 0x00000005fffffffe;", int_t, -2, NULL);
	}
}

/* ---- addresses ---- */

static void test_addresses(void)
{
	struct loc_env env = tg_env();
	struct loc_op fb[] = { OP(DW_OP_fbreg, .number = (uint64_t)-16) };
	struct loc_op fbreg6[] = { OP(DW_OP_breg6, .number = 16) };
	struct loc_op fbr[] = { OP(DW_OP_reg6) };
	struct loc_result r;

	RUN("DW_OP_breg5 8", "tregs.di = M(0x100); W64(0x108, 0x1122334455667788);",
	    0x1122334455667788, OP(DW_OP_breg5, .number = 8));
	RUN("DW_OP_breg5 -8", "tregs.di = M(0x100); W64(0xf8, 42);", 42,
	    OP(DW_OP_breg5, .number = (uint64_t)-8));
	RUN("DW_OP_bregx 3 24", "tregs.bx = M(0x100); W64(0x118, 43);", 43,
	    OP(DW_OP_bregx, .number = 3, .number2 = 24));
	RUN("DW_OP_addr relocated", "W64(0x40, 44);", 44,
	    OP(DW_OP_addr, .number = 0x1040));
	RUN("DW_OP_fbreg over the CFA (sp + 8)",
	    "tregs.sp = M(0x200); W64(0x1f8, 45);", 45,
	    OP(DW_OP_fbreg, .number = (uint64_t)-16));
	r = tg_loc(&env, fb, 1);
	tg_eq(r.expr, "(((uint64_t)((&tregs))->sp) - 0x8ULL)",
	      "fbreg over call_frame_cfa folds into one sp - 8");
	env.fb = fbreg6;
	r = tg_loc(&env, fb, 1);
	tg_eq(r.expr, "((uint64_t)((&tregs))->bp)",
	      "frame base breg6 16, fbreg -16: bp");
	env.fb = fbr;
	r = tg_loc(&env, fb, 1);
	tg_eq(r.expr, "(((uint64_t)((&tregs))->bp) - 0x10ULL)",
	      "frame base DW_OP_reg6: the register's value");
	env = tg_env();
	env.nfb = 0;
	tg_loc_err(&env, fb, 1, "DW_OP_fbreg without a frame base",
		   "fbreg without DW_AT_frame_base");
	env = tg_env();
	env.fb = fb;
	tg_loc_err(&env, fb, 1, "nested too deeply at DW_OP_fbreg",
		   "fbreg inside the frame base");
	env = tg_env();
	env.cfa_known = false;
	tg_loc_err(&env, fb, 1, "DW_OP_call_frame_cfa without call frame",
		   "call_frame_cfa without CFI");
	env = tg_env();
	env.reloc_fmt = NULL;
	{
		struct loc_op a[] = { OP(DW_OP_addr, .number = 0xffffffff81000010) };

		r = tg_loc(&env, a, 1);
		tg_eq(r.expr, "0xffffffff81000010ULL", "DW_OP_addr without relocation");
	}
	RUN("DW_OP_call_frame_cfa stack_value", "tregs.sp = 0x1000;", 0x1008,
	    OP(DW_OP_call_frame_cfa), OP(DW_OP_stack_value));
}

/* ---- memory ---- */

static void test_deref(void)
{
	struct loc_env env = tg_env();
	struct loc_result r;
	struct loc_op d[] = { OP(DW_OP_breg5), OP(DW_OP_deref) };

	RUN("DW_OP_deref", "tregs.di = M(0x100); W64(0x100, M(0x200)); W64(0x200, 46);",
	    46, OP(DW_OP_breg5), OP(DW_OP_deref));
	RUN("DW_OP_deref_size 1 zero-extends", "tregs.di = M(0x100); W64(0x100, 0xfffffffffffffff0);",
	    0xf0, OP(DW_OP_breg5), OP(DW_OP_deref_size, .number = 1),
	    OP(DW_OP_stack_value));
	RUN("DW_OP_deref_size 2", "tregs.di = M(0x100); W64(0x100, 0x123456789abc);",
	    0x9abc, OP(DW_OP_breg5), OP(DW_OP_deref_size, .number = 2),
	    OP(DW_OP_stack_value));
	RUN("DW_OP_deref_size 4", "tregs.di = M(0x100); W64(0x100, 0x123456789abc);",
	    0x56789abc, OP(DW_OP_breg5), OP(DW_OP_deref_size, .number = 4),
	    OP(DW_OP_stack_value));
	RUN("DW_OP_deref_size 3", "tregs.di = M(0x100); W64(0x100, 0x123456789abc);",
	    0x789abc, OP(DW_OP_breg5), OP(DW_OP_deref_size, .number = 3),
	    OP(DW_OP_stack_value));
	RUN("DW_OP_deref_size 8", "tregs.di = M(0x100); W64(0x100, -2);",
	    -2, OP(DW_OP_breg5), OP(DW_OP_deref_size, .number = 8),
	    OP(DW_OP_stack_value));
	LOC_ERR("deref_size 0", "invalid size 0 in DW_OP_deref_size",
		OP(DW_OP_breg5), OP(DW_OP_deref_size, .number = 0));
	LOC_ERR("deref_size 9", "invalid size 9 in DW_OP_deref_size",
		OP(DW_OP_breg5), OP(DW_OP_deref_size, .number = 9));
	{
		struct loc_op o[] = { OP(DW_OP_breg5), OP(DW_OP_deref) };
		struct loc_env e = tg_env();

		loc_run("DW_OP_deref of a faulting address", &e, o, 2,
			"tregs.di = M(TV_MEM + 8);", NULL, 0,
			"kernel read fault at 0x");
	}
	{
		struct loc_op o[] = { OP(DW_OP_lit0), OP(DW_OP_deref) };
		struct loc_env e = tg_env();

		loc_run("DW_OP_deref of NULL", &e, o, 2, "", NULL, 0,
			"kernel read fault at 0x0000000000000000");
	}
	r = tg_loc(&env, d, 2);
	tg_has(r.setup, "if (stp_str_kread(&tv0, ((uint64_t)((&tregs))->di), 8, (&tctx.err))) break;",
	       "deref: one fault-safe read into a temporary");
	env = tg_env();
	env.user = true;
	r = tg_loc(&env, d, 2);
	tg_has(r.setup, "stp_tv_uread(&tv0,", "user: deref through stp_tv_uread");
	{
		struct loc_op o[] = { OP(DW_OP_breg5), OP(DW_OP_deref) };
		struct loc_env e = tg_env();

		e.user = true;
		loc_run("user deref", &e, o, 2,
			"tregs.di = M(0x100); W64(0x100, M(0x200)); W64(0x200, 47);",
			NULL, 47, NULL);
		loc_run("user deref fault", &e, o, 2, "tregs.di = 8;", NULL, 0,
			"user read fault at 0x0000000000000008");
	}
}

/* ---- constants, stack, arithmetic ---- */

static void test_constants(void)
{
	int i;

	for (i = 0; i < 32; i += 7)
		RUN(arena_printf(tg_a, "DW_OP_lit%d", i), "", i,
		    OP(DW_OP_lit0 + i), OP(DW_OP_stack_value));
	RUN("DW_OP_lit31", "", 31, OP(DW_OP_lit31), OP(DW_OP_stack_value));
	RUN("const1u", "", 200, OP(DW_OP_const1u, .number = 200), OP(DW_OP_stack_value));
	RUN("const1s -1", "", -1, OP(DW_OP_const1s, .number = 0xff), OP(DW_OP_stack_value));
	RUN("const2u", "", 60000, OP(DW_OP_const2u, .number = 60000), OP(DW_OP_stack_value));
	RUN("const2s -2", "", -2, OP(DW_OP_const2s, .number = 0xfffe), OP(DW_OP_stack_value));
	RUN("const4u", "", 4000000000LL, OP(DW_OP_const4u, .number = 4000000000u), OP(DW_OP_stack_value));
	RUN("const4s -3", "", -3, OP(DW_OP_const4s, .number = 0xfffffffd), OP(DW_OP_stack_value));
	RUN("const8u", "", 0x123456789abcdef0, OP(DW_OP_const8u, .number = 0x123456789abcdef0), OP(DW_OP_stack_value));
	RUN("const8s", "", -4, OP(DW_OP_const8s, .number = (uint64_t)-4), OP(DW_OP_stack_value));
	RUN("constu", "", 1 << 20, OP(DW_OP_constu, .number = 1 << 20), OP(DW_OP_stack_value));
	RUN("consts", "", -5, OP(DW_OP_consts, .number = (uint64_t)-5), OP(DW_OP_stack_value));
	RUN("nop and GNU_uninit are ignored", "", 6, OP(DW_OP_lit6), OP(DW_OP_nop),
	    OP(DW_OP_GNU_uninit), OP(DW_OP_stack_value));
}

static void test_stack(void)
{
	const char *regs = "tregs.di = 10; tregs.si = 20; tregs.dx = 30;";

	RUN("dup", regs, 20, OP(DW_OP_breg5), OP(DW_OP_dup), OP(DW_OP_plus), OP(DW_OP_stack_value));
	RUN("drop", regs, 10, OP(DW_OP_breg5), OP(DW_OP_breg4), OP(DW_OP_drop), OP(DW_OP_stack_value));
	RUN("over", regs, 10, OP(DW_OP_breg5), OP(DW_OP_breg4), OP(DW_OP_over), OP(DW_OP_stack_value));
	RUN("over keeps the entries", regs, 20, OP(DW_OP_breg5), OP(DW_OP_breg4), OP(DW_OP_over),
	    OP(DW_OP_drop), OP(DW_OP_stack_value));
	RUN("pick 2", regs, 10, OP(DW_OP_breg5), OP(DW_OP_breg4), OP(DW_OP_breg1),
	    OP(DW_OP_pick, .number = 2), OP(DW_OP_stack_value));
	RUN("pick 0 is dup", regs, 30, OP(DW_OP_breg5), OP(DW_OP_breg1),
	    OP(DW_OP_pick, .number = 0), OP(DW_OP_stack_value));
	RUN("swap", regs, 10, OP(DW_OP_breg5), OP(DW_OP_breg4), OP(DW_OP_swap),
	    OP(DW_OP_minus), OP(DW_OP_stack_value));
	/* rot: a b c -> c a b: then minus gives a - b, minus again c - (a-b) */
	RUN("rot", regs, 40, OP(DW_OP_breg5), OP(DW_OP_breg4), OP(DW_OP_breg1), OP(DW_OP_rot),
	    OP(DW_OP_minus), OP(DW_OP_minus), OP(DW_OP_stack_value));
	LOC_ERR("underflow", "DWARF expression stack underflow at DW_OP_plus",
		OP(DW_OP_lit1), OP(DW_OP_plus));
	LOC_ERR("pick beyond", "stack underflow at DW_OP_pick", OP(DW_OP_lit1),
		OP(DW_OP_pick, .number = 1));
	LOC_ERR("rot of two", "stack underflow at DW_OP_rot", OP(DW_OP_lit1),
		OP(DW_OP_lit2), OP(DW_OP_rot));
	LOC_ERR("nothing left", "DWARF expression leaves no value",
		OP(DW_OP_lit1), OP(DW_OP_drop));
	{
		struct loc_op o[LOC_MAX_STACK + 1];
		struct loc_env e = tg_env();
		size_t i;

		for (i = 0; i < NOPS(o); i++)
			o[i] = OP(DW_OP_lit1);
		tg_layout(o, NOPS(o));
		tg_loc_err(&e, o, NOPS(o), "stack overflow (more than 64 entries)",
			   "stack overflow");
	}
}

struct binop {
	unsigned atom;
	const char *name;
	int64_t a, b, want;
};

static void test_arith(void)
{
	static const struct binop ops[] = {
		{ DW_OP_plus, "plus", 5, 7, 12 },
		{ DW_OP_minus, "minus", 5, 7, -2 },
		{ DW_OP_mul, "mul", -3, 7, -21 },
		{ DW_OP_div, "div", -21, 4, -5 },
		{ DW_OP_div, "div by -1", INT64_MIN, -1, INT64_MIN },
		{ DW_OP_mod, "mod (unsigned)", 23, 5, 3 },
		{ DW_OP_and, "and", 0xf0f0, 0xff00, 0xf000 },
		{ DW_OP_or, "or", 0xf0f0, 0x0f00, 0xfff0 },
		{ DW_OP_xor, "xor", 0xf0f0, 0xff00, 0x0ff0 },
		{ DW_OP_shl, "shl", 3, 4, 48 },
		{ DW_OP_shl, "shl 64", 3, 64, 0 },
		{ DW_OP_shr, "shr (logical)", -16, 60, 15 },
		{ DW_OP_shr, "shr 70", -16, 70, 0 },
		{ DW_OP_shra, "shra", -16, 2, -4 },
		{ DW_OP_shra, "shra 99", -16, 99, -1 },
		{ DW_OP_eq, "eq", 4, 4, 1 },
		{ DW_OP_ne, "ne", 4, 4, 0 },
		{ DW_OP_lt, "lt (signed)", -1, 1, 1 },
		{ DW_OP_gt, "gt (signed)", -1, 1, 0 },
		{ DW_OP_le, "le", 3, 3, 1 },
		{ DW_OP_ge, "ge", 2, 3, 0 },
	};
	size_t i;
	int k;

	for (i = 0; i < NOPS(ops); i++) {
		const struct binop *b = &ops[i];
		/* 0: both constants (folded), 1: a in a register, 2: both */
		for (k = 0; k < 3; k++) {
			struct loc_op o[] = {
				k ? OP(DW_OP_breg5) : OP(DW_OP_const8s, .number = (uint64_t)b->a),
				k == 2 ? OP(DW_OP_breg4) : OP(DW_OP_const8s, .number = (uint64_t)b->b),
				OP(b->atom), OP(DW_OP_stack_value),
			};
			struct loc_env e = tg_env();
			const char *prep = arena_printf(tg_a,
				"tregs.di = 0x%llxUL; tregs.si = 0x%llxUL;",
				(unsigned long long)b->a, (unsigned long long)b->b);

			loc_run(arena_printf(tg_a, "%s (%s)", b->name,
					     k == 0 ? "folded" : k == 1 ? "one register" : "registers"),
				&e, o, NOPS(o), prep, NULL, b->want, NULL);
		}
	}
	RUN("plus_uconst", "tregs.di = 100;", 116, OP(DW_OP_breg5), OP(DW_OP_plus_uconst, .number = 16),
	    OP(DW_OP_stack_value));
	RUN("neg", "tregs.di = 100;", -100, OP(DW_OP_breg5), OP(DW_OP_neg), OP(DW_OP_stack_value));
	RUN("neg folded", "", -9, OP(DW_OP_lit9), OP(DW_OP_neg), OP(DW_OP_stack_value));
	RUN("neg of breg with offset", "tregs.di = 100;", -108, OP(DW_OP_breg5, .number = 8),
	    OP(DW_OP_neg), OP(DW_OP_stack_value));
	RUN("not", "tregs.di = 0xff;", ~0xffLL, OP(DW_OP_breg5), OP(DW_OP_not), OP(DW_OP_stack_value));
	RUN("abs", "tregs.di = (unsigned long)-42;", 42, OP(DW_OP_breg5), OP(DW_OP_abs), OP(DW_OP_stack_value));
	RUN("abs positive", "tregs.di = 42;", 42, OP(DW_OP_breg5), OP(DW_OP_abs), OP(DW_OP_stack_value));
	RUN("abs folded", "", 5, OP(DW_OP_consts, .number = (uint64_t)-5), OP(DW_OP_abs), OP(DW_OP_stack_value));
	LOC_ERR("division by a constant zero", "division by zero in DWARF expression",
		OP(DW_OP_breg5), OP(DW_OP_lit0), OP(DW_OP_div));
	{
		struct loc_op o[] = { OP(DW_OP_lit7), OP(DW_OP_breg5), OP(DW_OP_div), OP(DW_OP_stack_value) };
		struct loc_op m[] = { OP(DW_OP_lit7), OP(DW_OP_breg5), OP(DW_OP_mod), OP(DW_OP_stack_value) };
		struct loc_env e = tg_env();

		loc_run("division by a run-time zero", &e, o, NOPS(o), "tregs.di = 0;", NULL, 0,
			"division by 0");
		loc_run("mod by a run-time zero", &e, m, NOPS(m), "tregs.di = 0;", NULL, 0,
			"division by 0");
	}
	RUN("shl by a register", "tregs.di = 3; tregs.si = 65;", 0, OP(DW_OP_breg5), OP(DW_OP_breg4),
	    OP(DW_OP_shl), OP(DW_OP_stack_value));
	RUN("shra by a register", "tregs.di = (unsigned long)-64; tregs.si = 100;", -1, OP(DW_OP_breg5),
	    OP(DW_OP_breg4), OP(DW_OP_shra), OP(DW_OP_stack_value));
}

/* ---- branches ---- */

static void test_branches(void)
{
	/* if (di) 3 else 4: breg5 bra L; lit4 skip E; L: lit3; E: stack_value */
	struct loc_op ife[] = { OP(DW_OP_breg5), OP(DW_OP_bra), OP(DW_OP_lit4),
				OP(DW_OP_skip), OP(DW_OP_lit3), OP(DW_OP_stack_value) };
	/* sum 3+2+1 with a loop on constants (unrolled here) */
	struct loc_op loop[] = { OP(DW_OP_lit0), OP(DW_OP_lit3),
		/* 2: */ OP(DW_OP_dup), OP(DW_OP_rot), OP(DW_OP_plus), OP(DW_OP_swap),
		OP(DW_OP_lit1), OP(DW_OP_minus), OP(DW_OP_dup), OP(DW_OP_bra),
		OP(DW_OP_drop), OP(DW_OP_stack_value) };
	struct loc_op inf[] = { OP(DW_OP_lit1), OP(DW_OP_skip) };
	struct loc_op bad[] = { OP(DW_OP_lit1), OP(DW_OP_skip, .number = 1),
				OP(DW_OP_const2u, .number = 7), OP(DW_OP_stack_value) };
	struct loc_op mem[] = { OP(DW_OP_breg5), OP(DW_OP_bra), OP(DW_OP_breg4),
				OP(DW_OP_deref), OP(DW_OP_skip), OP(DW_OP_breg1),
				OP(DW_OP_deref), OP(DW_OP_stack_value) };
	struct loc_op kinds[] = { OP(DW_OP_breg5), OP(DW_OP_bra), OP(DW_OP_breg4),
				  OP(DW_OP_skip), OP(DW_OP_reg1), OP(DW_OP_nop) };
	struct loc_env e = tg_env();
	struct loc_result r;

	tg_layout(ife, NOPS(ife));
	tg_aim(ife, NOPS(ife), 1, 4);
	tg_aim(ife, NOPS(ife), 3, 5);
	loc_run("bra on a register (taken)", &e, ife, NOPS(ife), "tregs.di = 9;", NULL, 3, NULL);
	loc_run("bra on a register (not taken)", &e, ife, NOPS(ife), "tregs.di = 0;", NULL, 4, NULL);
	r = tg_loc(&e, ife, NOPS(ife));
	tg_has(r.setup, "if (((uint64_t)((&tregs))->di)) {", "a run-time bra forks into an if");
	ife[0] = OP(DW_OP_lit0);
	tg_layout(ife, NOPS(ife));
	tg_aim(ife, NOPS(ife), 1, 4);
	tg_aim(ife, NOPS(ife), 3, 5);
	r = tg_loc(&e, ife, NOPS(ife));
	tg_eq(r.expr, "0x4ULL", "bra on a constant is followed here");
	tg_eq(r.setup, "", "bra on a constant: no code");

	tg_layout(loop, NOPS(loop));
	tg_aim(loop, NOPS(loop), 9, 2);
	r = tg_loc(&e, loop, NOPS(loop));
	tg_eq(r.expr, "0x6ULL", "a backward bra loop on constants runs here");

	tg_layout(inf, NOPS(inf));
	tg_aim(inf, NOPS(inf), 1, 1);
	tg_loc_err(&e, inf, NOPS(inf), "too complex (more than 4096 operations)",
		   "an endless skip loop is bounded");
	tg_layout(bad, NOPS(bad));
	tg_loc_err(&e, bad, NOPS(bad), "invalid DW_OP_skip target",
		   "skip into the middle of an op");

	/* the memory operands of both branches: di ? *si : *dx */
	tg_layout(mem, NOPS(mem));
	tg_aim(mem, NOPS(mem), 1, 5);
	tg_aim(mem, NOPS(mem), 4, 7);
	loc_run("forked deref (taken)", &e, mem, NOPS(mem),
		"tregs.di = 1; tregs.si = M(0x10); tregs.dx = M(0x20); W64(0x20, 0x2222); W64(0x10, 0x1111);",
		NULL, 0x2222, NULL);
	loc_run("forked deref (not taken)", &e, mem, NOPS(mem),
		"tregs.di = 0; tregs.si = M(0x10); tregs.dx = M(0x20); W64(0x20, 0x2222); W64(0x10, 0x1111);",
		NULL, 0x1111, NULL);
	loc_run("forked: the branch not taken is not read", &e, mem, NOPS(mem),
		"tregs.di = 0; tregs.si = M(0x10); tregs.dx = M(TV_MEM); W64(0x10, 0x1111);",
		NULL, 0x1111, NULL);
	loc_run("forked: the branch taken faults", &e, mem, NOPS(mem),
		"tregs.di = 1; tregs.si = M(0x10); tregs.dx = M(TV_MEM); W64(0x10, 0x1111);",
		NULL, 0, "kernel read fault at");
	tg_layout(kinds, NOPS(kinds));
	tg_aim(kinds, NOPS(kinds), 1, 4);
	tg_aim(kinds, NOPS(kinds), 3, 5);
	tg_loc_err(&e, kinds, NOPS(kinds), "must end a DWARF location", "reg then nop");
	kinds[5] = OP(DW_OP_piece, .number = 8);
	tg_layout(kinds, NOPS(kinds));
	tg_aim(kinds, NOPS(kinds), 1, 4);
	tg_aim(kinds, NOPS(kinds), 3, 5);
	tg_loc_err(&e, kinds, NOPS(kinds), "different kinds of location",
		   "bra joining memory and pieces");
}

/* ---- terminal operations, pieces ---- */

static void test_pieces(void)
{
	struct loc_env e = tg_env();
	struct loc_result r;
	struct loc_op two[] = { OP(DW_OP_reg5), OP(DW_OP_piece, .number = 4),
				OP(DW_OP_reg4), OP(DW_OP_piece, .number = 4) };
	struct loc_op gap[] = { OP(DW_OP_piece, .number = 4), OP(DW_OP_breg5),
				OP(DW_OP_piece, .number = 4) };
	struct loc_op bits[] = { OP(DW_OP_reg5), OP(DW_OP_bit_piece, .number = 12, .number2 = 4),
				 OP(DW_OP_lit5), OP(DW_OP_stack_value),
				 OP(DW_OP_bit_piece, .number = 20) };

	tg_layout(two, NOPS(two));
	r = tg_loc(&e, two, NOPS(two));
	tg_ok(r.kind == LOC_PIECES && r.npieces == 2 && r.pieces[0].size == 4 &&
	      r.pieces[1].loc->kind == LOC_REGISTER, "two register pieces");
	loc_run("8 bytes from two registers' halves", &e, two, NOPS(two),
		"tregs.di = 0xaaaaaaaa11111111; tregs.si = 0xbbbbbbbb22222222;", NULL,
		0x2222222211111111LL, NULL);
	loc_run("int from the second piece", &e, two, NOPS(two),
		"tregs.di = 1; tregs.si = 0xfffffffe;", int_t, 1, NULL);
	tg_layout(gap, NOPS(gap));
	r = tg_loc(&e, gap, NOPS(gap));
	tg_ok(r.kind == LOC_PIECES && r.pieces[0].loc->kind == LOC_UNAVAILABLE &&
	      r.pieces[1].loc->kind == LOC_MEMORY, "an empty piece is optimized out");
	tg_layout(bits, NOPS(bits));
	r = tg_loc(&e, bits, NOPS(bits));
	tg_ok(r.kind == LOC_PIECES && r.pieces[0].bits == 12 &&
	      r.pieces[0].bit_offset == 4 && r.pieces[0].size == 2,
	      "bit_piece: size in bits and offset");
	loc_run("bit pieces: 12 bits of di from bit 4, then 5", &e, bits, NOPS(bits),
		"tregs.di = 0xabcd;", int_t, (5 << 12) | 0xabc, NULL);
	LOC_ERR("reg then an op", "DW_OP_reg5 must end a DWARF location",
		OP(DW_OP_reg5), OP(DW_OP_lit1));
	LOC_ERR("stack_value then an op", "DW_OP_stack_value must end",
		OP(DW_OP_lit1), OP(DW_OP_stack_value), OP(DW_OP_lit1));
	LOC_ERR("ops after the last piece", "DW_OP_piece must end",
		OP(DW_OP_reg5), OP(DW_OP_piece, .number = 4), OP(DW_OP_lit1));
	LOC_ERR("stack_value on nothing", "underflow at DW_OP_stack_value",
		OP(DW_OP_stack_value));
}

static void test_implicit(void)
{
	static uint8_t v8[] = { 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01 };
	static uint8_t v2[] = { 0xfe, 0xff };
	struct loc_op iv8[] = { OP(DW_OP_implicit_value, .number = 8, .block = v8, .nblock = 8) };
	struct loc_op iv2[] = { OP(DW_OP_implicit_value, .number = 2, .block = v2, .nblock = 2) };
	struct loc_op ip[] = { OP(DW_OP_implicit_pointer, .number = 0x1234, .number2 = 8) };
	struct loc_op gip[] = { OP(DW_OP_GNU_implicit_pointer, .number = 0x1234) };
	struct loc_op pref[] = { OP(DW_OP_GNU_parameter_ref, .number = 0x99), OP(DW_OP_stack_value) };
	struct loc_op vv[] = { OP(DW_OP_GNU_variable_value, .number = 0x99), OP(DW_OP_stack_value) };
	struct loc_env e = tg_env();
	struct loc_result r;

	loc_run("implicit_value of 8 bytes", &e, iv8, 1, "", NULL, 0x0123456789abcdefLL, NULL);
	loc_run("implicit_value as a short", &e, iv2, 1, "", short_t, -2, NULL);
	r = tg_loc(&e, ip, 1);
	tg_ok(r.kind == LOC_UNAVAILABLE, "implicit_pointer: unavailable");
	tg_has(r.why, "pointer to an object without an address", "implicit_pointer: why");
	r = tg_loc(&e, gip, 1);
	tg_ok(r.kind == LOC_UNAVAILABLE, "GNU_implicit_pointer: unavailable");
	r = tg_loc(&e, pref, 2);
	tg_ok(r.kind == LOC_UNAVAILABLE, "GNU_parameter_ref: unavailable");
	tg_has(r.why, "caller's parameter", "GNU_parameter_ref: why");
	r = tg_loc(&e, vv, 2);
	tg_ok(r.kind == LOC_UNAVAILABLE, "GNU_variable_value: unavailable");
}

static void test_entry_value(void)
{
	struct loc_op reg[] = { OP(DW_OP_reg5) };
	struct loc_op deref[] = { OP(DW_OP_breg4), OP(DW_OP_deref) };
	struct loc_op ev[] = { OP(DW_OP_entry_value, .sub = reg, .nsub = 1),
			       OP(DW_OP_stack_value) };
	struct loc_op gev[] = { OP(DW_OP_GNU_entry_value, .sub = reg, .nsub = 1),
				OP(DW_OP_plus_uconst, .number = 1), OP(DW_OP_stack_value) };
	struct loc_op evd[] = { OP(DW_OP_entry_value, .sub = deref, .nsub = 2),
				OP(DW_OP_stack_value) };
	struct loc_op bad[] = { OP(DW_OP_entry_value), OP(DW_OP_stack_value) };
	struct loc_env e = tg_env();
	struct loc_result r;

	tg_layout(deref, 2);
	loc_run("entry_value(reg5) at the entry: di", &e, ev, 2, "tregs.di = 1234;", NULL, 1234, NULL);
	loc_run("GNU_entry_value(reg5) + 1", &e, gev, 3, "tregs.di = 1234;", NULL, 1235, NULL);
	loc_run("entry_value(breg4; deref)", &e, evd, 2,
		"tregs.si = M(0x30); W64(0x30, 777);", NULL, 777, NULL);
	e.at_entry = false;
	r = tg_loc(&e, ev, 2);
	tg_ok(r.kind == LOC_UNAVAILABLE, "entry_value away from the entry: unavailable");
	tg_has(r.why, "entry", "entry_value: why");
	e = tg_env();
	tg_layout(bad, 2);
	tg_loc_err(&e, bad, 2, "leaves no value", "entry_value without an expression");
}

static void test_typed(void)
{
	static uint8_t m1[] = { 0xff, 0xff, 0xff, 0xff };
	struct loc_env e = tg_env();

	RUN("convert to int (signed 4)", "tregs.di = 0x1fffffffe;", -2, OP(DW_OP_breg5),
	    OP(DW_OP_convert, .type_size = 4, .type_enc = DW_ATE_signed), OP(DW_OP_stack_value));
	RUN("convert to unsigned char", "tregs.di = 0x1ff;", 0xff, OP(DW_OP_breg5),
	    OP(DW_OP_convert, .type_size = 1, .type_enc = DW_ATE_unsigned_char), OP(DW_OP_stack_value));
	RUN("convert to a 3-byte signed type", "tregs.di = 0xfffffe;", -2, OP(DW_OP_breg5),
	    OP(DW_OP_GNU_convert, .type_size = 3, .type_enc = DW_ATE_signed), OP(DW_OP_stack_value));
	RUN("convert to the generic type", "tregs.di = 0x1fffffffe;", 0x1fffffffeLL, OP(DW_OP_breg5),
	    OP(DW_OP_convert), OP(DW_OP_stack_value));
	RUN("reinterpret to a signed short", "tregs.di = 0xfff0;", -16, OP(DW_OP_breg5),
	    OP(DW_OP_reinterpret, .type_size = 2, .type_enc = DW_ATE_signed), OP(DW_OP_stack_value));
	RUN("convert folded", "", -1, OP(DW_OP_const1u, .number = 0xff),
	    OP(DW_OP_convert, .type_size = 1, .type_enc = DW_ATE_signed_char), OP(DW_OP_stack_value));
	RUN("regval_type", "tregs.dx = 0xffffffff80000000;", INT32_MIN,
	    OP(DW_OP_regval_type, .number = 1, .type_size = 4, .type_enc = DW_ATE_signed),
	    OP(DW_OP_stack_value));
	RUN("deref_type", "tregs.di = M(0x10); W32(0x10, -7);", -7, OP(DW_OP_breg5),
	    OP(DW_OP_deref_type, .number = 4, .type_size = 4, .type_enc = DW_ATE_signed),
	    OP(DW_OP_stack_value));
	{
		struct loc_op o[] = { OP(DW_OP_const_type, .type_size = 4, .type_enc = DW_ATE_signed,
					 .block = m1, .nblock = 4), OP(DW_OP_stack_value) };

		loc_run("const_type -1", &e, o, 2, "", NULL, -1, NULL);
	}
	LOC_ERR("convert to float", "unsupported typed DWARF value in DW_OP_convert (encoding)",
		OP(DW_OP_lit1), OP(DW_OP_convert, .type_size = 8, .type_enc = DW_ATE_float));
	LOC_ERR("convert to 16 bytes", "unsupported typed DWARF value in DW_OP_convert (size)",
		OP(DW_OP_lit1), OP(DW_OP_convert, .type_size = 16, .type_enc = DW_ATE_signed));
	LOC_ERR("const_type of 16 bytes", "in DW_OP_GNU_const_type (size)",
		OP(DW_OP_GNU_const_type, .type_size = 8, .type_enc = DW_ATE_signed, .block = m1,
		   .nblock = 16));
	LOC_ERR("regval_type of xmm0", "unsupported DWARF register 17",
		OP(DW_OP_regval_type, .number = 17, .type_size = 8, .type_enc = DW_ATE_float));
}

static void test_unsupported(void)
{
	static const unsigned atoms[] = { DW_OP_xderef, DW_OP_xderef_size,
		DW_OP_push_object_address, DW_OP_call2, DW_OP_call4,
		DW_OP_call_ref, DW_OP_form_tls_address,
		DW_OP_GNU_push_tls_address, DW_OP_addrx, DW_OP_constx };
	size_t i;

	for (i = 0; i < NOPS(atoms); i++) {
		struct loc_op o[] = { OP(DW_OP_lit1), OP(DW_OP_lit1), OP(atoms[i]) };
		struct loc_env e = tg_env();
		const char *nm = NULL;

		switch (atoms[i]) {
		case DW_OP_xderef: nm = "DW_OP_xderef"; break;
		case DW_OP_push_object_address: nm = "DW_OP_push_object_address"; break;
		case DW_OP_GNU_push_tls_address: nm = "DW_OP_GNU_push_tls_address"; break;
		default: nm = "unsupported DWARF operation DW_OP_"; break;
		}
		tg_layout(o, NOPS(o));
		tg_loc_err(&e, o, NOPS(o), nm,
			   arena_printf(tg_a, "unsupported op 0x%02x", atoms[i]));
	}
	LOC_ERR("an unknown atom", "unsupported DWARF operation DW_OP_0x01", OP(0x01));
}

/* ---- random expressions against a reference stack machine ---- */

static const uint64_t rv[16] = {
	0, 1, 0xffffffffffffffff, 42, 0x8000000000000000, 7, 0x7fffffff,
	0x100000000, 3, 0xfffffffffffffff0, 12345678, 64, 0xdeadbeef, 5, 2,
	0x123456789abcdef,
};

struct rgen {
	uint64_t s;
	struct loc_op ops[512];
	size_t n;
	size_t jump[64][2];	/* op index, target index */
	int njump;
};

static uint64_t rnd(struct rgen *g, uint64_t n)
{
	g->s ^= g->s << 13;
	g->s ^= g->s >> 7;
	g->s ^= g->s << 17;
	return g->s % n;
}

static void emit(struct rgen *g, struct loc_op o)
{
	if (g->n < NOPS(g->ops))
		g->ops[g->n++] = o;
}

static const unsigned rbin[] = { DW_OP_plus, DW_OP_minus, DW_OP_mul,
	DW_OP_div, DW_OP_mod, DW_OP_and, DW_OP_or, DW_OP_xor, DW_OP_shl,
	DW_OP_shr, DW_OP_shra, DW_OP_eq, DW_OP_ne, DW_OP_lt, DW_OP_gt,
	DW_OP_le, DW_OP_ge };

/* Operations pushing exactly one value. */
static void gen(struct rgen *g, int depth)
{
	unsigned k = (unsigned)rnd(g, depth > 4 ? 3 : 10);
	unsigned op = rbin[rnd(g, NOPS(rbin))];
	size_t bra, skip;

	switch (k) {
	case 0:
		emit(g, OP(DW_OP_lit0 + (unsigned)rnd(g, 32)));
		return;
	case 1:
		emit(g, OP(DW_OP_breg0 + (unsigned)rnd(g, 16),
			   .number = rnd(g, 64) - 32));
		return;
	case 2:
		emit(g, OP(DW_OP_const8s, .number = rv[rnd(g, 16)] ^ rnd(g, 1000)));
		return;
	case 3:
		gen(g, depth + 1);
		emit(g, OP(rnd(g, 2) ? DW_OP_neg : rnd(g, 2) ? DW_OP_not : DW_OP_abs));
		return;
	case 4:
		gen(g, depth + 1);
		if (rnd(g, 2))
			emit(g, OP(DW_OP_plus_uconst, .number = rnd(g, 100000)));
		else
			emit(g, OP(DW_OP_convert, .type_size = (uint8_t)(1u << rnd(g, 3)),
				   .type_enc = rnd(g, 2) ? DW_ATE_signed : DW_ATE_unsigned));
		return;
	case 5: case 6:
		gen(g, depth + 1);
		gen(g, depth + 1);
		if (op == DW_OP_div || op == DW_OP_mod) {
			emit(g, OP(DW_OP_lit1));
			emit(g, OP(DW_OP_or));
		}
		if (rnd(g, 3) == 0) {
			emit(g, OP(DW_OP_swap));
			if (op == DW_OP_div || op == DW_OP_mod)
				op = DW_OP_plus;
		}
		emit(g, OP(op));
		return;
	case 7:
		gen(g, depth + 1);
		emit(g, OP(rnd(g, 2) ? DW_OP_dup : DW_OP_pick, .number = 0));
		emit(g, OP(op == DW_OP_div || op == DW_OP_mod ? DW_OP_xor : op));
		return;
	case 8:
		gen(g, depth + 1);
		gen(g, depth + 1);
		gen(g, depth + 1);
		emit(g, OP(rnd(g, 2) ? DW_OP_rot : DW_OP_over));
		emit(g, OP(DW_OP_minus));
		emit(g, OP(DW_OP_plus));
		if (g->ops[g->n - 3].atom == DW_OP_over)
			emit(g, OP(DW_OP_xor));
		return;
	default:		/* cond ? b : a */
		gen(g, depth + 1);
		bra = g->n;
		emit(g, OP(DW_OP_bra));
		gen(g, depth + 1);
		skip = g->n;
		emit(g, OP(DW_OP_skip));
		if (g->njump < 62) {
			g->jump[g->njump][0] = bra;
			g->jump[g->njump++][1] = g->n;
		}
		gen(g, depth + 1);
		if (g->njump < 63) {
			g->jump[g->njump][0] = skip;
			g->jump[g->njump++][1] = g->n;
		}
		return;
	}
}

static uint64_t ref_bin(unsigned op, uint64_t a, uint64_t b)
{
	int64_t sa = (int64_t)a, sb = (int64_t)b;

	switch (op) {
	case DW_OP_plus: return a + b;
	case DW_OP_minus: return a - b;
	case DW_OP_mul: return a * b;
	case DW_OP_div: return sb == -1 ? (uint64_t)0 - a : (uint64_t)(sa / sb);
	case DW_OP_mod: return a % b;
	case DW_OP_and: return a & b;
	case DW_OP_or: return a | b;
	case DW_OP_xor: return a ^ b;
	case DW_OP_shl: return b < 64 ? a << b : 0;
	case DW_OP_shr: return b < 64 ? a >> b : 0;
	case DW_OP_shra: return (uint64_t)(b < 64 ? sa >> b : sa >> 63);
	case DW_OP_eq: return sa == sb;
	case DW_OP_ne: return sa != sb;
	case DW_OP_lt: return sa < sb;
	case DW_OP_gt: return sa > sb;
	case DW_OP_le: return sa <= sb;
	default: return sa >= sb;
	}
}

static uint64_t ref_conv(const struct loc_op *o, uint64_t v)
{
	unsigned sh = 64 - 8 * o->type_size;

	if (o->type_enc == DW_ATE_signed)
		return (uint64_t)((int64_t)(v << sh) >> sh);
	return v << sh >> sh;
}

/* The reference: a plain stack machine over rv[] as the registers. */
static uint64_t ref_eval(const struct loc_op *ops, size_t n)
{
	uint64_t st[256], a, b;
	int sp = 0;
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct loc_op *o = &ops[i];

		if (o->atom >= DW_OP_lit0 && o->atom <= DW_OP_lit31) {
			st[sp++] = o->atom - DW_OP_lit0;
		} else if (o->atom >= DW_OP_breg0 && o->atom <= DW_OP_breg15) {
			st[sp++] = rv[o->atom - DW_OP_breg0] + o->number;
		} else if (o->atom == DW_OP_const8s) {
			st[sp++] = o->number;
		} else if (o->atom == DW_OP_neg) {
			st[sp - 1] = 0 - st[sp - 1];
		} else if (o->atom == DW_OP_not) {
			st[sp - 1] = ~st[sp - 1];
		} else if (o->atom == DW_OP_abs) {
			st[sp - 1] = (int64_t)st[sp - 1] < 0 ? 0 - st[sp - 1] : st[sp - 1];
		} else if (o->atom == DW_OP_plus_uconst) {
			st[sp - 1] += o->number;
		} else if (o->atom == DW_OP_convert) {
			st[sp - 1] = ref_conv(o, st[sp - 1]);
		} else if (o->atom == DW_OP_dup || o->atom == DW_OP_pick) {
			st[sp] = st[sp - 1 - (o->atom == DW_OP_pick ? (int)o->number : 0)];
			sp++;
		} else if (o->atom == DW_OP_over) {
			st[sp] = st[sp - 2];
			sp++;
		} else if (o->atom == DW_OP_swap) {
			a = st[sp - 1];
			st[sp - 1] = st[sp - 2];
			st[sp - 2] = a;
		} else if (o->atom == DW_OP_rot) {
			a = st[sp - 1];
			st[sp - 1] = st[sp - 2];
			st[sp - 2] = st[sp - 3];
			st[sp - 3] = a;
		} else if (o->atom == DW_OP_skip || o->atom == DW_OP_bra) {
			if (o->atom == DW_OP_bra && !st[--sp])
				continue;
			for (j = 0; j < n && ops[j].offset != o->offset + 3 +
				     (uint64_t)(int64_t)(int16_t)o->number; j++)
				;
			i = j - 1;
		} else {
			b = st[--sp];
			a = st[--sp];
			st[sp++] = ref_bin(o->atom, a, b);
		}
	}
	return st[sp - 1];
}

static void test_random(void)
{
	struct rgen *g = calloc(1, sizeof(*g));
	const char *prep = "";
	int t, i;

	if (!g)
		abort();
	for (i = 0; i < 16; i++)
		prep = arena_printf(tg_a, "%s tregs.%s = 0x%llxULL;", prep,
				    loc_reg_name(i), (unsigned long long)rv[i]);
	g->s = 0x9e3779b97f4a7c15ULL;
	for (t = 0; t < 300; t++) {
		struct loc_env e = tg_env();

		g->n = 0;
		g->njump = 0;
		gen(g, 0);
		emit(g, OP(DW_OP_stack_value));
		tg_layout(g->ops, g->n);
		for (i = 0; i < g->njump; i++)
			tg_aim(g->ops, g->n, g->jump[i][0], g->jump[i][1]);
		loc_run(arena_printf(tg_a, "random expression %d (%zu ops)", t, g->n),
			&e, g->ops, g->n, prep, NULL,
			(int64_t)ref_eval(g->ops, g->n - 1), NULL);
	}
	free(g);
}

/* ---- speed ---- */

static void test_speed(void)
{
	struct loc_op fb[] = { OP(DW_OP_fbreg, .number = (uint64_t)-40),
			       OP(DW_OP_deref), OP(DW_OP_plus_uconst, .number = 16) };
	struct loc_op ev[] = { OP(DW_OP_reg5) };
	struct loc_op evs[] = { OP(DW_OP_entry_value, .sub = ev, .nsub = 1),
				OP(DW_OP_stack_value) };
	struct arena *a = arena_new();
	struct loc_env e = tg_env();
	struct loc_result r;
	const char *err;
	clock_t t0 = clock();
	double us;
	int i, bad = 0;

	e.arena = a;
	tg_layout(fb, 3);
	for (i = 0; i < 20000; i++) {
		bad += loc_translate(&e, fb, 3, &r, &err);
		bad += loc_translate(&e, evs, 2, &r, &err);
	}
	us = (double)(clock() - t0) / CLOCKS_PER_SEC * 1e6 / 40000;
	printf("loc_translate: %.2f us per expression (%zu arena bytes each)\n",
	       us, arena_used(a) / 40000);
	tg_ok(!bad, "speed loop translates");
	tg_ok(us < 20, "loc_translate under 20 us per expression");
	arena_free(a);
}

void tg_loc_tests(void)
{
	ulong_t = tg_base("long unsigned int", 8, false);
	int_t = tg_base("int", 4, true);
	short_t = tg_base("short int", 2, true);
	uchar_t = tg_char("unsigned char", false);
	test_kinds();
	test_registers();
	test_addresses();
	test_deref();
	test_constants();
	test_stack();
	test_arith();
	test_branches();
	test_pieces();
	test_implicit();
	test_entry_value();
	test_typed();
	test_unsupported();
	test_random();
	test_speed();
}
