/* life.c - status, remind, audit and certificate: a document's envelope
 * moved and shown, reminders for cron, the audit trail and its check,
 * and the certificate of completion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doclife.h"

enum { O_SET = WA_OPT_FIRST_FREE, O_BY, O_REASON, O_VERSION, O_DAYS, O_NO_EXPIRE, O_VERIFY };

static const char status_usage[] =
	"usage: {P} status CLIENT [--version N] [--pretty]\n"
	"       {P} status CLIENT --set STATUS --by WHO\n"
	"         [--reason TEXT] [--days N]      (either with -w WORKSPACE)\n"
	"\n"
	"Print the {D}'s envelope (the latest version, or --version) as JSON, or\n"
	"move it with --set to one of these statuses:\n"
	"  %s.\n"
	"sent takes --days until it expires (default 30); declined and voided\n"
	"take a --reason.  WHO is a recipient's name, email or role (agency,\n"
	"client), or for sent and voided anyone.  A move the envelope model\n"
	"forbids (a final {D} cannot change) is refused.  See {G}(1).\n"
	"\n"
	"Exit: 0 ok, 64 usage, 65 a forbidden move, 66 no such {D}.\n";

static const char remind_usage[] =
	"usage: {P} remind [--days N] [--no-expire] [-w WORKSPACE]\n"
	"\n"
	"For cron: one JSON line per {D} waiting on someone for N days or more\n"
	"(default 3): {\"type\":\"reminder\", client, version, status, waiting_on\n"
	"{name, email, role}, since, days, deadline}.  Those past their deadline\n"
	"are expired (unless --no-expire) and listed as {\"type\":\"expired\"...}.\n";

static const char audit_usage[] =
	"usage: {P} audit CLIENT [--verify] [-w WORKSPACE]\n"
	"\n"
	"Print the client's {D} audit trail as JSON lines, oldest first; or with\n"
	"--verify check its hash chain against the rows and the envelopes.\n"
	"\n"
	"Exit: 0 ok (intact), 1 the trail was changed behind wa's back, 66 no trail.\n";

static const char certificate_usage[] =
	"usage: {P} certificate CLIENT [--version N]\n"
	"         [-o FILE.pdf] [-w WORKSPACE]\n"
	"\n"
	"Render the certificate of completion of a completed {D} (who signed,\n"
	"when, the document's hashes, the audit trail) as PDF, kept as the\n"
	"artifact {K}/CLIENT/vN/certificate.pdf and written to -o FILE.\n"
	"\n"
	"Exit: 0 ok, 65 not completed, 66 no such {D}.\n";

typedef struct args {
	wa_cli cli;
	const char *set, *by, *reason;
	int version, days, no_expire, verify;
	const char *client;
} args;

/* the options every command here shares; 0 ok, or the exit code */
static int parse(const doc_kind *k, int argc, char **argv, const char *usage, int want_client,
	args *a)
{
	/* --version N (the document's) before the common --version (wa's) */
	static const struct option options[] = {
		{ "version", required_argument, 0, O_VERSION },
		WA_CLI_LONG_OPTIONS,
		{ "set", required_argument, 0, O_SET },
		{ "by", required_argument, 0, O_BY },
		{ "reason", required_argument, 0, O_REASON },
		{ "days", required_argument, 0, O_DAYS },
		{ "no-expire", no_argument, 0, O_NO_EXPIRE },
		{ "verify", no_argument, 0, O_VERIFY },
		{ 0, 0, 0, 0 } };
	int opt;
	char *end;

	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		switch (opt) {
		case O_SET: a->set = optarg; break;
		case O_BY: a->by = optarg; break;
		case O_REASON: a->reason = optarg; break;
		case O_VERSION:
			a->version = (int)strtol(optarg, &end, 10);
			if (*end || a->version < 1)
				return wa_cli_usage_error(argv, "--version: a number from 1, not %s",
					optarg);
			break;
		case O_DAYS:
			a->days = (int)strtol(optarg, &end, 10);
			if (*end || a->days < 0 || a->days > 3650)
				return wa_cli_usage_error(argv, "--days: 0 to 3650, not %s", optarg);
			break;
		case O_NO_EXPIRE: a->no_expire = 1; break;
		case O_VERIFY: a->verify = 1; break;
		default:
			if (wa_cli_option(&a->cli, opt, optarg, argv) <= 0)
				return opt == '?' || opt == ':' ? WA_EX_USAGE :
					wa_cli_usage_error(argv, "unknown option");
		}
	}
	if (a->cli.help) {
		if (usage == status_usage) {
			/* the statuses of this kind of document */
			char *text = wa_mem_alloc(strlen(usage) + 256);
			sprintf(text, usage, wa_envelope_statuses(k->kind));
			doc_usage(k, text);
			free(text);
		} else {
			doc_usage(k, usage);
		}
		return -1;
	}
	if (a->cli.version) {
		wa_cli_print_version();
		return -1;
	}
	if (want_client) {
		if (optind + 1 != argc)
			return wa_cli_usage_error(argv, "give one CLIENT");
		a->client = argv[optind];
	} else if (optind != argc) {
		return wa_cli_usage_error(argv, "unexpected argument %s", argv[optind]);
	}
	return 0;
}

static void print_json(json_t *o, int pretty)
{
	char *s = json_dumps(o, pretty ? JSON_INDENT(2) : JSON_COMPACT);

	puts(s);
	free(s);
}

static int finish(wa_ws *ws, int rc)
{
	wa_ws_close(ws);
	if (fflush(stdout) && !rc)
		rc = WA_EX_IOERR;
	return rc;
}

int doc_status_main(const doc_kind *k, int argc, char **argv)
{
	args a = { .days = -1 };
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	json_t *env = NULL;
	int rc;

	doc_diag_init(k, "status");
	if ((rc = parse(k, argc, argv, status_usage, 1, &a)))
		return rc < 0 ? 0 : rc;
	if (a.set && !a.by)
		return wa_cli_usage_error(argv, "--set needs --by WHO");
	if ((a.by || a.reason) && !a.set)
		return wa_cli_usage_error(argv, "--by and --reason go with --set");
	if (a.set && !wa_envelope_status_valid(k->kind, a.set))
		return wa_cli_usage_error(argv, "--set: %s, not %s", wa_envelope_statuses(k->kind),
			a.set);
	if (wa_clock_init(&err) || wa_ws_open(wa_ws_default_path(a.cli.workspace), 0, &ws, &err) ||
	    !(env = wa_envelope_load_new(ws, k->kind, a.client, a.version, &err)))
		return finish(ws, cli_report(&err));
	if (a.set) {
		wa_envelope_change c = { .to = a.set, .by = a.by, .reason = a.reason };
		if (a.days >= 0)
			c.deadline_ms = wa_clock_now_ms() + (int64_t)a.days * 24 * 3600 * 1000;
		if (wa_ws_begin(ws, &err) || wa_envelope_apply(ws, env, &c, &err) ||
		    wa_ws_commit(ws, &err)) {
			wa_ws_rollback(ws);
			json_decref(env);
			return finish(ws, cli_report(&err));
		}
	}
	print_json(env, a.cli.pretty);
	json_decref(env);
	return finish(ws, 0);
}

int doc_remind_main(const doc_kind *k, int argc, char **argv)
{
	args a = { .days = -1 };
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	json_t *list;
	int rc;

	doc_diag_init(k, "remind");
	if ((rc = parse(k, argc, argv, remind_usage, 0, &a)))
		return rc < 0 ? 0 : rc;
	if (a.days < 0)
		a.days = 3;
	if (wa_clock_init(&err) || wa_ws_open(wa_ws_default_path(a.cli.workspace), 0, &ws, &err) ||
	    !(list = wa_envelope_waiting_new(ws, k->kind, &err)))
		return finish(ws, cli_report(&err));
	int64_t now = wa_clock_now_ms();
	size_t i;
	json_t *env;
	json_array_foreach(list, i, env) {
		int64_t since = 0, deadline = 0;
		const char *dl = json_string_value(json_object_get(env, "deadline"));
		wa_clock_parse(json_string_value(json_object_get(env, "updated_at")), &since);
		int expired = dl && wa_clock_parse(dl, &deadline) == 0 && deadline <= now;
		long days = (long)((now - since) / (24LL * 3600 * 1000));
		json_t *next = wa_envelope_next_signer(env);
		json_t *line = json_pack("{s:s, s:O, s:O, s:O, s:O, s:O, s:I, s:O}",
			"type", expired ? "expired" : "reminder", "client", json_object_get(env, "client"),
			"version", json_object_get(env, "version"), "status", json_object_get(env,
			"status"), "waiting_on", next ? next : json_null(), "since",
			json_object_get(env, "updated_at"), "days", (json_int_t)days, "deadline",
			dl ? json_object_get(env, "deadline") : json_null());
		if (expired && !a.no_expire) {
			char by[128];
			snprintf(by, sizeof by, "%s remind", k->program);
			wa_envelope_change c = { .to = "expired", .by = by };
			if (wa_ws_begin(ws, &err) || wa_envelope_apply(ws, env, &c, &err) ||
			    wa_ws_commit(ws, &err)) {
				wa_ws_rollback(ws);
				json_decref(line);
				json_decref(list);
				return finish(ws, cli_report(&err));
			}
			print_json(line, 0);
		} else if (days >= a.days) {
			if (expired)    /* --no-expire: still worth a reminder */
				json_object_set_new(line, "type", json_string("reminder"));
			print_json(line, 0);
		}
		json_decref(line);
	}
	json_decref(list);
	return finish(ws, 0);
}

int doc_audit_main(const doc_kind *k, int argc, char **argv)
{
	args a = { 0 };
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	json_t *rows = NULL;
	int rc;

	doc_diag_init(k, "audit");
	if ((rc = parse(k, argc, argv, audit_usage, 1, &a)))
		return rc < 0 ? 0 : rc;
	if (wa_ws_open(wa_ws_default_path(a.cli.workspace), 0, &ws, &err) ||
	    !(rows = wa_audit_list_new(ws, k->kind, a.client, &err)))
		return finish(ws, cli_report(&err));
	if (!json_array_size(rows)) {
		json_decref(rows);
		wa_err_set(&err, WA_EX_NOINPUT, "%s: no %s audit trail in the workspace", a.client,
			k->label);
		return finish(ws, cli_report(&err));
	}
	if (!a.verify) {
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r)
			print_json(r, a.cli.pretty);
		json_decref(rows);
		return finish(ws, 0);
	}
	json_t *f = wa_audit_verify_new(ws, k->kind, a.client, &err);
	if (!f) {
		json_decref(rows);
		return finish(ws, cli_report(&err));
	}
	size_t i;
	json_t *x;
	json_array_foreach(f, i, x)
		fprintf(stderr, "%s audit: %s: %s\n", k->program, a.client,
			json_string_value(json_object_get(x, "problem")));
	if (json_array_size(f))
		printf("%s: the audit trail was changed (%zu finding%s in %zu rows)\n", a.client,
			json_array_size(f), json_array_size(f) == 1 ? "" : "s", json_array_size(rows));
	else
		printf("%s: the audit trail is intact (%zu rows)\n", a.client, json_array_size(rows));
	rc = json_array_size(f) ? WA_EX_NEGATIVE : 0;
	json_decref(f);
	json_decref(rows);
	return finish(ws, rc);
}

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

int doc_certificate_main(const doc_kind *k, int argc, char **argv)
{
	args a = { 0 };
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	json_t *env = NULL, *rows = NULL;
	wa_buf md, pdf;
	int rc;

	doc_diag_init(k, "certificate");
	if ((rc = parse(k, argc, argv, certificate_usage, 1, &a)))
		return rc < 0 ? 0 : rc;
	wa_buf_init(&md);
	wa_buf_init(&pdf);
	if (wa_clock_init(&err) || wa_ws_open(wa_ws_default_path(a.cli.workspace), 0, &ws, &err) ||
	    !(env = wa_envelope_load_new(ws, k->kind, a.client, a.version, &err)) ||
	    !(rows = wa_audit_list_new(ws, k->kind, a.client, &err)))
		goto fail;
	int version = (int)json_integer_value(json_object_get(env, "version"));
	if (strcmp(s_or(env, "status", ""), "completed")) {
		json_t *next = wa_envelope_next_signer(env);
		wa_err_set(&err, WA_EX_DATAERR, "%s %s v%d is %s, not completed%s%s: a certificate "
			"of completion needs every signature", a.client, k->label, version,
			s_or(env, "status", "?"), next ? ": waiting on " : "",
			next ? s_or(next, "name", "?") : "");
		goto fail;
	}
	wa_buf_adds(&md, "# Certificate of completion\n\n| | |\n|---|---|\n| Document | ");
	cell(&md, k->label);
	wa_buf_adds(&md, ", ");
	cell(&md, a.client);
	wa_buf_addf(&md, ", version %d |\n| Status | completed |\n| Envelope | ", version);
	char with[128];
	snprintf(with, sizeof with, "(signed with %s sign)", k->program);
	cell(&md, s_or(env, "envelope_id", with));
	wa_buf_adds(&md, " |\n| Created | ");
	cell(&md, s_or(env, "created_at", ""));
	wa_buf_adds(&md, " |\n| Completed | ");
	cell(&md, s_or(env, "updated_at", ""));
	wa_buf_adds(&md, " |\n| Document SHA-256, as generated | ");
	cell(&md, s_or(env, "document_sha256", ""));
	wa_buf_adds(&md, " |\n| Document SHA-256, as signed | ");
	cell(&md, s_or(env, "current_sha256", ""));
	wa_buf_adds(&md, " |\n\n## Signers\n\n| Order | Name | Role | Email | Signed at |\n"
		"|---|---|---|---|---|\n");
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(env, "recipients"), i, r) {
		wa_buf_addf(&md, "| %d | ", (int)json_integer_value(json_object_get(r,
			"routing_order")));
		cell(&md, s_or(r, "name", ""));
		wa_buf_adds(&md, " | ");
		cell(&md, s_or(r, "role", ""));
		wa_buf_adds(&md, " | ");
		cell(&md, s_or(r, "email", ""));
		wa_buf_adds(&md, " | ");
		cell(&md, s_or(r, "at", ""));
		wa_buf_adds(&md, " |\n");
	}
	wa_buf_addf(&md, "\n## Audit trail\n\nEach entry's hash covers the entry and the one "
		"before it; `%s audit CLIENT --verify` checks the chain.\n\n"
		"| # | At | Action | By | Entry hash |\n|---|---|---|---|---|\n", k->program);
	json_array_foreach(rows, i, r) {
		if (json_integer_value(json_object_get(r, "version")) != version)
			continue;
		wa_buf_addf(&md, "| %lld | ", (long long)json_integer_value(json_object_get(r,
			"seq")));
		cell(&md, s_or(r, "at", ""));
		wa_buf_adds(&md, " | ");
		cell(&md, s_or(r, "action", ""));
		wa_buf_adds(&md, " | ");
		cell(&md, s_or(r, "actor", ""));
		wa_buf_addf(&md, " | %.16s |\n", s_or(r, "hash", ""));
	}
	char title[512], name[512];
	snprintf(title, sizeof title, "Certificate of completion: %s %s v%d", a.client, k->label,
		version);
	wa_pdf_meta meta = { title, k->generator, "Certificate of completion", NULL };
	if (wa_pdf_from_markdown(md.data, md.len, &meta, &pdf, &err))
		goto fail;
	doc_artifact_name(k, name, sizeof name, a.client, version, "certificate.pdf");
	if (wa_ws_begin(ws, &err) || wa_artifact_put(ws, name, pdf.data, pdf.len,
	    0644, &err) || wa_ws_commit(ws, &err)) {
		wa_ws_rollback(ws);
		goto fail;
	}
	if (a.cli.out && wa_fs_write_atomic(a.cli.out, pdf.data, pdf.len, 0644, &err))
		goto fail;
	puts(name);
	rc = 0;
	goto out;
fail:
	rc = cli_report(&err);
out:
	json_decref(env);
	json_decref(rows);
	wa_buf_free(&md);
	wa_buf_free(&pdf);
	return finish(ws, rc);
}
