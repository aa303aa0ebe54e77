/*
 * stapio.c - control channel and output streaming for a loaded stap module.
 *
 *   stapio [-v] [-w] [-o FILE] [-S SIZE[,N]] [-L | -A]
 *          [-c CMD | -x PID] [-T MS] [-t SECONDS] [-P] MODNAME
 *
 * Normally run by staprun. Opens /sys/kernel/debug/systemtap/MODNAME/
 * (see runtime/uapi/stp_proto.h), sends START, streams records to stdout
 * (or the files of sio_out.c) and stderr, and sends STOP on
 * SIGINT/SIGTERM/SIGHUP, when the module asks to exit, when -c CMD or the
 * -x PID process exits, or after -t SECONDS; then drains and exits.
 * -L starts the probes and detaches at once, leaving the module running;
 * -A attaches to such a module (no second START).  Exit status: 0, or 1
 * if the start failed or an "ERROR" line was printed.  With -P (staprun
 * passes it) stapio is staprun's guard: if staprun dies (even by SIGKILL),
 * stapio gets SIGTERM, stops the session as for ^C and removes the module
 * itself, so no death of either process leaves a module loaded (staprun
 * removes it when stapio dies).
 *
 * Invariant: records are written in sequence-number order (the global
 * order of writes in the module); a reader thread merges the per-CPU
 * files while the main thread may be blocked inside START or STOP, so the
 * output of begin/end probes streams instead of filling the buffers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "../runtime/uapi/stp_proto.h"
#include "sio_out.h"

#define SIO_CHUNK (4 * (STP_REC_MAX + sizeof(struct stp_rec_hdr)))
#define SIO_MAXCPU 4096

/* one CPU's trace file and the records read from it but not yet written */
struct sio_cpu {
	int fd;
	char *buf;
	size_t len, off;
};

static int sio_verbose;
static int sio_nowarn;
static int sio_poll_ms = 50;
static int sio_bulk;
static struct sio_cpu *sio_cpus;
static unsigned int sio_ncpus;
static int sio_cmdfd = -1;
static unsigned int sio_state;	/* the module's state when we opened it */

/* shared between the threads */
static volatile sig_atomic_t sio_sig;
static volatile int sio_draining;
static volatile uint64_t sio_last_seq;
static volatile int sio_error_seen;

static void sio_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void sio_log(int level, const char *fmt, ...)
{
	va_list ap;

	if (sio_verbose < level)
		return;
	fputs(level ? "stapio: " : "ERROR: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void sio_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;	/* EPIPE etc.: the reader went away */
		p += w;
		n -= w;
	}
}

static void sio_emit(const struct stp_rec_hdr *h, const char *p)
{
	if (h->type != STP_REC_ERR) {
		sio_out_write(p, h->len);
		return;
	}
	if (h->len >= 5 && memcmp(p, "ERROR", 5) == 0)
		sio_error_seen = 1;
	if (sio_nowarn && h->len >= 8 && memcmp(p, "WARNING:", 8) == 0)
		return;
	sio_write_all(2, p, h->len);
}

static const struct stp_rec_hdr *sio_head(struct sio_cpu *c)
{
	if (c->off + sizeof(struct stp_rec_hdr) > c->len)
		return NULL;
	return (const void *)(c->buf + c->off);
}

/* refill every CPU whose records are all written; returns bytes read */
static size_t sio_fill(void)
{
	size_t total = 0;
	unsigned int i;
	ssize_t n;

	for (i = 0; i < sio_ncpus; i++) {
		struct sio_cpu *c = &sio_cpus[i];

		if (c->fd < 0 || sio_head(c))
			continue;
		n = read(c->fd, c->buf, SIO_CHUNK);
		c->len = n > 0 ? (size_t)n : 0;
		c->off = 0;
		total += c->len;
	}
	return total;
}

/* the CPU whose next record is number seq, or NULL */
static struct sio_cpu *sio_find(uint64_t seq)
{
	unsigned int i;

	for (i = 0; i < sio_ncpus; i++) {
		const struct stp_rec_hdr *h = sio_head(&sio_cpus[i]);

		if (h && h->seq == seq)
			return &sio_cpus[i];
	}
	return NULL;
}

/* write every record continuing the sequence; returns how many */
static uint64_t sio_merge(uint64_t *next)
{
	uint64_t done = 0;
	struct sio_cpu *c;

	while ((c = sio_find(*next))) {
		const struct stp_rec_hdr *h = sio_head(c);

		sio_emit(h, (const char *)(h + 1));
		c->off += sizeof(*h) + h->len;
		(*next)++;
		done++;
	}
	return done;
}

/* lowest sequence number waiting in any CPU, 0 if none */
static uint64_t sio_min_pending(void)
{
	uint64_t m = 0;
	unsigned int i;

	for (i = 0; i < sio_ncpus; i++) {
		const struct stp_rec_hdr *h = sio_head(&sio_cpus[i]);

		if (h && (m == 0 || h->seq < m))
			m = h->seq;
	}
	return m;
}

static void sio_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* bulk mode: every CPU's records as they come, no merging */
static size_t sio_drain_bulk(void)
{
	size_t done = 0;
	unsigned int i;

	for (i = 0; i < sio_ncpus; i++) {
		struct sio_cpu *c = &sio_cpus[i];
		const struct stp_rec_hdr *h;

		while ((h = sio_head(c)) != NULL) {
			if (h->type == STP_REC_ERR)
				sio_emit(h, (const char *)(h + 1));
			else
				sio_out_bulk(i, h, (const char *)(h + 1));
			c->off += sizeof(*h) + h->len;
			done++;
		}
	}
	return done;
}

static void *sio_reader_bulk(void)
{
	for (;;) {
		size_t got = sio_fill();

		sio_drain_bulk();
		if (!got && sio_draining)
			break;
		if (!got)
			sio_sleep_ms(sio_poll_ms);
	}
	return NULL;
}

/*
 * The reader thread. A missing number is a record another CPU is still
 * writing; if it stays missing for 20 polls something is wrong and we
 * skip it rather than hang. Draining ends once last_seq is written or
 * nothing has arrived for 40 polls.
 */
static void *sio_reader(void *unused)
{
	uint64_t next = 1;
	int stalled = 0, idle = 0;

	(void)unused;
	if (sio_bulk)
		return sio_reader_bulk();
	for (;;) {
		size_t got = sio_fill();
		uint64_t done = sio_merge(&next);
		uint64_t m = sio_min_pending();

		if (m && !done && ++stalled > 20) {
			sio_log(1, "records %llu..%llu missing, skipped",
				(unsigned long long)next,
				(unsigned long long)m - 1);
			next = m;
			stalled = 0;
		}
		if (done)
			stalled = 0;
		if (sio_draining && !m && next > sio_last_seq)
			break;
		idle = (got || done) ? 0 : idle + 1;
		if (sio_draining && idle > 40)
			break;
		if (!got && !done)
			sio_sleep_ms(sio_draining ? 10 : sio_poll_ms);
	}
	return NULL;
}

static int sio_status(struct stp_status *s)
{
	if (pread(sio_cmdfd, s, sizeof(*s), 0) != (ssize_t)sizeof(*s)) {
		sio_log(0, "cannot read the module's control file: %s",
			strerror(errno));
		return -1;
	}
	return 0;
}

static int sio_command(int type, int target)
{
	struct stp_cmd c = { STP_PROTO_VERSION, type, target, 0 };

	if (write(sio_cmdfd, &c, sizeof(c)) == (ssize_t)sizeof(c))
		return 0;
	return -errno;
}

/* open .cmd and the traceN files; checks the protocol version */
static int sio_open(const char *mod)
{
	char path[512];
	struct stp_status s;
	unsigned int i;

	snprintf(path, sizeof(path), "%s/%s/%s/%s", STP_DEBUGFS_MOUNT,
		 STP_DEBUGFS_ROOT, mod, STP_CMD_FILE);
	sio_cmdfd = open(path, O_RDWR | O_CLOEXEC);
	if (sio_cmdfd < 0) {
		sio_log(0, "cannot open %s: %s (is module '%s' loaded?)", path,
			strerror(errno), mod);
		return -1;
	}
	if (sio_status(&s))
		return -1;
	if (s.version != STP_PROTO_VERSION || s.ncpus == 0 ||
	    s.ncpus > SIO_MAXCPU) {
		sio_log(0, "module '%s' speaks transport protocol %u, stapio speaks %d",
			mod, s.version, STP_PROTO_VERSION);
		return -1;
	}
	sio_ncpus = s.ncpus;
	sio_bulk = (s.flags & STP_STATUS_BULK) != 0;
	sio_state = s.state;
	sio_cpus = calloc(sio_ncpus, sizeof(*sio_cpus));
	for (i = 0; sio_cpus && i < sio_ncpus; i++) {
		snprintf(path, sizeof(path), "%s/%s/%s/" STP_TRACE_FMT,
			 STP_DEBUGFS_MOUNT, STP_DEBUGFS_ROOT, mod, i);
		sio_cpus[i].fd = open(path, O_RDONLY | O_CLOEXEC);
		sio_cpus[i].buf = malloc(SIO_CHUNK);
		if (!sio_cpus[i].buf)
			return -1;
	}
	return sio_cpus ? 0 : -1;
}

static void sio_on_signal(int sig)
{
	sio_sig = sig;
}

static void sio_signals(void)
{
	struct sigaction sa = { .sa_handler = sio_on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* -c CMD: fork it now, held on a pipe until the probes are started */
static pid_t sio_spawn(const char *cmd, int *gate)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe2(p, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
		sio_log(0, "cannot start command: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		close(p[1]);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		if (read(p[0], &c, 1) != 1)
			_exit(127);	/* the run was aborted */
		/* setuid staprun: the command is the caller's, not root's */
		if (getuid() != geteuid() &&
		    (setgid(getgid()) != 0 || setuid(getuid()) != 0))
			_exit(126);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(p[0]);
	*gate = p[1];
	return pid;
}

static pid_t sio_parent;		/* -P: staprun, whose death we watch */

/* -P: SIGTERM when staprun dies (also if it died before the prctl). */
static void sio_watch_parent(void)
{
	sio_parent = getppid();
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0)
		sio_log(1, "cannot watch staprun: %s", strerror(errno));
	if (getppid() != sio_parent)
		sio_sig = SIGTERM;
}

static void sio_close_all(void)
{
	unsigned int i;

	for (i = 0; i < sio_ncpus; i++)
		if (sio_cpus[i].fd >= 0)
			close(sio_cpus[i].fd);
	if (sio_cmdfd >= 0)
		close(sio_cmdfd);
	sio_cmdfd = -1;
	sio_ncpus = 0;
}

/*
 * staprun died: remove the module in its place (our files closed first,
 * they hold a reference), retrying while the kernel finishes releasing
 * them, as staprun does.
 */
static void sio_unload_orphan(const char *mod)
{
	int i;

	if (!sio_parent || getppid() == sio_parent)
		return;
	sio_close_all();
	for (i = 0; i < 100; i++) {
		if (syscall(SYS_delete_module, mod, O_NONBLOCK) == 0) {
			sio_log(1, "staprun died; removed module '%s'", mod);
			return;
		}
		if (errno != EWOULDBLOCK && errno != EAGAIN && errno != EBUSY)
			break;
		sio_sleep_ms(50);
	}
	sio_log(0, "staprun died and module '%s' could not be removed: %s",
		mod, strerror(errno));
}

/* everything the command line asked for */
struct sio_opts {
	const char *module;
	struct sio_out_opts out;
	const char *cmd;
	int target;
	int timeout_s;
	int detach;		/* -L */
	int attach;		/* -A */
};

static void sio_usage(void)
{
	fprintf(stderr, "Usage: stapio [-v] [-w] [-o FILE] [-S SIZE[,N]] [-L | -A] [-c CMD | -x PID] [-T MS] [-t SECONDS] [-P] MODNAME\n");
	exit(1);
}

static void sio_parse_size(struct sio_opts *o, const char *arg)
{
	if (sio_out_parse_size(arg, &o->out.max_mb, &o->out.max_files)) {
		sio_log(0, "invalid -S argument '%s' (SIZE[,N], SIZE in MB)",
			arg);
		exit(1);
	}
}

static void sio_parse(struct sio_opts *o, int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "vwo:S:LAc:x:T:t:P")) != -1) {
		switch (c) {
		case 'P': sio_watch_parent(); break;
		case 'v': sio_verbose++; break;
		case 'w': sio_nowarn = 1; break;
		case 'o': o->out.file = optarg; break;
		case 'S': sio_parse_size(o, optarg); break;
		case 'L': o->detach = 1; break;
		case 'A': o->attach = 1; break;
		case 'c': o->cmd = optarg; break;
		case 'x': o->target = atoi(optarg); break;
		case 'T': sio_poll_ms = atoi(optarg) > 0 ? atoi(optarg) : 50; break;
		case 't': o->timeout_s = atoi(optarg); break;
		default: sio_usage();
		}
	}
	if (optind + 1 != argc)
		sio_usage();
	o->module = argv[optind];
}

static double sio_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* -x PID has exited: no such process, or a zombie nobody reaped yet
 * (its parent may well be us: `sleep 1 & exec staprun -x $! ...`) */
static int sio_pid_gone(pid_t pid)
{
	char path[64], buf[512], *paren;
	ssize_t n;
	int fd;

	if (kill(pid, 0) < 0 && errno == ESRCH)
		return 1;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	paren = strrchr(buf, ')');
	return paren && (paren[2] == 'Z' || paren[2] == 'X');
}

/* wait for a reason to stop: signal, exit(), -c CMD gone, -t timeout */
static void sio_wait_for_stop(const struct sio_opts *o, pid_t child)
{
	double deadline = o->timeout_s > 0 ? sio_now() + o->timeout_s : 0;
	struct stp_status s;
	int st;

	while (!sio_sig) {
		if (sio_status(&s) || s.exit_requested) {
			sio_log(2, "module requested exit");
			return;
		}
		if (child > 0 && waitpid(child, &st, WNOHANG) == child) {
			sio_log(2, "command exited, status %d", st);
			return;
		}
		if (child <= 0 && o->target > 0 && sio_pid_gone(o->target)) {
			sio_log(2, "target process %d exited", o->target);
			return;
		}
		if (deadline && sio_now() >= deadline) {
			sio_log(2, "timeout after %d seconds", o->timeout_s);
			return;
		}
		sio_sleep_ms(20);
	}
	sio_log(2, "got signal %d", (int)sio_sig);
}

/*
 * Output the module could not buffer: SystemTap's line first (scripts
 * match it), then what was lost and what to do about it.
 */
static void sio_report_lost(const struct stp_status *s)
{
	if (!s->dropped_writes)
		return;
	fprintf(stderr, "WARNING: There were %llu transport failures.\n",
		(unsigned long long)s->dropped_writes);
	fprintf(stderr, "WARNING: Output lost: %llu lines (%llu bytes) and %llu warning or error lines: the %u KiB buffer per CPU was full. Use a larger buffer (stap -s MB, staprun -b MB) or print less per probe hit.\n",
		(unsigned long long)s->dropped_lines,
		(unsigned long long)(s->dropped_bytes),
		(unsigned long long)s->dropped_warnings, s->bufsize >> 10);
}

/* STOP, then let the reader drain everything up to the last record */
static void sio_stop(pthread_t reader)
{
	struct stp_status s = { 0 };
	int rc = sio_command(STP_CMD_STOP, 0);

	if (rc)
		sio_log(0, "stopping the module failed: %s", strerror(-rc));
	if (sio_status(&s) == 0)
		sio_last_seq = s.last_seq;
	sio_draining = 1;
	pthread_join(reader, NULL);
	sio_report_lost(&s);
}

static pthread_t sio_start_reader(void)
{
	sigset_t all, old;
	pthread_t t;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&t, NULL, sio_reader, NULL) != 0) {
		sio_log(0, "cannot create the reader thread");
		exit(1);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return t;
}

/* -L: start the probes and leave them running, as SystemTap says */
static int sio_detach(const struct sio_opts *o)
{
	int rc = sio_command(STP_CMD_START, o->target);

	if (rc) {
		sio_log(0, "module '%s' failed to start: %s", o->module,
			strerror(-rc));
		return 1;
	}
	fprintf(stderr, "Disconnecting from systemtap module.\n"
		"To reconnect, type \"staprun -A %s\"\n", o->module);
	return 0;
}

/* ---- stdin for input.char / input.line ---- */

static int sio_stdin_fd = -1;		/* the module's procfs "__stdin" */
static struct termios sio_tty_saved;
static int sio_tty_changed;

/* Feed stdin to "__stdin" one byte per write, so that every byte is one
 * input.char; ends at EOF or when the module goes away. */
static void *sio_stdin_feeder(void *unused)
{
	char buf[256];
	ssize_t n, i;

	(void)unused;
	while ((n = read(0, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		for (i = 0; i < n; i++)
			if (write(sio_stdin_fd, buf + i, 1) != 1)
				return NULL;
	return NULL;
}

static void sio_tty_restore(void)
{
	if (sio_tty_changed)
		tcsetattr(0, TCSANOW, &sio_tty_saved);
}

/* When the script has input probes (procfs "__stdin" exists), a terminal
 * on stdin is switched out of line mode, so each key reaches the
 * script as it is typed, and a thread feeds it. */
static void sio_start_stdin(const char *mod)
{
	char path[512];
	struct termios raw;
	sigset_t all, old;
	pthread_t t;

	snprintf(path, sizeof(path), "/proc/systemtap/%s/__stdin", mod);
	sio_stdin_fd = open(path, O_WRONLY | O_CLOEXEC);
	if (sio_stdin_fd < 0)
		return;
	if (isatty(0) && tcgetattr(0, &sio_tty_saved) == 0) {
		raw = sio_tty_saved;
		raw.c_lflag &= ~ICANON;
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		sio_tty_changed = tcsetattr(0, TCSANOW, &raw) == 0;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&t, NULL, sio_stdin_feeder, NULL) == 0)
		pthread_detach(t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void sio_end_child(pid_t child)
{
	if (child <= 0 || waitpid(child, NULL, WNOHANG) != 0)
		return;
	kill(child, SIGTERM);
	waitpid(child, NULL, 0);
}

int main(int argc, char **argv)
{
	struct sio_opts o = { 0 };
	pthread_t reader;
	pid_t child = -1;
	int gate = -1, rc;

	sio_parse(&o, argc, argv);
	sio_signals();
	if (sio_open(o.module))
		return 1;
	if (o.detach)
		return sio_detach(&o);
	o.out.bulk = sio_bulk;
	if (sio_out_open(&o.out, sio_ncpus))
		return 1;
	if (o.cmd && (child = sio_spawn(o.cmd, &gate)) < 0)
		return 1;
	reader = sio_start_reader();
	rc = 0;
	if (!o.attach || sio_state == STP_STATE_LOADED)
		rc = sio_command(STP_CMD_START, child > 0 ? child : o.target);
	/* a signal during START (^C, a timeout) stops the run: the command
	 * is not started into a session that is about to stop */
	if (rc == 0 && gate >= 0 && !sio_sig && write(gate, "g", 1) != 1)
		sio_log(0, "cannot start command");
	if (rc == 0 && sio_sig)
		sio_log(1, "signal %d during START; command not run",
			(int)sio_sig);
	if (gate >= 0)
		close(gate);
	if (rc == 0)
		sio_start_stdin(o.module);
	if (rc == 0)
		sio_wait_for_stop(&o, child);
	sio_stop(reader);
	sio_tty_restore();
	if (rc)
		sio_log(sio_error_seen ? 1 : 0, "module '%s' failed to start: %s",
			o.module, strerror(-rc));
	sio_end_child(child);
	sio_unload_orphan(o.module);
	return rc || sio_error_seen ? 1 : 0;
}
