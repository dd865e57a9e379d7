/* kb.c - wa-agent kb: a client's knowledge base (lib/agent/kb.h) for
 * operators: add files and pages, index what research found, search. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent.h"
#include "agent/kb.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/utf8.h"
#include "base/version.h"
#include "cli/cli.h"
#include "ws/store.h"
#include "ws/ws.h"

enum { O_ALLOW_PRIVATE = CLI_OWN, O_JSON };

static const cli_opt add_opts[] = {
	{ "allow-private", O_ALLOW_PRIVATE, NULL, "fetch private and loopback addresses too" },
	{ 0 },
};
static const cli_opt search_opts[] = {
	{ "n", 'n', "N", "the N best chunks (5)" },
	{ "json", O_JSON, NULL, "a JSON line a chunk" },
	{ 0 },
};

#define KB_EXITS "0 ok (search: 1 when nothing is found), 64 usage, 65 a file that is not " \
	"UTF-8 text, 66 no such file or client, 69 a page or the embeddings server unavailable"

static const cli_command kb_add_cmd = { .name = "wa-agent kb add",
	.synopsis = "[-w WORKSPACE] [--allow-private] CLIENT FILE|URL...",
	.about = "Index text, Markdown or HTML files, or web pages (their main text), in chunks "
		"for BM25 search (SQLite FTS5); a source added again replaces itself.  With "
		"$WA_EMBED_MODEL (and $WA_EMBED_BASE_URL or $WA_LLM_BASE_URL) chunks get "
		"embeddings too.",
	.opts = add_opts, .exits = KB_EXITS, .see = "wa-agent(1)" };
static const cli_command kb_research_cmd = { .name = "wa-agent kb research",
	.synopsis = "[-w WORKSPACE] CLIENT",
	.about = "Index the FAQ, services, prices, hours and addresses research found (the "
		"client's latest dossier in the workspace), the pages it read, and the graph of "
		"the business, its services and locations; wa-agent build does this too.",
	.exits = KB_EXITS, .see = "wa-agent(1)" };
static const cli_command kb_search_cmd = { .name = "wa-agent kb search",
	.synopsis = "[-w WORKSPACE] [-n N] [--json] CLIENT QUERY|-",
	.about = "The N best chunks for QUERY, each with the passage that answers it, in the "
		"query's language and the client's, BM25 fused with embeddings when there are "
		"any, and what the graph says when the query names a service and a place.  With "
		"-, a query a line from stdin and a JSON line of results each.  Agents search "
		"with the builtin tool kb_search.",
	.opts = search_opts, .exits = KB_EXITS, .see = "wa-agent(1)" };

typedef struct kb_args {
	int allow_private, json, n;
} kb_args;

static int option(void *ctx, int key, const char *arg)
{
	kb_args *k = ctx;

	if (key == O_ALLOW_PRIVATE)
		k->allow_private = 1;
	else if (key == O_JSON)
		k->json = 1;
	else
		return cli_arg_int("n", arg, 1, 100, &k->n);
	return 0;
}

/* parse c's options, want the operands, open the workspace */
static int open_kb(const cli_command *c, int argc, char **argv, kb_args *k, int min, int max,
	const char *want, int create, wa_ws **ws, int *first)
{
	cli_common o;
	int rc = cli_parse(c, argc, argv, &o, option, k, first);

	if (rc >= 0)
		return rc;
	if (argc - *first < min || (max && argc - *first > max))
		return cli_usage_error("%s", want);
	return (rc = cli_open_workspace(&o, create, ws)) ? rc : -1;
}

/* one source, in a transaction: its chunks, or -1 */
static int add_one(wa_ws *ws, const char *client, const char *src, int allow_private,
	const wa_kb_embed *e, wa_err *err)
{
	wa_buf text;
	char *title = NULL;
	int chunks = -1;

	wa_buf_init(&text);
	if (wa_kb_source_read(src, allow_private, "wa-agent/" WA_VERSION, &text, &title, err) == 0 &&
	    wa_ws_begin(ws, err) == 0) {
		chunks = wa_kb_add(ws, client, src, title, text.data ? text.data : "", e, err);
		if (chunks < 0 || wa_ws_commit(ws, err)) {
			wa_ws_rollback(ws);
			chunks = -1;
		}
	}
	free(title);
	wa_buf_free(&text);
	return chunks;
}

static int add_main(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	kb_args k = { .n = 5 };
	wa_kb_embed e;
	wa_ws *ws = NULL;
	int first, rc = open_kb(&kb_add_cmd, argc, argv, &k, 2, 0, "give CLIENT and the files or "
		"URLs", 1, &ws, &first);

	if (rc >= 0)
		return rc;
	rc = 0;
	wa_kb_embed_from_env(&e);
	for (int i = first + 1; i < argc && !rc; i++) {
		int chunks = add_one(ws, argv[first], argv[i], k.allow_private, &e, &err);
		if (chunks < 0)
			rc = cli_report(&err);
		else
			printf("%s: %d chunk%s\n", argv[i], chunks, chunks == 1 ? "" : "s");
	}
	wa_ws_close(ws);
	return rc ? rc : cli_flush();
}

static int research_main(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	kb_args k = { .n = 5 };
	wa_kb_embed e;
	wa_ws *ws = NULL;
	json_t *d;
	int n = -1, first, rc = open_kb(&kb_research_cmd, argc, argv, &k, 1, 1, "give one CLIENT",
		1, &ws, &first);

	if (rc >= 0)
		return rc;
	const char *client = argv[first];
	if (!(d = wa_store_dossier_load(ws, client, &err))) {
		if (err.code == WA_EX_NOINPUT)
			wa_err_set(&err, WA_EX_NOINPUT, "%s: no dossier in the workspace", client);
	} else if (wa_ws_begin(ws, &err) == 0) {
		wa_kb_embed_from_env(&e);
		n = wa_kb_add_research(ws, d, &e, &err);
		if (n < 0 || wa_ws_commit(ws, &err)) {
			wa_ws_rollback(ws);
			n = -1;
		}
	}
	json_decref(d);
	if (n >= 0)
		printf("%s: %d chunks from research\n", client, n);
	wa_ws_close(ws);
	return n < 0 ? cli_report(&err) : cli_flush();
}

/* a query a line of stdin, a JSON line each: {query, results,
 * latency_ms} */
static int search_lines(wa_ws *ws, const char *client, int n, const wa_kb_embed *e)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int rc = 0;

	while (rc == 0 && (len = getline(&line, &cap, stdin)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len)
			continue;
		wa_err err = WA_ERR_INIT;
		if (!wa_utf8_valid(line, (size_t)len) || memchr(line, '\0', (size_t)len)) {
			wa_err_set(&err, WA_EX_DATAERR, "stdin:%ld: not UTF-8 text", lineno);
			rc = cli_report(&err);
			break;
		}
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		json_t *hits = wa_kb_search_new(ws, client, line, n, e, &err);
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (!hits) {
			rc = cli_report(&err);
			break;
		}
		double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
		json_t *out = json_pack("{s:s, s:o, s:f}", "query", line, "results", hits,
			"latency_ms", round(ms * 1000) / 1000);
		char *s = json_dumps(out, JSON_COMPACT);
		if (s)
			puts(s);
		free(s);
		json_decref(out);
	}
	free(line);
	return rc;
}

static int search_main(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	kb_args k = { .n = 5 };
	wa_kb_embed e;
	wa_ws *ws = NULL;
	json_t *hits, *h;
	size_t i;
	int first, rc = open_kb(&kb_search_cmd, argc, argv, &k, 2, 2, "give CLIENT and one QUERY",
		0, &ws, &first);

	if (rc >= 0)
		return rc;
	wa_kb_embed_from_env(&e);
	if (!strcmp(argv[first + 1], "-")) {
		rc = search_lines(ws, argv[first], k.n, &e);
		wa_ws_close(ws);
		return cli_flush() ? WA_EX_IOERR : rc;
	}
	if (!(hits = wa_kb_search_new(ws, argv[first], argv[first + 1], k.n, &e, &err))) {
		wa_ws_close(ws);
		return cli_report(&err);
	}
	json_array_foreach(hits, i, h) {
		if (k.json) {
			char *s = json_dumps(h, JSON_COMPACT);
			puts(s);
			free(s);
		} else {
			printf("%zu. %s\n   (%s)\n", i + 1, json_string_value(json_object_get(h,
				"text")), json_string_value(json_object_get(h, "source")));
		}
	}
	rc = json_array_size(hits) ? 0 : WA_EX_NEGATIVE;
	json_decref(hits);
	wa_ws_close(ws);
	return cli_flush() ? WA_EX_IOERR : rc;
}

static const cli_verb verbs[] = {
	{ "add", &kb_add_cmd, add_main, NULL, NULL },
	{ "research", &kb_research_cmd, research_main, NULL, NULL },
	{ "search", &kb_search_cmd, search_main, NULL, NULL },
	{ 0 },
};

const cli_command agent_kb_cmd = {
	.name = "wa-agent kb",
	.synopsis = "add|research|search CLIENT ...",
	.about = "A client's knowledge base: chunks of its documents and pages in SQLite FTS5 "
		"(BM25), with embeddings when a server is named, and a graph of the business.",
	.verbs = verbs,
	.see = "wa-agent(1)",
};

int agent_kb_main(int argc, char **argv)
{
	return cli_dispatch(&agent_kb_cmd, argc, argv, NULL);
}
