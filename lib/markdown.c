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

int wa_markdown_html(const char *md, size_t len, wa_buf *out, wa_err *err)
{
	static const char *const extensions[] = { "table", "strikethrough", "autolink" };
	int options = CMARK_OPT_DEFAULT;

	pthread_once(&once, init);
	cmark_parser *parser = cmark_parser_new(options);
	if (!parser)
		return wa_err_set(err, WA_EX_SOFTWARE, "out of memory");
	for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
		cmark_syntax_extension *ext = cmark_find_syntax_extension(extensions[i]);
		if (!ext) {
			cmark_parser_free(parser);
			return wa_err_set(err, WA_EX_SOFTWARE, "libcmark-gfm has no %s extension",
				extensions[i]);
		}
		cmark_parser_attach_syntax_extension(parser, ext);
	}
	cmark_parser_feed(parser, md, len);
	cmark_node *doc = cmark_parser_finish(parser);
	char *html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
	wa_buf_adds(out, html);
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	return 0;
}
