/* dwindex.c - the debuginfo index: built once per build-id, then mapped.
 *
 * File layout (all little-endian, arrays of packed records, offsets from
 * the start of the file; see struct dwx_hdr):
 *   strings   NUL-terminated, each stored once; records name them by
 *             offset
 *   funcs     every function record, sorted by (name, DIE)
 *   names     (name, first func, count): the distinct names, sorted
 *   files     (file, first, count) into fileidx: func indices by file
 *   fentry    indices of the out-of-line functions, by entry address
 *   types     (name, kind, DIE), sorted by (name, kind); first
 *             definition of each
 *   syms      ELF symbols sorted by name; symaddr: the function symbols'
 *             indices sorted by address
 *   bl        the kprobes blacklist addresses, sorted
 *   sects     executable sections (addr, end, class), sorted by addr
 *   units     (file, DIE) of every unit, in DIE order
 *   gvars     unit-level variables (name, unit, DIE, is_decl), sorted by
 *             (name, declarations last)
 * The file is written under a temporary name and renamed, so a reader
 * never sees half of one; a file whose header does not match (version,
 * build-id) is rebuilt.
 *
 * Invariant: after dwx_open every lookup is a binary search or a scan of
 * the mapping; only dwx_dwarf touches the DWARF.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "diag.h"
#include "dwindex_fmt.h"
#include "session.h"


/* ---- opening ---- */

static int dwx_map(struct dwx *x, const char *path, const char *build_id)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	const struct dwx_hdr *h;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || st.st_size < (off_t)sizeof(*h)) {
		close(fd);
		return -1;
	}
	x->map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (x->map == MAP_FAILED)
		return x->map = NULL, -1;
	x->maplen = (size_t)st.st_size;
	h = (const void *)x->map;
	if (memcmp(h->magic, DWX_MAGIC, sizeof(DWX_MAGIC)) ||
	    h->version != DWX_VERSION || h->total != x->maplen ||
	    strcmp(h->build_id, build_id ? build_id : "")) {
		munmap((void *)x->map, x->maplen);
		x->map = NULL;
		return -1;
	}
	x->h = h;
	x->str = (const char *)x->map + h->off_str;
	x->funcs = (const void *)(x->map + h->off_func);
	x->names = (const void *)(x->map + h->off_name);
	x->files = (const void *)(x->map + h->off_file);
	x->fidx = (const void *)(x->map + h->off_fidx);
	x->types = (const void *)(x->map + h->off_type);
	x->syms = (const void *)(x->map + h->off_sym);
	x->saddr = (const void *)(x->map + h->off_saddr);
	x->bl = (const void *)(x->map + h->off_bl);
	x->sects = (const void *)(x->map + h->off_sect);
	x->fentry = (const void *)(x->map + h->off_fentry);
	x->units = (const void *)(x->map + h->off_unit);
	x->gvars = (const void *)(x->map + h->off_gvar);
	x->mcount = (const void *)(x->map + h->off_mcount);
	return 0;
}

static const char *dwx_cache_path(struct session *s, const char *build_id)
{
	const char *dir;

	if (!s->cache_dir || !*s->cache_dir)
		return NULL;
	dir = arena_printf(s->arena, "%s/dwarf", s->cache_dir);
	if (cache_mkdir_p(s, dir) < 0)
		return NULL;
	return arena_printf(s->arena, "%s/%s.v%d.idx", dir, build_id,
			    DWX_VERSION);
}

static double dwx_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct dwx *dwx_open(struct session *s, const char *path, const char **err)
{
	struct dwx *x = ARENA_NEW(s->arena, struct dwx);
	struct dw_file *f = dw_open(s, path, err);
	const char *id, *idx;
	double t0;

	if (!f)
		return NULL;
	x->s = s;
	x->path = path;
	x->dw = f;
	id = dw_build_id(f) ? dw_build_id(f) : "nobuildid";
	idx = dwx_cache_path(s, id);
	if (idx && dwx_map(x, idx, dw_build_id(f)) == 0)
		return x;
	if (!idx)
		idx = arena_printf(s->arena, "%s/stap-dwx-%d.idx",
				   s->tmpdir ? s->tmpdir : "/tmp",
				   (int)getpid());
	t0 = dwx_now();
	if (dwx_build(s, f, path, idx, err) ||
	    dwx_map(x, idx, dw_build_id(f))) {
		if (!*err)
			*err = arena_printf(s->arena, "cannot read index %s",
					    idx);
		return NULL;
	}
	if (s->verbose[1] >= 1)
		fprintf(s->err, "Indexed debuginfo %s in %.0f ms (%u functions).\n",
			path, (dwx_now() - t0) * 1000, x->h->nfunc);
	return x;
}

struct dw_file *dwx_dwarf(struct dwx *x, const char **err)
{
	if (!x->dw)
		x->dw = dw_open(x->s, x->path, err);
	return x->dw;
}

const char *dwx_build_id(struct dwx *x)
{
	return x->h->build_id;
}

/* ---- lookups ---- */

static const char *dwx_s(const struct dwx *x, uint32_t off)
{
	return x->str + off;
}

static void dwx_decode(struct dwx *x, const struct dwx_func_rec *r,
		       struct dw_func *fn)
{
	fn->name = dwx_s(x, r->name);
	fn->decl_file = r->file ? dwx_s(x, r->file) : NULL;
	fn->decl_line = (int)r->line;
	fn->flags = r->flags;
	fn->die = r->die;
	fn->cu = r->cu;
	fn->entry = r->entry;
	fn->low = r->low;
	fn->high = r->high;
}

static bool dwx_is_glob(const char *p)
{
	return strpbrk(p, "*?[") != NULL;
}

/* SystemTap's @FILE: matches the whole path or any trailing part. */
static bool dwx_file_match(const char *glob, const char *file)
{
	const char *p;

	if (!file)
		return false;
	if (fnmatch(glob, file, 0) == 0)
		return true;
	for (p = strchr(file, '/'); p; p = strchr(p + 1, '/'))
		if (fnmatch(glob, p + 1, 0) == 0)
			return true;
	return false;
}

/* Binary search of the distinct names; -1 when absent. */
static long dwx_name_find(const struct dwx *x, const char *name)
{
	long lo = 0, hi = (long)x->h->nname - 1;

	while (lo <= hi) {
		long mid = (lo + hi) / 2;
		int c = strcmp(dwx_s(x, x->names[mid].name), name);

		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int dwx_emit_span(struct dwx *x, const struct dwx_span *sp,
			 const char *file_glob,
			 int (*cb)(void *, const struct dw_func *), void *arg)
{
	struct dw_func fn;
	uint32_t i;
	int rc;

	for (i = 0; i < sp->count; i++) {
		const struct dwx_func_rec *r = &x->funcs[sp->first + i];

		if (file_glob && !dwx_file_match(file_glob,
						 r->file ? dwx_s(x, r->file)
							 : NULL))
			continue;
		dwx_decode(x, r, &fn);
		rc = cb(arg, &fn);
		if (rc)
			return rc;
	}
	return 0;
}

int dwx_funcs(struct dwx *x, const char *name_glob, const char *file_glob,
	      int (*cb)(void *arg, const struct dw_func *fn), void *arg)
{
	uint32_t i;
	long k;
	int rc;

	if (!dwx_is_glob(name_glob)) {
		k = dwx_name_find(x, name_glob);
		return k < 0 ? 0 : dwx_emit_span(x, &x->names[k], file_glob,
						 cb, arg);
	}
	for (i = 0; i < x->h->nname; i++) {
		if (fnmatch(name_glob, dwx_s(x, x->names[i].name), 0))
			continue;
		rc = dwx_emit_span(x, &x->names[i], file_glob, cb, arg);
		if (rc)
			return rc;
	}
	return 0;
}

int dwx_funcs_at(struct dwx *x, uint64_t addr,
		 int (*cb)(void *arg, const struct dw_func *fn), void *arg)
{
	struct dw_func fn;
	uint32_t i;
	int rc;

	for (i = 0; i < x->h->nfunc; i++) {
		const struct dwx_func_rec *r = &x->funcs[i];

		if (!r->entry || addr < r->low || addr >= r->high)
			continue;
		dwx_decode(x, r, &fn);
		rc = cb(arg, &fn);
		if (rc)
			return rc;
	}
	return 0;
}

static void dwx_sym_decode(const struct dwx *x, const struct dwx_sym_rec *r,
			   struct dwx_sym *out)
{
	out->name = dwx_s(x, r->name);
	out->addr = r->addr;
	out->size = r->size;
	out->is_func = r->flags & 0x100;
	out->sect = (enum dwx_sect)(r->flags & 0xff);
}

/* Whether an out-of-line DWARF function starts at addr. */
static bool dwx_dwarf_at(const struct dwx *x, uint64_t addr)
{
	long lo = 0, hi = (long)x->h->nfentry - 1;

	while (lo <= hi) {
		long mid = (lo + hi) / 2;
		uint64_t e = x->funcs[x->fentry[mid]].entry;

		if (e == addr)
			return true;
		if (e < addr)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}

/* Whether name has an out-of-line DWARF function. */
static bool dwx_dwarf_named(const struct dwx *x, const char *name)
{
	long k = dwx_name_find(x, name);
	uint32_t i;

	for (i = 0; k >= 0 && i < x->names[k].count; i++)
		if (!(x->funcs[x->names[k].first + i].flags & DWF_INLINE))
			return true;
	return false;
}

static long dwx_sym_lower(const struct dwx *x, const char *key);

int dwx_bare_syms(struct dwx *x, const char *glob,
		  int (*cb)(void *arg, const struct dwx_sym *sym), void *arg)
{
	/* an exact name (the syscall tapsets ask for hundreds) skips fnmatch */
	bool exact = !strpbrk(glob, "*?[\\");
	struct dwx_sym sym;
	uint32_t i;
	int rc;

	if (exact && dwx_dwarf_named(x, glob))
		return 0;	/* the one name it could be has DWARF */
	/* symbols are in name order: an exact name starts at its first */
	for (i = exact ? (uint32_t)dwx_sym_lower(x, glob) : 0; i < x->h->nsym; i++) {
		const struct dwx_sym_rec *r = &x->syms[i];
		const char *nm = dwx_s(x, r->name);

		if (exact && strcmp(glob, nm) != 0)
			break;
		if (!(r->flags & 0x100) || (i && r->name == x->syms[i - 1].name))
			continue;	/* not a function, or a repeat name */
		if (!exact && fnmatch(glob, nm, 0) != 0)
			continue;
		if (dwx_dwarf_named(x, nm) ||
		    dwx_dwarf_at(x, r->addr))
			continue;
		dwx_sym_decode(x, r, &sym);
		rc = cb(arg, &sym);
		if (rc)
			return rc;
	}
	return 0;
}

int dwx_func_names(struct dwx *x, const char ***out)
{
	uint32_t i;

	if (!x->name_list) {
		x->name_list = arena_alloc(x->s->arena, (x->h->nname + 1) *
						       sizeof(char *));
		for (i = 0; i < x->h->nname; i++)
			x->name_list[i] = dwx_s(x, x->names[i].name);
	}
	*out = x->name_list;
	return (int)x->h->nname;
}

uint64_t dwx_type(struct dwx *x, int kind, const char *name)
{
	long lo = 0, hi = (long)x->h->ntype - 1;

	while (lo <= hi) {
		long mid = (lo + hi) / 2;
		const struct dwx_type_rec *t = &x->types[mid];
		int c = strcmp(dwx_s(x, t->name), name);

		if (!c)
			c = (int)t->kind - kind;
		if (!c)
			return t->die;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

int dwx_units(struct dwx *x, const char *file_glob, uint64_t **out)
{
	uint64_t *v = arena_alloc(x->s->arena, (x->h->nunit + 1) *
					       sizeof(*v));
	uint32_t i;
	int n = 0;

	for (i = 0; i < x->h->nunit; i++)
		if (dwx_file_match(file_glob, dwx_s(x, x->units[i].name)))
			v[n++] = x->units[i].die;
	*out = v;
	return n;
}

static const char *dwx_unit_name(const struct dwx *x, uint32_t cu)
{
	long lo = 0, hi = (long)x->h->nunit - 1;

	while (lo <= hi) {
		long mid = (lo + hi) / 2;

		if (x->units[mid].die == cu)
			return dwx_s(x, x->units[mid].name);
		if (x->units[mid].die < cu)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

int dwx_globals(struct dwx *x, const char *name, const char *file_glob,
		int (*cb)(void *arg, uint64_t die, bool is_decl), void *arg)
{
	long lo = 0, hi = (long)x->h->ngvar;
	int rc;

	while (lo < hi) {
		long mid = (lo + hi) / 2;

		if (strcmp(dwx_s(x, x->gvars[mid].name), name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; (uint32_t)lo < x->h->ngvar &&
	       !strcmp(dwx_s(x, x->gvars[lo].name), name); lo++) {
		const struct dwx_gvar_rec *g = &x->gvars[lo];

		if (file_glob && !dwx_file_match(file_glob,
						 dwx_unit_name(x, g->cu)))
			continue;
		rc = cb(arg, g->die, g->is_decl);
		if (rc)
			return rc;
	}
	return 0;
}

/* Index of the first symbol named name, or -1. */
static long dwx_sym_first(const struct dwx *x, const char *name)
{
	long lo = 0, hi = (long)x->h->nsym - 1, found = -1;

	while (lo <= hi) {
		long mid = (lo + hi) / 2;
		int c = strcmp(dwx_s(x, x->syms[mid].name), name);

		if (!c)
			found = mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return found;
}

bool dwx_sym(struct dwx *x, const char *name, struct dwx_sym *out)
{
	long i = dwx_sym_first(x, name);

	if (i < 0)
		return false;
	dwx_sym_decode(x, &x->syms[i], out);
	return true;
}

int dwx_sym_count(struct dwx *x, const char *name)
{
	long i = dwx_sym_first(x, name);
	int n = 0;

	while (i >= 0 && (uint32_t)i < x->h->nsym &&
	       !strcmp(dwx_s(x, x->syms[i].name), name)) {
		n++;
		i++;
	}
	return n;
}

bool dwx_sym_at(struct dwx *x, uint64_t addr, struct dwx_sym *out)
{
	long lo = 0, hi = (long)x->h->nfsym - 1, best = -1;
	const struct dwx_sym_rec *r;

	while (lo <= hi) {
		long mid = (lo + hi) / 2;

		if (x->syms[x->saddr[mid]].addr <= addr) {
			best = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	if (best < 0)
		return false;
	r = &x->syms[x->saddr[best]];
	if (addr >= r->addr + (r->size ? r->size : 1))
		return false;
	dwx_sym_decode(x, r, out);
	return true;
}

/* Index of the first symbol whose name is >= key, by name order. */
static long dwx_sym_lower(const struct dwx *x, const char *key)
{
	long lo = 0, hi = (long)x->h->nsym;

	while (lo < hi) {
		long mid = (lo + hi) / 2;

		if (strcmp(dwx_s(x, x->syms[mid].name), key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* "name" and "name.*" are contiguous in name order ('.' sorts after
 * the NUL of "name" and before any longer name but those with a
 * character below '.', which the loop skips). */
bool dwx_sym_named_at(struct dwx *x, const char *name, uint64_t addr,
		      const char **suffix)
{
	size_t n = strlen(name);
	long i;

	for (i = dwx_sym_lower(x, name); (uint32_t)i < x->h->nsym; i++) {
		const char *sn = dwx_s(x, x->syms[i].name);

		if (strncmp(sn, name, n))
			break;
		if ((sn[n] && sn[n] != '.') || x->syms[i].addr != addr)
			continue;
		*suffix = sn + n;
		return true;
	}
	return false;
}

int dwx_func_sym_names(struct dwx *x, const char ***out)
{
	uint32_t i;
	int n = 0;

	if (!x->sym_list) {
		x->sym_list = arena_alloc(x->s->arena, (x->h->nsym + 1) *
						      sizeof(char *));
		for (i = 0; i < x->h->nsym; i++) {
			const char *nm = dwx_s(x, x->syms[i].name);

			if ((x->syms[i].flags & 0x100) &&
			    (!n || strcmp(x->sym_list[n - 1], nm)))
				x->sym_list[n++] = nm;
		}
		x->nsym_list = n;
	}
	*out = x->sym_list;
	return x->nsym_list;
}

static bool dwx_u64_in(const uint64_t *v, uint32_t n, uint64_t addr)
{
	long lo = 0, hi = (long)n - 1;

	while (lo <= hi) {
		long mid = (lo + hi) / 2;

		if (v[mid] == addr)
			return true;
		if (v[mid] < addr)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}

bool dwx_blacklisted(struct dwx *x, uint64_t addr)
{
	return dwx_u64_in(x->bl, x->h->nbl, addr);
}

bool dwx_ftrace_site(struct dwx *x, uint64_t entry)
{
	if (x->h->nmcount == 0)
		return true;	/* not known: ftrace decides at run time */
	return dwx_u64_in(x->mcount, x->h->nmcount, entry) ||
	       dwx_u64_in(x->mcount, x->h->nmcount, entry + 4);
}

enum dwx_sect dwx_sect_at(struct dwx *x, uint64_t addr)
{
	uint32_t i;

	for (i = 0; i < x->h->nsect; i++)
		if (addr >= x->sects[i].addr && addr < x->sects[i].end)
			return (enum dwx_sect)x->sects[i].sect;
	return DWX_OTHER;
}
