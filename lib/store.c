/* store.c - clients and their latest dossiers: see store.h. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "stream.h"

int wa_store_client_upsert(wa_ws *ws, const char *id, const char *name, wa_err *err)
{
	char now[WA_TIME_MAX];
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO clients (id, name, created_at, "
		"updated_at) VALUES (?1, ?2, ?3, ?3) ON CONFLICT (id) DO UPDATE SET "
		"name = excluded.name, updated_at = excluded.updated_at "
		"WHERE name IS NOT excluded.name", err);

	if (!st)
		return -1;
	wa_time_now(now);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	return wa_ws_step_done(ws, st, "saving the client", err);
}

typedef struct stored {
	char *name, *body;
	int position, seen;
} stored;

/* The sections stored for client_id now. */
static int load_stored(wa_ws *ws, const char *client_id, stored **out, int *n, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT name, body, position FROM dossier_sections "
		"WHERE client_id = ?", err);
	int rc, cap = 0;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = wa_xrealloc(*out, (size_t)cap * sizeof **out);
		}
		(*out)[*n].name = wa_xstrdup((const char *)sqlite3_column_text(st, 0));
		(*out)[*n].body = wa_xstrdup((const char *)sqlite3_column_text(st, 1));
		(*out)[*n].position = sqlite3_column_int(st, 2);
		(*out)[*n].seen = 0;
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : wa_ws_fail(ws, rc, "reading a dossier", err);
}

static void free_stored(stored *s, int n)
{
	for (int i = 0; i < n; i++) {
		free(s[i].name);
		free(s[i].body);
	}
	free(s);
}

static int upsert_section(wa_ws *ws, const char *client_id, const char *name, int pos,
	const char *body, size_t body_len, const char *engine, const char *run_id, const char *at, wa_err *err)
{
	/* position always follows the dossier; the writer changes with the body */
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO dossier_sections (client_id, name, "
		"position, body, engine, run_id, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
		"ON CONFLICT (client_id, name) DO UPDATE SET position = excluded.position, "
		"engine = CASE WHEN body IS excluded.body THEN engine ELSE excluded.engine END, "
		"run_id = CASE WHEN body IS excluded.body THEN run_id ELSE excluded.run_id END, "
		"updated_at = CASE WHEN body IS excluded.body THEN updated_at "
		"ELSE excluded.updated_at END, body = excluded.body", err);

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, pos);
	sqlite3_bind_text(st, 4, body, (int)body_len, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, engine, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, run_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, at, -1, SQLITE_STATIC);
	return wa_ws_step_done(ws, st, "saving the dossier", err);
}

int wa_store_dossier_save(wa_ws *ws, const char *client_id, json_t *dossier,
	const char *engine, const char *own, const char *run_id, const char *at,
	const wa_section_text *pre, int npre, wa_buf *line, wa_err *err)
{
	stored *old;
	const char *key;
	json_t *value;
	int nold, pos = 0, rc = 0;
	json_t *keyjson;

	if (load_stored(ws, client_id, &old, &nold, err))
		return -1;
	if (line)
		wa_buf_addc(line, '{');
	json_object_foreach(dossier, key, value) {
		const char *body = NULL;
		size_t body_len = 0;
		int mine = (own && strcmp(key, own) == 0) || strcmp(key, "trace") == 0;
		stored *prev = NULL;

		if (strcmp(key, "trace") != 0) {     /* trace grew since */
			for (int i = 0; i < npre; i++) {
				if (pre[i].value == value) {
					body = pre[i].text;
					body_len = pre[i].len;
					break;
				}
			}
		}
		if (!body) {
			wa_buf *scratch = wa_ws_scratch(ws);
			wa_json_append(scratch, value);
			body = scratch->data;
			body_len = scratch->len;
		}

		for (int i = 0; i < nold; i++)
			if (strcmp(old[i].name, key) == 0)
				prev = &old[i];
		if (prev)
			prev->seen = 1;
		if (!prev || prev->position != pos || strlen(prev->body) != body_len ||
		    memcmp(prev->body, body, body_len) != 0)
			rc = upsert_section(ws, client_id, key, pos, body, body_len,
				mine ? engine : NULL, run_id, at, err);
		if (line) {
			/* the compact output line, built from the same text */
			if (pos)
				wa_buf_addc(line, ',');
			keyjson = json_string(key);
			wa_json_append(line, keyjson);
			json_decref(keyjson);
			wa_buf_addc(line, ':');
			wa_buf_add(line, body, body_len);
		}
		pos++;
		if (rc)
			goto out;
	}
	if (line)
		wa_buf_add(line, "}\n", 2);
	for (int i = 0; i < nold && rc == 0; i++) {
		sqlite3_stmt *st;
		if (old[i].seen)
			continue;
		st = wa_ws_stmt(ws, "DELETE FROM dossier_sections WHERE client_id = ? AND name = ?", err);
		if (!st) {
			rc = -1;
			break;
		}
		sqlite3_bind_text(st, 1, client_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, old[i].name, -1, SQLITE_STATIC);
		rc = wa_ws_step_done(ws, st, "saving the dossier", err);
	}
out:
	free_stored(old, nold);
	return rc;
}

json_t *wa_store_dossier_load(wa_ws *ws, const char *client_id, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT name, body FROM dossier_sections "
		"WHERE client_id = ? ORDER BY position", err);
	json_t *d;
	int rc;

	if (!st)
		return NULL;
	d = json_object();
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_error_t je;
		const char *name = (const char *)sqlite3_column_text(st, 0);
		json_t *v = json_loadb((const char *)sqlite3_column_text(st, 1),
			(size_t)sqlite3_column_bytes(st, 1),
			JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
		if (!v) {
			wa_err_set(err, WA_EX_DATAERR, "workspace %s: client %s: section %s: %s",
				wa_ws_path(ws), client_id, name, je.text);
			goto fail;
		}
		json_object_set_new(d, name, v);
	}
	if (rc != SQLITE_DONE) {
		wa_ws_fail(ws, rc, "reading a dossier", err);
		goto fail;
	}
	sqlite3_reset(st);
	if (json_object_size(d) == 0) {
		wa_err_set(err, WA_EX_NOINPUT, "no dossier for client %s in %s",
			client_id, wa_ws_path(ws));
		json_decref(d);
		return NULL;
	}
	return d;
fail:
	sqlite3_reset(st);
	json_decref(d);
	return NULL;
}

json_t *wa_store_dossier_meta(wa_ws *ws, const char *client_id, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT name, engine, run_id, updated_at "
		"FROM dossier_sections WHERE client_id = ? ORDER BY position", err);
	json_t *list;
	int rc;

	if (!st)
		return NULL;
	list = json_array();
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *engine = (const char *)sqlite3_column_text(st, 1);
		json_array_append_new(list, json_pack("{s:s,s:o,s:s,s:s}",
			"name", (const char *)sqlite3_column_text(st, 0),
			"engine", engine ? json_string(engine) : json_null(),
			"run", (const char *)sqlite3_column_text(st, 2),
			"updated_at", (const char *)sqlite3_column_text(st, 3)));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(list);
		wa_ws_fail(ws, rc, "reading a dossier", err);
		return NULL;
	}
	if (json_array_size(list) == 0) {
		json_decref(list);
		wa_err_set(err, WA_EX_NOINPUT, "no dossier for client %s in %s",
			client_id, wa_ws_path(ws));
		return NULL;
	}
	return list;
}
