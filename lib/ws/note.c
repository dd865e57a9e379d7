/* note.c - researchers' notes: see note.h. */
#include "ws/note.h"

#include "base/clock.h"
#include "ws/event.h"

json_t *wa_note_add_new(wa_ws *ws, const char *client, const char *body, size_t len,
	const char *author, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO research_notes (client_id, body, author, "
		"created_at) VALUES (?1, ?2, ?3, ?4)", err);
	char at[WA_TIME_MAX];
	json_t *out = NULL;

	if (!st || wa_ws_begin(ws, err))
		return NULL;
	wa_clock_now_text(at);
	wa_ws_bind(st, "ssss", client, "", author, at);
	sqlite3_bind_text(st, 2, body, (int)len, SQLITE_STATIC);
	if (wa_ws_step_done(ws, st, "storing the note", err) == 0) {
		json_int_t id = (json_int_t)sqlite3_last_insert_rowid(wa_ws_db(ws));
		out = json_pack("{s:s, s:I}", "client", client, "note", id);
	}
	if (!out || wa_event_emit(ws, "research.note_added", client, NULL, NULL, out, err) ||
	    wa_ws_commit(ws, err)) {
		wa_ws_rollback(ws);
		json_decref(out);
		return NULL;
	}
	json_object_set_new(out, "at", json_string(at));
	return out;
}

json_t *wa_note_list_new(wa_ws *ws, const char *client, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT id, body, author, created_at "
		"FROM research_notes WHERE client_id = ?1 ORDER BY id", err);
	json_t *out;
	int rc;

	if (!st)
		return NULL;
	out = json_array();
	wa_ws_bind(st, "s", client);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *author = (const char *)sqlite3_column_text(st, 2);
		json_array_append_new(out, json_pack("{s:I, s:s, s:s?, s:s}",
			"id", (json_int_t)sqlite3_column_int64(st, 0),
			"body", (const char *)sqlite3_column_text(st, 1),
			"author", author, "at", (const char *)sqlite3_column_text(st, 3)));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(out);
		wa_ws_fail(ws, rc, "reading research notes", err);
		return NULL;
	}
	return out;
}
