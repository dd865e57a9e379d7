/* PDFs judged by tools nobody here wrote: qpdf --check and pdftotext. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "doc/pdf.h"

/* the text pdftotext finds in pdf (new string) and qpdf's verdict */
static char *text_of(wa_buf *pdf, int *qpdf_ok)
{
	char path[4200], cmd[8600];
	const char *dir = tmpdir_new();

	snprintf(path, sizeof path, "%s/x.pdf", dir);
	FILE *f = fopen(path, "wb");
	fwrite(pdf->data, 1, pdf->len, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "qpdf --check %s > /dev/null 2>&1", path);
	*qpdf_ok = system(cmd) == 0;
	snprintf(cmd, sizeof cmd, "pdftotext %s - 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	wa_buf out;
	char chunk[4096];
	size_t n;
	wa_buf_init(&out);
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		wa_buf_add(&out, chunk, n);
	pclose(p);
	return wa_buf_detach(&out, NULL);
}

Test(pdf, pages_wrapping_and_tools)
{
	wa_buf md, pdf;
	wa_err err = WA_ERR_INIT;
	wa_pdf_meta meta = { "Long document", "wa tests", "a test" };

	wa_buf_init(&md);
	wa_buf_adds(&md, "# Long document\n\n");
	for (int i = 1; i <= 120; i++)
		wa_buf_addf(&md, "Paragraph %d: Zoë Núñez pays €%d.50 for the service, every month.\n\n", i, i);
	/* a word far wider than the page is cut, not lost */
	for (int i = 0; i < 300; i++)
		wa_buf_addc(&md, 'x');
	wa_buf_adds(&md, "END\n\n| a | b |\n|---|---|\n| one | two |\n");
	wa_buf_init(&pdf);
	cr_assert_eq(wa_pdf_from_markdown(md.data, md.len, &meta, &pdf, &err), 0, "%s", err.msg);
	cr_assert(strncmp(pdf.data, "%PDF-", 5) == 0);
	/* a trailer /ID of the content, the same twice */
	const char *id = memmem(pdf.data, pdf.len, "\n/ID [<", 7);
	cr_assert_not_null(id);
	cr_assert_eq(strncmp(id + 8, id + 8 + 35, 32), 0, "%.80s", id);
	int ok;
	char *t = text_of(&pdf, &ok);
	cr_assert(ok, "qpdf --check failed");
	cr_assert(strstr(t, "Paragraph 1: Zoë Núñez pays €1.50"), "%.300s", t);
	cr_assert(strstr(t, "Paragraph 120:"));
	cr_assert(strstr(t, "END"));
	cr_assert(strstr(t, "Page 1 of "));
	/* 120 paragraphs do not fit one page: at least "Page 3 of" */
	cr_assert(strstr(t, "Page 3 of "), "pages");
	int xs = 0;
	for (char *p = t; *p; p++)
		xs += *p == 'x';
	cr_assert_geq(xs, 300, "the long word lost letters");
	free(t);
	wa_buf_free(&md);
	wa_buf_free(&pdf);
}

Test(pdf, empty_document)
{
	wa_buf pdf;
	wa_err err = WA_ERR_INIT;

	wa_buf_init(&pdf);
	cr_assert_eq(wa_pdf_from_markdown("", 0, NULL, &pdf, &err), 0, "%s", err.msg);
	int ok;
	char *t = text_of(&pdf, &ok);
	cr_assert(ok);
	cr_assert(strstr(t, "Page 1 of 1"));
	free(t);
	wa_buf_free(&pdf);
}

/* text Windows-1252 can show (simple TrueType fonts) and text it cannot
 * (CID fonts): pdftotext finds both, in the fonts pdffonts reports */
static char *fonts_of(wa_buf *pdf)
{
	char path[4200], cmd[8600];
	const char *dir = tmpdir_new();

	snprintf(path, sizeof path, "%s/f.pdf", dir);
	FILE *f = fopen(path, "wb");
	fwrite(pdf->data, 1, pdf->len, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "pdffonts %s 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	wa_buf out;
	char chunk[4096];
	size_t n;
	wa_buf_init(&out);
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		wa_buf_add(&out, chunk, n);
	pclose(p);
	wa_buf_addc(&out, '\0');
	return wa_buf_detach(&out, NULL);
}

Test(pdf, latin_and_beyond)
{
	const char *latin = "# Façade\n\nZoë Núñez paid €12 for “the **Œuvre**” • § 3 — *fin*.\n";
	const char *beyond = "# Łódź\n\nΕλληνικά, Русский, and Zoë Núñez paid €12.\n";
	wa_err err = WA_ERR_INIT;
	wa_buf pdf;
	int ok;

	wa_buf_init(&pdf);
	cr_assert_eq(wa_pdf_from_markdown(latin, strlen(latin), NULL, &pdf, &err), 0, "%s", err.msg);
	char *t = text_of(&pdf, &ok), *f = fonts_of(&pdf);
	cr_assert(ok, "qpdf");
	cr_assert(strstr(t, "Façade") && strstr(t, "Zoë Núñez paid €12 for “the Œuvre” • § 3 — fin."),
		"%s", t);
	cr_assert(strstr(f, "DejaVuSans-Oblique") && strstr(f, "DejaVuSans-Bold"), "%s", f);
	cr_assert_null(strstr(f, "CID TrueType"), "%s", f);
	free(t);
	free(f);
	wa_buf_reset(&pdf);
	cr_assert_eq(wa_pdf_from_markdown(beyond, strlen(beyond), NULL, &pdf, &err), 0, "%s", err.msg);
	t = text_of(&pdf, &ok);
	f = fonts_of(&pdf);
	cr_assert(ok, "qpdf");
	cr_assert(strstr(t, "Łódź") && strstr(t, "Ελληνικά, Русский, and Zoë Núñez paid €12."), "%s", t);
	cr_assert(strstr(f, "CID TrueType"), "%s", f);
	cr_assert_null(strstr(f, "Oblique"), "only the fonts used are embedded: %s", f);
	free(t);
	free(f);
	wa_buf_free(&pdf);
}

/* Hostile Markdown: blockquotes and lists nested far deeper than a page
 * is wide (50,000 quotes crashed the layout's recursion), emphasis
 * nested deep, and one word of 200,000 letters.  The deep text comes
 * out as a paragraph; every letter of the word is drawn. */
Test(pdf, deep_nesting_and_long_words)
{
	wa_buf md, pdf;
	wa_err err = WA_ERR_INIT;

	wa_buf_init(&md);
	for (int i = 0; i < 50000; i++)
		wa_buf_adds(&md, "> ");
	wa_buf_adds(&md, "DEEPQUOTE text\n\n");
	for (int i = 0; i < 40; i++) {
		for (int j = 0; j < i; j++)
			wa_buf_adds(&md, "  ");
		wa_buf_addf(&md, "- item%d\n", i);
	}
	wa_buf_adds(&md, "\n");
	for (int i = 0; i < 20000; i++)
		wa_buf_adds(&md, "*a _b ");
	wa_buf_adds(&md, "EMPHEND\n\nSTART");
	for (int i = 0; i < 200000; i++)
		wa_buf_addc(&md, 'y');
	wa_buf_adds(&md, " WORDEND\n");
	wa_buf_init(&pdf);
	cr_assert_eq(wa_pdf_from_markdown(md.data, md.len, NULL, &pdf, &err), 0, "%s", err.msg);
	int ok;
	char *t = text_of(&pdf, &ok);
	cr_assert(ok, "qpdf --check failed");
	cr_assert(strstr(t, "DEEPQUOTE text"), "the deep quote's text");
	cr_assert(strstr(t, "item0") && strstr(t, "item11") && strstr(t, "item39"),
		"items inside and beyond the nesting kept");
	cr_assert(strstr(t, "EMPHEND"));
	cr_assert(strstr(t, "WORDEND"));
	long ys = 0;
	for (char *p = t; *p; p++)
		ys += *p == 'y';
	cr_assert_eq(ys, 200000, "the long word: %ld letters of 200000", ys);
	free(t);
	wa_buf_free(&md);
	wa_buf_free(&pdf);
}
