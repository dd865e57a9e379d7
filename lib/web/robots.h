/* robots.h - the Robots Exclusion Protocol (RFC 9309), plus the
 * Crawl-delay and Sitemap lines that most sites also use.
 *
 * A wa_robots holds the rules of the group(s) that apply to one product
 * token, already chosen: the groups naming the token (merged, RFC 9309
 * section 2.2.1), else the "*" groups, else none (everything allowed). */
#ifndef WA_ROBOTS_H
#define WA_ROBOTS_H

#include <stddef.h>

typedef struct wa_robots wa_robots;

/* The rules of text (a robots.txt body, not necessarily NUL-terminated,
 * of which only the first 512 KiB count) for product (e.g.
 * "wa-research", matched without regard to case).  Never NULL. */
wa_robots *wa_robots_parse_new(const char *text, size_t len, const char *product);
/* The rules that follow from fetching robots.txt (section 2.3.1): status
 * 2xx parses body; 4xx allows everything; 5xx, or 0 for a network
 * error, disallows everything.  Redirects are the caller's to follow. */
wa_robots *wa_robots_for_status_new(int status, const char *body, size_t len,
	const char *product);
void wa_robots_free(wa_robots *r);

/* 1 when the path (path, and query if any: "/a/b?c=d") may be fetched.
 * "/robots.txt" is always allowed (section 2.2.2). */
int wa_robots_allowed(const wa_robots *r, const char *path);
/* Seconds asked by Crawl-delay in the chosen group, or -1 when none. */
double wa_robots_crawl_delay(const wa_robots *r);
/* 1 when every path is disallowed (a 5xx robots.txt, "Disallow: /"). */
int wa_robots_disallows_all(const wa_robots *r);
/* The Sitemap URLs, which belong to no group: n-th, or NULL past the end. */
const char *wa_robots_sitemap(const wa_robots *r, size_t n);

#endif
