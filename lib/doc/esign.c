/* esign.c - an e-signature service's envelopes API: see esign.h. */
#include "doc/esign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/base64.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/fs.h"
#include "base/mem.h"
#include "base/version.h"
#include "doc/envelope.h"
#include "web/fetch.h"
#include "ws/artifact.h"

static char *token_new(wa_err *err)
{
	const char *t = getenv("WA_ESIGN_TOKEN"), *file = getenv("WA_ESIGN_TOKEN_FILE");
	wa_buf b;

	if (t && *t)
		return wa_mem_strdup(t);
	if (!file || !*file)
		return NULL;
	wa_buf_init(&b);
	if (wa_fs_read(file, &b, 64 * 1024, err)) {
		wa_buf_free(&b);
		err->code = WA_EX_CONFIG;
		return NULL;
	}
	wa_buf_addc(&b, '\0');
	b.data[strcspn(b.data, "\r\n")] = '\0';
	return wa_buf_detach(&b, NULL);
}

int wa_esign_from_env(wa_esign *s, const char *see, wa_err *err)
{
	const char *url = getenv("WA_ESIGN_URL"), *account = getenv("WA_ESIGN_ACCOUNT");
	const char *hook = getenv("WA_ESIGN_WEBHOOK");

	memset(s, 0, sizeof *s);
	if (!url || !*url || !account || !*account || !(s->token = token_new(err))) {
		if (!err->code)
			wa_err_set(err, WA_EX_CONFIG, "no e-signature service configured: set "
				"WA_ESIGN_URL, WA_ESIGN_ACCOUNT and WA_ESIGN_TOKEN (or "
				"WA_ESIGN_TOKEN_FILE); see %s", see);
		return -1;
	}
	s->url = wa_mem_strdup(url);
	s->account = wa_mem_strdup(account);
	s->webhook = hook && *hook ? hook : NULL;
	return 0;
}

void wa_esign_free(wa_esign *s)
{
	if (s->token) {
		explicit_bzero(s->token, strlen(s->token));
		free(s->token);
	}
	free(s->url);
	free(s->account);
	memset(s, 0, sizeof *s);
}

/* the service's words on an error: errorCode and message, as DocuSign
 * answers */
static const char *service_message(json_t *answer, char *buf, size_t size)
{
	const char *code = json_string_value(json_object_get(answer, "errorCode"));
	const char *msg = json_string_value(json_object_get(answer, "message"));

	snprintf(buf, size, "%s%s%s", code ? code : "", code && msg ? ": " : "", msg ? msg : "");
	return buf[0] ? buf : "no message";
}

/* POST body to the service's envelopes: its answer (new), which names
 * the envelope; NULL with err */
static json_t *post(const wa_esign *s, json_t *body, wa_err *err)
{
	char url[2048], auth[4096], msg[512];
	const char *headers[] = { "Content-Type: application/json", "Accept: application/json",
		auth, NULL };
	size_t bl = strlen(s->url);
	wa_fetch_opts fo;
	wa_fetch_result g;
	json_t *answer = NULL;

	while (bl && s->url[bl - 1] == '/')
		bl--;
	snprintf(url, sizeof url, "%.*s/v2.1/accounts/%s/envelopes", (int)bl, s->url, s->account);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", s->token);
	wa_fetch_opts_init(&fo);
	fo.delay_ms = 0;
	fo.retries = 0;                 /* a POST that may have made an envelope */
	fo.timeout_ms = 60000;
	fo.allow_private = 1;           /* a service the operator named */
	char *text = json_dumps(body, JSON_COMPACT);
	wa_fetch_request req = { .url = url, .post = text, .headers = headers };
	int rc = wa_fetch_one(&fo, &req, &g, err);
	explicit_bzero(auth, sizeof auth);
	free(text);
	if (rc)
		return NULL;
	if (g.body.len)
		answer = json_loadb(g.body.data, g.body.len, 0, NULL);
	if (!g.status)
		wa_err_set(err, WA_EX_UNAVAILABLE, "%s: %s", url, g.error ? g.error : "no answer");
	else if (g.status == 401 || g.status == 403)
		wa_err_set(err, WA_EX_NOPERM, "%s: HTTP %d: the service refused the token (%s)", url,
			g.status, service_message(answer, msg, sizeof msg));
	else if (g.status == 429 || g.status >= 500)
		wa_err_set(err, WA_EX_UNAVAILABLE, "%s: HTTP %d: the service is unavailable (%s)",
			url, g.status, service_message(answer, msg, sizeof msg));
	else if (g.status < 200 || g.status > 299)
		wa_err_set(err, WA_EX_DATAERR, "%s: HTTP %d: the service refused the envelope (%s)",
			url, g.status, service_message(answer, msg, sizeof msg));
	else if (!json_string_value(json_object_get(answer, "envelopeId")))
		wa_err_set(err, WA_EX_UNAVAILABLE, "%s: HTTP %d: an answer without envelopeId", url,
			g.status);
	wa_fetch_result_free(&g);
	if (err->code) {
		json_decref(answer);
		return NULL;
	}
	return answer;
}

/* the signers of env, each with an email: a new array, or NULL with err */
static json_t *signers_new(json_t *env, const wa_esign_doc *d, int version, wa_err *err)
{
	json_t *signers = json_array(), *r;
	size_t i;

	json_array_foreach(json_object_get(env, "recipients"), i, r) {
		const char *email = json_string_value(json_object_get(r, "email"));
		const char *name = json_string_value(json_object_get(r, "name"));
		const char *role = json_string_value(json_object_get(r, "role"));
		char id[16];
		if (!email || !*email) {
			json_decref(signers);
			wa_err_set(err, WA_EX_DATAERR, "%s %s v%d: recipient %zu (%s, %s) has no "
				"email: add it to the %s", d->client, d->label, version, i + 1,
				name ? name : "?", role, strcmp(role, "agency") ? "client's contacts" :
				"agency profile (signer.email)");
			return NULL;
		}
		snprintf(id, sizeof id, "%zu", i + 1);
		json_array_append_new(signers, json_pack("{s:s, s:s, s:s, s:s}", "email", email,
			"name", name ? name : email, "recipientId", id, "routingOrder", id));
	}
	return signers;
}

/* the envelope the service is asked to make: the PDF, its signers */
static json_t *request_new(const wa_esign *s, const wa_esign_doc *d, int version, wa_buf *pdf,
	json_t *signers)
{
	char subject[512], name[512];
	json_t *body;

	snprintf(subject, sizeof subject, "Please sign: %s (%s, v%d)", d->title, d->client, version);
	snprintf(name, sizeof name, "%s-%s-v%d.pdf", d->client, d->kind, version);
	body = json_pack("{s:s, s:s, s:[{s:s, s:s, s:s, s:s%}], s:{s:O}}",
		"emailSubject", subject, "status", "sent",
		"documents", "documentId", "1", "name", name, "fileExtension", "pdf",
		"documentBase64", pdf->data ? pdf->data : "", pdf->len,
		"recipients", "signers", signers);
	if (s->webhook)
		json_object_set_new(body, "eventNotification", json_pack("{s:s, s:s, s:s, "
			"s:[s, s, s, s, s]}", "url", s->webhook, "requireAcknowledgment", "true",
			"deliveryMode", "SIM", "events", "envelope-completed", "envelope-voided",
			"recipient-delivered", "recipient-completed", "recipient-declined"));
	return body;
}

json_t *wa_esign_send_new(const wa_esign *s, wa_ws *ws, const wa_esign_doc *d, wa_err *err)
{
	json_t *env, *signers = NULL, *body = NULL, *answer = NULL;
	char name[512], file[64];
	wa_buf pdf, b64;
	int version, signed_copy;

	if (!(env = wa_envelope_load_new(ws, d->kind, d->client, d->version, err)))
		return NULL;
	version = (int)json_integer_value(json_object_get(env, "version"));
	wa_envelope_change c = { .to = "sent", .by = d->actor,
		.deadline_ms = wa_clock_now_ms() + (int64_t)d->days * 24 * 3600 * 1000 };
	wa_buf_init(&pdf);
	wa_buf_init(&b64);
	if (wa_envelope_check(env, &c, err))
		goto fail;
	/* the document as it stands: signed already by someone, or as generated */
	signed_copy = strcmp(json_string_value(json_object_get(env, "current_sha256")),
		json_string_value(json_object_get(env, "document_sha256"))) != 0;
	snprintf(file, sizeof file, "%s%s.pdf", d->kind, signed_copy ? "-signed" : "");
	wa_envelope_artifact_name(name, sizeof name, d->kind, d->client, version, file);
	if (wa_artifact_get(ws, name, &pdf, err) || !(signers = signers_new(env, d, version, err)))
		goto fail;
	wa_base64_encode(&b64, pdf.data, pdf.len);
	body = request_new(s, d, version, &b64, signers);
	if (!(answer = post(s, body, err)))
		goto fail;
	c.envelope_id = json_string_value(json_object_get(answer, "envelopeId"));
	if (wa_envelope_move(ws, env, &c, err))
		goto fail;
	goto out;
fail:
	json_decref(env);
	env = NULL;
out:
	json_decref(answer);
	json_decref(body);
	json_decref(signers);
	wa_buf_free(&pdf);
	wa_buf_free(&b64);
	return env;
}

/* the recipient a notification names: by recipientId (its routing
 * order), else by email */
static const char *notified_recipient(json_t *env, json_t *data)
{
	json_t *id = json_object_get(data, "recipientId");
	long n = json_is_string(id) ? strtol(json_string_value(id), NULL, 10) :
		(long)json_integer_value(id);
	json_t *r = n > 0 ? json_array_get(json_object_get(env, "recipients"), (size_t)n - 1) : NULL;

	if (r)
		return json_string_value(json_object_get(r, "name"));
	return json_string_value(json_object_get(data, "email"));
}

/* the change event means: 0, or -1 when wa does not follow event */
static int change_of(const char *event, json_t *env, json_t *data, wa_envelope_change *c)
{
	json_t *summary = json_object_get(data, "envelopeSummary");
	const char *key = NULL;

	memset(c, 0, sizeof *c);
	c->by = notified_recipient(env, data);
	if (!strcmp(event, "recipient-delivered")) {
		c->to = "delivered";
	} else if (!strcmp(event, "recipient-completed")) {
		c->to = "signed";
	} else if (!strcmp(event, "recipient-declined")) {
		c->to = "declined";
		key = "declinedReason";
	} else if (!strcmp(event, "envelope-voided")) {
		c->to = "voided";
		c->by = "e-signature service";
		key = "voidedReason";
	} else if (!strcmp(event, "envelope-completed")) {
		c->to = "completed";
		c->by = "e-signature service";
	} else {
		return -1;
	}
	if (key && !(c->reason = json_string_value(json_object_get(data, key))))
		c->reason = json_string_value(json_object_get(summary, key));
	return 0;
}

/* whether env has the change already: services repeat notifications */
static int applied(json_t *env, const wa_envelope_change *c)
{
	json_t *who = NULL, *r;
	size_t i;

	json_array_foreach(json_object_get(env, "recipients"), i, r)
		if (c->by && !strcasecmp(json_string_value(json_object_get(r, "name")), c->by))
			who = r;
	if (strcmp(c->to, "signed") && strcmp(c->to, "delivered"))
		return !strcmp(json_string_value(json_object_get(env, "status")), c->to);
	const char *status = who ? json_string_value(json_object_get(who, "status")) : "";
	return who && (!strcmp(status, "signed") || !strcmp(status, c->to));
}

int wa_esign_notify(wa_ws *ws, const char *kind, json_t *note, json_t **env, const char **why,
	wa_err *err)
{
	const char *event = json_string_value(json_object_get(note, "event"));
	json_t *data = json_object_get(note, "data");
	const char *id = json_string_value(json_object_get(data, "envelopeId"));
	wa_envelope_change c;

	*env = NULL;
	*why = NULL;
	if (!event || !id)
		return wa_err_set(err, WA_EX_DATAERR, "a notification needs \"event\" and "
			"\"data\".\"envelopeId\"");
	if (!(*env = wa_envelope_find_id_new(ws, kind, id, err)))
		return err->code ? -1 : wa_err_set(err, WA_EX_NOINPUT, "envelope %s: the workspace "
			"sent no such envelope", id);
	if (change_of(event, *env, data, &c))
		*why = "not an event to follow";
	else if (applied(*env, &c))
		*why = "applied already";
	else if (wa_envelope_move(ws, *env, &c, err))
		*why = "";
	if (*why) {
		json_decref(*env);
		*env = NULL;
		return **why ? 0 : -1;
	}
	return 1;
}
