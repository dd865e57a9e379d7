/* pdffile.c - reading a PDF file: its classic cross-reference table and
 * /Prev chain, and one object at a time: see pdffile.h.  The parser works
 * on the file's bytes with bounds checked at every step and a depth
 * limit, since a PDF to be signed or verified comes from anywhere. */
#include "doc/pdffile.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "doc/pdfobj.h"

#define MAX_DEPTH 64

typedef struct lexer {
	const wa_pdffile *p;
	size_t pos;
	long object;            /* for messages */
	wa_err *err;
} lexer;

static int space(unsigned char c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int delimiter(unsigned char c)
{
	return space(c) || strchr("()<>[]{}/%", c);
}

static void skip(lexer *x)
{
	const char *d = x->p->data;

	while (x->pos < x->p->len) {
		if (space((unsigned char)d[x->pos])) {
			x->pos++;
		} else if (d[x->pos] == '%') {
			while (x->pos < x->p->len && d[x->pos] != '\n' && d[x->pos] != '\r')
				x->pos++;
		} else {
			break;
		}
	}
}

static void *bad(lexer *x, const char *what)
{
	if (x->object >= 0)
		wa_err_set(x->err, WA_EX_DATAERR, "%s: object %ld, byte %zu: %s", x->p->name,
			x->object, x->pos, what);
	else
		wa_err_set(x->err, WA_EX_DATAERR, "%s: byte %zu: %s", x->p->name, x->pos, what);
	return NULL;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* a token of regular characters at x->pos */
static size_t word(lexer *x)
{
	size_t n = 0;

	while (x->pos + n < x->p->len && !delimiter((unsigned char)x->p->data[x->pos + n]))
		n++;
	return n;
}

static wa_pdfobj *literal(lexer *x)
{
	const char *d = x->p->data;
	wa_buf b;
	int depth = 1;
	size_t at = x->pos++;

	wa_buf_init(&b);
	while (x->pos < x->p->len) {
		char c = d[x->pos++];
		if (c == '(') {
			depth++;
		} else if (c == ')' && --depth == 0) {
			wa_pdfobj *o = wa_pdfobj_str_new(b.data ? b.data : "", b.len);
			o->at = at;
			o->end = x->pos;
			wa_buf_free(&b);
			return o;
		} else if (c == '\\' && x->pos < x->p->len) {
			c = d[x->pos++];
			const char *from = "nrtbf", *to = "\n\r\t\b\f";
			if (strchr(from, c) && c) {
				c = to[strchr(from, c) - from];
			} else if (c >= '0' && c <= '7') {
				int v = c - '0';
				for (int k = 0; k < 2 && x->pos < x->p->len && d[x->pos] >= '0' &&
				    d[x->pos] <= '7'; k++)
					v = v * 8 + d[x->pos++] - '0';
				c = (char)v;
			} else if (c == '\r' || c == '\n') {
				if (c == '\r' && x->pos < x->p->len && d[x->pos] == '\n')
					x->pos++;
				continue;
			}
		}
		wa_buf_addc(&b, c);
	}
	wa_buf_free(&b);
	return bad(x, "a string that never ends");
}

static wa_pdfobj *hexstring(lexer *x)
{
	const char *d = x->p->data;
	wa_buf b;
	int hi = -1;
	size_t at = x->pos++;

	wa_buf_init(&b);
	while (x->pos < x->p->len && d[x->pos] != '>') {
		int v = hexval((unsigned char)d[x->pos]);
		if (v < 0 && !space((unsigned char)d[x->pos])) {
			wa_buf_free(&b);
			return bad(x, "a hex string with a character that is no hex digit");
		}
		x->pos++;
		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			wa_buf_addc(&b, (char)(hi << 4 | v));
			hi = -1;
		}
	}
	if (x->pos >= x->p->len) {
		wa_buf_free(&b);
		return bad(x, "a hex string that never ends");
	}
	x->pos++;
	if (hi >= 0)
		wa_buf_addc(&b, (char)(hi << 4));
	wa_pdfobj *o = wa_pdfobj_str_new(b.data ? b.data : "", b.len);
	o->hex = 1;
	o->at = at;
	o->end = x->pos;
	wa_buf_free(&b);
	return o;
}

static wa_pdfobj *name(lexer *x)
{
	const char *d = x->p->data;
	wa_buf b;

	x->pos++;
	wa_buf_init(&b);
	size_t n = word(x);
	for (size_t i = 0; i < n; i++) {
		int h, l;
		if (d[x->pos + i] == '#' && i + 2 < n &&
		    (h = hexval((unsigned char)d[x->pos + i + 1])) >= 0 &&
		    (l = hexval((unsigned char)d[x->pos + i + 2])) >= 0) {
			wa_buf_addc(&b, (char)(h << 4 | l));
			i += 2;
		} else {
			wa_buf_addc(&b, d[x->pos + i]);
		}
	}
	x->pos += n;
	wa_buf_addc(&b, '\0');
	wa_pdfobj *o = wa_pdfobj_new(WA_PDF_NAME);
	o->s = wa_buf_detach(&b, &o->len);
	o->len = strlen(o->s);
	return o;
}

static int is_integer(const char *s, size_t n)
{
	size_t i = s[0] == '+' || s[0] == '-';

	if (i == n)
		return 0;
	for (; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* The integer of the n bytes at s (is_integer holds), read within them:
 * the file's last word has no byte after it to stop strtol (found by
 * fuzzing).  Past 18 digits, LONG_MAX (or LONG_MIN). */
static long integer_of(const char *s, size_t n)
{
	size_t i = s[0] == '+' || s[0] == '-';
	long v = 0;

	if (n - i > 18)
		return s[0] == '-' ? LONG_MIN : LONG_MAX;
	for (; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return s[0] == '-' ? -v : v;
}

static wa_pdfobj *value(lexer *x, int depth);

static wa_pdfobj *container(lexer *x, int depth, int dict)
{
	wa_pdfobj *o = wa_pdfobj_new(dict ? WA_PDF_DICT : WA_PDF_ARRAY);
	const char *close = dict ? ">>" : "]";

	x->pos += dict ? 2 : 1;
	for (;;) {
		skip(x);
		if (x->pos >= x->p->len) {
			wa_pdfobj_free(o);
			return bad(x, dict ? "a dictionary that never ends" : "an array that never ends");
		}
		if (strncmp(x->p->data + x->pos, close, strlen(close)) == 0 &&
		    x->pos + strlen(close) <= x->p->len) {
			x->pos += strlen(close);
			break;
		}
		if (dict && o->n % 2 == 0 && x->p->data[x->pos] != '/') {
			wa_pdfobj_free(o);
			return bad(x, "a dictionary key that is no name");
		}
		wa_pdfobj *v = value(x, depth + 1);
		if (!v) {
			wa_pdfobj_free(o);
			return NULL;
		}
		wa_pdfobj_array_add(o, v);   /* a dict's keys and values alike */
	}
	if (dict && o->n % 2) {
		wa_pdfobj_free(o);
		return bad(x, "a dictionary key without a value");
	}
	return o;
}

static wa_pdfobj *value(lexer *x, int depth)
{
	const char *d = x->p->data;

	if (depth > MAX_DEPTH)
		return bad(x, "objects nested too deeply");
	skip(x);
	if (x->pos >= x->p->len)
		return bad(x, "the file ends inside an object");
	char c = d[x->pos];
	if (c == '/')
		return name(x);
	if (c == '(')
		return literal(x);
	if (c == '<')
		return x->pos + 1 < x->p->len && d[x->pos + 1] == '<' ? container(x, depth, 1) :
			hexstring(x);
	if (c == '[')
		return container(x, depth, 0);
	size_t n = word(x);
	if (!n)
		return bad(x, "an unexpected character");
	const char *w = d + x->pos;
	if ((n == 4 && !memcmp(w, "true", 4)) || (n == 5 && !memcmp(w, "false", 5))) {
		wa_pdfobj *o = wa_pdfobj_new(WA_PDF_BOOL);
		o->num = n == 4;
		x->pos += n;
		return o;
	}
	if (n == 4 && !memcmp(w, "null", 4)) {
		x->pos += n;
		return wa_pdfobj_new(WA_PDF_NULL);
	}
	if (!strchr("+-.0123456789", c))
		return bad(x, "an unexpected keyword");
	wa_pdfobj *o = wa_pdfobj_new(WA_PDF_NUM);
	o->s = wa_mem_strndup(w, n);
	o->len = n;
	x->pos += n;
	if (is_integer(w, n)) {
		/* "12 0 R" is a reference */
		size_t save = x->pos;
		skip(x);
		size_t g = word(x);
		if (g && is_integer(d + x->pos, g)) {
			long gen = integer_of(d + x->pos, g);
			x->pos += g;
			skip(x);
			if (x->pos < x->p->len && d[x->pos] == 'R' && word(x) == 1) {
				x->pos++;
				o->type = WA_PDF_REF;
				o->num = strtol(o->s, NULL, 10);
				o->gen = gen;
				free(o->s);
				o->s = NULL;
				o->len = 0;
				return o;
			}
		}
		x->pos = save;
	}
	return o;
}

/* "keyword" at x->pos after white space */
static int keyword(lexer *x, const char *k)
{
	size_t n = strlen(k);

	skip(x);
	if (x->pos + n > x->p->len || memcmp(x->p->data + x->pos, k, n))
		return 0;
	if (x->pos + n < x->p->len && !delimiter((unsigned char)x->p->data[x->pos + n]))
		return 0;
	x->pos += n;
	return 1;
}

static int number(lexer *x, long *out)
{
	skip(x);
	size_t n = word(x);
	if (!n || !is_integer(x->p->data + x->pos, n) || n > 18)
		return -1;
	*out = integer_of(x->p->data + x->pos, n);
	x->pos += n;
	return 0;
}

#define MAX_OBJECTS 10000000L

/* one xref section at x->pos, newest first: an entry already set stays */
static int xref_section(wa_pdffile *p, lexer *x, wa_err *err)
{
	if (!keyword(x, "xref")) {
		long a, b;
		size_t save = x->pos;
		if (number(x, &a) == 0 && number(x, &b) == 0 && keyword(x, "obj"))
			return wa_err_set(err, WA_EX_DATAERR, "%s: a cross-reference stream "
				"(PDF 1.5 compression), which wa cannot update yet", p->name);
		x->pos = save;
		return bad(x, "no cross-reference table where startxref points"), -1;
	}
	for (;;) {
		long first, count;
		size_t save = x->pos;
		if (keyword(x, "trailer"))
			break;
		x->pos = save;
		if (number(x, &first) || number(x, &count) || first < 0 || count < 0 ||
		    first + count > MAX_OBJECTS)
			return bad(x, "a damaged cross-reference table"), -1;
		if (first + count > p->size) {
			long old = p->size;
			p->size = first + count;
			p->offset = wa_mem_realloc(p->offset, (size_t)p->size * sizeof *p->offset);
			p->gen = wa_mem_realloc(p->gen, (size_t)p->size * sizeof *p->gen);
			for (long i = old; i < p->size; i++)
				p->offset[i] = 0, p->gen[i] = -1;
		}
		for (long i = 0; i < count; i++) {
			long off, gen;
			if (number(x, &off) || number(x, &gen))
				return bad(x, "a damaged cross-reference entry"), -1;
			skip(x);
			if (x->pos >= p->len || (p->data[x->pos] != 'n' && p->data[x->pos] != 'f'))
				return bad(x, "a cross-reference entry that is neither n nor f"), -1;
			int used = p->data[x->pos++] == 'n';
			if (p->gen[first + i] != -1)
				continue;       /* a newer section set it */
			p->gen[first + i] = gen;
			p->offset[first + i] = used && off > 0 && (size_t)off < p->len ? (size_t)off : 0;
		}
	}
	return 0;
}

int wa_pdffile_open(wa_pdffile *p, const char *name, const char *data, size_t len, wa_err *err)
{
	lexer x = { p, 0, -1, err };

	memset(p, 0, sizeof *p);
	p->name = name;
	p->data = data;
	p->len = len;
	if (len < 8 || memcmp(data, "%PDF-", 5))
		return wa_err_set(err, WA_EX_DATAERR, "%s: not a PDF (no %%PDF- header)", name);
	size_t tail = len > 1024 ? len - 1024 : 0;
	const char *sx = NULL;
	for (const char *s = data + tail; (s = memmem(s, len - (size_t)(s - data), "startxref", 9)); s++)
		sx = s;
	if (!sx)
		return wa_err_set(err, WA_EX_DATAERR, "%s: no startxref near the end: the file is "
			"cut short or not a PDF", name);
	x.pos = (size_t)(sx - data) + 9;
	long off;
	if (number(&x, &off) || off <= 0 || (size_t)off >= len)
		return wa_err_set(err, WA_EX_DATAERR, "%s: startxref points outside the file", name);
	p->startxref = (size_t)off;
	/* the table, then each older one its trailer's /Prev names */
	size_t at = p->startxref;
	for (int hops = 0; hops < 1000; hops++) {
		x.pos = at;
		if (xref_section(p, &x, err)) {
			wa_pdffile_close(p);
			return -1;
		}
		wa_pdfobj *trailer = value(&x, 0);
		if (!trailer || trailer->type != WA_PDF_DICT) {
			if (trailer)
				bad(&x, "a trailer that is no dictionary");
			wa_pdfobj_free(trailer);
			wa_pdffile_close(p);
			return -1;
		}
		long prev = wa_pdfobj_int(wa_pdfobj_dict_get(trailer, "Prev"), -1);
		if (!p->trailer)
			p->trailer = trailer;
		else
			wa_pdfobj_free(trailer);
		if (prev < 0)
			break;
		if (prev == 0 || (size_t)prev >= len || (size_t)prev == at) {
			wa_pdffile_close(p);
			return wa_err_set(err, WA_EX_DATAERR, "%s: a trailer /Prev outside the file",
				name);
		}
		at = (size_t)prev;
	}
	long size = wa_pdfobj_int(wa_pdfobj_dict_get(p->trailer, "Size"), -1);
	if (size < 1 || !wa_pdfobj_dict_get(p->trailer, "Root")) {
		wa_pdffile_close(p);
		return wa_err_set(err, WA_EX_DATAERR, "%s: a trailer without /Size or /Root", name);
	}
	if (size > p->size) {
		/* objects the tables do not list are free */
		p->offset = wa_mem_realloc(p->offset, (size_t)size * sizeof *p->offset);
		p->gen = wa_mem_realloc(p->gen, (size_t)size * sizeof *p->gen);
		for (long i = p->size; i < size; i++)
			p->offset[i] = 0, p->gen[i] = -1;
	}
	p->size = size;
	return 0;
}

void wa_pdffile_close(wa_pdffile *p)
{
	free(p->offset);
	free(p->gen);
	wa_pdfobj_free(p->trailer);
	p->offset = NULL;
	p->gen = NULL;
	p->trailer = NULL;
}

wa_pdfobj *wa_pdffile_object_new(wa_pdffile *p, long num, wa_err *err)
{
	lexer x = { p, 0, num, err };
	long n, g;

	if (num <= 0 || num >= p->size || !p->offset[num])
		return bad(&x, "a reference to an object the file does not have");
	x.pos = p->offset[num];
	if (number(&x, &n) || number(&x, &g) || n != num || !keyword(&x, "obj"))
		return bad(&x, "the cross-reference table points to no such object");
	wa_pdfobj *o = value(&x, 0);
	if (o && !keyword(&x, "endobj") && !keyword(&x, "stream")) {
		wa_pdfobj_free(o);
		return bad(&x, "an object without endobj");
	}
	return o;
}

wa_pdfobj *wa_pdffile_resolve_new(wa_pdffile *p, const wa_pdfobj *o, wa_err *err)
{
	if (o && o->type == WA_PDF_REF)
		return wa_pdffile_object_new(p, o->num, err);
	if (!o) {
		lexer x = { p, 0, -1, err };
		return bad(&x, "a required entry is missing");
	}
	return wa_pdfobj_dup(o);
}
