/* reader.h - dossier streams: any number of JSON values, newline
 * delimited or separated by white space, read with constant memory (one
 * value at a time).  json.h writes them.
 */
#ifndef WA_READER_H
#define WA_READER_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

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
/* Line on which the value last returned (or rejected) began. */
long wa_reader_line(const wa_reader *r);
/* Bytes of the input taken so far (a value returned is taken whole). */
int64_t wa_reader_offset(const wa_reader *r);
/* The size of the input when it is a regular file, else 0 (unknown). */
int64_t wa_reader_size(const wa_reader *r);
/* 1 when the next call would wait for input (nothing buffered and the
 * descriptor not readable now). */
int wa_reader_would_block(wa_reader *r);
void wa_reader_close(wa_reader *r);

#endif
