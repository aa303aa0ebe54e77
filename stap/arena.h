/* arena.h - the session arena and interned names.
 *
 * Every token, AST node, symbol and type of a session lives in one arena
 * and is freed at once when the session ends.  Names are interned, so two
 * identifiers are equal exactly when their pointers are equal.
 */
#ifndef STAP_ARENA_H
#define STAP_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Zeroed memory, aligned for any object; never returns NULL (aborts on OOM). */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* Bytes handed out so far (for -v memory figures and benchmarks). */
size_t arena_used(const struct arena *a);

#define ARENA_NEW(a, type) ((type *)arena_alloc((a), sizeof(type)))

struct intern;

struct intern *intern_new(struct arena *a);
/* The unique copy of s[0..n); NUL-terminated, lives as long as the arena. */
const char *intern_n(struct intern *t, const char *s, size_t n);
const char *intern_s(struct intern *t, const char *s);
/* Number of distinct names interned so far. */
size_t intern_count(const struct intern *t);

#endif
