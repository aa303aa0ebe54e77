/* kmod_tp.c - the tracepoints of kernel modules, from their ELF files
 * (pass 2, for kernel.trace).
 *
 * A module's tracepoints are its __traceiter_NAME symbols; the system of
 * one is the TRACE_SYSTEM string its event_NAME points to through its
 * class (.class, then .system).  A module is relocatable, so those
 * pointers are relocations (.rela.data and friends): symbol + addend,
 * followed here by hand.  Only section headers, the symbol table and a
 * few relocations are read (the file is mapped), so the 1,100 modules of
 * a cloud kernel scan in moments; kernel.trace caches the result per
 * kernel build-id.  Plain <elf.h> structs: no libelf.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kmod_tp.h"

struct kmt_elf {
	const unsigned char *p;
	size_t size;
	const Elf64_Shdr *sh;
	int nsh;
	const Elf64_Sym *sym;
	size_t nsym;
	const char *str;
	size_t strsize;
};

static bool kmt_in(const struct kmt_elf *e, uint64_t off, uint64_t n)
{
	return off <= e->size && n <= e->size - off;
}

static bool kmt_open(struct kmt_elf *e)
{
	const Elf64_Ehdr *h = (const void *)e->p;
	const Elf64_Shdr *st;
	int i;

	if (e->size < sizeof(*h) || memcmp(h->e_ident, ELFMAG, SELFMAG) ||
	    h->e_ident[EI_CLASS] != ELFCLASS64 || h->e_type != ET_REL ||
	    !kmt_in(e, h->e_shoff, (uint64_t)h->e_shnum * sizeof(Elf64_Shdr)))
		return false;
	e->sh = (const void *)(e->p + h->e_shoff);
	e->nsh = h->e_shnum;
	for (i = 0; i < e->nsh; i++)
		if (e->sh[i].sh_type == SHT_SYMTAB)
			break;
	if (i == e->nsh || e->sh[i].sh_link >= (unsigned)e->nsh)
		return false;
	st = &e->sh[e->sh[i].sh_link];
	if (!kmt_in(e, e->sh[i].sh_offset, e->sh[i].sh_size) ||
	    !kmt_in(e, st->sh_offset, st->sh_size))
		return false;
	e->sym = (const void *)(e->p + e->sh[i].sh_offset);
	e->nsym = e->sh[i].sh_size / sizeof(Elf64_Sym);
	e->str = (const char *)e->p + st->sh_offset;
	e->strsize = st->sh_size;
	return true;
}

static const char *kmt_name(const struct kmt_elf *e, const Elf64_Sym *s)
{
	return s->st_name < e->strsize ? e->str + s->st_name : "";
}

static const Elf64_Sym *kmt_sym(const struct kmt_elf *e, const char *name)
{
	size_t i;

	for (i = 1; i < e->nsym; i++)
		if (e->sym[i].st_shndx != SHN_UNDEF &&
		    !strcmp(kmt_name(e, &e->sym[i]), name))
			return &e->sym[i];
	return NULL;
}

/* Where the pointer at (section, off) points: *sec and *at, from the
 * relocation that fills it.  False when there is none. */
static bool kmt_reloc(const struct kmt_elf *e, unsigned sec, uint64_t off,
		      unsigned *tsec, uint64_t *at)
{
	int i;
	size_t k, n;

	for (i = 0; i < e->nsh; i++) {
		const Elf64_Shdr *r = &e->sh[i];
		const Elf64_Rela *v;

		if (r->sh_type != SHT_RELA || r->sh_info != sec ||
		    !kmt_in(e, r->sh_offset, r->sh_size))
			continue;
		v = (const void *)(e->p + r->sh_offset);
		n = r->sh_size / sizeof(*v);
		for (k = 0; k < n; k++) {
			const Elf64_Sym *s;

			if (v[k].r_offset != off ||
			    ELF64_R_SYM(v[k].r_info) >= e->nsym)
				continue;
			s = &e->sym[ELF64_R_SYM(v[k].r_info)];
			*tsec = s->st_shndx;
			*at = s->st_value + (uint64_t)v[k].r_addend;
			return *tsec > 0 && *tsec < (unsigned)e->nsh;
		}
	}
	return false;
}

/* event_NAME -> class -> system string, or NULL. */
static const char *kmt_system(const struct kmt_elf *e, const char *name,
			      const struct kmt_layout *lay, char *buf,
			      size_t bufsz)
{
	const Elf64_Sym *ev;
	unsigned sec;
	uint64_t at;
	const Elf64_Shdr *s;
	size_t i;

	snprintf(buf, bufsz, "event_%s", name);
	ev = kmt_sym(e, buf);
	if (!ev || ev->st_shndx >= e->nsh ||
	    !kmt_reloc(e, ev->st_shndx, ev->st_value + lay->class_off, &sec,
		       &at) ||
	    !kmt_reloc(e, sec, at + lay->system_off, &sec, &at))
		return NULL;
	s = &e->sh[sec];
	if (s->sh_type != SHT_PROGBITS || at >= s->sh_size)
		return NULL;
	for (i = 0; i + 1 < bufsz && at + i < s->sh_size; i++)
		if (!(buf[i] = (char)e->p[s->sh_offset + at + i]))
			return i ? buf : NULL;
	return NULL;
}

int kmt_scan(const char *path, const struct kmt_layout *lay,
	     void (*cb)(void *arg, const char *name, const char *system),
	     void *arg)
{
	struct kmt_elf e = { 0 };
	struct stat st;
	char buf[256];
	size_t i;
	int fd = open(path, O_RDONLY), n = 0;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || st.st_size <= 0) {
		close(fd);
		return -1;
	}
	e.size = (size_t)st.st_size;
	e.p = mmap(NULL, e.size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (e.p == MAP_FAILED)
		return -1;
	if (kmt_open(&e))
		for (i = 1; i < e.nsym; i++) {
			const char *nm = kmt_name(&e, &e.sym[i]);

			if (e.sym[i].st_shndx == SHN_UNDEF ||
			    ELF64_ST_TYPE(e.sym[i].st_info) != STT_FUNC ||
			    strncmp(nm, "__traceiter_", 12))
				continue;
			cb(arg, nm + 12, kmt_system(&e, nm + 12, lay, buf,
						    sizeof(buf)));
			n++;
		}
	munmap((void *)e.p, e.size);
	return n;
}
