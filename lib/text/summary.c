/* summary.c - an extractive summary: see text.h. */
#include "text/summary.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "text/text_int.h"

typedef struct sentence {
	const char *start;
	size_t len;
	double score;
	size_t order;
} sentence;

/* 1 when the "." at dot ends a title or an abbreviation ("Dr.", "e.g."),
 * not a sentence */
static int abbreviation(const char *start, const char *dot)
{
	static const char *const words[] = { "Dr", "Mr", "Mrs", "Ms", "Prof", "St", "Mt",
		"Inc", "Ltd", "Co", "Corp", "vs", "etc", "e.g", "i.e", "No", "approx", "Jr", "Sr" };
	const char *w = dot;

	if (*dot != '.')
		return 0;
	while (w > start && w[-1] != ' ' && w[-1] != '\n' && w[-1] != '(')
		w--;
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if ((size_t)(dot - w) == strlen(words[i]) && strncmp(w, words[i], dot - w) == 0)
			return 1;
	/* a single capital: an initial ("J. Smith") */
	return dot - w == 1 && isupper((unsigned char)*w);
}

char *wa_summary_new(const char *text, const char *lang, json_t *keyphrases, int max)
{
	sentence *s = NULL;
	size_t n = 0, cap = 0;
	const char *p = text ? text : "";
	wa_buf out;

	(void)lang;
	/* sentences: up to . ! ? followed by a space, or a blank line */
	while (*p) {
		while (*p == ' ' || *p == '\n' || *p == '\t')
			p++;
		if (!*p)
			break;
		const char *start = p;
		while (*p && !((*p == '.' || *p == '!' || *p == '?') &&
		    (p[1] == ' ' || p[1] == '\n' || !p[1]) && !abbreviation(start, p)) &&
		    !(*p == '\n' && p[1] == '\n'))
			p++;
		if (*p && *p != '\n')
			p++;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			s = wa_mem_realloc(s, cap * sizeof *s);
		}
		s[n] = (sentence){ start, (size_t)(p - start), 0, n };
		n++;
	}
	for (size_t i = 0; i < n; i++) {
		char *low = wa_text_lower_new(s[i].start, s[i].len);
		size_t words = 1;
		for (size_t k = 0; k < s[i].len; k++)
			words += s[i].start[k] == ' ';
		double score = 0;
		size_t k;
		json_t *kp;
		json_array_foreach(keyphrases, k, kp) {
			const char *ph = json_string_value(json_object_get(kp, "phrase"));
			if (ph && strstr(low, ph))
				score += 1.0 / (1 + (double)k);
		}
		/* a sentence with a verb's worth of words; early ones a little more */
		if (words < 6 || words > 45 || s[i].start[s[i].len - 1] != '.')
			score = 0;
		s[i].score = score * (1 + 1.0 / (1 + (double)i));
		free(low);
	}
	/* the max best, then back in order */
	for (size_t a = 1; a < n; a++) {
		sentence x = s[a];
		size_t b = a;
		while (b > 0 && s[b - 1].score < x.score) {
			s[b] = s[b - 1];
			b--;
		}
		s[b] = x;
	}
	size_t keep = 0;
	while (keep < n && keep < (size_t)max && s[keep].score > 0)
		keep++;
	for (size_t a = 1; a < keep; a++) {
		sentence x = s[a];
		size_t b = a;
		while (b > 0 && s[b - 1].order > x.order) {
			s[b] = s[b - 1];
			b--;
		}
		s[b] = x;
	}
	wa_buf_init(&out);
	for (size_t i = 0; i < keep; i++) {
		if (out.len)
			wa_buf_addc(&out, ' ');
		wa_buf_add(&out, s[i].start, s[i].len);
	}
	free(s);
	return wa_buf_detach(&out, NULL);
}
