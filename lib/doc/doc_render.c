/* doc_render.c - a document as Markdown from its templates, and as HTML
 * and PDF: see doc.h. */
#include "doc/doc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/base64.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/fs.h"
#include "doc/markdown.h"
#include "doc/pdf.h"
#include "text/template.h"

/* print CSS for A4, page numbers where the browser supports them */
static const char css[] =
	"@page{size:A4;margin:25mm 20mm;"
	"@bottom-center{content:\"Page \" counter(page) \" of \" counter(pages);font-size:9pt}}"
	"body{font-family:\"DejaVu Serif\",Georgia,serif;font-size:11pt;line-height:1.45;"
	"max-width:170mm;margin:2em auto;color:#111}"
	"header{text-align:right}header img.logo{height:12mm}"
	"h1{font-size:17pt;text-align:center;margin:1.2em 0}"
	"h2{font-size:12pt;margin:1.4em 0 .4em;page-break-after:avoid}"
	"blockquote{border-left:3px solid #999;margin:1em 0;padding:.2em 1em;color:#444}"
	"table{border-collapse:collapse;width:100%;margin:1em 0;page-break-inside:avoid}"
	"th,td{border:1px solid #777;padding:.4em .6em;text-align:left;vertical-align:top}"
	"td{height:1.6em}"
	"@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}}";

static const wa_template *partial(const char *name, void *user)
{
	return wa_doc_library_get(user, name);
}

/* "## § Title" to "## N. Title", outside fenced code */
static void number_clauses(const char *md, wa_buf *out)
{
	int n = 0, fenced = 0;

	for (const char *p = md; *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) + 1 : strlen(p);
		if (len >= 3 && (strncmp(p, "```", 3) == 0 || strncmp(p, "~~~", 3) == 0))
			fenced = !fenced;
		if (!fenced && strncmp(p, "## \xC2\xA7 ", 6) == 0) {
			wa_buf_addf(out, "## %d. ", ++n);
			wa_buf_add(out, p + 6, len - 6);
		} else {
			wa_buf_add(out, p, len);
		}
		p += len;
	}
}

int wa_doc_markdown(const wa_doc_library *lib, const char *main, json_t *data,
	int allow_missing, json_t *used, json_t *missing, wa_buf *out, wa_err *err)
{
	const wa_template *t = wa_doc_library_get(lib, main);
	wa_template_opts o = { .escape = wa_template_escape_markdown, .partial = partial,
		.user = (void *)lib, .allow_missing = allow_missing, .used = used,
		.missing = missing };
	wa_buf raw;

	if (!t)
		return wa_err_set(err, WA_EX_DATAERR, "no template \"%s\"", main);
	wa_buf_init(&raw);
	if (wa_template_render(t, data, &o, &raw, err)) {
		wa_buf_free(&raw);
		return -1;
	}
	number_clauses(raw.data, out);
	wa_buf_free(&raw);
	return 0;
}

int wa_doc_html(const char *md, size_t len, const char *title, const char *lang,
	const char *logo, wa_buf *out, wa_err *err)
{
	wa_buf body;

	wa_buf_init(&body);
	if (wa_markdown_html(md, len, &body, err)) {
		wa_buf_free(&body);
		return -1;
	}
	wa_buf_adds(out, "<!DOCTYPE html>\n<html lang=\"");
	wa_template_escape_html(out, lang ? lang : "en", strlen(lang ? lang : "en"));
	wa_buf_adds(out, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	wa_template_escape_html(out, title ? title : "", strlen(title ? title : ""));
	wa_buf_adds(out, "</title>\n<style>");
	wa_buf_adds(out, css);
	wa_buf_adds(out, "</style>\n</head>\n<body>\n");
	if (logo) {
		/* the logo inline, so that the file stays self-contained */
		wa_buf img;
		wa_buf_init(&img);
		if (wa_fs_read(logo, &img, 8u << 20, err)) {
			wa_buf_free(&img);
			wa_buf_free(&body);
			return -1;
		}
		size_t n = strlen(logo);
		const char *mime = n > 4 && !strcasecmp(logo + n - 4, ".png") ? "image/png" :
			"image/jpeg";
		wa_buf_addf(out, "<header><img class=\"logo\" alt=\"\" src=\"data:%s;base64,", mime);
		wa_base64_encode(out, img.data, img.len);
		wa_buf_adds(out, "\"></header>\n");
		wa_buf_free(&img);
	}
	wa_buf_adds(out, "<article>\n");
	wa_buf_add(out, body.data, body.len);
	wa_buf_adds(out, "</article>\n</body>\n</html>\n");
	wa_buf_free(&body);
	return 0;
}

int wa_doc_render(const wa_buf *md, const char *title, const char *subject, json_t *agency,
	wa_buf *html, wa_buf *pdf, wa_err *err)
{
	const char *logo = json_string_value(json_object_get(agency, "logo_file"));
	wa_pdf_meta meta = { title, json_string_value(json_object_get(agency, "legal_name")),
		subject, logo };
	const char *text = md->data ? md->data : "";

	if (wa_doc_html(text, md->len, title, "en", logo, html, err))
		return -1;
	return wa_pdf_from_markdown(text, md->len, &meta, pdf, err);
}
