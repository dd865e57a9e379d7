/* init.c - wa init: create the workspace, or bring its schema up to date. */
#include <sys/stat.h>

#include "verbs.h"

#include "cli/cli.h"
#include "ws/ws.h"

const cli_command wa_init = {
	.name = "wa init",
	.synopsis = "[-w WORKSPACE] [--pretty]",
	.about = "Create the workspace (default $WA_WORKSPACE, ./wa.db) or apply the migrations "
		"it lacks, and print {\"workspace\", \"schema_version\", \"created\"}.",
	.exits = "0 ok, 64 usage, 73 cannot create, 75 busy, 78 a newer workspace",
	.see = "wa(1)",
};

int cmd_init(int argc, char **argv)
{
	cli_common o;
	wa_ws *ws;
	struct stat sb;
	int first, rc = cli_parse(&wa_init, argc, argv, &o, NULL, NULL, &first);

	if (rc >= 0)
		return rc;
	if (first < argc)
		return cli_usage_error("unexpected argument %s", argv[first]);
	const char *path = wa_ws_default_path(o.workspace);
	int existed = stat(path, &sb) == 0;
	if ((rc = cli_open_workspace(&o, CLI_WS_CREATE, &ws)))
		return rc;
	json_t *out = json_pack("{s:s, s:i, s:b}", "workspace", path,
		"schema_version", wa_ws_schema_version(ws), "created", !existed);
	rc = cli_print_json(out, o.pretty);
	json_decref(out);
	wa_ws_close(ws);
	return rc;
}
