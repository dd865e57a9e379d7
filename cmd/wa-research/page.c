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
#include "cli/legacy.h"
#include "json/json.h"
#include "web/charset.h"
#include "web/extract.h"
#include "web/fetch.h"

static const char usage[] =
	"usage: wa-research page [--text] [--country CC] [--currency CUR]\n"
	"                        [--allow-private] [--base-url URL] [--pretty] URL|FILE\n"
	"\n"
	"Print what wa-research extracts from one page as a JSON object: title,\n"
	"structured data, contacts, hours, prices, FAQ, technologies, links and\n"
	"main text.  A URL is fetched once, with wa-research's User-Agent.\n"
	"\n"
	"  --text            print only the main text\n"
	"  --country CC      country for phone numbers (ISO 3166, e.g. US, GB)\n"
	"  --currency CUR    what \"$\" means in prices (ISO 4217, default USD)\n"
	"  --allow-private   fetch from private and loopback addresses too\n"
	"  --base-url URL    resolve links as if the page came from URL\n"
	"  --pretty          indent the JSON\n"
	"\n"
	"Exit: 0 ok, 64 usage, 65 not an HTML page, 66 no such file, 69 the page could not be\n"
	"fetched, 75 not for now (try again later).\n";

enum { OPT_TEXT = WA_OPT_FIRST_FREE, OPT_COUNTRY, OPT_CURRENCY, OPT_PRIVATE, OPT_BASE };

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

int research_read_page(const char *what, int allow_private, wa_buf *utf8,
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
	wa_fetch *f = wa_fetch_new(&o, on_page, &p);
	wa_fetch_request req = { .url = what, .follow = 1, .html_only = 1 };
	wa_fetch_add(f, &req);
	int rc = wa_fetch_run(f, err);
	wa_fetch_free(f);
	return rc || err->code ? -1 : 0;
}

int cmd_page(int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS,
		{ "text", no_argument, 0, OPT_TEXT },
		{ "country", required_argument, 0, OPT_COUNTRY },
		{ "currency", required_argument, 0, OPT_CURRENCY },
		{ "allow-private", no_argument, 0, OPT_PRIVATE },
		{ "base-url", required_argument, 0, OPT_BASE },
		{ 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_extract_opts eo = { 0 };
	const char *base = NULL;
	wa_err err = WA_ERR_INIT;
	int opt, allow_private = 0, text = 0;

	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		switch (opt) {
		case OPT_TEXT: text = 1; break;
		case OPT_COUNTRY: eo.country = optarg; break;
		case OPT_CURRENCY: eo.currency = optarg; break;
		case OPT_PRIVATE: allow_private = 1; break;
		case OPT_BASE:
			if (!wa_uri_valid(optarg))
				return wa_cli_usage_error(argv, "--base-url: not an absolute URL: %s", optarg);
			base = optarg;
			break;
		default:
			if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
				return opt == '?' || opt == ':' ? WA_EX_USAGE :
					wa_cli_usage_error(argv, "unknown option");
		}
	}
	if (cli.help)
		return fputs(usage, stdout), 0;
	if (cli.version)
		return wa_cli_print_version();
	if (optind != argc - 1)
		return wa_cli_usage_error(argv, "give one URL or FILE");
	wa_buf html;
	char *url = NULL;
	wa_buf_init(&html);
	if (research_read_page(argv[optind], allow_private, &html, &url, &err)) {
		wa_buf_free(&html);
		return cli_report(&err);
	}
	eo.text_only = text;
	json_t *page = wa_extract_page_new(html.data, html.len, base ? base : url, &eo);
	if (text) {
		fputs(json_string_value(json_object_get(page, "text")), stdout);
		fputc('\n', stdout);
	} else {
		wa_buf out;
		wa_buf_init(&out);
		wa_json_write(&out, page, cli.pretty ? WA_JSON_PRETTY : 0);
		fwrite(out.data, 1, out.len, stdout);
		wa_buf_free(&out);
	}
	json_decref(page);
	free(url);
	wa_buf_free(&html);
	return ferror(stdout) ? WA_EX_IOERR : 0;
}
