/* session.c - small helpers on session-owned data. */
#include "session.h"

#include <string.h>

/* Append str to l; the vector lives in the session arena (a grown copy
 * leaves the old one behind, bounded by twice the final size). */
void strlist_add(struct session *s, struct strlist *l, const char *str)
{
	if (l->n == l->cap) {
		const char **v;

		l->cap = l->cap ? 2 * l->cap : 8;
		v = arena_alloc(s->arena, (size_t)l->cap * sizeof(*v));
		if (l->n)
			memcpy(v, l->v, (size_t)l->n * sizeof(*v));
		l->v = v;
	}
	l->v[l->n++] = str;
}
