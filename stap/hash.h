/* hash.h - SHA-256, for cache keys and default module names.
 *
 * A hash_ctx accumulates everything that identifies a build; fields are
 * framed (hash_str adds the length) so "ab"+"c" and "a"+"bc" differ.
 */
#ifndef STAP_HASH_H
#define STAP_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_HEX_LEN 64		/* hex digits of a full digest */

struct hash_ctx {
	uint32_t h[8];
	uint64_t total;		/* bytes fed so far */
	unsigned char buf[64];
	size_t nbuf;
};

void hash_init(struct hash_ctx *c);
void hash_update(struct hash_ctx *c, const void *data, size_t n);
/* A framed string: its length, then its bytes ("" for NULL). */
void hash_str(struct hash_ctx *c, const char *s);
void hash_int(struct hash_ctx *c, int64_t v);
/* The whole content of a file (not its name); -1 if unreadable. */
int hash_file(struct hash_ctx *c, const char *path);
/* Finish into 64 lowercase hex digits plus NUL; c is spent. */
void hash_final_hex(struct hash_ctx *c, char hex[HASH_HEX_LEN + 1]);

#endif
