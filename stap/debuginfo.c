/* debuginfo.c - the one file that reads debuginfo with libdw (pass 2).
 *
 * Everything leaves here as the plain structs of debuginfo.h: function
 * records for the index, line tables, probe sites (variables with their
 * location ops and ctyp.h types), ELF symbols.  Types are built lazily:
 * dw_type() makes a node with its head (kind, name, size) and registers
 * this file as the backend that fills targets and members on demand, so
 * reaching task_struct does not load the kernel's whole type graph.
 * Strings and nodes live in the session arena; libdw's own memory is
 * released by dw_close.
 */
#define _GNU_SOURCE
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "debuginfo.h"
#include "session.h"

/* A DIE offset -> ctype table (open addressing, power-of-two size). */
struct dw_tmap {
	uint64_t *keys;
	struct ctype **vals;
	size_t cap, n;
};

struct dw_file {
	struct session *s;
	int fd;
	Elf *elf;
	Dwarf *dw;
	Dwfl *dwfl;			/* modules (ET_REL): relocated by libdwfl */
	Dwfl_Module *mod;
	Dwarf_CFI *cfi;
	Dwarf_Addr cfi_bias;
	bool cfi_tried;
	bool is_rel;
	const char *build_id;
	struct dw_tmap types;
	struct ctype_backend be;
	uint64_t (*find)(void *arg, int kind, const char *name);
	void *find_arg;
};

/* ---- open / close ---- */

static const char *dw_hex(struct session *s, const unsigned char *p,
			  ssize_t n)
{
	char *out = arena_alloc(s->arena, (size_t)n * 2 + 1);
	ssize_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
	return out;
}

static void dw_be_init(struct dw_file *f);

/*
 * A module's debug file is relocatable: its DWARF addresses are section
 * offsets that only relocations make meaningful.  libdwfl lays the
 * sections out (as if loaded at made-up addresses) and relocates the
 * DWARF; every address this file hands out for a module is in that
 * layout, and symbols come through libdwfl too.
 */
static const Dwfl_Callbacks dw_offline_callbacks = {
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

static int dw_open_rel(struct dw_file *f, const char *path, const char **err)
{
	GElf_Addr bias;
	const char *base = strrchr(path, '/');

	f->dwfl = dwfl_begin(&dw_offline_callbacks);
	f->mod = f->dwfl ? dwfl_report_offline(f->dwfl, base ? base + 1 : path,
					       path, -1) : NULL;
	if (!f->mod || dwfl_report_end(f->dwfl, NULL, NULL) != 0)
		goto fail;
	f->dw = dwfl_module_getdwarf(f->mod, &bias);
	f->elf = dwfl_module_getelf(f->mod, &bias);
	if (f->dw && f->elf)
		return 0;
fail:
	*err = arena_printf(f->s->arena, "no DWARF in %s: %s", path,
			    dwfl_errmsg(-1));
	return -1;
}

struct dw_file *dw_open(struct session *s, const char *path, const char **err)
{
	struct dw_file *f = ARENA_NEW(s->arena, struct dw_file);
	const void *id;
	ssize_t n;
	GElf_Ehdr eh;

	f->s = s;
	elf_version(EV_CURRENT);
	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0) {
		*err = arena_printf(s->arena, "cannot open %s: %s", path,
				    strerror(errno));
		return NULL;
	}
	f->elf = elf_begin(f->fd, ELF_C_READ_MMAP, NULL);
	if (f->elf && gelf_getehdr(f->elf, &eh) && eh.e_type == ET_REL) {
		elf_end(f->elf);
		f->elf = NULL;
		f->is_rel = true;
		if (dw_open_rel(f, path, err)) {
			dw_close(f);
			return NULL;
		}
	} else {
		f->dw = f->elf ? dwarf_begin_elf(f->elf, DWARF_C_READ, NULL)
			       : NULL;
	}
	if (!f->dw) {
		*err = arena_printf(s->arena, "no DWARF in %s: %s", path,
				    dwarf_errmsg(-1));
		dw_close(f);
		return NULL;
	}
	n = dwelf_elf_gnu_build_id(f->elf, &id);
	if (n > 0)
		f->build_id = dw_hex(s, id, n);
	dw_be_init(f);
	return f;
}

void dw_close(struct dw_file *f)
{
	if (!f)
		return;
	if (f->dwfl) {
		dwfl_end(f->dwfl);	/* owns dw and elf */
		f->dw = NULL;
		f->elf = NULL;
		f->dwfl = NULL;
	}
	if (f->dw)
		dwarf_end(f->dw);
	if (f->elf)
		elf_end(f->elf);
	if (f->fd >= 0)
		close(f->fd);
	free(f->types.keys);
	free(f->types.vals);
	f->dw = NULL;
	f->elf = NULL;
	f->fd = -1;
}

const char *dw_build_id(struct dw_file *f)
{
	return f->build_id;
}

uint64_t dw_build_id_addr(struct dw_file *f)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	GElf_Nhdr nh;
	Elf_Data *d;
	size_t off, next, name_off, desc_off;

	while ((scn = elf_nextscn(f->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE ||
		    !(sh.sh_flags & SHF_ALLOC) || !(d = elf_getdata(scn, NULL)))
			continue;
		for (off = 0; (next = gelf_getnote(d, off, &nh, &name_off,
						   &desc_off)) > 0; off = next)
			if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
			    !memcmp((char *)d->d_buf + name_off, "GNU", 4))
				return sh.sh_addr + desc_off;
	}
	return 0;
}

bool dw_is_module(struct dw_file *f)
{
	return f->is_rel;
}

/* ---- small DIE helpers ---- */

static const char *dw_str(struct dw_file *f, const char *p)
{
	return p ? intern_s(f->s->names, p) : NULL;
}

static const char *dw_name(struct dw_file *f, Dwarf_Die *d)
{
	Dwarf_Attribute a;

	return dw_str(f, dwarf_formstring(dwarf_attr_integrate(d,
							       DW_AT_name,
							       &a)));
}

/* A declaration is a property of this DIE only: integrating would take
 * it from the declaration a definition's DW_AT_specification names. */
static bool dw_is_decl(Dwarf_Die *d)
{
	Dwarf_Attribute a;
	bool v = false;

	return dwarf_attr(d, DW_AT_declaration, &a) && dwarf_formflag(&a, &v) == 0
	       && v;
}

static bool dw_flag(Dwarf_Die *d, unsigned at)
{
	Dwarf_Attribute a;
	bool v = false;

	return dwarf_attr_integrate(d, at, &a) && dwarf_formflag(&a, &v) == 0
	       && v;
}

/* The scan hands the index raw strings (libdw's, valid while the file
 * is open): it stores each once itself, interning would cost twice. */
static const char *dw_raw_name(Dwarf_Die *d)
{
	Dwarf_Attribute a;

	return dwarf_formstring(dwarf_attr_integrate(d, DW_AT_name, &a));
}

static const char *dw_raw_file(const char *p)
{
	while (p && p[0] == '.' && p[1] == '/')
		p += 2;
	return p;
}

/* "fs/read_write.c": as the unit recorded it, without a leading "./". */
static const char *dw_file_name(struct dw_file *f, const char *p)
{
	while (p && p[0] == '.' && p[1] == '/')
		p += 2;
	return dw_str(f, p);
}

static int dw_decl_line(Dwarf_Die *d)
{
	int line = 0;

	return dwarf_decl_line(d, &line) == 0 ? line : 0;
}

/* Entry pc and first range of a DIE with code; false when it has none. */
static bool dw_extent(Dwarf_Die *d, uint64_t *entry, uint64_t *low,
		      uint64_t *high)
{
	Dwarf_Addr base, lo, hi, e;
	ptrdiff_t off;

	if (dwarf_lowpc(d, &lo) == 0) {
		if (dwarf_highpc(d, &hi) != 0)
			hi = lo;
	} else {
		off = dwarf_ranges(d, 0, &base, &lo, &hi);
		if (off <= 0)
			return false;
	}
	*low = lo;
	*high = hi;
	*entry = dwarf_entrypc(d, &e) == 0 ? e : lo;
	return true;
}

/* ---- scanning ---- */

#define DW_MAX_NEST 64		/* lexical nesting the scan follows */

/* What an inlined instance takes from its abstract origin, decoded once
 * per origin (a popular inline function has thousands of instances). */
#define DW_ORIGIN_CACHE 4096

struct dw_origin {
	uint64_t off;			/* origin DIE offset + 1; 0: empty */
	const char *name, *file;
	int line;
	unsigned flags;			/* DWF_EXTERNAL | DWF_DECL_INLINE */
};

struct dw_scan_cx {
	struct dw_file *f;
	const struct dw_scan_ops *ops;
	uint64_t cu;
	Dwarf_Die cudie;
	struct dw_origin origins[DW_ORIGIN_CACHE];
};

/* Where the line table puts addr (assembler functions have no decl
 * file): the row covering addr, else SystemTap's "<unknown source>". */
static void dw_line_of(struct dw_scan_cx *cx, uint64_t addr, struct dw_func *fn)
{
	Dwarf_Line *l = dwarf_getsrc_die(&cx->cudie, addr);
	int line = 0;

	if (l && dwarf_lineno(l, &line) == 0) {
		fn->decl_file = dw_raw_file(dwarf_linesrc(l, NULL, NULL));
		fn->decl_line = line;
	}
	if (!fn->decl_file) {
		fn->decl_file = "<unknown source>";
		fn->decl_line = 0;
	}
}

/* Name, declaration and flags of d, through its origin (integrated). */
static void dw_fn_decl(Dwarf_Die *d, struct dw_origin *o)
{
	Dwarf_Attribute a;

	o->name = dw_raw_name(d);
	o->file = dw_raw_file(dwarf_decl_file(d));
	o->line = dw_decl_line(d);
	o->flags = 0;
	if (dw_flag(d, DW_AT_external))
		o->flags |= DWF_EXTERNAL;
	if (dwarf_attr_integrate(d, DW_AT_inline, &a))
		o->flags |= DWF_DECL_INLINE;
}

/* dw_fn_decl of an instance: its origin's, from the cache. */
static const struct dw_origin *dw_fn_origin(struct dw_scan_cx *cx,
					    Dwarf_Die *d)
{
	Dwarf_Attribute a;
	Dwarf_Die od;
	struct dw_origin *o;
	uint64_t off;

	if (!dwarf_attr(d, DW_AT_abstract_origin, &a) ||
	    !dwarf_formref_die(&a, &od))
		return NULL;
	off = dwarf_dieoffset(&od);
	o = &cx->origins[(off * 0x9e3779b97f4a7c15ull >> 40) %
			 DW_ORIGIN_CACHE];
	if (o->off != off + 1) {
		dw_fn_decl(&od, o);
		o->off = off + 1;
	}
	return o;
}

static void dw_scan_fn(struct dw_scan_cx *cx, Dwarf_Die *d, bool inlined)
{
	struct dw_func fn = { 0 };
	struct dw_origin own;
	const struct dw_origin *o;

	if (dw_is_decl(d))
		return;
	o = dw_fn_origin(cx, d);
	if (!o) {
		dw_fn_decl(d, &own);
		o = &own;
	}
	fn.name = o->name;
	if (!fn.name || !dw_extent(d, &fn.entry, &fn.low, &fn.high))
		return;
	fn.decl_file = o->file;
	fn.decl_line = o->line;
	if (!fn.decl_file)
		dw_line_of(cx, fn.entry, &fn);
	fn.die = dwarf_dieoffset(d);
	fn.cu = cx->cu;
	fn.flags = o->flags | (inlined ? DWF_INLINE : 0);
	cx->ops->func(cx->ops->arg, &fn);
}

static void dw_scan_type(struct dw_scan_cx *cx, Dwarf_Die *d, int kind)
{
	struct dw_typedef_rec t;

	if (!cx->ops->type || dw_is_decl(d))
		return;
	t.name = dw_raw_name(d);
	if (!t.name)
		return;
	t.kind = kind;
	t.die = dwarf_dieoffset(d);
	cx->ops->type(cx->ops->arg, &t);
}

static void dw_scan_global(struct dw_scan_cx *cx, Dwarf_Die *d)
{
	struct dw_global_rec g;
	Dwarf_Attribute a;

	if (!cx->ops->global)
		return;
	g.name = dw_raw_name(d);
	if (!g.name)
		return;
	g.cu = cx->cu;
	g.die = dwarf_dieoffset(d);
	g.is_decl = !dwarf_attr(d, DW_AT_location, &a) &&
		    !dwarf_attr(d, DW_AT_const_value, &a);
	cx->ops->global(cx->ops->arg, &g);
}

static void dw_scan_children(struct dw_scan_cx *cx, Dwarf_Die *parent,
			     int depth)
{
	Dwarf_Die c;

	if (depth > DW_MAX_NEST || dwarf_child(parent, &c) != 0)
		return;
	do {
		switch (dwarf_tag(&c)) {
		case DW_TAG_subprogram:
			dw_scan_fn(cx, &c, false);
			dw_scan_children(cx, &c, depth + 1);
			break;
		case DW_TAG_inlined_subroutine:
			dw_scan_fn(cx, &c, true);
			dw_scan_children(cx, &c, depth + 1);
			break;
		case DW_TAG_lexical_block:
			dw_scan_children(cx, &c, depth + 1);
			break;
		case DW_TAG_structure_type:
			if (depth == 0)
				dw_scan_type(cx, &c, CT_STRUCT);
			break;
		case DW_TAG_union_type:
			if (depth == 0)
				dw_scan_type(cx, &c, CT_UNION);
			break;
		case DW_TAG_enumeration_type:
			if (depth == 0)
				dw_scan_type(cx, &c, CT_ENUM);
			break;
		case DW_TAG_typedef:
			if (depth == 0)
				dw_scan_type(cx, &c, CT_TYPEDEF);
			break;
		case DW_TAG_variable:
			if (depth == 0)
				dw_scan_global(cx, &c);
			break;
		default:
			break;
		}
	} while (dwarf_siblingof(&c, &c) == 0);
}

/* The scan touches no arena (it may run in a second thread, over its own
 * dw_file): strings stay libdw's, errors are static texts. */
int dw_scan_units(struct dw_file *f, uint64_t from, uint64_t to,
		  const struct dw_scan_ops *ops, const char **err)
{
	struct dw_scan_cx *cx = calloc(1, sizeof(*cx));
	Dwarf_Off off = from, next;
	size_t hsize;
	Dwarf_Die cu;
	int rc = 0;

	if (!cx) {
		*err = "out of memory";
		return -1;
	}
	cx->f = f;
	cx->ops = ops;
	while (off < to && (rc = dwarf_nextcu(f->dw, off, &next, &hsize, NULL,
					      NULL, NULL)) == 0) {
		if (dwarf_offdie(f->dw, off + hsize, &cu)) {
			cx->cu = off + hsize;
			cx->cudie = cu;
			if (ops->unit)
				ops->unit(ops->arg, cx->cu,
					  dw_raw_file(dwarf_diename(&cu)));
			dw_scan_children(cx, &cu, 0);
		}
		off = next;
	}
	free(cx);
	if (off < to && rc < 0) {
		*err = "bad DWARF unit header";
		return -1;
	}
	return 0;
}

int dw_scan(struct dw_file *f, const struct dw_scan_ops *ops,
	    const char **err)
{
	return dw_scan_units(f, 0, UINT64_MAX, ops, err);
}

uint64_t dw_unit_split(struct dw_file *f)
{
	Dwarf_Off off = 0, next, mid = 0, total;
	size_t hsize;

	while (dwarf_nextcu(f->dw, off, &next, &hsize, NULL, NULL, NULL) == 0)
		off = next;
	total = off;
	off = 0;
	while (dwarf_nextcu(f->dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		if (next > total / 2) {
			mid = next;
			break;
		}
		off = next;
	}
	return mid;
}

/* ---- lines ---- */

int dw_lines(struct dw_file *f, uint64_t cuoff, struct dw_line **out)
{
	Dwarf_Die cu;
	Dwarf_Lines *lines;
	size_t n, i;
	struct dw_line *v;

	*out = NULL;
	if (!dwarf_offdie(f->dw, cuoff, &cu) ||
	    dwarf_getsrclines(&cu, &lines, &n) != 0)
		return 0;
	v = arena_alloc(f->s->arena, (n + 1) * sizeof(*v));
	for (i = 0; i < n; i++) {
		Dwarf_Line *l = dwarf_onesrcline(lines, i);
		Dwarf_Addr addr = 0;
		bool stmt = false;
		int line = 0;

		dwarf_lineaddr(l, &addr);
		dwarf_lineno(l, &line);
		dwarf_linebeginstatement(l, &stmt);
		v[i].file = dw_file_name(f, dwarf_linesrc(l, NULL, NULL));
		v[i].line = line;
		v[i].addr = addr;
		v[i].is_stmt = stmt;
	}
	*out = v;
	return (int)n;
}

/* ---- locations ---- */

#define DW_MAX_OPS 256		/* longer expressions are refused */

static int dw_conv_ops(struct dw_file *f, Dwarf_Attribute *attr,
		       const Dwarf_Op *ops, size_t n, struct loc_op **out,
		       int depth);

/* The nested expression of DW_OP_entry_value, the bytes of
 * DW_OP_implicit_value. */
static void dw_conv_sub(struct dw_file *f, Dwarf_Attribute *attr,
			const Dwarf_Op *op, struct loc_op *o, int depth)
{
	Dwarf_Attribute sub;
	Dwarf_Op *sops;
	size_t ns;
	Dwarf_Block b;

	if ((op->atom == DW_OP_entry_value ||
	     op->atom == DW_OP_GNU_entry_value) && depth < 4 &&
	    dwarf_getlocation_attr(attr, op, &sub) == 0 &&
	    dwarf_getlocation(&sub, &sops, &ns) == 0) {
		struct loc_op *so;

		o->nsub = (size_t)dw_conv_ops(f, &sub, sops, ns, &so,
					      depth + 1);
		o->sub = so;
	}
	if (op->atom == DW_OP_implicit_value &&
	    dwarf_getlocation_implicit_value(attr, op, &b) == 0) {
		o->block = b.data;
		o->nblock = b.length;
	}
}

static int dw_conv_ops(struct dw_file *f, Dwarf_Attribute *attr,
		       const Dwarf_Op *ops, size_t n, struct loc_op **out,
		       int depth)
{
	struct loc_op *v;
	size_t i;

	if (n > DW_MAX_OPS)
		n = DW_MAX_OPS;
	v = arena_alloc(f->s->arena, (n + 1) * sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i].atom = ops[i].atom;
		v[i].number = ops[i].number;
		v[i].number2 = ops[i].number2;
		v[i].offset = ops[i].offset;
		dw_conv_sub(f, attr, &ops[i], &v[i], depth);
	}
	*out = v;
	return (int)n;
}

/* A constant value (DW_AT_const_value) as ops: constu + stack_value, or
 * implicit_value for a block. */
static bool dw_const_loc(struct dw_file *f, Dwarf_Die *d, struct dw_var *v)
{
	Dwarf_Attribute a;
	Dwarf_Sword sw;
	Dwarf_Block b;
	struct loc_op *o;

	if (!dwarf_attr_integrate(d, DW_AT_const_value, &a))
		return false;
	o = arena_alloc(f->s->arena, 2 * sizeof(*o));
	if (dwarf_formsdata(&a, &sw) == 0) {
		o[0].atom = DW_OP_consts;
		o[0].number = (uint64_t)sw;
		o[1].atom = DW_OP_stack_value;
		v->nops = 2;
	} else if (dwarf_formblock(&a, &b) == 0) {
		o[0].atom = DW_OP_implicit_value;
		o[0].number = b.length;
		o[0].block = b.data;
		o[0].nblock = b.length;
		v->nops = 1;
	} else {
		return false;
	}
	v->ops = o;
	v->has_loc = true;
	return true;
}

/* The expression of attribute at valid at pc; 1 found, 0 none. */
static int dw_loc_at(struct dw_file *f, Dwarf_Attribute *attr, uint64_t pc,
		     struct loc_op **ops, size_t *n)
{
	Dwarf_Op *expr;
	size_t len;

	if (dwarf_getlocation_addr(attr, pc, &expr, &len, 1) != 1)
		return 0;
	*n = (size_t)dw_conv_ops(f, attr, expr, len, ops, 0);
	return 1;
}

static void dw_var_loc(struct dw_file *f, Dwarf_Die *d, uint64_t pc,
		       struct dw_var *v)
{
	Dwarf_Attribute a;

	if (dwarf_attr(d, DW_AT_location, &a))
		v->has_loc = dw_loc_at(f, &a, pc, &v->ops, &v->nops) == 1;
	else
		dw_const_loc(f, d, v);
}

/* ---- a probe site ---- */

struct dw_varvec {
	struct dw_var *v;
	int n, cap;
};

static bool dw_var_seen(const struct dw_varvec *vv, const char *name)
{
	int i;

	for (i = 0; i < vv->n; i++)
		if (vv->v[i].name == name)
			return true;
	return false;
}

static void dw_var_add(struct dw_file *f, struct dw_varvec *vv,
		       Dwarf_Die *d, uint64_t pc, bool param)
{
	struct dw_var *v;
	Dwarf_Attribute a;
	Dwarf_Die t;
	const char *name = dw_name(f, d);

	if (!name || dw_var_seen(vv, name))
		return;		/* an inner scope's variable hides it */
	if (vv->n == vv->cap) {
		struct dw_var *nv;

		vv->cap = vv->cap ? 2 * vv->cap : 16;
		nv = arena_alloc(f->s->arena, (size_t)vv->cap * sizeof(*nv));
		if (vv->n)
			memcpy(nv, vv->v, (size_t)vv->n * sizeof(*nv));
		vv->v = nv;
	}
	v = &vv->v[vv->n++];
	v->name = name;
	v->is_param = param;
	v->decl_line = dw_decl_line(d);
	if (dwarf_attr_integrate(d, DW_AT_type, &a) &&
	    dwarf_formref_die(&a, &t))
		v->type = dw_type(f, dwarf_dieoffset(&t));
	dw_var_loc(f, d, pc, v);
}

/* One scope's parameters and variables, in DIE order (as SystemTap
 * lists them: a clone's concrete DIE may put a local before a
 * parameter). */
static void dw_scope_vars(struct dw_file *f, struct dw_varvec *vv,
			  Dwarf_Die *scope, uint64_t pc)
{
	Dwarf_Die c;

	if (dwarf_child(scope, &c) != 0)
		return;
	do {
		int tag = dwarf_tag(&c);

		if (tag == DW_TAG_formal_parameter)
			dw_var_add(f, vv, &c, pc, true);
		else if (tag == DW_TAG_variable && !dw_is_decl(&c))
			dw_var_add(f, vv, &c, pc, false);
	} while (dwarf_siblingof(&c, &c) == 0);
}

/* The file's call frame information.  A module's comes through libdwfl,
 * which relocates its .debug_frame to the layout the DWARF is in. */
static Dwarf_CFI *dw_file_cfi(struct dw_file *f, Dwarf_Addr *bias)
{
	Dwarf_CFI *cfi;

	*bias = 0;
	if (f->mod) {
		cfi = dwfl_module_dwarf_cfi(f->mod, bias);
		return cfi ? cfi : dwfl_module_eh_cfi(f->mod, bias);
	}
	cfi = dwarf_getcfi(f->dw);
	return cfi ? cfi : dwarf_getcfi_elf(f->elf);
}

/* The CFA rule at pc: register + offset, when the CFI says so simply
 * (bug dwarf_module_cfa: the DW_OP_bregx form libdw gives for a module
 * was not taken, so no module parameter located at the CFA was read). */
static void dw_site_cfa(struct dw_file *f, uint64_t pc, struct dw_site *out)
{
	Dwarf_Frame *fr = NULL;
	Dwarf_Op *ops;
	size_t n;

	if (!f->cfi_tried) {
		f->cfi_tried = true;
		f->cfi = dw_file_cfi(f, &f->cfi_bias);
	}
	if (!f->cfi || dwarf_cfi_addrframe(f->cfi, pc - f->cfi_bias, &fr) != 0)
		return;
	if (dwarf_frame_cfa(fr, &ops, &n) == 0 && n == 1 &&
	    ops[0].atom >= DW_OP_breg0 && ops[0].atom <= DW_OP_breg31) {
		out->cfa_known = true;
		out->cfa_reg = ops[0].atom - DW_OP_breg0;
		out->cfa_off = (int64_t)ops[0].number;
	} else if (n == 1 && ops[0].atom == DW_OP_bregx) {
		/* libdw's form of "register + offset" for a module's CFI */
		out->cfa_known = true;
		out->cfa_reg = (int)ops[0].number;
		out->cfa_off = (int64_t)ops[0].number2;
	}
	free(fr);
}

static void dw_site_func(struct dw_file *f, Dwarf_Die *fn, uint64_t pc,
			 struct dw_site *out)
{
	Dwarf_Attribute a;
	Dwarf_Die t;

	if (dwarf_attr(fn, DW_AT_frame_base, &a))
		dw_loc_at(f, &a, pc, &out->fb, &out->nfb);
	out->has_ret_type = true;
	if (dwarf_attr_integrate(fn, DW_AT_type, &a) &&
	    dwarf_formref_die(&a, &t))
		out->ret_type = dw_type(f, dwarf_dieoffset(&t));
}

#define DW_MAX_BLOCKS 32		/* lexical nesting followed to pc */

/* The lexical blocks of scope that contain pc, outermost first.  Inlined
 * callees are not entered: their variables are not the function's. */
static int dw_blocks(Dwarf_Die *scope, uint64_t pc, Dwarf_Die *v)
{
	Dwarf_Die cur = *scope, c;
	int n = 0;
	bool found = true;

	while (found && n < DW_MAX_BLOCKS) {
		found = false;
		if (dwarf_child(&cur, &c) != 0)
			break;
		do {
			if (dwarf_tag(&c) == DW_TAG_lexical_block &&
			    dwarf_haspc(&c, pc) == 1) {
				v[n++] = cur = c;
				found = true;
				break;
			}
		} while (dwarf_siblingof(&c, &c) == 0);
	}
	return n;
}

/* The out-of-line function of the unit that contains pc (an inlined
 * instance's host, whose frame base its locations use). */
static bool dw_host(Dwarf_Die *cu, uint64_t pc, Dwarf_Die *out)
{
	Dwarf_Die c;

	if (dwarf_child(cu, &c) != 0)
		return false;
	do {
		if (dwarf_tag(&c) == DW_TAG_subprogram &&
		    dwarf_haspc(&c, pc) == 1) {
			*out = c;
			return true;
		}
	} while (dwarf_siblingof(&c, &c) == 0);
	return false;
}

int dw_site_at(struct dw_file *f, uint64_t func, uint64_t scope_pc,
	       uint64_t pc, struct dw_site *out, const char **err)
{
	Dwarf_Die fd, cu, host, blocks[DW_MAX_BLOCKS];
	struct dw_varvec vv = { 0 };
	bool inlined;
	int n;

	memset(out, 0, sizeof(*out));
	out->pc = pc;
	if (!dwarf_offdie(f->dw, func, &fd) || !dwarf_diecu(&fd, &cu, NULL,
							     NULL)) {
		*err = "bad function DIE offset";
		return -1;
	}
	if (dwarf_haspc(&fd, pc) != 1) {
		*err = arena_printf(f->s->arena, "no scope at pc 0x%llx",
				    (unsigned long long)pc);
		return -1;
	}
	n = dw_blocks(&fd, scope_pc, blocks);
	while (n-- > 0)
		dw_scope_vars(f, &vv, &blocks[n], pc);
	dw_scope_vars(f, &vv, &fd, pc);
	inlined = dwarf_tag(&fd) == DW_TAG_inlined_subroutine;
	if (!inlined)
		dw_site_func(f, &fd, pc, out);
	else if (dw_host(&cu, pc, &host))
		dw_site_func(f, &host, pc, out);
	if (inlined)
		out->has_ret_type = false;
	dw_site_cfa(f, pc, out);
	out->vars = vv.v;
	out->nvars = vv.n;
	return 0;
}

int dw_site(struct dw_file *f, uint64_t func, uint64_t pc,
	    struct dw_site *out, const char **err)
{
	return dw_site_at(f, func, pc, pc, out, err);
}

/* ---- labels ---- */

static int dw_labels_in(struct dw_file *f, Dwarf_Die *scope, int depth,
			int (*cb)(void *arg, const struct dw_label *l),
			void *arg)
{
	Dwarf_Die c;
	Dwarf_Addr pc;
	struct dw_label l;
	int rc = 0;

	if (depth > DW_MAX_BLOCKS || dwarf_child(scope, &c) != 0)
		return 0;
	do {
		if (dwarf_tag(&c) == DW_TAG_lexical_block)
			rc = dw_labels_in(f, &c, depth + 1, cb, arg);
		else if (dwarf_tag(&c) == DW_TAG_label &&
			 dwarf_lowpc(&c, &pc) == 0 && (l.name = dw_name(f, &c))) {
			l.line = dw_decl_line(&c);
			l.pc = pc;
			rc = cb(arg, &l);
		}
	} while (!rc && dwarf_siblingof(&c, &c) == 0);
	return rc;
}

int dw_labels(struct dw_file *f, uint64_t func,
	      int (*cb)(void *arg, const struct dw_label *l), void *arg)
{
	Dwarf_Die fd;

	if (!dwarf_offdie(f->dw, func, &fd))
		return 0;
	return dw_labels_in(f, &fd, 0, cb, arg);
}

/* ---- types ---- */

static size_t dw_hash(uint64_t k)
{
	k ^= k >> 31;
	k *= 0x9e3779b97f4a7c15ull;
	return (size_t)(k >> 17);
}

static struct ctype **dw_tmap_slot(struct dw_tmap *m, uint64_t key)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		struct dw_tmap old = *m;

		m->cap = m->cap ? 2 * m->cap : 1024;
		m->keys = calloc(m->cap, sizeof(*m->keys));
		m->vals = calloc(m->cap, sizeof(*m->vals));
		if (!m->keys || !m->vals)
			abort();
		m->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.vals[i])
				*dw_tmap_slot(m, old.keys[i]) = old.vals[i],
				m->n++;
		free(old.keys);
		free(old.vals);
	}
	for (i = dw_hash(key) & (m->cap - 1); m->vals[i] && m->keys[i] != key;
	     i = (i + 1) & (m->cap - 1))
		;
	m->keys[i] = key;
	return &m->vals[i];
}

static enum ctype_kind dw_kind(int tag)
{
	switch (tag) {
	case DW_TAG_base_type:		return CT_BASE;
	case DW_TAG_pointer_type:	return CT_POINTER;
	case DW_TAG_reference_type:	return CT_POINTER;
	case DW_TAG_rvalue_reference_type: return CT_POINTER;
	case DW_TAG_structure_type:	return CT_STRUCT;
	case DW_TAG_class_type:		return CT_STRUCT;
	case DW_TAG_union_type:		return CT_UNION;
	case DW_TAG_array_type:		return CT_ARRAY;
	case DW_TAG_enumeration_type:	return CT_ENUM;
	case DW_TAG_typedef:		return CT_TYPEDEF;
	case DW_TAG_const_type:		return CT_CONST;
	case DW_TAG_volatile_type:	return CT_VOLATILE;
	case DW_TAG_subroutine_type:	return CT_FUNC;
	default:			return CT_VOID;
	}
}

static void dw_base(Dwarf_Die *d, struct ctype *t)
{
	Dwarf_Attribute a;
	Dwarf_Word enc = 0;

	if (dwarf_attr(d, DW_AT_encoding, &a))
		dwarf_formudata(&a, &enc);
	t->is_signed = enc == DW_ATE_signed || enc == DW_ATE_signed_char;
	t->is_char = enc == DW_ATE_signed_char || enc == DW_ATE_unsigned_char;
	t->is_bool = enc == DW_ATE_boolean;
	t->is_float = enc == DW_ATE_float;
}

/* The element count of the subrange child number `dim` of an array. */
static int64_t dw_dim(Dwarf_Die *arr, int dim, bool *more)
{
	Dwarf_Die c;
	Dwarf_Attribute a;
	Dwarf_Word w;
	int i = 0;

	*more = false;
	if (dwarf_child(arr, &c) != 0)
		return -1;
	do {
		if (dwarf_tag(&c) != DW_TAG_subrange_type)
			continue;
		if (i++ < dim)
			continue;
		for (Dwarf_Die n = c; dwarf_siblingof(&n, &n) == 0;)
			if (dwarf_tag(&n) == DW_TAG_subrange_type)
				*more = true;
		if (dwarf_attr(&c, DW_AT_count, &a) &&
		    dwarf_formudata(&a, &w) == 0)
			return (int64_t)w;
		if (dwarf_attr(&c, DW_AT_upper_bound, &a) &&
		    dwarf_formudata(&a, &w) == 0)
			return (int64_t)w + 1;
		return -1;
	} while (dwarf_siblingof(&c, &c) == 0);
	return -1;
}

static struct ctype *dw_new_type(struct dw_file *f, Dwarf_Die *d)
{
	struct ctype *t = ARENA_NEW(f->s->arena, struct ctype);
	Dwarf_Attribute a;
	Dwarf_Word sz;

	t->kind = dw_kind(dwarf_tag(d));
	t->name = dw_name(f, d);
	t->origin = dwarf_dieoffset(d);
	t->be = &f->be;
	t->incomplete = dw_is_decl(d);
	if (dwarf_attr(d, DW_AT_byte_size, &a) && dwarf_formudata(&a, &sz) == 0)
		t->size = sz;
	else if (t->kind == CT_POINTER)
		t->size = 8;
	if (t->kind == CT_BASE)
		dw_base(d, t);
	if (t->kind == CT_STRUCT || t->kind == CT_UNION ||
	    t->kind == CT_ENUM) {
		t->decl_file = dw_file_name(f, dwarf_decl_file(d));
		t->decl_line = dw_decl_line(d);
	}
	return t;
}

struct ctype *dw_type(struct dw_file *f, uint64_t off)
{
	struct ctype **slot = dw_tmap_slot(&f->types, off);
	Dwarf_Die d;
	bool more;

	if (*slot)
		return *slot;
	if (!dwarf_offdie(f->dw, off, &d))
		return NULL;
	*slot = dw_new_type(f, &d);
	f->types.n++;
	if ((*slot)->kind == CT_ARRAY) {
		(*slot)->nelem = dw_dim(&d, 0, &more);
		(*slot)->origin2 = more ? 1 : 0;	/* dimension index */
	}
	return *slot;
}

/* An inner dimension of a multi-dimensional array: a synthetic node
 * sharing the array DIE, origin2 = dimension number. */
static struct ctype *dw_subarray(struct dw_file *f, struct ctype *t,
				 Dwarf_Die *d)
{
	struct ctype *sub = ARENA_NEW(f->s->arena, struct ctype);
	bool more;

	*sub = *t;
	sub->target_ = NULL;
	sub->target_loaded = false;
	sub->nelem = dw_dim(d, (int)t->origin2, &more);
	sub->origin2 = more ? t->origin2 + 1 : 0;
	sub->size = 0;
	return sub;
}

static void dw_load_target(void *arg, struct ctype *t)
{
	struct dw_file *f = arg;
	Dwarf_Die d, td;
	Dwarf_Attribute a;

	if (!dwarf_offdie(f->dw, t->origin, &d))
		return;
	if (t->kind == CT_ARRAY && t->origin2) {
		t->target_ = dw_subarray(f, t, &d);
		return;
	}
	if (dwarf_attr(&d, DW_AT_type, &a) && dwarf_formref_die(&a, &td))
		t->target_ = dw_type(f, dwarf_dieoffset(&td));
}

/* Member placement in ctyp.h's terms: the byte holding the first bit,
 * and the bit number from that byte's least significant bit. */
static void dw_member_place(Dwarf_Die *m, struct ctype_member *cm)
{
	Dwarf_Attribute a;
	Dwarf_Word loc = 0, bits = 0, bo = 0, bsz = 0, dbo;

	if (dwarf_attr(m, DW_AT_data_member_location, &a))
		dwarf_formudata(&a, &loc);
	cm->offset = loc;
	if (!dwarf_attr(m, DW_AT_bit_size, &a) || dwarf_formudata(&a, &bits))
		return;
	cm->bit_size = (int)bits;
	if (dwarf_attr(m, DW_AT_data_bit_offset, &a) &&
	    dwarf_formudata(&a, &dbo) == 0) {
		cm->offset = dbo / 8;
		cm->bit_offset = (int)(dbo % 8);
		return;
	}
	if (dwarf_attr(m, DW_AT_bit_offset, &a))
		dwarf_formudata(&a, &bo);
	if (dwarf_attr(m, DW_AT_byte_size, &a))
		dwarf_formudata(&a, &bsz);
	dbo = loc * 8 + bsz * 8 - bo - bits;
	cm->offset = dbo / 8;
	cm->bit_offset = (int)(dbo % 8);
}

static int dw_count_children(Dwarf_Die *d, int tag)
{
	Dwarf_Die c;
	int n = 0;

	if (dwarf_child(d, &c) != 0)
		return 0;
	do {
		n += dwarf_tag(&c) == tag;
	} while (dwarf_siblingof(&c, &c) == 0);
	return n;
}

static void dw_load_fields(struct dw_file *f, struct ctype *t, Dwarf_Die *d)
{
	int n = dw_count_children(d, DW_TAG_member), i = 0;
	Dwarf_Die c, td;
	Dwarf_Attribute a;

	t->members_ = arena_alloc(f->s->arena, (size_t)(n + 1) *
						sizeof(*t->members_));
	if (n == 0 || dwarf_child(d, &c) != 0)
		return;
	do {
		struct ctype_member *m = &t->members_[i];

		if (dwarf_tag(&c) != DW_TAG_member || i >= n)
			continue;
		m->name = dw_name(f, &c);
		if (dwarf_attr(&c, DW_AT_type, &a) && dwarf_formref_die(&a, &td))
			m->type = dw_type(f, dwarf_dieoffset(&td));
		dw_member_place(&c, m);
		i++;
	} while (dwarf_siblingof(&c, &c) == 0);
	t->nmembers_ = i;
}

static void dw_load_enums(struct dw_file *f, struct ctype *t, Dwarf_Die *d)
{
	int n = dw_count_children(d, DW_TAG_enumerator), i = 0;
	Dwarf_Die c;
	Dwarf_Attribute a;
	Dwarf_Sword v;

	t->enums_ = arena_alloc(f->s->arena, (size_t)(n + 1) *
					      sizeof(*t->enums_));
	if (n == 0 || dwarf_child(d, &c) != 0)
		return;
	do {
		if (dwarf_tag(&c) != DW_TAG_enumerator || i >= n)
			continue;
		t->enums_[i].name = dw_name(f, &c);
		if (dwarf_attr(&c, DW_AT_const_value, &a) &&
		    dwarf_formsdata(&a, &v) == 0)
			t->enums_[i].value = v;
		i++;
	} while (dwarf_siblingof(&c, &c) == 0);
	t->nenums_ = i;
}

/* A function type's parameter types (and whether it ends in "..."). */
static void dw_load_params(struct dw_file *f, struct ctype *t, Dwarf_Die *d)
{
	int n = dw_count_children(d, DW_TAG_formal_parameter), i = 0;
	Dwarf_Die c, td;
	Dwarf_Attribute a;

	t->members_ = arena_alloc(f->s->arena, (size_t)(n + 1) *
						sizeof(*t->members_));
	if (dwarf_child(d, &c) != 0)
		return;
	do {
		if (dwarf_tag(&c) == DW_TAG_unspecified_parameters)
			t->variadic = true;
		if (dwarf_tag(&c) != DW_TAG_formal_parameter || i >= n)
			continue;
		if (dwarf_attr(&c, DW_AT_type, &a) && dwarf_formref_die(&a, &td))
			t->members_[i].type = dw_type(f, dwarf_dieoffset(&td));
		i++;
	} while (dwarf_siblingof(&c, &c) == 0);
	t->nmembers_ = i;
}

static void dw_load_members(void *arg, struct ctype *t)
{
	struct dw_file *f = arg;
	Dwarf_Die d;

	if (!dwarf_offdie(f->dw, t->origin, &d))
		return;
	if (t->kind == CT_ENUM)
		dw_load_enums(f, t, &d);
	else if (t->kind == CT_FUNC)
		dw_load_params(f, t, &d);
	else
		dw_load_fields(f, t, &d);
}

/* A declaration-only aggregate takes over its definition's DIE. */
static void dw_complete(void *arg, struct ctype *t)
{
	struct dw_file *f = arg;
	struct ctype *def;
	uint64_t die;

	if (!f->find || !t->name)
		return;
	die = f->find(f->find_arg, t->kind, t->name);
	def = die ? dw_type(f, die) : NULL;
	if (!def || def->incomplete)
		return;
	t->origin = def->origin;
	t->size = def->size;
	t->decl_file = def->decl_file;
	t->decl_line = def->decl_line;
	t->incomplete = false;
}

static void dw_be_init(struct dw_file *f)
{
	f->be.load_target = dw_load_target;
	f->be.load_members = dw_load_members;
	f->be.complete = dw_complete;
	f->be.arg = f;
}

void dw_set_type_finder(struct dw_file *f,
			uint64_t (*find)(void *arg, int kind, const char *name),
			void *arg)
{
	f->find = find;
	f->find_arg = arg;
}

/* ---- globals (@var) ---- */

int dw_var_die(struct dw_file *f, uint64_t die, struct dw_var *out)
{
	Dwarf_Die d, t;
	Dwarf_Attribute a;

	memset(out, 0, sizeof(*out));
	if (!dwarf_offdie(f->dw, die, &d) || dwarf_tag(&d) != DW_TAG_variable)
		return -1;
	out->name = dw_name(f, &d);
	if (dwarf_attr_integrate(&d, DW_AT_type, &a) &&
	    dwarf_formref_die(&a, &t))
		out->type = dw_type(f, dwarf_dieoffset(&t));
	dw_var_loc(f, &d, 0, out);
	return 0;
}

/* ---- ELF ---- */

/* A module's symbols, relocated into libdwfl's layout. */
static int dw_rel_symbols(struct dw_file *f,
			  void (*cb)(void *arg, const struct dw_sym *sym),
			  void *arg)
{
	int i, n = dwfl_module_getsymtab(f->mod), k = 0;
	size_t shstr;

	if (n < 0 || elf_getshdrstrndx(f->elf, &shstr) != 0)
		return -1;
	for (i = 1; i < n; i++) {
		GElf_Sym sym;
		GElf_Addr addr;
		GElf_Word shndx;
		Elf *elf;
		Dwarf_Addr bias;
		struct dw_sym out = { 0 };
		const char *name = dwfl_module_getsym_info(f->mod, i, &sym, &addr,
							   &shndx, &elf, &bias);
		Elf_Scn *sec;
		GElf_Shdr ss;

		if (!name || !*name || shndx == SHN_UNDEF ||
		    (GELF_ST_TYPE(sym.st_info) != STT_FUNC &&
		     GELF_ST_TYPE(sym.st_info) != STT_OBJECT))
			continue;
		sec = elf_getscn(elf, shndx);
		if (sec && gelf_getshdr(sec, &ss))
			out.section = elf_strptr(elf, shstr, ss.sh_name);
		out.name = name;
		out.addr = addr;
		out.size = sym.st_size;
		out.is_func = GELF_ST_TYPE(sym.st_info) == STT_FUNC;
		cb(arg, &out);
		k++;
	}
	return k;
}

int dw_symbols(struct dw_file *f,
	       void (*cb)(void *arg, const struct dw_sym *sym), void *arg)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t shstr, i, n = 0;

	if (f->is_rel)
		return dw_rel_symbols(f, cb, arg);
	if (elf_getshdrstrndx(f->elf, &shstr) != 0)
		return -1;
	while ((scn = elf_nextscn(f->elf, scn))) {
		Elf_Data *data;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB ||
		    !(data = elf_getdata(scn, NULL)))
			continue;
		for (i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;
			GElf_Shdr ss;
			struct dw_sym out = { 0 };
			Elf_Scn *sec;

			if (!gelf_getsym(data, (int)i, &sym) ||
			    sym.st_shndx == SHN_UNDEF ||
			    sym.st_shndx >= SHN_LORESERVE)
				continue;
			out.name = elf_strptr(f->elf, sh.sh_link, sym.st_name);
			if (!out.name || !*out.name)
				continue;
			sec = elf_getscn(f->elf, sym.st_shndx);
			if (sec && gelf_getshdr(sec, &ss))
				out.section = elf_strptr(f->elf, shstr,
							 ss.sh_name);
			out.addr = sym.st_value;
			out.size = sym.st_size;
			out.is_func = GELF_ST_TYPE(sym.st_info) == STT_FUNC;
			cb(arg, &out);
			n++;
		}
	}
	return (int)n;
}

int dw_sections(struct dw_file *f,
		void (*cb)(void *arg, const struct dw_section *sec), void *arg)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t shstr;
	int n = 0;

	if (elf_getshdrstrndx(f->elf, &shstr) != 0)
		return -1;
	while ((scn = elf_nextscn(f->elf, scn))) {
		struct dw_section sec;

		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) ||
		    !(sh.sh_flags & SHF_EXECINSTR))
			continue;
		sec.name = elf_strptr(f->elf, shstr, sh.sh_name);
		sec.addr = sh.sh_addr;
		sec.size = sh.sh_size;
		if (sec.name)
			cb(arg, &sec), n++;
	}
	return n;
}

int dw_read(struct dw_file *f, uint64_t addr, void *buf, uint64_t n)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(f->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
		    !(sh.sh_flags & SHF_ALLOC) || addr < sh.sh_addr ||
		    addr + n > sh.sh_addr + sh.sh_size)
			continue;
		if (pread(f->fd, buf, n, (off_t)(sh.sh_offset + addr -
						 sh.sh_addr)) == (ssize_t)n)
			return 0;
		return -1;
	}
	return -1;
}
