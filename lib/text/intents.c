/* intents.c - which intent an utterance is: see intents.h.
 *
 * Intents: each utterance and example is a bag of lower-case words
 * without the commonest function words; an example matched only by
 * stop words (English, German, Spanish) is no match; a word of the utterance matches
 * a word of an example exactly, or with one edit (two for words of 8
 * letters or more; the first letter kept, and in words under 5 letters
 * only two letters swapped) at 0.8 of the weight; words are English stems and
 * weigh log(1 + intents / intents using it), a word no example has a
 * quarter of the least; a word after a negation ("can't make it") is
 * another word than itself ("make an appointment").  An example's score is the F2 of the weights
 * matched (precision over the utterance, recall over the example, which
 * counts twice: a message that says more than its request, a name or a
 * place, still makes it); an intent's score is its best example's.  A
 * word is compared as written too, since a typo can change its stem. */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>


#include "base/buf.h"
#include "base/embedded.h"
#include "text/intents.h"
#include "text/stem.h"
#include "text/text.h"

static const char *const stop[] = { "a", "an", "the", "i", "me", "my", "to", "you", "your",
	"please", "can", "could", "would", "like", "want", "is", "it", "do", "of", "and", "for",
	"on", "at", "in", "be", "we", "our", "us", "hi", "hello", "hey", "just", "so", "some", NULL };

typedef struct words {
	char **w;               /* stems */
	char **raw;             /* the words as written, lower case */
	size_t n;
} words;

static int stopword(const char *w)
{
	for (int i = 0; stop[i]; i++)
		if (!strcmp(stop[i], w))
			return 1;
	return 0;
}

/* a stop word of English, German or Spanish: kept ("where is my
 * order"), but no match of such words alone makes an intent ("where is
 * your office" is no "where is the parking") */
static int function_word(const char *w)
{
	return wa_text_stopword("en", w) || wa_text_stopword("de", w) || wa_text_stopword("es", w);
}

/* The words of text: lower case, without function words or numbers,
 * each reduced to its English stem ("booking" and "book" meet) when st
 * is given. */
static void split_stem(const char *text, words *out, wa_stem *st);

static void split_stem(const char *text, words *out, wa_stem *st)
{
	const unsigned char *p = (const unsigned char *)text;

	int negated = 0, st_skip;

	out->w = out->raw = NULL;
	out->n = 0;
	while (*p) {
		st_skip = 0;
		while (*p && !(isalnum(*p) || *p >= 0x80))
			p++;
		const unsigned char *s = p;
		while (*p && (isalnum(*p) || *p >= 0x80 || *p == '\''))
			p++;
		if (p == s)
			continue;
		char *w = wa_mem_strndup((const char *)s, (size_t)(p - s));
		for (char *c = w; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		/* "what's" is "what"; "can't" negates what follows */
		char *q = strchr(w, '\'');
		int negation = (q && !strcmp(q, "'t")) || !strcmp(w, "not") || !strcmp(w, "cannot") ||
			!strcmp(w, "never");
		if (q)
			*q = '\0';
		if (negation) {
			negated = 1;
			free(w);
			continue;
		}
		if (!*w || stopword(w) || strpbrk(w, "0123456789")) {
			free(w);
			continue;
		}
		char *raw = wa_mem_strdup(w);
		if (negated) {
			/* "I can't make it" is no "make an appointment": the word
			 * after a negation is a word of its own, "!make" */
			char *nw = wa_mem_alloc(strlen(w) + 2);
			nw[0] = '!';
			strcpy(nw + 1, w);
			free(w);
			free(raw);
			w = nw;
			raw = wa_mem_strdup(nw);
			negated = 0;
			st_skip = 1;
		}
		if (st && !st_skip) {
			int n;
			const char *stem = wa_stem_word(st, w, (int)strlen(w), &n);
			if (stem && n > 0) {
				char *s2 = wa_mem_strndup(stem, (size_t)n);
				free(w);
				w = s2;
			}
		}
		out->w = wa_mem_realloc(out->w, (out->n + 1) * sizeof *out->w);
		out->raw = wa_mem_realloc(out->raw, (out->n + 1) * sizeof *out->raw);
		out->raw[out->n] = raw;
		out->w[out->n++] = w;
	}
}

static void words_free(words *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->w[i]);
		free(w->raw[i]);
	}
	free(w->w);
	free(w->raw);
}

/* 1 for the same word, 0.8 for a near one, 0 otherwise */
static double match(const char *a, const char *b)
{
	if (!strcmp(a, b))
		return 1;
	size_t la = strlen(a), lb = strlen(b);
	size_t lo = la < lb ? la : lb, hi = la < lb ? lb : la;
	int limit = lo >= 7 && hi >= 8 ? 2 : lo >= 3 && hi >= 4 ? 1 : 0;
	/* a typo keeps the first letter ("where" is not "there"); in a short
	 * word a letter missing or added is one ("oder"), two letters swapped
	 * too ("wnat"), but another letter makes another word ("ihr", "ich") */
	if (!limit || a[0] != b[0] || wa_text_edits(a, b, limit) > limit)
		return 0;
	if (lo < 5 && la == lb) {
		size_t i = 0;
		while (a[i] == b[i])
			i++;
		if (i + 1 >= la || a[i] != b[i + 1] || a[i + 1] != b[i] || strcmp(a + i + 2, b + i + 2))
			return 0;
	}
	return 0.8;
}

typedef struct example {
	const char *intent;
	words w;
} example;

struct wa_intents {
	example *ex;
	size_t n;
	json_t *weights;        /* word -> weight */
	json_t *examples;       /* held: the intents' names are its keys */
	wa_stem *stemmer;
	size_t nintents;
	double min_weight;      /* the commonest word's */
};

wa_intents *wa_intents_new(json_t *examples)
{
	wa_intents *m = wa_mem_calloc(1, sizeof *m);
	json_t *df = json_object(), *list;
	const char *intent;

	m->weights = json_object();
	m->examples = json_incref(examples);
	m->stemmer = wa_stem_new("english");
	json_object_foreach(examples, intent, list) {
		json_t *seen = json_object(), *e;
		size_t i;
		m->nintents++;
		json_array_foreach(list, i, e) {
			if (!json_is_string(e))
				continue;
			m->ex = wa_mem_realloc(m->ex, (m->n + 1) * sizeof *m->ex);
			example *x = &m->ex[m->n++];
			x->intent = intent;
			split_stem(json_string_value(e), &x->w, m->stemmer);
			for (size_t k = 0; k < x->w.n; k++)
				json_object_set_new(seen, x->w.w[k], json_true());
		}
		const char *w;
		json_t *v;
		json_object_foreach(seen, w, v)
			json_object_set_new(df, w, json_integer(json_integer_value(
				json_object_get(df, w)) + 1));
		json_decref(seen);
	}
	const char *w;
	json_t *v;
	m->min_weight = log(1 + (double)m->nintents);
	json_object_foreach(df, w, v) {
		double wt = log(1 + (double)m->nintents / (double)json_integer_value(v));
		json_object_set_new(m->weights, w, json_real(wt));
		if (wt < m->min_weight)
			m->min_weight = wt;
	}
	json_decref(df);
	return m;
}

void wa_intents_free(wa_intents *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		words_free(&m->ex[i].w);
	free(m->ex);
	json_decref(m->weights);
	json_decref(m->examples);
	if (m->stemmer)
		wa_stem_free(m->stemmer);
	free(m);
}

static double weight(const wa_intents *m, const char *w)
{
	json_t *v = json_object_get(m->weights, w);

	/* a word no example has (a name, a place) says little about the
	 * intent: it weighs a quarter of the commonest */
	return v ? json_real_value(v) : m->min_weight / 4;
}

/* a word only one intent's examples have */
static int distinctive(const wa_intents *m, const char *w)
{
	json_t *v = json_object_get(m->weights, w);

	return v && json_real_value(v) >= log(1 + (double)m->nintents) - 1e-9;
}

/* Score every example of m against u: by intent, the best F1 in scores
 * and, in distinct, whether a word only that intent has was matched. */
static void score(const wa_intents *m, const words *u, json_t *scores, json_t *distinct)
{
	double total_u = 0;
	json_t *seen = json_object(), *evidence = json_object();
	size_t *once = wa_mem_alloc((u->n ? u->n : 1) * sizeof *once), n = 0;

	/* a word said again weighs again, but is compared once: a message of
	 * a million words that repeat costs what its different words cost */
	for (size_t i = 0; i < u->n; i++) {
		total_u += weight(m, u->w[i]);
		if (!json_object_get(seen, u->raw[i])) {
			json_object_set_new(seen, u->raw[i], json_true());
			once[n++] = i;
		}
	}
	json_decref(seen);
	for (size_t e = 0; e < m->n; e++) {
		const example *x = &m->ex[e];
		double total_x = 0, got = 0;
		int content = 0;        /* a word matched that is not a function word */
		for (size_t j = 0; j < x->w.n; j++) {
			double wj = weight(m, x->w.w[j]), best_match = 0;
			total_x += wj;
			/* a typo may change the stem ("wehre" is no "where"): the
			 * words as written are compared too */
			for (size_t k = 0; k < n; k++) {
				size_t i = once[k];
				double s = match(u->w[i], x->w.w[j]);
				/* as written, unless both are as written already */
				if (s < 1 && (strcmp(u->raw[i], u->w[i]) ||
				    strcmp(x->w.raw[j], x->w.w[j]))) {
					double s2 = match(u->raw[i], x->w.raw[j]);
					if (s2 > s)
						s = s2;
				}
				if (s > best_match)
					best_match = s;
			}
			got += best_match * wj;
			content |= best_match > 0 && !function_word(x->w.raw[j]);
			if (best_match == 1 && distinctive(m, x->w.w[j]))
				json_object_set_new(distinct, x->intent, json_true());
		}
		if (content)
			json_object_set_new(evidence, x->intent, json_true());
		if (!total_x || !total_u)
			continue;
		double p = got / total_u, r = got / total_x;
		if (p > 1)
			p = 1;
		double f = p + r > 0 ? 5 * p * r / (4 * p + r) : 0;
		if (f > json_real_value(json_object_get(scores, x->intent)))
			json_object_set_new(scores, x->intent, json_real(f));
	}
	/* an intent none of whose examples shares a word with the message
	 * but function words is not what it asks */
	const char *k;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(scores, tmp, k, v)
		if (!json_object_get(evidence, k))
			json_object_del(scores, k);
	json_decref(evidence);
	free(once);
}

const char *wa_intents_classify(const wa_intents *m, const char *text, double threshold,
	double *confidence, double *runner_up)
{
	words u;
	const char *best = NULL, *k;
	double top = 0, second = 0;
	json_t *scores = json_object(), *distinct = json_object(), *v;

	split_stem(text, &u, m->stemmer);
	score(m, &u, scores, distinct);
	json_object_foreach(scores, k, v) {
		double f = json_real_value(v);
		if (f > top) {
			second = top;
			top = f;
			best = k;
		} else if (f > second) {
			second = f;
		}
	}
	/* Words the intents share ("I need an appointment": need, appointment)
	 * do not tell booking from moving: without a word of its own, the
	 * winner gives way to an intent that has one, else to the first
	 * intent listed that reaches the threshold. */
	if (best && !json_object_get(distinct, best)) {
		const char *own = NULL, *first = NULL;
		double own_score = 0;
		json_object_foreach(m->examples, k, v) {
			double f = json_real_value(json_object_get(scores, k));
			if (f < threshold)
				continue;
			if (!first)
				first = k;
			if (json_object_get(distinct, k) && f > own_score)
				own = k, own_score = f;
		}
		if (own || first)
			best = own ? own : first, top = own ? own_score : json_real_value(
				json_object_get(scores, first));
	}
	/* the name as the examples object holds it, which outlives scores */
	for (size_t e = 0; best && e < m->n; e++)
		if (!strcmp(m->ex[e].intent, best)) {
			best = m->ex[e].intent;
			break;
		}
	json_decref(scores);
	json_decref(distinct);
	words_free(&u);
	if (confidence)
		*confidence = top;
	if (runner_up)
		*runner_up = second;
	return best && top >= threshold ? best : NULL;
}

const char *wa_intents_topic(json_t *topics, const char *text)
{
	wa_stem *st = wa_stem_new("english");
	const char *found = NULL;
	words said;
	size_t i;
	json_t *t;

	split_stem(text, &said, st);
	json_array_foreach(topics, i, t) {
		words need;
		int all;
		if (!json_is_string(t))
			continue;
		split_stem(json_string_value(t), &need, st);
		all = need.n > 0;
		for (size_t k = 0; k < need.n && all; k++) {
			int in = 0;
			for (size_t j = 0; j < said.n && !in; j++)
				in = !strcmp(need.w[k], said.w[j]);
			all = in;
		}
		words_free(&need);
		if (all) {
			found = json_string_value(t);
			break;
		}
	}
	words_free(&said);
	wa_stem_free(st);
	return found;
}

/* ---- asking for a person ---- */

static json_t *person_words;
static pthread_once_t person_once = PTHREAD_ONCE_INIT;

static void person_init(void)
{
	const wa_embedded_file *f = wa_embedded_find("data/person-requests.json");

	person_words = f ? json_loadb(f->data, f->len, 0, NULL) : NULL;
}

static int listed(json_t *list, const char *w)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
		if (!strcmp(json_string_value(v), w))
			return 1;
	return 0;
}

int wa_intents_asks_person(const char *text)
{
	char buf[512], *save = NULL, *w[64];
	int n = 0, person = 0, asking = 0, qualified = 0;
	json_t *people, *verbs;

	pthread_once(&person_once, person_init);
	if (!person_words)
		return 0;
	people = json_object_get(person_words, "people");
	verbs = json_object_get(person_words, "asking");
	snprintf(buf, sizeof buf, "%s", text);
	for (char *c = buf; *c; c++)
		*c = isalpha((unsigned char)*c) ? (char)tolower((unsigned char)*c) : ' ';
	for (char *t = strtok_r(buf, " ", &save); t && n < 64; t = strtok_r(NULL, " ", &save))
		w[n++] = t;
	for (int i = 0; i < n; i++) {
		asking |= listed(verbs, w[i]);
		if (!listed(people, w[i]))
			continue;
		/* "someone to look at my tooth" is a job, not a person asked for */
		if (i + 2 < n && !strcmp(w[i + 1], "to") && !listed(verbs, w[i + 2]))
			continue;
		person = 1;
		qualified |= i > 0 && listed(json_object_get(person_words, "qualifiers"), w[i - 1]);
	}
	return qualified || (person && asking);
}

/* ---- complaints ---- */

static json_t *complaint_words;
static pthread_once_t complaint_once = PTHREAD_ONCE_INIT;

static void complaint_init(void)
{
	const wa_embedded_file *f = wa_embedded_find("data/complaints.json");

	complaint_words = f ? json_loadb(f->data, f->len, 0, NULL) : NULL;
}

int wa_intents_complaint(const char *text)
{
	char buf[512];
	size_t i, n = 0;
	json_t *p;

	pthread_once(&complaint_once, complaint_init);
	/* lower case, words between single spaces, a space at each end */
	buf[n++] = ' ';
	for (const unsigned char *c = (const unsigned char *)text; *c && n < sizeof buf - 2; c++) {
		int letter = isalpha(*c) || *c >= 0x80;
		if (letter)
			buf[n++] = (char)tolower(*c);
		else if (buf[n - 1] != ' ')
			buf[n++] = ' ';
	}
	if (buf[n - 1] != ' ')
		buf[n++] = ' ';
	buf[n] = '\0';
	json_array_foreach(json_object_get(complaint_words, "phrases"), i, p) {
		char want[128];
		snprintf(want, sizeof want, " %s ", json_string_value(p));
		if (strstr(buf, want))
			return 1;
	}
	return 0;
}
