/* sentiment.c - see sentiment.h. */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/embedded.h"
#include "text/sentiment.h"
#include "text/text.h"

#include <jansson.h>

static json_t *lexicon, *valence, *negations, *boosters, *constants;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
	const wa_embedded_file *f = wa_embedded_find("data/sentiment-en.json");

	lexicon = f ? json_loadb(f->data, f->len, 0, NULL) : json_object();
	valence = json_object_get(lexicon, "valence");
	boosters = json_object_get(lexicon, "boosters");
	constants = json_object_get(lexicon, "constants");
	negations = json_object();
	size_t i;
	json_t *w;
	json_array_foreach(json_object_get(lexicon, "negations"), i, w)
		json_object_set_new(negations, json_string_value(w), json_true());
}

static double k(const char *name)
{
	return json_number_value(json_object_get(constants, name));
}

/* words with their case kept: [start, end) spans of text */
typedef struct word {
	const char *s;
	size_t len;
	char *lower;
} word;

static int word_char(unsigned char c)
{
	return isalnum(c) || c == '\'' || c == '-' || c >= 0x80;
}

/* text's words, lower-cased ("don’t" with a typographic apostrophe
 * becomes "don't"): a new array of *n; *mixed when the text has both
 * cases */
static word *words_new(const char *text, size_t *n, int *mixed)
{
	word *w = NULL;
	size_t cap = 0;
	int has_lower = 0, has_upper = 0;

	*n = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		if (!word_char(*p)) {
			p++;
			continue;
		}
		const unsigned char *s = p;
		while (*p && word_char(*p))
			p++;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			w = wa_mem_realloc(w, cap * sizeof *w);
		}
		size_t len = (size_t)(p - s), j = 0;
		char *low = wa_mem_alloc(len + 1);
		for (size_t i = 0; i < len; i++) {
			if (s[i] == 0xE2 && i + 2 < len && s[i + 1] == 0x80 && s[i + 2] == 0x99) {
				low[j++] = '\'';
				i += 2;
				continue;
			}
			low[j++] = (char)tolower(s[i]);
			has_lower |= islower(s[i]) != 0;
			has_upper |= isupper(s[i]) != 0;
		}
		low[j] = '\0';
		while (j && (low[j - 1] == '\'' || low[j - 1] == '-'))
			low[--j] = '\0';
		w[(*n)++] = (word){ (const char *)s, len, low };
	}
	*mixed = has_lower && has_upper;
	return w;
}

/* the valence of word i in context: shouted, boosted or dampened,
 * negated */
static double valence_of(const word *w, size_t i, int mixed)
{
	json_t *val = json_object_get(valence, w[i].lower);

	if (!val)
		return 0;
	double x = json_number_value(val);
	/* shouting: an all-capitals word in text that has both cases */
	int caps = mixed && w[i].len > 1;
	for (size_t c = 0; c < w[i].len && caps; c++)
		if (islower((unsigned char)w[i].s[c]))
			caps = 0;
	if (caps)
		x += x > 0 ? k("caps") : -k("caps");
	/* boosters and dampeners up to three words before, fading */
	for (size_t back = 1; back <= 3 && back <= i; back++) {
		json_t *b = json_object_get(boosters, w[i - back].lower);
		if (!b)
			continue;
		double amount = json_number_value(b) * (back == 1 ? 1 : back == 2 ? 0.95 : 0.9);
		x += x > 0 ? amount : -amount;
	}
	/* a negation up to three words before flips and dampens */
	for (size_t back = 1; back <= 3 && back <= i; back++)
		if (json_object_get(negations, w[i - back].lower) ||
		    strstr(w[i - back].lower, "n't"))
			return x * k("negation");
	return x;
}

/* exclamation and question marks: emphasis in the sum's direction */
static double emphasis_of(const char *text)
{
	int bangs = 0, questions = 0;

	for (const char *p = text; *p; p++) {
		bangs += *p == '!';
		questions += *p == '?';
	}
	double emphasis = fmin(bangs, k("exclamation_max")) * k("exclamation");
	if (questions > 1)
		emphasis += fmin(questions, k("question_max")) * k("question");
	return emphasis;
}

void wa_sentiment_of(const char *text, wa_sentiment *out)
{
	size_t n, but = (size_t)-1;
	int mixed;

	pthread_once(&once, init);
	memset(out, 0, sizeof *out);
	out->neutral = 1;
	if (!text)
		return;
	word *w = words_new(text, &n, &mixed);
	double *v = wa_mem_calloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(w[i].lower, "but") == 0 && but == (size_t)-1)
			but = i;
		v[i] = valence_of(w, i, mixed);
	}
	/* "but": what comes after it counts more than what came before */
	if (but != (size_t)-1)
		for (size_t i = 0; i < n; i++)
			v[i] *= i < but ? k("but_before") : i > but ? k("but_after") : 1;
	double sum = 0, pos = 0, neg = 0, neu = 0;
	for (size_t i = 0; i < n; i++) {
		sum += v[i];
		if (v[i] > 0)
			pos += v[i] + 1;
		else if (v[i] < 0)
			neg += v[i] - 1;
		else
			neu += 1;
	}
	double emphasis = emphasis_of(text);
	if (sum > 0)
		sum += emphasis, pos += emphasis;
	else if (sum < 0)
		sum -= emphasis, neg -= emphasis;
	out->compound = sum / sqrt(sum * sum + k("alpha"));
	double total = pos + fabs(neg) + neu;
	if (total > 0) {
		out->positive = pos / total;
		out->negative = fabs(neg) / total;
		out->neutral = neu / total;
	}
	for (size_t i = 0; i < n; i++)
		free(w[i].lower);
	free(w);
	free(v);
}
