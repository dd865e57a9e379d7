/* hash.c - SHA-256 through OpenSSL's EVP interface: see hash.h. */
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
