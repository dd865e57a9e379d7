/* html.h - HTML documents through libxml2's forgiving HTML parser, and
 * the small DOM helpers the extractors share.
 *
 * Every document here is UTF-8 (see charset.h) and parsed without
 * network access; element and attribute names are lower case. */
#ifndef WA_HTML_H
#define WA_HTML_H

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "base/buf.h"

/* Parse UTF-8 HTML; never NULL (an empty document at worst).  libxml2
 * is loaded then, not before (base/lazy.h): only this file calls it, and
 * the others use the types and the nodes' fields. */
htmlDocPtr wa_html_parse(const char *utf8, size_t len);
void wa_html_free(htmlDocPtr doc);
/* The document's root element, or NULL. */
xmlNodePtr wa_html_root(htmlDocPtr doc);

/* The value of attribute name, or NULL; borrowed until the next call of
 * wa_html_attr on the same thread. */
const char *wa_html_attr(xmlNodePtr node, const char *name);
/* 1 when node is an element with attribute name. */
int wa_html_has_attr(xmlNodePtr node, const char *name);
/* All the text under node as it is, scripts included: a new string. */
char *wa_html_content_new(xmlNodePtr node);
/* Take node out of its document and free it. */
void wa_html_remove(xmlNodePtr node);
/* A deep copy of node for doc, to free with wa_html_free_node. */
xmlNodePtr wa_html_copy(xmlNodePtr node, htmlDocPtr doc);
void wa_html_free_node(xmlNodePtr node);
/* 1 when node is an element named name. */
int wa_html_is(xmlNodePtr node, const char *name);
/* Append node's text with runs of white space made one space, trimmed;
 * script, style and template contents are left out. */
void wa_html_text(xmlNodePtr node, wa_buf *out);
/* The same into a new string. */
char *wa_html_text_new(xmlNodePtr node);
/* The length in bytes of that text, without building it. */
size_t wa_html_text_len(xmlNodePtr node);
/* The first element named name in document order under node, or NULL. */
xmlNodePtr wa_html_find(xmlNodePtr node, const char *name);
/* The document's <title> (in <head>, or near the top) as it is written:
 * a new string, or NULL. */
char *wa_html_title_new(htmlDocPtr doc);
/* Collapse white space runs in s to one space and trim, in place. */
void wa_html_squeeze(char *s);

#endif
