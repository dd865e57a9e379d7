/* base64.h - base64 (RFC 4648 section 4, with padding): the one encoder
 * and decoder every module uses (PII keys and vaults, inline logos,
 * e-signature requests, HTTP Basic authorization). */
#ifndef WA_BASE64_H
#define WA_BASE64_H

#include <stddef.h>

#include "base/buf.h"

/* Append the base64 of data (len bytes) to out. */
void wa_base64_encode(wa_buf *out, const void *data, size_t len);
/* The base64 of data as a new string. */
char *wa_base64_encode_new(const void *data, size_t len);
/* Append the bytes text (len characters, padded to a multiple of 4)
 * stands for to out: 0, or -1 when text is not base64 (out unchanged). */
int wa_base64_decode(wa_buf *out, const char *text, size_t len);

#endif
