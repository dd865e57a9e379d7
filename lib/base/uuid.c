/* uuid.c - UUIDv7 (RFC 9562): see uuid.h. */
#include "base/uuid.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>

void wa_uuid_v7(int64_t ms, const unsigned char *rand, char out[WA_UUID_MAX])
{
	unsigned char b[16], r[10];

	if (!rand) {
		size_t got = 0;
		while (got < sizeof r) {
			ssize_t n = getrandom(r + got, sizeof r - got, 0);
			if (n > 0)
				got += (size_t)n;
		}
		rand = r;
	}
	/* RFC 9562 section 5.7: 48-bit big-endian ms, version 7, variant 10 */
	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)((uint64_t)ms >> (40 - 8 * i));
	memcpy(b + 6, rand, 10);
	b[6] = (unsigned char)(0x70 | (b[6] & 0x0f));
	b[8] = (unsigned char)(0x80 | (b[8] & 0x3f));
	snprintf(out, WA_UUID_MAX,
		"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
		b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

int wa_uuid_valid(const char *s)
{
	for (int i = 0; i < 36; i++) {
		char c = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return 0;
		}
	}
	return s[36] == '\0';
}
