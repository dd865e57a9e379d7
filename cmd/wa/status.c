/* status.c - wa status: the workspace at a glance, as JSON. */
#include <stdio.h>
#include <stdlib.h>

#include "verbs.h"

static const char usage[] =
	"usage: wa status [-w WORKSPACE] [--pretty] [--runs N]\n"
	"\n"
	"Print the workspace path, schema version, counts of clients, runs,\n"
	"events and artifacts, and the last N runs (default 5), as JSON.\n";

static int runs_wanted = 5;

static int own(int opt, const char *arg, void *data)
{
	(void)data;
	if (opt != WA_OPT_FIRST_FREE)
		return 0;
	char *end;
	long n = strtol(arg, &end, 10);
	if (*end || n < 0 || n > 1000) {
		wa_cli_usage_error(NULL, "--runs needs a number from 0 to 1000");
		return -1;
	}
	runs_wanted = (int)n;
	return 1;
}

static json_int_t count(wa_ws *ws, const char *sql)
{
	sqlite3_stmt *st;
	json_int_t n = -1;

	if (sqlite3_prepare_v2(wa_ws_db(ws), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int cmd_status(int argc, char **argv)
{
	static const struct option opts[] = { WA_CLI_LONG_OPTIONS,
		{ "runs", required_argument, 0, WA_OPT_FIRST_FREE }, { 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_ws *ws;
	sqlite3_stmt *st;
	int rc = wa_cmd_common(argc, argv, usage, &cli, WA_CLI_SHORT_OPTIONS, opts, own, NULL);

	if (rc >= 0)
		return rc;
	if (optind < argc)
		return wa_cli_usage_error(argv, "unexpected argument %s", argv[optind]);
	if ((rc = wa_cmd_open(&cli, 0, &ws)))
		return rc;
	json_t *runs = json_array();
	if (sqlite3_prepare_v2(wa_ws_db(ws), "SELECT id, engine, status, exit_code, "
	    "records_in, records_out, records_failed, started_at, finished_at FROM runs "
	    "ORDER BY started_at DESC, rowid DESC LIMIT ?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int(st, 1, runs_wanted);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *fin = (const char *)sqlite3_column_text(st, 8);
			json_array_append_new(runs, json_pack("{s:s,s:s,s:s,s:o,s:I,s:I,s:I,s:s,s:o}",
				"id", (const char *)sqlite3_column_text(st, 0),
				"engine", (const char *)sqlite3_column_text(st, 1),
				"status", (const char *)sqlite3_column_text(st, 2),
				"exit_code", sqlite3_column_type(st, 3) == SQLITE_NULL ? json_null() :
					json_integer(sqlite3_column_int(st, 3)),
				"records_in", (json_int_t)sqlite3_column_int64(st, 4),
				"records_out", (json_int_t)sqlite3_column_int64(st, 5),
				"records_failed", (json_int_t)sqlite3_column_int64(st, 6),
				"started_at", (const char *)sqlite3_column_text(st, 7),
				"finished_at", fin ? json_string(fin) : json_null()));
		}
	}
	sqlite3_finalize(st);
	json_t *out = json_pack("{s:s,s:i,s:i,s:{s:I,s:I,s:I,s:I},s:o}",
		"workspace", wa_ws_path(ws),
		"schema_version", wa_ws_schema_version(ws),
		"schema_latest", wa_ws_schema_latest(),
		"counts",
		"clients", count(ws, "SELECT count(*) FROM clients"),
		"runs", count(ws, "SELECT count(*) FROM runs"),
		"events", count(ws, "SELECT count(*) FROM events"),
		"artifacts", count(ws, "SELECT count(*) FROM sqlar"),
		"last_runs", runs);
	rc = wa_cmd_print(out, cli.pretty);
	json_decref(out);
	wa_ws_close(ws);
	return rc;
}
