/* pdf.h - Markdown documents to PDF through libharu: DejaVu fonts
 * embedded (so "Zoë Núñez" and "€" print), headings, paragraphs, lists,
 * quotes, tables drawn by hand, a header with the title and a footer
 * "Page N of M", document metadata, compression, and a trailer /ID
 * derived from the content.  With SOURCE_DATE_EPOCH the same input gives
 * the same bytes. */
#ifndef WA_PDF_H
#define WA_PDF_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

typedef struct wa_pdf_meta {
	const char *title, *author, *subject;
	const char *logo;       /* a PNG or JPEG file for the page header, or NULL */
} wa_pdf_meta;

/* The PDF of md (GitHub-flavoured Markdown), appended to out.  Fails
 * (69) when the DejaVu fonts are not installed, (65) when the logo is not
 * a PNG or JPEG libharu can read. */
int wa_pdf_from_markdown(const char *md, size_t len, const wa_pdf_meta *meta, wa_buf *out,
	wa_err *err);

#endif
