/* build_tree.c - pass 4: is the kernel build tree usable, and if not,
 * what exactly is missing and which Debian package provides it.
 *
 * Debian splits a kernel's build tree in two packages: the flavour's
 * linux-headers-RELEASE (/usr/src/linux-headers-RELEASE: .config,
 * Module.symvers, generated headers, host tools under scripts/, and a
 * Makefile that includes the common part) and linux-headers-ABI-common
 * (the sources' headers and kbuild).  /lib/modules/RELEASE/build is a
 * symlink into the first.  Kbuild also needs the compiler the kernel was
 * built with (CONFIG_CC_VERSION_TEXT: gcc-12, x86_64-linux-gnu-gcc-12).
 *
 * Invariant: this only reads the file system (stat, the Makefile's first
 * include, the .config's compiler line); every problem is one catalogued
 * message naming the path and the package; 0 means kbuild can run.
 */
#include "build.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

/* Files of the flavour's package that kbuild cannot do without. */
static const char *const tree_files[] = {
	"Makefile", ".config", "Module.symvers",
	"include/generated/autoconf.h", "include/config/auto.conf",
	"scripts/basic/fixdep", "scripts/mod/modpost", NULL,
};

static bool tree_exists(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0;
}

/* The release the tree was made for (UTS_RELEASE), else -r's. */
static const char *tree_release(struct session *s)
{
	char line[256], rel[128];
	FILE *f = fopen(arena_printf(s->arena,
				     "%s/include/generated/utsrelease.h",
				     s->kernel_build_dir), "r");
	const char *r = NULL;

	while (f && !r && fgets(line, sizeof(line), f))
		if (sscanf(line, "#define UTS_RELEASE \"%127[^\"]", rel) == 1)
			r = arena_strdup(s->arena, rel);
	if (f)
		fclose(f);
	if (!r && s->kernel_release && strcmp(s->kernel_release, "unknown"))
		r = s->kernel_release;
	return r;
}

static const char *tree_headers_pkg(struct session *s)
{
	const char *rel = tree_release(s);

	return arena_printf(s->arena, "linux-headers-%s",
			    rel ? rel : "RELEASE");
}

/* The tree itself: absent, or a symlink to a removed directory. */
static int tree_check_dir(struct session *s, const char *dir)
{
	char target[4096];
	ssize_t n;

	if (tree_exists(dir))
		return 0;
	n = readlink(dir, target, sizeof(target) - 1);
	if (n > 0) {
		target[n] = '\0';
		diag(s, B_TREE_DANGLING, NULL, dir, target,
		     tree_headers_pkg(s));
	} else {
		diag(s, B_TREE_MISSING, NULL, s->kernel_release, dir,
		     tree_headers_pkg(s));
	}
	if (s->kernel_release && strcmp(s->kernel_release, "unknown") &&
	    !tree_exists(arena_printf(s->arena, "/lib/modules/%s",
				      s->kernel_release)))
		diag(s, B_TREE_NO_KERNEL, NULL, s->kernel_release,
		     s->kernel_release);
	return -1;
}

/* Each file of tree_files[]; all missing ones are reported. */
static int tree_check_files(struct session *s, const char *dir)
{
	int i, rc = 0;

	for (i = 0; tree_files[i]; i++) {
		const char *p = arena_printf(s->arena, "%s/%s", dir,
					     tree_files[i]);

		if (tree_exists(p))
			continue;
		diag(s, B_TREE_FILE, NULL, p, tree_headers_pkg(s));
		rc = -1;
	}
	return rc;
}

/* The first "include PATH" of the tree's Makefile: Debian's common part. */
static int tree_check_common(struct session *s, const char *dir)
{
	char line[4096], path[4096], *slash, *pkg;
	FILE *f = fopen(arena_printf(s->arena, "%s/Makefile", dir), "r");
	int rc = 0;

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "include %4095s", path) != 1 || path[0] != '/')
			continue;
		if (tree_exists(path))
			break;
		/* /usr/src/linux-headers-X-common/Makefile -> its package */
		slash = strrchr(path, '/');
		*slash = '\0';
		pkg = arena_strdup(s->arena, strrchr(path, '/') ?
				   strrchr(path, '/') + 1 : path);
		*slash = '/';
		diag(s, B_TREE_FILE, NULL, path, pkg);
		rc = -1;
		break;
	}
	if (f)
		fclose(f);
	return rc;
}

/* True when cmd is an executable in $PATH. */
static bool tree_in_path(struct session *s, const char *cmd)
{
	const char *path = getenv("PATH"), *p, *end;

	for (p = path ? path : "/usr/bin:/bin"; *p; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		if (access(arena_printf(s->arena, "%.*s/%s", (int)(end - p), p,
					cmd), X_OK) == 0)
			return true;
	}
	return false;
}

/* The compiler the kernel names in its .config, and make. */
int build_tools_check(struct session *s)
{
	const char *dir = s->kernel_build_dir;
	char line[512], cc[128], *ver;
	FILE *f = fopen(arena_printf(s->arena, "%s/.config", dir), "r");
	int rc = 0;

	cc[0] = '\0';
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "CONFIG_CC_VERSION_TEXT=\"%127[^ \"]", cc) == 1)
			break;
	if (f)
		fclose(f);
	if (cc[0] && !tree_in_path(s, cc)) {
		ver = strstr(cc, "gcc");
		diag(s, B_TREE_COMPILER, NULL, s->kernel_release, cc,
		     ver ? ver : cc);
		rc = -1;
	}
	if (!tree_in_path(s, "make")) {
		diag(s, B_TREE_TOOL, NULL, "make", "make");
		rc = -1;
	}
	return rc;
}

int build_tree_check(struct session *s)
{
	const char *dir = s->kernel_build_dir;
	int rc;

	if (tree_check_dir(s, dir) < 0)
		return -1;
	rc = tree_check_files(s, dir);
	if (tree_check_common(s, dir) < 0)
		rc = -1;
	return rc;
}
