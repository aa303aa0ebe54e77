// SPDX-License-Identifier: GPL-2.0
/* t_format.c - unit tests of runtime/format.c: every conversion and flag
 * against the text SystemTap prints. */
#include "t_util.h"

#define L(v) STP_ARG_L(v)
#define S(v) STP_ARG_S(v)

static char t_out[4096];

/* Format into t_out (NUL terminated); returns the stp_format rc. */
static int fmt(const char *f, const struct stp_arg *a, int n)
{
	struct stp_buf b = { .p = t_out, .len = 0, .cap = sizeof(t_out) - 1 };
	struct stp_err e = { 0 };
	int rc = stp_fmt_format(&b, f, a, n, &e);

	t_out[b.len] = '\0';
	return rc;
}

#define F(want, f, ...)                                                  \
	do {                                                             \
		struct stp_arg a_[] = { __VA_ARGS__ };                   \
		fmt(f, a_, (int)(sizeof(a_) / sizeof(a_[0])));           \
		CHECK_STR(t_out, want);                                  \
	} while (0)

static void test_integers(void)
{
	F("392 392", "%d %i", L(392), L(392));
	F("-42", "%d", L(-42));
	F("-9223372036854775808", "%d", L(INT64_MIN));
	F("18446744073709551615", "%u", L(-1));
	F("7fa 7FA 610", "%x %X %o", L(0x7fa), L(0x7fa), L(392));
	F("ffffffffffffffff", "%x", L(-1));
	F("1777777777777777777777", "%o", L(-1));
	F("+5 -5  5 -5", "%+d %+d % d % d", L(5), L(-5), L(5), L(-5));
	F("[   42] [42   ] [00042] [-0042]", "[%5d] [%-5d] [%05d] [%05d]",
	  L(42), L(42), L(42), L(-42));
	F("[007] [  007] [-007]", "[%.3d] [%5.3d] [%.3d]", L(7), L(7), L(-7));
	F("[] [ ] [0]", "[%.0d] [%1.0d] [%d]", L(0), L(0), L(0));
	F("[  007]", "[%05.3d]", L(7));
	F("[42   ]", "[%-05d]", L(42));
	F("[+0003] [ 0003]", "[%+05d] [% 05d]", L(3), L(3));
	F("01 0x2 0X3", "%#o %#x %#X", L(1), L(2), L(3));
	F("0 0 0", "%#o %#x %#X", L(0), L(0), L(0));
	F("[      0xff] [0x000000ff]", "[%#10x] [%#010x]", L(255), L(255));
	F("[0377] [012]", "[%#o] [%#.3o]", L(255), L(10));
	F("5 5", "%+u %+x", L(5), L(5));
	F("13 14", "%ld %lx", L(13), L(0x14));
}

static void test_star(void)
{
	F("[     3] [3     ] [ab]", "[%*d] [%-*d] [%.*s]", L(6), L(3), L(6),
	  L(3), L(2), S("abcdef"));
	F("[3     ]", "[%*d]", L(-6), L(3));
	F("[  00042]", "[%*.*d]", L(7), L(5), L(42));
}

static void test_strings_chars(void)
{
	F("[abc] [       abc] [abc       ] [ab]", "[%s] [%10s] [%-10s] [%.2s]",
	  S("abc"), S("abc"), S("abc"), S("abc"));
	F("[   ab] [] [x]", "[%5.2s] [%s] [%.5s]", S("abcdef"), S(""), S("x"));
	F("a is alice", "%c is %s", L(97), S("alice"));
	F("[    B] [C  ]", "[%5c] [%-3c]", L(66), L(67));
	F("\\000 \\t * \\n \\\\ \\177", "%#c %#c %#c %#c %#c %#c", L(0), L(9),
	  L(42), L(10), L(92), L(127));
	F("100%", "100%%");
	F("%", "%%");
}

static void test_pointer(void)
{
	F("0x0000000000bc614e", "%p", L(12345678));
	F("0x000000001234abcd", "%p", L(0x1234abcd));
	F("[0x0000000000000001    ]", "[%-22p]", L(1));
	F("[    0x0000000000000001]", "[%22p]", L(1));
	F("0xffffffffffffffff", "%p", L(-1));
}

static void test_binary(void)
{
	struct stp_arg a[] = { L(0xc0dedbad), L(0x12345678) };
	struct stp_arg h[] = { L(72), L(101), L(108), L(87), L(111) };
	static const char want[16] = { (char)0xad, (char)0xdb, (char)0xde,
				       (char)0xc0, 0, 0, 0, 0, 0x78, 0x56,
				       0x34, 0x12, 0, 0, 0, 0 };
	struct stp_buf b = { .p = t_out, .len = 0, .cap = sizeof(t_out) };

	CHECK(stp_fmt_format(&b, "%b%b", a, 2, NULL) == 0);
	CHECK(b.len == 16 && !memcmp(t_out, want, 16));
	fmt("%1b%1b%1blo %1b%1brld\n", h, 5);
	CHECK_STR(t_out, "Hello World\n");
	b.len = 0;
	a[0].l = 0x0102030405060708;
	stp_fmt_format(&b, "%2b%4b", a, 2, NULL);
	CHECK(b.len == 6 && !memcmp(t_out, "\x08\x07\x78\x56\x34\x12", 6));
	F(" 97: aA!", "%3d: %1b%1b%1b", L(97), L(97), L(97 - 32), L(97 - 64));
}

static void test_memory(void)
{
	static const char mem[] = "hello\001world";
	int64_t p = (int64_t)(uintptr_t)mem;

	F("[h] [hel] [68] [68656c]", "[%m] [%.3m] [%M] [%.3M]", L(p), L(p),
	  L(p), L(p));
	F("[    6865] [he      ]", "[%8.2M] [%-8.2m]", L(p), L(p));
	F("[hello\001w]", "[%.7m]", L(p));
	F("[68656c6c6f01776f726c64]", "[%.11M]", L(p));
	F("[68]", "[%#M]", L(p));
}

static void test_errors(void)
{
	struct stp_arg a[] = { L(1), S("x") };
	struct stp_buf b = { .p = t_out, .len = 0, .cap = sizeof(t_out) };
	struct stp_err e = { 0 };

	CHECK(stp_fmt_format(&b, "%d %d", a, 1, &e) < 0);
	CHECK_STR(e.msg, "too few arguments to printf");
	stp_err_clear(&e);
	CHECK(stp_fmt_format(&b, "%d %d", a, 2, &e) < 0);
	CHECK_STR(e.msg, "invalid format string");
	stp_err_clear(&e);
	CHECK(stp_fmt_format(&b, "%q", a, 2, &e) < 0);
	CHECK_STR(e.msg, "invalid format string");
	stp_err_clear(&e);
	CHECK(stp_fmt_format(&b, "%3b", a, 2, &e) < 0);
	stp_err_clear(&e);
	CHECK(stp_fmt_format(&b, "abc%", a, 2, &e) < 0);
	stp_err_clear(&e);
	a[0].l = 16;
	CHECK(stp_fmt_format(&b, "%m", a, 1, &e) < 0);
	CHECK_STR(e.msg,
		  "kernel read fault at 0x0000000000000010 [man error::fault]");
}

static void test_bounds(void)
{
	char small[8];
	struct stp_buf b = { .p = small, .len = 0, .cap = sizeof(small) };
	struct stp_arg a[] = { L(123456789), S("abcdefgh") };
	char dst[MAXSTRINGLEN];
	char big[MAXSTRINGLEN + 100];
	struct stp_arg w[] = { L(1000000000) , L(5) };

	memset(small, 'Z', sizeof(small));
	CHECK(stp_fmt_format(&b, "%d%s", a, 2, NULL) == 0);
	CHECK(b.len == 8 && !memcmp(small, "12345678", 8));
	CHECK(stp_fmt_sprintf(dst, "%s-%d", (struct stp_arg[]){ S("x"), L(7) },
			      2, NULL) == 3);
	CHECK_STR(dst, "x-7");
	memset(big, 'q', sizeof(big));
	big[sizeof(big) - 1] = '\0';
	CHECK(stp_fmt_sprintf(dst, "%s", (struct stp_arg[]){ S(big) }, 1,
			      NULL) == MAXSTRINGLEN - 1);
	CHECK(strlen(dst) == MAXSTRINGLEN - 1);
	CHECK(stp_fmt_sprintf(dst, "%*d", w, 2, NULL) == MAXSTRINGLEN - 1);
	b.len = 0;
	stp_fmt_long(&b, -77);
	CHECK(b.len == 3 && !memcmp(small, "-77", 3));
}

int main(void)
{
	test_integers();
	test_star();
	test_strings_chars();
	test_pointer();
	test_binary();
	test_memory();
	test_errors();
	test_bounds();
	return t_summary("t_format");
}
