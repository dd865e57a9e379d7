/* init.c - wa init: create the workspace, or bring its schema up to date. */
#include <stdio.h>
#include <sys/stat.h>

#include "verbs.h"

static const char usage[] =
	"usage: wa init [-w WORKSPACE] [--pretty]\n"
	"\n"
	"Create the workspace (default $WA_WORKSPACE, ./wa.db) or apply the\n"
	"migrations it lacks, and print {\"workspace\",\"schema_version\",\"created\"}.\n";

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = { WA_CLI_LONG_OPTIONS, { 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_ws *ws;
	struct stat sb;
	int rc = wa_cmd_common(argc, argv, usage, &cli, WA_CLI_SHORT_OPTIONS, opts, NULL, NULL);
	const char *path;
	int existed;

	if (rc >= 0)
		return rc;
	if (optind < argc)
		return wa_cli_usage_error(argv, "unexpected argument %s", argv[optind]);
	path = wa_ws_default_path(cli.workspace);
	existed = stat(path, &sb) == 0;
	if ((rc = wa_cmd_open(&cli, 1, &ws)))
		return rc;
	json_t *out = json_pack("{s:s,s:i,s:b}", "workspace", path,
		"schema_version", wa_ws_schema_version(ws), "created", !existed);
	rc = wa_cmd_print(out, cli.pretty);
	json_decref(out);
	wa_ws_close(ws);
	return rc;
}
