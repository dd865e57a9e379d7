/* hash.h - SHA-256 digests as lower-case hex (OpenSSL libcrypto). */
#ifndef WA_HASH_H
#define WA_HASH_H

#include <stddef.h>

#define WA_SHA256_HEX 65

void wa_hash_sha256_hex(const void *data, size_t len, char out[WA_SHA256_HEX]);

#endif
