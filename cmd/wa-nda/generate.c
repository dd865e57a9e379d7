/* wa-nda - the NDA an agency sends before it sees a client's data:
 * rendered from the clause library over the dossier and the agency
 * profile, as Markdown and self-contained HTML, kept in the workspace as
 * artifacts with a version per distinct content, and described in the
 * dossier's nda section. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/hash.h"
#include "cli/cli.h"
#include "doc/doc.h"
#include "doc/envelope.h"
#include "ws/dossier.h"
#include "ws/loop.h"
#include "doclife.h"
#include "nda.h"

enum { O_AGENCY = CLI_OWN, O_TYPE, O_TERM, O_LAW, O_PURPOSE, O_NONSOLICIT, O_NO_NONSOLICIT,
	O_MATERIALS, O_TEMPLATE, O_TEMPLATES, O_ALLOW_MISSING };

const cli_opt nda_opts[] = {
	{ "agency", O_AGENCY, "FILE", "the agency profile (YAML; default $WA_AGENCY)" },
	{ "type", O_TYPE, "mutual|one-way", "mutual (the default) or one-way" },
	{ "term", O_TERM, "YEARS", "how long it lasts (2)" },
	{ "law", O_LAW, "JURISDICTION", "the governing law (the agency's)" },
	{ "purpose", O_PURPOSE, "TEXT", "what the parties talk about" },
	{ "non-solicitation", O_NONSOLICIT, NULL, "with the non-solicitation clause (the default)" },
	{ "no-non-solicitation", O_NO_NONSOLICIT, NULL, "without it" },
	{ "materials", O_MATERIALS, "return|destroy", "what happens to materials at the end" },
	{ "template", O_TEMPLATE, "FILE", "the whole document from FILE" },
	{ "templates", O_TEMPLATES, "DIR", "clause by clause from DIR" },
	{ "allow-missing", O_ALLOW_MISSING, NULL, "unset variables render empty" },
	{ 0 },
};

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
			pdf_sha, "wa-nda", rec->run->id, err);
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

typedef struct choices {
	ctx *c;
	const char *agency, *template, *templates;
} choices;

static int option(void *user, int key, const char *arg)
{
	choices *ch = user;
	json_t *o = ch->c->options;
	int n;

	switch (key) {
	case O_AGENCY: ch->agency = arg; return 0;
	case O_TYPE:
		if (strcmp(arg, "mutual") && strcmp(arg, "one-way"))
			return cli_usage_error("--type: mutual or one-way, not %s", arg);
		return json_object_set_new(o, "type", json_string(arg)), 0;
	case O_TERM:
		if (cli_arg_int("term", arg, 1, 99, &n))
			return WA_EX_USAGE;
		return json_object_set_new(o, "term_years", json_integer(n)), 0;
	case O_LAW: return json_object_set_new(o, "governing_law", json_string(arg)), 0;
	case O_PURPOSE: return json_object_set_new(o, "purpose", json_string(arg)), 0;
	case O_NONSOLICIT: return json_object_set_new(o, "non_solicitation", json_true()), 0;
	case O_NO_NONSOLICIT: return json_object_set_new(o, "non_solicitation", json_false()), 0;
	case O_MATERIALS:
		if (strcmp(arg, "return") && strcmp(arg, "destroy"))
			return cli_usage_error("--materials: return or destroy, not %s", arg);
		return json_object_set_new(o, "materials", json_string(arg)), 0;
	case O_TEMPLATE: ch->template = arg; return 0;
	case O_TEMPLATES: ch->templates = arg; return 0;
	default: ch->c->allow_missing = 1; return 0;
	}
}

/* the agency profile, the workspace and the run, the templates, the loop */
static int generate(ctx *c, choices *ch, const cli_common *o, char **files, int nfiles)
{
	wa_doc_engine e;
	cli_engine eng;
	wa_loop loop;
	int rc;

	c->out_dir = o->out;    /* -o/--out DIR, the common option */
	rc = doc_engine_open(&e, &eng, "wa-nda", "nda", ch->agency, ch->templates, ch->template, o);
	if (!rc) {
		c->agency = e.agency;
		c->lib = e.lib;
		wa_loop_init(&loop);
		loop.section = "nda";
		loop.process = nda_record;
		loop.user = c;
		rc = cli_engine_loop(&eng, &loop, files, nfiles);
	}
	cli_engine_close(&eng);
	wa_doc_engine_close(&e);
	return rc;
}

int nda_generate_main(int argc, char **argv)
{
	ctx c = { .options = json_object() };
	choices ch = { .c = &c, .agency = getenv("WA_AGENCY") };
	cli_common o;
	int first, rc = cli_parse(&wa_nda, argc, argv, &o, option, &ch, &first);

	if (rc < 0 && (!ch.agency || !*ch.agency))
		rc = cli_usage_error("no agency profile: --agency FILE or $WA_AGENCY");
	if (rc < 0)
		rc = generate(&c, &ch, &o, argv + first, argc - first);
	json_decref(c.options);
	return rc;
}
