/* loc2c.h - DWARF location expressions to C (pass 2, no libdw).
 *
 * A target variable's DWARF location (a list of DW_OP_* operations valid
 * at the probe address) becomes C code that the generated accessor runs
 * in the probe handler: it reads registers from the probe's struct
 * pt_regs and memory through fault-safe copies, and leaves either the
 * variable's address, the register holding it, or its value.  debuginfo.c
 * hands over the operations as plain structs (struct loc_op), so this file
 * and its unit tests need no debuginfo.
 *
 * Target: x86_64 (DWARF register numbers 0-16: rax rdx rcx rbx rsi rdi
 * rbp rsp r8-r15 and the return address; pt_regs fields ax dx cx bx si
 * di bp sp r8-r15 ip).
 */
#ifndef STAP_LOC2C_H
#define STAP_LOC2C_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/* One operation: DW_OP_* atom and its operands, as libdw's Dwarf_Op. */
struct loc_op {
	uint8_t atom;
	uint64_t number;	/* first operand (signed ones: cast) */
	uint64_t number2;	/* second operand (bregx, bit_piece, ...) */
	uint64_t offset;	/* byte offset of this op in its expression:
				 * DW_OP_skip / bra operands are relative
				 * to the end of the op, so they land on
				 * some other op's offset */
	/* DW_OP_entry_value / GNU_entry_value: the nested expression;
	 * DW_OP_implicit_value: the value bytes (block, nblock). */
	const struct loc_op *sub;
	size_t nsub;
	const uint8_t *block;
	size_t nblock;
};

/* Where the variable is, once the setup code has run. */
enum loc_kind {
	LOC_MEMORY,		/* at address `expr` (a uint64_t C expression) */
	LOC_REGISTER,		/* in register `expr` (a uint64_t C lvalue,
				 * e.g. "((uint64_t)(REGS)->di)") */
	LOC_VALUE,		/* its value is `expr` (DW_OP_stack_value) */
	LOC_IMPLICIT,		/* its value is the bytes data[0..len) */
	LOC_PIECES,		/* in several places: pieces[] */
	LOC_UNAVAILABLE,	/* not available at this address: `why` */
};

struct loc_result;

struct loc_piece {
	uint64_t size;		/* bytes (bit pieces: rounded up; bits set) */
	uint64_t bits;		/* DW_OP_bit_piece size in bits, else 0 */
	uint64_t bit_offset;	/* DW_OP_bit_piece offset, else 0 */
	struct loc_result *loc;	/* never LOC_PIECES itself */
};

struct loc_result {
	enum loc_kind kind;
	/* C statements to run first ("" when none): declarations of the
	 * temporaries they use (block-scoped, names unique within one
	 * loc_env), register reads and fault-safe memory reads that run
	 * env->fail on a fault. */
	const char *setup;
	const char *expr;
	const uint8_t *data;	/* LOC_IMPLICIT */
	size_t len;
	struct loc_piece *pieces;	/* LOC_PIECES */
	int npieces;
	const char *why;	/* LOC_UNAVAILABLE: "optimized out", ... */
};

/* What the translation knows about the probe site. */
struct loc_env {
	struct arena *arena;
	/* C expression of the probe's `struct pt_regs *`. */
	const char *regs;
	/* C expression of the `struct stp_err *` a fault is reported in
	 * (runtime/string.c stp_str_kread sets "kernel read fault at ..."),
	 * and the C statement that leaves the accessor after a fault. */
	const char *err;
	const char *fail;
	uint64_t pc;		/* the probe address (link-time) */
	/* DW_AT_frame_base of the function at pc (already the single
	 * expression valid at pc), or nfb == 0 when it has none. */
	const struct loc_op *fb;
	size_t nfb;
	/* The CFA at pc, from the call frame information. */
	bool cfa_known;
	int cfa_reg;		/* DWARF register number */
	int64_t cfa_off;
	/* The probe sits at the function's entry (kernel.function):
	 * DW_OP_entry_value(DW_OP_regN) is register N itself. */
	bool at_entry;
	/* A printf format with one %llx turning a link-time address
	 * (DW_OP_addr) into a run-time C expression, e.g. "(0x%llxULL +
	 * stp_kreloc)" for KASLR; NULL: used as is. */
	const char *reloc_fmt;
	int uniq;		/* next temporary number; loc2c advances it */
};

/*
 * Translate ops[0..n) (the location valid at env->pc) into *out.  Returns
 * 0, or -1 with *err set to a message for the user ("unsupported DWARF
 * operation DW_OP_foo", "stack underflow", ...) when the expression is
 * malformed or uses something we cannot translate; an expression that is
 * valid but says the value is gone (empty, DW_OP_GNU_implicit_pointer
 * to an optimized-out object, an entry value away from the entry) is a
 * LOC_UNAVAILABLE result, not an error.
 */
int loc_translate(struct loc_env *env, const struct loc_op *ops, size_t n,
		  struct loc_result *out, const char **err);

/* "di", "r12", ... for a DWARF register number, or NULL. */
const char *loc_reg_name(int dwarf_reg);

#endif
