/* pdf.c - see pdf.h.  Two steps: lay the Markdown out into a list of
 * drawing operations on numbered pages (text is measured with the
 * embedded fonts; UTF-8 is wrapped at spaces, and at code points when a
 * word is wider than the line), then draw them, now that "Page N of M"
 * knows M. */
#include <cmark-gfm.h>
#include <hpdf.h>
#include <hpdf_objects.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/clock.h"
#include "base/hash.h"
#include "doc/markdown.h"
#include "doc/pdf.h"
#include "doc/ttf.h"
#include "base/utf8.h"

#define FONT_DIR "/usr/share/fonts/truetype/dejavu/"
#define PAGE_W 595.276          /* A4 in points */
#define PAGE_H 841.89
#define MARGIN 56.7             /* 20 mm */
#define TOP (PAGE_H - 70)
#define BOTTOM 70
#define SIGN_ROW_H 40         /* room for a visible signature */

enum { F_REGULAR, F_BOLD, F_OBLIQUE, F_COUNT };
enum { OP_TEXT, OP_LINE, OP_RECT, OP_SEG, OP_FILL };

/* what to draw: OP_LINE a rule w long; OP_RECT a box (filled with gray
 * when below 1); OP_SEG a line to (x + w, y + h), size wide; OP_FILL a
 * box filled with rgb.  Text and OP_SEG are drawn in rgb (0: black). */
typedef struct op {
	int page, kind, font;
	double x, y, w, h, size, gray;
	unsigned rgb;
	int dashed;
	char *text;
} op;

typedef struct run {
	char *text;
	int font;
} run;

/* a party's place to sign: a "Signature" row's cell */
typedef struct slot {
	int page;
	double x, y, w, h;
	char *party;
} slot;

typedef struct layout {
	HPDF_Doc pdf;
	slot *slots;
	size_t nslots;
	HPDF_Font font[F_COUNT];
	op *ops;
	size_t nops, capops;
	int page;
	double y;
	int list_depth;
	int ordered[16], number[16];
	int depth;              /* lists and quotes around the block */
	double quote_indent;
	HPDF_STATUS error;
	wa_err chart_err;       /* the first chart that could not be drawn */
	int simple;             /* Windows-1252 fonts (else UTF-8 CID fonts) */
	wa_buf conv;            /* text converted for them */
} layout;

static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
	layout *l = user;

	(void)detail;
	if (!l->error)
		l->error = code;
}

static void layout_free(layout *l)
{
	for (size_t i = 0; i < l->nops; i++)
		free(l->ops[i].text);
	free(l->ops);
	for (size_t i = 0; i < l->nslots; i++)
		free(l->slots[i].party);
	free(l->slots);
	l->ops = NULL, l->slots = NULL, l->nops = l->nslots = 0;
}

static double width(layout *l, int font, double size, const char *s, size_t len);

/* Add o to the current page.  A word that follows the text before it on
 * the same line, in the same font, one or more spaces' width after it,
 * joins it: "(chat and phone) Tj" draws the same as three words placed
 * one by one, at a fraction of the content to write and compress. */
static void add_op(layout *l, op o)
{
	if (o.kind == OP_TEXT) {
		if (o.w <= 0)   /* the caller's measure, when it has one */
			o.w = width(l, o.font, o.size, o.text, strlen(o.text));
		op *p = l->nops ? &l->ops[l->nops - 1] : NULL;
		if (p && p->kind == OP_TEXT && p->page == l->page && p->font == o.font &&
		    p->size == o.size && p->rgb == o.rgb && p->y == o.y) {
			double space = width(l, o.font, o.size, " ", 1), gap = o.x - (p->x + p->w);
			long n = lround(gap / space);
			if (n >= 1 && n <= 8 && fabs(gap - (double)n * space) < 0.001) {
				size_t a = strlen(p->text), b = strlen(o.text);
				p->text = wa_mem_realloc(p->text, a + (size_t)n + b + 1);
				memset(p->text + a, ' ', (size_t)n);
				memcpy(p->text + a + n, o.text, b + 1);
				p->w += gap + o.w;
				free(o.text);
				return;
			}
		}
	}
	if (l->nops == l->capops) {
		l->capops = l->capops ? 2 * l->capops : 256;
		l->ops = wa_mem_realloc(l->ops, l->capops * sizeof *l->ops);
	}
	o.page = l->page;
	l->ops[l->nops++] = o;
}

/* The fonts, read once per process: widths measured here (libharu's
 * own measuring searches the cmap for every character), and a slim copy
 * of each in a memory file for libharu to embed.  Not thread-safe. */
static const char *const font_files[F_COUNT] = { "DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
	"DejaVuSans-Oblique.ttf" };
static wa_ttf *fonts[F_COUNT];

static int fonts_open(wa_err *err)
{
	for (int i = 0; i < F_COUNT; i++) {
		if (fonts[i])
			continue;
		char path[256];
		snprintf(path, sizeof path, FONT_DIR "%s", font_files[i]);
		if (!(fonts[i] = wa_ttf_open_new(path, err))) {
			if (err->code == WA_EX_NOINPUT)
				wa_err_set(err, WA_EX_UNAVAILABLE, "font %s: cannot load it "
					"(fonts-dejavu-core installs it)", path);
			return -1;
		}
	}
	return 0;
}

/* The font libharu embeds for font: a subset for printable ASCII and
 * the code points in extra (a bitmap of the BMP), kept for the next
 * documents that need the same subset. */
#define FONT_CACHE 8
static struct { char *key; wa_buf ttf; } font_cache[F_COUNT][FONT_CACHE];
static int font_next[F_COUNT];

static const wa_buf *font_subset(int font, const unsigned char *extra)
{
	wa_buf key;
	uint32_t *cps = wa_mem_alloc(0x10000 * sizeof *cps);
	size_t n = 0;

	wa_buf_init(&key);
	for (uint32_t c = 0x20; c < 0x7F; c++)
		cps[n++] = c;
	for (uint32_t c = 0x7F; c < 0x10000; c++)
		if (extra[c >> 3] & (1u << (c & 7))) {
			cps[n++] = c;
			wa_buf_addf(&key, "%x.", (unsigned)c);
		}
	wa_buf_addc(&key, '\0');
	for (int i = 0; i < FONT_CACHE; i++)
		if (font_cache[font][i].key && strcmp(font_cache[font][i].key, key.data) == 0) {
			free(cps);
			wa_buf_free(&key);
			return &font_cache[font][i].ttf;
		}
	int slot = font_next[font]++ % FONT_CACHE;
	free(font_cache[font][slot].key);
	wa_buf_free(&font_cache[font][slot].ttf);
	font_cache[font][slot].key = wa_buf_detach(&key, NULL);
	wa_buf_init(&font_cache[font][slot].ttf);
	wa_ttf_subset(fonts[font], cps, n, &font_cache[font][slot].ttf);
	free(cps);
	return &font_cache[font][slot].ttf;
}

/* Load ttf into the document as an embedded TrueType font, from memory:
 * what HPDF_LoadTTFontFromFile does after opening its file, whose reader
 * makes a system call for every seek and read of the font's tables.  The
 * font's name, or NULL (libharu's error state is set). */
static const char *load_font(HPDF_Doc pdf, const wa_buf *ttf)
{
	HPDF_Stream in = HPDF_MemStream_New(pdf->mmgr, (HPDF_UINT)(ttf->len + 1));

	if (!in)
		return NULL;
	if (HPDF_Stream_Write(in, (const HPDF_BYTE *)ttf->data, (HPDF_UINT)ttf->len) != HPDF_OK ||
	    HPDF_Stream_Seek(in, 0, HPDF_SEEK_SET) != HPDF_OK) {
		HPDF_Stream_Free(in);
		return NULL;
	}
	HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, in, HPDF_TRUE);     /* owns in */
	if (!def)
		return NULL;
	if (HPDF_Doc_RegisterFontDef(pdf, def) != HPDF_OK)      /* frees def on failure */
		return NULL;
	/* the subset's tag: AAAAAA+, AAAAAB+ ... as libharu counts them */
	if (pdf->ttfont_tag[0] == 0) {
		memcpy(pdf->ttfont_tag, "HPDFAA", 6);
	} else {
		for (int i = 5; i >= 0; i--) {
			pdf->ttfont_tag[i] += 1;
			if (pdf->ttfont_tag[i] > 'Z')
				pdf->ttfont_tag[i] = 'A';
			else
				break;
		}
	}
	HPDF_TTFontDef_SetTagName(def, (char *)pdf->ttfont_tag);
	return def->base_font;
}

/* Windows-1252's byte for code point cp, or -1 */
static int cp1252(uint32_t cp)
{
	static const uint16_t high[32] = { 0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020,
		0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019,
		0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,
		0x017E, 0x0178 };

	if (cp < 0x80 || (cp >= 0xA0 && cp < 0x100))
		return (int)cp;
	for (int i = 0; i < 32; i++)
		if (high[i] && high[i] == cp)
			return 0x80 + i;
	return -1;
}

/* UTF-8 text s in Windows-1252, into out (NUL-terminated) */
static void to_cp1252(const char *s, wa_buf *out)
{
	const char *end = s + strlen(s);

	wa_buf_reset(out);
	while (s < end) {
		int b = cp1252(wa_utf8_next(&s, end));
		wa_buf_addc(out, (char)(b > 0 ? b : '?'));
	}
	wa_buf_addc(out, '\0');
	out->len--;
}

/* mark the BMP code points of UTF-8 text s at or above U+007F; whether
 * Windows-1252 can show them all */
static int mark(unsigned char *set, const char *s)
{
	const char *end = s ? s + strlen(s) : s;
	int all1252 = 1;

	while (s < end) {
		uint32_t cp = wa_utf8_next(&s, end);
		if (cp >= 0x7F && cp < 0x10000)
			set[cp >> 3] |= (unsigned char)(1u << (cp & 7));
		if (cp >= 0x7F && cp1252(cp) < 0)
			all1252 = 0;
	}
	return all1252;
}

static double width(layout *l, int font, double size, const char *s, size_t len)
{
	(void)l;
	return len ? (double)wa_ttf_text_width(fonts[font], s, len) * size / 1000.0 : 0;
}

static void need(layout *l, double h)
{
	if (l->y - h < BOTTOM) {
		l->page++;
		l->y = TOP;
	}
}

/* ---- inline runs ---- */

/* The inline text under n as runs of one font each, walked without
 * recursion (emphasis may nest as deep as the input cares to). */
static void collect(cmark_node *n, int font, run **runs, size_t *nruns)
{
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	size_t cap = 0;
	int strong = 0, emph = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(c);
		int d = ev == CMARK_EVENT_ENTER ? 1 : -1;
		const char *lit = NULL;
		if (c == n)
			continue;
		if (t == CMARK_NODE_STRONG)
			strong += d;
		else if (t == CMARK_NODE_EMPH)
			emph += d;
		else if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE))
			lit = cmark_node_get_literal(c);
		else if (ev == CMARK_EVENT_ENTER &&
		    (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK))
			lit = " ";
		if (!lit)
			continue;
		if (*nruns == cap) {
			cap = cap ? cap * 2 : 16;
			*runs = wa_mem_realloc(*runs, cap * sizeof **runs);
		}
		/* bold wins over oblique, as the enclosing font does */
		int f = font == F_BOLD || strong > 0 ? F_BOLD :
			emph > 0 || font == F_OBLIQUE ? F_OBLIQUE : font;
		(*runs)[(*nruns)++] = (run){ wa_mem_strdup(lit), f };
	}
	cmark_iter_free(it);
}

static void free_runs(run *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(r[i].text);
	free(r);
}

/* Move *at on from the start of a word (ending at end) over as many
 * code points as fit in room, one at least; their width. */
static double cut_at(layout *l, int font, double size, const char **at, const char *end,
	double room)
{
	double used = 0;

	while (*at < end) {
		const char *p = *at;
		wa_utf8_next(&p, end);
		double cw = width(l, font, size, *at, (size_t)(p - *at));
		if (used > 0 && used + cw > room)
			break;
		used += cw;
		*at = p;
	}
	return used;
}

/* Lay runs out from x0 within w, lines of height lh; on the current page
 * flow unless fixed_page (table cells: lines counted, pages not turned).
 * Returns the number of lines. */
static int flow(layout *l, run *runs, size_t nruns, double x0, double w, double size,
	double lh, int draw, double top)
{
	double x = x0, y = top;
	int lines = 1;

	for (size_t r = 0; r < nruns; r++) {
		const char *s = runs[r].text;
		int f = runs[r].font;
		while (*s) {
			/* a word and the spaces before it */
			const char *ws = s;
			while (*s == ' ')
				s++;
			const char *we = s;
			while (*we && *we != ' ')
				we++;
			double space = width(l, f, size, " ", 1) * (double)(s - ws);
			double ww = width(l, f, size, s, (size_t)(we - s));
			if (x > x0 && x + space + ww > x0 + w) {
				x = x0;
				y -= lh;
				lines++;
				space = 0;
			}
			/* a word wider than the line: cut it at code points, each
			 * measured once (widths add up), so that a long word costs
			 * its length, not its length times its lines */
			while (ww > w && we > s) {
				const char *cut = s;
				double used = cut_at(l, f, size, &cut, we, w - (x - x0));
				if (draw)
					add_op(l, (op){ .kind = OP_TEXT, .font = f, .x = x, .y = y,
						.size = size, .w = used,
						.text = wa_mem_strndup(s, (size_t)(cut - s)) });
				s = cut;
				x = x0;
				y -= lh;
				lines++;
				ww -= used;
			}
			x += space;
			if (draw && we > s)
				add_op(l, (op){ .kind = OP_TEXT, .font = f, .x = x, .y = y, .size = size,
					.w = ww, .text = wa_mem_strndup(s, (size_t)(we - s)) });
			x += ww;
			s = we;
		}
	}
	return lines;
}

/* a paragraph-like block: measured, then placed on this page or the next */
static void block_text(layout *l, cmark_node *n, int font, double size, double indent,
	double before, double after, const char *bullet)
{
	run *runs = NULL;
	size_t nruns = 0;
	double lh = size * 1.4, x0 = MARGIN + indent + l->quote_indent;
	double w = PAGE_W - MARGIN - x0;

	collect(n, font, &runs, &nruns);
	int lines = flow(l, runs, nruns, x0, w, size, lh, 0, 0);
	l->y -= before;
	/* short blocks are not split over pages; long ones start where there
	 * is room for a line and flow on to the next pages */
	need(l, lines <= 4 ? lines * lh : lh);
	double top = l->y - size;
	if (bullet)
		add_op(l, (op){ .kind = OP_TEXT, .font = F_REGULAR, .x = x0 - 16, .y = top,
			.size = size, .text = wa_mem_strdup(bullet) });
	if (lines <= 4 || top - (lines - 1) * lh >= BOTTOM) {
		flow(l, runs, nruns, x0, w, size, lh, 1, top);
		l->y = top - (lines - 1) * lh - (lh - size);
	} else {
		/* a long block: flow it, then move the lines that fall below the
		 * bottom margin to the following pages */
		size_t first = l->nops;
		flow(l, runs, nruns, x0, w, size, lh, 1, top);
		int page = l->page;
		double shift = 0;
		for (size_t i = first; i < l->nops; i++) {
			op *o = &l->ops[i];
			o->y += shift;
			if (o->y < BOTTOM) {
				page++;
				shift += TOP - size - o->y;
				o->y = TOP - size;
			}
			o->page = page;
		}
		l->page = page;
		l->y = l->ops[l->nops - 1].y - (lh - size);
	}
	l->y -= after;
	free_runs(runs, nruns);
}

static const char *type_string(cmark_node *n)
{
	return cmark_node_get_type_string(n);
}

/* the lines a table row needs: its tallest cell */
static int row_lines(layout *l, cmark_node *row, size_t cols, double cw, double size,
	double lh, double pad)
{
	int header = strcmp(type_string(row), "table_header") == 0, lines = 1;
	size_t i = 0;

	for (cmark_node *cell = cmark_node_first_child(row); cell && i < cols;
	    cell = cmark_node_next(cell), i++) {
		run *runs = NULL;
		size_t nruns = 0;
		collect(cell, header ? F_BOLD : F_REGULAR, &runs, &nruns);
		int n = flow(l, runs, nruns, 0, cw - 2 * pad, size, lh, 0, 0);
		if (n > lines)
			lines = n;
		free_runs(runs, nruns);
	}
	return lines;
}

/* The text of a node and its descendants, appended to b; between
 * blocks and at line breaks a space when sep. */
static void plain_sep(cmark_node *n, wa_buf *b, int sep)
{
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(c);
		const char *lit = ev == CMARK_EVENT_ENTER && c != n ? cmark_node_get_literal(c) : NULL;
		if (lit)
			wa_buf_adds(b, lit);
		else if (sep && ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_SOFTBREAK ||
		    t == CMARK_NODE_LINEBREAK))
			wa_buf_adds(b, " ");
		else if (sep && ev == CMARK_EVENT_EXIT && (t & CMARK_NODE_TYPE_MASK) ==
		    CMARK_NODE_TYPE_BLOCK && b->len && b->data[b->len - 1] != ' ')
			wa_buf_adds(b, " ");
	}
	cmark_iter_free(it);
}

static void plain(cmark_node *n, wa_buf *b)
{
	plain_sep(n, b, 0);
}

/* A body row whose first cell says "Signature" is a signature block's:
 * each other cell is a party's place to sign, its party the column's
 * header. */
static int signature_row(cmark_node *row)
{
	wa_buf b;

	if (strcmp(type_string(row), "table_row"))
		return 0;
	wa_buf_init(&b);
	plain(cmark_node_first_child(row), &b);
	int yes = b.data && strcmp(b.data, "Signature") == 0;
	wa_buf_free(&b);
	return yes;
}

static void add_slot(layout *l, cmark_node *table, size_t col, double x, double y, double w,
	double h)
{
	cmark_node *cell = cmark_node_first_child(cmark_node_first_child(table));
	wa_buf b;

	for (size_t i = 0; cell && i < col; i++)
		cell = cmark_node_next(cell);
	wa_buf_init(&b);
	if (cell)
		plain(cell, &b);
	l->slots = wa_mem_realloc(l->slots, (l->nslots + 1) * sizeof *l->slots);
	l->slots[l->nslots++] = (slot){ l->page, x + 2, y + 2, w - 4, h - 4,
		wa_mem_strdup(b.data ? b.data : "") };
	wa_buf_free(&b);
}

static void table(layout *l, cmark_node *t)
{
	size_t cols = 0;
	double size = 9.5, lh = size * 1.35, pad = 4;

	for (cmark_node *c = cmark_node_first_child(cmark_node_first_child(t)); c;
	    c = cmark_node_next(c))
		cols++;
	if (!cols)
		return;
	double x0 = MARGIN + l->quote_indent, w = PAGE_W - MARGIN - x0, cw = w / (double)cols;
	l->y -= 6;
	/* a table that fits on a page is not split (a signature block above all) */
	double total = 0;
	for (cmark_node *row = cmark_node_first_child(t); row; row = cmark_node_next(row))
		total += row_lines(l, row, cols, cw, size, lh, pad) * lh + 2 * pad +
			(signature_row(row) ? SIGN_ROW_H : 0);
	if (total < TOP - BOTTOM)
		need(l, total);
	for (cmark_node *row = cmark_node_first_child(t); row; row = cmark_node_next(row)) {
		int header = strcmp(type_string(row), "table_header") == 0;
		int sign = signature_row(row);
		double h = row_lines(l, row, cols, cw, size, lh, pad) * lh + 2 * pad;
		if (sign && h < SIGN_ROW_H)
			h = SIGN_ROW_H;
		need(l, h);
		size_t i = 0;
		for (cmark_node *cell = cmark_node_first_child(row); cell && i < cols;
		    cell = cmark_node_next(cell), i++) {
			run *runs = NULL;
			size_t nruns = 0;
			double x = x0 + (double)i * cw;
			add_op(l, (op){ .kind = OP_RECT, .x = x, .y = l->y - h, .w = cw, .h = h,
				.gray = header ? 0.92 : 1 });
			if (sign && i > 0)
				add_slot(l, t, i, x, l->y - h, cw, h);
			collect(cell, header ? F_BOLD : F_REGULAR, &runs, &nruns);
			flow(l, runs, nruns, x + pad, cw - 2 * pad, size, lh, 1, l->y - pad - size);
			free_runs(runs, nruns);
		}
		l->y -= h;
	}
	l->y -= 8;
}

static double chart_measure(const char *s, int bold, double size, void *user)
{
	return width(user, bold ? F_BOLD : F_REGULAR, size, s, strlen(s));
}

/* A chart, as lines, boxes and text in the text column; one that cannot
 * be drawn fails the document. */
static void chart(layout *l, cmark_node *c)
{
	wa_chart ch;
	double w = PAGE_W - 2 * MARGIN - l->quote_indent - l->list_depth * 18.0;

	if (l->chart_err.code)
		return;
	if (wa_markdown_chart(c, w, chart_measure, l, &ch, &l->chart_err))
		return;
	need(l, ch.height + 16);
	double x0 = MARGIN + l->quote_indent + l->list_depth * 18.0, y0 = l->y - 6 - ch.height;
	for (size_t i = 0; i < ch.n; i++) {
		const wa_chart_shape *s = &ch.shapes[i];
		if (s->kind == WA_SHAPE_LINE)
			add_op(l, (op){ .kind = OP_SEG, .x = x0 + s->x, .y = y0 + s->y,
				.w = s->x2 - s->x, .h = s->y2 - s->y, .size = s->size, .rgb = s->color,
				.dashed = s->dashed });
		else if (s->kind == WA_SHAPE_RECT)
			add_op(l, (op){ .kind = OP_FILL, .x = x0 + s->x, .y = y0 + s->y,
				.w = s->x2 - s->x, .h = s->y2 - s->y, .rgb = s->color });
		else {
			int font = s->bold ? F_BOLD : F_REGULAR;
			double tw = s->anchor < 0 ? 0 : width(l, font, s->size, s->text,
				strlen(s->text));
			add_op(l, (op){ .kind = OP_TEXT, .font = font, .size = s->size,
				.x = x0 + s->x - (s->anchor > 0 ? tw : tw / 2), .y = y0 + s->y,
				.rgb = s->color, .text = wa_mem_strdup(s->text) });
		}
	}
	l->y = y0 - 10;
	wa_chart_free(&ch);
}

static void blocks(layout *l, cmark_node *n);

/* Lists and quotes nest this deep at most (within the page's width, and
 * the stack's depth); deeper ones come out as their text, a paragraph. */
#define MAX_NEST 12
_Static_assert(MAX_NEST < 16, "list_depth indexes ordered[] and number[]");

/* literal text laid out as a paragraph of its own */
static void literal_block(layout *l, const char *literal, double size, double indent)
{
	cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH);
	cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);

	cmark_node_set_literal(text, literal);
	cmark_node_append_child(p, text);
	block_text(l, p, F_REGULAR, size, indent, 2, 5, NULL);
	cmark_node_free(p);
}

static void flat(layout *l, cmark_node *c)
{
	wa_buf b;

	wa_buf_init(&b);
	plain_sep(c, &b, 1);
	literal_block(l, b.data, 10.5, l->list_depth * 18.0);
	wa_buf_free(&b);
}

static void block(layout *l, cmark_node *c)
{
	cmark_node_type t = cmark_node_get_type(c);

	if (t == CMARK_NODE_HEADING) {
		int level = cmark_node_get_heading_level(c);
		double size = level == 1 ? 17 : level == 2 ? 12.5 : 11;
		/* a heading is not left alone at the foot of a page */
		need(l, 10 + size * 1.4 + 4 + 3 * 10.5 * 1.4);
		block_text(l, c, F_BOLD, size, 0, 10, 4, NULL);
	} else if (t == CMARK_NODE_PARAGRAPH) {
		block_text(l, c, F_REGULAR, 10.5, l->list_depth * 18.0, 2, 5, NULL);
	} else if ((t == CMARK_NODE_LIST || t == CMARK_NODE_BLOCK_QUOTE) && l->depth >= MAX_NEST) {
		flat(l, c);
	} else if (t == CMARK_NODE_LIST) {
		l->depth++;
		l->list_depth++;
		l->ordered[l->list_depth] = cmark_node_get_list_type(c) == CMARK_ORDERED_LIST;
		l->number[l->list_depth] = cmark_node_get_list_start(c);
		blocks(l, c);
		l->list_depth--;
		l->depth--;
	} else if (t == CMARK_NODE_ITEM) {
		char bullet[16];
		if (l->ordered[l->list_depth])
			snprintf(bullet, sizeof bullet, "%d.", l->number[l->list_depth]++);
		else
			snprintf(bullet, sizeof bullet, "\xE2\x80\xA2");
		/* the item's first paragraph carries the bullet */
		cmark_node *first = cmark_node_first_child(c);
		for (cmark_node *p = first; p; p = cmark_node_next(p)) {
			if (cmark_node_get_type(p) == CMARK_NODE_PARAGRAPH)
				block_text(l, p, F_REGULAR, 10.5, l->list_depth * 18.0, 1, 2,
					p == first ? bullet : NULL);
			else
				block(l, p);
		}
	} else if (t == CMARK_NODE_BLOCK_QUOTE) {
		l->depth++;
		l->quote_indent += 14;
		blocks(l, c);
		l->quote_indent -= 14;
		l->depth--;
	} else if (t == CMARK_NODE_THEMATIC_BREAK) {
		need(l, 12);
		add_op(l, (op){ .kind = OP_LINE, .x = MARGIN, .y = l->y - 6,
			.w = PAGE_W - 2 * MARGIN });
		l->y -= 12;
	} else if (strcmp(type_string(c), "table") == 0) {
		table(l, c);
	} else if (wa_markdown_is_chart(c)) {
		chart(l, c);
	} else if (t == CMARK_NODE_CODE_BLOCK) {
		literal_block(l, cmark_node_get_literal(c), 9.5, 10);
	}
}

static void blocks(layout *l, cmark_node *n)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c))
		block(l, c);
}

static void date_attr(HPDF_Doc pdf, HPDF_InfoType what)
{
	time_t t = (time_t)(wa_clock_now_ms() / 1000);
	struct tm tm;
	HPDF_Date d = { 0 };

	gmtime_r(&t, &tm);
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	d.hour = tm.tm_hour;
	d.minutes = tm.tm_min;
	d.seconds = tm.tm_sec;
	d.ind = 'Z';
	HPDF_SetInfoDateAttr(pdf, what, d);
}

/* libharu writes no /ID: add one to the trailer, derived from the
 * content (the first 16 bytes of its SHA-256, twice, as a new file's two
 * identifiers are equal).  The trailer follows the cross-reference
 * table, so no offset moves. */
static void add_id(wa_buf *out, size_t start)
{
	char *pdf = out->data + start;
	size_t len = out->len - start;
	char *trailer = NULL;

	for (char *p = pdf; (p = memmem(p, len - (size_t)(p - pdf), "\ntrailer", 8)); p++)
		trailer = p;
	if (!trailer)
		return;
	char *end = memmem(trailer, len - (size_t)(trailer - pdf), "\n>>", 3);
	if (!end)
		return;
	char hex[WA_SHA256_HEX], id[80];
	wa_hash_sha256_hex(pdf, len, hex);
	snprintf(id, sizeof id, "\n/ID [<%.32s> <%.32s>]", hex, hex);
	size_t at = (size_t)(end - out->data), n = strlen(id);
	wa_buf_grow(out, n);
	memmove(out->data + at + n, out->data + at, out->len - at + 1);
	memcpy(out->data + at, id, n);
	out->len += n;
}

/* An empty signature field over each slot, in the order of the slots
 * (the routing order), named Signature1, Signature2...: `wa-nda sign`
 * fills them.  libharu has no form fields, so they are made from its
 * object layer. */
static void signature_fields(layout *l, HPDF_Page *pg)
{
	HPDF_Doc d = l->pdf;

	if (!l->nslots)
		return;
	HPDF_Dict form = HPDF_Dict_New(d->mmgr);
	HPDF_Array fields = HPDF_Array_New(d->mmgr);
	HPDF_Xref_Add(d->xref, form);
	HPDF_Dict_Add(form, "Fields", fields);
	HPDF_Dict_Add(d->catalog, "AcroForm", form);
	for (size_t k = 0; k < l->nslots; k++) {
		slot *s = &l->slots[k];
		char t[32];
		wa_buf tip;
		HPDF_Dict w = HPDF_Dict_New(d->mmgr);
		HPDF_Xref_Add(d->xref, w);
		HPDF_Dict_AddName(w, "Type", "Annot");
		HPDF_Dict_AddName(w, "Subtype", "Widget");
		HPDF_Dict_AddName(w, "FT", "Sig");
		snprintf(t, sizeof t, "Signature%zu", k + 1);
		HPDF_Dict_Add(w, "T", HPDF_String_New(d->mmgr, t, NULL));
		/* the tooltip names the party, in UTF-16BE */
		wa_buf_init(&tip);
		wa_buf_add(&tip, "\xFE\xFF", 2);
		const char *u = s->party, *uend = s->party + strlen(s->party);
		while (u < uend) {
			uint32_t cp = wa_utf8_next(&u, uend);
			if (cp > 0xFFFF)
				cp = 0xFFFD;
			char be[2] = { (char)(cp >> 8), (char)cp };
			wa_buf_add(&tip, be, 2);
		}
		HPDF_Dict_Add(w, "TU", HPDF_Binary_New(d->mmgr, (HPDF_BYTE *)tip.data,
			(HPDF_UINT)tip.len));
		wa_buf_free(&tip);
		HPDF_Box box = { (HPDF_REAL)s->x, (HPDF_REAL)s->y, (HPDF_REAL)(s->x + s->w),
			(HPDF_REAL)(s->y + s->h) };
		HPDF_Dict_Add(w, "Rect", HPDF_Box_Array_New(d->mmgr, box));
		HPDF_Dict_AddNumber(w, "F", 4);         /* print */
		HPDF_Dict_Add(w, "P", pg[s->page]);
		HPDF_Array annots = HPDF_Dict_GetItem(pg[s->page], "Annots", HPDF_OCLASS_ARRAY);
		if (!annots) {
			annots = HPDF_Array_New(d->mmgr);
			HPDF_Dict_Add(pg[s->page], "Annots", annots);
		}
		HPDF_Array_Add(annots, w);
		HPDF_Array_Add(fields, w);
	}
}

/* text as the fonts take it: converted to Windows-1252 for simple fonts
 * (valid until the next call) */
static const char *shown(layout *l, const char *text)
{
	if (!l->simple)
		return text;
	to_cp1252(text, &l->conv);
	return l->conv.data;
}

/* Only the fonts the text uses are embedded (the footer's always), each
 * a subset for the characters it shows.  Text that Windows-1252 can show
 * gets simple TrueType fonts: libharu builds a CID font's 65,536-entry
 * CIDToGIDMap for every document, which costs more than the rest of the
 * PDF; other text gets CID fonts (UTF-8). */
static int load_fonts(layout *l, const wa_pdf_meta *meta, wa_err *err)
{
	int used[F_COUNT] = { [F_REGULAR] = 1 }, rc = 0;
	unsigned char *extra = wa_mem_calloc(F_COUNT, 0x10000 / 8);

	l->simple = 1;
	for (size_t i = 0; i < l->nops; i++)
		if (l->ops[i].kind == OP_TEXT) {
			used[l->ops[i].font] = 1;
			l->simple &= mark(extra + l->ops[i].font * (0x10000 / 8), l->ops[i].text);
		}
	if (meta && meta->title)
		l->simple &= mark(extra + F_REGULAR * (0x10000 / 8), meta->title);
	for (int i = 0; i < F_COUNT && !rc; i++) {
		if (!used[i])
			continue;
		const char *name = load_font(l->pdf, font_subset(i, extra + i * (0x10000 / 8)));
		l->font[i] = name ? HPDF_GetFont(l->pdf, name, l->simple ? "CP1252" : "UTF-8") : NULL;
		if (!l->font[i])
			rc = wa_err_set(err, WA_EX_UNAVAILABLE, "font %s%s: libharu cannot load it",
				FONT_DIR, font_files[i]);
	}
	free(extra);
	return rc;
}

/* the agency's logo, PNG or JPEG: 0 with *logo (NULL without one), or
 * -1 with err (libharu is then in its error state: nothing more) */
static int load_logo(layout *l, const wa_pdf_meta *meta, HPDF_Image *logo, wa_err *err)
{
	*logo = NULL;
	if (!meta || !meta->logo)
		return 0;
	size_t n = strlen(meta->logo);
	*logo = n > 4 && !strcasecmp(meta->logo + n - 4, ".png") ?
		HPDF_LoadPngImageFromFile(l->pdf, meta->logo) :
		HPDF_LoadJpegImageFromFile(l->pdf, meta->logo);
	if (*logo && HPDF_Image_GetHeight(*logo))
		return 0;
	return wa_err_set(err, WA_EX_DATAERR, "logo %s: not a PNG or JPEG image libharu can read",
		meta->logo);
}

/* the pages, each with its footer, the title and the logo */
static HPDF_Page *add_pages(layout *l, const wa_pdf_meta *meta, HPDF_Image logo)
{
	int pages = l->page + 1;
	HPDF_Page *pg = wa_mem_calloc((size_t)pages, sizeof *pg);

	for (int p = 0; p < pages; p++) {
		char footer[64];
		pg[p] = HPDF_AddPage(l->pdf);
		HPDF_Page_SetWidth(pg[p], PAGE_W);
		HPDF_Page_SetHeight(pg[p], PAGE_H);
		HPDF_Page_SetLineWidth(pg[p], 0.6);
		snprintf(footer, sizeof footer, "Page %d of %d", p + 1, pages);
		double fw = width(l, F_REGULAR, 8.5, footer, strlen(footer));
		HPDF_Page_BeginText(pg[p]);
		HPDF_Page_SetFontAndSize(pg[p], l->font[F_REGULAR], 8.5);
		HPDF_Page_TextOut(pg[p], (PAGE_W - fw) / 2, 40, shown(l, footer));
		if (meta && meta->title)
			HPDF_Page_TextOut(pg[p], MARGIN, PAGE_H - 40, shown(l, meta->title));
		HPDF_Page_EndText(pg[p]);
		if (logo) {     /* 24 points high, top right */
			double h = 24, w = h * HPDF_Image_GetWidth(logo) / HPDF_Image_GetHeight(logo);
			HPDF_Page_DrawImage(pg[p], logo, PAGE_W - MARGIN - w, PAGE_H - 48, w, h);
		}
	}
	return pg;
}

#define RGB(c) (HPDF_REAL)(((c) >> 16 & 0xFF) / 255.0), (HPDF_REAL)(((c) >> 8 & 0xFF) / 255.0), \
	(HPDF_REAL)(((c) & 0xFF) / 255.0)

/* a line, a filled or framed rectangle, or a rule: o on page */
static void draw_shape(HPDF_Page page, const op *o)
{
	if (o->kind == OP_SEG) {
		HPDF_Page_SetRGBStroke(page, RGB(o->rgb));
		HPDF_Page_SetLineWidth(page, o->size);
		if (o->dashed) {
			static const HPDF_UINT16 dash[] = { 3, 2 };
			HPDF_Page_SetDash(page, dash, 2, 0);
		}
		HPDF_Page_MoveTo(page, o->x, o->y);
		HPDF_Page_LineTo(page, o->x + o->w, o->y + o->h);
		HPDF_Page_Stroke(page);
		if (o->dashed)
			HPDF_Page_SetDash(page, NULL, 0, 0);
		HPDF_Page_SetLineWidth(page, 0.6);
		HPDF_Page_SetRGBStroke(page, 0, 0, 0);
	} else if (o->kind == OP_FILL) {
		HPDF_Page_SetRGBFill(page, RGB(o->rgb));
		HPDF_Page_Rectangle(page, o->x, o->y, o->w, o->h);
		HPDF_Page_Fill(page);
		HPDF_Page_SetRGBFill(page, 0, 0, 0);
	} else if (o->kind == OP_RECT) {
		if (o->gray < 1) {
			HPDF_Page_SetGrayFill(page, o->gray);
			HPDF_Page_Rectangle(page, o->x, o->y, o->w, o->h);
			HPDF_Page_Fill(page);
			HPDF_Page_SetGrayFill(page, 0);
		}
		HPDF_Page_Rectangle(page, o->x, o->y, o->w, o->h);
		HPDF_Page_Stroke(page);
	} else {
		HPDF_Page_MoveTo(page, o->x, o->y);
		HPDF_Page_LineTo(page, o->x + o->w, o->y);
		HPDF_Page_Stroke(page);
	}
}

/* Draw the laid-out operations on the pages pg.  A run of text on a page
 * is one text object, its font and colour set when they change: half the
 * content to write and compress. */
static void draw(layout *l, HPDF_Page *pg)
{
	HPDF_Page in_text = NULL;
	int cur_font = -1;
	double cur_size = 0;
	unsigned cur_rgb = 0;

	for (size_t i = 0; i < l->nops; i++) {
		op *o = &l->ops[i];
		HPDF_Page page = pg[o->page];
		if (in_text && (o->kind != OP_TEXT || page != in_text)) {
			HPDF_Page_EndText(in_text);
			if (page != in_text)
				cur_rgb = 0;    /* a new page starts black */
			in_text = NULL;
		}
		if (o->kind != OP_TEXT) {
			if (cur_rgb) {
				HPDF_Page_SetRGBFill(page, 0, 0, 0);
				cur_rgb = 0;
			}
			draw_shape(page, o);
			continue;
		}
		if (!in_text) {
			HPDF_Page_BeginText(page);
			in_text = page;
			cur_font = -1;
		}
		if (o->font != cur_font || o->size != cur_size) {
			HPDF_Page_SetFontAndSize(page, l->font[o->font], o->size);
			cur_font = o->font;
			cur_size = o->size;
		}
		if (o->rgb != cur_rgb) {
			HPDF_Page_SetRGBFill(page, RGB(o->rgb));
			cur_rgb = o->rgb;
		}
		HPDF_Page_TextOut(page, o->x, o->y, shown(l, o->text));
	}
	if (in_text)
		HPDF_Page_EndText(in_text);
}

#undef RGB

static void info(HPDF_Doc pdf, const wa_pdf_meta *meta)
{
	if (meta && meta->title)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, meta->title);
	if (meta && meta->author)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, meta->author);
	if (meta && meta->subject)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, meta->subject);
	HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "wa");
	date_attr(pdf, HPDF_INFO_CREATION_DATE);
	date_attr(pdf, HPDF_INFO_MOD_DATE);
}

/* the document, written, appended to out: 0, or -1 with err */
static int save(layout *l, wa_buf *out, wa_err *err)
{
	if (!l->error && HPDF_SaveToStream(l->pdf) == HPDF_OK) {
		HPDF_UINT32 size = HPDF_GetStreamSize(l->pdf), got = size;
		wa_buf_grow(out, size);
		if (HPDF_ReadFromStream(l->pdf, (HPDF_BYTE *)out->data + out->len, &got) == HPDF_OK ||
		    got == size) {
			out->len += got;
			out->data[out->len] = '\0';
			return 0;
		}
	}
	return wa_err_set(err, WA_EX_SOFTWARE, "libharu: error 0x%04X writing the PDF",
		(unsigned)l->error);
}

int wa_pdf_from_markdown(const char *md, size_t len, const wa_pdf_meta *meta, wa_buf *out,
	wa_err *err)
{
	layout l = { .page = 0, .y = TOP };
	size_t start = out->len;
	HPDF_Image logo;
	int rc = -1;

	if (fonts_open(err))
		return -1;
	l.pdf = HPDF_New(on_error, &l);
	if (!l.pdf)
		return wa_err_set(err, WA_EX_SOFTWARE, "libharu: cannot start a document");
	HPDF_UseUTFEncodings(l.pdf);
	HPDF_SetCompressionMode(l.pdf, HPDF_COMP_ALL);
	wa_buf_init(&l.conv);
	cmark_node *doc = wa_markdown_parse_new(md, len);
	if (doc)
		blocks(&l, doc);
	cmark_node_free(doc);
	if (l.chart_err.code)
		*err = l.chart_err;
	else if (!load_fonts(&l, meta, err) && !load_logo(&l, meta, &logo, err)) {
		/* draw, now that the number of pages is known */
		HPDF_Page *pg = add_pages(&l, meta, logo);
		draw(&l, pg);
		signature_fields(&l, pg);
		free(pg);
		info(l.pdf, meta);
		rc = save(&l, out, err);
	}
	wa_buf_free(&l.conv);
	layout_free(&l);
	HPDF_Free(l.pdf);
	if (rc == 0)
		add_id(out, start);
	return rc;
}
