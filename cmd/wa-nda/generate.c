/* wa-nda - the NDA an agency sends before it sees a client's data:
 * rendered from the clause library over the dossier and the agency
 * profile, as Markdown and self-contained HTML, kept in the workspace as
 * artifacts with a version per distinct content, and described in the
 * dossier's nda section. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nda.h"

#define ENGINE "wa-nda"

static const char usage[] =
	"usage: wa-nda [-kqv] [-w WORKSPACE] [-o DIR] [--pretty] [--agency FILE]\n"
	"              [--type mutual|one-way] [--term YEARS] [--law JURISDICTION]\n"
	"              [--purpose TEXT] [--non-solicitation | --no-non-solicitation]\n"
	"              [--materials return|destroy] [--template FILE] [--templates DIR]\n"
	"              [--allow-missing] [FILE...]\n"
	"\n"
	"Write each dossier's NDA from the built-in clause library (or yours) as\n"
	"Markdown, HTML and PDF, keep them in the workspace, set the nda section.\n"
	"Options not given keep the dossier's earlier choices, then the defaults\n"
	"(mutual, 2 years, the agency's governing law, return of materials,\n"
	"non-solicitation).  The agency profile is --agency or $WA_AGENCY (YAML).\n"
	"\n"
	"  --template FILE   the whole document     --templates DIR  clause by clause\n"
	"  --allow-missing   render unset variables as empty, instead of failing\n"
	"  -o, --out DIR     also write DIR/CLIENT-nda-vN.md, .html and .pdf\n"
	"\n"
	"Commands (wa-nda COMMAND --help):  sign FILE.pdf, verify FILE.pdf...,\n"
	"status CLIENT [--set S --by WHO], remind, audit CLIENT [--verify],\n"
	"certificate CLIENT, send CLIENT, webhook < NOTIFICATION.json\n"
	"\n"
	"Exit: 0 ok, 64 usage, 65 bad dossier or unset variables, 66 missing file,\n"
	"78 bad agency profile or template.  See wa-nda(1).\n";

enum { OPT_AGENCY = WA_OPT_FIRST_FREE, OPT_TYPE, OPT_TERM, OPT_LAW, OPT_PURPOSE,
	OPT_NONSOLICIT, OPT_NO_NONSOLICIT, OPT_MATERIALS, OPT_TEMPLATE, OPT_TEMPLATES,
	OPT_ALLOW_MISSING };

typedef struct ctx {
	json_t *agency;
	wa_doc_library *lib;
	json_t *options;        /* from the command line only */
	int allow_missing;
	const char *out_dir;
} ctx;

/* "24 November 2026", from the clock (SOURCE_DATE_EPOCH honoured) */
static void long_date(char *out, size_t size)
{
	static const char *const months[] = { "January", "February", "March", "April", "May",
		"June", "July", "August", "September", "October", "November", "December" };
	time_t t = (time_t)(wa_clock_now_ms() / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, size, "%d %s %d", tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
}

/* The choices: the command line, then the dossier's earlier ones, then
 * the defaults. */
static json_t *options_for(ctx *c, json_t *dossier)
{
	json_t *o = json_pack("{s:s, s:i, s:b, s:s}", "type", "mutual", "term_years", 2,
		"non_solicitation", 1, "materials", "return");
	const char *law = json_string_value(json_object_get(c->agency, "governing_law"));

	if (law)
		json_object_set_new(o, "governing_law", json_string(law));
	json_object_update(o, json_object_get(json_object_get(dossier, "nda"), "options"));
	json_object_update(o, c->options);
	return o;
}

static json_t *data_for(ctx *c, json_t *dossier, json_t *options)
{
	json_t *client = wa_dossier_client(dossier);
	json_t *cl = json_object(), *contact = json_array_get(json_object_get(client, "contacts"), 0);
	const char *legal = json_string_value(json_object_get(client, "legal_name"));
	char date[64], purpose[512];

	json_object_set(cl, "id", json_object_get(client, "id"));
	json_object_set(cl, "name", json_object_get(client, "name"));
	json_object_set(cl, "legal_name", legal ? json_object_get(client, "legal_name") :
		json_object_get(client, "name"));
	if (json_object_get(client, "address")) {
		char *line = wa_doc_address_line_new(json_object_get(client, "address"));
		json_object_set_new(cl, "address_line", json_string(line));
		free(line);
	}
	if (contact) {
		json_t *signer = json_object();
		json_object_set(signer, "name", json_object_get(contact, "name"));
		json_object_set(signer, "title", json_object_get(contact, "role"));
		if (json_object_get(contact, "email"))
			json_object_set(signer, "email", json_object_get(contact, "email"));
		json_object_set_new(cl, "signer", signer);
	}
	json_t *nda = json_deep_copy(options);
	long_date(date, sizeof date);
	json_object_set_new(nda, "effective_date", json_string(date));
	if (!json_object_get(nda, "purpose")) {
		snprintf(purpose, sizeof purpose, "a conversational AI agent that %s could provide "
			"to %s", json_string_value(json_object_get(c->agency, "legal_name")),
			json_string_value(json_object_get(cl, "legal_name")));
		json_object_set_new(nda, "purpose", json_string(purpose));
	}
	json_object_set_new(nda, "return_materials", json_boolean(strcmp(json_string_value(
		json_object_get(options, "materials")), "destroy") != 0));
	json_object_set_new(nda, "mutual", json_boolean(strcmp(json_string_value(
		json_object_get(options, "type")), "mutual") == 0));
	return json_pack("{s:O, s:o, s:o}", "agency", c->agency, "client", cl, "nda", nda);
}

static int nda_record(wa_record *rec, wa_err *err)
{
	ctx *c = rec->user;
	json_t *old = json_object_get(rec->dossier, "nda");
	json_t *options = options_for(c, rec->dossier);
	json_t *data = data_for(c, rec->dossier, options);
	json_t *used = json_array();
	const char *main = json_string_value(json_object_get(options, "type"));
	wa_buf md, html, pdf;
	int rc = -1;

	wa_buf_init(&md);
	wa_buf_init(&html);
	wa_buf_init(&pdf);
	if (wa_doc_library_get(c->lib, "document"))
		main = "document";      /* --template FILE */
	if (wa_doc_markdown(c->lib, main, data, c->allow_missing, used, NULL, &md, err))
		goto out;
	char title[512];
	snprintf(title, sizeof title, "%s: %s",
		strcmp(json_string_value(json_object_get(options, "type")), "mutual") == 0 ?
		"Mutual Non-Disclosure Agreement" : "Non-Disclosure Agreement",
		json_string_value(json_object_get(json_object_get(data, "client"), "legal_name")));
	if (wa_doc_render(&md, title, "Non-disclosure agreement", c->agency, &html, &pdf, err))
		goto out;
	/* a version per distinct content: regenerating the same text makes none */
	char hash[WA_SHA256_HEX];
	int fresh, version = wa_doc_version(old, &md, hash, &fresh);
	json_t *artifacts = wa_doc_store_new(rec->ws, "nda", rec->client_id, version, fresh,
		c->out_dir, &md, &html, &pdf, err);
	if (!artifacts)
		goto out;
	/* the envelope: a new version starts as a draft, signed by the agency
	 * then the client; the same one keeps its state */
	char pdf_sha[WA_SHA256_HEX];
	wa_hash_sha256_hex(pdf.data, pdf.len, pdf_sha);
	json_t *env = fresh ? NULL : wa_envelope_load_new(rec->ws, "nda", rec->client_id, version,
		err);
	if (!env) {
		wa_err_clear(err);
		json_t *recipients = wa_doc_signers_new(data, 0);
		int bad = wa_envelope_create(rec->ws, "nda", rec->client_id, version, recipients,
			pdf_sha, ENGINE, rec->run->id, err);
		json_decref(recipients);
		if (bad || !(env = wa_envelope_load_new(rec->ws, "nda", rec->client_id, version, err))) {
			json_decref(artifacts);
			goto out;
		}
	}
	json_t *section = json_object();
	json_object_set_new(section, "template", json_string(main));
	json_object_set(section, "options", options);
	json_object_set(section, "variables", used);
	json_object_set_new(section, "version", json_integer(version));
	json_object_set_new(section, "content_sha256", json_string(hash));
	json_t *old_at = json_object_get(old, "generated_at");
	json_object_set(section, "status", json_object_get(env, "status"));
	json_object_set(section, "recipients", json_object_get(env, "recipients"));
	json_decref(env);
	json_object_set_new(section, "artifacts", artifacts);
	json_object_set_new(section, "generated_at", !fresh && json_is_string(old_at) ?
		json_incref(old_at) : json_string(rec->at));
	wa_dossier_set_section(rec->dossier, "nda", section);
	rc = 0;         /* the event nda.generated comes with the envelope's audit entry */
out:
	wa_buf_free(&md);
	wa_buf_free(&html);
	wa_buf_free(&pdf);
	json_decref(used);
	json_decref(data);
	json_decref(options);
	return rc;
}

static int positive(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || v < 1 || v > 99)
		return -1;
	*out = (int)v;
	return 0;
}

int nda_generate_main(int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS,
		{ "agency", required_argument, 0, OPT_AGENCY },
		{ "type", required_argument, 0, OPT_TYPE },
		{ "term", required_argument, 0, OPT_TERM },
		{ "law", required_argument, 0, OPT_LAW },
		{ "purpose", required_argument, 0, OPT_PURPOSE },
		{ "non-solicitation", no_argument, 0, OPT_NONSOLICIT },
		{ "no-non-solicitation", no_argument, 0, OPT_NO_NONSOLICIT },
		{ "materials", required_argument, 0, OPT_MATERIALS },
		{ "template", required_argument, 0, OPT_TEMPLATE },
		{ "templates", required_argument, 0, OPT_TEMPLATES },
		{ "allow-missing", no_argument, 0, OPT_ALLOW_MISSING },
		{ 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	ctx c = { .options = json_object() };
	const char *agency = getenv("WA_AGENCY"), *template = NULL, *templates = NULL;
	wa_run run = { 0 };
	wa_loop loop;
	int opt, rc = 0, n;

	cli_diag_init(ENGINE);
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		switch (opt) {
		case OPT_AGENCY: agency = optarg; break;
		case OPT_TYPE:
			if (strcmp(optarg, "mutual") && strcmp(optarg, "one-way"))
				return wa_cli_usage_error(argv, "--type: mutual or one-way, not %s", optarg);
			json_object_set_new(c.options, "type", json_string(optarg));
			break;
		case OPT_TERM:
			if (positive(optarg, &n))
				return wa_cli_usage_error(argv, "--term: years from 1 to 99, not %s", optarg);
			json_object_set_new(c.options, "term_years", json_integer(n));
			break;
		case OPT_LAW: json_object_set_new(c.options, "governing_law", json_string(optarg)); break;
		case OPT_PURPOSE: json_object_set_new(c.options, "purpose", json_string(optarg)); break;
		case OPT_NONSOLICIT: json_object_set_new(c.options, "non_solicitation", json_true()); break;
		case OPT_NO_NONSOLICIT: json_object_set_new(c.options, "non_solicitation", json_false()); break;
		case OPT_MATERIALS:
			if (strcmp(optarg, "return") && strcmp(optarg, "destroy"))
				return wa_cli_usage_error(argv, "--materials: return or destroy, not %s", optarg);
			json_object_set_new(c.options, "materials", json_string(optarg));
			break;
		case OPT_TEMPLATE: template = optarg; break;
		case OPT_TEMPLATES: templates = optarg; break;
		case OPT_ALLOW_MISSING: c.allow_missing = 1; break;
		default:
			if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
				return opt == '?' || opt == ':' ? WA_EX_USAGE :
					wa_cli_usage_error(argv, "unknown option");
		}
	}
	if (cli.help)
		return json_decref(c.options), fputs(usage, stdout), 0;
	if (cli.version)
		return json_decref(c.options), wa_cli_print_version();
	if (!agency || !*agency) {
		json_decref(c.options);
		return wa_cli_usage_error(argv, "no agency profile: --agency FILE or $WA_AGENCY");
	}
	wa_doc_engine e;
	c.out_dir = cli.out;    /* -o/--out DIR, the common option */
	if (wa_doc_engine_open(&e, "nda", agency, c.out_dir, cli.workspace, templates, template,
	    &err) || wa_run_init(&run, e.ws, ENGINE, WA_VERSION, argc, argv, &err)) {
		rc = cli_report(&err);
		goto out;
	}
	c.agency = e.agency;
	c.lib = e.lib;
	wa_loop_init(&loop);
	loop.section = "nda";
	loop.process = nda_record;
	loop.user = &c;
	loop.notify = cli_loop_notify;
	loop.keep_going = cli.keep_going;
	loop.pretty = cli.pretty;
	if (wa_loop_run(&loop, e.ws, &run, argv + optind, argc - optind, &err))
		rc = cli_report(&err);
out:
	wa_run_free(&run);
	wa_doc_engine_close(&e);
	json_decref(c.options);
	return rc;
}
