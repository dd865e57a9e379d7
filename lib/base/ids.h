/* ids.h - identifiers: UUIDv7 run ids (RFC 9562) and client slugs. */
#ifndef WA_IDS_H
#define WA_IDS_H

#include <stddef.h>
#include <stdint.h>

#define WA_UUID_MAX 37

/* A UUIDv7 for time ms.  rand supplies the 74 random bits (10 bytes);
 * NULL takes them from getrandom(2). */
void wa_uuid_v7(int64_t ms, const unsigned char *rand, char out[WA_UUID_MAX]);
/* 1 when s is a UUID in canonical lower-case form. */
int wa_uuid_valid(const char *s);

/* The slug of a name: lower-case ASCII letters and digits, runs of
 * anything else as one '-', no leading or trailing '-'; Latin letters
 * with diacritics lose them ("Zoë Núñez" -> "zoe-nunez").  Returns a new
 * string (free it), or NULL when nothing is left. */
char *wa_slug_new(const char *name);
/* 1 when s matches [a-z0-9][a-z0-9-]* */
int wa_slug_valid(const char *s);

/* 64-bit FNV-1a, for deterministic seeds (not for security). */
uint64_t wa_hash_fnv1a(uint64_t h, const void *data, size_t len);

#endif
