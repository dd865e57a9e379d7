/* sign.c - sign and verify: PDF signatures through lib/pdfsign.c, and,
 * when the file is a document the workspace knows, the signature recorded
 * in its envelope; and what the commands share (see doclife.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doclife.h"

static const char sign_usage[] =
	"usage: {P} sign FILE.pdf --key KEY.pem --cert CERT.pem\n"
	"         [--chain CHAIN.pem] --signer NAME [--field NAME] [--reason TEXT]\n"
	"         [--legacy] [--passphrase-file FILE | --passphrase-env VAR]\n"
	"         [-o SIGNED.pdf] [-w WORKSPACE]\n"
	"\n"
	"Sign FILE.pdf (PAdES B-B, or adbe.pkcs7.detached with --legacy) in an\n"
	"incremental update: the first empty signature field, or --field, or a new\n"
	"invisible one.  Without -o the file is replaced atomically.  An encrypted\n"
	"key's passphrase comes from --passphrase-file, --passphrase-env or\n"
	"$WA_SIGN_PASSPHRASE.  When the workspace knows the file as {A}, the\n"
	"signature is recorded in its lifecycle (refused if the {D} is voided,\n"
	"declined, expired or completed).\n"
	"\n"
	"Exit: 0 signed, 64 usage, 65 a PDF that cannot be signed or {A} that\n"
	"cannot be, 66 missing file, 77 wrong passphrase, 78 bad key or certificate.\n";

static const char verify_usage[] =
	"usage: {P} verify [--ca CA.pem] [--json] FILE.pdf...\n"
	"\n"
	"List every signature of each file: field, signer, time, certificate\n"
	"subject and issuer, whether it is intact and whether it covers the whole\n"
	"document.  --ca also checks each certificate against trusted ones.\n"
	"--json prints one JSON object per file instead.\n"
	"\n"
	"Exit: 0 every signature intact and the file unchanged since the last one,\n"
	"1 a broken signature, an untrusted one (with --ca), a change after the\n"
	"last signature, or no signature at all; 65 not a readable PDF.\n";

enum { O_KEY = WA_OPT_FIRST_FREE, O_CERT, O_CHAIN, O_SIGNER, O_FIELD, O_REASON, O_LEGACY,
	O_PASSFILE, O_PASSENV, O_CA, O_JSON };

/* the first line of path, without its end of line; NULL with err */
static char *first_line_new(const char *path, wa_err *err)
{
	wa_buf b;

	wa_buf_init(&b);
	if (wa_fs_read(path, &b, 64 * 1024, err)) {
		wa_buf_free(&b);
		return NULL;
	}
	wa_buf_addc(&b, '\0');
	b.data[strcspn(b.data, "\r\n")] = '\0';
	return wa_buf_detach(&b, NULL);
}

int doc_sign_main(const doc_kind *k, int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS,
		{ "key", required_argument, 0, O_KEY },
		{ "cert", required_argument, 0, O_CERT },
		{ "chain", required_argument, 0, O_CHAIN },
		{ "signer", required_argument, 0, O_SIGNER },
		{ "field", required_argument, 0, O_FIELD },
		{ "reason", required_argument, 0, O_REASON },
		{ "legacy", no_argument, 0, O_LEGACY },
		{ "passphrase-file", required_argument, 0, O_PASSFILE },
		{ "passphrase-env", required_argument, 0, O_PASSENV },
		{ 0, 0, 0, 0 } };
	const char *key = NULL, *cert = NULL, *chain = NULL, *passfile = NULL,
		*passenv = "WA_SIGN_PASSPHRASE";
	wa_pdf_sign_opts so = { 0 };
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	int opt, rc = 0;

	doc_diag_init(k, "sign");
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		switch (opt) {
		case O_KEY: key = optarg; break;
		case O_CERT: cert = optarg; break;
		case O_CHAIN: chain = optarg; break;
		case O_SIGNER: so.name = optarg; break;
		case O_FIELD: so.field = optarg; break;
		case O_REASON: so.reason = optarg; break;
		case O_LEGACY: so.legacy = 1; break;
		case O_PASSFILE: passfile = optarg; break;
		case O_PASSENV: passenv = optarg; break;
		default:
			if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
				return opt == '?' || opt == ':' ? WA_EX_USAGE :
					wa_cli_usage_error(argv, "unknown option");
		}
	}
	if (cli.help)
		return doc_usage(k, sign_usage), 0;
	if (cli.version)
		return wa_cli_print_version();
	if (optind + 1 != argc)
		return wa_cli_usage_error(argv, "give one FILE.pdf to sign");
	if (!key || !cert || !so.name || !*so.name)
		return wa_cli_usage_error(argv, "--key, --cert and --signer are required");
	const char *path = argv[optind], *out_path = cli.out ? cli.out : path;
	char *pass = NULL;
	if (passfile) {
		if (!(pass = first_line_new(passfile, &err)))
			return cli_report(&err);
	} else if (getenv(passenv)) {
		pass = wa_mem_strdup(getenv(passenv));
	}
	wa_pdfsign_signer *signer = wa_pdfsign_signer_new(key, cert, chain, pass, &err);
	if (pass) {
		explicit_bzero(pass, strlen(pass));
		free(pass);
	}
	if (!signer || wa_clock_init(&err))
		return wa_pdfsign_signer_free(signer), cli_report(&err);
	wa_buf in, out;
	wa_buf_init(&in);
	wa_buf_init(&out);
	doc_ref ref = { 0 };
	wa_ws *ws = NULL;
	if (wa_fs_read(path, &in, 1u << 30, &err))
		goto fail;
	/* a document the workspace knows: may it be signed now? */
	wa_envelope_change may = { .to = "signed", .by = so.name };
	if (doc_open_existing(cli.workspace, &ws, &err) || (ws && doc_find_by_file(k, ws, in.data,
	    in.len, &ref, &err)) || (ref.found && wa_envelope_check(ref.env, &may, &err)))
		goto fail;
	if (wa_pdfsign_sign(path, in.data, in.len, signer, &so, &out, &err))
		goto fail;
	if (ref.found && doc_record_signature(k, ws, &ref, so.name, out.data, out.len, &err))
		goto fail;
	if (wa_fs_write_atomic(out_path, out.data, out.len, 0644, &err))
		goto fail;
	if (ref.found && cli.verbosity >= 0)
		fprintf(stderr, "%s sign: %s v%d: signed by %s (%s)\n", k->program, ref.client,
			ref.version, so.name, ref.status);
	goto done;
fail:
	rc = cli_report(&err);
done:
	doc_ref_free(&ref);
	wa_ws_close(ws);
	wa_buf_free(&in);
	wa_buf_free(&out);
	wa_pdfsign_signer_free(signer);
	return rc;
}

static void print_text(const char *path, json_t *sigs, int ok)
{
	size_t i;
	json_t *s;

	printf("%s: %zu signature%s\n", path, json_array_size(sigs),
		json_array_size(sigs) == 1 ? "" : "s");
	json_array_foreach(sigs, i, s) {
		const char *problem = json_string_value(json_object_get(s, "problem"));
		printf("  %s: %s, %s, %s\n", json_string_value(json_object_get(s, "field")),
			json_string_value(json_object_get(s, "signer")) ?
			json_string_value(json_object_get(s, "signer")) : "(no name)",
			json_string_value(json_object_get(s, "time")) ?
			json_string_value(json_object_get(s, "time")) : "(no time)",
			json_string_value(json_object_get(s, "subfilter")) ?
			json_string_value(json_object_get(s, "subfilter")) : "(no subfilter)");
		if (json_object_get(s, "subject"))
			printf("    subject: %s\n    issuer:  %s\n",
				json_string_value(json_object_get(s, "subject")),
				json_string_value(json_object_get(s, "issuer")));
		if (problem)
			printf("    BROKEN: %s\n", problem);
		else
			printf("    intact%s; covers %s\n", json_is_true(json_object_get(s,
				"trusted")) ? " and trusted" : "", json_is_true(json_object_get(s,
				"covers_whole_document")) ? "the whole document" : "its revision "
				"(the file was updated after it)");
	}
	printf("%s: %s\n", path, ok ? "all signatures intact" : !json_array_size(sigs) ?
		"not signed" : "NOT intact, or changed after the last signature");
}

int doc_verify_main(const doc_kind *k, int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS,
		{ "ca", required_argument, 0, O_CA },
		{ "json", no_argument, 0, O_JSON },
		{ 0, 0, 0, 0 } };
	const char *ca = NULL;
	int json = 0, opt, rc = 0;
	wa_cli cli = { 0 };

	doc_diag_init(k, "verify");
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		switch (opt) {
		case O_CA: ca = optarg; break;
		case O_JSON: json = 1; break;
		default:
			if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
				return opt == '?' || opt == ':' ? WA_EX_USAGE :
					wa_cli_usage_error(argv, "unknown option");
		}
	}
	if (cli.help)
		return doc_usage(k, verify_usage), 0;
	if (cli.version)
		return wa_cli_print_version();
	if (optind >= argc)
		return wa_cli_usage_error(argv, "give the PDF files to verify");
	for (int i = optind; i < argc; i++) {
		wa_err err = WA_ERR_INIT;
		wa_buf in;
		wa_buf_init(&in);
		json_t *sigs = NULL;
		if (wa_fs_read(argv[i], &in, 1u << 30, &err) ||
		    !(sigs = wa_pdfsign_verify_new(argv[i], in.data, in.len, ca, &err))) {
			int code = cli_report(&err);
			if (rc != WA_EX_NEGATIVE || code > rc)
				rc = code > rc ? code : rc;
			wa_buf_free(&in);
			continue;
		}
		size_t k, n = json_array_size(sigs);
		json_t *s;
		int ok = n > 0;
		json_array_foreach(sigs, k, s)
			if (!json_is_true(json_object_get(s, "intact")))
				ok = 0;
		if (n && !json_is_true(json_object_get(json_array_get(sigs, n - 1),
		    "covers_whole_document")))
			ok = 0;
		if (json) {
			json_t *o = json_pack("{s:s, s:b, s:O}", "file", argv[i], "ok", ok,
				"signatures", sigs);
			char *line = json_dumps(o, JSON_COMPACT | (cli.pretty ? JSON_INDENT(2) : 0));
			puts(line);
			free(line);
			json_decref(o);
		} else {
			print_text(argv[i], sigs, ok);
		}
		if (!ok && !rc)
			rc = WA_EX_NEGATIVE;
		json_decref(sigs);
		wa_buf_free(&in);
	}
	if (fflush(stdout))
		rc = WA_EX_IOERR;
	return rc;
}

void doc_ref_free(doc_ref *ref)
{
	json_decref(ref->env);
	ref->env = NULL;
}

int doc_open_existing(const char *opt, wa_ws **ws, wa_err *err)
{
	const char *path = wa_ws_default_path(opt);

	*ws = NULL;
	if (!opt && access(path, F_OK) != 0)
		return 0;
	return wa_ws_open(path, 0, ws, err);
}

void doc_artifact_name(const doc_kind *k, char *out, size_t size, const char *client,
	int version, const char *file)
{
	snprintf(out, size, "%s/%s/v%d/%s", k->kind, client, version, file);
}

int doc_find_by_file(const doc_kind *k, wa_ws *ws, const char *data, size_t len,
	doc_ref *ref, wa_err *err)
{
	char sha[WA_SHA256_HEX];

	wa_hash_sha256_hex(data, len, sha);
	json_t *env = wa_envelope_find_file_new(ws, k->kind, sha, err);
	if (!env)
		return err->code ? -1 : 0;
	const char *client = json_string_value(json_object_get(env, "client"));
	int version = (int)json_integer_value(json_object_get(env, "version"));
	if (strcmp(json_string_value(json_object_get(env, "current_sha256")), sha)) {
		char name[512], file[64];
		snprintf(file, sizeof file, "%s-signed.pdf", k->kind);
		doc_artifact_name(k, name, sizeof name, client, version, file);
		wa_err_set(err, WA_EX_DATAERR, "this is %s's %s v%d as generated, but it has been "
			"signed since: sign the signed copy (wa artifacts get %s)", client, k->label,
			version, name);
		json_decref(env);
		return -1;
	}
	ref->found = 1;
	snprintf(ref->client, sizeof ref->client, "%s", client);
	ref->version = version;
	ref->env = env;
	return 0;
}

int doc_record_signature(const doc_kind *k, wa_ws *ws, doc_ref *ref, const char *who,
	const char *pdf, size_t len, wa_err *err)
{
	char sha[WA_SHA256_HEX], name[512], file[64];
	wa_envelope_change c = { .to = "signed", .by = who, .sha256 = sha };

	wa_hash_sha256_hex(pdf, len, sha);
	snprintf(file, sizeof file, "%s-signed.pdf", k->kind);
	doc_artifact_name(k, name, sizeof name, ref->client, ref->version, file);
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

void doc_usage(const doc_kind *k, const char *text)
{
	for (const char *p = text; *p; p++) {
		const char *with = NULL;
		if (p[0] == '{' && p[1] && p[2] == '}') {
			switch (p[1]) {
			case 'P': with = k->program; break;
			case 'D': with = k->label; break;
			case 'A': with = k->a_label; break;
			case 'K': with = k->kind; break;
			case 'G': with = k->generator; break;
			}
		}
		if (with) {
			fputs(with, stdout);
			p += 2;
		} else {
			putchar(*p);
		}
	}
}

void doc_diag_init(const doc_kind *k, const char *command)
{
	static char name[128];

	snprintf(name, sizeof name, "%s %s", k->program, command);
	cli_diag_init(name);
}

int doc_command(const doc_kind *k, const char *list, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(const doc_kind *, int, char **);
	} commands[] = {
		{ "sign", doc_sign_main },
		{ "verify", doc_verify_main },
		{ "status", doc_status_main },
		{ "remind", doc_remind_main },
		{ "audit", doc_audit_main },
		{ "certificate", doc_certificate_main },
		{ "send", doc_send_main },
		{ "webhook", doc_webhook_main },
	};
	char pad[64];

	if (argc < 1 || strlen(argv[0]) > 32 || strchr(argv[0], ' '))
		return -1;
	snprintf(pad, sizeof pad, " %s ", argv[0]);
	if (!strstr(list, pad))
		return -1;
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			return commands[i].fn(k, argc, argv);
	return -1;
}
