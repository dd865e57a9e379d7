/* ws_status.c - the workspace at a glance: see ws.h. */
#include "ws/ws.h"

#include <jansson.h>

static json_int_t count(wa_ws *ws, const char *sql)
{
	sqlite3_stmt *st;
	json_int_t n = -1;

	if (sqlite3_prepare_v2(wa_ws_db(ws), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* the last n runs, newest first */
static json_t *last_runs(wa_ws *ws, int n)
{
	json_t *runs = json_array();
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(wa_ws_db(ws), "SELECT id, engine, status, exit_code, "
	    "records_in, records_out, records_failed, started_at, finished_at FROM runs "
	    "ORDER BY started_at DESC, rowid DESC LIMIT ?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int(st, 1, n);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *fin = (const char *)sqlite3_column_text(st, 8);
			json_array_append_new(runs, json_pack("{s:s,s:s,s:s,s:o,s:I,s:I,s:I,s:s,s:o}",
				"id", (const char *)sqlite3_column_text(st, 0),
				"engine", (const char *)sqlite3_column_text(st, 1),
				"status", (const char *)sqlite3_column_text(st, 2),
				"exit_code", sqlite3_column_type(st, 3) == SQLITE_NULL ? json_null() :
					json_integer(sqlite3_column_int(st, 3)),
				"records_in", (json_int_t)sqlite3_column_int64(st, 4),
				"records_out", (json_int_t)sqlite3_column_int64(st, 5),
				"records_failed", (json_int_t)sqlite3_column_int64(st, 6),
				"started_at", (const char *)sqlite3_column_text(st, 7),
				"finished_at", fin ? json_string(fin) : json_null()));
		}
	}
	sqlite3_finalize(st);
	return runs;
}

json_t *wa_ws_status_new(wa_ws *ws, int runs)
{
	return json_pack("{s:s,s:i,s:i,s:{s:I,s:I,s:I,s:I},s:o}",
		"workspace", wa_ws_path(ws),
		"schema_version", wa_ws_schema_version(ws),
		"schema_latest", wa_ws_schema_latest(),
		"counts",
		"clients", count(ws, "SELECT count(*) FROM clients"),
		"runs", count(ws, "SELECT count(*) FROM runs"),
		"events", count(ws, "SELECT count(*) FROM events"),
		"artifacts", count(ws, "SELECT count(*) FROM sqlar"),
		"last_runs", last_runs(ws, runs));
}
