/*
 * staprun.c - insert a stap module, run stapio on it, remove the module.
 *
 *   staprun [OPTIONS] MODULE[.ko] [VAR=VALUE ...]
 *
 * Options may also follow MODULE (GNU getopt permutation), so
 * `staprun m.ko -c CMD x=1` works; VAR=VALUE never starts with '-'.
 *
 * Invariant: once finit_module() succeeded, every way out of this program
 * except SIGKILL goes through sr_unload(): normal end, stapio failing,
 * stapio being killed, and SIGINT/SIGTERM/SIGHUP (forwarded to stapio,
 * which stops the script; we then remove the module).
 * -T SECONDS stops the script after SECONDS (what stap -T needs; the
 * original staprun's -T was a reader delay in ms).  -L loads the module,
 * starts its probes and leaves it running (stap -F); -A NAME attaches to
 * such a module, and the module is removed when that session ends, as
 * after a normal run.  -M, -u, -r and -N are not supported yet.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../runtime/uapi/stp_proto.h"

#define SR_DEBUGFS_MAGIC 0x64626720
#define SR_MODNAME_MAX 56
#define SR_THIS_MODULE_NAME_OFF 24	/* offsetof(struct module, name) */

static int sr_verbose;
static const char *sr_progname = "staprun";
static char sr_modname[SR_MODNAME_MAX];
static int sr_loaded;
static volatile sig_atomic_t sr_child = -1;
static volatile sig_atomic_t sr_pending;	/* signal before stapio ran */

static void sr_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sr_err(const char *fmt, ...)
{
	va_list ap;

	fputs("ERROR: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void sr_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void sr_log(int level, const char *fmt, ...)
{
	va_list ap;

	if (sr_verbose < level)
		return;
	fprintf(stderr, "%s: ", sr_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The usage text; staprun(8) documents the same options (the docs test
 * testsuite/docs/help.sh keeps them equal). */
static void sr_usage(int rc)
{
	fprintf(rc ? stderr : stdout,
		"Usage: staprun [-v] [-V] [-h] [-w] [-c CMD | -x PID] [-o FILE [-D]]\n"
		"               [-S SIZE[,N]] [-b MB] [-R] [-T SECONDS] [-C WHEN]\n"
		"               [-L | -A] [-d MODULE]\n"
		"               MODULE [VAR=VALUE ...]\n"
		"-v              say more about each step; repeat for more\n"
		"-V              print the version and exit\n"
		"-h              print this text and exit\n"
		"-w              do not print the module's warnings\n"
		"-c CMD          run CMD (with /bin/sh) once the probes are active and\n"
		"                stop when it exits; target() is its PID\n"
		"-x PID          make target() return PID\n"
		"-o FILE         write the script's output to FILE\n"
		"-b MB           transport buffer size in megabytes\n"
		"-D              run in the background (needs -o)\n"
		"-R              load the module under a new unique name\n"
		"-T SECONDS      stop the script after SECONDS (what stap -T passes)\n"
		"-t SECONDS      the same as -T\n"
		"-C WHEN         colours: never, always or auto (accepted; the\n"
		"                module's messages are printed plain)\n"
		"-d MODULE       remove the loaded module MODULE and exit\n"
		"-S SIZE[,N]     switch output files (-o FILE.0, FILE.1, ...) past\n"
		"                SIZE MB, keeping at most N of them\n"
		"-L              load the module, start it and detach (leave it\n"
		"                running)\n"
		"-A              attach to the running module MODULE (a name)\n"
		"Not supported yet: -M -u -r -N\n"
		"MODULE is a path to a .ko file, or a name looked up as\n"
		"/lib/modules/RELEASE/systemtap/MODULE.ko.  VAR=VALUE sets a global\n"
		"of the script before it starts.\n");
	exit(rc);
}

/* the module image read in full, and what we learned from its ELF */
struct sr_image {
	char *data;
	size_t len;
	const char *vermagic;	/* points into data */
	const char *name;	/* modinfo name=, points into data */
	char *this_name;	/* struct module name inside data, or NULL */
	int fd;			/* the file checked: finit_module loads it */
};

static int sr_read_file(const char *path, struct sr_image *im)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	im->fd = fd;
	if (fd < 0 || fstat(fd, &st) < 0) {
		sr_err("Couldn't open module '%s': %s", path, strerror(errno));
		return -1;
	}
	im->len = st.st_size;
	im->data = malloc(im->len + 1);
	if (!im->data || pread(fd, im->data, im->len, 0) != (ssize_t)im->len) {
		sr_err("Couldn't read module '%s'", path);
		return -1;
	}
	im->data[im->len] = '\0';
	return 0;
}

/* section header by name, NULL if absent or the file is malformed */
static const Elf64_Shdr *sr_section(const struct sr_image *im, const char *n)
{
	const Elf64_Ehdr *eh = (const void *)im->data;
	const Elf64_Shdr *sh, *strs;
	int i;

	if (eh->e_shoff + (size_t)eh->e_shnum * sizeof(*sh) > im->len ||
	    eh->e_shstrndx >= eh->e_shnum)
		return NULL;
	sh = (const void *)(im->data + eh->e_shoff);
	strs = &sh[eh->e_shstrndx];
	for (i = 0; i < eh->e_shnum; i++) {
		size_t off = strs->sh_offset + sh[i].sh_name;

		if (off < im->len && sh[i].sh_offset + sh[i].sh_size <= im->len &&
		    strcmp(im->data + off, n) == 0)
			return &sh[i];
	}
	return NULL;
}

/* find "key=" in .modinfo; the value is NUL-terminated inside the image */
static const char *sr_modinfo(const struct sr_image *im, const char *key)
{
	const Elf64_Shdr *s = sr_section(im, ".modinfo");
	size_t klen = strlen(key), i;
	const char *p;

	if (!s)
		return NULL;
	p = im->data + s->sh_offset;
	for (i = 0; i < s->sh_size; i += strlen(p + i) + 1)
		if (strncmp(p + i, key, klen) == 0 && p[i + klen] == '=')
			return p + i + klen + 1;
	return NULL;
}

static int sr_parse_elf(const char *path, struct sr_image *im)
{
	const Elf64_Ehdr *eh = (const void *)im->data;
	const Elf64_Shdr *tm;

	if (im->len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64) {
		sr_err("'%s' is not a 64-bit ELF kernel module", path);
		return -1;
	}
	im->vermagic = sr_modinfo(im, "vermagic");
	im->name = sr_modinfo(im, "name");
	tm = sr_section(im, ".gnu.linkonce.this_module");
	if (tm && tm->sh_size > SR_THIS_MODULE_NAME_OFF + SR_MODNAME_MAX)
		im->this_name = im->data + tm->sh_offset +
				SR_THIS_MODULE_NAME_OFF;
	if (!im->vermagic || !im->name || !im->this_name) {
		sr_err("'%s' is not a kernel module (no .modinfo/vermagic)",
		       path);
		return -1;
	}
	return 0;
}

/* the module's release (first word of vermagic) must be `uname -r` */
static int sr_check_release(const char *path, const struct sr_image *im)
{
	struct utsname u;
	size_t n = strcspn(im->vermagic, " ");

	uname(&u);
	if (strlen(u.release) == n && strncmp(u.release, im->vermagic, n) == 0)
		return 0;
	sr_err("module '%s' was built for kernel \"%.*s\", but the running kernel is \"%s\"",
	       path, (int)n, im->vermagic, u.release);
	return -1;
}

/* -R: give the module a unique name (NAME_PID) before inserting it */
static int sr_rename(struct sr_image *im)
{
	char nn[SR_MODNAME_MAX];
	char *info = (char *)im->name;
	size_t ilen = strlen(info);

	if (strcmp(im->this_name, im->name) != 0) {
		sr_err("-R: cannot find the module name to rename");
		return -1;
	}
	snprintf(nn, sizeof(nn), "%.*s_%d", (int)(SR_MODNAME_MAX - 12),
		 im->name, (int)getpid());
	memset(im->this_name, 0, SR_MODNAME_MAX);
	strcpy(im->this_name, nn);
	/* .modinfo name= must not grow: keep it only when it still fits */
	if (strlen(nn) <= ilen) {
		memset(info, 0, ilen);
		strcpy(info, nn);
	}
	return 0;
}

/* append VAR=VALUE, quoting a value with spaces for the kernel parser */
static void sr_add_param(char *buf, size_t cap, const char *a)
{
	const char *eq = strchr(a, '=');
	size_t len = strlen(buf);

	if (len && len + 1 < cap)
		len += snprintf(buf + len, cap - len, " ");
	int n;

	if (eq && strchr(eq, ' ') && eq[1] != '"')
		n = snprintf(buf + len, cap - len, "%.*s\"%s\"",
			     (int)(eq - a + 1), a, eq + 1);
	else
		n = snprintf(buf + len, cap - len, "%s", a);
	if (n < 0 || (size_t)n >= cap - len) {
		sr_err("Module options too long (more than %zu bytes).", cap - 1);
		exit(1);
	}
}

static const char *sr_insert_errmsg(int e)
{
	switch (e) {
	case EEXIST: return "a module of that name is already loaded (try -R)";
	case ENOEXEC: return "invalid module format (see dmesg)";
	case EPERM: return "operation not permitted (need root; module loading disabled?)";
	case EKEYREJECTED: return "module signature rejected";
	case EINVAL: return "invalid module or parameters (see dmesg)";
	case ENOENT: return "unknown symbol or parameter (see dmesg)";
	default: return strerror(e);
	}
}

static int sr_insert(const char *path, struct sr_image *im, const char *params,
		     int renamed)
{
	long rc;

	/* never reopen the path: what is loaded is what was checked */
	if (renamed)
		rc = syscall(SYS_init_module, im->data, im->len, params);
	else
		rc = syscall(SYS_finit_module, im->fd, params, 0);
	close(im->fd);
	im->fd = -1;
	if (rc != 0) {
		sr_err("Couldn't insert module '%s': %s", path,
		       sr_insert_errmsg(errno));
		return -1;
	}
	snprintf(sr_modname, sizeof(sr_modname), "%s", im->this_name);
	sr_loaded = 1;
	sr_log(1, "inserted module '%s' (params \"%s\")", sr_modname, params);
	return 0;
}

/* remove a module, retrying while stapio's files are being closed */
static int sr_delete(const char *name)
{
	int i;

	for (i = 0; i < 100; i++) {
		if (syscall(SYS_delete_module, name, O_NONBLOCK) == 0) {
			sr_log(1, "removed module '%s'", name);
			return 0;
		}
		if (errno != EWOULDBLOCK && errno != EAGAIN && errno != EBUSY)
			break;
		usleep(50000);
	}
	sr_err("Couldn't remove module '%s': %s", name, strerror(errno));
	return -1;
}

static void sr_unload(void)
{
	if (sr_loaded && sr_delete(sr_modname) == 0)
		sr_loaded = 0;
}

static void sr_mount_debugfs(void)
{
	struct statfs sf;

	if (statfs(STP_DEBUGFS_MOUNT, &sf) == 0 && sf.f_type == SR_DEBUGFS_MAGIC)
		return;
	if (mount("debugfs", STP_DEBUGFS_MOUNT, "debugfs", 0, NULL) != 0)
		sr_log(0, "cannot mount debugfs on %s: %s", STP_DEBUGFS_MOUNT,
		       strerror(errno));
}

/*
 * stapio: $STAPIO, next to us, ../stapio/stapio (build tree),
 * ../libexec/stap/stapio (installed), or $PATH
 */
static void sr_stapio_path(char *out, size_t cap)
{
	static const char *const rel[] = { "stapio", "../stapio/stapio",
					   "../libexec/stap/stapio" };
	char self[PATH_MAX - 32];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;
	size_t i;

	if (getenv("STAPIO")) {
		snprintf(out, cap, "%s", getenv("STAPIO"));
		return;
	}
	snprintf(out, cap, "stapio");
	if (n <= 0)
		return;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return;
	*slash = '\0';
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(out, cap, "%s/%s", self, rel[i]);
		if (access(out, X_OK) == 0)
			return;
	}
	snprintf(out, cap, "stapio");
}

static void sr_forward(int sig)
{
	if (sr_child > 0)
		kill(sr_child, sig);
	else
		sr_pending = sig;
}

static void sr_signals(void)
{
	struct sigaction sa = { .sa_handler = sr_forward };
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	size_t i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* run stapio with argv (already holding its options and module name) */
static int sr_run_stapio(char **argv)
{
	char path[PATH_MAX];
	int st;

	sr_stapio_path(path, sizeof(path));
	argv[0] = path;
	sr_child = fork();
	if (sr_child < 0) {
		sr_err("fork: %s", strerror(errno));
		return 1;
	}
	if (sr_child == 0) {
		execvp(path, argv);
		sr_err("cannot run stapio '%s': %s", path, strerror(errno));
		_exit(127);
	}
	if (sr_pending)
		kill(sr_child, sr_pending);
	while (waitpid(sr_child, &st, 0) < 0)
		if (errno != EINTR)
			return 1;
	sr_child = -1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	sr_err("stapio was killed by signal %d", WTERMSIG(st));
	return 1;
}

/* -D: detach into the background, printing the daemon's pid */
static void sr_daemonize(void)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0) {
		sr_err("fork: %s", strerror(errno));
		return;
	}
	if (pid > 0) {
		printf("%d\n", (int)pid);
		fflush(stdout);
		_exit(0);
	}
	setsid();
	fd = open("/dev/null", O_RDWR);
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

/* everything the command line asked for */
struct sr_opts {
	char *io_argv[32];	/* stapio argv being built, [0] set later */
	int io_argc;
	char params[4096];
	const char *module;
	const char *outfile;
	int daemon;
	int rename;
	const char *delete_name;	/* -d NAME */
	int detach;		/* -L */
	int attach;		/* -A */
};

static void sr_io_arg(struct sr_opts *o, const char *a, const char *b)
{
	if (o->io_argc + 3 >= (int)(sizeof(o->io_argv) / sizeof(o->io_argv[0])))
		sr_usage(1);
	o->io_argv[o->io_argc++] = (char *)a;
	if (b)
		o->io_argv[o->io_argc++] = (char *)b;
}

static void sr_unsupported(int c)
{
	sr_err("staprun option -%c is not supported yet", c);
	exit(1);
}

/*
 * Every option is checked here, before anything reaches the module: a
 * value the module would misuse (a 100 GB buffer, a garbage pid) is an
 * error naming the option, never a kernel allocation failure.
 */

/* The decimal integer a, within lo..hi; else -1 (a is never negative). */
static long sr_int_arg(const char *a, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(a, &end, 10);
	if (errno || end == a || *end || v < lo || v > hi)
		return -1;
	return v;
}

/* -b MB: SystemTap's range, and no more per CPU than the memory allows. */
static long sr_bufsize_mb(const char *a)
{
	long mb = sr_int_arg(a, 1, 4095), cpus = sysconf(_SC_NPROCESSORS_CONF);
	struct sysinfo si;

	if (mb < 0) {
		sr_err("Invalid buffer size '%s' (should be 1-4095).", a);
		exit(1);
	}
	if (cpus > 0 && sysinfo(&si) == 0 &&
	    (unsigned long long)mb * cpus * 2 >
	    (unsigned long long)si.totalram * si.mem_unit >> 20) {
		sr_err("Buffer size %ld MB per CPU (%ld CPUs) needs more than half of the memory (%llu MB); use a smaller -b.",
		       mb, cpus, (unsigned long long)si.totalram * si.mem_unit >> 20);
		exit(1);
	}
	return mb;
}

static const char *sr_seconds_arg(int c, const char *a)
{
	if (sr_int_arg(a, 1, 1L << 30) < 0) {
		sr_err("Invalid time limit '%s' for -%c (should be a whole number of seconds >= 1).", a, c);
		exit(1);
	}
	return a;
}

static const char *sr_pid_arg(const char *a)
{
	if (sr_int_arg(a, 1, INT_MAX) < 0) {
		sr_err("Invalid process ID '%s' for -x.", a);
		exit(1);
	}
	return a;
}

static const char *sr_nonempty_arg(int c, const char *a)
{
	if (!*a) {
		sr_err("Option -%c needs a non-empty argument.", c);
		exit(1);
	}
	return a;
}

static void sr_color_arg(const char *a)
{
	if (strcmp(a, "never") && strcmp(a, "always") && strcmp(a, "auto")) {
		sr_err("Invalid option '%s' for -C (should be never, always or auto).", a);
		exit(1);
	}
}

/* VAR=VALUE with VAR a C identifier (a script global). */
static void sr_check_param(const char *a)
{
	const char *p = a;

	if (isalpha((unsigned char)*p) || *p == '_')
		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
	if (p == a || *p != '=') {
		sr_err("Invalid module option '%s' (should be VAR=VALUE).", a);
		exit(1);
	}
}

static void sr_parse_opt(struct sr_opts *o, int c)
{
	char kb[64];

	switch (c) {
	case 'v': sr_verbose++; sr_io_arg(o, "-v", NULL); break;
	case 'V': printf("staprun (stap reimplementation) protocol %d\n",
			 STP_PROTO_VERSION); exit(0);
	case 'w': sr_io_arg(o, "-w", NULL); break;
	case 'c': sr_io_arg(o, "-c", sr_nonempty_arg(c, optarg)); break;
	case 'x': sr_io_arg(o, "-x", sr_pid_arg(optarg)); break;
	case 'o': o->outfile = sr_nonempty_arg(c, optarg);
		sr_io_arg(o, "-o", optarg); break;
	case 'T':	/* as stap -T: not the real staprun's reader delay */
	case 't': sr_io_arg(o, "-t", sr_seconds_arg(c, optarg)); break;
	case 'b':
		snprintf(kb, sizeof(kb), "_stp_bufsize_kb=%ld",
			 sr_bufsize_mb(optarg) * 1024);
		sr_add_param(o->params, sizeof(o->params), kb);
		break;
	case 'C': sr_color_arg(optarg); break;	/* we print no colours */
	case 'D': o->daemon = 1; break;
	case 'R': o->rename = 1; break;
	case 'd': o->delete_name = optarg; break;
	case 'h': sr_usage(0); break;
	case 'S': sr_io_arg(o, "-S", optarg); break;
	case 'L': o->detach = 1; sr_io_arg(o, "-L", NULL); break;
	case 'A': o->attach = 1; sr_io_arg(o, "-A", NULL); break;
	case 'M': case 'u': case 'r': case 'N':
		sr_unsupported(c); break;
	default: sr_usage(1);
	}
}

static void sr_parse(struct sr_opts *o, int argc, char **argv)
{
	int c, i;

	o->io_argc = 1;
	while ((c = getopt(argc, argv, "vVwc:x:o:b:T:t:C:DRd:hLAS:M:ur:N:")) != -1)
		sr_parse_opt(o, c);
	if (o->delete_name)
		return;
	if (optind >= argc)
		sr_usage(1);
	o->module = argv[optind];
	for (i = optind + 1; i < argc; i++) {
		sr_check_param(argv[i]);
		sr_add_param(o->params, sizeof(o->params), argv[i]);
	}
	if (o->daemon && !o->outfile) {
		sr_err("-D needs -o FILE");
		exit(1);
	}
	if (o->attach && (o->detach || o->rename || optind + 1 < argc)) {
		sr_err("-A takes a module name only (no -L, -R or VAR=VALUE)");
		exit(1);
	}
}

/* NAME without '/' or ".ko": /lib/modules/`uname -r`/systemtap/NAME.ko */
static const char *sr_module_path(const char *m)
{
	static char path[PATH_MAX];
	size_t n = strlen(m);
	struct utsname u;

	if (strchr(m, '/') || (n > 3 && strcmp(m + n - 3, ".ko") == 0))
		return m;
	uname(&u);
	snprintf(path, sizeof(path), "/lib/modules/%s/systemtap/%s.ko",
		 u.release, m);
	return path;
}

/* True when the process is in the group NAME of /etc/group (read
 * directly: this static binary has no NSS). */
static int sr_in_group(const char *name)
{
	char line[4096], *colon;
	size_t n = strlen(name);
	gid_t gid = (gid_t)-1, groups[NGROUPS_MAX];
	FILE *f = fopen("/etc/group", "re");
	int i, ng;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ':' &&
		    (colon = strchr(line + n + 1, ':')) != NULL) {
			gid = (gid_t)strtoul(colon + 1, NULL, 10);
			break;
		}
	fclose(f);
	if (gid == (gid_t)-1)
		return 0;
	if (getgid() == gid)
		return 1;
	ng = getgroups(NGROUPS_MAX, groups);
	for (i = 0; i < ng; i++)
		if (groups[i] == gid)
			return 1;
	return 0;
}

/* what the caller may do, from the groups staprun(8) names */
enum sr_level { SR_NONE, SR_STAPUSR, SR_STAPSYS, SR_STAPDEV };

static enum sr_level sr_caller;

/*
 * Who runs us: root, or, with staprun installed setuid root (root:stapusr
 * 4754, as Debian installs it), a member of stapdev (as good as root),
 * stapsys or stapusr; anyone else is refused in SystemTap's words.  When
 * running setuid, the caller's $STAPIO and $PATH are not trusted.
 */
static int sr_check_privilege(void)
{
	if (geteuid() != 0) {
		sr_err("staprun must run as root, or be installed setuid root for the stapusr group");
		return 1;
	}
	sr_caller = SR_STAPDEV;
	if (getuid() == 0)
		return 0;
	unsetenv("STAPIO");
	setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1);
	if (sr_in_group("stapdev"))
		return 0;
	sr_caller = sr_in_group("stapsys") ? SR_STAPSYS :
		    sr_in_group("stapusr") ? SR_STAPUSR : SR_NONE;
	if (sr_caller != SR_NONE)
		return 0;
	sr_err("You are trying to run systemtap as a normal user.\n"
	       "You should either be root, or be part of the group \"stapusr\" and possibly one of the groups \"stapsys\" or \"stapdev\".");
	return 1;
}

/* the directory of the file behind fd, from /proc (no path race) */
static int sr_fd_dir(int fd, char *out, size_t cap)
{
	char link[64];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, out, cap - 1);
	if (n <= 0)
		return -1;
	out[n] = '\0';
	if (strrchr(out, '/'))
		*strrchr(out, '/') = '\0';
	return 0;
}

/*
 * stapsys and stapusr members load only modules built for their level
 * (stap --privilege, stamped as modinfo stap_privilege), and only from
 * /lib/modules/RELEASE/systemtap/, where root put them (module signing,
 * SystemTap's other way, is not supported yet).
 */
static int sr_check_module(const char *path, const struct sr_image *im)
{
	const char *lvl = sr_modinfo(im, "stap_privilege");
	const char *who = sr_caller == SR_STAPSYS ? "stapsys" : "stapusr";
	char dir[PATH_MAX], want[PATH_MAX];
	struct utsname u;

	if (sr_caller == SR_STAPDEV)
		return 0;
	if (!lvl || (strcmp(lvl, "stapusr") &&
		     (sr_caller != SR_STAPSYS || strcmp(lvl, "stapsys")))) {
		sr_err("module '%s' was built for privilege level %s; members of \"%s\" may only run modules built with --privilege=%s",
		       path, lvl ? lvl : "stapdev", who, who);
		return -1;
	}
	uname(&u);
	snprintf(want, sizeof(want), "/lib/modules/%s/systemtap", u.release);
	if (sr_fd_dir(im->fd, dir, sizeof(dir)) || strcmp(dir, want)) {
		sr_err("Members of the \"%s\" group may only load modules from \"%s\" (module signing is not supported yet)",
		       who, want);
		return -1;
	}
	return 0;
}

/* -d NAME: a running SystemTap module (it has our transport parameter);
 * removing one is for root and stapdev */
static int sr_delete_checked(const char *name)
{
	char p[PATH_MAX];

	if (sr_caller != SR_STAPDEV) {
		sr_err("only root and members of \"stapdev\" may remove modules");
		return 1;
	}
	snprintf(p, sizeof(p), "/sys/module/%s/parameters/_stp_bufsize_kb", name);
	if (access(p, F_OK) != 0) {
		sr_err("'%s' is not a loaded SystemTap module", name);
		return 1;
	}
	return sr_delete(name) == 0 ? 0 : 1;
}

/* -A NAME: stream the output of a module left running by -L, then
 * remove it as a normal run would */
static int sr_attach(struct sr_opts *o)
{
	int rc;

	snprintf(sr_modname, sizeof(sr_modname), "%s", o->module);
	sr_loaded = 1;
	sr_signals();
	sr_mount_debugfs();
	sr_io_arg(o, sr_modname, NULL);
	o->io_argv[o->io_argc] = NULL;
	rc = sr_run_stapio(o->io_argv);
	sr_unload();
	return sr_loaded ? 1 : rc;
}

int main(int argc, char **argv)
{
	static struct sr_opts o;
	struct sr_image im = { 0 };
	const char *path;
	int rc;

	sr_parse(&o, argc, argv);
	if (sr_check_privilege())
		return 1;
	if (o.delete_name)
		return sr_delete_checked(o.delete_name);
	if (o.attach)
		return sr_attach(&o);
	path = sr_module_path(o.module);
	if (sr_read_file(path, &im) || sr_parse_elf(path, &im) ||
	    sr_check_module(path, &im) ||
	    sr_check_release(path, &im) || (o.rename && sr_rename(&im)))
		return 1;
	sr_signals();
	if (sr_insert(path, &im, o.params, o.rename))
		return 1;
	free(im.data);
	sr_mount_debugfs();
	if (o.daemon)
		sr_daemonize();
	sr_io_arg(&o, "-P", NULL);	/* stapio removes the module if we die */
	sr_io_arg(&o, sr_modname, NULL);
	o.io_argv[o.io_argc] = NULL;
	rc = sr_run_stapio(o.io_argv);
	if (o.detach && rc == 0)
		return 0;	/* left running for staprun -A */
	sr_unload();
	return sr_loaded ? 1 : rc;
}
