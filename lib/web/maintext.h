/* maintext.h - the main text of a page, without navigation, headers,
 * footers, sidebars and other boilerplate.
 *
 * The method is the content-scoring one that Arc90's Readability made
 * known: paragraphs score their ancestors by length and commas, class
 * and id names weigh candidates up or down, link density scales them,
 * the best candidate is kept with the siblings that score close to it.
 * scripts/readability-score measures it against Mozilla Readability's
 * output on 130 real pages. */
#ifndef WA_MAINTEXT_H
#define WA_MAINTEXT_H

#include "base/buf.h"
#include "web/html.h"

/* Append the main text of doc to out: paragraphs separated by a blank
 * line, white space squeezed inside them.  doc is changed (boilerplate
 * removed), so extract everything else first. */
void wa_maintext(htmlDocPtr doc, wa_buf *out);

#endif
