/* extract.h - everything one page says: metadata, structured data,
 * contacts, hours, prices, FAQ, technologies, links and main text.
 *
 * The result is a JSON object (documented in wa-research(1), PAGE
 * OBJECTS): facts carry no URL here, since the whole object is one
 * page's; research adds the provenance when it merges pages. */
#ifndef WA_EXTRACT_H
#define WA_EXTRACT_H

#include <jansson.h>
#include <stddef.h>

typedef struct wa_extract_opts {
	const char *country;    /* ISO 3166 alpha-2 for phone numbers, or NULL */
	const char *currency;   /* ISO 4217 for "$", or NULL (USD) */
	int text_only;          /* only "url", "title" and "text" */
} wa_extract_opts;

/* Extract from html (UTF-8) fetched from url.  A new object. */
json_t *wa_extract_page_new(const char *html, size_t len, const char *url,
	const wa_extract_opts *opts);

/* The technologies that html's markup (len bytes) shows, as [{"name",
 * "category"}], from schemas/data/web-signals.json.  A new array. */
json_t *wa_extract_technologies_new(const char *html, size_t len, const char *scripts,
	const char *generator);
/* The social network of a link (host match), or NULL. */
const char *wa_extract_social_network(const char *url);

#endif
