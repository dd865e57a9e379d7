/* section.c - an engine's section, versioned by its inputs: see
 * section.h. */
#include "ws/section.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/hash.h"
#include "base/mem.h"
#include "json/json.h"
#include "ws/dossier.h"
#include "ws/event.h"
#include "ws/ws.h"

struct wa_section_draft {
	json_t *value;
	char sha[WA_SHA256_HEX];
	wa_buf text;            /* the compact text up to its closing brace */
	uint64_t hash;          /* FNV-1a of that prefix */
	int empty;              /* no member: no comma before "version" */
};

wa_section_draft *wa_section_draft_new(json_t *value, const char *inputs_sha256)
{
	wa_section_draft *d = wa_mem_calloc(1, sizeof *d);

	d->value = value;
	snprintf(d->sha, sizeof d->sha, "%s", inputs_sha256);
	d->empty = json_object_size(value) == 0;
	wa_buf_init(&d->text);
	wa_json_append(&d->text, value);
	d->text.len--;          /* the closing brace comes after version and time */
	d->text.data[d->text.len] = '\0';
	d->hash = wa_hash_fnv1a(0, d->text.data, d->text.len);
	return d;
}

void wa_section_draft_free(wa_section_draft *d)
{
	if (!d)
		return;
	json_decref(d->value);
	wa_buf_free(&d->text);
	free(d);
}

json_t *wa_section_draft_value(const wa_section_draft *d)
{
	return d->value;
}

/* The client's latest version of section: 1 with its number, inputs and
 * time, 0 when it has none, -1 with err. */
static int latest(wa_ws *ws, const char *client, const char *section, int *version,
	char sha[WA_SHA256_HEX], char at[WA_TIME_MAX], wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT version, inputs_sha256, created_at FROM "
		"section_versions WHERE client = ?1 AND section = ?2 ORDER BY version DESC LIMIT 1",
		err);
	int rc;

	if (!st)
		return -1;
	wa_ws_bind(st, "ss", client, section);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0);
		snprintf(sha, WA_SHA256_HEX, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(at, WA_TIME_MAX, "%s", (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return wa_ws_fail(ws, rc, "reading a section's versions", err);
	return rc == SQLITE_ROW;
}

/* Keep a new version and say so on the event bus. */
static int keep(wa_record *rec, const char *section, int version, const wa_section_draft *d,
	const char *at, json_t *payload, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(rec->ws, "INSERT INTO section_versions (client, section, "
		"version, inputs_sha256, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err);
	char type[128];
	json_t *event;
	int rc;

	if (!st)
		return -1;
	wa_ws_bind(st, "ssisns", rec->client_id, section, version, d->sha, at);
	sqlite3_bind_text(st, 5, d->text.data, (int)d->text.len, SQLITE_STATIC);
	rc = wa_ws_step_done(rec->ws, st, "storing a section", err);
	sqlite3_clear_bindings(st);
	if (rc)
		return -1;
	event = json_pack("{s:s, s:i}", "client", rec->client_id, "version", version);
	if (payload)
		json_object_update(event, payload);
	snprintf(type, sizeof type, "%s.generated", section);
	rc = wa_event_emit(rec->ws, type, rec->client_id, rec->run->id, rec->run->id, event, err);
	json_decref(event);
	return rc;
}

int wa_section_store(wa_record *rec, const char *name, wa_section_draft *d, json_t *payload,
	wa_err *err)
{
	char sha[WA_SHA256_HEX] = "", at[WA_TIME_MAX] = "", num[16];
	int version = 0, found = latest(rec->ws, rec->client_id, name, &version, sha, at, err);
	int same = found > 0 && !strcmp(sha, d->sha);
	size_t tail = d->text.len;

	if (found < 0)
		return -1;
	if (!same) {
		version++;
		snprintf(at, sizeof at, "%s", rec->at);
	}
	json_object_set_new(d->value, "version", json_integer(version));
	json_object_set_new(d->value, "generated_at", json_string(at));
	/* the rest of the text, as the writer of json.h writes these two */
	snprintf(num, sizeof num, "%d", version);
	wa_buf_adds(&d->text, d->empty ? "\"version\":" : ",\"version\":");
	wa_buf_adds(&d->text, num);
	wa_buf_adds(&d->text, ",\"generated_at\":");
	wa_json_append_string(&d->text, at, strlen(at));
	wa_buf_addc(&d->text, '}');
	if (!same && keep(rec, name, version, d, at, payload, err))
		return -1;
	rec->own = (wa_section_text){ d->value, d->text.data, d->text.len,
		wa_hash_fnv1a(d->hash, d->text.data + tail, d->text.len - tail) };
	/* the loop holds the dossier's reference */
	wa_dossier_set_section(rec->dossier, name, json_incref(d->value));
	return 0;
}
