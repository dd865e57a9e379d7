/* utf8.h - reading and writing UTF-8, for every module that handles
 * text (charset.c converts other encodings to it). */
#ifndef WA_UTF8_H
#define WA_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* The length of the valid UTF-8 sequence at s (len > 0 bytes), or 0 when
 * it starts none (no overlongs, surrogates or code points past U+10FFFF). */
size_t wa_utf8_seq(const unsigned char *s, size_t len);
/* 1 when the bytes are valid UTF-8 (no overlongs, no surrogates). */
int wa_utf8_valid(const char *s, size_t len);
/* The code point at *s (s < end), *s moved past it; a byte that starts
 * no valid character is U+FFFD and one byte. */
uint32_t wa_utf8_next(const char **s, const char *end);
/* Append code point cp in UTF-8. */
void wa_utf8_put(wa_buf *b, uint32_t cp);

#endif
