/* ttf.h - what the PDF writer needs from a TrueType font before libharu
 * sees it: advance widths by code point (the same 1/1000 em units, cut
 * the same way, as libharu's), and a slim copy of the font to embed.
 *
 * Measuring text through libharu looks each character up in the font's
 * cmap by a linear search; laying a document out measures every word
 * several times, so widths are cached here per code point.  The slim copy
 * keeps only the tables a PDF's embedded font needs and drops the glyph
 * names (post format 3): libharu reads a third of the bytes per document
 * and embeds less. */
#ifndef WA_TTF_H
#define WA_TTF_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

typedef struct wa_ttf wa_ttf;

/* The font at path, or NULL with err (66 missing, 65 not a TrueType font
 * with a Unicode cmap). */
wa_ttf *wa_ttf_open_new(const char *path, wa_err *err);
void wa_ttf_free(wa_ttf *f);
/* The width of UTF-8 text in 1/1000 em. */
long wa_ttf_text_width(wa_ttf *f, const char *s, size_t len);
/* A subset of the font for the code points cps (n of them, sorted, no
 * duplicates), appended to out: glyph ids kept, the glyphs of other code
 * points emptied, a cmap of these code points only.  libharu builds a
 * CIDToGIDMap by looking up all 65,536 BMP code points in the cmap one
 * segment at a time, so a cmap of a few segments matters. */
void wa_ttf_subset(wa_ttf *f, const uint32_t *cps, size_t n, wa_buf *out);

#endif
