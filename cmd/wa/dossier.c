/* dossier.c - wa dossier: print the latest dossier of clients from the
 * workspace as a stream, so a pipeline can start there:
 *   wa dossier --all | wa-price | wa-proposal */
#include "base/clock.h"
#include "base/err.h"
#include "cli/cli.h"
#include "ws/store.h"
#include "ws/ws.h"
#include "verbs.h"

enum { O_ALL = CLI_OWN, O_META, O_STALE, O_OLDER };

static const cli_opt opts[] = {
	{ "all", O_ALL, NULL, "every client" },
	{ "stale-section", O_STALE, "SECTION", "clients whose SECTION is missing or old" },
	{ "older-than", O_OLDER, "AGE", "old: written AGE ago or before (90s..2w; 0)" },
	{ "meta", O_META, NULL, "which engine, run and time wrote each section" },
	{ NULL, 0, NULL, NULL },
};

const cli_command wa_dossier = {
	.name = "wa dossier",
	.synopsis = "[-w WORKSPACE] [--pretty] [--meta] CLIENT...\n--all\n"
		"--stale-section SECTION [--older-than AGE]",
	.about = "Print each client's latest dossier from the workspace, one JSON object a line; "
		"with --meta, instead of the dossier, which engine, run and time wrote each "
		"section.",
	.opts = opts,
	.exits = "0 ok, 64 usage, 66 no workspace or no such client",
	.see = "wa(1)",
};

typedef struct choice {
	int all, meta, pretty;
	const char *stale;
	int64_t older_ms;
} choice;

static int option(void *ctx, int key, const char *arg)
{
	choice *c = ctx;

	switch (key) {
	case O_ALL: c->all = 1; return 0;
	case O_META: c->meta = 1; return 0;
	case O_STALE: c->stale = arg; return 0;
	default: return cli_arg_duration("older-than", arg, &c->older_ms);
	}
}

static int print_one(wa_ws *ws, const char *id, const choice *c)
{
	wa_err err = WA_ERR_INIT;
	json_t *v = c->meta ? wa_store_dossier_meta(ws, id, &err) :
		wa_store_dossier_load(ws, id, &err);
	int rc;

	if (!v)
		return cli_report(&err);
	if (c->meta)
		v = json_pack("{s:s, s:o}", "client", id, "sections", v);
	rc = cli_print_json(v, c->pretty);
	json_decref(v);
	return rc;
}

/* the clients --all or --stale-section names into *ids (new): 0, or the
 * exit code, reported */
static int clients(wa_ws *ws, const choice *c, json_t **ids)
{
	wa_err err = WA_ERR_INIT;
	char cutoff[WA_TIME_MAX];

	wa_clock_format(wa_clock_now_ms() - c->older_ms, cutoff);
	if (!(*ids = wa_store_clients_new(ws, c->stale, cutoff, &err)))
		return cli_report(&err);
	return 0;
}

int cmd_dossier(int argc, char **argv)
{
	choice c = { 0 };
	cli_common o;
	wa_ws *ws;
	json_t *ids, *v;
	size_t i;
	int first, rc = cli_parse(&wa_dossier, argc, argv, &o, option, &c, &first);
	int first_error = 0;

	if (rc >= 0)
		return rc;
	if ((c.all || c.stale) == (first < argc) || (c.all && c.stale))
		return cli_usage_error("name CLIENTs, or give --all or --stale-section");
	if ((rc = cli_open_workspace(&o, CLI_WS_READ, &ws)))
		return rc;
	c.pretty = o.pretty;
	if (first < argc) {
		ids = json_array();
		for (int k = first; k < argc; k++)
			json_array_append_new(ids, json_string(argv[k]));
	} else if ((rc = clients(ws, &c, &ids))) {     /* the list first: no read held open */
		wa_ws_close(ws);
		return rc;
	}
	json_array_foreach(ids, i, v)
		if ((rc = print_one(ws, json_string_value(v), &c)) && !first_error)
			first_error = rc;
	json_decref(ids);
	wa_ws_close(ws);
	return first_error;
}
