/* options.c - stap's command line, parsed into the session.
 *
 * Every option SystemTap 4.8 documents is recognised here.  An option whose
 * feature does not exist yet is rejected with a clear message naming it,
 * never silently ignored.  Defaults that depend on the machine (kernel
 * release, install paths) are filled in by options_finish().
 */
#define _GNU_SOURCE		/* strverscmp */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* The kernel's MODULE_NAME_LEN (64) less the NUL, less room for ".ko". */
#define MODULE_NAME_MAX 55

enum long_opt {
	LO_VP = 256, LO_SKIP_BADVARS, LO_SUPPRESS_HANDLER_ERRORS,
	LO_COMPATIBLE, LO_PRIVILEGE, LO_UNPRIVILEGED, LO_REMOTE,
	LO_REMOTE_PREFIX, LO_TMPDIR, LO_EXAMPLE, LO_DUMP_PROBE_TYPES,
	LO_DUMP_PROBE_ALIASES, LO_DUMP_FUNCTIONS, LO_DISABLE_CACHE,
	LO_POISON_CACHE, LO_CLEAN_CACHE, LO_RUNTIME, LO_BPF, LO_MODINFO,
	LO_PROLOGUE, LO_CHECK_VERSION, LO_USE_SERVER, LO_LIST_SERVERS,
	LO_TRUST_SERVERS, LO_USE_SERVER_ON_ERROR, LO_DOWNLOAD_DEBUGINFO,
	LO_SYSROOT, LO_SYSENV, LO_SUPPRESS_TIME_LIMITS, LO_SAVE_UPROBES,
	LO_TARGET_NAMESPACE, LO_LDD, LO_ALL_MODULES, LO_PRIVATE_NS,
	LO_NO_LOAD, LO_COLOR,
};

static const struct option long_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "vp", required_argument, NULL, LO_VP },
	{ "skip-badvars", no_argument, NULL, LO_SKIP_BADVARS },
	{ "suppress-handler-errors", no_argument, NULL,
	  LO_SUPPRESS_HANDLER_ERRORS },
	{ "compatible", required_argument, NULL, LO_COMPATIBLE },
	{ "privilege", required_argument, NULL, LO_PRIVILEGE },
	{ "unprivileged", no_argument, NULL, LO_UNPRIVILEGED },
	{ "remote", required_argument, NULL, LO_REMOTE },
	{ "remote-prefix", no_argument, NULL, LO_REMOTE_PREFIX },
	{ "tmpdir", required_argument, NULL, LO_TMPDIR },
	{ "example", no_argument, NULL, LO_EXAMPLE },
	{ "dump-probe-types", no_argument, NULL, LO_DUMP_PROBE_TYPES },
	{ "dump-probe-aliases", no_argument, NULL, LO_DUMP_PROBE_ALIASES },
	{ "dump-functions", no_argument, NULL, LO_DUMP_FUNCTIONS },
	{ "disable-cache", no_argument, NULL, LO_DISABLE_CACHE },
	{ "poison-cache", no_argument, NULL, LO_POISON_CACHE },
	{ "clean-cache", no_argument, NULL, LO_CLEAN_CACHE },
	{ "runtime", required_argument, NULL, LO_RUNTIME },
	{ "bpf", no_argument, NULL, LO_BPF },
	{ "modinfo", required_argument, NULL, LO_MODINFO },
	{ "prologue-searching", optional_argument, NULL, LO_PROLOGUE },
	{ "check-version", no_argument, NULL, LO_CHECK_VERSION },
	{ "use-server", optional_argument, NULL, LO_USE_SERVER },
	{ "list-servers", optional_argument, NULL, LO_LIST_SERVERS },
	{ "trust-servers", optional_argument, NULL, LO_TRUST_SERVERS },
	{ "use-server-on-error", optional_argument, NULL,
	  LO_USE_SERVER_ON_ERROR },
	{ "download-debuginfo", optional_argument, NULL,
	  LO_DOWNLOAD_DEBUGINFO },
	{ "sysroot", required_argument, NULL, LO_SYSROOT },
	{ "sysenv", required_argument, NULL, LO_SYSENV },
	{ "suppress-time-limits", no_argument, NULL,
	  LO_SUPPRESS_TIME_LIMITS },
	{ "save-uprobes", no_argument, NULL, LO_SAVE_UPROBES },
	{ "target-namespace", required_argument, NULL, LO_TARGET_NAMESPACE },
	{ "ldd", no_argument, NULL, LO_LDD },
	{ "all-modules", no_argument, NULL, LO_ALL_MODULES },
	{ "private", no_argument, NULL, LO_PRIVATE_NS },
	{ "color", optional_argument, NULL, LO_COLOR },
	{ "colour", optional_argument, NULL, LO_COLOR },
	{ NULL, 0, NULL, 0 },
};

static const char short_options[] =
	"hVvp:kuwWgPbs:I:D:B:G:R:r:a:m:o:E:c:x:FS:d:tT:qe:l:L:C:";

/* The --help text.  stap(1) documents the same options, and the docs
 * test (testsuite/docs/help.sh) keeps the two lists equal: an option
 * added here needs its entry in doc/man/stap.1. */
void options_usage(FILE *out)
{
	fputs("Usage: stap [options] FILE                    Run the script in FILE.\n"
	      "   or: stap [options] -                       Run the script read from stdin.\n"
	      "   or: stap [options] -e SCRIPT               Run the script given inline.\n"
	      "   or: stap [options] -l PROBE                List matching probe points.\n"
	      "   or: stap [options] -L PROBE                List them with their variables.\n"
	      "   or: stap [options] --dump-probe-types      List the kinds of probe point.\n"
	      "   or: stap [options] --dump-probe-aliases    List the tapsets' probe aliases.\n"
	      "   or: stap [options] --dump-functions        List the tapsets' functions.\n"
	      "\n"
	      "Options:\n"
	      "   --         the rest of the command line is the script's arguments\n"
	      "   -h --help  print this text and exit\n"
	      "   -V --version\n"
	      "              print the version and the features built in, and exit\n"
	      "   -p NUM     stop after pass NUM: 1 parse, 2 elaborate, 3 translate,\n"
	      "              4 compile, 5 run (the default)\n"
	      "   -v         more detail from every pass; repeat for more\n"
	      "   --vp ABCDE more detail from single passes, one digit per pass\n"
	      "   -k         keep the temporary build directory and print its name\n"
	      "   -u         no optimization: keep unused code and variables\n"
	      "   -w         do not print warnings\n"
	      "   -W         make every warning an error\n"
	      "   -g         guru mode: embedded C and kernel writes allowed\n"
	      "   -P         prologue searching (accepted, no effect yet)\n"
	      "   -s NUM     transport buffer in megabytes per CPU\n"
	      "   -I DIR     also load tapsets from DIR\n"
	      "   -D NM=VAL  define the C macro NM as VAL when compiling the module\n"
	      "   -B NM=VAL  hand NM=VAL to the kernel's make\n"
	      "   -G VAR=VAL start the global VAR at VAL\n"
	      "   -R DIR     use the runtime in DIR\n"
	      "   -r DIR     build against the kernel build tree DIR\n"
	      "   -r RELEASE build for kernel RELEASE (/lib/modules/RELEASE/build)\n"
	      "   -a ARCH    target architecture (x86_64 only)\n"
	      "   -m MODULE  call the module MODULE\n"
	      "   -o FILE    write the script's output to FILE (strftime patterns)\n"
	      "   -S SIZE[,N] switch output files past SIZE MB, keep N of them\n"
	      "   -b         bulk mode: one output file per CPU (see stap-merge)\n"
	      "   -F         flight recorder: leave the module running, detached\n"
	      "   -t         report hits and cycles of each probe at the end\n"
	      "   -E SCRIPT  run SCRIPT besides the main script\n"
	      "   -c CMD     run CMD with the probes active, stop when it exits\n"
	      "   -x PID     make target() return PID, stop when it exits\n"
	      "   -T TIME    stop the script after TIME seconds\n"
	      "   -d OBJ     unwind data for OBJ (accepted, no effect yet)\n"
	      "   -l PROBE   list the probe points PROBE matches\n"
	      "   -L PROBE   list them with their variables\n"
	      "   --ldd      unwind data for shared libraries (accepted, no effect yet)\n"
	      "   --all-modules\n"
	      "              unwind data for all kernel modules (accepted, no effect yet)\n"
	      "   --compatible=VERSION\n"
	      "              language and tapsets as of VERSION, instead of " STAP_COMPAT_VERSION "\n"
	      "   --privilege=PRIVILEGE_LEVEL\n"
	      "              reject what stapusr, stapsys or stapdev may not use\n"
	      "   --unprivileged\n"
	      "              the same as --privilege=stapusr\n"
	      "   --skip-badvars\n"
	      "              use 0 for context variables that cannot be read\n"
	      "   --suppress-handler-errors\n"
	      "              skip the rest of a failing handler quietly, never stop\n"
	      "   --suppress-time-limits\n"
	      "              lift the limits on handler time and actions\n"
	      "   --remote=vm[:KVER]\n"
	      "              run pass 5 in a throwaway virtual machine booting the\n"
	      "              installed kernel KVER (Debian cloud kernel by default)\n"
	      "   --tmpdir=NAME\n"
	      "              build in directory NAME\n"
	      "   --disable-cache\n"
	      "              neither read nor write the module cache\n"
	      "   --example  FILE names one of the installed example scripts\n"
	      "   --dump-probe-types\n"
	      "              list the kinds of probe point\n"
	      "   --dump-probe-aliases\n"
	      "              list the tapsets' probe aliases\n"
	      "   --dump-functions\n"
	      "              list the tapsets' functions\n"
	      "   --runtime=kernel\n"
	      "              the kernel-module runtime (the only one)\n"
	      "   --prologue-searching[=WHEN]\n"
	      "              accepted, no effect yet\n"
	      "   --check-version\n"
	      "              accepted, no effect yet\n"
	      "   --color[=WHEN], --colour[=WHEN]\n"
	      "              colour messages: never, always or auto (a terminal)\n"
	      "\n"
	      "Not supported yet: -q -C --bpf --remote-prefix\n"
	      "   --poison-cache --clean-cache --modinfo --use-server --list-servers\n"
	      "   --trust-servers --use-server-on-error --download-debuginfo --sysroot\n"
	      "   --sysenv --save-uprobes --target-namespace --private\n",
	      out);
}

void options_version(FILE *out)
{
	fputs("Systemtap translator/driver (version " STAP_COMPAT_VERSION
	      "/" STAP_VERSION ", clean-room reimplementation)\n"
	      "This is free software; see the source for copying conditions.\n"
	      "tested kernel versions: 6.1\n"
	      "enabled features: KPROBES TIMERS VM\n", out);
}

/* The options that name a feature this translator does not have yet. */
static int options_unsupported(struct session *s, const char *what)
{
	fprintf(s->err, "stap: option %s is not supported yet\n", what);
	return -1;
}

/* -b: the module reports bulk mode, so stapio writes per-CPU files */
static int options_bulk(struct session *s)
{
	s->bulk = true;
	strlist_add(s, &s->defines, "STP_BULKMODE");
	return 0;
}

/* -t: the module counts hits and cycles and prints the report */
static int options_timing(struct session *s)
{
	s->timing = true;
	strlist_add(s, &s->defines, "STP_TIMING");
	return 0;
}

/* -S SIZE[,N]: SIZE megabytes per output file, at most N files */
static int options_size_limit(struct session *s, const char *arg)
{
	char *end;
	long mb = strtol(arg, &end, 10);

	if (*end == ',' && end[1] >= '0' && end[1] <= '9')
		strtol(end + 1, &end, 10);
	if (mb <= 0 || *end) {
		fprintf(s->err, "Invalid -S argument '%s'\n", arg);
		return -1;
	}
	s->size_limit = arg;
	return 0;
}

static int options_parse_long(struct session *s, const char *arg,
			      int64_t *out, const char *what)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 0);
	if (errno || *end || end == arg) {
		fprintf(s->err, "Invalid %s argument '%s'\n", what, arg);
		return -1;
	}
	*out = v;
	return 0;
}

/* A whole decimal (or 0x) number in [lo, hi]; else msg, as SystemTap
 * words it for that option. */
static int options_ranged(struct session *s, const char *arg, int64_t *out,
			  long long lo, long long hi, const char *msg)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 0);
	if (errno || *end || end == arg || v < lo || v > hi) {
		fprintf(s->err, "%s\n", msg);
		return -1;
	}
	*out = v;
	return 0;
}

/* -e SCRIPT: only one. */
static int options_script_text(struct session *s, const char *arg)
{
	if (s->script_text) {
		fprintf(s->err, "Only one script can be given on the command line.\n");
		return -1;
	}
	s->script_text = arg;
	return 0;
}

/* --prologue-searching[=never|always|auto] */
static int options_prologue(struct session *s, const char *arg)
{
	if (!arg || !strcmp(arg, "never") || !strcmp(arg, "always") ||
	    !strcmp(arg, "auto"))
		return 0;
	fprintf(s->err, "Invalid argument '%s' for --prologue-searching.\n",
		arg);
	return -1;
}

/* --compatible=VERSION: not a version newer than the one we speak. */
static int options_compatible(struct session *s, const char *arg)
{
	if (strverscmp(arg, STAP_COMPAT_VERSION) > 0) {
		fprintf(s->err, "ERROR: systemtap version %s cannot be compatible with future version %s\n",
			STAP_COMPAT_VERSION, arg);
		return -1;
	}
	s->compatible = arg;
	s->compatible_set = true;
	return 0;
}

static int options_pass(struct session *s, const char *arg)
{
	int64_t p;

	if (options_parse_long(s, arg, &p, "pass number") < 0)
		return -1;
	if (p < 1 || p > 5) {
		fprintf(s->err, "Invalid pass number (should be 1-5).\n");
		return -1;
	}
	s->last_pass = (int)p;
	return 0;
}

static int options_vp(struct session *s, const char *arg)
{
	int i;

	for (i = 0; arg[i]; i++) {
		if (i >= 5 || arg[i] < '0' || arg[i] > '9') {
			fprintf(s->err, "Invalid --vp argument: it takes 1 to 5 digits.\n");
			return -1;
		}
		s->verbose[i] += arg[i] - '0';
	}
	return 0;
}

static int options_release(struct session *s, const char *arg)
{
	if (arg[0] == '/') {
		s->kernel_build_dir = arg;
		s->kernel_release = NULL;	/* read from the build tree */
	} else {
		s->kernel_release = arg;
		s->kernel_build_dir = NULL;
	}
	return 0;
}

static int options_privilege(struct session *s, const char *arg)
{
	if (strcmp(arg, "stapdev") && strcmp(arg, "stapsys") &&
	    strcmp(arg, "stapusr")) {
		fprintf(s->err, "Invalid argument '%s' for --privilege.\n", arg);
		return -1;
	}
	s->privilege = arg;
	return 0;
}

static int options_remote(struct session *s, const char *arg)
{
	if (strcmp(arg, "vm") && strncmp(arg, "vm:", 3))
		return options_unsupported(s,
			"--remote to hosts other than vm[:KVER]");
	s->remote = arg;
	return 0;
}

/* -m NAME: SystemTap's safety pattern, and the kernel's length limit. */
static int options_module_name(struct session *s, const char *arg)
{
	const char *p;
	char *name;

	if (!*arg) {
		fprintf(s->err, "Module name cannot be empty.\n");
		return -1;
	}
	for (p = arg; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_')
			continue;
		fprintf(s->err, "ERROR: Safety pattern mismatch for -m parameter ('%s' vs. '^[a-z0-9_]+$') rc=1\n",
			arg);
		return -1;
	}
	name = arena_strdup(s->arena, arg);
	if (strlen(name) > MODULE_NAME_MAX) {
		name[MODULE_NAME_MAX] = '\0';
		fprintf(s->err, "Truncating module name to '%s'\n", name);
	}
	s->module_name = name;
	s->module_name_set = true;
	return 0;
}

static int options_short(struct session *s, int c, const char *arg)
{
	int i;

	switch (c) {
	case 'v':
		for (i = 0; i < 5; i++)
			s->verbose[i]++;
		return 0;
	case 'p': return options_pass(s, arg);
	case 'k': s->keep_tmpdir = true; return 0;
	case 'u': s->unoptimized = true; return 0;
	case 'w': s->suppress_warnings = true; return 0;
	case 'W': s->warnings_as_errors = true; return 0;
	case 'g': s->guru = true; return 0;
	case 's': return options_ranged(s, arg, &s->buffer_mb, 1, 4095,
				"Invalid buffer size (should be 1-4095).");
	case 'I': strlist_add(s, &s->include_dirs, arg); return 0;
	case 'D': strlist_add(s, &s->defines, arg); return 0;
	case 'B': strlist_add(s, &s->make_args, arg); return 0;
	case 'G': strlist_add(s, &s->globals_set, arg); return 0;
	case 'R': s->runtime_dir = arg; return 0;
	case 'r': return options_release(s, arg);
	case 'a': s->arch = arg; return 0;
	case 'm': return options_module_name(s, arg);
	case 'o': s->output_file = arg; return 0;
	case 'E': strlist_add(s, &s->extra_scripts, arg); return 0;
	case 'c': s->target_cmd = arg; return 0;
	case 'x': return options_ranged(s, arg, &s->target_pid, LLONG_MIN,
				LLONG_MAX, "Invalid target process ID number.");
	case 'T': return options_ranged(s, arg, &s->timeout_s, 1, LLONG_MAX,
				"Invalid timeout interval.");
	case 'e': return options_script_text(s, arg);
	case 'l': s->listing = true; s->listing_pattern = arg; return 0;
	case 'L':
		s->listing = s->listing_vars = true;
		s->listing_pattern = arg;
		return 0;
	case 'P': return 0;	/* prologue searching: no DWARF probes yet */
	case 'b': return options_bulk(s);
	case 'F': s->flight = true; return 0;
	case 'S': return options_size_limit(s, arg);
	case 'd': strlist_add(s, &s->unwind_objects, arg); return 0;
	case 't': return options_timing(s);
	case 'q': return options_unsupported(s, "-q (tapset coverage)");
	case 'C': return options_unsupported(s, "-C");
	}
	return -1;
}

static int options_long(struct session *s, int c, const char *arg,
			bool *example)
{
	switch (c) {
	case LO_VP: return options_vp(s, arg);
	case LO_SKIP_BADVARS: s->skip_badvars = true; return 0;
	case LO_SUPPRESS_HANDLER_ERRORS:
		s->suppress_handler_errors = true;
		return 0;
	case LO_COMPATIBLE: return options_compatible(s, arg);
	case LO_PRIVILEGE: return options_privilege(s, arg);
	case LO_UNPRIVILEGED: s->privilege = "stapusr"; return 0;
	case LO_REMOTE: return options_remote(s, arg);
	case LO_TMPDIR: s->tmpdir = arg; return 0;
	case LO_EXAMPLE: *example = true; return 0;
	case LO_DUMP_PROBE_TYPES: s->dump_probe_types = true; return 0;
	case LO_DUMP_PROBE_ALIASES: s->dump_probe_aliases = true; return 0;
	case LO_DUMP_FUNCTIONS: s->dump_functions = true; return 0;
	case LO_DISABLE_CACHE: s->use_cache = false; return 0;
	case LO_RUNTIME:
		if (strcmp(arg, "kernel") == 0)
			return 0;
		return options_unsupported(s, "--runtime other than kernel");
	case LO_BPF: return options_unsupported(s, "--bpf");
	case LO_PROLOGUE: return options_prologue(s, arg);
	case LO_CHECK_VERSION: return 0;
	case LO_LDD: strlist_add(s, &s->unwind_objects, "--ldd"); return 0;
	case LO_ALL_MODULES:
		strlist_add(s, &s->unwind_objects, "--all-modules");
		return 0;
	case LO_COLOR:
		if (diag_set_color(s, arg) == 0)
			return 0;
		fprintf(s->err, "Invalid argument '%s' for --color.\n", arg);
		return -1;
	case LO_SUPPRESS_TIME_LIMITS:
		strlist_add(s, &s->defines, "STP_NO_OVERLOAD");
		strlist_add(s, &s->defines, "MAXACTION=-1");
		return 0;
	}
	return options_unsupported(s, "this long option");
}

/* The script: a file argument, -e, or "-" for stdin; the rest are $1... */
static int options_script(struct session *s, int argc, char **argv,
			  bool example)
{
	int i = optind;

	if (!s->script_text && !s->listing && !s->dump_probe_types &&
	    !s->dump_functions && !s->dump_probe_aliases) {
		if (i >= argc) {
			fprintf(s->err, "A script must be specified.\n");
			fprintf(s->err, "Try '--help' for more information. [man stap]\n");
			return -1;
		}
		s->script_file = argv[i++];
		if (example)
			s->script_file = options_example_path(s, s->script_file);
		if (!s->script_file)
			return -1;
	}
	for (; i < argc; i++)
		strlist_add(s, &s->script_args, argv[i]);
	return 0;
}

/* -l, -L and --dump-* exclude each other and a script, as in SystemTap. */
static int options_check_listing(struct session *s, int argc)
{
	int dumps = s->dump_probe_types + s->dump_functions +
		    s->dump_probe_aliases;

	if (dumps > 1)
		return -1;
	if (dumps && s->listing) {
		fprintf(s->err, "ERROR: only one of the -l/-L/--dump-* switches may be specified\n");
		return -1;
	}
	if ((dumps || s->listing) && (s->script_text || optind < argc)) {
		if (s->listing && optind < argc)
			return 0;	/* -l PATTERN ARGS: script arguments */
		fprintf(s->err, "Cannot specify a script with -l/-L/--dump-* switches.\n");
		return -1;
	}
	return 0;
}

int options_parse(struct session *s, int argc, char **argv)
{
	bool example = false;
	int c;

	s->last_pass = 5;
	s->use_cache = true;
	s->privilege = "stapdev";
	s->arch = "x86_64";
	s->max_errors = 50;	/* errors printed per run; the rest counted */
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, short_options, long_options,
				NULL)) != -1) {
		if (c == 'h') {
			options_usage(stdout);
			exit(0);
		}
		if (c == 'V') {
			options_version(stderr);
			exit(0);
		}
		if (c == '?' || c == ':') {
			fprintf(s->err, "stap: invalid option '%s'\n",
				argv[optind - 1]);
			fprintf(s->err, "Try '--help' for more information.\n");
			return -1;
		}
		if ((c < 256 ? options_short(s, c, optarg)
			     : options_long(s, c, optarg, &example)) < 0)
			return -1;
	}
	if (options_check_listing(s, argc) < 0)
		return -1;
	if (s->target_cmd && s->target_pid) {
		fprintf(s->err, "You can't specify -c and -x together.\n");
		fprintf(s->err, "Try '--help' for more information. [man stap]\n");
		fprintf(s->err, "A message like [man foo] means for more info, run %% man foo\n");
		return -1;
	}
	return options_script(s, argc, argv, example);
}
