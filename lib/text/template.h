/* template.h - logic-less templates in the Mustache style, for
 * documents (NDAs, proposals) written in Markdown.
 *
 * Tags: {{name}} (escaped for the output format), {{{name}}} and
 * {{& name}} (as is), dotted names into the data ("client.address.city"),
 * {{.}} (the current item), {{#name}}...{{/name}} (a list repeats, an
 * object becomes the context, true, a number or a string shows; false,
 * null, "", an empty list or a missing value hides), {{^name}}...{{/name}}
 * (the opposite),
 * {{! comment}}, and {{> partial}} (from the clause library the caller
 * gives: a template reads no file and runs nothing).  A tag alone on its
 * line takes the line with it, as the Mustache specification says.
 * Set-delimiter tags and lambdas are not supported.
 *
 * Every variable used must be set: rendering fails listing every missing
 * one with its template and line, unless missing values are allowed. */
#ifndef WA_TEMPLATE_H
#define WA_TEMPLATE_H

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"

typedef struct wa_template wa_template;

/* Parse text; name is used in messages ("nda.md line 12: ...").  0, or
 * -1 with err (65) for an unclosed tag or section or a mismatched close. */
int wa_template_parse(const char *name, const char *text, wa_template **out, wa_err *err);
void wa_template_free(wa_template *t);
const char *wa_template_name(const wa_template *t);

/* Write s (len bytes) for the output format. */
typedef void (*wa_template_escape_fn)(wa_buf *out, const char *s, size_t len);
/* The partial called name, or NULL when there is none. */
typedef const wa_template *(*wa_template_partial_fn)(const char *name, void *user);

typedef struct wa_template_opts {
	wa_template_escape_fn escape;   /* NULL: as is */
	wa_template_partial_fn partial; /* NULL: no partials */
	void *user;
	int allow_missing;              /* render missing variables as "" */
	json_t *used;                   /* if an array: the names looked up */
	json_t *missing;                /* if an array: [{"name", "template", "line"}] */
} wa_template_opts;

/* Render t over data into out.  0, or -1 with err: 65 listing every
 * missing variable ("nda.md line 3: "agency.address" is not set; ..."),
 * or a partial that does not exist or includes itself too deeply. */
int wa_template_render(const wa_template *t, json_t *data, const wa_template_opts *o,
	wa_buf *out, wa_err *err);

/* HTML text: & < > " ' as character references. */
void wa_template_escape_html(wa_buf *out, const char *s, size_t len);
/* Markdown text: the characters that CommonMark could read as markup
 * (emphasis, code, links, HTML, tables, entities; at the start, headings,
 * lists, quotes and numbered items) get a backslash, and a line break
 * becomes a space, so data never becomes markup. */
void wa_template_escape_markdown(wa_buf *out, const char *s, size_t len);

#endif
