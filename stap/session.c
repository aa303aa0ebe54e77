/* session.c - small helpers on session-owned data. */
#include "session.h"

#include <stdlib.h>
#include <string.h>

/* Append s to l; the vector lives in the process heap until exit. */
void strlist_add(struct strlist *l, const char *s)
{
	if (l->n == l->cap) {
		const char **v;

		l->cap = l->cap ? 2 * l->cap : 8;
		v = calloc((size_t)l->cap, sizeof(*v));
		if (!v)
			abort();
		if (l->n)
			memcpy(v, l->v, (size_t)l->n * sizeof(*v));
		free(l->v);
		l->v = v;
	}
	l->v[l->n++] = s;
}

void strlist_free(struct strlist *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
