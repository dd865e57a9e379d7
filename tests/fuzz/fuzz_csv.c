/* CSV (wa-agent data load): any bytes read as records of strings or
 * stop at an error that names the file and a line; records read whole
 * are written back (every field quoted, RFC 4180) and read the same. */
#include <stdio.h>

#include "fuzz.h"
#include "base/buf.h"
#include "json/csv.h"

/* every record of f (an array of arrays), or NULL at an error */
static json_t *records(FILE *f, long *lines)
{
	json_t *all = json_array(), *fields;
	wa_err err = WA_ERR_INIT;
	int rc;

	*lines = 0;
	while ((rc = wa_csv_record(f, &fields, lines, "f.csv", &err)) == 1) {
		FUZZ_ASSERT(json_is_array(fields) && json_array_size(fields) > 0);
		json_array_append_new(all, fields);
	}
	FUZZ_ASSERT(!fields);
	if (rc < 0) {
		FUZZ_ASSERT(err.code == 65 && !strncmp(err.msg, "f.csv:", 6));
		json_decref(all);
		return NULL;
	}
	return all;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen(size ? (void *)data : "", size, "r");
	long lines, again_lines;
	json_t *all, *r, *cell;
	size_t i, j;

	FUZZ_ASSERT(f);
	all = records(f, &lines);
	fclose(f);
	if (!all)
		return 0;
	wa_buf b;
	wa_buf_init(&b);
	json_array_foreach(all, i, r) {
		json_array_foreach(r, j, cell) {
			const char *s = json_string_value(cell);
			FUZZ_ASSERT(s);
			wa_buf_adds(&b, j ? ",\"" : "\"");
			for (; *s; s++) {
				if (*s == '"')
					wa_buf_addc(&b, '"');
				wa_buf_addc(&b, *s);
			}
			wa_buf_addc(&b, '"');
		}
		wa_buf_addc(&b, '\n');
	}
	f = fmemopen(b.len ? b.data : "", b.len, "r");
	json_t *again = records(f, &again_lines);
	fclose(f);
	FUZZ_ASSERT(again && json_equal(all, again));
	json_decref(again);
	json_decref(all);
	wa_buf_free(&b);
	return 0;
}
