/* conversation.c - conversations and their turns: see conversation.h. */
#include "agent/conversation.h"

#include <stdlib.h>
#include <string.h>

#include "agent/pii.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/mem.h"
#include "ws/event.h"
#include "ws/ws.h"

int wa_conversation_record(wa_ws *ws, const wa_conversation *c, const wa_conversation_turn *t,
	wa_err *err)
{
	char now[WA_TIME_MAX];
	sqlite3_stmt *st;
	int rc;

	wa_clock_now_text(now);
	st = wa_ws_stmt(ws, "INSERT INTO conversations (thread, agent, client, channel, status, "
		"turns, started_at, updated_at, config) VALUES (?1, ?2, ?3, 'chat', ?4, 1, ?5, ?5, ?6) "
		"ON CONFLICT (thread) DO UPDATE SET status = ?4, turns = turns + 1, updated_at = ?5, "
		"config = ?6", err);
	if (!st)
		return -1;
	wa_ws_bind(st, "ssssss", c->thread, c->agent, c->client, !strcmp(t->status, "done") ?
		"active" : t->status, now, c->config);
	if (wa_ws_step_done(ws, st, "recording the conversation", err))
		return -1;
	st = wa_ws_stmt(ws, "INSERT INTO performance_metrics (thread, turn, latency_ms, steps, "
		"tool_calls, outcome, at, prompt_tokens, completion_tokens) VALUES (?1, (SELECT turns "
		"FROM conversations WHERE thread = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err);
	if (!st)
		return -1;
	wa_ws_bind(st, "sdiissnn", c->thread, t->latency_ms, t->steps, t->tool_calls, t->status,
		now);
	if (t->prompt_tokens >= 0)
		sqlite3_bind_int64(st, 7, t->prompt_tokens);
	if (t->completion_tokens >= 0)
		sqlite3_bind_int64(st, 8, t->completion_tokens);
	if (wa_ws_step_done(ws, st, "recording metrics", err))
		return -1;
	json_t *p = json_pack("{s:s, s:s, s:f, s:i}", "thread", c->thread, "status", t->status,
		"latency_ms", t->latency_ms, "steps", t->steps);
	rc = wa_event_emit(ws, !strcmp(t->status, "interrupted") ? "agent.interrupted" :
		"agent.turn", c->client, c->thread, NULL, p, err);
	json_decref(p);
	return rc;
}

char *wa_conversation_config_new(wa_ws *ws, const char *thread, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT coalesce((SELECT config FROM conversations WHERE "
		"thread = ?1), (SELECT json_extract(channels, '$.config') FROM graph_checkpoints WHERE "
		"thread = ?1 ORDER BY id DESC LIMIT 1))", err);
	char *path = NULL;

	if (!st)
		return NULL;
	wa_ws_bind(st, "s", thread);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT)
		path = wa_mem_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (!path)
		wa_err_set(err, WA_EX_NOINPUT, "thread %s: no conversation in %s (or give --config)",
			thread, wa_ws_path(ws));
	return path;
}

int wa_conversation_fork(wa_ws *ws, const char *thread, const char *fork, const char *config,
	wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT OR IGNORE INTO conversations (thread, agent, "
		"client, channel, status, turns, started_at, updated_at, config) SELECT ?2, agent, "
		"client, channel, status, 0, started_at, updated_at, coalesce(?3, config) FROM "
		"conversations WHERE thread = ?1", err);

	if (!st)
		return -1;
	wa_ws_bind(st, "sss", thread, fork, config);
	return wa_ws_step_done(ws, st, "recording the fork", err);
}

int wa_conversation_vault(wa_ws *ws, const char *thread, char **sealed, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT pii_data FROM conversations WHERE thread = ?1",
		err);
	int rc;

	*sealed = NULL;
	if (!st)
		return -1;
	wa_ws_bind(st, "s", thread);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		*sealed = wa_mem_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : wa_ws_fail(ws, rc, "reading a vault",
		err);
}

int wa_conversation_vault_put(wa_ws *ws, const wa_conversation *c, const char *sealed,
	wa_err *err)
{
	char now[WA_TIME_MAX];
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO conversations (thread, agent, client, "
		"channel, status, turns, started_at, updated_at, config, pii_data) VALUES (?1, ?2, ?3, "
		"'chat', 'active', 0, ?4, ?4, ?5, ?6) ON CONFLICT (thread) DO UPDATE SET pii_data = ?6",
		err);

	if (!st)
		return -1;
	wa_clock_now_text(now);
	wa_ws_bind(st, "ssssss", c->thread, c->agent ? c->agent : "", c->client ? c->client : "",
		now, c->config ? c->config : "", sealed);
	return wa_ws_step_done(ws, st, "sealing the PII vault", err);
}

/* every sealed vault: a new array of [thread, sealed], or NULL with err */
static json_t *vaults_new(wa_ws *ws, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT thread, pii_data FROM conversations WHERE "
		"pii_data IS NOT NULL", err);
	json_t *out;
	int rc;

	if (!st)
		return NULL;
	out = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(out, json_pack("[s, s]", (const char *)sqlite3_column_text(st,
			0), (const char *)sqlite3_column_text(st, 1)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(out);
		wa_ws_fail(ws, rc, "reading the vaults", err);
		return NULL;
	}
	return out;
}

static int vault_set(wa_ws *ws, const char *thread, const char *sealed, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "UPDATE conversations SET pii_data = ?2 WHERE "
		"thread = ?1", err);

	if (!st)
		return -1;
	wa_ws_bind(st, "ss", thread, sealed);
	return wa_ws_step_done(ws, st, "resealing a vault", err);
}

/* the id of the key sealed was sealed with ("" when it names none) */
static int sealed_with(const char *sealed, const char *kid)
{
	json_t *probe = json_loads(sealed, 0, NULL);
	const char *k = json_string_value(json_object_get(probe, "kid"));
	int same = k && !strcmp(k, kid);

	json_decref(probe);
	return same;
}

static int rotate(wa_ws *ws, json_t *todo, const unsigned char old[32], const char *oldkid,
	const unsigned char new[32], const char *newkid, int *moved, int *kept, wa_err *err)
{
	size_t i;
	json_t *t;

	json_array_foreach(todo, i, t) {
		const char *thread = json_string_value(json_array_get(t, 0));
		const char *sealed = json_string_value(json_array_get(t, 1));
		if (sealed_with(sealed, newkid)) {
			(*kept)++;
			continue;
		}
		json_t *v = wa_pii_open_new(old, oldkid, sealed, err);
		if (!v) {
			wa_err_prefix(err, "thread %s", thread);
			return -1;
		}
		char *resealed = wa_pii_seal_new(new, newkid, v);
		json_decref(v);
		int rc = vault_set(ws, thread, resealed, err);
		free(resealed);
		if (rc)
			return -1;
		(*moved)++;
	}
	return 0;
}

int wa_conversation_vaults_rotate(wa_ws *ws, const unsigned char old[32], const char *oldkid,
	const unsigned char new[32], const char *newkid, int *moved, int *kept, wa_err *err)
{
	json_t *todo;

	*moved = *kept = 0;
	if (wa_ws_begin(ws, err))
		return -1;
	todo = vaults_new(ws, err);
	if (!todo || rotate(ws, todo, old, oldkid, new, newkid, moved, kept, err) ||
	    wa_ws_commit(ws, err)) {
		json_decref(todo);
		wa_ws_rollback(ws);
		*moved = *kept = 0;
		return -1;
	}
	json_decref(todo);
	return 0;
}
