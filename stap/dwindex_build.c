/* dwindex_build.c - writing the debuginfo index (pass 2, once per
 * build-id): one scan of every unit (two threads, each over half of the
 * units with its own handle of the file), the ELF symbols, sections and
 * the kprobes blacklist; then every table is sorted and written in the
 * layout of dwindex_fmt.h.  Strings are stored once, by content.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "diag.h"
#include "dwindex_fmt.h"
#include "session.h"

/* ---- building: growable buffers (malloc lives only here) ---- */

struct dwx_vec {
	void *p;
	size_t n, cap, elem;
};

static void *dwx_push(struct dwx_vec *v)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 1024;
		v->p = realloc(v->p, v->cap * v->elem);
		if (!v->p)
			abort();
	}
	return memset((char *)v->p + v->n++ * v->elem, 0, v->elem);
}

/* Strings by content -> offset (open addressing over offsets), each
 * stored once; ids number them in order of first sight. */
#define DWX_PCACHE 65536

struct dwx_strtab {
	uint32_t *slots;		/* offset + 1; 0: empty */
	size_t cap, n;
	struct dwx_vec bytes;
	/* libdw hands out the same pointer for each use of a .debug_str
	 * string: a direct-mapped cache by pointer skips most hashing */
	const char **pkey;
	uint32_t *pval;
};

static size_t dwx_shash(const char *p, size_t *len)
{
	size_t h = 14695981039346656037ull;
	const char *q = p;

	while (*q)
		h = (h ^ (unsigned char)*q++) * 1099511628211ull;
	*len = (size_t)(q - p);
	return h;
}

static void dwx_str_grow(struct dwx_strtab *t)
{
	uint32_t *old = t->slots;
	size_t oc = t->cap, i, j, len;

	t->cap = oc ? 2 * oc : 1 << 17;
	t->slots = calloc(t->cap, sizeof(*t->slots));
	if (!t->slots)
		abort();
	for (i = 0; i < oc; i++) {
		if (!old[i])
			continue;
		j = dwx_shash((char *)t->bytes.p + old[i] - 1, &len) &
		    (t->cap - 1);
		while (t->slots[j])
			j = (j + 1) & (t->cap - 1);
		t->slots[j] = old[i];
	}
	free(old);
}

static uint32_t dwx_str_hashed(struct dwx_strtab *t, const char *s);

/* Offset of s in the table (stored on first sight); 0 is "". */
static uint32_t dwx_str(struct dwx_strtab *t, const char *s)
{
	size_t k = ((uintptr_t)s >> 3 ^ (uintptr_t)s >> 19) & (DWX_PCACHE - 1);

	if (!s)
		return 0;
	if (!t->pkey) {
		t->pkey = calloc(DWX_PCACHE, sizeof(*t->pkey));
		t->pval = calloc(DWX_PCACHE, sizeof(*t->pval));
		if (!t->pkey || !t->pval)
			abort();
	}
	if (t->pkey[k] != s) {
		t->pkey[k] = s;
		t->pval[k] = dwx_str_hashed(t, s);
	}
	return t->pval[k];
}

static uint32_t dwx_str_hashed(struct dwx_strtab *t, const char *s)
{
	size_t j, len, h;
	uint32_t off;

	if (2 * (t->n + 1) > t->cap)
		dwx_str_grow(t);
	h = dwx_shash(s, &len);
	for (j = h & (t->cap - 1); t->slots[j]; j = (j + 1) & (t->cap - 1))
		if (!strcmp((char *)t->bytes.p + t->slots[j] - 1, s))
			return t->slots[j] - 1;
	off = (uint32_t)t->bytes.n;
	while (t->bytes.n + len + 1 > t->bytes.cap) {
		t->bytes.cap = t->bytes.cap ? 2 * t->bytes.cap : 1 << 20;
		t->bytes.p = realloc(t->bytes.p, t->bytes.cap);
		if (!t->bytes.p)
			abort();
	}
	memcpy((char *)t->bytes.p + t->bytes.n, s, len + 1);
	t->bytes.n += len + 1;
	t->slots[j] = off + 1;
	t->n++;
	return off;
}

/* A set of 64-bit keys (open addressing; 0 is never a key). */
struct dwx_set {
	uint64_t *v;
	size_t cap, n;
};

/* True when key was already in the set (else it is added). */
static bool dwx_set_seen(struct dwx_set *st, uint64_t key)
{
	size_t i;

	if (2 * (st->n + 1) > st->cap) {
		struct dwx_set old = *st;

		st->cap = old.cap ? 2 * old.cap : 1 << 16;
		st->v = calloc(st->cap, sizeof(*st->v));
		if (!st->v)
			abort();
		st->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.v[i])
				dwx_set_seen(st, old.v[i]);
		free(old.v);
	}
	for (i = (key * 0x9e3779b97f4a7c15ull >> 20) & (st->cap - 1);
	     st->v[i]; i = (i + 1) & (st->cap - 1))
		if (st->v[i] == key)
			return true;
	st->v[i] = key;
	st->n++;
	return false;
}

struct dwx_build {
	struct session *s;
	struct dwx_set types_seen;	/* (kind, name): the first is kept */
	struct dwx_strtab st;
	struct dwx_vec funcs, types, syms, bl, sects, units, gvars, mcount;
	const char **fname;		/* per func: name pointer, for sorting */
	uint64_t bl_start, bl_stop;
	uint64_t mc_start, mc_stop;	/* __mcount_loc: the ftrace sites */
};

static void dwx_b_func(void *arg, const struct dw_func *fn)
{
	struct dwx_build *b = arg;
	struct dwx_func_rec *r = dwx_push(&b->funcs);

	r->name = dwx_str(&b->st, fn->name);
	r->file = dwx_str(&b->st, fn->decl_file);
	r->line = (uint32_t)fn->decl_line;
	r->flags = fn->flags;
	r->die = (uint32_t)fn->die;
	r->cu = (uint32_t)fn->cu;
	r->entry = fn->entry;
	r->low = fn->low;
	r->high = fn->high;
}

static void dwx_b_unit(void *arg, uint64_t cu, const char *name)
{
	struct dwx_build *b = arg;
	struct dwx_unit_rec *r = dwx_push(&b->units);

	r->name = dwx_str(&b->st, name);
	r->die = (uint32_t)cu;
}

static void dwx_b_global(void *arg, const struct dw_global_rec *g)
{
	struct dwx_build *b = arg;
	struct dwx_gvar_rec *r = dwx_push(&b->gvars);

	r->name = dwx_str(&b->st, g->name);
	r->cu = (uint32_t)g->cu;
	r->die = (uint32_t)g->die;
	r->is_decl = g->is_decl;
}

static void dwx_b_type(void *arg, const struct dw_typedef_rec *t)
{
	struct dwx_build *b = arg;
	uint32_t name = dwx_str(&b->st, t->name);
	struct dwx_type_rec *r;

	if (dwx_set_seen(&b->types_seen, (uint64_t)t->kind << 32 | name |
					 1ull << 63))
		return;
	r = dwx_push(&b->types);
	r->name = name;
	r->kind = (uint32_t)t->kind;
	r->die = (uint32_t)t->die;
}

static enum dwx_sect dwx_sect_of(const char *sec, bool is_func)
{
	if (!sec)
		return DWX_OTHER;
	if (!strcmp(sec, ".init.text") || !strcmp(sec, ".exit.text"))
		return DWX_INIT;
	if (!strcmp(sec, ".kprobes.text"))
		return DWX_KPROBES;
	if (!strcmp(sec, ".noinstr.text"))
		return DWX_NOINSTR;
	if (strstr(sec, "entry.text"))
		return DWX_ENTRY;
	return is_func || strstr(sec, "text") ? DWX_TEXT : DWX_OTHER;
}

static void dwx_b_sym(void *arg, const struct dw_sym *sym)
{
	struct dwx_build *b = arg;
	struct dwx_sym_rec *r = dwx_push(&b->syms);

	r->name = dwx_str(&b->st, sym->name);
	r->flags = (uint32_t)dwx_sect_of(sym->section, sym->is_func) |
		   (sym->is_func ? 0x100u : 0);
	r->addr = sym->addr;
	r->size = sym->size;
	if (!strcmp(sym->name, "__start_kprobe_blacklist"))
		b->bl_start = sym->addr;
	if (!strcmp(sym->name, "__stop_kprobe_blacklist"))
		b->bl_stop = sym->addr;
	if (!strcmp(sym->name, "__start_mcount_loc"))
		b->mc_start = sym->addr;
	if (!strcmp(sym->name, "__stop_mcount_loc"))
		b->mc_stop = sym->addr;
}

static void dwx_b_sect(void *arg, const struct dw_section *sec)
{
	struct dwx_build *b = arg;
	struct dwx_sect_rec *r = dwx_push(&b->sects);

	r->addr = sec->addr;
	r->end = sec->addr + sec->size;
	r->sect = (uint64_t)dwx_sect_of(sec->name, true);
}

/* NOKPROBE_SYMBOL entries: an array of addresses in the image. */
static void dwx_b_blacklist(struct dwx_build *b, struct dw_file *f)
{
	uint64_t a, n = b->bl_stop > b->bl_start ?
			(b->bl_stop - b->bl_start) / 8 : 0, i;

	if (n > 1000000)
		return;
	for (i = 0; i < n; i++)
		if (dw_read(f, b->bl_start + 8 * i, &a, 8) == 0)
			*(uint64_t *)dwx_push(&b->bl) = a;
}

/* The kernel's ftrace sites (each function's __fentry__ call), which ftrace
 * can hook; an array of addresses in the image, like the blacklist. */
static void dwx_b_mcount(struct dwx_build *b, struct dw_file *f)
{
	uint64_t n = b->mc_stop > b->mc_start ?
		     (b->mc_stop - b->mc_start) / 8 : 0;
	uint64_t *a;

	if (n == 0 || n > 10000000)
		return;
	a = malloc(n * sizeof(*a));
	if (a && dw_read(f, b->mc_start, a, n * 8) == 0) {
		b->mcount.p = (void *)a;
		b->mcount.n = b->mcount.cap = n;
		return;
	}
	free(a);
}

/* ---- building: sorting and writing ---- */

static const char *dwx_bstr;		/* qsort context: the string bytes */
static uint32_t *dwx_brank;		/* string offset -> sorted rank */

static int dwx_off_cmp(const void *x, const void *y)
{
	return strcmp(dwx_bstr + *(const uint32_t *)x,
		      dwx_bstr + *(const uint32_t *)y);
}

/* Rank every string once, so the record sorts compare integers. */
static void dwx_rank_strings(struct dwx_strtab *t)
{
	uint32_t *offs = malloc((t->n + 1) * sizeof(*offs));
	size_t i, k = 0;

	dwx_brank = calloc(t->bytes.n + 1, sizeof(*dwx_brank));
	if (!offs || !dwx_brank)
		abort();
	for (i = 0; i < t->cap; i++)
		if (t->slots[i])
			offs[k++] = t->slots[i] - 1;
	qsort(offs, k, sizeof(*offs), dwx_off_cmp);
	for (i = 0; i < k; i++)
		dwx_brank[offs[i]] = (uint32_t)i;
	free(offs);
}

static int dwx_name_cmp(uint32_t a, uint32_t b)
{
	return (dwx_brank[a] > dwx_brank[b]) - (dwx_brank[a] < dwx_brank[b]);
}

static int dwx_func_cmp(const void *x, const void *y)
{
	const struct dwx_func_rec *a = x, *b = y;
	int c = dwx_name_cmp(a->name, b->name);

	return c ? c : (a->die > b->die) - (a->die < b->die);
}

static int dwx_type_cmp(const void *x, const void *y)
{
	const struct dwx_type_rec *a = x, *b = y;
	int c = dwx_name_cmp(a->name, b->name);

	if (c)
		return c;
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	return (a->die > b->die) - (a->die < b->die);
}

static int dwx_sym_cmp(const void *x, const void *y)
{
	const struct dwx_sym_rec *a = x, *b = y;
	int c = dwx_name_cmp(a->name, b->name);

	return c ? c : (a->addr > b->addr) - (a->addr < b->addr);
}

static int dwx_gvar_cmp(const void *x, const void *y)
{
	const struct dwx_gvar_rec *a = x, *b = y;
	int c = dwx_name_cmp(a->name, b->name);

	if (c)
		return c;
	if (a->is_decl != b->is_decl)
		return (int)a->is_decl - (int)b->is_decl;
	return (a->die > b->die) - (a->die < b->die);
}

static int dwx_u64_cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return (a > b) - (a < b);
}

static const struct dwx_sym_rec *dwx_bsyms;

static int dwx_saddr_cmp(const void *x, const void *y)
{
	uint64_t a = dwx_bsyms[*(const uint32_t *)x].addr;
	uint64_t b = dwx_bsyms[*(const uint32_t *)y].addr;

	return (a > b) - (a < b);
}

/* Keep the first definition of each (name, kind). */
static void dwx_dedup_types(struct dwx_vec *v)
{
	struct dwx_type_rec *t = v->p;
	size_t i, o = 0;

	for (i = 0; i < v->n; i++)
		if (!o || t[o - 1].name != t[i].name ||
		    t[o - 1].kind != t[i].kind)
			t[o++] = t[i];
	v->n = o;
}

/* Spans of equal keys over n records; key(i) gives record i's key. */
static void dwx_spans(struct dwx_vec *out, size_t n,
		      uint32_t (*key)(const void *, size_t), const void *arg)
{
	size_t i;
	struct dwx_span *sp = NULL;

	for (i = 0; i < n; i++) {
		if (!sp || sp->name != key(arg, i)) {
			sp = dwx_push(out);
			sp->name = key(arg, i);
			sp->first = (uint32_t)i;
		}
		sp->count++;
	}
}

static uint32_t dwx_key_name(const void *arg, size_t i)
{
	return ((const struct dwx_func_rec *)arg)[i].name;
}

struct dwx_fkey {
	const struct dwx_func_rec *f;
	const uint32_t *idx;
};

static uint32_t dwx_key_file(const void *arg, size_t i)
{
	const struct dwx_fkey *k = arg;

	return k->f[k->idx[i]].file;
}

static const struct dwx_func_rec *dwx_bfuncs;

static int dwx_fidx_cmp(const void *x, const void *y)
{
	const struct dwx_func_rec *a = &dwx_bfuncs[*(const uint32_t *)x];
	const struct dwx_func_rec *b = &dwx_bfuncs[*(const uint32_t *)y];

	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	return (a->die > b->die) - (a->die < b->die);
}

struct dwx_out {
	FILE *f;
	uint64_t pos;
};

static uint64_t dwx_put(struct dwx_out *o, const void *p, size_t n)
{
	uint64_t at = o->pos;
	static const char pad[8];

	if (n)
		fwrite(p, 1, n, o->f);
	o->pos += n;
	if (o->pos % 8) {
		fwrite(pad, 1, 8 - o->pos % 8, o->f);
		o->pos += 8 - o->pos % 8;
	}
	return at;
}

/* Indices of the n records that keep() accepts, sorted by cmp. */
static uint32_t *dwx_index_by(size_t n, int (*cmp)(const void *, const void *),
			      bool (*keep)(size_t i), size_t *nout)
{
	uint32_t *v = malloc((n + 1) * sizeof(*v));
	size_t i, k = 0;

	if (!v)
		abort();
	for (i = 0; i < n; i++)
		if (!keep || keep(i))
			v[k++] = (uint32_t)i;
	qsort(v, k, sizeof(*v), cmp);
	*nout = k;
	return v;
}

static bool dwx_keep_func_sym(size_t i)
{
	return dwx_bsyms[i].flags & 0x100;
}

static bool dwx_keep_outline(size_t i)
{
	return !(dwx_bfuncs[i].flags & DWF_INLINE);
}

static int dwx_fentry_cmp(const void *x, const void *y)
{
	uint64_t a = dwx_bfuncs[*(const uint32_t *)x].entry;
	uint64_t b = dwx_bfuncs[*(const uint32_t *)y].entry;

	return (a > b) - (a < b);
}

static void dwx_b_sort(struct dwx_build *b)
{
	dwx_bstr = b->st.bytes.p;
	dwx_rank_strings(&b->st);
	qsort(b->funcs.p, b->funcs.n, sizeof(struct dwx_func_rec),
	      dwx_func_cmp);
	qsort(b->types.p, b->types.n, sizeof(struct dwx_type_rec),
	      dwx_type_cmp);
	dwx_dedup_types(&b->types);
	qsort(b->syms.p, b->syms.n, sizeof(struct dwx_sym_rec), dwx_sym_cmp);
	qsort(b->bl.p, b->bl.n, sizeof(uint64_t), dwx_u64_cmp);
	qsort(b->mcount.p, b->mcount.n, sizeof(uint64_t), dwx_u64_cmp);
	qsort(b->gvars.p, b->gvars.n, sizeof(struct dwx_gvar_rec),
	      dwx_gvar_cmp);
	qsort(b->sects.p, b->sects.n, sizeof(struct dwx_sect_rec), dwx_u64_cmp);
	free(dwx_brank);
	dwx_brank = NULL;
}

/* Write the sorted tables; 0 or -1 (errno). */
static int dwx_b_write(struct dwx_build *b, FILE *f, const char *build_id)
{
	struct dwx_hdr h = { .version = DWX_VERSION };
	struct dwx_out o = { .f = f };
	struct dwx_vec names = { .elem = sizeof(struct dwx_span) };
	struct dwx_vec files = { .elem = sizeof(struct dwx_span) };
	uint32_t *fidx, *saddr, *fentry;
	struct dwx_fkey fk;
	size_t nfidx, nsaddr, nfentry;

	memcpy(h.magic, DWX_MAGIC, sizeof(DWX_MAGIC));
	snprintf(h.build_id, sizeof(h.build_id), "%s", build_id);
	dwx_spans(&names, b->funcs.n, dwx_key_name, b->funcs.p);
	dwx_bfuncs = b->funcs.p;
	fidx = dwx_index_by(b->funcs.n, dwx_fidx_cmp, NULL, &nfidx);
	fentry = dwx_index_by(b->funcs.n, dwx_fentry_cmp, dwx_keep_outline,
			      &nfentry);
	fk.f = b->funcs.p;
	fk.idx = fidx;
	dwx_spans(&files, b->funcs.n, dwx_key_file, &fk);
	dwx_bsyms = b->syms.p;
	saddr = dwx_index_by(b->syms.n, dwx_saddr_cmp, dwx_keep_func_sym,
			     &nsaddr);
	dwx_put(&o, &h, sizeof(h));
	h.off_str = dwx_put(&o, b->st.bytes.p, b->st.bytes.n);
	h.len_str = b->st.bytes.n;
	h.off_func = dwx_put(&o, b->funcs.p, b->funcs.n * b->funcs.elem);
	h.off_name = dwx_put(&o, names.p, names.n * names.elem);
	h.off_file = dwx_put(&o, files.p, files.n * files.elem);
	h.off_fidx = dwx_put(&o, fidx, b->funcs.n * sizeof(*fidx));
	h.off_type = dwx_put(&o, b->types.p, b->types.n * b->types.elem);
	h.off_sym = dwx_put(&o, b->syms.p, b->syms.n * b->syms.elem);
	h.off_saddr = dwx_put(&o, saddr, nsaddr * sizeof(*saddr));
	h.off_bl = dwx_put(&o, b->bl.p, b->bl.n * b->bl.elem);
	h.off_sect = dwx_put(&o, b->sects.p, b->sects.n * b->sects.elem);
	h.off_fentry = dwx_put(&o, fentry, nfentry * sizeof(*fentry));
	h.off_unit = dwx_put(&o, b->units.p, b->units.n * b->units.elem);
	h.nunit = (uint32_t)b->units.n;
	h.off_gvar = dwx_put(&o, b->gvars.p, b->gvars.n * b->gvars.elem);
	h.ngvar = (uint32_t)b->gvars.n;
	h.off_mcount = dwx_put(&o, b->mcount.p, b->mcount.n * sizeof(uint64_t));
	h.nmcount = (uint32_t)b->mcount.n;
	h.nfentry = (uint32_t)nfentry;
	h.total = o.pos;
	h.nfunc = (uint32_t)b->funcs.n;
	h.nname = (uint32_t)names.n;
	h.nfile = (uint32_t)files.n;
	h.ntype = (uint32_t)b->types.n;
	h.nsym = (uint32_t)b->syms.n;
	h.nfsym = (uint32_t)nsaddr;
	h.nbl = (uint32_t)b->bl.n;
	h.nsect = (uint32_t)b->sects.n;
	free(fidx);
	free(saddr);
	free(fentry);
	free(names.p);
	free(files.p);
	if (fseek(f, 0, SEEK_SET) || fwrite(&h, sizeof(h), 1, f) != 1)
		return -1;
	return ferror(f) ? -1 : 0;
}

static void dwx_b_free(struct dwx_build *b)
{
	free(b->st.slots);
	free(b->st.pkey);
	free(b->types_seen.v);
	free(b->st.pval);
	free(b->st.bytes.p);
	free(b->funcs.p);
	free(b->types.p);
	free(b->syms.p);
	free(b->bl.p);
	free(b->mcount.p);
	free(b->sects.p);
	free(b->units.p);
	free(b->gvars.p);
}

static void dwx_b_init(struct dwx_build *b, struct session *s)
{
	memset(b, 0, sizeof(*b));
	b->s = s;
	b->funcs.elem = sizeof(struct dwx_func_rec);
	b->types.elem = sizeof(struct dwx_type_rec);
	b->syms.elem = sizeof(struct dwx_sym_rec);
	b->bl.elem = sizeof(uint64_t);
	b->mcount.elem = sizeof(uint64_t);
	b->sects.elem = sizeof(struct dwx_sect_rec);
	b->units.elem = sizeof(struct dwx_unit_rec);
	b->gvars.elem = sizeof(struct dwx_gvar_rec);
	dwx_str(&b->st, "");
}

/* ---- the scan, in two threads ---- */

struct dwx_half {
	struct dwx_build b;
	struct dw_file *f;
	uint64_t from, to;
	const char *err;
	int rc;
};

static void *dwx_scan_half(void *arg)
{
	struct dwx_half *h = arg;
	struct dw_scan_ops ops = { .func = dwx_b_func, .type = dwx_b_type,
				   .global = dwx_b_global, .unit = dwx_b_unit,
				   .arg = &h->b };

	h->rc = dw_scan_units(h->f, h->from, h->to, &ops, &h->err);
	return NULL;
}

/* b2's string at off as one of b's (memoised in map: offset + 1). */
static uint32_t dwx_remap(struct dwx_build *b, const struct dwx_build *b2,
			  uint32_t *map, uint32_t off)
{
	if (!off)
		return 0;
	if (!map[off])
		map[off] = dwx_str_hashed(&b->st, (char *)b2->st.bytes.p + off)
			   + 1;
	return map[off] - 1;
}

/* Append the second half's records to the first's, in unit order. */
static void dwx_merge(struct dwx_build *b, struct dwx_build *b2)
{
	uint32_t *map = calloc(b2->st.bytes.n + 1, sizeof(*map));
	size_t i;

	if (!map)
		abort();
	for (i = 0; i < b2->funcs.n; i++) {
		struct dwx_func_rec *r = dwx_push(&b->funcs);

		*r = ((struct dwx_func_rec *)b2->funcs.p)[i];
		r->name = dwx_remap(b, b2, map, r->name);
		r->file = dwx_remap(b, b2, map, r->file);
	}
	for (i = 0; i < b2->types.n; i++) {
		struct dwx_type_rec t = ((struct dwx_type_rec *)b2->types.p)[i];

		t.name = dwx_remap(b, b2, map, t.name);
		if (!dwx_set_seen(&b->types_seen, (uint64_t)t.kind << 32 |
						  t.name | 1ull << 63))
			*(struct dwx_type_rec *)dwx_push(&b->types) = t;
	}
	for (i = 0; i < b2->units.n; i++) {
		struct dwx_unit_rec *u = dwx_push(&b->units);

		*u = ((struct dwx_unit_rec *)b2->units.p)[i];
		u->name = dwx_remap(b, b2, map, u->name);
	}
	for (i = 0; i < b2->gvars.n; i++) {
		struct dwx_gvar_rec *g = dwx_push(&b->gvars);

		*g = ((struct dwx_gvar_rec *)b2->gvars.p)[i];
		g->name = dwx_remap(b, b2, map, g->name);
	}
	free(map);
}

/* Scan f (and a second handle of path for the second half); 0 or -1. */
static int dwx_scan_all(struct session *s, struct dw_file *f, const char *path,
			struct dwx_build *b, const char **err)
{
	struct dwx_half h = { .from = 0 };
	struct dw_scan_ops ops = { .func = dwx_b_func, .type = dwx_b_type,
				   .global = dwx_b_global, .unit = dwx_b_unit,
				   .arg = b };
	uint64_t mid = dw_unit_split(f);
	pthread_t th;
	int rc;

	h.f = mid ? dw_open(s, path, err) : NULL;
	if (!h.f)
		return dw_scan(f, &ops, err);
	dwx_b_init(&h.b, s);
	h.from = mid;
	h.to = UINT64_MAX;
	if (pthread_create(&th, NULL, dwx_scan_half, &h)) {
		dw_close(h.f);
		return dw_scan(f, &ops, err);
	}
	rc = dw_scan_units(f, 0, mid, &ops, err);
	pthread_join(th, NULL);
	if (!rc && h.rc)
		*err = h.err, rc = -1;
	if (!rc)
		dwx_merge(b, &h.b);
	dwx_b_free(&h.b);
	dw_close(h.f);
	return rc;
}

/* CPU time of the process (both scan threads), in ms. */
static double dwx_cpu_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int dwx_build(struct session *s, struct dw_file *f, const char *path,
	      const char *out, const char **err)
{
	struct dwx_build b;
	const char *tmp = arena_printf(s->arena, "%s.tmp%d", out, (int)getpid());
	FILE *fp;
	int rc = -1;

	double t[4];

	dwx_b_init(&b, s);
	t[0] = dwx_cpu_ms();
	if (dwx_scan_all(s, f, path, &b, err) == 0 && (t[1] = dwx_cpu_ms()) &&
	    dw_symbols(f, dwx_b_sym, &b) >= 0 &&
	    dw_sections(f, dwx_b_sect, &b) >= 0) {
		dwx_b_blacklist(&b, f);
		dwx_b_mcount(&b, f);
		t[2] = dwx_cpu_ms();
		dwx_b_sort(&b);
		t[3] = dwx_cpu_ms();
		if (s->verbose[1] >= 3)
			fprintf(s->err, "Index CPU time: scan %.0f ms, symbols "
				"%.0f ms, sort %.0f ms; %zu functions, %zu "
				"types, %zu symbols, %zu globals, %zu strings\n",
				t[1] - t[0], t[2] - t[1], t[3] - t[2],
				b.funcs.n, b.types.n, b.syms.n, b.gvars.n,
				b.st.n);
		fp = fopen(tmp, "w");
		if (!fp || dwx_b_write(&b, fp, dw_build_id(f) ?
					      dw_build_id(f) : "") ||
		    fclose(fp) || rename(tmp, out)) {
			*err = arena_printf(s->arena, "cannot write %s: %s",
					    out, strerror(errno));
			unlink(tmp);
		} else {
			rc = 0;
		}
	}
	dwx_b_free(&b);
	return rc;
}

