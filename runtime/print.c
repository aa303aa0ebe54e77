// SPDX-License-Identifier: GPL-2.0
/*
 * print.c - the print family's output side: each probe context owns a
 * STP_PRINT_BUFSIZE buffer that print/printf append to; it is handed to
 * the transport at the end of every hit (and earlier when it fills).
 *
 * Invariant: only the context's owner touches its buffer (the context is
 * claimed for the whole hit), so no locking; at least half the buffer is
 * free when a print statement starts, so one statement's output is cut
 * only if it alone exceeds STP_PRINT_BUFSIZE / 2.
 */

/* Hand everything buffered to the transport (drops are counted there). */
static void stp_print_flush(struct stp_ctx *c)
{
	if (c->pbuf.len)
		stp_transport_write(c->pbuf.p, c->pbuf.len);
	c->pbuf.len = 0;
}

/* The buffer a print statement writes to, with room made. */
static struct stp_buf *stp_print_buf(struct stp_ctx *c)
{
	if (c->pbuf.len > c->pbuf.cap / 2)
		stp_print_flush(c);
	return &c->pbuf;
}

/* A string sink over a MAXSTRINGLEN temporary, for sprint/sprintf. */
static struct stp_buf stp_print_strbuf(char *dst)
{
	struct stp_buf b = { .p = dst, .len = 0, .cap = MAXSTRINGLEN - 1 };

	return b;
}

/* Terminate a string sink; returns the string. */
static const char *stp_print_strend(struct stp_buf *b)
{
	b->p[b->len] = '\0';
	return b->p;
}

/* print(@hist_*(s)) of a scalar statistic, into b. */
static void stp_print_hist(struct stp_buf *b, struct stp_pstat *ps,
			   const struct stp_stat_desc *d)
{
	stp_stat_print_hist(b, stp_stat_get(ps), d);
}

/* print(@hist_*(a[k])) of an array element; a missing one prints nothing. */
static void stp_print_map_hist(struct stp_buf *b, const struct stp_stat *st,
			       const struct stp_stat_desc *d)
{
	if (st)
		stp_stat_print_hist(b, st, d);
}

/* Warnings from probe context (the warn() tapset function). */
static void stp_print_warn(const char *msg)
{
	char line[MAXSTRINGLEN + 16];
	int n = scnprintf(line, sizeof(line), "WARNING: %s\n", msg);

	stp_transport_warn(line, n);
}
