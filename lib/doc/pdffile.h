/* pdffile.h - reading a PDF file, enough to append an incremental update
 * (sign it) and to read it back (verify).
 *
 * Reads the classic cross-reference table and its /Prev chain (the newest
 * entry for an object wins) and parses one object at a time into a
 * pdfobj.h tree.  Cross-reference streams and object streams (PDF 1.5
 * compression) are refused with a clear error: the PDFs wa writes, and
 * those of most office suites, use the classic table. */
#ifndef WA_PDFFILE_H
#define WA_PDFFILE_H

#include <stddef.h>

#include "base/err.h"
#include "doc/pdfobj.h"

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
