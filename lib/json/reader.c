/* reader.c - reading dossier streams: see reader.h. */
#include "json/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json/json.h"

#define CHUNK 65536

struct wa_reader {
	int fd;
	char *name;
	char in[CHUNK];
	size_t pos, len;
	int eof;
	long line;              /* of the next unread byte, 1-based */
	long line_start;        /* index in `in` where that line began, or -1 */
	long col_base;          /* its characters in earlier buffers */
	long vline, vcol;       /* where the current value began */
	int64_t got;            /* bytes read from fd so far */
	wa_buf val;
	int skip_line;          /* the last value was bad: drop the rest of its line */
};

wa_reader *wa_reader_open(const char *path, wa_err *err)
{
	wa_reader *r;
	int fd = STDIN_FILENO;

	if (path && strcmp(path, "-") != 0) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			wa_err_set(err, wa_err_from_errno(errno, 0), "%s: %s", path, strerror(errno));
			return NULL;
		}
	}
	/* zeroed: a field left out here (skip_line was) is no longer
	 * whatever the allocator last had there */
	r = wa_mem_calloc(1, sizeof *r);
	r->fd = fd;
	r->name = wa_mem_strdup(fd == STDIN_FILENO ? "stdin" : path);
	r->line = 1;
	r->vline = r->vcol = 1;
	wa_buf_init(&r->val);
	return r;
}

void wa_reader_close(wa_reader *r)
{
	if (!r)
		return;
	if (r->fd != STDIN_FILENO)
		close(r->fd);
	wa_buf_free(&r->val);
	free(r->name);
	free(r);
}

long wa_reader_line(const wa_reader *r) { return r->vline; }

int64_t wa_reader_offset(const wa_reader *r)
{
	return r->got - (int64_t)(r->len - r->pos);
}

int64_t wa_reader_size(const wa_reader *r)
{
	struct stat st;

	return fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode) ? (int64_t)st.st_size : 0;
}

/* Characters (not bytes) in p[0..n): UTF-8 continuation bytes do not count. */
static long chars(const char *p, size_t n)
{
	long count = 0;

	for (size_t i = 0; i < n; i++)
		count += ((unsigned char)p[i] & 0xC0) != 0x80;
	return count;
}

/* The column (1-based, in characters) of the next unread byte.  Worked
 * out only when a value starts, not for every byte read. */
static long column(const wa_reader *r)
{
	if (r->line_start >= 0)
		return 1 + chars(r->in + r->line_start, r->pos - (size_t)r->line_start);
	return 1 + r->col_base + chars(r->in, r->pos);
}

/* Refill the input buffer; -1 on a read error, 0 at end of input. */
static int fill(wa_reader *r, wa_err *err)
{
	ssize_t n;

	if (r->eof)
		return 0;
	/* the current line goes on in the next buffer: keep its length */
	if (r->line_start >= 0)
		r->col_base = chars(r->in + r->line_start, r->len - (size_t)r->line_start);
	else
		r->col_base += chars(r->in, r->len);
	r->line_start = -1;
	do
		n = read(r->fd, r->in, sizeof r->in);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		if (errno == EISDIR)
			return wa_err_set(err, WA_EX_NOINPUT, "%s: is a directory", r->name);
		return wa_err_set(err, WA_EX_IOERR, "%s: %s", r->name, strerror(errno));
	}
	r->pos = 0;
	r->len = (size_t)n;
	r->got += n;
	if (n == 0)
		r->eof = 1;
	return n > 0;
}

static void advance(wa_reader *r, size_t at, size_t n);

int wa_reader_would_block(wa_reader *r)
{
	struct pollfd p = { .fd = r->fd, .events = POLLIN };

	/* the rest of a bad value's line, as far as it is here, goes */
	while (r->skip_line && r->pos < r->len) {
		char c = r->in[r->pos];
		advance(r, r->pos, 1);
		r->pos++;
		if (c == '\n')
			r->skip_line = 0;
	}
	/* white space left after a value does not count as input */
	while (r->pos < r->len) {
		char c = r->in[r->pos];
		if (c != ' ' && c != '\n' && c != '\t' && c != '\r')
			return 0;
		advance(r, r->pos, 1);
		r->pos++;
	}
	if (r->eof)
		return 0;
	return poll(&p, 1, 0) == 0;
}

/* Count the lines in n bytes of the buffer from index at. */
static void advance(wa_reader *r, size_t at, size_t n)
{
	const char *p = r->in + at, *end = p + n, *nl;

	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		r->line++;
		p = nl + 1;
		r->line_start = p - r->in;
	}
}

/* Where in the input byte off of the current value is. */
static void locate(const wa_reader *r, size_t off, long *line, long *col)
{
	const char *v = r->val.data;

	*line = r->vline;
	*col = r->vcol;
	for (size_t i = 0; i < off && i < r->val.len; i++) {
		if (v[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)v[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

/* Skip white space to the next value: 1 there, 0 at end of input, -1
 * on error. */
static int skip_space(wa_reader *r, wa_err *err)
{
	for (;;) {
		if (r->pos == r->len) {
			int rc = fill(r, err);
			if (rc <= 0)
				return rc;
		}
		char c = r->in[r->pos];
		if (c != ' ' && c != '\n' && c != '\t' && c != '\r')
			return 1;
		advance(r, r->pos, 1);
		r->pos++;
	}
}

/* After a bad value the rest of its line goes with it (a line is
 * NDJSON's record), so that a line of garbage is one error, not one a
 * token, and the records after it keep their numbers.  1, 0 at end of
 * input, -1 on error. */
static int skip_line(wa_reader *r, wa_err *err)
{
	for (;;) {
		if (r->pos == r->len) {
			int rc = fill(r, err);
			if (rc <= 0)
				return rc;
		}
		const char *nl = memchr(r->in + r->pos, '\n', r->len - r->pos);
		size_t n = nl ? (size_t)(nl - (r->in + r->pos)) + 1 : r->len - r->pos;
		advance(r, r->pos, n);
		r->pos += n;
		if (nl)
			return 1;
	}
}

enum { SCAN_NEST, SCAN_STRING, SCAN_SCALAR };

/* Collect the bytes of one JSON value into r->val.  Brackets are
 * matched outside strings; a raw newline inside a string ends the value
 * (JSON forbids it, and it keeps one bad NDJSON line from swallowing the
 * next).  Returns 1 with a value, 0 at end of input, -1 on error. */
static int scan_value(wa_reader *r, int *too_big, wa_err *err)
{
	int mode, depth = 0, in_str = 0, esc = 0, started = 0;

	wa_buf_reset(&r->val);
	*too_big = 0;
	int rc = skip_space(r, err);
	if (rc <= 0)
		return rc;
	r->vline = r->line;
	r->vcol = column(r);
	char first = r->in[r->pos];
	mode = first == '{' || first == '[' ? SCAN_NEST :
		first == '"' ? SCAN_STRING : SCAN_SCALAR;
	for (;;) {
		if (r->pos == r->len) {
			rc = fill(r, err);
			if (rc < 0)
				return rc;
			if (rc == 0)
				return 1;       /* truncated: the parser says how */
		}
		size_t start = r->pos, i = r->pos;
		int done = 0;
		for (; i < r->len && !done; i++) {
			char c = r->in[i];
			if (in_str) {
				if (esc)
					esc = 0;
				else if (c == '\\')
					esc = 1;
				else if (c == '"') {
					in_str = 0;
					if (mode == SCAN_STRING)
						done = 1;
				} else if (c == '\n') {
					done = 1;
					i--;    /* leave the newline */
				}
				continue;
			}
			switch (mode) {
			case SCAN_NEST:
				if (c == '"')
					in_str = 1;
				else if (c == '{' || c == '[')
					depth++;
				else if ((c == '}' || c == ']') && --depth == 0)
					done = 1;
				break;
			case SCAN_STRING:
				if (!started)
					in_str = 1;
				break;
			default:
				if (started && (c == ' ' || c == '\n' || c == '\t' ||
				    c == '\r' || c == '{' || c == '[' || c == '"' ||
				    c == '}' || c == ']' || c == ',' || c == ':')) {
					done = 1;
					i--;
				}
				break;
			}
			started = 1;
		}
		size_t n = i - start;
		if (r->val.len + n > WA_RECORD_MAX)
			*too_big = 1;
		if (!*too_big)
			wa_buf_add(&r->val, r->in + start, n);
		advance(r, start, n);
		r->pos = i;
		if (done)
			return 1;
	}
}

int wa_reader_next(wa_reader *r, json_t **out, wa_err *err)
{
	wa_json_error je;
	int too_big, rc;
	long line, col;

	*out = NULL;
	if (r->skip_line) {
		r->skip_line = 0;
		if ((rc = skip_line(r, err)) <= 0)
			return rc;
	}
	rc = scan_value(r, &too_big, err);
	if (rc <= 0)
		return rc;
	r->skip_line = 1;       /* unless the value turns out good */
	if (too_big)
		return wa_err_set(err, WA_EX_DATAERR,
			"%s line %ld: value larger than %zu MiB",
			r->name, r->vline, WA_RECORD_MAX >> 20);
	*out = wa_json_parse_new(r->val.data, r->val.len, &je);
	if (*out) {
		r->skip_line = 0;
		return 1;
	}
	locate(r, je.offset, &line, &col);
	return wa_err_set(err, WA_EX_DATAERR, "%s line %ld, column %ld: invalid JSON: %s",
		r->name, line, col, je.message);
}
