/* backup.c - wa backup FILE: a consistent copy of the workspace taken
 * with SQLite's online backup while other processes keep writing, put in
 * place atomically. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "verbs.h"

static const char usage[] =
	"usage: wa backup [-w WORKSPACE] FILE\n"
	"\n"
	"Copy the workspace to FILE with SQLite's online backup (other\n"
	"processes may go on writing); FILE appears whole or not at all.\n";

int cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = { WA_CLI_LONG_OPTIONS, { 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_ws *ws;
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	char tmp[4096];
	int rc = wa_cmd_common(argc, argv, usage, &cli, WA_CLI_SHORT_OPTIONS, opts, NULL, NULL);
	int fd;

	if (rc >= 0)
		return rc;
	if (argc - optind != 1)
		return wa_cli_usage_error(argv, "expected one FILE to write the backup to");
	const char *target = argv[optind];
	if ((rc = wa_cmd_open(&cli, 0, &ws)))
		return rc;
	snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", target);
	fd = mkstemp(tmp);
	if (fd < 0) {
		cli_error("%s: %s", target, strerror(errno));
		wa_ws_close(ws);
		return wa_err_from_errno(errno, 1);
	}
	close(fd);
	rc = sqlite3_open(tmp, &dst);
	if (rc == SQLITE_OK) {
		b = sqlite3_backup_init(dst, "main", wa_ws_db(ws), "main");
		if (b) {
			while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK ||
			       rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
				sqlite3_sleep(rc == SQLITE_OK ? 0 : 20);
			sqlite3_backup_finish(b);
		}
		rc = sqlite3_errcode(dst);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		cli_error("backup to %s: %s", target, dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		sqlite3_close(dst);
		unlink(tmp);
		wa_ws_close(ws);
		return WA_EX_IOERR;
	}
	sqlite3_close(dst);
	fd = open(tmp, O_RDONLY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	if (rename(tmp, target) != 0) {
		cli_error("%s: %s", target, strerror(errno));
		unlink(tmp);
		wa_ws_close(ws);
		return wa_err_from_errno(errno, 1);
	}
	json_t *out = json_pack("{s:s,s:s}", "workspace", wa_ws_path(ws), "backup", target);
	rc = wa_cmd_print(out, cli.pretty);
	json_decref(out);
	wa_ws_close(ws);
	return rc;
}
