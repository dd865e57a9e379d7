/* markdown.c - see markdown.h. */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "doc/chart.h"
#include "doc/markdown.h"

#define CHART_WIDTH 480.0       /* points: the text width of an A4 page, less a margin */

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

int wa_markdown_is_chart(struct cmark_node *n)
{
	const char *info = cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK ?
		cmark_node_get_fence_info(n) : NULL;

	/* the first word, as cmark names the block's language */
	return info && strncmp(info, "chart", 5) == 0 && (!info[5] || info[5] == ' ' ||
		info[5] == '\t');
}

int wa_markdown_chart(struct cmark_node *n, double width, wa_chart_measure_fn measure,
	void *user, wa_chart *out, wa_err *err)
{
	if (wa_chart_layout_text(cmark_node_get_literal(n), width, measure, user, out, err)) {
		wa_err_prefix(err, "Markdown line %d: chart", cmark_node_get_start_line(n));
		return -1;
	}
	return 0;
}

static const char *const code_open = "<pre><code class=\"language-chart\">";

int wa_markdown_html(const char *md, size_t len, wa_buf *out, wa_err *err)
{
	cmark_parser *parser = parser_new();

	if (!parser)
		return wa_err_set(err, WA_EX_SOFTWARE, "out of memory");
	cmark_parser_feed(parser, md, len);
	cmark_node *doc = cmark_parser_finish(parser);
	/* the charts, in document order, drawn as SVG */
	wa_buf *svgs = NULL;
	size_t ncharts = 0;
	int rc = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		wa_chart chart;
		if (ev != CMARK_EVENT_ENTER || !wa_markdown_is_chart(n))
			continue;
		if (wa_markdown_chart(n, CHART_WIDTH, NULL, NULL, &chart, err)) {
			rc = -1;
			break;
		}
		svgs = wa_mem_realloc(svgs, (ncharts + 1) * sizeof *svgs);
		wa_buf_init(&svgs[ncharts]);
		wa_buf_adds(&svgs[ncharts], "<figure class=\"chart\">");
		wa_chart_svg(&chart, &svgs[ncharts]);
		wa_buf_adds(&svgs[ncharts], "</figure>\n");
		ncharts++;
		wa_chart_free(&chart);
	}
	cmark_iter_free(it);
	if (rc == 0) {
		/* rendered safe (no raw HTML, no dangerous links), then each chart's
		 * code block, which only a chart block can give, replaced by its SVG */
		char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT,
			cmark_parser_get_syntax_extensions(parser));
		const char *p = html;
		size_t k = 0;
		for (const char *at; k < ncharts && (at = strstr(p, code_open)); k++) {
			const char *end = strstr(at, "</code></pre>\n");
			if (!end)
				break;
			wa_buf_add(out, p, (size_t)(at - p));
			wa_buf_add(out, svgs[k].data, svgs[k].len);
			p = end + strlen("</code></pre>\n");
		}
		wa_buf_adds(out, p);
		free(html);
	}
	for (size_t i = 0; i < ncharts; i++)
		wa_buf_free(&svgs[i]);
	free(svgs);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	return rc;
}
