/* graph_task.c - a node's side effects as tasks, each recorded once in
 * graph_writes so that a resumed turn does not do it again: see graph.h. */
#include "agent/graph.h"

#include <stdio.h>

#include "agent/graph_int.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/hash.h"
#include "json/json.h"
#include "ws/ws.h"

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
		*result = wa_graph_decoded(ws, thread, json_loads((const char *)sqlite3_column_text(st, 0),
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
	json_t *er = wa_graph_encoded(ws, thread, result, err);
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
