/* pdfsign.c - see pdfsign.h. */
#include <errno.h>
#include <stdarg.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/fs.h"
#include "base/hash.h"
#include "doc/pdfobj.h"
#include "doc/pdfsign.h"
#include "base/utf8.h"

struct wa_pdfsign_signer {
	EVP_PKEY *key;
	X509 *cert;
	STACK_OF(X509) *chain;
};

/* ---- the signer ---- */

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

static char *name_line_new(const X509_NAME *n)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data, *s;

	X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	long len = BIO_get_mem_data(b, &data);
	s = wa_mem_strndup(data, (size_t)len);
	BIO_free(b);
	return s;
}

char *wa_pdfsign_signer_subject_new(const wa_pdfsign_signer *s)
{
	return name_line_new(X509_get_subject_name(s->cert));
}

/* ---- the CMS ---- */

static int ossl_fail(wa_err *err, const char *what)
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

static int make_cms(const wa_pdfsign_signer *s, const unsigned char *digest, int legacy,
	time_t when, wa_buf *der, wa_err *err)
{
	unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL;
	CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
	CMS_SignerInfo *si;
	wa_buf attrs;
	int rc = -1;

	wa_buf_init(&attrs);
	if (!cms)
		return ossl_fail(err, "CMS_sign");
	si = CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(), flags | CMS_NOSMIMECAP |
		(legacy ? 0 : CMS_CADES));
	if (!si) {
		ossl_fail(err, "adding the signer");
		goto out;
	}
	for (int i = 0; i < sk_X509_num(s->chain); i++)
		CMS_add1_cert(cms, sk_X509_value(s->chain, i));
	if (!CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
	    OBJ_nid2obj(NID_pkcs7_data), -1) ||
	    !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING,
	    digest, 32)) {
		ossl_fail(err, "adding the signed attributes");
		goto out;
	}
	if (legacy) {
		ASN1_TIME *t = ASN1_TIME_set(NULL, when);
		int ok = t && CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, t->type, t, -1);
		ASN1_TIME_free(t);
		if (!ok) {
			ossl_fail(err, "adding the signing time");
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
		ossl_fail(err, "signing");
		goto out;
	}
	OPENSSL_free(sig);
	unsigned char *p = NULL;
	int len = i2d_CMS_ContentInfo(cms, &p);
	if (len <= 0) {
		ossl_fail(err, "encoding the CMS");
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

/* ---- the incremental update ---- */

typedef struct update {
	wa_pdffile *pdf;
	wa_buf *out;
	size_t base;            /* where the file starts in out */
	long next;              /* the next free object number */
	struct { long num, gen; size_t off; } *objs;
	size_t nobjs;
} update;

static void begin_obj(update *u, long num, long gen)
{
	u->objs = wa_mem_realloc(u->objs, (u->nobjs + 1) * sizeof *u->objs);
	u->objs[u->nobjs].num = num;
	u->objs[u->nobjs].gen = gen;
	u->objs[u->nobjs++].off = u->out->len - u->base;
	wa_buf_addf(u->out, "%ld %ld obj\n", num, gen);
}

static void put_obj(update *u, long num, long gen, const wa_pdfobj *o)
{
	begin_obj(u, num, gen);
	wa_pdfobj_write(o, u->out);
	wa_buf_adds(u->out, "\nendobj\n");
}

static int obj_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* the page references in order, walking /Kids (depth and count bounded) */
static int collect_pages(wa_pdffile *p, const wa_pdfobj *node, int depth, wa_pdfobj *pages,
	wa_err *err)
{
	if (depth > 32 || pages->n > 100000)
		return wa_err_set(err, WA_EX_DATAERR, "%s: a page tree too deep", p->name);
	wa_pdfobj *o = wa_pdffile_resolve_new(p, node, err);
	if (!o)
		return -1;
	int rc = 0;
	if (wa_pdfobj_is_name(wa_pdfobj_dict_get(o, "Type"), "Page")) {
		if (node->type == WA_PDF_REF)
			wa_pdfobj_array_add(pages, wa_pdfobj_dup(node));
	} else {
		wa_pdfobj *kids = wa_pdffile_resolve_new(p, wa_pdfobj_dict_get(o, "Kids"), err);
		for (size_t i = 0; kids && kids->type == WA_PDF_ARRAY && i < kids->n && !rc; i++)
			rc = collect_pages(p, kids->kids[i], depth + 1, pages, err);
		if (!kids)
			rc = -1;
		wa_pdfobj_free(kids);
	}
	wa_pdfobj_free(o);
	return rc;
}

typedef struct field {
	long num, gen;
	wa_pdfobj *dict;
	char *title;
} field;

/* terminal signature fields in document order */
static int collect_fields(wa_pdffile *p, const wa_pdfobj *list, int depth, int sig_parent,
	field **out, size_t *n, wa_err *err)
{
	if (!list || list->type != WA_PDF_ARRAY)
		return 0;
	if (depth > 16 || *n > 10000)
		return wa_err_set(err, WA_EX_DATAERR, "%s: a form field tree too deep", p->name);
	for (size_t i = 0; i < list->n; i++) {
		const wa_pdfobj *ref = list->kids[i];
		if (ref->type != WA_PDF_REF)
			continue;
		wa_pdfobj *f = wa_pdffile_object_new(p, ref->num, err);
		if (!f)
			return -1;
		int sig = wa_pdfobj_is_name(wa_pdfobj_dict_get(f, "FT"), "Sig") ||
			(sig_parent && !wa_pdfobj_dict_get(f, "FT"));
		wa_pdfobj *kids = wa_pdfobj_dict_get(f, "Kids");
		if (kids && kids->type == WA_PDF_ARRAY && !wa_pdfobj_dict_get(f, "Subtype")) {
			int rc = collect_fields(p, kids, depth + 1, sig, out, n, err);
			wa_pdfobj_free(f);
			if (rc)
				return rc;
			continue;
		}
		if (!sig) {
			wa_pdfobj_free(f);
			continue;
		}
		*out = wa_mem_realloc(*out, (*n + 1) * sizeof **out);
		(*out)[*n] = (field){ ref->num, ref->gen, f, wa_pdfobj_to_text_new(wa_pdfobj_dict_get(f, "T")) };
		(*n)++;
	}
	return 0;
}

static void free_fields(field *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		wa_pdfobj_free(f[i].dict);
		free(f[i].title);
	}
	free(f);
}

static double num_value(const wa_pdfobj *o)
{
	return o && o->type == WA_PDF_NUM ? strtod(o->s, NULL) : 0;
}

/* UTF-8 to WinAnsi for the appearance's standard font; what it cannot
 * show becomes '?' */
static void winansi(const char *s, wa_buf *out)
{
	const char *end = s + strlen(s);

	while (s < end) {
		uint32_t cp = wa_utf8_next(&s, end);
		unsigned char c = cp == 0x20AC ? 0x80 : cp < 0x20 ? ' ' :
			(cp < 0x80 || (cp >= 0xA0 && cp < 0x100)) ? (unsigned char)cp : '?';
		if (c == '(' || c == ')' || c == '\\')
			wa_buf_addc(out, '\\');
		wa_buf_addc(out, (char)c);
	}
}

/* a Form XObject that shows who signed and when, for a visible field */
static void appearance(update *u, long num, double w, double h, const char *who,
	const char *when)
{
	wa_buf content;

	wa_buf_init(&content);
	wa_buf_adds(&content, "q 0.1 0.2 0.5 rg BT /Helv 7 Tf 3 ");
	wa_buf_addf(&content, "%.2f Td (Digitally signed by ", h - 9 > 2 ? h - 9 : 2);
	winansi(who, &content);
	wa_buf_addf(&content, ") Tj 0 -8.5 Td (%s) Tj ET Q", when);
	begin_obj(u, num, 0);
	wa_buf_addf(u->out, "<< /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Resources "
		"<< /Font << /Helv << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "
		"/WinAnsiEncoding >> >> >> /Length %zu >>\nstream\n", w, h, content.len);
	wa_buf_add(u->out, content.data, content.len);
	wa_buf_adds(u->out, "\nendstream\nendobj\n");
	wa_buf_free(&content);
}

static void pdf_date(time_t t, char *out, size_t size, char *human, size_t hsize)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, size, "D:%04d%02d%02d%02d%02d%02d+00'00'", tm.tm_year + 1900,
		tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	snprintf(human, hsize, "%04d-%02d-%02d %02d:%02d UTC", tm.tm_year + 1900, tm.tm_mon + 1,
		tm.tm_mday, tm.tm_hour, tm.tm_min);
}

#define BYTERANGE_PLACEHOLDER "[0 0000000000 0000000000 0000000000]"

int wa_pdfsign_sign(const char *name, const char *data, size_t len, const wa_pdfsign_signer *s,
	const wa_pdf_sign_opts *opts, wa_buf *out, wa_err *err)
{
	wa_pdffile pdf;
	update u = { &pdf, out, out->len, 0, NULL, 0 };
	wa_pdfobj *root = NULL, *acro = NULL, *fields = NULL, *pages = NULL, *page = NULL,
		*annots = NULL, *target = NULL;
	field *fl = NULL;
	size_t nfl = 0;
	long acro_num = 0, fields_num = 0, annots_num = 0;
	int rc = -1;
	wa_buf cms;

	wa_buf_init(&cms);
	if (wa_pdffile_open(&pdf, name, data, len, err))
		return -1;
	const wa_pdfobj *root_ref = wa_pdfobj_dict_get(pdf.trailer, "Root");
	if (root_ref->type != WA_PDF_REF) {
		wa_err_set(err, WA_EX_DATAERR, "%s: a trailer /Root that is no reference", name);
		goto out;
	}
	if (wa_pdfobj_dict_get(pdf.trailer, "Encrypt")) {
		wa_err_set(err, WA_EX_DATAERR, "%s: an encrypted PDF, which wa cannot sign", name);
		goto out;
	}
	if (!(root = wa_pdffile_object_new(&pdf, root_ref->num, err)))
		goto out;
	pages = wa_pdfobj_new(WA_PDF_ARRAY);
	if (collect_pages(&pdf, wa_pdfobj_dict_get(root, "Pages"), 0, pages, err))
		goto out;
	if (!pages->n) {
		wa_err_set(err, WA_EX_DATAERR, "%s: a document without pages", name);
		goto out;
	}
	/* the form: its own object, or inside the catalog, or new */
	wa_pdfobj *form = wa_pdfobj_dict_get(root, "AcroForm");
	if (form && form->type == WA_PDF_REF)
		acro_num = form->num;
	acro = form ? wa_pdffile_resolve_new(&pdf, form, err) : wa_pdfobj_new(WA_PDF_DICT);
	if (!acro)
		goto out;
	wa_pdfobj *f = wa_pdfobj_dict_get(acro, "Fields");
	if (f && f->type == WA_PDF_REF)
		fields_num = f->num;
	fields = f ? wa_pdffile_resolve_new(&pdf, f, err) : wa_pdfobj_new(WA_PDF_ARRAY);
	if (!fields)
		goto out;
	if (collect_fields(&pdf, fields, 0, 0, &fl, &nfl, err))
		goto out;
	size_t signed_before = 0;
	field *chosen = NULL;
	for (size_t i = 0; i < nfl; i++) {
		int empty = !wa_pdfobj_dict_get(fl[i].dict, "V");
		signed_before += !empty;
		if (opts->field ? strcmp(fl[i].title, opts->field) == 0 : empty && !chosen) {
			if (!empty) {
				wa_err_set(err, WA_EX_DATAERR, "%s: the field \"%s\" is signed already",
					name, opts->field);
				goto out;
			}
			chosen = &fl[i];
		}
	}
	if (opts->field && !chosen) {
		wa_buf names;
		wa_buf_init(&names);
		for (size_t i = 0; i < nfl; i++)
			wa_buf_addf(&names, "%s\"%s\"", i ? ", " : "", fl[i].title);
		wa_err_set(err, WA_EX_DATAERR, "%s: no signature field \"%s\" (the file has %s)",
			name, opts->field, nfl ? names.data : "none");
		wa_buf_free(&names);
		goto out;
	}

	time_t when = (time_t)(wa_clock_now_ms() / 1000);
	char m[64], human[64];
	pdf_date(when, m, sizeof m, human, sizeof human);
	u.next = pdf.size;
	long sig_num = u.next++;
	/* the revision starts on a line of its own */
	wa_buf_add(out, data, len);
	if (len && data[len - 1] != '\n' && data[len - 1] != '\r')
		wa_buf_addc(out, '\n');

	/* the signature dictionary, with room for the CMS */
	size_t room = 4096 + (size_t)EVP_PKEY_get_size(s->key) + (size_t)i2d_X509(s->cert, NULL);
	for (int i = 0; i < sk_X509_num(s->chain); i++)
		room += (size_t)i2d_X509(sk_X509_value(s->chain, i), NULL);
	room = (room + 1023) / 1024 * 1024;
	begin_obj(&u, sig_num, 0);
	wa_pdfobj *sig = wa_pdfobj_new(WA_PDF_DICT);
	wa_pdfobj_dict_set(sig, "Type", wa_pdfobj_name_new("Sig"));
	wa_pdfobj_dict_set(sig, "Filter", wa_pdfobj_name_new("Adobe.PPKLite"));
	wa_pdfobj_dict_set(sig, "SubFilter", wa_pdfobj_name_new(opts->legacy ?
		"adbe.pkcs7.detached" : "ETSI.CAdES.detached"));
	wa_pdfobj_dict_set(sig, "Name", wa_pdfobj_text_new(opts->name));
	wa_pdfobj_dict_set(sig, "M", wa_pdfobj_str_new(m, strlen(m)));
	if (opts->reason)
		wa_pdfobj_dict_set(sig, "Reason", wa_pdfobj_text_new(opts->reason));
	wa_buf_add(out, "<<", 2);
	for (size_t i = 0; i + 1 < sig->n; i += 2) {
		wa_buf_addc(out, ' ');
		wa_pdfobj_write(sig->kids[i], out);
		wa_buf_addc(out, ' ');
		wa_pdfobj_write(sig->kids[i + 1], out);
	}
	wa_pdfobj_free(sig);
	wa_buf_adds(out, " /ByteRange ");
	size_t range_at = out->len;
	wa_buf_adds(out, BYTERANGE_PLACEHOLDER);
	wa_buf_adds(out, " /Contents ");
	size_t contents_at = out->len;
	wa_buf_addc(out, '<');
	wa_buf_grow(out, 2 * room + 1);
	memset(out->data + out->len, '0', 2 * room);
	out->len += 2 * room;
	wa_buf_addc(out, '>');
	size_t contents_end = out->len;
	wa_buf_adds(out, " >>\nendobj\n");

	char title[32];
	snprintf(title, sizeof title, "Signature%zu", signed_before + 1);
	int acro_dirty = wa_pdfobj_int(wa_pdfobj_dict_get(acro, "SigFlags"), 0) != 3;
	if (chosen) {
		/* fill the field the document prepared */
		target = wa_pdfobj_dup(chosen->dict);
		wa_pdfobj_dict_set(target, "V", wa_pdfobj_ref_new(sig_num, 0));
		wa_pdfobj *r = wa_pdfobj_dict_get(target, "Rect");
		if (r && r->type == WA_PDF_ARRAY && r->n == 4) {
			double w = num_value(r->kids[2]) - num_value(r->kids[0]);
			double h = num_value(r->kids[3]) - num_value(r->kids[1]);
			if (w > 1 && h > 1) {
				long ap = u.next++;
				appearance(&u, ap, w, h, opts->name, human);
				wa_pdfobj *apd = wa_pdfobj_new(WA_PDF_DICT);
				wa_pdfobj_dict_set(apd, "N", wa_pdfobj_ref_new(ap, 0));
				wa_pdfobj_dict_set(target, "AP", apd);
			}
		}
		put_obj(&u, chosen->num, chosen->gen, target);
	} else {
		/* an invisible field on the last page */
		const wa_pdfobj *last = pages->kids[pages->n - 1];
		long widget = u.next++;
		target = wa_pdfobj_new(WA_PDF_DICT);
		wa_pdfobj_dict_set(target, "Type", wa_pdfobj_name_new("Annot"));
		wa_pdfobj_dict_set(target, "Subtype", wa_pdfobj_name_new("Widget"));
		wa_pdfobj_dict_set(target, "FT", wa_pdfobj_name_new("Sig"));
		wa_pdfobj_dict_set(target, "T", wa_pdfobj_str_new(title, strlen(title)));
		wa_pdfobj *rect = wa_pdfobj_new(WA_PDF_ARRAY);
		for (int i = 0; i < 4; i++)
			wa_pdfobj_array_add(rect, wa_pdfobj_int_new(0));
		wa_pdfobj_dict_set(target, "Rect", rect);
		wa_pdfobj_dict_set(target, "F", wa_pdfobj_int_new(132));   /* print, locked */
		wa_pdfobj_dict_set(target, "P", wa_pdfobj_dup(last));
		wa_pdfobj_dict_set(target, "V", wa_pdfobj_ref_new(sig_num, 0));
		put_obj(&u, widget, 0, target);
		if (!(page = wa_pdffile_object_new(&pdf, last->num, err)))
			goto out;
		wa_pdfobj *an = wa_pdfobj_dict_get(page, "Annots");
		if (an && an->type == WA_PDF_REF) {
			annots_num = an->num;
			if (!(annots = wa_pdffile_object_new(&pdf, an->num, err)))
				goto out;
			wa_pdfobj_array_add(annots, wa_pdfobj_ref_new(widget, 0));
			put_obj(&u, annots_num, pdf.gen[annots_num], annots);
		} else {
			if (!an || an->type != WA_PDF_ARRAY) {
				wa_pdfobj_dict_set(page, "Annots", wa_pdfobj_new(WA_PDF_ARRAY));
				an = wa_pdfobj_dict_get(page, "Annots");
			}
			wa_pdfobj_array_add(an, wa_pdfobj_ref_new(widget, 0));
			put_obj(&u, last->num, last->gen, page);
		}
		wa_pdfobj_array_add(fields, wa_pdfobj_ref_new(widget, 0));
		if (fields_num)
			put_obj(&u, fields_num, pdf.gen[fields_num], fields);
		else
			acro_dirty = 1;
	}
	if (acro_dirty) {
		wa_pdfobj_dict_set(acro, "SigFlags", wa_pdfobj_int_new(3));
		if (!fields_num)
			wa_pdfobj_dict_set(acro, "Fields", wa_pdfobj_dup(fields));
		if (acro_num) {
			put_obj(&u, acro_num, pdf.gen[acro_num], acro);
		} else {
			wa_pdfobj_dict_set(root, "AcroForm", wa_pdfobj_dup(acro));
			put_obj(&u, root_ref->num, root_ref->gen, root);
		}
	}

	/* the cross-reference section, in runs of consecutive numbers */
	size_t xref_at = out->len - u.base;
	long *order = wa_mem_alloc(u.nobjs * sizeof *order * 2);
	for (size_t i = 0; i < u.nobjs; i++)
		order[2 * i] = u.objs[i].num, order[2 * i + 1] = (long)i;
	qsort(order, u.nobjs, 2 * sizeof *order, obj_cmp);
	wa_buf_adds(out, "xref\n");
	for (size_t i = 0; i < u.nobjs;) {
		size_t j = i;
		while (j + 1 < u.nobjs && order[2 * (j + 1)] == order[2 * j] + 1)
			j++;
		wa_buf_addf(out, "%ld %zu\n", order[2 * i], j - i + 1);
		for (; i <= j; i++) {
			size_t k = (size_t)order[2 * i + 1];
			wa_buf_addf(out, "%010zu %05ld n\r\n", u.objs[k].off, u.objs[k].gen);
		}
	}
	free(order);
	/* the trailer: the file's first /ID kept, the second one new and
	 * derived from the file and what this revision adds */
	char hex[WA_SHA256_HEX], first[33];
	wa_hash_sha256_hex(out->data + u.base, out->len - u.base, hex);
	wa_pdfobj *id = wa_pdfobj_dict_get(pdf.trailer, "ID");
	if (id && id->type == WA_PDF_ARRAY && id->n == 2 && id->kids[0]->type == WA_PDF_STR) {
		wa_buf b;
		wa_buf_init(&b);
		wa_pdfobj_write(id->kids[0], &b);
		wa_buf_addf(out, "trailer\n<< /Size %ld /Root %ld %ld R", u.next, root_ref->num,
			root_ref->gen);
		if (wa_pdfobj_dict_get(pdf.trailer, "Info"))
			wa_buf_addf(out, " /Info %ld %ld R", wa_pdfobj_dict_get(pdf.trailer, "Info")->num,
				wa_pdfobj_dict_get(pdf.trailer, "Info")->gen);
		wa_buf_adds(out, " /ID [");
		wa_buf_add(out, b.data, b.len);
		wa_buf_free(&b);
	} else {
		snprintf(first, sizeof first, "%.32s", hex);
		wa_buf_addf(out, "trailer\n<< /Size %ld /Root %ld %ld R", u.next, root_ref->num,
			root_ref->gen);
		if (wa_pdfobj_dict_get(pdf.trailer, "Info"))
			wa_buf_addf(out, " /Info %ld %ld R", wa_pdfobj_dict_get(pdf.trailer, "Info")->num,
				wa_pdfobj_dict_get(pdf.trailer, "Info")->gen);
		wa_buf_addf(out, " /ID [<%s>", first);
	}
	wa_buf_addf(out, " <%.32s>] /Prev %zu >>\nstartxref\n%zu\n%%%%EOF\n", hex, pdf.startxref,
		xref_at);

	/* the byte ranges: all but the hex string of /Contents */
	size_t a = contents_at - u.base, b = contents_end - u.base, c = out->len - contents_end;
	char range[64];
	int rn = snprintf(range, sizeof range, "[0 %zu %zu %zu]", a, b, c);
	memset(out->data + range_at, ' ', strlen(BYTERANGE_PLACEHOLDER));
	memcpy(out->data + range_at, range, (size_t)rn);
	unsigned char digest[32];
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned int dl = 0;
	int ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) &&
		EVP_DigestUpdate(md, out->data + u.base, a) &&
		EVP_DigestUpdate(md, out->data + contents_end, c) &&
		EVP_DigestFinal_ex(md, digest, &dl);
	EVP_MD_CTX_free(md);
	if (!ok) {
		ossl_fail(err, "SHA-256");
		goto out;
	}
	if (make_cms(s, digest, opts->legacy, when, &cms, err))
		goto out;
	if (cms.len > room) {
		wa_err_set(err, WA_EX_SOFTWARE, "the signature (%zu bytes) is larger than the room "
			"left for it (%zu)", cms.len, room);
		goto out;
	}
	for (size_t i = 0; i < cms.len; i++) {
		static const char digits[] = "0123456789ABCDEF";
		out->data[contents_at + 1 + 2 * i] = digits[(unsigned char)cms.data[i] >> 4];
		out->data[contents_at + 2 + 2 * i] = digits[(unsigned char)cms.data[i] & 15];
	}
	rc = 0;
out:
	if (rc)
		out->len = u.base;
	wa_buf_free(&cms);
	free(u.objs);
	free_fields(fl, nfl);
	wa_pdfobj_free(root);
	wa_pdfobj_free(acro);
	wa_pdfobj_free(fields);
	wa_pdfobj_free(pages);
	wa_pdfobj_free(page);
	wa_pdfobj_free(annots);
	wa_pdfobj_free(target);
	wa_pdffile_close(&pdf);
	return rc;
}

/* ---- verification ---- */

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

static void check_cms(json_t *out, const char *data, size_t len, long r[4],
	const wa_pdfobj *contents, X509_STORE *store)
{
	const unsigned char *p = (const unsigned char *)contents->s;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)contents->len);
	BIO *content = NULL;

	(void)len;
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
	CMS_SignerInfo *si = sk_CMS_SignerInfo_value(sis, 0);
	/* the digest of the signed ranges against the one the signer signed */
	X509_ALGOR *dalg = NULL;
	CMS_SignerInfo_get0_algs(si, NULL, NULL, &dalg, NULL);
	const ASN1_OBJECT *dobj = NULL;
	X509_ALGOR_get0(&dobj, NULL, NULL, dalg);
	const EVP_MD *mdt = dobj ? EVP_get_digestbyobj(dobj) : NULL;
	ASN1_OCTET_STRING *want = CMS_signed_get0_data_by_OBJ(si,
		OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING);
	if (!mdt || !want) {
		problem(out, "the CMS has no message digest this program can check");
		goto out;
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
	if ((unsigned)ASN1_STRING_length(want) != gl || memcmp(ASN1_STRING_get0_data(want), got, gl)) {
		problem(out, "digest mismatch: the signed bytes were changed");
		goto out;
	}
	/* the signature over the signed attributes, by the certificate's key */
	content = BIO_new(BIO_s_mem());
	BIO_write(content, data + r[0], (int)r[1]);
	BIO_write(content, data + r[2], (int)r[3]);
	if (CMS_verify(cms, NULL, NULL, content, NULL, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
		char msg[256] = "";
		ERR_error_string_n(ERR_get_error(), msg, sizeof msg);
		problem(out, "the signature does not verify (%s)", msg);
		goto out;
	}
	STACK_OF(X509) *signers = CMS_get0_signers(cms);
	X509 *cert = sk_X509_num(signers) ? sk_X509_value(signers, 0) : NULL;
	if (cert) {
		char *subject = name_line_new(X509_get_subject_name(cert));
		char *issuer = name_line_new(X509_get_issuer_name(cert));
		json_object_set_new(out, "subject", json_string(subject));
		json_object_set_new(out, "issuer", json_string(issuer));
		free(subject);
		free(issuer);
	}
	sk_X509_free(signers);
	if (store) {
		(void)BIO_reset(content);
		BIO_free(content);
		content = BIO_new(BIO_s_mem());
		BIO_write(content, data + r[0], (int)r[1]);
		BIO_write(content, data + r[2], (int)r[3]);
		int trusted = CMS_verify(cms, NULL, store, content, NULL, CMS_BINARY) == 1;
		json_object_set_new(out, "trusted", json_boolean(trusted));
		if (!trusted) {
			char msg[256] = "";
			ERR_error_string_n(ERR_get_error(), msg, sizeof msg);
			problem(out, "the certificate does not chain to a trusted one (%s)", msg);
		}
	}
	if (!json_string_value(json_object_get(out, "problem")))
		json_object_set_new(out, "intact", json_true());
out:
	ERR_clear_error();
	BIO_free(content);
	CMS_ContentInfo_free(cms);
}

static void check_one(wa_pdffile *pdf, const field *f, X509_STORE *store, json_t *list, wa_err *err)
{
	json_t *out = json_object();
	const wa_pdfobj *v = wa_pdfobj_dict_get(f->dict, "V");
	wa_pdfobj *sig = v && v->type == WA_PDF_REF ? wa_pdffile_object_new(pdf, v->num, err) : NULL;

	json_object_set_new(out, "field", json_string(f->title));
	json_object_set_new(out, "intact", json_false());
	json_object_set_new(out, "trusted", json_null());
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
	check_cms(out, pdf->data, pdf->len, r, contents, store);
out:
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
	field *fl = NULL;
	size_t nfl = 0;
	json_t *list = NULL;
	X509_STORE *store = NULL;

	if (ca) {
		store = X509_STORE_new();
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
	if (collect_fields(&pdf, fields, 0, 0, &fl, &nfl, err))
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
	free_fields(fl, nfl);
	wa_pdfobj_free(root);
	wa_pdfobj_free(acro);
	wa_pdfobj_free(fields);
	wa_pdffile_close(&pdf);
	X509_STORE_free(store);
	return list;
}
