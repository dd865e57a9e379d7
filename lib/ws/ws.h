/* ws.h - the workspace: one SQLite file shared by every engine
 * (ARCHITECTURE.md section 3, wa-workspace(5)).
 *
 * Opened in WAL mode with a busy timeout, foreign keys on and
 * synchronous=FULL; migrations built into the binary are applied in
 * order by PRAGMA user_version, and a workspace newer than the binary is
 * refused before anything is written to it.
 */
#ifndef WA_WS_H
#define WA_WS_H

#include <jansson.h>
#include <sqlite3.h>

#include "base/buf.h"
#include "base/err.h"

#define WA_WS_APPLICATION_ID 0x77614442    /* "waDB" in the file header */

typedef struct wa_ws wa_ws;

enum {
	WA_WS_CREATE = 1,       /* make the file when it is missing */
	WA_WS_RELAXED = 2,      /* commits survive a crash of the process, not a
				   power cut (synchronous=NORMAL): no fsync each */
	WA_WS_CACHE = 4,        /* relaxed, with a small page cache: a second
				   connection that reads and fills a cache */
	WA_WS_READER = 8,       /* a command that only reads: a workspace this
				   process cannot write is opened read-only */
};

/* The path to use: opt (from -w) if set, else $WA_WORKSPACE, else ./wa.db. */
const char *wa_ws_default_path(const char *opt);

/* Open (and with WA_WS_CREATE create, mode 0600) the workspace and bring
 * its schema up to date.  Without WA_WS_CREATE a missing file is 66; a
 * missing directory is 73, naming it; a file this process cannot read is
 * 77, and one it cannot write is 77 too, unless WA_WS_READER. */
int wa_ws_open(const char *path, int flags, wa_ws **out, wa_err *err);
void wa_ws_close(wa_ws *ws);

sqlite3 *wa_ws_db(wa_ws *ws);
const char *wa_ws_path(const wa_ws *ws);
/* The schema version this binary knows (the highest migration). */
int wa_ws_schema_latest(void);
int wa_ws_schema_version(wa_ws *ws);

/* A buffer the workspace owns, for building values to bind: valid until
 * the next call, emptied by each call. */
wa_buf *wa_ws_scratch(wa_ws *ws);
/* A prepared statement for sql, cached for the life of ws and reset;
 * sql must be a string literal (the cache is keyed by its address). */
sqlite3_stmt *wa_ws_stmt(wa_ws *ws, const char *sql, wa_err *err);
/* Run sql (no results wanted). */
int wa_ws_exec(wa_ws *ws, const char *sql, wa_err *err);
/* Turn an SQLite result code into err: busy and locked are 75, disk
 * full and I/O errors 74, read-only 77, corruption 65, others 70. */
int wa_ws_fail(wa_ws *ws, int rc, const char *what, wa_err *err);
/* Bind st's parameters from the first on, one letter of fmt each: s
 * text (NULL binds NULL), i int, I int64 (long long), d double, b a blob
 * (a pointer and a size_t), n NULL (no argument).  The values are bound
 * as they are, not copied: they must live until st is stepped. */
void wa_ws_bind(sqlite3_stmt *st, const char *fmt, ...);
/* Step a statement that returns no rows and reset it. */
int wa_ws_step_done(wa_ws *ws, sqlite3_stmt *st, const char *what, wa_err *err);

/* Transactions.  begin takes the write lock at once (BEGIN IMMEDIATE),
 * waiting up to the busy timeout for other writers. */
int wa_ws_begin(wa_ws *ws, wa_err *err);
int wa_ws_commit(wa_ws *ws, wa_err *err);
void wa_ws_rollback(wa_ws *ws);
int wa_ws_in_transaction(wa_ws *ws);
int wa_ws_savepoint(wa_ws *ws, wa_err *err);
int wa_ws_release(wa_ws *ws, wa_err *err);
void wa_ws_rollback_savepoint(wa_ws *ws);

/* ---- ws_status.c, ws_backup.c ---- */

/* The workspace at a glance: {workspace, schema_version, schema_latest,
 * counts {clients, runs, events, artifacts}, last_runs (the last runs
 * runs, newest first)}; a new object. */
json_t *wa_ws_status_new(wa_ws *ws, int runs);

/* A consistent copy of the workspace at target, taken while other
 * processes may go on writing, put in place whole or not at all (a
 * temporary file beside it, fsync, rename).  0, or -1 with err. */
int wa_ws_backup(wa_ws *ws, const char *target, wa_err *err);

#endif
