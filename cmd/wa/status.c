/* status.c - wa status: the workspace at a glance, as JSON. */
#include "verbs.h"

#include "cli/cli.h"
#include "ws/ws.h"

enum { O_RUNS = CLI_OWN };

static const cli_opt opts[] = {
	{ "runs", O_RUNS, "N", "the last N runs (5)" },
	{ NULL, 0, NULL, NULL },
};

const cli_command wa_status = {
	.name = "wa status",
	.synopsis = "[-w WORKSPACE] [--pretty] [--runs N]",
	.about = "Print the workspace path, schema version, counts of clients, runs, events and "
		"artifacts, and the last runs, as JSON.",
	.opts = opts,
	.exits = "0 ok, 64 usage, 66 no workspace",
	.see = "wa(1)",
};

static int option(void *ctx, int key, const char *arg)
{
	(void)key;
	return cli_arg_int("runs", arg, 0, 1000, ctx);
}

int cmd_status(int argc, char **argv)
{
	cli_common o;
	wa_ws *ws;
	int runs = 5, first, rc = cli_parse(&wa_status, argc, argv, &o, option, &runs, &first);

	if (rc >= 0)
		return rc;
	if (first < argc)
		return cli_usage_error("unexpected argument %s", argv[first]);
	if ((rc = cli_open_workspace(&o, CLI_WS_READ, &ws)))
		return rc;
	json_t *out = wa_ws_status_new(ws, runs);
	rc = cli_print_json(out, o.pretty);
	json_decref(out);
	wa_ws_close(ws);
	return rc;
}
