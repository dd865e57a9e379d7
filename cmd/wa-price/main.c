/* wa-price - the pricing model of each dossier (lib/price): costs, tiers,
 * the outcome-based price and the client's ROI, exact to the cent;
 * versioned in the workspace (the same inputs make no new version).
 * "wa-price quote" prices a tier at a volume for an account manager. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/hash.h"
#include "cli/cli.h"
#include "json/json.h"
#include "price/money.h"
#include "price/price.h"
#include "price/ratecard.h"
#include "ws/loop.h"
#include "ws/section.h"
#include "ws/store.h"
#include "ws/ws.h"

enum { O_RATECARD = CLI_OWN, O_MARGIN, O_CURRENCY, O_TIER, O_VOLUME, O_TABLE };

#define PRICING_OPTS \
	{ "ratecard", O_RATECARD, "FILE", "the rate card (default $WA_RATECARD, or built in)" }, \
	{ "margin", O_MARGIN, "FRACTION", "the target gross margin, not the card's" }, \
	{ "currency", O_CURRENCY, "CODE", "the output currency (ISO 4217)" }

static const cli_opt price_opts[] = { PRICING_OPTS, { NULL, 0, NULL, NULL } };
static const cli_opt quote_opts[] = {
	{ "tier", O_TIER, "NAME", "the tier to price" },
	{ "volume", O_VOLUME, "N", "conversations a month" },
	{ "table", O_TABLE, NULL, "a table for people, not JSON" },
	PRICING_OPTS, { NULL, 0, NULL, NULL },
};

static int quote_main(int argc, char **argv);

static const cli_command wa_price_quote = {
	.name = "wa-price quote",
	.synopsis = "--tier NAME --volume N [--table] [OPTIONS] [CLIENT]",
	.about = "Price one tier at a volume, for CLIENT (its stored dossier) or the rate "
		"card's defaults, as JSON or with --table a table.",
	.opts = quote_opts,
	.exits = "0 ok, 64 usage, 66 no such client, 78 bad rate card",
	.see = "wa-price(1)",
};

static const cli_verb verbs[] = {
	{ "quote", &wa_price_quote, quote_main, NULL, NULL },
	{ 0 },
};

static const cli_command wa_price = {
	.name = "wa-price",
	.synopsis = "[OPTIONS] [FILE...]\nquote --tier NAME --volume N [--table] [CLIENT]",
	.about = "Price each dossier: the agency's cost per conversation and per month by "
		"channel and component, the rate card's tiers at the target margin, an "
		"outcome-based price, and the client's ROI (saving, payback, 3-year NPV, "
		"sensitivity).  Sets the pricing section and keeps each version in the workspace.",
	.opts = price_opts,
	.verbs = verbs,
	.exits = "0 ok, 64 usage, 65 bad dossier value (its path), 66 missing file, 78 bad "
		"rate card (its path)",
	.see = "wa-price(1)",
};

typedef struct ctx {
	const char *ratecard_path;
	json_t *ratecard;
	char ratecard_sha[WA_SHA256_HEX];
	wa_price_opts opts;
	const char *tier;
	long volume;
	int table;
} ctx;

static int option(void *user, int key, const char *arg)
{
	ctx *c = user;

	switch (key) {
	case O_RATECARD: c->ratecard_path = arg; return 0;
	case O_MARGIN: return cli_arg_fraction("margin", arg, &c->opts.margin);
	case O_CURRENCY:
		if (wa_money_minor_units(arg) < 0)
			return cli_usage_error("--currency: %s is not an ISO 4217 code", arg);
		c->opts.currency = arg;
		return 0;
	case O_TIER: c->tier = arg; return 0;
	case O_VOLUME: return cli_arg_long("volume", arg, 0, 1000000000, &c->volume);
	default: c->table = 1; return 0;
	}
}

/* The rate card: --ratecard, else $WA_RATECARD, else the built-in one. */
static int load_ratecard(ctx *c)
{
	wa_err err = WA_ERR_INIT;
	const char *path = c->ratecard_path ? c->ratecard_path : getenv("WA_RATECARD");

	if (path && !*path)
		path = NULL;
	if (!(c->ratecard = wa_ratecard_load_new(path, c->ratecard_sha, &err)))
		return cli_report(&err);
	return 0;
}

/* The inputs' hash: the rate card, what was assumed, the options. */
static void inputs_sha(ctx *c, json_t *model, char out[WA_SHA256_HEX])
{
	json_t *in = json_pack("{s:s, s:O, s:O, s:O}", "ratecard", c->ratecard_sha,
		"assumptions", json_object_get(model, "assumptions"),
		"target_margin", json_object_get(model, "target_margin"),
		"currency", json_object_get(model, "currency"));
	wa_buf text;

	/* the model lists its values in a fixed order: the text is canonical */
	wa_buf_init(&text);
	wa_json_append(&text, in);
	wa_hash_sha256_hex(text.data, text.len, out);
	wa_buf_free(&text);
	json_decref(in);
}

/* On the reader thread: the model is pure computation. */
static int prepare(json_t *dossier, void **extra, void *user, wa_err *err)
{
	ctx *c = user;
	json_t *model = wa_price_model_new(c->ratecard, dossier, &c->opts, err);
	char sha[WA_SHA256_HEX];

	if (!model) {
		if (err->code == WA_EX_USAGE)
			err->code = WA_EX_DATAERR;
		return -1;
	}
	inputs_sha(c, model, sha);
	json_object_set_new(model, "ratecard", json_pack("{s:s}", "sha256", c->ratecard_sha));
	json_object_set_new(model, "inputs_sha256", json_string(sha));
	*extra = wa_section_draft_new(model, sha);
	return 0;
}

static void free_extra(void *extra)
{
	wa_section_draft_free(extra);
}

static int price_record(wa_record *rec, wa_err *err)
{
	json_t *model = wa_section_draft_value(rec->extra);
	json_t *payload = json_pack("{s:O, s:O}", "recommended_tier",
		json_object_get(model, "recommended_tier"), "currency",
		json_object_get(model, "currency"));
	int rc = wa_section_store(rec, "pricing", rec->extra, payload, err);

	json_decref(payload);
	return rc;
}

static int price_main(int argc, char **argv)
{
	ctx c = { .opts = { -1, NULL }, .volume = -1 };
	cli_common o;
	wa_loop loop;
	int first, rc = cli_parse(&wa_price, argc, argv, &o, option, &c, &first);

	if (rc >= 0)
		return rc;
	if (c.tier || c.volume >= 0 || c.table)
		return cli_usage_error("--tier, --volume and --table go with quote");
	if ((rc = load_ratecard(&c)))
		return rc;
	wa_loop_init(&loop);
	loop.section = "pricing";
	loop.prepare = prepare;
	loop.free_extra = free_extra;
	loop.process = price_record;
	loop.user = &c;
	rc = cli_filter("wa-price", &o, &loop, argv + first, argc - first);
	json_decref(c.ratecard);
	return rc;
}

static void print_table(json_t *q)
{
	static const char *const rows[][2] = {
		{ "tier", "tier" }, { "volume", "conversations" }, { "monthly_fee", "monthly fee" },
		{ "included_conversations", "included" }, { "overage_conversations", "overage" },
		{ "overage_per_conversation", "overage price" }, { "overage_charge", "overage charge" },
		{ "total", "total a month" }, { "unit_price", "per conversation" },
		{ "cost", "our cost" }, { "gross_margin", "gross margin" } };
	const char *cur = json_string_value(json_object_get(q, "currency"));

	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		json_t *v = json_object_get(q, rows[i][0]);
		if (json_is_string(v) && strcmp(rows[i][0], "tier"))
			printf("%-18s %14s %s\n", rows[i][1], json_string_value(v), cur);
		else if (json_is_string(v))
			printf("%-18s %14s\n", rows[i][1], json_string_value(v));
		else if (json_is_integer(v))
			printf("%-18s %14lld\n", rows[i][1], (long long)json_integer_value(v));
		else
			printf("%-18s %13.1f%%\n", rows[i][1], json_number_value(v) * 100);
	}
}

/* CLIENT's stored dossier into *dossier (none named: NULL): 0, or the
 * exit code, reported */
static int client_dossier(const cli_common *o, const char *client, json_t **dossier)
{
	wa_err err = WA_ERR_INIT;
	wa_ws *ws;
	int rc;

	*dossier = NULL;
	if (!client)
		return 0;
	if ((rc = cli_open_workspace(o, CLI_WS_WRITE, &ws)))
		return rc;
	if (!(*dossier = wa_store_dossier_load(ws, client, &err)))
		rc = cli_report(&err);
	wa_ws_close(ws);
	return rc;
}

static int quote_main(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	ctx c = { .opts = { -1, NULL }, .volume = -1 };
	cli_common o;
	json_t *dossier = NULL, *q;
	int first, rc = cli_parse(&wa_price_quote, argc, argv, &o, option, &c, &first);

	if (rc >= 0)
		return rc;
	if (!c.tier || c.volume < 0)
		return cli_usage_error("quote needs --tier NAME and --volume N");
	if (first + 1 < argc)
		return cli_usage_error("give at most one CLIENT");
	if ((rc = load_ratecard(&c)) ||
	    (rc = client_dossier(&o, first < argc ? argv[first] : NULL, &dossier))) {
		json_decref(c.ratecard);
		return rc;
	}
	if (!(q = wa_price_quote_new(c.ratecard, dossier, &c.opts, c.tier, c.volume, &err)))
		rc = cli_report(&err);
	else if (c.table)
		print_table(q), rc = cli_flush();
	else
		rc = cli_print_json(q, o.pretty);
	json_decref(q);
	json_decref(dossier);
	json_decref(c.ratecard);
	return rc;
}

int main(int argc, char **argv)
{
	cli_diag_init("wa-price");
	return cli_dispatch(&wa_price, argc, argv, price_main);
}
