/* jsonparse.c - a strict, fast JSON parser into jansson values: see
 * jsonparse.h.  Grammar from RFC 8259; UTF-8 as RFC 3629 (no overlong
 * forms, no surrogates, nothing above U+10FFFF). */
#include "json/json_int.h"
#include "base/utf8.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define MAX_DEPTH 2048

typedef struct parser {
	const unsigned char *s, *p, *end;
	wa_json_error *error;
	wa_buf scratch;
	int depth;
} parser;

static json_t *fail(parser *ps, const unsigned char *at, const char *message)
{
	if (!ps->error->message) {
		ps->error->offset = (size_t)(at - ps->s);
		ps->error->message = message;
	}
	return NULL;
}

static void skip_ws(parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' ||
	       *ps->p == '\r' || *ps->p == '\t'))
		ps->p++;
}

/* Length of the valid UTF-8 sequence at p (2 to 4), or 0. */
static int utf8_sequence(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	int n;
	unsigned cp;

	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (end - p < n)
		return 0;
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

static int hex4(const unsigned char *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned c = p[i], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	*out = v;
	return 0;
}

/* The escape at *p (a backslash, with a character after it) onto the
 * scratch buffer, *p moved past it: 0, or -1 with the error set.  A
 * \\u escape of a high surrogate must be followed by one of a low
 * surrogate. */
static int escape(parser *ps, const unsigned char **pp)
{
	const unsigned char *p = *pp;
	unsigned char e = p[1];
	const char *simple = strchr("\"\\/bfnrt", e);
	unsigned cp, lo;

	if (e && simple) {
		static const char to[] = "\"\\/\b\f\n\r\t";
		wa_buf_addc(&ps->scratch, to[simple - "\"\\/bfnrt"]);
		*pp = p + 2;
		return 0;
	}
	if (e != 'u') {
		fail(ps, p, "invalid escape in a string");
		return -1;
	}
	if (ps->end - p < 6 || hex4(p + 2, &cp)) {
		fail(ps, p, "invalid \\u escape");
		return -1;
	}
	p += 6;
	if (cp >= 0xDC00 && cp <= 0xDFFF) {
		fail(ps, p - 6, "invalid Unicode escape: a lone low surrogate");
		return -1;
	}
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (ps->end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, &lo) ||
		    lo < 0xDC00 || lo > 0xDFFF) {
			fail(ps, p - 6, "invalid Unicode escape: a lone high surrogate");
			return -1;
		}
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		p += 6;
	}
	wa_utf8_put(&ps->scratch, cp);
	*pp = p;
	return 0;
}

/* Parse a string at ps->p (on the opening quote).  The text goes to
 * out and len: straight from the input when it has no escapes, else from
 * the scratch buffer.  Returns 0, or -1 with the error set. */
static int string(parser *ps, const char **out, size_t *len)
{
	const unsigned char *start = ++ps->p, *p = start;
	int escaped = 0;

	wa_buf_reset(&ps->scratch);
	for (;;) {
		const unsigned char *run = p;
		while (p < ps->end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
			p++;
		if (escaped)
			wa_buf_add(&ps->scratch, run, (size_t)(p - run));
		if (p == ps->end) {
			fail(ps, p, "premature end of input in a string");
			return -1;
		}
		if (*p == '"')
			break;
		if (*p < 0x20) {
			fail(ps, p, "control character in a string");
			return -1;
		}
		if (*p >= 0x80) {
			int n = utf8_sequence(p, ps->end);
			if (!n) {
				fail(ps, p, "invalid UTF-8 in a string");
				return -1;
			}
			if (escaped)
				wa_buf_add(&ps->scratch, p, (size_t)n);
			p += n;
			continue;
		}
		/* a backslash */
		if (!escaped) {
			escaped = 1;
			wa_buf_add(&ps->scratch, start, (size_t)(p - start));
		}
		if (ps->end - p < 2) {
			fail(ps, ps->end, "premature end of input in a string");
			return -1;
		}
		if (escape(ps, &p))
			return -1;
	}
	if (escaped) {
		*out = ps->scratch.data;
		*len = ps->scratch.len;
	} else {
		*out = (const char *)start;
		*len = (size_t)(p - start);
	}
	ps->p = p + 1;
	return 0;
}

/* The integer in text (len bytes, valid JSON), or NULL when it is past
 * 64 bits.  Only -0 is written otherwise than it was read. */
static json_t *integer(const char *text, size_t len)
{
	long long i;

	errno = 0;
	i = strtoll(text, NULL, 10);
	if (errno == ERANGE)
		return NULL;
	json_t *v = json_integer(i);
	if (i == 0 && text[0] == '-')
		wa_json_literal_keep(v, text, len);
	return v;
}

/* The number in text as a real: past the range of a double, the largest
 * one of its sign (jansson has no infinity).  The text is kept when it
 * is not what the writer would make of the value, so that it passes
 * through as it came (1E2, 5e-324, 1e999, 18446744073709551616). */
static json_t *real(const char *text, size_t len)
{
	double d = strtod(text, NULL);
	char canonical[40];

	if (isinf(d))
		d = copysign(DBL_MAX, d);
	json_t *v = json_real(d);
	if (wa_json_real_text(d, canonical) != len || memcmp(canonical, text, len) != 0)
		wa_json_literal_keep(v, text, len);
	return v;
}

static json_t *number(parser *ps)
{
	const unsigned char *start = ps->p, *p = ps->p;
	int is_real = 0;
	char tmp[64], *copy = tmp;
	size_t n;
	json_t *v;

	if (*p == '-')
		p++;
	if (p < ps->end && *p == '0') {
		p++;
	} else if (p < ps->end && *p >= '1' && *p <= '9') {
		while (p < ps->end && *p >= '0' && *p <= '9')
			p++;
	} else {
		return fail(ps, p, "invalid number");
	}
	if (p < ps->end && *p == '.') {
		is_real = 1;
		p++;
		if (p == ps->end || *p < '0' || *p > '9')
			return fail(ps, p, "invalid number");
		while (p < ps->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < ps->end && (*p == 'e' || *p == 'E')) {
		is_real = 1;
		p++;
		if (p < ps->end && (*p == '+' || *p == '-'))
			p++;
		if (p == ps->end || *p < '0' || *p > '9')
			return fail(ps, p, "invalid number");
		while (p < ps->end && *p >= '0' && *p <= '9')
			p++;
	}
	n = (size_t)(p - start);
	if (n >= sizeof tmp)
		copy = wa_mem_alloc(n + 1);
	memcpy(copy, start, n);
	copy[n] = '\0';
	v = is_real ? NULL : integer(copy, n);
	if (!v)
		v = real(copy, n);
	if (copy != tmp)
		free(copy);
	ps->p = p;
	return v;
}

static json_t *value(parser *ps);

static json_t *object(parser *ps)
{
	json_t *obj = json_object(), *v;
	const char *key;
	size_t keylen;

	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return obj;
	}
	for (;;) {
		if (ps->p == ps->end || *ps->p != '"') {
			json_decref(obj);
			return fail(ps, ps->p, ps->p == ps->end ? "premature end of input" :
				"expected a string as object key");
		}
		const unsigned char *key_at = ps->p;
		if (string(ps, &key, &keylen)) {
			json_decref(obj);
			return NULL;
		}
		if (memchr(key, '\0', keylen)) {
			json_decref(obj);
			return fail(ps, key_at, "NUL byte in object key not supported");
		}
		char *keycopy = wa_mem_alloc(keylen + 1);
		memcpy(keycopy, key, keylen);
		keycopy[keylen] = '\0';
		skip_ws(ps);
		if (ps->p == ps->end || *ps->p != ':') {
			free(keycopy);
			json_decref(obj);
			return fail(ps, ps->p, ps->p == ps->end ? "premature end of input" :
				"expected ':' after an object key");
		}
		ps->p++;
		v = value(ps);
		if (!v) {
			free(keycopy);
			json_decref(obj);
			return NULL;
		}
		if (json_object_getn(obj, keycopy, keylen)) {
			if (!ps->error->message) {
				snprintf(ps->error->text, sizeof ps->error->text,
					"duplicate key \"%.100s\"", keycopy);
				ps->error->offset = (size_t)(key_at - ps->s);
				ps->error->message = ps->error->text;
			}
			free(keycopy);
			json_decref(v);
			json_decref(obj);
			return NULL;
		}
		json_object_setn_new_nocheck(obj, keycopy, keylen, v);
		free(keycopy);
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			skip_ws(ps);
			continue;
		}
		if (ps->p < ps->end && *ps->p == '}') {
			ps->p++;
			return obj;
		}
		json_decref(obj);
		return fail(ps, ps->p, ps->p == ps->end ? "premature end of input" :
			"expected ',' or '}'");
	}
}

static json_t *array(parser *ps)
{
	json_t *arr = json_array(), *v;

	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return arr;
	}
	for (;;) {
		v = value(ps);
		if (!v) {
			json_decref(arr);
			return NULL;
		}
		json_array_append_new(arr, v);
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			return arr;
		}
		json_decref(arr);
		return fail(ps, ps->p, ps->p == ps->end ? "premature end of input" :
			"expected ',' or ']'");
	}
}

static json_t *literal(parser *ps, const char *word, json_t *v)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return fail(ps, ps->p, "invalid token");
	ps->p += n;
	return v;
}

static json_t *value(parser *ps)
{
	json_t *v;
	const char *s;
	size_t len;

	skip_ws(ps);
	if (ps->p == ps->end)
		return fail(ps, ps->p, "premature end of input");
	switch (*ps->p) {
	case '{':
	case '[':
		if (++ps->depth > MAX_DEPTH)
			return fail(ps, ps->p, "maximum parsing depth reached");
		v = *ps->p == '{' ? object(ps) : array(ps);
		ps->depth--;
		return v;
	case '"':
		if (string(ps, &s, &len))
			return NULL;
		return json_stringn_nocheck(s, len);
	case 't':
		return literal(ps, "true", json_true());
	case 'f':
		return literal(ps, "false", json_false());
	case 'n':
		return literal(ps, "null", json_null());
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
			return number(ps);
		return fail(ps, ps->p, "invalid token");
	}
}

json_t *wa_json_parse_new(const char *s, size_t len, wa_json_error *error)
{
	parser ps = { (const unsigned char *)s, (const unsigned char *)s,
		(const unsigned char *)s + len, error, { 0 }, 0 };
	json_t *v;

	error->offset = 0;
	error->message = NULL;
	wa_buf_init(&ps.scratch);
	v = value(&ps);
	if (v) {
		skip_ws(&ps);
		if (ps.p != ps.end) {
			json_decref(v);
			v = fail(&ps, ps.p, "end of input expected");
		}
	}
	wa_buf_free(&ps.scratch);
	return v;
}
