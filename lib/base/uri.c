/* uri.c - RFC 3986 reference resolution and syntax: see uri.h. */
#include "base/uri.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

typedef struct parts {
	const char *scheme, *auth, *path, *query, *frag;
	size_t scheme_n, auth_n, path_n, query_n, frag_n;
	int has_scheme, has_auth, has_query, has_frag;
} parts;

static void split(const char *s, parts *p)
{
	const char *c = s;

	memset(p, 0, sizeof *p);
	/* scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
	if (isalpha((unsigned char)*c)) {
		const char *e = c;
		while (isalnum((unsigned char)*e) || *e == '+' || *e == '-' || *e == '.')
			e++;
		if (*e == ':') {
			p->has_scheme = 1;
			p->scheme = c;
			p->scheme_n = (size_t)(e - c);
			c = e + 1;
		}
	}
	if (c[0] == '/' && c[1] == '/') {
		p->has_auth = 1;
		p->auth = c + 2;
		p->auth_n = strcspn(p->auth, "/?#");
		c = p->auth + p->auth_n;
	}
	p->path = c;
	p->path_n = strcspn(c, "?#");
	c += p->path_n;
	if (*c == '?') {
		p->has_query = 1;
		p->query = c + 1;
		p->query_n = strcspn(p->query, "#");
		c = p->query + p->query_n;
	}
	if (*c == '#') {
		p->has_frag = 1;
		p->frag = c + 1;
		p->frag_n = strlen(p->frag);
	}
}

/* RFC 3986 section 5.2.4 */
static void remove_dots(wa_buf *out, const char *in, size_t n)
{
	char *s = wa_mem_alloc(n + 1);
	char *a = s;

	memcpy(s, in, n);
	s[n] = '\0';
	while (*a) {
		if (strncmp(a, "../", 3) == 0) {
			a += 3;
		} else if (strncmp(a, "./", 2) == 0) {
			a += 2;
		} else if (strncmp(a, "/./", 3) == 0) {
			a += 2;
		} else if (strcmp(a, "/.") == 0) {
			a[1] = '\0';
		} else if (strncmp(a, "/../", 4) == 0 || strcmp(a, "/..") == 0) {
			if (a[3] == '\0')
				a[2] = '/', a += 2;
			else
				a += 3;
			while (out->len && out->data[out->len - 1] != '/')
				out->len--;
			if (out->len)
				out->len--;
			out->data[out->len] = '\0';
		} else if (strcmp(a, ".") == 0 || strcmp(a, "..") == 0) {
			break;
		} else {
			size_t seg = strcspn(a + 1, "/") + 1;
			wa_buf_add(out, a, seg);
			a += seg;
		}
	}
	free(s);
}

/* the merged path of a relative reference's path with the base's, its
 * dots removed, into path (section 5.2.3) */
static void merge(wa_buf *path, const parts *b, const parts *r)
{
	wa_buf merged;

	wa_buf_init(&merged);
	if (b->has_auth && b->path_n == 0) {
		wa_buf_addc(&merged, '/');
	} else {
		const char *slash = NULL;
		for (size_t i = 0; i < b->path_n; i++)
			if (b->path[i] == '/')
				slash = b->path + i;
		if (slash)
			wa_buf_add(&merged, b->path, (size_t)(slash - b->path) + 1);
	}
	wa_buf_add(&merged, r->path, r->path_n);
	remove_dots(path, merged.data, merged.len);
	wa_buf_free(&merged);
}

/* The target's path into path, and whose query it has (NULL: none), by
 * section 5.2.2. */
static const parts *target_path(wa_buf *path, const parts *b, const parts *r)
{
	if (r->has_scheme || r->has_auth || (r->path_n && r->path[0] == '/'))
		remove_dots(path, r->path, r->path_n);
	else if (r->path_n)
		merge(path, b, r);
	else {
		wa_buf_add(path, b->path, b->path_n);
		return r->has_query ? r : b->has_query ? b : NULL;
	}
	return r->has_query ? r : NULL;
}

char *wa_uri_resolve_new(const char *base, const char *ref)
{
	parts b, r;
	wa_buf out, path;

	split(base ? base : "", &b);
	split(ref, &r);
	wa_buf_init(&out);
	wa_buf_init(&path);
	/* the scheme, and the authority, of the reference or else the base */
	const parts *scheme = r.has_scheme ? &r : &b;
	const parts *auth = r.has_scheme || r.has_auth ? &r : &b;
	if (scheme->has_scheme) {
		wa_buf_add(&out, scheme->scheme, scheme->scheme_n);
		wa_buf_addc(&out, ':');
	}
	if (auth->has_auth) {
		wa_buf_adds(&out, "//");
		wa_buf_add(&out, auth->auth, auth->auth_n);
	}
	const parts *query = target_path(&path, &b, &r);
	wa_buf_add(&out, path.data, path.len);
	if (query) {
		wa_buf_addc(&out, '?');
		wa_buf_add(&out, query->query, query->query_n);
	}
	if (r.has_frag) {
		wa_buf_addc(&out, '#');
		wa_buf_add(&out, r.frag, r.frag_n);
	}
	wa_buf_free(&path);
	if (!out.cap)
		return wa_mem_strdup("");
	return wa_buf_detach(&out, NULL);
}

int wa_uri_valid(const char *s)
{
	parts p;
	int hashes = 0;

	split(s, &p);
	if (!p.has_scheme || p.scheme_n == 0)
		return 0;
	for (const char *c = s + p.scheme_n + 1; *c; c++) {
		unsigned char ch = (unsigned char)*c;
		if (ch == '%') {
			if (!isxdigit((unsigned char)c[1]) || !isxdigit((unsigned char)c[2]))
				return 0;
			c += 2;
		} else if (ch == '#') {
			if (++hashes > 1)
				return 0;
		} else if (!(isalnum(ch) || strchr("-._~!$&'()*+,;=:@/?[]", ch))) {
			return 0;
		}
	}
	return 1;
}
