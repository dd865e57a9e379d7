/* lifecycle.c - see lifecycle.h. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lifecycle.h"

void nda_ref_free(nda_ref *ref)
{
	json_decref(ref->env);
	ref->env = NULL;
}

int nda_open_existing(const char *opt, wa_ws **ws, wa_err *err)
{
	const char *path = wa_ws_default_path(opt);

	*ws = NULL;
	if (!opt && access(path, F_OK) != 0)
		return 0;
	return wa_ws_open(path, 0, ws, err);
}

void nda_artifact_name(char *out, size_t size, const char *client, int version,
	const char *file)
{
	snprintf(out, size, "nda/%s/v%d/%s", client, version, file);
}

int nda_find_by_file(wa_ws *ws, const char *data, size_t len, nda_ref *ref, wa_err *err)
{
	char sha[WA_SHA256_HEX];

	wa_sha256_hex(data, len, sha);
	json_t *env = wa_envelope_find_file_new(ws, NDA_KIND, sha, err);
	if (!env)
		return err->code ? -1 : 0;
	const char *client = json_string_value(json_object_get(env, "client"));
	int version = (int)json_integer_value(json_object_get(env, "version"));
	if (strcmp(json_string_value(json_object_get(env, "current_sha256")), sha)) {
		char name[512];
		nda_artifact_name(name, sizeof name, client, version, "nda-signed.pdf");
		wa_err_set(err, WA_EX_DATAERR, "this is %s's NDA v%d as generated, but it has been "
			"signed since: sign the signed copy (wa artifacts get %s)", client, version,
			name);
		json_decref(env);
		return -1;
	}
	ref->found = 1;
	snprintf(ref->client, sizeof ref->client, "%s", client);
	ref->version = version;
	ref->env = env;
	return 0;
}

int nda_may_sign(wa_ws *ws, nda_ref *ref, const char *who, wa_err *err)
{
	wa_envelope_change c = { .to = "signed", .by = who };

	(void)ws;
	return wa_envelope_check(ref->env, &c, err);
}

int nda_record_signature(wa_ws *ws, nda_ref *ref, const char *who, const char *pdf,
	size_t len, wa_err *err)
{
	char sha[WA_SHA256_HEX], name[512];
	wa_envelope_change c = { .to = "signed", .by = who, .sha256 = sha };

	wa_sha256_hex(pdf, len, sha);
	nda_artifact_name(name, sizeof name, ref->client, ref->version, "nda-signed.pdf");
	if (wa_ws_begin(ws, err))
		return -1;
	if (wa_envelope_apply(ws, ref->env, &c, err) ||
	    wa_artifact_put(ws, name, pdf, len, 0644, err) || wa_ws_commit(ws, err)) {
		wa_ws_rollback(ws);
		return -1;
	}
	json_t *next = wa_envelope_next_signer(ref->env);
	if (next)
		snprintf(ref->status, sizeof ref->status, "next: %s",
			json_string_value(json_object_get(next, "name")));
	else
		snprintf(ref->status, sizeof ref->status, "completed");
	return 0;
}
