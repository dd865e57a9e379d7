/* contacts.c - see contacts.h.  Patterns through pcre2 (compiled once,
 * JIT when available); numbering plans from schemas/data/phone-countries.json. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "web/contacts.h"
#include "base/embedded.h"
#include "web/html.h"

enum { RE_EMAIL, RE_PHONE, RE_PRICE, RE_HOURS, RE_COUNT };

static const char *const patterns[RE_COUNT] = {
	[RE_EMAIL] = "(?<![\\w.%+-])[a-z0-9][a-z0-9._%+-]{0,63}@(?:[a-z0-9](?:[a-z0-9-]{0,61}"
		"[a-z0-9])?\\.)+[a-z]{2,24}(?![\\w-])",
	/* a run of digits with the usual separators, at least 7 digits
	 * checked afterwards; an optional "+" or "(" in front */
	[RE_PHONE] = "(?<![\\w+])(?:\\+|\\(\\+?)?\\d[\\d \\t().\\-/]{5,22}\\d(?!\\d)",
	[RE_PRICE] = "(?:(?<sym>[$£€¥₹])\\s?(?<a1>\\d{1,3}(?:[,.' ]\\d{3})+(?:[.,]\\d{1,2})?|"
		"\\d+(?:[.,]\\d{1,2})?)|(?<code>USD|EUR|GBP|CAD|AUD|NZD|CHF|SEK|NOK|DKK)\\s?"
		"(?<a2>\\d{1,3}(?:[,.' ]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?)|"
		"(?<a3>\\d{1,3}(?:[,.' ]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?)\\s?"
		"(?<post>€|EUR|USD|GBP|CHF|kr\\b))",
	[RE_HOURS] = "(?<d1>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|"
		"fri(?:day)?|sat(?:urday)?|sun(?:day)?)\\.?"
		"(?:\\s*(?:-|–|—|to|through|thru|until)\\s*(?<d2>mon(?:day)?|tue(?:s(?:day)?)?|"
		"wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\\.?)?"
		"\\s*:?\\s*(?:(?<h1>\\d{1,2})(?:[:.](?<m1>\\d{2}))?\\s*(?<p1>am|pm|a\\.m\\.|p\\.m\\.)?"
		"\\s*(?:-|–|—|to|until)\\s*(?<h2>\\d{1,2})(?:[:.](?<m2>\\d{2}))?\\s*"
		"(?<p2>am|pm|a\\.m\\.|p\\.m\\.)?|(?<closed>closed))",
};

static pcre2_code *compiled[RE_COUNT];
static json_t *countries;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
	for (int i = 0; i < RE_COUNT; i++) {
		int code;
		PCRE2_SIZE off;
		compiled[i] = pcre2_compile((PCRE2_SPTR)patterns[i], PCRE2_ZERO_TERMINATED,
			PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_CASELESS | PCRE2_UCP, &code,
			&off, NULL);
		if (compiled[i])
			pcre2_jit_compile(compiled[i], PCRE2_JIT_COMPLETE);
	}
	const wa_embedded_file *f = wa_embedded_find("data/phone-countries.json");
	json_t *doc = f ? json_loadb(f->data, f->len, 0, NULL) : NULL;
	countries = json_incref(json_object_get(doc, "countries"));
	json_decref(doc);
}

/* Call fn for each match of pattern re in text. */
typedef void match_fn(const char *text, pcre2_code *re, pcre2_match_data *md, void *arg);

static void each_match(int which, const char *text, match_fn *fn, void *arg)
{
	pthread_once(&once, init);
	pcre2_code *re = compiled[which];
	if (!re || !text)
		return;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	size_t len = strlen(text), start = 0;
	while (start <= len) {
		/* the text is valid UTF-8 (charset.c makes it so): checking it
		 * again at every match would make the scan quadratic */
		int rc = pcre2_match(re, (PCRE2_SPTR)text, len, start, PCRE2_NO_UTF_CHECK, md, NULL);
		if (rc < 0)
			break;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		fn(text, re, md, arg);
		start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		while (start < len && ((unsigned char)text[start] & 0xC0) == 0x80)
			start++;
	}
	pcre2_match_data_free(md);
}

/* A named group's text into out ("" when it did not take part). */
static void group(pcre2_code *re, pcre2_match_data *md, const char *text, const char *name,
	char *out, size_t size)
{
	int n = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

	out[0] = '\0';
	if (n < 0 || ov[2 * n] == PCRE2_UNSET)
		return;
	size_t len = ov[2 * n + 1] - ov[2 * n];
	if (len >= size)
		len = size - 1;
	memcpy(out, text + ov[2 * n], len);
	out[len] = '\0';
}

static int in_array(json_t *arr, const char *key, const char *value)
{
	size_t i;
	json_t *x;

	json_array_foreach(arr, i, x) {
		json_t *v = key ? json_object_get(x, key) : x;
		if (json_is_string(v) && strcmp(json_string_value(v), value) == 0)
			return 1;
	}
	return 0;
}

/* ---- phones ---- */

const char *wa_contacts_country_code(const char *country)
{
	char cc[3] = "";

	pthread_once(&once, init);
	if (!country || strlen(country) != 2)
		return NULL;
	cc[0] = (char)toupper((unsigned char)country[0]);
	cc[1] = (char)toupper((unsigned char)country[1]);
	return json_string_value(json_object_get(json_object_get(countries, cc), "cc"));
}

static int nsn_fits(json_t *plan, size_t n)
{
	json_t *r = json_object_get(plan, "nsn");

	return n >= (size_t)json_integer_value(json_array_get(r, 0)) &&
		n <= (size_t)json_integer_value(json_array_get(r, 1));
}

/* digits, with a country code, to E.164 if a known plan accepts it */
static int international(const char *digits, char *out, size_t size)
{
	size_t n = strlen(digits);
	const char *k;
	json_t *plan;
	int known_cc = 0;

	if (n < 8 || n > 15)
		return -1;
	json_object_foreach(countries, k, plan) {
		const char *cc = json_string_value(json_object_get(plan, "cc"));
		size_t cl = strlen(cc);
		if (strncmp(digits, cc, cl) != 0)
			continue;
		known_cc = 1;
		if (nsn_fits(plan, n - cl)) {
			snprintf(out, size, "+%s", digits);
			return 0;
		}
	}
	if (known_cc)
		return -1;
	snprintf(out, size, "+%s", digits);     /* a plan we do not list */
	return 0;
}

int wa_contacts_e164(const char *raw, const char *country, char *out, size_t size)
{
	char digits[32];
	size_t n = 0;
	int plus = 0;

	pthread_once(&once, init);
	for (const char *p = raw; *p; p++) {
		/* "+44 (0)20 ...": the trunk 0 in brackets is not dialled from abroad */
		if (plus && strncmp(p, "(0)", 3) == 0) {
			p += 2;
			continue;
		}
		if (*p == '+' && n == 0)
			plus = 1;
		else if (isdigit((unsigned char)*p)) {
			if (n >= sizeof digits - 1)
				return -1;
			digits[n++] = *p;
		} else if (isalpha((unsigned char)*p)) {
			break;          /* "ext. 12", "x12": the extension is not dialled */
		}
	}
	digits[n] = '\0';
	if (plus)
		return international(digits, out, size);
	if (strncmp(digits, "00", 2) == 0)
		return international(digits + 2, out, size);
	if (strncmp(digits, "011", 3) == 0 && country &&
	    (strcasecmp(country, "US") == 0 || strcasecmp(country, "CA") == 0))
		return international(digits + 3, out, size);
	char cc[3] = "";
	if (!country || strlen(country) != 2)
		return -1;
	cc[0] = (char)toupper((unsigned char)country[0]);
	cc[1] = (char)toupper((unsigned char)country[1]);
	json_t *plan = json_object_get(countries, cc);
	if (!plan)
		return -1;
	const char *code = json_string_value(json_object_get(plan, "cc"));
	const char *trunk = json_string_value(json_object_get(plan, "trunk"));
	const char *nsn = digits;
	size_t tl = trunk ? strlen(trunk) : 0;
	/* written nationally, with the trunk prefix (0, or 1 in NANP) */
	if (tl && strncmp(digits, trunk, tl) == 0 && nsn_fits(plan, n - tl))
		nsn += tl;
	if (!nsn_fits(plan, strlen(nsn)))
		return -1;
	/* NANP: area codes and exchanges do not start with 0 or 1 */
	if (strcmp(code, "1") == 0 && (nsn[0] < '2' || nsn[3] < '2'))
		return -1;
	snprintf(out, size, "+%s%s", code, nsn);
	return 0;
}

/* ---- e-mail ---- */

static void on_email(const char *text, pcre2_code *re, pcre2_match_data *md, void *arg)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	size_t len = ov[1] - ov[0];
	char addr[320];
	static const char *const not_tld[] = { ".png", ".jpg", ".jpeg", ".gif", ".svg",
		".webp", ".css", ".js" };

	(void)re;
	if (len >= sizeof addr)
		return;
	for (size_t i = 0; i < len; i++)
		addr[i] = (char)tolower((unsigned char)text[ov[0] + i]);
	addr[len] = '\0';
	/* "logo@2x.png" is a file name */
	for (size_t i = 0; i < sizeof not_tld / sizeof *not_tld; i++) {
		size_t l = strlen(not_tld[i]);
		if (len > l && strcmp(addr + len - l, not_tld[i]) == 0)
			return;
	}
	if (!in_array(arg, NULL, addr))
		json_array_append_new(arg, json_string(addr));
}

void wa_contacts_emails(const char *text, json_t *out)
{
	each_match(RE_EMAIL, text, on_email, out);
}

/* ---- phones in text ---- */

typedef struct phone_walk {
	const char *country;
	json_t *out;
} phone_walk;

static void on_phone(const char *text, pcre2_code *re, pcre2_match_data *md, void *arg)
{
	phone_walk *w = arg;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	size_t len = ov[1] - ov[0], digits = 0;
	char raw[64], e164[32];

	(void)re;
	if (len >= sizeof raw)
		return;
	memcpy(raw, text + ov[0], len);
	raw[len] = '\0';
	for (size_t i = 0; i < len; i++)
		digits += isdigit((unsigned char)raw[i]) != 0;
	if (digits < 7)
		return;
	/* dates (12/05/2024, 2024-05-12) and ranges of years are not numbers */
	int a, b, c;
	char tail;
	if (sscanf(raw, "%d/%d/%d%c", &a, &b, &c, &tail) == 3 ||
	    sscanf(raw, "%d-%d-%d%c", &a, &b, &c, &tail) == 3 ||
	    sscanf(raw, "%d.%d.%d%c", &a, &b, &c, &tail) == 3) {
		if ((a >= 1900 && a <= 2100) || (c >= 1900 && c <= 2100) ||
		    (c >= 0 && c < 100 && a <= 31 && b <= 31))
			return;
	}
	if (wa_contacts_e164(raw, w->country, e164, sizeof e164))
		return;
	if (in_array(w->out, "e164", e164))
		return;
	json_t *o = json_object();
	json_object_set_new(o, "raw", json_string(raw));
	json_object_set_new(o, "e164", json_string(e164));
	json_array_append_new(w->out, o);
}

void wa_contacts_phones(const char *text, const char *country, json_t *out)
{
	phone_walk w = { country, out };

	each_match(RE_PHONE, text, on_phone, &w);
}

/* ---- prices ---- */

typedef struct price_walk {
	const char *currency;
	json_t *out;
} price_walk;

/* "1,200.50", "1.200,50", "1 200", "95" to "1200.50" and so on: the
 * last separator followed by one or two digits is the decimal mark. */
static void amount(const char *s, char *out, size_t size)
{
	char whole[40] = "", frac[3] = "00";
	size_t n = strlen(s), w = 0;
	const char *dec = NULL;

	for (size_t i = n; i-- > 0;) {
		if (s[i] == '.' || s[i] == ',') {
			if (n - i - 1 <= 2 && n - i - 1 >= 1)
				dec = s + i;
			break;
		}
	}
	for (const char *p = s; *p && p != dec && w < sizeof whole - 1; p++)
		if (isdigit((unsigned char)*p))
			whole[w++] = *p;
	whole[w] = '\0';
	if (dec) {
		frac[0] = dec[1];
		frac[1] = dec[2] ? dec[2] : '0';
	}
	const char *lead = whole;
	while (lead[0] == '0' && lead[1])
		lead++;
	snprintf(out, size, "%s.%s", *lead ? lead : "0", frac);
}

static const char *currency_of(const char *sym, const char *hint)
{
	if (strcmp(sym, "$") == 0)
		return hint && (!strcmp(hint, "USD") || !strcmp(hint, "CAD") ||
			!strcmp(hint, "AUD") || !strcmp(hint, "NZD") || !strcmp(hint, "SGD") ||
			!strcmp(hint, "HKD") || !strcmp(hint, "MXN")) ? hint : "USD";
	if (strcmp(sym, "£") == 0)
		return "GBP";
	if (strcmp(sym, "€") == 0)
		return "EUR";
	if (strcmp(sym, "¥") == 0)
		return "JPY";
	if (strcmp(sym, "₹") == 0)
		return "INR";
	if (strcasecmp(sym, "kr") == 0)
		return hint && (!strcmp(hint, "SEK") || !strcmp(hint, "NOK") ||
			!strcmp(hint, "DKK")) ? hint : "SEK";
	return NULL;
}

/* Up to 60 bytes of text before the price, from the start of its line,
 * sentence or list item: what the price is for. */
static json_t *context_before(const char *text, size_t at)
{
	size_t start = at > 60 ? at - 60 : 0;

	for (size_t i = at; i > start; i--) {
		char c = text[i - 1];
		if (c == '\n' || c == '.' || c == ';' || c == '|' || c == '!' || c == '?') {
			start = i;
			break;
		}
	}
	/* do not cut a UTF-8 sequence */
	while (start < at && ((unsigned char)text[start] & 0xC0) == 0x80)
		start++;
	char buf[64];
	size_t len = at - start;
	memcpy(buf, text + start, len);
	buf[len] = '\0';
	/* trim separators such as " - " or ": " at the end */
	while (len && strchr(" \t:-–—=", buf[len - 1]))
		buf[--len] = '\0';
	wa_html_squeeze(buf);
	char *p = buf;
	while (*p == ' ' || *p == '-' || *p == ':')
		p++;
	return json_string(p);
}

static void on_price(const char *text, pcre2_code *re, pcre2_match_data *md, void *arg)
{
	price_walk *w = arg;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	char sym[8], code[8], post[8], a[48], amt[48], raw[64];
	const char *cur = NULL;

	group(re, md, text, "sym", sym, sizeof sym);
	group(re, md, text, "code", code, sizeof code);
	group(re, md, text, "post", post, sizeof post);
	if (*sym) {
		group(re, md, text, "a1", a, sizeof a);
		cur = currency_of(sym, w->currency);
	} else if (*code) {
		group(re, md, text, "a2", a, sizeof a);
		cur = code;
	} else {
		group(re, md, text, "a3", a, sizeof a);
		cur = currency_of(post, w->currency);
		if (!cur)
			cur = post;
	}
	if (!*a || !cur)
		return;
	amount(a, amt, sizeof amt);
	size_t len = ov[1] - ov[0];
	if (len >= sizeof raw)
		len = sizeof raw - 1;
	memcpy(raw, text + ov[0], len);
	raw[len] = '\0';
	char upper[8];
	snprintf(upper, sizeof upper, "%s", cur);
	for (char *p = upper; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	json_t *o = json_object();
	json_object_set_new(o, "text", json_string(raw));
	json_object_set_new(o, "amount", json_string(amt));
	json_object_set_new(o, "currency", json_string(upper));
	json_object_set_new(o, "context", context_before(text, ov[0]));
	json_array_append_new(w->out, o);
}

void wa_contacts_prices(const char *text, const char *currency, json_t *out)
{
	price_walk w = { currency, out };

	each_match(RE_PRICE, text, on_price, &w);
}

/* ---- opening hours ---- */

static const char *day_code(const char *d)
{
	static const char *const names[][2] = { { "mon", "Mo" }, { "tue", "Tu" },
		{ "wed", "We" }, { "thu", "Th" }, { "fri", "Fr" }, { "sat", "Sa" },
		{ "sun", "Su" } };

	for (size_t i = 0; i < 7; i++)
		if (strncasecmp(d, names[i][0], 3) == 0)
			return names[i][1];
	return "";
}

/* h, m and am/pm to "HH:MM"; 0, or -1 when not a time of day */
static int clock_time(const char *h, const char *m, const char *ampm, char out[6])
{
	int hour = atoi(h), min = *m ? atoi(m) : 0;

	if (tolower((unsigned char)ampm[0]) == 'p' && hour < 12)
		hour += 12;
	if (tolower((unsigned char)ampm[0]) == 'a' && hour == 12)
		hour = 0;
	if (hour > 24 || min > 59 || (*ampm && atoi(h) > 12))
		return -1;
	snprintf(out, 6, "%02d:%02d", hour, min);
	return 0;
}

static void on_hours(const char *text, pcre2_code *re, pcre2_match_data *md, void *arg)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	char d1[16], d2[16], h1[4], m1[4], p1[8], h2[4], m2[4], p2[8], closed[8], raw[96];
	char days[8], opens[6], closes[6];

	group(re, md, text, "d1", d1, sizeof d1);
	group(re, md, text, "d2", d2, sizeof d2);
	group(re, md, text, "h1", h1, sizeof h1);
	group(re, md, text, "m1", m1, sizeof m1);
	group(re, md, text, "p1", p1, sizeof p1);
	group(re, md, text, "h2", h2, sizeof h2);
	group(re, md, text, "m2", m2, sizeof m2);
	group(re, md, text, "p2", p2, sizeof p2);
	group(re, md, text, "closed", closed, sizeof closed);
	snprintf(days, sizeof days, "%s%s%s", day_code(d1), *d2 ? "-" : "", *d2 ? day_code(d2) : "");
	size_t len = ov[1] - ov[0];
	if (len >= sizeof raw)
		len = sizeof raw - 1;
	memcpy(raw, text + ov[0], len);
	raw[len] = '\0';
	wa_html_squeeze(raw);
	json_t *o = json_object();
	json_object_set_new(o, "text", json_string(raw));
	json_object_set_new(o, "days", json_string(days));
	if (!*closed) {
		int a = atoi(h1), b = atoi(h2);
		/* "9-5": a working day, 9:00 to 17:00 */
		if (!*p1 && !*p2 && b <= a && b < 12)
			snprintf(p2, sizeof p2, "pm");
		/* "9-5pm" is 9am to 5pm, "1-3pm" 1pm to 3pm, "12-3pm" noon to 3pm */
		else if (!*p1 && tolower((unsigned char)p2[0]) == 'p' && a < 12)
			snprintf(p1, sizeof p1, "%s", a > b ? "am" : "pm");
		if (clock_time(h1, m1, p1, opens) || clock_time(h2, m2, p2, closes)) {
			json_decref(o);
			return;
		}
		json_object_set_new(o, "opens", json_string(opens));
		json_object_set_new(o, "closes", json_string(closes));
	} else {
		json_object_set_new(o, "closed", json_true());
	}
	json_array_append_new(arg, o);
}

void wa_contacts_hours(const char *text, json_t *out)
{
	each_match(RE_HOURS, text, on_hours, out);
}

/* "Mo-Fr 08:00-17:00", "Sa 09:00-12:00", "Mo,We,Fr 09:00-17:00" */
void wa_contacts_schema_hours(const char *spec, json_t *out)
{
	static const char *const days[] = { "Mo", "Tu", "We", "Th", "Fr", "Sa", "Su" };
	char d[40] = "", o[8], c[8];
	size_t n = 0;
	const char *p = spec;

	while (*p == ' ')
		p++;
	/* the day part: day codes, "-" and "," only */
	while (*p && *p != ' ' && n < sizeof d - 1) {
		int ok = *p == '-' || *p == ',';
		for (size_t i = 0; i < 7 && !ok; i++)
			ok = strncmp(p, days[i], 2) == 0;
		if (!ok)
			return;
		if (*p == '-' || *p == ',') {
			d[n++] = *p++;
		} else {
			d[n++] = *p++;
			d[n++] = *p++;
		}
	}
	d[n] = '\0';
	int h1, m1, h2, m2;
	if (!n || sscanf(p, " %d:%d-%d:%d", &h1, &m1, &h2, &m2) != 4 || h1 > 24 || h2 > 24 ||
	    m1 > 59 || m2 > 59)
		return;
	snprintf(o, sizeof o, "%02d:%02d", h1, m1);
	snprintf(c, sizeof c, "%02d:%02d", h2, m2);
	json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s}", "text", spec, "days", d,
		"opens", o, "closes", c));
}
