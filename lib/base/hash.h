/* hash.h - SHA-256 digests as lower-case hex (OpenSSL libcrypto), and
 * FNV-1a for fast fingerprints. */
#ifndef WA_HASH_H
#define WA_HASH_H

#include <stddef.h>
#include <stdint.h>

#define WA_SHA256_HEX 65

void wa_hash_sha256_hex(const void *data, size_t len, char out[WA_SHA256_HEX]);

/* 64-bit FNV-1a of data, continuing from h (0: start afresh); for
 * deterministic seeds and change detection, not for security. */
uint64_t wa_hash_fnv1a(uint64_t h, const void *data, size_t len);

#endif
