/* audit.c - the hash-chained audit trail of documents: see audit.h. */
#include "doc/audit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "ws/event.h"
#include "ws/ws.h"

/* the previous hash of a kind and client's first row */
#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* The hash of a row: SHA-256 of the JSON array of its fields. */
static void row_hash(long long seq, const char *kind, const char *client, long long version,
	const char *at, const char *action, const char *actor, const char *detail,
	const char *sha, const char *prev, char out[WA_SHA256_HEX])
{
	json_t *a = json_pack("[I, s, s, I, s, s, s, s, s, s]", (json_int_t)seq, kind, client,
		(json_int_t)version, at, action, actor, detail, sha, prev);
	char *text = json_dumps(a, JSON_COMPACT | JSON_ENSURE_ASCII);

	wa_hash_sha256_hex(text, strlen(text), out);
	free(text);
	json_decref(a);
}

int wa_audit_append(wa_ws *ws, const char *kind, const char *client, int version,
	const char *action, const char *actor, json_t *detail, const char *sha, const char *at,
	const char *run_id, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT hash FROM audit_trail WHERE kind = ?1 AND "
		"client = ?2 ORDER BY seq DESC LIMIT 1", err);
	char prev[WA_SHA256_HEX] = GENESIS, hash[WA_SHA256_HEX];

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, client, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (!(st = wa_ws_stmt(ws, "SELECT coalesce(max(seq), 0) + 1 FROM audit_trail", err)))
		return -1;
	long long seq = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 1;
	sqlite3_reset(st);
	char *d = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	row_hash(seq, kind, client, version, at, action, actor, d, sha, prev, hash);
	st = wa_ws_stmt(ws, "INSERT INTO audit_trail (seq, kind, client, version, at, action, "
		"actor, detail, document_sha256, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
		"?8, ?9, ?10, ?11)", err);
	int rc = -1;
	if (st) {
		sqlite3_bind_int64(st, 1, seq);
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, client, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, version);
		sqlite3_bind_text(st, 5, at, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, action, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, actor, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, d, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, sha, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, prev, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, hash, -1, SQLITE_STATIC);
		rc = wa_ws_step_done(ws, st, "adding to the audit trail", err);
	}
	free(d);
	/* the envelope remembers the trail's last word on it */
	if (rc == 0 && (st = wa_ws_stmt(ws, "UPDATE envelopes SET audit_hash = ?4 WHERE kind = ?1 "
	    "AND client = ?2 AND version = ?3", err))) {
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, client, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, version);
		sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
		rc = wa_ws_step_done(ws, st, "saving the envelope", err);
	} else if (rc == 0) {
		rc = -1;
	}
	if (rc == 0) {
		char type[64];
		json_t *payload = json_pack("{s:s, s:i, s:s, s:s, s:O}", "client", client,
			"version", version, "actor", actor, "sha256", sha, "detail", detail);
		snprintf(type, sizeof type, "%s.%s", kind, action);
		rc = wa_event_emit(ws, type, client, run_id, run_id, payload, err);
		json_decref(payload);
	}
	return rc;
}

static json_t *audit_row(sqlite3_stmt *st)
{
	json_t *detail = json_loads((const char *)sqlite3_column_text(st, 5), 0, NULL);

	return json_pack("{s:I, s:i, s:s, s:s, s:s, s:o, s:s, s:s, s:s}",
		"seq", (json_int_t)sqlite3_column_int64(st, 0), "version", sqlite3_column_int(st, 1),
		"at", (const char *)sqlite3_column_text(st, 2),
		"action", (const char *)sqlite3_column_text(st, 3),
		"actor", (const char *)sqlite3_column_text(st, 4),
		"detail", detail ? detail : json_string((const char *)sqlite3_column_text(st, 5)),
		"document_sha256", (const char *)sqlite3_column_text(st, 6),
		"prev_hash", (const char *)sqlite3_column_text(st, 7),
		"hash", (const char *)sqlite3_column_text(st, 8));
}

#define AUDIT_COLUMNS "seq, version, at, action, actor, detail, document_sha256, prev_hash, hash"

json_t *wa_audit_list_new(wa_ws *ws, const char *kind, const char *client, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT " AUDIT_COLUMNS " FROM audit_trail WHERE "
		"kind = ?1 AND client = ?2 ORDER BY seq", err);
	json_t *list;
	int rc;

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, client, -1, SQLITE_STATIC);
	list = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(list, audit_row(st));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(list);
		wa_ws_fail(ws, rc, "reading the audit trail", err);
		return NULL;
	}
	return list;
}

static void finding(json_t *f, long long seq, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void finding(json_t *f, long long seq, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	json_array_append_new(f, json_pack("{s:I, s:s}", "seq", (json_int_t)seq, "problem", msg));
}

json_t *wa_audit_verify_new(wa_ws *ws, const char *kind, const char *client, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT " AUDIT_COLUMNS ", detail FROM audit_trail "
		"WHERE kind = ?1 AND client = ?2 ORDER BY seq", err);
	char prev[WA_SHA256_HEX] = GENESIS;
	json_t *f;
	int rc;

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, client, -1, SQLITE_STATIC);
	f = json_array();
	json_t *last = json_object();   /* version -> its last row's document hash */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		const char *cols[9];
		for (int i = 2; i < 9; i++)
			cols[i] = sqlite3_column_text(st, i) ?
				(const char *)sqlite3_column_text(st, i) : "";
		char hash[WA_SHA256_HEX];
		row_hash(seq, kind, client, sqlite3_column_int64(st, 1), cols[2], cols[3], cols[4],
			cols[5], cols[6], cols[7], hash);
		if (strcmp(cols[7], prev))
			finding(f, seq, "row %lld does not follow the row before it (a row was "
				"deleted, inserted or edited before it)", seq);
		if (strcmp(cols[8], hash))
			finding(f, seq, "row %lld was changed after it was written: its hash does "
				"not match its contents", seq);
		snprintf(prev, sizeof prev, "%s", cols[8]);
		char v[32];
		snprintf(v, sizeof v, "%d", sqlite3_column_int(st, 1));
		json_object_set_new(last, v, json_pack("{s:s, s:I}", "hash", cols[8], "seq",
			(json_int_t)seq));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(f);
		json_decref(last);
		wa_ws_fail(ws, rc, "reading the audit trail", err);
		return NULL;
	}
	/* the trail's last word on each version is the one its envelope keeps */
	st = wa_ws_stmt(ws, "SELECT version, audit_hash FROM envelopes WHERE kind = ?1 AND "
		"client = ?2 ORDER BY version", err);
	if (!st) {
		json_decref(f);
		json_decref(last);
		return NULL;
	}
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, client, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char v[32];
		snprintf(v, sizeof v, "%d", sqlite3_column_int(st, 0));
		json_t *l = json_object_get(last, v);
		const char *head = (const char *)sqlite3_column_text(st, 1);
		if (!l)
			finding(f, 0, "version %s has no audit trail", v);
		else if (!head || !json_is_string(json_object_get(l, "hash")) ||
		    strcmp(head, json_string_value(json_object_get(l, "hash"))))
			finding(f, json_integer_value(json_object_get(l, "seq")), "version %s: the "
				"trail does not end where its envelope says (rows were deleted after "
				"row %lld, or the envelope was edited)", v,
				(long long)json_integer_value(json_object_get(l, "seq")));
	}
	sqlite3_reset(st);
	json_decref(last);
	return f;
}
