/* slot.c - the values of a conversation's slots in what a person typed:
 * see slot.h. */
#include "text/slot.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		"i'm ", "i am ", "this is ", "it's for ", "for ", "it's ", NULL };

	for (int i = 0; lead[i]; i++)
		for (const char *p = strcasestr(text, lead[i]); p; p = strcasestr(p + 1, lead[i])) {
			const char *from = p + strlen(lead[i]);
			if ((p == text || !isalpha((unsigned char)p[-1])) &&
			    !not_a_name((const unsigned char *)from))
				return from;
		}
	while (asked && *text == ' ')
		text++;
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
	if (!strcmp(type, "number")) {
		for (const char *p = text; *p; p++)
			if (isdigit((unsigned char)*p)) {
				long long v = 0;
				for (; isdigit((unsigned char)*p) || (*p == ',' &&
				    isdigit((unsigned char)p[1])); p++)
					if (*p != ',')
						v = v * 10 + (*p - '0');
				/* "10k" is ten thousand */
				if (*p == 'k' || *p == 'K')
					v *= 1000;
				return json_integer(v);
			}
		return NULL;
	}
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
	/* text: the reply itself, when it answers */
	if (!asked)
		return NULL;
	while (*text == ' ')
		text++;
	return *text ? json_string(text) : NULL;
}
