/* send.c - send and webhook: a document handed to an
 * e-signature service through its REST API, in DocuSign's envelope model
 * (documents, recipients with a routing order, status notifications),
 * and the service's notifications applied to the envelope. */
#include <curl/curl.h>
#include <dlfcn.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doclife.h"

static const char send_usage[] =
	"usage: {P} send CLIENT [--version N] [--days N] [-w WORKSPACE]\n"
	"\n"
	"Send the {D} (as last signed, or as generated) to its recipients through\n"
	"the e-signature service: POST {URL}/v2.1/accounts/{ACCOUNT}/envelopes.\n"
	"Configuration from the environment: WA_ESIGN_URL, WA_ESIGN_ACCOUNT,\n"
	"WA_ESIGN_TOKEN (or WA_ESIGN_TOKEN_FILE), and WA_ESIGN_WEBHOOK, the URL\n"
	"the service notifies (optional).  The envelope becomes sent, with the\n"
	"service's envelope id; --days until it expires (default 30).\n"
	"\n"
	"Exit: 0 sent, 65 refused (a recipient without email, a final {D}, the\n"
	"service's answer), 66 no such {D}, 69 service unavailable, 77 token\n"
	"refused, 78 not configured.\n";

static const char webhook_usage[] =
	"usage: {P} webhook [-w WORKSPACE] < NOTIFICATION.json\n"
	"\n"
	"Apply one status notification of the e-signature service (JSON on stdin,\n"
	"as its webhook posts it: {\"event\": \"recipient-completed\", \"data\":\n"
	"{\"envelopeId\", \"recipientId\", ...}}) to the envelope it names.\n"
	"recipient-delivered, recipient-completed, recipient-declined,\n"
	"envelope-voided and envelope-completed are applied; a notification\n"
	"already applied changes nothing (services repeat them).\n"
	"\n"
	"Exit: 0 applied or nothing to do, 65 a bad or impossible notification,\n"
	"66 an envelope the workspace does not know.\n";

enum { O_VERSION = WA_OPT_FIRST_FREE, O_DAYS };

/* libcurl, opened when a command sends: linked in, it and the libraries
 * it needs would cost every command of the binary (sign, verify, the filter)
 * several milliseconds of start-up. */
static struct {
	CURL *(*init)(void);
	CURLcode (*setopt)(CURL *, CURLoption, ...);
	CURLcode (*perform)(CURL *);
	CURLcode (*getinfo)(CURL *, CURLINFO, ...);
	void (*cleanup)(CURL *);
	const char *(*strerror)(CURLcode);
	struct curl_slist *(*append)(struct curl_slist *, const char *);
	void (*free_all)(struct curl_slist *);
} cu;

static int curl_open(wa_err *err)
{
	void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return wa_err_set(err, WA_EX_UNAVAILABLE, "libcurl.so.4: %s (libcurl4 installs it)",
			dlerror());
	*(void **)&cu.init = dlsym(h, "curl_easy_init");
	*(void **)&cu.setopt = dlsym(h, "curl_easy_setopt");
	*(void **)&cu.perform = dlsym(h, "curl_easy_perform");
	*(void **)&cu.getinfo = dlsym(h, "curl_easy_getinfo");
	*(void **)&cu.cleanup = dlsym(h, "curl_easy_cleanup");
	*(void **)&cu.strerror = dlsym(h, "curl_easy_strerror");
	*(void **)&cu.append = dlsym(h, "curl_slist_append");
	*(void **)&cu.free_all = dlsym(h, "curl_slist_free_all");
	if (!cu.init || !cu.setopt || !cu.perform || !cu.getinfo || !cu.cleanup || !cu.strerror ||
	    !cu.append || !cu.free_all)
		return wa_err_set(err, WA_EX_UNAVAILABLE, "libcurl.so.4 lacks the easy interface");
	return 0;
}

static size_t collect(char *p, size_t size, size_t n, void *user)
{
	wa_buf *b = user;

	if (b->len + size * n > (8u << 20))
		return 0;
	wa_buf_add(b, p, size * n);
	return size * n;
}

static char *base64_new(const char *data, size_t len)
{
	char *out = wa_mem_alloc(4 * ((len + 2) / 3) + 1);

	EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)data, (int)len);
	return out;
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

static int post_envelope(const char *url, const char *token, json_t *body, json_t **answer,
	wa_err *err)
{
	if (curl_open(err))
		return -1;
	CURL *curl = cu.init();
	struct curl_slist *h = NULL;
	wa_buf resp;
	char auth[4096], errbuf[CURL_ERROR_SIZE] = "";
	long status = 0;
	char *text = json_dumps(body, JSON_COMPACT);
	int rc = -1;

	wa_buf_init(&resp);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	h = cu.append(h, "Content-Type: application/json");
	h = cu.append(h, "Accept: application/json");
	h = cu.append(h, auth);
	explicit_bzero(auth, sizeof auth);
	cu.setopt(curl, CURLOPT_URL, url);
	cu.setopt(curl, CURLOPT_HTTPHEADER, h);
	cu.setopt(curl, CURLOPT_POSTFIELDS, text);
	cu.setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	cu.setopt(curl, CURLOPT_WRITEDATA, &resp);
	cu.setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	cu.setopt(curl, CURLOPT_TIMEOUT, 60L);
	cu.setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	cu.setopt(curl, CURLOPT_USERAGENT, "wa/" WA_VERSION);
	CURLcode cc = cu.perform(curl);
	cu.getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	*answer = resp.len ? json_loadb(resp.data, resp.len, 0, NULL) : NULL;
	char msg[512];
	if (cc != CURLE_OK)
		wa_err_set(err, WA_EX_UNAVAILABLE, "%s: %s", url, errbuf[0] ? errbuf :
			cu.strerror(cc));
	else if (status == 401 || status == 403)
		wa_err_set(err, WA_EX_NOPERM, "%s: HTTP %ld: the service refused the token (%s)", url,
			status, service_message(*answer, msg, sizeof msg));
	else if (status == 429 || status >= 500)
		wa_err_set(err, WA_EX_UNAVAILABLE, "%s: HTTP %ld: the service is unavailable (%s)",
			url, status, service_message(*answer, msg, sizeof msg));
	else if (status < 200 || status > 299)
		wa_err_set(err, WA_EX_DATAERR, "%s: HTTP %ld: the service refused the envelope (%s)",
			url, status, service_message(*answer, msg, sizeof msg));
	else if (!json_string_value(json_object_get(*answer, "envelopeId")))
		wa_err_set(err, WA_EX_UNAVAILABLE, "%s: HTTP %ld: an answer without envelopeId", url,
			status);
	else
		rc = 0;
	free(text);
	wa_buf_free(&resp);
	cu.free_all(h);
	cu.cleanup(curl);
	return rc;
}

static char *token_new(wa_err *err)
{
	const char *t = getenv("WA_ESIGN_TOKEN"), *file = getenv("WA_ESIGN_TOKEN_FILE");

	if (t && *t)
		return wa_mem_strdup(t);
	if (file && *file) {
		wa_buf b;
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
	return NULL;
}

int doc_send_main(const doc_kind *k, int argc, char **argv)
{
	/* --version N (the document's) before the common --version (wa's) */
	static const struct option options[] = {
		{ "version", required_argument, 0, O_VERSION },
		WA_CLI_LONG_OPTIONS,
		{ "days", required_argument, 0, O_DAYS },
		{ 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	json_t *env = NULL, *body = NULL, *answer = NULL;
	char *token = NULL, *b64 = NULL, *end;
	int opt, rc = 0, version = 0, days = 30;
	wa_buf pdf;

	doc_diag_init(k, "send");
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		switch (opt) {
		case O_VERSION:
			version = (int)strtol(optarg, &end, 10);
			if (*end || version < 1)
				return wa_cli_usage_error(argv, "--version: a number from 1, not %s",
					optarg);
			break;
		case O_DAYS:
			days = (int)strtol(optarg, &end, 10);
			if (*end || days < 1 || days > 3650)
				return wa_cli_usage_error(argv, "--days: 1 to 3650, not %s", optarg);
			break;
		default:
			if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
				return opt == '?' || opt == ':' ? WA_EX_USAGE :
					wa_cli_usage_error(argv, "unknown option");
		}
	}
	if (cli.help)
		return doc_usage(k, send_usage), 0;
	if (cli.version)
		return wa_cli_print_version();
	if (optind + 1 != argc)
		return wa_cli_usage_error(argv, "give one CLIENT");
	const char *client = argv[optind], *base = getenv("WA_ESIGN_URL"),
		*account = getenv("WA_ESIGN_ACCOUNT");
	wa_buf_init(&pdf);
	if (!base || !*base || !account || !*account || !(token = token_new(&err))) {
		if (!err.code)
			wa_err_set(&err, WA_EX_CONFIG, "no e-signature service configured: set "
				"WA_ESIGN_URL, WA_ESIGN_ACCOUNT and WA_ESIGN_TOKEN (or "
				"WA_ESIGN_TOKEN_FILE); see %s(1)", k->generator);
		goto fail;
	}
	if (wa_clock_init(&err) || wa_ws_open(wa_ws_default_path(cli.workspace), 0, &ws, &err) ||
	    !(env = wa_envelope_load_new(ws, k->kind, client, version, &err)))
		goto fail;
	version = (int)json_integer_value(json_object_get(env, "version"));
	char by[128];
	snprintf(by, sizeof by, "%s send", k->program);
	wa_envelope_change c = { .to = "sent", .by = by,
		.deadline_ms = wa_clock_now_ms() + (int64_t)days * 24 * 3600 * 1000 };
	if (wa_envelope_check(env, &c, &err))
		goto fail;
	/* the document as it stands: signed already by someone, or as generated */
	char name[512], file[64];
	int signed_copy = strcmp(json_string_value(json_object_get(env, "current_sha256")),
		json_string_value(json_object_get(env, "document_sha256"))) != 0;
	snprintf(file, sizeof file, "%s%s.pdf", k->kind, signed_copy ? "-signed" : "");
	doc_artifact_name(k, name, sizeof name, client, version, file);
	if (wa_artifact_get(ws, name, &pdf, &err))
		goto fail;
	json_t *signers = json_array(), *r;
	size_t i;
	json_array_foreach(json_object_get(env, "recipients"), i, r) {
		const char *email = json_string_value(json_object_get(r, "email"));
		const char *rname = json_string_value(json_object_get(r, "name"));
		if (!email || !*email) {
			json_decref(signers);
			wa_err_set(&err, WA_EX_DATAERR, "%s %s v%d: recipient %zu (%s, %s) has no "
				"email: add it to the %s", client, k->label, version, i + 1, rname ? rname : "?",
				json_string_value(json_object_get(r, "role")),
				strcmp(json_string_value(json_object_get(r, "role")), "agency") ?
				"client's contacts" : "agency profile (signer.email)");
			goto fail;
		}
		char id[16];
		snprintf(id, sizeof id, "%zu", i + 1);
		json_array_append_new(signers, json_pack("{s:s, s:s, s:s, s:s}", "email", email,
			"name", rname ? rname : email, "recipientId", id, "routingOrder", id));
	}
	b64 = base64_new(pdf.data, pdf.len);
	char subject[512], fname[512];
	snprintf(subject, sizeof subject, "Please sign: %s (%s, v%d)", k->title, client, version);
	snprintf(fname, sizeof fname, "%s-%s-v%d.pdf", client, k->kind, version);
	body = json_pack("{s:s, s:s, s:[{s:s, s:s, s:s, s:s}], s:{s:o}}",
		"emailSubject", subject, "status", "sent",
		"documents", "documentId", "1", "name", fname, "fileExtension", "pdf",
		"documentBase64", b64, "recipients", "signers", signers);
	const char *hook = getenv("WA_ESIGN_WEBHOOK");
	if (hook && *hook)
		json_object_set_new(body, "eventNotification", json_pack("{s:s, s:s, s:s, s:[s, s, "
			"s, s, s]}", "url", hook, "requireAcknowledgment", "true", "deliveryMode",
			"SIM", "events", "envelope-completed", "envelope-voided", "recipient-delivered",
			"recipient-completed", "recipient-declined"));
	char url[2048];
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	snprintf(url, sizeof url, "%.*s/v2.1/accounts/%s/envelopes", (int)bl, base, account);
	if (post_envelope(url, token, body, &answer, &err))
		goto fail;
	c.envelope_id = json_string_value(json_object_get(answer, "envelopeId"));
	if (wa_ws_begin(ws, &err) || wa_envelope_apply(ws, env, &c, &err) ||
	    wa_ws_commit(ws, &err)) {
		wa_ws_rollback(ws);
		goto fail;
	}
	char *line = json_dumps(env, cli.pretty ? JSON_INDENT(2) : JSON_COMPACT);
	puts(line);
	free(line);
	goto out;
fail:
	rc = cli_report(&err);
out:
	if (token) {
		explicit_bzero(token, strlen(token));
		free(token);
	}
	free(b64);
	json_decref(answer);
	json_decref(body);
	json_decref(env);
	wa_buf_free(&pdf);
	wa_ws_close(ws);
	if (fflush(stdout) && !rc)
		rc = WA_EX_IOERR;
	return rc;
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

int doc_webhook_main(const doc_kind *k, int argc, char **argv)
{
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	json_t *note = NULL, *env = NULL;
	wa_buf in;
	int opt, rc = 0;
	static const struct option options[] = { WA_CLI_LONG_OPTIONS, { 0, 0, 0, 0 } };

	doc_diag_init(k, "webhook");
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1)
		if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
			return opt == '?' || opt == ':' ? WA_EX_USAGE :
				wa_cli_usage_error(argv, "unknown option");
	if (cli.help)
		return doc_usage(k, webhook_usage), 0;
	if (cli.version)
		return wa_cli_print_version();
	if (optind != argc)
		return wa_cli_usage_error(argv, "the notification comes on stdin");
	wa_buf_init(&in);
	json_error_t je;
	if (wa_fs_read("-", &in, 16u << 20, &err))
		goto fail;
	if (!(note = json_loadb(in.data ? in.data : "", in.len, 0, &je)) || !json_is_object(note)) {
		wa_err_set(&err, WA_EX_DATAERR, "stdin line %d column %d: %s", je.line, je.column,
			note ? "a notification is a JSON object" : je.text);
		goto fail;
	}
	const char *event = json_string_value(json_object_get(note, "event"));
	json_t *data = json_object_get(note, "data");
	const char *id = json_string_value(json_object_get(data, "envelopeId"));
	if (!event || !id) {
		wa_err_set(&err, WA_EX_DATAERR, "stdin: a notification needs \"event\" and "
			"\"data\".\"envelopeId\"");
		goto fail;
	}
	if (wa_clock_init(&err) || wa_ws_open(wa_ws_default_path(cli.workspace), 0, &ws, &err))
		goto fail;
	if (!(env = wa_envelope_find_id_new(ws, k->kind, id, &err))) {
		if (!err.code)
			wa_err_set(&err, WA_EX_NOINPUT, "envelope %s: the workspace sent no such "
				"envelope", id);
		goto fail;
	}
	json_t *summary = json_object_get(data, "envelopeSummary");
	wa_envelope_change c = { .by = notified_recipient(env, data) };
	if (!strcmp(event, "recipient-delivered")) {
		c.to = "delivered";
	} else if (!strcmp(event, "recipient-completed")) {
		c.to = "signed";
	} else if (!strcmp(event, "recipient-declined")) {
		c.to = "declined";
		c.reason = json_string_value(json_object_get(data, "declinedReason"));
		if (!c.reason)
			c.reason = json_string_value(json_object_get(summary, "declinedReason"));
	} else if (!strcmp(event, "envelope-voided")) {
		c.to = "voided";
		c.by = "e-signature service";
		c.reason = json_string_value(json_object_get(data, "voidedReason"));
		if (!c.reason)
			c.reason = json_string_value(json_object_get(summary, "voidedReason"));
	} else if (!strcmp(event, "envelope-completed")) {
		c.to = "completed";
		c.by = "e-signature service";
	} else {
		if (cli.verbosity >= 0)
			fprintf(stderr, "%s webhook: %s: not an event %s follows; nothing "
				"to do\n", k->program, event, k->generator);
		goto out;
	}
	/* services repeat notifications: one already applied is no error */
	const char *now = json_string_value(json_object_get(env, "status"));
	json_t *who = NULL;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(env, "recipients"), i, r)
		if (c.by && !strcasecmp(json_string_value(json_object_get(r, "name")), c.by))
			who = r;
	const char *who_status = who ? json_string_value(json_object_get(who, "status")) : "";
	int applied = !strcmp(now, c.to);
	if (!strcmp(c.to, "signed") || !strcmp(c.to, "delivered"))
		applied = who && (!strcmp(who_status, "signed") ||
			!strcmp(who_status, c.to));
	if (applied) {
		if (cli.verbosity >= 0)
			fprintf(stderr, "%s webhook: %s: %s was applied already\n", k->program, id,
				event);
		goto out;
	}
	if (wa_ws_begin(ws, &err) || wa_envelope_apply(ws, env, &c, &err) ||
	    wa_ws_commit(ws, &err)) {
		wa_ws_rollback(ws);
		goto fail;
	}
	char *line = json_dumps(env, JSON_COMPACT);
	puts(line);
	free(line);
	goto out;
fail:
	rc = cli_report(&err);
out:
	json_decref(env);
	json_decref(note);
	wa_buf_free(&in);
	wa_ws_close(ws);
	if (fflush(stdout) && !rc)
		rc = WA_EX_IOERR;
	return rc;
}
