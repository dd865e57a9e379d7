/* slot.c - the values of a conversation's slots in what a person typed:
 * see slot.h. */
#include "text/slot.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "text/intents.h"
#include "text/when.h"

static json_t *phone_in(const char *text)
{
	for (const char *p = text; *p; p++) {
		if (!(isdigit((unsigned char)*p) || (*p == '+' && isdigit((unsigned char)p[1]))))
			continue;
		char out[32];
		size_t n = 0, digits = 0;
		const char *q = p;
		if (*q == '+')
			out[n++] = *q++;
		for (; *q && (isdigit((unsigned char)*q) || strchr(" -.()", *q)) && n < sizeof out - 1;
		    q++)
			if (isdigit((unsigned char)*q)) {
				out[n++] = *q;
				digits++;
			}
		out[n] = '\0';
		if (digits >= 7 && digits <= 15)
			return json_string(out);
		p = q > p ? q - 1 : p;
	}
	return NULL;
}

static int has_phone(const char *text)
{
	json_t *v = phone_in(text);

	json_decref(v);
	return v != NULL;
}

static json_t *email_in(const char *text)
{
	for (const char *at = strchr(text, '@'); at; at = strchr(at + 1, '@')) {
		const char *s = at, *e = at + 1;
		while (s > text && (isalnum((unsigned char)s[-1]) || strchr("._%+-", s[-1])))
			s--;
		while (*e && (isalnum((unsigned char)*e) || strchr(".-", *e)))
			e++;
		while (e > at + 1 && e[-1] == '.')
			e--;
		const char *dot = memchr(at + 1, '.', (size_t)(e - at - 1));
		if (s < at && dot && dot + 1 < e) {
			char *v = wa_mem_strndup(s, (size_t)(e - s));
			for (char *c = v; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			json_t *j = json_string(v);
			free(v);
			return j;
		}
	}
	return NULL;
}

/* "my name is Maya Okafor", "I'm Maya", "for Maya Okafor", or the whole
 * short reply when asked */
/* 1 when the word at p (up to a non-letter) is no one's name: a day, a
 * month, a part of a day, a word of the booking itself ("can I book for
 * Sunday at 11am" names nobody) */
static int not_a_name(const unsigned char *p)
{
	static const char *const words[] = { "monday", "tuesday", "wednesday", "thursday",
		"friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
		"fri", "sat", "sun", "january", "february", "march", "april", "june", "july",
		"august", "september", "october", "november", "december", "today", "tomorrow",
		"tonight", "tmrw", "next", "this", "noon", "midnight", "morning", "afternoon",
		"evening", "lunch", "the", "a", "an", "my", "me", "appointment",
		"booking", "please", "thanks", "yes", "no", "ok", "okay", "sure", "anytime", "now",
		"later", "someone", "somebody", "it", "that", "then", "when", "what", NULL };
	char w[24];
	size_t n = 0;

	while (n < sizeof w - 1 && (isalpha(p[n]) || p[n] == '\''))
		w[n] = (char)tolower(p[n]), n++;
	w[n] = '\0';
	for (int i = 0; words[i]; i++)
		if (!strcmp(w, words[i]))
			return 1;
	return 0;
}

/* where a name starts in text: after "my name is", "I'm", "for"..., the
 * first such place whose word can be a name (or the whole reply, when
 * the name was asked for); NULL for none */
static const char *name_start(const char *text, int asked)
{
	static const char *const lead[] = { "my name is ", "name is ", "name's ", "names ",
		"i'm ", "i am ", "this is ", "it's for ", "for ", "it's ", "me llamo ",
		"mi nombre es ", "soy ", NULL };

	for (int i = 0; lead[i]; i++)
		for (const char *p = strcasestr(text, lead[i]); p; p = strcasestr(p + 1, lead[i])) {
			const char *from = p + strlen(lead[i]);
			if ((p == text || !isalpha((unsigned char)p[-1])) &&
			    !not_a_name((const unsigned char *)from))
				return from;
		}
	/* "..., Raj Patel, 312 555 0155": a part between commas that is two
	 * or three capitalised words */
	for (const char *p = text; p; p = strchr(p, ',')) {
		p += *p == ',';
		while (*p == ' ')
			p++;
		int words = 0, caps = 1;
		const char *q = p;
		while (*q && *q != ',' && *q != '.' && *q != '?' && *q != '!') {
			if ((q == p || q[-1] == ' ') && *q != ' ') {
				words++;
				caps &= (isupper((unsigned char)*q) || (unsigned char)*q >= 0x80) &&
					!not_a_name((const unsigned char *)q);
			}
			caps &= isalpha((unsigned char)*q) || (unsigned char)*q >= 0x80 ||
				strchr(" -'", *q) != NULL;
			q++;
		}
		if (caps && words >= 2 && words <= 3)
			return p;
	}
	while (asked && *text == ' ')
		text++;
	/* an email or a phone number given for a name is no name */
	if (asked && (strchr(text, '@') || has_phone(text)))
		return NULL;
	return asked && !not_a_name((const unsigned char *)text) ? text : NULL;
}

static json_t *name_in(const char *text, int asked)
{
	const char *from = name_start(text, asked);

	if (!from)
		return NULL;
	wa_buf b;
	int words = 0;
	wa_buf_init(&b);
	const unsigned char *p = (const unsigned char *)from;
	while (*p && words < 4) {
		while (*p == ' ')
			p++;
		const unsigned char *s = p;
		while (*p && (isalpha(*p) || *p >= 0x80 || *p == '-' || *p == '\'' || *p == '.'))
			p++;
		if (p == s || not_a_name(s))
			break;
		/* a name's words are capitalised, unless the whole reply is the name */
		if (!asked && !(isupper(*s) || *s >= 0x80))
			break;
		if (b.len)
			wa_buf_addc(&b, ' ');
		wa_buf_add(&b, s, (size_t)(p - s));
		words++;
	}
	json_t *v = b.len ? json_string(b.data) : NULL;
	wa_buf_free(&b);
	return v;
}

/* a number at p: "300000", "£350,000", "1.2 million", "500k"; *end after
 * it; *money when a currency or a size word came with it */
static double number_at(const char *text, const char *p, const char **end, int *money)
{
	double v = 0, scale = 0;
	size_t before = (size_t)(p - text);

	*money = (before >= 1 && p[-1] == '$') || (before >= 2 && !strncmp(p - 2, "\xc2\xa3", 2)) ||
		(before >= 3 && !strncmp(p - 3, "\xe2\x82\xac", 3));
	for (; isdigit((unsigned char)*p) || (*p == ',' && isdigit((unsigned char)p[1])) ||
	    (*p == '.' && isdigit((unsigned char)p[1])); p++) {
		if (*p == ',')
			continue;
		if (*p == '.') {
			scale = 1;
			continue;
		}
		v = v * 10 + (*p - '0');
		if (scale)
			scale *= 10;
	}
	if (scale)
		v /= scale;
	const char *q = p + (*p == ' ');
	static const struct { const char *w; double x; } sizes[] = { { "million", 1e6 },
		{ "mil", 1e6 }, { "m", 1e6 }, { "thousand", 1e3 }, { "k", 1e3 } };
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		size_t l = strlen(sizes[i].w);
		if (!strncasecmp(q, sizes[i].w, l) && !isalpha((unsigned char)q[l])) {
			v *= sizes[i].x, *money = 1, p = q + l;
			break;
		}
	}
	*end = p;
	return v;
}

/* the number a text gives: one said as money or with "budget" before
 * it rather than the first ("a 3 bed house, budget 425000" is 425000) */
static json_t *number_in(const char *text)
{
	double first = -1, cued = -1;
	const char *budget = strcasestr(text, "budget");

	for (const char *p = text; *p; p++) {
		if (!isdigit((unsigned char)*p) || (p > text && isdigit((unsigned char)p[-1])))
			continue;
		int money;
		const char *end;
		double v = number_at(text, p, &end, &money);
		if (first < 0)
			first = v;
		if (cued < 0 && (money || (budget && budget < p)))
			cued = v;
		p = end - 1;
	}
	double v = cued >= 0 ? cued : first;
	/* past 2^53 a figure is no budget nor order anyone means */
	return v < 0 || v > 9007199254740992.0 ? NULL : json_integer((json_int_t)(v + 0.5));
}

/* 1 when the word at p (up to a non-letter) is one of words */
static int word_is(const char *p, const char *const *words)
{
	for (int i = 0; words[i]; i++) {
		size_t l = strlen(words[i]);
		if (!strncasecmp(p, words[i], l) && !isalpha((unsigned char)p[l]))
			return 1;
	}
	return 0;
}

/* The capitalised words from p ("Clifton", "St Andrews", "Clifton or
 * Redland"), or NULL. */
static json_t *capitals_at(const char *p)
{
	static const char *const joins[] = { "or", "and", NULL };
	const char *s = p, *end = p;

	for (;;) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80 || *p == '-' ||
		    *p == '\'')
			p++;
		if (p == w)
			break;
		if (isupper((unsigned char)*w) || (unsigned char)*w >= 0x80)
			end = p + (*p == '.');
		else if (!(word_is(w, joins) && end > s))
			break;
		p += *p == '.';
	}
	if (end == s)
		return NULL;
	char *v = wa_mem_strndup(s, (size_t)(end - s));
	json_t *j = json_string(v);
	free(v);
	return j;
}

/* A place: the capitalised words after "in", "around", "near" ("a flat
 * in Redland"); asked for, the reply's capitalised words, or the reply
 * without its fillers ("redland please"), never an email, a phone
 * number or a date alone. */
static json_t *place_in(const char *text, int asked)
{
	static const char *const lead[] = { " in ", " around ", " near ", "area is ", NULL };
	static const char *const fillers[] = { "in", "around", "near", "the", "ideally",
		"somewhere", "please", "area", NULL };

	for (int i = 0; lead[i]; i++)
		for (const char *p = strcasestr(text, lead[i]); p; p = strcasestr(p + 1, lead[i])) {
			json_t *v = capitals_at(p + strlen(lead[i]));
			if (v)
				return v;
		}
	if (!asked || strchr(text, '@') || has_phone(text))
		return NULL;
	for (const char *p = text; *p; p++)
		if ((isupper((unsigned char)*p) || (unsigned char)*p >= 0x80) &&
		    (p == text || !isalpha((unsigned char)p[-1])) && !not_a_name((const unsigned char *)p))
			return capitals_at(p);
	wa_buf b;
	wa_buf_init(&b);
	for (const char *p = text; *p;) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		const char *w = p;
		while (isalnum((unsigned char)*p) || *p == '-' || *p == '\'')
			p++;
		if (p > w && !word_is(w, fillers)) {
			if (b.len)
				wa_buf_addc(&b, ' ');
			wa_buf_add(&b, w, (size_t)(p - w));
		}
	}
	json_t *v = b.len ? json_string(b.data) : NULL;
	wa_buf_free(&b);
	return v;
}

json_t *wa_slot_value_new(const char *type, json_t *choices, const char *text, int64_t now_ms,
	const char *tz, int asked)
{
	char buf[64];
	wa_when w;

	if (!strcmp(type, "phone"))
		return phone_in(text);
	if (!strcmp(type, "email"))
		return email_in(text);
	if (!strcmp(type, "name"))
		return name_in(text, asked);
	if (!strcmp(type, "date") || !strcmp(type, "time") || !strcmp(type, "datetime")) {
		if (!wa_when_parse(text, now_ms, tz, &w))
			return NULL;
		if (!strcmp(type, "date"))
			snprintf(buf, sizeof buf, "%04d-%02d-%02d", w.year, w.month, w.day);
		else if (w.hour < 0)
			return NULL;
		else if (!strcmp(type, "time"))
			snprintf(buf, sizeof buf, "%02d:%02d", w.hour, w.minute);
		else
			snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", w.year, w.month, w.day,
				w.hour, w.minute);
		return json_string(buf);
	}
	if (!strcmp(type, "number"))
		return number_in(text);
	if (!strcmp(type, "place"))
		return place_in(text, asked);
	if (!strcmp(type, "choice")) {
		size_t i;
		json_t *c, *best = NULL;
		double top = 0;
		json_array_foreach(choices, i, c) {
			json_t *ex = json_pack("{s:[O]}", "x", c);
			wa_intents *m = wa_intents_new(ex);
			double conf = 0;
			wa_intents_classify(m, text, 0, &conf, NULL);
			if (strcasestr(text, json_string_value(c)))
				conf = 1;
			if (conf > top)
				top = conf, best = c;
			wa_intents_free(m);
			json_decref(ex);
		}
		return top >= 0.5 ? json_incref(best) : NULL;
	}
	/* text: the reply itself, when it answers, and not an email or a
	 * phone number alone (those answer another question) */
	if (!asked)
		return NULL;
	while (*text == ' ')
		text++;
	int letters = 0;
	for (const char *p = text; *p; p++)
		letters += isalpha((unsigned char)*p) != 0;
	if ((has_phone(text) && !letters) || (strchr(text, '@') && !strchr(text, ' ')))
		return NULL;
	return *text ? json_string(text) : NULL;
}
