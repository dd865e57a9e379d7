/* crawl.c - see crawl.h.  The fetcher runs the requests; this file
 * decides which: robots.txt per origin first, a frontier ordered by how
 * much a page matters, the cache before the network. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "web/charset.h"
#include "base/clock.h"
#include "web/crawl.h"
#include "web/robots.h"
#include "base/uri.h"

void wa_crawl_opts_init(wa_crawl_opts *o)
{
	memset(o, 0, sizeof *o);
	wa_fetch_opts_init(&o->fetch);
	o->max_pages = 25;
	o->depth = 2;
	o->max_crawl_delay_ms = 30000;
	o->product = "wa-research";
}

/* words in a URL or link text, and how much such a page matters */
static const struct { const char *word; int weight; } priorities[] = {
	{ "about", 6 }, { "service", 6 }, { "treatment", 6 }, { "price", 7 },
	{ "pricing", 7 }, { "fees", 6 }, { "rates", 5 }, { "cost", 5 }, { "contact", 7 },
	{ "faq", 7 }, { "question", 5 }, { "book", 6 }, { "appointment", 6 },
	{ "schedule", 5 }, { "reserv", 5 }, { "review", 6 }, { "testimonial", 5 },
	{ "team", 5 }, { "staff", 5 }, { "doctor", 4 }, { "dentist", 4 }, { "agent", 3 },
	{ "hours", 5 }, { "location", 5 }, { "visit", 3 }, { "menu", 4 }, { "shop", 3 },
	{ "product", 3 }, { "shipping", 4 }, { "delivery", 4 }, { "return", 4 },
	{ "privacy", -4 }, { "terms", -4 }, { "cookie", -5 }, { "login", -6 },
	{ "cart", -3 }, { "account", -4 }, { "tag/", -3 }, { "category/", -2 },
	{ "page/", -3 }, { "feed", -6 },
};

int wa_crawl_link_priority(const char *url, const char *text)
{
	char low[512];
	size_t n = 0;
	int score = 0;

	/* only the path of the URL, and the text */
	const char *path = strstr(url, "://");
	path = path ? strchr(path + 3, '/') : url;
	snprintf(low, sizeof low, "%s %s", path ? path : "", text ? text : "");
	for (; low[n]; n++)
		low[n] = (char)tolower((unsigned char)low[n]);
	for (size_t i = 0; i < sizeof priorities / sizeof *priorities; i++)
		if (strstr(low, priorities[i].word))
			score += priorities[i].weight;
	return score;
}

static int not_html_path(const char *url)
{
	static const char *const ext[] = { ".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp",
		".svg", ".ico", ".zip", ".gz", ".tar", ".rar", ".7z", ".doc", ".docx", ".xls",
		".xlsx", ".ppt", ".pptx", ".mp3", ".mp4", ".mov", ".avi", ".webm", ".wav",
		".css", ".js", ".json", ".xml", ".rss", ".atom", ".txt", ".csv", ".exe",
		".dmg", ".apk", ".woff", ".woff2", ".ttf", ".eot", ".ics", ".vcf" };
	const char *end = url + strcspn(url, "?#");
	size_t len = (size_t)(end - url);

	for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
		size_t l = strlen(ext[i]);
		if (len > l && strncasecmp(end - l, ext[i], l) == 0)
			return 1;
	}
	return 0;
}

/* "host" or "host:port" (a port that is not its scheme's default), lower
 * case, without "www.": http and https of one host are one site */
static int site_key(const char *url, char *out, size_t size)
{
	char origin[300];

	if (wa_fetch_origin(url, origin, sizeof origin) || strcmp(origin, "file://") == 0)
		return -1;
	char *host = strstr(origin, "://") + 3;
	char *colon = strrchr(host, ':');
	const char *port = colon ? colon + 1 : "";
	int deflt = (strncmp(origin, "http:", 5) == 0 && strcmp(port, "80") == 0) ||
		(strncmp(origin, "https:", 6) == 0 && strcmp(port, "443") == 0);
	if (colon && (deflt || host[0] == '['))
		*colon = '\0';
	if (strncmp(host, "www.", 4) == 0)
		host += 4;
	snprintf(out, size, "%s", host);
	return 0;
}

typedef struct origin_state {
	char origin[300];
	wa_robots *robots;      /* NULL while robots.txt is awaited */
	int asked;
} origin_state;

typedef struct todo {
	char *url;
	int depth, prio, redirects;
	long seq;
} todo;

typedef struct job {
	int robots;             /* a robots.txt request */
	char origin[300];
	todo t;
	wa_crawl_page cached;   /* for a conditional request */
	int have_cached;
} job;

typedef struct crawl {
	const wa_crawl_opts *o;
	const wa_crawl_cache *cache;
	wa_crawl_result *r;
	wa_fetch *f;
	char site[300];         /* site_key of the start, or "" for file:// */
	char dir[4096];         /* the start's directory, for file:// */
	origin_state *origins;
	size_t norigins;
	todo *frontier;
	size_t nfront, capfront;
	json_t *seen;
	int started, inflight;
	long seq;
} crawl;

static void page_add(crawl *c, wa_crawl_page *p)
{
	wa_crawl_result *r = c->r;

	if (c->o->on_page) {
		c->o->on_page(p, c->o->on_page_user);
		wa_buf_free(&p->html);
		json_decref(p->extract);
		p->extract = NULL;
	}

	r->pages = wa_mem_realloc(r->pages, (r->npages + 1) * sizeof *r->pages);
	r->pages[r->npages++] = *p;
}

static void skip(crawl *c, const char *url, const char *reason)
{
	json_t *o = json_object();

	json_object_set_new(o, "url", json_string(url));
	json_object_set_new(o, "reason", json_string(reason));
	json_array_append_new(c->r->skipped, o);
}

static int same_site(crawl *c, const char *url)
{
	char key[300];

	if (!*c->site)
		return strncmp(url, c->dir, strlen(c->dir)) == 0;
	return site_key(url, key, sizeof key) == 0 && strcmp(key, c->site) == 0 &&
		(strncasecmp(url, "http:", 5) == 0 || strncasecmp(url, "https:", 6) == 0);
}

static void push(crawl *c, const char *url, int depth, int prio, int redirects)
{
	char *u = wa_mem_strdup(url);
	char *hash = strchr(u, '#');

	if (hash)
		*hash = '\0';
	if (json_object_get(c->seen, u)) {
		free(u);
		return;
	}
	json_object_set_new(c->seen, u, json_true());
	if (not_html_path(u)) {
		skip(c, u, "not HTML");
		free(u);
		return;
	}
	if (c->nfront == c->capfront) {
		c->capfront = c->capfront ? 2 * c->capfront : 32;
		c->frontier = wa_mem_realloc(c->frontier, c->capfront * sizeof *c->frontier);
	}
	c->frontier[c->nfront++] = (todo){ u, depth, prio, redirects, c->seq++ };
}

static origin_state *origin_of(crawl *c, const char *url)
{
	char origin[300];

	if (wa_fetch_origin(url, origin, sizeof origin))
		return NULL;
	for (size_t i = 0; i < c->norigins; i++)
		if (strcmp(c->origins[i].origin, origin) == 0)
			return &c->origins[i];
	c->origins = wa_mem_realloc(c->origins, (c->norigins + 1) * sizeof *c->origins);
	origin_state *s = &c->origins[c->norigins++];
	memset(s, 0, sizeof *s);
	snprintf(s->origin, sizeof s->origin, "%s", origin);
	return s;
}

static void robots_ready(crawl *c, origin_state *s, int status, const char *body,
	size_t len, int fresh)
{
	s->robots = wa_robots_for_status_new(status, body, len, c->o->product);
	double delay = wa_robots_crawl_delay(s->robots);
	if (delay > 0) {
		long ms = (long)(delay * 1000);
		if (ms > c->o->max_crawl_delay_ms)
			ms = c->o->max_crawl_delay_ms;
		char url[320];
		snprintf(url, sizeof url, "%s/", s->origin);
		wa_fetch_host_delay(c->f, url, ms);
	}
	if (fresh) {
		wa_crawl_result *r = c->r;
		r->robots = wa_mem_realloc(r->robots, (r->nrobots + 1) * sizeof *r->robots);
		r->robots[r->nrobots++] = (wa_crawl_robots){ wa_mem_strdup(s->origin), status,
			body ? wa_mem_strndup(body, len) : NULL, 1 };
	}
}

/* Ask for robots.txt of s (or take it from the cache). */
static void ask_robots(crawl *c, origin_state *s)
{
	int status;
	wa_buf body;

	s->asked = 1;
	wa_buf_init(&body);
	if (c->cache && c->cache->robots &&
	    c->cache->robots(c->cache->user, s->origin, &status, &body)) {
		robots_ready(c, s, status, body.data, body.len, 0);
		wa_buf_free(&body);
		return;
	}
	wa_buf_free(&body);
	job *j = wa_mem_calloc(1, sizeof *j);
	char url[320];
	j->robots = 1;
	snprintf(j->origin, sizeof j->origin, "%s", s->origin);
	snprintf(url, sizeof url, "%s/robots.txt", s->origin);
	wa_fetch_request req = { .url = url, .follow = 1, .user = j };
	wa_fetch_add(c->f, &req);
	c->inflight++;
}

static char *now_text(void)
{
	char t[WA_TIME_MAX];

	wa_clock_now_text(t);
	return wa_mem_strdup(t);
}

static int64_t age_s(const char *rfc3339)
{
	int64_t ms;

	if (!rfc3339 || wa_clock_parse(rfc3339, &ms))
		return INT64_MAX;
	return (wa_clock_now_ms() - ms) / 1000;
}

static void extract_links(crawl *c, wa_crawl_page *p)
{
	size_t i;
	json_t *l;

	p->extract = wa_extract_page_new(p->html.data, p->html.len, p->url, &c->o->extract);
	if (p->depth >= c->o->depth)
		return;
	json_array_foreach(json_object_get(p->extract, "links"), i, l) {
		const char *u = json_string_value(json_object_get(l, "url"));
		if (!u || !same_site(c, u))
			continue;
		push(c, u, p->depth + 1,
			wa_crawl_link_priority(u, json_string_value(json_object_get(l, "text"))), 0);
	}
}

static int is_file(const char *url)
{
	return strncasecmp(url, "file:", 5) == 0;
}

/* The best todo whose robots.txt is known, asking for the robots.txt of
 * the others; its index, or -1 when none may start yet. */
static long best_ready(crawl *c)
{
	long b = -1;

	for (size_t i = 0; i < c->nfront; i++) {
		todo *t = &c->frontier[i];
		if (!is_file(t->url)) {
			origin_state *s = origin_of(c, t->url);
			if (s && !s->robots) {
				if (!s->asked)
					ask_robots(c, s);
				if (!s->robots)
					continue;
			}
		}
		if (b < 0) {
			b = (long)i;
			continue;
		}
		todo *x = &c->frontier[b];
		if (t->prio > x->prio || (t->prio == x->prio && (t->depth < x->depth ||
		    (t->depth == x->depth && t->seq < x->seq))))
			b = (long)i;
	}
	return b;
}

static void schedule(crawl *c)
{
	while (c->nfront && c->started < c->o->max_pages &&
	    c->inflight < c->o->fetch.concurrency) {
		long b = best_ready(c);
		if (b < 0)
			return;         /* a robots.txt answer calls schedule again */
		todo t = c->frontier[b];
		origin_state *s = is_file(t.url) ? NULL : origin_of(c, t.url);
		c->frontier[b] = c->frontier[--c->nfront];
		if (!is_file(t.url) && !s) {
			skip(c, t.url, "not a URL");
			free(t.url);
			continue;
		}
		if (s) {
			const char *path = strstr(t.url, "://");
			path = path ? strchr(path + 3, '/') : NULL;
			if (!wa_robots_allowed(s->robots, path ? path : "/")) {
				skip(c, t.url, wa_robots_disallows_all(s->robots) ?
					"robots.txt disallows the site (or could not be fetched)" :
					"robots.txt disallows it");
				if (t.depth == 0)
					c->r->start_disallowed = 1;
				free(t.url);
				continue;
			}
		}
		c->started++;
		job *j = wa_mem_calloc(1, sizeof *j);
		j->t = t;
		if (c->cache && c->cache->page &&
		    c->cache->page(c->cache->user, t.url, &j->cached)) {
			j->have_cached = 1;
			if (c->o->max_age_s > 0 && age_s(j->cached.fetched_at) < c->o->max_age_s) {
				wa_crawl_page p = j->cached;
				p.url = wa_mem_strdup(t.url);
				free(j->cached.url);
				p.depth = t.depth;
				p.from_cache = 1;
				c->r->cached++;
				extract_links(c, &p);
				page_add(c, &p);
				free(t.url);
				free(j);
				continue;
			}
		}
		wa_fetch_request req = { .url = t.url, .html_only = 1, .user = j,
			.etag = j->have_cached ? j->cached.etag : NULL,
			.last_modified = j->have_cached ? j->cached.last_modified : NULL };
		wa_fetch_add(c->f, &req);
		c->inflight++;
	}
	/* past max_pages: what is left was not fetched */
	if (c->started >= c->o->max_pages)
		while (c->nfront) {
			todo t = c->frontier[--c->nfront];
			skip(c, t.url, "over --max-pages");
			free(t.url);
		}
}

static void on_robots(crawl *c, job *j, const wa_fetch_response *r)
{
	origin_state *s = NULL;

	for (size_t i = 0; i < c->norigins; i++)
		if (strcmp(c->origins[i].origin, j->origin) == 0)
			s = &c->origins[i];
	if (!s)
		return;
	/* a network failure is "unreachable": disallow all */
	int status = r->error && !(r->status >= 400 && r->status < 500) ? 0 : r->status;
	/* section 2.3.1.2: past five redirects it may count as unavailable */
	if (r->error && r->status >= 300 && r->status < 400)
		status = 404;
	robots_ready(c, s, status, r->body, r->len, 1);
}

static void page_clear(wa_crawl_page *p)
{
	free(p->url);
	free(p->error);
	free(p->content_type);
	free(p->charset);
	free(p->etag);
	free(p->last_modified);
	free(p->fetched_at);
	wa_buf_free(&p->html);
	json_decref(p->extract);
	memset(p, 0, sizeof *p);
}

static void on_page(crawl *c, job *j, const wa_fetch_response *r)
{
	wa_crawl_page p = { 0 };

	p.url = wa_mem_strdup(r->url ? r->url : j->t.url);
	p.depth = j->t.depth;
	p.status = r->status;
	p.ms = r->ms;
	wa_buf_init(&p.html);
	if (r->error) {
		p.error = wa_mem_strdup(r->error);
		p.retryable = r->retryable;
		c->r->failed++;
		c->r->retryable_failed += r->retryable;
	} else if (r->status == 304 && j->have_cached) {
		wa_buf_free(&p.html);
		free(p.url);
		p = j->cached;
		memset(&j->cached, 0, sizeof j->cached);
		j->have_cached = 0;
		p.depth = j->t.depth;
		p.from_cache = p.not_modified = 1;
		p.ms = r->ms;
		c->r->cached++;
		extract_links(c, &p);
	} else if (r->status >= 300 && r->status < 400 && r->location) {
		if (j->t.redirects >= c->o->fetch.max_redirects) {
			p.error = wa_mem_strdup("too many redirects");
			c->r->failed++;
		} else if (!same_site(c, r->location)) {
			skip(c, r->location, "redirected off the site");
		} else if (json_object_get(c->seen, r->location)) {
			skip(c, p.url, "redirects to a page already seen (a loop?)");
		} else {
			/* the target is a page of its own, under the same rules */
			push(c, r->location, j->t.depth, j->t.prio + 1, j->t.redirects + 1);
			c->started--;
			page_clear(&p);
			return;
		}
	} else if (r->not_html) {
		skip(c, p.url, "not HTML");
		page_clear(&p);
		return;
	} else {
		wa_charset cs;
		char header[48];
		wa_err err = WA_ERR_INIT;
		wa_charset_from_content_type(r->content_type, header, sizeof header);
		wa_charset_to_utf8(r->body, r->len, header, &p.html, &cs, &err);
		p.charset = wa_mem_strdup(cs.name);
		p.content_type = r->content_type ? wa_mem_strdup(r->content_type) : NULL;
		p.etag = r->etag ? wa_mem_strdup(r->etag) : NULL;
		p.last_modified = r->last_modified ? wa_mem_strdup(r->last_modified) : NULL;
		p.fetched_at = now_text();
		c->r->fetched++;
		if (r->status >= 200 && r->status < 300)
			extract_links(c, &p);
	}
	page_add(c, &p);
}

static void on_done(wa_fetch *f, const wa_fetch_response *r, void *user)
{
	crawl *c = user;
	job *j = r->req->user;

	(void)f;
	c->inflight--;
	if (j->robots)
		on_robots(c, j, r);
	else
		on_page(c, j, r);
	if (j->have_cached)
		page_clear(&j->cached);
	free(j->t.url);
	free(j);
	schedule(c);
}

int wa_crawl_site(const char *start, const wa_crawl_opts *o, const wa_crawl_cache *cache,
	wa_crawl_result *out, wa_err *err)
{
	crawl c = { .o = o, .cache = cache, .r = out };
	int64_t t0 = wa_clock_mono_ms();
	int rc;

	memset(out, 0, sizeof *out);
	out->skipped = json_array();
	if (strncasecmp(start, "file:", 5) == 0) {
		/* a dossier may come from anywhere: its website reads no local
		 * file unless the operator says so */
		if (!o->fetch.allow_file)
			return wa_err_set(err, WA_EX_DATAERR, "%s: a local file, read only with "
				"--allow-file", start);
		snprintf(c.dir, sizeof c.dir, "%s", start);
		char *slash = strrchr(c.dir, '/');
		if (slash)
			slash[1] = '\0';
	} else if ((strncasecmp(start, "http://", 7) != 0 && strncasecmp(start, "https://", 8) != 0) ||
	    site_key(start, c.site, sizeof c.site)) {
		return wa_err_set(err, WA_EX_DATAERR, "%s: not an http, https or file URL", start);
	}
	c.seen = json_object();
	c.f = wa_fetch_new(&o->fetch, on_done, &c);
	push(&c, start, 0, 100, 0);
	schedule(&c);
	rc = wa_fetch_run(c.f, err);
	wa_fetch_free(c.f);
	for (size_t i = 0; i < c.nfront; i++)
		free(c.frontier[i].url);
	free(c.frontier);
	for (size_t i = 0; i < c.norigins; i++)
		wa_robots_free(c.origins[i].robots);
	free(c.origins);
	json_decref(c.seen);
	out->ms = (long)(wa_clock_mono_ms() - t0);
	return rc;
}

void wa_crawl_result_free(wa_crawl_result *r)
{
	for (size_t i = 0; i < r->npages; i++)
		page_clear(&r->pages[i]);
	free(r->pages);
	for (size_t i = 0; i < r->nrobots; i++) {
		free(r->robots[i].origin);
		free(r->robots[i].body);
	}
	free(r->robots);
	json_decref(r->skipped);
	memset(r, 0, sizeof *r);
}
