/* csv.h - CSV (RFC 4180) read a record at a time: fields separated by
 * commas, records by LF or CRLF, a field in double quotes may hold
 * commas, line breaks and doubled quotes.  Fields are JSON strings, so
 * they must be UTF-8 and hold no NUL. */
#ifndef WA_CSV_H
#define WA_CSV_H

#include <jansson.h>
#include <stdio.h>

#include "base/err.h"

/* The next record of f into *fields (a new array of strings); *line (the
 * lines read so far) moves past its lines, a quoted line break counting.
 * 1 a record, 0 at the end of input (*fields NULL), or -1 with err (65,
 * naming file and the line: a quote not closed, a NUL byte, a field that
 * is not UTF-8). */
int wa_csv_record(FILE *f, json_t **fields, long *line, const char *file, wa_err *err);

#endif
