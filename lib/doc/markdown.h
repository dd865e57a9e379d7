/* markdown.h - GitHub-flavoured Markdown (CommonMark with tables,
 * strikethrough, autolinks) to HTML through libcmark-gfm.  Raw HTML in
 * the Markdown is not passed through: documents are made of templates
 * and data, and neither may inject markup.  Charts are the one kind of
 * drawing a document has: see chart.h. */
#ifndef WA_MARKDOWN_H
#define WA_MARKDOWN_H

#include <stddef.h>

#include "base/buf.h"
#include "doc/chart.h"
#include "base/err.h"

struct cmark_node;
/* The document tree of md with the GFM extensions (free it with
 * cmark_node_free); NULL when out of memory. */
struct cmark_node *wa_markdown_parse_new(const char *md, size_t len);

/* The HTML body of md (len bytes, UTF-8), appended to out; charts
 * (chart.h) drawn as inline SVG.  0, or -1 with err (65) for a chart
 * that is wrong ("Markdown line 40: chart: bars[2].value: ..."). */
int wa_markdown_html(const char *md, size_t len, wa_buf *out, wa_err *err);

/* Whether node n is a chart: a fenced code block whose info string
 * begins with the word "chart". */
int wa_markdown_is_chart(struct cmark_node *n);
/* Lay chart node n out (see wa_chart_layout_text); errors name its line. */
int wa_markdown_chart(struct cmark_node *n, double width, wa_chart_measure_fn measure,
	void *user, wa_chart *out, wa_err *err);

#endif
