/* buf.c - growable byte buffer: see buf.h. */
#include "base/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char empty[1];

void wa_buf_init(wa_buf *b)
{
	b->data = empty;
	b->len = b->cap = 0;
}

void wa_buf_free(wa_buf *b)
{
	if (b->cap)
		free(b->data);
	wa_buf_init(b);
}

void wa_buf_reset(wa_buf *b)
{
	b->len = 0;
	b->data[0] = '\0';
}

void wa_buf_grow(wa_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	if (b->cap) {
		b->data = wa_mem_realloc(b->data, cap);
	} else {
		b->data = wa_mem_alloc(cap);
		b->data[0] = '\0';
	}
	b->cap = cap;
}

void wa_buf_add(wa_buf *b, const void *data, size_t len)
{
	if (!len)
		return;
	wa_buf_grow(b, len);
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void wa_buf_adds(wa_buf *b, const char *s) { wa_buf_add(b, s, strlen(s)); }


void wa_buf_addf(wa_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, b->cap ? b->cap - b->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->cap && (size_t)n < b->cap - b->len) {
		b->len += (size_t)n;
		return;
	}
	wa_buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *wa_buf_detach(wa_buf *b, size_t *len)
{
	char *p = b->cap ? b->data : wa_mem_strdup("");

	if (len)
		*len = b->len;
	wa_buf_init(b);
	return p;
}
