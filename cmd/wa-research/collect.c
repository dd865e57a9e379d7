/* collect.c - wa-research over dossiers: for each one, on the reader
 * thread, crawl the client's website (cache on its own read connection),
 * take the researchers' notes, merge the facts and analyse; then, on the
 * writer, keep the pages and facts and emit research.completed (or
 * research.failed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "research.h"

#include "base/clock.h"
#include "base/err.h"
#include "base/mem.h"
#include "base/version.h"
#include "cli/cli.h"
#include "cli/legacy.h"
#include "web/crawl.h"
#include "ws/dossier.h"
#include "ws/event.h"
#include "ws/loop.h"
#include "ws/run.h"
#include "ws/ws.h"

static const char usage[] =
	"usage: wa-research [-kq] [-w WORKSPACE] [--pretty] [--max-pages N] [--depth N]\n"
	"                   [--max-age DURATION] [--delay MS] [--concurrency N]\n"
	"                   [--host-concurrency N] [--timeout SECONDS] [--retries N]\n"
	"                   [--country CC] [--allow-private] [FILE...]\n"
	"       wa-research page [--text] URL|FILE\n"
	"       wa-research note CLIENT [--file FILE]\n"
	"\n"
	"Research each dossier's client: crawl its website politely (robots.txt,\n"
	"Crawl-delay, per-host limits, retries), read the researchers' notes,\n"
	"extract facts with their sources, analyse them and write the research\n"
	"section.  Pages are kept in the workspace for conditional requests.\n"
	"\n"
	"  --max-pages N        pages per site (25)       --depth N   link steps (2)\n"
	"  --max-age DURATION   reuse pages fetched within it without asking (1d)\n"
	"  --delay MS           between requests to one host (500; Crawl-delay wins)\n"
	"  --concurrency N      requests in flight (16)   --host-concurrency N (2)\n"
	"  --timeout SECONDS    per request (30)          --retries N (3)\n"
	"  --country CC         for phone numbers (default: the client's)\n"
	"  --allow-private      fetch private and loopback addresses too\n"
	"  (WA_RESEARCH_CONTACT: your URL or e-mail, sent in the User-Agent)\n"
	"  -w, -k, -q, -v, --pretty, -h, --version        as every wa command\n"
	"\n"
	"Exit: 0 ok, 64 usage, 65 bad dossier, 66 missing file, 75 a client's\n"
	"every source failed for a reason worth retrying.  See wa-research(1).\n";

enum { OPT_MAX_PAGES = WA_OPT_FIRST_FREE, OPT_DEPTH, OPT_MAX_AGE, OPT_DELAY,
	OPT_CONCURRENCY, OPT_HOST_CONCURRENCY, OPT_TIMEOUT, OPT_RETRIES, OPT_COUNTRY,
	OPT_PRIVATE };

typedef struct ctx {
	wa_crawl_opts crawl;
	const char *country;
	wa_ws *read;            /* the reader thread's connection */
	research_sources sources;       /* the APIs, from the reader thread */
	int quiet, warned;
	int retry_later;        /* records whose every source failed, retryably */
} ctx;

/* what prepare leaves for process */
typedef struct extra {
	wa_crawl_result crawl;
	int crawled;
	json_t *facts;
	int all_failed_retryably;
	char status[16];
} extra;

static void free_extra(void *p)
{
	extra *x = p;

	if (x->crawled)
		wa_crawl_result_free(&x->crawl);
	json_decref(x->facts);
	free(x);
}

static const char *client_country(json_t *client, char out[3])
{
	const char *c = json_string_value(json_object_get(json_object_get(client, "address"),
		"country"));
	const char *locale = json_string_value(json_object_get(client, "locale"));

	out[0] = '\0';
	if (c && strlen(c) == 2) {
		snprintf(out, 3, "%s", c);
	} else if (locale && strlen(locale) >= 5 && (locale[2] == '-' || locale[2] == '_')) {
		snprintf(out, 3, "%s", locale + 3);
	}
	return *out ? out : NULL;
}

static json_t *website_source(const char *url, const wa_crawl_result *r)
{
	json_t *s = json_object();
	size_t ok = 0;

	for (size_t i = 0; i < r->npages; i++)
		ok += !r->pages[i].error && r->pages[i].status >= 200 && r->pages[i].status < 300;
	const char *status = ok && !r->failed ? "ok" : ok ? "partial" : "failed";
	json_object_set_new(s, "name", json_string("website"));
	json_object_set_new(s, "url", json_string(url));
	json_object_set_new(s, "status", json_string(status));
	json_object_set_new(s, "pages", json_integer((json_int_t)ok));
	json_object_set_new(s, "fetched", json_integer(r->fetched));
	json_object_set_new(s, "cached", json_integer(r->cached));
	json_object_set_new(s, "failed", json_integer(r->failed));
	json_object_set_new(s, "skipped", json_integer((json_int_t)json_array_size(r->skipped)));
	json_object_set_new(s, "ms", json_integer(r->ms));
	if (!ok) {
		char why[400] = "";
		int retry = r->failed > 0 && r->retryable_failed == r->failed;
		/* robots.txt that could not be fetched forbids everything, for now */
		int unreachable = 0;
		for (size_t i = 0; i < r->nrobots; i++)
			if (r->robots[i].status == 0 || r->robots[i].status >= 500)
				unreachable = r->robots[i].status ? r->robots[i].status : -1;
		if (r->start_disallowed && unreachable) {
			snprintf(why, sizeof why, "robots.txt could not be fetched (%s): nothing may "
				"be crawled until it can", unreachable < 0 ? "no answer" : "a server error");
			retry = 1;
		} else if (r->start_disallowed) {
			snprintf(why, sizeof why, "robots.txt disallows the start page");
			retry = 0;
		}
		for (size_t i = 0; !*why && i < r->npages; i++)
			if (r->pages[i].error)
				snprintf(why, sizeof why, "%s", r->pages[i].error);
		for (size_t i = 0; !*why && i < r->npages; i++)
			if (r->pages[i].status >= 400)
				snprintf(why, sizeof why, "the start page answered HTTP %d",
					r->pages[i].status);
		if (!*why && json_array_size(r->skipped)) {
			json_t *first = json_array_get(r->skipped, 0);
			snprintf(why, sizeof why, "%s: %s",
				json_string_value(json_object_get(first, "url")),
				json_string_value(json_object_get(first, "reason")));
		}
		json_object_set_new(s, "reason", json_string(*why ? why : "no page could be read"));
		/* worth retrying: the failures were of the passing kind */
		json_object_set_new(s, "retryable", json_boolean(retry));
	}
	return s;
}

static json_t *page_summary(const wa_crawl_page *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "url", json_string(p->url));
	json_object_set_new(o, "status", json_integer(p->status));
	json_object_set_new(o, "depth", json_integer(p->depth));
	json_object_set_new(o, "from_cache", json_boolean(p->from_cache));
	if (p->error)
		json_object_set_new(o, "error", json_string(p->error));
	if (p->extract) {
		json_object_set(o, "title", json_object_get(p->extract, "title"));
		json_object_set(o, "words", json_object_get(p->extract, "words"));
	}
	return o;
}

/* the state of one client's research while its pages arrive */
typedef struct gather {
	ctx *c;
	extra *x;
	json_t *pages, *texts;
	size_t text_bytes;
} gather;

/* analysis reads this much text at most: more pages add facts, not text */
#define TEXT_BUDGET (256 * 1024)

static void on_page(const wa_crawl_page *p, void *user)
{
	gather *g = user;
	wa_err err = WA_ERR_INIT;

	json_array_append_new(g->pages, page_summary(p));
	/* the page cache, on the reader's own connection, as pages come */
	if (research_cache_put(g->c->read, p, &err))
		cli_warn("%s: not kept in the page cache: %s", p->url, err.msg);
	if (!p->extract)
		return;
	research_facts_from_page(g->x->facts, p->extract);
	json_t *text = json_object_get(p->extract, "text");
	if (json_string_length(text) && g->text_bytes < TEXT_BUDGET) {
		g->text_bytes += json_string_length(text);
		json_array_append_new(g->texts, json_pack("{s:s, s:O}", "url", p->url, "text", text));
	}
}

static int prepare(json_t *dossier, void **out, void *user, wa_err *err)
{
	ctx *c = user;
	json_t *client = wa_dossier_client(dossier);
	const char *id = wa_dossier_client_id(dossier);
	const char *website = json_string_value(json_object_get(client, "website"));
	const char *currency = json_string_value(json_object_get(client, "currency"));
	char cc[3], at[WA_TIME_MAX];
	extra *x = wa_mem_calloc(1, sizeof *x);
	json_t *research = json_object(), *sources = json_array(), *pages = json_array();
	json_t *texts = json_array();

	*out = x;
	wa_clock_now_text(at);
	x->facts = research_facts_empty_new();
	wa_crawl_opts o = c->crawl;
	o.extract.country = c->country ? c->country : client_country(client, cc);
	o.extract.currency = currency;
	/* the website; the first one on the network wants a contact */
	if (website && strncasecmp(website, "http", 4) == 0 && !c->warned && !c->quiet &&
	    !(getenv("WA_RESEARCH_CONTACT") && *getenv("WA_RESEARCH_CONTACT"))) {
		c->warned = 1;
		research_user_agent(0);
	}
	if (!website || !*website) {
		json_array_append_new(sources, json_pack("{s:s, s:s, s:s}", "name", "website",
			"status", "skipped", "reason", "the client has no website"));
	} else {
		wa_crawl_cache cache;
		gather g = { c, x, pages, texts, 0 };
		research_cache_init(&cache, c->read);
		o.on_page = on_page;
		o.on_page_user = &g;
		if (wa_crawl_site(website, &o, &cache, &x->crawl, err)) {
			if (err->code != WA_EX_DATAERR)
				return -1;
			/* a website that is no URL is the dossier's problem, said in
			 * the sources like any other failure */
			json_array_append_new(sources, json_pack("{s:s, s:s, s:s, s:s, s:b}",
				"name", "website", "url", website, "status", "failed", "reason",
				err->msg, "retryable", 0));
			wa_err_clear(err);
			wa_crawl_result_free(&x->crawl);
		} else {
			x->crawled = 1;
			json_array_append_new(sources, website_source(website, &x->crawl));
		}
	}
	/* the other sources: the APIs */
	json_t *audience = json_object();
	research_sources_run(&c->sources, client, x->facts, sources, audience);
	/* the researchers' notes */
	json_t *notes = research_notes_new(c->read, id, err);
	if (!notes)
		return -1;
	size_t i;
	json_t *n;
	json_array_foreach(notes, i, n) {
		char source[32];
		snprintf(source, sizeof source, "note:%lld",
			(long long)json_integer_value(json_object_get(n, "id")));
		const char *body = json_string_value(json_object_get(n, "body"));
		research_facts_from_text(x->facts, body, source, o.extract.country, currency);
		json_array_append_new(texts, json_pack("{s:s, s:s}", "url", source, "text", body));
	}
	json_array_append_new(sources, json_pack("{s:s, s:s, s:i}", "name", "notes", "status",
		json_array_size(notes) ? "ok" : "skipped", "notes", (int)json_array_size(notes)));
	if (!json_array_size(notes))
		json_object_set_new(json_array_get(sources, json_array_size(sources) - 1),
			"reason", json_string("no notes (wa-research note adds them)"));
	json_decref(notes);
	/* status: ok when every source that ran worked */
	int ran = 0, failed = 0, retryable = 0;
	json_t *s;
	json_array_foreach(sources, i, s) {
		const char *st = json_string_value(json_object_get(s, "status"));
		if (strcmp(st, "skipped") == 0)
			continue;
		ran++;
		if (strcmp(st, "failed") == 0) {
			failed++;
			retryable += json_is_true(json_object_get(s, "retryable"));
		}
	}
	/* notes alone do not make research: the website decides */
	int website_failed = json_array_size(sources) && strcmp(json_string_value(json_object_get(
		json_array_get(sources, 0), "status")), "failed") == 0;
	snprintf(x->status, sizeof x->status, "%s", !failed ? "ok" :
		website_failed && ran - failed <= 1 && json_array_size(texts) == 0 ? "failed" :
		"partial");
	x->all_failed_retryably = failed && failed == retryable && strcmp(x->status, "failed") == 0;
	json_object_set_new(research, "status", json_string(x->status));
	json_object_set_new(research, "researched_at", json_string(at));
	json_object_set_new(research, "sources", sources);
	json_object_set_new(research, "pages", pages);
	if (x->crawled)
		json_object_set(research, "skipped", x->crawl.skipped);
	json_object_set(research, "facts", x->facts);
	research_analyse(research, x->facts, texts, client, audience);
	json_decref(texts);
	json_decref(audience);
	wa_dossier_set_section(dossier, "research", research);
	return 0;
}

static int process(wa_record *rec, wa_err *err)
{
	extra *x = rec->extra;
	ctx *c = rec->user;
	json_t *research = json_object_get(rec->dossier, "research");

	if (x->crawled && research_store_crawl(rec->ws, rec->client_id, &x->crawl, rec->at, err))
		return -1;
	if (research_store_facts(rec->ws, rec->client_id, rec->run->id, x->facts, rec->at, err))
		return -1;
	size_t nfacts = 0;
	const char *k;
	json_t *list;
	json_object_foreach(x->facts, k, list)
		nfacts += json_array_size(list);
	json_t *payload = json_pack("{s:s, s:s, s:i, s:i, s:i}", "client", rec->client_id,
		"status", x->status, "pages", (int)json_array_size(json_object_get(research, "pages")),
		"facts", (int)nfacts, "opportunities",
		(int)json_array_size(json_object_get(research, "opportunities")));
	int rc = wa_event_emit(rec->ws, strcmp(x->status, "failed") == 0 ? "research.failed" :
		"research.completed", rec->client_id, rec->run->id, rec->run->id, payload, err);
	json_decref(payload);
	if (rc == 0 && x->all_failed_retryably)
		c->retry_later++;
	return rc;
}

/* 75 when a client's every source failed for a reason worth retrying:
 * cron runs it again later */
static int verdict(void *user, wa_err *err)
{
	ctx *c = user;

	if (!c->retry_later)
		return 0;
	return wa_err_set(err, WA_EX_TEMPFAIL, "%d client%s could not be researched: every "
		"source failed for a reason worth retrying", c->retry_later,
		c->retry_later == 1 ? "" : "s");
}

static int positive(const char *arg, int *out, char **argv, const char *name)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*end || v < 0 || v > 1000000)
		return wa_cli_usage_error(argv, "%s: not a number: %s", name, arg);
	*out = (int)v;
	return 0;
}

int cmd_research(int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS,
		{ "max-pages", required_argument, 0, OPT_MAX_PAGES },
		{ "depth", required_argument, 0, OPT_DEPTH },
		{ "max-age", required_argument, 0, OPT_MAX_AGE },
		{ "delay", required_argument, 0, OPT_DELAY },
		{ "concurrency", required_argument, 0, OPT_CONCURRENCY },
		{ "host-concurrency", required_argument, 0, OPT_HOST_CONCURRENCY },
		{ "timeout", required_argument, 0, OPT_TIMEOUT },
		{ "retries", required_argument, 0, OPT_RETRIES },
		{ "country", required_argument, 0, OPT_COUNTRY },
		{ "allow-private", no_argument, 0, OPT_PRIVATE },
		{ 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	wa_run run = { 0 };
	wa_loop loop;
	ctx c = { 0 };
	int opt, rc, n = 0;
	int64_t ms;

	wa_crawl_opts_init(&c.crawl);
	c.crawl.max_age_s = 86400;
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		switch (opt) {
		case OPT_MAX_PAGES:
			if (positive(optarg, &c.crawl.max_pages, argv, "--max-pages"))
				return WA_EX_USAGE;
			break;
		case OPT_DEPTH:
			if (positive(optarg, &c.crawl.depth, argv, "--depth"))
				return WA_EX_USAGE;
			break;
		case OPT_MAX_AGE:
			if (wa_clock_parse_duration(optarg, &ms))
				return wa_cli_usage_error(argv, "--max-age: not a duration: %s", optarg);
			c.crawl.max_age_s = (long)(ms / 1000);
			break;
		case OPT_DELAY:
			if (positive(optarg, &n, argv, "--delay"))
				return WA_EX_USAGE;
			c.crawl.fetch.delay_ms = n;
			break;
		case OPT_CONCURRENCY:
			if (positive(optarg, &n, argv, "--concurrency") || n < 1)
				return n < 1 ? wa_cli_usage_error(argv, "--concurrency: at least 1") :
					WA_EX_USAGE;
			c.crawl.fetch.concurrency = n;
			break;
		case OPT_HOST_CONCURRENCY:
			if (positive(optarg, &n, argv, "--host-concurrency") || n < 1)
				return n < 1 ? wa_cli_usage_error(argv, "--host-concurrency: at least 1") :
					WA_EX_USAGE;
			c.crawl.fetch.host_concurrency = n;
			break;
		case OPT_TIMEOUT:
			if (positive(optarg, &n, argv, "--timeout") || n < 1)
				return n < 1 ? wa_cli_usage_error(argv, "--timeout: at least 1") :
					WA_EX_USAGE;
			c.crawl.fetch.timeout_ms = n * 1000L;
			break;
		case OPT_RETRIES:
			if (positive(optarg, &c.crawl.fetch.retries, argv, "--retries"))
				return WA_EX_USAGE;
			break;
		case OPT_COUNTRY:
			if (strlen(optarg) != 2)
				return wa_cli_usage_error(argv, "--country: a two-letter code, such as US");
			c.country = optarg;
			break;
		case OPT_PRIVATE:
			c.crawl.fetch.allow_private = 1;
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
	if (wa_clock_init(&err))
		return cli_report(&err);
	c.crawl.fetch.user_agent = research_user_agent(1);
	c.quiet = cli.verbosity < 0;
	const char *path = wa_ws_default_path(cli.workspace);
	if (wa_ws_open(path, WA_WS_CREATE, &ws, &err) ||
	    wa_ws_open(path, 0, &c.read, &err) ||
	    /* the page cache is a cache: a power cut may lose its last pages,
	     * never its consistency (WAL), and no page pays for an fsync */
	    wa_ws_exec(c.read, "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-4096", &err) ||
	    wa_run_init(&run, ws, ENGINE, WA_VERSION, argc, argv, &err)) {
		rc = cli_report(&err);
		goto out;
	}
	research_sources_init(&c.sources, &c.crawl.fetch);
	wa_loop_init(&loop);
	loop.section = "research";
	loop.prepare = prepare;
	loop.free_extra = free_extra;
	loop.slow_prepare = 1;
	loop.process = process;
	loop.user = &c;
	loop.notify = cli_loop_notify;
	loop.keep_going = cli.keep_going;
	loop.pretty = cli.pretty;
	loop.verdict = verdict;
	rc = 0;
	if (wa_loop_run(&loop, ws, &run, argv + optind, argc - optind, &err))
		rc = cli_report(&err);
out:
	research_sources_free(&c.sources);
	wa_run_free(&run);
	wa_ws_close(c.read);
	wa_ws_close(ws);
	return rc;
}
