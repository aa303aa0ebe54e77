/* dwindex_fmt.h - the index file's layout, shared by its writer
 * (dwindex_build.c) and its reader (dwindex.c); nothing else sees it. */
#ifndef STAP_DWINDEX_FMT_H
#define STAP_DWINDEX_FMT_H

#include <stdint.h>

#include "dwindex.h"

#define DWX_MAGIC "STAPDWX"
#define DWX_VERSION 8

struct dwx_hdr {
	char magic[8];
	uint32_t version;
	uint32_t nfunc, nname, nfile, ntype, nsym, nfsym, nbl, nsect, nfentry,
		 nunit, ngvar, nmcount;
	uint64_t off_str, off_func, off_name, off_file, off_fidx, off_type,
		 off_sym, off_saddr, off_bl, off_sect, off_fentry, off_unit,
		 off_gvar, off_mcount, len_str, total;
	char build_id[72];
};

struct dwx_func_rec {
	uint32_t name, file, line, flags, die, cu;
	uint64_t entry, low, high;
};

struct dwx_span {			/* names and files */
	uint32_t name, first, count;
};

struct dwx_type_rec {
	uint32_t name, kind, die;
};

struct dwx_sym_rec {
	uint32_t name, flags;		/* flags: sect | is_func << 8 */
	uint64_t addr, size;
};

struct dwx_unit_rec {
	uint32_t name, die;
};

struct dwx_gvar_rec {
	uint32_t name, cu, die, is_decl;
};

struct dwx_sect_rec {
	uint64_t addr, end;
	uint64_t sect;			/* enum dwx_sect */
};

struct dwx {
	struct session *s;
	const char *path;
	const unsigned char *map;
	size_t maplen;
	const struct dwx_hdr *h;
	const char *str;
	const struct dwx_func_rec *funcs;
	const struct dwx_span *names, *files;
	const uint32_t *fidx, *saddr, *fentry;
	const struct dwx_type_rec *types;
	const struct dwx_sym_rec *syms;
	const uint64_t *bl, *mcount;
	const struct dwx_sect_rec *sects;
	const struct dwx_unit_rec *units;
	const struct dwx_gvar_rec *gvars;
	struct dw_file *dw;
	const char **name_list;		/* dwx_func_names, made once */
	const char **sym_list;		/* dwx_func_sym_names, made once */
	int nsym_list;
};

/* Write the index of f (path: for a second scanning handle) to out. */
int dwx_build(struct session *s, struct dw_file *f, const char *path,
	      const char *out, const char **err);

#endif
