/* kb.c - a knowledge base: documents in chunks, indexed in FTS5, searched
 * by BM25 fused with embeddings; what research found, indexed: see kb.h. */
#include "agent/kb.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/kb_int.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/mem.h"
#include "web/html.h"
#include "web/maintext.h"
#include "web/pagecache.h"
#include "ws/dossier.h"
#include "ws/ws.h"

#define CHUNK 600
/* the version of the analysis kb_terms holds: documents of another are
 * indexed again */
#define KB_ANALYSIS_S "3"

/* ---- chunks ---- */

/* text cut at paragraph ends, long paragraphs at sentence ends, into
 * pieces of about CHUNK bytes, a Markdown heading always starting one: a
 * new array of strings */
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
		/* a Markdown heading begins a chunk: a section is one answer */
		if (cur.len && (cur.len + n > CHUNK || *p == '#')) {
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
		/* a line's end stays one (a heading is not its paragraph's
		 * first sentence); other spaces are one space */
		int line = 0;
		while (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r')
			line |= *p++ == '\n';
		while (cur.len && cur.data[cur.len - 1] == ' ')
			cur.data[--cur.len] = '\0';
		if (*p && cur.len)
			wa_buf_addc(&cur, line ? '\n' : ' ');
	}
	while (cur.len && (cur.data[cur.len - 1] == ' ' || cur.data[cur.len - 1] == '\n'))
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

/* ---- adding ---- */

/* the document source of client gone, with its chunks and index rows */
static int remove_doc(wa_ws *ws, const char *client, const char *source, wa_err *err)
{
	/* a chunk's index row has the chunk's id: found by rowid, not by
	 * reading the whole index */
	sqlite3_stmt *st = wa_ws_stmt(ws, "DELETE FROM kb_terms WHERE rowid IN (SELECT c.id FROM "
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
		"d.source = ?2 AND d.sha256 = ?3 AND d.title IS ?4 AND d.analysis = " KB_ANALYSIS_S
		" GROUP BY d.id", &ignored);
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

typedef struct words_ctx {
	wa_ws *ws;
	const char *client, *lang;
	wa_err *err;
	int rc;
} words_ctx;

/* a word of the client's knowledge base as written, kept once, with its
 * trigrams indexed for the words a misspelling meant */
static void keep_word(const char *word, void *user)
{
	words_ctx *w = user;
	sqlite3_stmt *st;

	if (w->rc || !(st = wa_ws_stmt(w->ws, "INSERT OR IGNORE INTO kb_words (client, word, "
	    "lang) VALUES (?1, ?2, ?3)", w->err))) {
		w->rc = -1;
		return;
	}
	wa_ws_bind(st, "sss", w->client, word, w->lang);
	if (wa_ws_step_done(w->ws, st, "keeping a word", w->err)) {
		w->rc = -1;
		return;
	}
	if (!sqlite3_changes(wa_ws_db(w->ws)))
		return;
	if (!(st = wa_ws_stmt(w->ws, "INSERT INTO kb_words_grams (word, client) VALUES (?1, ?2)",
	    w->err))) {
		w->rc = -1;
		return;
	}
	wa_ws_bind(st, "ss", word, w->client);
	w->rc = wa_ws_step_done(w->ws, st, "indexing a word", w->err);
}

/* the question a chunk begins with: its document's title when that is
 * a question the chunk repeats (a FAQ), else the chunk's first sentence
 * when it asks ("## Is there parking?"); appended to out */
static void head_question(const char *text, const char *title, wa_buf *out)
{
	size_t tl = title ? strlen(title) : 0;
	const char *q = strchr(text, '?');

	if (tl && title[tl - 1] == '?' && !strncmp(text, title, tl))
		wa_buf_add(out, title, tl);
	else if (q && q - text < 200 && !memchr(text, '.', (size_t)(q - text)))
		wa_buf_add(out, text, (size_t)(q + 1 - text));
}

/* the chunk's terms in its language (kb_terms), and its words */
static int index_terms(wa_ws *ws, const char *client, sqlite3_int64 chunk, const char *text,
	const char *title, const char *lang, wa_err *err)
{
	words_ctx w = { ws, client, lang, err, 0 };
	wa_buf terms, head, q;
	sqlite3_stmt *st;

	wa_buf_init(&terms);
	wa_buf_init(&head);
	wa_buf_init(&q);
	wa_kb_terms(text, lang, &terms, keep_word, &w);
	head_question(text, title, &q);
	if (q.len)
		wa_kb_terms(q.data, lang, &head, NULL, NULL);
	if (!w.rc && (st = wa_ws_stmt(ws, "INSERT INTO kb_terms (rowid, terms, head, client, "
	    "chunk, lang) VALUES (?4, ?1, ?2, ?3, ?4, ?5)", err))) {
		wa_ws_bind(st, "sss", terms.len ? terms.data : "", head.len ? head.data : "", client);
		sqlite3_bind_int64(st, 4, chunk);
		sqlite3_bind_text(st, 5, lang, -1, SQLITE_STATIC);
		w.rc = wa_ws_step_done(ws, st, "indexing a chunk's terms", err);
	} else {
		w.rc = -1;
	}
	wa_buf_free(&terms);
	wa_buf_free(&head);
	wa_buf_free(&q);
	return w.rc;
}

int wa_kb_add(wa_ws *ws, const char *client, const char *source, const char *title,
	const char *text, const wa_kb_embed *e, wa_err *err)
{
	return wa_kb_add_in(ws, client, source, title, text, NULL, e, err);
}

int wa_kb_add_in(wa_ws *ws, const char *client, const char *source, const char *title,
	const char *text, const char *hint, const wa_kb_embed *e, wa_err *err)
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
	    !(vectors = wa_kb_embed_texts_new(e, chunks, err))) {
		json_decref(chunks);
		return -1;
	}
	if (remove_doc(ws, client, source, err))
		goto out;
	if (!(st = wa_ws_stmt(ws, "INSERT INTO kb_documents (client, source, title, sha256, "
	    "added_at, analysis) VALUES (?1, ?2, ?3, ?4, ?5, " KB_ANALYSIS_S ")", err)))
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
	char doc_lang[8], lang[8];
	wa_kb_lang(text ? text : "", hint, doc_lang);
	json_array_foreach(chunks, i, c) {
		/* a chunk is in its document's language, unless its own words
		 * say otherwise (a page in two languages); one too short to
		 * tell is in its document's */
		if (json_array_size(chunks) > 1 && strlen(json_string_value(c)) >= 200)
			wa_kb_lang_by_words(json_string_value(c), doc_lang, lang);
		else
			strcpy(lang, doc_lang);
		if (!(st = wa_ws_stmt(ws, "INSERT INTO kb_chunks (document, client, seq, text, "
		    "embedding, lang) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err)))
			goto out;
		sqlite3_bind_text(st, 6, lang, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 1, doc);
		sqlite3_bind_text(st, 2, client, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, (int)i);
		sqlite3_bind_text(st, 4, json_string_value(c), -1, SQLITE_STATIC);
		if (vectors)
			wa_kb_embed_bind(st, 5, json_array_get(vectors, i));
		else
			sqlite3_bind_null(st, 5);
		if (wa_ws_step_done(ws, st, "adding a chunk", err))
			goto out;
		sqlite3_int64 chunk = sqlite3_last_insert_rowid(wa_ws_db(ws));
		if (index_terms(ws, client, chunk, json_string_value(c), title, lang, err))
			goto out;
	}
	rc = (int)json_array_size(chunks);
out:
	json_decref(chunks);
	json_decref(vectors);
	return rc;
}

/* Each FAQ pair a document of its own (a question finds its answer),
 * named in made: chunks added, or -1. */
static int add_faq(wa_ws *ws, const char *id, const char *hint, json_t *facts, json_t *made,
	const wa_kb_embed *e, wa_err *err)
{
	char source[2048];
	size_t i;
	json_t *f;
	int total = 0;

	json_array_foreach(json_object_get(facts, "faq"), i, f) {
		json_t *v = json_object_get(f, "value");
		const char *q = json_string_value(json_object_get(v, "question"));
		const char *a = json_string_value(json_object_get(v, "answer"));
		if (!q || !a)
			continue;
		wa_buf t;
		wa_buf_init(&t);
		wa_buf_addf(&t, "%s %s", q, a);
		snprintf(source, sizeof source, "%s#faq-%zu", wa_kb_first_source(f) ?
			wa_kb_first_source(f) : "research", i + 1);
		int n = wa_kb_add_in(ws, id, source, q, t.data, hint, e, err);
		wa_buf_free(&t);
		if (n < 0)
			return -1;
		json_object_set_new(made, source, json_true());
		total += n;
	}
	return total;
}

/* One item of a list of facts of kind k (services, prices, hours,
 * addresses) in words, appended to out. */
static void fact_words(int k, json_t *v, wa_buf *out)
{
	if (json_is_string(v)) {
		wa_buf_adds(out, json_string_value(v));
	} else if (k == 1) {
		const char *what = json_string_value(json_object_get(v, "context"));
		const char *amount = json_string_value(json_object_get(v, "amount"));
		const char *cur = json_string_value(json_object_get(v, "currency"));
		if (!what)
			what = json_string_value(json_object_get(v, "label"));
		wa_buf_addf(out, "%s%s%s %s", what ? what : "", what ? ": " : "",
			amount ? amount : "", cur ? cur : "");
	} else if (k == 2) {
		const char *text = json_string_value(json_object_get(v, "text"));
		wa_buf_adds(out, text ? text : "");
	} else {
		wa_kb_address_line(v, out);
	}
}

/* Services, prices, hours and addresses: a document each, named in
 * made: chunks added, or -1. */
static int add_fact_lists(wa_ws *ws, const char *id, const char *hint, const char *name,
	json_t *facts, json_t *made, const wa_kb_embed *e, wa_err *err)
{
	static const char *const kinds[] = { "services", "prices", "opening_hours", "addresses" };
	static const char *const words[] = { "Services", "Prices", "Opening hours", "Address" };
	char source[2048];
	int total = 0;

	for (int k = 0; k < 4; k++) {
		json_t *list = json_object_get(facts, kinds[k]), *f;
		size_t i;
		int items = 0;
		if (!json_array_size(list))
			continue;
		wa_buf t;
		wa_buf_init(&t);
		wa_buf_addf(&t, "%s of %s: ", words[k], name ? name : id);
		json_array_foreach(list, i, f) {
			wa_buf item;
			wa_buf_init(&item);
			fact_words(k, json_object_get(f, "value"), &item);
			if (item.len)
				wa_buf_addf(&t, "%s%s", items++ ? "; " : "", item.data);
			wa_buf_free(&item);
		}
		wa_buf_addc(&t, '.');
		snprintf(source, sizeof source, "research:%s#%s", id, kinds[k]);
		int n = wa_kb_add_in(ws, id, source, words[k], t.data, hint, e, err);
		wa_buf_free(&t);
		if (n < 0)
			return -1;
		json_object_set_new(made, source, json_true());
		total += n;
	}
	return total;
}

/* What an earlier research gave and this one (made) did not goes. */
static int remove_stale(wa_ws *ws, const char *id, json_t *made, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT source FROM kb_documents WHERE client = ?1 AND "
		"(source LIKE 'research:%' OR source LIKE '%#faq-%')", err);
	json_t *stale, *f;
	size_t i;
	int rc = 0;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	stale = json_array();
	while (sqlite3_step(st) == SQLITE_ROW)
		if (!json_object_get(made, (const char *)sqlite3_column_text(st, 0)))
			json_array_append_new(stale, json_string((const char *)sqlite3_column_text(st,
				0)));
	sqlite3_reset(st);
	json_array_foreach(stale, i, f)
		if (!rc)
			rc = remove_doc(ws, id, json_string_value(f), err);
	json_decref(stale);
	return rc;
}

/* a page's main text, collected: [url, text] */
static int collect_page(const char *url, const char *html, size_t len, void *user)
{
	htmlDocPtr doc = wa_html_parse(html, len);
	wa_buf text;

	wa_buf_init(&text);
	if (doc) {
		wa_maintext(doc, &text);
		wa_html_free(doc);
	}
	if (text.len)
		json_array_append_new(user, json_pack("[s, s]", url, text.data));
	wa_buf_free(&text);
	return 0;
}

/* The main text of the pages research read for the client, a document
 * each: chunks added, or -1. */
static int add_pages(wa_ws *ws, const char *id, const char *hint, const wa_kb_embed *e,
	wa_err *err)
{
	json_t *pages = json_array(), *pg;
	size_t i;
	int total = 0;

	if (wa_pagecache_each_client_page(ws, id, collect_page, pages, err)) {
		json_decref(pages);
		return -1;
	}
	json_array_foreach(pages, i, pg) {
		int n = wa_kb_add_in(ws, id, json_string_value(json_array_get(pg, 0)), NULL,
			json_string_value(json_array_get(pg, 1)), hint, e, err);
		if (n < 0) {
			total = -1;
			break;
		}
		total += n;
	}
	json_decref(pages);
	return total;
}

int wa_kb_add_research(wa_ws *ws, json_t *dossier, const wa_kb_embed *e, wa_err *err)
{
	json_t *client = wa_dossier_client(dossier);
	const char *id = json_string_value(json_object_get(client, "id"));
	const char *name = json_string_value(json_object_get(client, "name"));
	json_t *facts = json_object_get(json_object_get(dossier, "research"), "facts");
	json_t *made;           /* the research documents of this run */
	int faq, lists, pages;

	if (!id)
		return wa_err_set(err, WA_EX_DATAERR, "a dossier without client.id");
	made = json_object();
	/* the client's language, for what is too short to tell */
	char hint[3] = "";
	const char *locale = json_string_value(json_object_get(client, "locale"));
	if (locale && strlen(locale) >= 2 && isalpha((unsigned char)locale[0]) &&
	    isalpha((unsigned char)locale[1])) {
		hint[0] = (char)tolower((unsigned char)locale[0]);
		hint[1] = (char)tolower((unsigned char)locale[1]);
	}
	faq = add_faq(ws, id, hint, facts, made, e, err);
	lists = faq < 0 ? -1 : add_fact_lists(ws, id, hint, name, facts, made, e, err);
	if (lists < 0 || remove_stale(ws, id, made, err)) {
		json_decref(made);
		return -1;
	}
	json_decref(made);
	pages = add_pages(ws, id, hint, e, err);
	if (pages < 0 || wa_kb_graph_research(ws, client, facts, err))
		return -1;
	return faq + lists + pages;
}

/* ---- searching ---- */

static const char *const stop[] = { "a", "an", "and", "are", "at", "be", "can", "do", "does",
	"for", "have", "how", "i", "in", "is", "it", "me", "my", "of", "on", "or", "the", "there",
	"to", "we", "what", "when", "where", "which", "who", "will", "with", "you", "your", NULL };

/* the query's words, lower case, without stop words: a new array */
json_t *wa_kb_words_new(const char *q)
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
int wa_kb_mentions(json_t *words, const char *name)
{
	json_t *nw = wa_kb_words_new(name), *a, *b;
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
