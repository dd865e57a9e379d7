/* send.c - send and webhook: a document handed to an e-signature
 * service, and the service's notifications applied to its envelope
 * (lib/doc/esign.h). */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/fs.h"
#include "cli/cli.h"
#include "doc/esign.h"
#include "ws/ws.h"
#include "doclife.h"

int doc_send_run(const void *data, int argc, char **argv)
{
	const doc_kind *k = data;
	doc_args a;
	wa_err err = WA_ERR_INIT;
	wa_esign service;
	wa_ws *ws = NULL;
	json_t *env;
	char see[128], by[128];
	int rc;

	if ((rc = doc_parse(k, "send", argc, argv, 1, &a)) >= 0)
		return rc;
	if (a.days == 0)
		return cli_usage_error("--days: 1 to 3650, not 0");
	snprintf(see, sizeof see, "%s(1)", k->generator);
	if (wa_esign_from_env(&service, see, &err))
		return cli_report(&err);
	if ((rc = cli_open_workspace(&a.o, CLI_WS_WRITE, &ws))) {
		wa_esign_free(&service);
		return rc;
	}
	snprintf(by, sizeof by, "%s send", k->program);
	wa_esign_doc d = { k->kind, k->label, k->title, a.client, a.version,
		a.days < 0 ? 30 : a.days, by };
	if ((env = wa_esign_send_new(&service, ws, &d, &err)))
		rc = cli_print_json(env, a.o.pretty);
	else
		rc = cli_report(&err);
	json_decref(env);
	wa_esign_free(&service);
	wa_ws_close(ws);
	return rc;
}

/* the notification on stdin: a new object, or NULL with err (65) */
static json_t *notification_new(wa_err *err)
{
	json_error_t je;
	json_t *note = NULL;
	wa_buf in;

	wa_buf_init(&in);
	if (wa_fs_read("-", &in, 16u << 20, err) == 0 &&
	    (!(note = json_loadb(in.data ? in.data : "", in.len, 0, &je)) || !json_is_object(note))) {
		wa_err_set(err, WA_EX_DATAERR, "stdin line %d column %d: %s", je.line, je.column,
			note ? "a notification is a JSON object" : je.text);
		json_decref(note);
		note = NULL;
	}
	wa_buf_free(&in);
	return note;
}

int doc_webhook_run(const void *data, int argc, char **argv)
{
	const doc_kind *k = data;
	doc_args a;
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	json_t *note, *env = NULL;
	const char *why;
	int rc;

	if ((rc = doc_parse(k, "webhook", argc, argv, 0, &a)) >= 0)
		return rc;
	if (!(note = notification_new(&err)))
		return cli_report(&err);
	const char *id = json_string_value(json_object_get(json_object_get(note, "data"),
		"envelopeId"));
	const char *event = json_string_value(json_object_get(note, "event"));
	if (!id || !event) {
		json_decref(note);
		return cli_report((wa_err_set(&err, WA_EX_DATAERR, "stdin: a notification needs "
			"\"event\" and \"data\".\"envelopeId\""), &err));
	}
	if ((rc = cli_open_workspace(&a.o, CLI_WS_WRITE, &ws))) {
		json_decref(note);
		return rc;
	}
	rc = wa_esign_notify(ws, k->kind, note, &env, &why, &err);
	if (rc < 0) {
		rc = cli_report(&err);
	} else if (rc == 0) {
		if (!strcmp(why, "applied already"))
			cli_warn("%s: %s was applied already", id, event);
		else
			cli_warn("%s: not an event %s follows; nothing to do", event, k->generator);
	} else {
		rc = cli_print_json(env, 0);
	}
	json_decref(env);
	json_decref(note);
	wa_ws_close(ws);
	return rc;
}
