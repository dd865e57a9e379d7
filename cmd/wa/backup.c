/* backup.c - wa backup FILE: a consistent copy of the workspace, taken
 * while other processes keep writing, put in place atomically. */
#include "verbs.h"

#include "base/err.h"
#include "cli/cli.h"
#include "ws/ws.h"

const cli_command wa_backup = {
	.name = "wa backup",
	.synopsis = "[-w WORKSPACE] [--pretty] FILE",
	.about = "Copy the workspace to FILE with SQLite's online backup (other processes may "
		"go on writing); FILE appears whole or not at all.",
	.exits = "0 ok, 64 usage, 66 no workspace, 73 cannot create FILE, 74 I/O error",
	.see = "wa(1)",
};

int cmd_backup(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	cli_common o;
	wa_ws *ws;
	int first, rc = cli_parse(&wa_backup, argc, argv, &o, NULL, NULL, &first);

	if (rc >= 0)
		return rc;
	if (argc - first != 1)
		return cli_usage_error("expected one FILE to write the backup to");
	if ((rc = cli_open_workspace(&o, CLI_WS_READ, &ws)))
		return rc;
	if (wa_ws_backup(ws, argv[first], &err)) {
		rc = cli_report(&err);
	} else {
		json_t *out = json_pack("{s:s, s:s}", "workspace", wa_ws_path(ws), "backup",
			argv[first]);
		rc = cli_print_json(out, o.pretty);
		json_decref(out);
	}
	wa_ws_close(ws);
	return rc;
}
