/* pdfobj.c - PDF objects made and written: see pdfobj.h. */
#include "doc/pdfobj.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"

static char *bytes_dup(const void *p, size_t len);

wa_pdfobj *wa_pdfobj_new(wa_pdfobj_type type)
{
	wa_pdfobj *o = wa_mem_calloc(1, sizeof *o);

	o->type = type;
	return o;
}

wa_pdfobj *wa_pdfobj_name_new(const char *name)
{
	wa_pdfobj *o = wa_pdfobj_new(WA_PDF_NAME);

	o->len = strlen(name);
	o->s = wa_mem_strndup(name, o->len);
	return o;
}

wa_pdfobj *wa_pdfobj_str_new(const void *bytes, size_t len)
{
	wa_pdfobj *o = wa_pdfobj_new(WA_PDF_STR);

	o->s = bytes_dup(bytes, len);
	o->len = len;
	return o;
}

wa_pdfobj *wa_pdfobj_text_new(const char *utf8)
{
	size_t n = strlen(utf8);
	const char *p = utf8, *end = utf8 + n;
	int ascii = 1;

	for (size_t i = 0; i < n; i++)
		if ((unsigned char)utf8[i] >= 0x80)
			ascii = 0;
	if (ascii)
		return wa_pdfobj_str_new(utf8, n);
	wa_buf b;
	wa_buf_init(&b);
	wa_buf_add(&b, "\xFE\xFF", 2);
	while (p < end) {
		uint32_t cp = wa_utf8_next(&p, end);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			unsigned hi = 0xD800 + (unsigned)(cp >> 10), lo = 0xDC00 + (unsigned)(cp & 0x3FF);
			char u[4] = { (char)(hi >> 8), (char)hi, (char)(lo >> 8), (char)lo };
			wa_buf_add(&b, u, 4);
		} else {
			char u[2] = { (char)(cp >> 8), (char)cp };
			wa_buf_add(&b, u, 2);
		}
	}
	wa_pdfobj *o = wa_pdfobj_str_new(b.data, b.len);
	o->hex = 1;
	wa_buf_free(&b);
	return o;
}

wa_pdfobj *wa_pdfobj_int_new(long v)
{
	char num[32];
	wa_pdfobj *o = wa_pdfobj_new(WA_PDF_NUM);

	snprintf(num, sizeof num, "%ld", v);
	o->len = strlen(num);
	o->s = wa_mem_strdup(num);
	return o;
}

wa_pdfobj *wa_pdfobj_ref_new(long num, long gen)
{
	wa_pdfobj *o = wa_pdfobj_new(WA_PDF_REF);

	o->num = num;
	o->gen = gen;
	return o;
}

wa_pdfobj *wa_pdfobj_dup(const wa_pdfobj *o)
{
	wa_pdfobj *d = wa_mem_alloc(sizeof *d);

	*d = *o;
	d->s = o->s ? bytes_dup(o->s, o->len) : NULL;
	d->kids = o->n ? wa_mem_alloc(o->n * sizeof *d->kids) : NULL;
	d->cap = o->n;
	for (size_t i = 0; i < o->n; i++)
		d->kids[i] = wa_pdfobj_dup(o->kids[i]);
	return d;
}

void wa_pdfobj_free(wa_pdfobj *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++)
		wa_pdfobj_free(o->kids[i]);
	free(o->kids);
	free(o->s);
	free(o);
}

/* a copy of len bytes, which may hold NULs, NUL-terminated */
static char *bytes_dup(const void *p, size_t len)
{
	char *s = wa_mem_alloc(len + 1);

	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

static void add_kid(wa_pdfobj *o, wa_pdfobj *k)
{
	if (o->n == o->cap) {   /* by half again: n adds, O(n) copying */
		o->cap = o->cap < 8 ? 8 : o->cap + o->cap / 2;
		o->kids = wa_mem_realloc(o->kids, o->cap * sizeof *o->kids);
	}
	o->kids[o->n++] = k;
}

wa_pdfobj *wa_pdfobj_dict_get(const wa_pdfobj *d, const char *key)
{
	if (!d || d->type != WA_PDF_DICT)
		return NULL;
	for (size_t i = 0; i + 1 < d->n; i += 2)
		if (strcmp(d->kids[i]->s, key) == 0)
			return d->kids[i + 1];
	return NULL;
}

void wa_pdfobj_dict_set(wa_pdfobj *d, const char *key, wa_pdfobj *v)
{
	for (size_t i = 0; i + 1 < d->n; i += 2)
		if (strcmp(d->kids[i]->s, key) == 0) {
			wa_pdfobj_free(d->kids[i + 1]);
			d->kids[i + 1] = v;
			return;
		}
	add_kid(d, wa_pdfobj_name_new(key));
	add_kid(d, v);
}

void wa_pdfobj_array_add(wa_pdfobj *a, wa_pdfobj *v)
{
	add_kid(a, v);
}

int wa_pdfobj_is_name(const wa_pdfobj *o, const char *name)
{
	return o && o->type == WA_PDF_NAME && strcmp(o->s, name) == 0;
}

long wa_pdfobj_int(const wa_pdfobj *o, long dflt)
{
	char *end;

	if (!o || o->type != WA_PDF_NUM || strchr(o->s, '.'))
		return dflt;
	long v = strtol(o->s, &end, 10);
	return *end ? dflt : v;
}

char *wa_pdfobj_to_text_new(const wa_pdfobj *o)
{
	wa_buf b;

	wa_buf_init(&b);
	if (o && o->type == WA_PDF_STR && o->len >= 2 && (unsigned char)o->s[0] == 0xFE &&
	    (unsigned char)o->s[1] == 0xFF) {
		const unsigned char *s = (const unsigned char *)o->s;
		for (size_t i = 2; i + 1 < o->len; i += 2) {
			uint32_t cp = (uint32_t)s[i] << 8 | s[i + 1];
			if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < o->len) {
				uint32_t lo = (uint32_t)s[i + 2] << 8 | s[i + 3];
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
			wa_utf8_put(&b, cp);
		}
	} else if (o && o->type == WA_PDF_STR) {
		for (size_t i = 0; i < o->len; i++)
			wa_utf8_put(&b, (unsigned char)o->s[i]);
	}
	wa_buf_addc(&b, '\0');
	return wa_buf_detach(&b, NULL);
}

/* ---- writing ---- */

static int regular(unsigned char c)
{
	return c > 0x20 && c < 0x7F && !strchr("()<>[]{}/%#", c);
}

void wa_pdfobj_write(const wa_pdfobj *o, wa_buf *out)
{
	switch (o->type) {
	case WA_PDF_NULL: wa_buf_adds(out, "null"); break;
	case WA_PDF_BOOL: wa_buf_adds(out, o->num ? "true" : "false"); break;
	case WA_PDF_NUM: wa_buf_add(out, o->s, o->len); break;
	case WA_PDF_REF: wa_buf_addf(out, "%ld %ld R", o->num, o->gen); break;
	case WA_PDF_NAME:
		wa_buf_addc(out, '/');
		for (size_t i = 0; i < o->len; i++) {
			unsigned char c = (unsigned char)o->s[i];
			if (regular(c))
				wa_buf_addc(out, (char)c);
			else
				wa_buf_addf(out, "#%02X", c);
		}
		break;
	case WA_PDF_STR: {
		int text = !o->hex;
		for (size_t i = 0; i < o->len && text; i++)
			if ((unsigned char)o->s[i] < 0x20 || (unsigned char)o->s[i] > 0x7E)
				text = 0;
		if (text) {
			wa_buf_addc(out, '(');
			for (size_t i = 0; i < o->len; i++) {
				if (strchr("()\\", o->s[i]))
					wa_buf_addc(out, '\\');
				wa_buf_addc(out, o->s[i]);
			}
			wa_buf_addc(out, ')');
		} else {
			wa_buf_addc(out, '<');
			for (size_t i = 0; i < o->len; i++)
				wa_buf_addf(out, "%02X", (unsigned char)o->s[i]);
			wa_buf_addc(out, '>');
		}
		break;
	}
	case WA_PDF_ARRAY:
		wa_buf_addc(out, '[');
		for (size_t i = 0; i < o->n; i++) {
			if (i)
				wa_buf_addc(out, ' ');
			wa_pdfobj_write(o->kids[i], out);
		}
		wa_buf_addc(out, ']');
		break;
	case WA_PDF_DICT:
		wa_buf_adds(out, "<<");
		for (size_t i = 0; i + 1 < o->n; i += 2) {
			wa_buf_addc(out, ' ');
			wa_pdfobj_write(o->kids[i], out);
			wa_buf_addc(out, ' ');
			wa_pdfobj_write(o->kids[i + 1], out);
		}
		wa_buf_adds(out, " >>");
		break;
	}
}
