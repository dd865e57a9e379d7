/* chart.c - see chart.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/chart.h"
#include "text/template.h"
#include "base/utf8.h"

#define INK     0x222222u
#define MUTED   0x666666u
#define GRID    0xDDDDDDu
#define PAD     6.0
#define TEXT    8.5             /* tick labels, legend, bar labels */
#define TITLE   10.0

/* series colours: blue, orange, green, purple..., distinct in grey too */
static const unsigned palette[] = { 0x1F5FA8, 0xD9822B, 0x3C8D40, 0x7A4EA3, 0xB23B3B,
	0x2A9D8F, 0x8C6D31, 0x555555, 0xE377C2, 0x17BECF, 0xBCBD22, 0x7F7F7F };
#define BAR_PLAIN 0x9DB6D3u
#define BAR_HIGH  0x1F5FA8u

typedef struct ctx {
	wa_chart *c;
	wa_chart_measure_fn measure;
	void *user;
} ctx;

static double measure(const ctx *x, const char *s, int bold, double size)
{
	if (x->measure)
		return x->measure(s, bold, size, x->user);
	/* DejaVu Sans averages about 0.6 em for digits and lower case */
	const char *end = s + strlen(s);
	size_t n = 0;
	while (s < end) {
		wa_utf8_next(&s, end);
		n++;
	}
	return (double)n * size * (bold ? 0.65 : 0.6);
}

static wa_chart_shape *add(wa_chart *c, int kind)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->shapes = wa_mem_realloc(c->shapes, c->cap * sizeof *c->shapes);
	}
	wa_chart_shape *s = &c->shapes[c->n++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->color = INK;
	s->size = 0.8;
	return s;
}

static void line(wa_chart *c, double x, double y, double x2, double y2, double w,
	unsigned color, int dashed)
{
	wa_chart_shape *s = add(c, WA_SHAPE_LINE);

	s->x = x, s->y = y, s->x2 = x2, s->y2 = y2, s->size = w, s->color = color;
	s->dashed = dashed;
}

static void rect(wa_chart *c, double x, double y, double x2, double y2, unsigned color)
{
	wa_chart_shape *s = add(c, WA_SHAPE_RECT);

	s->x = x, s->y = y, s->x2 = x2, s->y2 = y2, s->color = color;
}

static void text(wa_chart *c, double x, double y, const char *t, double size, int anchor,
	int bold, unsigned color)
{
	wa_chart_shape *s = add(c, WA_SHAPE_TEXT);

	s->x = x, s->y = y, s->size = size, s->anchor = anchor, s->bold = bold;
	s->color = color;
	s->text = wa_mem_strdup(t);
}

/* A step of 1, 2, 2.5 or 5 times a power of ten giving at most 6 ticks
 * from 0 to max. */
static double nice_step(double max)
{
	if (max <= 0)
		return 1;
	double raw = max / 5, p = pow(10, floor(log10(raw)));
	static const double m[] = { 1, 2, 2.5, 5, 10 };

	for (int i = 0; i < 5; i++)
		if (m[i] * p >= raw)
			return m[i] * p;
	return 10 * p;
}

/* 12000 -> "12,000"; 2.5 -> "2.5" */
static void tick_label(double v, double step, char *out, size_t size)
{
	char digits[64];
	int decimals = 0;

	/* as many decimals as the step has: 0.25 -> 2, 2.5 -> 1 */
	while (decimals < 6 && fabs(step * pow(10, decimals) -
	    round(step * pow(10, decimals))) > 1e-9 * pow(10, decimals))
		decimals++;
	snprintf(digits, sizeof digits, "%.*f", decimals, v);
	const char *dot = strchr(digits, '.');
	size_t whole = dot ? (size_t)(dot - digits) : strlen(digits), o = 0;
	for (size_t i = 0; i < whole && o + 2 < size; i++) {
		if (i && (whole - i) % 3 == 0 && digits[i - 1] != '-')
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	if (dot)
		snprintf(out + o, size - o, "%s", dot);
}

static const char *field(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int number(json_t *v, double *out)
{
	if (!json_is_number(v))
		return -1;
	*out = json_number_value(v);
	return isfinite(*out) && *out >= 0 ? 0 : -1;
}

/* The title and, under it, the room left: returns the top of what is left. */
static double heading(wa_chart *c, const char *title, double top)
{
	if (!*title)
		return top;
	text(c, 0, top - TITLE - 2, title, TITLE, -1, 1, INK);
	return top - TITLE - PAD - 4;
}

/* Horizontal grid and y labels from 0 to max over [bottom, top] at left. */
static double y_axis(ctx *x, double max, double bottom, double top, double left, double right,
	const char *label)
{
	wa_chart *c = x->c;
	double step = nice_step(max), hi = ceil(max / step - 1e-9) * step;
	char t[64];

	if (hi <= 0)
		hi = step;
	for (int i = 0; i * step <= hi + step / 1000 && i < 50; i++) {
		double y = bottom + (top - bottom) * (i * step) / hi;
		tick_label(i * step, step, t, sizeof t);
		text(c, left - 4, y - TEXT / 3, t, TEXT, 1, 0, MUTED);
		if (i)
			line(c, left, y, right, y, 0.4, GRID, 0);
	}
	line(c, left, bottom, right, bottom, 0.8, INK, 0);
	line(c, left, bottom, left, top, 0.8, INK, 0);
	if (*label)
		text(c, left, top + 4, label, TEXT, -1, 0, MUTED);
	return hi;
}

/* the widest y label from 0 to max */
static double y_label_width(ctx *x, double max)
{
	double step = nice_step(max), hi = ceil(max / step - 1e-9) * step, w = 0;
	char t[64];

	for (int i = 0; i * step <= hi + step / 1000 && i < 50; i++) {
		tick_label(i * step, step, t, sizeof t);
		double tw = measure(x, t, 0, TEXT);
		if (tw > w)
			w = tw;
	}
	return w;
}

/* 1 to 12 series of 2 to 1000 [x, y] pairs at or above 0: 0 with the
 * largest x and y, or -1 with err */
static int check_series(json_t *series, double *xmax, double *ymax, wa_err *err)
{
	json_t *s, *p;
	size_t i, k;

	*xmax = *ymax = 0;
	if (!json_is_array(series) || !json_array_size(series) || json_array_size(series) > 12)
		return wa_err_set(err, WA_EX_DATAERR, "series: 1 to 12 series, each {name, points}");
	json_array_foreach(series, i, s) {
		json_t *pts = json_object_get(s, "points");
		if (!json_is_object(s) || !json_is_array(pts) || json_array_size(pts) < 2 ||
		    json_array_size(pts) > 1000)
			return wa_err_set(err, WA_EX_DATAERR, "series[%zu].points: 2 to 1000 points",
				i);
		json_array_foreach(pts, k, p) {
			double px, py;
			if (json_array_size(p) != 2 || number(json_array_get(p, 0), &px) ||
			    number(json_array_get(p, 1), &py))
				return wa_err_set(err, WA_EX_DATAERR, "series[%zu].points[%zu]: not a "
					"pair of numbers at or above 0", i, k);
			*xmax = px > *xmax ? px : *xmax;
			*ymax = py > *ymax ? py : *ymax;
		}
	}
	return 0;
}

/* the legend: a line and a name per series, on one row at top */
static void legend(ctx *x, json_t *series, double top)
{
	double lx = 0;
	json_t *s;
	size_t i;

	json_array_foreach(series, i, s) {
		unsigned col = palette[i % 12];
		line(x->c, lx, top - TEXT / 3, lx + 16, top - TEXT / 3, 2, col, 0);
		text(x->c, lx + 20, top - TEXT * 0.66, field(s, "name"), TEXT, -1, 0, INK);
		lx += 20 + measure(x, field(s, "name"), 0, TEXT) + 14;
	}
}

/* the x axis's ticks (every x_step, when given and not too fine) and
 * label: the axis's end value */
static double x_axis(ctx *x, json_t *spec, double xmax, double bottom, double left,
	double right)
{
	double xstep = nice_step(xmax), step = json_number_value(json_object_get(spec, "x_step"));
	char t[64];

	if (json_is_number(json_object_get(spec, "x_step")) && step >= xmax / 50)
		xstep = step;
	double xhi = ceil(xmax / xstep - 1e-9) * xstep;
	if (xhi <= 0)
		xhi = xstep;
	for (int j = 0; j * xstep <= xhi + xstep / 1000 && j < 50; j++) {
		double px = left + (right - left) * (j * xstep) / xhi;
		tick_label(j * xstep, xstep, t, sizeof t);
		line(x->c, px, bottom, px, bottom - 3, 0.8, INK, 0);
		text(x->c, px, bottom - 3 - TEXT, t, TEXT, 0, 0, MUTED);
	}
	if (*field(spec, "x_label"))
		text(x->c, (left + right) / 2, bottom - 6 - 2 * TEXT - 2, field(spec, "x_label"),
			TEXT, 0, 0, MUTED);
	return xhi;
}

static int line_chart(ctx *x, json_t *spec, wa_err *err)
{
	wa_chart *c = x->c;
	json_t *series = json_object_get(spec, "series"), *s;
	json_t *marker = json_object_get(spec, "marker");
	double xmax, ymax, v;
	size_t i, k;

	if (check_series(series, &xmax, &ymax, err))
		return -1;
	if (marker && (!json_is_object(marker) || number(json_object_get(marker, "x"), &v)))
		return wa_err_set(err, WA_EX_DATAERR, "marker: {x, label} with x at or above 0");
	c->height = c->width * 0.5;
	double top = heading(c, field(spec, "title"), c->height);
	legend(x, series, top);
	top -= TEXT + PAD + TEXT + 6;   /* the legend, then room for the y label */
	double bottom = TEXT * 2 + PAD * 2 + 4;
	double left = y_label_width(x, ymax) + 8, right = c->width - 4;
	double yhi = y_axis(x, ymax, bottom, top, left, right, field(spec, "y_label"));
	double xhi = x_axis(x, spec, xmax, bottom, left, right);
#define PX(vx) (left + (right - left) * (vx) / xhi)
#define PY(vy) (bottom + (top - bottom) * (vy) / yhi)
	if (marker) {
		double mx = PX(json_number_value(json_object_get(marker, "x")));
		if (mx <= right) {
			line(c, mx, bottom, mx, top, 0.8, MUTED, 1);
			text(c, mx + 3, top - TEXT, field(marker, "label"), TEXT, -1, 0, INK);
		}
	}
	json_array_foreach(series, i, s) {
		json_t *pts = json_object_get(s, "points");
		for (k = 1; k < json_array_size(pts); k++) {
			json_t *a = json_array_get(pts, k - 1), *b = json_array_get(pts, k);
			line(c, PX(json_number_value(json_array_get(a, 0))),
				PY(json_number_value(json_array_get(a, 1))),
				PX(json_number_value(json_array_get(b, 0))),
				PY(json_number_value(json_array_get(b, 1))), 1.8, palette[i % 12], 0);
		}
	}
#undef PX
#undef PY
	return 0;
}

static int bar_chart(ctx *x, json_t *spec, wa_err *err)
{
	wa_chart *c = x->c;
	json_t *bars = json_object_get(spec, "bars"), *b;
	double ymax = 0, v;
	size_t i, n = json_array_size(bars);

	if (!json_is_array(bars) || !n || n > 24)
		return wa_err_set(err, WA_EX_DATAERR, "bars: 1 to 24 bars, each {label, value}");
	json_array_foreach(bars, i, b) {
		if (!json_is_object(b) || number(json_object_get(b, "value"), &v))
			return wa_err_set(err, WA_EX_DATAERR, "bars[%zu].value: not a number at or "
				"above 0", i);
		ymax = v > ymax ? v : ymax;
	}
	c->height = c->width * 0.45;
	double top = heading(c, field(spec, "title"), c->height) - TEXT - 6;
	double bottom = 2 * TEXT + PAD * 2 + 4;
	double left = y_label_width(x, ymax) + 8, right = c->width - 4;
	double yhi = y_axis(x, ymax, bottom, top - TEXT - 2, left, right, field(spec, "y_label"));
	double slot = (right - left) / (double)n;
	json_array_foreach(bars, i, b) {
		double mid = left + slot * ((double)i + 0.5), w = slot * 0.5 > 60 ? 60 : slot * 0.5;
		double h = (top - TEXT - 2 - bottom) * json_number_value(json_object_get(b, "value")) /
			yhi;
		int high = json_is_true(json_object_get(b, "highlight"));
		rect(c, mid - w / 2, bottom, mid + w / 2, bottom + h, high ? BAR_HIGH : BAR_PLAIN);
		if (*field(b, "value_label"))
			text(c, mid, bottom + h + 3, field(b, "value_label"), TEXT, 0, high, INK);
		text(c, mid, bottom - 3 - TEXT, field(b, "label"), TEXT, 0, high, INK);
		if (*field(b, "sublabel"))
			text(c, mid, bottom - 5 - 2 * TEXT, field(b, "sublabel"), TEXT - 1, 0, 0, MUTED);
	}
	line(c, left, bottom, right, bottom, 0.8, INK, 0);
	return 0;
}

/* lay spec out: see wa_chart_layout_text */
static int chart_layout(json_t *spec, double width, wa_chart_measure_fn measure_fn, void *user,
	wa_chart *out, wa_err *err)
{
	ctx x = { out, measure_fn, user };
	const char *type = json_string_value(json_object_get(spec, "type"));
	int rc;

	memset(out, 0, sizeof *out);
	out->width = width;
	if (!json_is_object(spec))
		return wa_err_set(err, WA_EX_DATAERR, "a chart is a JSON object");
	out->title = wa_mem_strdup(field(spec, "title"));
	if (type && !strcmp(type, "line"))
		rc = line_chart(&x, spec, err);
	else if (type && !strcmp(type, "bar"))
		rc = bar_chart(&x, spec, err);
	else
		rc = wa_err_set(err, WA_EX_DATAERR, "type: \"line\" or \"bar\", not %s",
			type ? type : "missing");
	if (rc)
		wa_chart_free(out);
	return rc;
}

int wa_chart_layout_text(const char *text_, double width, wa_chart_measure_fn measure_fn,
	void *user, wa_chart *out, wa_err *err)
{
	json_error_t je;
	json_t *spec = json_loads(text_, 0, &je);
	int rc;

	memset(out, 0, sizeof *out);
	if (!spec)
		return wa_err_set(err, WA_EX_DATAERR, "line %d column %d: %s", je.line, je.column,
			je.text);
	rc = chart_layout(spec, width, measure_fn, user, out, err);
	json_decref(spec);
	return rc;
}

void wa_chart_free(wa_chart *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->shapes[i].text);
	free(c->shapes);
	free(c->title);
	memset(c, 0, sizeof *c);
}

void wa_chart_svg(const wa_chart *c, wa_buf *out)
{
	wa_buf_addf(out, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
		"viewBox=\"0 0 %.1f %.1f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
		"font-family=\"DejaVu Sans, Verdana, sans-serif\"><title>", c->width, c->height,
		c->width * 4 / 3, c->height * 4 / 3);
	wa_template_escape_html(out, c->title, strlen(c->title));
	wa_buf_adds(out, "</title>");
	for (size_t i = 0; i < c->n; i++) {
		const wa_chart_shape *s = &c->shapes[i];
		switch (s->kind) {
		case WA_SHAPE_LINE:
			wa_buf_addf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
				"stroke=\"#%06X\" stroke-width=\"%.2f\"%s/>", s->x, c->height - s->y,
				s->x2, c->height - s->y2, s->color, s->size,
				s->dashed ? " stroke-dasharray=\"3 2\"" : "");
			break;
		case WA_SHAPE_RECT:
			wa_buf_addf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
				"fill=\"#%06X\"/>", s->x, c->height - s->y2, s->x2 - s->x, s->y2 - s->y,
				s->color);
			break;
		case WA_SHAPE_TEXT:
			wa_buf_addf(out, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.1f\" fill=\"#%06X\"%s%s>",
				s->x, c->height - s->y, s->size, s->color, s->anchor < 0 ? "" :
				s->anchor ? " text-anchor=\"end\"" : " text-anchor=\"middle\"",
				s->bold ? " font-weight=\"bold\"" : "");
			wa_template_escape_html(out, s->text, strlen(s->text));
			wa_buf_adds(out, "</text>");
			break;
		}
	}
	wa_buf_adds(out, "</svg>");
}
