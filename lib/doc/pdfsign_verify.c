/* pdfsign_verify.c - checking every signature of a PDF: see pdfsign.h. */
#include "doc/pdfsign.h"

#include <errno.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/mem.h"
#include "doc/pdffile.h"
#include "doc/pdfobj.h"
#include "doc/pdfsign_int.h"

static void problem(json_t *sig, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(json_t *sig, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	json_object_set_new(sig, "intact", json_false());
	if (!json_string_value(json_object_get(sig, "problem")))
		json_object_set_new(sig, "problem", json_string(msg));
}

/* "D:20261124120000+00'00'" to "2026-11-24T12:00:00+00:00" (as given
 * when it does not parse) */
static json_t *iso_time(const char *d)
{
	int y, mo = 1, da = 1, h = 0, mi = 0, se = 0;
	char tz[16] = "Z";

	if (!d || strncmp(d, "D:", 2) || sscanf(d + 2, "%4d%2d%2d%2d%2d%2d%15s", &y, &mo, &da, &h,
	    &mi, &se, tz) < 1)
		return d ? json_string(d) : json_null();
	char out[64];
	if (tz[0] == '+' || tz[0] == '-')
		snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d%c%.2s:%.2s", y, mo, da, h,
			mi, se, tz[0], tz + 1, strlen(tz) >= 6 ? tz + 4 : "00");
	else
		snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, da, h, mi, se);
	return json_string(out);
}

/* "D:20261124120000+01'00'" as seconds since the epoch; -1 when it
 * does not parse */
static time_t pdf_time(const char *d)
{
	int y, mo = 1, da = 1, h = 0, mi = 0, se = 0, oh = 0, om = 0;
	char sign = 'Z';
	struct tm tm = { 0 };

	if (!d || strncmp(d, "D:", 2) || sscanf(d + 2, "%4d%2d%2d%2d%2d%2d%c%2d'%2d", &y, &mo, &da,
	    &h, &mi, &se, &sign, &oh, &om) < 1)
		return (time_t)-1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = da;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	time_t t = timegm(&tm);
	int off = (oh * 60 + om) * 60;
	return sign == '+' ? t - off : sign == '-' ? t + off : t;
}

/* the signed ranges as a memory BIO */
/* The signed byte ranges, behind a pass-through filter: given a memory
 * BIO itself, OpenSSL 3.0's CMS_verify copies it into one of its own and
 * leaks that copy when the signature's digest cannot be set up (a
 * mangled algorithm: found by fuzzing).  Free with BIO_free_all. */
static BIO *signed_bytes_new(const char *data, const long r[4])
{
	BIO *content = BIO_new(BIO_s_mem());

	BIO_write(content, data + r[0], (int)r[1]);
	BIO_write(content, data + r[2], (int)r[3]);
	BIO_set_mem_eof_return(content, 0);     /* read to its end, it ends */
	return BIO_push(BIO_new(BIO_f_null()), content);
}

/* the digest of the signed ranges against the one the signer signed:
 * 0, or -1 with the problem said; whether the signature is PAdES
 * (signing-certificate-v2 and no signing time) into out */
static int check_digest(json_t *out, CMS_SignerInfo *si, const char *data, const long r[4])
{
	X509_ALGOR *dalg = NULL;
	const ASN1_OBJECT *dobj = NULL;

	CMS_SignerInfo_get0_algs(si, NULL, NULL, &dalg, NULL);
	X509_ALGOR_get0(&dobj, NULL, NULL, dalg);
	const EVP_MD *mdt = dobj ? EVP_get_digestbyobj(dobj) : NULL;
	ASN1_OCTET_STRING *want = CMS_signed_get0_data_by_OBJ(si,
		OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING);
	if (!mdt || !want) {
		problem(out, "the CMS has no message digest this program can check");
		return -1;
	}
	unsigned char got[EVP_MAX_MD_SIZE];
	unsigned int gl = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_DigestInit_ex(md, mdt, NULL);
	EVP_DigestUpdate(md, data + r[0], (size_t)r[1]);
	EVP_DigestUpdate(md, data + r[2], (size_t)r[3]);
	EVP_DigestFinal_ex(md, got, &gl);
	EVP_MD_CTX_free(md);
	json_object_set_new(out, "pades", json_boolean(
		CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) >= 0 &&
		CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) < 0));
	if ((unsigned)ASN1_STRING_length(want) != gl ||
	    memcmp(ASN1_STRING_get0_data(want), got, gl)) {
		problem(out, "digest mismatch: the signed bytes were changed");
		return -1;
	}
	return 0;
}

/* the signer's certificate into out: its subject and issuer, the whole
 * of it, and whether it was valid when the signature says it was made
 * (null when the signature says no time) */
static void signer_cert(json_t *out, CMS_ContentInfo *cms, time_t when)
{
	STACK_OF(X509) *signers = CMS_get0_signers(cms);
	X509 *cert = sk_X509_num(signers) ? sk_X509_value(signers, 0) : NULL;
	char why[128];

	if (cert) {
		json_t *c = wa_pdfsign_cert_json_new(cert);
		json_object_set(out, "subject", json_object_get(c, "subject"));
		json_object_set(out, "issuer", json_object_get(c, "issuer"));
		json_object_set_new(out, "certificate", c);
		if (when != (time_t)-1) {
			int valid = wa_pdfsign_cert_valid_at(cert, when, why, sizeof why);
			json_object_set_new(out, "certificate_valid_at_signing", json_boolean(valid));
			if (!valid)
				json_object_set_new(out, "certificate_problem", json_string(why));
		}
	}
	sk_X509_free(signers);
}

/* the signature over the signed attributes, by the certificate's key
 * (store NULL), or with the certificate chained to one in store: 1 when
 * it verifies, else 0 with OpenSSL's reason in msg */
static int verifies(CMS_ContentInfo *cms, const char *data, const long r[4],
	X509_STORE *store, char *msg, size_t size)
{
	BIO *content = signed_bytes_new(data, r);
	int ok = CMS_verify(cms, NULL, store, content, NULL, store ? CMS_BINARY :
		CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;

	if (!ok)
		ERR_error_string_n(ERR_get_error(), msg, size);
	BIO_free_all(content);
	return ok;
}

static void check_cms(json_t *out, const char *data, long r[4], const wa_pdfobj *contents,
	X509_STORE *store, time_t when)
{
	const unsigned char *p = (const unsigned char *)contents->s;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)contents->len);
	char msg[256] = "";

	ERR_clear_error();
	if (!cms) {
		problem(out, "/Contents holds no CMS signature");
		return;
	}
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	if (sk_CMS_SignerInfo_num(sis) != 1) {
		problem(out, "the CMS has %d signers, not one", sk_CMS_SignerInfo_num(sis));
		goto out;
	}
	if (check_digest(out, sk_CMS_SignerInfo_value(sis, 0), data, r))
		goto out;
	json_object_set_new(out, "integrity", json_true());
	if (!verifies(cms, data, r, NULL, msg, sizeof msg)) {
		problem(out, "the signature does not verify (%s)", msg);
		goto out;
	}
	json_object_set_new(out, "signature_valid", json_true());
	json_object_set_new(out, "intact", json_true());
	signer_cert(out, cms, when);
	/* trust is the chain alone: the certificate's dates are judged at
	 * the signing time, above, not now */
	if (store) {
		int trusted = verifies(cms, data, r, store, msg, sizeof msg);
		json_object_set_new(out, "trusted", json_boolean(trusted));
		if (!trusted)
			json_object_set_new(out, "trust_problem", json_string(msg));
	}
out:
	ERR_clear_error();
	CMS_ContentInfo_free(cms);
}

static void check_one(wa_pdffile *pdf, const wa_pdfsign_field *f, X509_STORE *store, json_t *list, wa_err *err)
{
	json_t *out = json_object();
	const wa_pdfobj *v = wa_pdfobj_dict_get(f->dict, "V");
	wa_pdfobj *sig = v && v->type == WA_PDF_REF ? wa_pdffile_object_new(pdf, v->num, err) : NULL;

	json_object_set_new(out, "field", json_string(f->title));
	json_object_set_new(out, "intact", json_false());
	json_object_set_new(out, "integrity", json_false());
	json_object_set_new(out, "signature_valid", json_false());
	json_object_set_new(out, "certificate_valid_at_signing", json_null());
	json_object_set_new(out, "trusted", json_null());
	/* no CRL or OCSP is consulted */
	json_object_set_new(out, "revocation", json_string("not checked"));
	json_object_set_new(out, "problem", json_null());
	json_array_append_new(list, out);
	if (!sig) {
		problem(out, "a signature dictionary that cannot be read%s%s", err->msg[0] ? ": " : "",
			err->msg);
		wa_err_clear(err);
		return;
	}
	char *signer = wa_pdfobj_to_text_new(wa_pdfobj_dict_get(sig, "Name"));
	json_object_set_new(out, "signer", json_string(signer));
	free(signer);
	const wa_pdfobj *m = wa_pdfobj_dict_get(sig, "M"), *sf = wa_pdfobj_dict_get(sig, "SubFilter");
	json_object_set_new(out, "time", m && m->type == WA_PDF_STR ? iso_time(m->s) : json_null());
	json_object_set_new(out, "subfilter", sf && sf->type == WA_PDF_NAME ? json_string(sf->s) :
		json_null());
	const wa_pdfobj *br = wa_pdfobj_dict_get(sig, "ByteRange"), *contents = wa_pdfobj_dict_get(sig,
		"Contents");
	long r[4];
	int ok = br && br->type == WA_PDF_ARRAY && br->n == 4;
	for (int i = 0; ok && i < 4; i++)
		ok = (r[i] = wa_pdfobj_int(br->kids[i], -1)) >= 0;
	if (!ok || r[0] != 0 || r[1] <= 0 || r[2] < r[1] || (size_t)r[2] > pdf->len ||
	    (size_t)r[3] > pdf->len - (size_t)r[2]) {
		problem(out, "a /ByteRange that is damaged or outside the file");
		goto out;
	}
	size_t end = (size_t)(r[2] + r[3]);
	json_object_set_new(out, "revision_end", json_integer((json_int_t)end));
	json_object_set_new(out, "covers_whole_document", json_boolean(end == pdf->len));
	if (!contents || contents->type != WA_PDF_STR || !contents->hex ||
	    contents->at != (size_t)r[1] || contents->end != (size_t)r[2]) {
		problem(out, "the bytes left out of /ByteRange are not exactly the /Contents string");
		goto out;
	}
	check_cms(out, pdf->data, r, contents, store, m && m->type == WA_PDF_STR ? pdf_time(m->s) :
		(time_t)-1);
out:
	/* all that is known holds: intact, its certificate valid when it
	 * signed, and trusted when asked */
	json_object_set_new(out, "ok", json_boolean(json_is_true(json_object_get(out, "intact")) &&
		!json_is_false(json_object_get(out, "certificate_valid_at_signing")) &&
		!json_is_false(json_object_get(out, "trusted"))));
	wa_pdfobj_free(sig);
}

static int by_end(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "revision_end"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "revision_end"));

	return (x > y) - (x < y);
}

json_t *wa_pdfsign_verify_new(const char *name, const char *data, size_t len, const char *ca,
	wa_err *err)
{
	wa_pdffile pdf;
	wa_pdfobj *root = NULL, *acro = NULL, *fields = NULL;
	wa_pdfsign_field *fl = NULL;
	size_t nfl = 0;
	json_t *list = NULL;
	X509_STORE *store = NULL;

	if (ca) {
		store = X509_STORE_new();
		X509_STORE_set_flags(store, X509_V_FLAG_NO_CHECK_TIME);
		if (X509_STORE_load_file(store, ca) != 1) {
			ERR_clear_error();
			X509_STORE_free(store);
			wa_err_set(err, errno == ENOENT ? WA_EX_NOINPUT : WA_EX_CONFIG,
				"%s: no trusted certificates in PEM form", ca);
			return NULL;
		}
	}
	if (wa_pdffile_open(&pdf, name, data, len, err)) {
		X509_STORE_free(store);
		return NULL;
	}
	const wa_pdfobj *root_ref = wa_pdfobj_dict_get(pdf.trailer, "Root");
	if (!(root = wa_pdffile_resolve_new(&pdf, root_ref, err)))
		goto out;
	const wa_pdfobj *a = wa_pdfobj_dict_get(root, "AcroForm");
	if (a && !(acro = wa_pdffile_resolve_new(&pdf, a, err)))
		goto out;
	const wa_pdfobj *f = wa_pdfobj_dict_get(acro, "Fields");
	if (f && !(fields = wa_pdffile_resolve_new(&pdf, f, err)))
		goto out;
	if (wa_pdfsign_fields(&pdf, fields, 0, 0, &fl, &nfl, err))
		goto out;
	list = json_array();
	for (size_t i = 0; i < nfl; i++)
		if (wa_pdfobj_dict_get(fl[i].dict, "V"))
			check_one(&pdf, &fl[i], store, list, err);
	/* oldest revision first */
	size_t n = json_array_size(list);
	json_t **items = wa_mem_alloc((n ? n : 1) * sizeof *items);
	for (size_t i = 0; i < n; i++)
		items[i] = json_incref(json_array_get(list, i));
	qsort(items, n, sizeof *items, by_end);
	json_array_clear(list);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, items[i]);
	free(items);
out:
	wa_pdfsign_fields_free(fl, nfl);
	wa_pdfobj_free(root);
	wa_pdfobj_free(acro);
	wa_pdfobj_free(fields);
	wa_pdffile_close(&pdf);
	X509_STORE_free(store);
	return list;
}
