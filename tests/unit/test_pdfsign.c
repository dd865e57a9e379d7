/* The PDF object reader and the signer: values parsed as the PDF
 * specification reads them, a sign-verify round trip, and damaged files
 * (cut short at many points, bytes flipped) that must give an error or
 * an answer, never a crash (the sanitizer run checks the memory). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "base/buf.h"
#include "base/err.h"
#include "doc/pdf.h"
#include "doc/pdffile.h"
#include "doc/pdfobj.h"
#include "doc/pdfsign.h"

/* one object "1 0 obj VALUE endobj" in a minimal file, parsed */
static wa_pdfobj *parse_value(const char *value, wa_err *err)
{
	static char file[8192];
	wa_pdffile p;

	int at = snprintf(file, sizeof file, "%%PDF-1.4\n");
	int obj = at;
	at += snprintf(file + at, sizeof file - (size_t)at, "1 0 obj\n%s\nendobj\n", value);
	int xref = at;
	at += snprintf(file + at, sizeof file - (size_t)at, "xref\n0 2\n0000000000 65535 f\r\n"
		"%010d 00000 n\r\ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n",
		obj, xref);
	if (wa_pdffile_open(&p, "t.pdf", file, (size_t)at, err))
		return NULL;
	wa_pdfobj *o = wa_pdffile_object_new(&p, 1, err);
	wa_pdffile_close(&p);
	return o;
}

/* An array of many items (a mutated PDF's) grows by a fraction of
 * itself, not an item at a time: its room changes about log(n) times,
 * and a parse of n items copies O(n) pointers, not O(n^2). */
Test(pdfobj, arrays_grow_geometrically)
{
	wa_pdfobj *a = wa_pdfobj_new(WA_PDF_ARRAY);
	size_t grown = 0, cap = 0, n = 100000;

	for (size_t i = 0; i < n; i++) {
		wa_pdfobj_array_add(a, wa_pdfobj_int_new((long)i));
		cr_assert(a->cap >= a->n);
		if (a->cap != cap)
			grown++, cap = a->cap;
	}
	cr_assert_eq(a->n, n);
	cr_assert_eq(a->kids[n - 1]->s ? atol(a->kids[n - 1]->s) : -1, (long)n - 1);
	/* from 8 by half again: 8 * 1.5^k >= 100000 at k = 24 */
	cr_assert_leq(grown, 30, "room changed %zu times for %zu items", grown, n);
	cr_assert_leq(a->cap, n + n / 2);
	wa_pdfobj *d = wa_pdfobj_dup(a);
	cr_assert_eq(d->n, n);
	cr_assert_eq(d->cap, n);
	wa_pdfobj_array_add(d, wa_pdfobj_int_new(-1));   /* grows from its own room */
	cr_assert_eq(d->n, n + 1);
	wa_pdfobj_free(d);
	wa_pdfobj_free(a);
}

Test(pdfobj, values_as_the_specification_reads_them)
{
	wa_err err = WA_ERR_INIT;
	wa_pdfobj *o = parse_value("<< /A (a\\(b\\)\\\\c\\101\\n) /B <48 65 6c6C 6F7> /C /N#20ame "
		"/D [1 0 R 2 -3.5 true null] /E 7 /F << /G 1 2 R >> >>", &err);

	cr_assert_not_null(o, "%s", err.msg);
	cr_assert_eq(o->type, WA_PDF_DICT);
	wa_pdfobj *a = wa_pdfobj_dict_get(o, "A");
	cr_assert_eq(a->len, 8);
	cr_assert_eq(memcmp(a->s, "a(b)\\cA\n", 8), 0);
	/* hex: white space ignored, an odd final digit padded with 0 */
	wa_pdfobj *b = wa_pdfobj_dict_get(o, "B");
	cr_assert(b->hex);
	cr_assert_eq(b->len, 6);
	cr_assert_eq(memcmp(b->s, "Hello\x70", 6), 0);
	cr_assert_str_eq(wa_pdfobj_dict_get(o, "C")->s, "N ame");
	wa_pdfobj *d = wa_pdfobj_dict_get(o, "D");
	cr_assert_eq(d->n, 5);
	cr_assert_eq(d->kids[0]->type, WA_PDF_REF);
	cr_assert_eq(d->kids[0]->num, 1);
	cr_assert_eq(d->kids[1]->type, WA_PDF_NUM);      /* "2 -3.5" is no reference */
	cr_assert_eq(wa_pdfobj_int(d->kids[1], -1), 2);
	cr_assert_eq(wa_pdfobj_int(d->kids[2], -1), -1);   /* not an integer */
	cr_assert_eq(d->kids[3]->type, WA_PDF_BOOL);
	cr_assert_eq(d->kids[4]->type, WA_PDF_NULL);
	cr_assert_eq(wa_pdfobj_int(wa_pdfobj_dict_get(o, "E"), 0), 7);
	wa_pdfobj *g = wa_pdfobj_dict_get(wa_pdfobj_dict_get(o, "F"), "G");
	cr_assert(g->type == WA_PDF_REF && g->num == 1 && g->gen == 2);
	/* written back and read again: the same values */
	wa_buf w;
	wa_buf_init(&w);
	wa_pdfobj_write(o, &w);
	wa_pdfobj *again = parse_value(w.data, &err);
	cr_assert_not_null(again, "%s: %s", w.data, err.msg);
	cr_assert_eq(memcmp(wa_pdfobj_dict_get(again, "A")->s, a->s, a->len), 0);
	cr_assert_str_eq(wa_pdfobj_dict_get(again, "C")->s, "N ame");
	wa_buf_free(&w);
	wa_pdfobj_free(again);
	wa_pdfobj_free(o);
}

Test(pdfobj, text_strings_round_trip_through_utf16)
{
	wa_err err = WA_ERR_INIT;
	wa_pdfobj *t = wa_pdfobj_text_new("Zoë Núñez € 𝄞");
	wa_buf w;

	cr_assert(t->hex);
	cr_assert_eq((unsigned char)t->s[0], 0xFE);
	wa_buf_init(&w);
	wa_pdfobj_write(t, &w);
	wa_pdfobj *back = parse_value(w.data, &err);
	cr_assert_not_null(back, "%s", err.msg);
	char *s = wa_pdfobj_to_text_new(back);
	cr_assert_str_eq(s, "Zoë Núñez € 𝄞");
	free(s);
	/* a PDFDocEncoding string is read as Latin-1 */
	wa_pdfobj *latin = parse_value("(Caf\\351)", &err);
	s = wa_pdfobj_to_text_new(latin);
	cr_assert_str_eq(s, "Café");
	free(s);
	wa_pdfobj_free(latin);
	wa_pdfobj_free(back);
	wa_pdfobj_free(t);
	wa_buf_free(&w);
}

Test(pdfobj, bad_objects_are_errors_naming_the_byte)
{
	const char *bad[] = { "(never closed", "<< /A 1", "[1 2", "<< 1 2 >>", "<4G>", "<< /A >>",
		"@", NULL };
	char deep[400];

	for (int i = 0; bad[i]; i++) {
		wa_err err = WA_ERR_INIT;
		cr_assert_null(parse_value(bad[i], &err), "%s", bad[i]);
		cr_assert_eq(err.code, WA_EX_DATAERR, "%s", bad[i]);
		cr_assert(strstr(err.msg, "t.pdf: object 1, byte "), "%s: %s", bad[i], err.msg);
	}
	memset(deep, '[', sizeof deep - 1);
	deep[sizeof deep - 1] = '\0';
	wa_err err = WA_ERR_INIT;
	cr_assert_null(parse_value(deep, &err));
	cr_assert(strstr(err.msg, "nested too deeply"), "%s", err.msg);
}

Test(pdfobj, not_a_pdf_and_compressed_tables)
{
	wa_err err = WA_ERR_INIT;
	wa_pdffile p;
	const char *xstream = "%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 1 >>\nstream\n\nendstream\n"
		"endobj\nstartxref\n9\n%%EOF\n";

	cr_assert_eq(wa_pdffile_open(&p, "x", "hello world", 11, &err), -1);
	cr_assert(strstr(err.msg, "not a PDF"), "%s", err.msg);
	wa_err_clear(&err);
	cr_assert_eq(wa_pdffile_open(&p, "x.pdf", xstream, strlen(xstream), &err), -1);
	cr_assert(strstr(err.msg, "a cross-reference stream"), "%s", err.msg);
}

static const char *make_cert(void)
{
	static char dir[128];
	char cmd[1024];

	snprintf(dir, sizeof dir, "%s", tmpdir_new());
	snprintf(cmd, sizeof cmd, "cd %s && openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem "
		"-out c.pem -days 30 -subj '/CN=Unit Signer' >/dev/null 2>&1", dir);
	cr_assert_eq(system(cmd), 0, "openssl req");
	return dir;
}

static void a_pdf(wa_buf *pdf)
{
	const char *md = "# Agreement\n\nText.\n\n| | A Ltd | B Ltd |\n|---|---|---|\n"
		"| Signature | | |\n";
	wa_err err = WA_ERR_INIT;

	wa_buf_init(pdf);
	cr_assert_eq(wa_pdf_from_markdown(md, strlen(md), NULL, pdf, &err), 0, "%s", err.msg);
}

Test(pdfsign, sign_then_verify_then_damage)
{
	const char *dir = make_cert();
	char key[256], cert[256];
	wa_err err = WA_ERR_INIT;
	wa_buf pdf, one, two;

	snprintf(key, sizeof key, "%s/k.pem", dir);
	snprintf(cert, sizeof cert, "%s/c.pem", dir);
	wa_pdfsign_signer *s = wa_pdfsign_signer_new(key, cert, NULL, NULL, &err);
	cr_assert_not_null(s, "%s", err.msg);
	a_pdf(&pdf);
	wa_buf_init(&one);
	wa_buf_init(&two);
	wa_pdf_sign_opts o = { .name = "A Signer" };
	cr_assert_eq(wa_pdfsign_sign("a.pdf", pdf.data, pdf.len, s, &o, &one, &err), 0, "%s", err.msg);
	o.name = "B Signer";
	cr_assert_eq(wa_pdfsign_sign("b.pdf", one.data, one.len, s, &o, &two, &err), 0, "%s", err.msg);
	json_t *sigs = wa_pdfsign_verify_new("two.pdf", two.data, two.len, NULL, &err);
	cr_assert_eq(json_array_size(sigs), 2);
	cr_assert(json_is_true(json_object_get(json_array_get(sigs, 0), "intact")));
	cr_assert(json_is_true(json_object_get(json_array_get(sigs, 1), "intact")));
	cr_assert(json_is_false(json_object_get(json_array_get(sigs, 0), "covers_whole_document")));
	cr_assert(json_is_true(json_object_get(json_array_get(sigs, 1), "covers_whole_document")));
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(sigs, 0), "field")),
		"Signature1");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(sigs, 1), "signer")),
		"B Signer");
	json_decref(sigs);
	/* no field left: a third signature gets a field of its own */
	wa_buf three;
	wa_buf_init(&three);
	cr_assert_eq(wa_pdfsign_sign("c.pdf", two.data, two.len, s, &o, &three, &err), 0, "%s", err.msg);
	sigs = wa_pdfsign_verify_new("three.pdf", three.data, three.len, NULL, &err);
	cr_assert_eq(json_array_size(sigs), 3);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(sigs, 2), "field")),
		"Signature3");
	json_decref(sigs);
	wa_buf_free(&three);

	/* cut short anywhere, or a byte flipped: an error or an answer */
	unsigned seed = 7;
	for (size_t cut = 1; cut < two.len; cut += two.len / 97 + 1) {
		wa_buf out;
		wa_err e = WA_ERR_INIT;
		json_t *r = wa_pdfsign_verify_new("cut.pdf", two.data, cut, NULL, &e);
		cr_assert(r || e.code == WA_EX_DATAERR, "cut %zu: %d %s", cut, e.code, e.msg);
		json_decref(r);
		wa_buf_init(&out);
		wa_err_clear(&e);
		if (wa_pdfsign_sign("cut.pdf", two.data, cut, s, &o, &out, &e))
			cr_assert(e.code == WA_EX_DATAERR, "cut %zu: %d %s", cut, e.code, e.msg);
		wa_buf_free(&out);
	}
	/* A byte flipped: an error, or an answer that is not "all intact".
	 * Every byte but the last signature's own /Contents string is under
	 * its digest (the string's zero padding is outside the CMS and may
	 * change unnoticed, by design, so flips there are not counted). */
	const char *c2 = NULL;
	for (const char *p = two.data; (p = memmem(p, two.len - (size_t)(p - two.data),
	    "/Contents <", 11)); p++)
		c2 = p;
	cr_assert_not_null(c2);
	size_t lo = (size_t)(c2 - two.data) + 10;
	size_t hi = (size_t)((const char *)memchr(c2, '>', two.len - lo) - two.data);
	int counted = 0;
	for (int i = 0; i < 300; i++) {
		seed = seed * 1103515245 + 12345;
		size_t at = (seed >> 4) % two.len;
		char save = two.data[at];
		two.data[at] = (char)(seed >> 20);
		wa_err e = WA_ERR_INIT;
		json_t *r = wa_pdfsign_verify_new("flip.pdf", two.data, two.len, NULL, &e);
		cr_assert(r || e.code == WA_EX_DATAERR, "flip at %zu: %s", at, e.msg);
		if (r && two.data[at] != save && (at < lo || at > hi)) {
			counted++;
			cr_assert_not(json_array_size(r) == 2 &&
				json_is_true(json_object_get(json_array_get(r, 0), "intact")) &&
				json_is_true(json_object_get(json_array_get(r, 1), "intact")) &&
				json_is_true(json_object_get(json_array_get(r, 1), "covers_whole_document")),
				"a flip at %zu (%02x to %02x) left every signature intact", at,
				(unsigned char)save, (unsigned char)two.data[at]);
		}
		json_decref(r);
		two.data[at] = save;
	}
	cr_assert_gt(counted, 100, "flips judged: %d", counted);
	wa_pdfsign_signer_free(s);
	wa_buf_free(&pdf);
	wa_buf_free(&one);
	wa_buf_free(&two);
}

Test(pdfsign, keys_and_certificates)
{
	const char *dir = make_cert();
	char key[256], cert[256], other[256], cmd[512];
	wa_err err = WA_ERR_INIT;

	snprintf(key, sizeof key, "%s/k.pem", dir);
	snprintf(cert, sizeof cert, "%s/c.pem", dir);
	snprintf(other, sizeof other, "%s/o.pem", dir);
	snprintf(cmd, sizeof cmd, "openssl genpkey -algorithm RSA -out %s >/dev/null 2>&1", other);
	cr_assert_eq(system(cmd), 0);
	cr_assert_null(wa_pdfsign_signer_new(other, cert, NULL, NULL, &err));
	cr_assert_eq(err.code, WA_EX_CONFIG);
	cr_assert(strstr(err.msg, "is not the key of the certificate"), "%s", err.msg);
	wa_err_clear(&err);
	cr_assert_null(wa_pdfsign_signer_new("/nonexistent.pem", cert, NULL, NULL, &err));
	cr_assert_eq(err.code, WA_EX_NOINPUT);
	wa_err_clear(&err);
	cr_assert_null(wa_pdfsign_signer_new(key, key, NULL, NULL, &err));
	cr_assert(strstr(err.msg, "no certificate in PEM form"), "%s", err.msg);
	wa_pdfsign_signer *s = wa_pdfsign_signer_new(key, cert, NULL, NULL, &err);
	char *subject = wa_pdfsign_signer_subject_new(s);
	cr_assert_str_eq(subject, "CN=Unit Signer");
	free(subject);
	wa_pdfsign_signer_free(s);
}
