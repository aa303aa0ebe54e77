/* build.c - pass 4: compile the generated C into a kernel module.
 *
 * The module key hashes everything that can change the module's bytes:
 * the generated C, the runtime sources, the kernel/compiler identity (via
 * the stapconf key), -D and -B options, the module name and our version.
 * A hit copies the cached .ko; a miss writes a minimal kbuild Makefile,
 * fetches the kernel feature header (compat.c) and runs kbuild's recorded
 * commands (build_replay.c), or make itself when those are not available.
 *
 * Invariant: s->module_path is set only on success, to the file the user
 * is shown and pass 5 loads: NAME.ko in the current directory with -m (or
 * with -p4 and no cache), else the cache entry, else the temporary build.
 */
#include "build.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cache.h"
#include "diag.h"
#include "passes.h"

/* Environment that would confuse an external-module kbuild. */
static const char *const build_unset_env[] = {
	"ARCH", "KBUILD_EXTMOD", "CROSS_COMPILE", "KBUILD_IMAGE",
	"KCONFIG_CONFIG", "INSTALL_PATH", "MAKEFLAGS", "MAKELEVEL", "MFLAGS",
};

static const char **build_make_argv(struct session *s, const char *dir,
				    const char **targets, int ntargets,
				    bool keep_going)
{
	const char **argv = arena_alloc(s->arena, (size_t)(ntargets +
					s->make_args.n + 16) * sizeof(*argv));
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int n = 0, i;

	argv[n++] = "make";
	argv[n++] = "-C";
	argv[n++] = s->kernel_build_dir;
	argv[n++] = arena_printf(s->arena, "M=%s", dir);
	for (i = 0; i < ntargets; i++)
		argv[n++] = targets[i];
	argv[n++] = "CONFIG_DEBUG_INFO=";		/* no DWARF: faster */
	argv[n++] = "CONFIG_DEBUG_INFO_BTF_MODULES=";	/* no BTF step */
	argv[n++] = "--no-print-directory";
	argv[n++] = arena_printf(s->arena, "-j%ld", ncpu > 1 ? ncpu : 2);
	if (keep_going)
		argv[n++] = "-k";
	if (s->verbose[3] < 2)
		argv[n++] = "-s";
	else if (s->verbose[3] >= 3)
		argv[n++] = "V=1";
	for (i = 0; i < s->make_args.n; i++)
		argv[n++] = s->make_args.v[i];
	argv[n] = NULL;
	return argv;
}

/* In the child: the environment and output redirections, then exec. */
static void build_exec(struct session *s, const char *const *argv,
		       const char *dir, bool keep_going)
{
	size_t i;
	int fd = -1;

	for (i = 0; i < sizeof(build_unset_env) / sizeof(*build_unset_env); i++)
		unsetenv(build_unset_env[i]);
	if (keep_going)
		fd = open(arena_printf(s->arena, "%s/log", dir),
			  O_WRONLY | O_CREAT | O_TRUNC, 0644);
	else if (s->verbose[3] < 2)
		fd = open("/dev/null", O_WRONLY);
	if (fd >= 0) {
		dup2(fd, 1);
		if (keep_going)
			dup2(fd, 2);
		close(fd);
	} else if (!keep_going) {
		dup2(2, 1);	/* -vv: kbuild's progress lines to stderr */
	}
	execvp(argv[0], (char *const *)argv);
	fprintf(stderr, "stap: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static void build_print_command(struct session *s, const char *const *argv)
{
	int i;

	fprintf(s->err, "Running");
	for (i = 0; argv[i]; i++)
		fprintf(s->err, " %s", argv[i]);
	fputc('\n', s->err);
}

int build_make(struct session *s, const char *dir, const char **targets,
	       int ntargets, bool keep_going)
{
	const char **argv = build_make_argv(s, dir, targets, ntargets,
					    keep_going);
	int status;
	pid_t pid;

	if (s->verbose[3] >= 2)
		build_print_command(s, argv);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		diag(s, B_SPAWN, NULL, "make", strerror(errno));
		return -1;
	}
	if (pid == 0)
		build_exec(s, argv, dir, keep_going);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			diag(s, B_SPAWN, NULL, "make", strerror(errno));
			return -1;
		}
	if (WIFSIGNALED(status)) {
		diag(s, B_KBUILD_SIGNAL, NULL, WTERMSIG(status));
		return -1;
	}
	if (WEXITSTATUS(status) == 127) {
		diag(s, B_SPAWN, NULL, "make", "not found");
		return -1;
	}
	return WEXITSTATUS(status);
}

/* The module name: -m or pass 3's choice, else the generated file's name
 * without "_src.c" / ".c". */
static const char *build_module_name(struct session *s)
{
	const char *base, *end;

	if (s->module_name)
		return s->module_name;
	base = strrchr(s->c_file, '/');
	base = base ? base + 1 : s->c_file;
	end = strstr(base, "_src.c");
	if (!end)
		end = strrchr(base, '.');
	if (!end)
		end = base + strlen(base);
	return arena_strndup(s->arena, base, (size_t)(end - base));
}

/* The module key; -1 if an input cannot be read (reported). */
static int build_key(struct session *s, const char *conf_key,
		     const char *name, char key[HASH_HEX_LEN + 1])
{
	struct hash_ctx c;
	int i;

	hash_init(&c);
	hash_str(&c, "module " STAP_VERSION);
	hash_str(&c, conf_key);
	hash_str(&c, name);
	if (hash_file(&c, s->c_file) < 0) {
		diag(s, B_READ, NULL, s->c_file, strerror(errno));
		return -1;
	}
	if (cache_hash_runtime(s, &c) < 0) {
		diag(s, B_READ, NULL, s->runtime_dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < s->defines.n; i++)
		hash_str(&c, s->defines.v[i]);
	for (i = 0; i < s->make_args.n; i++)
		hash_str(&c, s->make_args.v[i]);
	hash_final_hex(&c, key);
	return 0;
}

/* A Makefile word for the shell: 'text' with ' and $ escaped. */
static const char *build_quote(struct session *s, const char *text)
{
	char *out = arena_alloc(s->arena, 4 * strlen(text) + 3);
	char *o = out;

	*o++ = '\'';
	for (; *text; text++) {
		if (*text == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else if (*text == '$') {
			*o++ = '$';
			*o++ = '$';
		} else {
			*o++ = *text;
		}
	}
	*o++ = '\'';
	return out;
}

/* The generated file's name without ".c", as a composite object of the
 * module: when pass 3 named it NAME.c, a symlink NAME_src.c stands in
 * (kbuild cannot make NAME.o from NAME.o). */
static const char *build_base(struct session *s, const char *name)
{
	const char *base = strrchr(s->c_file, '/');
	char *b;

	base = base ? base + 1 : s->c_file;
	b = arena_strndup(s->arena, base, strlen(base) - 2);
	if (strcmp(b, name))
		return b;
	b = arena_printf(s->arena, "%s_src", name);
	if (symlink(base, arena_printf(s->arena, "%s/%s.c", s->tmpdir, b)) < 0 &&
	    errno != EEXIST) {
		diag(s, B_WRITE, NULL, b, strerror(errno));
		return NULL;
	}
	return b;
}

/* -D options as compiler words: "'-DNAME=VALUE' ..." */
static const char *build_defines(struct session *s)
{
	const char *defs = "";
	int i;

	for (i = 0; i < s->defines.n; i++)
		defs = arena_printf(s->arena, "%s%s%s", defs, i ? " " : "",
				    build_quote(s, arena_printf(s->arena, "-D%s",
							s->defines.v[i])));
	return defs;
}

/* The kbuild makefile: the module made of the one generated object, the
 * stapconf.h directory and the runtime on the include path, -D options. */
static int build_write_makefile(struct session *s, const char *name,
				const char *base, const char *defs)
{
	const char *path = arena_printf(s->arena, "%s/Makefile", s->tmpdir);
	FILE *f = fopen(path, "w");

	if (!f) {
		diag(s, B_WRITE, NULL, path, strerror(errno));
		return -1;
	}
	fprintf(f, "# kbuild makefile for module %s, written by stap pass 4\n"
		"obj-m := %s.o\n%s-y := %s.o\nccflags-y := -I%s -I%s %s\n",
		name, name, name, base, build_quote(s, s->tmpdir),
		build_quote(s, s->runtime_dir), defs);
	if (fclose(f) != 0) {
		diag(s, B_WRITE, NULL, path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Compile in s->tmpdir (kbuild's recorded commands, else kbuild); the
 * path of the .ko, or NULL. */
static const char *build_compile(struct session *s, const char *conf_key,
				 const char *name)
{
	const char *goal = "modules";
	const char *ko = arena_printf(s->arena, "%s/%s.ko", s->tmpdir, name);
	const char *base = build_base(s, name);
	const char *defs = build_defines(s);
	int rc;

	if (!base || build_tools_check(s) < 0 ||
	    compat_header(s, conf_key, s->tmpdir) < 0 ||
	    build_write_makefile(s, name, base, defs) < 0)
		return NULL;
	if (replay_build(s, conf_key, name, base, defs) == 0 &&
	    cache_exists(ko))
		return ko;
	rc = build_make(s, s->tmpdir, &goal, 1, false);
	if (rc > 0)
		diag(s, B_KBUILD_STATUS, NULL, rc);
	if (rc != 0)
		return NULL;
	if (!cache_exists(ko)) {
		diag(s, B_NO_MODULE, NULL, ko);
		return NULL;
	}
	return ko;
}

/* Where the user finds the module (see the file invariant). */
static int build_place(struct session *s, const char *ko, const char *entry,
		       const char *name)
{
	const char *cwd_ko = arena_printf(s->arena, "%s.ko", name);

	if (s->module_name_set || (!entry && s->last_pass == 4)) {
		if (cache_copy(ko, cwd_ko) < 0) {
			diag(s, B_COPY, NULL, ko, cwd_ko, strerror(errno));
			return -1;
		}
		s->module_path = cwd_ko;
		return 0;
	}
	s->module_path = entry ? entry : ko;
	return 0;
}

int build_pass(struct session *s)
{
	char conf_key[HASH_HEX_LEN + 1], key[HASH_HEX_LEN + 1];
	const char *name, *entry, *ko;

	if (!s->c_file || !s->tmpdir) {
		diag(s, B_NO_C_FILE, NULL);
		return -1;
	}
	name = build_module_name(s);
	if (build_tree_check(s) < 0 || compat_key(s, conf_key) < 0 ||
	    build_key(s, conf_key, name, key) < 0)
		return -1;
	entry = cache_entry(s, key, arena_printf(s->arena, "%s_", name),
			    ".ko", true);
	s->cache_path = entry;
	if (cache_exists(entry)) {
		s->cache_hit = true;
		return build_place(s, entry, entry, name);
	}
	ko = build_compile(s, conf_key, name);
	if (!ko)
		return -1;
	if (entry && cache_copy(ko, entry) < 0) {
		diag(s, B_CACHE_STORE, NULL, entry, strerror(errno));
		entry = NULL;
		s->cache_path = NULL;
	}
	if (entry)
		cache_clean(s, false);
	return build_place(s, ko, entry, name);
}
