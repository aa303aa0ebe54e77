/* tg_cty.c - tests of stap/ctypes.c: C spellings, member chains, values
 * of every kind of scalar, bitfields, arrays, pointer arithmetic,
 * addresses, stores, faults, and SystemTap's error messages. */
#include <string.h>
#include <time.h>

#include "tg.h"

/* A small kernel: the types, then where test objects sit in mem. */
static struct ctype *u8, *s8, *chr, *u16, *s16, *u32, *s32, *u64, *s64,
	*ulong, *boolt, *sizet, *loff, *voidp, *dbl, *i128;
static struct ctype *qstr, *dentry, *path, *atomic, *file, *fops, *task,
	*flags, *inode_decl, *inode, *pair, *empty, *readfn, *e_u, *e_s;

static void kernel_types(void)
{
	struct ctype *hl, *anon_u, *fu, *m34;

	u8 = tg_char("unsigned char", false);
	s8 = tg_char("signed char", true);
	chr = tg_char("char", true);
	u16 = tg_base("short unsigned int", 2, false);
	s16 = tg_base("short int", 2, true);
	u32 = tg_base("unsigned int", 4, false);
	s32 = tg_base("int", 4, true);
	u64 = tg_base("long long unsigned int", 8, false);
	s64 = tg_base("long long int", 8, true);
	ulong = tg_base("long unsigned int", 8, false);
	boolt = tg_bool();
	sizet = tg_typedef("size_t", ulong);
	loff = tg_typedef("loff_t", s64);
	voidp = tg_ptr(NULL);
	dbl = tg_base("double", 8, true);
	dbl->is_float = true;
	i128 = tg_base("__int128", 16, true);

	/* struct qstr { union { struct { u32 hash; u32 len; }; u64 hash_len; };
	 *               const unsigned char *name; } */
	hl = tg_struct(CT_STRUCT, NULL, 8, "include/linux/dcache.h", 50);
	tg_mem(hl, "hash", tg_typedef("u32", u32), 0);
	tg_mem(hl, "len", tg_typedef("u32", u32), 4);
	anon_u = tg_struct(CT_UNION, NULL, 8, "include/linux/dcache.h", 49);
	tg_mem(anon_u, NULL, hl, 0);
	tg_mem(anon_u, "hash_len", tg_typedef("u64", u64), 0);
	qstr = tg_struct(CT_STRUCT, "qstr", 16, "include/linux/dcache.h", 49);
	tg_mem(qstr, NULL, anon_u, 0);
	tg_mem(qstr, "name", tg_ptr(tg_qual(CT_CONST, u8)), 8);

	dentry = tg_struct(CT_STRUCT, "dentry", 96, "include/linux/dcache.h", 82);
	tg_mem(dentry, "d_flags", u32, 0);
	tg_mem(dentry, "d_parent", tg_ptr(dentry), 24);
	tg_mem(dentry, "d_name", qstr, 32);
	tg_mem(dentry, "d_iname", tg_arr(u8, 32), 56);

	path = tg_struct(CT_STRUCT, "path", 16, "include/linux/path.h", 8);
	tg_mem(path, "mnt", voidp, 0);
	tg_mem(path, "dentry", tg_ptr(dentry), 8);

	atomic = tg_struct(CT_STRUCT, NULL, 4, "include/linux/types.h", 174);
	tg_mem(atomic, "counter", s32, 0);

	inode_decl = tg_struct(CT_STRUCT, "inode", 0, NULL, 0);
	inode_decl->incomplete = true;
	inode = tg_struct(CT_STRUCT, "inode", 16, "include/linux/fs.h", 600);
	tg_mem(inode, "i_mode", s16, 0);
	tg_mem(inode, "i_ino", ulong, 8);

	readfn = tg_func(tg_typedef("ssize_t", tg_base("long int", 8, true)), 4,
			 tg_ptr(NULL), tg_ptr(chr), sizet, tg_ptr(loff));
	fops = tg_struct(CT_STRUCT, "file_operations", 16, "include/linux/fs.h", 2093);
	tg_mem(fops, "owner", voidp, 0);
	tg_mem(fops, "read", tg_ptr(readfn), 8);

	fu = tg_struct(CT_UNION, NULL, 8, "include/linux/fs.h", 949);
	tg_mem(fu, "f_llist", voidp, 0);
	tg_mem(fu, "f_iocb_flags", u32, 0);
	file = tg_struct(CT_STRUCT, "file", 80, "include/linux/fs.h", 948);
	tg_mem(file, NULL, fu, 0);
	tg_mem(file, "f_path", path, 16);
	tg_mem(file, "f_inode", tg_ptr(inode_decl), 32);
	tg_mem(file, "f_op", tg_ptr(tg_qual(CT_CONST, fops)), 40);
	tg_mem(file, "f_count", tg_typedef("atomic_t", atomic), 48);
	tg_mem(file, "f_flags", u32, 52);
	tg_mem(file, "f_mode", tg_typedef("fmode_t", u32), 56);
	tg_mem(file, "f_pos", loff, 64);
	tg_mem(file, "private_data", voidp, 72);

	e_u = tg_enum("skb_drop_reason", 4, 2, "SKB_NOT_DROPPED_YET", 0,
		      "SKB_DROP_REASON_NOT_SPECIFIED", 2);
	e_s = tg_enum("signed_e", 4, 2, "NEG", -1, "POS", 1);

	/* 3 x 4 ints, the inner dimension without a size as the reader
	 * makes it */
	m34 = tg_arr(tg_arr(s32, 4), 3);
	task = tg_struct(CT_STRUCT, "task_struct", 128, "include/linux/sched.h", 737);
	tg_mem(task, "pid", s32, 0);
	tg_mem(task, "comm", tg_arr(chr, 16), 8);
	tg_mem(task, "parent", tg_ptr(task), 24);
	tg_mem(task, "state", tg_base("long int", 8, true), 32);
	tg_mem(task, "s", s16, 40);
	tg_mem(task, "sc", s8, 42);
	tg_mem(task, "b", boolt, 43);
	tg_mem(task, "reason", e_u, 44);
	tg_mem(task, "sreason", e_s, 48);
	tg_mem(task, "m", m34, 52);
	tg_mem(task, "d", dbl, 104);
	tg_mem(task, "big", i128, 112);

	/* bitfields as the reader places them: byte of the first bit, bit */
	flags = tg_struct(CT_STRUCT, "flags", 16, "include/linux/x.h", 1);
	tg_bits(flags, "a", u32, 0, 0, 1);
	tg_bits(flags, "b", u32, 0, 1, 3);
	tg_bits(flags, "c", s32, 0, 4, 5);	/* bits 4-8: spans 2 bytes */
	tg_bits(flags, "d", u8, 1, 1, 2);
	tg_bits(flags, "big", u64, 2, 3, 40);	/* bits 19-58 */
	tg_bits(flags, "wide", s64, 8, 4, 52);	/* bits 68-119: 7 bytes */
	tg_mem(flags, "tail", u8, 15);

	pair = tg_struct(CT_STRUCT, "pair", 8, "x.h", 2);
	tg_mem(pair, "lo", s32, 0);
	tg_mem(pair, "hi", s32, 4);
	empty = tg_struct(CT_STRUCT, "empty", 0, "x.h", 3);
}

/* ---- bases ---- */

static struct loc_result at(const char *addr)
{
	return (struct loc_result){ .kind = LOC_MEMORY, .setup = "", .expr = addr };
}

static struct loc_result regloc(unsigned reg)
{
	struct loc_env e = tg_env();
	struct loc_op o[] = { OP(DW_OP_reg0 + reg) };

	return tg_loc(&e, o, 1);
}

static struct loc_result value(const char *expr)
{
	return (struct loc_result){ .kind = LOC_VALUE, .setup = "", .expr = expr };
}

/* ---- running ---- */

static void acc_run(const char *name, struct tg_acc acc, const char *prep,
		    int64_t want, const char *want_err, const char *post)
{
	struct loc_env e = tg_env();
	const char *err, *code;

	e.uniq = 100;
	code = tg_gen(&e, &acc, &err, NULL);
	if (!code) {
		tg_ok(false, name);
		printf("  error: %s\n", err);
		return;
	}
	tg_run(&(struct tg_run){ .name = name, .prep = prep, .code = code,
				 .want = want, .want_err = want_err, .post = post });
}

/* As acc_run, the wanted value a C expression (an address). */
static void acc_addr(const char *name, struct tg_acc acc, const char *prep,
		     const char *want)
{
	struct loc_env e = tg_env();
	const char *err, *code;

	code = tg_gen(&e, &acc, &err, NULL);
	if (!code) {
		tg_ok(false, name);
		printf("  error: %s\n", err);
		return;
	}
	tg_run(&(struct tg_run){ .name = name, .prep = prep, .code = code,
				 .want_expr = want });
}

static void acc_err(const char *name, struct tg_acc acc, const char *want,
		    int want_comp)
{
	struct loc_env e = tg_env();
	const char *err, *code;
	int comp = -2;

	code = tg_gen(&e, &acc, &err, &comp);
	if (code) {
		tg_ok(false, name);
		printf("  generated, wanted error [%s]\n", want);
		return;
	}
	tg_eq(err, want, name);
	tg_ok(comp == want_comp, arena_printf(tg_a, "%s: about component %d (got %d)",
					      name, want_comp, comp));
}

#define FILE_AT "tregs.di = M(0x100);"
/* a file at 0x100, its path's dentry at 0x300, the name at 0x400 */
#define FILE_WORLD FILE_AT " W64(0x118, M(0x300)); W64(0x320, 0x0000000400000007ULL);" \
	" W64(0x328, M(0x400)); WS(0x400, \"vmlinuz\"); W32(0x134, 0x8002);"      \
	" W32(0x130, 3); W64(0x140, -5); W32(0x100, 0x77);"

static void test_names(void)
{
	struct ctype *pl = tg_struct(CT_STRUCT, "poll_list", 16, "x.h", 1);
	struct ctype *fn = tg_func(tg_base("int", 4, true), 1, voidp);
	struct ctype *vfn = tg_func(NULL, 0);
	struct ctype *vf = tg_func(s32, 1, tg_ptr(tg_qual(CT_CONST, chr)));
	struct ctype *anon_e = tg_enum(NULL, 4, 0);

	vf->variadic = true;
	tg_eq(cty_name(tg_a, u32), "unsigned int", "name: base");
	tg_eq(cty_name(tg_a, tg_ptr(chr)), "char*", "name: char*");
	tg_eq(cty_name(tg_a, tg_ptr(tg_qual(CT_CONST, chr))), "char const*",
	      "name: pointer to const char");
	tg_eq(cty_name(tg_a, tg_qual(CT_CONST, tg_ptr(pl))), "struct poll_list* const",
	      "name: const pointer");
	tg_eq(cty_name(tg_a, tg_ptr(file)), "struct file*", "name: struct pointer");
	tg_eq(cty_name(tg_a, sizet), "size_t", "name: typedef");
	tg_eq(cty_name(tg_a, tg_ptr(loff)), "loff_t*", "name: pointer to typedef");
	tg_eq(cty_name(tg_a, tg_arr(tg_base("long int", 8, true), 32)), "long int[]",
	      "name: arrays show no size");
	tg_eq(cty_name(tg_a, tg_arr(tg_ptr(chr), 4)), "char*[]", "name: array of pointers");
	tg_eq(cty_name(tg_a, tg_ptr(fn)), "int (*) (void*)", "name: function pointer");
	tg_eq(cty_name(tg_a, tg_ptr(vfn)), "void (*) (void)", "name: void (*) (void)");
	tg_eq(cty_name(tg_a, tg_ptr(vf)), "int (*) (char const*, ...)",
	      "name: variadic function pointer");
	tg_eq(cty_name(tg_a, readfn), "ssize_t () (void*, char*, size_t, loff_t*)",
	      "name: function type");
	tg_eq(cty_name(tg_a, voidp), "void*", "name: void*");
	tg_eq(cty_name(tg_a, NULL), "void", "name: void");
	tg_eq(cty_name(tg_a, atomic), "struct {...}", "name: anonymous struct");
	tg_eq(cty_name(tg_a, e_u), "enum skb_drop_reason", "name: enum");
	tg_eq(cty_name(tg_a, anon_e), "enum {...}", "name: anonymous enum");
	tg_eq(cty_name(tg_a, tg_struct(CT_UNION, NULL, 8, NULL, 0)), "union {...}",
	      "name: anonymous union");
	tg_eq(cty_name(tg_a, tg_qual(CT_VOLATILE, s32)), "int volatile", "name: volatile");
}

static void test_scalars(void)
{
	struct tg_acc a = { .loc = at("M(0x100)"), .type = task };

	acc_run("int, negative", (a.chain = "->pid", a), "W32(0x100, -7);", -7, NULL, NULL);
	acc_run("short, negative", (a.chain = "->s", a), "W16(0x128, -300);", -300, NULL, NULL);
	acc_run("signed char", (a.chain = "->sc", a), "W8(0x12a, 0x80);", -128, NULL, NULL);
	acc_run("bool", (a.chain = "->b", a), "W8(0x12b, 1);", 1, NULL, NULL);
	acc_run("long", (a.chain = "->state", a), "W64(0x120, -2);", -2, NULL, NULL);
	acc_run("enum (unsigned)", (a.chain = "->reason", a), "W32(0x12c, 0xfffffffe);",
		0xfffffffe, NULL, NULL);
	acc_run("enum with a negative enumerator", (a.chain = "->sreason", a),
		"W32(0x130, 0xffffffff);", -1, NULL, NULL);
	acc_run("char of an array, signed", (a.chain = "->comm[2]", a),
		"WS(0x108, \"ab\\xe9\");", -23, NULL, NULL);
	acc_addr("array decays to its address", (a.chain = "->comm", a), "", "M(0x108)");
	acc_run("double: the raw bits", (a.chain = "->d", a), "W64(0x168, 0x4000000000000000);",
		0x4000000000000000, NULL, NULL);
	a.type = tg_ptr(task);
	a.loc = regloc(5);
	acc_run("through a pointer in a register", (a.chain = "->state", a),
		"tregs.di = M(0x100); W64(0x120, 99);", 99, NULL, NULL);
	a.type = u32;
	acc_run("unsigned int in a register: zero-extended", (a.chain = NULL, a),
		"tregs.di = 0xffffffff80000001;", 0x80000001, NULL, NULL);
	a.type = s32;
	acc_run("int in a register: sign-extended", a, "tregs.di = 0x12345678fffffff0;", -16,
		NULL, NULL);
	a.type = s8;
	acc_run("signed char in a register", a, "tregs.di = 0x1ff;", -1, NULL, NULL);
	a.type = s32;
	a.loc = value("0xfffffffbULL");
	acc_run("int computed (stack_value)", a, "", -5, NULL, NULL);
	a.type = dbl;
	a.loc = at("M(0x10)");
	acc_run("double variable", a, "W64(0x10, 0x3ff0000000000000);", 0x3ff0000000000000,
		NULL, NULL);
}

static void test_chains(void)
{
	struct tg_acc a = { .loc = regloc(5), .type = tg_ptr(file) };

	acc_addr("$file->f_path->dentry->d_name->name", (a.chain = "->f_path->dentry->d_name->name", a),
		 FILE_WORLD, "M(0x400)");
	acc_run("$file->f_path->dentry->d_name->len (anonymous struct in union)",
		(a.chain = "->f_path->dentry->d_name->len", a), FILE_WORLD, 4, NULL, NULL);
	acc_run("->hash", (a.chain = "->f_path->dentry->d_name->hash", a), FILE_WORLD, 7, NULL, NULL);
	acc_run("->hash_len", (a.chain = "->f_path->dentry->d_name->hash_len", a), FILE_WORLD,
		0x0000000400000007LL, NULL, NULL);
	acc_run(".f_path.dentry", (a.chain = "->f_path.dentry->d_name.hash", a), FILE_WORLD, 7,
		NULL, NULL);
	acc_run("anonymous union member ->f_iocb_flags", (a.chain = "->f_iocb_flags", a),
		FILE_WORLD, 0x77, NULL, NULL);
	acc_run("typedef'd anonymous struct ->f_count->counter",
		(a.chain = "->f_count->counter", a), FILE_WORLD, 3, NULL, NULL);
	acc_run("typedef'd unsigned ->f_mode", (a.chain = "->f_mode", a),
		FILE_AT " W32(0x138, 0x1f);", 0x1f, NULL, NULL);
	acc_run("loff_t ->f_pos", (a.chain = "->f_pos", a), FILE_WORLD, -5, NULL, NULL);
	acc_run("NULL file: fault at 0x18", (a.chain = "->f_path->dentry->d_flags", a),
		"tregs.di = 0;", 0, "kernel read fault at 0x0000000000000018 [man error::fault]",
		NULL);
	acc_run("faulting dentry", (a.chain = "->f_path->dentry->d_flags", a),
		FILE_AT " W64(0x118, M(TV_MEM + 64));", 0, "kernel read fault at 0x", NULL);
	acc_run("const pointer to const struct ->f_op->read", (a.chain = "->f_op->read", a),
		FILE_AT " W64(0x128, M(0x500)); W64(0x508, 0xffffffff81234567);",
		(int64_t)0xffffffff81234567, NULL, NULL);
	/* a declaration-only struct is completed through the backend */
	inode_decl->incomplete = true;
	acc_run("f_inode->i_ino through an incomplete type", (a.chain = "->f_inode->i_ino", a),
		FILE_AT " W64(0x120, M(0x600)); W64(0x608, 12);", 12, NULL, NULL);
	a.type = tg_ptr(tg_ptr(path));
	acc_run("-> through two pointers", (a.chain = "->dentry->d_flags", a),
		"tregs.di = M(0x10); W64(0x10, M(0x20)); W64(0x28, M(0x300)); W32(0x300, 9);",
		9, NULL, NULL);
	a.type = file;
	a.loc = at("(uint64_t)STAP_ARG_pointer");
	acc_run("@cast: a memory base", (a.chain = "->f_flags", a),
		"uint64_t STAP_ARG_pointer = M(0x100); W32(0x134, 0x8001);", 0x8001, NULL, NULL);
}

static void test_indexes(void)
{
	struct tg_acc a = { .loc = at("M(0x100)"), .type = task };

	acc_run("2-d array m[2][1]", (a.chain = "->m[2][1]", a), "W32(0x100 + 52 + 36, -9);", -9,
		NULL, NULL);
	acc_run("run-time index", (a.chain = "->comm[index1]", a),
		"int64_t STAP_ARG_index1 = 3; WS(0x108, \"abcd\");", 'd', NULL, NULL);
	acc_run("two run-time indexes", (a.chain = "->m[index1][index2]", a),
		"int64_t STAP_ARG_index1 = 1, STAP_ARG_index2 = 2; W32(0x100 + 52 + 24, 31);",
		31, NULL, NULL);
	a.type = tg_ptr(s32);
	a.loc = regloc(4);
	acc_run("pointer arithmetic p[2]", (a.chain = "[2]", a),
		"tregs.si = M(0x10); W32(0x18, 1234);", 1234, NULL, NULL);
	acc_run("p[-1]", (a.chain = "[-1]", a), "tregs.si = M(0x10); W32(0xc, -1234);", -1234,
		NULL, NULL);
	a.type = tg_ptr(task);
	acc_run("tasks[1]->pid: struct element size", (a.chain = "[1]->pid", a),
		"tregs.si = M(0x100); W32(0x180, 42);", 42, NULL, NULL);
	acc_run("p[index0] in a register pointer", (a.chain = "[index0].pid", a),
		"int64_t STAP_ARG_index0 = 2; tregs.si = M(0x100); W32(0x200, 43);", 43, NULL, NULL);
	a.type = pair;
	a.loc = regloc(5);
	acc_run("a struct in a register ->hi", (a.chain = "->hi", a),
		"tregs.di = 0xfffffffe00000001;", -2, NULL, NULL);
}

static void test_addresses(void)
{
	struct tg_acc a = { .loc = at("M(0x100)"), .type = task, .addr_of = true };

	acc_addr("&$task->comm[3]", (a.chain = "->comm[3]", a), "", "M(0x10b)");
	acc_addr("&$task", (a.chain = NULL, a), "", "M(0x100)");
	acc_addr("&$task->m[1][1]", (a.chain = "->m[1][1]", a), "", "M(0x100 + 52 + 20)");
	a.type = tg_ptr(file);
	a.loc = regloc(5);
	acc_addr("&$file->f_path", (a.chain = "->f_path", a), FILE_AT, "M(0x110)");
	acc_addr("&$file->f_path->dentry->d_iname[2]", (a.chain = "->f_path->dentry->d_iname[2]", a),
		 FILE_WORLD, "M(0x300 + 56 + 2)");
	a.addr_of = false;
	a.type = readfn;
	a.loc = at("M(0x40)");
	acc_addr("a function's value is its address", (a.chain = NULL, a), "", "M(0x40)");
}

static void test_bitfields(void)
{
	struct tg_acc a = { .loc = at("M(0x10)"), .type = flags };
	/* byte 0: a=1 b=5 c(low 3 bits)...; c = -3 (5 bits 11101) */
	const char *prep = "W8(0x10, 0x01 | (5 << 1) | (0x1d << 4)); W8(0x11, 0x01 | (2 << 1));"
			   " W64(0x12, 0x0123456789ULL << 3);"
			   " W64(0x18, (uint64_t)-5 << 4); W8(0x1f, 0xaa);";

	acc_run("1-bit field", (a.chain = "->a", a), prep, 1, NULL, NULL);
	acc_run("3-bit field", (a.chain = "->b", a), prep, 5, NULL, NULL);
	acc_run("signed 5-bit field over two bytes", (a.chain = "->c", a), prep, -3, NULL, NULL);
	acc_run("2-bit char field", (a.chain = "->d", a), prep, 2, NULL, NULL);
	acc_run("40-bit field", (a.chain = "->big", a), prep, 0x0123456789LL, NULL, NULL);
	acc_run("signed 52-bit field", (a.chain = "->wide", a), prep, -5, NULL, NULL);
	acc_run("the byte after the fields", (a.chain = "->tail", a), prep, 0xaa, NULL, NULL);
	a.loc = regloc(5);
	acc_run("bitfield of a struct in a register", (a.chain = "->c", a),
		"tregs.di = 0x1d << 4;", -3, NULL, NULL);
}

static void test_stores(void)
{
	struct tg_acc a = { .loc = at("M(0x10)"), .type = flags, .store = "STAP_ARG_value" };
	struct tg_acc t = { .loc = at("M(0x100)"), .type = task, .store = "STAP_ARG_value" };

	acc_run("store into a 3-bit field keeps its neighbours", (a.chain = "->b", a),
		"int64_t STAP_ARG_value = 6; W8(0x10, 0xff);", 6, NULL,
		"\ttv_check_mem(\"b := 6\", 0x10, 0xfd);");
	acc_run("store into a field over two bytes", (a.chain = "->c", a),
		"int64_t STAP_ARG_value = -1; W8(0x10, 0x0f); W8(0x11, 0xf0);", -1, NULL,
		"\ttv_check_mem(\"c := -1\", 0x10, 0xf1ff);");
	acc_run("store into a 40-bit field (6 bytes, byte by byte)", (a.chain = "->big", a),
		"int64_t STAP_ARG_value = 0xffffffffff; W64(0x10, 0);", 0xffffffffff, NULL,
		"\ttv_check_mem(\"big := all ones\", 0x10, 0xffffffffffULL << 19);");
	acc_run("store an int", (t.chain = "->pid", t), "int64_t STAP_ARG_value = -3;", -3, NULL,
		"\ttv_check_mem(\"pid := -3\", 0x100, 0xfffffffd);");
	acc_run("store a short truncates", (t.chain = "->s", t),
		"int64_t STAP_ARG_value = 0x12345;", 0x12345, NULL,
		"\ttv_check_mem(\"s := 0x2345\", 0x128, 0x2345);");
	t.loc = at("M(TV_MEM + 8)");
	acc_run("store fault", (t.chain = "->pid", t), "int64_t STAP_ARG_value = 1;", 0,
		"kernel write fault at 0x", NULL);
	t.loc = at("M(0x100)");
	t.user = true;
	acc_run("user store", (t.chain = "->pid", t), "int64_t STAP_ARG_value = 5;", 5, NULL,
		"\ttv_check_mem(\"user pid := 5\", 0x100, 5);");
	t.user = false;
	t.type = s32;
	t.loc = regloc(5);
	acc_run("store an int into a register keeps its upper half", (t.chain = NULL, t),
		"int64_t STAP_ARG_value = -1; tregs.di = 0x1234567800000000;", -1, NULL,
		"\ttv_result(tregs.di == 0x12345678ffffffff, \"di := -1\", \"\", \"\");");
	t.type = ulong;
	acc_run("store a long into a register", t,
		"int64_t STAP_ARG_value = 77; tregs.di = 5;", 77, NULL,
		"\ttv_result(tregs.di == 77, \"di := 77\", \"\", \"\");");
	t.type = pair;
	acc_run("store into a struct member in a register", (t.chain = "->hi", t),
		"int64_t STAP_ARG_value = 2; tregs.di = 0xffffffff00000001;", 2, NULL,
		"\ttv_result(tregs.di == 0x200000001, \"hi := 2\", \"\", \"\");");
}

static void test_user(void)
{
	struct loc_env e = tg_env();
	struct tg_acc a = { .loc = regloc(5), .type = tg_ptr(file), .user = true,
			    .chain = "->f_path->dentry->d_flags" };
	const char *err, *code = tg_gen(&e, &a, &err, NULL);

	tg_has(code, "stp_tv_uread(", "user: reads through stp_tv_uread");
	tg_ok(code && !strstr(code, "stp_str_kread"), "user: no kernel reads");
	acc_run("user chain", a, FILE_AT " W64(0x118, M(0x300)); W32(0x300, 12);", 12, NULL, NULL);
	acc_run("user fault", a, "tregs.di = 0;", 0, "user read fault at 0x0000000000000018",
		NULL);
}

static void test_errors(void)
{
	struct tg_acc f = { .loc = regloc(5), .type = tg_ptr(file) };
	struct tg_acc t = { .loc = at("M(0x100)"), .type = task };
	struct tg_acc r = { .loc = regloc(5), .type = sizet };
	struct tg_acc v = { .loc = regloc(5), .type = voidp };

	acc_err("struct value", (f.chain = "->f_path", f),
		"'struct path' (include/linux/path.h:8) is being accessed instead of a member such as '->dentry'", 0);
	acc_err("struct value through [n]", (f.chain = "[1]", f),
		"'struct file' (include/linux/fs.h:948) is being accessed instead of a member such as '->f_count'", 0);
	acc_err("missing member", (f.chain = "->x", f),
		"unable to find member 'x' for struct file (alternatives: f_op, f_pos, f_mode, f_path, f_count, f_flags, f_inode, f_llist, f_iocb_flags, private_data)", 0);
	acc_err("missing member in a nested struct", (f.chain = "->f_path->dentry->d_name->x", f),
		"unable to find member 'x' for struct qstr (alternatives: len, hash, name, hash_len)", 3);
	acc_err("missing member of an anonymous struct", (f.chain = "->f_count->x", f),
		"unable to find member 'x' for struct {...} (include/linux/types.h:174) (alternatives: counter)", 1);
	acc_err("-> on an integer", (r.chain = "->x", r),
		"invalid access '->x' vs. long unsigned int", 0);
	acc_err("[] on an integer", (r.chain = "[1]", r),
		"invalid access '[1]' vs. long unsigned int", 0);
	acc_err("[index0] on an integer", (r.chain = "[index0]", r),
		"invalid access '[index0]' vs. long unsigned int", 0);
	acc_err("-> on void*", (v.chain = "->x", v), "invalid access '->x' vs 'void*'", 0);
	acc_err("[] on void*", (v.chain = "[1]", v), "invalid access '[1]' vs 'void*'", 0);
	acc_err("-> on a function", (f.chain = "->f_op->read->x", f),
		"ssize_t () (void*, char*, size_t, loff_t*): unexpected type tag 21", 2);
	acc_err("[] on a function pointer", (f.chain = "->f_op->read[1]", f),
		"confused about array element size", -1);
	acc_err("[] on a struct", (f.chain = "->f_path[1]", f),
		"invalid access '[1]' for struct path", -1);
	acc_err("[index1] on a struct", (f.chain = "->f_path[index1]", f),
		"invalid access '[index1]' for struct path", -1);
	acc_err("-> on an array", (t.chain = "->comm->x", t),
		"invalid access '->x' for array type", 1);
	acc_err("[][] on a char array", (t.chain = "->comm[1][2]", t),
		"invalid access '[2]' vs. char", 2);
	acc_err("-> on an enum", (t.chain = "->reason->x", t),
		"invalid access '->x' vs. enum skb_drop_reason", 1);
	acc_err("-> on a bitfield", (t = (struct tg_acc){ .loc = at("M(0)"), .type = flags,
					     .chain = "->d->x" }, t),
		"invalid access '->x' vs. unsigned char", 1);
	acc_err("a struct variable itself", (t = (struct tg_acc){ .loc = at("M(0)"), .type = task }, t),
		"'struct task_struct' (include/linux/sched.h:737) is being accessed instead of a member such as '->b'", -1);
	acc_err("an empty struct", (t = (struct tg_acc){ .loc = at("M(0)"), .type = empty }, t),
		"'struct empty' (x.h:3) is being accessed instead of a member", -1);
	acc_err("a 16-byte integer", (t = (struct tg_acc){ .loc = at("M(0)"), .type = task,
						   .chain = "->big" }, t),
		"cannot read a 16-byte value of type __int128", 0);
	acc_err("&register", (r.chain = NULL, r.addr_of = true, r),
		"cannot take address of object in register", -1);
	acc_err("&computed", (r.loc = value("1"), r), "cannot take address of computed value", -1);
	acc_err("&bitfield", (t = (struct tg_acc){ .loc = at("M(0)"), .type = flags,
					   .chain = "->c", .addr_of = true }, t),
		"cannot take the address of a bit field", -1);
	acc_err("store into an array", (t = (struct tg_acc){ .loc = at("M(0)"), .type = task,
						     .chain = "->comm", .store = "1" }, t),
		"cannot write to array address", -1);
	acc_err("store into an address", (t.chain = "->pid", t.addr_of = true, t),
		"cannot write to member address", -1);
	acc_err("store into a pretty print", (t.addr_of = false, t.pretty = true, t),
		"cannot write to pretty-printed variable", -1);
	acc_err("store into a computed value", (r = (struct tg_acc){ .loc = value("1"), .type = s32,
							 .store = "2" }, r),
		"cannot write to computed value", -1);
	acc_err("unavailable", (r.loc = (struct loc_result){ .kind = LOC_UNAVAILABLE,
							    .why = "optimized out", .setup = "" },
				r.store = NULL, r),
		"not accessible at this address (optimized out) [man error::dwarf]", -1);
	{
		struct ctype *sock = tg_struct(CT_STRUCT, "sock", 0, NULL, 0);

		sock->incomplete = true;	/* and no backend to complete it */
		f.type = tg_ptr(sock);
		acc_err("member of an incomplete struct", (f.chain = "->sk_state", f),
			"unable to find member 'sk_state' for struct sock (declaration only, no definition found)", 0);
	}
}

/* The lazy backend: completes the declaration of struct inode. */
static int complete_calls;

static void be_complete(void *arg, struct ctype *t)
{
	(void)arg;
	complete_calls++;
	t->incomplete = false;
	t->size = inode->size;
	t->members_ = inode->members_;
	t->nmembers_ = inode->nmembers_;
}

static void be_members(void *arg, struct ctype *t)
{
	(void)arg;
	(void)t;
}

static const struct ctype_backend be = { .complete = be_complete,
					 .load_members = be_members };

static void test_speed(void)
{
	struct tg_acc a = { .loc = regloc(5), .type = tg_ptr(file),
			    .chain = "->f_path->dentry->d_name->name" };
	struct arena *save = tg_a;
	struct loc_env e = tg_env();
	const char *err;
	clock_t t0;
	double us;
	int i, bad = 0;

	tg_a = arena_new();
	t0 = clock();
	for (i = 0; i < 20000; i++)
		bad += !tg_gen(&e, &a, &err, NULL);
	us = (double)(clock() - t0) / CLOCKS_PER_SEC * 1e6 / 20000;
	printf("cty_access: %.2f us per 4-member chain (%zu arena bytes each)\n", us,
	       arena_used(tg_a) / 20000);
	tg_ok(!bad, "speed loop generates");
	tg_ok(us < 40, "cty_access under 40 us per chain");
	arena_free(tg_a);
	tg_a = save;
}

void tg_cty_tests(void)
{
	kernel_types();
	inode_decl->be = &be;
	inode_decl->members_loaded = false;
	test_names();
	test_scalars();
	test_chains();
	tg_ok(complete_calls == 1, "the backend completes a declaration once");
	test_indexes();
	test_addresses();
	test_bitfields();
	test_stores();
	test_user();
	test_errors();
	test_speed();
}
