/* kb.c - see kb.h. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/version.h"
#include "ws/dossier.h"
#include "web/fetch.h"
#include "ws/artifact.h"
#include "base/hash.h"
#include "web/html.h"
#include "agent/kb.h"
#include "web/maintext.h"

#define CHUNK 600
#define RRF_K 60

void wa_kb_embed_from_env(wa_kb_embed *e)
{
	const char *v;

	memset(e, 0, sizeof *e);
	v = getenv("WA_EMBED_MODEL");
	e->model = v && *v ? v : NULL;
	v = getenv("WA_EMBED_BASE_URL");
	e->base_url = v && *v ? v : getenv("WA_LLM_BASE_URL");
	v = getenv("WA_EMBED_API_KEY");
	e->api_key = v && *v ? v : getenv("WA_LLM_API_KEY");
	if (!e->base_url || !*e->base_url)
		e->model = NULL;
}

/* ---- chunks ---- */

/* text cut at paragraph ends, long paragraphs at sentence ends, into
 * pieces of about CHUNK bytes: a new array of strings */
static json_t *chunks_new(const char *text)
{
	json_t *out = json_array();
	wa_buf cur;
	const char *p = text;

	wa_buf_init(&cur);
	while (*p) {
		/* the next sentence or paragraph end */
		const char *e = p;
		while (*e && !(e[0] == '\n' && e[1] == '\n') &&
		       !((*e == '.' || *e == '?' || *e == '!') && (e[1] == ' ' || e[1] == '\n')))
			e++;
		if (*e && *e != '\n')
			e++;                    /* the sentence's stop */
		size_t n = (size_t)(e - p);
		if (cur.len && cur.len + n > CHUNK) {
			json_array_append_new(out, json_string(cur.data));
			wa_buf_reset(&cur);
		}
		/* a piece too long alone is cut at a space */
		while (n > 2 * CHUNK) {
			size_t cut = CHUNK;
			while (cut > CHUNK / 2 && p[cut] != ' ')
				cut--;
			wa_buf_add(&cur, p, cut);
			json_array_append_new(out, json_string(cur.data));
			wa_buf_reset(&cur);
			p += cut;
			n -= cut;
		}
		wa_buf_add(&cur, p, n);
		p = e;
		while (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r') {
			if (*p == '\n' && cur.len && cur.data[cur.len - 1] != ' ')
				wa_buf_addc(&cur, ' ');
			p++;
		}
		if (*p && cur.len && cur.data[cur.len - 1] != ' ')
			wa_buf_addc(&cur, ' ');
	}
	while (cur.len && cur.data[cur.len - 1] == ' ')
		cur.data[--cur.len] = '\0';
	if (cur.len)
		json_array_append_new(out, json_string(cur.data));
	wa_buf_free(&cur);
	/* json_string refuses what is not UTF-8: such pieces are dropped */
	for (size_t i = json_array_size(out); i-- > 0;)
		if (!json_array_get(out, i))
			json_array_remove(out, i);
	return out;
}

/* ---- embeddings ---- */

/* the embeddings of texts (an array of strings): a new array of arrays
 * of numbers, or NULL with err (69) */
static json_t *embed_new(const wa_kb_embed *e, json_t *texts, wa_err *err)
{
	char url[2048], auth[1024] = "";
	const char *headers[2] = { NULL, NULL };
	size_t bl = strlen(e->base_url);
	wa_fetch_result g;

	while (bl && e->base_url[bl - 1] == '/')
		bl--;
	snprintf(url, sizeof url, "%.*s/embeddings", (int)bl, e->base_url);
	if (e->api_key && *e->api_key) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", e->api_key);
		headers[0] = auth;
	}
	json_t *body = json_pack("{s:s, s:O}", "model", e->model, "input", texts);
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	wa_fetch_opts fo;
	wa_fetch_opts_init(&fo);
	fo.delay_ms = 0;
	fo.timeout_ms = 60000;
	fo.allow_private = 1;   /* a server the operator named */
	fo.max_bytes = 64u << 20;
	wa_fetch_request req = { .url = url, .post = text, .headers = headers };
	int rc = wa_fetch_one(&fo, &req, &g, err);
	explicit_bzero(auth, sizeof auth);
	free(text);
	json_t *out = NULL;
	if (rc == 0) {
		json_t *a = json_loadb(g.body.data ? g.body.data : "", g.body.len, 0, NULL);
		json_t *data = json_object_get(a, "data");
		if (g.error || g.status != 200 || json_array_size(data) != json_array_size(texts)) {
			wa_err_set(err, WA_EX_UNAVAILABLE, "%s: %s", url, g.error ? g.error :
				g.status != 200 ? "the embeddings server refused" :
				"an answer without an embedding for each text");
		} else {
			out = json_array();
			size_t i;
			json_t *d;
			json_array_foreach(data, i, d)
				json_array_append(out, json_object_get(d, "embedding"));
		}
		json_decref(a);
	}
	wa_fetch_result_free(&g);
	return out;
}

static void bind_vector(sqlite3_stmt *st, int i, json_t *v)
{
	size_t n = json_array_size(v);
	float *f = wa_mem_alloc((n ? n : 1) * sizeof *f);

	for (size_t k = 0; k < n; k++)
		f[k] = (float)json_number_value(json_array_get(v, k));
	if (n)
		sqlite3_bind_blob(st, i, f, (int)(n * sizeof *f), SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
	free(f);
}

/* ---- adding ---- */

/* the document source of client gone, with its chunks and index rows */
static int remove_doc(wa_ws *ws, const char *client, const char *source, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "DELETE FROM kb_fts WHERE chunk IN (SELECT c.id FROM "
		"kb_chunks c JOIN kb_documents d ON d.id = c.document WHERE d.client = ?1 AND "
		"d.source = ?2)", err);

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	if (wa_ws_step_done(ws, st, "removing a document", err) ||
	    !(st = wa_ws_stmt(ws, "DELETE FROM kb_documents WHERE client = ?1 AND source = ?2",
	    err)))
		return -1;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	return wa_ws_step_done(ws, st, "removing a document", err);
}

/* the chunks of source when it holds this text and title already (and
 * embeddings when they are wanted), else -1 */
static int unchanged(wa_ws *ws, const char *client, const char *source, const char *title,
	const char *sha, int embedded)
{
	wa_err ignored = WA_ERR_INIT;
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT count(c.id), count(c.embedding) FROM "
		"kb_documents d LEFT JOIN kb_chunks c ON c.document = d.id WHERE d.client = ?1 AND "
		"d.source = ?2 AND d.sha256 = ?3 AND d.title IS ?4 GROUP BY d.id", &ignored);
	int n = -1;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sha, -1, SQLITE_STATIC);
	if (title)
		sqlite3_bind_text(st, 4, title, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	if (sqlite3_step(st) == SQLITE_ROW && (!embedded ||
	    sqlite3_column_int(st, 1) == sqlite3_column_int(st, 0)))
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

int wa_kb_add(wa_ws *ws, const char *client, const char *source, const char *title,
	const char *text, const wa_kb_embed *e, wa_err *err)
{
	char sha[WA_SHA256_HEX], now[WA_TIME_MAX];
	sqlite3_stmt *st;
	json_t *chunks, *vectors = NULL;
	int rc = -1;

	wa_hash_sha256_hex(text ? text : "", text ? strlen(text) : 0, sha);
	/* the same text again: nothing to cut, embed or write */
	int same = unchanged(ws, client, source, title, sha, e && e->model);
	if (same >= 0)
		return same;
	chunks = chunks_new(text ? text : "");
	wa_clock_now_text(now);
	if (e && e->model && json_array_size(chunks) &&
	    !(vectors = embed_new(e, chunks, err))) {
		json_decref(chunks);
		return -1;
	}
	if (remove_doc(ws, client, source, err))
		goto out;
	if (!(st = wa_ws_stmt(ws, "INSERT INTO kb_documents (client, source, title, sha256, "
	    "added_at) VALUES (?1, ?2, ?3, ?4, ?5)", err)))
		goto out;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	if (title)
		sqlite3_bind_text(st, 3, title, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_text(st, 4, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	if (wa_ws_step_done(ws, st, "adding a document", err))
		goto out;
	sqlite3_int64 doc = sqlite3_last_insert_rowid(wa_ws_db(ws));
	size_t i;
	json_t *c;
	json_array_foreach(chunks, i, c) {
		if (!(st = wa_ws_stmt(ws, "INSERT INTO kb_chunks (document, client, seq, text, "
		    "embedding) VALUES (?1, ?2, ?3, ?4, ?5)", err)))
			goto out;
		sqlite3_bind_int64(st, 1, doc);
		sqlite3_bind_text(st, 2, client, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, (int)i);
		sqlite3_bind_text(st, 4, json_string_value(c), -1, SQLITE_STATIC);
		if (vectors)
			bind_vector(st, 5, json_array_get(vectors, i));
		else
			sqlite3_bind_null(st, 5);
		if (wa_ws_step_done(ws, st, "adding a chunk", err))
			goto out;
		sqlite3_int64 chunk = sqlite3_last_insert_rowid(wa_ws_db(ws));
		if (!(st = wa_ws_stmt(ws, "INSERT INTO kb_fts (text, client, chunk) VALUES (?1, ?2, "
		    "?3)", err)))
			goto out;
		sqlite3_bind_text(st, 1, json_string_value(c), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, client, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, chunk);
		if (wa_ws_step_done(ws, st, "indexing a chunk", err))
			goto out;
	}
	rc = (int)json_array_size(chunks);
out:
	json_decref(chunks);
	json_decref(vectors);
	return rc;
}

/* ---- the graph ---- */

static json_t *words_new(const char *q);
static int mentions(json_t *words, const char *name);

static sqlite3_int64 entity(wa_ws *ws, const char *client, const char *kind, const char *name,
	const char *source, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO kb_entities (client, kind, name, source) "
		"VALUES (?1, ?2, ?3, ?4) ON CONFLICT (client, kind, name) DO UPDATE SET "
		"source = coalesce(excluded.source, source) RETURNING id", err);
	sqlite3_int64 id = -1;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	if (source)
		sqlite3_bind_text(st, 4, source, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (id < 0)
		wa_ws_fail(ws, rc, "adding an entity", err);
	return id;
}

static int relate(wa_ws *ws, sqlite3_int64 src, const char *rel, sqlite3_int64 dst, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT OR IGNORE INTO kb_relations (src, rel, dst) "
		"VALUES (?1, ?2, ?3)", err);

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, src);
	sqlite3_bind_text(st, 2, rel, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, dst);
	return wa_ws_step_done(ws, st, "relating entities", err);
}

static const char *first_source(json_t *fact)
{
	return json_string_value(json_array_get(json_object_get(fact, "sources"), 0));
}

/* an address fact's value on one line */
static void address_line(json_t *v, wa_buf *out)
{
	static const char *const parts[] = { "street", "city", "region", "postal_code", NULL };

	if (json_is_string(v)) {
		wa_buf_adds(out, json_string_value(v));
		return;
	}
	if (json_is_string(json_object_get(v, "text"))) {
		wa_buf_adds(out, json_string_value(json_object_get(v, "text")));
		return;
	}
	for (int i = 0; parts[i]; i++) {
		const char *s = json_string_value(json_object_get(v, parts[i]));
		if (s && *s)
			wa_buf_addf(out, "%s%s", out->len ? ", " : "", s);
	}
}

int wa_kb_add_research(wa_ws *ws, json_t *dossier, const wa_kb_embed *e, wa_err *err)
{
	json_t *client = wa_dossier_client(dossier);
	const char *id = json_string_value(json_object_get(client, "id"));
	const char *name = json_string_value(json_object_get(client, "name"));
	json_t *facts = json_object_get(json_object_get(dossier, "research"), "facts"), *f;
	size_t i;
	int total = 0, n;
	char source[2048];

	if (!id)
		return wa_err_set(err, WA_EX_DATAERR, "a dossier without client.id");
	json_t *made = json_object();  /* the research documents of this run */
	/* each FAQ pair a document of its own: a question finds its answer */
	json_array_foreach(json_object_get(facts, "faq"), i, f) {
		json_t *v = json_object_get(f, "value");
		const char *q = json_string_value(json_object_get(v, "question"));
		const char *a = json_string_value(json_object_get(v, "answer"));
		if (!q || !a)
			continue;
		wa_buf t;
		wa_buf_init(&t);
		wa_buf_addf(&t, "%s %s", q, a);
		snprintf(source, sizeof source, "%s#faq-%zu", first_source(f) ? first_source(f) :
			"research", i + 1);
		n = wa_kb_add(ws, id, source, q, t.data, e, err);
		wa_buf_free(&t);
		if (n < 0) {
			json_decref(made);
			return -1;
		}
		json_object_set_new(made, source, json_true());
		total += n;
	}
	/* services, prices, hours and addresses: a document each */
	static const char *const kinds[] = { "services", "prices", "opening_hours", "addresses" };
	static const char *const words[] = { "Services", "Prices", "Opening hours", "Address" };
	for (int k = 0; k < 4; k++) {
		json_t *list = json_object_get(facts, kinds[k]);
		if (!json_array_size(list))
			continue;
		wa_buf t;
		wa_buf_init(&t);
		wa_buf_addf(&t, "%s of %s: ", words[k], name ? name : id);
		int items = 0;
		json_array_foreach(list, i, f) {
			json_t *v = json_object_get(f, "value");
			wa_buf item;
			wa_buf_init(&item);
			if (json_is_string(v)) {
				wa_buf_adds(&item, json_string_value(v));
			} else if (k == 1) {
				const char *what = json_string_value(json_object_get(v, "context"));
				if (!what)
					what = json_string_value(json_object_get(v, "label"));
				wa_buf_addf(&item, "%s%s%s %s", what ? what : "", what ? ": " : "",
					json_string_value(json_object_get(v, "amount")) ?
					json_string_value(json_object_get(v, "amount")) : "",
					json_string_value(json_object_get(v, "currency")) ?
					json_string_value(json_object_get(v, "currency")) : "");
			} else if (k == 2) {
				wa_buf_adds(&item, json_string_value(json_object_get(v, "text")) ?
					json_string_value(json_object_get(v, "text")) : "");
			} else {
				address_line(v, &item);
			}
			if (item.len)
				wa_buf_addf(&t, "%s%s", items++ ? "; " : "", item.data);
			wa_buf_free(&item);
		}
		wa_buf_addc(&t, '.');
		snprintf(source, sizeof source, "research:%s#%s", id, kinds[k]);
		n = wa_kb_add(ws, id, source, words[k], t.data, e, err);
		wa_buf_free(&t);
		if (n < 0) {
			json_decref(made);
			return -1;
		}
		json_object_set_new(made, source, json_true());
		total += n;
	}
	/* what an earlier research gave and this one did not goes */
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT source FROM kb_documents WHERE client = ?1 AND "
		"(source LIKE 'research:%' OR source LIKE '%#faq-%')", err);
	if (!st) {
		json_decref(made);
		return -1;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	json_t *stale = json_array();
	while (sqlite3_step(st) == SQLITE_ROW)
		if (!json_object_get(made, (const char *)sqlite3_column_text(st, 0)))
			json_array_append_new(stale, json_string((const char *)sqlite3_column_text(st,
				0)));
	sqlite3_reset(st);
	json_decref(made);
	json_array_foreach(stale, i, f)
		if (remove_doc(ws, id, json_string_value(f), err)) {
			json_decref(stale);
			return -1;
		}
	json_decref(stale);
	/* the pages research read for this client: their main text */
	st = wa_ws_stmt(ws, "SELECT p.url, p.size, p.html FROM client_pages c JOIN pages p ON "
		"p.url = c.url WHERE c.client_id = ?1 AND p.status = 200 AND p.html IS NOT NULL "
		"ORDER BY c.depth, p.url", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	json_t *pages = json_array();
	while (sqlite3_step(st) == SQLITE_ROW) {
		wa_buf html;
		wa_buf_init(&html);
		if (wa_artifact_unpack(sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2),
		    (size_t)sqlite3_column_int64(st, 1), &html) == 0 && html.len) {
			htmlDocPtr doc = wa_html_parse(html.data, html.len);
			wa_buf text;
			wa_buf_init(&text);
			if (doc) {
				wa_maintext(doc, &text);
				xmlFreeDoc(doc);
			}
			if (text.len)
				json_array_append_new(pages, json_pack("[s, s]",
					(const char *)sqlite3_column_text(st, 0), text.data));
			wa_buf_free(&text);
		}
		wa_buf_free(&html);
	}
	sqlite3_reset(st);
	json_t *pg;
	json_array_foreach(pages, i, pg) {
		n = wa_kb_add(ws, id, json_string_value(json_array_get(pg, 0)), NULL,
			json_string_value(json_array_get(pg, 1)), e, err);
		if (n < 0) {
			json_decref(pages);
			return -1;
		}
		total += n;
	}
	json_decref(pages);
	/* the graph: the business offers its services, is at its addresses */
	sqlite3_int64 biz = entity(ws, id, "business", name ? name : id, NULL, err);
	if (biz < 0)
		return -1;
	json_array_foreach(json_object_get(facts, "services"), i, f) {
		const char *s = json_string_value(json_object_get(f, "value"));
		sqlite3_int64 svc = s ? entity(ws, id, "service", s, first_source(f), err) : 0;
		if (svc < 0 || (svc && relate(ws, biz, "offers", svc, err)))
			return -1;
	}
	json_array_foreach(json_object_get(facts, "addresses"), i, f) {
		wa_buf line;
		wa_buf_init(&line);
		address_line(json_object_get(f, "value"), &line);
		sqlite3_int64 loc = line.len ? entity(ws, id, "location", line.data, first_source(f),
			err) : 0;
		wa_buf_free(&line);
		if (loc < 0 || (loc && relate(ws, biz, "located_at", loc, err)))
			return -1;
	}
	/* prices: listed by the business; a service's when they share a word */
	json_array_foreach(json_object_get(facts, "prices"), i, f) {
		json_t *v = json_object_get(f, "value");
		const char *what = json_string_value(json_object_get(v, "context"));
		const char *amount = json_string_value(json_object_get(v, "amount"));
		const char *cur = json_string_value(json_object_get(v, "currency"));
		if (!what || !amount)
			continue;
		char label[512];
		snprintf(label, sizeof label, "%s: %s%s%s", what, amount, cur ? " " : "", cur ? cur : "");
		sqlite3_int64 price = entity(ws, id, "price", label, first_source(f), err);
		if (price < 0 || relate(ws, biz, "lists", price, err))
			return -1;
		json_t *ww = words_new(what), *sv;
		size_t k;
		json_array_foreach(json_object_get(facts, "services"), k, sv) {
			const char *sname = json_string_value(json_object_get(sv, "value"));
			if (!sname || !mentions(ww, sname))
				continue;
			sqlite3_int64 svc = entity(ws, id, "service", sname, first_source(sv), err);
			if (svc < 0 || relate(ws, svc, "costs", price, err)) {
				json_decref(ww);
				return -1;
			}
		}
		json_decref(ww);
	}
	/* the people the client named: who works there */
	json_array_foreach(json_object_get(client, "contacts"), i, f) {
		const char *pname = json_string_value(json_object_get(f, "name"));
		const char *role = json_string_value(json_object_get(f, "role"));
		if (!pname)
			continue;
		char label[512];
		snprintf(label, sizeof label, "%s%s%s", pname, role ? ", " : "", role ? role : "");
		sqlite3_int64 person = entity(ws, id, "person", label, "client", err);
		if (person < 0 || relate(ws, person, "works_at", biz, err))
			return -1;
	}
	if (json_object_get(client, "address")) {
		wa_buf line;
		wa_buf_init(&line);
		address_line(json_object_get(client, "address"), &line);
		sqlite3_int64 loc = line.len ? entity(ws, id, "location", line.data, "client", err) : 0;
		wa_buf_free(&line);
		if (loc < 0 || (loc && relate(ws, biz, "located_at", loc, err)))
			return -1;
	}
	return total;
}

/* ---- searching ---- */

static const char *const stop[] = { "a", "an", "and", "are", "at", "be", "can", "do", "does",
	"for", "have", "how", "i", "in", "is", "it", "me", "my", "of", "on", "or", "the", "there",
	"to", "we", "what", "when", "where", "which", "who", "will", "with", "you", "your", NULL };

/* the query's words, lower case, without stop words: a new array */
static json_t *words_new(const char *q)
{
	json_t *out = json_array();
	wa_buf w;

	wa_buf_init(&w);
	for (const char *p = q;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c && (isalnum(c) || c >= 0x80)) {
			wa_buf_addc(&w, (char)tolower(c));
			continue;
		}
		int skip = w.len < 2;
		for (int i = 0; stop[i] && !skip; i++)
			skip = !strcmp(w.data, stop[i]);
		if (!skip)
			json_array_append_new(out, json_string(w.data));
		wa_buf_reset(&w);
		if (!c)
			break;
	}
	wa_buf_free(&w);
	for (size_t i = json_array_size(out); i-- > 0;)
		if (!json_array_get(out, i))
			json_array_remove(out, i);
	return out;
}

/* a word of the query in a name: the same word, or one of them the
 * other's stem (implants, implant) */
static int mentions(json_t *words, const char *name)
{
	json_t *nw = words_new(name), *a, *b;
	size_t i, k;
	int hit = 0;

	json_array_foreach(nw, i, a)
		json_array_foreach(words, k, b) {
			const char *x = json_string_value(a), *y = json_string_value(b);
			size_t lx = strlen(x), ly = strlen(y), m = lx < ly ? lx : ly;
			if (m >= 4 && !strncmp(x, y, m) && (lx > ly ? lx - ly : ly - lx) <= 2)
				hit++;
		}
	json_decref(nw);
	return hit;
}

static const char *const price_words[] = { "cost", "costs", "price", "prices", "much", "fee",
	"fees", "charge", "charges", "expensive", NULL };

/* The graph's answer: a service and a location the query names, joined
 * within three relations (a recursive walk); a service's prices when the
 * query asks what it costs; a person the query names, and where they
 * work.  NULL when there is none. */
static json_t *graph_answer(wa_ws *ws, const char *client, json_t *words, wa_err *err)
{
	static const char *const kinds[3] = { "service", "location", "person" };
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT id, kind, name FROM kb_entities WHERE "
		"client = ?1 AND kind IN ('service', 'location', 'person')", err);
	sqlite3_int64 best[3] = { 0, 0, 0 };
	int score[3] = { 0, 0, 0 };
	char *names[3] = { NULL, NULL, NULL };

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int k = 0;
		while (k < 3 && strcmp((const char *)sqlite3_column_text(st, 1), kinds[k]))
			k++;
		int s = k < 3 ? mentions(words, (const char *)sqlite3_column_text(st, 2)) : 0;
		if (s > score[k]) {
			score[k] = s;
			best[k] = sqlite3_column_int64(st, 0);
			free(names[k]);
			names[k] = wa_mem_strdup((const char *)sqlite3_column_text(st, 2));
		}
	}
	sqlite3_reset(st);
	int asks_price = 0;
	size_t i;
	json_t *w;
	json_array_foreach(words, i, w)
		for (int p = 0; price_words[p]; p++)
			asks_price |= !strcmp(json_string_value(w), price_words[p]);
	json_t *out = NULL;
	wa_buf t;
	wa_buf_init(&t);
	if (best[0] && best[1] && (st = wa_ws_stmt(ws, "WITH RECURSIVE walk (node, depth) AS ("
	    "SELECT ?1, 0 UNION SELECT CASE WHEN r.src = walk.node THEN r.dst ELSE r.src END, "
	    "walk.depth + 1 FROM kb_relations r JOIN walk ON r.src = walk.node OR r.dst = walk.node "
	    "WHERE walk.depth < 3) SELECT min(depth) FROM walk WHERE node = ?2", err))) {
		sqlite3_bind_int64(st, 1, best[0]);
		sqlite3_bind_int64(st, 2, best[1]);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
			wa_buf_addf(&t, "%s: offered at %s.", names[0], names[1]);
			out = json_pack("{s:s, s:s, s:f, s:i}", "text", t.data, "source", "graph",
				"score", 1.0, "hops", sqlite3_column_int(st, 0));
		}
		sqlite3_reset(st);
	} else if (best[0] && asks_price && (st = wa_ws_stmt(ws, "SELECT e.name FROM kb_relations r "
	    "JOIN kb_entities e ON e.id = r.dst WHERE r.src = ?1 AND r.rel = 'costs' ORDER BY e.name",
	    err))) {
		int n = 0;
		sqlite3_bind_int64(st, 1, best[0]);
		while (sqlite3_step(st) == SQLITE_ROW)
			wa_buf_addf(&t, "%s%s", n++ ? "; " : "", (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		if (n) {
			char *list = wa_buf_detach(&t, NULL);
			wa_buf_init(&t);
			wa_buf_addf(&t, "%s: %s.", names[0], list);
			free(list);
			out = json_pack("{s:s, s:s, s:f, s:i}", "text", t.data, "source", "graph",
				"score", 1.0, "hops", 1);
		}
	} else if (best[2] && (st = wa_ws_stmt(ws, "SELECT e.name FROM kb_relations r JOIN "
	    "kb_entities e ON e.id = r.dst WHERE r.src = ?1 AND r.rel = 'works_at'", err))) {
		sqlite3_bind_int64(st, 1, best[2]);
		if (sqlite3_step(st) == SQLITE_ROW) {
			wa_buf_addf(&t, "%s, at %s.", names[2], (const char *)sqlite3_column_text(st, 0));
			out = json_pack("{s:s, s:s, s:f, s:i}", "text", t.data, "source", "graph",
				"score", 1.0, "hops", 1);
		}
		sqlite3_reset(st);
	}
	wa_buf_free(&t);
	for (int k = 0; k < 3; k++)
		free(names[k]);
	return out;
}

static double cosine(const float *a, const float *b, size_t n)
{
	double ab = 0, aa = 0, bb = 0;

	for (size_t i = 0; i < n; i++) {
		ab += (double)a[i] * b[i];
		aa += (double)a[i] * a[i];
		bb += (double)b[i] * b[i];
	}
	return aa > 0 && bb > 0 ? ab / sqrt(aa * bb) : 0;
}

json_t *wa_kb_search_new(wa_ws *ws, const char *client, const char *query, int n,
	const wa_kb_embed *e, wa_err *err)
{
	json_t *words = words_new(query ? query : ""), *w;
	json_t *scores = json_object();         /* chunk id -> fused score */
	wa_buf match;
	size_t i;
	char key[32];

	wa_buf_init(&match);
	json_array_foreach(words, i, w)         /* each word quoted: no FTS syntax */
		wa_buf_addf(&match, "%s\"%s\"", i ? " OR " : "", json_string_value(w));
	if (match.len) {
		sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT chunk FROM kb_fts WHERE kb_fts MATCH ?1 AND "
			"client = ?2 ORDER BY bm25(kb_fts) LIMIT 50", err);
		if (!st)
			goto fail;
		sqlite3_bind_text(st, 1, match.data, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, client, -1, SQLITE_STATIC);
		int rank = 0, rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			snprintf(key, sizeof key, "%lld", (long long)sqlite3_column_int64(st, 0));
			json_object_set_new(scores, key, json_real(1.0 / (RRF_K + ++rank)));
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			wa_ws_fail(ws, rc, "searching the knowledge base", err);
			goto fail;
		}
	}
	if (e && e->model) {
		json_t *texts = json_pack("[s]", query ? query : "");
		json_t *qv = embed_new(e, texts, err);
		json_decref(texts);
		if (!qv)
			goto fail;
		json_t *v = json_array_get(qv, 0);
		size_t dim = json_array_size(v);
		float *q = wa_mem_alloc((dim ? dim : 1) * sizeof *q);
		for (size_t k = 0; k < dim; k++)
			q[k] = (float)json_number_value(json_array_get(v, k));
		json_decref(qv);
		sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT id, embedding FROM kb_chunks WHERE client = ?1 "
			"AND embedding IS NOT NULL", err);
		if (!st) {
			free(q);
			goto fail;
		}
		sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
		json_t *sims = json_array();
		while (sqlite3_step(st) == SQLITE_ROW) {
			size_t bytes = (size_t)sqlite3_column_bytes(st, 1);
			if (bytes != dim * sizeof(float))
				continue;
			json_array_append_new(sims, json_pack("[I, f]",
				(json_int_t)sqlite3_column_int64(st, 0),
				cosine(q, sqlite3_column_blob(st, 1), dim)));
		}
		sqlite3_reset(st);
		free(q);
		/* rank by similarity, then fuse */
		size_t m = json_array_size(sims);
		for (size_t a = 1; a < m; a++)          /* insertion sort: small KBs */
			for (size_t b = a; b > 0 && json_real_value(json_array_get(json_array_get(sims,
			    b), 1)) > json_real_value(json_array_get(json_array_get(sims, b - 1), 1));
			    b--) {
				json_t *x = json_incref(json_array_get(sims, b));
				json_array_set(sims, b, json_array_get(sims, b - 1));
				json_array_set_new(sims, b - 1, x);
			}
		for (size_t r = 0; r < m && r < 50; r++) {
			snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_array_get(
				json_array_get(sims, r), 0)));
			json_object_set_new(scores, key, json_real(json_real_value(json_object_get(scores,
				key)) + 1.0 / (RRF_K + (double)r + 1)));
		}
		json_decref(sims);
	}
	/* best first */
	json_t *order = json_array(), *s;
	const char *k;
	json_object_foreach(scores, k, s)
		json_array_append_new(order, json_pack("[s, f]", k, json_real_value(s)));
	size_t m = json_array_size(order);
	for (size_t a = 1; a < m; a++)
		for (size_t b = a; b > 0 && json_real_value(json_array_get(json_array_get(order, b), 1)) >
		     json_real_value(json_array_get(json_array_get(order, b - 1), 1)); b--) {
			json_t *x = json_incref(json_array_get(order, b));
			json_array_set(order, b, json_array_get(order, b - 1));
			json_array_set_new(order, b - 1, x);
		}
	json_t *out = json_array(), *g = n > 0 ? graph_answer(ws, client, words, err) : NULL;
	if (err->code) {
		json_decref(order);
		json_decref(out);
		goto fail;
	}
	if (g)
		json_array_append_new(out, g);
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT c.text, d.source, d.title FROM kb_chunks c JOIN "
		"kb_documents d ON d.id = c.document WHERE c.id = ?1", err);
	for (size_t r = 0; st && r < m && (int)json_array_size(out) < n; r++) {
		json_t *o = json_array_get(order, r);
		sqlite3_bind_int64(st, 1, strtoll(json_string_value(json_array_get(o, 0)), NULL, 10));
		if (sqlite3_step(st) == SQLITE_ROW)
			json_array_append_new(out, json_pack("{s:s, s:s, s:s?, s:f, s:i}", "text",
				(const char *)sqlite3_column_text(st, 0), "source",
				(const char *)sqlite3_column_text(st, 1), "title",
				(const char *)sqlite3_column_text(st, 2), "score",
				round(json_real_value(json_array_get(o, 1)) * 1e6) / 1e6, "rank",
				(int)json_array_size(out) + 1));
		sqlite3_reset(st);
	}
	json_decref(order);
	json_decref(words);
	json_decref(scores);
	wa_buf_free(&match);
	if (!st) {
		json_decref(out);
		return NULL;
	}
	return out;
fail:
	json_decref(words);
	json_decref(scores);
	wa_buf_free(&match);
	return NULL;
}
