/* pii.c - see pii.h. */
#include <ctype.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/pii.h"
#include "base/base64.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/hash.h"
#include "base/mem.h"

/* ---- the key ---- */

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int wa_pii_key_load(const char *file, const char *env, unsigned char key[32],
	char kid[WA_PII_KID], wa_err *err)
{
	wa_buf b;
	const char *text;

	wa_buf_init(&b);
	if (file) {
		if (wa_fs_read(file, &b, 4096, err))
			return wa_buf_free(&b), -1;
		wa_buf_addc(&b, '\0');
		text = b.data;
	} else {
		text = getenv(env ? env : "WA_PII_KEY");
		if (!text || !*text)
			return 1;
	}
	size_t n = strcspn(text, "\r\n");
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	int ok = 0;
	if (n == 64) {
		ok = 1;
		for (int i = 0; i < 32 && ok; i++) {
			int hi = hexval(text[2 * i]), lo = hexval(text[2 * i + 1]);
			ok = hi >= 0 && lo >= 0;
			key[i] = (unsigned char)(hi << 4 | lo);
		}
	} else if (n == 44) {
		wa_buf out;
		wa_buf_init(&out);
		wa_buf_grow(&out, 48);  /* room enough: the key is never copied elsewhere */
		ok = wa_base64_decode(&out, text, 44) == 0 && out.len == 32;
		if (ok)
			memcpy(key, out.data, 32);
		explicit_bzero(out.data, out.cap);
		wa_buf_free(&out);
	}
	if (b.data)
		explicit_bzero(b.data, b.len);
	wa_buf_free(&b);
	if (!ok)
		return wa_err_set(err, WA_EX_CONFIG, "%s: the PII key must be 32 bytes, as 64 hex "
			"digits or 44 characters of base64", file ? file : env ? env : "WA_PII_KEY");
	char hex[WA_SHA256_HEX];
	wa_hash_sha256_hex(key, 32, hex);
	snprintf(kid, WA_PII_KID, "%.16s", hex);
	return 0;
}

/* ---- finding ---- */

static int luhn(const char *digits, size_t n)
{
	int sum = 0;

	for (size_t i = 0; i < n; i++) {
		int d = digits[n - 1 - i] - '0';
		if (i % 2) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}

static int local_char(int c)
{
	return isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/* an email around the '@' at i: [*start, *end) */
static int email_span(const char *s, size_t len, size_t i, size_t *start, size_t *end)
{
	size_t a = i, b = i + 1, dot = 0;

	while (a > 0 && local_char((unsigned char)s[a - 1]))
		a--;
	while (b < len && (isalnum((unsigned char)s[b]) || s[b] == '-' || s[b] == '.'))
		b++;
	while (b > i + 1 && s[b - 1] == '.')    /* a sentence's full stop */
		b--;
	for (size_t k = i + 1; k < b; k++)
		if (s[k] == '.')
			dot = k;
	if (a == i || !dot || dot >= b - 2 || dot == i + 1)
		return 0;
	for (size_t k = dot + 1; k < b; k++)
		if (!isalpha((unsigned char)s[k]))
			return 0;
	*start = a;
	*end = b;
	return 1;
}

static const char *const street_words[] = { "street", "st", "road", "rd", "avenue", "ave",
	"lane", "ln", "drive", "dr", "way", "boulevard", "blvd", "court", "ct", "place", "pl",
	"close", "crescent", "terrace", "square", "straße", "strasse", "str", "weg", "gasse",
	"allee", "platz", "rue", "calle", NULL };

/* a street address at i (a house number): [i, *end) */
static int address_span(const char *s, size_t len, size_t i, size_t *end)
{
	size_t p = i;

	while (p < len && isdigit((unsigned char)s[p]))
		p++;
	if (p == i || p - i > 5 || (i > 0 && (isalnum((unsigned char)s[i - 1]))))
		return 0;
	if (p < len && isalpha((unsigned char)s[p]) && (p + 1 >= len || s[p + 1] == ' '))
		p++;                    /* 12a */
	for (int words = 0; words < 4; words++) {
		if (p >= len || s[p] != ' ')
			return 0;
		p++;
		size_t w = p;
		while (p < len && (isalpha((unsigned char)s[p]) || (unsigned char)s[p] >= 0x80 ||
		       s[p] == '-' || s[p] == '\''))
			p++;
		if (p == w)
			return 0;
		char word[32];
		size_t n = p - w < sizeof word - 1 ? p - w : sizeof word - 1;
		for (size_t k = 0; k < n; k++)
			word[k] = (char)tolower((unsigned char)s[w + k]);
		word[n] = '\0';
		for (int k = 0; street_words[k]; k++)
			if (!strcmp(word, street_words[k]) && words > 0) {
				if (p < len && s[p] == '.')
					p++;
				*end = p;
				return 1;
			}
		if (words > 0 && !isupper((unsigned char)s[w]) && (unsigned char)s[w] < 0x80)
			return 0;       /* the street's name is capitalised */
	}
	return 0;
}

/* a run of digits with separators at i: its digits in d (at most 24),
 * [i, *end) */
static size_t digit_run(const char *s, size_t len, size_t i, char *d, size_t *end)
{
	size_t p = i, n = 0, last = i;

	if (s[p] == '+')
		p++;
	while (p < len) {
		if (isdigit((unsigned char)s[p])) {
			if (n < 24)
				d[n] = s[p];
			n++;
			last = p + 1;
		} else if (!(s[p] == ' ' || s[p] == '-' || s[p] == '.' || s[p] == '(' || s[p] == ')')) {
			break;
		} else if (p + 1 < len && !isdigit((unsigned char)s[p + 1]) && s[p + 1] != '(' &&
			   !(s[p] == ')' && s[p + 1] == ' ')) {
			break;
		}
		p++;
	}
	d[n < 24 ? n : 24] = '\0';
	*end = last;
	return n;
}

/* the next piece of personal data in s from *from: 1 and its span and
 * type, or 0 */
static int next_pii(const char *s, size_t len, size_t from, size_t *start, size_t *end,
	const char **type)
{
	for (size_t i = from; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '@') {
			if (email_span(s, len, i, start, end) && *start >= from) {
				*type = "EMAIL";
				return 1;
			}
			continue;
		}
		/* UK National Insurance: two letters, six digits, a letter */
		if (isupper(c) && i + 9 <= len && (i == 0 || !isalnum((unsigned char)s[i - 1]))) {
			char t[16];
			size_t k = 0, p = i;
			while (p < len && k < 9 && (isalnum((unsigned char)s[p]) || s[p] == ' ')) {
				if (s[p] != ' ')
					t[k++] = s[p];
				p++;
			}
			t[k] = '\0';
			if (k == 9 && isupper((unsigned char)t[0]) && isupper((unsigned char)t[1]) &&
			    strspn(t + 2, "0123456789") == 6 && strchr("ABCD", t[8]) &&
			    (p >= len || !isalnum((unsigned char)s[p]))) {
				*start = i;
				*end = p;
				*type = "NATIONAL_ID";
				return 1;
			}
		}
		if (!(isdigit(c) || (c == '+' && i + 1 < len && isdigit((unsigned char)s[i + 1]))))
			continue;
		if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '[' || s[i - 1] == '_'))
			continue;       /* inside a word, or a placeholder's number */
		if (address_span(s, len, i, end)) {
			*start = i;
			*type = "ADDRESS";
			return 1;
		}
		/* US social security number: ddd-dd-dddd */
		if (i + 11 <= len && s[i + 3] == '-' && s[i + 6] == '-' &&
		    strspn(s + i, "0123456789") == 3 && strspn(s + i + 4, "0123456789") == 2 &&
		    strspn(s + i + 7, "0123456789") == 4 &&
		    (i + 11 == len || !isalnum((unsigned char)s[i + 11]))) {
			*start = i;
			*end = i + 11;
			*type = "NATIONAL_ID";
			return 1;
		}
		char d[32];
		size_t e, n = digit_run(s, len, i, d, &e);
		/* not a date or a time: 2026-12-01, 09:00 */
		if (e - i == 10 && s[i + 4] == '-' && s[i + 7] == '-') {
			i = e;
			continue;
		}
		if (n >= 13 && n <= 19 && luhn(d, n)) {
			*start = i;
			*end = e;
			*type = "CARD";
			return 1;
		}
		if (n >= 7 && n <= 15) {
			*start = i;
			*end = e;
			*type = "PHONE";
			return 1;
		}
		i = e > i ? e - 1 : i;
	}
	return 0;
}

/* the placeholder of original in vault, made when new */
static const char *placeholder(json_t *vault, const char *type, const char *original)
{
	const char *k;
	json_t *v;
	int n = 0;
	size_t tl = strlen(type);

	json_object_foreach(vault, k, v) {
		if (!strcmp(json_string_value(v), original))
			return k;
		if (!strncmp(k + 1, type, tl) && k[1 + tl] == '_')
			n++;
	}
	char name[64];
	snprintf(name, sizeof name, "[%s_%d]", type, n + 1);
	json_object_set_new(vault, name, json_string(original));
	json_object_foreach(vault, k, v)
		if (!strcmp(k, name))
			return k;
	return NULL;
}

static char *redact_string_new(const char *s, json_t *vault)
{
	size_t len = strlen(s), at = 0, start, end;
	const char *type;
	wa_buf out;

	wa_buf_init(&out);
	while (next_pii(s, len, at, &start, &end, &type)) {
		char *orig = wa_mem_strndup(s + start, end - start);
		wa_buf_add(&out, s + at, start - at);
		wa_buf_adds(&out, placeholder(vault, type, orig));
		free(orig);
		at = end;
	}
	wa_buf_add(&out, s + at, len - at);
	wa_buf_addc(&out, '\0');
	return wa_buf_detach(&out, NULL);
}

/* s with vault's placeholders replaced by the originals (a new string) */
static char *reveal_string_new(const char *s, json_t *vault)
{
	wa_buf out;

	wa_buf_init(&out);
	while (*s) {
		const char *open = strchr(s, '[');
		const char *close = open ? strchr(open, ']') : NULL;
		if (!open || !close) {
			wa_buf_adds(&out, s);
			break;
		}
		wa_buf_add(&out, s, (size_t)(open - s));
		char *ph = wa_mem_strndup(open, (size_t)(close - open + 1));
		const char *orig = json_string_value(json_object_get(vault, ph));
		wa_buf_adds(&out, orig ? orig : ph);
		free(ph);
		s = close + 1;
	}
	wa_buf_addc(&out, '\0');
	return wa_buf_detach(&out, NULL);
}

/* v with fn applied to each of its strings (a new value) */
static json_t *map_strings(json_t *v, char *(*fn)(const char *, json_t *), json_t *vault)
{
	if (json_is_string(v)) {
		char *r = fn(json_string_value(v), vault);
		json_t *out = json_string(r);
		free(r);
		return out ? out : json_incref(v);
	}
	if (json_is_object(v)) {
		json_t *o = json_object(), *x;
		const char *k;
		json_object_foreach(v, k, x)
			json_object_set_new(o, k, map_strings(x, fn, vault));
		return o;
	}
	if (json_is_array(v)) {
		json_t *a = json_array(), *x;
		size_t i;
		json_array_foreach(v, i, x)
			json_array_append_new(a, map_strings(x, fn, vault));
		return a;
	}
	return json_incref(v);
}

json_t *wa_pii_redact_new(json_t *v, json_t *vault)
{
	return map_strings(v, redact_string_new, vault);
}

json_t *wa_pii_reveal_new(json_t *v, json_t *vault)
{
	return map_strings(v, reveal_string_new, vault);
}

/* ---- sealing ---- */

/* base64 text to bytes (*out, new): the length, or -1 */
static long unb64(const char *s, unsigned char **out)
{
	wa_buf b;
	size_t n;

	wa_buf_init(&b);
	if (wa_base64_decode(&b, s, strlen(s))) {
		wa_buf_free(&b);
		*out = NULL;
		return -1;
	}
	*out = (unsigned char *)wa_buf_detach(&b, &n);
	return (long)n;
}

char *wa_pii_seal_new(const unsigned char key[32], const char *kid, json_t *vault)
{
	unsigned char iv[12], tag[16];
	char *plain = json_dumps(vault, JSON_COMPACT | JSON_SORT_KEYS);
	size_t n = strlen(plain);
	unsigned char *ct = wa_mem_alloc(n + 16);
	int len = 0, fin = 0;

	if (RAND_bytes(iv, sizeof iv) != 1)
		abort();        /* no randomness: nothing safe to do */
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	if (!c || EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, iv) != 1 ||
	    EVP_EncryptUpdate(c, ct, &len, (unsigned char *)plain, (int)n) != 1 ||
	    EVP_EncryptFinal_ex(c, ct + len, &fin) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, sizeof tag, tag) != 1)
		abort();
	EVP_CIPHER_CTX_free(c);
	explicit_bzero(plain, n);
	free(plain);
	char *biv = wa_base64_encode_new(iv, sizeof iv), *btag = wa_base64_encode_new(tag, sizeof tag),
		*bct = wa_base64_encode_new(ct, (size_t)(len + fin));
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "alg", "AES-256-GCM", "kid", kid, "iv",
		biv, "tag", btag, "data", bct);
	char *out = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	free(biv);
	free(btag);
	free(bct);
	free(ct);
	return out;
}

json_t *wa_pii_open_new(const unsigned char key[32], const char *kid, const char *sealed,
	wa_err *err)
{
	json_t *o = json_loads(sealed ? sealed : "", 0, NULL), *vault = NULL;
	const char *k = json_string_value(json_object_get(o, "kid"));
	unsigned char *iv = NULL, *tag = NULL, *ct = NULL;
	long niv, ntag, nct;

	if (!o || !k) {
		wa_err_set(err, WA_EX_DATAERR, "a sealed vault that is not one");
		goto out;
	}
	if (strcmp(k, kid)) {
		wa_err_set(err, WA_EX_NOPERM, "sealed with key %s, not with this key (%s)", k, kid);
		goto out;
	}
	niv = unb64(json_string_value(json_object_get(o, "iv")) ?
		json_string_value(json_object_get(o, "iv")) : "", &iv);
	ntag = unb64(json_string_value(json_object_get(o, "tag")) ?
		json_string_value(json_object_get(o, "tag")) : "", &tag);
	nct = unb64(json_string_value(json_object_get(o, "data")) ?
		json_string_value(json_object_get(o, "data")) : "", &ct);
	if (niv != 12 || ntag != 16 || nct < 0) {
		wa_err_set(err, WA_EX_DATAERR, "a sealed vault with a bad iv, tag or data");
		goto out;
	}
	unsigned char *plain = wa_mem_alloc((size_t)nct + 1);
	int len = 0, fin = 0;
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int ok = c && EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, iv) == 1 &&
		EVP_DecryptUpdate(c, plain, &len, ct, (int)nct) == 1 &&
		EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, tag) == 1 &&
		EVP_DecryptFinal_ex(c, plain + len, &fin) == 1;
	EVP_CIPHER_CTX_free(c);
	if (ok) {
		vault = json_loadb((const char *)plain, (size_t)(len + fin), 0, NULL);
		if (!json_is_object(vault)) {
			json_decref(vault);
			vault = NULL;
			ok = 0;
		}
	}
	explicit_bzero(plain, (size_t)nct + 1);
	free(plain);
	if (!ok)
		wa_err_set(err, WA_EX_NOPERM, "the vault does not open: it was altered, or the key "
			"is not the one it was sealed with");
out:
	free(iv);
	free(tag);
	free(ct);
	json_decref(o);
	return vault;
}
