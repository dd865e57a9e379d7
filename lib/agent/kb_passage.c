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

/* 1 when the question asks for the page itself */
static int asks_page(const char *query)
{
	static const char *const words[] = { "page", "pages", "seite", "página", "pagina", NULL };
	size_t n;
	char **w = wa_text_words_new(query, &n);
	int asks = 0;

	for (size_t i = 0; i < n; i++) {
		for (int k = 0; words[k]; k++)
			asks |= !strcmp(w[i], words[k]);
		free(w[i]);
	}
	free(w);
	return asks;
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
	double s = wa_kb_score_terms(concepts, t.len ? t.data : "", len, len, cover);
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
		size_t cut = 0;
		if ((*p == '.' || *p == '!' || *p == '?') && (p[1] == ' ' || !p[1])) {
			const char *w = p;
			while (w > start && isalpha((unsigned char)w[-1]))
				w--;
			if (!(*p == '.' && p - w <= 2 && isupper((unsigned char)*w)))
				cut = 1;
		} else if (!strncmp(p, " \xC2\xB7 ", 4) || (list && *p == ';' && p[1] == ' ')) {
			cut = 0;
			wa_buf b;
			wa_buf_init(&b);
			wa_buf_add(&b, start, (size_t)(p - start));
			json_array_append_new(out, json_string(b.data));
			wa_buf_free(&b);
			p += *p == ';' ? 1 : 3;
			start = p + 1;
			continue;
		}
		if (cut) {
			wa_buf b;
			wa_buf_init(&b);
			wa_buf_add(&b, start, (size_t)(p + 1 - start));
			json_array_append_new(out, json_string(b.data));
			wa_buf_free(&b);
			start = p + 1;
			while (*start == ' ')
				start++;
		}
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

char *wa_kb_passage_new(const char *text, const char *title, const char *source,
	const char *lang, json_t *concepts, const char *query)
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
			return wa_mem_strdup(answer);
		text = answer;
	}
	/* a list of facts ("Prices of X: a; b; c."): past its heading */
	const char *colon = list ? strstr(text, ": ") : NULL;
	json_t *pieces = pieces_new(colon ? colon + 2 : text, list), *pc;
	double best = 0;
	size_t at = 0, i;
	json_array_foreach(pieces, i, pc) {
		double s = piece_score(json_string_value(pc), lang, concepts, &cover);
		if (s > best) {
			best = s;
			at = i;
		}
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
			if (n < 3 && piece_score(json_string_value(pc), lang, concepts, &cover) >=
			    0.8 * best)
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
			json_decref(pieces);
			return cover >= SAME_QUESTION ? out : without_yes_no(out);
		}
		out = wa_mem_strdup(s);
	}
	json_decref(pieces);
	return without_yes_no(out);
}
