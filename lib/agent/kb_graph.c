/* kb_graph.c - the graph of a client's business: its services,
 * locations, prices and people as entities, their relations, and the
 * answer a recursive walk gives to a question that names two of them:
 * see kb.h. */
#include "agent/kb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/kb_int.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "text/text.h"
#include "ws/ws.h"

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

const char *wa_kb_first_source(json_t *fact)
{
	return json_string_value(json_array_get(json_object_get(fact, "sources"), 0));
}

/* an address fact's value on one line */
void wa_kb_address_line(json_t *v, wa_buf *out)
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

/* 1 when the question asks who */
static int asks_who(const char *query)
{
	static const char *const who[] = { "who", "whom", "whose", "wer", "wen", "wem", "quién",
		"quien", "quiénes", NULL };

	return wa_text_has_word(query, who);
}

static const char *const price_words[] = { "cost", "costs", "price", "prices", "much", "fee",
	"fees", "charge", "charges", "expensive", NULL };

/* The graph's answer: a service and a location the query names, joined
 * within three relations (a recursive walk); a service's prices when the
 * query asks what it costs; a person the query names, and where they
 * work.  NULL when there is none. */
/* the service, location and person the query names best: ids in
 * best, names in names (new) */
static int named(wa_ws *ws, const char *client, json_t *words, const char *query,
	sqlite3_int64 best[3], char *names[3], wa_err *err)
{
	static const char *const kinds[3] = { "service", "location", "person" };
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT id, kind, name FROM kb_entities WHERE "
		"client = ?1 AND kind IN ('service', 'location', 'person')", err);
	int score[3] = { 0, 0, 0 }, who = asks_who(query);

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int k = 0;
		while (k < 3 && strcmp((const char *)sqlite3_column_text(st, 1), kinds[k]))
			k++;
		const char *name = (const char *)sqlite3_column_text(st, 2);
		int s = k < 2 ? wa_kb_mentions(words, name) : 0;
		/* a person by their name; by their role ("the lead dentist")
		 * only when the question asks who */
		if (k == 2) {
			char *own = wa_mem_strndup(name, strcspn(name, ","));
			s = wa_kb_mentions(words, who ? name : own);
			free(own);
		}
		if (s > score[k]) {
			score[k] = s;
			best[k] = sqlite3_column_int64(st, 0);
			free(names[k]);
			names[k] = wa_mem_strdup(name);
		}
	}
	sqlite3_reset(st);
	return 0;
}

json_t *wa_kb_graph_answer_new(wa_ws *ws, const char *client, json_t *words, const char *query,
	wa_err *err)
{
	sqlite3_stmt *st;
	sqlite3_int64 best[3] = { 0, 0, 0 };
	char *names[3] = { NULL, NULL, NULL };

	if (named(ws, client, words, query, best, names, err)) {
		for (int k = 0; k < 3; k++)
			free(names[k]);
		return NULL;
	}
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

/* the town of an address (v: an address fact's value, {city, ...}): the
 * business is in it.  0, or -1 with err */
static int town(wa_ws *ws, const char *id, sqlite3_int64 biz, json_t *v, const char *source,
	wa_err *err)
{
	const char *city = json_string_value(json_object_get(v, "city"));

	if (!city || !*city)
		return 0;
	sqlite3_int64 t = entity(ws, id, "town", city, source, err);
	return t < 0 || relate(ws, biz, "in_town", t, err) ? -1 : 0;
}

/* The graph of what research found: the business offers its services,
 * is at its addresses, lists prices (a service's when they share a
 * word); the people the client named work there. */
int wa_kb_graph_research(wa_ws *ws, json_t *client, json_t *facts, wa_err *err)
{
	const char *id = json_string_value(json_object_get(client, "id"));
	const char *name = json_string_value(json_object_get(client, "name"));
	size_t i;
	json_t *f;

	sqlite3_int64 biz = entity(ws, id, "business", name ? name : id, NULL, err);
	if (biz < 0)
		return -1;
	json_array_foreach(json_object_get(facts, "services"), i, f) {
		const char *s = json_string_value(json_object_get(f, "value"));
		sqlite3_int64 svc = s ? entity(ws, id, "service", s, wa_kb_first_source(f), err) : 0;
		if (svc < 0 || (svc && relate(ws, biz, "offers", svc, err)))
			return -1;
	}
	json_array_foreach(json_object_get(facts, "addresses"), i, f) {
		wa_buf line;
		wa_buf_init(&line);
		wa_kb_address_line(json_object_get(f, "value"), &line);
		sqlite3_int64 loc = line.len ? entity(ws, id, "location", line.data, wa_kb_first_source(f),
			err) : 0;
		wa_buf_free(&line);
		if (loc < 0 || (loc && relate(ws, biz, "located_at", loc, err)) ||
		    town(ws, id, biz, json_object_get(f, "value"), wa_kb_first_source(f), err))
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
		sqlite3_int64 price = entity(ws, id, "price", label, wa_kb_first_source(f), err);
		if (price < 0 || relate(ws, biz, "lists", price, err))
			return -1;
		json_t *ww = wa_kb_words_new(what), *sv;
		size_t k;
		json_array_foreach(json_object_get(facts, "services"), k, sv) {
			const char *sname = json_string_value(json_object_get(sv, "value"));
			if (!sname || !wa_kb_mentions(ww, sname))
				continue;
			sqlite3_int64 svc = entity(ws, id, "service", sname, wa_kb_first_source(sv), err);
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
	if (town(ws, id, biz, json_object_get(client, "address"), "client", err))
		return -1;
	if (json_object_get(client, "address")) {
		wa_buf line;
		wa_buf_init(&line);
		wa_kb_address_line(json_object_get(client, "address"), &line);
		sqlite3_int64 loc = line.len ? entity(ws, id, "location", line.data, "client", err) : 0;
		wa_buf_free(&line);
		if (loc < 0 || (loc && relate(ws, biz, "located_at", loc, err)))
			return -1;
	}
	return 0;
}
