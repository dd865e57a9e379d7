/* graph_store.c - the checkpoint store: each super-step of a thread as a
 * checkpoint row, its messages kept once each with the checkpoints
 * they live between, every value through the codec; loading a
 * checkpoint, forking a thread, its history: see graph.h. */
#include "agent/graph.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "agent/graph_int.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "json/json.h"
#include "ws/ws.h"

/* the codec every stored value passes through */
static wa_graph_codec_fn codec_encode, codec_decode;
static void *codec_user;

void wa_graph_codec(wa_graph_codec_fn encode, wa_graph_codec_fn decode, void *user)
{
	codec_encode = encode;
	codec_decode = decode;
	codec_user = user;
}

/* v as it goes into the workspace (a new reference), or NULL with err */
json_t *wa_graph_encoded(wa_ws *ws, const char *thread, json_t *v, wa_err *err)
{
	return codec_encode ? codec_encode(ws, thread, v, codec_user, err) : json_incref(v);
}

/* v as it comes out (steals v; a new reference) */
json_t *wa_graph_decoded(wa_ws *ws, const char *thread, json_t *v)
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
			json_array_append_new(into, wa_graph_decoded(ws, thread, m));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : wa_ws_fail(ws, rc, "reading messages", err);
}

/* thread's checkpoint cp (0: the latest) into t; 0 found, 1 none, -1 err */
int wa_graph_load(wa_ws *ws, const char *messages_key, const char *thread, long cp,
	wa_graph_thread *t, wa_err *err)
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
	ch = wa_graph_decoded(ws, thread, ch);
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
	json_object_set_new(t->state, messages_key, msgs);
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

/* message v added at checkpoint cp: a replacement keeps its place; one
 * added twice in a step, its last */
static int add_message(wa_ws *ws, const char *thread, wa_graph_thread *t, long cp, json_t *v,
	wa_err *err)
{
	const char *id = json_string_value(json_object_get(v, "id"));
	int64_t seq = 0;
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT seq FROM graph_messages WHERE thread = ?1 "
		"AND id = ?2 AND removed = ?3", err);

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, thread, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, cp);
	if (sqlite3_step(st) == SQLITE_ROW)
		seq = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
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
	json_t *ev = wa_graph_encoded(ws, thread, v, err);
	if (!ev)
		return -1;
	wa_buf body;
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
	return !st || wa_ws_step_done(ws, st, "saving messages", err) ? -1 : 0;
}

/* the checkpoint's row: the channels but the messages as they stand,
 * and what the step wrote */
static int add_checkpoint(wa_ws *ws, const char *messages_key, const char *thread,
	const wa_graph_thread *t, long cp, const char *ran, const char *next, const char *status,
	const wa_graph_delta *d, wa_err *err)
{
	json_t *all = json_copy(t->state);
	json_object_del(all, messages_key);
	json_t *ch = wa_graph_encoded(ws, thread, all, err);
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
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO graph_checkpoints (thread, id, parent, "
		"step, node, next, status, channels, metadata, created_at) VALUES (?1, ?2, ?3, ?4, "
		"?5, ?6, ?7, ?8, ?9, ?10)", err);
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
	return rc;
}

/* Write checkpoint t->checkpoint + 1 for what node did (d), in the open
 * transaction. */
int wa_graph_save(wa_ws *ws, const char *messages_key, const char *thread, wa_graph_thread *t,
	const char *ran, const char *next, const char *status, wa_graph_delta *d, wa_err *err)
{
	long cp = t->checkpoint + 1;
	size_t i;
	json_t *v;

	/* messages: the replaced ones end here, the new ones start */
	if (end_messages(ws, thread, d->removed, cp, 1, err))
		return -1;
	json_array_foreach(d->added, i, v)
		if (add_message(ws, thread, t, cp, v, err))
			return -1;
	/* removals, after the additions: a message added and removed in one
	 * step is never live */
	if (end_messages(ws, thread, d->dropped, cp, 0, err) ||
	    add_checkpoint(ws, messages_key, thread, t, cp, ran, next, status, d, err))
		return -1;
	t->checkpoint = cp;
	if (strcmp(ran, "input"))
		t->step++;
	snprintf(t->next, sizeof t->next, "%s", next);
	snprintf(t->status, sizeof t->status, "%s", status);
	return 0;
}

void wa_graph_delta_init(wa_graph_delta *d)
{
	d->added = json_array();
	d->removed = json_array();
	d->dropped = json_array();
	d->writes = json_array();
	d->forked_from = NULL;
}

void wa_graph_delta_free(wa_graph_delta *d)
{
	json_decref(d->added);
	json_decref(d->removed);
	json_decref(d->dropped);
	json_decref(d->writes);
	json_decref(d->forked_from);
}

long wa_graph_latest(wa_ws *ws, const char *thread, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT coalesce(max(id), 0) FROM graph_checkpoints "
		"WHERE thread = ?1", err);
	long latest;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, thread, -1, SQLITE_TRANSIENT);
	latest = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	if (latest < 0)
		wa_err_set(err, WA_EX_IOERR, "reading thread %s", thread);
	return latest;
}

/* ---- the state of a checkpoint, forks and history ---- */

json_t *wa_graph_state_new(wa_ws *ws, const char *thread, long checkpoint, wa_err *err)
{
	wa_graph_thread t;
	int rc;

	rc = wa_graph_load(ws, "messages", thread, checkpoint, &t, err);
	if (rc) {
		json_decref(t.state);
		if (rc > 0)
			wa_err_set(err, WA_EX_NOINPUT, "thread %s: no %s", thread, checkpoint ?
				"such checkpoint" : "such thread");
		return NULL;
	}
	return t.state;
}

int wa_graph_fork(wa_ws *ws, const char *thread, long checkpoint, const char *new_thread,
	wa_err *err)
{
	wa_graph_thread t, there;
	wa_graph_delta d;
	int rc;

	wa_graph_delta_init(&d);
	memset(&there, 0, sizeof there);
	if ((rc = wa_graph_load(ws, "messages", thread, checkpoint, &t, err)) != 0) {
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
	if ((rc = wa_graph_load(ws, "messages", new_thread, 0, &there, err)) != 1) {
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
	rc = wa_graph_save(ws, "messages", new_thread, &there, "fork", t.next, t.status, &d, err) ||
		wa_ws_commit(ws, err) ? -1 : 0;
	if (rc)
		wa_ws_rollback(ws);
out:
	wa_graph_delta_free(&d);
	json_decref(t.state);
	json_decref(there.state);
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

