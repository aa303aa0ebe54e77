// SPDX-License-Identifier: GPL-2.0
/*
 * format.c - the SystemTap printf engine behind print, printf, sprintf and
 * friends: %d %i %u %x %X %o %s %c %p %b %m %M %% with flags "-+ 0#",
 * width, precision and '*'.
 *
 * Invariant: output goes only into a struct stp_buf and never past its cap
 * (excess is dropped); every loop is bounded by the format length, the
 * argument count or the buffer capacity; integers only, no floating point.
 */

struct stp_buf {
	char *p;
	size_t len, cap;
};

enum stp_arg_type { STP_ARG_LONG, STP_ARG_STR };

struct stp_arg {
	enum stp_arg_type type;
	int64_t l;
	const char *s;
};

#define STP_ARG_L(v) ((struct stp_arg){ .type = STP_ARG_LONG, .l = (v) })
#define STP_ARG_S(v) ((struct stp_arg){ .type = STP_ARG_STR, .s = (v) })

/* One parsed conversion: %[flags][width][.prec][l]conv */
struct stp_fmt_spec {
	unsigned int flags;
	int64_t width;		/* 0 = none */
	int64_t prec;		/* -1 = none */
	char conv;
};

#define STP_FMT_MINUS 1u
#define STP_FMT_PLUS 2u
#define STP_FMT_SPACE 4u
#define STP_FMT_ZERO 8u
#define STP_FMT_ALT 16u
#define STP_FMT_MAXPAD (1 << 20)

static void stp_fmt_putn(struct stp_buf *b, const char *s, size_t n)
{
	size_t room = b->cap - b->len;

	if (n > room)
		n = room;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void stp_fmt_puts(struct stp_buf *b, const char *s)
{
	stp_fmt_putn(b, s, strlen(s));
}

static void stp_fmt_putc(struct stp_buf *b, char c)
{
	if (b->len < b->cap)
		b->p[b->len++] = c;
}

/* n copies of c, stopping early when the buffer is full. */
static void stp_fmt_fill(struct stp_buf *b, char c, int64_t n)
{
	for (; n > 0 && b->len < b->cap; n--)
		b->p[b->len++] = c;
}

/* Digits of u in base, least significant first; returns their count. */
static int stp_fmt_digits(char *dig, uint64_t u, unsigned int base,
			  bool upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	do {
		dig[n++] = set[u % base];
		u /= base;
	} while (u && n < 64);
	return n;
}

/* Sign or 0x prefix of an integer conversion; returns its length. */
static int stp_fmt_prefix(char *pre, const struct stp_fmt_spec *sp,
			  int64_t v, uint64_t *u)
{
	bool sgn = sp->conv == 'd' || sp->conv == 'i';
	int n = 0;

	*u = (uint64_t)v;
	if (sgn && v < 0) {
		pre[n++] = '-';
		*u = 0 - (uint64_t)v;
	} else if (sgn && (sp->flags & STP_FMT_PLUS)) {
		pre[n++] = '+';
	} else if (sgn && (sp->flags & STP_FMT_SPACE)) {
		pre[n++] = ' ';
	} else if ((sp->flags & STP_FMT_ALT) && *u &&
		   (sp->conv == 'x' || sp->conv == 'X')) {
		pre[n++] = '0';
		pre[n++] = sp->conv;
	}
	return n;
}

/* Emit prefix, zeros and digits inside the field width. */
static void stp_fmt_field(struct stp_buf *b, const struct stp_fmt_spec *sp,
			  const char *pre, int np, int64_t zeros,
			  const char *dig, int nd)
{
	int64_t pad = sp->width - (np + zeros + nd);
	bool left = sp->flags & STP_FMT_MINUS;

	if (!left && (sp->flags & STP_FMT_ZERO) && sp->prec < 0 && pad > 0) {
		zeros += pad;
		pad = 0;
	}
	if (!left)
		stp_fmt_fill(b, ' ', pad);
	stp_fmt_putn(b, pre, (size_t)np);
	stp_fmt_fill(b, '0', zeros);
	while (nd > 0)
		stp_fmt_putc(b, dig[--nd]);
	if (left)
		stp_fmt_fill(b, ' ', pad);
}

/* %d %i %u %o %x %X */
static void stp_fmt_int(struct stp_buf *b, const struct stp_fmt_spec *sp,
			int64_t v)
{
	unsigned int base = 10;
	char dig[64], pre[3];
	int64_t zeros;
	uint64_t u;
	int np, nd;

	if (sp->conv == 'o')
		base = 8;
	else if (sp->conv == 'x' || sp->conv == 'X')
		base = 16;
	np = stp_fmt_prefix(pre, sp, v, &u);
	nd = stp_fmt_digits(dig, u, base, sp->conv == 'X');
	if (u == 0 && sp->prec == 0)
		nd = 0;
	zeros = sp->prec > nd ? sp->prec - nd : 0;
	if ((sp->flags & STP_FMT_ALT) && base == 8 && !zeros &&
	    (nd == 0 || dig[nd - 1] != '0'))
		zeros = 1;
	stp_fmt_field(b, sp, pre, np, zeros, dig, nd);
}

/* %p: 0x and 16 hex digits, the whole padded with blanks to the width. */
static void stp_fmt_ptr(struct stp_buf *b, const struct stp_fmt_spec *sp,
			int64_t v)
{
	struct stp_fmt_spec s = *sp;
	char dig[64];
	int nd;

	s.flags &= STP_FMT_MINUS;
	nd = stp_fmt_digits(dig, (uint64_t)v, 16, false);
	stp_fmt_field(b, &s, "0x", 2, 2 * (int64_t)sizeof(void *) - nd, dig,
		      nd);
}

/* Pad n bytes of text s into the field width. */
static void stp_fmt_text(struct stp_buf *b, const struct stp_fmt_spec *sp,
			 const char *s, size_t n)
{
	int64_t pad = sp->width - (int64_t)n;

	if (!(sp->flags & STP_FMT_MINUS))
		stp_fmt_fill(b, ' ', pad);
	stp_fmt_putn(b, s, n);
	if (sp->flags & STP_FMT_MINUS)
		stp_fmt_fill(b, ' ', pad);
}

/* %s: precision bounds the bytes taken from the string. */
static void stp_fmt_str(struct stp_buf *b, const struct stp_fmt_spec *sp,
			const char *s)
{
	size_t max = sp->prec >= 0 && sp->prec < MAXSTRINGLEN ?
		     (size_t)sp->prec : MAXSTRINGLEN;

	if (!s)
		s = "";
	stp_fmt_text(b, sp, s, strnlen(s, max));
}

/* Escape of byte c for %#c; returns the length written into out[5]. */
static size_t stp_fmt_escape(char *out, unsigned char c)
{
	static const char from[] = "\a\b\f\n\r\t\v\\\'\"";
	static const char to[] = "abfnrtv\\\'\"";
	const char *hit = c ? strchr(from, c) : NULL;

	if (hit) {
		out[0] = '\\';
		out[1] = to[hit - from];
		return 2;
	}
	if (c >= 0x20 && c < 0x7f) {
		out[0] = (char)c;
		return 1;
	}
	out[0] = '\\';
	out[1] = (char)('0' + ((c >> 6) & 7));
	out[2] = (char)('0' + ((c >> 3) & 7));
	out[3] = (char)('0' + (c & 7));
	return 4;
}

/* %c, %#c */
static void stp_fmt_char(struct stp_buf *b, const struct stp_fmt_spec *sp,
			 int64_t v)
{
	char out[5];
	size_t n = 1;

	out[0] = (char)v;
	if (sp->flags & STP_FMT_ALT)
		n = stp_fmt_escape(out, (unsigned char)v);
	stp_fmt_text(b, sp, out, n);
}

/* %b: width 1, 2, 4 or 8 (default) bytes of v in native byte order. */
static int stp_fmt_bin(struct stp_buf *b, const struct stp_fmt_spec *sp,
		       int64_t v, struct stp_err *err)
{
	uint8_t v1 = (uint8_t)v;
	uint16_t v2 = (uint16_t)v;
	uint32_t v4 = (uint32_t)v;

	switch (sp->width) {
	case 1:
		stp_fmt_putn(b, (const char *)&v1, 1);
		return 0;
	case 2:
		stp_fmt_putn(b, (const char *)&v2, 2);
		return 0;
	case 4:
		stp_fmt_putn(b, (const char *)&v4, 4);
		return 0;
	case 0:
	case 8:
		stp_fmt_putn(b, (const char *)&v, 8);
		return 0;
	}
	stp_err_set(err, "invalid format string");
	return -EINVAL;
}

/* Fault-safe read for %m/%M: kernel memory, or user memory with '#'. */
static int stp_fmt_read(void *dst, uint64_t addr, size_t n, bool user,
			struct stp_err *err)
{
	if (!user)
		return stp_str_kread(dst, addr, n, err);
	if (stp_str_nofault(dst, addr, n, true) == 0)
		return 0;
	stp_err_setf(err, "user read fault at 0x%016llx [man error::fault]",
		     (unsigned long long)addr);
	return -EFAULT;
}

/* Emit n bytes already read, raw (%m) or as lowercase hex pairs (%M). */
static void stp_fmt_membytes(struct stp_buf *b, const uint8_t *m, size_t n,
			     bool hex)
{
	static const char set[] = "0123456789abcdef";
	size_t i;

	if (!hex) {
		stp_fmt_putn(b, (const char *)m, n);
		return;
	}
	for (i = 0; i < n; i++) {
		stp_fmt_putc(b, set[m[i] >> 4]);
		stp_fmt_putc(b, set[m[i] & 15]);
	}
}

/* %m / %M: precision = bytes to read (default 1), width pads the output. */
static int stp_fmt_mem(struct stp_buf *b, const struct stp_fmt_spec *sp,
		       int64_t addr, struct stp_err *err)
{
	bool hex = sp->conv == 'M', left = sp->flags & STP_FMT_MINUS;
	int64_t n = sp->prec >= 0 ? sp->prec : 1;
	int64_t pad, room = (int64_t)(b->cap - b->len);
	uint8_t chunk[64];
	size_t k;

	pad = sp->width - (hex ? 2 * n : n);
	if (n > room)
		n = room;
	if (!left)
		stp_fmt_fill(b, ' ', pad);
	for (; n > 0; n -= (int64_t)k, addr += (int64_t)k) {
		k = n > (int64_t)sizeof(chunk) ? sizeof(chunk) : (size_t)n;
		if (stp_fmt_read(chunk, (uint64_t)addr, k,
				 sp->flags & STP_FMT_ALT, err))
			return -EFAULT;
		stp_fmt_membytes(b, chunk, k, hex);
	}
	if (left)
		stp_fmt_fill(b, ' ', pad);
	return 0;
}

/* Next argument, which must be of type t. */
static const struct stp_arg *stp_fmt_arg(const struct stp_arg *args,
					 int nargs, int *ai,
					 enum stp_arg_type t,
					 struct stp_err *err)
{
	const struct stp_arg *a;

	if (*ai >= nargs) {
		stp_err_set(err, "too few arguments to printf");
		return NULL;
	}
	a = &args[(*ai)++];
	if (a->type != t) {
		stp_err_set(err, "invalid format string");
		return NULL;
	}
	return a;
}

static int64_t stp_fmt_clamp(int64_t v)
{
	return v > STP_FMT_MAXPAD ? STP_FMT_MAXPAD : v;
}

/* A decimal number or '*' (taken from the arguments) at *fp. */
static int stp_fmt_number(const char **fp, int64_t *out,
			  const struct stp_arg *args, int nargs, int *ai,
			  struct stp_err *err)
{
	const struct stp_arg *a;
	const char *f = *fp;
	int64_t v = 0;

	if (*f == '*') {
		a = stp_fmt_arg(args, nargs, ai, STP_ARG_LONG, err);
		if (!a)
			return -EINVAL;
		*out = a->l;
		*fp = f + 1;
		return 0;
	}
	for (; *f >= '0' && *f <= '9'; f++)
		v = stp_fmt_clamp(v * 10 + (*f - '0'));
	*out = v;
	*fp = f;
	return 0;
}

static unsigned int stp_fmt_flag(char c)
{
	switch (c) {
	case '-': return STP_FMT_MINUS;
	case '+': return STP_FMT_PLUS;
	case ' ': return STP_FMT_SPACE;
	case '0': return STP_FMT_ZERO;
	case '#': return STP_FMT_ALT;
	}
	return 0;
}

/* Parse flags, width, precision and the conversion after a '%'. */
static int stp_fmt_parse(const char **fp, struct stp_fmt_spec *sp,
			 const struct stp_arg *args, int nargs, int *ai,
			 struct stp_err *err)
{
	const char *f = *fp;

	sp->flags = 0;
	sp->prec = -1;
	for (; stp_fmt_flag(*f); f++)
		sp->flags |= stp_fmt_flag(*f);
	if (stp_fmt_number(&f, &sp->width, args, nargs, ai, err))
		return -EINVAL;
	if (sp->width < 0) {
		sp->flags |= STP_FMT_MINUS;
		sp->width = stp_fmt_clamp(-(sp->width + 1) + 1);
	}
	if (*f == '.') {
		f++;
		if (stp_fmt_number(&f, &sp->prec, args, nargs, ai, err))
			return -EINVAL;
		sp->prec = sp->prec < 0 ? -1 : stp_fmt_clamp(sp->prec);
	}
	if (*f == 'l')
		f++;
	sp->conv = *f;
	*fp = *f ? f + 1 : f;
	return 0;
}

/* Emit one parsed conversion, consuming its argument. */
static int stp_fmt_conv(struct stp_buf *b, const struct stp_fmt_spec *sp,
			const struct stp_arg *args, int nargs, int *ai,
			struct stp_err *err)
{
	const struct stp_arg *a;

	if (sp->conv == '%') {
		stp_fmt_putc(b, '%');
		return 0;
	}
	if (!strchr("diuoxXpcbmMs", sp->conv) || !sp->conv) {
		stp_err_set(err, "invalid format string");
		return -EINVAL;
	}
	a = stp_fmt_arg(args, nargs, ai,
			sp->conv == 's' ? STP_ARG_STR : STP_ARG_LONG, err);
	if (!a)
		return -EINVAL;
	switch (sp->conv) {
	case 's': stp_fmt_str(b, sp, a->s); return 0;
	case 'c': stp_fmt_char(b, sp, a->l); return 0;
	case 'p': stp_fmt_ptr(b, sp, a->l); return 0;
	case 'b': return stp_fmt_bin(b, sp, a->l, err);
	case 'm':
	case 'M': return stp_fmt_mem(b, sp, a->l, err);
	}
	stp_fmt_int(b, sp, a->l);
	return 0;
}

/*
 * printf(fmt, args...) into b. Returns 0, or <0 with err set (output up
 * to the bad conversion stays in b).
 */
static int stp_fmt_format(struct stp_buf *b, const char *fmt,
			  const struct stp_arg *args, int nargs,
			  struct stp_err *err)
{
	struct stp_fmt_spec sp;
	const char *lit;
	int ai = 0;

	while (*fmt) {
		for (lit = fmt; *fmt && *fmt != '%'; fmt++)
			;
		stp_fmt_putn(b, lit, (size_t)(fmt - lit));
		if (!*fmt)
			break;
		fmt++;
		if (stp_fmt_parse(&fmt, &sp, args, nargs, &ai, err) ||
		    stp_fmt_conv(b, &sp, args, nargs, &ai, err))
			return -EINVAL;
	}
	return 0;
}

/* sprintf into a MAXSTRINGLEN buffer; dst must not alias any argument. */
static size_t stp_fmt_sprintf(char *dst, const char *fmt,
			      const struct stp_arg *args, int nargs,
			      struct stp_err *err)
{
	struct stp_buf b = { .p = dst, .len = 0, .cap = MAXSTRINGLEN - 1 };

	stp_fmt_format(&b, fmt, args, nargs, err);
	dst[b.len] = '\0';
	return b.len;
}

/* print(long) */
static void stp_fmt_long(struct stp_buf *b, int64_t v)
{
	struct stp_fmt_spec sp = { .flags = 0, .width = 0, .prec = -1,
				   .conv = 'd' };

	stp_fmt_int(b, &sp, v);
}
