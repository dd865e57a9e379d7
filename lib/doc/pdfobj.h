/* pdfobj.h - a PDF's objects as small trees, made and written back:
 * enough to append an incremental update to a file (sign it).
 * pdffile.h reads them from a file. */
#ifndef WA_PDFOBJ_H
#define WA_PDFOBJ_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

typedef enum {
	WA_PDF_NULL, WA_PDF_BOOL, WA_PDF_NUM, WA_PDF_STR, WA_PDF_NAME,
	WA_PDF_ARRAY, WA_PDF_DICT, WA_PDF_REF
} wa_pdfobj_type;

typedef struct wa_pdfobj wa_pdfobj;
struct wa_pdfobj {
	wa_pdfobj_type type;
	char *s;                /* NUM its text, STR its bytes, NAME without '/' */
	size_t len;
	int hex;                /* STR: written <hex> */
	long num, gen;          /* REF; BOOL: num is 0 or 1 */
	wa_pdfobj **kids;       /* ARRAY items; DICT key, value, key, value... */
	size_t n, cap;          /* kids used, and room for (grown by half) */
	size_t at, end;         /* STR: where the token lies in the file */
};

wa_pdfobj *wa_pdfobj_new(wa_pdfobj_type type);
wa_pdfobj *wa_pdfobj_name_new(const char *name);
wa_pdfobj *wa_pdfobj_str_new(const void *bytes, size_t len);
/* A text string: PDFDocEncoding when it is ASCII, else UTF-16BE with a
 * byte-order mark, from UTF-8. */
wa_pdfobj *wa_pdfobj_text_new(const char *utf8);
wa_pdfobj *wa_pdfobj_int_new(long v);
wa_pdfobj *wa_pdfobj_ref_new(long num, long gen);
wa_pdfobj *wa_pdfobj_dup(const wa_pdfobj *o);
void wa_pdfobj_free(wa_pdfobj *o);

/* The value of key in a dictionary, or NULL (also when d is no dict). */
wa_pdfobj *wa_pdfobj_dict_get(const wa_pdfobj *d, const char *key);
/* Set key to v (stolen), replacing any earlier value. */
void wa_pdfobj_dict_set(wa_pdfobj *d, const char *key, wa_pdfobj *v);
void wa_pdfobj_array_add(wa_pdfobj *a, wa_pdfobj *v);
int wa_pdfobj_is_name(const wa_pdfobj *o, const char *name);
/* An integer's value, or dflt when o is no integer. */
long wa_pdfobj_int(const wa_pdfobj *o, long dflt);
/* The UTF-8 of a text string (UTF-16BE with a BOM, or PDFDocEncoding
 * taken as Latin-1); a new string. */
char *wa_pdfobj_to_text_new(const wa_pdfobj *o);

void wa_pdfobj_write(const wa_pdfobj *o, wa_buf *out);

#endif
