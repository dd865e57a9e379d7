/* wa-import - the first filter of the pipeline: validate each dossier's
 * client section, derive client.id, upsert the client, emit
 * client.imported, append the trace entry and pass the dossier on.
 * It is the reference for every engine's record loop. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

#define ENGINE "wa-import"

static const char usage[] =
	"usage: wa import [-kq] [-w WORKSPACE] [--pretty] [FILE...]\n"
	"\n"
	"Read dossiers (JSON objects, one per line or separated by white space)\n"
	"from FILEs or stdin, check each client section against the dossier\n"
	"schema, record the client in the workspace and print the dossier.\n"
	"\n"
	"  -w, --workspace PATH  workspace file (default $WA_WORKSPACE, ./wa.db)\n"
	"      --pretty          indent the output\n"
	"  -k, --keep-going      skip bad records, go on, exit non-zero at the end\n"
	"  -q, --quiet           errors only on stderr\n"
	"  -v, --verbose         say more on stderr\n"
	"  -h, --help            this help\n"
	"      --version         print the version\n"
	"\n"
	"Exit: 0 ok, 64 usage, 65 bad dossier, 66 missing file, 75 workspace busy.\n"
	"See wa-import(1).\n";

/* On the reader thread: the schema check needs no workspace. */
static int check_record(json_t *dossier, void **extra, void *user, wa_err *err)
{
	(void)extra;
	return wa_schema_check(user, dossier, err);
}

static int import_record(wa_record *rec, wa_err *err)
{
	json_t *client = wa_dossier_client(rec->dossier);

	json_t *payload = json_object();
	json_object_set_new(payload, "client", json_string(rec->client_id));
	json_object_set(payload, "name", json_object_get(client, "name"));
	int rc = wa_event_emit(rec->ws, "client.imported", rec->client_id,
		rec->run->id, rec->run->id, payload, err);
	json_decref(payload);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS, { 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	wa_schema *schema = NULL;
	wa_run run = { 0 };
	wa_loop loop;
	int opt, rc;

	cli_diag_init(ENGINE);
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1)
		if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
			return opt == '?' || opt == ':' ? WA_EX_USAGE :
				wa_cli_usage_error(argv, "unknown option");
	if (cli.help)
		return fputs(usage, stdout), 0;
	if (cli.version)
		return wa_cli_print_version();
	if (wa_clock_init(&err))
		return cli_report(&err);
	schema = wa_schema_builtin("dossier.schema.json", &err);
	if (!schema)
		return cli_report(&err);
	if (wa_ws_open(wa_ws_default_path(cli.workspace), WA_WS_CREATE, &ws, &err) ||
	    wa_run_init(&run, ws, ENGINE, WA_VERSION, argc, argv, &err)) {
		rc = cli_report(&err);
		goto out;
	}
	wa_loop_init(&loop);
	loop.section = "client";
	loop.prepare = check_record;
	loop.keeps_sections = 1;        /* the client is final once checked */
	loop.process = import_record;
	loop.user = schema;
	loop.notify = cli_loop_notify;
	loop.keep_going = cli.keep_going;
	loop.pretty = cli.pretty;
	rc = 0;
	if (wa_loop_run(&loop, ws, &run, argv + optind, argc - optind, &err))
		rc = cli_report(&err);
out:
	wa_run_free(&run);
	wa_ws_close(ws);
	wa_schema_free(schema);
	return rc;
}
