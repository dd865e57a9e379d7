/* certificate.c - the certificate of completion: see certificate.h. */
#include "doc/certificate.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "doc/audit.h"
#include "doc/envelope.h"
#include "doc/pdf.h"
#include "ws/artifact.h"

/* a Markdown table cell: no pipes or line breaks */
static void cell(wa_buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			wa_buf_adds(b, "\\|");
		else if (*s == '\n' || *s == '\r')
			wa_buf_addc(b, ' ');
		else if (strchr("\\`*_[]<>#", *s)) {
			wa_buf_addc(b, '\\');
			wa_buf_addc(b, *s);
		} else
			wa_buf_addc(b, *s);
	}
}

static const char *s_or(json_t *o, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s && *s ? s : dflt;
}

/* "| name | value |" */
static void row(wa_buf *md, const char *name, const char *value)
{
	wa_buf_addf(md, "| %s | ", name);
	cell(md, value);
	wa_buf_adds(md, " |\n");
}

static void head(wa_buf *md, const wa_certificate_doc *d, json_t *env, int version)
{
	char with[128];

	snprintf(with, sizeof with, "(signed with %s sign)", d->program);
	wa_buf_adds(md, "# Certificate of completion\n\n| | |\n|---|---|\n");
	wa_buf_adds(md, "| Document | ");
	cell(md, d->label);
	wa_buf_adds(md, ", ");
	cell(md, d->client);
	wa_buf_addf(md, ", version %d |\n| Status | completed |\n", version);
	row(md, "Envelope", s_or(env, "envelope_id", with));
	row(md, "Created", s_or(env, "created_at", ""));
	row(md, "Completed", s_or(env, "updated_at", ""));
	row(md, "Document SHA-256, as generated", s_or(env, "document_sha256", ""));
	row(md, "Document SHA-256, as signed", s_or(env, "current_sha256", ""));
}

/* the certificates the signers signed with, as the audit trail has them */
static void certificates(wa_buf *md, json_t *env)
{
	static const char *const cols[] = { "subject", "issuer", "serial", "sha256" };
	size_t i;
	json_t *r, *c;
	int any = 0;

	json_array_foreach(json_object_get(env, "recipients"), i, r) {
		if (!json_is_object(c = json_object_get(r, "certificate")))
			continue;
		if (!any++)
			wa_buf_adds(md, "\n## Signing certificates\n\n| Name | Subject | Issuer | "
				"Serial | SHA-256 fingerprint |\n|---|---|---|---|---|\n");
		wa_buf_adds(md, "| ");
		cell(md, s_or(r, "name", ""));
		for (int k = 0; k < 4; k++) {
			wa_buf_adds(md, " | ");
			cell(md, s_or(c, cols[k], ""));
		}
		wa_buf_adds(md, " |\n");
	}
}

static void signers(wa_buf *md, json_t *env)
{
	static const char *const cols[] = { "name", "role", "email", "at" };
	size_t i;
	json_t *r;

	wa_buf_adds(md, "\n## Signers\n\n| Order | Name | Role | Email | Signed at |\n"
		"|---|---|---|---|---|\n");
	json_array_foreach(json_object_get(env, "recipients"), i, r) {
		wa_buf_addf(md, "| %d |", (int)json_integer_value(json_object_get(r,
			"routing_order")));
		for (int k = 0; k < 4; k++) {
			wa_buf_addc(md, ' ');
			cell(md, s_or(r, cols[k], ""));
			wa_buf_adds(md, " |");
		}
		wa_buf_addc(md, '\n');
	}
	certificates(md, env);
}

static void trail(wa_buf *md, const wa_certificate_doc *d, json_t *rows, int version)
{
	size_t i;
	json_t *r;

	wa_buf_addf(md, "\n## Audit trail\n\nEach entry's hash covers the entry and the one "
		"before it; `%s audit CLIENT --verify` checks the chain.\n\n"
		"| # | At | Action | By | Entry hash |\n|---|---|---|---|---|\n", d->program);
	json_array_foreach(rows, i, r) {
		if (json_integer_value(json_object_get(r, "version")) != version)
			continue;
		wa_buf_addf(md, "| %lld | ", (long long)json_integer_value(json_object_get(r,
			"seq")));
		cell(md, s_or(r, "at", ""));
		wa_buf_adds(md, " | ");
		cell(md, s_or(r, "action", ""));
		wa_buf_adds(md, " | ");
		cell(md, s_or(r, "actor", ""));
		wa_buf_addf(md, " | %.16s |\n", s_or(r, "hash", ""));
	}
}

int wa_certificate_make(wa_ws *ws, const wa_certificate_doc *d, wa_buf *pdf, char *name,
	size_t size, wa_err *err)
{
	json_t *env = NULL, *rows = NULL;
	char title[512];
	wa_buf md;
	int rc = -1, version;

	wa_buf_init(&md);
	if (!(env = wa_envelope_load_new(ws, d->kind, d->client, d->version, err)) ||
	    !(rows = wa_audit_list_new(ws, d->kind, d->client, err)))
		goto out;
	version = (int)json_integer_value(json_object_get(env, "version"));
	if (strcmp(s_or(env, "status", ""), "completed")) {
		json_t *next = wa_envelope_next_signer(env);
		wa_err_set(err, WA_EX_DATAERR, "%s %s v%d is %s, not completed%s%s: a certificate "
			"of completion needs every signature", d->client, d->label, version,
			s_or(env, "status", "?"), next ? ": waiting on " : "",
			next ? s_or(next, "name", "?") : "");
		goto out;
	}
	head(&md, d, env, version);
	signers(&md, env);
	trail(&md, d, rows, version);
	snprintf(title, sizeof title, "Certificate of completion: %s %s v%d", d->client, d->label,
		version);
	wa_pdf_meta meta = { title, d->generator, "Certificate of completion", NULL };
	wa_envelope_artifact_name(name, size, d->kind, d->client, version, "certificate.pdf");
	if (wa_pdf_from_markdown(md.data, md.len, &meta, pdf, err))
		goto out;
	if (wa_ws_begin(ws, err) || wa_artifact_put(ws, name, pdf->data, pdf->len, 0644, err) ||
	    wa_ws_commit(ws, err)) {
		wa_ws_rollback(ws);
		goto out;
	}
	rc = 0;
out:
	json_decref(env);
	json_decref(rows);
	wa_buf_free(&md);
	return rc;
}
