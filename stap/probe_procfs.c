/* probe_procfs.c - the procfs("PATH").read / .write probe family.
 *
 * Pass 2: procfs[("PATH")][.umask(M)].read[.maxsize(N)] and
 * procfs[("PATH")][.umask(M)].write; PATH defaults to "command" and
 * names a file of /proc/systemtap/MODNAME/.  $value is the family's own
 * target variable (procfs_tv_own): the text a read probe returns, or what
 * the writer wrote.  Pass 3: one struct stp_procfs_file per path, with
 * the lists of its read and write probes, registered by
 * runtime/probe_procfs.c (stp_procfs_ops).
 *
 * File mode, as stapprobes(3stap) describes it: 0444 for a file with a
 * read probe, 0222 with a write probe, or'ed, then masked by the last
 * umask given for the path, 066 without one (0400, 0200, 0600).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "probes.h"

enum procfs_role { PF_READ, PF_WRITE };

#define PROCFS_BOTH(path)						\
	PROBE_PATTERN("procfs" path ".read", PF_READ),			\
	PROBE_PATTERN("procfs" path ".read.maxsize(number)", PF_READ),	\
	PROBE_PATTERN("procfs" path ".umask(number).read", PF_READ),	\
	PROBE_PATTERN("procfs" path ".umask(number).read.maxsize(number)", \
		      PF_READ),						\
	PROBE_PATTERN("procfs" path ".write", PF_WRITE),		\
	PROBE_PATTERN("procfs" path ".umask(number).write", PF_WRITE)

static const struct probe_pattern procfs_patterns[] = {
	PROCFS_BOTH(""),
	PROCFS_BOTH("(string)"),
	PROBE_PATTERNS_END,
};

struct procfs_probe {
	const char *path;
	int64_t umask;			/* -1: none given */
	int64_t maxsize;		/* 0: MAXSTRINGLEN */
	bool write;
};

static int procfs_bad(struct session *s, struct derived_probe *dp,
		      const char *msg)
{
	diag(s, S_PP_RESOLVING, dp->point->comps->tok);
	diag(s, S_PP_BAD_ARG, dp->point->comps->tok, msg);
	return -1;
}

/* a component "." or ".." anywhere in the path */
static bool procfs_path_dots(const char *p)
{
	size_t n;

	for (; *p; p += n + (p[n] == '/')) {
		n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && !strncmp(p, "..", 2)))
			return true;
	}
	return false;
}

static int procfs_check_path(struct session *s, struct probe_match *m,
			     const char *p)
{
	struct derived_probe *dp = m->tmpl;

	if (procfs_path_dots(p))
		return procfs_bad(s, dp,
			"procfs path cannot be relative (and contain '.' or '..')");
	if (strchr(p, '/'))
		return probes_unsupported(s, m, "procfs subdirectory");
	if (!*p)
		return procfs_bad(s, dp, "procfs path is empty");
	return 0;
}

static int procfs_derive(struct session *s, struct probe_match *m)
{
	struct derived_probe *dp = m->tmpl;
	struct procfs_probe *pf = ARENA_NEW(s->arena, struct procfs_probe);
	const struct probe_comp *c;
	int i;

	pf->path = "command";
	pf->umask = -1;
	pf->write = m->role == PF_WRITE;
	for (i = 0; (c = probes_comp(dp->point, i)) != NULL; i++) {
		if (i == 0 && c->arg)
			pf->path = probes_str_arg(dp->point, 0);
		else if (!strcmp(c->functor, "umask"))
			pf->umask = probes_num_arg(dp->point, i);
		else if (!strcmp(c->functor, "maxsize"))
			pf->maxsize = probes_num_arg(dp->point, i);
	}
	if (procfs_check_path(s, m, pf->path) < 0)
		return -1;
	pf->umask = pf->umask < 0 ? -1 : pf->umask & 0777;
	if (pf->maxsize < 0 || pf->maxsize > (1 << 20))
		return procfs_bad(s, dp, "invalid maxsize");
	probes_add(s, m, NULL, pf);
	return 0;
}

/* A procfs probe's $value: read, assigned, or appended to with `.=`,
 * through the runtime's accessors (runtime/probe_procfs.c). */
static int procfs_tv_own(struct session *s, const struct derived_probe *dp,
			 const struct expr *e, bool store, int op,
			 const char **code, const char **err)
{
	(void)s;
	(void)dp;
	if (strcmp(e->name, "$value"))
		return 1;
	if (store && op != OP_ASSIGN && op != OP_CONCAT) {
		*err = "Only the following assign operators are implemented on procfs read target variables: '=', '.='";
		return -1;
	}
	if (!store)
		*code = "stp_str_copy(STAP_RETVALUE, stp_procfs_value_get());";
	else if (op == OP_ASSIGN)
		*code = "stp_procfs_value_put(STAP_ARG_value, false);\n"
			"stp_str_copy(STAP_RETVALUE, stp_procfs_value_get());";
	else
		*code = "stp_procfs_value_put(STAP_ARG_value, true);\n"
			"stp_str_copy(STAP_RETVALUE, stp_procfs_value_get());";
	return 0;
}

/* the file of path p in v[0..n), the first probe seen on it */
static int procfs_first(struct derived_probe **v, int n, const char *p)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(((struct procfs_probe *)v[i]->priv)->path, p))
			return i;
	return n;
}

/* path as a C string literal */
static const char *procfs_cstr(struct emit *e, const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	const char *r;

	if (!m)
		abort();
	emit_cstring(m, path, strlen(path));
	fclose(m);
	r = arena_strndup(e->s->arena, buf, len);
	free(buf);
	return r;
}

/* "procfs_N_read": the probes of file number `file` of one direction,
 * as an array of stp_probe pointers, or NULL when there are none */
static const char *procfs_list(struct emit *e, struct derived_probe **v,
			       int n, const char *path, bool write, int file,
			       int *count)
{
	const char *name = arena_printf(e->s->arena, "stp_procfs_%d_%s", file,
					write ? "write" : "read");
	int i;

	*count = 0;
	for (i = 0; i < n; i++) {
		const struct procfs_probe *pf = v[i]->priv;

		if (strcmp(pf->path, path) || pf->write != write)
			continue;
		if (!(*count)++)
			fprintf(e->out, "static const struct stp_probe *const "
				"%s[] = {\n", name);
		fprintf(e->out, "\t&stp_probes[%d],\n", v[i]->index);
	}
	if (!*count)
		return "NULL";
	fprintf(e->out, "};\n");
	return name;
}

/* file v[first]: its probe lists, then its entry (into *entry) */
static const char *procfs_file(struct emit *e, struct derived_probe **v,
			       int n, int first, int file)
{
	const char *path = ((struct procfs_probe *)v[first]->priv)->path;
	const char *rd, *wr;
	int i, nrd, nwr, mode = 0;
	int64_t umask = 066, maxsize = 0;

	for (i = first; i < n; i++) {
		const struct procfs_probe *pf = v[i]->priv;

		if (strcmp(pf->path, path))
			continue;
		if (pf->umask >= 0)
			umask = pf->umask;
		if (pf->maxsize > maxsize)
			maxsize = pf->maxsize;
		mode |= pf->write ? 0222 : 0444;
	}
	rd = procfs_list(e, v, n, path, false, file, &nrd);
	wr = procfs_list(e, v, n, path, true, file, &nwr);
	return arena_printf(e->s->arena, "\t{ .path = %s, .mode = 0%o, "
		".bufsize = %" PRId64 ", .read = %s, .nread = %d, "
		".write = %s, .nwrite = %d },\n", procfs_cstr(e, path),
		mode & ~(int)umask, maxsize, rd, nrd, wr, nwr);
}

static void procfs_tables(struct emit *e, struct derived_probe **v, int n)
{
	const char *entries = "";
	int i, files = 0;

	for (i = 0; i < n; i++) {
		const struct procfs_probe *pf = v[i]->priv;

		if (procfs_first(v, n, pf->path) != i)
			continue;
		entries = arena_printf(e->s->arena, "%s%s", entries,
				       procfs_file(e, v, n, i, files++));
	}
	fprintf(e->out, "static struct stp_procfs_file stp_procfs_files[] = {\n"
		"%s};\n", entries);
	emit_register_table(e, "stp_procfs_ops", "stp_procfs_files", files);
}

const struct probe_family probe_procfs_family = {
	.name = "procfs", .patterns = procfs_patterns, .derive = procfs_derive,
	.tv_own = procfs_tv_own, .emit_tables = procfs_tables,
};
