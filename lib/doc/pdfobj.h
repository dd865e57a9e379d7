/* pdfobj.h - a PDF's objects, read and written: enough to append an
 * incremental update to a file (sign it) and to read it back (verify).
 *
 * Reads the classic cross-reference table and its /Prev chain (the newest
 * entry for an object wins); parses one object at a time into a small
 * tree; writes trees back.  Cross-reference streams and object streams
 * (PDF 1.5 compression) are refused with a clear error: the PDFs wa
 * writes, and those of most office suites, use the classic table. */
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
	size_t n;
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

typedef struct wa_pdffile {
	const char *name;       /* for messages */
	const char *data;
	size_t len;
	size_t startxref;
	long size;              /* the trailer's /Size */
	size_t *offset;         /* by object number; 0: not in use */
	long *gen;
	wa_pdfobj *trailer;     /* the newest */
} wa_pdffile;

/* Read the cross-reference table of data (the file name for messages).
 * 0, or -1 with err: 65 not a PDF, a damaged table, or one this reader
 * does not handle. */
int wa_pdffile_open(wa_pdffile *p, const char *name, const char *data, size_t len, wa_err *err);
void wa_pdffile_close(wa_pdffile *p);
/* Object num as a new tree (a stream: its dictionary), or NULL with err. */
wa_pdfobj *wa_pdffile_object_new(wa_pdffile *p, long num, wa_err *err);
/* o itself when it is no reference, else the object it names: a new tree
 * either way, or NULL with err. */
wa_pdfobj *wa_pdffile_resolve_new(wa_pdffile *p, const wa_pdfobj *o, wa_err *err);

#endif
