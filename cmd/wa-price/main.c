/* wa-price - the pricing model of each dossier (lib/pricing.c): costs,
 * tiers, the outcome-based price and the client's ROI, exact to the
 * cent; versioned in the workspace (the same inputs make no new
 * version).  "wa-price quote" prices a tier at a volume for an account
 * manager. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

#define ENGINE "wa-price"

static const char usage[] =
	"usage: wa-price [-kqv] [-w WORKSPACE] [--pretty] [--ratecard FILE]\n"
	"                [--margin FRACTION] [--currency CODE] [FILE...]\n"
	"       wa-price quote --tier NAME --volume N [--table] [--ratecard FILE]\n"
	"                [--margin FRACTION] [--currency CODE] [CLIENT]\n"
	"\n"
	"Price each dossier: the agency's cost per conversation and per month by\n"
	"channel and component, the rate card's tiers at the target margin, an\n"
	"outcome-based price, and the client's ROI (saving, payback, 3-year NPV,\n"
	"sensitivity).  Adds the pricing section and keeps each version in the\n"
	"workspace.  quote prices one tier at a volume, for CLIENT (its stored\n"
	"dossier) or the rate card's defaults, as JSON or with --table a table.\n"
	"\n"
	"  --ratecard FILE     the rate card (default examples/ratecard.yaml, or\n"
	"                      $WA_RATECARD)\n"
	"  --margin FRACTION   the target gross margin instead of the rate card's\n"
	"  --currency CODE     the output currency (ISO 4217, with an exchange rate)\n"
	"\n"
	"Exit: 0 ok, 64 usage, 65 bad dossier value (its path), 66 missing file,\n"
	"78 bad rate card (its path).  See wa-price(1).\n";

enum { O_RATECARD = WA_OPT_FIRST_FREE, O_MARGIN, O_CURRENCY, O_TIER, O_VOLUME, O_TABLE };

typedef struct ctx {
	json_t *ratecard;
	char ratecard_sha[WA_SHA256_HEX];
	wa_price_opts opts;
} ctx;

/* What the reader thread makes of a dossier: the model, its inputs'
 * hash, and the section's compact text up to the fields only the
 * workspace can tell (version, generated_at), with the FNV-1a state of
 * that prefix, so the writer serialises nothing. */
typedef struct priced {
	json_t *model;
	wa_buf text;
	uint64_t hash;
} priced;

static void free_extra(void *extra)
{
	priced *p = extra;

	json_decref(p->model);
	wa_buf_free(&p->text);
	free(p);
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
	priced *p;

	if (!model) {
		if (err->code == WA_EX_USAGE)
			err->code = WA_EX_DATAERR;
		return -1;
	}
	inputs_sha(c, model, sha);
	json_object_set_new(model, "ratecard", json_pack("{s:s}", "sha256", c->ratecard_sha));
	json_object_set_new(model, "inputs_sha256", json_string(sha));
	p = wa_mem_alloc(sizeof *p);
	p->model = model;
	wa_buf_init(&p->text);
	wa_json_append(&p->text, model);
	p->text.len--;                          /* the closing brace comes last */
	p->hash = wa_hash_fnv1a(0, p->text.data, p->text.len);
	*extra = p;
	return 0;
}

static int price_record(wa_record *rec, wa_err *err)
{
	priced *p = rec->extra;
	json_t *section = p->model;
	const char *sha = json_string_value(json_object_get(section, "inputs_sha256"));
	sqlite3_stmt *st;
	int version = 0, same = 0, rc = 0;
	char created[WA_TIME_MAX] = "", num[16];
	size_t tail = p->text.len;

	st = wa_ws_stmt(rec->ws, "SELECT version, inputs_sha256, created_at FROM pricing_models "
		"WHERE client = ?1 ORDER BY version DESC LIMIT 1", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, rec->client_id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		version = sqlite3_column_int(st, 0);
		same = !strcmp((const char *)sqlite3_column_text(st, 1), sha);
		snprintf(created, sizeof created, "%s", (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	if (!same) {
		version++;
		snprintf(created, sizeof created, "%s", rec->at);
	}
	json_object_set_new(section, "version", json_integer(version));
	json_object_set_new(section, "generated_at", json_string(created));
	/* the text as wa_json_append would write the section */
	snprintf(num, sizeof num, "%d", version);
	wa_buf_adds(&p->text, ",\"version\":");
	wa_buf_adds(&p->text, num);
	wa_buf_adds(&p->text, ",\"generated_at\":");
	wa_json_append_string(&p->text, created, strlen(created));
	wa_buf_addc(&p->text, '}');
	if (!same) {
		st = wa_ws_stmt(rec->ws, "INSERT INTO pricing_models (client, version, "
			"inputs_sha256, model, created_at) VALUES (?1, ?2, ?3, ?4, ?5)", err);
		if (st) {
			sqlite3_bind_text(st, 1, rec->client_id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(st, 2, version);
			sqlite3_bind_text(st, 3, sha, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 4, p->text.data, (int)p->text.len, SQLITE_STATIC);
			sqlite3_bind_text(st, 5, created, -1, SQLITE_TRANSIENT);
			rc = wa_ws_step_done(rec->ws, st, "storing the pricing model", err);
			sqlite3_clear_bindings(st);
		} else {
			rc = -1;
		}
		if (!rc) {
			json_t *payload = json_pack("{s:s, s:i, s:O, s:O}", "client", rec->client_id,
				"version", version, "recommended_tier", json_object_get(section,
				"recommended_tier"), "currency", json_object_get(section, "currency"));
			rc = wa_event_emit(rec->ws, "pricing.generated", rec->client_id,
				rec->run->id, rec->run->id, payload, err);
			json_decref(payload);
		}
	}
	if (rc)
		return -1;
	rec->own = (wa_section_text){ section, p->text.data, p->text.len,
		wa_hash_fnv1a(p->hash, p->text.data + tail, p->text.len - tail) };
	/* the loop frees its reference */
	wa_dossier_set_section(rec->dossier, "pricing", json_incref(section));
	return 0;
}

static int parse_margin(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (*end || end == s || !(v >= 0 && v < 1))
		return -1;
	*out = v;
	return 0;
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

static int quote_main(int argc, char **argv, ctx *c, const char *ratecard, wa_cli *cli,
	const char *tier, long long volume, int table)
{
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	json_t *dossier = NULL, *q = NULL;
	int rc = 0;

	(void)ratecard;
	if (!tier || volume < 0)
		return wa_cli_usage_error(argv, "quote needs --tier NAME and --volume N");
	if (optind + 1 < argc)
		return wa_cli_usage_error(argv, "give at most one CLIENT");
	if (optind < argc) {
		if (wa_ws_open(wa_ws_default_path(cli->workspace), 0, &ws, &err) ||
		    !(dossier = wa_store_dossier_load(ws, argv[optind], &err))) {
			if (!err.code)
				wa_err_set(&err, WA_EX_NOINPUT, "%s: no such client in the workspace",
					argv[optind]);
			rc = cli_report(&err);
			goto out;
		}
	}
	if (!(q = wa_price_quote_new(c->ratecard, dossier, &c->opts, tier, volume, &err))) {
		rc = cli_report(&err);
		goto out;
	}
	if (table) {
		print_table(q);
	} else {
		char *s = json_dumps(q, (cli->pretty ? JSON_INDENT(2) : JSON_COMPACT) | JSON_REAL_PRECISION(12));
		puts(s);
		free(s);
	}
	if (fflush(stdout))
		rc = WA_EX_IOERR;
out:
	json_decref(q);
	json_decref(dossier);
	wa_ws_close(ws);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS,
		{ "ratecard", required_argument, 0, O_RATECARD },
		{ "margin", required_argument, 0, O_MARGIN },
		{ "currency", required_argument, 0, O_CURRENCY },
		{ "tier", required_argument, 0, O_TIER },
		{ "volume", required_argument, 0, O_VOLUME },
		{ "table", no_argument, 0, O_TABLE },
		{ 0, 0, 0, 0 } };
	ctx c = { .opts = { -1, NULL } };
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	const char *ratecard = getenv("WA_RATECARD"), *tier = NULL;
	long long volume = -1;
	int opt, rc = 0, quote = 0, table = 0;
	char *end;
	wa_ws *ws = NULL;
	wa_run run = { 0 };
	wa_loop loop;

	cli_diag_init(ENGINE);
	if (argc > 1 && strcmp(argv[1], "quote") == 0) {
		quote = 1;
		argc--, argv++;
		cli_diag_init("wa-price quote");
	}
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		switch (opt) {
		case O_RATECARD: ratecard = optarg; break;
		case O_MARGIN:
			if (parse_margin(optarg, &c.opts.margin))
				return wa_cli_usage_error(argv, "--margin: a fraction from 0 to below 1, "
					"not %s", optarg);
			break;
		case O_CURRENCY:
			if (wa_money_minor_units(optarg) < 0)
				return wa_cli_usage_error(argv, "--currency: %s is not an ISO 4217 code",
					optarg);
			c.opts.currency = optarg;
			break;
		case O_TIER: tier = optarg; break;
		case O_VOLUME:
			volume = strtoll(optarg, &end, 10);
			if (*end || end == optarg || volume < 0 || volume > 1000000000)
				return wa_cli_usage_error(argv, "--volume: conversations a month, 0 or "
					"more, not %s", optarg);
			break;
		case O_TABLE: table = 1; break;
		default:
			if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
				return opt == '?' || opt == ':' ? WA_EX_USAGE :
					wa_cli_usage_error(argv, "unknown option");
		}
	}
	if (cli.help)
		return fputs(usage, stdout), 0;
	if (cli.version)
		return wa_cli_print_version();
	if (!quote && (tier || volume >= 0 || table))
		return wa_cli_usage_error(argv, "--tier, --volume and --table go with quote");
	if (!ratecard || !*ratecard)
		ratecard = "examples/ratecard.yaml";
	wa_buf raw;
	wa_buf_init(&raw);
	if (wa_clock_init(&err) || wa_fs_read(ratecard, &raw, 4u << 20, &err) ||
	    !(c.ratecard = wa_ratecard_load_new(ratecard, &err))) {
		wa_buf_free(&raw);
		return cli_report(&err);
	}
	wa_hash_sha256_hex(raw.data ? raw.data : "", raw.len, c.ratecard_sha);
	wa_buf_free(&raw);
	if (quote) {
		rc = quote_main(argc, argv, &c, ratecard, &cli, tier, volume, table);
		json_decref(c.ratecard);
		return rc;
	}
	if (wa_ws_open(wa_ws_default_path(cli.workspace), WA_WS_CREATE, &ws, &err) ||
	    wa_run_init(&run, ws, ENGINE, WA_VERSION, argc, argv, &err)) {
		rc = cli_report(&err);
		goto out;
	}
	wa_loop_init(&loop);
	loop.section = "pricing";
	loop.prepare = prepare;
	loop.free_extra = free_extra;
	loop.process = price_record;
	loop.user = &c;
	loop.notify = cli_loop_notify;
	loop.keep_going = cli.keep_going;
	loop.pretty = cli.pretty;
	if (wa_loop_run(&loop, ws, &run, argv + optind, argc - optind, &err))
		rc = cli_report(&err);
out:
	wa_run_free(&run);
	wa_ws_close(ws);
	json_decref(c.ratecard);
	return rc;
}
