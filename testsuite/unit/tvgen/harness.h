/* SPDX-License-Identifier: GPL-2.0 */
/*
 * harness.h - user-space home of the accessors that stap/loc2c.c and
 * stap/ctypes.c generate: the runtime's data services (string.c,
 * format.c) and tvar.c over the shim, a fake struct pt_regs, and a
 * memory image whose upper page faults.  cases.c (written by t_tvgen)
 * includes this, then one function per case, then main().
 *
 * Memory: mem[0..TV_MEM) is readable and writable; mem[TV_MEM..2*TV_MEM)
 * and every other address fault, reads and writes alike.  M(off) is
 * the address of mem[off]; the link-time address 0x1000 + off of
 * DW_OP_addr maps to mem[off].
 */
#ifndef TV_HARNESS_H
#define TV_HARNESS_H

#include "shim/stp_shim.h"

#include <inttypes.h>

/* ---- what tvar.c needs beyond the shim ---- */
#define pagefault_disable() do { } while (0)
#define pagefault_enable() do { } while (0)
#define __put_kernel_nofault(dst, src, type, label)			\
	do {								\
		if (stp_shim_faults((dst), sizeof(type)))		\
			goto label;					\
		memcpy((dst), (src), sizeof(type));			\
	} while (0)

static inline long copy_to_user_nofault(void *dst, const void *src, size_t n)
{
	if (stp_shim_faults(dst, n))
		return -EFAULT;
	memcpy(dst, src, n);
	return 0;
}

#include "alloc.c"
#include "time.c"
#include "string.c"
#include "format.c"
#include "tvar.c"

/* ---- the probe's world ---- */
struct pt_regs {
	unsigned long ax, dx, cx, bx, si, di, bp, sp;
	unsigned long r8, r9, r10, r11, r12, r13, r14, r15, ip;
};

#define TV_MEM 4096
static uint8_t mem[2 * TV_MEM] __attribute__((aligned(4096)));
static struct pt_regs tregs;
static struct { struct stp_err err; } tctx;

#define M(off) ((uint64_t)(uintptr_t)(mem + (off)))
#define W8(off, v) (*(uint8_t *)(mem + (off)) = (uint8_t)(v))
#define W16(off, v) memcpy(mem + (off), &(uint16_t){ (uint16_t)(v) }, 2)
#define W32(off, v) memcpy(mem + (off), &(uint32_t){ (uint32_t)(v) }, 4)
#define W64(off, v) memcpy(mem + (off), &(uint64_t){ (uint64_t)(v) }, 8)
#define WS(off, s) memcpy(mem + (off), (s), sizeof(s))
#define R64(off) ({ uint64_t _v; memcpy(&_v, mem + (off), 8); _v; })

/* ---- checks ---- */
static int tv_pass, tv_fail;

static void tv_reset(void)
{
	memset(mem, 0, TV_MEM);
	memset(&tregs, 0, sizeof(tregs));
	stp_err_clear(&tctx.err);
	stp_shim_set_fault(mem + TV_MEM, TV_MEM);
	stp_shim_set_mapped(mem, sizeof(mem));
}

static void tv_result(bool ok, const char *name, const char *got,
		      const char *want)
{
	if (ok) {
		tv_pass++;
		return;
	}
	tv_fail++;
	printf("FAIL: %s\n  got:  [%s]\n  want: [%s]\n", name, got, want);
}

/* Whether the value still needs checking: the run's error must be
 * the wanted one (want NULL: none; else a message starting with want),
 * and a wanted error settles the case. */
static bool tv_err_state(const char *name, const char *want)
{
	const char *msg = tctx.err.msg;

	if (!want && !msg)
		return true;
	tv_result(want && msg && !strncmp(msg, want, strlen(want)), name,
		  msg ? msg : "(no error)", want ? want : "(no error)");
	return false;
}

static void tv_check_long(const char *name, int64_t got, int64_t want,
			  const char *want_err)
{
	char g[64], w[64];

	if (!tv_err_state(name, want_err))
		return;
	snprintf(g, sizeof(g), "%" PRId64 " (0x%" PRIx64 ")", got, got);
	snprintf(w, sizeof(w), "%" PRId64 " (0x%" PRIx64 ")", want, want);
	tv_result(got == want, name, g, w);
}

static void tv_check_str(const char *name, const char *got, const char *want,
			 const char *want_err)
{
	if (tv_err_state(name, want_err))
		tv_result(!strcmp(got, want), name, got, want);
}

static void tv_check_mem(const char *name, uint64_t off, uint64_t want)
{
	char g[64], w[64];

	snprintf(g, sizeof(g), "mem[0x%" PRIx64 "] = 0x%" PRIx64, off, R64(off));
	snprintf(w, sizeof(w), "mem[0x%" PRIx64 "] = 0x%" PRIx64, off, want);
	tv_result(R64(off) == want, name, g, w);
}

static int tv_summary(void)
{
	printf("tvgen accessors (MAXSTRINGLEN=%d): %d passed, %d failed\n",
	       MAXSTRINGLEN, tv_pass, tv_fail);
	return tv_fail != 0;
}

#endif
