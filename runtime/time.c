// SPDX-License-Identifier: GPL-2.0
/*
 * time.c - gettimeofday_*, jiffies and cycle counter for scripts.
 *
 * Invariant: every function is callable in any context (no sleeping, no
 * locks beyond the timekeeping seqcount read).
 */

static int64_t stp_time_ns(void)
{
	return (int64_t)ktime_get_real_ns();
}

static int64_t stp_time_us(void)
{
	return stp_time_ns() / 1000;
}

static int64_t stp_time_ms(void)
{
	return stp_time_ns() / 1000000;
}

static int64_t stp_time_s(void)
{
	return stp_time_ns() / 1000000000;
}

static int64_t stp_time_jiffies(void)
{
	return (int64_t)jiffies;
}

static int64_t stp_time_cycles(void)
{
	return (int64_t)get_cycles();
}
