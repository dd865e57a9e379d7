/* hash_fnv.c - FNV-1a: see hash.h.  A file of its own, so that what
 * needs only FNV does not link libcrypto. */
#include "base/hash.h"

/* FNV-1a, 64 bits: offset basis 14695981039346656037, prime 2^40 + 2^8 + 0xb3 */
uint64_t wa_hash_fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	if (!h)
		h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}
