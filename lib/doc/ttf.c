/* ttf.c - see ttf.h.  Reads the table directory, 'head', 'hhea', 'hmtx'
 * and the Unicode BMP cmap (format 4, the one libharu uses), with every
 * offset checked against the file's length. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/fs.h"
#include "doc/ttf.h"
#include "base/utf8.h"

#define UNKNOWN INT16_MIN

struct wa_ttf {
	wa_buf file;
	const uint8_t *d;
	size_t len;
	unsigned upem, nhmetrics;
	size_t hmtx, hmtx_len;
	size_t cmap4, cmap4_len;        /* the format 4 subtable */
	int16_t *cache;                 /* widths by BMP code point */
};

static unsigned u16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* the table tag: its offset and length, 0 when absent or outside the file */
static size_t table(const wa_ttf *f, const char *tag, size_t *len)
{
	unsigned n = u16(f->d + 4);

	for (unsigned i = 0; i < n && 12 + 16 * (size_t)(i + 1) <= f->len; i++) {
		const uint8_t *e = f->d + 12 + 16 * i;
		if (memcmp(e, tag, 4))
			continue;
		size_t off = u32(e + 8), l = u32(e + 12);
		if (off > f->len || l > f->len - off)
			return 0;
		*len = l;
		return off;
	}
	return 0;
}

wa_ttf *wa_ttf_open_new(const char *path, wa_err *err)
{
	wa_ttf *f = wa_mem_calloc(1, sizeof *f);
	size_t head_len = 0, hhea_len = 0, cmap_len = 0;

	wa_buf_init(&f->file);
	if (wa_fs_read(path, &f->file, 64u << 20, err)) {
		wa_ttf_free(f);
		return NULL;
	}
	f->d = (const uint8_t *)f->file.data;
	f->len = f->file.len;
	size_t head = f->len >= 12 ? table(f, "head", &head_len) : 0;
	size_t hhea = head ? table(f, "hhea", &hhea_len) : 0;
	size_t cmap = hhea ? table(f, "cmap", &cmap_len) : 0;
	f->hmtx = cmap ? table(f, "hmtx", &f->hmtx_len) : 0;
	if (!f->hmtx || head_len < 54 || hhea_len < 36 || cmap_len < 4)
		goto bad;
	f->upem = u16(f->d + head + 18);
	f->nhmetrics = u16(f->d + hhea + 34);
	if (!f->upem || !f->nhmetrics || (size_t)f->nhmetrics * 4 > f->hmtx_len)
		goto bad;
	/* the Windows Unicode BMP subtable */
	for (unsigned i = 0, n = u16(f->d + cmap + 2); i < n && 4 + 8 * (size_t)(i + 1) <= cmap_len;
	    i++) {
		const uint8_t *e = f->d + cmap + 4 + 8 * i;
		size_t off = cmap + u32(e + 4);
		if (u16(e) != 3 || u16(e + 2) != 1 || off + 4 > cmap + cmap_len)
			continue;
		if (u16(f->d + off) != 4 || off + u16(f->d + off + 2) > cmap + cmap_len)
			continue;
		f->cmap4 = off;
		f->cmap4_len = u16(f->d + off + 2);
	}
	if (!f->cmap4 || f->cmap4_len < 16)
		goto bad;
	return f;
bad:
	wa_err_set(err, WA_EX_DATAERR, "%s: not a TrueType font with a Unicode cmap", path);
	wa_ttf_free(f);
	return NULL;
}

void wa_ttf_free(wa_ttf *f)
{
	if (!f)
		return;
	wa_buf_free(&f->file);
	free(f->cache);
	free(f);
}

static unsigned glyph(const wa_ttf *f, unsigned cp)
{
	const uint8_t *t = f->d + f->cmap4;
	size_t segx2 = u16(t + 6), n = segx2 / 2;

	if (16 + 4 * segx2 > f->cmap4_len)
		return 0;
	const uint8_t *ends = t + 14, *starts = t + 16 + segx2, *deltas = starts + segx2,
		*ranges = deltas + segx2;
	size_t lo = 0, hi = n;
	while (lo < hi) {       /* the first segment ending at or after cp */
		size_t mid = (lo + hi) / 2;
		if (u16(ends + 2 * mid) < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == n || u16(starts + 2 * lo) > cp)
		return 0;
	unsigned delta = u16(deltas + 2 * lo), range = u16(ranges + 2 * lo);
	if (!range)
		return (cp + delta) & 0xFFFF;
	size_t at = (size_t)(ranges + 2 * lo - t) + range + 2 * (cp - u16(starts + 2 * lo));
	if (at + 2 > f->cmap4_len)
		return 0;
	unsigned g = u16(t + at);
	return g ? (g + delta) & 0xFFFF : 0;
}

static int glyph_width(wa_ttf *f, uint32_t cp)
{
	if (cp < 0x10000 && f->cache && f->cache[cp] != UNKNOWN)
		return f->cache[cp];
	unsigned g = cp < 0x10000 ? glyph(f, cp) : 0;
	unsigned m = g < f->nhmetrics ? g : f->nhmetrics - 1;
	int w = (int)((uint32_t)u16(f->d + f->hmtx + 4 * m) * 1000 / f->upem);
	if (cp < 0x10000) {
		if (!f->cache) {
			f->cache = wa_mem_alloc(0x10000 * sizeof *f->cache);
			for (size_t i = 0; i < 0x10000; i++)
				f->cache[i] = UNKNOWN;
		}
		f->cache[cp] = (int16_t)w;
	}
	return w;
}

long wa_ttf_text_width(wa_ttf *f, const char *s, size_t len)
{
	const char *end = s + len;
	long w = 0;

	while (s < end)
		w += glyph_width(f, wa_utf8_next(&s, end));
	return w;
}

static uint32_t checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;

	for (size_t i = 0; i < len; i += 4) {
		uint8_t b[4] = { 0 };
		memcpy(b, p + i, len - i < 4 ? len - i : 4);
		sum += u32(b);
	}
	return sum;
}

static void put16(wa_buf *b, unsigned v)
{
	char c[2] = { (char)(v >> 8), (char)v };

	wa_buf_add(b, c, 2);
}

static void put32(wa_buf *b, uint32_t v)
{
	put16(b, v >> 16);
	put16(b, v & 0xFFFF);
}

/* the tables an embedded font needs, in tag order */
static const char *const tags[] = { "OS/2", "cmap", "cvt ", "fpgm", "glyf", "head",
	"hhea", "hmtx", "loca", "maxp", "name", "post", "prep" };
enum { NT = sizeof tags / sizeof *tags, T_CMAP = 1, T_GLYF = 4, T_HEAD = 5, T_HHEA = 6,
	T_HMTX = 7, T_LOCA = 8, T_MAXP = 9, T_NAME = 10, T_POST = 11 };

/* A font file of the tables above: repl[i], when set, instead of the
 * file's; the post table always cut to format 3 (no glyph names). */
static void assemble(const wa_ttf *f, wa_buf *const repl[NT], wa_buf *b)
{
	const uint8_t *src[NT];
	size_t tlen[NT];
	unsigned n = 0;
	uint8_t post[32];
	size_t base = b->len;

	for (unsigned i = 0; i < NT; i++) {
		size_t off = table(f, tags[i], &tlen[i]);
		src[i] = off ? f->d + off : NULL;
		if (repl[i])
			src[i] = (const uint8_t *)repl[i]->data, tlen[i] = repl[i]->len;
		if (i == T_POST && src[i] && tlen[i] >= 32) {
			memcpy(post, src[i], 32);
			post[0] = 0, post[1] = 3, post[2] = 0, post[3] = 0;
			src[i] = post, tlen[i] = 32;
		}
		if (src[i])
			n++;
	}
	unsigned pow2 = 1, log2 = 0;
	while (pow2 * 2 <= n)
		pow2 *= 2, log2++;
	put32(b, 0x00010000);
	put16(b, n);
	put16(b, pow2 * 16);
	put16(b, log2);
	put16(b, n * 16 - pow2 * 16);
	size_t at = 12 + 16 * (size_t)n, head_at = 0, head_entry = 0;
	for (unsigned i = 0; i < NT; i++) {
		if (!src[i])
			continue;
		if (i == T_HEAD)
			head_entry = b->len;
		wa_buf_add(b, tags[i], 4);
		put32(b, i == T_HEAD ? 0 : checksum(src[i], tlen[i]));
		put32(b, (uint32_t)at);
		put32(b, (uint32_t)tlen[i]);
		at += (tlen[i] + 3) & ~(size_t)3;
	}
	for (unsigned i = 0; i < NT; i++) {
		if (!src[i])
			continue;
		if (i == T_HEAD)
			head_at = b->len;
		wa_buf_add(b, src[i], tlen[i]);
		while ((b->len - base) % 4)
			wa_buf_addc(b, 0);
	}
	/* head: checkSumAdjustment zeroed, its table's checksum, then the
	 * adjustment that makes the file's sum 0xB1B0AFBA */
	if (head_at && tlen[T_HEAD] >= 12) {
		uint8_t *h = (uint8_t *)b->data + head_at, *e = (uint8_t *)b->data + head_entry + 4;
		memset(h + 8, 0, 4);
		uint32_t sum = checksum(h, tlen[T_HEAD]);
		e[0] = (uint8_t)(sum >> 24), e[1] = (uint8_t)(sum >> 16);
		e[2] = (uint8_t)(sum >> 8), e[3] = (uint8_t)sum;
		uint32_t adj = 0xB1B0AFBAu - checksum((const uint8_t *)b->data + base, b->len - base);
		h[8] = (uint8_t)(adj >> 24), h[9] = (uint8_t)(adj >> 16);
		h[10] = (uint8_t)(adj >> 8), h[11] = (uint8_t)adj;
	}
}

/* glyph g's bytes in glyf: offset and length, from loca */
static int glyph_span(const wa_ttf *f, size_t loca, size_t loca_len, int long_loca,
	size_t glyf_len, unsigned g, size_t *off, size_t *len)
{
	size_t a, b;

	if (long_loca) {
		if (4 * ((size_t)g + 2) > loca_len)
			return -1;
		a = u32(f->d + loca + 4 * g), b = u32(f->d + loca + 4 * g + 4);
	} else {
		if (2 * ((size_t)g + 2) > loca_len)
			return -1;
		a = 2 * (size_t)u16(f->d + loca + 2 * g), b = 2 * (size_t)u16(f->d + loca + 2 * g + 2);
	}
	if (b < a || b > glyf_len)
		return -1;
	*off = a, *len = b - a;
	return 0;
}

/* a table's bytes copied into b, or empty when absent */
static void copy_table(const wa_ttf *f, const char *tag, wa_buf *b)
{
	size_t len, off = table(f, tag, &len);

	if (off)
		wa_buf_add(b, f->d + off, len);
}

static void set16(wa_buf *b, size_t at, unsigned v)
{
	if (at + 2 <= b->len) {
		b->data[at] = (char)(v >> 8);
		b->data[at + 1] = (char)v;
	}
}

/* The name table cut to the records a PDF reader may want: family,
 * subfamily, full name, PostScript name. */
static void slim_name(const wa_ttf *f, wa_buf *out)
{
	size_t len, off = table(f, "name", &len);

	if (!off || len < 6)
		return;
	const uint8_t *t = f->d + off;
	unsigned count = u16(t + 2), strings = u16(t + 4), kept = 0;
	wa_buf recs, data;
	wa_buf_init(&recs);
	wa_buf_init(&data);
	for (unsigned i = 0; i < count && 6 + 12 * (size_t)(i + 1) <= len; i++) {
		const uint8_t *r = t + 6 + 12 * i;
		unsigned id = u16(r + 6), l = u16(r + 8), o = u16(r + 10);
		if ((id != 1 && id != 2 && id != 4 && id != 6) || (size_t)strings + o + l > len)
			continue;
		wa_buf_add(&recs, r, 8);                /* platform, encoding, language, id */
		put16(&recs, l);
		put16(&recs, (unsigned)data.len);
		wa_buf_add(&data, t + strings + o, l);
		kept++;
	}
	put16(out, 0);
	put16(out, kept);
	put16(out, 6 + 12 * kept);
	wa_buf_add(out, recs.data, recs.len);
	wa_buf_add(out, data.data, data.len);
	wa_buf_free(&recs);
	wa_buf_free(&data);
}

/* A subset being made: the glyphs kept (old ids by new id), and the
 * cmap's segments (runs of code points to consecutive new ids). */
typedef struct subset {
	unsigned nglyphs;       /* in the font */
	int *newid;             /* by old id, -1 when not kept */
	unsigned *old, count;
	uint32_t *segstart, *segend;
	unsigned *seggid;
	size_t segs;
} subset;

static void keep(subset *s, unsigned g)
{
	if (s->newid[g] < 0)
		s->newid[g] = (int)s->count, s->old[s->count++] = g;
}

/* New glyph ids: .notdef, the code points' glyphs in code point order
 * (the components of composite glyphs come after, as they are copied). */
static void map_glyphs(wa_ttf *f, subset *s, const uint32_t *cps, size_t n)
{
	s->newid = wa_mem_alloc(s->nglyphs * sizeof *s->newid);
	s->old = wa_mem_alloc((s->nglyphs + 1) * sizeof *s->old);
	s->segstart = wa_mem_alloc((n + 1) * sizeof *s->segstart);
	s->segend = wa_mem_alloc((n + 1) * sizeof *s->segend);
	s->seggid = wa_mem_alloc((n + 1) * sizeof *s->seggid);
	for (unsigned g = 0; g < s->nglyphs; g++)
		s->newid[g] = -1;
	keep(s, 0);
	for (size_t i = 0; i < n && cps[i] < 0xFFFF; i++) {
		unsigned g = glyph(f, cps[i]);
		if (!g || g >= s->nglyphs)
			continue;
		keep(s, g);
		unsigned ng = (unsigned)s->newid[g];
		size_t last = s->segs - 1;
		if (s->segs && cps[i] == s->segend[last] + 1 &&
		    ng == s->seggid[last] + (cps[i] - s->segstart[last]))
			s->segend[last] = cps[i];
		else
			s->segstart[s->segs] = s->segend[s->segs] = cps[i], s->seggid[s->segs++] = ng;
	}
}

static void subset_free(subset *s)
{
	free(s->newid);
	free(s->old);
	free(s->segstart);
	free(s->segend);
	free(s->seggid);
}

/* a composite glyph copied at at in glyf (len bytes from src): its
 * components renumbered, kept when new */
static void renumber_components(subset *s, const uint8_t *src, size_t len, wa_buf *glyf,
	size_t at)
{
	size_t p = 10;

	for (int more = 1; more && p + 4 <= len;) {
		unsigned flags = u16(src + p), comp = u16(src + p + 2);
		if (comp < s->nglyphs) {
			keep(s, comp);
			set16(glyf, at + p + 2, (unsigned)s->newid[comp]);
		}
		p += 4 + ((flags & 0x0001) ? 4 : 2);
		p += (flags & 0x0008) ? 2 : (flags & 0x0040) ? 4 : (flags & 0x0080) ? 8 : 0;
		more = flags & 0x0020;
	}
}

/* glyph g's advance and left side bearing */
static void metrics(const wa_ttf *f, unsigned g, wa_buf *hmtx)
{
	unsigned m = g < f->nhmetrics ? g : f->nhmetrics - 1;
	size_t lsb = g < f->nhmetrics ? 4 * (size_t)g + 2 :
		4 * (size_t)f->nhmetrics + 2 * (size_t)(g - f->nhmetrics);

	put16(hmtx, u16(f->d + f->hmtx + 4 * m));
	put16(hmtx, lsb + 2 <= f->hmtx_len ? u16(f->d + f->hmtx + lsb) : 0);
}

/* the cmap: one format 4 subtable, a segment per run, and the last to
 * .notdef */
static void write_cmap(subset *s, wa_buf *cmap)
{
	unsigned pow2 = 1, log2 = 0;

	s->segstart[s->segs] = s->segend[s->segs] = 0xFFFF, s->seggid[s->segs++] = 1;
	put16(cmap, 0), put16(cmap, 1);
	put16(cmap, 3), put16(cmap, 1), put32(cmap, 12);
	while (pow2 * 2 <= s->segs)
		pow2 *= 2, log2++;
	put16(cmap, 4), put16(cmap, (unsigned)(16 + 8 * s->segs)), put16(cmap, 0);
	put16(cmap, (unsigned)(2 * s->segs)), put16(cmap, 2 * pow2), put16(cmap, log2);
	put16(cmap, (unsigned)(2 * s->segs - 2 * pow2));
	for (size_t i = 0; i < s->segs; i++)
		put16(cmap, s->segend[i]);
	put16(cmap, 0);
	for (size_t i = 0; i < s->segs; i++)
		put16(cmap, s->segstart[i]);
	for (size_t i = 0; i < s->segs; i++)
		put16(cmap, (s->seggid[i] - s->segstart[i]) & 0xFFFF);
	for (size_t i = 0; i < s->segs; i++)
		put16(cmap, 0);
}

enum { B_GLYF, B_LOCA, B_HMTX, B_HHEA, B_MAXP, B_HEAD, B_CMAP, B_NAME, NB };

void wa_ttf_subset(wa_ttf *f, const uint32_t *cps, size_t n, wa_buf *out)
{
	size_t head_len = 0, maxp_len = 0, loca_len = 0, glyf_len = 0, hhea_len = 0;
	size_t head = table(f, "head", &head_len), maxp = table(f, "maxp", &maxp_len);
	size_t loca = table(f, "loca", &loca_len), glyf = table(f, "glyf", &glyf_len);
	int long_loca = head && head_len >= 54 && u16(f->d + head + 50) == 1;
	subset s = { .nglyphs = maxp && maxp_len >= 6 ? u16(f->d + maxp + 4) : 0 };
	wa_buf *repl[NT] = { 0 }, b[NB];

	table(f, "hhea", &hhea_len);
	if (!s.nglyphs || !loca || !glyf || hhea_len < 36 || maxp_len < 6 || head_len < 54) {
		assemble(f, repl, out);         /* nothing to subset by: the slim font */
		return;
	}
	map_glyphs(f, &s, cps, n);
	for (int k = 0; k < NB; k++)
		wa_buf_init(&b[k]);
	for (unsigned k = 0; k < s.count; k++) {    /* count grows with components */
		unsigned g = s.old[k];
		size_t off = 0, len = 0, at = b[B_GLYF].len;
		put32(&b[B_LOCA], (uint32_t)at);
		if (glyph_span(f, loca, loca_len, long_loca, glyf_len, g, &off, &len))
			len = 0;
		wa_buf_add(&b[B_GLYF], f->d + glyf + off, len);
		if (len >= 10 && (int16_t)u16(f->d + glyf + off) < 0)
			renumber_components(&s, f->d + glyf + off, len, &b[B_GLYF], at);
		while (b[B_GLYF].len % 4)
			wa_buf_addc(&b[B_GLYF], 0);
		metrics(f, g, &b[B_HMTX]);
	}
	put32(&b[B_LOCA], (uint32_t)b[B_GLYF].len);
	copy_table(f, "head", &b[B_HEAD]);
	set16(&b[B_HEAD], 50, 1);                   /* long loca */
	copy_table(f, "hhea", &b[B_HHEA]);
	set16(&b[B_HHEA], 34, s.count);
	copy_table(f, "maxp", &b[B_MAXP]);
	set16(&b[B_MAXP], 4, s.count);
	write_cmap(&s, &b[B_CMAP]);
	slim_name(f, &b[B_NAME]);
	repl[T_CMAP] = &b[B_CMAP], repl[T_GLYF] = &b[B_GLYF], repl[T_HEAD] = &b[B_HEAD];
	repl[T_LOCA] = &b[B_LOCA], repl[T_MAXP] = &b[B_MAXP], repl[T_HMTX] = &b[B_HMTX];
	repl[T_HHEA] = &b[B_HHEA];
	if (b[B_NAME].len)
		repl[T_NAME] = &b[B_NAME];
	assemble(f, repl, out);
	for (int k = 0; k < NB; k++)
		wa_buf_free(&b[k]);
	subset_free(&s);
}
