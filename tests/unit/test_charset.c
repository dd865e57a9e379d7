/* Expected UTF-8 bytes are written out by hand from the code charts. */
#include <criterion/criterion.h>
#include <string.h>

#include "web/charset.h"
#include "base/utf8.h"

static char *to_utf8(const char *data, size_t len, const char *header, wa_charset *cs)
{
	wa_buf out;
	wa_err err = WA_ERR_INIT;

	wa_buf_init(&out);
	cr_assert_eq(wa_charset_to_utf8(data, len, header, &out, cs, &err), 0, "%s", err.msg);
	return wa_buf_detach(&out, NULL);
}

Test(charset, content_type_parameter)
{
	char cs[48];

	wa_charset_from_content_type("text/html; charset=ISO-8859-1", cs, sizeof cs);
	cr_assert_str_eq(cs, "windows-1252");
	wa_charset_from_content_type("text/html;charset=\"UTF-8\"", cs, sizeof cs);
	cr_assert_str_eq(cs, "utf-8");
	wa_charset_from_content_type("text/html", cs, sizeof cs);
	cr_assert_str_eq(cs, "");
	wa_charset_from_content_type(NULL, cs, sizeof cs);
	cr_assert_str_eq(cs, "");
}

Test(charset, header_wins_over_meta)
{
	/* "caf\xE9" is café in Latin-1; é is C3 A9 in UTF-8 */
	const char page[] = "<meta charset=utf-8><p>caf\xE9</p>";
	wa_charset cs;
	char *s = to_utf8(page, sizeof page - 1, "iso-8859-1", &cs);

	cr_assert_str_eq(s, "<meta charset=utf-8><p>caf\xC3\xA9</p>");
	cr_assert_str_eq(cs.name, "windows-1252");
	cr_assert_str_eq(cs.source, "header");
	free(s);
}

Test(charset, meta_tags_without_a_header)
{
	/* windows-1252 0x80 is the euro sign, U+20AC: E2 82 AC */
	const char a[] = "<html><head><!-- <meta charset=koi8-r> -->"
		"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=iso-8859-1'>"
		"</head><body>\x80 5</body>";
	wa_charset cs;
	char *s = to_utf8(a, sizeof a - 1, NULL, &cs);

	cr_assert(strstr(s, "<body>\xE2\x82\xAC 5</body>"));
	cr_assert_str_eq(cs.source, "meta");
	cr_assert_str_eq(cs.name, "windows-1252");
	free(s);

	const char b[] = "<head><meta name=x charset=\"windows-1251\"></head>\xcf\xf0\xe8";
	s = to_utf8(b, sizeof b - 1, "", &cs);
	/* Cyrillic Пpи: U+041F U+0440 U+0438 */
	cr_assert(strstr(s, "\xD0\x9F\xD1\x80\xD0\xB8"));
	cr_assert_str_eq(cs.name, "windows-1251");
	free(s);
}

Test(charset, valid_utf8_beats_a_wrong_label)
{
	/* the mojibake case: UTF-8 bytes labelled Latin-1 by the server */
	const char page[] = "<meta charset=gb2312><p>caf\xC3\xA9 \xE4\xB8\xAD</p>";
	wa_charset cs;
	char *s = to_utf8(page, sizeof page - 1, "iso-8859-1", &cs);

	cr_assert_str_eq(s, page);
	cr_assert_str_eq(cs.name, "utf-8");
	cr_assert_str_eq(cs.source, "detected");
	free(s);
}

Test(charset, boms)
{
	const char le[] = "\xFF\xFEh\0i\0";
	wa_charset cs;
	char *s = to_utf8(le, sizeof le - 1, "iso-8859-1", &cs);

	cr_assert_str_eq(s, "hi");
	cr_assert_str_eq(cs.source, "bom");
	free(s);
	s = to_utf8("\xEF\xBB\xBFok", 5, NULL, &cs);
	cr_assert_str_eq(s, "ok");
	free(s);
}

Test(charset, detection_of_latin1_text)
{
	const char page[] = "<p>Caf\xE9 cr\xE8me br\xFBl\xE9" "e, na\xEFve fa\xE7" "ade, "
		"\xE0 la carte: d\xE9j\xE0 vu au th\xE9\xE2tre, r\xE9sum\xE9 et "
		"\xE9l\xE8ve fran\xE7" "ais tr\xE8s c\xE9l\xE8" "bre.</p>";
	wa_charset cs;
	char *s = to_utf8(page, sizeof page - 1, NULL, &cs);

	cr_assert_str_eq(cs.source, "detected");
	cr_assert(strstr(s, "Caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e"), "%s", s);
	cr_assert(wa_utf8_valid(s, strlen(s)));
	free(s);
}

Test(charset, invalid_utf8_is_repaired)
{
	/* a lone continuation byte, an overlong "/", a surrogate, a cut-off sequence */
	const char bad[] = "a\x80" "b\xC0\xAF" "c\xED\xA0\x80" "d\xE2\x82";
	wa_charset cs;
	char *s = to_utf8(bad, sizeof bad - 1, "utf-8", &cs);

	cr_assert(wa_utf8_valid(s, strlen(s)));
	cr_assert_eq(strncmp(s, "a\xEF\xBF\xBD" "b", 5), 0);
	cr_assert_geq(cs.replaced, 4);
	cr_assert_not(wa_utf8_valid(bad, sizeof bad - 1));
	cr_assert(wa_utf8_valid("\xF0\x9F\x98\x80", 4));
	cr_assert_not(wa_utf8_valid("\xF4\x90\x80\x80", 4));
	free(s);
}

Test(charset, an_unknown_label_falls_through)
{
	const char page[] = "<meta charset=no-such-thing>plain";
	wa_charset cs;
	char *s = to_utf8(page, sizeof page - 1, "bogus-charset", &cs);

	cr_assert_str_eq(s, page);
	cr_assert_str_eq(cs.name, "utf-8");
	cr_assert_str_eq(cs.source, "detected");
	free(s);
}

Test(charset, utf8_next_and_put)
{
	/* "Zoë €𝄞", then a lone continuation byte, an overlong "/" (2 bytes),
	 * a euro sign cut short (2 bytes): U+FFFD for each of those 5 bytes */
	const char s[] = "Zo\xC3\xAB \xE2\x82\xAC\xF0\x9D\x84\x9E\x80\xC0\xAF\xE2\x82";
	const uint32_t want[] = { 'Z', 'o', 0xEB, ' ', 0x20AC, 0x1D11E, 0xFFFD, 0xFFFD, 0xFFFD,
		0xFFFD, 0xFFFD };
	const char *p = s, *end = s + sizeof s - 1;
	size_t n = 0;
	wa_buf b;

	while (p < end) {
		cr_assert_lt(n, sizeof want / sizeof *want);
		uint32_t cp = wa_utf8_next(&p, end);
		cr_assert_eq(cp, want[n], "code point %zu: U+%04X", n, (unsigned)cp);
		n++;
	}
	cr_assert_eq(n, sizeof want / sizeof *want);
	wa_buf_init(&b);
	for (size_t i = 0; i < 6; i++)
		wa_utf8_put(&b, want[i]);
	cr_assert_eq(b.len, 12);        /* 1 + 1 + 2 + 1 + 3 + 4 bytes */
	cr_assert_eq(memcmp(b.data, "Zo\xC3\xAB \xE2\x82\xAC\xF0\x9D\x84\x9E", 12), 0);
	wa_buf_free(&b);
}
