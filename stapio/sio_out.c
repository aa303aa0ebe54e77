/*
 * sio_out.c - stapio's output files.
 *
 * Normal mode writes the merged stream to stdout or -o FILE.  FILE may
 * hold strftime(3) conversions, expanded once when stapio starts.  With
 * -S SIZE[,N] the stream goes to FILE.0, FILE.1, ...: a record that would
 * take the current file past SIZE megabytes starts the next file, and
 * when N is given only the newest N files are kept.  Bulk mode (a module
 * built with stap -b) writes each CPU's records, headers included, to its
 * own file, FILE_N (stpd_cpuN without -o), for
 * stap-merge to put back in order by their sequence numbers.
 *
 * Invariant: a record is never split across two files.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "sio_out.h"

static struct sio_out_opts sio_o;
static char sio_name[PATH_MAX - 32];	/* FILE with the pattern expanded */
static int sio_fd = 1;
static int sio_fnum;			/* -S: number of the open file */
static unsigned long long sio_written;	/* bytes in the open file */
static int *sio_cpu_fd;

static void sio_out_all(int fd, const char *p, size_t n)
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

/* strftime(3) over PATTERN at the current local time; a name without
 * '%' is copied unchanged. Returns the length, 0 on overflow. */
size_t sio_out_expand(char *out, size_t cap, const char *pattern)
{
	time_t now = time(NULL);
	struct tm tm;

	if (!strchr(pattern, '%'))
		return (size_t)snprintf(out, cap, "%s", pattern) < cap ?
			strlen(out) : 0;
	localtime_r(&now, &tm);
	return strftime(out, cap, pattern, &tm);
}

/* -S "SIZE[,N]": SIZE megabytes (> 0), N files (>= 0) */
int sio_out_parse_size(const char *arg, long *mb, int *files)
{
	char *end;

	*mb = strtol(arg, &end, 10);
	*files = 0;
	if (*end == ',')
		*files = (int)strtol(end + 1, &end, 10);
	return (*mb > 0 && *files >= 0 && *end == '\0') ? 0 : -1;
}

/* Output files are the caller's: under a setuid staprun they are opened
 * with the real user's rights, not root's. */
static int sio_open_path(const char *path)
{
	uid_t euid = geteuid();
	gid_t egid = getegid();
	int fd, as_user = getuid() != euid;

	if (as_user && (setegid(getgid()) != 0 || seteuid(getuid()) != 0))
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (as_user && (seteuid(euid) != 0 || setegid(egid) != 0))
		abort();	/* cannot get back: never run half-dropped */

	if (fd < 0)
		fprintf(stderr, "ERROR: Couldn't open output file %s: %s\n",
			path, strerror(errno));
	return fd;
}

/* -S: open FILE.fnum, removing the file that falls out of the last N */
static int sio_open_numbered(void)
{
	char path[PATH_MAX];

	if (sio_o.max_files > 0 && sio_fnum >= sio_o.max_files) {
		snprintf(path, sizeof(path), "%s.%d", sio_name,
			 sio_fnum - sio_o.max_files);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s.%d", sio_name, sio_fnum);
	sio_written = 0;
	sio_fd = sio_open_path(path);
	return sio_fd < 0 ? -1 : 0;
}

static int sio_open_bulk(unsigned int ncpus)
{
	char path[PATH_MAX];
	unsigned int i;

	sio_cpu_fd = calloc(ncpus, sizeof(*sio_cpu_fd));
	for (i = 0; sio_cpu_fd && i < ncpus; i++) {
		if (!sio_o.file)
			snprintf(path, sizeof(path), "stpd_cpu%u", i);
		else
			snprintf(path, sizeof(path), "%s_%u", sio_name, i);
		sio_cpu_fd[i] = sio_open_path(path);
		if (sio_cpu_fd[i] < 0)
			return -1;
	}
	return sio_cpu_fd ? 0 : -1;
}

int sio_out_open(const struct sio_out_opts *o, unsigned int ncpus)
{
	sio_o = *o;
	if (o->file && !sio_out_expand(sio_name, sizeof(sio_name), o->file)) {
		fprintf(stderr, "ERROR: output file name '%s' is too long\n",
			o->file);
		return -1;
	}
	if (o->bulk && o->max_mb > 0) {
		fprintf(stderr, "ERROR: -S with bulk mode (stap -b) is not supported yet\n");
		return -1;
	}
	if (o->bulk)
		return sio_open_bulk(ncpus);
	if (!o->file)
		return 0;
	if (o->max_mb > 0)
		return sio_open_numbered();
	sio_fd = sio_open_path(sio_name);
	return sio_fd < 0 ? -1 : 0;
}

/* one record of the merged stream (bulk mode: records of CPU 0's file
 * never come here) */
void sio_out_write(const char *p, size_t n)
{
	unsigned long long limit = (unsigned long long)sio_o.max_mb << 20;

	if (sio_o.max_mb > 0 && sio_written > 0 && sio_written + n > limit) {
		close(sio_fd);
		sio_fnum++;
		if (sio_open_numbered())
			return;
	}
	if (sio_fd < 0)
		return;
	sio_out_all(sio_fd, p, n);
	sio_written += n;
}

/* bulk mode: the record as it came, header and payload */
void sio_out_bulk(unsigned int cpu, const struct stp_rec_hdr *h,
		  const char *p)
{
	if (!sio_cpu_fd || sio_cpu_fd[cpu] < 0)
		return;
	sio_out_all(sio_cpu_fd[cpu], (const char *)h, sizeof(*h));
	sio_out_all(sio_cpu_fd[cpu], p, h->len);
}
