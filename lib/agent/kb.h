/* kb.h - a client's knowledge base in the workspace: documents cut into
 * chunks and indexed with SQLite FTS5 (BM25, Porter stems), embeddings
 * per chunk when an OpenAI-compatible /v1/embeddings server is named,
 * the two rankings fused by reciprocal rank; and a small graph of the
 * client's entities (the business, its services, locations, prices and
 * hours) and their relations, walked with a recursive query, so that a
 * question naming a service and a place finds how they are joined. */
#ifndef WA_KB_H
#define WA_KB_H

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "ws/ws.h"

/* Where embeddings come from: base_url up to /v1, model, key (all NULL:
 * none, BM25 alone). */
typedef struct wa_kb_embed {
	const char *base_url, *model, *api_key;
} wa_kb_embed;

/* The embedding settings from the environment: WA_EMBED_BASE_URL (else
 * WA_LLM_BASE_URL), WA_EMBED_MODEL, WA_EMBED_API_KEY (else
 * WA_LLM_API_KEY); model NULL when WA_EMBED_MODEL is not set. */
void wa_kb_embed_from_env(wa_kb_embed *e);

/* Add (or replace) the document source of client: text cut into chunks
 * of about 600 characters at paragraph and sentence ends.  The caller
 * holds a transaction.  The number of chunks, or -1 with err (69 when
 * the embeddings server fails). */
int wa_kb_add(wa_ws *ws, const char *client, const char *source, const char *title,
	const char *text, const wa_kb_embed *e, wa_err *err);

/* The text of src, a text, Markdown or HTML file or an http(s) URL
 * (fetched with user_agent, or wa's; private addresses only with
 * allow_private), into out: an HTML page's main text, with its title in
 * *title (new, or NULL).  0, or -1 with err: 65 a file that is not
 * UTF-8, 66 no such file or page, 69 a page that cannot be had. */
int wa_kb_source_read(const char *src, int allow_private, const char *user_agent, wa_buf *out,
	char **title, wa_err *err);

/* Index what research found in a dossier: each FAQ question with its
 * answer, the services, prices, opening hours and addresses, with the
 * pages they came from; and the graph of the business, its services and
 * locations.  The caller holds a transaction.  Chunks added, or -1. */
int wa_kb_add_research(wa_ws *ws, json_t *dossier, const wa_kb_embed *e, wa_err *err);

/* The n best chunks of client for query: a new array of {text, source,
 * score, rank}, best first; with embeddings, BM25 and cosine ranks
 * fused (RRF, k = 60).  Then the graph's answer when the query names
 * two entities joined in it: {"text": "Dental implants: offered at 1820
 * Main Street", "source": "graph", ...} first.  NULL with err. */
json_t *wa_kb_search_new(wa_ws *ws, const char *client, const char *query, int n,
	const wa_kb_embed *e, wa_err *err);

#endif
