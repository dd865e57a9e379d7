/* html.c - see html.h. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/html.h"

#include "base/buf.h"
#include "base/lazy.h"
#include "base/mem.h"

/* libxml2, loaded when a first document is parsed (base/lazy.h): the
 * functions this file calls, in the order of their names below; the
 * others in lib/ call these through html.h */
static union {
	void *syms[10];
	struct {
		htmlDocPtr (*read_memory)(const char *buf, int size, const char *url,
			const char *encoding, int options);
		void (*free_doc)(xmlDocPtr doc);
		xmlNodePtr (*root)(const xmlDoc *doc);
		xmlChar *(*get_prop)(const xmlNode *node, const xmlChar *name);
		xmlAttrPtr (*has_prop)(const xmlNode *node, const xmlChar *name);
		xmlChar *(*content)(const xmlNode *node);
		void (*unlink)(xmlNodePtr node);
		void (*free_node)(xmlNodePtr node);
		xmlNodePtr (*copy)(xmlNodePtr node, xmlDocPtr doc, int recursive);
		xmlFreeFunc *free;      /* a variable: libxml2's free() */
	} f;
} xml;
static const char *const xml_names[] = {
	"htmlReadMemory", "xmlFreeDoc", "xmlDocGetRootElement", "xmlGetNoNsProp", "xmlHasProp",
	"xmlNodeGetContent", "xmlUnlinkNode", "xmlFreeNode", "xmlDocCopyNode", "xmlFree", NULL
};
static wa_lazy libxml2 = { "libxml2.so.2", xml_names, xml.syms, 0 };
_Static_assert(sizeof xml.syms == sizeof xml.f, "a pointer a function");
_Static_assert(sizeof xml_names / sizeof *xml_names == sizeof xml.syms / sizeof(void *) + 1,
	"a name a function");
#define X xml.f

/* A tag this long is cut at its last space before the limit: libxml2
 * checks each attribute against the ones before it, so a tag of 100,000
 * attributes took minutes.  16 KiB leave room for a few thousand. */
#define MAX_TAG (16 << 10)

/* The end of the tag that starts at p (on its '<'), or of the text */
static const char *tag_end(const char *p, const char *end)
{
	char quote = 0;

	for (p++; p < end; p++) {
		if (quote)
			quote = *p == quote ? 0 : quote;
		else if (*p == '"' || *p == '\'')
			quote = *p;
		else if (*p == '>')
			return p;
	}
	return end;
}

/* utf8 with every tag longer than MAX_TAG cut short and closed, into b;
 * 0 when no tag is that long (b untouched) */
static int cut_long_tags(const char *utf8, size_t len, wa_buf *b)
{
	const char *p = utf8, *end = utf8 + len, *from = utf8;
	int cut = 0;

	while ((p = memchr(p, '<', (size_t)(end - p)))) {
		if (p + 1 >= end || !((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z')) {
			p++;
			continue;
		}
		const char *e = tag_end(p, end);
		if (e - p > MAX_TAG) {
			const char *keep = p + MAX_TAG;
			while (keep > p + 1 && *keep != ' ' && *keep != '\t' && *keep != '\n')
				keep--;
			if (!cut++)
				wa_buf_init(b);
			wa_buf_add(b, from, (size_t)(keep - from));
			wa_buf_addc(b, '>');
			from = e < end ? e + 1 : end;
		}
		p = e < end ? e + 1 : end;
	}
	if (cut)
		wa_buf_add(b, from, (size_t)(end - from));
	return cut;
}

htmlDocPtr wa_html_parse(const char *utf8, size_t len)
{
	htmlDocPtr doc = NULL;
	wa_buf shorter;

	wa_lazy_load(&libxml2);
	if (cut_long_tags(utf8, len, &shorter)) {
		doc = wa_html_parse(shorter.data, shorter.len);
		wa_buf_free(&shorter);
		return doc;
	}
	if (len > 0 && len < (size_t)1 << 31)
		doc = X.read_memory(utf8, (int)len, NULL, "UTF-8",
			HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
			HTML_PARSE_NONET);
	if (!doc)
		doc = X.read_memory("<html></html>", 13, NULL, "UTF-8",
			HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	return doc;
}

/* Every node passed below comes from a document parsed above: libxml2 is
 * loaded. */

void wa_html_free(htmlDocPtr doc)
{
	if (doc)
		X.free_doc(doc);
}

xmlNodePtr wa_html_root(htmlDocPtr doc)
{
	return X.root(doc);
}

const char *wa_html_attr(xmlNodePtr node, const char *name)
{
	static __thread char *last;

	if (last)
		(*X.free)(last);
	last = NULL;
	if (!node || node->type != XML_ELEMENT_NODE)
		return NULL;
	last = (char *)X.get_prop(node, (const xmlChar *)name);
	return last;
}

int wa_html_has_attr(xmlNodePtr node, const char *name)
{
	return node && node->type == XML_ELEMENT_NODE &&
		X.has_prop(node, (const xmlChar *)name) != NULL;
}

char *wa_html_content_new(xmlNodePtr node)
{
	xmlChar *c = X.content(node);
	char *s = wa_mem_strdup(c ? (const char *)c : "");

	if (c)
		(*X.free)(c);
	return s;
}

void wa_html_remove(xmlNodePtr node)
{
	X.unlink(node);
	X.free_node(node);
}

xmlNodePtr wa_html_copy(xmlNodePtr node, htmlDocPtr doc)
{
	return X.copy(node, doc, 1);
}

void wa_html_free_node(xmlNodePtr node)
{
	if (node)
		X.free_node(node);
}

int wa_html_is(xmlNodePtr node, const char *name)
{
	/* libxml2's HTML parser gives element names in lower case */
	return node && node->type == XML_ELEMENT_NODE &&
		node->name[0] == name[0] && strcmp((const char *)node->name, name) == 0;
}

static int skipped(xmlNodePtr n)
{
	return wa_html_is(n, "script") || wa_html_is(n, "style") ||
		wa_html_is(n, "template") || wa_html_is(n, "noscript");
}

/* Append text squeezing white space; *space: a space is pending. */
static void add_text(wa_buf *out, const char *s, int *space)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			*space = 1;
			continue;
		}
		/* U+00A0 no-break space counts as white space */
		if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {
			*space = 1;
			s++;
			continue;
		}
		if (*space && out->len && out->data[out->len - 1] != ' ')
			wa_buf_addc(out, ' ');
		*space = 0;
		wa_buf_addc(out, (char)c);
	}
}

static void text_walk(xmlNodePtr n, wa_buf *out, int *space, int depth)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				add_text(out, (const char *)n->content, space);
		} else if (n->type == XML_ELEMENT_NODE && !skipped(n) && depth < 512) {
			if (wa_html_is(n, "br"))
				*space = 1;
			text_walk(n->children, out, space, depth + 1);
		}
	}
}

void wa_html_text(xmlNodePtr node, wa_buf *out)
{
	int space = 0;
	size_t start = out->len;

	if (!node)
		return;
	if (node->type == XML_TEXT_NODE) {
		if (node->content)
			add_text(out, (const char *)node->content, &space);
	} else if (!skipped(node)) {
		text_walk(node->children, out, &space, 0);
	}
	/* a trailing space never gets added; a leading one cannot either */
	(void)start;
}

/* the length wa_html_text would give, without building it */
static void len_walk(xmlNodePtr n, size_t *len, int *space, int *any, int depth)
{
	for (; n; n = n->next) {
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
			for (const unsigned char *s = n->content; *s; s++) {
				if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f') {
					*space = 1;
				} else if (s[0] == 0xC2 && s[1] == 0xA0) {
					*space = 1;
					s++;
				} else {
					if (*space && *any)
						(*len)++;
					*space = 0;
					*any = 1;
					(*len)++;
				}
			}
		} else if (n->type == XML_ELEMENT_NODE && !skipped(n) && depth < 512) {
			if (wa_html_is(n, "br"))
				*space = 1;
			len_walk(n->children, len, space, any, depth + 1);
		}
	}
}

size_t wa_html_text_len(xmlNodePtr node)
{
	size_t len = 0;
	int space = 0, any = 0;

	if (node && node->type == XML_ELEMENT_NODE && !skipped(node))
		len_walk(node->children, &len, &space, &any, 0);
	else if (node && node->type == XML_TEXT_NODE)
		len_walk(node, &len, &space, &any, 0);
	return len;
}

char *wa_html_text_new(xmlNodePtr node)
{
	wa_buf b;

	wa_buf_init(&b);
	wa_html_text(node, &b);
	return wa_buf_detach(&b, NULL);
}

xmlNodePtr wa_html_find(xmlNodePtr node, const char *name)
{
	for (xmlNodePtr n = node ? node->children : NULL; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (wa_html_is(n, name))
			return n;
		xmlNodePtr found = wa_html_find(n, name);
		if (found)
			return found;
	}
	return NULL;
}

void wa_html_squeeze(char *s)
{
	wa_buf b;
	int space = 0;

	wa_buf_init(&b);
	add_text(&b, s, &space);
	memcpy(s, b.data, b.len + 1);
	wa_buf_free(&b);
}

char *wa_html_title_new(htmlDocPtr doc)
{
	xmlNodePtr t = NULL;

	/* down the first children, across each level: the head's title comes
	 * before anything in the body */
	for (xmlNodePtr n = X.root(doc); n && !t; n = n->children)
		for (xmlNodePtr c = n; c && !t; c = c->next)
			if (c->type == XML_ELEMENT_NODE && !strcasecmp((const char *)c->name, "title"))
				t = c;
	return t ? wa_html_content_new(t) : NULL;
}
