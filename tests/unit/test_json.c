/* JSON text: the parser against jansson's json_loadb (JSON_DECODE_ANY |
 * JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES) as the oracle: same acceptance, same values, on
 * hand-picked cases and on many mutations of a valid dossier; the writer. */
#include <criterion/criterion.h>

#include "json/json_int.h"

/* 1 when our parser and json_loadb agree on s: both reject it, or both
 * accept it with equal values; a disagreement is logged.  Numbers past
 * jansson's range are valid JSON (RFC 8259, section 6): jansson refuses
 * them, we take them. */
static int same_as_jansson(const char *s, size_t len)
{
	json_error_t je;
	wa_json_error we;
	json_t *want = json_loadb(s, len, JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES,
		&je);
	json_t *got = wa_json_parse_new(s, len, &we);
	int ok;

	if (!want && (strstr(je.text, "too big") || strstr(je.text, "overflow")))
		ok = got != NULL;
	else if (!want)
		ok = !got && we.message && we.offset <= len;
	else
		ok = got && json_equal(want, got);
	if (!ok)
		cr_log_error("jansson %s, we %s (%s): %.*s", want ? "accepts" : "rejects",
			got ? "accept" : "reject", got ? "" : we.message, (int)len, s);
	json_decref(want);
	json_decref(got);
	return ok;
}

static int same(const char *s)
{
	return same_as_jansson(s, strlen(s));
}

/* 1 when both parsers accept s and build the same value */
static int both_accept(const char *s)
{
	json_t *v = json_loads(s, JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, NULL);
	int accepted = v != NULL;

	json_decref(v);
	return accepted && same(s);
}

Test(json, values_jansson_accepts)
{
	cr_assert(both_accept("{}"));
	cr_assert(both_accept("[]"));
	cr_assert(both_accept(" {\"a\" : [1, -2, 3.5e-3, 0, -0, 1E+2, true, false, null] } "));
	cr_assert(both_accept("\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00\""));
	cr_assert(both_accept("\"raw é 😀 \""));
	cr_assert(both_accept("\"nul \\u0000 inside\""));
	cr_assert(both_accept("{\"dup\":1,\"sub\":{\"dup\":2}}"));
	cr_assert(both_accept("9223372036854775807"));
	cr_assert(both_accept("-9223372036854775808"));
	cr_assert(both_accept("1.7976931348623157e308"));
	cr_assert(both_accept("1e-400"));
	cr_assert(both_accept("[[[[[[[[[[]]]]]]]]]]"));
}

Test(json, inputs_jansson_rejects)
{
	const char *bad[] = {
		"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{1:2}", "[01]", "[1.]",
		"[.5]", "[1e]", "[-]", "[+1]", "tru", "nul", "[true false]", "\"unterminated",
		"\"tab\there\"", "\"bad \\x escape\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"",
		"\"\\ud800\\u0041\"", "{\"k\\u0000\":1}", "[1] [2]", "{} x", "'single'", "[NaN]",
		"\"\xc3\x28\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "\"\xc0\xaf\"",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *v = json_loads(bad[i], JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
		cr_assert_null(v, "the oracle accepts %s", bad[i]);
		cr_assert(same(bad[i]));
	}
}

Test(json, nesting_limit)
{
	char deep[5000];

	memset(deep, '[', 2049);
	memset(deep + 2049, ']', 2049);
	wa_json_error we;
	json_t *v;

	cr_assert(same_as_jansson(deep, 4098));
	cr_assert_null(wa_json_parse_new(deep, 4098, &we));
	cr_assert_str_eq(we.message, "maximum parsing depth reached");
	cr_assert(same_as_jansson(deep + 1, 4096));     /* 2048 deep: allowed */
	v = wa_json_parse_new(deep + 1, 4096, &we);
	cr_assert_not_null(v);
	json_decref(v);
}

Test(json, error_offsets_point_at_the_problem)
{
	wa_json_error we;

	cr_assert_null(wa_json_parse_new("{\"a\":1,,}", 9, &we));
	cr_assert_eq(we.offset, 7);
	cr_assert_null(wa_json_parse_new("[1, 2", 5, &we));
	cr_assert_eq(we.offset, 5);
	cr_assert_str_eq(we.message, "premature end of input");
	/* a key twice (I-JSON): refused, naming it, at its second place */
	const char *dup = "{\"client\":{\"a\":1},\n \"client\":{\"b\":2}}";
	cr_assert_null(wa_json_parse_new(dup, strlen(dup), &we));
	cr_assert_str_eq(we.message, "duplicate key \"client\"");
	cr_assert_eq(we.offset, 20);     /* its opening quote */
	cr_assert(same(dup), "jansson agrees");
	cr_assert_null(wa_json_parse_new("{\"a\":{\"x\":1,\"x\":1}}", 21, &we));
	cr_assert_str_eq(we.message, "duplicate key \"x\"");
}

Test(json, mutations_of_a_dossier_agree_with_jansson)
{
	const char *base = "{\"client\":{\"id\":\"acme\",\"name\":\"Zoë \\u00d1\","
		"\"n\":[1,-2.5e3,true,null,{\"x\":\"\\\"q\\\"\"}]},\"trace\":[]}";
	const char alphabet[] = "{}[]\":,\\-+.eE0123456789tfnu \t\n\x01\x80\xc3\xa9";
	size_t len = strlen(base);
	unsigned seed = 12345;
	char buf[256];
	int agreed = 0;

	for (int round = 0; round < 20000; round++) {
		memcpy(buf, base, len);
		size_t n = len;
		int edits = 1 + (int)(seed % 3);
		for (int k = 0; k < edits; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % n;
			char c = alphabet[(seed >> 20) % (sizeof alphabet - 1)];
			switch ((seed >> 4) % 3) {
			case 0: buf[at] = c; break;                                  /* replace */
			case 1: memmove(buf + at, buf + at + 1, n - at - 1); n--; break; /* delete */
			default:                                                     /* insert */
				if (n + 1 < sizeof buf) {
					memmove(buf + at + 1, buf + at, n - at);
					buf[at] = c;
					n++;
				}
			}
		}
		agreed += same_as_jansson(buf, n);
	}
	cr_assert_eq(agreed, 20000);
}

static void writes(const char *in, const char *want)
{
	json_error_t je;
	json_t *v = json_loads(in, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
	wa_buf b;

	cr_assert_not_null(v, "%s", je.text);
	wa_buf_init(&b);
	wa_json_write(&b, v, WA_JSON_COMPACT);
	cr_assert_str_eq(b.data, want);
	wa_buf_free(&b);
	json_decref(v);
}

Test(json, writer_keeps_numbers_and_order)
{
	writes("{\"z\": 0.1, \"a\": [2.50, 1e300, -0.0, 3, 1.0]}",
		"{\"z\":0.1,\"a\":[2.5,1e+300,-0.0,3,1.0]}\n");
	writes("[0.30000000000000004, 123456789.123]", "[0.30000000000000004,123456789.123]\n");
}

Test(json, writer_escapes_what_json_requires)
{
	writes("\"a\\\"b\\\\c\\n\\u0001\\u0000é/\"", "\"a\\\"b\\\\c\\n\\u0001\\u0000é/\"\n");
}

Test(json, pretty_output)
{
	json_t *v = json_pack("{s:[i,i],s:{}}", "a", 1, 2, "b");
	wa_buf b;

	wa_buf_init(&b);
	wa_json_write(&b, v, WA_JSON_PRETTY);
	cr_assert_str_eq(b.data, "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}\n");
	wa_buf_free(&b);
	json_decref(v);
}

/* What wa writes for the JSON text s, read by our parser. */
static char *rewritten(const char *s, int style)
{
	wa_json_error we;
	json_t *v = wa_json_parse_new(s, strlen(s), &we);
	wa_buf b;

	cr_assert_not_null(v, "%s: %s", s, we.message);
	wa_buf_init(&b);
	wa_json_write(&b, v, style);
	json_decref(v);
	return wa_buf_detach(&b, NULL);
}

/* RFC 8259 section 6: any number is valid JSON; one a filter does not
 * touch comes out as it came in, whatever a double makes of it. */
Test(json, numbers_pass_through_as_written)
{
	const char *in = "[-0,1E2,5e-324,123456789012345678901234567890,-18446744073709551617,"
		"1e999,-1E+999,1.50,0.10,2.5e+0,1e-400,7,-0.0,0.1,1e300,9223372036854775807]";
	char *out = rewritten(in, WA_JSON_COMPACT);

	cr_assert_str_eq(out, "[-0,1E2,5e-324,123456789012345678901234567890,-18446744073709551617,"
		"1e999,-1E+999,1.50,0.10,2.5e+0,1e-400,7,-0.0,0.1,1e300,9223372036854775807]\n");
	free(out);
	out = rewritten("{\"a\": [ 1E2 ,\n -0 ]}", WA_JSON_PRETTY);
	cr_assert_str_eq(out, "{\n  \"a\": [\n    1E2,\n    -0\n  ]\n}\n");
	free(out);
	cr_assert_eq(wa_json_literal_count(), 0, "a literal outlived its value");
}

/* The values a filter computes with: the nearest double, and past the
 * range of one, the largest of its sign (jansson has no infinity). */
Test(json, numbers_past_range_have_the_nearest_value)
{
	wa_json_error we;
	json_t *v = wa_json_parse_new("[123456789012345678901234567890,1e999,-1e999,1E2,-0,5e-324]",
		59, &we);

	cr_assert_not_null(v, "%s", we.message);
	cr_assert(json_is_real(json_array_get(v, 0)));
	cr_assert_eq(json_real_value(json_array_get(v, 0)), 1.2345678901234568e+29);
	cr_assert_eq(json_real_value(json_array_get(v, 1)), 1.7976931348623157e+308);
	cr_assert_eq(json_real_value(json_array_get(v, 2)), -1.7976931348623157e+308);
	cr_assert_eq(json_real_value(json_array_get(v, 3)), 100.0);
	cr_assert(json_is_integer(json_array_get(v, 4)));
	cr_assert_eq(json_integer_value(json_array_get(v, 4)), 0);
	cr_assert_eq(json_real_value(json_array_get(v, 5)), 4.9406564584124654e-324);
	json_decref(v);
}

/* A number changed in place is written as it is now; a new value at an
 * address an old literal had does not inherit it. */
Test(json, a_changed_number_is_written_as_it_is)
{
	wa_json_error we;
	json_t *v = wa_json_parse_new("[1E2,-0]", 8, &we);
	wa_buf b;

	cr_assert_not_null(v);
	json_real_set(json_array_get(v, 0), 3.5);
	json_integer_set(json_array_get(v, 1), 4);
	wa_buf_init(&b);
	wa_json_write(&b, v, WA_JSON_COMPACT);
	cr_assert_str_eq(b.data, "[3.5,4]\n");
	json_decref(v);
	for (int i = 0; i < 100; i++) {
		json_decref(wa_json_parse_new("1E2", 3, &we));
		json_t *r = json_real(100.0);
		wa_buf_reset(&b);
		wa_json_write(&b, r, WA_JSON_COMPACT);
		cr_assert_str_eq(b.data, "100.0\n");
		json_decref(r);
	}
	wa_buf_free(&b);
	cr_assert_eq(wa_json_literal_count(), 0);
}
