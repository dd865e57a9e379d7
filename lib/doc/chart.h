/* chart.h - charts in documents, drawn as vectors: a chart is a JSON
 * spec, laid out once into lines, rectangles and text that SVG (in HTML)
 * and PDF drawing both render, so the two look alike and neither needs a
 * raster image or an outside tool.
 *
 * In Markdown a chart is a fenced code block whose info string is
 * "chart" and whose text is the spec:
 *
 *   line  {"type": "line", "title": T, "x_label": T, "y_label": T,
 *          "series": [{"name": T, "points": [[x, y], ...]}, ...],
 *          "marker": {"x": X, "label": T}, "x_step": N} (both optional)
 *   bar   {"type": "bar", "title": T, "y_label": T,
 *          "bars": [{"label": T, "sublabel": T, "value": N,
 *                    "value_label": T, "highlight": true}, ...]}
 *
 * Values are numbers at or above 0; at most 12 series of 1000 points,
 * 24 bars.  Axes start at 0; their ticks are 1, 2, 2.5 or 5 times a power
 * of ten, or x_step apart.  Text is UTF-8. */
#ifndef WA_CHART_H
#define WA_CHART_H

#include <jansson.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

typedef struct wa_chart_shape {
	enum { WA_SHAPE_LINE, WA_SHAPE_RECT, WA_SHAPE_TEXT } kind;
	double x, y;            /* line: from; rect: lower left; text: where its baseline is anchored */
	double x2, y2;          /* line: to; rect: upper right */
	double size;            /* text: font size; line: stroke width */
	unsigned color;         /* 0xRRGGBB: a line's stroke, a rectangle's fill, text */
	int anchor;             /* text: -1 starts, 0 centred, 1 ends at x */
	int bold, dashed;
	char *text;
} wa_chart_shape;

typedef struct wa_chart {
	double width, height;   /* points; y grows upwards from the lower left */
	wa_chart_shape *shapes;
	size_t n, cap;
	char *title;
} wa_chart;

/* The width of s at size (bold or not) in points, for layout; NULL: an
 * estimate from the average width of DejaVu Sans glyphs. */
typedef double (*wa_chart_measure_fn)(const char *s, int bold, double size, void *user);

/* Lay the chart in text (a code block's JSON spec) out in a box width
 * points wide (its height follows).  0, or -1 with err (65) naming the
 * field that is wrong ("series[1].points[3]: not a pair of numbers"), or
 * for text that is not JSON its line and column. */
int wa_chart_layout_text(const char *text, double width, wa_chart_measure_fn measure,
	void *user, wa_chart *out, wa_err *err);
void wa_chart_free(wa_chart *c);

/* The chart as an inline <svg> element with a <title>, appended to out. */
void wa_chart_svg(const wa_chart *c, wa_buf *out);

#endif
