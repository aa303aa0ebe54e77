/*
 * sio_out.h - where stapio writes the script's output: stdout, -o FILE
 * (strftime patterns in its name), -S SIZE[,N] rotation, bulk per-CPU files.
 */
#ifndef SIO_OUT_H
#define SIO_OUT_H

#include <stddef.h>
#include "../runtime/uapi/stp_proto.h"

struct sio_out_opts {
	const char *file;	/* -o FILE, NULL for stdout */
	long max_mb;		/* -S SIZE: switch files past SIZE MB, 0 never */
	int max_files;		/* -S ,N: keep at most N files, 0 all */
	int bulk;		/* one file per CPU (module built with stap -b) */
};

int sio_out_open(const struct sio_out_opts *o, unsigned int ncpus);
void sio_out_write(const char *p, size_t n);
void sio_out_bulk(unsigned int cpu, const struct stp_rec_hdr *h,
		  const char *p);
size_t sio_out_expand(char *out, size_t cap, const char *pattern);
int sio_out_parse_size(const char *arg, long *mb, int *files);

#endif /* SIO_OUT_H */
