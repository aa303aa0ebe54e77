// SPDX-License-Identifier: GPL-2.0
/*
 * string.c - bounded script strings and fault-safe memory readers.
 *
 * Invariant: every destination is a MAXSTRINGLEN buffer that is left NUL
 * terminated, holding at most MAXSTRINGLEN-1 bytes (longer results are
 * truncated silently); kernel and user memory is only read through the
 * *_nofault copies, and a fault becomes an stp_err, never an oops.
 */

/*
 * Copied inline, byte by byte: measured (testsuite/bench) faster than a
 * word-at-a-time copy for the short names scripts mostly hold.
 */
#define STP_STR_SHORT 32

/* dst = src, at most max bytes: strnlen + memmove (overlap safe). */
static __attribute__((__noinline__)) size_t
__stp_str_copy_rest(char *dst, const char *src, size_t max)
{
	size_t n = strnlen(src, max);

	memmove(dst, src, n);
	dst[n] = '\0';
	return n;
}

/*
 * dst = src, bounded; returns the new length.  Script strings are mostly
 * short (names, comms), so the first STP_STR_SHORT bytes are copied inline
 * by their real length; only longer (or overlapping, dst inside src)
 * strings take the strnlen + memmove path.
 */
static inline __attribute__((__always_inline__)) size_t
stp_str_copy(char *dst, const char *src)
{
	size_t n;

	if (__builtin_expect(dst > src && dst < src + MAXSTRINGLEN, 0))
		return __stp_str_copy_rest(dst, src, MAXSTRINGLEN - 1);
	for (n = 0; n < STP_STR_SHORT && n < MAXSTRINGLEN - 1; n++) {
		if (!(dst[n] = src[n]))
			return n;
	}
	if (n == MAXSTRINGLEN - 1) {
		dst[n] = '\0';
		return n;
	}
	return n + __stp_str_copy_rest(dst + n, src + n, MAXSTRINGLEN - 1 - n);
}

/* dst .= src, bounded; returns the new length. */
static size_t stp_str_cat(char *dst, const char *src)
{
	size_t have = strnlen(dst, MAXSTRINGLEN - 1);
	size_t n = strnlen(src, MAXSTRINGLEN - 1 - have);

	memmove(dst + have, src, n);
	dst[have + n] = '\0';
	return have + n;
}

static int64_t stp_str_len(const char *s)
{
	return (int64_t)strnlen(s, MAXSTRINGLEN);
}

/* substr(s, start, len): start is 0-based; out of range gives "". */
static void stp_str_substr(char *dst, const char *s, int64_t start,
			   int64_t len)
{
	int64_t slen = stp_str_len(s);

	dst[0] = '\0';
	if (start < 0 || start >= slen || len <= 0)
		return;
	if (len > slen - start)
		len = slen - start;
	memmove(dst, s + start, (size_t)len);
	dst[len] = '\0';
}

static int64_t stp_str_isinstr(const char *s1, const char *s2)
{
	return strstr(s1, s2) != NULL;
}

static int stp_str_cmp(const char *a, const char *b)
{
	return strcmp(a, b);
}

/* Digit value of c in bases up to 36, or 99 when c is no digit. */
static int stp_str_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Skip a 0x/0 prefix as strtol does and return the effective base. */
static int stp_str_base_prefix(const char **sp, int base)
{
	const char *s = *sp;
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
		   stp_str_digit(s[2]) < 16;

	if ((base == 0 || base == 16) && hex) {
		*sp = s + 2;
		return 16;
	}
	if (base == 0)
		return s[0] == '0' ? 8 : 10;
	return base;
}

/*
 * strtol(s, base): leading blanks, optional sign, optional 0x for base 16,
 * base 0 auto-detects; stops at the first non-digit; wraps on overflow.
 */
static int64_t stp_str_strtol(const char *s, int64_t base)
{
	uint64_t v = 0;
	bool neg = false;
	int b, d, i;

	if (base != 0 && (base < 2 || base > 36))
		return 0;
	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	b = stp_str_base_prefix(&s, (int)base);
	for (i = 0; i < MAXSTRINGLEN && s[i]; i++) {
		d = stp_str_digit(s[i]);
		if (d >= b)
			break;
		v = v * (uint64_t)b + (uint64_t)d;
	}
	return neg ? (int64_t)(0 - v) : (int64_t)v;
}

/* Decimal text of v; returns its length. */
static size_t stp_str_from_long(char *dst, int64_t v)
{
	return (size_t)scnprintf(dst, MAXSTRINGLEN, "%lld", (long long)v);
}

static size_t stp_str_maxlen(int64_t maxlen)
{
	if (maxlen < 0 || maxlen > MAXSTRINGLEN - 1)
		return MAXSTRINGLEN - 1;
	return (size_t)maxlen;
}

/* One fault-safe copy from kernel or user memory; 0 or -EFAULT. */
static long stp_str_nofault(void *dst, uint64_t addr, size_t n, bool user)
{
	if (user)
		return stp_compat_read_user(dst,
				(const void __user *)(uintptr_t)addr, n);
	return stp_compat_read_kernel(dst, (const void *)(uintptr_t)addr, n);
}

/*
 * Copy a NUL-terminated string of at most n bytes into dst (then NUL
 * terminated). Reads in chunks that never cross a page boundary, so a
 * string ending just before an unmapped page does not fault. Returns the
 * length or -EFAULT. (strncpy_from_*_nofault are not exported to modules.)
 */
static long stp_str_read_string(char *dst, uint64_t addr, size_t n, bool user)
{
	size_t got = 0, k, room;
	char *nul;

	while (got < n) {
		room = PAGE_SIZE - ((addr + got) & (PAGE_SIZE - 1));
		k = n - got < 64 ? n - got : 64;
		k = k < room ? k : room;
		if (stp_str_nofault(dst + got, addr + got, k, user))
			return -EFAULT;
		nul = memchr(dst + got, '\0', k);
		if (nul)
			return nul - dst;
		got += k;
	}
	dst[n] = '\0';
	return (long)n;
}

/* Shared body of kernel_string and user_string. */
static size_t stp_str_fetch(char *dst, uint64_t addr, int64_t maxlen,
			    bool user, struct stp_err *err)
{
	long rc = stp_str_read_string(dst, addr, stp_str_maxlen(maxlen), user);

	if (rc >= 0)
		return (size_t)rc;
	dst[0] = '\0';
	stp_err_setf(err, "%s string copy fault at 0x%016llx [man error::fault]",
		     user ? "user" : "kernel", (unsigned long long)addr);
	return 0;
}

/* kernel_string(addr) / kernel_string_n(addr, maxlen < 0 for default). */
static size_t stp_str_kernel_string(char *dst, uint64_t addr, int64_t maxlen,
				    struct stp_err *err)
{
	return stp_str_fetch(dst, addr, maxlen, false, err);
}

/* user_string(addr) / user_string_n(addr, maxlen < 0 for default). */
static size_t stp_str_user_string(char *dst, uint64_t addr, int64_t maxlen,
				  struct stp_err *err)
{
	return stp_str_fetch(dst, addr, maxlen, true, err);
}

/* Copy size bytes of kernel memory at addr; fault -> kernel read fault. */
static int stp_str_kread(void *dst, uint64_t addr, size_t size,
			 struct stp_err *err)
{
	if (stp_str_nofault(dst, addr, size, false) == 0)
		return 0;
	stp_err_setf(err, "kernel read fault at 0x%016llx [man error::fault]",
		     (unsigned long long)addr);
	return -EFAULT;
}

static int64_t stp_str_kernel_long(uint64_t addr, struct stp_err *err)
{
	int64_t v = 0;

	if (stp_str_kread(&v, addr, sizeof(v), err))
		return 0;
	return v;
}

static int64_t stp_str_kernel_int(uint64_t addr, struct stp_err *err)
{
	int32_t v = 0;

	if (stp_str_kread(&v, addr, sizeof(v), err))
		return 0;
	return v;
}

static int64_t stp_str_kernel_char(uint64_t addr, struct stp_err *err)
{
	int8_t v = 0;

	if (stp_str_kread(&v, addr, sizeof(v), err))
		return 0;
	return v;
}
