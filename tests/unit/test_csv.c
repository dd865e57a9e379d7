/* CSV records: RFC 4180's own examples (section 2) and the errors, each
 * naming the file and the line where its record began. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "json/csv.h"

/* the records of text, joined as "a|b / c|d", or "ERROR file:line: ..." */
static void reads_n(const char *text, size_t len, const char *want, long lines)
{
	FILE *f = fmemopen((void *)text, len, "r");
	char got[512] = "";
	json_t *fields;
	long line = 0;
	wa_err err = { 0 };
	int rc;

	cr_assert_not_null(f);
	while ((rc = wa_csv_record(f, &fields, &line, "t.csv", &err)) == 1) {
		if (*got)
			strcat(got, " / ");
		for (size_t i = 0; i < json_array_size(fields); i++) {
			if (i)
				strcat(got, "|");
			strcat(got, json_string_value(json_array_get(fields, i)));
		}
		json_decref(fields);
	}
	if (rc < 0) {
		cr_assert_null(fields);
		snprintf(got + strlen(got), sizeof got - strlen(got), "%sERROR %s",
			*got ? " / " : "", err.msg);
		cr_assert_eq(err.code, 65);
	}
	fclose(f);
	cr_assert_str_eq(got, want, "reading %s", text);
	if (lines >= 0)
		cr_assert_eq(line, lines, "lines read from %s: %ld", text, line);
}

static void reads(const char *text, const char *want, long lines)
{
	reads_n(text, strlen(text), want, lines);
}

Test(csv, rfc4180_examples)
{
	reads("aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n", "aaa|bbb|ccc / zzz|yyy|xxx", 2);
	reads("aaa,bbb,ccc\r\nzzz,yyy,xxx", "aaa|bbb|ccc / zzz|yyy|xxx", 2);
	reads("\"aaa\",\"bbb\",\"ccc\"\r\nzzz,yyy,xxx", "aaa|bbb|ccc / zzz|yyy|xxx", 2);
	reads("\"aaa\",\"b\r\nbb\",\"ccc\"\r\nzzz,yyy,xxx", "aaa|b\r\nbb|ccc / zzz|yyy|xxx", 3);
	reads("\"aaa\",\"b\"\"bb\",\"ccc\"", "aaa|b\"bb|ccc", 1);
}

/* a CR is part of a quoted field; outside quotes, before LF, it ends
 * the line */
Test(csv, carriage_returns)
{
	reads("\"a\r\",\"b\r\"\r\nc\r\n", "a\r|b\r / c", 2);
	reads("a,b\r", "a|b", 1);
}

Test(csv, empty_fields_and_lines)
{
	reads("a,,c\n,\n", "a||c / |", 2);
	reads("a\n\nb\n", "a /  / b", 3);    /* a blank line is a record of one empty field */
	reads("", "", 0);
	reads("order,status\n\"é, ü\",sent\n", "order|status / é, ü|sent", 2);
}

Test(csv, errors_name_the_line)
{
	reads("a,b\n\"open,c\nd\n", "a|b / ERROR t.csv:2: a quoted field is not closed", -1);
	reads_n("a,b\nc,d\0x\n", 10, "a|b / ERROR t.csv:2: a NUL byte in a field", -1);
	reads("a\n\"x\ny\",\xff\n", "a / ERROR t.csv:2: a field is not UTF-8", -1);
}
