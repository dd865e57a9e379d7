/* base64.c - base64: see base64.h. */
#include "base/base64.h"

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void wa_base64_encode(wa_buf *out, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	wa_buf_grow(out, (len + 2) / 3 * 4);
	for (i = 0; i + 2 < len; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
		char q[4] = { alphabet[v >> 18], alphabet[v >> 12 & 63], alphabet[v >> 6 & 63],
			alphabet[v & 63] };
		wa_buf_add(out, q, 4);
	}
	if (i < len) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < len ? (unsigned)p[i + 1] << 8 : 0);
		char q[4] = { alphabet[v >> 18], alphabet[v >> 12 & 63],
			i + 1 < len ? alphabet[v >> 6 & 63] : '=', '=' };
		wa_buf_add(out, q, 4);
	}
}

char *wa_base64_encode_new(const void *data, size_t len)
{
	wa_buf b;

	wa_buf_init(&b);
	wa_base64_encode(&b, data, len);
	return wa_buf_detach(&b, NULL);
}

static int value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

int wa_base64_decode(wa_buf *out, const char *text, size_t len)
{
	size_t start = out->len;

	if (len % 4)
		return -1;
	for (size_t i = 0; i < len; i += 4) {
		int pad = (text[i + 3] == '=') + (text[i + 2] == '=' && text[i + 3] == '=');
		int v[4];
		/* padding only at the very end */
		if (pad && i + 4 != len)
			goto bad;
		for (int k = 0; k < 4 - pad; k++)
			if ((v[k] = value(text[i + k])) < 0)
				goto bad;
		for (int k = 4 - pad; k < 4; k++)
			v[k] = 0;
		unsigned n = (unsigned)v[0] << 18 | (unsigned)v[1] << 12 | (unsigned)v[2] << 6 |
			(unsigned)v[3];
		/* the bits under the padding must be zero (RFC 4648 section 3.5) */
		if ((pad == 1 && (n & 0xff)) || (pad == 2 && (n & 0xffff)))
			goto bad;
		unsigned char b[3] = { (unsigned char)(n >> 16), (unsigned char)(n >> 8),
			(unsigned char)n };
		wa_buf_add(out, b, (size_t)(3 - pad));
	}
	return 0;
bad:
	out->len = start;
	if (out->data)
		out->data[start] = '\0';
	return -1;
}
