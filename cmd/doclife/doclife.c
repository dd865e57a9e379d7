/* doclife.c - the tables of the document commands, made for each kind
 * of document from templates in which {P} is the program ("wa-nda"),
 * {D} the label ("NDA"), {A} the label with its article, {K} the kind,
 * {G} the generator and {S} the kind's statuses; and what the commands
 * share: see doclife.h. */
#include "doclife.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "doc/doc.h"
#include "doc/envelope.h"
#include "ws/ws.h"

static const cli_opt sign_opts[] = {
	{ "key", DOC_O_KEY, "KEY.pem", "the signer's private key (PEM)" },
	{ "cert", DOC_O_CERT, "CERT.pem", "its certificate (PEM)" },
	{ "chain", DOC_O_CHAIN, "CHAIN.pem", "the certificates above it" },
	{ "signer", DOC_O_SIGNER, "NAME", "who signs (the certificate's holder)" },
	{ "signer-map", DOC_O_SIGNER_MAP, "FILE", "signers' names to their certificates' (YAML)" },
	{ "field", DOC_O_FIELD, "NAME", "the signature field to fill" },
	{ "reason", DOC_O_REASON, "TEXT", "the signature's reason" },
	{ "legacy", DOC_O_LEGACY, NULL, "adbe.pkcs7.detached, not PAdES" },
	{ "passphrase-file", DOC_O_PASSFILE, "FILE", "the key's passphrase, its first line" },
	{ "passphrase-env", DOC_O_PASSENV, "VAR", "the key's passphrase, from VAR" },
	{ 0 },
};
static const cli_opt verify_opts[] = {
	{ "ca", DOC_O_CA, "CA.pem", "check each certificate against these" },
	{ "json", DOC_O_JSON, NULL, "a JSON object a file" },
	{ 0 },
};
static const cli_opt status_opts[] = {
	{ "version", DOC_O_VERSION, "N", "that version, not the latest" },
	{ "set", DOC_O_SET, "STATUS", "move the envelope to STATUS" },
	{ "by", DOC_O_BY, "WHO", "who moves it: a recipient's name, email or role" },
	{ "reason", DOC_O_REASON, "TEXT", "why (declined, voided)" },
	{ "days", DOC_O_DAYS, "N", "sent: days until it expires (30)" },
	{ 0 },
};
static const cli_opt remind_opts[] = {
	{ "days", DOC_O_DAYS, "N", "waiting N days or more (3)" },
	{ "no-expire", DOC_O_NO_EXPIRE, NULL, "leave those past their deadline as they are" },
	{ 0 },
};
static const cli_opt audit_opts[] = {
	{ "verify", DOC_O_VERIFY, NULL, "check the hash chain instead" },
	{ 0 },
};
static const cli_opt certificate_opts[] = {
	{ "version", DOC_O_VERSION, "N", "that version, not the latest" },
	{ 0 },
};
static const cli_opt send_opts[] = {
	{ "version", DOC_O_VERSION, "N", "that version, not the latest" },
	{ "days", DOC_O_DAYS, "N", "days until it expires (30)" },
	{ 0 },
};

/* a command's table, as a template */
static const struct {
	const char *name;
	int (*run)(const void *, int, char **);
	cli_command t;
} templates[] = {
	{ "sign", doc_sign_run, { .synopsis = "FILE.pdf --key KEY.pem --cert CERT.pem --signer NAME "
		"[OPTIONS] [-o SIGNED.pdf]",
		.about = "Sign FILE.pdf in an incremental update (PAdES B-B; adbe.pkcs7.detached "
		"with --legacy): the first empty signature field, --field, or a new invisible one; "
		"without -o the file is replaced atomically.  An encrypted key's passphrase: "
		"--passphrase-file, --passphrase-env or $WA_SIGN_PASSPHRASE; signing {A} the "
		"workspace knows enters its lifecycle (refused once final).",
		.opts = sign_opts, .exits = "0 signed, 64 usage, 65 a PDF that cannot be signed or "
		"{A} that cannot be, 66 missing file, 77 wrong passphrase, or a certificate "
		"not the signer's or out of date, 78 bad key or certificate" } },
	{ "verify", doc_verify_run, { .synopsis = "[--ca CA.pem] [--json] FILE.pdf...",
		.about = "List every signature of each file: field, signer, time, certificate "
		"subject and issuer, whether it is intact and whether it covers the whole "
		"document.  --ca also checks each certificate against trusted ones.",
		.opts = verify_opts, .exits = "0 every signature intact and the file unchanged since "
		"the last one; 1 a broken signature, an untrusted one (with --ca), a change after "
		"the last signature, or no signature at all; 65 not a readable PDF" } },
	{ "status", doc_status_run, { .synopsis = "CLIENT [--version N] [--pretty]\n"
		"CLIENT --set STATUS --by WHO [--reason TEXT] [--days N]",
		.about = "Print the {D}'s envelope (the latest version, or --version) as JSON, or "
		"move it with --set to one of: {S}.  sent takes --days until it expires; declined "
		"and voided take a --reason.  WHO is a recipient's name, email or role (agency, "
		"client), or for sent and voided anyone.  A move the envelope model forbids (a "
		"final {D} cannot change) is refused.",
		.opts = status_opts,
		.exits = "0 ok, 64 usage, 65 a forbidden move, 66 no such {D}" } },
	{ "remind", doc_remind_run, { .synopsis = "[--days N] [--no-expire]",
		.about = "For cron: one JSON line per {D} waiting on someone for N days or more: "
		"{\"type\": \"reminder\", client, version, status, waiting_on {name, email, role}, "
		"since, days, deadline}.  Those past their deadline are expired (unless "
		"--no-expire) and listed as {\"type\": \"expired\", ...}.",
		.opts = remind_opts, .exits = "0 ok, 64 usage, 66 no workspace" } },
	{ "audit", doc_audit_run, { .synopsis = "CLIENT [--verify]",
		.about = "Print the client's {D} audit trail as JSON lines, oldest first; or with "
		"--verify check its hash chain against the rows and the envelopes.",
		.opts = audit_opts, .exits = "0 ok (intact), 1 the trail was changed behind wa's "
		"back, 66 no trail" } },
	{ "certificate", doc_certificate_run, { .synopsis = "CLIENT [--version N] [-o FILE.pdf]",
		.about = "Render the certificate of completion of a completed {D} (who signed, "
		"when, the document's hashes, the audit trail) as PDF, kept as the artifact "
		"{K}/CLIENT/vN/certificate.pdf and written to -o FILE.",
		.opts = certificate_opts, .exits = "0 ok, 65 not completed, 66 no such {D}" } },
	{ "send", doc_send_run, { .synopsis = "CLIENT [--version N] [--days N]",
		.about = "Send the {D} (as last signed, or as generated) to its recipients through "
		"the e-signature service: POST $WA_ESIGN_URL/v2.1/accounts/$WA_ESIGN_ACCOUNT/"
		"envelopes with $WA_ESIGN_TOKEN (or the first line of $WA_ESIGN_TOKEN_FILE); "
		"$WA_ESIGN_WEBHOOK is the URL it notifies (optional).  The envelope becomes sent, "
		"with the service's envelope id.",
		.opts = send_opts, .exits = "0 sent, 65 refused (a recipient without email, a final "
		"{D}, the service's answer), 66 no such {D}, 69 service unavailable, 77 token "
		"refused, 78 not configured" } },
	{ "webhook", doc_webhook_run, { .synopsis = "< NOTIFICATION.json",
		.about = "Apply one status notification of the e-signature service (JSON on stdin, "
		"as its webhook posts it: {\"event\": \"recipient-completed\", \"data\": "
		"{\"envelopeId\", \"recipientId\", ...}}) to the envelope it names: "
		"recipient-delivered, recipient-completed, recipient-declined, envelope-voided "
		"and envelope-completed.  A notification applied already changes nothing "
		"(services repeat them).",
		.exits = "0 applied or nothing to do, 65 a bad or impossible notification, 66 an "
		"envelope the workspace does not know" } },
};

/* text with k's words for the placeholders: a new string */
static char *fill_new(const doc_kind *k, const char *text)
{
	wa_buf b;

	wa_buf_init(&b);
	for (const char *p = text; p && *p; p++) {
		const char *with = NULL;
		if (p[0] == '{' && p[1] && p[2] == '}') {
			switch (p[1]) {
			case 'P': with = k->program; break;
			case 'D': with = k->label; break;
			case 'A': with = k->a_label; break;
			case 'K': with = k->kind; break;
			case 'G': with = k->generator; break;
			case 'S': with = wa_envelope_statuses(k->kind); break;
			}
		}
		if (with) {
			wa_buf_adds(&b, with);
			p += 2;
		} else {
			wa_buf_addc(&b, *p);
		}
	}
	return wa_buf_detach(&b, NULL);
}

/* the tables doc_verbs made, for doc_table */
static struct made {
	const doc_kind *k;
	cli_verb *verbs;
} made[4];

const cli_verb *doc_verbs(const doc_kind *k, const char *const *names)
{
	size_t n = 0, slot;
	cli_verb *v;

	for (slot = 0; slot < 4 && made[slot].k && made[slot].k != k; slot++)
		;
	if (slot < 4 && made[slot].k == k)
		return made[slot].verbs;
	while (names[n])
		n++;
	v = wa_mem_calloc(n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		for (size_t t = 0; t < sizeof templates / sizeof *templates; t++) {
			if (strcmp(names[i], templates[t].name))
				continue;
			cli_command *c = wa_mem_alloc(sizeof *c);
			char name[128], see[128];
			*c = templates[t].t;
			snprintf(name, sizeof name, "%s %s", k->program, names[i]);
			snprintf(see, sizeof see, "%s(1)", k->generator);
			c->name = wa_mem_strdup(name);
			c->about = fill_new(k, templates[t].t.about);
			c->exits = fill_new(k, templates[t].t.exits);
			c->see = wa_mem_strdup(see);
			v[i] = (cli_verb){ .name = templates[t].name, .cmd = c,
				.run = templates[t].run, .data = k };
		}
	if (slot < 4)
		made[slot] = (struct made){ k, v };
	return v;
}

const cli_command *doc_table(const doc_kind *k, const char *name)
{
	for (size_t s = 0; s < 4 && made[s].k; s++)
		for (size_t i = 0; made[s].k == k && made[s].verbs[i].name; i++)
			if (!strcmp(made[s].verbs[i].name, name))
				return made[s].verbs[i].cmd;
	return NULL;
}

/* ---- what the commands share ---- */

static int doc_option(void *ctx, int key, const char *arg)
{
	doc_args *a = ctx;
	long v;
	int rc = 0;

	switch (key) {
	case DOC_O_VERSION:
		rc = cli_arg_long("version", arg, 1, 1000000, &v);
		a->version = (int)v;
		return rc;
	case DOC_O_DAYS:
		rc = cli_arg_long("days", arg, 0, 3650, &v);
		a->days = (int)v;
		return rc;
	case DOC_O_SET: a->set = arg; return 0;
	case DOC_O_BY: a->by = arg; return 0;
	case DOC_O_REASON: a->reason = arg; return 0;
	case DOC_O_NO_EXPIRE: a->no_expire = 1; return 0;
	case DOC_O_VERIFY: a->verify = 1; return 0;
	}
	return cli_usage_error("unknown option");
}

int doc_parse(const doc_kind *k, const char *name, int argc, char **argv, int want_client,
	doc_args *a)
{
	int rc;

	memset(a, 0, sizeof *a);
	a->k = k;
	a->days = -1;
	rc = cli_parse(doc_table(k, name), argc, argv, &a->o, doc_option, a, &a->first);
	if (rc >= 0)
		return rc;
	if (want_client) {
		if (a->first + 1 != argc)
			return cli_usage_error("give one CLIENT");
		a->client = argv[a->first];
	} else if (a->first != argc && strcmp(name, "verify") && strcmp(name, "sign")) {
		return cli_usage_error("unexpected argument %s", argv[a->first]);
	}
	return -1;
}

int doc_open_existing(const cli_common *o, wa_ws **ws)
{
	*ws = NULL;
	if (!o->workspace && access(wa_ws_default_path(NULL), F_OK) != 0)
		return 0;
	return cli_open_workspace(o, CLI_WS_WRITE, ws);
}

int doc_engine_open(wa_doc_engine *e, cli_engine *eng, const char *prog, const char *kind,
	const char *agency, const char *templates, const char *template, const cli_common *o)
{
	wa_err err = WA_ERR_INIT;
	int rc;

	memset(eng, 0, sizeof *eng);
	if (wa_doc_engine_open(e, agency, o->out, &err))
		return cli_report(&err);
	if ((rc = cli_engine_open(eng, prog, o)))
		return rc;
	if (wa_doc_engine_library(e, eng->ws, kind, templates, template, &err))
		return cli_report(&err);
	return 0;
}
