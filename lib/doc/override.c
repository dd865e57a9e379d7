/* override.c - sections people rewrote: see override.h. */
#include "doc/override.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/hash.h"
#include "text/template.h"

int wa_override_put(wa_ws *ws, const char *client, const char *section, const char *text,
	const char *base, wa_err *err)
{
	wa_template *t = NULL;
	char sha[WA_SHA256_HEX], now[WA_TIME_MAX], name[64];
	sqlite3_stmt *st;

	snprintf(name, sizeof name, "%s section", section);
	if (wa_template_parse(name, text, &t, err))
		return -1;
	wa_template_free(t);
	wa_hash_sha256_hex(base, strlen(base), sha);
	wa_clock_now_text(now);
	st = wa_ws_stmt(ws, "INSERT INTO proposal_overrides (client, section, text, base_sha256, "
		"updated_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (client, section) DO UPDATE SET "
		"text = ?3, base_sha256 = ?4, updated_at = ?5", err);
	if (!st)
		return -1;
	wa_ws_bind(st, "sssss", client, section, text, sha, now);
	return wa_ws_step_done(ws, st, "storing an override", err);
}

json_t *wa_override_list_new(wa_ws *ws, const char *client, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT section, text, base_sha256 FROM "
		"proposal_overrides WHERE client = ?1", err);
	json_t *o;
	int rc;

	if (!st)
		return NULL;
	o = json_object();
	wa_ws_bind(st, "s", client);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_object_set_new(o, (const char *)sqlite3_column_text(st, 0), json_pack("{s:s, s:s}",
			"text", (const char *)sqlite3_column_text(st, 1), "base_sha256",
			(const char *)sqlite3_column_text(st, 2)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(o);
		wa_ws_fail(ws, rc, "reading overrides", err);
		return NULL;
	}
	return o;
}

int wa_override_remove(wa_ws *ws, const char *client, const char *section, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "DELETE FROM proposal_overrides WHERE client = ?1 AND "
		"section = ?2", err);

	if (!st)
		return -1;
	wa_ws_bind(st, "ss", client, section);
	return wa_ws_step_done(ws, st, "removing an override", err);
}
