/* The parser against jansson's json_loadb (JSON_DECODE_ANY |
 * JSON_ALLOW_NUL) as the oracle: same acceptance, same values, on
 * hand-picked cases and on many mutations of a valid dossier. */
#include <criterion/criterion.h>

#include "jsonparse.h"
#include "schema.h"

static void same_as_jansson(const char *s, size_t len)
{
	json_error_t je;
	wa_json_error we;
	json_t *want = json_loadb(s, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
	json_t *got = wa_json_parse_new(s, len, &we);

	if (!want) {
		cr_assert_null(got, "accepted what jansson rejects (%s): %.*s", je.text, (int)len, s);
		cr_assert_not_null(we.message);
		cr_assert_leq(we.offset, len);
	} else {
		cr_assert_not_null(got, "rejected at %zu (%s): %.*s", we.offset,
			we.message ? we.message : "?", (int)len, s);
		cr_assert(json_equal(want, got), "different value: %.*s", (int)len, s);
	}
	json_decref(want);
	json_decref(got);
}

static void same(const char *s)
{
	same_as_jansson(s, strlen(s));
}

Test(jsonparse, values_jansson_accepts)
{
	same("{}");
	same("[]");
	same(" {\"a\" : [1, -2, 3.5e-3, 0, -0, 1E+2, true, false, null] } ");
	same("\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00\"");
	same("\"raw é 😀 \"");
	same("\"nul \\u0000 inside\"");
	same("{\"dup\":1,\"dup\":2}");
	same("9223372036854775807");
	same("-9223372036854775808");
	same("1.7976931348623157e308");
	same("1e-400");
	same("[[[[[[[[[[]]]]]]]]]]");
}

Test(jsonparse, inputs_jansson_rejects)
{
	const char *bad[] = {
		"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{1:2}", "[01]", "[1.]",
		"[.5]", "[1e]", "[-]", "[+1]", "tru", "nul", "[true false]", "\"unterminated",
		"\"tab\there\"", "\"bad \\x escape\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"",
		"\"\\ud800\\u0041\"", "{\"k\\u0000\":1}", "9223372036854775808",
		"-9223372036854775809", "1e400", "[1] [2]", "{} x", "'single'", "[NaN]",
		"\"\xc3\x28\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "\"\xc0\xaf\"",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		same(bad[i]);
}

Test(jsonparse, nesting_limit)
{
	char deep[5000];

	memset(deep, '[', 2049);
	memset(deep + 2049, ']', 2049);
	same_as_jansson(deep, 4098);
	same_as_jansson(deep + 1, 4096);     /* 2048 deep: allowed */
}

Test(jsonparse, error_offsets_point_at_the_problem)
{
	wa_json_error we;

	cr_assert_null(wa_json_parse_new("{\"a\":1,,}", 9, &we));
	cr_assert_eq(we.offset, 7);
	cr_assert_null(wa_json_parse_new("[1, 2", 5, &we));
	cr_assert_eq(we.offset, 5);
	cr_assert_str_eq(we.message, "premature end of input");
}

Test(jsonparse, mutations_of_a_dossier_agree_with_jansson)
{
	const char *base = "{\"client\":{\"id\":\"acme\",\"name\":\"Zoë \\u00d1\","
		"\"n\":[1,-2.5e3,true,null,{\"x\":\"\\\"q\\\"\"}]},\"trace\":[]}";
	const char alphabet[] = "{}[]\":,\\-+.eE0123456789tfnu \t\n\x01\x80\xc3\xa9";
	size_t len = strlen(base);
	unsigned seed = 12345;
	char buf[256];

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
		same_as_jansson(buf, n);
	}
}
