/* kb_passage.c - the part of a chunk that answers a question: the
 * sentence that matches it best (the answer after it when it is itself
 * a question, as on a FAQ page), the items of a list of facts that match,
 * a FAQ's answer; "Yes," or "No," only when the question answered is the
 * one asked; the whole chunk when the question asks for the page.  See
 * kb_int.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "agent/kb_int.h"
#include "base/buf.h"
#include "base/mem.h"
#include "text/text.h"

/* how much of a question another question must cover for its yes or no
 * to answer it */
#define SAME_QUESTION 0.6
/* how much more a passage with the kind of value asked for counts */
#define ANSWER_BONUS 2.0

/* 1 when the question asks for the page itself */
static int asks_page(const char *query)
{
	static const char *const words[] = { "page", "pages", "seite", "página", "pagina", NULL };

	return wa_text_has_word(query, words);
}

/* 1 when the query opens with a question word ("how much...", "Wie hoch
 * sind...", "¿Cuánto...?"): it asks what, not whether, and no yes or no
 * answers it */
static int asks_what(const char *query)
{
	static const char *const wh[] = { "what", "what's", "whats", "how", "where", "where's",
		"when", "who", "which", "why", "was", "wie", "wo", "wann", "wer", "welche", "welcher",
		"welches", "warum", "wieviel", "qué", "que", "cómo", "como", "dónde", "donde",
		"cuándo", "cuando", "cuánto", "cuanto", "cuánta", "cuántos", "cuántas", "cuál",
		"cual", "quién", "quien", "por", NULL };

	return wa_text_opens_with(query, wh);
}

/* a phone number: nine digits or more with only separators between */
static int has_phone(const char *t)
{
	for (const char *p = t; *p; p++) {
		int digits = 0;
		const char *q = p;
		while (*q && (isdigit((unsigned char)*q) || (digits && strchr(" -()+./", *q)))) {
			digits += isdigit((unsigned char)*q) != 0;
			q++;
		}
		if (digits >= 9)
			return 1;
		if (q > p)
			p = q - 1;
	}
	return 0;
}

/* an amount: a figure next to a currency's sign or code */
static int has_money(const char *t)
{
	static const char *const marks[] = { "$", "\xE2\x82\xAC", "\xC2\xA3", "USD", "EUR", "GBP",
		"euro", "dollar", NULL };
	static const char *const nothing[] = { "free", "Free", "kostenlos", "gratis", "gratuit",
		"no charge", NULL };

	/* "free" is a price too */
	for (int i = 0; nothing[i]; i++)
		if (strstr(t, nothing[i]))
			return 1;

	for (int i = 0; marks[i]; i++)
		for (const char *p = t; (p = strstr(p, marks[i])); p++) {
			size_t l = strlen(marks[i]);
			const char *after = p + l;
			while (*after == ' ')
				after++;
			const char *before = p;
			while (before > t && before[-1] == ' ')
				before--;
			if (isdigit((unsigned char)*after) || (before > t &&
			    isdigit((unsigned char)before[-1])))
				return 1;
		}
	return 0;
}

/* opening hours: a time of day ("9am", "08:00", "9-17 Uhr") */
static int has_hours(const char *t)
{
	for (const char *p = t; *p; p++) {
		if (!isdigit((unsigned char)*p) || (p > t && isdigit((unsigned char)p[-1])))
			continue;
		const char *q = p;
		while (isdigit((unsigned char)*q))
			q++;
		if ((q[0] == ':' && isdigit((unsigned char)q[1]) && isdigit((unsigned char)q[2])) ||
		    !strncmp(q, "am", 2) || !strncmp(q, "pm", 2) || !strncmp(q, " am", 3) ||
		    !strncmp(q, " pm", 3) || !strncmp(q, " Uhr", 4))
			return 1;
	}
	return 0;
}

/* an address: a number and a street ("1820 Main Street", "Köpenicker
 * Straße 112") */
static int has_address(const char *t)
{
	static const char *const streets[] = { " Street", " Lane", " Road", " Avenue", " Way",
		" Square", " Place", "straße", "Straße", "strasse", " Calle", " Avenida", NULL };

	for (int i = 0; streets[i]; i++)
		for (const char *p = t; (p = strstr(p, streets[i])); p++) {
			const char *after = p + strlen(streets[i]);
			/* the number after the street, or within a few words
			 * before it ("14 Harbour Lane") */
			if (*after == ' ' && isdigit((unsigned char)after[1]))
				return 1;
			for (const char *b = p; b > t && p - b < 30; b--)
				if (isdigit((unsigned char)b[-1]) && (b - 1 == t || b[-2] == ' '))
					return 1;
		}
	return 0;
}

/* a number: a figure, or a number's word ("three", "drei", "tres") */
static int has_number(const char *t)
{
	static const char *const words[] = { "two", "three", "four", "five", "six", "seven",
		"eight", "nine", "ten", "twelve", "twenty", "thirty", "forty", "fifty", "hundred",
		"dozen", "zwei", "drei", "vier", "fünf", "sechs", "zehn", "dos", "tres", "cuatro",
		"cinco", "seis", "diez", NULL };

	return strpbrk(t, "0123456789") || wa_text_has_word(t, words);
}

/* an e-mail address: a word with an @ and a dot after it */
static int has_email(const char *t)
{
	for (const char *at = strchr(t, '@'); at; at = strchr(at + 1, '@'))
		if (at > t && isalnum((unsigned char)at[-1]) && isalnum((unsigned char)at[1]) &&
		    strchr(at, '.'))
			return 1;
	return 0;
}

/* a duration: a number and a unit of time ("forty minutes", "2-3 Werktage") */
static int has_duration(const char *t)
{
	static const char *const units[] = { "minute", "hour", "day", "week", "month", "year",
		"Minute", "Stunde", "Tag", "Werktag", "Woche", "Monat", "Jahr", "minuto", "hora", "día",
		"semana", "mes", "año", NULL };

	if (!has_number(t))
		return 0;
	for (int i = 0; units[i]; i++)
		if (strstr(t, units[i]))
			return 1;
	return 0;
}

int wa_kb_has_answer(const char *text, const char *answer)
{
	if (answer && text && !strcmp(answer, "email"))
		return has_email(text);
	if (answer && text && !strcmp(answer, "percent"))
		return strchr(text, '%') != NULL;
	if (answer && text && !strcmp(answer, "duration"))
		return has_duration(text);
	if (answer && text && !strcmp(answer, "number"))
		return has_number(text);
	if (answer && text && !strcmp(answer, "hours"))
		return has_hours(text);
	if (answer && text && !strcmp(answer, "address"))
		return has_address(text);
	if (!answer || !text)
		return 0;
	if (!strcmp(answer, "phone"))
		return has_phone(text);
	if (!strcmp(answer, "money"))
		return has_money(text);
	return 0;
}

/* how well text answers the concepts, and in *cover how much of them */
static double piece_score(const char *text, const char *lang, json_t *concepts, double *cover)
{
	wa_buf t;

	wa_buf_init(&t);
	wa_kb_terms(text, lang, &t, NULL, NULL);
	double len = 1;
	for (size_t i = 0; i < t.len; i++)
		len += t.data[i] == ' ';
	double s = wa_kb_score_terms(concepts, t.len ? t.data : "", len, len, cover, NULL);
	wa_buf_free(&t);
	return s;
}

/* the sentences of text, ends at . ! ? followed by a space (not after a
 * short capitalised word: "Dr. Okafor") and at a middle dot or a
 * semicolon when list: a new array of strings */
static json_t *pieces_new(const char *text, int list)
{
	json_t *out = json_array();
	const char *p = text, *start = text;

	for (; *p; p++) {
		size_t end = 0, skip = 0;       /* the piece's end, the separator's length */
		if ((*p == '.' || *p == '!' || *p == '?') && (p[1] == ' ' || !p[1])) {
			const char *w = p;
			while (w > start && isalpha((unsigned char)w[-1]))
				w--;
			if (!(*p == '.' && p - w <= 2 && isupper((unsigned char)*w)))
				end = (size_t)(p + 1 - start), skip = 1;
		} else if (!strncmp(p, " \xC2\xB7 ", 4)) {
			end = (size_t)(p - start), skip = 4;
		} else if ((list && *p == ';' && p[1] == ' ') || *p == '\n') {
			end = (size_t)(p - start), skip = 1;
		}
		if (!skip)
			continue;
		wa_buf b;
		wa_buf_init(&b);
		wa_buf_add(&b, start, end);
		json_array_append_new(out, json_string(b.data));
		wa_buf_free(&b);
		/* the next piece past the separator and its spaces, and the scan
		 * on from there (never behind it) */
		start = p + (*p == '.' || *p == '!' || *p == '?' ? 1 : skip);
		while (*start == ' ')
			start++;
		p = start - 1;
	}
	while (*start == ' ')
		start++;
	if (*start)
		json_array_append_new(out, json_string(start));
	for (size_t i = json_array_size(out); i-- > 0;)
		if (!json_array_get(out, i) || !*json_string_value(json_array_get(out, i)))
			json_array_remove(out, i);
	return out;
}

/* "No, valuations are free" as "Valuations are free": a yes or a no
 * answers another question than the one asked */
static char *without_yes_no(char *s)
{
	static const char *const leads[] = { "Yes, ", "No, ", "Yes. ", "No. ", "Ja, ", "Nein, ",
		"Sí, ", "Si, ", NULL };

	for (int i = 0; leads[i]; i++) {
		size_t l = strlen(leads[i]);
		if (!strncmp(s, leads[i], l) && s[l]) {
			memmove(s, s + l, strlen(s + l) + 1);
			s[0] = (char)toupper((unsigned char)s[0]);
			break;
		}
	}
	return s;
}

/* 1 when piece i of pieces is a heading: a line of words without a
 * sentence's stop or a figure, with something after it */
static int heading(json_t *pieces, size_t i)
{
	const char *s = json_string_value(json_array_get(pieces, i));
	size_t n = strlen(s);

	if (!n || i + 1 >= json_array_size(pieces) || n > 80 || strpbrk(s, "0123456789$"))
		return 0;
	return !strchr(".!?:;", s[n - 1]);
}

/* the heading at of pieces and what follows it, up to the next heading
 * or three lines: "Opening hours: Monday to Friday: 8am to 6pm; ..." */
static char *section(json_t *pieces, size_t at)
{
	wa_buf b;

	wa_buf_init(&b);
	wa_buf_adds(&b, json_string_value(json_array_get(pieces, at)));
	for (size_t i = at + 1; i < json_array_size(pieces) && i <= at + 3 &&
	    !heading(pieces, i); i++)
		wa_buf_addf(&b, "%s%s", i == at + 1 ? ": " : "; ",
			json_string_value(json_array_get(pieces, i)));
	return wa_buf_detach(&b, NULL);
}

/* piece at of pieces, with the one before or after it when the two
 * answer more of the question than it alone ("You can return items
 * within 30 days. The label comes by e-mail."): a new string */
static char *with_neighbour(json_t *pieces, size_t at, const char *lang, json_t *concepts)
{
	const char *s = json_string_value(json_array_get(pieces, at));
	double cover, best;
	char *out = NULL;

	piece_score(s, lang, concepts, &best);
	for (int side = -1; side <= 1; side += 2) {
		if ((side < 0 && at == 0) || (side > 0 && at + 1 >= json_array_size(pieces)))
			continue;
		const char *o = json_string_value(json_array_get(pieces, at + (size_t)side));
		wa_buf b;
		wa_buf_init(&b);
		wa_buf_addf(&b, "%s %s", side < 0 ? o : s, side < 0 ? s : o);
		piece_score(b.data, lang, concepts, &cover);
		if (cover > best + 1e-9) {
			best = cover;
			free(out);
			out = wa_buf_detach(&b, NULL);
		} else {
			wa_buf_free(&b);
		}
	}
	return out ? out : wa_mem_strdup(s);
}

/* answer s (a FAQ's, or the answer after a question on a page) with its
 * "Yes," or "No," only when that question, covering the query this much
 * (cover), is the one asked, and asked as yes or no */
static char *yes_no_kept(char *s, double cover, const char *query)
{
	return cover >= SAME_QUESTION && !asks_what(query) ? s : without_yes_no(s);
}

/* how much of concept c terms (a piece's, space-separated) cover */
static double covers(json_t *c, const char *terms)
{
	json_t *one = json_pack("[O]", c);
	double cover;

	wa_kb_score_terms(one, terms, 1, 1, &cover, NULL);
	json_decref(one);
	return cover;
}

/* 1 when a piece of text has a term of concept a but none with it has one
 * of b */
static int apart(json_t *pieces, const char *lang, json_t *a, json_t *b)
{
	json_t *pc;
	size_t i;
	int alone = 0, both = 0;
	wa_buf t;

	wa_buf_init(&t);
	json_array_foreach(pieces, i, pc) {
		wa_buf_reset(&t);
		wa_kb_terms(json_string_value(pc), lang, &t, NULL, NULL);
		if (covers(a, t.len ? t.data : "") <= 0)
			continue;
		int with = covers(b, t.len ? t.data : "") > 0;
		both |= with;
		alone |= !with;
	}
	wa_buf_free(&t);
	return alone && !both;
}

const char *wa_kb_apart(const char *text, const char *lang, json_t *concepts)
{
	json_t *pieces = NULL, *c, *next;
	const char *word = NULL;
	size_t i;

	json_array_foreach(concepts, i, c) {
		if (word)
			break;
		next = json_array_get(concepts, i + 1);
		if (!json_is_true(json_object_get(c, "modifies")) || !next)
			continue;
		if (!pieces)
			pieces = pieces_new(text, 0);
		if (apart(pieces, lang, c, next))
			word = json_string_value(json_object_get(c, "word"));
	}
	json_decref(pieces);
	return word;
}

char *wa_kb_passage_new(const char *text, const char *title, const char *source,
	const char *lang, json_t *concepts, const char *query, const char *answer)
{
	size_t tl = title ? strlen(title) : 0;
	int list = source && !strncmp(source, "research:", 9);
	double cover;

	if (asks_page(query))
		return wa_mem_strdup(text);
	/* a FAQ: its answer, whole when its question is the one asked */
	if (tl && title[tl - 1] == '?' && !strncmp(text, title, tl)) {
		const char *answer = text + tl + (text[tl] == ' ');
		piece_score(title, lang, concepts, &cover);
		if (cover >= SAME_QUESTION || !*answer)
			return yes_no_kept(wa_mem_strdup(answer), cover, query);
		text = answer;
	}
	/* a list of facts ("Prices of X: a; b; c."): past its heading */
	const char *colon = list ? strstr(text, ": ") : NULL;
	json_t *pieces = pieces_new(colon ? colon + 2 : text, list), *pc;
	double best = 0, *scores = wa_mem_calloc(json_array_size(pieces) + 1, sizeof *scores);
	size_t at = 0, i;
	json_array_foreach(pieces, i, pc) {
		double s = piece_score(json_string_value(pc), lang, concepts, &cover);
		/* a heading names what follows: a sentence that says as much
		 * is the better answer */
		if (heading(pieces, i))
			s *= 0.5;
		/* a price asked: the line with an amount (a question's or a
		 * heading's, in the line after it) */
		const char *t = json_string_value(pc);
		size_t tl = strlen(t);
		if (((tl && t[tl - 1] == '?') || heading(pieces, i)) && i + 1 < json_array_size(pieces))
			t = json_string_value(json_array_get(pieces, i + 1));
		if (wa_kb_has_answer(t, answer))
			s *= ANSWER_BONUS;
		scores[i] = s;
		if (s > best) {
			best = s;
			at = i;
		}
	}
	if (best > 0 && !list && heading(pieces, at)) {
		char *out = section(pieces, at);
		free(scores);
		json_decref(pieces);
		return out;
	}
	char *out;
	if (best <= 0) {
		out = wa_mem_strdup(text);
	} else if (list) {
		/* every item as good as the best, up to three */
		wa_buf b;
		int n = 0;
		wa_buf_init(&b);
		json_array_foreach(pieces, i, pc)
			if (n < 3 && scores[i] >= 0.8 * best)
				wa_buf_addf(&b, "%s%s", n++ ? "; " : "", json_string_value(pc));
		out = wa_buf_detach(&b, NULL);
	} else {
		const char *s = json_string_value(json_array_get(pieces, at));
		size_t sl = strlen(s);
		/* a question on the page: the answer after it, its yes or no kept
		 * when that question is the one asked */
		if (sl && s[sl - 1] == '?' && at + 1 < json_array_size(pieces)) {
			piece_score(s, lang, concepts, &cover);
			out = wa_mem_strdup(json_string_value(json_array_get(pieces, at + 1)));
			free(scores);
			json_decref(pieces);
			return yes_no_kept(out, cover, query);
		}
		out = with_neighbour(pieces, at, lang, concepts);
	}
	free(scores);
	json_decref(pieces);
	return without_yes_no(out);
}
