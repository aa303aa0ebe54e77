/*
 * stap-merge.c - put the per-CPU files of a bulk-mode run (stap -b) back
 * into one stream, in the order the module wrote it.
 *
 *   stap-merge [-v] [-o OUTPUT] FILE...
 *
 * Each file holds the records of one CPU as stapio read them, a struct
 * stp_rec_hdr then its payload (runtime/uapi/stp_proto.h); the sequence
 * numbers are global, so always writing the record with the lowest
 * number among the files' next records restores the module's order.
 * -v prints [CPU,SEQUENCE,LENGTH] before each record, CPU being the
 * position of its file on the command line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../runtime/uapi/stp_proto.h"

struct sm_in {
	FILE *f;
	const char *name;
	struct stp_rec_hdr h;
	int have;		/* h holds the next record's header */
};

static void sm_next(struct sm_in *in)
{
	in->have = fread(&in->h, sizeof(in->h), 1, in->f) == 1;
	if (in->have && in->h.len > STP_REC_MAX) {
		fprintf(stderr, "stap-merge: %s: bad record (length %u)\n",
			in->name, in->h.len);
		in->have = 0;
	}
}

/* the input whose next record has the lowest sequence number, or -1 */
static int sm_lowest(const struct sm_in *in, int n)
{
	int i, best = -1;

	for (i = 0; i < n; i++)
		if (in[i].have && (best < 0 || in[i].h.seq < in[best].h.seq))
			best = i;
	return best;
}

static int sm_copy(struct sm_in *in, int cpu, FILE *out, int verbose)
{
	static char buf[STP_REC_MAX];

	if (fread(buf, 1, in->h.len, in->f) != in->h.len) {
		fprintf(stderr, "stap-merge: %s: truncated record\n", in->name);
		return -1;
	}
	if (verbose)
		fprintf(out, "[%d,%llu,%u]\n", cpu,
			(unsigned long long)in->h.seq, in->h.len);
	fwrite(buf, 1, in->h.len, out);
	sm_next(in);
	return 0;
}

static void sm_usage(void)
{
	fprintf(stderr, "Usage: stap-merge [-v] [-o OUTPUT] FILE...\n");
	exit(1);
}

int main(int argc, char **argv)
{
	struct sm_in *in;
	FILE *out = stdout;
	int c, i, n, verbose = 0, rc = 0;

	while ((c = getopt(argc, argv, "vo:")) != -1) {
		if (c == 'v')
			verbose = 1;
		else if (c == 'o' && !(out = fopen(optarg, "w")))
			return fprintf(stderr, "stap-merge: %s: %s\n", optarg,
				       strerror(errno)), 1;
		else if (c != 'o')
			sm_usage();
	}
	n = argc - optind;
	if (n <= 0)
		sm_usage();
	in = calloc(n, sizeof(*in));
	for (i = 0; in && i < n; i++) {
		in[i].name = argv[optind + i];
		in[i].f = fopen(in[i].name, "r");
		if (!in[i].f)
			return fprintf(stderr, "stap-merge: %s: %s\n",
				       in[i].name, strerror(errno)), 1;
		sm_next(&in[i]);
	}
	while (in && (i = sm_lowest(in, n)) >= 0)
		if (sm_copy(&in[i], i, out, verbose))
			rc = 1;
	return fclose(out) == 0 ? rc : 1;
}
