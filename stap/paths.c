/* paths.c - where stap finds its own files and the target kernel.
 *
 * The same binary works from the build tree (stap/stap next to tapsets/,
 * runtime/, staprun/, stapio/) and installed (PREFIX/bin/stap with
 * PREFIX/share/stap/... and PREFIX/libexec/stap/...): the layout is found
 * from /proc/self/exe, so an installed tree may be moved.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kver.h"
#include "options.h"

static bool path_exists(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0;
}

/* The directory holding the running stap binary. */
static const char *paths_exe_dir(struct session *s)
{
	static const char *dir;
	char buf[PATH_MAX];
	ssize_t n;
	char *slash;

	if (dir)
		return dir;
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	if (n <= 0)
		return dir = ".";
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	return dir = arena_strdup(s->arena, buf);
}

/* Build tree: stap/stap, with ../runtime/runtime.h beside it. */
static const char *paths_build_root(struct session *s)
{
	const char *root = arena_printf(s->arena, "%s/..", paths_exe_dir(s));

	if (path_exists(arena_printf(s->arena, "%s/runtime/README.md", root)) &&
	    path_exists(arena_printf(s->arena, "%s/stap/main.c", root)))
		return root;
	return NULL;
}

static const char *paths_in_build_tree(struct session *s, const char *root,
				       const char *what)
{
	if (!strcmp(what, "staprun"))
		return arena_printf(s->arena, "%s/staprun/staprun", root);
	if (!strcmp(what, "stapio"))
		return arena_printf(s->arena, "%s/stapio/stapio", root);
	if (!strcmp(what, "stap-vm"))
		return arena_printf(s->arena, "%s/stap/stap-vm", root);
	return arena_printf(s->arena, "%s/%s", root, what);
}

static const char *paths_installed(struct session *s, const char *what)
{
	const char *prefix = arena_printf(s->arena, "%s/..", paths_exe_dir(s));

	if (!strcmp(what, "staprun"))
		return arena_printf(s->arena, "%s/bin/staprun", prefix);
	if (!strcmp(what, "stapio") || !strcmp(what, "stap-vm"))
		return arena_printf(s->arena, "%s/libexec/stap/%s", prefix,
				    what);
	return arena_printf(s->arena, "%s/share/stap/%s", prefix, what);
}

const char *paths_find(struct session *s, const char *what)
{
	const char *root = paths_build_root(s);
	const char *env = getenv("STAP_PREFIX_DIR");

	if (env && *env && root == NULL)
		return arena_printf(s->arena, "%s/share/stap/%s", env, what);
	return root ? paths_in_build_tree(s, root, what)
		    : paths_installed(s, what);
}

const char *options_example_path(struct session *s, const char *name)
{
	const char *p;

	if (strchr(name, '/') && path_exists(name))
		return name;
	p = arena_printf(s->arena, "%s/%s", paths_find(s, "examples"), name);
	if (path_exists(p))
		return p;
	fprintf(s->err, "Can't find example script '%s' in %s.\n", name,
		paths_find(s, "examples"));
	return NULL;
}

/* The default Debian cloud kernel (kver.c): the VM's target. */
static const char *paths_vm_kernel(struct session *s)
{
	char rel[256];

	return kver_default(rel, sizeof(rel)) ? NULL
					      : arena_strdup(s->arena, rel);
}

/* The release a build tree was configured for, from include/config. */
static const char *paths_release_of(struct session *s, const char *dir)
{
	char line[256];
	FILE *f = fopen(arena_printf(s->arena,
				     "%s/include/config/kernel.release", dir),
			"r");

	if (!f)
		return NULL;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	return arena_strdup(s->arena, line);
}

static const char *paths_default_release(struct session *s)
{
	struct utsname u;

	if (s->remote) {
		const char *colon = strchr(s->remote, ':');

		return colon ? colon + 1 : paths_vm_kernel(s);
	}
	if (uname(&u) < 0)
		return NULL;
	return arena_strdup(s->arena, u.release);
}

int options_finish(struct session *s)
{
	const char *home = getenv("HOME");

	if (!s->kernel_build_dir) {
		if (!s->kernel_release)
			s->kernel_release = paths_default_release(s);
		if (!s->kernel_release) {
			fprintf(s->err, "stap: cannot tell the kernel release; use -r\n");
			return -1;
		}
		s->kernel_build_dir = arena_printf(s->arena,
			"/lib/modules/%s/build", s->kernel_release);
	} else if (!s->kernel_release) {
		s->kernel_release = paths_release_of(s, s->kernel_build_dir);
		if (!s->kernel_release)
			s->kernel_release = "unknown";
	}
	if (!s->tapset_dir)
		s->tapset_dir = getenv("SYSTEMTAP_TAPSET");
	if (!s->tapset_dir || !*s->tapset_dir)
		s->tapset_dir = paths_find(s, "tapsets");
	if (!s->runtime_dir)
		s->runtime_dir = getenv("SYSTEMTAP_RUNTIME");
	if (!s->runtime_dir || !*s->runtime_dir)
		s->runtime_dir = paths_find(s, "runtime");
	if (!s->cache_dir)
		s->cache_dir = arena_printf(s->arena, "%s/.systemtap/cache",
					    home && *home ? home : "/tmp");
	if (!s->compatible)
		s->compatible = STAP_COMPAT_VERSION;
	return 0;
}
