// SPDX-License-Identifier: GPL-2.0
/*
 * alloc.c - runtime base services: error state, default limits, preallocated
 * and per-CPU memory.
 *
 * Invariant: memory is only allocated from module init (stp_*_init) and freed
 * from module exit; nothing in probe context allocates. Per-CPU data is an
 * array of nr_cpu_ids cacheline-aligned copies indexed by smp_processor_id(),
 * touched only with preemption disabled.
 */
#ifndef STP_SHIM
#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/string.h>
#include <linux/cache.h>
#include <linux/smp.h>
#include <linux/cpumask.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <linux/jiffies.h>
#include <linux/timex.h>
#include "compat/compat.h"	/* kernel API differences, stdarg */
#endif

#ifndef MAXSTRINGLEN
#define MAXSTRINGLEN 512
#endif
#ifndef MAXMAPENTRIES
#define MAXMAPENTRIES 2048
#endif
#ifndef HIST_ELISION
#define HIST_ELISION 2
#endif

#define STP_ERR_BUFLEN 128

/* The error state of one probe run; msg == NULL means no error. */
struct stp_err {
	const char *msg;
	char buf[STP_ERR_BUFLEN];
};

/* Record a static message; the first error wins. */
static void stp_err_set(struct stp_err *e, const char *static_msg)
{
	if (e && !e->msg)
		e->msg = static_msg;
}

/* Record a formatted message into e->buf; the first error wins. */
static __printf(2, 3) void stp_err_setf(struct stp_err *e, const char *fmt, ...)
{
	va_list ap;

	if (!e || e->msg)
		return;
	va_start(ap, fmt);
	vsnprintf(e->buf, sizeof(e->buf), fmt, ap);
	va_end(ap);
	e->msg = e->buf;
}

static void stp_err_clear(struct stp_err *e)
{
	e->msg = NULL;
	e->buf[0] = '\0';
}

/* Zeroed memory for tables; init context only.  A size the machine
 * cannot give fails (NULL, the caller reports it) without the kernel's
 * allocation-failure splat. */
static void *stp_alloc_zeroed(size_t size)
{
	return kvzalloc(size ? size : 1, GFP_KERNEL | __GFP_NOWARN);
}

static void stp_alloc_free(void *p)
{
	if (p)
		kvfree(p);
}

static int stp_alloc_ncpus(void)
{
	return (int)nr_cpu_ids;
}

/* Stride of one CPU's copy: elem rounded up to a cache line. */
static size_t stp_alloc_stride(size_t elem)
{
	return (elem + L1_CACHE_BYTES - 1) & ~((size_t)L1_CACHE_BYTES - 1);
}

/* nr_cpu_ids zeroed copies of an elem-sized object; init context only. */
static void *stp_alloc_percpu(size_t elem)
{
	return stp_alloc_zeroed(stp_alloc_stride(elem) * nr_cpu_ids);
}

static void *stp_alloc_cpu_ptr(void *base, size_t elem, int cpu)
{
	return (char *)base + stp_alloc_stride(elem) * (size_t)cpu;
}

/* This CPU's copy; caller has preemption disabled. */
static void *stp_alloc_this_cpu(void *base, size_t elem)
{
	return stp_alloc_cpu_ptr(base, elem, smp_processor_id());
}
