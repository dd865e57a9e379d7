/* ws_backup.c - an online copy of the workspace: see ws.h. */
#include "ws/ws.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Copy ws into the new database file at path with SQLite's online
 * backup, which restarts its pass when another process writes. */
static int copy_to(wa_ws *ws, const char *path, const char *target, wa_err *err)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc = sqlite3_open(path, &dst);

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
	/* one self-contained file, no WAL beside it */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		wa_err_set(err, WA_EX_IOERR, "backup to %s: %s", target,
			dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
	sqlite3_close(dst);
	return rc == SQLITE_OK ? 0 : -1;
}

int wa_ws_backup(wa_ws *ws, const char *target, wa_err *err)
{
	char tmp[4096];
	int fd;

	snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", target);
	fd = mkstemp(tmp);
	if (fd < 0)
		return wa_err_set(err, wa_err_from_errno(errno, 1), "%s: %s", target,
			strerror(errno));
	close(fd);
	if (copy_to(ws, tmp, target, err)) {
		unlink(tmp);
		return -1;
	}
	fd = open(tmp, O_RDONLY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	if (rename(tmp, target) != 0) {
		wa_err_set(err, wa_err_from_errno(errno, 1), "%s: %s", target, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}
