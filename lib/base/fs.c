/* fsutil.c - whole-file reads and atomic writes: see fsutil.h. */
#include "base/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int wa_fs_write_atomic(const char *path, const void *data, size_t len,
	mode_t mode, wa_err *err)
{
	char *tmp, *dircopy;
	int fd, dfd;
	size_t n;

	if (strcmp(path, "-") == 0) {
		if (write_all(STDOUT_FILENO, data, len))
			return wa_err_set(err, WA_EX_IOERR, "stdout: %s", strerror(errno));
		return 0;
	}
	n = strlen(path) + 16;
	tmp = malloc(n);
	if (!tmp)
		return wa_err_set(err, WA_EX_SOFTWARE, "out of memory");
	snprintf(tmp, n, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		return wa_err_set(err, wa_err_from_errno(e, 1), "%s: %s", path, strerror(e));
	}
	if (fchmod(fd, mode) || write_all(fd, data, len) || fsync(fd)) {
		int e = errno;
		close(fd);
		unlink(tmp);
		free(tmp);
		return wa_err_set(err, wa_err_from_errno(e, 1), "%s: %s", path, strerror(e));
	}
	if (close(fd) || rename(tmp, path)) {
		int e = errno;
		unlink(tmp);
		free(tmp);
		return wa_err_set(err, wa_err_from_errno(e, 1), "%s: %s", path, strerror(e));
	}
	free(tmp);
	/* make the rename itself durable */
	dircopy = strdup(path);
	if (dircopy) {
		dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(dircopy);
	}
	return 0;
}

int wa_fs_read(const char *path, wa_buf *out, size_t max, wa_err *err)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
	const char *name = fd == STDIN_FILENO ? "stdin" : path;
	size_t start = out->len;

	if (fd < 0)
		return wa_err_set(err, wa_err_from_errno(errno, 0), "%s: %s", path, strerror(errno));
	for (;;) {
		wa_buf_grow(out, 65536);
		ssize_t n = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			if (fd != STDIN_FILENO)
				close(fd);
			return wa_err_set(err, e == EISDIR ? WA_EX_NOINPUT : WA_EX_IOERR,
				"%s: %s", name, strerror(e));
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
		if (max && out->len - start > max) {
			if (fd != STDIN_FILENO)
				close(fd);
			return wa_err_set(err, WA_EX_DATAERR, "%s: larger than %zu bytes", name, max);
		}
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return 0;
}
