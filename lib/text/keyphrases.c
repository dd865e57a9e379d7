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

json_t *wa_keyphrases_new(const char *text, const char *lang, int max)
{
	wa_text_tokens ts;
	json_t *index = json_object();  /* stem -> term number */
	term *terms = NULL;
	size_t nterms = 0;
	json_t *out = json_array();

	wa_text_tokenize(text ? text : "", lang, &ts);
	if (!ts.n)
		goto done;
	terms = wa_mem_calloc(ts.n, sizeof *terms);
	size_t *of = wa_mem_alloc(ts.n * sizeof *of);
	for (size_t i = 0; i < ts.n; i++) {
		wa_text_token *t = &ts.t[i];
		json_t *k = json_object_get(index, t->stem);
		size_t id;
		if (k) {
			id = (size_t)json_integer_value(k);
		} else {
			id = nterms++;
			json_object_set_new(index, t->stem, json_integer((json_int_t)id));
			terms[id].stem = t->stem;
			terms[id].left = json_object();
			terms[id].right = json_object();
			terms[id].stop = t->stop || is_number(t->lower) || strlen(t->lower) < 2;
		}
		of[i] = id;
		term *x = &terms[id];
		x->tf++;
		x->tf_case += t->upper || t->acronym;
		if (x->nsent == x->capsent) {
			x->capsent = x->capsent ? 2 * x->capsent : 8;
			x->sentences = wa_mem_realloc(x->sentences, x->capsent * sizeof *x->sentences);
		}
		x->sentences[x->nsent++] = t->sentence;
	}
	/* co-occurrence in a window of 2 within a sentence */
	for (size_t i = 0; i < ts.n; i++)
		for (size_t w = 1; w <= 2 && i + w < ts.n; w++) {
			if (ts.t[i + w].sentence != ts.t[i].sentence)
				break;
			term *a = &terms[of[i]], *b = &terms[of[i + w]];
			if (a->stop || b->stop)
				continue;
			json_object_set_new(a->right, b->stem, json_true());
			json_object_set_new(b->left, a->stem, json_true());
			a->nright++;
			b->nleft++;
		}
	/* frequency statistics over the terms that are not stop words */
	double sum = 0, sum2 = 0, maxtf = 0;
	size_t counted = 0;
	for (size_t i = 0; i < nterms; i++) {
		if (terms[i].stop)
			continue;
		sum += terms[i].tf;
		sum2 += terms[i].tf * terms[i].tf;
		if (terms[i].tf > maxtf)
			maxtf = terms[i].tf;
		counted++;
	}
	double mean = counted ? sum / counted : 0;
	double sd = counted ? sqrt(fmax(0, sum2 / counted - mean * mean)) : 0;
	for (size_t i = 0; i < nterms; i++) {
		term *x = &terms[i];
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
		double t_sent = (double)distinct / ts.sentences;
		x->score = t_rel * t_pos / (t_case + t_freq / t_rel + t_sent / t_rel);
	}
	/* candidates: 1 to 3 words in a phrase, no stop word at the ends */
	json_t *cands = json_object();     /* stems joined -> {surface, tf, prod, sum} */
	for (size_t i = 0; i < ts.n; i++) {
		for (size_t n = 1; n <= 3 && i + n <= ts.n; n++) {
			size_t last = i + n - 1;
			if (n > 1 && (ts.t[last].boundary || ts.t[last].sentence != ts.t[i].sentence))
				break;
			/* no stop word anywhere: "whitening at harbourside" is no phrase */
			int stop = 0;
			for (size_t k2 = i; k2 <= last; k2++)
				stop |= terms[of[k2]].stop;
			if (stop)
				continue;
			wa_buf key, surface;
			double prod = 1, ssum = 0;
			wa_buf_init(&key);
			wa_buf_init(&surface);
			for (size_t k = i; k <= last; k++) {
				if (k > i) {
					wa_buf_addc(&key, ' ');
					wa_buf_addc(&surface, ' ');
				}
				wa_buf_adds(&key, ts.t[k].stem);
				wa_buf_adds(&surface, ts.t[k].lower);
				if (!terms[of[k]].stop) {
					prod *= terms[of[k]].score;
					ssum += terms[of[k]].score;
				}
			}
			json_t *c = json_object_get(cands, key.data);
			if (!c) {
				c = json_pack("{s:s, s:f, s:f, s:f}", "phrase", surface.data, "tf", 0.0,
					"prod", prod, "sum", ssum);
				json_object_set_new(cands, key.data, c);
			}
			json_object_set_new(c, "tf", json_real(json_real_value(json_object_get(c, "tf")) + 1));
			wa_buf_free(&key);
			wa_buf_free(&surface);
		}
	}
	/* score, sort, keep the best that are not near repeats */
	size_t ncand = json_object_size(cands), k = 0;
	struct scored { double s; json_t *c; } *list = wa_mem_alloc((ncand + 1) * sizeof *list);
	const char *key;
	json_t *c;
	json_object_foreach(cands, key, c) {
		double tf = json_real_value(json_object_get(c, "tf"));
		double prod = json_real_value(json_object_get(c, "prod"));
		double ssum = json_real_value(json_object_get(c, "sum"));
		list[k].s = prod / (tf * (1 + ssum));
		list[k].c = c;
		k++;
	}
	/* insertion order is deterministic; sort by score then phrase */
	for (size_t a = 1; a < k; a++) {
		struct scored x = list[a];
		size_t b = a;
		while (b > 0 && (list[b - 1].s > x.s || (list[b - 1].s == x.s &&
		    strcmp(json_string_value(json_object_get(list[b - 1].c, "phrase")),
		    json_string_value(json_object_get(x.c, "phrase"))) > 0))) {
			list[b] = list[b - 1];
			b--;
		}
		list[b] = x;
	}
	for (size_t a = 0; a < k && (int)json_array_size(out) < max; a++) {
		const char *phrase = json_string_value(json_object_get(list[a].c, "phrase"));
		int repeat = 0;
		size_t i2;
		json_t *kept;
		json_array_foreach(out, i2, kept) {
			const char *p2 = json_string_value(json_object_get(kept, "phrase"));
			if (strstr(p2, phrase) || strstr(phrase, p2))
				repeat = 1;
		}
		if (repeat)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "phrase", json_string(phrase));
		json_object_set_new(o, "score", json_real(round(list[a].s * 1e6) / 1e6));
		json_object_set_new(o, "count", json_integer((json_int_t)json_real_value(
			json_object_get(list[a].c, "tf"))));
		json_array_append_new(out, o);
	}
	free(list);
	json_decref(cands);
	free(of);
done:
	for (size_t i = 0; i < nterms; i++) {
		free(terms[i].sentences);
		json_decref(terms[i].left);
		json_decref(terms[i].right);
	}
	free(terms);
	json_decref(index);
	wa_text_tokens_free(&ts);
	return out;
}
