/* pagecache.c - the pages and robots.txt answers a crawl fetched, kept in
 * the workspace (tables pages, robots, client_pages) for conditional
 * requests next time, for other engines (the knowledge base indexes a
 * client's pages) and for sqlite3: see pagecache.h. */
#include "web/pagecache.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/mem.h"
#include "web/crawl.h"
#include "web/fetch.h"
#include "ws/artifact.h"
#include "ws/ws.h"

static int cached_page(void *user, const char *url, wa_crawl_page *out)
{
	wa_ws *ws = user;
	wa_err err = WA_ERR_INIT;
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT status, content_type, charset, etag, "
		"last_modified, fetched_at, size, html FROM pages WHERE url = ?", &err);
	int found = 0;

	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 200) {
		memset(out, 0, sizeof *out);
		wa_buf_init(&out->html);
		if (wa_artifact_unpack(sqlite3_column_blob(st, 7), (size_t)sqlite3_column_bytes(st, 7),
		    (size_t)sqlite3_column_int64(st, 6), &out->html) == 0) {
			const char *v;
			out->url = wa_mem_strdup(url);
			out->status = 200;
#define COL(i) ((v = (const char *)sqlite3_column_text(st, i)) ? wa_mem_strdup(v) : NULL)
			out->content_type = COL(1);
			out->charset = COL(2);
			out->etag = COL(3);
			out->last_modified = COL(4);
			out->fetched_at = COL(5);
#undef COL
			found = 1;
		} else {
			wa_buf_free(&out->html);
		}
	}
	sqlite3_reset(st);
	return found;
}

static int cached_robots(void *user, const char *origin, int *status, wa_buf *body)
{
	wa_ws *ws = user;
	wa_err err = WA_ERR_INIT;
	char since[WA_TIME_MAX];
	int found = 0;

	/* RFC 9309 section 2.4: no more than 24 hours */
	wa_clock_format(wa_clock_now_ms() - 24 * 3600 * 1000LL, since);
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT status, body FROM robots "
		"WHERE origin = ? AND fetched_at > ?", &err);
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, origin, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, since, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*status = sqlite3_column_int(st, 0);
		const char *b = (const char *)sqlite3_column_text(st, 1);
		if (b)
			wa_buf_adds(body, b);
		found = 1;
	}
	sqlite3_reset(st);
	return found;
}

void wa_pagecache_init(wa_crawl_cache *cache, wa_ws *read)
{
	cache->page = cached_page;
	cache->robots = cached_robots;
	cache->user = read;
}

static void bind_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

int wa_pagecache_put(wa_ws *ws, const wa_crawl_page *p, wa_err *err)
{
	char origin[300], at[WA_TIME_MAX];
	sqlite3_stmt *st;

	if (wa_fetch_origin(p->url, origin, sizeof origin) || p->error || p->status == 0)
		return 0;               /* nothing to keep: the sources say what failed */
	wa_clock_now_text(at);
	if (p->from_cache) {
		/* the same body: only when the server was last asked */
		if (!p->not_modified)
			return 0;
		st = wa_ws_stmt(ws, "UPDATE pages SET checked_at = ? WHERE url = ?", err);
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, p->url, -1, SQLITE_STATIC);
		return wa_ws_step_done(ws, st, "updating a page", err);
	}
	st = wa_ws_stmt(ws, "INSERT OR REPLACE INTO pages (url, origin, status, content_type, "
		"charset, etag, last_modified, fetched_at, checked_at, sha256, size, html) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!st)
		return -1;
	char sha[65];
	unsigned char *z;
	size_t zlen;
	wa_hash_sha256_hex(p->html.data, p->html.len, sha);
	/* the fastest level: pages come quickly, and HTML still shrinks 4x */
	wa_artifact_pack_level(p->html.data, p->html.len, 1, &z, &zlen);
	sqlite3_bind_text(st, 1, p->url, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, origin, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, p->status);
	bind_or_null(st, 4, p->content_type);
	bind_or_null(st, 5, p->charset);
	bind_or_null(st, 6, p->etag);
	bind_or_null(st, 7, p->last_modified);
	sqlite3_bind_text(st, 8, p->fetched_at ? p->fetched_at : at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, sha, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 11, (sqlite3_int64)p->html.len);
	if (z)
		sqlite3_bind_blob64(st, 12, z, zlen, SQLITE_STATIC);
	else
		sqlite3_bind_blob64(st, 12, p->html.len ? p->html.data : "", p->html.len,
			SQLITE_STATIC);
	int rc = wa_ws_step_done(ws, st, "storing a page", err);
	sqlite3_clear_bindings(st);
	free(z);
	return rc;
}

/* which client reached which page: the pages themselves are in the cache */
static int link_page(wa_ws *ws, const char *client_id, const wa_crawl_page *p,
	const char *at, wa_err *err)
{
	if (p->error || p->status == 0)
		return 0;
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO client_pages (client_id, url, depth, "
		"seen_at) SELECT ?1, url, ?3, ?4 FROM pages WHERE url = ?2 "
		"ON CONFLICT (client_id, url) DO UPDATE SET depth = excluded.depth, "
		"seen_at = excluded.seen_at", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->url, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, p->depth);
	sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
	return wa_ws_step_done(ws, st, "linking a page to its client", err);
}

int wa_pagecache_store_crawl(wa_ws *ws, const char *client_id, const wa_crawl_result *r,
	const char *at, wa_err *err)
{
	for (size_t i = 0; i < r->nrobots; i++) {
		const wa_crawl_robots *rb = &r->robots[i];
		sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT OR REPLACE INTO robots "
			"(origin, status, body, fetched_at) VALUES (?, ?, ?, ?)", err);
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, rb->origin, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, rb->status);
		bind_or_null(st, 3, rb->body);
		sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
		if (wa_ws_step_done(ws, st, "storing robots.txt", err))
			return -1;
	}
	for (size_t i = 0; i < r->npages; i++)
		if (link_page(ws, client_id, &r->pages[i], at, err))
			return -1;
	return 0;
}

int wa_pagecache_each_client_page(wa_ws *ws, const char *client,
	int (*fn)(const char *url, const char *html, size_t len, void *user), void *user,
	wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT p.url, p.size, p.html FROM client_pages c JOIN "
		"pages p ON p.url = c.url WHERE c.client_id = ?1 AND p.status = 200 AND "
		"p.html IS NOT NULL ORDER BY c.depth, p.url", err);
	int rc, stop = 0;

	if (!st)
		return -1;
	wa_ws_bind(st, "s", client);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		wa_buf html;
		wa_buf_init(&html);
		if (wa_artifact_unpack(sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2),
		    (size_t)sqlite3_column_int64(st, 1), &html) == 0 && html.len)
			stop = fn((const char *)sqlite3_column_text(st, 0), html.data, html.len, user);
		wa_buf_free(&html);
	}
	sqlite3_reset(st);
	if (!stop && rc != SQLITE_DONE)
		return wa_ws_fail(ws, rc, "reading a client's pages", err);
	return 0;
}
