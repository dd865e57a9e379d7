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
