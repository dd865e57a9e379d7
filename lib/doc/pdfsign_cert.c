/* pdfsign_cert.c - what a signing certificate says: who it names, who
 * issued it, when it is valid, and whether a signer's name is its; see
 * pdfsign.h. */
#include "doc/pdfsign.h"

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/mem.h"
#include "base/slug.h"
#include "doc/pdfsign_int.h"

/* an ASN.1 time as ISO 8601 UTC; "" when it does not read */
static void iso(const ASN1_TIME *t, char out[32])
{
	struct tm tm;

	if (!t || ASN1_TIME_to_tm(t, &tm) != 1) {
		out[0] = '\0';
		return;
	}
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

json_t *wa_pdfsign_cert_json_new(X509 *cert)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	char hex[2 * EVP_MAX_MD_SIZE + 1], from[32], to[32];
	char *subject = wa_pdfsign_name_new(X509_get_subject_name(cert));
	char *issuer = wa_pdfsign_name_new(X509_get_issuer_name(cert));
	BIGNUM *serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), NULL);
	char *sn = serial ? BN_bn2hex(serial) : NULL;

	X509_digest(cert, EVP_sha256(), md, &n);
	for (unsigned int i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[2 * n] = '\0';
	iso(X509_get0_notBefore(cert), from);
	iso(X509_get0_notAfter(cert), to);
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "subject", subject, "issuer", issuer,
		"serial", sn ? sn : "", "sha256", hex, "not_before", from, "not_after", to);
	OPENSSL_free(sn);
	BN_free(serial);
	free(subject);
	free(issuer);
	return j;
}

int wa_pdfsign_cert_valid_at(X509 *cert, time_t t, char *why, size_t size)
{
	char at[32];

	if (X509_cmp_time(X509_get0_notBefore(cert), &t) > 0) {
		iso(X509_get0_notBefore(cert), at);
		snprintf(why, size, "not valid before %s", at);
		return 0;
	}
	if (X509_cmp_time(X509_get0_notAfter(cert), &t) < 0) {
		iso(X509_get0_notAfter(cert), at);
		snprintf(why, size, "expired, since %s", at);
		return 0;
	}
	return 1;
}

/* the certificate's common name (UTF-8, new; NULL without one) and its
 * e-mail addresses, in the subject and the alternative names, into
 * emails */
static char *names_new(X509 *cert, json_t *emails)
{
	X509_NAME *subject = X509_get_subject_name(cert);
	unsigned char *utf8 = NULL;
	char *cn = NULL;
	int i = -1;

	if ((i = X509_NAME_get_index_by_NID(subject, NID_commonName, -1)) >= 0 &&
	    ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i))) >= 0) {
		cn = wa_mem_strdup((const char *)utf8);
		OPENSSL_free(utf8);
	}
	for (i = -1; (i = X509_NAME_get_index_by_NID(subject, NID_pkcs9_emailAddress, i)) >= 0;) {
		const ASN1_STRING *s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i));
		json_array_append_new(emails, json_stringn((const char *)ASN1_STRING_get0_data(s),
			(size_t)ASN1_STRING_length(s)));
	}
	GENERAL_NAMES *alt = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	for (int k = 0; k < sk_GENERAL_NAME_num(alt); k++) {
		GENERAL_NAME *g = sk_GENERAL_NAME_value(alt, k);
		if (g->type == GEN_EMAIL)
			json_array_append_new(emails, json_stringn((const char *)ASN1_STRING_get0_data(
				g->d.rfc822Name), (size_t)ASN1_STRING_length(g->d.rfc822Name)));
	}
	GENERAL_NAMES_free(alt);
	return cn;
}

/* a person's name without a title before it, as a slug */
static char *bare_slug_new(const char *name)
{
	static const char *const titles[] = { "dr-", "mr-", "mrs-", "ms-", "mx-", "prof-", "sir-",
		"dame-", NULL };
	char *s = wa_slug_new(name);

	for (const char *const *t = titles; s && *t; t++)
		if (!strncmp(s, *t, strlen(*t)) && s[strlen(*t)]) {
			memmove(s, s + strlen(*t), strlen(s + strlen(*t)) + 1);
			break;
		}
	return s;
}

/* does who (a name or an e-mail address) name the holder of cn and
 * emails?  Names compare as slugs (case, accents and punctuation aside),
 * a title before the name aside too; addresses without case. */
static int names_holder(const char *who, const char *cn, json_t *emails)
{
	size_t i;
	json_t *e;

	if (strchr(who, '@')) {
		json_array_foreach(emails, i, e)
			if (!strcasecmp(who, json_string_value(e)))
				return 1;
		return 0;
	}
	char *a = bare_slug_new(who), *b = cn ? bare_slug_new(cn) : NULL;
	int same = a && b && !strcmp(a, b);
	free(a);
	free(b);
	return same;
}

int wa_pdfsign_signer_check(const wa_pdfsign_signer *s, const char *name, json_t *map,
	time_t at, wa_err *err)
{
	X509 *cert = wa_pdfsign_signer_cert(s);
	json_t *emails = json_array(), *also = json_object_get(map, name), *v;
	char *cn = names_new(cert, emails), *subject, why[128], when[32];
	int ok = names_holder(name, cn, emails);
	size_t i;

	/* the operator's word that the certificate's holder is this signer */
	if (!ok && json_is_string(also))
		ok = names_holder(json_string_value(also), cn, emails);
	json_array_foreach(json_is_array(also) ? also : NULL, i, v)
		ok = ok || (json_is_string(v) && names_holder(json_string_value(v), cn, emails));
	free(cn);
	json_decref(emails);
	subject = wa_pdfsign_name_new(X509_get_subject_name(cert));
	if (!ok)
		wa_err_set(err, WA_EX_NOPERM, "the signer \"%s\" is not who the certificate names "
			"(%s): sign with their own key and certificate, or map the name to the "
			"certificate's with --signer-map", name, subject);
	else if (!wa_pdfsign_cert_valid_at(cert, at, why, sizeof why)) {
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&at));
		wa_err_set(err, WA_EX_NOPERM, "the certificate (%s) cannot sign at %s: it is %s",
			subject, when, why);
		ok = 0;
	}
	free(subject);
	return ok ? 0 : -1;
}

json_t *wa_pdfsign_signer_cert_new(const wa_pdfsign_signer *s)
{
	return wa_pdfsign_cert_json_new(wa_pdfsign_signer_cert(s));
}
