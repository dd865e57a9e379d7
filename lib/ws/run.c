/* run.c - the runs table: see run.h. */
#include "ws/run.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "json/json.h"

int wa_run_init(wa_run *run, wa_ws *ws, const char *engine, const char *version,
	int argc, char **argv, wa_err *err)
{
	json_t *args = json_array();
	int64_t now = wa_clock_now_ms();

	memset(run, 0, sizeof *run);
	run->engine = engine;
	run->version = version;
	run->started_mono = wa_clock_mono_ms();
	wa_clock_format(now, run->started_at);
	for (int i = 1; i < argc; i++)
		json_array_append_new(args, json_string(argv[i]));
	run->args = wa_json_compact_new(args);
	json_decref(args);
	if (wa_clock_fixed()) {
		unsigned char rnd[10];
		sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT count(*) FROM runs", err);
		int64_t count;
		uint64_t h;
		if (!st)
			return -1;
		if (sqlite3_step(st) != SQLITE_ROW)
			return wa_ws_fail(ws, sqlite3_errcode(wa_ws_db(ws)), "counting runs", err);
		count = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		/* not the arguments: they name the workspace, which may differ */
		h = wa_hash_fnv1a(0, engine, strlen(engine));
		h = wa_hash_fnv1a(h, &now, sizeof now);
		h = wa_hash_fnv1a(h, &count, sizeof count);
		for (int i = 0; i < 10; i++) {
			if (i == 8)
				h = wa_hash_fnv1a(h, "more", 4);
			rnd[i] = (unsigned char)(h >> (8 * (i % 8)));
		}
		wa_uuid_v7(now, rnd, run->id);
	} else {
		wa_uuid_v7(now, NULL, run->id);
	}
	return 0;
}

int wa_run_record(wa_run *run, wa_ws *ws, wa_err *err)
{
	sqlite3_stmt *st;

	if (run->recorded)
		return 0;
	st = wa_ws_stmt(ws, "INSERT INTO runs (id, engine, version, args, status, "
		"started_at) VALUES (?, ?, ?, ?, 'running', ?)", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, run->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, run->engine, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, run->version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, run->args, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, run->started_at, -1, SQLITE_STATIC);
	if (wa_ws_step_done(ws, st, "recording the run", err))
		return -1;
	run->recorded = 1;
	return 0;
}

int wa_run_finish(wa_run *run, wa_ws *ws, int exit_code, wa_err *err)
{
	char now[WA_TIME_MAX];
	sqlite3_stmt *st;

	if (wa_run_record(run, ws, err))
		return -1;
	st = wa_ws_stmt(ws, "UPDATE runs SET status = ?, exit_code = ?, records_in = ?, "
		"records_out = ?, records_failed = ?, finished_at = ?, duration_ms = ? "
		"WHERE id = ?", err);
	if (!st)
		return -1;
	wa_clock_now_text(now);
	sqlite3_bind_text(st, 1, exit_code == 0 ? "ok" : "failed", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, exit_code);
	sqlite3_bind_int64(st, 3, run->records_in);
	sqlite3_bind_int64(st, 4, run->records_out);
	sqlite3_bind_int64(st, 5, run->records_failed);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 7, wa_clock_fixed() ? 0 : wa_clock_mono_ms() - run->started_mono);
	sqlite3_bind_text(st, 8, run->id, -1, SQLITE_STATIC);
	return wa_ws_step_done(ws, st, "finishing the run", err);
}

void wa_run_free(wa_run *run)
{
	free(run->args);
	run->args = NULL;
}
