/*
 * stap-vm.c - run stap modules in a throwaway qemu guest (host side).
 *
 *   stap-vm run   [OPTS] [STAPRUN-OPTIONS] MODULE.ko [STAPRUN-ARGS...]
 *   stap-vm batch [OPTS] [-v] [-o OUTDIR] LISTFILE
 *   stap-vm kernels      (usable cloud kernels, the default first)
 *   OPTS: -k KVER, --smp N, --icount, --timeout S, --wedge S, --verbose
 *
 * The guest boots /boot/vmlinuz-KVER with an initramfs made of a cached
 * base archive (busybox, staprun, stapio, stapvm-init as /init; keyed on
 * the contents of those files) plus a small per-run archive with the jobs
 * list and the (debug-stripped) modules. The guest console (ttyS0) goes to
 * a log file; program output comes framed over ttyS1 (svm_proto.h).
 *
 * Invariants: qemu never outlives us (every exit path kills it); a test
 * that never reports (guest died or wedged) is recorded as failed with the
 * console's oops or tail, never silently lost; `run` exits with staprun's
 * status in the guest, or 125 when the VM itself failed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include "svm_proto.h"
#include "../kver.h"

#define SV_FAIL 125		/* exit status when the VM itself failed */
#define SV_MAXJOBS 4096
#define SV_MAXINSMOD 8
#define SV_APPEND "console=ttyS0 loglevel=5 panic=-1 rdinit=/init " \
	"8250.nr_uarts=2 tsc=reliable no_timer_check nmi_watchdog=0 " \
	"random.trust_cpu=on"

/* one test: from the command line (run) or a LISTFILE line (batch) */
struct sv_job {
	char *name, *module, *args;
	int timeout;
	int done;		/* got its SVM_RC (or was given up on) */
	int rc;
	double t0;
};

static struct sv_opts {
	const char *kver;
	int smp, icount, timeout, wedge, verbose, batch;
	const char *outdir;	/* batch: results directory */
	const char *insmod[SV_MAXINSMOD];	/* kernel modules loaded at boot */
	int ninsmod;
	const char *files_dir;	/* run: where the guest's output files go */
	char self_dir[PATH_MAX - 64];
} sv_o = { .smp = 1, .wedge = 120 };

static struct sv_job sv_jobs[SV_MAXJOBS];
static int sv_njobs;
static char sv_tmp[PATH_MAX - 64];
static pid_t sv_qemu = -1;
static int sv_run_rc = SV_FAIL;

static void sv_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sv_say(const char *fmt, ...)
{
	va_list ap;

	fputs("stap-vm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static double sv_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sv_write_all(int fd, const void *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p = (const char *)p + w;
		n -= w;
	}
}

static char *sv_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc(n + 1)) &&
	    fread(buf, 1, n, f) == (size_t)n) {
		buf[n] = '\0';
		*len = n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static void sv_put_file(const char *dir, const char *name, const char *ext,
			const void *p, size_t n, int append)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext);
	fd = open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC),
		  0644);
	if (fd < 0)
		return;
	sv_write_all(fd, p, n);
	close(fd);
}

/* ---- initramfs: cpio "newc" archives ---- */

static void sv_cpio_entry(FILE *f, const char *name, unsigned int mode,
			  const void *data, size_t len, unsigned int rdev)
{
	static unsigned int ino = 1000;
	size_t nlen = strlen(name) + 1;
	static const char zero[4];

	fprintf(f, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
		ino++, mode, 0, 0, 1, 0, len, 0, 0, rdev >> 8, rdev & 0xff,
		nlen, 0);
	fwrite(name, 1, nlen, f);
	fwrite(zero, 1, (4 - (110 + nlen) % 4) % 4, f);
	fwrite(data, 1, len, f);
	fwrite(zero, 1, (4 - len % 4) % 4, f);
}

static int sv_cpio_file(FILE *f, const char *name, const char *src)
{
	size_t len;
	char *data = sv_read_file(src, &len);

	if (!data) {
		sv_say("cannot read %s: %s", src, strerror(errno));
		return -1;
	}
	sv_cpio_entry(f, name, 0100755, data, len, 0);
	free(data);
	return 0;
}

static void sv_cpio_trailer(FILE *f)
{
	sv_cpio_entry(f, "TRAILER!!!", 0, NULL, 0, 0);
}

/* a helper binary: $ENV, next to us, the build tree, or installed bin/ */
static const char *sv_helper(const char *env, const char *name,
			     const char *tree)
{
	static char paths[4][PATH_MAX];
	static int k;
	char *p = paths[k++ % 4];
	const char *fmt[] = { "%s/%s", "%s/../../%s", "%s/../../bin/%s" };
	const char *arg[] = { name, tree, name };
	size_t i;

	if (getenv(env))
		return getenv(env);
	for (i = 0; i < 3; i++) {
		snprintf(p, PATH_MAX, fmt[i], sv_o.self_dir, arg[i]);
		if (access(p, X_OK) == 0)
			return p;
	}
	snprintf(p, PATH_MAX, fmt[1], sv_o.self_dir, tree);
	return p;
}

static uint64_t sv_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		h = (h ^ *c++) * 0x100000001b3ULL;
	return h;
}

static const char *sv_cache_dir(void)
{
	static char d[PATH_MAX];

	if (getenv("STAPVM_CACHE"))
		snprintf(d, sizeof(d), "%s", getenv("STAPVM_CACHE"));
	else if (getenv("XDG_CACHE_HOME"))
		snprintf(d, sizeof(d), "%s/stap-vm", getenv("XDG_CACHE_HOME"));
	else if (getenv("HOME"))
		snprintf(d, sizeof(d), "%s/.cache/stap-vm", getenv("HOME"));
	else
		snprintf(d, sizeof(d), "/tmp/stap-vm-cache-%d", (int)getuid());
	return d;
}

static int sv_mkdir_p(const char *dir)
{
	char p[PATH_MAX], *s;

	snprintf(p, sizeof(p), "%s", dir);
	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	return mkdir(p, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

static const char *const sv_base_dirs[] = {
	"bin", "sbin", "usr", "usr/bin", "usr/sbin", "proc", "sys", "dev",
	"tmp", "etc", "root", "m", "stapvm", "lib", "lib/modules",
};

/* write the base archive to path (atomically) */
static int sv_build_base(const char *path, const char *const src[4])
{
	static const char *const dst[4] = { "init", "bin/busybox",
					    "bin/staprun", "bin/stapio" };
	char tmp[PATH_MAX + 16];
	FILE *f;
	size_t i;
	int rc = 0;

	snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid());
	f = fopen(tmp, "wb");
	if (!f)
		return -1;
	for (i = 0; i < sizeof(sv_base_dirs) / sizeof(sv_base_dirs[0]); i++)
		sv_cpio_entry(f, sv_base_dirs[i], 040755, NULL, 0, 0);
	sv_cpio_entry(f, "dev/console", 020600, NULL, 0, (5 << 8) | 1);
	sv_cpio_entry(f, "bin/sh", 0120777, "busybox", 7, 0);
	for (i = 0; i < 4 && rc == 0; i++)
		rc = sv_cpio_file(f, dst[i], src[i]);
	sv_cpio_trailer(f);
	if (fclose(f) != 0 || rc != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* drop base archives of older builds unused for an hour */
static void sv_prune_cache(const char *keep)
{
	DIR *d = opendir(sv_cache_dir());
	char path[PATH_MAX];
	struct dirent *e;
	struct stat st;

	while (d && (e = readdir(d))) {
		if (strncmp(e->d_name, "base-", 5) != 0)
			continue;
		snprintf(path, sizeof(path), "%.3000s/%.200s", sv_cache_dir(),
			 e->d_name);
		if (strcmp(path, keep) && stat(path, &st) == 0 &&
		    st.st_mtime < time(NULL) - 3600)
			unlink(path);
	}
	if (d)
		closedir(d);
}

/* the cached base archive for the current helper binaries */
static int sv_base(char *path, size_t cap)
{
	const char *src[4] = {
		sv_helper("STAPVM_INIT", "stapvm-init", "stap/vm/stapvm-init"),
		getenv("STAPVM_BUSYBOX") ? getenv("STAPVM_BUSYBOX") : "/bin/busybox",
		sv_helper("STAPVM_STAPRUN", "staprun", "staprun/staprun"),
		sv_helper("STAPVM_STAPIO", "stapio", "stapio/stapio"),
	};
	uint64_t h = sv_hash(0xcbf29ce484222325ULL, SVM_VERSION, 8);
	size_t len, i;
	char *data;

	for (i = 0; i < 4; i++) {
		data = sv_read_file(src[i], &len);
		if (!data) {
			sv_say("cannot read %s (build it first): %s", src[i],
			       strerror(errno));
			return -1;
		}
		h = sv_hash(h, data, len);
		free(data);
	}
	if (sv_mkdir_p(sv_cache_dir()) != 0)
		return -1;
	snprintf(path, cap, "%s/base-%016llx.cpio", sv_cache_dir(),
		 (unsigned long long)h);
	if (access(path, R_OK) == 0) {
		utime(path, NULL);	/* mtime = last use, for pruning */
		return 0;
	}
	if (sv_o.verbose)
		sv_say("building %s", path);
	sv_prune_cache(path);
	return sv_build_base(path, src);
}

/* copy a module without debug info (keeps the initramfs small) */
static int sv_strip(const char *src, const char *dst)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		execlp("strip", "strip", "--strip-debug", "-o", dst, src,
		       (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0)
		return -1;
	return 0;
}

static int sv_cpio_module(FILE *f, int i, const char *src, char *gpath,
			  size_t cap)
{
	const char *base = strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
	char dir[64], stripped[PATH_MAX + 64];

	snprintf(dir, sizeof(dir), "m/%d", i);
	sv_cpio_entry(f, dir, 040755, NULL, 0, 0);
	snprintf(gpath, cap, "/m/%d/%s", i, base);
	snprintf(stripped, sizeof(stripped), "%s/strip-%d.ko", sv_tmp, i);
	if (sv_strip(src, stripped) == 0)
		src = stripped;
	return sv_cpio_file(f, gpath + 1, src);
}

/* a kernel's own module for --insmod: an .xz one decompressed (the guest
 * loads it with finit_module and no flags), others as they are */
static int sv_unxz(const char *src, const char *dst)
{
	int st, fd;
	pid_t pid;

	fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		dup2(fd, 1);
		execlp("xz", "xz", "-dc", src, (char *)NULL);
		_exit(127);
	}
	close(fd);
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0)
		return -1;
	return 0;
}

/* --insmod modules as /stapvm/ko/N.ko, listed in SVM_INSMOD */
static int sv_cpio_insmods(FILE *f)
{
	char gpath[64], tmp[PATH_MAX + 64], *list = NULL;
	size_t llen = 0, n;
	FILE *l = open_memstream(&list, &llen);
	int i, rc = 0;

	sv_cpio_entry(f, "stapvm/ko", 040755, NULL, 0, 0);
	for (i = 0; i < sv_o.ninsmod && rc == 0; i++) {
		const char *src = sv_o.insmod[i];

		n = strlen(src);
		snprintf(gpath, sizeof(gpath), "/stapvm/ko/%d.ko", i);
		snprintf(tmp, sizeof(tmp), "%s/insmod-%d.ko", sv_tmp, i);
		if (n > 3 && !strcmp(src + n - 3, ".xz")) {
			if (sv_unxz(src, tmp) != 0) {
				sv_say("cannot decompress %s", src);
				rc = -1;
				break;
			}
			src = tmp;
		}
		rc = sv_cpio_file(f, gpath + 1, src);
		fprintf(l, "%s\n", gpath);
	}
	fclose(l);
	if (rc == 0)
		sv_cpio_entry(f, SVM_INSMOD + 1, 0100644, list, llen, 0);
	free(list);
	return rc;
}

/* the per-boot archive: jobs from..njobs-1 and their modules */
static int sv_build_jobs(FILE *f, int from)
{
	char *list = NULL, gpath[PATH_MAX];
	size_t llen = 0;
	FILE *jl = open_memstream(&list, &llen);
	int i, rc = 0;

	for (i = from; i < sv_njobs && rc == 0; i++) {
		rc = sv_cpio_module(f, i, sv_jobs[i].module, gpath,
				    sizeof(gpath));
		fprintf(jl, "%s\t%s\t%d\t%s\n", sv_jobs[i].name, gpath,
			sv_jobs[i].timeout, sv_jobs[i].args);
	}
	fclose(jl);
	if (rc == 0 && sv_o.ninsmod)
		rc = sv_cpio_insmods(f);
	if (rc == 0)
		sv_cpio_entry(f, SVM_JOBS + 1, 0100644, list, llen, 0);
	free(list);
	sv_cpio_trailer(f);
	return rc;
}

static int sv_make_initrd(const char *initrd, int from)
{
	char base[PATH_MAX];
	size_t len;
	char *data;
	FILE *f;
	int rc;

	if (sv_base(base, sizeof(base)) != 0)
		return -1;
	data = sv_read_file(base, &len);
	f = fopen(initrd, "wb");
	if (!data || !f) {
		sv_say("cannot assemble the initramfs: %s", strerror(errno));
		return -1;
	}
	fwrite(data, 1, len, f);
	free(data);
	rc = sv_build_jobs(f, from);
	return fclose(f) != 0 ? -1 : rc;
}

/* ---- the guest ---- */

static char *sv_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *sv_fmt(const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* qemu's argv; the strings leak, once per boot */
static void sv_qemu_args(char **a, const char *initrd)
{
	static const char *const fixed[] = {
		"qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", "-m",
		"512", "-nodefaults", "-no-user-config", "-display", "none",
		"-no-reboot", "-serial", "chardev:con", "-serial",
		"chardev:agent",
	};
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		a[n++] = (char *)fixed[i];
	a[n++] = "-append";
	a[n++] = sv_fmt("%s %s", SV_APPEND, getenv("STAPVM_APPEND") ?
			getenv("STAPVM_APPEND") : "");
	a[n++] = "-smp";
	a[n++] = sv_fmt("%d", sv_o.smp);
	a[n++] = "-kernel";
	a[n++] = sv_fmt("/boot/vmlinuz-%s", sv_o.kver);
	a[n++] = "-initrd";
	a[n++] = (char *)initrd;
	a[n++] = "-chardev";
	a[n++] = sv_fmt("file,id=con,path=%s/console.log", sv_tmp);
	a[n++] = "-chardev";
	a[n++] = sv_fmt("pipe,id=agent,path=%s/agent", sv_tmp);
	if (sv_o.icount) {
		a[n++] = "-icount";
		a[n++] = "shift=0,sleep=off";
	}
	a[n] = NULL;
}

/* start qemu in its own process group, so a terminal's ^C stays ours */
static int sv_start_qemu(const char *initrd, const sigset_t *oldmask)
{
	char *argv[48], log[PATH_MAX + 16];
	int fd;

	sv_qemu_args(argv, initrd);
	snprintf(log, sizeof(log), "%s/qemu.log", sv_tmp);
	sv_qemu = fork();
	if (sv_qemu < 0)
		return -1;
	if (sv_qemu > 0)
		return 0;
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);	/* even if we are SIGKILLed */
	sigprocmask(SIG_SETMASK, oldmask, NULL);
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dup2(fd, 1);
	dup2(fd, 2);
	dup2(open("/dev/null", O_RDONLY), 0);
	execvp(argv[0], argv);
	perror("qemu-system-x86_64");
	_exit(127);
}

static void sv_kill_qemu(void)
{
	int i;

	if (sv_qemu <= 0)
		return;
	kill(sv_qemu, SIGTERM);
	for (i = 0; i < 40; i++) {
		if (waitpid(sv_qemu, NULL, WNOHANG) == sv_qemu)
			break;
		usleep(50000);
	}
	if (i == 40) {
		kill(sv_qemu, SIGKILL);
		waitpid(sv_qemu, NULL, 0);
	}
	sv_qemu = -1;
}

static const char *const sv_oops_marks[] = {
	"Kernel panic", "BUG:", "Oops", "general protection fault",
	"WARNING:", "Call Trace", "RIP:", "watchdog: ", "stack-protector",
	"INFO: task", "UBSAN", "KASAN",
};

static int sv_has_oops(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(sv_oops_marks) / sizeof(sv_oops_marks[0]); i++)
		if (strstr(s, sv_oops_marks[i]))
			return 1;
	return 0;
}

/* the console's oops (from its first marker) or its last 40 lines */
static char *sv_console_report(void)
{
	char path[PATH_MAX + 16], *data, *start = NULL, *p;
	size_t len = 0, i;
	int lines = 0;

	snprintf(path, sizeof(path), "%s/console.log", sv_tmp);
	data = sv_read_file(path, &len);
	if (!data)
		return strdup("(no console output)\n");
	for (i = 0; i < sizeof(sv_oops_marks) / sizeof(sv_oops_marks[0]); i++) {
		p = strstr(data, sv_oops_marks[i]);
		if (p && (!start || p < start))
			start = p;
	}
	if (start) {
		while (start > data && start[-1] != '\n')
			start--;
	} else {
		for (start = data + len; start > data && lines <= 40; start--)
			lines += start[-1] == '\n';
	}
	p = strdup(start);
	free(data);
	return p;
}

/* ---- talking to the guest ---- */

struct sv_boot {
	int from;		/* sv_jobs index of guest test 0 */
	int cur;		/* sv_jobs index of the running test, -1 */
	int hello, done, started, interrupts;
	int in_fd, out_fd, sig_fd;
	double last;		/* time of the last frame */
	double give_up;		/* run: end the VM at this time (^C, oops) */
	int oops;		/* the kernel log showed an oops */
	int restart;		/* batch: oops seen, reboot for the rest */
	char buf[1 << 17];
	size_t len;
};

static void sv_job_open(struct sv_job *j)
{
	static const char *const ext[] = { "out", "err", "note", "dmesg",
					   "rc" };
	char path[PATH_MAX];
	size_t i;

	j->t0 = sv_now();
	if (!sv_o.batch)
		return;
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s.%s", sv_o.outdir, j->name,
			 ext[i]);
		unlink(path);
	}
	sv_put_file(sv_o.outdir, j->name, "out", "", 0, 0);
	sv_put_file(sv_o.outdir, j->name, "err", "", 0, 0);
}

static void sv_job_note(struct sv_job *j, const char *p, size_t n)
{
	if (!sv_o.batch) {
		fprintf(stderr, "stap-vm: %.*s%s", (int)n, p,
			n && p[n - 1] == '\n' ? "" : "\n");
		return;
	}
	sv_put_file(sv_o.outdir, j->name, "note", p, n, 1);
	if (n && p[n - 1] != '\n')
		sv_put_file(sv_o.outdir, j->name, "note", "\n", 1, 1);
}

static void sv_job_end(struct sv_job *j, int rc)
{
	char s[32];
	int n = snprintf(s, sizeof(s), "%d\n", rc);

	j->done = 1;
	j->rc = rc;
	if (!sv_o.batch) {
		sv_run_rc = rc;
		return;
	}
	sv_put_file(sv_o.outdir, j->name, "rc", s, n, 0);
	printf("%-40s rc=%d  %.1fs\n", j->name, rc, sv_now() - j->t0);
	fflush(stdout);
}

/*
 * SVM_FILE: append to the job's output file NAME (a base name), which is
 * created afresh when the job first sends it.  Batch: OUTDIR/TEST.files/;
 * run: the directory of staprun's -o FILE (else the current one).
 */
static void sv_job_file(struct sv_job *j, const char *p, size_t n)
{
	static char cur[PATH_MAX];
	static struct sv_job *cur_job;
	static int fd = -1;
	size_t nlen = strnlen(p, n);
	char dir[PATH_MAX - 256], path[PATH_MAX];

	if (nlen == n || nlen == 0 || strchr(p, '/') || p[0] == '.')
		return;
	if (sv_o.batch)
		snprintf(dir, sizeof(dir), "%s/%s.files", sv_o.outdir, j->name);
	else
		snprintf(dir, sizeof(dir), "%s", sv_o.files_dir);
	snprintf(path, sizeof(path), "%s/%s", dir, p);
	if (fd < 0 || cur_job != j || strcmp(cur, path)) {
		if (fd >= 0)
			close(fd);
		sv_mkdir_p(dir);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0)
			sv_say("cannot write %s: %s", path, strerror(errno));
		snprintf(cur, sizeof(cur), "%s", path);
		cur_job = j;
	}
	if (fd >= 0)
		sv_write_all(fd, p + nlen + 1, n - nlen - 1);
}

static const char sv_oops_note[] =
	"kernel reported a problem, see .dmesg; later tests get a fresh boot";

/*
 * run: print kernel log from the first sign of trouble on (or all, -v),
 * and give the job 20 s to finish after an oops.
 */
static void sv_kmsg(struct sv_boot *b, struct sv_job *j, const char *p,
		    size_t n)
{
	static int shown;
	int oops = sv_has_oops(p);

	if (oops && !b->give_up)
		b->give_up = sv_now() + 20;
	b->oops |= oops;
	if (sv_o.batch) {
		sv_put_file(sv_o.outdir, j->name, "dmesg", p, n, 1);
		if (oops)
			sv_job_note(j, sv_oops_note, sizeof(sv_oops_note) - 1);
	} else if (oops || sv_o.verbose || shown) {
		if (!shown++)
			fputs("stap-vm: guest kernel log:\n", stderr);
		fprintf(stderr, "%.*s", (int)n, p);
	}
}

static void sv_frame(struct sv_boot *b, const struct svm_frame *f,
		     const char *p)
{
	int idx = b->from + f->test;
	struct sv_job *j = idx < sv_njobs ? &sv_jobs[idx] : &sv_jobs[0];
	const struct svm_rc *rc = (const void *)p;

	switch (f->type) {
	case SVM_HELLO: b->hello = 1; break;
	case SVM_START: b->cur = idx; b->started = 1; sv_job_open(j); break;
	case SVM_OUT:
	case SVM_ERR:
		if (!sv_o.batch)
			sv_write_all(f->type == SVM_OUT ? 1 : 2, p,
				     f->len);
		else
			sv_put_file(sv_o.outdir, j->name,
				    f->type == SVM_OUT ? "out" : "err", p,
				    f->len, 1);
		break;
	case SVM_NOTE: sv_job_note(j, p, f->len); break;
	case SVM_FILE: sv_job_file(j, p, f->len); break;
	case SVM_KMSG: sv_kmsg(b, j, p, f->len); break;
	case SVM_RC:
		if (f->len >= sizeof(*rc))
			sv_job_end(j, rc->status);
		b->cur = -1;
		b->restart = sv_o.batch && b->oops;
		break;
	case SVM_DONE: b->done = 1; break;
	default: break;
	}
}

/* parse all complete frames in b->buf; -1 on garbage */
static int sv_frames(struct sv_boot *b)
{
	size_t off = 0;

	while (b->len - off >= sizeof(struct svm_frame)) {
		struct svm_frame f;

		memcpy(&f, b->buf + off, sizeof(f));
		if (f.magic != SVM_MAGIC ||
		    f.len > sizeof(b->buf) - sizeof(f)) {
			sv_say("garbled data from the guest agent");
			return -1;
		}
		if (b->len - off < sizeof(f) + f.len)
			break;
		sv_frame(b, &f, b->buf + off + sizeof(f));
		off += sizeof(f) + f.len;
	}
	memmove(b->buf, b->buf + off, b->len - off);
	b->len -= off;
	return 0;
}

/* 1 if data arrived, 0 if none, -1 on error */
static int sv_read_agent(struct sv_boot *b)
{
	ssize_t n = read(b->out_fd, b->buf + b->len, sizeof(b->buf) - b->len);

	if (n <= 0)
		return n < 0 && errno != EAGAIN && errno != EINTR ? -1 : 0;
	b->len += n;
	b->last = sv_now();
	return sv_frames(b) < 0 ? -1 : 1;
}

static void sv_command(struct sv_boot *b, char c)
{
	sv_write_all(b->in_fd, &c, 1);
}

/* a signal for us: ^C goes to the guest; qemu's exit ends the boot */
static const char *sv_signal(struct sv_boot *b)
{
	struct signalfd_siginfo si;

	if (read(b->sig_fd, &si, sizeof(si)) != sizeof(si))
		return NULL;
	if (si.ssi_signo == SIGCHLD) {
		if (waitpid(sv_qemu, NULL, WNOHANG) != sv_qemu)
			return NULL;
		sv_qemu = -1;
		return b->done ? NULL : "the guest died (qemu exited)";
	}
	if (sv_o.batch)
		return "interrupted";
	b->interrupts++;
	if (!b->give_up)
		b->give_up = sv_now() + 15;
	if (b->interrupts <= 2)
		sv_command(b, SVM_CMD_INT);
	else if (b->interrupts == 3)
		sv_command(b, SVM_CMD_KILL);
	else
		return "interrupted";
	return NULL;
}

/* NULL once the guest is done; otherwise why it failed */
static const char *sv_check_time(struct sv_boot *b, double t0)
{
	double now = sv_now();

	if (b->done && now - b->last > 15)
		return "the guest did not power off";
	if (!b->hello && now - t0 > 180)
		return "the guest did not boot within 180 s";
	if (b->hello && !b->done && now - b->last > sv_o.wedge) {
		static char why[64];

		snprintf(why, sizeof(why), "the guest stopped responding for %d s",
			 sv_o.wedge);
		return why;
	}
	if (sv_o.timeout && now - t0 > sv_o.timeout)
		return "--timeout expired";
	if (b->give_up && now > b->give_up)
		return b->interrupts ? "interrupted, and the guest did not finish in 15 s"
				     : "the guest kernel oopsed and the test did not finish in 20 s";
	return NULL;
}

static const char *sv_loop(struct sv_boot *b)
{
	double t0 = sv_now();
	const char *why = NULL;

	b->last = t0;
	while (!why && sv_qemu > 0) {
		struct pollfd p[2] = { { b->out_fd, POLLIN, 0 },
				       { b->sig_fd, POLLIN, 0 } };

		if (poll(p, 2, 500) < 0 && errno != EINTR)
			return "poll failed";
		if ((p[0].revents & POLLIN) && sv_read_agent(b) < 0)
			return "protocol error";
		if (p[1].revents & POLLIN)
			why = sv_signal(b);
		if (!why)
			why = sv_check_time(b, t0);
		if (!why && b->restart)
			return "restart";
	}
	while (!why && sv_read_agent(b) > 0)
		;
	return why;
}

/* ---- boots ---- */

static int sv_open_fifos(struct sv_boot *b)
{
	char in[PATH_MAX + 16], out[PATH_MAX + 16];

	snprintf(in, sizeof(in), "%s/agent.in", sv_tmp);
	snprintf(out, sizeof(out), "%s/agent.out", sv_tmp);
	unlink(in);
	unlink(out);
	if (mkfifo(in, 0600) || mkfifo(out, 0600))
		return -1;
	/* O_RDWR: never blocks on open, never sees EOF while qemu restarts */
	b->in_fd = open(in, O_RDWR | O_CLOEXEC);
	b->out_fd = open(out, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	return b->in_fd < 0 || b->out_fd < 0 ? -1 : 0;
}

static void sv_fail_job(struct sv_job *j, const char *why, const char *con)
{
	char *msg = NULL;
	int n = asprintf(&msg, "%s; guest console:\n%s", why, con);

	if (n > 0 && sv_o.batch)	/* run: sv_boot said it already */
		sv_job_note(j, msg, n);
	free(msg);
	sv_job_end(j, SV_FAIL);
}

static int sv_first_undone(int from)
{
	while (from < sv_njobs && sv_jobs[from].done)
		from++;
	return from;
}

/* boot once for jobs from..; returns the index to continue at, or -1 */
static int sv_boot(int from, int sig_fd, const sigset_t *oldmask)
{
	static struct sv_boot b;
	char initrd[PATH_MAX + 16], *con;
	const char *why;
	int i;

	memset(&b, 0, sizeof(b));
	b.from = from;
	b.cur = -1;
	b.sig_fd = sig_fd;
	snprintf(initrd, sizeof(initrd), "%s/initrd", sv_tmp);
	if (sv_make_initrd(initrd, from) || sv_open_fifos(&b) ||
	    sv_start_qemu(initrd, oldmask)) {
		sv_say("cannot start the VM");
		return -1;
	}
	why = sv_loop(&b);
	sv_kill_qemu();
	close(b.in_fd);
	close(b.out_fd);
	if (!why)
		return sv_njobs;
	if (!strcmp(why, "restart"))
		return sv_first_undone(from);
	con = sv_console_report();
	if (!sv_o.batch && b.oops)
		sv_say("%s", why);	/* the oops was shown already */
	else if (!sv_o.batch || !b.started || !strncmp(why, "interrupted", 11))
		sv_say("%s; guest console:\n%s", why, con);
	for (i = b.cur >= 0 ? b.cur : from; i < sv_njobs; i++) {
		if (sv_jobs[i].done)
			continue;
		sv_fail_job(&sv_jobs[i], why, con);
		if (b.started && strncmp(why, "interrupted", 11))
			break;	/* the others get a fresh boot */
	}
	free(con);
	return b.started && strncmp(why, "interrupted", 11) ? i + 1 : -1;
}

static void sv_cleanup(void)
{
	char cmd[PATH_MAX + 32];

	sv_kill_qemu();
	if (!sv_tmp[0])
		return;
	if (getenv("STAPVM_KEEP")) {
		sv_say("kept %s", sv_tmp);
		return;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", sv_tmp);
	if (system(cmd) != 0)
		sv_say("cannot remove %s", sv_tmp);
}

/* ---- command line ---- */

static void sv_usage(void)
{
	fprintf(stderr,
		"Usage: stap-vm run   [OPTS] [STAPRUN-OPTIONS] MODULE.ko [STAPRUN-ARGS...]\n"
		"       stap-vm batch [OPTS] [-v] [-o OUTDIR] LISTFILE\n"
		"       stap-vm kernels\n"
		"OPTS: -k KVER  --smp N  --icount  --timeout SECONDS  --wedge SECONDS  --verbose\n"
		"      --insmod KO (repeatable: a kernel module the guest loads at boot; .ko.xz ok)\n"
		"LISTFILE lines: NAME<TAB>MODULE.ko<TAB>TIMEOUT<TAB>STAPRUN-ARGS\n");
	exit(2);
}

/* shell-quote argv words into one string (for `sh -c` in the guest) */
static char *sv_quote_args(char **argv, int argc)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int i;
	const char *c;

	for (i = 0; i < argc; i++) {
		fputs(i ? " '" : "'", f);
		for (c = argv[i]; *c; c++)
			fputs(*c == '\'' ? "'\\''" : (char[2]){ *c, 0 }, f);
		fputc('\'', f);
	}
	fclose(f);
	return out;
}

/* a LISTFILE module path: as given, else relative to the list's dir */
static char *sv_find_module(const char *m, const char *list)
{
	const char *slash = strrchr(list, '/');
	char *p = NULL;

	if (m[0] == '/' || access(m, R_OK) == 0 || !slash)
		return strdup(m);
	if (asprintf(&p, "%.*s/%s", (int)(slash - list), list, m) < 0)
		return strdup(m);
	return p;
}

static int sv_read_list(const char *list)
{
	FILE *f = fopen(list, "r");
	char line[8192], *fld[4];
	int i;

	if (!f) {
		sv_say("cannot open %s: %s", list, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) && sv_njobs < SV_MAXJOBS) {
		char *s = line;

		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		for (i = 0; i < 4; i++) {
			fld[i] = s ? s : "";
			s = s ? strchr(s, '\t') : NULL;
			if (s)
				*s++ = '\0';
		}
		if (!fld[1][0] || strchr(fld[0], '/')) {
			sv_say("%s: bad line for '%s'", list, fld[0]);
			continue;
		}
		sv_jobs[sv_njobs++] = (struct sv_job){
			strdup(fld[0]), sv_find_module(fld[1], list),
			strdup(fld[3]), atoi(fld[2]), 0, 0, 0 };
	}
	fclose(f);
	return 0;
}

/* -k default: the release the (first) module was built for, if booted */
static const char *sv_default_kver(const char *module)
{
	static char rel[128];
	char cmd[PATH_MAX + 64], path[PATH_MAX];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "modinfo -F vermagic '%s' 2>/dev/null",
		 module);
	p = popen(cmd, "r");
	if (p && fscanf(p, "%127s", rel) == 1) {
		snprintf(path, sizeof(path), "/boot/vmlinuz-%s", rel);
		if (access(path, R_OK) == 0) {
			pclose(p);
			return rel;
		}
	}
	if (p)
		pclose(p);
	if (kver_default(rel, sizeof(rel)))
		return NULL;
	return rel;
}

/* stap-vm kernels: one usable release per line, the default first */
static int sv_kernels(void)
{
	char **v;
	int n = kver_list(&v), i;

	for (i = 0; i < n; i++) {
		printf("%s\n", v[i]);
		free(v[i]);
	}
	free(v);
	return n ? 0 : 1;
}

/* "--name V" or "--name=V" (or "-k V") at argv[*i]; advances *i */
static const char *sv_optval(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[(*i)++] + n + 1;
	if (argv[*i][n] == '\0' && *i + 1 < argc) {
		*i += 2;
		return argv[*i - 1];
	}
	return NULL;
}

/*
 * Our options come first; in run mode the first argument that is not one
 * of ours starts the staprun arguments (stap passes `-v -o F -c CMD -T S
 * MODULE var=val`), so -v and -o there belong to staprun.
 */
static int sv_parse(int argc, char **argv)
{
	const char *v;
	int i = 2;

	if (argc < 3 || (strcmp(argv[1], "run") && strcmp(argv[1], "batch")))
		sv_usage();
	sv_o.batch = !strcmp(argv[1], "batch");
	while (i < argc) {
		if ((v = sv_optval(argc, argv, &i, "-k")))
			sv_o.kver = v;
		else if ((v = sv_optval(argc, argv, &i, "--smp")))
			sv_o.smp = atoi(v) > 0 ? atoi(v) : 1;
		else if ((v = sv_optval(argc, argv, &i, "--timeout")))
			sv_o.timeout = atoi(v);
		else if ((v = sv_optval(argc, argv, &i, "--wedge")))
			sv_o.wedge = atoi(v) > 0 ? atoi(v) : 120;
		else if ((v = sv_optval(argc, argv, &i, "--insmod"))) {
			if (sv_o.ninsmod == SV_MAXINSMOD)
				sv_usage();
			sv_o.insmod[sv_o.ninsmod++] = v;
		} else if (sv_o.batch && (v = sv_optval(argc, argv, &i, "-o")))
			sv_o.outdir = v;
		else if (!strcmp(argv[i], "--icount") && ++i)
			sv_o.icount = 1;
		else if ((!strcmp(argv[i], "--verbose") ||
			  (sv_o.batch && !strcmp(argv[i], "-v"))) && ++i)
			sv_o.verbose++;
		else if (!strcmp(argv[i], "--"))
			return i + 1 < argc ? i + 1 : (sv_usage(), 0);
		else if (argv[i][0] == '-' && argv[i][1] == '-')
			sv_usage();
		else
			break;
	}
	if (i >= argc)
		sv_usage();
	return i;
}

/* run -o FILE: the guest writes base name FILE in its job directory,
 * and the files come back to FILE's directory here */
static void sv_run_outfile(char **rest, int *n, char *file)
{
	char *slash = strrchr(file, '/');

	rest[(*n)++] = "-o";
	rest[(*n)++] = slash ? slash + 1 : file;
	if (slash == file)
		sv_o.files_dir = "/";
	else if (slash)
		sv_o.files_dir = strndup(file, slash - file);
}

/*
 * run: split staprun's arguments into the module (the first non-option;
 * staprun options taking a value are skipped with it), -o FILE (kept on
 * the host: the guest's stdout goes there), and the rest, quoted.
 */
static void sv_run_job(char **argv, int argc)
{
	char **rest = calloc(argc + 1, sizeof(*rest));
	int i, n = 0;

	sv_jobs[0].name = "run";
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-o") && i + 1 < argc) {
			sv_run_outfile(rest, &n, argv[++i]);
			continue;
		}
		if (!sv_jobs[0].module && a[0] != '-') {
			sv_jobs[0].module = argv[i];
			continue;
		}
		rest[n++] = argv[i];
		if (a[0] == '-' && a[1] && !a[2] && strchr("cxbTtCdSMrN", a[1]) &&
		    i + 1 < argc)
			rest[n++] = argv[++i];
	}
	if (!sv_jobs[0].module)
		sv_usage();
	sv_jobs[0].args = sv_quote_args(rest, n);
	free(rest);
	sv_njobs = 1;
}

static int sv_setup(int argc, char **argv, int optind_)
{
	char self[PATH_MAX - 64];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	self[n > 0 ? n : 0] = '\0';
	if (strrchr(self, '/'))
		*strrchr(self, '/') = '\0';
	snprintf(sv_o.self_dir, sizeof(sv_o.self_dir), "%s", self);
	if (sv_o.batch) {
		if (optind_ + 1 != argc || sv_read_list(argv[optind_]))
			sv_usage();
		if (!sv_o.outdir && asprintf((char **)&sv_o.outdir, "%s.results",
					     argv[optind_]) < 0)
			return -1;
		if (sv_mkdir_p(sv_o.outdir))
			return -1;
	} else {
		sv_o.files_dir = ".";
		sv_run_job(argv + optind_, argc - optind_);
	}
	if (!sv_o.kver)
		sv_o.kver = sv_default_kver(sv_njobs ? sv_jobs[0].module : "");
	if (!sv_o.kver) {
		sv_say("no Debian cloud kernel is installed (apt-get install "
		       "linux-image-cloud-amd64 linux-headers-cloud-amd64)");
		errno = ENOENT;
		return -1;
	}
	snprintf(sv_tmp, sizeof(sv_tmp), "%s/stap-vm.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(sv_tmp) ? 0 : -1;
}

int main(int argc, char **argv)
{
	int first, next = 0, boots = 0, sig_fd;
	sigset_t set, old;

	if (argc == 2 && !strcmp(argv[1], "kernels"))
		return sv_kernels();
	first = sv_parse(argc, argv);

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);
	signal(SIGINT, SIG_DFL);	/* `stap-vm ... &` inherits SIG_IGN */
	signal(SIGTERM, SIG_DFL);
	sig_fd = signalfd(-1, &set, SFD_CLOEXEC);
	signal(SIGPIPE, SIG_IGN);
	if (sig_fd < 0 || sv_setup(argc, argv, first)) {
		sv_say("setup failed: %s", strerror(errno));
		return SV_FAIL;
	}
	while (next >= 0 && next < sv_njobs && boots++ < 20)
		next = sv_boot(next, sig_fd, &old);
	sv_cleanup();
	if (sv_o.batch)
		return next == sv_njobs ? 0 : SV_FAIL;
	return sv_run_rc;
}
