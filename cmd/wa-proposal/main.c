/* wa-proposal - the proposal an agency sends after the demo: why this
 * client, what we will build, what it costs and what it saves, rendered
 * from the section library (schemas/templates/proposal/, overridable
 * section by section) over the dossier's client, research and pricing,
 * as Markdown, HTML and PDF; a version per distinct content, kept in the
 * workspace and described in the dossier's proposal section; and beside
 * it the agreement draft to sign (agreement.c).  The commands: edit
 * (edit.c), diff (diff.c), status, remind and audit of the proposal, and
 * agreement sign, verify... (cmd/doclife). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proposal.h"

#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/hash.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "doc/doc.h"
#include "doc/override.h"
#include "ws/dossier.h"
#include "ws/loop.h"

enum { O_AGENCY = CLI_OWN, O_TEMPLATE, O_TEMPLATES, O_ALLOW_MISSING, O_SECTION, O_TIER,
	O_BILLING, O_AGREEMENT_TEMPLATES };

static const cli_opt opts[] = {
	{ "agency", O_AGENCY, "FILE", "the agency profile (YAML; default $WA_AGENCY)" },
	{ "templates", O_TEMPLATES, "DIR", "proposal sections that replace the built-in ones" },
	{ "template", O_TEMPLATE, "FILE", "the whole proposal from FILE" },
	{ "allow-missing", O_ALLOW_MISSING, NULL, "unset variables render empty" },
	{ "section", O_SECTION, "NAME=FILE.md", "keep FILE as the client's text of a section" },
	{ "tier", O_TIER, "NAME", "the agreement's plan (the recommended one)" },
	{ "billing", O_BILLING, "monthly|annual", "how the plan is billed" },
	{ "agreement-templates", O_AGREEMENT_TEMPLATES, "DIR", "the agreement's own templates" },
	{ 0 },
};

static int filter_main(int argc, char **argv);

static const char *const proposal_commands[] = { "status", "remind", "audit", NULL };
static const char *const agreement_commands[] = { "sign", "verify", "status", "remind",
	"audit", "certificate", "send", "webhook", NULL };

static cli_command wa_proposal_agreement = {
	.name = "wa-proposal agreement",
	.synopsis = "COMMAND [OPTIONS] ARGS...",
	.about = "The agreement draft (statement of work and order form) that wa-proposal "
		"writes beside each proposal, taken through its signing as an NDA is.",
	.see = "wa-proposal(1)",
};

static int agreement_main(int argc, char **argv)
{
	return cli_dispatch(&wa_proposal_agreement, argc, argv, NULL);
}

static cli_verb verbs[8];

static cli_command wa_proposal = {
	.name = "wa-proposal",
	.synopsis = "[OPTIONS] [FILE...]\nCOMMAND [OPTIONS] ARGS...",
	.about = "Write each dossier's proposal (summary, situation, opportunities, scope, "
		"timeline, pricing and ROI with charts, assumptions, terms, acceptance) and its "
		"agreement draft (statement of work and order form) as Markdown, HTML and PDF; keep "
		"a version of each per distinct text; set the proposal section; -o DIR writes them "
		"to DIR too.  Needs pricing (wa-price); without research the situation is left "
		"out, with a note on stderr.",
	.opts = opts,
	.verbs = verbs,
	.exits = "0 ok, 64 usage, 65 bad dossier or no pricing, 66 missing file, 78 bad "
		"agency profile or template",
	.see = "wa-proposal(1)",
};

/* "24 November 2026", days after the clock (SOURCE_DATE_EPOCH honoured) */
static void long_date(int days, char *out, size_t size)
{
	static const char *const months[] = { "January", "February", "March", "April", "May",
		"June", "July", "August", "September", "October", "November", "December" };
	time_t t = (time_t)(wa_clock_now_ms() / 1000) + (time_t)days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, size, "%d %s %d", tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
}

/* a ratio as a percentage people read: 0.6 -> "60", 0.085 -> "8.5" */
static json_t *percent(json_t *ratio)
{
	char s[32];
	double p = round(json_number_value(ratio) * 1000) / 10;

	snprintf(s, sizeof s, p == floor(p) ? "%.0f" : "%.1f", p);
	return json_string(s);
}

static json_t *as_text(json_t *v)
{
	char s[64];

	if (json_is_string(v))
		return json_incref(v);
	if (json_is_real(v)) {  /* 2.4, not 2.3999999999999999 */
		snprintf(s, sizeof s, "%.10g", json_real_value(v));
		return json_string(s);
	}
	char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	json_t *r = json_string(text ? text : "");
	free(text);
	return r;
}

/* "included_conversations" -> "Included conversations" */
static json_t *words_of(const char *name)
{
	char *s = wa_mem_strdup(name ? name : "");

	for (char *p = s; *p; p++)
		if (*p == '_')
			*p = ' ';
	if (*s >= 'a' && *s <= 'z')
		*s = (char)(*s - 'a' + 'A');
	json_t *r = json_string(s);
	free(s);
	return r;
}

static json_t *client_for(json_t *dossier)
{
	json_t *client = wa_dossier_client(dossier);
	json_t *cl = json_object(), *contact = json_array_get(json_object_get(client, "contacts"), 0);

	json_object_set(cl, "id", json_object_get(client, "id"));
	json_object_set(cl, "name", json_object_get(client, "name"));
	json_object_set(cl, "legal_name", json_is_string(json_object_get(client, "legal_name")) ?
		json_object_get(client, "legal_name") : json_object_get(client, "name"));
	if (json_object_get(client, "address")) {
		char *line = wa_doc_address_line_new(json_object_get(client, "address"));
		json_object_set_new(cl, "address_line", json_string(line));
		free(line);
	}
	if (contact)
		json_object_set_new(cl, "signer", json_pack("{s:O?, s:O?, s:O?}", "name",
			json_object_get(contact, "name"), "title", json_object_get(contact, "role"),
			"email", json_object_get(contact, "email")));
	return cl;
}

static json_t *pricing_for(json_t *pricing, const char *client_name)
{
	const char *rec = json_string_value(json_object_get(pricing, "recommended_tier"));
	json_t *tiers = json_array(), *t, *recommended = NULL;
	size_t i;

	(void)client_name;
	json_array_foreach(json_object_get(pricing, "tiers"), i, t) {
		const char *name = json_string_value(json_object_get(t, "name"));
		json_t *x = json_pack("{s:o, s:O, s:O, s:O, s:O, s:O, s:b}", "title", words_of(name),
			"monthly_fee", json_object_get(t, "monthly_fee"), "included_conversations",
			json_object_get(t, "included_conversations"), "overage_per_conversation",
			json_object_get(t, "overage_per_conversation"), "setup_fee",
			json_object_get(t, "setup_fee"), "annual_fee",
			json_object_get(json_object_get(t, "annual"), "fee"), "recommended",
			rec && name && !strcmp(rec, name));
		if (rec && name && !strcmp(rec, name))
			recommended = x;
		json_array_append_new(tiers, x);
	}
	json_t *p = json_pack("{s:O, s:o, s:O}", "currency", json_object_get(pricing, "currency"),
		"tiers", tiers, "recommended", recommended ? recommended : json_null());
	json_t *first = json_array_get(json_object_get(pricing, "tiers"), 0);
	json_object_set_new(p, "annual_discount_pct",
		percent(json_object_get(json_object_get(first, "annual"), "discount")));
	if (json_is_object(json_object_get(pricing, "outcome_based")))
		json_object_set(p, "outcome", json_object_get(pricing, "outcome_based"));
	return p;
}

static json_t *roi_for(json_t *roi)
{
	json_t *r = json_object();
	const char *keys[] = { "today_monthly", "with_agent_monthly", "monthly_saving", "npv_3y",
		NULL };

	for (int i = 0; keys[i]; i++)
		json_object_set(r, keys[i], json_object_get(roi, keys[i]));
	json_object_set_new(r, "payback_months", as_text(json_object_get(roi, "payback_months")));
	json_object_set_new(r, "containment_pct", percent(json_object_get(roi, "containment")));
	json_object_set_new(r, "discount_rate_pct", percent(json_object_get(roi, "discount_rate")));
	return r;
}

/* the facts research traced to a source (the evidence of its
 * opportunities), each once, at most 8 */
static json_t *research_for(json_t *research)
{
	json_t *facts = json_array(), *o, *e;
	size_t i, k;

	json_array_foreach(json_object_get(research, "opportunities"), i, o)
		json_array_foreach(json_object_get(o, "evidence"), k, e) {
			const char *text = json_string_value(json_object_get(e, "fact"));
			const char *src = json_string_value(json_array_get(json_object_get(e, "sources"), 0));
			/* statements only: the questions of a FAQ are no facts */
			int seen = !text || !src || json_array_size(facts) >= 8 ||
				(*text && text[strlen(text) - 1] == '?');
			for (size_t j = 0; j < json_array_size(facts) && !seen; j++)
				seen = !strcmp(json_string_value(json_object_get(json_array_get(facts, j),
					"text")), text);
			if (!seen)
				json_array_append_new(facts, json_pack("{s:s, s:s}", "text", text, "source",
					src));
		}
	return json_pack("{s:O?, s:o}", "summary", json_object_get(research, "summary"), "facts",
		facts);
}

static json_t *timeline_for(int start_days)
{
	static const struct { const char *name, *milestone; int weeks; } phases[] = {
		{ "Discovery", "Intents, answers and connections agreed", 1 },
		{ "Build", "The agent passes the test plan", 2 },
		{ "Pilot", "Pilot report reviewed with your team", 2 },
		{ "Launch", "Live on every channel, monitoring on", 1 } };
	json_t *t = json_array();
	int day = start_days;

	for (size_t i = 0; i < sizeof phases / sizeof *phases; i++) {
		char from[64], to[64];
		long_date(day, from, sizeof from);
		long_date(day + phases[i].weeks * 7 - 1, to, sizeof to);
		json_array_append_new(t, json_pack("{s:s, s:i, s:s, s:s, s:s}", "name",
			phases[i].name, "weeks", phases[i].weeks, "from", from, "to", to, "milestone",
			phases[i].milestone));
		day += phases[i].weeks * 7;
	}
	return t;
}

static json_t *agent_for(json_t *client, json_t *pricing)
{
	json_t *vol = json_object_get(pricing, "volume");
	json_t *v = json_object_get(client, "volumes");
	int calls = json_integer_value(json_object_get(vol, "calls_per_month")) > 0;
	int chats = json_integer_value(json_object_get(vol, "chats_per_month")) > 0 || !calls;
	json_int_t n = json_integer_value(json_object_get(v, "integrations"));
	char integrations[128];
	wa_buf langs;
	size_t i;
	json_t *l;

	if (n > 0)
		snprintf(integrations, sizeof integrations, "%lld of your systems (named in the "
			"statement of work)", (long long)n);
	else
		snprintf(integrations, sizeof integrations, "no other system; it keeps its own "
			"records");
	wa_buf_init(&langs);
	json_array_foreach(json_object_get(client, "languages"), i, l)
		if (json_is_string(l))
			wa_buf_addf(&langs, "%s%s", langs.len ? ", " : "", json_string_value(l));
	json_t *a = json_pack("{s:s, s:s, s:s, s:s, s:I}", "channels", calls && chats ?
		"chat and phone" : calls ? "phone" : "chat", "intents", "questions about services, "
		"prices and hours; bookings and changes; hand-offs to your team", "integrations",
		integrations, "languages", langs.len ? langs.data : "en", "integrations_count",
		n > 0 ? n : 0);
	json_object_set_new(a, "has_integrations", json_boolean(n > 0));
	wa_buf_free(&langs);
	return a;
}

static json_t *assumptions_for(json_t *pricing)
{
	json_t *out = json_array(), *a;
	size_t i;

	json_array_foreach(json_object_get(pricing, "assumptions"), i, a) {
		json_t *value = as_text(json_object_get(a, "value"));
		const char *unit = json_string_value(json_object_get(a, "unit"));
		if (unit) {
			wa_buf b;
			wa_buf_init(&b);
			wa_buf_addf(&b, "%s %s", json_string_value(value), unit);
			json_decref(value);
			value = json_string(b.data);
			wa_buf_free(&b);
		}
		json_array_append_new(out, json_pack("{s:o, s:o, s:O}", "name",
			words_of(json_string_value(json_object_get(a, "name"))), "value", value,
			"source", json_object_get(a, "source")));
	}
	return out;
}

static double amount(json_t *v)
{
	return json_is_string(v) ? strtod(json_string_value(v), NULL) : json_number_value(v);
}

/* The two charts as chart specs (lib/chart.h) on one line each: the
 * cumulative cost over 36 months with people and with the agent on the
 * recommended plan (setup fee included), and the plans' monthly fees. */
static json_t *charts_for(json_t *pricing, json_t *roi)
{
	const char *cur = json_string_value(json_object_get(pricing, "currency"));
	const char *rec = json_string_value(json_object_get(pricing, "recommended_tier"));
	json_t *tiers = json_object_get(pricing, "tiers"), *t, *setup = NULL, *bars = json_array();
	char label[128], unit[64];
	size_t i;

	snprintf(unit, sizeof unit, "%s a month", cur ? cur : "");
	json_array_foreach(tiers, i, t) {
		const char *name = json_string_value(json_object_get(t, "name"));
		int high = rec && name && !strcmp(rec, name);
		json_t *title = words_of(name);
		if (high)
			setup = json_object_get(t, "setup_fee");
		snprintf(label, sizeof label, "%lld conversations",
			(long long)json_integer_value(json_object_get(t, "included_conversations")));
		json_array_append_new(bars, json_pack("{s:o, s:s, s:f, s:O, s:b}", "label", title,
			"sublabel", label, "value", amount(json_object_get(t, "monthly_fee")),
			"value_label", json_object_get(t, "monthly_fee"), "highlight", high));
	}
	json_t *tier_chart = json_pack("{s:s, s:s, s:s, s:o}", "type", "bar", "title",
		"Monthly fee by plan", "y_label", unit, "bars", bars);
	double today = amount(json_object_get(roi, "today_monthly"));
	double with = amount(json_object_get(roi, "with_agent_monthly"));
	double fee = amount(setup);
	snprintf(unit, sizeof unit, "%s, cumulative", cur ? cur : "");
	json_t *roi_chart = json_pack("{s:s, s:s, s:s, s:s, s:i, s:[{s:s, s:[[i, i], [i, f]]}, "
		"{s:s, s:[[i, f], [i, f]]}]}", "type", "line", "title", "Cost over the first 36 months",
		"x_label", "Months from launch", "y_label", unit, "x_step", 6, "series",
		"name", "Handling it with people, as today", "points", 0, 0, 36, 36 * today,
		"name", "With the agent, setup fee included", "points", 0, fee, 36, fee + 36 * with);
	json_t *payback = json_object_get(roi, "payback_months");
	if (json_is_number(payback) && json_number_value(payback) <= 36) {
		snprintf(label, sizeof label, "Pays back in %.10g months", json_number_value(payback));
		json_object_set_new(roi_chart, "marker", json_pack("{s:O, s:s}", "x", payback,
			"label", label));
	}
	/* 288586.2, not 288586.20000000001 */
	char *a = json_dumps(roi_chart, JSON_COMPACT | JSON_REAL_PRECISION(15));
	char *b = json_dumps(tier_chart, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_t *out = json_pack("{s:s, s:s}", "roi", a, "tiers", b);
	free(a);
	free(b);
	json_decref(roi_chart);
	json_decref(tier_chart);
	return out;
}

json_t *proposal_data_new(ctx *c, json_t *dossier)
{
	json_t *client = wa_dossier_client(dossier);
	json_t *pricing = json_object_get(dossier, "pricing");
	json_t *research = json_object_get(dossier, "research");
	json_t *cl = client_for(dossier);
	char date[64], until[64], start[64];

	long_date(0, date, sizeof date);
	long_date(30, until, sizeof until);
	long_date(14, start, sizeof start);
	json_t *opps = json_array(), *o;
	size_t i;
	json_array_foreach(json_object_get(research, "opportunities"), i, o)
		json_array_append_new(opps, json_pack("{s:O, s:O}", "title", json_object_get(o,
			"title"), "why", json_object_get(o, "why")));
	json_t *d = json_pack("{s:O, s:o, s:{s:s, s:s, s:s}, s:O, s:o, s:o, s:o, s:o, s:o, s:b, "
		"s:o}", "agency", c->agency, "client", cl, "proposal", "date", date, "valid_until",
		until, "start", start, "volume", json_object_get(pricing, "volume"), "pricing",
		pricing_for(pricing, NULL), "roi", roi_for(json_object_get(pricing, "roi")),
		"assumptions", assumptions_for(pricing), "timeline", timeline_for(14), "opportunities",
		opps, "has_opportunities", json_array_size(opps) > 0, "agent", agent_for(client,
		pricing));
	if (json_is_object(research))
		json_object_set_new(d, "research", research_for(research));
	json_object_set_new(d, "charts", charts_for(pricing, json_object_get(pricing, "roi")));
	return d;
}

/* The library for this client: c's, or when people rewrote sections
 * (edit, or --section now) a copy with their text in place of those
 * sections; each override whose generated text has changed since is
 * named in stale and on stderr.  The overrides' names go in names. */
static wa_doc_library *with_overrides(ctx *c, wa_record *rec, json_t *data, json_t *names,
	json_t *stale, wa_err *err)
{
	json_t *ov = wa_override_list_new(rec->ws, rec->client_id, err), *v;
	const char *name;
	wa_doc_library *lib = c->lib;

	if (!ov)
		return NULL;
	json_object_foreach(c->sections, name, v) {     /* --section NAME=FILE */
		wa_buf gen;
		char sha[WA_SHA256_HEX];
		wa_buf_init(&gen);
		int bad = proposal_section_text(c->lib, name, data, &gen, err) ||
			wa_override_put(rec->ws, rec->client_id, name, json_string_value(v),
			gen.data ? gen.data : "", err);
		wa_hash_sha256_hex(gen.data ? gen.data : "", gen.len, sha);
		wa_buf_free(&gen);
		if (bad) {
			json_decref(ov);
			return NULL;
		}
		json_object_set_new(ov, name, json_pack("{s:O, s:s}", "text", v, "base_sha256", sha));
	}
	if (json_object_size(ov) &&
	    !(lib = wa_doc_library_setup_new(rec->ws, "proposal", c->templates, c->template, err))) {
		json_decref(ov);
		return NULL;
	}
	for (int i = 0; proposal_sections[i] && lib != c->lib; i++) {
		json_t *o = json_object_get(ov, proposal_sections[i]);
		char tname[64], sha[WA_SHA256_HEX];
		wa_buf gen;
		if (!o)
			continue;
		json_array_append_new(names, json_string(proposal_sections[i]));
		wa_buf_init(&gen);
		int bad = proposal_section_text(c->lib, proposal_sections[i], data, &gen, err);
		wa_hash_sha256_hex(gen.data ? gen.data : "", gen.len, sha);
		wa_buf_free(&gen);
		snprintf(tname, sizeof tname, "clauses/%s", proposal_sections[i]);
		if (bad || wa_doc_library_set(lib, tname, json_string_value(json_object_get(o,
		    "text")), tname, err)) {
			wa_doc_library_free(lib);
			json_decref(ov);
			return NULL;
		}
		if (strcmp(sha, json_string_value(json_object_get(o, "base_sha256")))) {
			json_array_append_new(stale, json_string(proposal_sections[i]));
			cli_warn("record %ld (%s): the %s section was rewritten over text that has "
				"changed since: check it (wa-proposal edit %s %s)", rec->number,
				rec->client_id, proposal_sections[i], rec->client_id, proposal_sections[i]);
		}
	}
	json_decref(ov);
	return lib;
}

static int proposal_record(wa_record *rec, wa_err *err)
{
	ctx *c = rec->user;
	json_t *old = json_object_get(rec->dossier, "proposal");
	json_t *used = json_array(), *data = NULL, *omitted = json_array();
	json_t *overrides = json_array(), *stale = json_array();
	wa_doc_library *lib = NULL;
	const char *main = wa_doc_library_get(c->lib, "document") ? "document" : "proposal";
	wa_buf md, html, pdf;
	int rc = -1;

	wa_buf_init(&md);
	wa_buf_init(&html);
	wa_buf_init(&pdf);
	if (wa_dossier_require(rec->dossier, "pricing", "wa-proposal", "wa-price", err))
		goto out;
	if (!json_is_object(json_object_get(rec->dossier, "research"))) {
		json_array_append_new(omitted, json_string("situation"));
		cli_warn("record %ld (%s): no research: the section on the client's situation is left "
			"out (run wa-research)", rec->number, rec->client_id);
	}
	data = proposal_data_new(c, rec->dossier);
	if (!(lib = with_overrides(c, rec, data, overrides, stale, err)) ||
	    wa_doc_markdown(lib, main, data, c->allow_missing, used, NULL, &md, err))
		goto out;
	char title[512];
	snprintf(title, sizeof title, "Proposal: %s", json_string_value(json_object_get(
		json_object_get(data, "client"), "legal_name")));
	if (wa_doc_render(&md, title, "Proposal", c->agency, &html, &pdf, err))
		goto out;
	/* a version per distinct text: a nightly regeneration of the same
	 * proposal makes none */
	char hash[WA_SHA256_HEX];
	int fresh, version = wa_doc_version(old, &md, hash, &fresh);
	json_t *artifacts = wa_doc_store_new(rec->ws, "proposal", rec->client_id, version, fresh,
		c->out_dir, &md, &html, &pdf, err);
	if (!artifacts)
		goto out;
	/* its envelope: sent, viewed, accepted... (the event proposal.generated
	 * comes with its first audit entry) */
	json_t *recipients = wa_doc_signers_new(data, 1);
	json_t *env = proposal_envelope_new(rec, "proposal", version, fresh, recipients, &pdf, err);
	json_decref(recipients);
	json_t *agreement = env ? proposal_agreement_new(c, rec, data, version, err) : NULL;
	if (!agreement) {
		json_decref(env);
		json_decref(artifacts);
		goto out;
	}
	json_t *old_at = json_object_get(old, "generated_at");
	json_t *section = json_pack("{s:s, s:O, s:O, s:O, s:O, s:i, s:s, s:s, s:O, s:o, s:o}",
		"template", main, "variables", used, "omitted", omitted, "overrides", overrides,
		"stale", stale, "version", version, "content_sha256",
		hash, "recommended_tier", json_string_value(json_object_get(json_object_get(rec->dossier,
		"pricing"), "recommended_tier")), "pricing_version", json_object_get(json_object_get(
		rec->dossier, "pricing"), "version"), "artifacts", artifacts, "generated_at",
		!fresh && json_is_string(old_at) ? json_incref(old_at) : json_string(rec->at));
	json_object_set(section, "status", json_object_get(env, "status"));
	json_object_set_new(section, "agreement", agreement);
	json_decref(env);
	wa_dossier_set_section(rec->dossier, "proposal", section);
	rc = 0;
out:
	if (lib && lib != c->lib)
		wa_doc_library_free(lib);
	wa_buf_free(&md);
	wa_buf_free(&html);
	wa_buf_free(&pdf);
	json_decref(used);
	json_decref(omitted);
	json_decref(overrides);
	json_decref(stale);
	json_decref(data);
	return rc;
}

typedef struct choices {
	ctx *c;
	const char *agency, *agreement_templates;
} choices;

/* --section NAME=FILE.md: the file's text, kept */
static int section_option(ctx *c, const char *arg)
{
	wa_err err = WA_ERR_INIT;
	const char *eq = strchr(arg, '=');
	char name[64];
	wa_buf text;

	snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - arg) : 0, arg);
	if (!eq || !proposal_section_known(name))
		return cli_usage_error("--section: NAME=FILE.md, NAME one of cover, summary, "
			"situation, ... (wa-proposal(1)), not %s", arg);
	wa_buf_init(&text);
	if (wa_fs_read(eq + 1, &text, 4u << 20, &err)) {
		wa_buf_free(&text);
		return cli_report(&err);
	}
	json_object_set_new(c->sections, name, json_string(text.data ? text.data : ""));
	wa_buf_free(&text);
	return 0;
}

static int option(void *user, int key, const char *arg)
{
	choices *ch = user;
	ctx *c = ch->c;

	switch (key) {
	case O_AGENCY: ch->agency = arg; return 0;
	case O_SECTION: return section_option(c, arg);
	case O_TEMPLATE: c->template = arg; return 0;
	case O_TEMPLATES: c->templates = arg; return 0;
	case O_AGREEMENT_TEMPLATES: ch->agreement_templates = arg; return 0;
	case O_ALLOW_MISSING: c->allow_missing = 1; return 0;
	case O_TIER:
		return json_object_set_new(c->agreement_options, "tier", json_string(arg)), 0;
	default:
		if (strcmp(arg, "monthly") && strcmp(arg, "annual"))
			return cli_usage_error("--billing: monthly or annual, not %s", arg);
		return json_object_set_new(c->agreement_options, "billing", json_string(arg)), 0;
	}
}

/* the agency profile, the workspace and the run, both libraries, the loop */
static int generate(ctx *c, choices *ch, const cli_common *o, char **files, int nfiles)
{
	wa_err err = WA_ERR_INIT;
	wa_doc_engine e;
	cli_engine eng;
	wa_loop loop;
	int rc;

	c->out_dir = o->out;    /* -o/--out DIR, the common option */
	rc = doc_engine_open(&e, &eng, "wa-proposal", "proposal", ch->agency, c->templates,
		c->template, o);
	if (!rc && !(c->agreement_lib = wa_doc_library_setup_new(eng.ws, "agreement",
	    ch->agreement_templates, NULL, &err)))
		rc = cli_report(&err);
	if (!rc) {
		c->agency = e.agency;
		c->lib = e.lib;
		wa_loop_init(&loop);
		loop.section = "proposal";
		loop.process = proposal_record;
		loop.user = c;
		rc = cli_engine_loop(&eng, &loop, files, nfiles);
	}
	cli_engine_close(&eng);
	wa_doc_library_free(c->agreement_lib);
	wa_doc_engine_close(&e);
	return rc;
}

static int filter_main(int argc, char **argv)
{
	ctx c = { .sections = json_object(), .agreement_options = json_object() };
	choices ch = { .c = &c, .agency = getenv("WA_AGENCY") };
	cli_common o;
	int first, rc = cli_parse(&wa_proposal, argc, argv, &o, option, &ch, &first);

	if (rc < 0 && (!ch.agency || !*ch.agency))
		rc = cli_usage_error("no agency profile: --agency FILE or $WA_AGENCY");
	if (rc < 0)
		rc = generate(&c, &ch, &o, argv + first, argc - first);
	json_decref(c.sections);
	json_decref(c.agreement_options);
	return rc;
}

int main(int argc, char **argv)
{
	const cli_verb *own = doc_verbs(&proposal_kind, proposal_commands);
	size_t n = 0;

	cli_diag_init("wa-proposal");
	wa_proposal_agreement.verbs = doc_verbs(&agreement_kind, agreement_commands);
	verbs[n++] = (cli_verb){ .name = "edit", .cmd = &proposal_edit_cmd,
		.main = proposal_edit_main };
	verbs[n++] = (cli_verb){ .name = "diff", .cmd = &proposal_diff_cmd,
		.main = proposal_diff_main };
	verbs[n++] = (cli_verb){ .name = "agreement", .cmd = &wa_proposal_agreement,
		.main = agreement_main };
	for (size_t i = 0; own[i].name; i++)
		verbs[n++] = own[i];
	return cli_dispatch(&wa_proposal, argc, argv, filter_main);
}
