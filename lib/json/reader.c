/* stream.c - reading and writing dossier streams: see stream.h. */
#include "json/reader.h"

#include "json/json_parse.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	wa_buf val;
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
	r = wa_mem_alloc(sizeof *r);
	r->fd = fd;
	r->name = wa_mem_strdup(fd == STDIN_FILENO ? "stdin" : path);
	r->pos = r->len = 0;
	r->eof = 0;
	r->line = 1;
	r->line_start = 0;
	r->col_base = 0;
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

const char *wa_reader_name(const wa_reader *r) { return r->name; }
long wa_reader_line(const wa_reader *r) { return r->vline; }

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
	if (n == 0)
		r->eof = 1;
	return n > 0;
}

static void advance(wa_reader *r, size_t at, size_t n);

int wa_reader_would_block(wa_reader *r)
{
	struct pollfd p = { .fd = r->fd, .events = POLLIN };

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
	/* skip white space */
	for (;;) {
		if (r->pos == r->len) {
			int rc = fill(r, err);
			if (rc <= 0)
				return rc;
		}
		char c = r->in[r->pos];
		if (c != ' ' && c != '\n' && c != '\t' && c != '\r')
			break;
		advance(r, r->pos, 1);
		r->pos++;
	}
	r->vline = r->line;
	r->vcol = column(r);
	char first = r->in[r->pos];
	mode = first == '{' || first == '[' ? SCAN_NEST :
		first == '"' ? SCAN_STRING : SCAN_SCALAR;
	for (;;) {
		if (r->pos == r->len) {
			int rc = fill(r, err);
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
	rc = scan_value(r, &too_big, err);
	if (rc <= 0)
		return rc;
	if (too_big)
		return wa_err_set(err, WA_EX_DATAERR,
			"%s line %ld: value larger than %zu MiB",
			r->name, r->vline, WA_RECORD_MAX >> 20);
	*out = wa_json_parse_new(r->val.data, r->val.len, &je);
	if (*out)
		return 1;
	locate(r, je.offset, &line, &col);
	return wa_err_set(err, WA_EX_DATAERR, "%s line %ld, column %ld: invalid JSON: %s",
		r->name, line, col, je.message);
}

/* ---- writing ---- */

static void write_string(wa_buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;
	char *d;

	/* room for the common case: no escapes */
	wa_buf_grow(out, len + 2);
	d = out->data + out->len;
	*d++ = '"';
	for (;;) {
		size_t run = i;
		while (i < len && (unsigned char)s[i] >= 0x20 && s[i] != '"' && s[i] != '\\')
			i++;
		memcpy(d, s + run, i - run);
		d += i - run;
		if (i == len)
			break;
		/* an escape takes up to 6 bytes: make room for the rest */
		out->len = (size_t)(d - out->data);
		wa_buf_grow(out, 6 + (len - i) + 1);
		d = out->data + out->len;
		unsigned char c = (unsigned char)s[i++];
		*d++ = '\\';
		switch (c) {
		case '"': *d++ = '"'; break;
		case '\\': *d++ = '\\'; break;
		case '\n': *d++ = 'n'; break;
		case '\t': *d++ = 't'; break;
		case '\r': *d++ = 'r'; break;
		case '\b': *d++ = 'b'; break;
		case '\f': *d++ = 'f'; break;
		default:
			*d++ = 'u';
			*d++ = '0';
			*d++ = '0';
			*d++ = hex[c >> 4];
			*d++ = hex[c & 15];
		}
	}
	*d++ = '"';
	out->len = (size_t)(d - out->data);
	*d = '\0';
}

static void write_real(wa_buf *out, double d)
{
	char tmp[40];

	if (!isfinite(d)) {             /* jansson never makes these */
		wa_buf_adds(out, "null");
		return;
	}
	/* a decimal of at most 9 places, the fewest that read back exactly: an
	 * integer below 2^53 and a power of ten are exact doubles, so their
	 * quotient is rounded as strtod rounds the decimal */
	static const double pow10[10] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
	for (int k = 0; k < 10 && fabs(d) * pow10[k] < 9e15; k++) {
		long long i = llround(d * pow10[k]);
		if ((double)i / pow10[k] != d)
			continue;
		char *p = tmp + sizeof tmp;
		unsigned long long m = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
		int n = 0;
		*--p = '\0';
		if (!k) {
			*--p = '0';
			*--p = '.';
		}
		do {
			*--p = (char)('0' + m % 10);
			m /= 10;
			if (++n == k)
				*--p = '.';
		} while (m || n <= k);
		if (i < 0 || (i == 0 && signbit(d)))
			*--p = '-';
		wa_buf_adds(out, p);
		return;
	}
	/* else the shortest of %.15g .. %.17g that reads back exactly */
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	wa_buf_adds(out, tmp);
	if (!strpbrk(tmp, ".eEn"))
		wa_buf_adds(out, ".0");     /* stay a real when read back */
}

static void indent(wa_buf *out, int level)
{
	wa_buf_addc(out, '\n');
	for (int i = 0; i < level; i++)
		wa_buf_add(out, "  ", 2);
}

static void write_value(wa_buf *out, const json_t *v, int pretty, int level)
{
	const char *key;
	json_t *item;
	size_t i, n;
	int first = 1;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (json_object_size(v) == 0) {
			wa_buf_add(out, "{}", 2);
			break;
		}
		wa_buf_addc(out, '{');
		json_object_foreach((json_t *)v, key, item) {
			if (!first)
				wa_buf_addc(out, ',');
			first = 0;
			if (pretty)
				indent(out, level + 1);
			write_string(out, key, strlen(key));
			wa_buf_add(out, pretty ? ": " : ":", pretty ? 2 : 1);
			write_value(out, item, pretty, level + 1);
		}
		if (pretty)
			indent(out, level);
		wa_buf_addc(out, '}');
		break;
	case JSON_ARRAY:
		n = json_array_size(v);
		if (n == 0) {
			wa_buf_add(out, "[]", 2);
			break;
		}
		wa_buf_addc(out, '[');
		for (i = 0; i < n; i++) {
			if (i)
				wa_buf_addc(out, ',');
			if (pretty)
				indent(out, level + 1);
			write_value(out, json_array_get(v, i), pretty, level + 1);
		}
		if (pretty)
			indent(out, level);
		wa_buf_addc(out, ']');
		break;
	case JSON_STRING:
		write_string(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		wa_buf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		write_real(out, json_real_value(v));
		break;
	case JSON_TRUE:
		wa_buf_add(out, "true", 4);
		break;
	case JSON_FALSE:
		wa_buf_add(out, "false", 5);
		break;
	case JSON_NULL:
		wa_buf_add(out, "null", 4);
		break;
	}
}

void wa_json_write(wa_buf *out, const json_t *v, int style)
{
	write_value(out, v, style == WA_JSON_PRETTY, 0);
	wa_buf_addc(out, '\n');
}

void wa_json_append_string(wa_buf *out, const char *s, size_t len)
{
	write_string(out, s, len);
}

void wa_json_append(wa_buf *out, const json_t *v)
{
	write_value(out, v, 0, 0);
}

char *wa_json_compact_new(const json_t *v)
{
	wa_buf b;

	wa_buf_init(&b);
	write_value(&b, v, 0, 0);
	if (!b.cap)
		return wa_mem_strdup(b.data);
	return wa_buf_detach(&b, NULL);
}
