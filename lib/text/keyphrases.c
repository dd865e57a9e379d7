/* keyphrases.c - key phrases by YAKE (Campos et al., 2020): see text.h. */
#include "text/keyphrases.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "text/text_int.h"

typedef struct term {
	const char *stem;
	double tf, tf_case;
	int *sentences;         /* in order, with repeats */
	size_t nsent, capsent;
	json_t *left, *right;   /* distinct co-occurring stems */
	double nleft, nright;
	int stop;
	double score;
} term;

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static int is_number(const char *s)
{
	for (; *s; s++)
		if (!isdigit((unsigned char)*s) && *s != '.' && *s != ',')
			return 0;
	return 1;
}

/* A text being read: its tokens, its terms (one a stem), and each
 * token's term. */
typedef struct yake {
	wa_text_tokens ts;
	term *terms;
	size_t nterms;
	size_t *of;
} yake;

/* the terms, with their frequencies and sentences */
static void count_terms(yake *y)
{
	json_t *index = json_object();  /* stem -> term number */

	y->terms = wa_mem_calloc(y->ts.n, sizeof *y->terms);
	y->of = wa_mem_alloc(y->ts.n * sizeof *y->of);
	for (size_t i = 0; i < y->ts.n; i++) {
		wa_text_token *t = &y->ts.t[i];
		json_t *k = json_object_get(index, t->stem);
		size_t id;
		if (k) {
			id = (size_t)json_integer_value(k);
		} else {
			id = y->nterms++;
			json_object_set_new(index, t->stem, json_integer((json_int_t)id));
			y->terms[id].stem = t->stem;
			y->terms[id].left = json_object();
			y->terms[id].right = json_object();
			y->terms[id].stop = t->stop || is_number(t->lower) || strlen(t->lower) < 2;
		}
		y->of[i] = id;
		term *x = &y->terms[id];
		x->tf++;
		x->tf_case += t->upper || t->acronym;
		if (x->nsent == x->capsent) {
			x->capsent = x->capsent ? 2 * x->capsent : 8;
			x->sentences = wa_mem_realloc(x->sentences, x->capsent * sizeof *x->sentences);
		}
		x->sentences[x->nsent++] = t->sentence;
	}
	json_decref(index);
}

/* co-occurrence in a window of 2 within a sentence */
static void cooccurrence(yake *y)
{
	for (size_t i = 0; i < y->ts.n; i++)
		for (size_t w = 1; w <= 2 && i + w < y->ts.n; w++) {
			if (y->ts.t[i + w].sentence != y->ts.t[i].sentence)
				break;
			term *a = &y->terms[y->of[i]], *b = &y->terms[y->of[i + w]];
			if (a->stop || b->stop)
				continue;
			json_object_set_new(a->right, b->stem, json_true());
			json_object_set_new(b->left, a->stem, json_true());
			a->nright++;
			b->nleft++;
		}
}

/* each term's score from its features: case, position, frequency,
 * relatedness to context, spread over sentences */
static void score_terms(yake *y)
{
	double sum = 0, sum2 = 0, maxtf = 0;
	size_t counted = 0;

	/* frequency statistics over the terms that are not stop words */
	for (size_t i = 0; i < y->nterms; i++) {
		if (y->terms[i].stop)
			continue;
		sum += y->terms[i].tf;
		sum2 += y->terms[i].tf * y->terms[i].tf;
		if (y->terms[i].tf > maxtf)
			maxtf = y->terms[i].tf;
		counted++;
	}
	double mean = counted ? sum / counted : 0;
	double sd = counted ? sqrt(fmax(0, sum2 / counted - mean * mean)) : 0;
	for (size_t i = 0; i < y->nterms; i++) {
		term *x = &y->terms[i];
		qsort(x->sentences, x->nsent, sizeof *x->sentences, cmp_int);
		double median = x->nsent % 2 ? x->sentences[x->nsent / 2] :
			(x->sentences[x->nsent / 2 - 1] + x->sentences[x->nsent / 2]) / 2.0;
		size_t distinct = 0;
		for (size_t k = 0; k < x->nsent; k++)
			distinct += k == 0 || x->sentences[k] != x->sentences[k - 1];
		double t_case = x->tf_case / (1 + log(x->tf));
		double t_pos = log(log(3 + median));
		double t_freq = x->tf / (mean + sd > 0 ? mean + sd : 1);
		double dl = x->nleft ? json_object_size(x->left) / x->nleft : 0;
		double dr = x->nright ? json_object_size(x->right) / x->nright : 0;
		double t_rel = 1 + (dl + dr) * (maxtf ? x->tf / maxtf : 0);
		double t_sent = (double)distinct / y->ts.sentences;
		x->score = t_rel * t_pos / (t_case + t_freq / t_rel + t_sent / t_rel);
	}
}

/* the phrase of tokens first..last into cands (stems joined -> {phrase,
 * tf, prod, sum}), counted */
static void add_candidate(yake *y, json_t *cands, size_t first, size_t last)
{
	wa_buf key, surface;
	double prod = 1, ssum = 0;

	wa_buf_init(&key);
	wa_buf_init(&surface);
	for (size_t k = first; k <= last; k++) {
		if (k > first) {
			wa_buf_addc(&key, ' ');
			wa_buf_addc(&surface, ' ');
		}
		wa_buf_adds(&key, y->ts.t[k].stem);
		wa_buf_adds(&surface, y->ts.t[k].lower);
		if (!y->terms[y->of[k]].stop) {
			prod *= y->terms[y->of[k]].score;
			ssum += y->terms[y->of[k]].score;
		}
	}
	json_t *c = json_object_get(cands, key.data);
	if (!c) {
		c = json_pack("{s:s, s:f, s:f, s:f}", "phrase", surface.data, "tf", 0.0, "prod", prod,
			"sum", ssum);
		json_object_set_new(cands, key.data, c);
	}
	json_object_set_new(c, "tf", json_real(json_real_value(json_object_get(c, "tf")) + 1));
	wa_buf_free(&key);
	wa_buf_free(&surface);
}

/* candidates: 1 to 3 words in a phrase, within a sentence, no stop word
 * anywhere ("whitening at harbourside" is no phrase) */
static json_t *candidates_new(yake *y)
{
	json_t *cands = json_object();

	for (size_t i = 0; i < y->ts.n; i++)
		for (size_t n = 1; n <= 3 && i + n <= y->ts.n; n++) {
			size_t last = i + n - 1;
			if (n > 1 && (y->ts.t[last].boundary ||
			    y->ts.t[last].sentence != y->ts.t[i].sentence))
				break;
			int stop = 0;
			for (size_t k = i; k <= last; k++)
				stop |= y->terms[y->of[k]].stop;
			if (!stop)
				add_candidate(y, cands, i, last);
		}
	return cands;
}

typedef struct scored {
	double s;
	json_t *c;
	const char *phrase;
} scored;

/* the lower score first; equal ones by phrase, which are unique */
static int by_score(const void *a, const void *b)
{
	const scored *x = a, *y = b;

	if (isnan(x->s) || isnan(y->s))         /* last, and a total order still */
		return isnan(x->s) != isnan(y->s) ? isnan(x->s) ? 1 : -1 : strcmp(x->phrase, y->phrase);
	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	return strcmp(x->phrase, y->phrase);
}

/* the candidates scored, the best (lowest) first, equal scores by
 * phrase: a new array of *k */
static scored *ranked_new(json_t *cands, size_t *k)
{
	scored *list = wa_mem_alloc((json_object_size(cands) + 1) * sizeof *list);
	const char *key;
	json_t *c;

	*k = 0;
	json_object_foreach(cands, key, c) {
		double tf = json_real_value(json_object_get(c, "tf"));
		double prod = json_real_value(json_object_get(c, "prod"));
		double ssum = json_real_value(json_object_get(c, "sum"));
		list[*k].s = prod / (tf * (1 + ssum));
		list[*k].phrase = json_string_value(json_object_get(c, "phrase"));
		list[(*k)++].c = c;
	}
	/* an insertion sort here was quadratic: minutes for a long page */
	qsort(list, *k, sizeof *list, by_score);
	return list;
}

/* phrase is in one kept already, or one is in it */
static int near_repeat(json_t *out, const char *phrase)
{
	size_t i;
	json_t *kept;

	json_array_foreach(out, i, kept) {
		const char *p = json_string_value(json_object_get(kept, "phrase"));
		if (strstr(p, phrase) || strstr(phrase, p))
			return 1;
	}
	return 0;
}

json_t *wa_keyphrases_new(const char *text, const char *lang, int max)
{
	yake y = { 0 };
	json_t *out = json_array();

	wa_text_tokenize(text ? text : "", lang, &y.ts);
	if (y.ts.n) {
		count_terms(&y);
		cooccurrence(&y);
		score_terms(&y);
		json_t *cands = candidates_new(&y);
		size_t k;
		scored *list = ranked_new(cands, &k);
		/* the best that are not near repeats */
		for (size_t a = 0; a < k && (int)json_array_size(out) < max; a++) {
			const char *phrase = json_string_value(json_object_get(list[a].c, "phrase"));
			if (near_repeat(out, phrase))
				continue;
			json_array_append_new(out, json_pack("{s:s, s:f, s:I}", "phrase", phrase,
				"score", round(list[a].s * 1e6) / 1e6, "count", (json_int_t)
				json_real_value(json_object_get(list[a].c, "tf"))));
		}
		free(list);
		json_decref(cands);
	}
	for (size_t i = 0; i < y.nterms; i++) {
		free(y.terms[i].sentences);
		json_decref(y.terms[i].left);
		json_decref(y.terms[i].right);
	}
	free(y.terms);
	free(y.of);
	wa_text_tokens_free(&y.ts);
	return out;
}
