/* jsonparse.h - a strict JSON (RFC 8259) parser that builds jansson
 * values, several times faster than json_loadb on dossier-sized input.
 *
 * It accepts exactly what jansson's json_loadb accepts with
 * JSON_DECODE_ANY | JSON_ALLOW_NUL (a NUL is allowed in strings, not in
 * object keys; the last of duplicate keys wins; integers must fit in 64
 * bits; nesting at most 2048 deep), which a differential test checks.
 */
#ifndef WA_JSONPARSE_H
#define WA_JSONPARSE_H

#include <jansson.h>
#include <stddef.h>

typedef struct wa_json_error {
	size_t offset;          /* byte offset of the problem */
	const char *message;    /* static text: "unterminated string" */
} wa_json_error;

/* The value in s[0..len) (a new reference), or NULL with *error set. */
json_t *wa_json_parse_new(const char *s, size_t len, wa_json_error *error);

#endif
