/* kb_source.c - the text of what an operator adds to a knowledge base:
 * a text, Markdown or HTML file, or a web page, whose main text is
 * taken: see kb.h. */
#include "agent/kb.h"

#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/utf8.h"
#include "web/fetch.h"
#include "web/html.h"
#include "web/maintext.h"

/* the bytes of src: a page (fetched) or a file; *html when they are */
static int raw_of(const char *src, int allow_private, const char *user_agent, wa_buf *raw,
	int *html, wa_err *err)
{
	size_t n = strlen(src);

	if (strncmp(src, "http://", 7) && strncmp(src, "https://", 8)) {
		*html = (n > 5 && !strcasecmp(src + n - 5, ".html")) ||
			(n > 4 && !strcasecmp(src + n - 4, ".htm"));
		return wa_fs_read(src, raw, 64u << 20, err);
	}
	wa_fetch_result p;
	wa_fetch_opts fo;
	wa_fetch_opts_init(&fo);
	if (user_agent)
		fo.user_agent = user_agent;
	fo.delay_ms = 0;
	fo.allow_private = allow_private;
	wa_fetch_request req = { .url = src, .follow = 1 };
	int rc = wa_fetch_one(&fo, &req, &p, err);
	if (!rc && (p.error || p.status != 200))
		rc = wa_err_set(err, p.status == 404 ? WA_EX_NOINPUT : WA_EX_UNAVAILABLE, "%s: %s",
			src, p.error ? p.error : "not found");
	*html = p.content_type && strcasestr(p.content_type, "html");
	wa_buf_add(raw, p.body.data ? p.body.data : "", p.body.len);
	wa_fetch_result_free(&p);
	return rc;
}

int wa_kb_source_read(const char *src, int allow_private, const char *user_agent, wa_buf *out,
	char **title, wa_err *err)
{
	wa_buf raw;
	int html, rc;

	wa_buf_init(&raw);
	*title = NULL;
	rc = raw_of(src, allow_private, user_agent, &raw, &html, err);
	if (!rc && html) {
		htmlDocPtr doc = wa_html_parse(raw.data ? raw.data : "", raw.len);
		if (doc) {
			wa_maintext(doc, out);
			*title = wa_html_title_new(doc);
			wa_html_free(doc);
		}
	} else if (!rc && !wa_utf8_valid(raw.data ? raw.data : "", raw.len)) {
		rc = wa_err_set(err, WA_EX_DATAERR, "%s: not UTF-8 text", src);
	} else if (!rc) {
		wa_buf_add(out, raw.data ? raw.data : "", raw.len);
	}
	wa_buf_free(&raw);
	return rc ? -1 : 0;
}
