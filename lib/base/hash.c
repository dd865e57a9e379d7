/* hash.c - SHA-256 through OpenSSL's EVP interface, and FNV-1a: see
 * hash.h. */
#include "base/hash.h"

#include <openssl/evp.h>

void wa_hash_sha256_hex(const void *data, size_t len, char out[WA_SHA256_HEX])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	for (unsigned int i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * n] = '\0';
}

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
