/* event.c - the event bus: see event.h. */
#include "ws/event.h"

#include "base/clock.h"
#include "json/json.h"

int wa_event_emit(wa_ws *ws, const char *type, const char *client_id,
	const char *correlation_id, const char *run_id, json_t *payload, wa_err *err)
{
	char at[WA_TIME_MAX];
	const char *body = NULL;
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO events (type, client_id, "
		"correlation_id, run_id, payload, at) VALUES (?, ?, ?, ?, ?, ?)", err);

	if (!st)
		return -1;
	wa_clock_now_text(at);
	if (payload) {
		wa_buf *b = wa_ws_scratch(ws);
		wa_json_append(b, payload);
		body = b->data;
	}
	sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, client_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, correlation_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, run_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, body ? body : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, at, -1, SQLITE_STATIC);
	return wa_ws_step_done(ws, st, "emitting an event", err);
}

static json_t *text_or_null(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? json_string(s) : json_null();
}

long long wa_event_each(wa_ws *ws, const wa_event_filter *f, long long *after, long long limit,
	int (*fn)(json_t *event, void *user, wa_err *err), void *user, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT id, type, client_id, correlation_id, run_id, "
		"payload, at FROM events WHERE id > ?1 AND (?2 IS NULL OR type GLOB ?2) "
		"AND (?3 IS NULL OR client_id = ?3) AND (?4 IS NULL OR run_id = ?4) "
		"AND (?5 IS NULL OR at >= ?5) AND (?6 IS NULL OR at < ?6) "
		"ORDER BY id LIMIT ?7", err);
	long long n = 0;
	int rc;

	if (!st)
		return -1;
	wa_ws_bind(st, "IsssssI", *after, f->type, f->client, f->run, f->since, f->until, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *payload = json_loads((const char *)sqlite3_column_text(st, 5), 0, NULL);
		json_t *ev = json_pack("{s:I, s:s, s:o, s:o, s:o, s:s, s:o}",
			"id", (json_int_t)sqlite3_column_int64(st, 0),
			"type", (const char *)sqlite3_column_text(st, 1),
			"client", text_or_null(st, 2), "correlation", text_or_null(st, 3),
			"run", text_or_null(st, 4), "at", (const char *)sqlite3_column_text(st, 6),
			"payload", payload ? payload : json_object());
		*after = sqlite3_column_int64(st, 0);
		int stop = fn(ev, user, err);
		json_decref(ev);
		if (stop) {
			sqlite3_reset(st);
			return -1;
		}
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : wa_ws_fail(ws, rc, "reading events", err);
}
