/* artifact.h - files engines produce (PDF, HTML, bundles), kept in the
 * workspace's sqlar table exactly as the SQLite Archive format says
 * (https://sqlite.org/sqlar.html): data is zlib-compressed when that is
 * smaller, and sz is the original size, so `sqlite3 wa.db -Ax` extracts
 * them with no wa binary at all.
 */
#ifndef WA_ARTIFACT_H
#define WA_ARTIFACT_H

#include <jansson.h>
#include <stddef.h>
#include <sys/types.h>

#include "base/buf.h"
#include "base/err.h"
#include "ws/ws.h"

/* Store (or replace) name.  mode is the file mode (e.g. 0644); mtime is
 * the current time (SOURCE_DATE_EPOCH when set).  Names are relative
 * paths without "..", like "bright-smile/nda.pdf". */
int wa_artifact_put(wa_ws *ws, const char *name, const void *data, size_t len,
	mode_t mode, wa_err *err);
/* Append the content of name to out; 66 when there is no such artifact,
 * 65 when it is corrupt. */
int wa_artifact_get(wa_ws *ws, const char *name, wa_buf *out, wa_err *err);
/* [{"name","mode","mtime","size","stored"}] ordered by name, optionally
 * only names starting with prefix (new reference). */
json_t *wa_artifact_list(wa_ws *ws, const char *prefix, wa_err *err);
/* 1 when name is acceptable as an artifact name. */
int wa_artifact_name_valid(const char *name);

/* Compression as the SQLite Archive format has it (zlib at level, 1
 * fastest .. 9 smallest, kept only when smaller): *z new (free it) and
 * *zlen, or *z NULL when data is to be stored as it is. */
void wa_artifact_pack_level(const void *data, size_t len, int level, unsigned char **z,
	size_t *zlen);
/* The size bytes that data (dlen bytes, compressed when dlen < size)
 * holds, appended to out: 0, or -1 when corrupt. */
int wa_artifact_unpack(const void *data, size_t dlen, size_t size, wa_buf *out);

#endif
