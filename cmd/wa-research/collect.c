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
#include "cli/cli.h"
#include "web/crawl.h"
#include "web/fetch.h"
#include "web/pagecache.h"
#include "ws/dossier.h"
#include "ws/event.h"
#include "ws/facts.h"
#include "ws/loop.h"
#include "ws/note.h"
#include "ws/ws.h"

enum { O_MAX_PAGES = CLI_OWN, O_DEPTH, O_MAX_AGE, O_DELAY, O_CONCURRENCY,
	O_HOST_CONCURRENCY, O_TIMEOUT, O_RETRIES, O_COUNTRY, O_PRIVATE, O_FILE };

static const cli_opt opts[] = {
	{ "max-pages", O_MAX_PAGES, "N", "pages per site (25)" },
	{ "depth", O_DEPTH, "N", "link steps from the start page (2)" },
	{ "max-age", O_MAX_AGE, "DURATION", "reuse pages fetched within it unasked (1d)" },
	{ "delay", O_DELAY, "MS", "between requests to one host (500; Crawl-delay wins)" },
	{ "concurrency", O_CONCURRENCY, "N", "requests in flight (16)" },
	{ "host-concurrency", O_HOST_CONCURRENCY, "N", "requests in flight to one host (2)" },
	{ "timeout", O_TIMEOUT, "SECONDS", "per request (30)" },
	{ "retries", O_RETRIES, "N", "after a failure worth retrying (3)" },
	{ "country", O_COUNTRY, "CC", "for phone numbers (default: the client's)" },
	{ "allow-private", O_PRIVATE, NULL, "fetch private and loopback addresses too" },
	{ "allow-file", O_FILE, NULL, "read a website given as a file:// URL" },
	{ 0 },
};

cli_command research_cmd = {
	.name = "wa-research",
	.synopsis = "[OPTIONS] [FILE...]\npage [--text] URL|FILE\nnote CLIENT [--file FILE]",
	.about = "Research each dossier's client: crawl its website politely (robots.txt, "
		"Crawl-delay, limits, retries; pages cached), read the researchers' notes, "
		"extract facts and analyse them into the research section.",
	.opts = opts,
	.exits = "0 ok, 64 usage, 65 bad dossier, 66 missing file, 75 a client's every source "
		"failed for a reason worth retrying",
	.see = "wa-research(1)",
};

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
	if (wa_pagecache_put(g->c->read, p, &err))
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

/* The website: crawled, its pages gathered as they come; its entry in
 * sources.  -1 only when the crawl itself fails (not the site). */
static int crawl_website(ctx *c, extra *x, wa_crawl_opts *o, const char *website,
	json_t *sources, json_t *pages, json_t *texts, wa_err *err)
{
	wa_crawl_cache cache;
	gather g = { c, x, pages, texts, 0 };

	if (!website || !*website) {
		json_array_append_new(sources, json_pack("{s:s, s:s, s:s}", "name", "website",
			"status", "skipped", "reason", "the client has no website"));
		return 0;
	}
	wa_pagecache_init(&cache, c->read);
	o->on_page = on_page;
	o->on_page_user = &g;
	if (wa_crawl_site(website, o, &cache, &x->crawl, err)) {
		if (err->code != WA_EX_DATAERR)
			return -1;
		/* a website that is no URL is the dossier's problem, said in the
		 * sources like any other failure */
		json_array_append_new(sources, json_pack("{s:s, s:s, s:s, s:s, s:b}", "name",
			"website", "url", website, "status", "failed", "reason", err->msg,
			"retryable", 0));
		wa_err_clear(err);
		wa_crawl_result_free(&x->crawl);
		return 0;
	}
	x->crawled = 1;
	json_array_append_new(sources, website_source(website, &x->crawl));
	return 0;
}

/* The researchers' notes: their facts and text, and their entry in
 * sources. */
static int read_notes(ctx *c, extra *x, const char *id, const char *country,
	const char *currency, json_t *sources, json_t *texts, wa_err *err)
{
	json_t *notes = wa_note_list_new(c->read, id, err), *n;
	size_t i;

	if (!notes)
		return -1;
	json_array_foreach(notes, i, n) {
		char source[32];
		const char *body = json_string_value(json_object_get(n, "body"));
		snprintf(source, sizeof source, "note:%lld",
			(long long)json_integer_value(json_object_get(n, "id")));
		research_facts_from_text(x->facts, body, source, country, currency);
		json_array_append_new(texts, json_pack("{s:s, s:s}", "url", source, "text", body));
	}
	json_t *entry = json_pack("{s:s, s:s, s:i}", "name", "notes", "status",
		json_array_size(notes) ? "ok" : "skipped", "notes", (int)json_array_size(notes));
	if (!json_array_size(notes))
		json_object_set_new(entry, "reason", json_string("no notes (wa-research note adds "
			"them)"));
	json_array_append_new(sources, entry);
	json_decref(notes);
	return 0;
}

/* ok when every source that ran worked; failed when the website failed
 * and nothing else gave text (notes alone do not make research) */
static void decide(extra *x, json_t *sources, json_t *texts)
{
	int ran = 0, failed = 0, retryable = 0;
	size_t i;
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
	int website_failed = json_array_size(sources) && strcmp(json_string_value(json_object_get(
		json_array_get(sources, 0), "status")), "failed") == 0;
	snprintf(x->status, sizeof x->status, "%s", !failed ? "ok" :
		website_failed && ran - failed <= 1 && json_array_size(texts) == 0 ? "failed" :
		"partial");
	x->all_failed_retryably = failed && failed == retryable && strcmp(x->status, "failed") == 0;
}

static int prepare(json_t *dossier, void **out, void *user, wa_err *err)
{
	ctx *c = user;
	json_t *client = wa_dossier_client(dossier);
	const char *website = json_string_value(json_object_get(client, "website"));
	const char *currency = json_string_value(json_object_get(client, "currency"));
	char cc[3], at[WA_TIME_MAX];
	extra *x = wa_mem_calloc(1, sizeof *x);
	json_t *sources = json_array(), *pages = json_array(), *texts = json_array();
	json_t *audience = json_object();
	wa_crawl_opts o = c->crawl;
	int rc = -1;

	*out = x;
	wa_clock_now_text(at);
	x->facts = research_facts_empty_new();
	o.extract.country = c->country ? c->country : client_country(client, cc);
	o.extract.currency = currency;
	/* the first website on the network wants a contact */
	if (website && strncasecmp(website, "http", 4) == 0 && !c->warned && !c->quiet &&
	    !(getenv("WA_RESEARCH_CONTACT") && *getenv("WA_RESEARCH_CONTACT"))) {
		c->warned = 1;
		research_user_agent(0);
	}
	if (crawl_website(c, x, &o, website, sources, pages, texts, err))
		goto out;
	research_sources_run(&c->sources, client, x->facts, sources, audience);
	if (read_notes(c, x, wa_dossier_client_id(dossier), o.extract.country, currency, sources,
	    texts, err))
		goto out;
	decide(x, sources, texts);
	json_t *research = json_pack("{s:s, s:s, s:O, s:O}", "status", x->status,
		"researched_at", at, "sources", sources, "pages", pages);
	if (x->crawled)
		json_object_set(research, "skipped", x->crawl.skipped);
	json_object_set(research, "facts", x->facts);
	research_analyse(research, x->facts, texts, client, audience);
	wa_dossier_set_section(dossier, "research", research);
	rc = 0;
out:
	json_decref(sources);
	json_decref(pages);
	json_decref(texts);
	json_decref(audience);
	return rc;
}

static int process(wa_record *rec, wa_err *err)
{
	extra *x = rec->extra;
	ctx *c = rec->user;
	json_t *research = json_object_get(rec->dossier, "research");

	if (x->crawled && wa_pagecache_store_crawl(rec->ws, rec->client_id, &x->crawl, rec->at, err))
		return -1;
	if (wa_facts_replace(rec->ws, rec->client_id, rec->run->id, x->facts, rec->at, err))
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

static int option(void *user, int key, const char *arg)
{
	ctx *c = user;
	wa_fetch_opts *f = &c->crawl.fetch;
	int64_t ms;
	int n, rc = 0;

	switch (key) {
	case O_MAX_PAGES: return cli_arg_int("max-pages", arg, 0, 1000000, &c->crawl.max_pages);
	case O_DEPTH: return cli_arg_int("depth", arg, 0, 1000000, &c->crawl.depth);
	case O_MAX_AGE:
		if (!(rc = cli_arg_duration("max-age", arg, &ms)))
			c->crawl.max_age_s = (long)(ms / 1000);
		return rc;
	case O_DELAY:
		if (!(rc = cli_arg_int("delay", arg, 0, 1000000, &n)))
			f->delay_ms = n;
		return rc;
	case O_CONCURRENCY: return cli_arg_int("concurrency", arg, 1, 1000000, &f->concurrency);
	case O_HOST_CONCURRENCY:
		return cli_arg_int("host-concurrency", arg, 1, 1000000, &f->host_concurrency);
	case O_TIMEOUT:
		if (!(rc = cli_arg_int("timeout", arg, 1, 1000000, &n)))
			f->timeout_ms = n * 1000L;
		return rc;
	case O_RETRIES: return cli_arg_int("retries", arg, 0, 1000000, &f->retries);
	case O_COUNTRY:
		if (strlen(arg) != 2)
			return cli_usage_error("--country: a two-letter code, such as US");
		c->country = arg;
		return 0;
	case O_FILE:
		f->allow_file = 1;
		return 0;
	default:
		f->allow_private = 1;
		return 0;
	}
}

int cmd_research(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	cli_engine e = { 0 };
	cli_common o;
	wa_loop loop;
	ctx c = { 0 };
	int first, rc;

	wa_crawl_opts_init(&c.crawl);
	c.crawl.max_age_s = 86400;
	if ((rc = cli_parse(&research_cmd, argc, argv, &o, option, &c, &first)) >= 0)
		return rc;
	c.crawl.fetch.user_agent = research_user_agent(1);
	c.quiet = o.verbosity < 0;
	/* the reader's own connection to the page cache: a power cut may
	 * lose its last pages, never its consistency, and no page pays for
	 * an fsync */
	if (!(rc = cli_engine_open(&e, "wa-research", &o)) &&
	    wa_ws_open(wa_ws_path(e.ws), WA_WS_CACHE, &c.read, &err))
		rc = cli_report(&err);
	if (!rc) {
		research_sources_init(&c.sources, &c.crawl.fetch);
		wa_loop_init(&loop);
		loop.section = "research";
		loop.prepare = prepare;
		loop.free_extra = free_extra;
		loop.slow_prepare = 1;
		loop.process = process;
		loop.user = &c;
		loop.verdict = verdict;
		rc = cli_engine_loop(&e, &loop, argv + first, argc - first);
		research_sources_free(&c.sources);
	}
	wa_ws_close(c.read);
	cli_engine_close(&e);
	return rc;
}
