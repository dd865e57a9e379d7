/* csv.c - CSV records (RFC 4180): see csv.h. */
#include "json/csv.h"

#include "base/buf.h"

/* The field in cell onto fields, less the CR of a CRLF line end (one
 * outside quotes: from quoted, the length its quoted text ends at);
 * 0, or -1 when it is not UTF-8. */
static int end_field(json_t *fields, wa_buf *cell, size_t quoted)
{
	if (cell->len > quoted && cell->data[cell->len - 1] == '\r')
		cell->data[--cell->len] = '\0';
	int rc = json_array_append_new(fields, json_stringn(cell->data ? cell->data : "",
		cell->len));
	wa_buf_reset(cell);
	return rc;
}

static int fail(json_t **fields, wa_buf *cell)
{
	wa_buf_free(cell);
	json_decref(*fields);
	*fields = NULL;
	return -1;
}

int wa_csv_record(FILE *f, json_t **fields, long *line, const char *file, wa_err *err)
{
	wa_buf cell;
	int c, quoted = 0, any = 0, utf8 = 1;
	long start = ++*line;
	size_t quoted_end = 0;

	*fields = json_array();
	wa_buf_init(&cell);
	for (;;) {
		c = getc(f);
		if (c == EOF) {
			if (quoted) {
				wa_err_set(err, WA_EX_DATAERR, "%s:%ld: a quoted field is not closed",
					file, start);
				return fail(fields, &cell);
			}
			if (any)
				utf8 &= !end_field(*fields, &cell, quoted_end);
			break;
		}
		any = 1;
		if (c == '\0') {       /* a string would end there */
			wa_err_set(err, WA_EX_DATAERR, "%s:%ld: a NUL byte in a field", file, *line);
			return fail(fields, &cell);
		}
		if (quoted) {
			if (c == '"') {
				int d = getc(f);
				if (d == '"') {
					wa_buf_addc(&cell, '"');
					continue;
				}
				ungetc(d, f);
				quoted = 0;
				quoted_end = cell.len;
				continue;
			}
			if (c == '\n')
				(*line)++;
			wa_buf_addc(&cell, (char)c);
			continue;
		}
		if (c == '"' && !cell.len) {
			quoted = 1;
			continue;
		}
		if (c == ',' || c == '\n') {
			utf8 &= !end_field(*fields, &cell, quoted_end);
			quoted_end = 0;
			if (c == '\n')
				break;
			continue;
		}
		wa_buf_addc(&cell, (char)c);
	}
	wa_buf_free(&cell);
	if (!any) {             /* the end: no line read */
		json_decref(*fields);
		*fields = NULL;
		(*line)--;
		return 0;
	}
	if (!utf8) {    /* jansson refuses what is not UTF-8 */
		json_decref(*fields);
		*fields = NULL;
		return wa_err_set(err, WA_EX_DATAERR, "%s:%ld: a field is not UTF-8", file, start);
	}
	return 1;
}
