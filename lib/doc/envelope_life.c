/* envelope_life.c - what the document commands do with envelopes: move
 * one, find a file's, record a signature, list reminders: see
 * envelope.h. */
#include "doc/envelope.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/hash.h"
#include "ws/artifact.h"
#include "ws/ws.h"

#define DAY_MS (24LL * 3600 * 1000)

void wa_envelope_artifact_name(char *out, size_t size, const char *kind, const char *client,
	int version, const char *file)
{
	snprintf(out, size, "%s/%s/v%d/%s", kind, client, version, file);
}

int wa_envelope_move(wa_ws *ws, json_t *env, const wa_envelope_change *c, wa_err *err)
{
	if (wa_ws_begin(ws, err) || wa_envelope_apply(ws, env, c, err) || wa_ws_commit(ws, err)) {
		wa_ws_rollback(ws);
		return -1;
	}
	return 0;
}

json_t *wa_envelope_of_pdf_new(wa_ws *ws, const char *kind, const char *label, const char *data,
	size_t len, wa_err *err)
{
	char sha[WA_SHA256_HEX], name[512], file[64];
	json_t *env;

	wa_hash_sha256_hex(data, len, sha);
	if (!(env = wa_envelope_find_file_new(ws, kind, sha, err)))
		return NULL;
	if (!strcmp(json_string_value(json_object_get(env, "current_sha256")), sha))
		return env;
	const char *client = json_string_value(json_object_get(env, "client"));
	int version = (int)json_integer_value(json_object_get(env, "version"));
	snprintf(file, sizeof file, "%s-signed.pdf", kind);
	wa_envelope_artifact_name(name, sizeof name, kind, client, version, file);
	wa_err_set(err, WA_EX_DATAERR, "this is %s's %s v%d as generated, but it has been signed "
		"since: sign the signed copy (wa artifacts get %s)", client, label, version, name);
	json_decref(env);
	return NULL;
}

int wa_envelope_record_signature(wa_ws *ws, json_t *env, const char *who, json_t *cert,
	const char *pdf, size_t len, wa_err *err)
{
	char sha[WA_SHA256_HEX], name[512], file[64];
	const char *kind = json_string_value(json_object_get(env, "kind"));
	wa_envelope_change c = { .to = "signed", .by = who, .sha256 = sha, .certificate = cert };

	wa_hash_sha256_hex(pdf, len, sha);
	snprintf(file, sizeof file, "%s-signed.pdf", kind);
	wa_envelope_artifact_name(name, sizeof name, kind,
		json_string_value(json_object_get(env, "client")),
		(int)json_integer_value(json_object_get(env, "version")), file);
	if (wa_ws_begin(ws, err) || wa_envelope_apply(ws, env, &c, err) ||
	    wa_artifact_put(ws, name, pdf, len, 0644, err) || wa_ws_commit(ws, err)) {
		wa_ws_rollback(ws);
		return -1;
	}
	return 0;
}

/* env's reminder line, as of now; *expired: past its deadline */
static json_t *reminder(json_t *env, int64_t now, int *expired, long *days)
{
	int64_t since = 0, deadline = 0;
	const char *dl = json_string_value(json_object_get(env, "deadline"));
	json_t *next = wa_envelope_next_signer(env);

	wa_clock_parse(json_string_value(json_object_get(env, "updated_at")), &since);
	*expired = dl && wa_clock_parse(dl, &deadline) == 0 && deadline <= now;
	*days = (long)((now - since) / DAY_MS);
	return json_pack("{s:s, s:O, s:O, s:O, s:O, s:O, s:I, s:O}",
		"type", *expired ? "expired" : "reminder", "client", json_object_get(env, "client"),
		"version", json_object_get(env, "version"), "status", json_object_get(env, "status"),
		"waiting_on", next ? next : json_null(), "since", json_object_get(env, "updated_at"),
		"days", (json_int_t)*days, "deadline", dl ? json_object_get(env, "deadline") :
		json_null());
}

json_t *wa_envelope_reminders_new(wa_ws *ws, const char *kind, int days, int expire,
	const char *actor, wa_err *err)
{
	json_t *list = wa_envelope_waiting_new(ws, kind, err), *out, *env;
	int64_t now = wa_clock_now_ms();
	size_t i;

	if (!list)
		return NULL;
	out = json_array();
	json_array_foreach(list, i, env) {
		int expired;
		long waited;
		json_t *line = reminder(env, now, &expired, &waited);
		if (expired && expire) {
			wa_envelope_change c = { .to = "expired", .by = actor };
			if (wa_envelope_move(ws, env, &c, err)) {
				json_decref(line);
				break;          /* what was expired is listed */
			}
			json_array_append(out, line);
		} else if (waited >= days) {
			if (expired)    /* not expiring: still worth a reminder */
				json_object_set_new(line, "type", json_string("reminder"));
			json_array_append(out, line);
		}
		json_decref(line);
	}
	json_decref(list);
	return out;
}
