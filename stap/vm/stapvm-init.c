/*
 * stapvm-init.c - PID 1 of the stap-vm guest (statically linked).
 *
 * Mounts the pseudo filesystems, installs busybox applets, brings up lo,
 * then runs every job of /stapvm/jobs (see svm_proto.h) in turn as
 * `sh -c 'exec staprun MODULE ARGS'`, streaming its stdout and stderr as
 * frames over /dev/ttyS1 and obeying host commands (Ctrl-C) read from the
 * same port. Finally powers the guest off.
 *
 * Invariant: every job started gets exactly one SVM_RC frame, even when it
 * times out (SIGINT, then SIGKILL after a grace period, then abandoned if
 * stuck in the kernel) or leaves its module loaded (removed here, with a
 * note). Kernel log lines are forwarded as they appear, so the host can
 * show an oops while the job still runs.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "svm_proto.h"

#define SI_GRACE 10	/* seconds between SIGINT and SIGKILL on timeout */
#define SI_STUCK 10	/* seconds after SIGKILL before abandoning a job */
#define SI_FILES_MAX (64 << 20)	/* bytes of output files returned per job */

static int si_port = -1;
static int si_kmsg = -1;

static void si_send(int type, int test, const void *p, size_t len)
{
	struct svm_frame f = { SVM_MAGIC, type, test, len };
	struct iovec iov[2] = { { &f, sizeof(f) }, { (void *)p, len } };
	size_t left = sizeof(f) + len;
	int i = 0;

	while (left > 0) {
		ssize_t w = writev(si_port, iov + i, 2 - i);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		left -= w;
		while (i < 2 && (size_t)w >= iov[i].iov_len)
			w -= iov[i++].iov_len;
		if (i < 2) {
			iov[i].iov_base = (char *)iov[i].iov_base + w;
			iov[i].iov_len -= w;
		}
	}
}

static void si_note(int test, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void si_note(int test, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	si_send(SVM_NOTE, test, buf, n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1);
}

static void si_open_port(void)
{
	struct termios t;

	si_port = open("/dev/ttyS1", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (si_port < 0) {
		perror("stapvm-init: /dev/ttyS1");
		reboot(RB_POWER_OFF);
	}
	tcgetattr(si_port, &t);
	cfmakeraw(&t);
	t.c_cflag &= ~CRTSCTS;
	t.c_cflag |= CLOCAL;
	cfsetspeed(&t, B115200);
	tcsetattr(si_port, TCSANOW, &t);
}

static void si_lo_up(void)
{
	struct ifreq ifr = { 0 };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	strcpy(ifr.ifr_name, "lo");
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		return;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	ioctl(s, SIOCSIFFLAGS, &ifr);	/* the kernel adds 127.0.0.1/8 */
	close(s);
}

static void si_setup(void)
{
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
	mkdir("/dev/pts", 0755);
	mount("devpts", "/dev/pts", "devpts", 0, NULL);
	setenv("PATH", "/bin:/sbin:/usr/bin:/usr/sbin", 1);
	setenv("HOME", "/", 1);
	setenv("TERM", "dumb", 1);
	if (fork() == 0) {
		execl("/bin/busybox", "busybox", "--install", "-s", "/bin",
		      (char *)NULL);
		_exit(127);
	}
	while (wait(NULL) > 0)
		;
	si_lo_up();
	si_kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (si_kmsg >= 0)
		lseek(si_kmsg, 0, SEEK_END);
}

/* kernel log lines since the last call, as "[secs.usecs] text" lines */
static void si_send_kmsg(int test)
{
	static char out[65536];
	char rec[8192];
	unsigned long long us;
	size_t len = 0;
	ssize_t n;

	while (si_kmsg >= 0 && (n = read(si_kmsg, rec, sizeof(rec) - 1)) != 0) {
		char *semi, *nl, *c1, *c2;

		if (n < 0) {
			if (errno == EPIPE)	/* overwritten: skip ahead */
				continue;
			break;
		}
		rec[n] = '\0';
		semi = strchr(rec, ';');
		c1 = strchr(rec, ',');
		c2 = c1 ? strchr(c1 + 1, ',') : NULL;
		if (!semi || !c2)
			continue;
		nl = strchr(semi, '\n');
		if (nl)
			*nl = '\0';
		us = strtoull(c2 + 1, NULL, 10);
		if (len + strlen(semi) + 32 < sizeof(out))
			len += snprintf(out + len, sizeof(out) - len,
					"[%5llu.%06llu] %s\n", us / 1000000,
					us % 1000000, semi + 1);
	}
	if (len)
		si_send(SVM_KMSG, test, out, len);
}

/* one job line: NAME \t MODULE \t TIMEOUT \t ARGS */
struct si_job {
	char *name, *module, *args;
	int timeout;
};

static int si_parse_job(char *line, struct si_job *j)
{
	char *f[4] = { NULL, NULL, NULL, "" };
	int i;

	line[strcspn(line, "\n")] = '\0';
	for (i = 0; i < 4 && line; i++) {
		f[i] = line;
		line = strchr(line, '\t');
		if (line)
			*line++ = '\0';
	}
	if (!f[0] || !f[1] || !f[2] || !*f[0])
		return -1;
	j->name = f[0];
	j->module = f[1];
	j->timeout = atoi(f[2]);
	j->args = f[3];
	return 0;
}

static pid_t si_spawn(const struct si_job *j, int out[2], int err[2])
{
	char cmd[8192];
	pid_t pid;

	if (j->args[0] == '!')	/* a guest shell command, see svm_proto.h */
		snprintf(cmd, sizeof(cmd), "MODULE=%s; %s", j->module,
			 j->args + 1);
	else
		snprintf(cmd, sizeof(cmd), "exec /bin/staprun %s %s",
			 j->module, j->args);
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		setsid();
		dup2(open("/dev/null", O_RDONLY), 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		if (chdir(SVM_JOBDIR) < 0)
			_exit(126);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	return pid;
}

/* the state of the running job */
struct si_run {
	int test;
	pid_t pid;
	int fds[2];		/* stdout, stderr read ends; -1 at EOF */
	int status;		/* -1 while running */
	int timed_out;
	time_t start, deadline, killtime, abandon;
};

static void si_host_cmd(struct si_run *r)
{
	char c;

	if (read(si_port, &c, 1) != 1 || r->status != -1)
		return;
	if (c == SVM_CMD_INT)
		kill(-r->pid, SIGINT);
	else if (c == SVM_CMD_KILL)
		kill(-r->pid, SIGKILL);
}

static void si_reap(struct si_run *r)
{
	int st;
	pid_t p;

	while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
		if (p != r->pid)
			continue;	/* an orphan re-parented to us */
		r->status = WIFEXITED(st) ? WEXITSTATUS(st)
					  : 128 + WTERMSIG(st);
	}
}

static void si_timeouts(struct si_run *r, time_t now)
{
	if (r->status != -1)
		return;
	if (r->deadline && now >= r->deadline && !r->timed_out) {
		r->timed_out = 1;
		kill(-r->pid, SIGINT);
		r->killtime = now + SI_GRACE;
	}
	if (r->killtime && now >= r->killtime) {
		kill(-r->pid, SIGKILL);
		r->killtime = 0;
		r->abandon = now + SI_STUCK;
	}
	if (r->abandon && now >= r->abandon) {
		si_note(r->test, "job survived SIGKILL for %d s (stuck in the kernel?); abandoned",
			SI_STUCK);
		r->status = 128 + SIGKILL;
	}
}

static void si_pump(struct si_run *r, int i)
{
	char buf[16384];
	ssize_t n = read(r->fds[i], buf, sizeof(buf));

	if (n > 0) {
		si_send(i ? SVM_ERR : SVM_OUT, r->test, buf, n);
		return;
	}
	if (n < 0 && errno == EINTR)
		return;
	close(r->fds[i]);
	r->fds[i] = -1;
}

/*
 * run until the job exited and its pipes are drained: 1 s after exit, or
 * up to 10 s while its process group lives on (stapio stopping and
 * removing the module after staprun was killed)
 */
static void si_loop(struct si_run *r)
{
	time_t exited = 0, lastbeat = time(NULL);

	for (;;) {
		struct pollfd p[4] = { { si_port, POLLIN, 0 },
				       { r->fds[0], POLLIN, 0 },
				       { r->fds[1], POLLIN, 0 },
				       { si_kmsg, POLLIN, 0 } };
		time_t now;
		int i;

		if (poll(p, 4, 200) > 0) {
			if (p[0].revents & POLLIN)
				si_host_cmd(r);
			if (p[3].revents & POLLIN)
				si_send_kmsg(r->test);
			for (i = 0; i < 2; i++)
				if (p[i + 1].revents)
					si_pump(r, i);
		}
		si_reap(r);
		now = time(NULL);
		si_timeouts(r, now);
		if (r->status != -1 && !exited)
			exited = now;
		if (r->fds[0] < 0 && r->fds[1] < 0 && r->status != -1)
			return;
		if (r->abandon && r->status != -1)
			return;
		if (exited && now > exited + 1 &&
		    (now > exited + 10 || kill(-r->pid, 0) != 0))
			return;		/* a -c workload kept the pipes */
		if (now != lastbeat) {
			si_send(SVM_BEAT, r->test, NULL, 0);
			lastbeat = now;
		}
	}
}

/* Remove a module; while it is busy (a killed job still inside a START
 * or STOP write, its files not yet closed) retry for up to 30 s. */
static int si_delete_module(const char *name)
{
	int i;

	for (i = 0; i < 300; i++) {
		if (syscall(SYS_delete_module, name, O_NONBLOCK) == 0)
			return 0;
		if (errno != EAGAIN && errno != EBUSY && errno != EWOULDBLOCK)
			break;
		usleep(100000);
	}
	return -1;
}

/* modules still loaded after a job (staprun was killed): remove them */
/* the modules loaded at boot (--insmod): what every job finds loaded */
static char si_boot_mods[1024];

static int si_boot_mod(const char *name)
{
	char key[132];

	snprintf(key, sizeof(key), " %s ", name);
	return strstr(si_boot_mods, key) != NULL;
}

static void si_note_boot_mods(void)
{
	char line[512], name[128];
	size_t n = 1;
	FILE *f = fopen("/proc/modules", "r");

	si_boot_mods[0] = ' ';
	while (f && fgets(line, sizeof(line), f) &&
	       sscanf(line, "%127s", name) == 1 &&
	       n + strlen(name) + 2 < sizeof(si_boot_mods))
		n += sprintf(si_boot_mods + n, "%s ", name);
	if (f)
		fclose(f);
}

static void si_cleanup_modules(int test)
{
	char line[512], name[128];
	FILE *f = fopen("/proc/modules", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%127s", name) != 1 || si_boot_mod(name))
			continue;
		if (si_delete_module(name) == 0)
			si_note(test, "module %s was left loaded; removed", name);
		else
			si_note(test, "module %s was left loaded; removing failed: %s",
				name, strerror(errno));
	}
	if (f)
		fclose(f);
}

/* one file of the job directory as SVM_FILE frames: NAME NUL chunk */
static size_t si_send_file(int test, const char *name, size_t budget)
{
	static char buf[SVM_FILE_CHUNK];
	size_t nlen = strlen(name) + 1, sent = 0;
	int fd = open(name, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0 || nlen > 256)
		return 0;
	memcpy(buf, name, nlen);
	do {
		n = read(fd, buf + nlen, sizeof(buf) - nlen);
		if (n < 0 || sent + n > budget)
			break;
		si_send(SVM_FILE, test, buf, nlen + n);
		sent += n;
	} while (n > 0);
	if (n != 0)
		si_note(test, "output file %s not returned in full", name);
	close(fd);
	return sent;
}

/* return the files the job wrote in its directory, then empty it */
static void si_return_files(int test)
{
	DIR *d = opendir(".");
	struct dirent *e;
	struct stat st;
	size_t budget = SI_FILES_MAX;

	while (d && (e = readdir(d)) != NULL) {
		if (lstat(e->d_name, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		budget -= si_send_file(test, e->d_name, budget);
		unlink(e->d_name);
	}
	if (d)
		closedir(d);
}

static void si_run_job(int test, const struct si_job *j)
{
	struct si_run r = { .test = test, .status = -1 };
	int out[2], err[2];
	struct svm_rc rc;
	unsigned int i;

	si_send(SVM_START, test, j->name, strlen(j->name));
	r.pid = si_spawn(j, out, err);
	if (r.pid < 0) {
		si_note(test, "cannot start the job: %s", strerror(errno));
		r.status = 127;
	} else {
		r.fds[0] = out[0];
		r.fds[1] = err[0];
		r.start = time(NULL);
		r.deadline = j->timeout > 0 ? r.start + j->timeout : 0;
		si_loop(&r);
		for (i = 0; i < 2; i++)
			if (r.fds[i] >= 0)
				close(r.fds[i]);
		kill(-r.pid, SIGKILL);	/* leftovers of the session */
	}
	if (r.timed_out)
		si_note(test, "timed out after %d s; sent SIGINT", j->timeout);
	si_cleanup_modules(test);
	si_return_files(test);
	si_send_kmsg(test);
	rc.status = r.status;
	rc.timed_out = r.timed_out;
	si_send(SVM_RC, test, &rc, sizeof(rc));
}

/* --insmod: the kernel's own modules a test probes, loaded before any job
 * (a failure is on the console; the job's probes then fail to register) */
static void si_insmods(void)
{
	char path[256];
	FILE *l = fopen(SVM_INSMOD, "r");

	while (l && fgets(path, sizeof(path), l)) {
		int fd;

		path[strcspn(path, "\n")] = '\0';
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || syscall(SYS_finit_module, fd, "", 0) != 0)
			fprintf(stderr, "stapvm-init: insmod %s: %s\n", path,
				strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	if (l)
		fclose(l);
	si_note_boot_mods();
}

int main(void)
{
	char line[8192];
	struct si_job j;
	int test = 0;
	FILE *jobs;

	si_setup();
	si_open_port();
	si_send(SVM_HELLO, 0, SVM_VERSION, strlen(SVM_VERSION));
	si_insmods();
	mkdir(SVM_JOBDIR, 0777);
	if (chdir(SVM_JOBDIR) < 0)
		si_note(0, "cannot enter %s: %s", SVM_JOBDIR, strerror(errno));
	jobs = fopen(SVM_JOBS, "r");
	while (jobs && fgets(line, sizeof(line), jobs)) {
		if (si_parse_job(line, &j) == 0)
			si_run_job(test, &j);
		test++;
	}
	si_send(SVM_DONE, 0, NULL, 0);
	tcdrain(si_port);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
