/* stream.h - dossier streams: any number of JSON values, newline
 * delimited or separated by white space, read with constant memory
 * (one value at a time), and written one compact value per line or
 * pretty-printed.
 */
#ifndef WA_STREAM_H
#define WA_STREAM_H

#include <jansson.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

#define WA_RECORD_MAX ((size_t)64 << 20)   /* one value: at most 64 MiB */

typedef struct wa_reader wa_reader;

/* Open path for reading; NULL or "-" is stdin.  A missing file is 66. */
wa_reader *wa_reader_open(const char *path, wa_err *err);
/* Read the next value into *out (a new reference).  Returns 1 with a
 * value, 0 at end of input, -1 on error: 65 for bad JSON with the line
 * and column in the message, 74 for a read error.  After a JSON error
 * the reader has skipped the bad value and the next call goes on. */
int wa_reader_next(wa_reader *r, json_t **out, wa_err *err);
/* "stdin" or the path. */
const char *wa_reader_name(const wa_reader *r);
/* Line on which the value last returned (or rejected) began. */
long wa_reader_line(const wa_reader *r);
/* 1 when the next call would wait for input (nothing buffered and the
 * descriptor not readable now). */
int wa_reader_would_block(wa_reader *r);
void wa_reader_close(wa_reader *r);

enum { WA_JSON_COMPACT = 0, WA_JSON_PRETTY = 1 };

/* Append v to out as JSON followed by a newline.  Reals are printed in
 * the shortest form that reads back as the same double, so a value passes
 * through a filter unchanged. */
void wa_json_write(wa_buf *out, const json_t *v, int style);
/* Append s (len bytes) to out as a JSON string. */
void wa_json_append_string(wa_buf *out, const char *s, size_t len);
/* Append v to out as compact JSON, without a newline. */
void wa_json_append(wa_buf *out, const json_t *v);
/* v as compact JSON without newline, new string: free() it. */
char *wa_json_compact_new(const json_t *v);

#endif
