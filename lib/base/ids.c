/* ids.c - UUIDv7 and slugs: see ids.h. */
#include "base/ids.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "base/buf.h"

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

/* ASCII base letter of a Latin-1 Supplement or Latin Extended-A code
 * point, or 0 when it has none. */
static char fold_latin(unsigned cp)
{
	static const char latin1[] =    /* U+00C0 .. U+00FF */
		"aaaaaaaceeeeiiiidnooooo_ouuuuyts"
		"aaaaaaaceeeeiiiidnooooo_ouuuuyty";
	static const char ext_a[] =     /* U+0100 .. U+017F */
		"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
		"lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

	if (cp >= 0xC0 && cp <= 0xFF)
		return latin1[cp - 0xC0] == '_' ? 0 : latin1[cp - 0xC0];
	if (cp >= 0x100 && cp <= 0x17F)
		return ext_a[cp - 0x100];
	return 0;
}

char *wa_slug_new(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	wa_buf b;
	int dash = 0;

	wa_buf_init(&b);
	while (*p) {
		unsigned cp = *p;
		int n = 1;
		char c = 0;

		if (cp >= 0xC0 && cp < 0xE0 && (p[1] & 0xC0) == 0x80) {
			cp = ((cp & 0x1F) << 6) | (p[1] & 0x3F);
			n = 2;
		} else if (cp >= 0x80) {
			while (p[n] && (p[n] & 0xC0) == 0x80)
				n++;
			cp = 0;
		}
		if (cp < 0x80 && cp) {
			if (cp >= 'A' && cp <= 'Z')
				c = (char)(cp - 'A' + 'a');
			else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
				c = (char)cp;
			else if (cp == '\'')
				n = -n;         /* "Joe's" -> "joes" */
		} else if (cp) {
			c = fold_latin(cp);
		}
		if (n < 0) {
			p += -n;
			continue;
		}
		if (c) {
			if (dash && b.len)
				wa_buf_addc(&b, '-');
			wa_buf_addc(&b, c);
			dash = 0;
		} else {
			dash = 1;
		}
		p += n;
	}
	if (!b.len) {
		wa_buf_free(&b);
		return NULL;
	}
	return wa_buf_detach(&b, NULL);
}

int wa_slug_valid(const char *s)
{
	if (!s || !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

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
