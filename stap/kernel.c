/* kernel.c - the target kernel's debuginfo and symbols (pass 2).
 *
 * Debuginfo search order, as SystemTap's: each directory of
 * $SYSTEMTAP_DEBUGINFO_PATH (vmlinux-KVER, boot/vmlinux-KVER,
 * lib/modules/KVER/vmlinux), then /usr/lib/debug/boot/vmlinux-KVER
 * (Debian's linux-image-*-dbg), /usr/lib/debug/lib/modules/KVER/vmlinux,
 * the build tree's vmlinux, /boot/vmlinux-KVER.  Without debuginfo the
 * symbol table comes from a real System.map (the -dbg package's, the
 * build tree's, then /boot's unless it is Debian's placeholder).
 */
#include <dirent.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elab.h"
#include "kernel.h"

struct kern_sym {
	const char *name;
	uint64_t addr;
};

struct kern {
	bool index_tried;
	struct dwx *index;
	const char *index_err;
	bool map_tried;
	struct kern_sym *syms;		/* System.map text symbols by name */
	size_t nsyms;
	bool warned_symbols;
	bool mods_tried;
	struct kern_module *mods;	/* modules with debuginfo */
	int nmods;
	struct dwx **mod_index;		/* per module, opened on demand */
};

static struct kern *kern_state(struct session *s)
{
	struct elab *el = elab_state(s);

	if (!el->kern)
		el->kern = ARENA_NEW(s->arena, struct kern);
	return el->kern;
}

static bool kern_readable(const char *p)
{
	return access(p, R_OK) == 0;
}

static const char *kern_in_path(struct session *s, const char *kv)
{
	const char *env = getenv("SYSTEMTAP_DEBUGINFO_PATH");
	static const char *const rel[] = {
		"vmlinux-%s", "boot/vmlinux-%s", "lib/modules/%s/vmlinux",
	};
	char *dirs, *d, *save = NULL;
	size_t i;

	if (!env || !*env)
		return NULL;
	dirs = arena_strdup(s->arena, env);
	for (d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save))
		for (i = 0; i < sizeof(rel) / sizeof(*rel); i++) {
			const char *p = arena_printf(s->arena, "%s/%s", d,
				arena_printf(s->arena, rel[i], kv));

			if (kern_readable(p))
				return p;
		}
	return NULL;
}

/* The vmlinux with DWARF for the target kernel, or NULL. */
static const char *kern_vmlinux(struct session *s)
{
	const char *kv = s->kernel_release ? s->kernel_release : "";
	const char *c[4], *p = kern_in_path(s, kv);
	size_t i;

	if (p)
		return p;
	c[0] = arena_printf(s->arena, "/usr/lib/debug/boot/vmlinux-%s", kv);
	c[1] = arena_printf(s->arena, "/usr/lib/debug/lib/modules/%s/vmlinux",
			    kv);
	c[2] = arena_printf(s->arena, "%s/vmlinux", s->kernel_build_dir);
	c[3] = arena_printf(s->arena, "/boot/vmlinux-%s", kv);
	for (i = 0; i < 4; i++)
		if (kern_readable(c[i]))
			return c[i];
	return NULL;
}

/* Debuginfo addresses are link-time; the module relocates them by the
 * KASLR offset it measures on register_kprobe, and checks the running
 * kernel's build-id against the debuginfo's (runtime/probe_kprobe.c). */
static void kern_note_reloc(struct session *s, struct dwx *x)
{
	struct dwx_sym ref;
	const char *err = NULL;
	struct dw_file *f = dwx_dwarf(x, &err);

	if (dwx_sym(x, "register_kprobe", &ref))
		s->kreloc_link = ref.addr;
	if (f && dw_build_id(f) && dw_build_id_addr(f)) {
		s->kernel_buildid = dw_build_id(f);
		s->kernel_buildid_addr = dw_build_id_addr(f);
	}
}

struct dwx *kern_index(struct session *s, const char **err)
{
	struct kern *k = kern_state(s);
	const char *path;

	if (!k->index_tried) {
		k->index_tried = true;
		path = kern_vmlinux(s);
		if (path)
			k->index = dwx_open(s, path, &k->index_err);
		if (k->index)
			kern_note_reloc(s, k->index);
	}
	*err = k->index_err;
	return k->index;
}

void kern_no_debuginfo(struct session *s, const struct token *tok,
		       const char *err)
{
	const char *kv = s->kernel_release ? s->kernel_release : "";

	diag(s, S_DW_NO_DEBUGINFO, tok, s->kernel_build_dir);
	if (err)
		diag(s, S_DW_DEBUGINFO_HINT, NULL, err);
	else
		diag(s, S_DW_DEBUGINFO_HINT, NULL, arena_printf(s->arena,
			"no vmlinux with DWARF for kernel %s: install Debian's "
			"linux-image-%s-dbg (stap-prep %s)", kv, kv, kv));
}

/* ---- System.map ---- */

static int kern_sym_cmp(const void *a, const void *b)
{
	const struct kern_sym *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Text symbols of a System.map; false for a missing or placeholder map. */
static bool kern_load_map(struct session *s, struct kern *k, const char *p)
{
	FILE *f = fopen(p, "r");
	char line[512], type, name[400];
	unsigned long long addr;
	size_t cap = 0;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %399s", &addr, &type, name) != 3 ||
		    !strchr("tTwW", type))
			continue;
		if (k->nsyms == cap) {
			struct kern_sym *v;

			cap = cap ? 2 * cap : 4096;
			v = arena_alloc(s->arena, cap * sizeof(*v));
			if (k->nsyms)
				memcpy(v, k->syms, k->nsyms * sizeof(*v));
			k->syms = v;
		}
		k->syms[k->nsyms].name = arena_strdup(s->arena, name);
		k->syms[k->nsyms++].addr = addr;
	}
	fclose(f);
	if (k->nsyms)
		qsort(k->syms, k->nsyms, sizeof(*k->syms), kern_sym_cmp);
	return k->nsyms > 0;
}

static void kern_load_maps(struct session *s, struct kern *k)
{
	const char *kv = s->kernel_release ? s->kernel_release : "";

	k->map_tried = true;
	if (kern_load_map(s, k, arena_printf(s->arena,
			"/usr/lib/debug/boot/System.map-%s", kv)))
		return;
	if (kern_load_map(s, k, arena_printf(s->arena, "%s/System.map",
					     s->kernel_build_dir)))
		return;
	kern_load_map(s, k, arena_printf(s->arena, "/boot/System.map-%s", kv));
}

bool kern_symbol(struct session *s, const char *name, struct dwx_sym *out,
		 bool *no_table)
{
	struct kern *k = kern_state(s);
	const char *err;
	struct dwx *x = kern_index(s, &err);
	struct kern_sym key = { .name = name }, *hit;

	*no_table = false;
	memset(out, 0, sizeof(*out));
	if (x)
		return dwx_sym(x, name, out) && out->is_func;
	if (!k->map_tried)
		kern_load_maps(s, k);
	if (!k->nsyms) {
		*no_table = true;
		if (!k->warned_symbols)
			diag(s, W_DW_NO_SYMBOLS, NULL);
		k->warned_symbols = true;
		return false;
	}
	hit = bsearch(&key, k->syms, k->nsyms, sizeof(key), kern_sym_cmp);
	if (!hit)
		return false;
	out->name = hit->name;
	out->addr = hit->addr;
	out->is_func = true;
	return true;
}

const char *kern_similar(struct session *s, const char *name,
			 const char *const *cands, int n)
{
	const char *sim = elab_similar(s, name, cands, n);

	if (strncmp(sim, " (similar: ", 11))
		return sim;
	return arena_printf(s->arena, " (similar functions: %s", sim + 11);
}

const char *kern_similar_symbols(struct session *s, const char *name)
{
	struct kern *k = kern_state(s);
	const char *err, **v;
	struct dwx *x = kern_index(s, &err);
	size_t i;
	int n;

	if (x) {
		n = dwx_func_sym_names(x, &v);
		return kern_similar(s, name, v, n);
	}
	if (!k->map_tried)
		kern_load_maps(s, k);
	v = arena_alloc(s->arena, (k->nsyms + 1) * sizeof(*v));
	for (i = n = 0; i < k->nsyms; i++)
		if (!n || strcmp(v[n - 1], k->syms[i].name))
			v[n++] = k->syms[i].name;
	return kern_similar(s, name, v, n);
}

int kern_symbols_matching(struct session *s, const char *glob,
			  const char ***out)
{
	struct kern *k = kern_state(s);
	const char *err, **all, **v;
	struct dwx *x = kern_index(s, &err);
	int i, n = 0, nall = 0;

	if (x) {
		nall = dwx_func_sym_names(x, &all);
	} else {
		if (!k->map_tried)
			kern_load_maps(s, k);
		if (!k->nsyms)
			return -1;
		all = arena_alloc(s->arena, (k->nsyms + 1) * sizeof(*all));
		for (i = 0; i < (int)k->nsyms; i++)
			if (!nall || strcmp(all[nall - 1], k->syms[i].name))
				all[nall++] = k->syms[i].name;
	}
	v = arena_alloc(s->arena, ((size_t)nall + 1) * sizeof(*v));
	for (i = 0; i < nall; i++)
		if (!fnmatch(glob, all[i], 0))
			v[n++] = all[i];
	*out = v;
	return n;
}

/* ---- modules ---- */

/* "nf_conntrack.ko" (or .ko.debug) -> "nf_conntrack"; '-' -> '_'. */
static const char *kern_mod_name(struct session *s, const char *file)
{
	const char *base = strrchr(file, '/');
	char *n = arena_strdup(s->arena, base ? base + 1 : file), *p;

	p = strstr(n, ".ko");
	if (p)
		*p = '\0';
	for (p = n; *p; p++)
		if (*p == '-')
			*p = '_';
	return n;
}

static void kern_mod_add(struct session *s, struct kern *k, const char *path,
			 int *cap)
{
	if (k->nmods == *cap) {
		struct kern_module *v;

		*cap = *cap ? 2 * *cap : 256;
		v = arena_alloc(s->arena, (size_t)*cap * sizeof(*v));
		if (k->nmods)
			memcpy(v, k->mods, (size_t)k->nmods * sizeof(*v));
		k->mods = v;
	}
	k->mods[k->nmods].path = path;
	k->mods[k->nmods++].name = kern_mod_name(s, path);
}

/* Every *.ko under dir (bounded depth: the tree is a few levels). */
static void kern_mod_scan(struct session *s, struct kern *k, const char *dir,
			  int depth, int *cap)
{
	DIR *d = depth < 8 ? opendir(dir) : NULL;
	struct dirent *de;

	while (d && (de = readdir(d))) {
		const char *p;
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		p = arena_printf(s->arena, "%s/%s", dir, de->d_name);
		if (l > 3 && !strcmp(de->d_name + l - 3, ".ko"))
			kern_mod_add(s, k, p, cap);
		else if (de->d_type == DT_DIR || de->d_type == DT_UNKNOWN)
			kern_mod_scan(s, k, p, depth + 1, cap);
	}
	if (d)
		closedir(d);
}

/* A module given by path.  A compressed one (Debian 6.12 ships .ko.xz)
 * has its DWARF in the debuginfo package: the debug file of that name. */
static int kern_module_file(struct session *s, struct kern *k,
			    const char *path, const struct kern_module **out)
{
	struct kern_module *v = ARENA_NEW(s->arena, struct kern_module);
	const char *ext = strstr(path, ".ko.");
	int i;

	v->path = path;
	v->name = kern_mod_name(s, path);
	*out = v;
	if (!kern_readable(path))
		return 0;
	for (i = 0; ext && i < k->nmods; i++)
		if (!strcmp(k->mods[i].name, v->name))
			v->path = k->mods[i].path;
	return 1;
}

int kern_modules(struct session *s, const char *pattern,
		 const struct kern_module **out)
{
	struct kern *k = kern_state(s);
	const char *kv = s->kernel_release ? s->kernel_release : "";
	struct kern_module *v;
	int cap = 0, i, n = 0;

	if (!k->mods_tried) {
		k->mods_tried = true;
		kern_mod_scan(s, k, arena_printf(s->arena,
			"/usr/lib/debug/lib/modules/%s", kv), 0, &cap);
		k->mod_index = arena_alloc(s->arena, (size_t)(k->nmods + 1) *
						     sizeof(*k->mod_index));
	}
	if (strchr(pattern, '/'))	/* a .ko file of the user's */
		return kern_module_file(s, k, pattern, out);
	v = arena_alloc(s->arena, (size_t)(k->nmods + 1) * sizeof(*v));
	for (i = 0; i < k->nmods; i++)
		if (!fnmatch(pattern, k->mods[i].name, 0))
			v[n++] = k->mods[i];
	*out = v;
	return n;
}

struct dwx *kern_module_index(struct session *s, const struct kern_module *m,
			      const char **err)
{
	struct kern *k = kern_state(s);
	int i;

	for (i = 0; i < k->nmods; i++)
		if (k->mods[i].path == m->path || !strcmp(k->mods[i].path,
							  m->path)) {
			if (!k->mod_index[i])
				k->mod_index[i] = dwx_open(s, m->path, err);
			return k->mod_index[i];
		}
	return dwx_open(s, m->path, err);
}

const char *kern_module_target(struct session *s, const char *path)
{
	static const char dbg[] = "/usr/lib/debug/lib/modules/";
	const char *p;

	if (strncmp(path, dbg, sizeof(dbg) - 1))
		return path;
	p = path + strlen("/usr/lib/debug");
	if (access(p, R_OK) == 0)
		return p;
	p = arena_printf(s->arena, "%s.xz", p);
	return access(p, R_OK) == 0 ? p : NULL;
}

/* ---- @cast module lists ---- */

/* The kernel source tree the build tree's Makefile includes (Debian
 * splits them: linux-headers-KVER-common), else the build tree. */
static const char *kern_src_dir(struct session *s)
{
	char line[512], *p;
	const char *dir = s->kernel_build_dir;
	FILE *f = fopen(arena_printf(s->arena, "%s/Makefile", dir), "r");

	if (!f)
		return dir;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "include /", 9) &&
		    (p = strstr(line, "/Makefile"))) {
			*p = '\0';
			dir = arena_strdup(s->arena, line + 8);
			break;
		}
	fclose(f);
	return dir;
}

static bool kern_header_exists(struct session *s, const char *h)
{
	static const char *const sub[] = { "include", "arch/x86/include",
		"include/uapi", "arch/x86/include/uapi",
		"arch/x86/include/generated" };
	const char *dirs[2] = { s->kernel_build_dir, kern_src_dir(s) };
	size_t i, j;

	for (i = 0; i < 2; i++)
		for (j = 0; j < sizeof(sub) / sizeof(sub[0]); j++)
			if (kern_readable(arena_printf(s->arena, "%s/%s/%s",
						       dirs[i], sub[j], h)))
				return true;
	return false;
}

/* "kernel<a.h><b.h>": whether every header is one of the kernel's. */
static bool kern_type_headers(struct session *s, const char *m)
{
	const char *p = m + 6, *q;

	for (; *p == '<' && (q = strchr(p, '>')); p = q + 1)
		if (!kern_header_exists(s, arena_strndup(s->arena, p + 1,
						       (size_t)(q - p - 1))))
			return false;
	return true;
}

int kern_type_indexes(struct session *s, const char *list,
		      struct dwx ***out, const char **err)
{
	char *l = arena_strdup(s->arena, list), *m, *save = NULL;
	struct dwx **v = arena_alloc(s->arena, (strlen(list) / 2 + 2) *
					       sizeof(*v));
	const struct kern_module *mods;
	int n = 0;

	*err = NULL;
	for (m = strtok_r(l, ":", &save); m; m = strtok_r(NULL, ":", &save)) {
		struct dwx *x = NULL;

		if (!strncmp(m, "kernel", 6) && (!m[6] || m[6] == '<')) {
			if (!kern_type_headers(s, m))
				continue;
			if (!(x = kern_index(s, err)))
				return -1;	/* no kernel debuginfo */
		} else if (kern_modules(s, m, &mods) > 0 &&
			   !(x = kern_module_index(s, &mods[0], err))) {
			return -1;
		}
		if (x)
			v[n++] = x;
	}
	*out = v;
	return n;
}
