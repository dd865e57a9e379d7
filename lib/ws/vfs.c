/* vfs.c - the workspace's SQLite VFS: the default one, with reads and
 * writes handed down in pieces of at most 64 KiB; see vfs.h.
 *
 * Why: SQLite's unix VFS (3.40) masks the length of every read and
 * write to 17 bits, trusting that no caller asks for more than 128 KiB.
 * The statement journal breaks that trust.  Kept in memory in chunks of
 * its spill size (1 MiB here, ws.c), it is copied to a temporary file
 * a chunk a write when a record's journal outgrows the chunk, and a
 * 1 MiB write becomes a write of nothing, which SQLite reports as
 * "database or disk is full".  Any record whose change journals more
 * than 1 MiB of pages (re-saving a dossier over 1 MiB) hit it.
 */
#include "ws/vfs.h"

#include <pthread.h>
#include <string.h>

#define PIECE (64 << 10)

typedef struct {
	sqlite3_file base;
	sqlite3_file *real;     /* the root VFS's file, just after this */
} piece_file;

static sqlite3_vfs *root;
static sqlite3_vfs vfs;

static sqlite3_file *real(sqlite3_file *f)
{
	return ((piece_file *)f)->real;
}

static int p_close(sqlite3_file *f)
{
	return real(f)->pMethods->xClose(real(f));
}

static int p_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	int rc = SQLITE_OK;

	for (int at = 0; at < n && rc == SQLITE_OK; at += PIECE) {
		int len = n - at < PIECE ? n - at : PIECE;
		rc = real(f)->pMethods->xRead(real(f), (char *)buf + at, len, off + at);
	}
	return rc;
}

static int p_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	int rc = SQLITE_OK;

	for (int at = 0; at < n && rc == SQLITE_OK; at += PIECE) {
		int len = n - at < PIECE ? n - at : PIECE;
		rc = real(f)->pMethods->xWrite(real(f), (const char *)buf + at, len, off + at);
	}
	return rc;
}

static int p_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return real(f)->pMethods->xTruncate(real(f), size);
}

static int p_sync(sqlite3_file *f, int flags)
{
	return real(f)->pMethods->xSync(real(f), flags);
}

static int p_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return real(f)->pMethods->xFileSize(real(f), size);
}

static int p_lock(sqlite3_file *f, int lock)
{
	return real(f)->pMethods->xLock(real(f), lock);
}

static int p_unlock(sqlite3_file *f, int lock)
{
	return real(f)->pMethods->xUnlock(real(f), lock);
}

static int p_reserved(sqlite3_file *f, int *out)
{
	return real(f)->pMethods->xCheckReservedLock(real(f), out);
}

static int p_control(sqlite3_file *f, int op, void *arg)
{
	return real(f)->pMethods->xFileControl(real(f), op, arg);
}

static int p_sector(sqlite3_file *f)
{
	return real(f)->pMethods->xSectorSize(real(f));
}

static int p_device(sqlite3_file *f)
{
	return real(f)->pMethods->xDeviceCharacteristics(real(f));
}

static int p_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **out)
{
	return real(f)->pMethods->xShmMap(real(f), page, size, extend, out);
}

static int p_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}

static void p_shm_barrier(sqlite3_file *f)
{
	real(f)->pMethods->xShmBarrier(real(f));
}

static int p_shm_unmap(sqlite3_file *f, int delete)
{
	return real(f)->pMethods->xShmUnmap(real(f), delete);
}

static int p_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **out)
{
	return real(f)->pMethods->xFetch(real(f), off, n, out);
}

static int p_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return real(f)->pMethods->xUnfetch(real(f), off, p);
}

/* one table a version, as the root's file has it */
static sqlite3_io_methods by_version[4];
static const sqlite3_io_methods methods = {
	3, p_close, p_read, p_write, p_truncate, p_sync, p_size, p_lock, p_unlock,
	p_reserved, p_control, p_sector, p_device, p_shm_map, p_shm_lock,
	p_shm_barrier, p_shm_unmap, p_fetch, p_unfetch,
};

static int p_open(sqlite3_vfs *v, const char *name, sqlite3_file *f, int flags, int *out)
{
	piece_file *p = (piece_file *)f;
	int rc;

	(void)v;
	p->real = (sqlite3_file *)&p[1];
	rc = root->xOpen(root, name, p->real, flags, out);
	/* a file the root could not open has no methods: nothing to close */
	if (!p->real->pMethods)
		p->base.pMethods = NULL;
	else
		p->base.pMethods = &by_version[p->real->pMethods->iVersion < 3 ?
			(p->real->pMethods->iVersion < 1 ? 1 : p->real->pMethods->iVersion) : 3];
	return rc;
}

static int registered = SQLITE_ERROR;

static void register_vfs(void)
{
	root = sqlite3_vfs_find(NULL);
	/* the shim forwards the methods of version 3 (shared memory, fetch) */
	if (!root || root->iVersion < 3)
		return;
	for (int v = 1; v <= 3; v++) {
		by_version[v] = methods;
		by_version[v].iVersion = v;
	}
	vfs = *root;            /* every other method is the root's own */
	vfs.szOsFile = (int)sizeof(piece_file) + root->szOsFile;
	vfs.zName = WA_VFS_NAME;
	vfs.pNext = NULL;
	vfs.xOpen = p_open;
	registered = sqlite3_vfs_register(&vfs, 0);
}

const char *wa_vfs_name(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, register_vfs);
	return registered == SQLITE_OK ? WA_VFS_NAME : NULL;
}
