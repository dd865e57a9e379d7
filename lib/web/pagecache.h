/* pagecache.h - the pages and robots.txt answers crawls fetched, in the
 * workspace (schemas/migrations/0002-research.sql): the cache a crawl
 * reads (crawl.h) and fills, which client reached which page, and those
 * pages for other engines. */
#ifndef WA_PAGECACHE_H
#define WA_PAGECACHE_H

#include <stddef.h>

#include "base/err.h"
#include "web/crawl.h"
#include "ws/ws.h"

/* The cache a crawl reads, on its own connection read (the crawl's
 * thread alone uses it). */
void wa_pagecache_init(wa_crawl_cache *cache, wa_ws *read);
/* Keep page p (a body not fetched again: only when the server was
 * asked); failures are the sources', not the cache's. */
int wa_pagecache_put(wa_ws *ws, const wa_crawl_page *p, wa_err *err);
/* Keep the robots.txt answers of a crawl and which pages client_id
 * reached at time at; inside the caller's transaction. */
int wa_pagecache_store_crawl(wa_ws *ws, const char *client_id, const wa_crawl_result *r,
	const char *at, wa_err *err);
/* Each page of client's that answered 200, nearest first, to fn with
 * its HTML (len bytes): fn returns nonzero to stop.  0, or -1 with
 * err. */
int wa_pagecache_each_client_page(wa_ws *ws, const char *client,
	int (*fn)(const char *url, const char *html, size_t len, void *user), void *user,
	wa_err *err);

#endif
