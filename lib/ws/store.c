/* store.c - clients and their latest dossiers: see store.h. */
#include "ws/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/hash.h"
#include "json/json.h"

int wa_store_client_upsert(wa_ws *ws, const char *id, const char *name, wa_err *err)
{
	char now[WA_TIME_MAX];
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO clients (id, name, created_at, "
		"updated_at) VALUES (?1, ?2, ?3, ?3) ON CONFLICT (id) DO UPDATE SET "
		"name = excluded.name, updated_at = excluded.updated_at "
		"WHERE name IS NOT excluded.name", err);

	if (!st)
		return -1;
	wa_clock_now_text(now);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	return wa_ws_step_done(ws, st, "saving the client", err);
}

/* What the workspace says of one section of the stored dossier. */
typedef struct old_section {
	const char *name, *hash, *engine, *run, *at;    /* borrowed from meta */
} old_section;

/* The section metadata stored for client_id: a new reference to the
 * array, or NULL (and no error) when the client has no dossier yet. */
static json_t *load_meta(wa_ws *ws, const char *client_id, int *failed, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT sections FROM dossiers WHERE client_id = ?", err);
	json_t *meta = NULL;
	int rc;

	*failed = 0;
	if (!st) {
		*failed = 1;
		return NULL;
	}
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		wa_json_error je;
		meta = wa_json_parse_new((const char *)sqlite3_column_text(st, 0),
			(size_t)sqlite3_column_bytes(st, 0), &je);
		if (!json_is_array(meta)) {
			json_decref(meta);
			meta = NULL;
			*failed = 1;
			wa_err_set(err, WA_EX_DATAERR, "workspace %s: client %s: section list is "
				"corrupt", wa_ws_path(ws), client_id);
		}
	} else if (rc != SQLITE_DONE) {
		*failed = 1;
		wa_ws_fail(ws, rc, "reading a dossier", err);
	}
	sqlite3_reset(st);
	return meta;
}

static const char *field(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Append "key":value; key is written as it is (a plain literal). */
static void append_field(wa_buf *b, const char *key, const char *value, int comma)
{
	if (comma)
		wa_buf_addc(b, ',');
	wa_buf_addc(b, '"');
	wa_buf_adds(b, key);
	wa_buf_add(b, "\":", 2);
	if (value)
		wa_json_append_string(b, value, strlen(value));
	else
		wa_buf_add(b, "null", 4);
}

/* who wrote each section of the stored dossier (old's entries), an
 * array of *n */
static old_section *old_sections_new(json_t *old, int *n)
{
	old_section *prev = wa_mem_alloc((json_array_size(old) + 1) * sizeof *prev);
	size_t i;
	json_t *o;

	*n = 0;
	json_array_foreach(old, i, o) {
		prev[*n].name = field(o, "name");
		prev[*n].hash = field(o, "hash");
		prev[*n].engine = field(o, "engine");
		prev[*n].run = field(o, "run");
		prev[*n].at = field(o, "updated_at");
		if (prev[*n].name && prev[*n].hash)
			(*n)++;
	}
	return prev;
}

/* Section key's value as text onto body: the text a stage wrote of it
 * already (pre), else written now.  Its hash. */
static uint64_t append_section(wa_buf *body, const char *key, json_t *value,
	const wa_section_text *pre, int npre)
{
	size_t at;

	wa_json_append_string(body, key, strlen(key));
	wa_buf_addc(body, ':');
	if (strcmp(key, "trace") != 0)          /* trace grew since */
		for (int i = 0; i < npre; i++)
			if (pre[i].value == value) {
				wa_buf_add(body, pre[i].text, pre[i].len);
				return pre[i].hash;
			}
	at = body->len;
	wa_json_append(body, value);
	return wa_hash_fnv1a(0, body->data + at, body->len - at);
}

static int save_row(wa_ws *ws, const char *client_id, const char *body, size_t len,
	const wa_buf *meta, const char *at, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO dossiers (client_id, body, sections, "
		"updated_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (client_id) DO UPDATE SET "
		"body = excluded.body, sections = excluded.sections, updated_at = excluded.updated_at "
		"WHERE body IS NOT excluded.body OR sections IS NOT excluded.sections", err);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, body, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, meta->data, (int)meta->len, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
	rc = wa_ws_step_done(ws, st, "saving the dossier", err);
	sqlite3_clear_bindings(st);
	return rc;
}

int wa_store_dossier_save(wa_ws *ws, const char *client_id, json_t *dossier,
	const char *engine, const char *own, const char *run_id, const char *at,
	const wa_section_text *pre, int npre, wa_buf *line, wa_err *err)
{
	wa_buf *body = line ? line : wa_ws_scratch(ws);
	size_t start = body->len;
	wa_buf meta;
	json_t *value;
	const char *key;
	int failed, nold = 0, pos = 0;
	json_t *old = load_meta(ws, client_id, &failed, err);

	if (failed)
		return -1;
	old_section *prev = old ? old_sections_new(old, &nold) : NULL;
	/* the dossier from the texts of its sections, and who wrote each */
	wa_buf_init(&meta);
	wa_buf_addc(&meta, '[');
	wa_buf_addc(body, '{');
	json_object_foreach(dossier, key, value) {
		const old_section *same = NULL;
		int mine = (own && strcmp(key, own) == 0) || strcmp(key, "trace") == 0;
		char hash[17];
		if (pos)
			wa_buf_addc(body, ',');
		snprintf(hash, sizeof hash, "%016llx",
			(unsigned long long)append_section(body, key, value, pre, npre));
		for (int i = 0; i < nold && !same; i++)
			if (strcmp(prev[i].name, key) == 0 && strcmp(prev[i].hash, hash) == 0)
				same = &prev[i];
		/* unchanged: keeps its writer; changed: this engine's, or the input's */
		wa_buf_add(&meta, pos ? ",{" : "{", pos ? 2 : 1);
		append_field(&meta, "name", key, 0);
		append_field(&meta, "hash", hash, 1);
		append_field(&meta, "engine", same ? same->engine : mine ? engine : NULL, 1);
		append_field(&meta, "run", same && same->run ? same->run : run_id, 1);
		append_field(&meta, "updated_at", same && same->at ? same->at : at, 1);
		wa_buf_addc(&meta, '}');
		pos++;
	}
	wa_buf_addc(body, '}');
	wa_buf_addc(&meta, ']');
	int rc = save_row(ws, client_id, body->data + start, body->len - start, &meta, at, err);
	if (line)
		wa_buf_addc(line, '\n');
	wa_buf_free(&meta);
	free(prev);
	json_decref(old);
	return rc;
}

json_t *wa_store_dossier_load(wa_ws *ws, const char *client_id, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT body FROM dossiers WHERE client_id = ?", err);
	json_t *d = NULL;
	int rc;

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		wa_json_error je;
		d = wa_json_parse_new((const char *)sqlite3_column_text(st, 0),
			(size_t)sqlite3_column_bytes(st, 0), &je);
		if (!d)
			wa_err_set(err, WA_EX_DATAERR, "workspace %s: client %s: stored dossier "
				"at byte %zu: %s", wa_ws_path(ws), client_id, je.offset, je.message);
	} else if (rc == SQLITE_DONE) {
		wa_err_set(err, WA_EX_NOINPUT, "no dossier for client %s in %s",
			client_id, wa_ws_path(ws));
	} else {
		wa_ws_fail(ws, rc, "reading a dossier", err);
	}
	sqlite3_reset(st);
	return d;
}

json_t *wa_store_dossier_meta(wa_ws *ws, const char *client_id, wa_err *err)
{
	int failed;
	json_t *meta = load_meta(ws, client_id, &failed, err), *o;
	size_t i;

	if (!meta && !failed)
		wa_err_set(err, WA_EX_NOINPUT, "no dossier for client %s in %s",
			client_id, wa_ws_path(ws));
	if (meta)
		json_array_foreach(meta, i, o)
			json_object_del(o, "hash");
	return meta;
}

json_t *wa_store_clients_new(wa_ws *ws, const char *stale, const char *before, wa_err *err)
{
	sqlite3_stmt *st = stale ?
		wa_ws_stmt(ws, "SELECT client_id FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM "
			"json_each(d.sections) s WHERE json_extract(s.value, '$.name') = ?1 "
			"AND json_extract(s.value, '$.updated_at') > ?2) ORDER BY client_id", err) :
		wa_ws_stmt(ws, "SELECT client_id FROM dossiers ORDER BY client_id", err);
	json_t *ids;
	int rc;

	if (!st)
		return NULL;
	if (stale)
		wa_ws_bind(st, "ss", stale, before);
	ids = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(ids, json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(ids);
		wa_ws_fail(ws, rc, "listing clients", err);
		return NULL;
	}
	return ids;
}

int wa_store_client_exists(wa_ws *ws, const char *id, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT 1 FROM clients WHERE id = ?1", err);
	int rc;

	if (!st)
		return -1;
	wa_ws_bind(st, "s", id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return wa_ws_fail(ws, rc, "looking up a client", err);
	return wa_err_set(err, WA_EX_NOINPUT, "no client %s in %s (wa import adds clients)", id,
		wa_ws_path(ws));
}
