/* Section storage (ws/section.h): a version per distinct inputs, the
 * time of the version's first making kept, one event per new version,
 * and the text handed to the loop exactly what the JSON writer makes of
 * the section. */
#include <criterion/criterion.h>
#include <string.h>

#include "base/hash.h"
#include "helpers.h"
#include "json/json.h"
#include "ws/run.h"
#include "ws/section.h"
#include "ws/store.h"
#include "ws/ws.h"

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

static char *text(wa_ws *ws, const char *sql)
{
	sqlite3_stmt *st;
	char *v = NULL;

	sqlite3_prepare_v2(wa_ws_db(ws), sql, -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

/* store section (stolen) from inputs for client acme at time at, as a
 * record would: the dossier afterwards, and the text the loop got */
static json_t *store(wa_ws *ws, wa_run *run, json_t *section, const char *inputs,
	const char *at, char **own)
{
	wa_err err = WA_ERR_INIT;
	json_t *dossier = json_pack("{s:{s:s, s:s}}", "client", "id", "acme", "name", "Acme");
	wa_section_draft *d = wa_section_draft_new(section, inputs);
	json_t *payload = json_pack("{s:s}", "tier", "growth");
	wa_record rec = { .dossier = dossier, .client_id = "acme", .number = 1, .at = at,
		.ws = ws, .run = run };

	cr_assert_eq(wa_ws_begin(ws, &err), 0, "%s", err.msg);
	cr_assert_eq(wa_store_client_upsert(ws, "acme", "Acme", &err), 0, "%s", err.msg);
	cr_assert_eq(wa_section_store(&rec, "pricing", d, payload, &err), 0, "%s", err.msg);
	cr_assert_eq(wa_ws_commit(ws, &err), 0, "%s", err.msg);
	/* the text the loop takes is the writer's own, and so is its hash */
	char *compact = wa_json_compact_new(json_object_get(dossier, "pricing"));
	cr_assert_eq(rec.own.len, strlen(compact));
	cr_assert_eq(memcmp(rec.own.text, compact, rec.own.len), 0, "%.*s\nnot\n%s",
		(int)rec.own.len, rec.own.text, compact);
	cr_assert_eq(rec.own.hash, wa_hash_fnv1a(0, compact, strlen(compact)));
	cr_assert_eq(rec.own.value, json_object_get(dossier, "pricing"));
	*own = compact;
	json_decref(payload);
	wa_section_draft_free(d);
	return dossier;
}

Test(section, versions_follow_the_inputs)
{
	char path[128], *own;
	wa_err err = WA_ERR_INIT;
	wa_ws *ws;
	wa_run run;
	json_t *d;

	snprintf(path, sizeof path, "%s/wa.db", tmpdir_new());
	cr_assert_eq(wa_ws_open(path, WA_WS_CREATE, &ws, &err), 0, "%s", err.msg);
	cr_assert_eq(wa_run_init(&run, ws, "wa-test", "0", 0, NULL, &err), 0, "%s", err.msg);

	/* the first: version 1, made now */
	d = store(ws, &run, json_pack("{s:i}", "fee", 100), "a", "2026-01-01T00:00:00Z", &own);
	cr_assert_str_eq(own, "{\"fee\":100,\"version\":1,\"generated_at\":\"2026-01-01T00:00:00Z\"}");
	free(own);
	json_decref(d);
	cr_assert_eq(scalar(ws, "SELECT count(*) FROM section_versions"), 1);
	cr_assert_eq(scalar(ws, "SELECT count(*) FROM events WHERE type = 'pricing.generated'"), 1);
	char *payload = text(ws, "SELECT payload FROM events WHERE type = 'pricing.generated'");
	cr_assert_str_eq(payload, "{\"client\":\"acme\",\"version\":1,\"tier\":\"growth\"}");
	free(payload);

	/* the same inputs a month later: version 1 as it was, no row, no event */
	d = store(ws, &run, json_pack("{s:i}", "fee", 100), "a", "2026-02-01T00:00:00Z", &own);
	cr_assert_str_eq(own, "{\"fee\":100,\"version\":1,\"generated_at\":\"2026-01-01T00:00:00Z\"}");
	free(own);
	json_decref(d);
	cr_assert_eq(scalar(ws, "SELECT count(*) FROM section_versions"), 1);
	cr_assert_eq(scalar(ws, "SELECT count(*) FROM events WHERE type = 'pricing.generated'"), 1);

	/* other inputs: version 2, made then, and what is stored is the text */
	d = store(ws, &run, json_pack("{s:i, s:s}", "fee", 120, "note", "a \"quote\""), "b",
		"2026-03-01T00:00:00Z", &own);
	cr_assert_str_eq(own, "{\"fee\":120,\"note\":\"a \\\"quote\\\"\",\"version\":2,"
		"\"generated_at\":\"2026-03-01T00:00:00Z\"}");
	char *body = text(ws, "SELECT body FROM section_versions WHERE version = 2");
	cr_assert_str_eq(body, own);
	free(body);
	free(own);
	json_decref(d);
	cr_assert_eq(scalar(ws, "SELECT count(*) FROM events WHERE type = 'pricing.generated'"), 2);

	/* an empty section still makes valid JSON */
	d = store(ws, &run, json_object(), "c", "2026-04-01T00:00:00Z", &own);
	cr_assert_str_eq(own, "{\"version\":3,\"generated_at\":\"2026-04-01T00:00:00Z\"}");
	free(own);
	json_decref(d);
	wa_run_free(&run);
	wa_ws_close(ws);
}
