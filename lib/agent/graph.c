/* graph.c - the graph: its nodes and edges, reducers, and running a
 * thread through it: see graph.h. */
#include "agent/graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/graph_int.h"
#include "base/err.h"
#include "base/mem.h"
#include "ws/ws.h"

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

static int add_messages(json_t *state, const char *key, json_t *value, long *next_id, wa_graph_delta *d,
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

static int apply(const wa_graph *g, json_t *state, json_t *update, long *next_id, wa_graph_delta *d,
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

static const char *messages_key(const wa_graph *g)
{
	const char *key;
	json_t *r;

	json_object_foreach(g->reducers, key, r)
		if (json_integer_value(r) == WA_REDUCE_MESSAGES)
			return key;
	return "messages";
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
	wa_graph_thread t;
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

static void cache_put(wa_graph *g, const char *thread, const wa_graph_thread *t)
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

/* wa_graph_load(ws, ..., thread, 0, t, err), from the cache when it is current */
static int load_latest(wa_graph *g, wa_ws *ws, const char *thread, wa_graph_thread *t, wa_err *err)
{
	for (size_t i = 0; i < g->ncache; i++) {
		if (strcmp(g->cache[i].thread, thread))
			continue;
		long latest = wa_graph_latest(ws, thread, err);
		if (latest < 0)
			return -1;
		if (latest != g->cache[i].t.checkpoint)
			break;
		*t = g->cache[i].t;
		json_incref(t->state);
		g->cache[i].used = ++g->tick;
		return t->checkpoint ? 0 : 1;
	}
	uncache(g, thread);
	return wa_graph_load(ws, messages_key(g), thread, 0, t, err);
}

json_t *wa_graph_state_latest(wa_graph *g, wa_ws *ws, const char *thread, wa_err *err)
{
	wa_graph_thread t;
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

/* The input is a checkpoint of its own, committed alone, or with the
 * first step when that node (pending) is pure and not interrupted: it
 * runs in microseconds, and an answer is then one commit fewer. */
static int save_input(wa_graph *g, wa_ws *ws, const char *thread, wa_graph_thread *t,
	json_t *input, const char *pending, wa_err *err)
{
	const node *first = find(g, pending);
	int with_first = first && first->pure && !(first->interrupt &&
		first->interrupt(t->state, first->interrupt_user));
	wa_graph_delta d;
	int bad;

	wa_graph_delta_init(&d);
	bad = wa_ws_begin(ws, err) || apply(g, t->state, input, &t->next_id, &d, err) ||
		wa_graph_save(ws, messages_key(g), thread, t, "input", pending, "running", &d,
		err) || (!with_first && wa_ws_commit(ws, err));
	wa_graph_delta_free(&d);
	if (bad)
		wa_ws_rollback(ws);
	return bad ? -1 : 0;
}

/* Stop before n, which waits for a person: the checkpoint says so (once)
 * and the turn finishes as interrupted. */
static int interrupt_at(wa_graph *g, wa_ws *ws, const char *thread, wa_graph_thread *t,
	const node *n, int steps, wa_err *err)
{
	int again = !strcmp(t->status, "interrupted") && !strcmp(t->next, n->name);
	wa_graph_delta d;
	int bad;

	wa_graph_delta_init(&d);
	bad = (!wa_ws_in_transaction(ws) && wa_ws_begin(ws, err)) ||
		(!again && wa_graph_save(ws, messages_key(g), thread, t, "interrupt", n->name,
		"interrupted", &d, err)) || (g->finish && g->finish(ws, thread, "interrupted",
		t->state, steps, g->finish_user, err)) || wa_ws_commit(ws, err);
	wa_graph_delta_free(&d);
	if (bad)
		wa_ws_rollback(ws);
	return bad ? -1 : 0;
}

/* One super-step: the node n (its side effects are tasks, each recorded
 * as it completes), then its update and the checkpoint in one
 * transaction.  The node next in *next (as long as g lives). */
static int step(wa_graph *g, wa_ws *ws, const char *thread, wa_graph_thread *t, const node *n,
	int steps, const char **next, wa_err *err)
{
	json_t *update = json_object();
	wa_graph_delta d;
	int bad;

	wa_graph_delta_init(&d);
	bad = n->fn(ws, t->state, update, n->user, err) ||
		(!wa_ws_in_transaction(ws) && wa_ws_begin(ws, err)) ||
		apply(g, t->state, update, &t->next_id, &d, err);
	*next = bad ? NULL : next_of(n, t->state);
	if (!bad) {
		int end = !strcmp(*next, WA_GRAPH_END);
		bad = wa_graph_save(ws, messages_key(g), thread, t, n->name, *next,
			end ? "done" : "running", &d, err) || (end && g->finish &&
			g->finish(ws, thread, "done", t->state, steps + 1, g->finish_user, err)) ||
			wa_ws_commit(ws, err);
	}
	json_decref(update);
	wa_graph_delta_free(&d);
	if (bad)
		wa_ws_rollback(ws);
	return bad ? -1 : 0;
}

/* run the thread's steps from pending until the end or an interrupt */
static int run_steps(wa_graph *g, wa_ws *ws, const char *thread, wa_graph_thread *t,
	char *pending, size_t size, int resume, int approve, int limit, wa_graph_result *res,
	wa_err *err)
{
	for (;;) {
		if (!strcmp(pending, WA_GRAPH_END)) {
			res->status = "done";
			return 0;
		}
		const node *n = find(g, pending);
		if (!n)
			return wa_err_set(err, WA_EX_SOFTWARE, "graph: no node \"%s\"", pending);
		res->node = n->name;    /* where it stops, if it does */
		if (res->steps >= limit)
			return wa_err_set(err, WA_EX_DATAERR, "thread %s: the recursion limit of %d steps "
				"was reached before node \"%s\"; the state is kept (resume it)", thread,
				limit, pending);
		if (n->interrupt && !(approve && res->steps == 0 && resume) &&
		    n->interrupt(t->state, n->interrupt_user)) {
			if (interrupt_at(g, ws, thread, t, n, res->steps, err))
				return -1;
			res->status = "interrupted";
			return 0;
		}
		const char *next;
		if (step(g, ws, thread, t, n, res->steps, &next, err))
			return -1;
		res->node = NULL;
		res->steps++;
		snprintf(pending, size, "%s", next);
	}
}

int wa_graph_invoke(wa_graph *g, wa_ws *ws, const char *thread, json_t *input,
	int resume, int approve, int limit, wa_graph_result *res, wa_err *err)
{
	wa_graph_thread t;
	char pending[128];
	int rc;

	memset(res, 0, sizeof *res);
	res->status = "error";
	if ((rc = load_latest(g, ws, thread, &t, err)) < 0)
		goto fail;
	if (resume && (rc == 1 || !strcmp(t.next, WA_GRAPH_END))) {
		wa_err_set(err, WA_EX_DATAERR, "thread %s: nothing to resume (%s)", thread,
			rc == 1 ? "no such thread" : "its last turn is done");
		goto fail;
	}
	snprintf(pending, sizeof pending, "%s", resume ? t.next : g->entry);
	if ((input && save_input(g, ws, thread, &t, input, pending, err)) ||
	    run_steps(g, ws, thread, &t, pending, sizeof pending, resume, approve, limit, res,
	    err))
		goto fail;
	res->checkpoint = t.checkpoint;
	res->state = t.state;
	cache_put(g, thread, &t);
	return 0;
fail:
	/* the state as of the last checkpoint */
	uncache(g, thread);
	json_decref(t.state);
	res->status = "error";
	wa_err ignored = WA_ERR_INIT;
	wa_graph_thread kept;
	if (wa_graph_load(ws, messages_key(g), thread, 0, &kept, &ignored) == 0) {
		res->state = kept.state;
		res->checkpoint = kept.checkpoint;
	} else {
		json_decref(kept.state);
	}
	return -1;
}

void wa_graph_result_free(wa_graph_result *r)
{
	json_decref(r->state);
	r->state = NULL;
}
