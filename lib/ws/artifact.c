/* artifact.c - artifacts in the sqlar table: see artifact.h. */
#include "ws/artifact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/clock.h"

int wa_artifact_name_valid(const char *name)
{
	const char *p = name;

	if (!*name || *name == '/' || strlen(name) > 1024)
		return 0;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n + (slash != NULL);
		if (slash && !*p)
			return 0;
	}
	for (p = name; *p; p++)
		if ((unsigned char)*p < 0x20)
			return 0;
	return 1;
}

/* at the default level */
static void pack(const void *data, size_t len, unsigned char **z, size_t *zlen)
{
	wa_artifact_pack_level(data, len, Z_DEFAULT_COMPRESSION, z, zlen);
}

void wa_artifact_pack_level(const void *data, size_t len, int level, unsigned char **z,
	size_t *zlen)
{
	uLongf n = compressBound(len);

	*z = wa_mem_alloc(n ? n : 1);
	if (compress2(*z, &n, data, len, level) != Z_OK || n >= len) {
		free(*z);
		*z = NULL;              /* stored as it is */
		*zlen = len;
		return;
	}
	*zlen = n;
}

int wa_artifact_unpack(const void *data, size_t dlen, size_t size, wa_buf *out)
{
	if (size < dlen)
		return -1;
	wa_buf_grow(out, size);
	if (size == dlen) {
		wa_buf_add(out, data, dlen);
		return 0;
	}
	uLongf n = (uLongf)size;
	if (uncompress((unsigned char *)out->data + out->len, &n, data, dlen) != Z_OK ||
	    n != (uLongf)size)
		return -1;
	out->len += n;
	out->data[out->len] = '\0';
	return 0;
}

int wa_artifact_put(wa_ws *ws, const char *name, const void *data, size_t len,
	mode_t mode, wa_err *err)
{
	sqlite3_stmt *st;
	unsigned char *z;
	size_t zlen;
	int rc;

	if (!wa_artifact_name_valid(name))
		return wa_err_set(err, WA_EX_DATAERR, "artifact name \"%s\" is not a relative path", name);
	st = wa_ws_stmt(ws, "INSERT OR REPLACE INTO sqlar (name, mode, mtime, sz, data) "
		"VALUES (?, ?, ?, ?, ?)", err);
	if (!st)
		return -1;
	/* formats compressed inside (PDF streams, PNG, gzip, zip) are stored
	 * as they are: zlib would spend time to gain little */
	static const char *const packed[] = { "%PDF-", "\x89PNG", "\x1f\x8b", "PK\x03\x04", NULL };
	int raw = 0;
	for (int i = 0; packed[i]; i++)
		if (len >= strlen(packed[i]) && memcmp(data, packed[i], strlen(packed[i])) == 0)
			raw = 1;
	if (raw) {
		z = NULL;
		zlen = len;
	} else {
		pack(data, len, &z, &zlen);
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)(0100000 | (mode & 07777)));
	sqlite3_bind_int64(st, 3, wa_clock_now_ms() / 1000);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)len);
	if (z)
		sqlite3_bind_blob64(st, 5, z, zlen, SQLITE_STATIC);
	else
		sqlite3_bind_blob64(st, 5, len ? data : "", len, SQLITE_STATIC);
	rc = wa_ws_step_done(ws, st, "storing an artifact", err);
	sqlite3_clear_bindings(st);
	free(z);
	return rc;
}

int wa_artifact_get(wa_ws *ws, const char *name, wa_buf *out, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT sz, data FROM sqlar WHERE name = ?", err);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return wa_err_set(err, WA_EX_NOINPUT, "no artifact %s in %s", name, wa_ws_path(ws));
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return wa_ws_fail(ws, rc, "reading an artifact", err);
	}
	sqlite3_int64 sz = sqlite3_column_int64(st, 0);
	const void *data = sqlite3_column_blob(st, 1);
	size_t dlen = (size_t)sqlite3_column_bytes(st, 1);
	if (sz < 0 || (size_t)sz < dlen) {
		sqlite3_reset(st);
		return wa_err_set(err, WA_EX_DATAERR, "artifact %s: corrupt size", name);
	}
	if (wa_artifact_unpack(data, dlen, (size_t)sz, out)) {
		sqlite3_reset(st);
		return wa_err_set(err, WA_EX_DATAERR, "artifact %s: corrupt data", name);
	}
	sqlite3_reset(st);
	return 0;
}

json_t *wa_artifact_list(wa_ws *ws, const char *prefix, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT name, mode, mtime, sz, length(data) "
		"FROM sqlar WHERE ?1 IS NULL OR substr(name, 1, length(?1)) = ?1 "
		"ORDER BY name", err);
	json_t *list;
	int rc;

	if (!st)
		return NULL;
	list = json_array();
	sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char mtime[WA_TIME_MAX], mode[8];
		wa_clock_format(sqlite3_column_int64(st, 2) * 1000, mtime);
		snprintf(mode, sizeof mode, "%04o", sqlite3_column_int(st, 1) & 07777);
		json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:I,s:I}",
			"name", (const char *)sqlite3_column_text(st, 0),
			"mode", mode, "mtime", mtime,
			"size", (json_int_t)sqlite3_column_int64(st, 3),
			"stored", (json_int_t)sqlite3_column_int64(st, 4)));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(list);
		wa_ws_fail(ws, rc, "listing artifacts", err);
		return NULL;
	}
	return list;
}
