/* tapset.c - the tapset library: search path, index, lazy loading (pass 2).
 *
 * SystemTap parses its whole library on every run.  We only pre-scan each
 * *.stp file on the search path for the names it could define at top level
 * (functions, globals, probe alias names), skipping comments, strings and
 * embedded C, and parse a file only when one of those names is needed.
 * The scan over-approximates (both arms of a %( %? %: %) conditional
 * count), which is harmless: a loaded file that turns out not to define
 * the name is simply not used for it.
 *
 * Search path: for each of s->tapset_dir and the -I directories, most
 * specific first: DIR/{linux/,}KVER/{ARCH/,}, then shorter and shorter
 * prefixes of the kernel version split at '.' and '-' (a.b.c-N-cloud-amd64,
 * a.b.c-N-cloud, a.b.c-N, a.b.c, a.b, a), then DIR/{linux/,}{ARCH/,}.
 * A file name found in a more specific directory of the same DIR hides the
 * same name in less specific ones.
 *
 * Invariant: every file is parsed at most once, and is registered with
 * elab_add_file() right after parsing; s->library_files counts them.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "elab.h"

struct tapset_file {
	const char *path;
	const char *base;		/* file name, for overriding */
	bool loaded;
	struct tapset_file *next;
};

struct tapset_index {
	struct tapset_file *files;
	struct elab_map fns;		/* name -> tapset_file */
	struct elab_map globals;
	struct elab_map alias_heads;	/* first functor -> tapset_file */
	struct strlist fn_names;	/* for "similar" suggestions */
	struct strlist heads;
	struct strlist seen_base;	/* per search root */
};

/* ---- the textual pre-scan ---- */

struct scan {
	const char *p, *end;
	int depth;			/* brace depth */
};

static bool scan_ident_char(char c, bool first)
{
	if (c == '_' || c == '$' || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return true;
	return !first && c >= '0' && c <= '9';
}

/* Skip blanks, comments, strings and %{ %}; stop at a significant char. */
static void scan_skip(struct scan *sc)
{
	const char *p = sc->p, *e = sc->end;

	while (p < e) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
		} else if (*p == '#' || (*p == '/' && p + 1 < e && p[1] == '/')) {
			while (p < e && *p != '\n')
				p++;
		} else if (*p == '/' && p + 1 < e && p[1] == '*') {
			for (p += 2; p + 1 < e && !(p[0] == '*' && p[1] == '/');)
				p++;
			p += 2;
		} else if (*p == '%' && p + 1 < e && p[1] == '{') {
			for (p += 2; p + 1 < e && !(p[0] == '%' && p[1] == '}');)
				p++;
			p += 2;
		} else if (*p == '"') {
			for (p++; p < e && *p != '"'; p++)
				if (*p == '\\')
					p++;
			p++;
		} else {
			break;
		}
	}
	sc->p = p < e ? p : e;
}

/* The next identifier (interned) at this position, or NULL. */
static const char *scan_ident(struct session *s, struct scan *sc)
{
	const char *b;

	scan_skip(sc);
	if (sc->p >= sc->end || !scan_ident_char(*sc->p, true))
		return NULL;
	for (b = sc->p; sc->p < sc->end && scan_ident_char(*sc->p, false);)
		sc->p++;
	return intern_n(s->names, b, (size_t)(sc->p - b));
}

static bool scan_punct(struct scan *sc, char c)
{
	scan_skip(sc);
	if (sc->p < sc->end && *sc->p == c) {
		sc->p++;
		return true;
	}
	return false;
}

static void tapset_note(struct session *s, struct elab_map *m,
			struct strlist *names, const char *name,
			struct tapset_file *tf)
{
	struct elab_map_ent *e;

	for (e = elab_map_get(m, name); e && e->key == name; e = e->next)
		if (e->val == tf)
			return;
	if (names && !elab_map_get(m, name))
		strlist_add(s, names, name);
	elab_map_add(s, m, name, tf);
}

/* global a, b[10], c = 5 */
static void scan_globals(struct session *s, struct scan *sc,
			 struct tapset_file *tf)
{
	struct tapset_index *tx = elab_state(s)->tx;
	const char *name;

	while ((name = scan_ident(s, sc))) {
		tapset_note(s, &tx->globals, NULL, name, tf);
		while (sc->p < sc->end && *sc->p != ',' && *sc->p != '\n' &&
		       *sc->p != ';' && *sc->p != '{' && *sc->p != '}')
			sc->p++;
		if (!scan_punct(sc, ','))
			return;
	}
}

/* probe a.b, c = ... : note the heads of alias names. */
static void scan_probe(struct session *s, struct scan *sc,
		       struct tapset_file *tf)
{
	struct tapset_index *tx = elab_state(s)->tx;
	const char *heads[16];
	int n = 0, i;
	const char *p;

	for (;;) {
		p = scan_ident(s, sc);
		if (!p)
			return;
		if (n < 16)
			heads[n++] = p;
		scan_skip(sc);
		while (sc->p < sc->end && *sc->p != ',' && *sc->p != '=' &&
		       *sc->p != '{' && *sc->p != '+')
			sc->p++;
		if (scan_punct(sc, ','))
			continue;
		if (scan_punct(sc, '=') || scan_punct(sc, '+'))
			break;
		return;
	}
	for (i = 0; i < n; i++)
		tapset_note(s, &tx->alias_heads, &tx->heads, heads[i], tf);
}

static void scan_file(struct session *s, struct tapset_file *tf,
		      const char *text, size_t len)
{
	struct tapset_index *tx = elab_state(s)->tx;
	struct scan sc = { text, text + len, 0 };
	const char *id, *kw_fn = intern_s(s->names, "function"),
		   *kw_gl = intern_s(s->names, "global"),
		   *kw_pr = intern_s(s->names, "probe");

	while (scan_skip(&sc), sc.p < sc.end) {
		id = sc.depth == 0 ? scan_ident(s, &sc) : NULL;
		if (!id) {
			if (*sc.p == '{')
				sc.depth++;
			else if (*sc.p == '}' && sc.depth > 0)
				sc.depth--;
			else if (scan_ident_char(*sc.p, true))
				while (sc.p < sc.end &&
				       scan_ident_char(*sc.p, false))
					sc.p++;
			if (sc.p < sc.end && !scan_ident_char(*sc.p, true))
				sc.p++;
			continue;
		}
		if (id == kw_fn && (id = scan_ident(s, &sc)))
			tapset_note(s, &tx->fns, &tx->fn_names, id, tf);
		else if (id == kw_gl)
			scan_globals(s, &sc, tf);
		else if (id == kw_pr)
			scan_probe(s, &sc, tf);
	}
}

static char *tapset_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || !(buf = malloc((size_t)n + 1))) {
		fclose(f);
		return NULL;
	}
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* ---- the search path ---- */

static bool tapset_base_seen(struct tapset_index *tx, const char *base)
{
	int i;

	for (i = 0; i < tx->seen_base.n; i++)
		if (!strcmp(tx->seen_base.v[i], base))
			return true;
	return false;
}

static int tapset_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Scan DIR/ *.stp in name order. */
static void tapset_scan_dir(struct session *s, const char *dir)
{
	struct tapset_index *tx = elab_state(s)->tx;
	struct strlist names = { 0 };
	struct tapset_file *tf, **tail;
	struct dirent *de;
	size_t len, n;
	char *text;
	DIR *d = opendir(dir);
	int i;

	if (!d)
		return;
	while ((de = readdir(d))) {
		n = strlen(de->d_name);
		if (n > 4 && !strcmp(de->d_name + n - 4, ".stp"))
			strlist_add(s, &names, arena_strdup(s->arena, de->d_name));
	}
	closedir(d);
	if (names.n)
		qsort(names.v, (size_t)names.n, sizeof(*names.v), tapset_cmp);
	for (tail = &tx->files; *tail; tail = &(*tail)->next)
		;
	for (i = 0; i < names.n; i++) {
		if (tapset_base_seen(tx, names.v[i]))
			continue;
		strlist_add(s, &tx->seen_base, names.v[i]);
		tf = ARENA_NEW(s->arena, struct tapset_file);
		tf->base = names.v[i];
		tf->path = arena_printf(s->arena, "%s/%s", dir, names.v[i]);
		text = tapset_slurp(tf->path, &len);
		if (!text)
			continue;
		scan_file(s, tf, text, len);
		free(text);
		*tail = tf;
		tail = &tf->next;
	}
}

/* Kernel version prefixes, most specific first, ending with "". */
static int tapset_versions(struct session *s, const char **out, int max)
{
	const char *kv = s->kernel_release ? s->kernel_release : "";
	int n = 0;
	size_t i;

	if (*kv)
		out[n++] = kv;
	for (i = strlen(kv); i > 0 && n < max - 1; i--)
		if (kv[i - 1] == '.' || kv[i - 1] == '-')
			out[n++] = arena_strndup(s->arena, kv, i - 1);
	out[n++] = "";
	return n;
}

static void tapset_scan_root(struct session *s, const char *root)
{
	struct tapset_index *tx = elab_state(s)->tx;
	const char *vers[32], *arch = s->arch ? s->arch : "x86_64";
	const char *sub[2] = { "linux/", "" };
	int nv = tapset_versions(s, vers, 32), i, j, k;
	const char *v;
	char *dir;

	tx->seen_base.n = 0;
	for (i = 0; i < 2; i++) {
		for (j = 0; j < nv; j++) {
			for (k = 0; k < 2; k++) {
				v = *vers[j] ? arena_printf(s->arena, "%s/",
							     vers[j]) : "";
				dir = arena_printf(s->arena, "%s/%s%s%s", root,
						   sub[i], v, k ? "" : arch);
				if (dir[strlen(dir) - 1] == '/')
					dir[strlen(dir) - 1] = '\0';
				tapset_scan_dir(s, dir);
			}
		}
	}
}

/*
 * SystemTap parses every library file; we load ours lazily, for speed.
 * The files of -I directories (few, and the user's own) are parsed once
 * up front to check them: one with a syntax error is reported and then
 * skipped, as SystemTap skips it, instead of passing unnoticed.
 */
static void tapset_check_file(struct session *s, struct tapset_file *tf)
{
	int errors = s->errors, pass = s->pass_errors, parse = s->parse_errors;
	struct source *src = parse_load_file(s, tf->path, true);
	int n;

	if (!src)
		return;
	src->is_tapset = true;
	parse_source(s, src);
	n = s->parse_errors - parse;
	s->errors = errors;
	s->pass_errors = pass;
	s->parse_errors = parse;
	if (!n)
		return;
	diag(s, W_TAPSET_SKIPPED, NULL, n, n == 1 ? "" : "s", tf->path);
	tf->loaded = true;	/* never loaded */
}

void tapset_index_build(struct session *s)
{
	struct elab *el = elab_state(s);
	struct tapset_file *std_last = NULL, *tf;
	int i;

	if (el->tx)
		return;
	el->tx = ARENA_NEW(s->arena, struct tapset_index);
	if (s->tapset_dir)
		tapset_scan_root(s, s->tapset_dir);
	for (std_last = el->tx->files; std_last && std_last->next;
	     std_last = std_last->next)
		;
	for (i = 0; i < s->include_dirs.n; i++)
		tapset_scan_root(s, s->include_dirs.v[i]);
	tf = std_last ? std_last->next : el->tx->files;
	for (; tf; tf = tf->next)
		tapset_check_file(s, tf);
}

/* ---- lazy loading ---- */

static bool tapset_load(struct session *s, struct tapset_file *tf)
{
	struct source *src;
	struct stapfile *f, **tail;

	if (tf->loaded)
		return false;
	tf->loaded = true;
	src = parse_load_file(s, tf->path, true);
	if (!src)
		return false;
	src->is_tapset = true;
	f = parse_source(s, src);
	if (!f)
		return false;
	f->is_tapset = true;
	f->privileged = true;
	for (tail = &s->library; *tail; tail = &(*tail)->next)
		;
	*tail = f;
	s->library_files++;
	elab_add_file(s, f);
	return true;
}

static bool tapset_need(struct session *s, struct elab_map *m,
			const char *name)
{
	struct elab_map_ent *e;
	bool any = false;

	for (e = elab_map_get(m, name); e && e->key == name; e = e->next)
		any |= tapset_load(s, e->val);
	return any;
}

bool tapset_need_function(struct session *s, const char *name)
{
	tapset_index_build(s);
	return tapset_need(s, &elab_state(s)->tx->fns, name);
}

bool tapset_need_global(struct session *s, const char *name)
{
	tapset_index_build(s);
	return tapset_need(s, &elab_state(s)->tx->globals, name);
}

/* Heads are globbed: "sys*" loads every file with a matching head. */
bool tapset_need_alias(struct session *s, const char *glob)
{
	struct tapset_index *tx;
	bool any = false;
	int i;

	tapset_index_build(s);
	tx = elab_state(s)->tx;
	if (!strchr(glob, '*'))
		return tapset_need(s, &tx->alias_heads,
				   intern_s(s->names, glob));
	for (i = 0; i < tx->heads.n; i++)
		if (elab_glob(glob, tx->heads.v[i]))
			any |= tapset_need(s, &tx->alias_heads, tx->heads.v[i]);
	return any;
}

int tapset_alias_heads(struct session *s, const char ***out)
{
	tapset_index_build(s);
	*out = elab_state(s)->tx->heads.v;
	return elab_state(s)->tx->heads.n;
}

int tapset_function_names(struct session *s, const char ***out)
{
	tapset_index_build(s);
	*out = elab_state(s)->tx->fn_names.v;
	return elab_state(s)->tx->fn_names.n;
}

/* --dump-functions / --dump-probe-aliases: every file on the search path,
 * in search-path order (so overloads list in the order they would bind). */
void tapset_load_all(struct session *s)
{
	struct tapset_file *tf;

	tapset_index_build(s);
	for (tf = elab_state(s)->tx->files; tf; tf = tf->next)
		tapset_load(s, tf);
}
