/* agreement.c - the agreement draft: a statement of work with its order
 * form, from the same data as the proposal, rendered from its own
 * template library (schemas/templates/agreement/), versioned by content,
 * and taken to signed through cmd/doclife exactly as an NDA is.  Also
 * the envelope of the proposal itself, which is accepted rather than
 * signed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doclife.h"
#include "proposal.h"

#include "base/buf.h"
#include "base/err.h"
#include "base/hash.h"
#include "doc/doc.h"
#include "doc/envelope.h"
#include "ws/loop.h"

const doc_kind proposal_kind = { .kind = "proposal", .label = "proposal",
	.a_label = "a proposal", .program = "wa-proposal", .generator = "wa-proposal",
	.title = "proposal" };
const doc_kind agreement_kind = { .kind = "agreement", .label = "agreement",
	.a_label = "an agreement", .program = "wa-proposal agreement", .generator = "wa-proposal",
	.title = "statement of work and order form" };

/* The order: the plan chosen (--tier, or the one chosen before, or the
 * recommended one) and its billing; a new object, or NULL with err (65
 * for a plan pricing does not have). */
static json_t *order_for(ctx *c, wa_record *rec, json_t *options, wa_err *err)
{
	json_t *pricing = json_object_get(rec->dossier, "pricing"), *t, *tier = NULL;
	const char *want = json_string_value(json_object_get(options, "tier"));
	const char *billing = json_string_value(json_object_get(options, "billing"));
	size_t i;

	json_array_foreach(json_object_get(pricing, "tiers"), i, t)
		if (!strcmp(json_string_value(json_object_get(t, "name")), want))
			tier = t;
	if (!tier) {
		wa_buf names;
		wa_buf_init(&names);
		json_array_foreach(json_object_get(pricing, "tiers"), i, t)
			wa_buf_addf(&names, "%s%s", i ? ", " : "",
				json_string_value(json_object_get(t, "name")));
		wa_err_set(err, WA_EX_DATAERR, "agreement: pricing has no tier %s (it has %s)", want,
			names.data ? names.data : "none");
		wa_buf_free(&names);
		return NULL;
	}
	(void)c;
	int annual = !strcmp(billing, "annual");
	char plan[256];
	const char *name = json_string_value(json_object_get(tier, "name"));
	snprintf(plan, sizeof plan, "%c%s", name[0] >= 'a' && name[0] <= 'z' ? name[0] - 'a' + 'A' :
		name[0], name + 1);
	return json_pack("{s:s, s:s, s:s, s:s, s:O, s:s, s:O, s:O, s:O, s:i, s:s, s:i}",
		"tier", name, "plan", plan, "billing", billing, "billing_words", annual ?
		"annual, twelve months paid in advance" : "monthly", "fee", annual ?
		json_object_get(json_object_get(tier, "annual"), "fee") :
		json_object_get(tier, "monthly_fee"), "fee_period", annual ? "a year" : "a month",
		"included_conversations", json_object_get(tier, "included_conversations"),
		"overage_per_conversation", json_object_get(tier, "overage_per_conversation"),
		"setup_fee", json_object_get(tier, "setup_fee"), "term_months", 12, "invoiced",
		annual ? "yearly" : "monthly", "payment_days", 30);
}

/* The envelope of a version: a fresh one starts as a draft with its
 * recipients (and the event KIND.generated); an old one keeps its state.
 * A new object, or NULL with err. */
json_t *proposal_envelope_new(wa_record *rec, const char *kind, int version, int fresh,
	json_t *recipients, const wa_buf *pdf, wa_err *err)
{
	char sha[WA_SHA256_HEX];
	json_t *env = fresh ? NULL : wa_envelope_load_new(rec->ws, kind, rec->client_id, version,
		err);

	if (env)
		return env;
	wa_err_clear(err);
	wa_hash_sha256_hex(pdf->data, pdf->len, sha);
	if (wa_envelope_create(rec->ws, kind, rec->client_id, version, recipients, sha,
	    "wa-proposal", rec->run->id, err))
		return NULL;
	return wa_envelope_load_new(rec->ws, kind, rec->client_id, version, err);
}

json_t *proposal_agreement_new(ctx *c, wa_record *rec, json_t *data, int proposal_version,
	wa_err *err)
{
	json_t *old = json_object_get(json_object_get(rec->dossier, "proposal"), "agreement");
	json_t *pricing = json_object_get(rec->dossier, "pricing");
	json_t *options = json_pack("{s:O, s:s}", "tier", json_object_get(pricing,
		"recommended_tier"), "billing", "monthly");
	json_t *section = NULL, *artifacts = NULL, *env = NULL, *order = NULL;
	wa_buf md, html, pdf;

	/* the command line's choice, else the one made before, else the default */
	json_object_update(options, json_object_get(old, "options"));
	json_object_update(options, c->agreement_options);
	wa_buf_init(&md);
	wa_buf_init(&html);
	wa_buf_init(&pdf);
	if (!(order = order_for(c, rec, options, err)))
		goto out;
	json_t *d = json_deep_copy(data);
	json_object_set(d, "order", order);
	json_object_set_new(d, "agreement", json_pack("{s:O, s:O, s:i}", "date",
		json_object_get(json_object_get(data, "proposal"), "date"), "proposal_date",
		json_object_get(json_object_get(data, "proposal"), "date"), "proposal_version",
		proposal_version));
	const char *main = wa_doc_library_get(c->agreement_lib, "document") ? "document" :
		"agreement";
	int bad = wa_doc_markdown(c->agreement_lib, main, d, c->allow_missing, NULL, NULL, &md,
		err);
	json_t *recipients = wa_doc_signers_new(d, 0);
	json_decref(d);
	if (bad) {
		wa_err_prefix(err, "agreement");
		json_decref(recipients);
		goto out;
	}
	char title[512];
	snprintf(title, sizeof title, "Statement of work: %s", json_string_value(json_object_get(
		json_object_get(data, "client"), "legal_name")));
	if (wa_doc_render(&md, title, "Statement of work and order form", c->agency, &html, &pdf,
	    err)) {
		json_decref(recipients);
		goto out;
	}
	char hash[WA_SHA256_HEX];
	int fresh, version = wa_doc_version(old, &md, hash, &fresh);
	artifacts = wa_doc_store_new(rec->ws, "agreement", rec->client_id, version, fresh,
		c->out_dir, &md, &html, &pdf, err);
	if (artifacts)
		env = proposal_envelope_new(rec, "agreement", version, fresh, recipients, &pdf, err);
	json_decref(recipients);
	if (!env)
		goto out;
	json_t *old_at = json_object_get(old, "generated_at");
	section = json_pack("{s:O, s:i, s:s, s:i, s:O, s:O, s:O, s:o, s:o}", "options", options,
		"version", version, "content_sha256", hash, "proposal_version", proposal_version,
		"tier", json_object_get(order, "tier"), "status", json_object_get(env, "status"),
		"recipients", json_object_get(env, "recipients"), "artifacts", artifacts,
		"generated_at", !fresh && json_is_string(old_at) ? json_incref(old_at) :
		json_string(rec->at));
	artifacts = NULL;
out:
	json_decref(artifacts);
	json_decref(env);
	json_decref(order);
	json_decref(options);
	wa_buf_free(&md);
	wa_buf_free(&html);
	wa_buf_free(&pdf);
	return section;
}
