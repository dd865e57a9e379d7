/* crawl.h - one website, politely: robots.txt first (RFC 9309, with
 * Crawl-delay), then the start page and same-site links up to a depth
 * and a number of pages, the pages that matter to an agency first
 * (about, services, prices, contact, FAQ, booking, reviews, team).
 *
 * A cache the caller provides makes it incremental: a page fetched
 * within max_age is reused without a request, an older one is asked for
 * with If-None-Match / If-Modified-Since and a 304 reuses it; robots.txt
 * is reused for at most 24 hours.  file:// sites (the bundled examples)
 * are crawled the same way, without robots.txt, within the start page's
 * directory. */
#ifndef WA_CRAWL_H
#define WA_CRAWL_H

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "web/extract.h"
#include "web/fetch.h"

typedef struct wa_crawl_page {
	char *url;              /* as fetched (after redirects) */
	int depth;
	int status;             /* HTTP status; 0 when there was no answer */
	int from_cache;         /* the body is the cached one */
	int not_modified;       /* the server said 304 */
	char *error;            /* why there is no page, or NULL */
	int retryable;
	char *content_type, *charset, *etag, *last_modified;
	char *fetched_at;       /* when the body was downloaded (RFC 3339) */
	wa_buf html;            /* UTF-8 */
	long ms;
	json_t *extract;        /* wa_extract_page_new's result, or NULL */
} wa_crawl_page;

typedef struct wa_crawl_robots {
	char *origin;
	int status;             /* 0: no answer */
	char *body;
	int fresh;              /* fetched by this crawl: worth storing */
} wa_crawl_robots;

typedef struct wa_crawl_cache {
	/* Fill out (url, status, etag, last_modified, fetched_at,
	 * content_type, charset, html) from the cache: 1 found, 0 not. */
	int (*page)(void *user, const char *url, wa_crawl_page *out);
	/* robots.txt of origin fetched within the last 24 hours: 1 found. */
	int (*robots)(void *user, const char *origin, int *status, wa_buf *body);
	void *user;
} wa_crawl_cache;

/* Called with each page as it is done (extracted when it is HTML): to
 * keep it, merge its facts and so on.  After it returns, the page's html
 * and extract are freed and only its metadata stays in the result, so a
 * crawl's memory does not grow with its pages. */
typedef void (*wa_crawl_page_fn)(const wa_crawl_page *page, void *user);

typedef struct wa_crawl_opts {
	wa_fetch_opts fetch;
	wa_crawl_page_fn on_page;       /* or NULL: the result keeps everything */
	void *on_page_user;
	int max_pages;          /* (25) */
	int depth;              /* link steps from the start page (2) */
	long max_age_s;         /* reuse cached pages younger than this (0: ask) */
	long max_crawl_delay_ms;/* a longer Crawl-delay is cut to this (30000) */
	const char *product;    /* the robots.txt product token */
	wa_extract_opts extract;
} wa_crawl_opts;

void wa_crawl_opts_init(wa_crawl_opts *o);

typedef struct wa_crawl_result {
	wa_crawl_page *pages;
	size_t npages;
	wa_crawl_robots *robots;
	size_t nrobots;
	json_t *skipped;        /* [{"url", "reason"}] */
	int fetched, cached, failed, retryable_failed;
	int start_disallowed;   /* robots.txt forbids the start page */
	long ms;
} wa_crawl_result;

/* Crawl from start (http, https or file URL).  Network trouble is in
 * the result, page by page; fails only on a bad start URL (65) or
 * libcurl trouble. */
int wa_crawl_site(const char *start, const wa_crawl_opts *o, const wa_crawl_cache *cache,
	wa_crawl_result *out, wa_err *err);
void wa_crawl_result_free(wa_crawl_result *r);

/* How much a link looks like a page an agency needs (about, services,
 * prices, contact, FAQ, booking, reviews, team): 0 none, higher more. */
int wa_crawl_link_priority(const char *url, const char *text);

#endif
