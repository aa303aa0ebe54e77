/* cache.h - pass 4's module cache and the identities its keys hash.
 *
 * Entries live in s->cache_dir (~/.systemtap/cache) as HH/NAME, HH being the
 * first two hex digits of the entry's key, like SystemTap's cache.  Entries
 * are written to a temporary name and renamed, so a reader never sees half a
 * module.
 */
#ifndef STAP_CACHE_H
#define STAP_CACHE_H

#include <stdbool.h>

#include "hash.h"
#include "session.h"

/* "<cache_dir>/<key[0..2)>/<prefix><key[0..32)><suffix>"; with create, the HH
 * directory is made.  NULL when the cache is disabled or unusable. */
int cache_mkdir_p(struct session *s, const char *dir);
const char *cache_entry(struct session *s, const char *key,
			const char *prefix, const char *suffix, bool create);
bool cache_exists(const char *path);
/* Copy src to dst through dst.tmpPID + rename; 0 or -1 with errno. */
int cache_copy(const char *src, const char *dst);
/* Read a whole file into the arena (NUL-terminated); NULL on error. */
char *cache_slurp(struct session *s, const char *path, size_t *len);

/* Keep the cache under cache_dir/cache_mb_limit MiB (default 256) by
 * removing the least recently used entries (never s->cache_path, this
 * run's module); done at most once per
 * cache_clean_interval_s seconds (default 300) unless force. */
void cache_clean(struct session *s, bool force);

/* The target kernel: release, build tree, .config text, Module.symvers
 * and compiler (by size and mtime).  -1 if the tree has no .config. */
int cache_hash_kernel(struct session *s, struct hash_ctx *c);
/* Every runtime source file under s->runtime_dir (names and contents). */
int cache_hash_runtime(struct session *s, struct hash_ctx *c);

/* The default module name, "stap_" + 32 hex digits of a hash of the
 * script texts and the options that change the module. */
const char *cache_module_name(struct session *s);

#endif
