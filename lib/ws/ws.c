/* ws.c - opening the workspace, migrations, statements, transactions:
 * see ws.h. */
#include "ws/ws.h"

#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/embedded.h"
#include "ws/vfs.h"

#define STMT_CACHE 64

struct wa_ws {
	sqlite3 *db;
	char *path;
	wa_buf scratch;
	int nstmt;
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} stmt[STMT_CACHE];
};

const char *wa_ws_default_path(const char *opt)
{
	const char *env = getenv("WA_WORKSPACE");

	if (opt && *opt)
		return opt;
	if (env && *env)
		return env;
	return "wa.db";
}

sqlite3 *wa_ws_db(wa_ws *ws) { return ws->db; }

wa_buf *wa_ws_scratch(wa_ws *ws)
{
	wa_buf_reset(&ws->scratch);
	return &ws->scratch;
}
const char *wa_ws_path(const wa_ws *ws) { return ws->path; }

int wa_ws_fail(wa_ws *ws, int rc, const char *what, wa_err *err)
{
	int code;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		code = WA_EX_TEMPFAIL;
		break;
	case SQLITE_FULL:
	case SQLITE_IOERR:
		code = WA_EX_IOERR;
		break;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		code = WA_EX_NOPERM;
		break;
	case SQLITE_CANTOPEN:
		code = WA_EX_CANTCREAT;
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		code = WA_EX_DATAERR;
		break;
	default:
		code = WA_EX_SOFTWARE;
	}
	return wa_err_set(err, code, "workspace %s: %s: %s", ws->path, what,
		ws->db ? sqlite3_errmsg(ws->db) : sqlite3_errstr(rc));
}

sqlite3_stmt *wa_ws_stmt(wa_ws *ws, const char *sql, wa_err *err)
{
	sqlite3_stmt *st;
	int rc;

	for (int i = 0; i < ws->nstmt; i++) {
		if (ws->stmt[i].sql == sql) {
			sqlite3_reset(ws->stmt[i].st);
			sqlite3_clear_bindings(ws->stmt[i].st);
			return ws->stmt[i].st;
		}
	}
	if (ws->nstmt == STMT_CACHE) {
		wa_err_set(err, WA_EX_SOFTWARE, "statement cache full");
		return NULL;
	}
	rc = sqlite3_prepare_v3(ws->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		wa_ws_fail(ws, rc, "preparing a statement", err);
		return NULL;
	}
	ws->stmt[ws->nstmt].sql = sql;
	ws->stmt[ws->nstmt].st = st;
	ws->nstmt++;
	return st;
}

int wa_ws_exec(wa_ws *ws, const char *sql, wa_err *err)
{
	int rc = sqlite3_exec(ws->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : wa_ws_fail(ws, rc, "running SQL", err);
}

void wa_ws_bind(sqlite3_stmt *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (int i = 1; fmt[i - 1]; i++) {
		switch (fmt[i - 1]) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (s)
				sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, i);
			break;
		}
		case 'i': sqlite3_bind_int(st, i, va_arg(ap, int)); break;
		case 'I': sqlite3_bind_int64(st, i, va_arg(ap, long long)); break;
		case 'd': sqlite3_bind_double(st, i, va_arg(ap, double)); break;
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);
			sqlite3_bind_blob64(st, i, p ? p : "", n, SQLITE_STATIC);
			break;
		}
		default: sqlite3_bind_null(st, i); break;
		}
	}
	va_end(ap);
}

int wa_ws_step_done(wa_ws *ws, sqlite3_stmt *st, const char *what, wa_err *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	return wa_ws_fail(ws, rc, what, err);
}

static int pragma_int(wa_ws *ws, const char *sql, int *out, wa_err *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(ws->db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : wa_ws_fail(ws, rc, "reading the header", err);
}

/* The embedded migrations in order: names "migrations/NNNN-*.sql". */
static int migration_number(const char *name)
{
	if (strncmp(name, "migrations/", 11) != 0)
		return 0;
	return atoi(name + 11);
}

int wa_ws_schema_latest(void)
{
	int latest = 0;

	for (const wa_embedded_file *f = wa_embedded_files; f->name; f++)
		if (migration_number(f->name) > latest)
			latest = migration_number(f->name);
	return latest;
}

int wa_ws_schema_version(wa_ws *ws)
{
	int v = -1;

	pragma_int(ws, "PRAGMA user_version", &v, NULL);
	return v;
}

static int migrate(wa_ws *ws, int latest, wa_err *err)
{
	char sql[64];
	int version;

	if (wa_ws_begin(ws, err))
		return -1;
	/* another process may have migrated while we waited for the lock */
	if (pragma_int(ws, "PRAGMA user_version", &version, err))
		goto fail;
	for (int n = version + 1; n <= latest; n++) {
		const wa_embedded_file *f;
		for (f = wa_embedded_files; f->name; f++)
			if (migration_number(f->name) == n)
				break;
		if (!f->name) {
			wa_err_set(err, WA_EX_SOFTWARE, "migration %d is missing", n);
			goto fail;
		}
		int rc = sqlite3_exec(ws->db, f->data, NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			wa_ws_fail(ws, rc, f->name, err);
			goto fail;
		}
	}
	snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d",
		WA_WS_APPLICATION_ID, latest);
	if (wa_ws_exec(ws, sql, err) || wa_ws_commit(ws, err))
		goto fail;
	return 0;
fail:
	wa_ws_rollback(ws);
	return -1;
}

/* SQLite's own allocator, and large blocks it freed, kept for reuse */
static sqlite3_mem_methods sqlite_mem;
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static void *kept[4];
#define KEPT_MIN (256 << 10)

static void *kept_malloc(int n)
{
	void *p = NULL;

	if (n >= KEPT_MIN) {
		int want = sqlite_mem.xRoundup(n);
		pthread_mutex_lock(&kept_lock);
		for (size_t i = 0; i < sizeof kept / sizeof *kept && !p; i++)
			if (kept[i] && sqlite_mem.xSize(kept[i]) >= want)
				p = kept[i], kept[i] = NULL;
		pthread_mutex_unlock(&kept_lock);
	}
	return p ? p : sqlite_mem.xMalloc(n);
}

static void kept_free(void *p)
{
	if (p && sqlite_mem.xSize(p) >= KEPT_MIN) {
		pthread_mutex_lock(&kept_lock);
		for (size_t i = 0; i < sizeof kept / sizeof *kept && p; i++)
			if (!kept[i])
				kept[i] = p, p = NULL;
		pthread_mutex_unlock(&kept_lock);
	}
	if (p)                  /* SQLite's xFree takes no NULL */
		sqlite_mem.xFree(p);
}

/* Once per process, before SQLite initialises (each call fails
 * harmlessly if something initialised it already). */
static pthread_once_t configured = PTHREAD_ONCE_INIT;

static void configure_sqlite(void)
{
	sqlite3_mem_methods mem;

	/* no global allocation statistics: they take a mutex on every malloc */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* A record's savepoint journal holds a copy of every page the
	 * record touches.  Kept in memory up to this size, it is one chunk;
	 * with temp_store=MEMORY SQLite grows it in 1 KiB pieces instead, a
	 * malloc and a free per quarter page (15% of the writer's time).
	 * A journal that outgrows the chunk is copied to a temporary file a
	 * chunk a write, more than SQLite's unix VFS takes in one call: the
	 * workspace's VFS (vfs.c) hands writes down in pieces. */
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 1 << 20);
	/* That chunk is allocated when a record first changes a page and
	 * freed when its savepoint is released.  An allocator may give a
	 * block that large back to the kernel and map it again each time
	 * (AddressSanitizer's always does: three system calls a record, most
	 * of a sanitised run); a few such blocks are kept here instead. */
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_mem) == SQLITE_OK) {
		mem = sqlite_mem;
		mem.xMalloc = kept_malloc;
		mem.xFree = kept_free;
		sqlite3_config(SQLITE_CONFIG_MALLOC, &mem);
	}
}

static int busy_timeout_ms(void)
{
	const char *v = getenv("WA_BUSY_TIMEOUT_MS");

	return v ? atoi(v) : 30000;
}

/* A new workspace, made here so that it is private from the start:
 * SQLite gives its -wal and -shm the file's mode. */
static int create_file(const char *path, wa_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	char *dir;

	if (fd >= 0)
		return close(fd), 0;
	if (errno == EEXIST)    /* made by another command meanwhile */
		return 0;
	if (errno != ENOENT)
		return wa_err_set(err, wa_err_from_errno(errno, 1), "workspace %s: cannot "
			"create it: %s", path, strerror(errno));
	dir = wa_mem_strdup(path);
	wa_err_set(err, WA_EX_CANTCREAT, "workspace %s: cannot create it: directory %s "
		"does not exist", path, dirname(dir));
	free(dir);
	return -1;
}

/* May this process write path, its directory or the -wal and -shm
 * beside it (what a connection that writes needs)? */
static int writable(const char *path)
{
	char *dir = wa_mem_strdup(path), side[PATH_MAX];
	int ok = access(path, W_OK) == 0 && access(dirname(dir), W_OK) == 0;

	free(dir);
	if (!ok && access(path, W_OK) == 0) {
		snprintf(side, sizeof side, "%s-wal", path);
		ok = access(side, W_OK) == 0;
		snprintf(side, sizeof side, "%s-shm", path);
		ok = ok && access(side, W_OK) == 0;
	}
	return ok;
}

/* The file at path: a regular file this process may read, or missing
 * when it may be made.  *readonly comes back set when the file cannot be
 * written and flags allow reading only (WA_WS_READER). */
static int check_file(const char *path, int flags, int *readonly, wa_err *err)
{
	struct stat sb;

	*readonly = 0;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT && (flags & WA_WS_CREATE))
			return create_file(path, err);
		return wa_err_set(err, wa_err_from_errno(errno, 0),
			"workspace %s: %s%s", path, strerror(errno),
			errno == ENOENT ? " (wa init creates one)" : "");
	}
	if (!S_ISREG(sb.st_mode))
		return wa_err_set(err, WA_EX_NOINPUT, "workspace %s: not a regular file", path);
	if (access(path, R_OK) != 0)
		return wa_err_set(err, wa_err_from_errno(errno, 0), "workspace %s: cannot read it: %s",
			path, strerror(errno));
	if (!writable(path)) {
		if (!(flags & WA_WS_READER))
			return wa_err_set(err, WA_EX_NOPERM, "workspace %s: cannot write it "
				"(permission denied or a read-only file system); commands that "
				"only read it still work", path);
		*readonly = 1;
	}
	return 0;
}

/* The header, read before anything is written: a wa workspace (or a new
 * file), of a schema this wa knows; its version in *version. */
static int check_header(wa_ws *ws, int *version, wa_err *err)
{
	int appid, latest = wa_ws_schema_latest();

	if (pragma_int(ws, "PRAGMA application_id", &appid, err) ||
	    pragma_int(ws, "PRAGMA user_version", version, err))
		return -1;
	if (appid != 0 && appid != WA_WS_APPLICATION_ID)
		return wa_err_set(err, WA_EX_DATAERR, "workspace %s: not a wa workspace "
			"(application_id %d)", ws->path, appid);
	if (*version > latest)
		return wa_err_set(err, WA_EX_CONFIG, "workspace %s: schema version %d is newer "
			"than this wa knows (%d): upgrade wa", ws->path, *version, latest);
	return 0;
}

/* Write-ahead logging on.  Turning a new file to WAL takes an exclusive
 * lock: when another command opening the same new file (the rest of a
 * pipeline) holds a lock, SQLite answers at once, without its busy
 * handler, "busy" or the old mode.  Try again until the busy timeout. */
static int wal_on(wa_ws *ws, wa_err *err)
{
	int rc;

	for (int waited = 0;; waited += 10) {
		sqlite3_stmt *st;
		rc = sqlite3_prepare_v2(ws->db, "PRAGMA journal_mode=WAL", -1, &st, NULL);
		if (rc == SQLITE_OK) {
			rc = sqlite3_step(st);
			if (rc == SQLITE_ROW) {
				const char *mode = (const char *)sqlite3_column_text(st, 0);
				rc = mode && !strcmp(mode, "wal") ? SQLITE_OK : SQLITE_BUSY;
			}
			sqlite3_finalize(st);
		}
		if ((rc & 0xFF) != SQLITE_BUSY && (rc & 0xFF) != SQLITE_LOCKED)
			break;
		if (waited >= busy_timeout_ms())
			break;
		sqlite3_sleep(10);
	}
	return rc == SQLITE_OK ? 0 : wa_ws_fail(ws, rc, "turning on write-ahead logging", err);
}

/* A workspace this process may only read: opened read-only, and where
 * no -shm can be made beside it (a read-only directory or mount, where
 * nothing can write it either), as an immutable file. */
static int open_readonly(wa_ws *ws, wa_err *err)
{
	int rc, version;

	rc = sqlite3_open_v2(ws->path, &ws->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
		wa_vfs_name());
	if (rc == SQLITE_OK && pragma_int(ws, "PRAGMA user_version", &version, NULL)) {
		char *uri = sqlite3_mprintf("file:%s?immutable=1", ws->path);
		sqlite3_close(ws->db);
		rc = uri ? sqlite3_open_v2(uri, &ws->db, SQLITE_OPEN_READONLY |
			SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, wa_vfs_name()) : SQLITE_NOMEM;
		sqlite3_free(uri);
	}
	if (rc != SQLITE_OK)
		return wa_ws_fail(ws, rc, "cannot open it to read", err);
	sqlite3_extended_result_codes(ws->db, 1);
	sqlite3_busy_timeout(ws->db, busy_timeout_ms());
	if (check_header(ws, &version, err))
		return -1;
	if (version < wa_ws_schema_latest())
		return wa_err_set(err, WA_EX_NOPERM, "workspace %s: schema version %d, older "
			"than this wa's (%d), and it cannot be written here to bring it up "
			"to date", ws->path, version, wa_ws_schema_latest());
	return 0;
}

/* A workspace this process may write: made when missing, in WAL mode,
 * its schema brought up to date. */
static int open_readwrite(wa_ws *ws, int flags, wa_err *err)
{
	int rc, version;

	/* one thread uses a connection at a time: no per-call mutex */
	rc = sqlite3_open_v2(ws->path, &ws->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
		(flags & WA_WS_CREATE ? SQLITE_OPEN_CREATE : 0), wa_vfs_name());
	if (rc != SQLITE_OK)
		return wa_ws_fail(ws, rc, "cannot open", err);
	sqlite3_extended_result_codes(ws->db, 1);
	sqlite3_busy_timeout(ws->db, busy_timeout_ms());
	/* A new file gets 16 KiB pages: a group commit then writes a quarter
	 * as many WAL frames (each its header and its page, two writes), and
	 * a dossier's sections overflow a page less often.  On a file that
	 * has pages already this does nothing. */
	if (check_header(ws, &version, err) || wa_ws_exec(ws, "PRAGMA page_size=16384", err) ||
	    wal_on(ws, err) ||
	    wa_ws_exec(ws, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
	    "PRAGMA cache_size=-32768", err) ||
	    (version < wa_ws_schema_latest() && migrate(ws, wa_ws_schema_latest(), err)))
		return -1;
	/* a commit that a crash of the process cannot undo, but a power cut
	 * can: a cache's, or a served turn's without --fsync */
	if ((flags & (WA_WS_RELAXED | WA_WS_CACHE)) &&
	    wa_ws_exec(ws, "PRAGMA synchronous=NORMAL", err))
		return -1;
	if ((flags & WA_WS_CACHE) && wa_ws_exec(ws, "PRAGMA cache_size=-4096", err))
		return -1;
	return 0;
}

int wa_ws_open(const char *path, int flags, wa_ws **out, wa_err *err)
{
	wa_ws *ws;
	int readonly;

	*out = NULL;
	if (check_file(path, flags, &readonly, err))
		return -1;
	ws = calloc(1, sizeof *ws);
	if (!ws)
		return wa_err_set(err, WA_EX_SOFTWARE, "out of memory");
	ws->path = wa_mem_strdup(path);
	wa_buf_init(&ws->scratch);
	pthread_once(&configured, configure_sqlite);
	if (readonly ? open_readonly(ws, err) : open_readwrite(ws, flags, err)) {
		wa_ws_close(ws);
		return -1;
	}
	*out = ws;
	return 0;
}

void wa_ws_close(wa_ws *ws)
{
	if (!ws)
		return;
	for (int i = 0; i < ws->nstmt; i++)
		sqlite3_finalize(ws->stmt[i].st);
	sqlite3_close(ws->db);
	wa_buf_free(&ws->scratch);
	free(ws->path);
	free(ws);
}

int wa_ws_in_transaction(wa_ws *ws)
{
	return !sqlite3_get_autocommit(ws->db);
}

int wa_ws_begin(wa_ws *ws, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "BEGIN IMMEDIATE", err);

	return st ? wa_ws_step_done(ws, st, "beginning a transaction", err) : -1;
}

/* For the tests: WA_FAULT_COMMIT=N makes this process's Nth commit fail
 * as a full disk would, its transaction left open for the caller to roll
 * back (the one way to fail a commit on purpose, and always the same). */
static int fault_commit(void)
{
	static _Atomic long n;
	const char *v = getenv("WA_FAULT_COMMIT");

	return v && ++n == atol(v);
}

int wa_ws_commit(wa_ws *ws, wa_err *err)
{
	sqlite3_stmt *st;

	if (fault_commit())
		return wa_err_set(err, WA_EX_IOERR, "workspace %s: committing: a fault made on "
			"purpose (WA_FAULT_COMMIT)", ws->path);
	st = wa_ws_stmt(ws, "COMMIT", err);
	return st ? wa_ws_step_done(ws, st, "committing", err) : -1;
}

void wa_ws_rollback(wa_ws *ws)
{
	if (wa_ws_in_transaction(ws))
		sqlite3_exec(ws->db, "ROLLBACK", NULL, NULL, NULL);
}

int wa_ws_savepoint(wa_ws *ws, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SAVEPOINT record", err);

	return st ? wa_ws_step_done(ws, st, "starting a savepoint", err) : -1;
}

int wa_ws_release(wa_ws *ws, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "RELEASE record", err);

	return st ? wa_ws_step_done(ws, st, "releasing a savepoint", err) : -1;
}

void wa_ws_rollback_savepoint(wa_ws *ws)
{
	sqlite3_exec(ws->db, "ROLLBACK TO record; RELEASE record", NULL, NULL, NULL);
}
