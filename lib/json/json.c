/* json.c - JSON text as wa writes it, and equality of values: see json.h. */
#include "json/json_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void write_string(wa_buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;
	char *d;

	/* room for the common case: no escapes */
	wa_buf_grow(out, len + 2);
	d = out->data + out->len;
	*d++ = '"';
	for (;;) {
		size_t run = i;
		while (i < len && (unsigned char)s[i] >= 0x20 && s[i] != '"' && s[i] != '\\')
			i++;
		memcpy(d, s + run, i - run);
		d += i - run;
		if (i == len)
			break;
		/* an escape takes up to 6 bytes: make room for the rest */
		out->len = (size_t)(d - out->data);
		wa_buf_grow(out, 6 + (len - i) + 1);
		d = out->data + out->len;
		unsigned char c = (unsigned char)s[i++];
		*d++ = '\\';
		switch (c) {
		case '"': *d++ = '"'; break;
		case '\\': *d++ = '\\'; break;
		case '\n': *d++ = 'n'; break;
		case '\t': *d++ = 't'; break;
		case '\r': *d++ = 'r'; break;
		case '\b': *d++ = 'b'; break;
		case '\f': *d++ = 'f'; break;
		default:
			*d++ = 'u';
			*d++ = '0';
			*d++ = '0';
			*d++ = hex[c >> 4];
			*d++ = hex[c & 15];
		}
	}
	*d++ = '"';
	out->len = (size_t)(d - out->data);
	*d = '\0';
}

size_t wa_json_real_text(double d, char out[40])
{
	if (!isfinite(d))               /* jansson never makes these */
		return (size_t)snprintf(out, 40, "null");
	/* a decimal of at most 9 places, the fewest that read back exactly: an
	 * integer below 2^53 and a power of ten are exact doubles, so their
	 * quotient is rounded as strtod rounds the decimal */
	static const double pow10[10] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
	for (int k = 0; k < 10 && fabs(d) * pow10[k] < 9e15; k++) {
		long long i = llround(d * pow10[k]);
		if ((double)i / pow10[k] != d)
			continue;
		char tmp[40], *p = tmp + sizeof tmp;
		unsigned long long m = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
		int n = 0;
		*--p = '\0';
		if (!k) {
			*--p = '0';
			*--p = '.';
		}
		do {
			*--p = (char)('0' + m % 10);
			m /= 10;
			if (++n == k)
				*--p = '.';
		} while (m || n <= k);
		if (i < 0 || (i == 0 && signbit(d)))
			*--p = '-';
		size_t len = (size_t)(tmp + sizeof tmp - 1 - p);
		memcpy(out, p, len + 1);
		return len;
	}
	/* else the shortest of %.15g .. %.17g that reads back exactly */
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(out, 40, "%.*g", prec, d);
		if (strtod(out, NULL) == d)
			break;
	}
	if (!strpbrk(out, ".eEn"))
		strcat(out, ".0");      /* stay a real when read back */
	return strlen(out);
}

static void write_number(wa_buf *out, const json_t *v)
{
	char tmp[40];

	if (wa_json_literal_append(out, v))
		return;
	if (json_is_integer(v))
		wa_buf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else
		wa_buf_add(out, tmp, wa_json_real_text(json_real_value(v), tmp));
}

static void indent(wa_buf *out, int level)
{
	wa_buf_addc(out, '\n');
	for (int i = 0; i < level; i++)
		wa_buf_add(out, "  ", 2);
}

static void write_value(wa_buf *out, const json_t *v, int pretty, int level)
{
	const char *key;
	json_t *item;
	size_t i, n;
	int first = 1;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (json_object_size(v) == 0) {
			wa_buf_add(out, "{}", 2);
			break;
		}
		wa_buf_addc(out, '{');
		json_object_foreach((json_t *)v, key, item) {
			if (!first)
				wa_buf_addc(out, ',');
			first = 0;
			if (pretty)
				indent(out, level + 1);
			write_string(out, key, strlen(key));
			wa_buf_add(out, pretty ? ": " : ":", pretty ? 2 : 1);
			write_value(out, item, pretty, level + 1);
		}
		if (pretty)
			indent(out, level);
		wa_buf_addc(out, '}');
		break;
	case JSON_ARRAY:
		n = json_array_size(v);
		if (n == 0) {
			wa_buf_add(out, "[]", 2);
			break;
		}
		wa_buf_addc(out, '[');
		for (i = 0; i < n; i++) {
			if (i)
				wa_buf_addc(out, ',');
			if (pretty)
				indent(out, level + 1);
			write_value(out, json_array_get(v, i), pretty, level + 1);
		}
		if (pretty)
			indent(out, level);
		wa_buf_addc(out, ']');
		break;
	case JSON_STRING:
		write_string(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
	case JSON_REAL:
		write_number(out, v);
		break;
	case JSON_TRUE:
		wa_buf_add(out, "true", 4);
		break;
	case JSON_FALSE:
		wa_buf_add(out, "false", 5);
		break;
	case JSON_NULL:
		wa_buf_add(out, "null", 4);
		break;
	}
}

void wa_json_write(wa_buf *out, const json_t *v, int style)
{
	write_value(out, v, style == WA_JSON_PRETTY, 0);
	wa_buf_addc(out, '\n');
}

void wa_json_append_string(wa_buf *out, const char *s, size_t len)
{
	write_string(out, s, len);
}

void wa_json_append(wa_buf *out, const json_t *v)
{
	write_value(out, v, 0, 0);
}

char *wa_json_compact_new(const json_t *v)
{
	wa_buf b;

	wa_buf_init(&b);
	write_value(&b, v, 0, 0);
	if (!b.cap)
		return wa_mem_strdup(b.data);
	return wa_buf_detach(&b, NULL);
}

/* Numbers compare by value (1 equals 1.0), as JSON Schema says. */
int wa_json_equal(const json_t *a, const json_t *b)
{
	if (json_is_number(a) && json_is_number(b)) {
		if (json_is_integer(a) && json_is_integer(b))
			return json_integer_value(a) == json_integer_value(b);
		return json_number_value(a) == json_number_value(b);
	}
	if (json_typeof(a) != json_typeof(b))
		return 0;
	if (json_is_array(a)) {
		size_t n = json_array_size(a);
		if (n != json_array_size(b))
			return 0;
		for (size_t i = 0; i < n; i++)
			if (!wa_json_equal(json_array_get(a, i), json_array_get(b, i)))
				return 0;
		return 1;
	}
	if (json_is_object(a)) {
		const char *k;
		json_t *v;
		if (json_object_size(a) != json_object_size(b))
			return 0;
		json_object_foreach((json_t *)a, k, v) {
			json_t *w = json_object_get(b, k);
			if (!w || !wa_json_equal(v, w))
				return 0;
		}
		return 1;
	}
	return json_equal((json_t *)a, (json_t *)b);
}
