/* wa-research page: everything extracted from one page, as JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "research.h"

#include "base/buf.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/mem.h"
#include "base/uri.h"
#include "cli/cli.h"
#include "web/charset.h"
#include "web/extract.h"
#include "web/fetch.h"

enum { O_TEXT = CLI_OWN, O_COUNTRY, O_CURRENCY, O_PRIVATE, O_BASE };

static const cli_opt opts[] = {
	{ "text", O_TEXT, NULL, "print only the main text" },
	{ "country", O_COUNTRY, "CC", "country for phone numbers (ISO 3166: US, GB)" },
	{ "currency", O_CURRENCY, "CUR", "what \"$\" means in prices (ISO 4217; USD)" },
	{ "allow-private", O_PRIVATE, NULL, "fetch from private and loopback addresses too" },
	{ "base-url", O_BASE, "URL", "resolve links as if the page came from URL" },
	{ 0 },
};

const cli_command research_page_cmd = {
	.name = "wa-research page",
	.synopsis = "[OPTIONS] URL|FILE",
	.about = "Print what wa-research extracts from one page as a JSON object: title, "
		"structured data, contacts, hours, prices, FAQ, technologies, links and main text.  "
		"A URL is fetched once, with wa-research's User-Agent.",
	.opts = opts,
	.exits = "0 ok, 64 usage, 65 not an HTML page, 66 no such file, 69 the page could not "
		"be fetched, 75 not for now (try again later)",
	.see = "wa-research(1)",
};

typedef struct one_page {
	wa_buf *utf8;
	char **final_url;
	wa_err *err;
	int done;
} one_page;

static void on_page(wa_fetch *f, const wa_fetch_response *r, void *user)
{
	one_page *p = user;
	wa_charset cs;
	char header[48];

	(void)f;
	p->done = 1;
	if (r->error) {
		wa_err_set(p->err, r->retryable ? WA_EX_TEMPFAIL : WA_EX_UNAVAILABLE, "%s: %s",
			r->req->url, r->error);
		return;
	}
	if (r->not_html) {
		wa_err_set(p->err, WA_EX_DATAERR, "%s: not an HTML page (%s)", r->req->url,
			r->content_type ? r->content_type : "by its content");
		return;
	}
	if (r->status < 200 || r->status > 299) {
		wa_err_set(p->err, WA_EX_UNAVAILABLE, "%s: HTTP %d", r->req->url, r->status);
		return;
	}
	wa_charset_from_content_type(r->content_type, header, sizeof header);
	if (wa_charset_to_utf8(r->body, r->len, header, p->utf8, &cs, p->err) == 0)
		*p->final_url = wa_mem_strdup(r->url ? r->url : r->req->url);
}

static int read_page(const char *what, int allow_private, wa_buf *utf8,
	char **final_url, wa_err *err)
{
	*final_url = NULL;
	if (!strstr(what, "://")) {
		wa_buf raw;
		wa_charset cs;
		wa_buf_init(&raw);
		if (wa_fs_read(what, &raw, 64u << 20, err)) {
			wa_buf_free(&raw);
			return -1;
		}
		if (wa_fetch_looks_binary(raw.data, raw.len)) {
			wa_buf_free(&raw);
			return wa_err_set(err, WA_EX_DATAERR, "%s: not an HTML page", what);
		}
		int rc = wa_charset_to_utf8(raw.data, raw.len, NULL, utf8, &cs, err);
		wa_buf_free(&raw);
		if (rc == 0) {
			char *abs = realpath(what, NULL);
			wa_buf u;
			wa_buf_init(&u);
			wa_buf_addf(&u, "file://%s", abs ? abs : what);
			free(abs);
			*final_url = wa_buf_detach(&u, NULL);
		}
		return rc;
	}
	wa_fetch_opts o;
	one_page p = { utf8, final_url, err, 0 };
	wa_fetch_opts_init(&o);
	o.user_agent = research_user_agent(1);
	o.allow_private = allow_private;
	o.allow_file = 1;        /* the operator named it on the command line */
	wa_fetch *f = wa_fetch_new(&o, on_page, &p);
	wa_fetch_request req = { .url = what, .follow = 1, .html_only = 1 };
	wa_fetch_add(f, &req);
	int rc = wa_fetch_run(f, err);
	wa_fetch_free(f);
	return rc || err->code ? -1 : 0;
}

typedef struct page_args {
	wa_extract_opts eo;
	const char *base;
	int allow_private;
} page_args;

static int option(void *user, int key, const char *arg)
{
	page_args *a = user;

	switch (key) {
	case O_TEXT: a->eo.text_only = 1; return 0;
	case O_COUNTRY: a->eo.country = arg; return 0;
	case O_CURRENCY: a->eo.currency = arg; return 0;
	case O_PRIVATE: a->allow_private = 1; return 0;
	default:
		if (!wa_uri_valid(arg))
			return cli_usage_error("--base-url: not an absolute URL: %s", arg);
		a->base = arg;
		return 0;
	}
}

int cmd_page(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	page_args a = { 0 };
	cli_common o;
	char *url = NULL;
	wa_buf html;
	json_t *page;
	int first, rc = cli_parse(&research_page_cmd, argc, argv, &o, option, &a, &first);

	if (rc >= 0)
		return rc;
	if (first != argc - 1)
		return cli_usage_error("give one URL or FILE");
	wa_buf_init(&html);
	if (read_page(argv[first], a.allow_private, &html, &url, &err)) {
		wa_buf_free(&html);
		return cli_report(&err);
	}
	page = wa_extract_page_new(html.data, html.len, a.base ? a.base : url, &a.eo);
	if (a.eo.text_only) {
		fputs(json_string_value(json_object_get(page, "text")), stdout);
		fputc('\n', stdout);
		rc = cli_flush();
	} else {
		rc = cli_print_json(page, o.pretty);
	}
	json_decref(page);
	free(url);
	wa_buf_free(&html);
	return rc;
}
