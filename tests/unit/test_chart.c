/* Charts: the axes' ticks, where bars and lines land, the SVG, the PDF
 * drawing and every bad spec.  Expected positions are worked out by hand
 * from the layout rules in chart.c, written next to each assertion. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc/chart.h"
#include "doc/markdown.h"
#include "doc/pdf.h"

/* a fixed width per character, so that positions can be worked out */
static double fixed(const char *s, int bold, double size, void *user)
{
	(void)bold;
	(void)user;
	return (double)strlen(s) * size * 0.5;
}

static void layout(const char *spec, wa_chart *c)
{
	wa_err err = WA_ERR_INIT;

	cr_assert_eq(wa_chart_layout_text(spec, 400, fixed, NULL, c, &err), 0, "%s", err.msg);
}

static const wa_chart_shape *text_shape(const wa_chart *c, const char *t)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->shapes[i].kind == WA_SHAPE_TEXT && strcmp(c->shapes[i].text, t) == 0)
			return &c->shapes[i];
	return NULL;
}

Test(chart, bar_ticks_are_round_numbers_above_the_largest_value)
{
	wa_chart c;
	/* max 3140: a fifth is 628; 1, 2, 2.5 and 5 hundreds are below it, so
	 * the step is 1000 and the axis runs to 4000 */
	layout("{\"type\":\"bar\",\"bars\":[{\"label\":\"A\",\"value\":400},"
		"{\"label\":\"B\",\"value\":3140}]}", &c);
	const char *ticks[] = { "0", "1,000", "2,000", "3,000", "4,000" };
	for (int i = 0; i < 5; i++)
		cr_assert_not_null(text_shape(&c, ticks[i]), "no tick %s", ticks[i]);
	cr_assert_null(text_shape(&c, "5,000"));
	cr_assert_null(text_shape(&c, "500"));
	wa_chart_free(&c);
}

Test(chart, bars_are_as_tall_as_their_values)
{
	wa_chart c;
	layout("{\"type\":\"bar\",\"bars\":[{\"label\":\"A\",\"value\":400},"
		"{\"label\":\"B\",\"value\":1000,\"highlight\":true},{\"label\":\"C\",\"value\":0}]}",
		&c);
	/* step 200 (a fifth of 1000), axis to 1000: B fills the plot, A is
	 * 0.4 of it; three bars share the width in equal slots */
	const wa_chart_shape *bars[3];
	int n = 0;
	for (size_t i = 0; i < c.n; i++)
		if (c.shapes[i].kind == WA_SHAPE_RECT)
			bars[n++] = &c.shapes[i];
	cr_assert_eq(n, 3);
	double ha = bars[0]->y2 - bars[0]->y, hb = bars[1]->y2 - bars[1]->y;
	cr_assert_float_eq(ha / hb, 0.4, 1e-9);
	cr_assert_float_eq(bars[2]->y2 - bars[2]->y, 0, 1e-9);
	cr_assert_eq(bars[0]->y, bars[1]->y);
	cr_assert_neq(bars[0]->color, bars[1]->color, "the highlighted bar stands out");
	cr_assert_eq(bars[0]->color, bars[2]->color);
	double mid0 = (bars[0]->x + bars[0]->x2) / 2, mid1 = (bars[1]->x + bars[1]->x2) / 2,
		mid2 = (bars[2]->x + bars[2]->x2) / 2;
	cr_assert_float_eq(mid1 - mid0, mid2 - mid1, 1e-9);
	/* the axis label "1,000" sits at the top of B (its baseline a third
	 * of the text size below the line it names) */
	const wa_chart_shape *top = text_shape(&c, "1,000");
	cr_assert_not_null(top);
	cr_assert_float_eq(top->y + 8.5 / 3, bars[1]->y2, 1e-9);
	wa_chart_free(&c);
}

Test(chart, line_points_land_on_their_values_and_the_marker_between)
{
	wa_chart c;
	/* x to 36 in steps of 6: 7 ticks; y max 100: step 20, axis to 100 */
	layout("{\"type\":\"line\",\"x_step\":6,\"series\":[{\"name\":\"a\",\"points\":"
		"[[0,0],[36,100]]},{\"name\":\"b\",\"points\":[[0,50],[18,50],[36,50]]}],"
		"\"marker\":{\"x\":9,\"label\":\"here\"}}", &c);
	for (int m = 0; m <= 36; m += 6) {
		char t[8];
		snprintf(t, sizeof t, "%d", m);
		cr_assert_not_null(text_shape(&c, t), "no tick %s", t);
	}
	cr_assert_null(text_shape(&c, "42"));
	cr_assert_not_null(text_shape(&c, "100"));
	cr_assert_null(text_shape(&c, "120"));
	/* the series are the thick lines: 1 segment for a, 2 for b */
	int n = 0;
	for (size_t i = 0; i < c.n; i++)
		n += c.shapes[i].kind == WA_SHAPE_LINE && c.shapes[i].size > 1.5;
	cr_assert_eq(n, 3 + 2, "3 series segments and 2 legend samples, got %d", n);
	/* a goes corner to corner; b is flat at half of a's height */
	const wa_chart_shape *a = NULL, *b1 = NULL;
	for (size_t i = 0; i < c.n; i++) {
		const wa_chart_shape *s = &c.shapes[i];
		if (s->kind != WA_SHAPE_LINE || s->size < 1.5 || s->x2 - s->x < 20)
			continue;
		if (!a)
			a = s;
		else if (!b1)
			b1 = s;
	}
	cr_assert_not_null(a);
	cr_assert_not_null(b1);
	cr_assert_float_eq(b1->y, b1->y2, 1e-9);
	cr_assert_float_eq(b1->y - a->y, (a->y2 - a->y) / 2, 1e-9);
	cr_assert_float_eq(b1->x2 - b1->x, (a->x2 - a->x) / 2, 1e-9);
	/* the marker: a dashed line a quarter of the way along (9 of 36) */
	const wa_chart_shape *m = NULL;
	for (size_t i = 0; i < c.n; i++)
		if (c.shapes[i].kind == WA_SHAPE_LINE && c.shapes[i].dashed)
			m = &c.shapes[i];
	cr_assert_not_null(m);
	cr_assert_float_eq(m->x, a->x + (a->x2 - a->x) / 4, 1e-9);
	cr_assert_not_null(text_shape(&c, "here"));
	wa_chart_free(&c);
}

Test(chart, thousands_and_fractions_in_tick_labels)
{
	wa_chart c;
	/* max 96,432: a fifth is 19,286, so steps of 20,000 to 100,000 */
	layout("{\"type\":\"line\",\"series\":[{\"name\":\"a\",\"points\":[[0,0],[3,96432]]}]}",
		&c);
	cr_assert_not_null(text_shape(&c, "100,000"));
	cr_assert_not_null(text_shape(&c, "20,000"));
	/* x max 3: a fifth is 0.6, so steps of 1 (and no x_step) */
	cr_assert_not_null(text_shape(&c, "3"));
	wa_chart_free(&c);
	/* max 1.2: a fifth is 0.24, so steps of 0.25 to 1.25 */
	layout("{\"type\":\"bar\",\"bars\":[{\"label\":\"x\",\"value\":1.2}]}", &c);
	cr_assert_not_null(text_shape(&c, "0.25"));
	cr_assert_not_null(text_shape(&c, "1.25"));
	wa_chart_free(&c);
}

Test(chart, svg_is_escaped_and_upside_down)
{
	wa_chart c;
	wa_buf out;

	layout("{\"type\":\"bar\",\"title\":\"Plans <&> \\\"2026\\\"\",\"bars\":[{\"label\":"
		"\"<b>\",\"value\":1}]}", &c);
	wa_buf_init(&out);
	wa_chart_svg(&c, &out);
	cr_assert(strstr(out.data, "<title>Plans &lt;&amp;&gt; &quot;2026&quot;</title>"),
		"%s", out.data);
	cr_assert(strstr(out.data, ">&lt;b&gt;</text>"));
	cr_assert_null(strstr(out.data, "<b>"));
	/* SVG's y runs down: the bar's top edge is at height - y2 */
	const wa_chart_shape *bar = NULL;
	for (size_t i = 0; i < c.n; i++)
		if (c.shapes[i].kind == WA_SHAPE_RECT)
			bar = &c.shapes[i];
	char want[128];
	snprintf(want, sizeof want, "<rect x=\"%.2f\" y=\"%.2f\"", bar->x, c.height - bar->y2);
	cr_assert(strstr(out.data, want), "no %s in %s", want, out.data);
	wa_buf_free(&out);
	wa_chart_free(&c);
}

static void refused(const char *spec, const char *words)
{
	wa_chart c;
	wa_err err = WA_ERR_INIT;

	cr_assert_eq(wa_chart_layout_text(spec, 400, NULL, NULL, &c, &err), -1, "%s", spec);
	cr_assert_eq(err.code, WA_EX_DATAERR);
	cr_assert(strstr(err.msg, words), "\"%s\" not in \"%s\"", words, err.msg);
}

Test(chart, bad_specs_say_what_is_wrong)
{
	refused("{\"type\":\"pie\"}", "type: \"line\" or \"bar\", not pie");
	refused("[1]", "a chart is a JSON object");
	refused("{\"type\":\"bar\"", "line 1 column");
	refused("{\"type\":\"bar\",\"bars\":[]}", "bars: 1 to 24");
	refused("{\"type\":\"bar\",\"bars\":[{\"value\":1},{\"value\":-2}]}", "bars[1].value");
	refused("{\"type\":\"bar\",\"bars\":[{\"value\":\"3\"}]}", "bars[0].value");
	refused("{\"type\":\"line\",\"series\":[{\"points\":[[0,1]]}]}", "series[0].points: 2 to");
	refused("{\"type\":\"line\",\"series\":[{\"points\":[[0,1],[1,2]]},{\"points\":[[0,1],"
		"[1]]}]}", "series[1].points[1]");
	refused("{\"type\":\"line\",\"series\":[{\"points\":[[0,1],[1,2]]}],\"marker\":{}}",
		"marker");
}

Test(chart, markdown_draws_charts_as_svg_and_nothing_else)
{
	const char *md = "# T\n\n```chart\n{\"type\":\"bar\",\"bars\":[{\"label\":\"A\","
		"\"value\":2}]}\n```\n\n```c\nint x;\n```\n\n<svg onload=\"x()\"></svg>\n\n"
		"```chart note\n{\"type\":\"bar\",\"bars\":[{\"label\":\"B\",\"value\":1}]}\n```\n";
	wa_buf out;
	wa_err err = WA_ERR_INIT;

	wa_buf_init(&out);
	cr_assert_eq(wa_markdown_html(md, strlen(md), &out, &err), 0, "%s", err.msg);
	int figures = 0;
	for (const char *p = out.data; (p = strstr(p, "<figure class=\"chart\"><svg")); p++)
		figures++;
	cr_assert_eq(figures, 2, "%s", out.data);
	cr_assert(strstr(out.data, ">A</text>") && strstr(out.data, ">B</text>"));
	cr_assert(strstr(out.data, "<pre><code class=\"language-c\">int x;"));
	cr_assert_null(strstr(out.data, "language-chart"));
	cr_assert_null(strstr(out.data, "onload"), "raw HTML stays out: %s", out.data);
	wa_buf_free(&out);
}

Test(chart, a_bad_chart_in_markdown_names_its_line)
{
	const char *md = "# T\n\ntext\n\n```chart\n{\"type\":\"bar\",\"bars\":[{\"value\":-1}]}\n"
		"```\n";
	wa_buf out;
	wa_err err = WA_ERR_INIT;
	wa_pdf_meta meta = { "t", NULL, NULL, NULL };

	wa_buf_init(&out);
	cr_assert_eq(wa_markdown_html(md, strlen(md), &out, &err), -1);
	cr_assert(strstr(err.msg, "Markdown line 5: chart: bars[0].value"), "%s", err.msg);
	wa_err_clear(&err);
	cr_assert_eq(wa_pdf_from_markdown(md, strlen(md), &meta, &out, &err), -1);
	cr_assert(strstr(err.msg, "Markdown line 5: chart: bars[0].value"), "%s", err.msg);
	wa_buf_free(&out);
}

Test(chart, pdf_draws_vectors_not_images)
{
	const char *md = "# T\n\n```chart\n{\"type\":\"line\",\"title\":\"Cost\",\"series\":"
		"[{\"name\":\"today\",\"points\":[[0,0],[36,1000]]}]}\n```\n";
	wa_buf out;
	wa_err err = WA_ERR_INIT;
	wa_pdf_meta meta = { "t", NULL, NULL, NULL };
	char path[] = "/tmp/wa-chart-XXXXXX";

	wa_buf_init(&out);
	cr_assert_eq(wa_pdf_from_markdown(md, strlen(md), &meta, &out, &err), 0, "%s", err.msg);
	int fd = mkstemp(path);
	cr_assert_eq(write(fd, out.data, out.len), (ssize_t)out.len);
	close(fd);
	/* qpdf uncompresses the page's content stream: the chart is strokes
	 * (m, l, S) in colour (RG), with no image in the file; both tools
	 * must be there (a missing pdfimages would count no images) */
	cr_assert_eq(system("command -v qpdf > /dev/null && command -v pdfimages > /dev/null"), 0,
		"qpdf and pdfimages (qpdf, poppler-utils) are needed");
	char cmd[512], line[4096];
	snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable %s - | "
		"grep -a -c -E ' (RG|l|m)$'; pdfimages -list %s | tail -n +3 | wc -l", path, path);
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	cr_assert_not_null(fgets(line, sizeof line, p));
	int ops = atoi(line);
	cr_assert_not_null(fgets(line, sizeof line, p));
	int images = atoi(line);
	pclose(p);
	unlink(path);
	cr_assert_gt(ops, 20, "drawing operators: %d", ops);
	cr_assert_eq(images, 0);
	wa_buf_free(&out);
}
