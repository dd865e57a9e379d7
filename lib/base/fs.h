/* fsutil.h - whole-file reads and atomic writes (temp file in the same
 * directory, fsync, rename, fsync of the directory). */
#ifndef WA_FSUTIL_H
#define WA_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

#include "base/buf.h"
#include "base/err.h"

/* Write data to path atomically with the given mode: readers see the old
 * file or the new one, never a part.  "-" writes to stdout. */
int wa_fs_write_atomic(const char *path, const void *data, size_t len,
	mode_t mode, wa_err *err);
/* Append the whole file (or stdin for "-") to out.  At most max bytes
 * (0: no limit); a larger file is an error (65). */
int wa_fs_read(const char *path, wa_buf *out, size_t max, wa_err *err);

#endif
