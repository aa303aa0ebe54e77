/* probe_begin.c - the begin, end, error and never probe families.
 *
 * Pass 2: begin / end / error take an optional sequence number, begin(-5);
 * never takes none.  Pass 3: each kind becomes one table of struct
 * stp_be_probe sorted by sequence number (ties in script order), which
 * the session itself runs (runtime/probe_begin.c) rather than registering
 * it; never has no handler at all.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "emit.h"
#include "probes.h"

enum { BE_PLAIN, BE_SEQ };

static const struct probe_pattern begin_patterns[] = {
	PROBE_PATTERN("begin", BE_PLAIN), PROBE_PATTERN("begin(number)", BE_SEQ),
	PROBE_PATTERNS_END,
};
static const struct probe_pattern end_patterns[] = {
	PROBE_PATTERN("end", BE_PLAIN), PROBE_PATTERN("end(number)", BE_SEQ),
	PROBE_PATTERNS_END,
};
static const struct probe_pattern error_patterns[] = {
	PROBE_PATTERN("error", BE_PLAIN), PROBE_PATTERN("error(number)", BE_SEQ),
	PROBE_PATTERNS_END,
};
static const struct probe_pattern never_patterns[] = {
	PROBE_PATTERN("never", BE_PLAIN), PROBE_PATTERNS_END,
};

struct be_probe {
	int64_t seq;
};

static int be_derive(struct session *s, struct probe_match *m)
{
	struct be_probe *b = ARENA_NEW(s->arena, struct be_probe);

	if (m->role == BE_SEQ)
		b->seq = probes_num_arg(m->tmpl->point, 0);
	probes_add(s, m, NULL, b);
	return 0;
}

/* A probe made outside derivation (elide.c's auto-print) has no priv. */
static int64_t be_seq(const struct derived_probe *dp)
{
	const struct be_probe *b = dp->priv;

	return b ? b->seq : 0;
}

static int be_cmp(const void *a, const void *b)
{
	const struct derived_probe *x = *(struct derived_probe *const *)a;
	const struct derived_probe *y = *(struct derived_probe *const *)b;

	if (be_seq(x) != be_seq(y))
		return be_seq(x) < be_seq(y) ? -1 : 1;
	return x->index - y->index;	/* stable: source order */
}

static const char *be_table(struct emit *e, struct derived_probe **v, int n,
			    const char *name)
{
	int i;

	qsort(v, (size_t)n, sizeof(*v), be_cmp);
	fprintf(e->out, "static const struct stp_be_probe stp_%s_probes[] = {\n",
		name);
	for (i = 0; i < n; i++)
		fprintf(e->out, "\t{ &stp_probes[%d], %" PRId64 "LL },\n",
			v[i]->index, be_seq(v[i]));
	fprintf(e->out, "};\n");
	return arena_printf(e->s->arena, "stp_%s_probes", name);
}

static const char *begin_table(struct emit *e, struct derived_probe **v,
			       int n)
{
	return be_table(e, v, n, "begin");
}

static const char *end_table(struct emit *e, struct derived_probe **v, int n)
{
	return be_table(e, v, n, "end");
}

static const char *error_table(struct emit *e, struct derived_probe **v,
			       int n)
{
	return be_table(e, v, n, "error");
}

const struct probe_family probe_begin_family = {
	.name = "begin", .patterns = begin_patterns, .derive = be_derive,
	.emit_table = begin_table, .script_slot = "begin",
};
const struct probe_family probe_end_family = {
	.name = "end", .patterns = end_patterns, .derive = be_derive,
	.emit_table = end_table, .script_slot = "end",
};
const struct probe_family probe_error_family = {
	.name = "error", .patterns = error_patterns, .derive = be_derive,
	.emit_table = error_table, .script_slot = "error",
};
const struct probe_family probe_never_family = {
	.name = "never", .patterns = never_patterns, .derive = be_derive,
	.no_handler = true,
};
