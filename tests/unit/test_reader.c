#include <criterion/criterion.h>

#include "helpers.h"
#include "json/reader.h"

static wa_reader *reader_on(const char *text)
{
	static char path[128];
	wa_err e = WA_ERR_INIT;

	snprintf(path, sizeof path, "%s/in.json", tmpdir_new());
	write_text(path, text);
	return wa_reader_open(path, &e);
}

Test(reader, reads_ndjson_and_whitespace_separated_values)
{
	wa_reader *r = reader_on("{\"a\":1}\n{\"b\":[1,2]}  {\"c\":\"}{\\\"\"}\n\n[3] \"s\" 4 true null");
	wa_err e = WA_ERR_INIT;
	json_t *v;
	int n = 0;

	while (wa_reader_next(r, &v, &e) == 1) {
		n++;
		if (n == 3)
			cr_assert_str_eq(json_string_value(json_object_get(v, "c")), "}{\"");
		json_decref(v);
	}
	cr_assert_eq(n, 8);
	cr_assert_eq(e.code, 0);
	wa_reader_close(r);
}

Test(reader, parse_error_names_line_and_column_then_goes_on)
{
	wa_reader *r = reader_on("{\"a\":1}\n{\"b\":2}\n{\"c\": tru}\n{\"d\":4}\n");
	wa_err e = WA_ERR_INIT;
	json_t *v;

	cr_assert_eq(wa_reader_next(r, &v, &e), 1);
	json_decref(v);
	cr_assert_eq(wa_reader_next(r, &v, &e), 1);
	json_decref(v);
	cr_assert_eq(wa_reader_next(r, &v, &e), -1);
	cr_assert_eq(e.code, 65);
	cr_assert(strstr(e.msg, "line 3, column") != NULL, "%s", e.msg);
	cr_assert_eq(wa_reader_line(r), 3);
	/* the reader skipped the bad value */
	cr_assert_eq(wa_reader_next(r, &v, &e), 1);
	cr_assert(json_object_get(v, "d") != NULL);
	json_decref(v);
	cr_assert_eq(wa_reader_next(r, &v, &e), 0);
	wa_reader_close(r);
}

Test(reader, unterminated_string_stops_at_end_of_line)
{
	wa_reader *r = reader_on("{\"a\":\"open\n{\"b\":2}\n");
	wa_err e = WA_ERR_INIT;
	json_t *v;

	cr_assert_eq(wa_reader_next(r, &v, &e), -1);
	cr_assert(strstr(e.msg, "line 1") != NULL, "%s", e.msg);
	cr_assert_eq(wa_reader_next(r, &v, &e), 1);
	cr_assert(json_object_get(v, "b") != NULL);
	json_decref(v);
	wa_reader_close(r);
}

Test(reader, truncated_input_is_an_error_at_the_end)
{
	wa_reader *r = reader_on("{\"a\":1}\n{\"b\":[1,2");
	wa_err e = WA_ERR_INIT;
	json_t *v;

	cr_assert_eq(wa_reader_next(r, &v, &e), 1);
	json_decref(v);
	cr_assert_eq(wa_reader_next(r, &v, &e), -1);
	cr_assert(strstr(e.msg, "line 2") != NULL, "%s", e.msg);
	cr_assert_eq(wa_reader_next(r, &v, &e), 0);
	wa_reader_close(r);
}

Test(reader, missing_file_is_66)
{
	wa_err e = WA_ERR_INIT;

	cr_assert_null(wa_reader_open("/nonexistent/in.json", &e));
	cr_assert_eq(e.code, 66);
	cr_assert(strstr(e.msg, "/nonexistent/in.json") != NULL);
}

Test(reader, columns_count_characters_across_buffers)
{
	/* line 2: {"a":"<70,000 x é>"} {"b": tru}  -- the second value
	 * starts after the reader's 64 KiB buffer has been refilled */
	size_t n = 70000;
	char *text = malloc(2 * n + 64), *p = text;
	wa_err e = WA_ERR_INIT;
	json_t *v;

	p += sprintf(p, "{}\n{\"a\":\"");
	for (size_t i = 0; i < n; i++) {
		*p++ = '\xc3';
		*p++ = '\xa9';
	}
	sprintf(p, "\"} {\"b\": tru}\n");
	wa_reader *r = reader_on(text);
	cr_assert_eq(wa_reader_next(r, &v, &e), 1);
	json_decref(v);
	cr_assert_eq(wa_reader_next(r, &v, &e), 1);
	cr_assert_eq(json_string_length(json_object_get(v, "a")), 2 * n);
	json_decref(v);
	cr_assert_eq(wa_reader_next(r, &v, &e), -1);
	/* 6 + 70000 + 2 + 1 characters before the value, then {"b": */
	cr_assert(strstr(e.msg, "line 2, column 70016:") != NULL, "%s", e.msg);
	wa_reader_close(r);
	free(text);
}
