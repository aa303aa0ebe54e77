// SPDX-License-Identifier: GPL-2.0
/* t_string.c - unit tests of runtime/string.c and runtime/time.c: bounded
 * copies, substr/isinstr/strtol, fault-safe kernel/user reads. */
#include "t_util.h"

static void test_bounded(void)
{
	static char big[MAXSTRINGLEN * 2];
	char dst[MAXSTRINGLEN];

	memset(big, 'a', sizeof(big) - 1);
	CHECK(stp_str_copy(dst, "abc") == 3);
	CHECK_STR(dst, "abc");
	CHECK(stp_str_cat(dst, "def") == 6);
	CHECK_STR(dst, "abcdef");
	CHECK(stp_str_cat(dst, big) == MAXSTRINGLEN - 1);
	CHECK(dst[MAXSTRINGLEN - 1] == '\0' && dst[5] == 'f');
	CHECK(stp_str_copy(dst, big) == MAXSTRINGLEN - 1);
	CHECK_LONG(stp_str_len(dst), MAXSTRINGLEN - 1);
	CHECK(stp_str_cat(dst, "x") == MAXSTRINGLEN - 1);
	stp_str_copy(dst, "");
	CHECK_LONG(stp_str_len(dst), 0);
	CHECK(stp_str_from_long(dst, INT64_MIN) == 20);
	CHECK_STR(dst, "-9223372036854775808");
	stp_str_copy(dst, "hello");
	CHECK(stp_str_copy(dst, dst + 1) == 4);	/* overlapping is fine */
	CHECK_STR(dst, "ello");
}

static void test_substr_isinstr_cmp(void)
{
	char dst[MAXSTRINGLEN];

	stp_str_substr(dst, "hello", 1, 3);
	CHECK_STR(dst, "ell");
	stp_str_substr(dst, "hello", 0, 100);
	CHECK_STR(dst, "hello");
	stp_str_substr(dst, "hello", 4, 1);
	CHECK_STR(dst, "o");
	stp_str_substr(dst, "hello", 5, 1);
	CHECK_STR(dst, "");
	stp_str_substr(dst, "hello", -1, 3);
	CHECK_STR(dst, "");
	stp_str_substr(dst, "hello", 1, -2);
	CHECK_STR(dst, "");
	CHECK_LONG(stp_str_isinstr("hello", "ll"), 1);
	CHECK_LONG(stp_str_isinstr("hello", "x"), 0);
	CHECK_LONG(stp_str_isinstr("hello", ""), 1);
	CHECK(stp_str_cmp("abc", "abd") < 0);
	CHECK(stp_str_cmp("b", "abc") > 0);
	CHECK(stp_str_cmp("", "") == 0);
}

static void test_strtol(void)
{
	CHECK_LONG(stp_str_strtol("123", 10), 123);
	CHECK_LONG(stp_str_strtol("  -12abc", 10), -12);
	CHECK_LONG(stp_str_strtol("+7", 10), 7);
	CHECK_LONG(stp_str_strtol("0x1f", 16), 31);
	CHECK_LONG(stp_str_strtol("1f", 16), 31);
	CHECK_LONG(stp_str_strtol("077", 8), 63);
	CHECK_LONG(stp_str_strtol("0x10", 0), 16);
	CHECK_LONG(stp_str_strtol("010", 0), 8);
	CHECK_LONG(stp_str_strtol("10", 0), 10);
	CHECK_LONG(stp_str_strtol("101", 2), 5);
	CHECK_LONG(stp_str_strtol("zz", 36), 1295);
	CHECK_LONG(stp_str_strtol("abc", 10), 0);
	CHECK_LONG(stp_str_strtol("", 10), 0);
	CHECK_LONG(stp_str_strtol("12", 1), 0);
	CHECK_LONG(stp_str_strtol("12", 37), 0);
	CHECK_LONG(stp_str_strtol("9223372036854775807", 10), INT64_MAX);
	CHECK_LONG(stp_str_strtol("-9223372036854775808", 10), INT64_MIN);
	CHECK_LONG(stp_str_strtol("0x", 16), 0);
}

static void test_kernel_reads(void)
{
	static char page[3 * 4096] __attribute__((aligned(4096)));
	static const char msg[] = "kernel text";
	static const int64_t lv = -1234567890123;
	static const int32_t iv = -77;
	char dst[MAXSTRINGLEN];
	struct stp_err e = { 0 };
	char *tail;

	CHECK(stp_str_kernel_string(dst, (uintptr_t)msg, -1, &e) == 11);
	CHECK_STR(dst, "kernel text");
	CHECK(stp_str_kernel_string(dst, (uintptr_t)msg, 6, &e) == 6);
	CHECK_STR(dst, "kernel");
	CHECK(e.msg == NULL);
	CHECK(stp_str_kernel_string(dst, 0, -1, &e) == 0);
	CHECK_STR(dst, "");
	CHECK_STR(e.msg,
		  "kernel string copy fault at 0x0000000000000000 [man error::fault]");
	stp_err_clear(&e);
	/* a string ending right before a faulting page is read fine */
	stp_shim_set_fault(page + 4096, 4096);
	tail = page + 4096 - 4;
	memcpy(tail, "abc", 4);
	CHECK(stp_str_kernel_string(dst, (uintptr_t)tail, -1, &e) == 3);
	CHECK_STR(dst, "abc");
	CHECK(e.msg == NULL);
	memcpy(tail, "abcd", 4);	/* no NUL before the fault */
	stp_str_kernel_string(dst, (uintptr_t)tail, -1, &e);
	CHECK(e.msg && !strncmp(e.msg, "kernel string copy fault at 0x", 30));
	stp_err_clear(&e);
	CHECK(stp_str_user_string(dst, (uintptr_t)page + 4096, -1, &e) == 0);
	CHECK(e.msg && !strncmp(e.msg, "user string copy fault at 0x", 28));
	stp_err_clear(&e);
	CHECK(stp_str_user_string(dst, (uintptr_t)msg, -1, &e) == 11);
	stp_shim_set_fault(NULL, 0);
	CHECK_LONG(stp_str_kernel_long((uintptr_t)&lv, &e), lv);
	CHECK_LONG(stp_str_kernel_int((uintptr_t)&iv, &e), -77);
	CHECK_LONG(stp_str_kernel_char((uintptr_t)msg, &e), 'k');
	CHECK(e.msg == NULL);
	CHECK_LONG(stp_str_kernel_long(8, &e), 0);
	CHECK_STR(e.msg,
		  "kernel read fault at 0x0000000000000008 [man error::fault]");
	/* the first error is kept */
	stp_str_kernel_long(16, &e);
	CHECK_STR(e.msg,
		  "kernel read fault at 0x0000000000000008 [man error::fault]");
}

static void test_time(void)
{
	CHECK_LONG(stp_time_ns(), 1700000000123456789ll);
	CHECK_LONG(stp_time_us(), 1700000000123456ll);
	CHECK_LONG(stp_time_ms(), 1700000000123ll);
	CHECK_LONG(stp_time_s(), 1700000000ll);
	CHECK_LONG(stp_time_jiffies(), 4294937296ll);
	CHECK_LONG(stp_time_cycles(), 123456789ll);
}

int main(void)
{
	test_bounded();
	test_substr_isinstr_cmp();
	test_strtol();
	test_kernel_reads();
	test_time();
	return t_summary("t_string");
}
