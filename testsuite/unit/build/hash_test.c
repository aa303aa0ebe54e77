/* hash_test.c - SHA-256 against the FIPS 180-4 / NIST test vectors.
 *
 *   cc -std=gnu11 -Istap -o /tmp/hash_test testsuite/unit/build/hash_test.c stap/hash.c
 */
#include <stdio.h>
#include <string.h>

#include "hash.h"

struct vector {
	const char *in;
	size_t repeat;
	const char *hex;
};

static const struct vector vectors[] = {
	{ "", 1,
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", 1,
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "a", 1000000,
	  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
};

int main(void)
{
	char hex[HASH_HEX_LEN + 1];
	struct hash_ctx c;
	size_t i, j;
	int fails = 0;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		hash_init(&c);
		for (j = 0; j < vectors[i].repeat; j++)
			hash_update(&c, vectors[i].in, strlen(vectors[i].in));
		hash_final_hex(&c, hex);
		if (strcmp(hex, vectors[i].hex)) {
			printf("FAIL: sha256 vector %zu: %s\n", i, hex);
			fails++;
		}
	}
	printf("%s: hash_test\n", fails ? "FAIL" : "PASS");
	return fails != 0;
}
