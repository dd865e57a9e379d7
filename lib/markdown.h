/* markdown.h - GitHub-flavoured Markdown (CommonMark with tables,
 * strikethrough, autolinks) to HTML through libcmark-gfm.  Raw HTML in
 * the Markdown is not passed through: documents are made of templates
 * and data, and neither may inject markup. */
#ifndef WA_MARKDOWN_H
#define WA_MARKDOWN_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

struct cmark_node;
/* The document tree of md with the GFM extensions (free it with
 * cmark_node_free); NULL when out of memory. */
struct cmark_node *wa_markdown_parse_new(const char *md, size_t len);

/* The HTML body of md (len bytes, UTF-8), appended to out. */
int wa_markdown_html(const char *md, size_t len, wa_buf *out, wa_err *err);

#endif
