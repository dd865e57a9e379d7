/* buf.h - a growable byte buffer, always NUL-terminated.
 *
 * Allocation failure aborts the process (base/mem.h).
 */
#ifndef WA_BUF_H
#define WA_BUF_H

#include <stddef.h>

#include "base/mem.h"

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

#endif
