/* main.c - the stap driver: the ordered pass table.
 *
 *   1 parse      the user script                 (parse.c, parser.y)
 *   2 elaborate  against the tapset library      (elaborate.c, ...)
 *   3 translate  to one C file                   (emit.c, ...)
 *   4 compile    with kbuild, or from the cache  (build.c, cache.c)
 *   5 run        through staprun/stapio          (run.c)
 *
 * Invariant: the driver stops after the first pass that reported an error,
 * prints SystemTap's "Pass N: ... failed" line, and exits with status 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "cache.h"
#include "diag.h"
#include "options.h"
#include "passes.h"

struct pass {
	int num;
	int (*run)(struct session *s);
	const char *failed;		/* "Pass N: parse failed." */
	void (*report)(struct session *s, const char *usage);
};

/* Resource figures for the -v pass lines. */
struct usage_mark {
	struct timeval real;
	struct rusage self, children;
};

static void usage_mark(struct usage_mark *m)
{
	gettimeofday(&m->real, NULL);
	getrusage(RUSAGE_SELF, &m->self);
	getrusage(RUSAGE_CHILDREN, &m->children);
}

static long tv_ms(const struct timeval *a, const struct timeval *b)
{
	return (b->tv_sec - a->tv_sec) * 1000L +
	       (b->tv_usec - a->tv_usec) / 1000L;
}

/* "in 10usr/0sys/16real ms." (children included, for kbuild) */
static const char *usage_times(struct session *s, const struct usage_mark *a)
{
	struct usage_mark b;
	long usr, sys;

	usage_mark(&b);
	usr = tv_ms(&a->self.ru_utime, &b.self.ru_utime) +
	      tv_ms(&a->children.ru_utime, &b.children.ru_utime);
	sys = tv_ms(&a->self.ru_stime, &b.self.ru_stime) +
	      tv_ms(&a->children.ru_stime, &b.children.ru_stime);
	return arena_printf(s->arena, "in %ldusr/%ldsys/%ldreal ms.", usr,
			    sys, tv_ms(&a->real, &b.real));
}

/* "106692virt/96440res/7424shr/88940data kb" from /proc/self/statm */
static const char *usage_memory(struct session *s)
{
	unsigned long size = 0, res = 0, shr = 0, text, lib, data = 0;
	long kb = sysconf(_SC_PAGESIZE) / 1024;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%lu %lu %lu %lu %lu %lu", &size, &res, &shr,
			   &text, &lib, &data) != 6)
			size = res = shr = data = 0;
		fclose(f);
	}
	return arena_printf(s->arena, "%luvirt/%lures/%lushr/%ludata kb",
			    size * kb, res * kb, shr * kb, data * kb);
}

static const char *plural(int n, const char *word)
{
	static char buf[4][64];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%d %s%s", n, word, n == 1 ? "" : "s");
	return buf[i];
}

static int driver_count_globals(const struct session *s)
{
	const struct symbol *g;
	int n = 0;

	for (g = s->globals; g; g = g->next)
		n++;
	return n;
}

static void report_pass1(struct session *s, const char *times)
{
	fprintf(stderr, "Pass 1: parsed user script and %d library scripts using %s, %s\n",
		s->library_files, usage_memory(s), times);
}

static void report_pass2(struct session *s, const char *times)
{
	fprintf(stderr, "Pass 2: analyzed script: %s, %s, %s, %s using %s, %s\n",
		plural(s->n_probes, "probe"),
		plural(s->n_used_functions, "function"),
		plural(s->n_embeds, "embed"),
		plural(driver_count_globals(s), "global"), usage_memory(s),
		times);
}

static void report_pass3(struct session *s, const char *times)
{
	fprintf(stderr, "Pass 3: translated to C into \"%s\" using %s, %s\n",
		s->c_file ? s->c_file : "", usage_memory(s), times);
}

static void report_pass4(struct session *s, const char *times)
{
	const char *base = s->module_path ? strrchr(s->module_path, '/') : NULL;

	if (s->cache_hit)
		fprintf(stderr, "Pass 4: using cached %s\n",
			s->cache_path ? s->cache_path : s->module_path);
	else
		fprintf(stderr, "Pass 4: compiled C into \"%s.ko\" %s\n",
			s->module_name ? s->module_name
				       : base ? base + 1 : "", times);
}

static void report_pass5(struct session *s, const char *times)
{
	(void)s;
	fprintf(stderr, "Pass 5: run completed %s\n", times);
}

static const struct pass passes[] = {
	{ 1, parse_pass, "Pass 1: parse failed.  [man error::pass1]",
	  report_pass1 },
	{ 2, elaborate_pass, "Pass 2: analysis failed.  [man error::pass2]",
	  report_pass2 },
	{ 3, emit_pass, "Pass 3: translation failed.  [man error::pass3]",
	  report_pass3 },
	{ 4, build_pass, "Pass 4: compilation failed.  [man error::pass4]",
	  report_pass4 },
	{ 5, run_pass, "Pass 5: run failed.  [man error::pass5]",
	  report_pass5 },
};

/* Run one pass; 0 to go on, else the exit status. */
static int driver_run_pass(struct session *s, const struct pass *p)
{
	struct usage_mark mark;
	int rc;

	if (p->num == 5 && s->verbose[4])
		fprintf(stderr, "Pass 5: starting run.\n");
	usage_mark(&mark);
	diag_pass_reset(s);
	rc = p->run(s);
	if (rc == 0 && diag_pass_errors(s) == 0) {
		if (s->verbose[p->num - 1])
			p->report(s, usage_times(s, &mark));
		return 0;
	}
	if (p->num == 1)
		diag_parse_summary(s);
	if (p->num == 5 && diag_pass_errors(s) == 0)
		return s->run_status ? s->run_status : 1;
	fprintf(stderr, "%s\n", p->failed);
	diag_suppressed_summary(s);
	return 1;
}

static const char *driver_tmp_base(void)
{
	const char *base = getenv("TMPDIR");

	return base && *base ? base : "/tmp";
}

static void driver_tmpdir_failed(const char *t, int err)
{
	fprintf(stderr, "cannot create temporary directory (\" %s \"): %s\n",
		t, strerror(err));
}

/*
 * SystemTap makes its temporary directory before pass 2, so an unusable
 * $TMPDIR fails there.  Making one costs milliseconds on a crowded /tmp
 * (more than all of -p2), so pass 2 only checks that one could be made;
 * the directory itself comes before pass 3.
 */
static int driver_check_tmpdir(struct session *s)
{
	const char *base = driver_tmp_base();
	struct stat st;
	char name[7];

	if (s->tmpdir)
		return 0;
	if (stat(base, &st) == 0 && !S_ISDIR(st.st_mode))
		errno = ENOTDIR;
	else if (stat(base, &st) == 0 && access(base, W_OK | X_OK) == 0)
		return 0;
	for (int i = 0; i < 6; i++)	/* a name like mkdtemp's */
		name[i] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"[
			(unsigned)(rand() ^ getpid()) % 36];
	name[6] = '\0';
	driver_tmpdir_failed(arena_printf(s->arena, "%s/stap%s", base, name),
			     errno);
	return -1;
}

/* The session's temporary directory, under $TMPDIR (else /tmp). */
static int driver_make_tmpdir(struct session *s)
{
	char *t;

	if (s->tmpdir)
		return 0;
	t = arena_printf(s->arena, "%s/stapXXXXXX", driver_tmp_base());
	if (!mkdtemp(t)) {
		driver_tmpdir_failed(t, errno);
		return -1;
	}
	s->tmpdir = t;
	s->tmpdir_made = true;
	return 0;
}

static void driver_cleanup(struct session *s)
{
	char cmd[4200];

	if (!s->tmpdir_made)
		return;
	if (!s->keep_tmpdir && rmdir(s->tmpdir) == 0)
		return;		/* nothing was written there */
	if (s->keep_tmpdir) {
		fprintf(stderr, "Keeping temporary directory \"%s\"\n",
			s->tmpdir);
		return;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "stap: could not remove %s\n", s->tmpdir);
}

static int driver_listing(struct session *s)
{
	diag_pass_reset(s);
	/* The --dump-* listings exit 0 even when a library file fails to
	 * parse (it is reported and left out), as in SystemTap. */
	if (s->dump_probe_types || s->dump_functions || s->dump_probe_aliases)
		return elaborate_list(s, stdout);
	/* Like SystemTap, no "Pass 2 failed" line: no match just exits 1. */
	if (elaborate_list(s, stdout) != 0 || diag_errors(s))
		return 1;
	return 0;
}

/* `stap -p3` shows the generated C on stdout. */
static void driver_cat(const char *path)
{
	char buf[65536];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
}

static int driver_passes(struct session *s)
{
	size_t i;
	int rc;

	for (i = 0; i < sizeof(passes) / sizeof(passes[0]); i++) {
		if (passes[i].num > s->last_pass)
			break;
		if (passes[i].num == 2 && driver_check_tmpdir(s) < 0)
			return 1;
		if (passes[i].num == 3 && driver_make_tmpdir(s) < 0)
			return 1;
		/* Name the module after its inputs, so a rerun hits the cache. */
		if (passes[i].num == 3 && !s->module_name)
			s->module_name = cache_module_name(s);
		if (passes[i].num == 3 && s->unwind_objects.n)
			fprintf(stderr, "WARNING: symbol and unwind data for other objects (%s) is not supported yet; addresses there print in hex\n",
				s->unwind_objects.v[0]);
		rc = driver_run_pass(s, &passes[i]);
		if (rc)
			return rc;
		if (passes[i].num == 1 && s->last_pass == 1)
			ast_print_session(s, stdout);
		if (passes[i].num == 2 && s->last_pass == 2)
			elaborate_print(s, stdout);
		if (passes[i].num == 3 && s->last_pass == 3 && s->c_file)
			driver_cat(s->c_file);
		if (passes[i].num == 4 && s->last_pass == 4 && s->module_path)
			printf("%s\n", s->module_path);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct session *s;
	int rc;

	s = calloc(1, sizeof(*s));
	if (!s)
		return 1;
	s->arena = arena_new();
	s->names = intern_new(s->arena);
	s->err = stderr;
	if (options_parse(s, argc, argv) < 0 || options_finish(s) < 0)
		return 1;
	rc = s->listing || s->dump_probe_types || s->dump_functions ||
		     s->dump_probe_aliases ? driver_listing(s)
					   : driver_passes(s);
	fflush(stdout);
	diag_suppressed_summary(s);
	driver_cleanup(s);
	arena_free(s->arena);
	free(s);
	return rc;
}
