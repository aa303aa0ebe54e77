/* cache.c - pass 4's module cache: entry paths, atomic copies, and the
 * identities (kernel, compiler, runtime) that cache keys are made of.
 *
 * Invariant: a cache entry is only ever created by rename() of a complete
 * temporary file, so an entry that exists is whole.  Everything that can
 * change a module's bytes goes into its key; a stale hit is a bug.
 */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CACHE_MB_LIMIT 256		/* SystemTap's defaults */
#define CACHE_CLEAN_INTERVAL_S 300

/* mkdir -p: every component of dir, an existing one is not an error */
int cache_mkdir_p(struct session *s, const char *dir)
{
	char *p = arena_strdup(s->arena, dir);
	char *slash;

	for (slash = strchr(p + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(p, 0755);
		*slash = '/';
	}
	return mkdir(p, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

const char *cache_entry(struct session *s, const char *key,
			const char *prefix, const char *suffix, bool create)
{
	const char *dir;

	if (!s->use_cache || !s->cache_dir || !*s->cache_dir)
		return NULL;
	dir = arena_printf(s->arena, "%s/%.2s", s->cache_dir, key);
	if (create && cache_mkdir_p(s, dir) < 0)
		return NULL;
	return arena_printf(s->arena, "%s/%s%.32s%s", dir, prefix, key, suffix);
}

bool cache_exists(const char *path)
{
	struct stat st;

	return path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int cache_copy_fd(int in, int out)
{
	char buf[65536];
	ssize_t n, w, off;

	while ((n = read(in, buf, sizeof(buf))) > 0)
		for (off = 0; off < n; off += w) {
			w = write(out, buf + off, (size_t)(n - off));
			if (w < 0)
				return -1;
		}
	return n < 0 ? -1 : 0;
}

int cache_copy(const char *src, const char *dst)
{
	char tmp[PATH_MAX];
	int in, out, rc, saved;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp%d", dst, (int)getpid()) >=
	    (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		saved = errno;
		close(in);
		errno = saved;
		return -1;
	}
	rc = cache_copy_fd(in, out);
	saved = errno;
	close(in);
	if (close(out) < 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc == 0 && rename(tmp, dst) == 0)
		return 0;
	unlink(tmp);
	errno = saved;
	return -1;
}

char *cache_slurp(struct session *s, const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;
	ssize_t n;
	size_t got = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return NULL;
	}
	buf = arena_alloc(s->arena, (size_t)st.st_size + 1);
	while (got < (size_t)st.st_size &&
	       (n = read(fd, buf + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	buf[got] = '\0';
	if (len)
		*len = got;
	return buf;
}

/* A file by identity only (size, mtime, inode): for big or binary files
 * whose every change also changes these. */
static void cache_hash_stat(struct hash_ctx *c, const char *path)
{
	struct stat st;

	hash_str(c, path);
	if (stat(path, &st) < 0) {
		hash_int(c, -1);
		return;
	}
	hash_int(c, (int64_t)st.st_size);
	hash_int(c, (int64_t)st.st_mtim.tv_sec);
	hash_int(c, (int64_t)st.st_mtim.tv_nsec);
	hash_int(c, (int64_t)st.st_ino);
}

/* The compiler kbuild will run: the first word of CONFIG_CC_VERSION_TEXT
 * ("gcc-12 (Debian ...) 12.2.0"), found on $PATH. */
static void cache_hash_compiler(struct session *s, struct hash_ctx *c,
				const char *config)
{
	const char *p = strstr(config, "\nCONFIG_CC_VERSION_TEXT=\"");
	const char *path = getenv("PATH");
	char *cc, *dirs, *dir, *save;

	if (!p)
		return;
	p += strlen("\nCONFIG_CC_VERSION_TEXT=\"");
	cc = arena_strndup(s->arena, p, strcspn(p, " \"\n"));
	hash_str(c, cc);
	dirs = arena_strdup(s->arena, path ? path : "/usr/bin:/bin");
	for (dir = strtok_r(dirs, ":", &save); dir;
	     dir = strtok_r(NULL, ":", &save)) {
		const char *full = arena_printf(s->arena, "%s/%s", dir, cc);
		char real[PATH_MAX];

		if (access(full, X_OK) == 0 && realpath(full, real)) {
			cache_hash_stat(c, real);
			return;
		}
	}
}

int cache_hash_kernel(struct session *s, struct hash_ctx *c)
{
	const char *kdir = s->kernel_build_dir;
	const char *cfg = arena_printf(s->arena, "%s/.config", kdir);
	char real[PATH_MAX];
	char *config;

	config = cache_slurp(s, cfg, NULL);
	if (!config)
		return -1;
	hash_str(c, "kernel");
	hash_str(c, s->kernel_release);
	hash_str(c, realpath(kdir, real) ? real : kdir);
	hash_str(c, s->arch);
	hash_str(c, config);
	cache_hash_stat(c, arena_printf(s->arena, "%s/Module.symvers", kdir));
	cache_hash_stat(c, arena_printf(s->arena,
					"%s/include/generated/utsrelease.h",
					kdir));
	cache_hash_compiler(s, c, config);
	return 0;
}

static int cache_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of dir (no dot files), sorted; *n gets their number. */
static const char **cache_list_dir(struct session *s, const char *dir,
				   size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	const char **names = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (*n == cap) {
			const char **v;

			cap = cap ? 2 * cap : 64;
			v = arena_alloc(s->arena, cap * sizeof(*v));
			if (*n)
				memcpy(v, names, *n * sizeof(*v));
			names = v;
		}
		names[(*n)++] = arena_strdup(s->arena, e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof(*names), cache_name_cmp);
	return names;
}

static bool cache_is_source(const char *name)
{
	size_t len = strlen(name);

	return len > 2 && name[len - 2] == '.' &&
	       (name[len - 1] == 'c' || name[len - 1] == 'h');
}

/* Names and contents of the *.c / *.h files under dir, in sorted order,
 * recursing into subdirectories; rel is dir relative to the runtime root. */
static int cache_hash_dir(struct session *s, struct hash_ctx *c,
			  const char *dir, const char *rel, int depth)
{
	size_t n, i;
	const char **names = cache_list_dir(s, dir, &n);

	if (!names && n == 0 && depth == 0)
		return -1;
	for (i = 0; i < n; i++) {
		const char *path = arena_printf(s->arena, "%s/%s", dir, names[i]);
		const char *name = arena_printf(s->arena, "%s%s", rel, names[i]);
		struct stat st;

		if (stat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth < 4) {
			cache_hash_dir(s, c, path,
				       arena_printf(s->arena, "%s/", name),
				       depth + 1);
			continue;
		}
		if (!cache_is_source(names[i]))
			continue;
		hash_str(c, name);
		if (hash_file(c, path) < 0)
			return -1;
	}
	return 0;
}

int cache_hash_runtime(struct session *s, struct hash_ctx *c)
{
	hash_str(c, "runtime");
	return cache_hash_dir(s, c, s->runtime_dir, "", 0);
}

/* Everything a user states that shapes the module, before pass 3. */
static void cache_hash_options(struct session *s, struct hash_ctx *c)
{
	int i;

	hash_str(c, STAP_VERSION);
	/* the translator itself: a rebuilt stap may emit other code */
	cache_hash_stat(c, "/proc/self/exe");
	hash_str(c, s->kernel_release);
	hash_str(c, s->kernel_build_dir);
	hash_int(c, s->guru);
	hash_int(c, s->unoptimized);
	hash_int(c, s->suppress_handler_errors);
	hash_str(c, s->compatible);
	hash_str(c, s->privilege);
	for (i = 0; i < s->script_args.n; i++)
		hash_str(c, s->script_args.v[i]);
	for (i = 0; i < s->defines.n; i++)
		hash_str(c, s->defines.v[i]);
	for (i = 0; i < s->globals_set.n; i++)
		hash_str(c, s->globals_set.v[i]);
	for (i = 0; i < s->make_args.n; i++)
		hash_str(c, s->make_args.v[i]);
	for (i = 0; i < s->include_dirs.n; i++)
		hash_str(c, s->include_dirs.v[i]);
}

const char *cache_module_name(struct session *s)
{
	char hex[HASH_HEX_LEN + 1];
	const struct stapfile *f;
	struct hash_ctx c;

	hash_init(&c);
	hash_str(&c, "module-name");
	hash_str(&c, s->script_text);
	hash_str(&c, s->script_file);
	for (f = s->user_files; f; f = f->next)
		if (f->src)
			hash_str(&c, f->src->text);
	cache_hash_options(s, &c);
	hash_final_hex(&c, hex);
	return arena_printf(s->arena, "stap_%.32s", hex);
}

/* The number in cache_dir/name, first writing def there if it is missing
 * (SystemTap's cache_mb_limit and cache_clean_interval_s files). */
static long cache_setting(struct session *s, const char *name, long def)
{
	const char *path = arena_printf(s->arena, "%s/%s", s->cache_dir, name);
	char *text = cache_slurp(s, path, NULL);
	FILE *f;

	if (text)
		return strtol(text, NULL, 10);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "%ld\n", def);
		fclose(f);
	}
	return def;
}

struct cache_file {
	const char *path;
	off_t size;
	time_t used;
};

static int cache_file_cmp(const void *a, const void *b)
{
	const struct cache_file *x = a, *y = b;

	return (x->used > y->used) - (x->used < y->used);
}

/* Every file in the HH subdirectories, least recently used first. */
static struct cache_file *cache_files(struct session *s, size_t *n,
				      off_t *total)
{
	size_t nd, nf, i, j, cap = 0;
	const char **dirs = cache_list_dir(s, s->cache_dir, &nd);
	struct cache_file *v = NULL;

	*n = 0;
	*total = 0;
	for (i = 0; i < nd; i++) {
		const char *dir = arena_printf(s->arena, "%s/%s", s->cache_dir,
					       dirs[i]);
		const char **names = cache_list_dir(s, dir, &nf);

		for (j = 0; j < nf; j++) {
			const char *p = arena_printf(s->arena, "%s/%s", dir,
						     names[j]);
			struct stat st;

			if (stat(p, &st) < 0 || !S_ISREG(st.st_mode))
				continue;
			if (*n == cap) {
				struct cache_file *w;

				cap = cap ? 2 * cap : 64;
				w = arena_alloc(s->arena, cap * sizeof(*w));
				if (*n)
					memcpy(w, v, *n * sizeof(*w));
				v = w;
			}
			v[(*n)++] = (struct cache_file){ p, st.st_size,
				st.st_atime > st.st_mtime ? st.st_atime
							  : st.st_mtime };
			*total += st.st_size;
		}
	}
	if (*n)
		qsort(v, *n, sizeof(*v), cache_file_cmp);
	return v;
}

void cache_clean(struct session *s, bool force)
{
	long limit_mb, interval;
	const char *stamp;
	struct stat st;
	struct cache_file *v;
	size_t n, i;
	off_t total;
	FILE *f;

	if (!s->cache_dir || !*s->cache_dir)
		return;
	limit_mb = cache_setting(s, "cache_mb_limit", CACHE_MB_LIMIT);
	interval = cache_setting(s, "cache_clean_interval_s",
				 CACHE_CLEAN_INTERVAL_S);
	stamp = arena_printf(s->arena, "%s/.cache_cleaned", s->cache_dir);
	if (!force && stat(stamp, &st) == 0 &&
	    time(NULL) - st.st_mtime < interval)
		return;
	f = fopen(stamp, "w");
	if (f)
		fclose(f);
	v = cache_files(s, &n, &total);
	for (i = 0; i < n && total > (off_t)limit_mb * 1024 * 1024; i++) {
		if (s->cache_path && strcmp(v[i].path, s->cache_path) == 0)
			continue;	/* the module this run hands on */
		if (unlink(v[i].path) == 0)
			total -= v[i].size;
	}
}
