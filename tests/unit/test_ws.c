#include <criterion/criterion.h>
#include <string.h>
#include <sys/stat.h>

#include "base/hash.h"
#include "ws/artifact.h"
#include "ws/event.h"
#include "helpers.h"
#include "ws/run.h"
#include "ws/store.h"
#include "ws/ws.h"

static wa_ws *fresh(char *path, size_t n)
{
	wa_err e = WA_ERR_INIT;
	wa_ws *ws;

	snprintf(path, n, "%s/wa.db", tmpdir_new());
	cr_assert_eq(wa_ws_open(path, WA_WS_CREATE, &ws, &e), 0, "%s", e.msg);
	return ws;
}

static long long scalar(wa_ws *ws, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	sqlite3_prepare_v2(wa_ws_db(ws), sql, -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

Test(ws, create_applies_migrations_and_pragmas)
{
	char path[128];
	wa_ws *ws = fresh(path, sizeof path);
	sqlite3_stmt *st;

	cr_assert_eq(wa_ws_schema_version(ws), wa_ws_schema_latest());
	cr_assert_geq(wa_ws_schema_latest(), 1);
	cr_assert_eq(scalar(ws, "PRAGMA foreign_keys"), 1);
	cr_assert_eq(scalar(ws, "PRAGMA synchronous"), 2);      /* FULL */
	cr_assert_eq(scalar(ws, "PRAGMA application_id"), WA_WS_APPLICATION_ID);
	sqlite3_prepare_v2(wa_ws_db(ws), "PRAGMA journal_mode", -1, &st, NULL);
	sqlite3_step(st);
	cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	cr_assert_eq(scalar(ws, "SELECT count(*) FROM sqlite_master WHERE name IN "
		"('clients','runs','events','sqlar','dossiers')"), 5);
	wa_ws_close(ws);
}

/* a new workspace has 16 KiB pages; an older one keeps its size */
Test(ws, page_size_new_and_kept)
{
	char path[128];
	wa_ws *ws = fresh(path, sizeof path);
	wa_err e = WA_ERR_INIT;
	sqlite3 *raw;

	cr_assert_eq(scalar(ws, "PRAGMA page_size"), 16384);
	wa_ws_close(ws);
	snprintf(path, sizeof path, "%s/old.db", tmpdir_new());
	cr_assert_eq(sqlite3_open(path, &raw), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(raw, "PRAGMA page_size=4096; CREATE TABLE t (x)",
		NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	cr_assert_eq(wa_ws_open(path, 0, &ws, &e), 0, "%s", e.msg);
	cr_assert_eq(scalar(ws, "PRAGMA page_size"), 4096);
	cr_assert_eq(wa_ws_schema_version(ws), wa_ws_schema_latest());
	wa_ws_close(ws);
}

/* SQLite's large blocks (a record's savepoint journal is one of 1 MiB)
 * are kept and handed out again, not returned to the allocator: under
 * AddressSanitizer, whose quarantine never reuses a block at once, only
 * the workspace's keeping gives the same address back */
Test(ws, large_sqlite_blocks_are_reused)
{
	char path[128];
	wa_ws *ws = fresh(path, sizeof path);
	void *p = sqlite3_malloc(1 << 20), *q, *small;

	cr_assert_not_null(p);
	memset(p, 1, 1 << 20);
	sqlite3_free(p);
	q = sqlite3_malloc(1 << 20);
	cr_assert_eq(q, p, "a freed 1 MiB block is given back");
	small = sqlite3_malloc(1000);                   /* small ones are not kept */
	cr_assert_not_null(small);
	sqlite3_free(small);
	sqlite3_free(q);
	wa_ws_close(ws);
}

Test(ws, missing_without_create_is_66)
{
	wa_err e = WA_ERR_INIT;
	wa_ws *ws;
	char path[128];

	snprintf(path, sizeof path, "%s/none.db", tmpdir_new());
	cr_assert_eq(wa_ws_open(path, 0, &ws, &e), -1);
	cr_assert_eq(e.code, 66);
	cr_assert(strstr(e.msg, path) != NULL);
	cr_assert_eq(access(path, F_OK), -1);
}

Test(ws, newer_schema_is_refused)
{
	char path[128];
	sqlite3 *db;
	wa_err e = WA_ERR_INIT;
	wa_ws *ws;

	snprintf(path, sizeof path, "%s/new.db", tmpdir_new());
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA user_version=999", NULL, NULL, NULL);
	sqlite3_close(db);
	cr_assert_eq(wa_ws_open(path, WA_WS_CREATE, &ws, &e), -1);
	cr_assert_eq(e.code, 78);
	cr_assert(strstr(e.msg, "999") != NULL, "%s", e.msg);
}

Test(ws, not_a_database_is_65)
{
	char path[128];
	wa_err e = WA_ERR_INIT;
	wa_ws *ws;

	snprintf(path, sizeof path, "%s/text.db", tmpdir_new());
	write_text(path, "this is not a database, it is a text file of some length........");
	cr_assert_eq(wa_ws_open(path, WA_WS_CREATE, &ws, &e), -1);
	cr_assert_eq(e.code, 65, "%d %s", e.code, e.msg);
}

Test(ws, artifacts_round_trip_compressed_or_not)
{
	char path[128];
	wa_ws *ws = fresh(path, sizeof path);
	wa_err e = WA_ERR_INIT;
	char text[4096];
	unsigned char noise[512];
	wa_buf b;

	for (size_t i = 0; i < sizeof text; i++)
		text[i] = "abcabcabd"[i % 9];
	for (size_t i = 0; i < sizeof noise; i++)
		noise[i] = (unsigned char)((i * 2654435761u) >> 13);
	cr_assert_eq(wa_ws_begin(ws, &e), 0);
	cr_assert_eq(wa_artifact_put(ws, "acme/text.txt", text, sizeof text, 0644, &e), 0);
	cr_assert_eq(wa_artifact_put(ws, "acme/noise.bin", noise, sizeof noise, 0600, &e), 0);
	cr_assert_eq(wa_artifact_put(ws, "empty", "", 0, 0644, &e), 0);
	cr_assert_eq(wa_ws_commit(ws, &e), 0);
	/* text compresses, so its stored blob is smaller than sz */
	cr_assert_lt(scalar(ws, "SELECT length(data) FROM sqlar WHERE name='acme/text.txt'"), 4096);
	cr_assert_eq(scalar(ws, "SELECT sz FROM sqlar WHERE name='acme/text.txt'"), 4096);
	cr_assert_eq(scalar(ws, "SELECT mode FROM sqlar WHERE name='acme/noise.bin'"), 0100600);
	wa_buf_init(&b);
	cr_assert_eq(wa_artifact_get(ws, "acme/text.txt", &b, &e), 0);
	cr_assert_eq(b.len, sizeof text);
	cr_assert_eq(memcmp(b.data, text, sizeof text), 0);
	wa_buf_reset(&b);
	cr_assert_eq(wa_artifact_get(ws, "acme/noise.bin", &b, &e), 0);
	cr_assert_eq(memcmp(b.data, noise, sizeof noise), 0);
	wa_buf_reset(&b);
	cr_assert_eq(wa_artifact_get(ws, "empty", &b, &e), 0);
	cr_assert_eq(b.len, 0);
	cr_assert_eq(wa_artifact_get(ws, "nope", &b, &e), -1);
	cr_assert_eq(e.code, 66);
	wa_buf_free(&b);
	json_t *list = wa_artifact_list(ws, "acme/", &e);
	cr_assert_eq(json_array_size(list), 2);
	json_decref(list);
	wa_ws_close(ws);
}

Test(ws, artifact_names_must_be_relative)
{
	cr_assert(wa_artifact_name_valid("acme/nda.pdf"));
	cr_assert_not(wa_artifact_name_valid("/etc/passwd"));
	cr_assert_not(wa_artifact_name_valid("../x"));
	cr_assert_not(wa_artifact_name_valid("a/../x"));
	cr_assert_not(wa_artifact_name_valid("a//x"));
	cr_assert_not(wa_artifact_name_valid("a/"));
	cr_assert_not(wa_artifact_name_valid(""));
}

Test(ws, events_and_runs)
{
	char path[128];
	wa_ws *ws = fresh(path, sizeof path);
	wa_err e = WA_ERR_INIT;
	wa_run run;
	char *argv[] = { "wa-test", "-k", NULL };
	json_t *p = json_pack("{s:i}", "n", 1);

	cr_assert_eq(wa_run_init(&run, ws, "wa-test", "0.1.0", 2, argv, &e), 0);
	cr_assert(wa_uuid_valid(run.id));
	cr_assert_str_eq(run.args, "[\"-k\"]");
	cr_assert_eq(wa_ws_begin(ws, &e), 0);
	cr_assert_eq(wa_run_record(&run, ws, &e), 0);
	cr_assert_eq(wa_event_emit(ws, "x.happened", "acme", run.id, run.id, p, &e), 0);
	cr_assert_eq(wa_event_emit(ws, "y.happened", NULL, NULL, NULL, NULL, &e), 0);
	run.records_in = 3;
	cr_assert_eq(wa_run_finish(&run, ws, 0, &e), 0);
	cr_assert_eq(wa_ws_commit(ws, &e), 0);
	cr_assert_eq(scalar(ws, "SELECT count(*) FROM events"), 2);
	cr_assert_eq(scalar(ws, "SELECT records_in FROM runs WHERE status='ok'"), 3);
	cr_assert_eq(scalar(ws, "SELECT count(*) FROM events WHERE payload='{}'"), 1);
	json_decref(p);
	wa_run_free(&run);
	wa_ws_close(ws);
}

Test(ws, store_keeps_latest_dossier_and_writers)
{
	char path[128];
	wa_ws *ws = fresh(path, sizeof path);
	wa_err e = WA_ERR_INIT;
	json_error_t je;
	json_t *d1 = json_loads("{\"client\":{\"id\":\"acme\",\"name\":\"Acme\"},"
		"\"research\":{\"a\":1},\"trace\":[1]}", 0, &je);
	json_t *d2 = json_loads("{\"client\":{\"id\":\"acme\",\"name\":\"Acme\"},"
		"\"pricing\":{\"fee\":5},\"trace\":[1,2]}", 0, &je);
	wa_buf line;

	wa_buf_init(&line);
	cr_assert_eq(wa_ws_begin(ws, &e), 0);
	cr_assert_eq(wa_store_client_upsert(ws, "acme", "Acme", &e), 0);
	cr_assert_eq(wa_store_dossier_save(ws, "acme", d1, "wa-research", "research",
		"run1", "t1", NULL, 0, &line, &e), 0);
	cr_assert_str_eq(line.data, "{\"client\":{\"id\":\"acme\",\"name\":\"Acme\"},"
		"\"research\":{\"a\":1},\"trace\":[1]}\n");
	cr_assert_eq(wa_store_dossier_save(ws, "acme", d2, "wa-price", "pricing",
		"run2", "t2", NULL, 0, NULL, &e), 0);
	cr_assert_eq(wa_ws_commit(ws, &e), 0);
	json_t *back = wa_store_dossier_load(ws, "acme", &e);
	cr_assert(json_equal(back, d2));
	json_t *meta = wa_store_dossier_meta(ws, "acme", &e);
	/* client unchanged: still attributed to the first run, from input */
	json_t *c = json_array_get(meta, 0);
	cr_assert_str_eq(json_string_value(json_object_get(c, "run")), "run1");
	cr_assert(json_is_null(json_object_get(c, "engine")));
	json_t *p = json_array_get(meta, 1);
	cr_assert_str_eq(json_string_value(json_object_get(p, "engine")), "wa-price");
	cr_assert_eq(json_array_size(meta), 3);        /* research is gone */
	cr_assert_null(wa_store_dossier_load(ws, "nobody", &e));
	cr_assert_eq(e.code, 66);
	json_decref(meta);
	json_decref(back);
	json_decref(d1);
	json_decref(d2);
	wa_buf_free(&line);
	wa_ws_close(ws);
}

Test(ws, store_uses_texts_made_ahead_except_for_trace)
{
	char path[128];
	wa_ws *ws = fresh(path, sizeof path);
	wa_err e = WA_ERR_INIT;
	json_error_t je;
	json_t *d = json_loads("{\"client\":{\"id\":\"acme\"},\"trace\":[1]}", 0, &je);
	/* deliberately different texts: the store must take them as given */
	const char *made = "{\"id\":\"acme\",\"made\":\"ahead\"}", *stale = "[\"stale\"]";
	wa_section_text pre[] = {
		{ json_object_get(d, "client"), made, strlen(made), wa_hash_fnv1a(0, made, strlen(made)) },
		{ json_object_get(d, "trace"), stale, strlen(stale), 0 },
	};
	wa_buf line;

	wa_buf_init(&line);
	cr_assert_eq(wa_ws_begin(ws, &e), 0);
	cr_assert_eq(wa_store_client_upsert(ws, "acme", NULL, &e), 0);
	cr_assert_eq(wa_store_dossier_save(ws, "acme", d, "wa-x", NULL, "r", "t", pre, 2,
		&line, &e), 0, "%s", e.msg);
	cr_assert_eq(wa_ws_commit(ws, &e), 0);
	cr_assert_str_eq(line.data, "{\"client\":{\"id\":\"acme\",\"made\":\"ahead\"},\"trace\":[1]}\n");
	cr_assert_eq(scalar(ws, "SELECT count(*) FROM dossiers "
		"WHERE json_extract(body, '$.client.made') = 'ahead'"), 1);
	wa_buf_free(&line);
	json_decref(d);
	wa_ws_close(ws);
}
