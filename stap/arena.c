/* arena.c - bump allocator for a session, and the interned-name table.
 *
 * Invariant: memory from an arena is never freed one object at a time;
 * arena_free releases every block.  The intern table is an open-addressing
 * hash set whose slots point at arena-owned strings.
 */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (64 * 1024)
#define ARENA_ALIGN 16

struct arena_block {
	struct arena_block *prev;
	size_t used, size;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
	struct arena_block *top;
	size_t total;
};

static void *xcalloc(size_t n)
{
	void *p = calloc(1, n);

	if (!p) {
		fputs("stap: out of memory\n", stderr);
		abort();
	}
	return p;
}

struct arena *arena_new(void)
{
	return xcalloc(sizeof(struct arena));
}

void arena_free(struct arena *a)
{
	struct arena_block *b, *prev;

	if (!a)
		return;
	for (b = a->top; b; b = prev) {
		prev = b->prev;
		free(b);
	}
	free(a);
}

static struct arena_block *arena_grow(struct arena *a, size_t n)
{
	size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
	struct arena_block *b = malloc(sizeof(*b) + size);

	if (!b) {
		fputs("stap: out of memory\n", stderr);
		abort();
	}
	b->prev = a->top;
	b->used = 0;
	b->size = size;
	a->top = b;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->top;
	void *p;

	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (!b || b->size - b->used < n)
		b = arena_grow(a, n);
	p = b->data + b->used;
	b->used += n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}

/* ---- interned names ---- */

struct intern {
	struct arena *arena;
	const char **slots;
	size_t cap, count;
};

static uint32_t intern_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

struct intern *intern_new(struct arena *a)
{
	struct intern *t = ARENA_NEW(a, struct intern);

	t->arena = a;
	t->cap = 1024;
	t->slots = arena_alloc(a, t->cap * sizeof(*t->slots));
	return t;
}

static void intern_rehash(struct intern *t)
{
	size_t cap = t->cap * 2, i;
	const char **slots = arena_alloc(t->arena, cap * sizeof(*slots));

	for (i = 0; i < t->cap; i++) {
		const char *s = t->slots[i];
		size_t j;

		if (!s)
			continue;
		j = intern_hash(s, strlen(s)) & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = s;
	}
	t->slots = slots;	/* the old table stays in the arena */
	t->cap = cap;
}

const char *intern_n(struct intern *t, const char *s, size_t n)
{
	size_t j;

	if (2 * (t->count + 1) > t->cap)
		intern_rehash(t);
	j = intern_hash(s, n) & (t->cap - 1);
	for (; t->slots[j]; j = (j + 1) & (t->cap - 1)) {
		const char *p = t->slots[j];

		if (strncmp(p, s, n) == 0 && p[n] == '\0')
			return p;
	}
	t->slots[j] = arena_strndup(t->arena, s, n);
	t->count++;
	return t->slots[j];
}

const char *intern_s(struct intern *t, const char *s)
{
	return intern_n(t, s, strlen(s));
}

size_t intern_count(const struct intern *t)
{
	return t->count;
}
