/* uuid.h - UUIDv7 (RFC 9562), the ids of runs. */
#ifndef WA_UUID_H
#define WA_UUID_H

#include <stdint.h>

#define WA_UUID_MAX 37

/* A UUIDv7 for time ms.  rand supplies the 74 random bits (10 bytes);
 * NULL takes them from getrandom(2). */
void wa_uuid_v7(int64_t ms, const unsigned char *rand, char out[WA_UUID_MAX]);
/* 1 when s is a UUID in canonical lower-case form. */
int wa_uuid_valid(const char *s);

#endif
