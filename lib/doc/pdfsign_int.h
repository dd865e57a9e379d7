/* pdfsign_int.h - what the files of the pdfsign module share, and
 * nothing outside them uses. */
#ifndef WA_PDFSIGN_INT_H
#define WA_PDFSIGN_INT_H

#include <openssl/x509.h>
#include <stddef.h>
#include <time.h>

#include "base/buf.h"
#include "base/err.h"
#include "doc/pdffile.h"
#include "doc/pdfobj.h"
#include "doc/pdfsign.h"

/* pdfsign_cms.c */
/* An X.509 name on one line (RFC 2253); new. */
char *wa_pdfsign_name_new(const X509_NAME *n);
/* err set from OpenSSL's error queue (70), which is emptied; -1. */
int wa_pdfsign_openssl_error(wa_err *err, const char *what);
/* The detached CMS SignedData of s over the SHA-256 digest (DER, into
 * der): PAdES signed attributes, or legacy with a signingTime of when. */
int wa_pdfsign_cms(const wa_pdfsign_signer *s, const unsigned char *digest, int legacy,
	time_t when, wa_buf *der, wa_err *err);
/* Bytes to leave for s's CMS in /Contents, rounded up to a KiB. */
size_t wa_pdfsign_cms_room(const wa_pdfsign_signer *s);

/* The signer's certificate. */
X509 *wa_pdfsign_signer_cert(const wa_pdfsign_signer *s);

/* pdfsign_cert.c */
/* {subject, issuer, serial (hex), sha256 (the certificate's fingerprint,
 * hex), not_before, not_after}: new. */
json_t *wa_pdfsign_cert_json_new(X509 *cert);
/* 1 when cert is valid at t, else 0 with why ("expired, since ..."). */
int wa_pdfsign_cert_valid_at(X509 *cert, time_t t, char *why, size_t size);

/* pdfsign.c: a file's signature fields */
typedef struct wa_pdfsign_field {
	long num, gen;
	wa_pdfobj *dict;
	char *title;
} wa_pdfsign_field;
/* The terminal signature fields under list (an /Fields array), in
 * document order, appended to *out (*n of them). */
int wa_pdfsign_fields(wa_pdffile *p, const wa_pdfobj *list, int depth, int sig_parent,
	wa_pdfsign_field **out, size_t *n, wa_err *err);
void wa_pdfsign_fields_free(wa_pdfsign_field *f, size_t n);

#endif
