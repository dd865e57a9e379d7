/* graph.c - see graph.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "agent/graph.h"
#include "base/hash.h"
#include "json/json.h"

typedef struct node {
	char *name;
	wa_node_fn fn;
	void *user;
	char *edge;             /* static edge, or NULL */
	wa_route_fn route;
	void *route_user;
	wa_interrupt_fn interrupt;
	void *interrupt_user;
	int pure;               /* touches nothing outside the state */
} node;

struct wa_graph {
	node *nodes;
	size_t n;
	json_t *reducers;       /* channel -> reducer (integer) */
	char *entry;
	wa_finish_fn finish;
	void *finish_user;
	struct cached *cache;   /* the states of the threads run last */
	size_t ncache;
	unsigned long tick;
};

wa_graph *wa_graph_new(void)
{
	wa_graph *g = wa_mem_calloc(1, sizeof *g);

	g->reducers = json_object();
	return g;
}

struct cached;
static void cache_free(wa_graph *g);

void wa_graph_free(wa_graph *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n; i++) {
		free(g->nodes[i].name);
		free(g->nodes[i].edge);
	}
	free(g->nodes);
	free(g->entry);
	json_decref(g->reducers);
	cache_free(g);
	free(g);
}

void wa_graph_channel(wa_graph *g, const char *name, wa_reducer r)
{
	json_object_set_new(g->reducers, name, json_integer(r));
}

static node *find(const wa_graph *g, const char *name)
{
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->nodes[i].name, name))
			return &g->nodes[i];
	return NULL;
}

void wa_graph_node(wa_graph *g, const char *name, wa_node_fn fn, void *user)
{
	g->nodes = wa_mem_realloc(g->nodes, (g->n + 1) * sizeof *g->nodes);
	g->nodes[g->n++] = (node){ .name = wa_mem_strdup(name), .fn = fn, .user = user };
}

void wa_graph_node_pure(wa_graph *g, const char *name)
{
	node *n = find(g, name);

	if (n)
		n->pure = 1;
}

void wa_graph_entry(wa_graph *g, const char *name)
{
	free(g->entry);
	g->entry = wa_mem_strdup(name);
}

void wa_graph_edge(wa_graph *g, const char *from, const char *to)
{
	node *n = find(g, from);

	if (n) {
		free(n->edge);
		n->edge = wa_mem_strdup(to);
	}
}

void wa_graph_route(wa_graph *g, const char *from, wa_route_fn route, void *user)
{
	node *n = find(g, from);

	if (n) {
		n->route = route;
		n->route_user = user;
	}
}

void wa_graph_interrupt_before(wa_graph *g, const char *name, wa_interrupt_fn fn, void *user)
{
	node *n = find(g, name);

	if (n) {
		n->interrupt = fn;
		n->interrupt_user = user;
	}
}

void wa_graph_on_finish(wa_graph *g, wa_finish_fn fn, void *user)
{
	g->finish = fn;
	g->finish_user = user;
}

int wa_graph_check(const wa_graph *g, wa_err *err)
{
	if (!g->entry || !find(g, g->entry))
		return wa_err_set(err, WA_EX_CONFIG, "graph: the entry node %s%s%s does not exist",
			g->entry ? "\"" : "", g->entry ? g->entry : "(none)", g->entry ? "\"" : "");
	for (size_t i = 0; i < g->n; i++) {
		const node *n = &g->nodes[i];
		if (!n->edge && !n->route)
			return wa_err_set(err, WA_EX_CONFIG, "graph: node \"%s\" has no edge out",
				n->name);
		if (n->edge && strcmp(n->edge, WA_GRAPH_END) && !find(g, n->edge))
			return wa_err_set(err, WA_EX_CONFIG, "graph: node \"%s\" leads to \"%s\", "
				"which does not exist", n->name, n->edge);
	}
	return 0;
}

/* ---- reducers ---- */

typedef struct delta {
	json_t *added;          /* messages added or replacing, in order */
	json_t *removed;        /* ids replaced (before the additions) */
	json_t *dropped;        /* ids removed (after them) */
	json_t *writes;         /* channels written */
	json_t *forked_from;    /* {thread, checkpoint} for a fork's first, or NULL */
} delta;

static int index_of(json_t *messages, const char *id)
{
	size_t i;
	json_t *m;

	json_array_foreach(messages, i, m) {
		const char *mid = json_string_value(json_object_get(m, "id"));
		if (mid && !strcmp(mid, id))
			return (int)i;
	}
	return -1;
}

static int add_messages(json_t *state, const char *key, json_t *value, long *next_id, delta *d,
	wa_err *err)
{
	json_t *messages = json_object_get(state, key);
	size_t i;
	json_t *m;

	if (!json_is_array(messages)) {
		messages = json_array();
		json_object_set_new(state, key, messages);
	}
	json_t *list = json_is_array(value) ? json_incref(value) : json_pack("[O]", value);
	json_array_foreach(list, i, m) {
		if (!json_is_object(m)) {
			json_decref(list);
			return wa_err_set(err, WA_EX_DATAERR, "%s: a message must be an object", key);
		}
		const char *rm = json_string_value(json_object_get(m, "remove"));
		if (rm) {
			int at = index_of(messages, rm);
			if (at >= 0) {
				json_array_remove(messages, (size_t)at);
				if (d)
					json_array_append_new(d->dropped, json_string(rm));
			}
			continue;
		}
		json_t *copy = json_deep_copy(m);
		if (!json_string_value(json_object_get(copy, "id"))) {
			char id[32];
			snprintf(id, sizeof id, "m%ld", (*next_id)++);
			json_object_set_new(copy, "id", json_string(id));
		}
		const char *id = json_string_value(json_object_get(copy, "id"));
		int at = index_of(messages, id);
		if (at >= 0) {
			json_array_set(messages, (size_t)at, copy);
			if (d)
				json_array_append_new(d->removed, json_string(id));
		} else {
			json_array_append(messages, copy);
		}
		if (d)
			json_array_append(d->added, copy);
		json_decref(copy);
	}
	json_decref(list);
	return 0;
}

static int apply(const wa_graph *g, json_t *state, json_t *update, long *next_id, delta *d,
	wa_err *err)
{
	const char *key;
	json_t *value;

	if (!update)
		return 0;
	if (!json_is_object(update))
		return wa_err_set(err, WA_EX_DATAERR, "a state update must be an object");
	json_object_foreach(update, key, value) {
		json_int_t r = json_integer_value(json_object_get(g->reducers, key));
		if (d && r != WA_REDUCE_MESSAGES)
			json_array_append_new(d->writes, json_string(key));
		if (r == WA_REDUCE_MESSAGES) {
			if (add_messages(state, key, value, next_id, d, err))
				return -1;
		} else if (r == WA_REDUCE_MERGE) {
			json_t *cur = json_object_get(state, key);
			if (!json_is_object(value))
				return wa_err_set(err, WA_EX_DATAERR, "%s: a merge needs an object", key);
			if (!json_is_object(cur)) {
				cur = json_object();
				json_object_set_new(state, key, cur);
			}
			const char *k;
			json_t *v;
			json_object_foreach(value, k, v) {
				if (json_is_null(v))
					json_object_del(cur, k);
				else
					json_object_set(cur, k, v);
			}
		} else {
			json_object_set(state, key, value);
		}
	}
	return 0;
}

int wa_graph_apply(const wa_graph *g, json_t *state, json_t *update, long *next_id,
	wa_err *err)
{
	return apply(g, state, update, next_id, NULL, err);
}

/* ---- checkpoints ---- */

typedef struct thread_state {
	long checkpoint, step, next_id;
	int64_t next_seq;
	char next[128], status[32];
	json_t *state;
} thread_state;

static const char *messages_key(const wa_graph *g)
{
	const char *key;
	json_t *r;

	json_object_foreach(g->reducers, key, r)
		if (json_integer_value(r) == WA_REDUCE_MESSAGES)
			return key;
	return "messages";
}

/* ---- the codec every stored value passes through ---- */

static wa_graph_codec_fn codec_encode, codec_decode;
static void *codec_user;

void wa_graph_codec(wa_graph_codec_fn encode, wa_graph_codec_fn decode, void *user)
{
	codec_encode = encode;
	codec_decode = decode;
	codec_user = user;
}

/* v as it goes into the workspace (a new reference), or NULL with err */
static json_t *encoded(wa_ws *ws, const char *thread, json_t *v, wa_err *err)
{
	return codec_encode ? codec_encode(ws, thread, v, codec_user, err) : json_incref(v);
}

/* v as it comes out (steals v; a new reference) */
static json_t *decoded(wa_ws *ws, const char *thread, json_t *v)
{
	if (!codec_decode || !v)
		return v;
	wa_err ignored = WA_ERR_INIT;
	json_t *d = codec_decode(ws, thread, v, codec_user, &ignored);
	if (!d)
		return v;       /* kept as stored: placeholders, not originals */
	json_decref(v);
	return d;
}

static int load_messages(wa_ws *ws, const char *thread, long cp, json_t *into, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT body FROM graph_messages WHERE thread = ?1 AND "
		"added <= ?2 AND (removed IS NULL OR removed > ?2) ORDER BY seq", err);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, thread, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, cp);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *m = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
		if (m)
			json_array_append_new(into, decoded(ws, thread, m));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : wa_ws_fail(ws, rc, "reading messages", err);
}

/* thread's checkpoint cp (0: the latest) into t; 0 found, 1 none, -1 err */
static int load(const wa_graph *g, wa_ws *ws, const char *thread, long cp, thread_state *t,
	wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT id, step, next, status, channels, metadata FROM "
		"graph_checkpoints WHERE thread = ?1 AND (?2 = 0 OR id = ?2) ORDER BY id DESC "
		"LIMIT 1", err);

	memset(t, 0, sizeof *t);
	t->next_id = 1;
	t->next_seq = 1;
	t->state = json_pack("{s:s}", "thread", thread);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, thread, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, cp);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 1 : wa_ws_fail(ws, rc, "reading a checkpoint", err);
	}
	t->checkpoint = sqlite3_column_int64(st, 0);
	t->step = sqlite3_column_int64(st, 1);
	snprintf(t->next, sizeof t->next, "%s", (const char *)sqlite3_column_text(st, 2));
	snprintf(t->status, sizeof t->status, "%s", (const char *)sqlite3_column_text(st, 3));
	json_t *ch = json_loads((const char *)sqlite3_column_text(st, 4), 0, NULL);
	json_t *meta = json_loads((const char *)sqlite3_column_text(st, 5), 0, NULL);
	sqlite3_reset(st);
	ch = decoded(ws, thread, ch);
	if (json_is_object(ch))
		json_object_update(t->state, ch);
	json_object_set_new(t->state, "thread", json_string(thread));
	t->next_id = (long)json_integer_value(json_object_get(meta, "next_id"));
	if (t->next_id < 1)
		t->next_id = 1;
	json_decref(ch);
	json_decref(meta);
	json_t *msgs = json_array();
	if (load_messages(ws, thread, t->checkpoint, msgs, err)) {
		json_decref(msgs);
		return -1;
	}
	json_object_set_new(t->state, messages_key(g), msgs);
	st = wa_ws_stmt(ws, "SELECT coalesce(max(seq), 0) + 1 FROM graph_messages WHERE "
		"thread = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, thread, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		t->next_seq = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

/* the seq a message of this id has now, or 0 */
static int64_t seq_of(wa_ws *ws, const char *thread, const char *id, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT seq FROM graph_messages WHERE thread = ?1 AND "
		"id = ?2 AND removed IS NULL", err);
	int64_t seq = 0;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, thread, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		seq = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return seq;
}

/* End the live messages with these ids at checkpoint cp (older: only
 * those added before it). */
static int end_messages(wa_ws *ws, const char *thread, json_t *ids, long cp, int older,
	wa_err *err)
{
	size_t i;
	json_t *v;

	json_array_foreach(ids, i, v) {
		sqlite3_stmt *st = older ?
			wa_ws_stmt(ws, "UPDATE graph_messages SET removed = ?3 WHERE thread = ?1 AND "
				"id = ?2 AND removed IS NULL AND added < ?3", err) :
			wa_ws_stmt(ws, "UPDATE graph_messages SET removed = ?3 WHERE thread = ?1 AND "
				"id = ?2 AND removed IS NULL", err);
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, thread, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, json_string_value(v), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, cp);
		if (wa_ws_step_done(ws, st, "saving messages", err))
			return -1;
	}
	return 0;
}

/* Write checkpoint t->checkpoint + 1 for what node did (d), in the open
 * transaction. */
static int save(const wa_graph *g, wa_ws *ws, const char *thread, thread_state *t,
	const char *ran, const char *next, const char *status, delta *d, wa_err *err)
{
	long cp = t->checkpoint + 1;
	size_t i;
	json_t *v;
	sqlite3_stmt *st;

	/* messages: the replaced ones end here, the new ones start */
	if (end_messages(ws, thread, d->removed, cp, 1, err))
		return -1;
	json_array_foreach(d->added, i, v) {
		const char *id = json_string_value(json_object_get(v, "id"));
		/* a replacement keeps its place; one added twice in a step, its last */
		int64_t seq = 0;
		sqlite3_stmt *q = wa_ws_stmt(ws, "SELECT seq FROM graph_messages WHERE thread = ?1 "
			"AND id = ?2 AND removed = ?3", err);
		if (!q)
			return -1;
		sqlite3_bind_text(q, 1, thread, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 3, cp);
		if (sqlite3_step(q) == SQLITE_ROW)
			seq = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		int64_t live = seq_of(ws, thread, id, err);
		if (live < 0)
			return -1;
		if (live) {     /* the same id twice in one step: the later wins */
			if (!(st = wa_ws_stmt(ws, "DELETE FROM graph_messages WHERE thread = ?1 AND "
			    "id = ?2 AND added = ?3", err)))
				return -1;
			sqlite3_bind_text(st, 1, thread, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(st, 3, cp);
			if (wa_ws_step_done(ws, st, "saving messages", err))
				return -1;
			seq = live;
		}
		if (!seq)
			seq = t->next_seq++;
		wa_buf body;
		json_t *ev = encoded(ws, thread, v, err);
		if (!ev)
			return -1;
		wa_buf_init(&body);
		wa_json_append(&body, ev);
		json_decref(ev);
		st = wa_ws_stmt(ws, "INSERT INTO graph_messages (thread, seq, added, id, body) "
			"VALUES (?1, ?2, ?3, ?4, ?5)", err);
		if (st) {
			sqlite3_bind_text(st, 1, thread, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(st, 2, seq);
			sqlite3_bind_int64(st, 3, cp);
			sqlite3_bind_text(st, 4, id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 5, body.data, (int)body.len, SQLITE_TRANSIENT);
		}
		wa_buf_free(&body);
		if (!st || wa_ws_step_done(ws, st, "saving messages", err))
			return -1;
	}
	/* removals, after the additions: a message added and removed in one
	 * step is never live */
	if (end_messages(ws, thread, d->dropped, cp, 0, err))
		return -1;
	/* the other channels as they stand */
	json_t *all = json_copy(t->state);
	json_object_del(all, messages_key(g));
	json_t *ch = encoded(ws, thread, all, err);
	json_decref(all);
	if (!ch)
		return -1;
	json_t *meta = json_pack("{s:O, s:I, s:I, s:I}", "writes", d->writes, "added",
		(json_int_t)json_array_size(d->added), "removed",
		(json_int_t)(json_array_size(d->removed) + json_array_size(d->dropped)), "next_id",
		(json_int_t)t->next_id);
	if (d->forked_from)
		json_object_set(meta, "forked_from", d->forked_from);
	wa_buf chs, metas;
	wa_buf_init(&chs);
	wa_buf_init(&metas);
	wa_json_append(&chs, ch);
	wa_json_append(&metas, meta);
	json_decref(ch);
	json_decref(meta);
	char now[WA_TIME_MAX];
	wa_clock_now_text(now);
	st = wa_ws_stmt(ws, "INSERT INTO graph_checkpoints (thread, id, parent, step, node, next, "
		"status, channels, metadata, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		"?10)", err);
	int rc = -1;
	if (st) {
		sqlite3_bind_text(st, 1, thread, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, cp);
		if (t->checkpoint)
			sqlite3_bind_int64(st, 3, t->checkpoint);
		else
			sqlite3_bind_null(st, 3);
		sqlite3_bind_int64(st, 4, t->step + (strcmp(ran, "input") ? 1 : 0));
		sqlite3_bind_text(st, 5, ran, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, next, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, status, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 8, chs.data, (int)chs.len, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 9, metas.data, (int)metas.len, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 10, now, -1, SQLITE_TRANSIENT);
		rc = wa_ws_step_done(ws, st, "saving a checkpoint", err);
	}
	wa_buf_free(&chs);
	wa_buf_free(&metas);
	if (rc)
		return -1;
	t->checkpoint = cp;
	if (strcmp(ran, "input"))
		t->step++;
	snprintf(t->next, sizeof t->next, "%s", next);
	snprintf(t->status, sizeof t->status, "%s", status);
	return 0;
}

static void delta_init(delta *d)
{
	d->added = json_array();
	d->removed = json_array();
	d->dropped = json_array();
	d->writes = json_array();
	d->forked_from = NULL;
}

static void delta_free(delta *d)
{
	json_decref(d->added);
	json_decref(d->removed);
	json_decref(d->dropped);
	json_decref(d->writes);
	json_decref(d->forked_from);
}

static const char *next_of(const node *n, json_t *state)
{
	const char *to = n->route ? n->route(state, n->route_user) : n->edge;

	return to ? to : WA_GRAPH_END;
}

/* ---- the state cache ----
 * A thread's state is kept after a run, so that its next turn does not
 * read and parse its whole history again: the cost of a turn stays flat
 * as the thread grows.  An entry is used only while it is the thread's
 * latest checkpoint in the workspace (another process may have moved
 * the thread on); a run that fails drops it. */

#define CACHE_MAX 256

typedef struct cached {
	char *thread;
	thread_state t;
	unsigned long used;
} cached;

static void uncache(wa_graph *g, const char *thread)
{
	for (size_t i = 0; i < g->ncache; i++)
		if (!strcmp(g->cache[i].thread, thread)) {
			free(g->cache[i].thread);
			json_decref(g->cache[i].t.state);
			g->cache[i] = g->cache[--g->ncache];
			return;
		}
}

static void cache_free(wa_graph *g)
{
	while (g->ncache)
		uncache(g, g->cache[0].thread);
	free(g->cache);
}

static void cache_put(wa_graph *g, const char *thread, const thread_state *t)
{
	cached *c = NULL;

	for (size_t i = 0; i < g->ncache && !c; i++)
		if (!strcmp(g->cache[i].thread, thread))
			c = &g->cache[i];
	if (!c && g->ncache == CACHE_MAX) {     /* the least recently used goes */
		c = &g->cache[0];
		for (size_t i = 1; i < g->ncache; i++)
			if (g->cache[i].used < c->used)
				c = &g->cache[i];
	}
	if (!c) {
		g->cache = wa_mem_realloc(g->cache, (g->ncache + 1) * sizeof *g->cache);
		c = &g->cache[g->ncache++];
		c->thread = NULL;
		c->t.state = NULL;
	}
	if (!c->thread || strcmp(c->thread, thread)) {
		free(c->thread);
		c->thread = wa_mem_strdup(thread);
	}
	json_incref(t->state);
	json_decref(c->t.state);
	c->t = *t;
	c->used = ++g->tick;
}

/* load(g, ws, thread, 0, t, err), from the cache when it is current */
static int load_latest(wa_graph *g, wa_ws *ws, const char *thread, thread_state *t, wa_err *err)
{
	for (size_t i = 0; i < g->ncache; i++) {
		if (strcmp(g->cache[i].thread, thread))
			continue;
		sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT max(id) FROM graph_checkpoints WHERE "
			"thread = ?1", err);
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, thread, -1, SQLITE_TRANSIENT);
		long latest = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
		sqlite3_reset(st);
		if (latest != g->cache[i].t.checkpoint)
			break;
		*t = g->cache[i].t;
		json_incref(t->state);
		g->cache[i].used = ++g->tick;
		return t->checkpoint ? 0 : 1;
	}
	uncache(g, thread);
	return load(g, ws, thread, 0, t, err);
}

json_t *wa_graph_state_latest(wa_graph *g, wa_ws *ws, const char *thread, wa_err *err)
{
	thread_state t;
	int rc = load_latest(g, ws, thread, &t, err);

	if (rc >= 0)
		cache_put(g, thread, &t);       /* a new thread too: its first turn is next */
	if (rc) {
		json_decref(t.state);
		if (rc > 0)
			wa_err_set(err, WA_EX_NOINPUT, "thread %s: no such thread", thread);
		return NULL;
	}
	return t.state;
}

int wa_graph_invoke(wa_graph *g, wa_ws *ws, const char *thread, json_t *input,
	int resume, int approve, int limit, wa_graph_result *res, wa_err *err)
{
	thread_state t;
	delta d;
	int rc, steps = 0;

	memset(res, 0, sizeof *res);
	res->status = "error";
	if ((rc = load_latest(g, ws, thread, &t, err)) < 0)
		goto fail;
	if (resume && (rc == 1 || !strcmp(t.next, WA_GRAPH_END))) {
		wa_err_set(err, WA_EX_DATAERR, "thread %s: nothing to resume (%s)", thread,
			rc == 1 ? "no such thread" : "its last turn is done");
		goto fail;
	}
	char pending[128];
	snprintf(pending, sizeof pending, "%s", resume ? t.next : g->entry);
	if (input) {
		/* the input is a checkpoint of its own, committed alone, or with
		 * the first step when that node is pure and not interrupted (it
		 * runs in microseconds: an answer is then one commit fewer) */
		const node *first = find(g, pending);
		int with_first = first && first->pure && !(first->interrupt &&
			first->interrupt(t.state, first->interrupt_user));
		delta_init(&d);
		if (wa_ws_begin(ws, err) || apply(g, t.state, input, &t.next_id, &d, err) ||
		    save(g, ws, thread, &t, "input", pending, "running", &d, err) ||
		    (!with_first && wa_ws_commit(ws, err))) {
			wa_ws_rollback(ws);
			delta_free(&d);
			goto fail;
		}
		delta_free(&d);
	}
	for (;;) {
		if (!strcmp(pending, WA_GRAPH_END)) {
			res->status = "done";
			break;
		}
		const node *n = find(g, pending);
		if (!n) {
			wa_err_set(err, WA_EX_SOFTWARE, "graph: no node \"%s\"", pending);
			goto fail;
		}
		if (steps >= limit) {
			wa_err_set(err, WA_EX_DATAERR, "thread %s: the recursion limit of %d steps was "
				"reached before node \"%s\"; the state is kept (resume it)", thread, limit,
				pending);
			res->node = n->name;
			goto fail;
		}
		if (n->interrupt && !(approve && steps == 0 && resume) &&
		    n->interrupt(t.state, n->interrupt_user)) {
			int again = !strcmp(t.status, "interrupted") && !strcmp(t.next, pending);
			delta_init(&d);
			int bad = (!wa_ws_in_transaction(ws) && wa_ws_begin(ws, err)) ||
				(!again && save(g, ws, thread, &t,
				"interrupt", pending, "interrupted", &d, err)) || (g->finish &&
				g->finish(ws, thread, "interrupted", t.state, steps, g->finish_user, err)) ||
				wa_ws_commit(ws, err);
			delta_free(&d);
			if (bad) {
				wa_ws_rollback(ws);
				goto fail;
			}
			res->status = "interrupted";
			res->node = n->name;
			break;
		}
		/* one super-step: the node (its side effects are tasks, each
		 * recorded as it completes), then its update and the checkpoint
		 * in one transaction */
		json_t *update = json_object();
		delta_init(&d);
		int bad = n->fn(ws, t.state, update, n->user, err) ||
			(!wa_ws_in_transaction(ws) && wa_ws_begin(ws, err)) ||
			apply(g, t.state, update, &t.next_id, &d, err);
		const char *next = bad ? NULL : next_of(n, t.state);
		if (!bad)
			bad = save(g, ws, thread, &t, n->name, next, strcmp(next, WA_GRAPH_END) ?
				"running" : "done", &d, err) || (!strcmp(next, WA_GRAPH_END) &&
				g->finish && g->finish(ws, thread, "done", t.state, steps + 1,
				g->finish_user, err)) || wa_ws_commit(ws, err);
		json_decref(update);
		delta_free(&d);
		if (bad) {
			wa_ws_rollback(ws);
			res->node = n->name;
			goto fail;
		}
		steps++;
		snprintf(pending, sizeof pending, "%s", next);
	}
	res->checkpoint = t.checkpoint;
	res->steps = steps;
	res->state = t.state;
	cache_put(g, thread, &t);
	return 0;
fail:
	/* the state as of the last checkpoint */
	uncache(g, thread);
	json_decref(t.state);
	res->steps = steps;
	{
		wa_err ignored = WA_ERR_INIT;
		thread_state kept;
		if (load(g, ws, thread, 0, &kept, &ignored) == 0) {
			res->state = kept.state;
			res->checkpoint = kept.checkpoint;
		} else {
			json_decref(kept.state);
		}
	}
	return -1;
}

void wa_graph_result_free(wa_graph_result *r)
{
	json_decref(r->state);
	r->state = NULL;
}

json_t *wa_graph_state_new(wa_ws *ws, const char *thread, long checkpoint, wa_err *err)
{
	wa_graph *g = wa_graph_new();
	thread_state t;
	int rc;

	wa_graph_channel(g, "messages", WA_REDUCE_MESSAGES);
	rc = load(g, ws, thread, checkpoint, &t, err);
	wa_graph_free(g);
	if (rc) {
		json_decref(t.state);
		if (rc > 0)
			wa_err_set(err, WA_EX_NOINPUT, "thread %s: no %s", thread, checkpoint ?
				"such checkpoint" : "such thread");
		return NULL;
	}
	return t.state;
}

/* ---- forks and history ---- */

int wa_graph_fork(wa_ws *ws, const char *thread, long checkpoint, const char *new_thread,
	wa_err *err)
{
	wa_graph *g = wa_graph_new();
	thread_state t, there;
	delta d;
	int rc;

	wa_graph_channel(g, "messages", WA_REDUCE_MESSAGES);
	delta_init(&d);
	memset(&there, 0, sizeof there);
	if ((rc = load(g, ws, thread, checkpoint, &t, err)) != 0) {
		if (rc > 0)
			wa_err_set(err, WA_EX_NOINPUT, "thread %s: no %s", thread, checkpoint ?
				"such checkpoint" : "such thread");
		rc = -1;
		goto out;
	}
	if (wa_ws_begin(ws, err)) {
		rc = -1;
		goto out;
	}
	if ((rc = load(g, ws, new_thread, 0, &there, err)) != 1) {
		if (rc == 0)
			wa_err_set(err, WA_EX_DATAERR, "thread %s exists already", new_thread);
		rc = -1;
		wa_ws_rollback(ws);
		goto out;
	}
	/* the new thread's first checkpoint adds every live message */
	json_t *msgs = json_object_get(t.state, "messages");
	json_array_extend(d.added, msgs);
	d.forked_from = json_pack("{s:s, s:I}", "thread", thread, "checkpoint",
		(json_int_t)t.checkpoint);
	there.next_id = t.next_id;
	json_decref(there.state);
	there.state = json_incref(t.state);
	there.step = t.step;
	rc = save(g, ws, new_thread, &there, "fork", t.next, t.status, &d, err) ||
		wa_ws_commit(ws, err) ? -1 : 0;
	if (rc)
		wa_ws_rollback(ws);
out:
	delta_free(&d);
	json_decref(t.state);
	json_decref(there.state);
	wa_graph_free(g);
	return rc;
}

json_t *wa_graph_history_new(wa_ws *ws, const char *thread, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT id, parent, step, node, next, status, "
		"json_extract(metadata, '$.added'), json_extract(metadata, '$.removed'), created_at, "
		"json_extract(metadata, '$.forked_from') FROM graph_checkpoints WHERE thread = ?1 ORDER BY id",
		err);
	json_t *out;
	int rc;

	if (!st)
		return NULL;
	out = json_array();
	sqlite3_bind_text(st, 1, thread, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *fork = (const char *)sqlite3_column_text(st, 9);
		json_t *from = fork ? json_loads(fork, 0, NULL) : NULL;
		json_t *h = json_pack("{s:I, s:o, s:I, s:s, s:s, s:s, s:I, s:I, s:s}",
			"checkpoint", (json_int_t)sqlite3_column_int64(st, 0),
			"parent", sqlite3_column_type(st, 1) == SQLITE_NULL ? json_null() :
				json_integer(sqlite3_column_int64(st, 1)),
			"step", (json_int_t)sqlite3_column_int64(st, 2),
			"node", (const char *)sqlite3_column_text(st, 3),
			"next", (const char *)sqlite3_column_text(st, 4),
			"status", (const char *)sqlite3_column_text(st, 5),
			"added", (json_int_t)sqlite3_column_int64(st, 6),
			"removed", (json_int_t)sqlite3_column_int64(st, 7),
			"created_at", (const char *)sqlite3_column_text(st, 8));
		if (from)
			json_object_set_new(h, "forked_from", from);
		json_array_append_new(out, h);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		wa_ws_fail(ws, rc, "reading checkpoints", err);
		json_decref(out);
		return NULL;
	}
	if (!json_array_size(out)) {
		json_decref(out);
		wa_err_set(err, WA_EX_NOINPUT, "thread %s: no such thread", thread);
		return NULL;
	}
	return out;
}

/* ---- tasks ---- */

void wa_graph_task_key(const char *thread, const char *task, char key[WA_TASK_KEY_MAX])
{
	char hex[WA_SHA256_HEX];
	wa_buf b;

	wa_buf_init(&b);
	wa_buf_adds(&b, thread);
	wa_buf_addc(&b, '\n');
	wa_buf_adds(&b, task);
	wa_hash_sha256_hex(b.data, b.len, hex);
	wa_buf_free(&b);
	snprintf(key, WA_TASK_KEY_MAX, "wa-%.40s", hex);
}

/* the recorded result of task: 1 with *result, 0 none, -1 err */
static int task_recorded(wa_ws *ws, const char *thread, const char *task, json_t **result,
	wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT result FROM graph_writes WHERE thread = ?1 AND "
		"task = ?2", err);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, thread, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, task, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*result = decoded(ws, thread, json_loads((const char *)sqlite3_column_text(st, 0),
			JSON_DECODE_ANY, NULL));
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return *result ? 1 : wa_err_set(err, WA_EX_DATAERR, "thread %s: task %s: the "
			"recorded result is not JSON", thread, task);
	return rc == SQLITE_DONE ? 0 : wa_ws_fail(ws, rc, "reading a task's result", err);
}

static int task_record(wa_ws *ws, const char *thread, const char *task, json_t *result,
	wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT OR IGNORE INTO graph_writes (thread, task, result, "
		"created_at) VALUES (?1, ?2, ?3, ?4)", err);
	char now[WA_TIME_MAX];
	wa_buf b;
	int rc;

	if (!st)
		return -1;
	json_t *er = encoded(ws, thread, result, err);
	if (!er)
		return -1;
	wa_clock_now_text(now);
	wa_buf_init(&b);
	wa_json_append(&b, er);
	json_decref(er);
	sqlite3_bind_text(st, 1, thread, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, task, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, b.data, (int)b.len, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
	rc = wa_ws_step_done(ws, st, "recording a task's result", err);
	wa_buf_free(&b);
	return rc;
}

int wa_graph_task(wa_ws *ws, const char *thread, const char *task, int mode, wa_task_fn fn,
	void *arg, json_t **result, int *ran, wa_err *err)
{
	char key[WA_TASK_KEY_MAX];
	int rc;

	*result = NULL;
	*ran = 0;
	wa_graph_task_key(thread, task, key);
	if (mode == WA_TASK_OUTSIDE) {
		/* the atomic tasks before it commit first: they are recorded */
		if (wa_ws_in_transaction(ws) && wa_ws_commit(ws, err))
			goto fail;
		if ((rc = task_recorded(ws, thread, task, result, err)) != 0)
			return rc < 0 ? -1 : 0;
		if (!(*result = fn(ws, key, arg, err)))
			return -1;
		*ran = 1;
		if (wa_ws_begin(ws, err) || task_record(ws, thread, task, *result, err) ||
		    wa_ws_commit(ws, err))
			goto fail;
		return 0;
	}
	/* atomic: in a transaction the step's checkpoint commits too */
	if (!wa_ws_in_transaction(ws) && wa_ws_begin(ws, err))
		return -1;
	if ((rc = task_recorded(ws, thread, task, result, err)) != 0) {
		if (rc < 0)
			wa_ws_rollback(ws);
		return rc < 0 ? -1 : 0;
	}
	if (!(*result = fn(ws, key, arg, err)))
		goto fail;
	*ran = 1;
	if (task_record(ws, thread, task, *result, err))
		goto fail;
	return 0;
fail:
	wa_ws_rollback(ws);
	json_decref(*result);
	*result = NULL;
	return -1;
}
