/* kver.c - which Debian cloud kernels are installed (driver, stap-vm).
 *
 * Kernel releases drift (Debian replaces 6.1.0-N with 6.1.0-N+1), so no
 * release is ever written into the tree: stap --remote=vm, stap-vm and the
 * test scripts ask here.  A kernel counts when it can both boot in the VM
 * (/boot/vmlinuz-KVER) and build modules (/lib/modules/KVER/build).  The
 * default is $STAP_VM_KERNEL, else the release Debian's metapackage
 * linux-image-cloud-amd64 depends on, else the newest installed one.
 *
 * Shared by two programs, so it uses libc only (no session, no arena).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kver.h"

static int kver_usable(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "/boot/vmlinuz-%s", rel);
	if (access(path, R_OK))
		return 0;
	snprintf(path, sizeof(path), "/lib/modules/%s/build/Makefile", rel);
	return access(path, R_OK) == 0;
}

/* The release the cloud metapackage points at, or "" (no dpkg, none). */
static void kver_meta(char *buf, size_t n)
{
	FILE *p = popen("dpkg-query -W -f='${Depends}' "
			"linux-image-cloud-amd64 2>/dev/null", "r");
	char line[512] = "", *b, *e;

	buf[0] = '\0';
	if (!p)
		return;
	if (!fgets(line, sizeof(line), p))
		line[0] = '\0';
	pclose(p);
	b = strstr(line, "linux-image-");
	if (!b)
		return;
	b += strlen("linux-image-");
	e = b + strcspn(b, " ,|(");
	if ((size_t)(e - b) < n)
		snprintf(buf, n, "%.*s", (int)(e - b), b);
}

static int kver_cmp(const void *a, const void *b)
{
	return -strverscmp(*(char *const *)a, *(char *const *)b);
}

/* Installed cloud releases, newest first; the caller frees v[i] and v. */
static int kver_scan(char ***out)
{
	DIR *d = opendir("/boot");
	struct dirent *de;
	char **v = NULL, **nv;
	int n = 0;

	while (d && (de = readdir(d))) {
		const char *rel = de->d_name + strlen("vmlinuz-");
		size_t l = strlen(de->d_name);

		if (strncmp(de->d_name, "vmlinuz-", 8) || l < 20 ||
		    strcmp(de->d_name + l - 12, "-cloud-amd64") ||
		    !kver_usable(rel))
			continue;
		nv = realloc(v, (size_t)(n + 1) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		v[n++] = strdup(rel);
	}
	if (d)
		closedir(d);
	if (n)
		qsort(v, (size_t)n, sizeof(*v), kver_cmp);
	*out = v;
	return n;
}

int kver_list(char ***out)
{
	char meta[256], **v;
	int n = kver_scan(&v), i;

	kver_meta(meta, sizeof(meta));
	for (i = 1; i < n && meta[0]; i++) {
		if (strcmp(v[i], meta))
			continue;
		char *t = v[i];	/* the metapackage's release first */

		memmove(v + 1, v, (size_t)i * sizeof(*v));
		v[0] = t;
		break;
	}
	*out = v;
	return n;
}

int kver_default(char *buf, size_t n)
{
	const char *env = getenv("STAP_VM_KERNEL");
	char **v;
	int k, i;

	if (env && *env) {
		snprintf(buf, n, "%s", env);
		return 0;
	}
	k = kver_list(&v);
	if (k > 0)
		snprintf(buf, n, "%s", v[0]);
	for (i = 0; i < k; i++)
		free(v[i]);
	free(v);
	return k > 0 ? 0 : -1;
}
