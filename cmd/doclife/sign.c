/* sign.c - sign and verify: PDF signatures through lib/doc/pdfsign.h,
 * and, when the file is a document the workspace knows, the signature
 * recorded in its envelope. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "doc/envelope.h"
#include "doc/pdfsign.h"
#include "json/yaml.h"
#include "ws/ws.h"
#include "doclife.h"

typedef struct sign_args {
	const char *key, *cert, *chain, *passfile, *passenv, *signer_map;
	wa_pdf_sign_opts so;
	const char *ca;
	int json;
} sign_args;

static int sign_option(void *ctx, int key, const char *arg)
{
	sign_args *a = ctx;

	switch (key) {
	case DOC_O_KEY: a->key = arg; break;
	case DOC_O_CERT: a->cert = arg; break;
	case DOC_O_CHAIN: a->chain = arg; break;
	case DOC_O_SIGNER: a->so.name = arg; break;
	case DOC_O_SIGNER_MAP: a->signer_map = arg; break;
	case DOC_O_FIELD: a->so.field = arg; break;
	case DOC_O_REASON: a->so.reason = arg; break;
	case DOC_O_LEGACY: a->so.legacy = 1; break;
	case DOC_O_PASSFILE: a->passfile = arg; break;
	case DOC_O_PASSENV: a->passenv = arg; break;
	case DOC_O_CA: a->ca = arg; break;
	case DOC_O_JSON: a->json = 1; break;
	}
	return 0;
}

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

/* The signer of a's key and certificate, the passphrase from a file or
 * the environment and wiped after: NULL with err. */
static wa_pdfsign_signer *signer_new(const sign_args *a, wa_err *err)
{
	wa_pdfsign_signer *s;
	char *pass = NULL;

	if (a->passfile) {
		if (!(pass = first_line_new(a->passfile, err)))
			return NULL;
	} else if (getenv(a->passenv)) {
		pass = wa_mem_strdup(getenv(a->passenv));
	}
	s = wa_pdfsign_signer_new(a->key, a->cert, a->chain, pass, err);
	if (pass) {
		explicit_bzero(pass, strlen(pass));
		free(pass);
	}
	return s;
}

/* Sign the file at path, recording it when the workspace knows it. */
static int sign_file(const doc_kind *k, const cli_common *o, sign_args *a, const char *path,
	wa_pdfsign_signer *signer)
{
	wa_err err = WA_ERR_INIT;
	wa_envelope_change may = { .to = "signed", .by = a->so.name };
	json_t *cert = wa_pdfsign_signer_cert_new(signer);
	json_t *env = NULL;
	wa_ws *ws = NULL;
	wa_buf in, out;
	int rc = 0;

	wa_buf_init(&in);
	wa_buf_init(&out);
	if ((rc = doc_open_existing(o, &ws)))
		goto done;
	/* a document the workspace knows: may it be signed now? */
	if (wa_fs_read(path, &in, 1u << 30, &err) ||
	    (ws && !(env = wa_envelope_of_pdf_new(ws, k->kind, k->label, in.data, in.len, &err)) &&
	    err.code) || (env && wa_envelope_check(env, &may, &err)) ||
	    wa_pdfsign_sign(path, in.data, in.len, signer, &a->so, &out, &err) ||
	    (env && wa_envelope_record_signature(ws, env, a->so.name, cert, out.data, out.len,
	    &err)) ||
	    wa_fs_write_atomic(o->out ? o->out : path, out.data, out.len, 0644, &err)) {
		rc = cli_report(&err);
		goto done;
	}
	if (env) {
		json_t *next = wa_envelope_next_signer(env);
		cli_warn("%s v%d: signed by %s (%s%s)", json_string_value(json_object_get(env,
			"client")), (int)json_integer_value(json_object_get(env, "version")),
			a->so.name, next ? "next: " : "completed",
			next ? json_string_value(json_object_get(next, "name")) : "");
	}
done:
	json_decref(cert);
	json_decref(env);
	wa_ws_close(ws);
	wa_buf_free(&in);
	wa_buf_free(&out);
	return rc;
}

int doc_sign_run(const void *data, int argc, char **argv)
{
	const doc_kind *k = data;
	sign_args a = { .passenv = "WA_SIGN_PASSPHRASE" };
	wa_err err = WA_ERR_INIT;
	wa_pdfsign_signer *signer;
	cli_common o;
	int first, rc = cli_parse(doc_table(k, "sign"), argc, argv, &o, sign_option, &a, &first);

	if (rc >= 0)
		return rc;
	if (first + 1 != argc)
		return cli_usage_error("give one FILE.pdf to sign");
	if (!a.key || !a.cert || !a.so.name || !*a.so.name)
		return cli_usage_error("--key, --cert and --signer are required");
	/* the signer must be the certificate's holder, and it valid now */
	json_t *map = NULL;
	if (!(signer = signer_new(&a, &err)) || wa_clock_init(&err) ||
	    (a.signer_map && !(map = wa_yaml_load_new(a.signer_map, &err))) ||
	    wa_pdfsign_signer_check(signer, a.so.name, map, (time_t)(wa_clock_now_ms() / 1000),
	    &err)) {
		json_decref(map);
		wa_pdfsign_signer_free(signer);
		return cli_report(&err);
	}
	json_decref(map);
	rc = sign_file(k, &o, &a, argv[first], signer);
	wa_pdfsign_signer_free(signer);
	return rc;
}

static const char *str_or(json_t *o, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : dflt;
}

/* one signature, each check on its line, as pdfsig shows them */
static void print_signature(json_t *s)
{
	const char *problem = json_string_value(json_object_get(s, "problem"));
	json_t *c = json_object_get(s, "certificate"), *v, *t = json_object_get(s, "trusted");

	printf("  %s: %s, %s, %s\n", str_or(s, "field", ""), str_or(s, "signer", "(no name)"),
		str_or(s, "time", "(no time)"), str_or(s, "subfilter", "(no subfilter)"));
	if (c)
		printf("    subject: %s\n    issuer:  %s\n    serial:  %s\n    SHA-256: %s\n",
			str_or(c, "subject", ""), str_or(c, "issuer", ""), str_or(c, "serial", ""),
			str_or(c, "sha256", ""));
	if (problem) {
		printf("    BROKEN: %s\n", problem);
		return;
	}
	printf("    integrity: ok, the signed bytes are unchanged\n    signature: valid\n");
	v = json_object_get(s, "certificate_valid_at_signing");
	printf("    certificate: %s%s\n", json_is_null(v) ? "not judged (the signature gives no "
		"time)" : json_is_true(v) ? "valid when it signed" : "NOT valid when it signed: ",
		json_is_false(v) ? str_or(s, "certificate_problem", "") : "");
	printf("    trust: %s%s\n", json_is_null(t) ? "not checked (no --ca)" : json_is_true(t) ?
		"chains to --ca" : "NOT trusted: does not chain to --ca: ", json_is_false(t) ?
		str_or(s, "trust_problem", "") : "");
	printf("    revocation: %s\n", str_or(s, "revocation", "not checked"));
	printf("    covers %s\n", json_is_true(json_object_get(s, "covers_whole_document")) ?
		"the whole document" : "its revision (the file was updated after it)");
}

static void print_text(const char *path, json_t *sigs, int ok)
{
	size_t i;
	json_t *s;

	printf("%s: %zu signature%s\n", path, json_array_size(sigs),
		json_array_size(sigs) == 1 ? "" : "s");
	json_array_foreach(sigs, i, s)
		print_signature(s);
	printf("%s: %s\n", path, ok ? "all signatures intact, valid and, where asked, trusted" :
		!json_array_size(sigs) ? "not signed" : "NOT all checks hold (above), or the file "
		"changed after the last signature");
}

/* every signature's checks hold, and the last covers the whole file */
static int all_intact(json_t *sigs)
{
	size_t i, n = json_array_size(sigs);
	json_t *s;
	int ok = n > 0;

	json_array_foreach(sigs, i, s)
		if (!json_is_true(json_object_get(s, "ok")))
			ok = 0;
	return ok && json_is_true(json_object_get(json_array_get(sigs, n - 1),
		"covers_whole_document"));
}

/* 0 intact, 1 not, or the exit code of a file that cannot be read */
static int verify_file(const sign_args *a, const cli_common *o, const char *path)
{
	wa_err err = WA_ERR_INIT;
	json_t *sigs = NULL;
	wa_buf in;
	int ok;

	wa_buf_init(&in);
	if (wa_fs_read(path, &in, 1u << 30, &err) ||
	    !(sigs = wa_pdfsign_verify_new(path, in.data, in.len, a->ca, &err))) {
		wa_buf_free(&in);
		return cli_report(&err);
	}
	wa_buf_free(&in);
	ok = all_intact(sigs);
	if (a->json) {
		json_t *line = json_pack("{s:s, s:b, s:O}", "file", path, "ok", ok, "signatures",
			sigs);
		cli_print_json(line, o->pretty);
		json_decref(line);
	} else {
		print_text(path, sigs, ok);
	}
	json_decref(sigs);
	return ok ? 0 : WA_EX_NEGATIVE;
}

int doc_verify_run(const void *data, int argc, char **argv)
{
	const doc_kind *k = data;
	sign_args a = { 0 };
	cli_common o;
	int first, rc = cli_parse(doc_table(k, "verify"), argc, argv, &o, sign_option, &a, &first);

	if (rc >= 0)
		return rc;
	if (first >= argc)
		return cli_usage_error("give the PDF files to verify");
	rc = 0;
	/* the worst: a file that cannot be read, else one not intact */
	for (int i = first; i < argc; i++) {
		int code = verify_file(&a, &o, argv[i]);
		if (code > rc)
			rc = code;
	}
	int out = cli_flush();
	return out ? out : rc;
}
