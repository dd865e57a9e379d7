/* kb.c - wa-agent kb: a client's knowledge base (lib/kb.c) for
 * operators: add files and pages, index what research found, search. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent.h"

#include "agent/kb.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "base/version.h"
#include "cli/cli.h"
#include "cli/legacy.h"
#include "web/fetch.h"
#include "web/html.h"
#include "web/maintext.h"
#include "ws/ws.h"

static const char kb_usage[] =
	"usage: wa-agent kb add [-w WORKSPACE] [--allow-private] CLIENT FILE|URL...\n"
	"       wa-agent kb research [-w WORKSPACE] CLIENT\n"
	"       wa-agent kb search [-w WORKSPACE] [-n N] [--json] CLIENT QUERY\n"
	"\n"
	"add: index text, Markdown or HTML files, or web pages (their main text),\n"
	"in chunks for BM25 search (SQLite FTS5); a source added again replaces\n"
	"itself.  research: index the FAQ, services, prices, hours and addresses\n"
	"research found (the client's latest dossier in the workspace), and the\n"
	"graph of the business, its services and locations; wa-agent build does\n"
	"this too.  search: the N best chunks (5), and what the graph says when\n"
	"the query names a service and a place.  With $WA_EMBED_MODEL (and\n"
	"$WA_EMBED_BASE_URL or $WA_LLM_BASE_URL) chunks get embeddings and\n"
	"rankings are fused.  Agents search with the builtin tool kb_search.\n"
	"\n"
	"Exit: 0 ok (search: 1 when nothing is found), 64 usage, 65 a file that\n"
	"is not UTF-8 text, 66 no such file or client, 69 a page or the\n"
	"embeddings server unavailable.  See wa-agent(1).\n";

enum { O_ALLOW_PRIVATE = WA_OPT_FIRST_FREE, O_JSON, O_N };

/* the text of a file or page in out; html: its main text */
static int read_source(const char *src, int allow_private, wa_buf *out, char **title,
	wa_err *err)
{
	wa_buf raw;
	int html, rc = 0;

	wa_buf_init(&raw);
	*title = NULL;
	if (!strncmp(src, "http://", 7) || !strncmp(src, "https://", 8)) {
		wa_fetch_result p;
		wa_fetch_opts fo;
		wa_fetch_opts_init(&fo);
		fo.user_agent = "wa-agent/" WA_VERSION;
		fo.delay_ms = 0;
		fo.allow_private = allow_private;
		wa_fetch_request req = { .url = src, .follow = 1 };
		rc = wa_fetch_one(&fo, &req, &p, err);
		if (!rc && (p.error || p.status != 200))
			rc = wa_err_set(err, p.status == 404 ? WA_EX_NOINPUT : WA_EX_UNAVAILABLE,
				"%s: %s", src, p.error ? p.error : "not found");
		html = p.content_type && strcasestr(p.content_type, "html");
		wa_buf_add(&raw, p.body.data ? p.body.data : "", p.body.len);
		wa_fetch_result_free(&p);
	} else {
		size_t n = strlen(src);
		rc = wa_fs_read(src, &raw, 64u << 20, err);
		html = (n > 5 && !strcasecmp(src + n - 5, ".html")) ||
			(n > 4 && !strcasecmp(src + n - 4, ".htm"));
	}
	if (rc) {
		wa_buf_free(&raw);
		return -1;
	}
	if (html) {
		htmlDocPtr doc = wa_html_parse(raw.data ? raw.data : "", raw.len);
		if (doc) {
			wa_maintext(doc, out);
			xmlNodePtr t = NULL;
			for (xmlNodePtr n = xmlDocGetRootElement(doc); n && !t; n = n->children)
				for (xmlNodePtr c = n; c && !t; c = c->next)
					if (c->type == XML_ELEMENT_NODE && !xmlStrcasecmp(c->name,
					    (const xmlChar *)"title"))
						t = c;
			if (t) {
				xmlChar *s = xmlNodeGetContent(t);
				*title = s ? wa_mem_strdup((const char *)s) : NULL;
				xmlFree(s);
			}
			xmlFreeDoc(doc);
		}
	} else if (!wa_utf8_valid(raw.data ? raw.data : "", raw.len)) {
		rc = wa_err_set(err, WA_EX_DATAERR, "%s: not UTF-8 text", src);
	} else {
		wa_buf_add(out, raw.data ? raw.data : "", raw.len);
	}
	wa_buf_free(&raw);
	return rc;
}

static int kb_add(wa_ws *ws, const char *client, char **srcs, int n, int allow_private,
	wa_err *err)
{
	wa_kb_embed e;

	wa_kb_embed_from_env(&e);
	for (int i = 0; i < n; i++) {
		wa_buf text;
		char *title = NULL;
		wa_buf_init(&text);
		int chunks = -1;
		if (read_source(srcs[i], allow_private, &text, &title, err) == 0 &&
		    wa_ws_begin(ws, err) == 0) {
			chunks = wa_kb_add(ws, client, srcs[i], title, text.data ? text.data : "", &e,
				err);
			if (chunks < 0 || wa_ws_commit(ws, err)) {
				wa_ws_rollback(ws);
				chunks = -1;
			}
		}
		free(title);
		wa_buf_free(&text);
		if (chunks < 0)
			return -1;
		printf("%s: %d chunk%s\n", srcs[i], chunks, chunks == 1 ? "" : "s");
	}
	return 0;
}

static int kb_research(wa_ws *ws, const char *client, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT body FROM dossiers WHERE client_id = ?1", err);
	json_t *d = NULL;
	wa_kb_embed e;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		d = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
	sqlite3_reset(st);
	if (!d)
		return wa_err_set(err, WA_EX_NOINPUT, "%s: no dossier in the workspace", client);
	wa_kb_embed_from_env(&e);
	int n = -1;
	if (wa_ws_begin(ws, err) == 0) {
		n = wa_kb_add_research(ws, d, &e, err);
		if (n < 0 || wa_ws_commit(ws, err)) {
			wa_ws_rollback(ws);
			n = -1;
		}
	}
	json_decref(d);
	if (n >= 0)
		printf("%s: %d chunks from research\n", client, n);
	return n < 0 ? -1 : 0;
}

int agent_kb_main(int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS,
		{ "allow-private", no_argument, 0, O_ALLOW_PRIVATE },
		{ "json", no_argument, 0, O_JSON }, { 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	int opt, allow_private = 0, json = 0, n = 5, rc = 0;
	wa_ws *ws = NULL;

	cli_diag_init("wa-agent kb");
	if (argc < 2 || (strcmp(argv[1], "add") && strcmp(argv[1], "research") &&
	    strcmp(argv[1], "search"))) {
		if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
			return fputs(kb_usage, stdout), 0;
		return wa_cli_usage_error(argv, "kb add, kb research or kb search");
	}
	const char *cmd = argv[1];
	argc--, argv++;
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS "n:", options, NULL)) != -1) {
		if (opt == O_ALLOW_PRIVATE)
			allow_private = 1;
		else if (opt == O_JSON)
			json = 1;
		else if (opt == 'n') {
			char *end;
			n = (int)strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 100)
				return wa_cli_usage_error(argv, "-n: 1 to 100, not %s", optarg);
		} else if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
			return opt == '?' || opt == ':' ? WA_EX_USAGE :
				wa_cli_usage_error(argv, "unknown option");
	}
	if (cli.help)
		return fputs(kb_usage, stdout), 0;
	int want = !strcmp(cmd, "research") ? 1 : 2;
	if (argc - optind < want || (!strcmp(cmd, "search") && argc - optind != 2) ||
	    (!strcmp(cmd, "research") && argc - optind != 1))
		return wa_cli_usage_error(argv, "%s", !strcmp(cmd, "add") ? "give CLIENT and the "
			"files or URLs" : !strcmp(cmd, "search") ? "give CLIENT and one QUERY" :
			"give one CLIENT");
	const char *client = argv[optind];
	if (wa_clock_init(&err) || wa_ws_open(wa_ws_default_path(cli.workspace),
	    strcmp(cmd, "search") ? WA_WS_CREATE : 0, &ws, &err)) {
		rc = cli_report(&err);
		goto out;
	}
	if (!strcmp(cmd, "add")) {
		if (kb_add(ws, client, argv + optind + 1, argc - optind - 1, allow_private, &err))
			rc = cli_report(&err);
	} else if (!strcmp(cmd, "research")) {
		if (kb_research(ws, client, &err))
			rc = cli_report(&err);
	} else {
		wa_kb_embed e;
		wa_kb_embed_from_env(&e);
		json_t *hits = wa_kb_search_new(ws, client, argv[optind + 1], n, &e, &err);
		if (!hits) {
			rc = cli_report(&err);
			goto out;
		}
		size_t i;
		json_t *h;
		json_array_foreach(hits, i, h) {
			if (json) {
				char *s = json_dumps(h, JSON_COMPACT);
				puts(s);
				free(s);
			} else {
				printf("%zu. %s\n   (%s)\n", i + 1, json_string_value(json_object_get(h,
					"text")), json_string_value(json_object_get(h, "source")));
			}
		}
		if (!json_array_size(hits))
			rc = WA_EX_NEGATIVE;
		json_decref(hits);
	}
out:
	wa_ws_close(ws);
	if (fflush(stdout) && !rc)
		rc = WA_EX_IOERR;
	return rc;
}
