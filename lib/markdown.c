/* markdown.c - see markdown.h. */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdlib.h>

#include "markdown.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

static const char *const extensions[] = { "table", "strikethrough", "autolink" };

static cmark_parser *parser_new(void)
{
	cmark_parser *parser;

	pthread_once(&once, init);
	if (!(parser = cmark_parser_new(CMARK_OPT_DEFAULT)))
		return NULL;
	for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
		cmark_syntax_extension *ext = cmark_find_syntax_extension(extensions[i]);
		if (ext)        /* all three are core extensions of libcmark-gfm */
			cmark_parser_attach_syntax_extension(parser, ext);
	}
	return parser;
}

cmark_node *wa_markdown_parse_new(const char *md, size_t len)
{
	cmark_parser *parser = parser_new();

	if (!parser)
		return NULL;
	cmark_parser_feed(parser, md, len);
	cmark_node *doc = cmark_parser_finish(parser);
	cmark_parser_free(parser);
	return doc;
}

int wa_markdown_html(const char *md, size_t len, wa_buf *out, wa_err *err)
{
	cmark_parser *parser = parser_new();

	if (!parser)
		return wa_err_set(err, WA_EX_SOFTWARE, "out of memory");
	cmark_parser_feed(parser, md, len);
	cmark_node *doc = cmark_parser_finish(parser);
	char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT,
		cmark_parser_get_syntax_extensions(parser));
	wa_buf_adds(out, html);
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	return 0;
}
