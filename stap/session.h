/* session.h - everything one run of stap knows.
 *
 * The session is the only channel between passes: each pass reads what the
 * earlier ones left here and in the AST, and adds its own results.  Each
 * pass owns the section marked with its name; add fields only there.
 */
#ifndef STAP_SESSION_H
#define STAP_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "ast.h"

#define STAP_VERSION "5.0"		/* our release */
#define STAP_COMPAT_VERSION "4.8"	/* the SystemTap language we speak */

struct strlist {
	const char **v;
	int n, cap;
};
struct session;
void strlist_add(struct session *s, struct strlist *l, const char *str);

struct session {
	struct arena *arena;
	struct intern *names;

	/* ---- command line (options.c) ---- */
	int last_pass;			/* -p N, default 5 */
	int verbose[5];			/* -v per pass, --vp */
	bool guru;			/* -g */
	bool unoptimized;		/* -u */
	bool suppress_warnings;		/* -w */
	bool warnings_as_errors;	/* -W */
	bool keep_tmpdir;		/* -k */
	bool use_cache;			/* not --disable-cache */
	bool skip_badvars;		/* --skip-badvars */
	bool listing;			/* -l or -L */
	bool listing_vars;		/* -L */
	bool suppress_handler_errors;	/* --suppress-handler-errors */
	bool compatible_set;		/* --compatible */
	const char *compatible;		/* --compatible=VERSION */
	const char *script_file;	/* NULL with -e */
	const char *script_text;	/* -e TEXT */
	const char *listing_pattern;	/* -l / -L PATTERN */
	struct strlist script_args;	/* $1.. @1.. */
	struct strlist include_dirs;	/* -I DIR */
	struct strlist defines;		/* -D NAME=VALUE */
	struct strlist globals_set;	/* -G var=value */
	struct strlist probe_modules;	/* debuginfo paths of the modules
					 * module() probes were placed in */
	struct strlist make_args;	/* -B opt */
	struct strlist extra_scripts;	/* additional -e / script files */
	struct strlist unwind_objects;	/* -d OBJ, --ldd, --all-modules */
	const char *kernel_release;	/* -r KVER, default uname -r */
	const char *kernel_build_dir;	/* -r DIR or /lib/modules/KVER/build */
	const char *arch;		/* -a ARCH, default x86_64 */
	const char *module_name;	/* -m NAME */
	const char *output_file;	/* -o FILE */
	const char *runtime_dir;	/* -R DIR */
	const char *tapset_dir;		/* installed tapsets */
	const char *cache_dir;		/* ~/.systemtap/cache */
	const char *remote;		/* --remote=vm[:KVER] */
	const char *target_cmd;		/* -c CMD */
	int64_t target_pid;		/* -x PID */
	int64_t timeout_s;		/* -T SECONDS */
	int64_t buffer_mb;		/* -s NUM */
	const char *size_limit;		/* -S SIZE[,N] */
	bool bulk;			/* -b: per-CPU output files */
	bool flight;			/* -F: detach (staprun -L / -D) */
	bool timing;			/* -t: probe hit report */
	const char *privilege;		/* --privilege, "stapdev" */
	bool dump_probe_types;		/* --dump-probe-types */
	bool dump_functions;		/* --dump-functions */
	bool dump_probe_aliases;	/* --dump-probe-aliases */

	/* ---- pass 1 (parser.y, lexer.l, tapset.c) ---- */
	struct stapfile *user_file;	/* the script (first -e or file) */
	struct stapfile *user_files;	/* all user files, linked by next */
	struct stapfile *library;	/* tapset files parsed so far */
	int library_files;		/* count, for the -v pass 1 line */
	void *pp_library;		/* parse.c: .stpm library macros */
	void *pp_kconfig;		/* parse.c: cached kernel .config */

	/* ---- pass 2 (elaboration) ---- */
	struct symbol *globals;		/* used globals, in declaration order */
	struct function *functions;	/* used functions (list via ->next?) */
	struct function **used_functions;
	int n_used_functions;
	struct derived_probe *probes;	/* resolved probes, in order */
	int n_probes;
	uint64_t kreloc_link;		/* link-time address of register_kprobe
					 * when code uses kernel addresses
					 * from the debuginfo, else 0 */
	const char *kernel_buildid;	/* hex, of that debuginfo (or NULL) */
	uint64_t kernel_buildid_addr;	/* link-time address of its bytes */
	struct embed **embeds;		/* top-level %{ %} blocks to emit */
	int n_embeds;
	void *elab;			/* pass 2 private state */

	/* ---- pass 3 (emit) ---- */
	const char *tmpdir;
	bool tmpdir_made;		/* by the driver: removed at the end */
	const char *c_file;		/* generated source path */

	/* ---- pass 4 (build, cache) ---- */
	const char *module_path;	/* the built .ko */
	bool cache_hit;
	const char *cache_path;		/* the cache entry used or stored */
	bool module_name_set;		/* -m given: options.c sets it */

	/* ---- pass 5 (run) ---- */
	int run_status;

	/* ---- diagnostics (diag.c) ---- */
	int errors, warnings, pass_errors, parse_errors;
	int max_errors;			/* report cap */
	void *diag_seen;		/* duplicate suppression */
	FILE *err;			/* stderr */
};

#endif
