/* dossier.c - wa dossier: print the latest dossier of clients from the
 * workspace as a stream, so a pipeline can start there:
 *   wa dossier --all | wa-price | wa-proposal */
#include <stdio.h>
#include <string.h>

#include "verbs.h"

static const char usage[] =
	"usage: wa dossier [-w WORKSPACE] [--pretty] [--meta] CLIENT...\n"
	"       wa dossier --all\n"
	"       wa dossier --stale-section SECTION [--older-than AGE]\n"
	"\n"
	"Print each client's latest dossier (one JSON object per line).\n"
	"--stale-section picks clients whose SECTION is missing or older than AGE\n"
	"(90s, 15m, 12h, 7d, 2w; default 0: every client).  --meta prints, instead\n"
	"of the dossier, which engine, run and time wrote each section.\n";

typedef struct opts {
	int all, meta;
	const char *stale;
	int64_t older_ms;
} opts;

enum { O_ALL = WA_OPT_FIRST_FREE, O_META, O_STALE, O_OLDER };

static int own(int opt, const char *arg, void *data)
{
	opts *o = data;

	switch (opt) {
	case O_ALL: o->all = 1; return 1;
	case O_META: o->meta = 1; return 1;
	case O_STALE: o->stale = arg; return 1;
	case O_OLDER:
		if (wa_clock_parse_duration(arg, &o->older_ms)) {
			wa_cli_usage_error(NULL, "--older-than %s: not an age like 7d", arg);
			return -1;
		}
		return 1;
	}
	return 0;
}

static int print_one(wa_ws *ws, const char *id, const opts *o, int pretty)
{
	wa_err err = WA_ERR_INIT;
	json_t *v = o->meta ? wa_store_dossier_meta(ws, id, &err) :
		wa_store_dossier_load(ws, id, &err);
	int rc;

	if (!v)
		return cli_report(&err);
	if (o->meta) {
		json_t *m = json_pack("{s:s,s:o}", "client", id, "sections", v);
		rc = wa_cmd_print(m, pretty);
		json_decref(m);
	} else {
		rc = wa_cmd_print(v, pretty);
		json_decref(v);
	}
	return rc;
}

int cmd_dossier(int argc, char **argv)
{
	static const struct option lopts[] = { WA_CLI_LONG_OPTIONS,
		{ "all", no_argument, 0, O_ALL },
		{ "meta", no_argument, 0, O_META },
		{ "stale-section", required_argument, 0, O_STALE },
		{ "older-than", required_argument, 0, O_OLDER },
		{ 0, 0, 0, 0 } };
	opts o = { 0 };
	wa_cli cli = { 0 };
	wa_ws *ws;
	int rc = wa_cmd_common(argc, argv, usage, &cli, WA_CLI_SHORT_OPTIONS, lopts, own, &o);
	int first_error = 0;

	if (rc >= 0)
		return rc;
	if ((o.all || o.stale) == (optind < argc) || (o.all && o.stale))
		return wa_cli_usage_error(argv, "name CLIENTs, or give --all or --stale-section");
	if ((rc = wa_cmd_open(&cli, 0, &ws)))
		return rc;
	if (optind < argc) {
		for (int i = optind; i < argc; i++)
			if ((rc = print_one(ws, argv[i], &o, cli.pretty)) && !first_error)
				first_error = rc;
		wa_ws_close(ws);
		return first_error;
	}
	/* the list first, so printing does not hold a read transaction open */
	char cutoff[WA_TIME_MAX];
	sqlite3_stmt *st;
	json_t *ids = json_array(), *v;
	size_t i;
	wa_clock_format(wa_clock_now_ms() - o.older_ms, cutoff);
	rc = sqlite3_prepare_v2(wa_ws_db(ws), o.stale ?
		"SELECT client_id FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM "
		"json_each(d.sections) s WHERE json_extract(s.value, '$.name') = ?1 "
		"AND json_extract(s.value, '$.updated_at') > ?2) ORDER BY client_id" :
		"SELECT client_id FROM dossiers ORDER BY client_id",
		-1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, o.stale, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, cutoff, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			json_array_append_new(ids, json_string((const char *)sqlite3_column_text(st, 0)));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		wa_err err = WA_ERR_INIT;
		wa_ws_fail(ws, rc, "listing clients", &err);
		json_decref(ids);
		wa_ws_close(ws);
		return cli_report(&err);
	}
	rc = 0;
	json_array_foreach(ids, i, v)
		if ((rc = print_one(ws, json_string_value(v), &o, cli.pretty)) && !first_error)
			first_error = rc;
	json_decref(ids);
	wa_ws_close(ws);
	return first_error;
}
