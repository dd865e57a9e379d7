/* artifacts.c - wa artifacts: list, get and put the files kept in the
 * workspace's sqlar table. */
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/fs.h"
#include "cli/cli.h"
#include "ws/artifact.h"
#include "ws/ws.h"
#include "verbs.h"

static const cli_command wa_artifacts_list = {
	.name = "wa artifacts list",
	.synopsis = "[-w WORKSPACE] [--pretty] [PREFIX]",
	.about = "List the artifacts (whose names start with PREFIX) as NDJSON: name, mode, "
		"mtime, size, stored.  sqlite3 WORKSPACE -Atv lists them too.",
	.exits = "0 ok, 64 usage, 66 no workspace",
	.see = "wa(1)",
};

static const cli_command wa_artifacts_get = {
	.name = "wa artifacts get",
	.synopsis = "[-w WORKSPACE] NAME [-o FILE]",
	.about = "Write the artifact NAME to stdout, or to FILE (atomically).",
	.exits = "0 ok, 64 usage, 66 no such artifact, 73 cannot write FILE",
	.see = "wa(1)",
};

static const cli_command wa_artifacts_put = {
	.name = "wa artifacts put",
	.synopsis = "[-w WORKSPACE] NAME [FILE]",
	.about = "Store FILE (or stdin) as the artifact NAME, with FILE's mode.",
	.exits = "0 ok, 64 usage, 66 no such FILE",
	.see = "wa(1)",
};

/* operands of a verb: parse, then check their number */
static int operands(const cli_command *c, int argc, char **argv, cli_common *o, int min,
	int max, int *first)
{
	int rc = cli_parse(c, argc, argv, o, NULL, NULL, first);

	if (rc >= 0)
		return rc;
	if (argc - *first < min || argc - *first > max)
		return cli_usage_error("wrong number of arguments (see %s --help)", c->name);
	return -1;
}

static int list_main(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	cli_common o;
	wa_ws *ws;
	json_t *items, *v;
	size_t i;
	int first, rc = operands(&wa_artifacts_list, argc, argv, &o, 0, 1, &first);

	if (rc >= 0 || (rc = cli_open_workspace(&o, CLI_WS_READ, &ws)))
		return rc;
	if (!(items = wa_artifact_list(ws, first < argc ? argv[first] : NULL, &err)))
		rc = cli_report(&err);
	json_array_foreach(items, i, v)
		if ((rc = cli_print_json(v, o.pretty)))
			break;
	json_decref(items);
	wa_ws_close(ws);
	return rc;
}

static int get_main(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	cli_common o;
	wa_ws *ws;
	wa_buf b;
	int first, rc = operands(&wa_artifacts_get, argc, argv, &o, 1, 1, &first);

	if (rc >= 0 || (rc = cli_open_workspace(&o, CLI_WS_READ, &ws)))
		return rc;
	wa_buf_init(&b);
	if (wa_artifact_get(ws, argv[first], &b, &err) ||
	    wa_fs_write_atomic(o.out ? o.out : "-", b.data, b.len, 0644, &err))
		rc = cli_report(&err);
	wa_buf_free(&b);
	wa_ws_close(ws);
	return rc;
}

static int put_main(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	cli_common o;
	wa_ws *ws;
	struct stat sb;
	mode_t mode = 0644;
	wa_buf b;
	int first, rc = operands(&wa_artifacts_put, argc, argv, &o, 1, 2, &first);
	const char *file;

	if (rc >= 0 || (rc = cli_open_workspace(&o, CLI_WS_CREATE, &ws)))
		return rc;
	file = first + 1 < argc ? argv[first + 1] : "-";
	if (strcmp(file, "-") && stat(file, &sb) == 0)
		mode = sb.st_mode & 0777;
	wa_buf_init(&b);
	if (wa_fs_read(file, &b, 0, &err) || wa_ws_begin(ws, &err) ||
	    wa_artifact_put(ws, argv[first], b.data, b.len, mode, &err) || wa_ws_commit(ws, &err)) {
		wa_ws_rollback(ws);
		rc = cli_report(&err);
	}
	wa_buf_free(&b);
	wa_ws_close(ws);
	return rc;
}

static const cli_verb verbs[] = {
	{ "list", &wa_artifacts_list, list_main, NULL, NULL },
	{ "get", &wa_artifacts_get, get_main, NULL, NULL },
	{ "put", &wa_artifacts_put, put_main, NULL, NULL },
	{ 0 },
};

const cli_command wa_artifacts = {
	.name = "wa artifacts",
	.synopsis = "[list] [PREFIX]\nget NAME [-o FILE]\nput NAME [FILE]",
	.about = "The files engines stored in the workspace (its sqlar table, which sqlite3 "
		"WORKSPACE -Atv lists and -Ax extracts with no wa binary at all).",
	.verbs = verbs,
	.exits = "0 ok, 64 usage, 66 no workspace or artifact",
	.see = "wa(1)",
};

int cmd_artifacts(int argc, char **argv)
{
	return cli_dispatch(&wa_artifacts, argc, argv, list_main);
}
