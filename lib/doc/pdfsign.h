/* pdfsign.h - PDF digital signatures: signing in an incremental update
 * (PAdES baseline B-B, or the legacy adbe.pkcs7.detached) and checking
 * every signature of a file.
 *
 * Signing appends a revision to the file and changes no byte before it:
 * the first empty signature field (or the one named) gets the signature
 * dictionary, or, when the file has none left, an invisible field is
 * added to the last page.  The AcroForm gets /SigFlags 3.  The CMS
 * SignedData is detached, SHA-256, and its signed attributes are
 * contentType, messageDigest and (PAdES) signingCertificateV2 with no
 * signingTime, the time being the dictionary's /M; they are encoded and
 * signed here, since OpenSSL would add a signingTime of its own.  With
 * SOURCE_DATE_EPOCH and an RSA key (PKCS#1 v1.5) the same input gives
 * the same bytes. */
#ifndef WA_PDFSIGN_H
#define WA_PDFSIGN_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "base/buf.h"
#include "base/err.h"

typedef struct wa_pdfsign_signer wa_pdfsign_signer;

/* The key (PEM, encrypted or not: passphrase may be NULL), the
 * certificate and optional chain (PEM) of a signer.  NULL with err: 66 a
 * missing file, 77 an encrypted key without the right passphrase, 78 a
 * file that holds no key or certificate, or a key that is not the
 * certificate's. */
wa_pdfsign_signer *wa_pdfsign_signer_new(const char *key, const char *cert, const char *chain,
	const char *passphrase, wa_err *err);
void wa_pdfsign_signer_free(wa_pdfsign_signer *s);
/* The certificate's subject, one line (RFC 2253); a new string. */
char *wa_pdfsign_signer_subject_new(const wa_pdfsign_signer *s);
/* The certificate: {subject, issuer, serial, sha256, not_before,
 * not_after}, what an audit trail records of it; new. */
json_t *wa_pdfsign_signer_cert_new(const wa_pdfsign_signer *s);
/* May s sign as name at time at?  The name must be the certificate's:
 * its common name (case, accents, punctuation and a title such as "Dr."
 * aside) or one of its e-mail addresses, or map (may be NULL) must give
 * name a string, or a list, that is; and the certificate must be valid
 * at at.  0, or -1 with err (77) saying which. */
int wa_pdfsign_signer_check(const wa_pdfsign_signer *s, const char *name, json_t *map,
	time_t at, wa_err *err);

typedef struct wa_pdf_sign_opts {
	const char *name;       /* /Name: who signs */
	const char *field;      /* the field's /T, or NULL for the first empty one */
	const char *reason;     /* /Reason, or NULL */
	int legacy;             /* adbe.pkcs7.detached, with a signingTime */
} wa_pdf_sign_opts;

/* Append to out the file data (named name in messages) with a signature
 * added.  0, or -1 with err (65 a file that cannot be read or updated,
 * a field that is missing or already signed; 70 OpenSSL failed). */
int wa_pdfsign_sign(const char *name, const char *data, size_t len, const wa_pdfsign_signer *s,
	const wa_pdf_sign_opts *opts, wa_buf *out, wa_err *err);

/* Every signature of the file, oldest first, as a new JSON array of
 * {field, signer, time, subfilter, subject, issuer, certificate,
 * revision_end, covers_whole_document, pades, and each check apart, as
 * pdfsig reports them: integrity (the signed bytes' digest), signature_valid,
 * intact (both), certificate_valid_at_signing (at the signature's /M;
 * null without one), trusted (its chain to ca, dates aside; null without
 * ca), revocation ("not checked"), ok (all that is known holds), and
 * problem, certificate_problem, trust_problem saying why not}.  ca (may
 * be NULL) is a PEM file of trusted certificates.  NULL with err (65)
 * when the file cannot be read. */
json_t *wa_pdfsign_verify_new(const char *name, const char *data, size_t len,
	const char *ca, wa_err *err);

#endif
