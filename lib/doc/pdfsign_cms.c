/* pdfsign_cms.c - the signer (key, certificate, chain) and the CMS
 * SignedData it makes: see pdfsign.h. */
#include "doc/pdfsign.h"

#include <errno.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/mem.h"
#include "doc/pdfsign_int.h"

struct wa_pdfsign_signer {
	EVP_PKEY *key;
	X509 *cert;
	STACK_OF(X509) *chain;
};

static int pass_cb(char *buf, int size, int rwflag, void *user)
{
	const char *pass = user;

	(void)rwflag;
	if (!pass)
		return -1;
	int n = (int)strlen(pass);
	if (n > size)
		n = size;
	memcpy(buf, pass, (size_t)n);
	return n;
}

static BIO *open_pem(const char *path, wa_err *err)
{
	BIO *b = BIO_new_file(path, "r");

	if (!b)
		wa_err_set(err, errno == ENOENT ? WA_EX_NOINPUT : WA_EX_CONFIG, "%s: %s", path,
			strerror(errno ? errno : EINVAL));
	return b;
}

/* whether the PEM file at path holds an encrypted key (PKCS#8 or the
 * traditional Proc-Type header) */
static int encrypted_pem(const char *path)
{
	wa_buf b;
	wa_err ignored = WA_ERR_INIT;
	int yes = 0;

	wa_buf_init(&b);
	if (wa_fs_read(path, &b, 1u << 20, &ignored) == 0 && b.len)
		yes = memmem(b.data, b.len, "BEGIN ENCRYPTED PRIVATE KEY", 27) ||
			memmem(b.data, b.len, "Proc-Type: 4,ENCRYPTED", 22);
	wa_buf_free(&b);
	return yes;
}

wa_pdfsign_signer *wa_pdfsign_signer_new(const char *key, const char *cert, const char *chain,
	const char *passphrase, wa_err *err)
{
	wa_pdfsign_signer *s = wa_mem_calloc(1, sizeof *s);
	BIO *b;

	ERR_clear_error();
	if (!(b = open_pem(key, err)))
		goto fail;
	s->key = PEM_read_bio_PrivateKey(b, NULL, pass_cb, (void *)passphrase);
	BIO_free(b);
	if (!s->key) {
		ERR_clear_error();
		if (encrypted_pem(key))
			wa_err_set(err, WA_EX_NOPERM, "%s: an encrypted key: %s", key, passphrase ?
				"the passphrase does not open it" : "no passphrase given");
		else
			wa_err_set(err, WA_EX_CONFIG, "%s: no private key in PEM form", key);
		goto fail;
	}
	if (!(b = open_pem(cert, err)))
		goto fail;
	s->cert = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	if (!s->cert) {
		wa_err_set(err, WA_EX_CONFIG, "%s: no certificate in PEM form", cert);
		goto fail;
	}
	if (X509_check_private_key(s->cert, s->key) != 1) {
		wa_err_set(err, WA_EX_CONFIG, "%s is not the key of the certificate %s", key, cert);
		goto fail;
	}
	s->chain = sk_X509_new_null();
	if (chain) {
		if (!(b = open_pem(chain, err)))
			goto fail;
		X509 *c;
		while ((c = PEM_read_bio_X509(b, NULL, NULL, NULL)))
			sk_X509_push(s->chain, c);
		BIO_free(b);
		if (!sk_X509_num(s->chain)) {
			wa_err_set(err, WA_EX_CONFIG, "%s: no certificate in PEM form", chain);
			goto fail;
		}
	}
	ERR_clear_error();
	return s;
fail:
	ERR_clear_error();
	wa_pdfsign_signer_free(s);
	return NULL;
}

void wa_pdfsign_signer_free(wa_pdfsign_signer *s)
{
	if (!s)
		return;
	EVP_PKEY_free(s->key);
	X509_free(s->cert);
	sk_X509_pop_free(s->chain, X509_free);
	free(s);
}

char *wa_pdfsign_name_new(const X509_NAME *n)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data, *s;

	X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	long len = BIO_get_mem_data(b, &data);
	s = wa_mem_strndup(data, (size_t)len);
	BIO_free(b);
	return s;
}

X509 *wa_pdfsign_signer_cert(const wa_pdfsign_signer *s)
{
	return s->cert;
}

char *wa_pdfsign_signer_subject_new(const wa_pdfsign_signer *s)
{
	return wa_pdfsign_name_new(X509_get_subject_name(s->cert));
}

/* ---- the CMS ---- */

int wa_pdfsign_openssl_error(wa_err *err, const char *what)
{
	char msg[256] = "unknown error";
	unsigned long e = ERR_get_error();

	if (e)
		ERR_error_string_n(e, msg, sizeof msg);
	ERR_clear_error();
	return wa_err_set(err, WA_EX_SOFTWARE, "OpenSSL: %s: %s", what, msg);
}

static int der_cmp(const void *a, const void *b)
{
	const wa_buf *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->data, y->data, n);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void der_length(wa_buf *b, size_t n)
{
	if (n < 0x80) {
		wa_buf_addc(b, (char)n);
		return;
	}
	unsigned char l[8];
	int k = 0;
	for (size_t v = n; v; v >>= 8)
		l[k++] = (unsigned char)v;
	wa_buf_addc(b, (char)(0x80 | k));
	while (k)
		wa_buf_addc(b, (char)l[--k]);
}

/* The signed attributes as the signature covers them: a DER SET OF,
 * the elements in the order of their encodings. */
static void signed_attrs_der(CMS_SignerInfo *si, wa_buf *out)
{
	int n = CMS_signed_get_attr_count(si);
	wa_buf *enc = wa_mem_calloc((size_t)(n > 0 ? n : 1), sizeof *enc);
	size_t total = 0;

	for (int i = 0; i < n; i++) {
		unsigned char *p = NULL;
		int len = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &p);
		wa_buf_init(&enc[i]);
		if (len > 0)
			wa_buf_add(&enc[i], p, (size_t)len);
		OPENSSL_free(p);
		total += enc[i].len;
	}
	qsort(enc, (size_t)(n > 0 ? n : 0), sizeof *enc, der_cmp);
	wa_buf_addc(out, 0x31);
	der_length(out, total);
	for (int i = 0; i < n; i++) {
		wa_buf_add(out, enc[i].data, enc[i].len);
		wa_buf_free(&enc[i]);
	}
	free(enc);
}

int wa_pdfsign_cms(const wa_pdfsign_signer *s, const unsigned char *digest, int legacy,
	time_t when, wa_buf *der, wa_err *err)
{
	unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL;
	CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
	CMS_SignerInfo *si;
	wa_buf attrs;
	int rc = -1;

	wa_buf_init(&attrs);
	if (!cms)
		return wa_pdfsign_openssl_error(err, "CMS_sign");
	si = CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(), flags | CMS_NOSMIMECAP |
		(legacy ? 0 : CMS_CADES));
	if (!si) {
		wa_pdfsign_openssl_error(err, "adding the signer");
		goto out;
	}
	for (int i = 0; i < sk_X509_num(s->chain); i++)
		CMS_add1_cert(cms, sk_X509_value(s->chain, i));
	if (!CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
	    OBJ_nid2obj(NID_pkcs7_data), -1) ||
	    !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING,
	    digest, 32)) {
		wa_pdfsign_openssl_error(err, "adding the signed attributes");
		goto out;
	}
	if (legacy) {
		ASN1_TIME *t = ASN1_TIME_set(NULL, when);
		int ok = t && CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, t->type, t, -1);
		ASN1_TIME_free(t);
		if (!ok) {
			wa_pdfsign_openssl_error(err, "adding the signing time");
			goto out;
		}
	}
	signed_attrs_der(si, &attrs);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	size_t siglen = 0;
	unsigned char *sig = NULL;
	int ok = EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, s->key) == 1 &&
		EVP_DigestSign(md, NULL, &siglen, (unsigned char *)attrs.data, attrs.len) == 1 &&
		(sig = OPENSSL_malloc(siglen)) &&
		EVP_DigestSign(md, sig, &siglen, (unsigned char *)attrs.data, attrs.len) == 1;
	EVP_MD_CTX_free(md);
	if (!ok || !ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), sig, (int)siglen)) {
		OPENSSL_free(sig);
		wa_pdfsign_openssl_error(err, "signing");
		goto out;
	}
	OPENSSL_free(sig);
	unsigned char *p = NULL;
	int len = i2d_CMS_ContentInfo(cms, &p);
	if (len <= 0) {
		wa_pdfsign_openssl_error(err, "encoding the CMS");
		goto out;
	}
	wa_buf_add(der, p, (size_t)len);
	OPENSSL_free(p);
	rc = 0;
out:
	wa_buf_free(&attrs);
	CMS_ContentInfo_free(cms);
	return rc;
}

size_t wa_pdfsign_cms_room(const wa_pdfsign_signer *s)
{
	size_t room = 4096 + (size_t)EVP_PKEY_get_size(s->key) + (size_t)i2d_X509(s->cert, NULL);

	for (int i = 0; i < sk_X509_num(s->chain); i++)
		room += (size_t)i2d_X509(sk_X509_value(s->chain, i), NULL);
	return (room + 1023) / 1024 * 1024;
}
