/* buf.h - a growable byte buffer, always NUL-terminated.
 *
 * Allocation failure aborts the process (see wa.h): a filter that runs
 * out of memory cannot do anything useful and must not half-write.
 */
#ifndef WA_BUF_H
#define WA_BUF_H

#include <stddef.h>

typedef struct wa_buf {
	char *data;             /* NUL-terminated; never NULL after init */
	size_t len;
	size_t cap;
} wa_buf;

void wa_buf_init(wa_buf *b);
void wa_buf_free(wa_buf *b);
void wa_buf_reset(wa_buf *b);
void wa_buf_grow(wa_buf *b, size_t extra);
void wa_buf_add(wa_buf *b, const void *data, size_t len);
void wa_buf_adds(wa_buf *b, const char *s);
static inline void wa_buf_addc(wa_buf *b, char c)
{
	if (b->len + 2 > b->cap)
		wa_buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}
void wa_buf_addf(wa_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hand the bytes to the caller (free() them); b is left empty. */
char *wa_buf_detach(wa_buf *b, size_t *len);

void *wa_mem_alloc(size_t n);
void *wa_mem_realloc(void *p, size_t n);
void *wa_mem_calloc(size_t n, size_t size);
char *wa_mem_strdup(const char *s);
/* The first n bytes of s (fewer at a NUL), NUL-terminated. */
char *wa_mem_strndup(const char *s, size_t n);

#endif
