/* certificate.h - the certificate of completion of a signed document:
 * who signed and when, the document's hashes and the audit trail of its
 * version, as PDF, as e-signature services issue one. */
#ifndef WA_CERTIFICATE_H
#define WA_CERTIFICATE_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "ws/ws.h"

typedef struct wa_certificate_doc {
	const char *kind;       /* "nda" */
	const char *label;      /* "NDA" */
	const char *program;    /* the commands that sign and audit it: "wa-nda" */
	const char *generator;  /* what made it, the PDF's creator: "wa-nda" */
	const char *client;
	int version;            /* 0: the latest */
} wa_certificate_doc;

/* The certificate of d, which must be completed (65 otherwise, naming
 * who it waits on), as PDF appended to pdf and kept as the artifact
 * KIND/CLIENT/vN/certificate.pdf, whose name goes to name.  0, or -1
 * with err (66 no such document). */
int wa_certificate_make(wa_ws *ws, const wa_certificate_doc *d, wa_buf *pdf, char *name,
	size_t size, wa_err *err);

#endif
