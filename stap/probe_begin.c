/* probe_begin.c - the begin, end, error and never probe families (pass 2).
 *
 * begin / end / error take an optional sequence number, begin(-5); probes
 * of one kind run in increasing sequence order, ties in script order.
 * never is derived like the others but pass 3 never registers it.
 */
#include "probes.h"

static const char *const begin_patterns[] = { "begin", "begin(number)", NULL };
static const char *const end_patterns[] = { "end", "end(number)", NULL };
static const char *const error_patterns[] = { "error", "error(number)", NULL };
static const char *const never_patterns[] = { "never", NULL };

static int probe_begin_seq(struct derived_probe *dp, enum probe_kind kind,
			   int pat)
{
	dp->kind = kind;
	dp->seq = pat == 1 ? probes_num_arg(dp->point, 0) : 0;
	return 0;
}

static int probe_begin_derive(struct session *s, struct derived_probe *dp,
			      int pat)
{
	(void)s;
	return probe_begin_seq(dp, PK_BEGIN, pat);
}

static int probe_end_derive(struct session *s, struct derived_probe *dp,
			    int pat)
{
	(void)s;
	return probe_begin_seq(dp, PK_END, pat);
}

static int probe_error_derive(struct session *s, struct derived_probe *dp,
			      int pat)
{
	(void)s;
	return probe_begin_seq(dp, PK_ERROR, pat);
}

static int probe_never_derive(struct session *s, struct derived_probe *dp,
			      int pat)
{
	(void)s;
	return probe_begin_seq(dp, PK_NEVER, pat);
}

const struct probe_family probe_begin_family = {
	.name = "begin", .patterns = begin_patterns,
	.derive = probe_begin_derive,
};
const struct probe_family probe_end_family = {
	.name = "end", .patterns = end_patterns, .derive = probe_end_derive,
};
const struct probe_family probe_error_family = {
	.name = "error", .patterns = error_patterns,
	.derive = probe_error_derive,
};
const struct probe_family probe_never_family = {
	.name = "never", .patterns = never_patterns,
	.derive = probe_never_derive,
};
