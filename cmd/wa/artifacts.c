/* artifacts.c - wa artifacts: list, get and put the files kept in the
 * workspace's sqlar table. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "verbs.h"

static const char usage[] =
	"usage: wa artifacts [list] [PREFIX]      NDJSON: name, mode, mtime, size, stored\n"
	"       wa artifacts get NAME [-o FILE]   content to stdout or FILE (atomically)\n"
	"       wa artifacts put NAME [FILE]      store FILE (or stdin) as NAME\n"
	"Common: -w WORKSPACE, --pretty.  sqlite3 WORKSPACE -Atv lists them too.\n";

static int list(wa_ws *ws, const char *prefix, int pretty)
{
	wa_err err = WA_ERR_INIT;
	json_t *items = wa_artifact_list(ws, prefix, &err), *v;
	size_t i;
	int rc = 0;

	if (!items)
		return cli_report(&err);
	json_array_foreach(items, i, v)
		if ((rc = wa_cmd_print(v, pretty)))
			break;
	json_decref(items);
	return rc;
}

static int get(wa_ws *ws, const char *name, const char *out)
{
	wa_err err = WA_ERR_INIT;
	wa_buf b;
	int rc = 0;

	wa_buf_init(&b);
	if (wa_artifact_get(ws, name, &b, &err) ||
	    wa_fs_write_atomic(out ? out : "-", b.data, b.len, 0644, &err))
		rc = cli_report(&err);
	wa_buf_free(&b);
	return rc;
}

static int put(wa_ws *ws, const char *name, const char *file)
{
	wa_err err = WA_ERR_INIT;
	struct stat sb;
	mode_t mode = 0644;
	wa_buf b;
	int rc = 0;

	wa_buf_init(&b);
	if (file && strcmp(file, "-") && stat(file, &sb) == 0)
		mode = sb.st_mode & 0777;
	if (wa_fs_read(file ? file : "-", &b, 0, &err) || wa_ws_begin(ws, &err) ||
	    wa_artifact_put(ws, name, b.data, b.len, mode, &err) || wa_ws_commit(ws, &err)) {
		wa_ws_rollback(ws);
		rc = cli_report(&err);
	}
	wa_buf_free(&b);
	return rc;
}

int cmd_artifacts(int argc, char **argv)
{
	static const struct option opts[] = { WA_CLI_LONG_OPTIONS, { 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_ws *ws;
	int rc = wa_cmd_common(argc, argv, usage, &cli, WA_CLI_SHORT_OPTIONS, opts, NULL, NULL);
	const char *verb = "list";
	int n;

	if (rc >= 0)
		return rc;
	if (optind < argc && (!strcmp(argv[optind], "list") || !strcmp(argv[optind], "get") ||
	    !strcmp(argv[optind], "put")))
		verb = argv[optind++];
	n = argc - optind;
	if ((!strcmp(verb, "list") && n > 1) || (!strcmp(verb, "get") && n != 1) ||
	    (!strcmp(verb, "put") && (n < 1 || n > 2)))
		return wa_cli_usage_error(argv, "wrong number of arguments for %s", verb);
	if ((rc = wa_cmd_open(&cli, !strcmp(verb, "put"), &ws)))
		return rc;
	if (!strcmp(verb, "list"))
		rc = list(ws, n ? argv[optind] : NULL, cli.pretty);
	else if (!strcmp(verb, "get"))
		rc = get(ws, argv[optind], cli.out);
	else
		rc = put(ws, argv[optind], n == 2 ? argv[optind + 1] : NULL);
	wa_ws_close(ws);
	return rc;
}
