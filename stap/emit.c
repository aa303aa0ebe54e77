/* emit.c - pass 3: translate the elaborated script into one C file.
 *
 * The file is laid out as
 *   limits (#ifndef-guarded: -D NAME=VALUE on the gcc line wins)
 *   #include "runtime.h"
 *   globals: values, locks, map/stat descriptors, -G module parameters
 *   frame structs: one per probe and per function (locals + temporaries)
 *   struct stp_locals: the per-CPU locals area (probe union + MAXNESTING
 *                      function frame unions + one leaf slot for the
 *                      frames of embedded-C functions, which call no
 *                      script function: no nesting, frame passed as L)
 *   function prototypes and bodies, probe handler bodies
 *   the probe tables and struct stp_script that runtime/module.c walks
 *
 * Mangling of generated C names (all file-local; the runtime's names start
 * with stp_ / __stp_ / STP_, and every scheme below is a distinct prefix
 * followed by the script name, so no two can collide):
 *   g_<name>             global variable (int64_t, char[MAXSTRINGLEN],
 *                        struct stp_map or struct stp_pstat)
 *   glock_<name>         its rwlock;  gdesc_<name> / gsdesc_<name> its
 *                        map / statistic descriptor;  gplock_<name> the
 *                        per-CPU locks of a statistic
 *   gp_<name>            the module parameter behind -G name=value (only
 *                        when <name> is not also a kernel macro)
 *   fn_<i>_<name>        used function number i (overloads get distinct i)
 *   fl_<i>_<name>        its frame struct; member f<i> of the frame union
 *   probe_<i>            handler of derived probe i;  pl_<i> its frame
 *                        struct, member p<i> of the probe union;
 *                        probe_<i>_locks its lock table;  probe_<i>_kp /
 *                        probe_<i>_kret its kprobe / kretprobe entry
 *   l_<name>             a local variable or parameter inside a frame
 *   __retvalue           a function's return value inside its frame
 *   t<n>, it<n>          string temporaries / foreach iterators in a frame
 *   _v<n>, _k<n>, _a<n>, _s<n>, _lim, _r
 *                        C temporaries inside statement expressions
 *   L, c                 the current frame and the probe context
 *   out, catch_<n>, try_end_<n>   labels: handler exit, try/catch
 * Script identifiers are [A-Za-z_][A-Za-z0-9_]*, so every mangled name is
 * a valid C identifier.
 *
 * Invariant: the emitter never fails silently: a construct it cannot
 * translate is reported ("... not supported yet") and the pass fails.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "emit.h"
#include "passes.h"

/* One line of code at the current indentation. */
void emit_line(struct emit *e, const char *fmt, ...)
{
	va_list ap;
	int i;

	for (i = 0; i < e->indent; i++)
		fputc('\t', e->out);
	va_start(ap, fmt);
	vfprintf(e->out, fmt, ap);
	va_end(ap);
	fputc('\n', e->out);
}

/* Raw text (expression pieces). */
void emit_str(struct emit *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(e->out, fmt, ap);
	va_end(ap);
}

/* A C string literal for the bytes s[0..len). */
void emit_cstring(FILE *out, const char *s, size_t len)
{
	size_t i;

	fputc('"', out);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20 || c >= 0x7f || c == '?')
			fprintf(out, "\\%03o", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* "operator '/' at t.stp:1:20", always with the file (run-time errors). */
const char *emit_tok_desc(struct emit *e, const struct token *tok)
{
	const char *file, *kind;

	while (tok && tok->expanded_from)
		tok = tok->expanded_from;
	if (!tok)
		return NULL;
	file = tok->loc.src ? tok->loc.src->name : "<input>";
	kind = diag_tok_type_name(tok->type);
	if (tok->type == TOK_KEYWORD || tok->type == TOK_EMBEDDED)
		return arena_printf(e->s->arena, "%s at %s:%d:%d", kind, file,
				    tok->loc.line, tok->loc.col);
	return arena_printf(e->s->arena, "%s '%.*s' at %s:%d:%d", kind,
			    (int)tok->len, tok->text, file, tok->loc.line,
			    tok->loc.col);
}

void emit_unsupported(struct emit *e, const struct token *tok,
		      const char *what)
{
	diag(e->s, E_UNSUPPORTED, tok, what);
}

int emit_new_uniq(struct emit *e)
{
	return e->uniq++;
}

/* ---- the file ---- */

static const char *emit_module_name(struct session *s)
{
	if (!s->module_name)
		s->module_name = arena_printf(s->arena, "stap_%d",
					      (int)getpid());
	return s->module_name;
}

static const char *const emit_limits[][2] = {
	{ "MAXSTRINGLEN", "512" },	{ "MAXACTION", "1000" },
	{ "MAXNESTING", "10" },		{ "MAXMAPENTRIES", "2048" },
	{ "MAXERRORS", "0" },		{ "MAXSKIPPED", "100" },
	{ "MAXTRYLOCK", "1000" },	{ "TRYLOCKDELAY", "10" },
	{ "MINSTACKSPACE", "1024" },
};

static void emit_prologue(struct emit *e)
{
	size_t i;

	fprintf(e->out, "/* %s.c - generated by stap pass 3; do not edit. */\n",
		emit_module_name(e->s));
	for (i = 0; i < sizeof(emit_limits) / sizeof(emit_limits[0]); i++)
		fprintf(e->out, "#ifndef %s\n#define %s %s\n#endif\n",
			emit_limits[i][0], emit_limits[i][0],
			emit_limits[i][1]);
	if (e->s->suppress_handler_errors)
		fprintf(e->out, "#define STP_SUPPRESS_HANDLER_ERRORS 1\n");
	fprintf(e->out, "#define STP_MODULE_NAME \"%s\"\n",
		emit_module_name(e->s));
	fprintf(e->out, "#include \"runtime.h\"\n\n");
	/* the level staprun checks its caller's groups against */
	fprintf(e->out, "MODULE_INFO(stap_privilege, \"%s\");\n\n",
		e->s->privilege ? e->s->privilege : "stapdev");
}

/* Top-level %{ %} blocks, in order, after the runtime. */
static void emit_embeds(struct emit *e)
{
	int i;

	for (i = 0; i < e->s->n_embeds; i++)
		fprintf(e->out, "%s\n", e->s->embeds[i]->code);
	if (e->s->n_embeds)
		fputc('\n', e->out);
}

/* Append a memory stream's text to the file. */
/* The kernel build-id the probes were placed for (runtime/probe_kprobe.c
 * compares it with the running kernel's at start). */
static void emit_kernel_buildid(struct emit *e)
{
	const char *h = e->s->kernel_buildid;
	size_t i, n = h ? strlen(h) / 2 : 0;

	if (!e->s->kreloc_link || !n)
		return;
	fputs("static const unsigned char *stp_kernel_buildid = "
	      "(const unsigned char *)\"", e->out);
	for (i = 0; i < n; i++)
		fprintf(e->out, "\\x%.2s", h + 2 * i);
	fprintf(e->out, "\";\nstatic unsigned int stp_kernel_buildid_len = %zu;\n"
		"static unsigned long stp_kernel_buildid_addr = 0x%llxUL;\n\n",
		n, (unsigned long long)e->s->kernel_buildid_addr);
}

static void emit_splice(FILE *out, FILE *mem, char **buf, size_t *len)
{
	fflush(mem);
	fwrite(*buf, 1, *len, out);
}

static int emit_open_tmpdir(struct session *s)
{
	char *dir;

	if (s->tmpdir)
		return 0;
	dir = arena_strdup(s->arena, "/tmp/stapXXXXXX");
	if (!mkdtemp(dir)) {
		diag(s, E_TMPDIR, NULL, strerror(errno));
		return -1;
	}
	s->tmpdir = dir;
	return 0;
}

static int emit_generate(struct emit *e, FILE *out)
{
	char *fbuf = NULL, *bbuf = NULL;
	size_t flen = 0, blen = 0;

	e->frames = open_memstream(&fbuf, &flen);
	e->bodies = open_memstream(&bbuf, &blen);
	if (!e->frames || !e->bodies)
		abort();
	emit_globals_collect(e);
	emit_functions(e);
	emit_probes(e);
	e->out = out;
	emit_prologue(e);
	emit_embeds(e);
	if (e->s->kreloc_link)
		fprintf(out, "static unsigned long stp_kreloc_link = 0x%llxUL;\n\n",
			(unsigned long long)e->s->kreloc_link);
	emit_kernel_buildid(e);
	emit_globals_decl(e);
	emit_splice(out, e->frames, &fbuf, &flen);
	emit_locals_union(e);
	emit_splice(out, e->bodies, &bbuf, &blen);
	emit_globals_init(e);
	emit_tables(e);
	fclose(e->frames);
	fclose(e->bodies);
	free(fbuf);
	free(bbuf);
	return diag_pass_errors(e->s) ? -1 : 0;
}

int emit_pass(struct session *s)
{
	struct emit e = { .s = s, .errlabel = "out" };
	const char *path;
	FILE *out;
	int rc;

	if (emit_open_tmpdir(s))
		return -1;
	path = arena_printf(s->arena, "%s/%s.c", s->tmpdir,
			    emit_module_name(s));
	out = fopen(path, "w");
	if (!out) {
		diag(s, E_WRITE, NULL, path, strerror(errno));
		return -1;
	}
	rc = emit_generate(&e, out);
	if (fclose(out) != 0 && rc == 0) {
		diag(s, E_WRITE, NULL, path, strerror(errno));
		rc = -1;
	}
	s->c_file = path;
	return rc;
}
