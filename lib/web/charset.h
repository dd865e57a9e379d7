/* charset.h - bytes of a web page to UTF-8.
 *
 * The encoding is taken, in this order, from a byte order mark, the
 * bytes themselves when they hold non-ASCII text that is valid UTF-8
 * (whatever a mislabelled page declares), the Content-Type header's
 * charset, a <meta> tag in the first 1024 bytes (the HTML5 prescan),
 * and detection (uchardet); labels are read as
 * the WHATWG Encoding standard says (latin1 and us-ascii mean
 * windows-1252).  Bytes invalid in the chosen encoding become U+FFFD:
 * the result is always valid UTF-8. */
#ifndef WA_CHARSET_H
#define WA_CHARSET_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

typedef struct wa_charset {
	char name[48];          /* the encoding used, lower case: "utf-8" */
	const char *source;     /* "bom", "header", "meta", "detected", "default" */
	size_t replaced;        /* invalid sequences replaced by U+FFFD */
} wa_charset;

/* The charset parameter of a Content-Type value ("text/html;
 * charset=ISO-8859-1" gives "iso-8859-1"), or "" when none. */
void wa_charset_from_content_type(const char *content_type, char *out, size_t size);
/* Convert data to UTF-8, appended to out.  header_charset may be NULL
 * or "".  Fails (WA_EX_DATAERR) only when no converter exists at all. */
int wa_charset_to_utf8(const char *data, size_t len, const char *header_charset,
	wa_buf *out, wa_charset *used, wa_err *err);
#endif
