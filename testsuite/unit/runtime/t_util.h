/* SPDX-License-Identifier: GPL-2.0 */
/*
 * t_util.h - tiny assertion helpers for the runtime unit tests: each CHECK
 * counts a pass or prints the failing expression with file:line; main()
 * ends with t_summary(), which prints "NAME: N passed, M failed".
 */
#ifndef T_UTIL_H
#define T_UTIL_H

#include "shim/stp_shim.h"
#include "alloc.c"
#include "time.c"
#include "string.c"
#include "format.c"
#include "stat.c"
#include "map.c"

static int t_pass, t_fail;

#define CHECK(cond) t_check((cond), #cond, __FILE__, __LINE__)
#define CHECK_STR(got, want) t_check_str((got), (want), __FILE__, __LINE__)
#define CHECK_LONG(got, want) t_check_long((got), (want), #got, __FILE__, __LINE__)

static void t_check(bool ok, const char *what, const char *file, int line)
{
	if (ok) {
		t_pass++;
		return;
	}
	t_fail++;
	printf("%s:%d: FAIL: %s\n", file, line, what);
}

static void t_check_str(const char *got, const char *want, const char *file,
			int line)
{
	if (!strcmp(got, want)) {
		t_pass++;
		return;
	}
	t_fail++;
	printf("%s:%d: FAIL:\n  got:  [%s]\n  want: [%s]\n", file, line, got,
	       want);
}

static void t_check_long(long long got, long long want, const char *what,
			 const char *file, int line)
{
	if (got == want) {
		t_pass++;
		return;
	}
	t_fail++;
	printf("%s:%d: FAIL: %s = %lld, want %lld\n", file, line, what, got,
	       want);
}

static int t_summary(const char *name)
{
	printf("%s (MAXSTRINGLEN=%d): %d passed, %d failed\n", name,
	       MAXSTRINGLEN, t_pass, t_fail);
	return t_fail ? 1 : 0;
}

#endif /* T_UTIL_H */
