/* robots.c - RFC 9309 robots.txt: groups chosen by product token,
 * longest match wins, Allow wins a tie, "*" and "$" in patterns,
 * percent-encoding normalised on both sides before comparing. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "web/robots.h"

/* section 2.5: a parser must read at least 500 kibibytes */
#define ROBOTS_MAX (512 * 1024)

typedef struct rule {
	char *pattern;          /* normalised */
	size_t len;             /* its octets: the specificity */
	int allow;
} rule;

typedef struct ruleset {
	rule *rules;
	size_t n, cap;
	double delay;           /* -1 when none */
} ruleset;

struct wa_robots {
	ruleset rules;          /* of the chosen groups */
	int deny_all;           /* robots.txt unreachable */
	char **sitemaps;
	size_t nsitemaps;
};

static void ruleset_add(ruleset *rs, const char *pattern, size_t len, int allow)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 8;
		rs->rules = wa_mem_realloc(rs->rules, rs->cap * sizeof *rs->rules);
	}
	rs->rules[rs->n].pattern = wa_mem_strndup(pattern, len);
	rs->rules[rs->n].len = len;
	rs->rules[rs->n].allow = allow;
	rs->n++;
}

static void ruleset_free(ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		free(rs->rules[i].pattern);
	free(rs->rules);
	memset(rs, 0, sizeof *rs);
	rs->delay = -1;
}

/* Move src's rules to the end of dst (groups for one agent merge). */
static void ruleset_take(ruleset *dst, ruleset *src)
{
	for (size_t i = 0; i < src->n; i++) {
		ruleset_add(dst, src->rules[i].pattern, src->rules[i].len, src->rules[i].allow);
	}
	if (src->delay >= 0)
		dst->delay = src->delay;
	ruleset_free(src);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int unreserved(int c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* Section 2.2.2: octets outside US-ASCII are percent-encoded, escapes of
 * unreserved characters are decoded, the other escapes kept (upper case
 * hex), so "/%62ar" and "/bar" compare equal and "/%2F" and "/" do not. */
static void normalise(wa_buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int hi, lo;

		if (c == '%' && i + 2 < len && (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			int v = hi * 16 + lo;
			if (unreserved(v)) {
				wa_buf_addc(out, (char)v);
			} else {
				wa_buf_addc(out, '%');
				wa_buf_addc(out, hex[hi]);
				wa_buf_addc(out, hex[lo]);
			}
			i += 2;
		} else if (c >= 0x80 || c <= 0x20 || c == 0x7f) {
			wa_buf_addc(out, '%');
			wa_buf_addc(out, hex[c >> 4]);
			wa_buf_addc(out, hex[c & 15]);
		} else {
			wa_buf_addc(out, (char)c);
		}
	}
}

/* Glob match of a whole pattern against path: "*" matches any run of
 * octets, a final "$" anchors the end, and without "$" the pattern only
 * has to match a prefix.  Backtracks to the last star only: linear in
 * practice, quadratic at worst, never exponential. */
static int matches(const char *p, size_t plen, const char *s)
{
	int anchored = plen > 0 && p[plen - 1] == '$';
	size_t pi = 0, star = (size_t)-1, mark = 0, si = 0;
	size_t slen = strlen(s);

	if (anchored)
		plen--;
	while (si < slen || pi < plen) {
		if (pi < plen && p[pi] == '*') {
			star = pi++;
			mark = si;
			continue;
		}
		if (pi == plen && !anchored)
			return 1;
		if (pi < plen && si < slen && p[pi] == s[si]) {
			pi++;
			si++;
			continue;
		}
		if (star != (size_t)-1 && mark < slen) {
			pi = star + 1;
			si = ++mark;
			continue;
		}
		return 0;
	}
	return 1;
}

static const char *trim(const char *s, const char *end, const char **out_end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*out_end = end;
	return s;
}

/* The product token of a user-agent value: up to "/" or white space. */
static int agent_matches(const char *v, const char *vend, const char *product)
{
	const char *e = v;

	while (e < vend && *e != '/' && *e != ' ' && *e != '\t')
		e++;
	return (size_t)(e - v) == strlen(product) && strncasecmp(v, product, e - v) == 0;
}

static int key_is(const char *k, const char *kend, const char *name)
{
	return (size_t)(kend - k) == strlen(name) && strncasecmp(k, name, kend - k) == 0;
}

/* A robots.txt being read: the rules for this crawler's product and for
 * "*" so far, and the group being read. */
typedef struct reading {
	wa_robots *r;
	const char *product;
	ruleset mine, star, group;
	int found_mine, found_star;
	int in_agents;          /* the last line was a user-agent */
	int group_mine, group_star, have_group;
	wa_buf norm;
} reading;

/* the group read so far goes to this product's rules, or "*"'s, or
 * nowhere */
static void file_group(reading *g)
{
	if (g->have_group && g->group_mine)
		ruleset_take(&g->mine, &g->group);
	else if (g->have_group && g->group_star)
		ruleset_take(&g->star, &g->group);
	else
		ruleset_free(&g->group);
}

static void user_agent(reading *g, const char *v, const char *vend)
{
	if (!g->in_agents) {    /* a new group: file the previous one */
		file_group(g);
		g->group_mine = g->group_star = 0;
		g->have_group = 1;
	}
	g->in_agents = 1;
	if (vend - v == 1 && *v == '*')
		g->group_star = g->found_star = 1;
	else if (agent_matches(v, vend, g->product))
		g->group_mine = g->found_mine = 1;
}

static void crawl_delay(reading *g, const char *v, const char *vend)
{
	char num[32], *numend;
	size_t n = (size_t)(vend - v) < sizeof num - 1 ? (size_t)(vend - v) : sizeof num - 1;

	memcpy(num, v, n);
	num[n] = '\0';
	double d = strtod(num, &numend);
	if (g->have_group && numend != num && *numend == '\0' && d >= 0 && d < 1e6)
		g->group.delay = d;
}

/* one line's field: key [k, kend), value [v, vend) */
static void field(reading *g, const char *k, const char *kend, const char *v, const char *vend)
{
	if (key_is(k, kend, "user-agent")) {
		user_agent(g, v, vend);
		return;
	}
	if (key_is(k, kend, "sitemap")) {
		/* not in any group; does not end a run of user-agents */
		if (v < vend) {
			g->r->sitemaps = wa_mem_realloc(g->r->sitemaps, (g->r->nsitemaps + 1) *
				sizeof *g->r->sitemaps);
			g->r->sitemaps[g->r->nsitemaps++] = wa_mem_strndup(v, vend - v);
		}
		return;
	}
	g->in_agents = 0;
	if (key_is(k, kend, "allow") || key_is(k, kend, "disallow")) {
		/* rules before any user-agent line belong to no group; an
		 * empty value matches nothing */
		if (g->have_group && v < vend) {
			wa_buf_reset(&g->norm);
			normalise(&g->norm, v, vend - v);
			ruleset_add(&g->group, g->norm.data, g->norm.len, key_is(k, kend, "allow"));
		}
	} else if (key_is(k, kend, "crawl-delay")) {
		crawl_delay(g, v, vend);
	}
}

wa_robots *wa_robots_parse_new(const char *text, size_t len, const char *product)
{
	reading g = { .product = product, .mine = { .delay = -1 }, .star = { .delay = -1 },
		.group = { .delay = -1 } };
	const char *p = text, *end = text + (len > ROBOTS_MAX ? ROBOTS_MAX : len);

	g.r = wa_mem_calloc(1, sizeof *g.r);
	g.r->rules.delay = -1;
	wa_buf_init(&g.norm);
	/* a UTF-8 byte order mark may start the file */
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		const char *eol = p, *k, *kend, *v, *vend;
		while (eol < end && *eol != '\n' && *eol != '\r')
			eol++;
		const char *line_end = eol, *hash = memchr(p, '#', line_end - p);
		if (hash)
			line_end = hash;
		const char *colon = memchr(p, ':', line_end - p);
		if (colon) {
			k = trim(p, colon, &kend);
			v = trim(colon + 1, line_end, &vend);
			field(&g, k, kend, v, vend);
		}
		p = eol;
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
	}
	file_group(&g);
	if (g.found_mine) {
		g.r->rules = g.mine;
		ruleset_free(&g.star);
	} else {
		ruleset_free(&g.mine);
		if (g.found_star)
			g.r->rules = g.star;
		else
			ruleset_free(&g.star);
	}
	wa_buf_free(&g.norm);
	return g.r;
}

wa_robots *wa_robots_for_status_new(int status, const char *body, size_t len,
	const char *product)
{
	if (status >= 200 && status < 300)
		return wa_robots_parse_new(body ? body : "", body ? len : 0, product);
	wa_robots *r = wa_robots_parse_new("", 0, product);
	/* 4xx: "unavailable", crawl freely; 5xx and no answer: "unreachable" */
	if (!(status >= 400 && status < 500))
		r->deny_all = 1;
	return r;
}

void wa_robots_free(wa_robots *r)
{
	if (!r)
		return;
	ruleset_free(&r->rules);
	for (size_t i = 0; i < r->nsitemaps; i++)
		free(r->sitemaps[i]);
	free(r->sitemaps);
	free(r);
}

int wa_robots_allowed(const wa_robots *r, const char *path)
{
	size_t best = 0;
	int verdict = 1, any = 0;
	wa_buf norm;

	if (strcmp(path, "/robots.txt") == 0)
		return 1;
	if (r->deny_all)
		return 0;
	wa_buf_init(&norm);
	normalise(&norm, path, strlen(path));
	wa_buf_addc(&norm, '\0');
	for (size_t i = 0; i < r->rules.n; i++) {
		const rule *ru = &r->rules.rules[i];
		if (!matches(ru->pattern, ru->len, norm.data))
			continue;
		if (!any || ru->len > best || (ru->len == best && ru->allow && !verdict)) {
			best = ru->len;
			verdict = ru->allow;
			any = 1;
		}
	}
	wa_buf_free(&norm);
	return verdict;
}

double wa_robots_crawl_delay(const wa_robots *r)
{
	return r->rules.delay;
}

int wa_robots_disallows_all(const wa_robots *r)
{
	int root_denied = 0;

	if (r->deny_all)
		return 1;
	for (size_t i = 0; i < r->rules.n; i++) {
		if (r->rules.rules[i].allow)
			return 0;
		const char *p = r->rules.rules[i].pattern;
		if (strcmp(p, "/") == 0 || strcmp(p, "*") == 0 || strcmp(p, "/*") == 0)
			root_denied = 1;
	}
	return root_denied;
}

const char *wa_robots_sitemap(const wa_robots *r, size_t n)
{
	return n < r->nsitemaps ? r->sitemaps[n] : NULL;
}
