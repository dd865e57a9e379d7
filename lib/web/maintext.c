/* maintext.c - see maintext.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/maintext.h"

typedef struct score {
	double value;
	int initialised;
} score;

/* Words in class and id that mark boilerplate, and those that mark
 * content (which save an element from the first list). */
static const char *const unlikely[] = { "-ad-", "ai2html", "banner", "breadcrumb",
	"combx", "comment", "community", "cover-wrap", "disqus", "extra", "footer", "gdpr",
	"header", "legends", "menu", "related", "remark", "replies", "rss", "shoutbox",
	"sidebar", "skyscraper", "social", "sponsor", "supplemental", "ad-break", "agegate",
	"pagination", "pager", "popup", "yom-remote", "cookie", "newsletter", "subscribe",
	"share", "nav", NULL };
static const char *const maybe[] = { "and", "article", "body", "column", "content",
	"main", "shadow", NULL };
static const char *const negative[] = { "-ad-", "hidden", "hid", "banner", "combx",
	"comment", "com-", "contact", "foot", "footer", "footnote", "gdpr", "masthead",
	"media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
	"sidebar", "skyscraper", "sponsor", "shopping", "tags", "tool", "widget", "byline",
	"author", "dateline", "caption", NULL };
static const char *const positive[] = { "article", "body", "content", "entry", "hentry",
	"h-entry", "main", "page", "pagination", "post", "text", "blog", "story", NULL };

static const char *const removed_tags[] = { "script", "style", "noscript", "iframe",
	"svg", "nav", "footer", "aside", "button", "select", "input", "textarea", "template",
	"form", "object", "embed", "canvas", "dialog", "menu", "head", NULL };

static const char *const block_tags[] = { "a", "blockquote", "dl", "div", "img", "ol",
	"p", "pre", "table", "ul", "section", "article", "header", "footer", "aside", "h1",
	"h2", "h3", "h4", "h5", "h6", "figure", "form", "nav", "main", NULL };

static int tag_in(xmlNodePtr n, const char *const *list)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return 0;
	for (; *list; list++)
		if (strcasecmp((const char *)n->name, *list) == 0)
			return 1;
	return 0;
}

/* class and id of n, lower case, in one string */
static void class_id(xmlNodePtr n, char *out, size_t size)
{
	const char *c = wa_html_attr(n, "class");
	size_t len;

	snprintf(out, size, "%s ", c ? c : "");
	len = strlen(out);
	c = wa_html_attr(n, "id");
	snprintf(out + len, size - len, "%s", c ? c : "");
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
}

static int any_in(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strstr(s, *words))
			return 1;
	return 0;
}

static int hidden(xmlNodePtr n)
{
	const char *v;

	if (wa_html_has_attr(n, "hidden"))
		return 1;
	if ((v = wa_html_attr(n, "aria-hidden")) && strcmp(v, "true") == 0)
		return 1;
	if ((v = wa_html_attr(n, "style"))) {
		char s[256];
		size_t j = 0;
		for (size_t i = 0; v[i] && j < sizeof s - 1; i++)
			if (!isspace((unsigned char)v[i]))
				s[j++] = (char)tolower((unsigned char)v[i]);
		s[j] = '\0';
		if (strstr(s, "display:none") || strstr(s, "visibility:hidden"))
			return 1;
	}
	if ((v = wa_html_attr(n, "role")) && (strcmp(v, "navigation") == 0 ||
	    strcmp(v, "banner") == 0 || strcmp(v, "contentinfo") == 0 ||
	    strcmp(v, "complementary") == 0 || strcmp(v, "dialog") == 0 ||
	    strcmp(v, "menu") == 0 || strcmp(v, "menubar") == 0))
		return 1;
	return 0;
}

static size_t text_len(xmlNodePtr n)
{
	return wa_html_text_len(n);
}

/* Remove what is never content; with strict, also what is named like
 * boilerplate. */
static void prune(xmlNodePtr n, int strict, int depth)
{
	char ci[512];

	while (n) {
		xmlNodePtr next = n->next;
		if (n->type == XML_COMMENT_NODE) {
			wa_html_remove(n);
		} else if (n->type == XML_ELEMENT_NODE) {
			int drop = tag_in(n, removed_tags) || hidden(n) || depth > 400;
			if (!drop && strict && !wa_html_is(n, "body") && !wa_html_is(n, "a") &&
			    !wa_html_is(n, "html") && !wa_html_is(n, "article") &&
			    !wa_html_is(n, "main")) {
				class_id(n, ci, sizeof ci);
				if (any_in(ci, unlikely) && !any_in(ci, maybe))
					drop = 1;
				if (wa_html_is(n, "header") && depth < 6)
					drop = 1;
			}
			if (drop) {
				wa_html_remove(n);
			} else {
				prune(n->children, strict, depth + 1);
			}
		}
		n = next;
	}
}

static int has_block_child(xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (tag_in(c, block_tags) || (c->type == XML_ELEMENT_NODE && has_block_child(c)))
			return 1;
	return 0;
}

static double class_weight(xmlNodePtr n)
{
	char ci[512];
	double w = 0;

	class_id(n, ci, sizeof ci);
	if (!*ci || strcmp(ci, " ") == 0)
		return 0;
	if (any_in(ci, negative))
		w -= 25;
	if (any_in(ci, positive))
		w += 25;
	return w;
}

static size_t link_text_len(xmlNodePtr n)
{
	size_t len = 0;

	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (wa_html_is(c, "a"))
			len += text_len(c);
		else if (c->type == XML_ELEMENT_NODE)
			len += link_text_len(c);
	}
	return len;
}

static double link_density(xmlNodePtr n)
{
	size_t total = text_len(n);

	return total ? (double)link_text_len(n) / (double)total : 0;
}

typedef struct scorer {
	score *scores;
	size_t n, cap;
	xmlNodePtr *candidates;
	size_t ncand, candcap;
} scorer;

static score *score_of(scorer *s, xmlNodePtr n)
{
	if (n->_private)
		return n->_private;
	if (s->n == s->cap) {
		/* scores are pointed to: grow by chains of blocks, never realloc */
		return NULL;
	}
	score *sc = &s->scores[s->n++];
	n->_private = sc;
	return sc;
}

static void initialise(scorer *s, xmlNodePtr n)
{
	score *sc = score_of(s, n);

	if (!sc || sc->initialised)
		return;
	sc->initialised = 1;
	if (wa_html_is(n, "div") || wa_html_is(n, "article") || wa_html_is(n, "main"))
		sc->value = 5;
	else if (wa_html_is(n, "pre") || wa_html_is(n, "td") || wa_html_is(n, "blockquote"))
		sc->value = 3;
	else if (wa_html_is(n, "address") || wa_html_is(n, "ol") || wa_html_is(n, "ul") ||
	    wa_html_is(n, "dl") || wa_html_is(n, "dd") || wa_html_is(n, "dt") ||
	    wa_html_is(n, "li") || wa_html_is(n, "form"))
		sc->value = -3;
	else if (wa_html_is(n, "h1") || wa_html_is(n, "h2") || wa_html_is(n, "h3") ||
	    wa_html_is(n, "h4") || wa_html_is(n, "h5") || wa_html_is(n, "h6") ||
	    wa_html_is(n, "th"))
		sc->value = -5;
	sc->value += class_weight(n);
	if (s->ncand == s->candcap) {
		s->candcap = s->candcap ? 2 * s->candcap : 64;
		s->candidates = wa_mem_realloc(s->candidates, s->candcap * sizeof *s->candidates);
	}
	s->candidates[s->ncand++] = n;
}

static int scorable(xmlNodePtr n)
{
	return wa_html_is(n, "p") || wa_html_is(n, "pre") || wa_html_is(n, "td") ||
		wa_html_is(n, "section") || wa_html_is(n, "h2") || wa_html_is(n, "h3") ||
		wa_html_is(n, "h4") || wa_html_is(n, "li") ||
		((wa_html_is(n, "div") || wa_html_is(n, "span")) && !has_block_child(n));
}

static void score_paragraphs(scorer *s, xmlNodePtr n, int depth)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (scorable(n)) {
			char *t = wa_html_text_new(n);
			size_t len = strlen(t);
			if (len >= 25) {
				double points = 1;
				for (char *p = t; *p; p++)
					points += *p == ',';
				points += len / 100 > 3 ? 3 : (double)(len / 100);
				xmlNodePtr a = n->parent;
				/* body and html are never candidates: the whole page is
				 * the fallback, not an answer */
				for (int level = 0; a && a->type == XML_ELEMENT_NODE && level < 5 &&
				    !wa_html_is(a, "body") && !wa_html_is(a, "html");
				    level++, a = a->parent) {
					initialise(s, a);
					score *sc = score_of(s, a);
					if (!sc)
						break;
					sc->value += level == 0 ? points :
						level == 1 ? points / 2 : points / (level * 3);
				}
			}
			free(t);
			if (!wa_html_is(n, "section") && !wa_html_is(n, "td"))
				continue;
		}
		if (depth < 400)
			score_paragraphs(s, n->children, depth + 1);
	}
}

static int block_for_text(xmlNodePtr n)
{
	return wa_html_is(n, "p") || wa_html_is(n, "div") || wa_html_is(n, "li") ||
		wa_html_is(n, "h1") || wa_html_is(n, "h2") || wa_html_is(n, "h3") ||
		wa_html_is(n, "h4") || wa_html_is(n, "h5") || wa_html_is(n, "h6") ||
		wa_html_is(n, "pre") || wa_html_is(n, "blockquote") || wa_html_is(n, "tr") ||
		wa_html_is(n, "dd") || wa_html_is(n, "dt") || wa_html_is(n, "section") ||
		wa_html_is(n, "article") || wa_html_is(n, "table") || wa_html_is(n, "ul") ||
		wa_html_is(n, "ol") || wa_html_is(n, "figure") || wa_html_is(n, "br");
}

/* The paragraph gathered so far to out, after a blank line. */
static void flush(wa_buf *out, wa_buf *para)
{
	wa_html_squeeze(para->data);
	para->len = strlen(para->data);
	if (para->len) {
		if (out->len)
			wa_buf_adds(out, "\n\n");
		wa_buf_add(out, para->data, para->len);
	}
	wa_buf_reset(para);
}

/* Paragraph text: a blank line between blocks. */
static void emit(xmlNodePtr n, wa_buf *out, wa_buf *para, int depth)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				wa_buf_adds(para, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		int block = block_for_text(n);
		if (block && para->len)
			flush(out, para);
		if (depth < 400)
			emit(n->children, out, para, depth + 1);
		if (block)
			wa_buf_addc(para, ' ');
		else if (!wa_html_is(n, "a") && !wa_html_is(n, "span") && !wa_html_is(n, "b") &&
		    !wa_html_is(n, "i") && !wa_html_is(n, "em") && !wa_html_is(n, "strong"))
			wa_buf_addc(para, ' ');
	}
}

static void clear_private(xmlNodePtr n)
{
	for (; n; n = n->next) {
		n->_private = NULL;
		if (n->type == XML_ELEMENT_NODE)
			clear_private(n->children);
	}
}

/* One pass; 0 with the text appended, or -1 when no candidate was found. */
static int extract(xmlNodePtr body, wa_buf *out)
{
	scorer s = { 0 };
	wa_buf para;
	size_t count = 0;

	/* an upper bound of the elements: one score each at most */
	for (xmlNodePtr n = body; n; n = n->next)
		count++;
	s.cap = 1 << 16;
	s.scores = wa_mem_calloc(s.cap, sizeof *s.scores);
	score_paragraphs(&s, body->children, 0);
	xmlNodePtr top = NULL;
	double best = 0;
	for (size_t i = 0; i < s.ncand; i++) {
		xmlNodePtr c = s.candidates[i];
		score *sc = c->_private;
		sc->value *= 1 - link_density(c);
		if (!top || sc->value > best) {
			top = c;
			best = sc->value;
		}
	}
	if (!top) {
		free(s.scores);
		free(s.candidates);
		clear_private(body);
		return -1;
	}
	/* a lone child of its parent: the parent is the article */
	while (top->parent && top->parent->type == XML_ELEMENT_NODE &&
	    !wa_html_is(top->parent, "body")) {
		size_t siblings = 0;
		for (xmlNodePtr c = top->parent->children; c; c = c->next)
			siblings += c->type == XML_ELEMENT_NODE;
		if (siblings != 1)
			break;
		top = top->parent;
	}
	double threshold = best * 0.2 > 10 ? best * 0.2 : 10;
	wa_buf_init(&para);
	xmlNodePtr parent = top->parent;
	for (xmlNodePtr sib = parent ? parent->children : top; sib;
	    sib = parent ? sib->next : NULL) {
		int keep = sib == top;
		if (!keep && sib->type == XML_ELEMENT_NODE) {
			score *sc = sib->_private;
			if (sc && sc->initialised && sc->value >= threshold) {
				keep = 1;
			} else if (wa_html_is(sib, "p")) {
				size_t len = text_len(sib);
				double ld = link_density(sib);
				if (len > 80 && ld < 0.25)
					keep = 1;
				else if (len > 0 && len <= 80 && ld == 0) {
					char *t = wa_html_text_new(sib);
					keep = strstr(t, ". ") != NULL || (len && t[len - 1] == '.');
					free(t);
				}
			}
		}
		if (keep) {
			flush(out, &para);
			xmlNodePtr next = sib->next;
			sib->next = NULL;       /* emit this one only */
			emit(sib, out, &para, 0);
			sib->next = next;
			flush(out, &para);
		}
		if (!parent)
			break;
	}
	wa_buf_free(&para);
	free(s.scores);
	free(s.candidates);
	clear_private(body);
	(void)count;
	return 0;
}

void wa_maintext(htmlDocPtr doc, wa_buf *out)
{
	xmlNodePtr root = wa_html_root(doc);
	xmlNodePtr body = root ? wa_html_find(root, "body") : NULL;
	size_t start = out->len;

	if (!body)
		body = root;
	if (!body)
		return;
	/* first strictly; a page whose content is all named like boilerplate
	 * gets a second, lenient pass on what is left */
	xmlNodePtr copy = wa_html_copy(body, doc);
	prune(body->children, 1, 0);
	if (extract(body, out) == 0 && out->len - start >= 250) {
		wa_html_free_node(copy);
		return;
	}
	out->len = start;
	out->data[start] = '\0';
	if (copy) {
		prune(copy->children, 0, 0);
		if (extract(copy, out) != 0 || out->len - start < 250) {
			wa_buf pbuf;
			out->len = start;
			out->data[start] = '\0';
			wa_buf_init(&pbuf);
			emit(copy->children, out, &pbuf, 0);
			flush(out, &pbuf);
			wa_buf_free(&pbuf);
		}
		wa_html_free_node(copy);
	}
}
