/* slug.c - client slugs: see slug.h. */
#include "base/slug.h"

#include "base/buf.h"

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
