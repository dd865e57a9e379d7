/* json.h - JSON text: a strict parser (RFC 8259) that builds jansson
 * values, several times faster than json_loadb on dossier-sized input
 * (json_parse.c); the writer that every engine's output goes through; and
 * equality of values (json.c).
 *
 * The parser accepts what jansson's json_loadb accepts with
 * JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES (a NUL is
 * allowed in strings, not in object keys; nesting at most 2048 deep),
 * which a differential test checks, and also the numbers jansson
 * refuses: integers past 64 bits become reals, numbers past a double's
 * range the largest double of their sign.  A number whose text is not
 * what the writer would make of its value (-0, 1E2, 5e-324, 1e999) is
 * written back as it was read while its value is unchanged (json_literal.c),
 * so that a filter passes sections it does not own through byte for
 * byte within each number, as jq 1.7 does.
 */
#ifndef WA_JSON_H
#define WA_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "base/buf.h"

typedef struct wa_json_error {
	size_t offset;          /* byte offset of the problem */
	const char *message;    /* "unterminated string": static text, or text */
	char text[160];         /* a message that names something: a key */
} wa_json_error;

/* The value in s[0..len) (a new reference), or NULL with *error set.
 * An object with a key twice is an error (I-JSON, RFC 7493): which one
 * would win is anybody's guess. */
json_t *wa_json_parse_new(const char *s, size_t len, wa_json_error *error);

enum { WA_JSON_COMPACT = 0, WA_JSON_PRETTY = 1 };

/* Append v to out as JSON followed by a newline.  A number is written as
 * it was read (above), else reals in the shortest form that reads back
 * as the same double. */
void wa_json_write(wa_buf *out, const json_t *v, int style);
/* Append s (len bytes) to out as a JSON string. */
void wa_json_append_string(wa_buf *out, const char *s, size_t len);
/* Append v to out as compact JSON, without a newline. */
void wa_json_append(wa_buf *out, const json_t *v);
/* v as compact JSON without newline, new string: free() it. */
char *wa_json_compact_new(const json_t *v);

/* 1 when a and b are equal JSON values; numbers compare by value. */
int wa_json_equal(const json_t *a, const json_t *b);

#endif
