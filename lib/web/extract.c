/* extract.c - see extract.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "web/contacts.h"
#include "base/embedded.h"
#include "web/extract.h"
#include "web/html.h"
#include "web/maintext.h"
#include "web/structured.h"
#include "base/uri.h"

/* ---- signals: social hosts and technology fingerprints ---- */

typedef struct tech {
	const char *name, *category;
} tech;

static json_t *signals;
static tech *techs;
static size_t ntechs;
/* one pattern per kind of evidence, every technology's alternatives in
 * it, each marked with its technology's number: one scan a page */
static pcre2_code *by_script, *by_html, *by_generator;
static pthread_once_t signals_once = PTHREAD_ONCE_INIT;

static pcre2_code *compile_kind(json_t *list, const char *kind)
{
	wa_buf b;
	size_t i, k;
	json_t *t, *p;
	int code, any = 0;
	PCRE2_SIZE off;

	wa_buf_init(&b);
	json_array_foreach(list, i, t) {
		json_array_foreach(json_object_get(t, kind), k, p) {
			/* the mark after the pattern, so that PCRE2 can still
			 * look for the patterns' first characters quickly */
			wa_buf_addf(&b, "%s(?:%s)(*MARK:%zu)", any ? "|" : "",
				json_string_value(p), i);
			any = 1;
		}
	}
	pcre2_code *re = any ? pcre2_compile((PCRE2_SPTR)b.data, b.len, PCRE2_CASELESS |
		PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_NO_UTF_CHECK, &code, &off, NULL) : NULL;
	if (re)
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	wa_buf_free(&b);
	return re;
}

static void signals_init(void)
{
	const wa_embedded_file *f = wa_embedded_find("data/web-signals.json");
	json_t *list, *t;
	size_t i;

	signals = f ? json_loadb(f->data, f->len, 0, NULL) : json_object();
	list = json_object_get(signals, "technologies");
	techs = wa_mem_calloc(json_array_size(list) + 1, sizeof *techs);
	json_array_foreach(list, i, t) {
		tech *x = &techs[ntechs++];
		x->name = json_string_value(json_object_get(t, "name"));
		x->category = json_string_value(json_object_get(t, "category"));
	}
	by_script = compile_kind(list, "script");
	by_html = compile_kind(list, "html");
	by_generator = compile_kind(list, "generator");
}

/* set found[n] for each technology n whose pattern matches in s (len
 * bytes, not NUL-terminated; compiled to match invalid UTF-8 safely) */
static void scan(pcre2_code *re, const char *s, size_t len, char *found)
{
	if (!re || !s || !len)
		return;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	size_t at = 0;
	while (at < len && pcre2_match(re, (PCRE2_SPTR)s, len, at, PCRE2_NO_UTF_CHECK, md,
	    NULL) >= 0) {
		PCRE2_SPTR mark = pcre2_get_mark(md);
		if (mark) {
			size_t n = (size_t)atol((const char *)mark);
			if (n < ntechs)
				found[n] = 1;
		}
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		at = ov[1] > at ? ov[1] : at + 1;
		/* stay on a character boundary */
		while (at < len && ((unsigned char)s[at] & 0xC0) == 0x80)
			at++;
	}
	pcre2_match_data_free(md);
}

json_t *wa_extract_technologies_new(const char *html, size_t len, const char *scripts,
	const char *generator)
{
	json_t *out = json_array();

	pthread_once(&signals_once, signals_init);
	char *found = wa_mem_calloc(ntechs + 1, 1);
	scan(by_script, scripts, scripts ? strlen(scripts) : 0, found);
	scan(by_html, html, len, found);
	scan(by_generator, generator, generator ? strlen(generator) : 0, found);
	for (size_t i = 0; i < ntechs; i++) {
		if (!found[i])
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(techs[i].name));
		json_object_set_new(o, "category", json_string(techs[i].category));
		json_array_append_new(out, o);
	}
	free(found);
	return out;
}

/* host of an http(s) URL, lower case, without "www." */
static int url_host(const char *url, char *out, size_t size)
{
	const char *p = strstr(url, "://");
	size_t n = 0;

	if (!p || (strncasecmp(url, "http", 4) != 0))
		return -1;
	p += 3;
	const char *at = NULL;
	for (const char *q = p; *q && *q != '/' && *q != '?' && *q != '#'; q++)
		if (*q == '@')
			at = q;
	if (at)
		p = at + 1;
	while (*p && *p != '/' && *p != ':' && *p != '?' && *p != '#' && n < size - 1)
		out[n++] = (char)tolower((unsigned char)*p++);
	out[n] = '\0';
	if (n > 4 && memcmp(out, "www.", 4) == 0)
		memmove(out, out + 4, n - 3);
	return n ? 0 : -1;
}

const char *wa_extract_social_network(const char *url)
{
	char host[256];
	size_t i;
	json_t *s;

	pthread_once(&signals_once, signals_init);
	if (url_host(url, host, sizeof host))
		return NULL;
	json_array_foreach(json_object_get(signals, "social"), i, s) {
		const char *h = json_string_value(json_object_get(s, "host"));
		size_t hl = strlen(h), l = strlen(host);
		if (strcmp(host, h) == 0 || (l > hl && host[l - hl - 1] == '.' &&
		    strcmp(host + l - hl, h) == 0))
			return json_string_value(json_object_get(s, "network"));
	}
	return NULL;
}

/* ---- the page walk ---- */

typedef struct page {
	const char *url;        /* links resolve against it (or <base href>) */
	char *base;
	const wa_extract_opts *opts;
	json_t *out;
	json_t *links, *headings, *emails, *phones, *social, *faq, *lists;
	/* from structured data (and the text) */
	json_t *orgs, *addresses, *hours, *ratings, *reviews, *offers, *prices;
	wa_buf scripts;         /* script URLs and inline scripts */
	wa_buf lines;           /* the visible text, a line per block */
	char *title, *description, *language, *canonical, *generator;
	int in_body;
} page;

static int is_heading(xmlNodePtr n)
{
	return wa_html_is(n, "h1") || wa_html_is(n, "h2") || wa_html_is(n, "h3") ||
		wa_html_is(n, "h4");
}

static int is_block(xmlNodePtr n)
{
	static const char *const blocks[] = { "p", "div", "li", "h1", "h2", "h3", "h4", "h5",
		"h6", "tr", "td", "th", "dd", "dt", "section", "article", "header", "footer",
		"address", "blockquote", "pre", "br", "table", "ul", "ol", "nav", "main",
		"aside", "figure", "form", NULL };

	if (!n || n->type != XML_ELEMENT_NODE)
		return 0;
	for (const char *const *b = blocks; *b; b++)
		if (strcasecmp((const char *)n->name, *b) == 0)
			return 1;
	return 0;
}

static char *resolve(const page *p, const char *href)
{
	const char *base = p->base ? p->base : p->url;

	return base ? wa_uri_resolve_new(base, href) : wa_mem_strdup(href);
}

static void add_unique(json_t *arr, json_t *value)
{
	size_t i;
	json_t *x;

	json_array_foreach(arr, i, x)
		if (json_equal(x, value)) {
			json_decref(value);
			return;
		}
	json_array_append_new(arr, value);
}

/* raw as a phone number of the page's country, once per number */
static void add_phone(page *p, const char *raw)
{
	char e164[32];
	size_t i;
	json_t *x;

	if (wa_contacts_e164(raw, p->opts->country, e164, sizeof e164))
		return;
	json_array_foreach(p->phones, i, x)
		if (strcmp(json_string_value(json_object_get(x, "e164")), e164) == 0)
			return;
	json_array_append_new(p->phones, json_pack("{s:s, s:s}", "raw", raw, "e164", e164));
}

static void on_link(page *p, xmlNodePtr n)
{
	const char *href = wa_html_attr(n, "href");

	if (!href || !*href)
		return;
	if (strncasecmp(href, "mailto:", 7) == 0) {
		char addr[320];
		snprintf(addr, sizeof addr, "%s", href + 7);
		char *q = strchr(addr, '?');
		if (q)
			*q = '\0';
		wa_contacts_emails(addr, p->emails);
		return;
	}
	if (strncasecmp(href, "tel:", 4) == 0) {
		add_phone(p, href + 4);
		return;
	}
	char *abs = resolve(p, href);
	if (!abs)
		return;
	char *hash = strchr(abs, '#');
	if (hash)
		*hash = '\0';
	/* an address that is not UTF-8 is no link a dossier can hold */
	json_t *url = json_string(abs);
	if (url && (strncasecmp(abs, "http:", 5) == 0 || strncasecmp(abs, "https:", 6) == 0 ||
	    strncasecmp(abs, "file:", 5) == 0)) {
		const char *net = wa_extract_social_network(abs);
		if (net) {
			json_t *o = json_object();
			json_object_set_new(o, "network", json_string(net));
			json_object_set_new(o, "url", json_incref(url));
			add_unique(p->social, o);
		} else if (json_array_size(p->links) < 1000) {
			size_t i;
			json_t *x;
			int seen = 0;
			json_array_foreach(p->links, i, x)
				if (strcmp(json_string_value(json_object_get(x, "url")), abs) == 0) {
					seen = 1;
					break;
				}
			if (!seen) {
				char *text = wa_html_text_new(n);
				json_t *o = json_object(), *t = json_string(text);
				json_object_set_new(o, "url", json_incref(url));
				json_object_set_new(o, "text", t ? t : json_string(""));
				json_array_append_new(p->links, o);
				free(text);
			}
		}
	}
	json_decref(url);
	free(abs);
}

static void add_faq(json_t *faq, const char *q, const char *a)
{
	if (!q || !a || !*q || !*a)
		return;
	json_t *o = json_object();
	json_object_set_new(o, "question", json_string(q));
	json_object_set_new(o, "answer", json_string(a));
	add_unique(faq, o);
}

/* "What are your hours?" followed by its answer's paragraphs */
static void faq_from_heading(page *p, xmlNodePtr h)
{
	char *q = wa_html_text_new(h);
	size_t len = strlen(q);

	if (len > 5 && len < 200 && q[len - 1] == '?') {
		wa_buf a;
		wa_buf_init(&a);
		for (xmlNodePtr s = h->next; s && !is_heading(s); s = s->next) {
			if (s->type != XML_ELEMENT_NODE)
				continue;
			if (a.len)
				wa_buf_addc(&a, ' ');
			wa_html_text(s, &a);
			if (a.len > 1000)
				break;
		}
		add_faq(p->faq, q, a.data);
		wa_buf_free(&a);
	}
	free(q);
}

/* a script: its URL, or its text, for the technology fingerprints */
static void on_script(page *p, xmlNodePtr n)
{
	const char *src = wa_html_attr(n, "src");

	if (src) {
		wa_buf_adds(&p->scripts, src);
	} else {
		char *c = wa_html_content_new(n);
		wa_buf_adds(&p->scripts, c);
		free(c);
	}
	wa_buf_addc(&p->scripts, '\n');
}

/* the document's facts about itself: title, language, description,
 * generator, canonical URL, base URL (the first of each) */
static void on_head(page *p, xmlNodePtr n)
{
	const char *v;

	if (wa_html_is(n, "title")) {
		if (!p->title)
			p->title = wa_html_text_new(n);
	} else if (wa_html_is(n, "html")) {
		if ((v = wa_html_attr(n, "lang")) && !p->language)
			p->language = wa_mem_strdup(v);
	} else if (wa_html_is(n, "meta")) {
		/* copied: the next wa_html_attr call takes its place */
		char name[64];
		snprintf(name, sizeof name, "%s", (v = wa_html_attr(n, "name")) ? v : "");
		if (!*name || !(v = wa_html_attr(n, "content")))
			return;
		if (!strcasecmp(name, "description") && !p->description)
			p->description = wa_mem_strdup(v);
		else if (!strcasecmp(name, "generator") && !p->generator)
			p->generator = wa_mem_strdup(v);
	} else if (wa_html_is(n, "link")) {
		if ((v = wa_html_attr(n, "rel")) && !strcasecmp(v, "canonical") && !p->canonical &&
		    (v = wa_html_attr(n, "href")))
			p->canonical = resolve(p, v);
	} else if (wa_html_is(n, "base")) {
		if (!p->base && (v = wa_html_attr(n, "href"))) {
			char *b = resolve(p, v);
			if (b && wa_uri_valid(b))
				p->base = b;
			else
				free(b);
		}
	}
}

/* <details><summary>question</summary> answer</details> */
static void faq_from_details(page *p, xmlNodePtr n)
{
	xmlNodePtr s = wa_html_find(n, "summary");

	if (!s)
		return;
	char *q = wa_html_text_new(s);
	wa_buf a;
	wa_buf_init(&a);
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c != s && (c->type == XML_ELEMENT_NODE || c->type == XML_TEXT_NODE)) {
			if (a.len)
				wa_buf_addc(&a, ' ');
			wa_html_text(c, &a);
		}
	wa_html_squeeze(a.data);
	add_faq(p->faq, q, a.data);
	wa_buf_free(&a);
	free(q);
}

/* <dt>question?</dt><dd>answer</dd> */
static void faq_from_dt(page *p, xmlNodePtr n)
{
	xmlNodePtr dd = n->next;

	while (dd && dd->type != XML_ELEMENT_NODE)
		dd = dd->next;
	if (!wa_html_is(dd, "dd"))
		return;
	char *q = wa_html_text_new(n), *a = wa_html_text_new(dd);
	if (strlen(q) > 5 && q[strlen(q) - 1] == '?')
		add_faq(p->faq, q, a);
	free(q);
	free(a);
}

/* a heading: kept (200 at most), and a question's answer after it */
static void on_heading(page *p, xmlNodePtr n)
{
	char *t = wa_html_text_new(n);

	if (*t && json_array_size(p->headings) < 200)
		json_array_append_new(p->headings, json_string(t));
	free(t);
	faq_from_heading(p, n);
}

/* a list item, when it is short (counted before it is built) and holds
 * no list */
static void on_list_item(page *p, xmlNodePtr n)
{
	size_t len = wa_html_text_len(n);

	if (json_array_size(p->lists) >= 500 || len < 3 || len > 80 || wa_html_find(n, "ul") ||
	    wa_html_find(n, "ol"))
		return;
	char *t = wa_html_text_new(n);
	json_array_append_new(p->lists, json_string(t));
	free(t);
}

static void walk(page *p, xmlNodePtr n, int depth)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE) {
			if (p->in_body && n->content)
				wa_buf_adds(&p->lines, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || depth > 400)
			continue;
		if (wa_html_is(n, "script")) {
			on_script(p, n);
			continue;
		}
		if (wa_html_is(n, "style") || wa_html_is(n, "template") || wa_html_is(n, "noscript"))
			continue;
		if (wa_html_is(n, "a") || wa_html_is(n, "area"))
			on_link(p, n);
		else if (wa_html_is(n, "details"))
			faq_from_details(p, n);
		else if (wa_html_is(n, "dt"))
			faq_from_dt(p, n);
		else if (wa_html_is(n, "body"))
			p->in_body = 1;
		else
			on_head(p, n);
		if (is_heading(n))
			on_heading(p, n);
		if (wa_html_is(n, "li"))
			on_list_item(p, n);
		/* a line per block; the cells of a table row stay on its line, so
		 * a price keeps the name in the cell before it */
		int cell = wa_html_is(n, "td") || wa_html_is(n, "th");
		int block = is_block(n);
		if (block && p->in_body)
			wa_buf_addc(&p->lines, cell ? '\t' : '\n');
		walk(p, n->children, depth + 1);
		if (block && p->in_body)
			wa_buf_addc(&p->lines, cell ? '\t' : '\n');
	}
}

/* ---- schema.org things to facts ---- */

static json_t *text_of(json_t *v)
{
	if (json_is_string(v))
		return json_incref(v);
	if (json_is_number(v)) {
		char num[64];
		if (json_is_integer(v))
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		else
			snprintf(num, sizeof num, "%.17g", json_real_value(v));
		return json_string(num);
	}
	if (json_is_array(v) && json_array_size(v))
		return text_of(json_array_get(v, 0));
	if (json_is_object(v)) {
		json_t *t = json_object_get(v, "text");
		if (!t)
			t = json_object_get(v, "name");
		if (!t)
			t = json_object_get(v, "@value");
		return t ? text_of(t) : NULL;
	}
	return NULL;
}

static void set_text(json_t *o, const char *key, json_t *v)
{
	json_t *t = text_of(v);

	if (t && json_string_length(t))
		json_object_set_new(o, key, t);
	else
		json_decref(t);
}

static json_t *postal_address(json_t *a)
{
	json_t *o = json_object();

	if (json_is_string(a)) {
		json_object_set(o, "text", a);
		return o;
	}
	set_text(o, "street", json_object_get(a, "streetAddress"));
	set_text(o, "city", json_object_get(a, "addressLocality"));
	set_text(o, "region", json_object_get(a, "addressRegion"));
	set_text(o, "postal_code", json_object_get(a, "postalCode"));
	set_text(o, "country", json_object_get(a, "addressCountry"));
	if (!json_object_size(o)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* each value of v: itself, or the members of an array */
#define EACH(v, i, x) for (i = 0; (x = json_is_array(v) ? json_array_get(v, i) : \
	(i == 0 ? v : NULL)); i++)

/* an openingHoursSpecification as {days, opens, closes, text} */
static json_t *hours_spec_new(json_t *x)
{
	json_t *o = json_object(), *day;
	wa_buf d;
	size_t j;

	wa_buf_init(&d);
	EACH(json_object_get(x, "dayOfWeek"), j, day)
		if (json_is_string(day)) {
			const char *s = json_string_value(day), *slash = strrchr(s, '/');
			if (d.len)
				wa_buf_addc(&d, ',');
			wa_buf_add(&d, slash ? slash + 1 : s, 2);
		}
	json_object_set_new(o, "days", json_string(d.data));
	set_text(o, "opens", json_object_get(x, "opens"));
	set_text(o, "closes", json_object_get(x, "closes"));
	json_object_set_new(o, "text", json_string("openingHoursSpecification"));
	wa_buf_free(&d);
	return o;
}

/* a thing's telephones, emails, addresses and opening hours */
static void contacts_of(page *p, json_t *t)
{
	size_t k;
	json_t *v, *x, *s;

	EACH(json_object_get(t, "telephone"), k, x) {
		if ((s = text_of(x)))
			add_phone(p, json_string_value(s));
		json_decref(s);
	}
	EACH(json_object_get(t, "email"), k, x) {
		if ((s = text_of(x))) {
			const char *e = json_string_value(s);
			wa_contacts_emails(strncasecmp(e, "mailto:", 7) == 0 ? e + 7 : e, p->emails);
		}
		json_decref(s);
	}
	EACH(json_object_get(t, "address"), k, x)
		if ((v = postal_address(x)))
			add_unique(p->addresses, v);
	EACH(json_object_get(t, "openingHours"), k, x)
		if (json_is_string(x))
			wa_contacts_schema_hours(json_string_value(x), p->hours);
	EACH(json_object_get(t, "openingHoursSpecification"), k, x)
		add_unique(p->hours, hours_spec_new(x));
}

/* the rating of thing t, when it has one */
static void rating_of(page *p, json_t *t)
{
	json_t *v = json_object_get(t, "aggregateRating");

	if (!json_is_object(v))
		return;
	json_t *o = json_object();
	set_text(o, "value", json_object_get(v, "ratingValue"));
	set_text(o, "count", json_object_get(v, "reviewCount"));
	if (!json_object_get(o, "count"))
		set_text(o, "count", json_object_get(v, "ratingCount"));
	set_text(o, "best", json_object_get(v, "bestRating"));
	set_text(o, "of", t);
	add_unique(p->ratings, o);
}

/* a Review, when it has text */
static void review_of(page *p, json_t *t)
{
	json_t *o = json_object(), *r = json_object_get(t, "reviewRating");

	set_text(o, "author", json_object_get(t, "author"));
	set_text(o, "text", json_object_get(t, "reviewBody"));
	if (!json_object_get(o, "text"))
		set_text(o, "text", json_object_get(t, "description"));
	if (r)
		set_text(o, "rating", json_object_get(r, "ratingValue"));
	if (json_object_get(o, "text"))
		add_unique(p->reviews, o);
	else
		json_decref(o);
}

/* a Question and its accepted answer (often HTML) */
static void question_of(page *p, json_t *t)
{
	json_t *q = text_of(json_object_get(t, "name"));
	json_t *a = text_of(json_object_get(t, "acceptedAnswer"));

	if (q && a) {
		htmlDocPtr d = wa_html_parse(json_string_value(a), json_string_length(a));
		char *at = wa_html_text_new(wa_html_root(d));
		add_faq(p->faq, json_string_value(q), at);
		free(at);
		wa_html_free(d);
	}
	json_decref(q);
	json_decref(a);
}

/* an Offer, Service, Product or MenuItem, when it has a name; a
 * product's or a menu item's price is in its offer */
static void offer_of(page *p, json_t *t, const char *type)
{
	json_t *o = json_object(), *offer = json_object_get(t, "offers");

	json_object_set_new(o, "type", json_string(type));
	set_text(o, "name", json_object_get(t, "name"));
	if (!json_object_get(o, "name") && json_object_get(t, "itemOffered"))
		set_text(o, "name", json_object_get(json_object_get(t, "itemOffered"), "name"));
	set_text(o, "price", json_object_get(t, "price"));
	set_text(o, "currency", json_object_get(t, "priceCurrency"));
	if (json_is_array(offer))
		offer = json_array_get(offer, 0);
	if (!json_object_get(o, "price") && json_is_object(offer)) {
		set_text(o, "price", json_object_get(offer, "price"));
		if (!json_object_get(o, "price"))
			set_text(o, "price", json_object_get(offer, "lowPrice"));
		set_text(o, "currency", json_object_get(offer, "priceCurrency"));
	}
	if (json_object_get(o, "name"))
		add_unique(p->offers, o);
	else
		json_decref(o);
}

/* sameAs links to social networks */
static void social_of(page *p, json_t *t)
{
	size_t k;
	json_t *x;

	EACH(json_object_get(t, "sameAs"), k, x) {
		const char *net = json_is_string(x) ?
			wa_extract_social_network(json_string_value(x)) : NULL;
		if (net)
			add_unique(p->social, json_pack("{s:s, s:O}", "network", net, "url", x));
	}
}

/* organisations and businesses: anything with a name and one of the
 * contact properties */
static void organization_of(page *p, json_t *t, const char *type)
{
	if (!json_object_get(t, "name") || !(json_object_get(t, "address") ||
	    json_object_get(t, "telephone") || json_object_get(t, "openingHours") ||
	    json_object_get(t, "openingHoursSpecification") ||
	    strcmp(type, "Organization") == 0 || strstr(type, "Business")))
		return;
	json_t *o = json_object();
	json_object_set_new(o, "type", json_string(type));
	set_text(o, "name", json_object_get(t, "name"));
	set_text(o, "url", json_object_get(t, "url"));
	set_text(o, "price_range", json_object_get(t, "priceRange"));
	add_unique(p->orgs, o);
}

static void things_to_facts(page *p, json_t *things)
{
	size_t i;
	json_t *t;

	json_array_foreach(things, i, t) {
		const char *type = wa_structured_thing_type(t);
		contacts_of(p, t);
		rating_of(p, t);
		if (!strcmp(type, "Review"))
			review_of(p, t);
		if (!strcmp(type, "Question"))
			question_of(p, t);
		if (!strcmp(type, "Offer") || !strcmp(type, "Service") || !strcmp(type, "Product") ||
		    !strcmp(type, "MenuItem"))
			offer_of(p, t, type);
		social_of(p, t);
		organization_of(p, t, type);
	}
}

static void set_string(json_t *o, const char *key, const char *s)
{
	if (s) {
		char *copy = wa_mem_strdup(s);
		wa_html_squeeze(copy);
		json_object_set_new(o, key, json_string(copy));
		free(copy);
	} else {
		json_object_set_new(o, key, json_null());
	}
}

/* the language's primary subtag, lower case, or null */
static json_t *language_new(const char *language)
{
	char lang[16];
	size_t i = 0;

	for (; language && language[i] && language[i] != '-' && language[i] != '_' &&
	    i < sizeof lang - 1; i++)
		lang[i] = (char)tolower((unsigned char)language[i]);
	lang[i] = '\0';
	return *lang ? json_string(lang) : json_null();
}

/* <address> elements as written */
static void address_elements(page *p, htmlDocPtr doc)
{
	xmlNodePtr a = wa_html_find((xmlNodePtr)doc, "address");
	char *t = a ? wa_html_text_new(a) : NULL;

	if (t && *t)
		add_unique(p->addresses, json_pack("{s:s}", "text", t));
	free(t);
}

/* The facts: from the document's head (Open Graph's title and
 * description when it has none), from structured data and from the
 * text, each list moved into out. */
static void facts(page *p, htmlDocPtr doc, const char *html, size_t len, json_t *out)
{
	int invalid = 0;
	json_t *jsonld = wa_structured_jsonld_new(doc, &invalid);
	json_t *micro = wa_structured_microdata_new(doc, p->url);
	json_t *og = wa_structured_opengraph_new(doc);
	json_t *things = wa_structured_things_new(jsonld, micro);
	const char *og_title = json_string_value(json_object_get(og, "og:title"));
	const char *og_description = json_string_value(json_object_get(og, "og:description"));

	if (!p->title && og_title)
		set_string(out, "title", og_title);
	if (!p->description && og_description)
		p->description = wa_mem_strdup(og_description);
	set_string(out, "description", p->description);
	json_object_set_new(out, "language", language_new(p->language));
	set_string(out, "canonical", p->canonical);
	things_to_facts(p, things);
	json_decref(things);
	wa_contacts_emails(p->lines.data, p->emails);
	wa_contacts_phones(p->lines.data, p->opts->country, p->phones);
	wa_contacts_hours(p->lines.data, p->hours);
	wa_contacts_prices(p->lines.data, p->opts->currency, p->prices);
	address_elements(p, doc);
	json_t **lists[] = { &p->orgs, &p->emails, &p->phones, &p->addresses, &p->hours,
		&p->prices, &p->offers, &p->faq, &p->ratings, &p->reviews, &p->social };
	static const char *const names[] = { "organizations", "emails", "phones", "addresses",
		"opening_hours", "prices", "offers", "faq", "ratings", "reviews", "social" };
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
		json_object_set_new(out, names[i], *lists[i]);
		*lists[i] = NULL;
	}
	json_object_set_new(out, "technologies", wa_extract_technologies_new(html, len,
		p->scripts.data, p->generator));
	json_object_set_new(out, "headings", p->headings);
	json_object_set_new(out, "list_items", p->lists);
	json_object_set_new(out, "links", p->links);
	p->headings = p->lists = p->links = NULL;
	json_object_set_new(out, "opengraph", og);
	json_object_set_new(out, "json_ld", jsonld);
	json_object_set_new(out, "microdata", micro);
	if (invalid)
		json_object_set_new(out, "json_ld_invalid", json_integer(invalid));
}

/* the main text and its words */
static void main_text(htmlDocPtr doc, json_t *out)
{
	wa_buf text;
	size_t words = 0;

	wa_buf_init(&text);
	wa_maintext(doc, &text);
	json_object_set_new(out, "text", json_string(text.data));
	for (size_t i = 0; i < text.len; i++)
		words += !isspace((unsigned char)text.data[i]) &&
			(i == 0 || isspace((unsigned char)text.data[i - 1]));
	json_object_set_new(out, "words", json_integer((json_int_t)words));
	wa_buf_free(&text);
}

static void page_free(page *p)
{
	json_t *lists[] = { p->links, p->headings, p->emails, p->phones, p->social, p->faq,
		p->lists, p->orgs, p->addresses, p->hours, p->ratings, p->reviews, p->offers,
		p->prices };

	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
		json_decref(lists[i]);
	wa_buf_free(&p->scripts);
	wa_buf_free(&p->lines);
	free(p->title);
	free(p->description);
	free(p->language);
	free(p->canonical);
	free(p->generator);
	free(p->base);
}

json_t *wa_extract_page_new(const char *html, size_t len, const char *url,
	const wa_extract_opts *opts)
{
	static const wa_extract_opts defaults;
	htmlDocPtr doc = wa_html_parse(html, len);
	page p = { .url = url, .opts = opts ? opts : &defaults };
	json_t *out = json_object();
	json_t **lists[] = { &p.links, &p.headings, &p.emails, &p.phones, &p.social, &p.faq,
		&p.lists, &p.orgs, &p.addresses, &p.hours, &p.ratings, &p.reviews, &p.offers,
		&p.prices };

	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
		*lists[i] = json_array();
	wa_buf_init(&p.scripts);
	wa_buf_init(&p.lines);
	walk(&p, doc->children, 0);
	json_object_set_new(out, "url", url ? json_string(url) : json_null());
	set_string(out, "title", p.title);
	if (!p.opts->text_only)
		facts(&p, doc, html, len, out);
	main_text(doc, out);
	page_free(&p);
	wa_html_free(doc);
	return out;
}
