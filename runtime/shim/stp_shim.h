/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stp_shim.h - userspace stand-ins for the kernel APIs used by the runtime
 * data services (alloc.c, time.c, string.c, format.c, stat.c, map.c), so
 * unit tests can #include those files into an ordinary program.
 *
 * Invariant: only what those files use is faked; the fake CPU is
 * stp_shim_cpu (tests switch it to model 2-4 CPUs), and "kernel memory"
 * reads fault for addresses below 4096, inside the range the test marks
 * with stp_shim_set_fault(), or outside the one stp_shim_set_mapped() set.
 */
#ifndef STP_SHIM_H
#define STP_SHIM_H

#define STP_SHIM 1

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define __user
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define L1_CACHE_BYTES 64
#define PAGE_SIZE 4096ul

#ifndef STP_SHIM_NCPUS
#define STP_SHIM_NCPUS 4
#endif

static unsigned int nr_cpu_ids = STP_SHIM_NCPUS;
static int stp_shim_cpu;
static uint64_t stp_shim_ns = 1700000000123456789ull;
static unsigned long jiffies = 4294937296ul;
static uintptr_t stp_shim_fault_lo, stp_shim_fault_hi;
static uintptr_t stp_shim_mapped_lo, stp_shim_mapped_hi;

#define smp_processor_id() (stp_shim_cpu)

static inline void *vzalloc(size_t n)
{
	return calloc(1, n);
}

#define GFP_KERNEL 0
#define __GFP_NOWARN 0
static inline void *kvzalloc(size_t n, int gfp)
{
	(void)gfp;
	return calloc(1, n);
}

static inline void kvfree(const void *p)
{
	free((void *)p);
}

static inline void vfree(const void *p)
{
	free((void *)p);
}

static inline int scnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static inline int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!size)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	return (size_t)n >= size ? (int)size - 1 : n;
}

/* Addresses [lo, hi) fault from now on. */
static inline void stp_shim_set_fault(const void *lo, size_t len)
{
	stp_shim_fault_lo = (uintptr_t)lo;
	stp_shim_fault_hi = (uintptr_t)lo + len;
}

/* Only [lo, lo + len) is mapped from now on (len 0: everything). */
static inline void stp_shim_set_mapped(const void *lo, size_t len)
{
	stp_shim_mapped_lo = (uintptr_t)lo;
	stp_shim_mapped_hi = (uintptr_t)lo + len;
}

static inline bool stp_shim_faults(const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p;

	if (a < 4096)
		return true;
	if (stp_shim_mapped_hi &&
	    (a < stp_shim_mapped_lo || a + n > stp_shim_mapped_hi || a + n < a))
		return true;
	return a < stp_shim_fault_hi && a + n > stp_shim_fault_lo;
}

/* Like the kernel, reading past an object inside mapped memory is legal,
 * so this copy is not address-sanitized. */
__attribute__((no_sanitize_address))
static inline long copy_from_kernel_nofault(void *dst, const void *src,
					    size_t n)
{
	const volatile char *s = src;
	char *d = dst;
	size_t i;

	if (stp_shim_faults(src, n))
		return -EFAULT;
	for (i = 0; i < n; i++)
		d[i] = s[i];
	return 0;
}

static inline long copy_from_user_nofault(void *dst, const void *src,
					  size_t n)
{
	return copy_from_kernel_nofault(dst, src, n);
}

/* compat/compat.h's wrappers, as the kernel build would pick them */
static inline long stp_compat_read_kernel(void *dst, const void *src,
					  size_t n)
{
	return copy_from_kernel_nofault(dst, src, n);
}

static inline long stp_compat_read_user(void *dst, const void *src, size_t n)
{
	return copy_from_user_nofault(dst, src, n);
}

static inline uint64_t ktime_get_real_ns(void)
{
	return stp_shim_ns;
}

static inline uint64_t get_cycles(void)
{
	return 123456789ull;
}

#endif /* STP_SHIM_H */
