// SPDX-License-Identifier: GPL-2.0
/*
 * tvar.c - what the generated target-variable accessors call besides
 * string.c's stp_str_kread: user-space reads, guru-mode writes, and the
 * quoted strings of pretty printing ($var$, $$parms$).  The accessors
 * themselves are written by pass 2 (stap/loc2c.c, stap/ctypes.c).
 *
 * Invariant: memory is only touched through the *_nofault primitives, so a
 * bad address becomes an stp_err ("kernel read fault at ...") or, for the
 * quoting helper, the address printed instead; every loop is bounded by
 * MAXSTRINGLEN.  Needs string.c and format.c (included before it).
 */

/* Copy size bytes of user memory at addr; fault -> user read fault. */
static int stp_tv_uread(void *dst, uint64_t addr, size_t size,
			struct stp_err *err)
{
	return stp_fmt_read(dst, addr, size, true, err);
}

/* One scalar store of size 1, 2, 4 or 8 bytes; 0 or -EFAULT. */
static long __stp_tv_kput(void *dst, uint64_t v, size_t size)
{
	uint8_t v1 = (uint8_t)v;
	uint16_t v2 = (uint16_t)v;
	uint32_t v4 = (uint32_t)v;

	switch (size) {
	case 1: return stp_compat_write_kernel(dst, &v1, 1);
	case 2: return stp_compat_write_kernel(dst, &v2, 2);
	case 4: return stp_compat_write_kernel(dst, &v4, 4);
	default: return stp_compat_write_kernel(dst, &v, 8);
	}
}

/*
 * Store the low size bytes of v (size 1, 2, 4 or 8) at addr, in kernel
 * memory or (user) the current task's user memory: the guru-mode
 * assignment to a target variable.  Fault -> "kernel write fault at ...".
 * copy_to_kernel_nofault is not exported to modules: the kernel's own
 * fault-safe store macro does the same.
 */
static int stp_tv_write(uint64_t addr, uint64_t v, size_t size, bool user,
			struct stp_err *err)
{
	void *dst = (void *)(uintptr_t)addr;
	long rc;

	if (user)
		rc = stp_compat_write_user((void __user *)dst, &v, size);
	else
		rc = __stp_tv_kput(dst, v, size);
	if (rc == 0)
		return 0;
	stp_err_setf(err, "%s write fault at 0x%016llx [man error::fault]",
		     user ? "user" : "kernel", (unsigned long long)addr);
	return -EFAULT;
}

/* "0x" and the hex digits of v. */
static void stp_tv_hex(struct stp_buf *b, uint64_t v)
{
	char dig[64];
	int n = stp_fmt_digits(dig, v, 16, false);

	stp_fmt_putn(b, "0x", 2);
	while (n > 0)
		stp_fmt_putc(b, dig[--n]);
}

/*
 * The quoted form of the string at addr (at most max bytes of it) into b,
 * as string_quoted() makes it: escapes for the non-printable bytes, and a
 * result of at most MAXSTRINGLEN-1 bytes that ends in `"...` when cut.
 * Reads in chunks that never cross a page.  0, or -EFAULT (b then holds
 * part of the output; the caller rewinds).
 */
static int __stp_tv_quote(struct stp_buf *b, uint64_t addr, size_t max,
			  bool user)
{
	size_t lim = MAXSTRINGLEN - 1, out = 0, got = 0, cut = b->len + 1;
	size_t k, i, n;
	char chunk[64], e[5];

	stp_fmt_putc(b, '"');
	while (got < max) {
		k = PAGE_SIZE - ((addr + got) & (PAGE_SIZE - 1));
		k = k < sizeof(chunk) ? k : sizeof(chunk);
		k = k < max - got ? k : max - got;
		if (stp_str_nofault(chunk, addr + got, k, user))
			return -EFAULT;
		for (i = 0; i < k && chunk[i]; i++) {
			n = stp_fmt_escape(e, (unsigned char)chunk[i]);
			if (out + n + 2 > lim) {
				b->len = cut < b->len ? cut : b->len;
				stp_fmt_puts(b, "\"...");
				return 0;
			}
			stp_fmt_putn(b, e, n);
			out += n;
			if (out + 5 <= lim)
				cut = b->len;
		}
		if (i < k)
			break;
		got += k;
	}
	stp_fmt_putc(b, '"');
	return 0;
}

/*
 * The C string at addr, quoted, into b: kernel memory first and then user
 * memory (user: user memory only), as kernel_or_user_string_quoted(); an
 * unreadable string gives its address in hex, unquoted.  max bounds the
 * bytes taken (a char array's size), at most MAXSTRINGLEN-1.
 */
static void stp_tv_quoted(struct stp_buf *b, uint64_t addr, size_t max,
			  bool user)
{
	size_t start = b->len;

	if (max > MAXSTRINGLEN - 1)
		max = MAXSTRINGLEN - 1;
	if (!user && __stp_tv_quote(b, addr, max, false) == 0)
		return;
	b->len = start;
	if (__stp_tv_quote(b, addr, max, true) == 0)
		return;
	b->len = start;
	stp_tv_hex(b, addr);
}
