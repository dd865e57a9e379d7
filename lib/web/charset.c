/* charset.c - see charset.h.  iconv (glibc) converts, uchardet guesses. */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <uchardet.h>

#include "web/charset.h"
#include "base/utf8.h"

/* The WHATWG Encoding standard's labels that matter in practice, and
 * the iconv name of each encoding. */
static const struct { const char *label, *name; } labels[] = {
	{ "utf-8", "utf-8" }, { "utf8", "utf-8" }, { "unicode-1-1-utf-8", "utf-8" },
	{ "us-ascii", "windows-1252" }, { "ascii", "windows-1252" },
	{ "iso-8859-1", "windows-1252" }, { "iso8859-1", "windows-1252" },
	{ "iso_8859-1", "windows-1252" }, { "latin1", "windows-1252" },
	{ "l1", "windows-1252" }, { "cp1252", "windows-1252" },
	{ "windows-1252", "windows-1252" }, { "x-cp1252", "windows-1252" },
	{ "cp819", "windows-1252" }, { "ibm819", "windows-1252" },
	{ "iso-8859-9", "windows-1254" }, { "latin5", "windows-1254" },
	{ "iso-8859-11", "windows-874" }, { "tis-620", "windows-874" },
	{ "shift_jis", "shift_jis" }, { "sjis", "shift_jis" }, { "x-sjis", "shift_jis" },
	{ "ms_kanji", "shift_jis" }, { "windows-31j", "shift_jis" },
	{ "gb2312", "gbk" }, { "gbk", "gbk" }, { "x-gbk", "gbk" }, { "gb18030", "gb18030" },
	{ "big5", "big5" }, { "euc-kr", "euc-kr" }, { "euc-jp", "euc-jp" },
	{ "koi8-r", "koi8-r" }, { "koi8-u", "koi8-u" },
	{ "utf-16", "utf-16le" }, { "utf-16le", "utf-16le" }, { "utf-16be", "utf-16be" },
};

/* label (any case, surrounding white space) to the encoding's name in
 * out; other labels are kept lower case for iconv to try */
static void canonical(const char *label, size_t len, char *out, size_t size)
{
	char low[48];
	size_t n = 0;

	while (len && isspace((unsigned char)*label))
		label++, len--;
	while (len && (isspace((unsigned char)label[len - 1]) || label[len - 1] == '"' ||
	    label[len - 1] == '\''))
		len--;
	while (len && (*label == '"' || *label == '\''))
		label++, len--;
	for (; n < len && n < sizeof low - 1; n++)
		low[n] = (char)tolower((unsigned char)label[n]);
	low[n] = '\0';
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcmp(low, labels[i].label) == 0) {
			snprintf(out, size, "%s", labels[i].name);
			return;
		}
	snprintf(out, size, "%s", low);
}

static int usable(const char *name)
{
	if (!*name)
		return 0;
	if (strcmp(name, "utf-8") == 0)
		return 1;
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

/* "charset=" in a parameter list such as a Content-Type value */
static int charset_param(const char *s, size_t len, char *out, size_t size)
{
	for (size_t i = 0; i + 8 <= len; i++) {
		if (strncasecmp(s + i, "charset", 7) != 0)
			continue;
		size_t j = i + 7;
		while (j < len && isspace((unsigned char)s[j]))
			j++;
		if (j >= len || s[j] != '=')
			continue;
		j++;
		while (j < len && isspace((unsigned char)s[j]))
			j++;
		size_t k = j;
		while (k < len && s[k] != ';' && !isspace((unsigned char)s[k]))
			k++;
		if (k > j) {
			canonical(s + j, k - j, out, size);
			return 1;
		}
	}
	return 0;
}

void wa_charset_from_content_type(const char *content_type, char *out, size_t size)
{
	out[0] = '\0';
	if (content_type)
		charset_param(content_type, strlen(content_type), out, size);
}

/* One attribute of a tag at *p: name and value spans; 0 at the tag's end. */
static int attribute(const char **p, const char *end, const char **name, size_t *nlen,
	const char **value, size_t *vlen)
{
	const char *s = *p;

	while (s < end && (isspace((unsigned char)*s) || *s == '/'))
		s++;
	if (s >= end || *s == '>')
		return 0;
	*name = s;
	while (s < end && !isspace((unsigned char)*s) && *s != '=' && *s != '>' && *s != '/')
		s++;
	*nlen = (size_t)(s - *name);
	while (s < end && isspace((unsigned char)*s))
		s++;
	*value = s;
	*vlen = 0;
	if (s < end && *s == '=') {
		s++;
		while (s < end && isspace((unsigned char)*s))
			s++;
		if (s < end && (*s == '"' || *s == '\'')) {
			char q = *s++;
			*value = s;
			while (s < end && *s != q)
				s++;
			*vlen = (size_t)(s - *value);
			if (s < end)
				s++;
		} else {
			*value = s;
			while (s < end && !isspace((unsigned char)*s) && *s != '>')
				s++;
			*vlen = (size_t)(s - *value);
		}
	}
	*p = s;
	return 1;
}

/* The HTML5 prescan, simplified: <meta charset=X> or <meta
 * http-equiv=content-type content="...; charset=X"> in the first 1024
 * bytes, outside comments. */
static int meta_charset(const char *data, size_t len, char *out, size_t size)
{
	const char *p = data, *end = data + (len < 1024 ? len : 1024);

	while (p < end) {
		const char *lt = memchr(p, '<', end - p);
		if (!lt)
			break;
		p = lt + 1;
		if (end - p >= 3 && memcmp(p, "!--", 3) == 0) {
			const char *close = memmem(p + 3, end - p - 3, "-->", 3);
			if (!close)
				break;
			p = close + 3;
			continue;
		}
		if (end - p < 5 || strncasecmp(p, "meta", 4) != 0 ||
		    !(isspace((unsigned char)p[4]) || p[4] == '/'))
			continue;
		p += 4;
		const char *name, *value, *content = NULL;
		size_t nlen, vlen, clen = 0;
		int pragma = 0;
		while (attribute(&p, end, &name, &nlen, &value, &vlen)) {
			if (nlen == 7 && strncasecmp(name, "charset", 7) == 0 && vlen) {
				canonical(value, vlen, out, size);
				return 1;
			}
			if (nlen == 10 && strncasecmp(name, "http-equiv", 10) == 0 &&
			    vlen == 12 && strncasecmp(value, "content-type", 12) == 0)
				pragma = 1;
			if (nlen == 7 && strncasecmp(name, "content", 7) == 0) {
				content = value;
				clen = vlen;
			}
		}
		if (pragma && content && charset_param(content, clen, out, size))
			return 1;
	}
	return 0;
}

static int ascii_only(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

static const char replacement[] = "\xEF\xBF\xBD";

static size_t copy_utf8(const char *s, size_t len, wa_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t replaced = 0, i = 0, start = 0;

	while (i < len) {
		size_t n = wa_utf8_seq(p + i, len - i);
		if (n) {
			i += n;
			continue;
		}
		wa_buf_add(out, s + start, i - start);
		wa_buf_add(out, replacement, 3);
		replaced++;
		start = ++i;
	}
	wa_buf_add(out, s + start, len - start);
	return replaced;
}

static size_t convert(iconv_t cd, const char *s, size_t len, wa_buf *out)
{
	char *in = (char *)s;
	size_t left = len, replaced = 0;

	while (left) {
		wa_buf_grow(out, left * 3 + 16);
		char *dst = out->data + out->len;
		size_t room = out->cap - out->len - 1;
		size_t r = iconv(cd, &in, &left, &dst, &room);
		out->len = (size_t)(dst - out->data);
		out->data[out->len] = '\0';
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		/* EILSEQ, or EINVAL for a sequence cut off at the end */
		wa_buf_add(out, replacement, 3);
		replaced++;
		in++;
		left--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	return replaced;
}

int wa_charset_to_utf8(const char *data, size_t len, const char *header_charset,
	wa_buf *out, wa_charset *used, wa_err *err)
{
	char name[48] = "";
	const char *source = NULL;
	size_t skip = 0;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		strcpy(name, "utf-8"), source = "bom", skip = 3;
	} else if (len >= 2 && memcmp(data, "\xFE\xFF", 2) == 0) {
		strcpy(name, "utf-16be"), source = "bom", skip = 2;
	} else if (len >= 2 && memcmp(data, "\xFF\xFE", 2) == 0) {
		strcpy(name, "utf-16le"), source = "bom", skip = 2;
	}
	/* A declaration that the bytes contradict loses: non-ASCII text that
	 * is valid UTF-8 is UTF-8 (the mislabelled page is the classic cause
	 * of mojibake; legacy encodings almost never form valid UTF-8). */
	int valid = wa_utf8_valid(data, len);
	if (!source && valid && !ascii_only(data, len)) {
		strcpy(name, "utf-8"), source = "detected";
	}
	if (!source && header_charset && *header_charset) {
		canonical(header_charset, strlen(header_charset), name, sizeof name);
		if (usable(name))
			source = "header";
	}
	if (!source && meta_charset(data, len, name, sizeof name)) {
		/* a page that can say <meta> in ASCII is not UTF-16 */
		if (strncmp(name, "utf-16", 6) == 0)
			strcpy(name, "utf-8");
		if (usable(name))
			source = "meta";
	}
	if (!source && valid) {
		strcpy(name, "utf-8"), source = "detected";
	}
	if (!source) {
		uchardet_t ud = uchardet_new();
		if (uchardet_handle_data(ud, data, len) == 0) {
			uchardet_data_end(ud);
			const char *guess = uchardet_get_charset(ud);
			if (guess && *guess) {
				canonical(guess, strlen(guess), name, sizeof name);
				if (usable(name))
					source = "detected";
			}
		}
		uchardet_delete(ud);
	}
	if (!source) {
		strcpy(name, "windows-1252"), source = "default";
	}
	snprintf(used->name, sizeof used->name, "%s", name);
	used->source = source;
	if (strcmp(name, "utf-8") == 0) {
		if (valid) {
			wa_buf_add(out, data + skip, len - skip);
			used->replaced = 0;
		} else {
			used->replaced = copy_utf8(data + skip, len - skip, out);
		}
		return 0;
	}
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return wa_err_set(err, WA_EX_DATAERR, "no converter from %s to UTF-8", name);
	used->replaced = convert(cd, data + skip, len - skip, out);
	iconv_close(cd);
	return 0;
}
