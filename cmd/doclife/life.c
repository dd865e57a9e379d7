/* life.c - status, remind, audit and certificate: a document's envelope
 * moved and shown, reminders for cron, the audit trail and its check,
 * and the certificate of completion. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/fs.h"
#include "cli/cli.h"
#include "doc/audit.h"
#include "doc/certificate.h"
#include "doc/envelope.h"
#include "ws/ws.h"
#include "doclife.h"

/* the workspace of a, which must exist: 0, or the exit code; a command
 * that only reads (how) works on a workspace it cannot write */
static int open_ws(doc_args *a, int how, wa_ws **ws)
{
	return cli_open_workspace(&a->o, how, ws);
}

static int finish(wa_ws *ws, int rc)
{
	int out = cli_flush();

	wa_ws_close(ws);
	return rc ? rc : out;
}

/* --set, --by, --reason and --days go together as the envelope model
 * wants: 0, or 64 */
static int check_move(doc_args *a)
{
	if (a->set && !a->by)
		return cli_usage_error("--set needs --by WHO");
	if ((a->by || a->reason) && !a->set)
		return cli_usage_error("--by and --reason go with --set");
	if (a->set && !wa_envelope_status_valid(a->k->kind, a->set))
		return cli_usage_error("--set: %s, not %s", wa_envelope_statuses(a->k->kind), a->set);
	return 0;
}

int doc_status_run(const void *data, int argc, char **argv)
{
	doc_args a;
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	json_t *env = NULL;
	int rc;

	if ((rc = doc_parse(data, "status", argc, argv, 1, &a)) >= 0 || (rc = check_move(&a)) ||
	    (rc = open_ws(&a, a.set ? CLI_WS_WRITE : CLI_WS_READ, &ws)))
		return rc > 0 ? rc : 0;
	if (!(env = wa_envelope_load_new(ws, a.k->kind, a.client, a.version, &err)))
		return finish(ws, cli_report(&err));
	if (a.set) {
		wa_envelope_change c = { .to = a.set, .by = a.by, .reason = a.reason };
		if (a.days >= 0)
			c.deadline_ms = wa_clock_now_ms() + (int64_t)a.days * 24 * 3600 * 1000;
		if (wa_envelope_move(ws, env, &c, &err)) {
			json_decref(env);
			return finish(ws, cli_report(&err));
		}
	}
	rc = cli_print_json(env, a.o.pretty);
	json_decref(env);
	return finish(ws, rc);
}

int doc_remind_run(const void *data, int argc, char **argv)
{
	doc_args a;
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	json_t *lines, *line;
	char by[128];
	size_t i;
	int rc;

	if ((rc = doc_parse(data, "remind", argc, argv, 0, &a)) >= 0 || (rc = open_ws(&a, CLI_WS_WRITE, &ws)))
		return rc > 0 ? rc : 0;
	snprintf(by, sizeof by, "%s remind", a.k->program);
	lines = wa_envelope_reminders_new(ws, a.k->kind, a.days < 0 ? 3 : a.days, !a.no_expire,
		by, &err);
	json_array_foreach(lines, i, line)
		if ((rc = cli_print_json(line, 0)))
			break;
	json_decref(lines);
	return finish(ws, err.code ? cli_report(&err) : rc);
}

/* the findings of --verify on stderr, the verdict on stdout: 0 or 1 */
static int report_audit(doc_args *a, json_t *rows, json_t *findings)
{
	size_t i, n = json_array_size(findings);
	json_t *f;

	json_array_foreach(findings, i, f)
		cli_error("%s: %s", a->client, json_string_value(json_object_get(f, "problem")));
	if (n)
		printf("%s: the audit trail was changed (%zu finding%s in %zu rows)\n", a->client, n,
			n == 1 ? "" : "s", json_array_size(rows));
	else
		printf("%s: the audit trail is intact (%zu rows)\n", a->client,
			json_array_size(rows));
	return n ? WA_EX_NEGATIVE : 0;
}

int doc_audit_run(const void *data, int argc, char **argv)
{
	doc_args a;
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	json_t *rows, *findings, *r;
	size_t i;
	int rc;

	if ((rc = doc_parse(data, "audit", argc, argv, 1, &a)) >= 0 || (rc = open_ws(&a, CLI_WS_READ, &ws)))
		return rc > 0 ? rc : 0;
	if (!(rows = wa_audit_list_new(ws, a.k->kind, a.client, &err)))
		return finish(ws, cli_report(&err));
	if (!json_array_size(rows)) {
		json_decref(rows);
		wa_err_set(&err, WA_EX_NOINPUT, "%s: no %s audit trail in the workspace", a.client,
			a.k->label);
		return finish(ws, cli_report(&err));
	}
	if (!a.verify) {
		json_array_foreach(rows, i, r)
			if ((rc = cli_print_json(r, a.o.pretty)))
				break;
	} else if (!(findings = wa_audit_verify_new(ws, a.k->kind, a.client, &err))) {
		rc = cli_report(&err);
	} else {
		rc = report_audit(&a, rows, findings);
		json_decref(findings);
	}
	json_decref(rows);
	return finish(ws, rc);
}

int doc_certificate_run(const void *data, int argc, char **argv)
{
	const doc_kind *k = data;
	doc_args a;
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	char name[512];
	wa_buf pdf;
	int rc;

	if ((rc = doc_parse(k, "certificate", argc, argv, 1, &a)) >= 0 || (rc = open_ws(&a, CLI_WS_WRITE, &ws)))
		return rc > 0 ? rc : 0;
	wa_certificate_doc d = { k->kind, k->label, k->program, k->generator, a.client, a.version };
	wa_buf_init(&pdf);
	if (wa_certificate_make(ws, &d, &pdf, name, sizeof name, &err) ||
	    (a.o.out && wa_fs_write_atomic(a.o.out, pdf.data, pdf.len, 0644, &err)))
		rc = cli_report(&err);
	else
		puts(name);
	wa_buf_free(&pdf);
	return finish(ws, rc);
}
