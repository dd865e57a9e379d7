/* text.c - see text.h.  Stop words from schemas/data/stopwords.json. */
#include <ctype.h>
#include <libstemmer.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <textcat.h>

#include "base/buf.h"
#include "base/embedded.h"
#include "text/text.h"

#define TEXTCAT_CONF "/usr/share/libexttextcat/fpdb.conf"
#define TEXTCAT_DIR "/usr/share/libexttextcat/"

static json_t *stopwords;
static pthread_once_t stop_once = PTHREAD_ONCE_INIT;

static void stop_init(void)
{
	const wa_embedded_file *f = wa_embedded_find("data/stopwords.json");
	json_t *doc = f ? json_loadb(f->data, f->len, 0, NULL) : NULL;
	json_t *langs = json_object_get(doc, "languages"), *list;
	const char *lang;

	stopwords = json_object();
	json_object_foreach(langs, lang, list) {
		json_t *set = json_object();
		size_t i;
		json_t *w;
		json_array_foreach(list, i, w)
			json_object_set_new(set, json_string_value(w), json_true());
		json_object_set_new(stopwords, lang, set);
	}
	json_decref(doc);
}

int wa_text_stopword(const char *lang, const char *word)
{
	pthread_once(&stop_once, stop_init);
	json_t *set = json_object_get(stopwords, lang && *lang ? lang : "en");
	if (!set)
		set = json_object_get(stopwords, "en");
	return json_object_get(set, word) != NULL;
}

/* ---- language ---- */

static pthread_mutex_t textcat_lock = PTHREAD_MUTEX_INITIALIZER;
static void *textcat;
static int textcat_tried;

void wa_text_language(const char *text, char out[8])
{
	out[0] = '\0';
	if (!text || strlen(text) < 40)
		return;
	pthread_mutex_lock(&textcat_lock);
	if (!textcat_tried) {
		textcat_tried = 1;
		textcat = special_textcat_Init(TEXTCAT_CONF, TEXTCAT_DIR);
	}
	if (textcat) {
		/* the first few kilobytes are plenty and keep it fast */
		size_t len = strlen(text);
		if (len > 4096)
			len = 4096;
		while (len && ((unsigned char)text[len] & 0xC0) == 0x80)
			len--;
		const char *r = textcat_Classify(textcat, text, len);
		/* "[en--utf8][es--utf8]" when unsure: take it only when single */
		if (r && r[0] == '[' && !strchr(r + 1, '[')) {
			size_t i = 0;
			for (r++; *r && *r != '-' && *r != ']' && i < 7; r++)
				out[i++] = *r;
			out[i] = '\0';
		}
	}
	pthread_mutex_unlock(&textcat_lock);
}

/* ---- words ---- */

typedef struct token {
	char *lower, *stem, *surface;
	int sentence;
	int upper;              /* starts upper case, not at a sentence start */
	int acronym;            /* all capitals, two letters or more */
	int stop;
	int boundary;           /* punctuation before it: no phrase across */
} token;

typedef struct tokens {
	token *t;
	size_t n, cap;
	int sentences;
} tokens;

/* bytes of the UTF-8 sequence at s that is not part of a word, or 0 */
static size_t separator(const unsigned char *s)
{
	if (s[0] < 0x80)
		return isalnum(s[0]) ? 0 : 1;
	/* U+00A0-U+00BF: no-break space, quotes, symbols; U+00D7, U+00F7 */
	if (s[0] == 0xC2 && s[1] >= 0xA0 && s[1] <= 0xBF)
		return 2;
	if (s[0] == 0xC3 && (s[1] == 0x97 || s[1] == 0xB7))
		return 2;
	/* U+2000-U+206F general punctuation, U+20A0-U+20CF currency */
	if (s[0] == 0xE2 && (s[1] == 0x80 || s[1] == 0x81 || s[1] == 0x82))
		return 3;
	/* U+3000-U+303F CJK punctuation, U+FF00-U+FF0F fullwidth */
	if (s[0] == 0xE3 && s[1] == 0x80)
		return 3;
	if (s[0] == 0xEF && s[1] == 0xBC && s[2] <= 0x8F)
		return 3;
	return 0;
}

static size_t seq_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static char *lower_new(const char *s, size_t len)
{
	char *out = wa_mem_alloc(len + 1);

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			out[i] = (char)tolower(c);
		} else if (c == 0xC3 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9E && (unsigned char)s[i + 1] != 0x97) {
			out[i] = (char)c;       /* Latin-1 capitals: À..Þ to à..þ */
			out[i + 1] = (char)((unsigned char)s[i + 1] + 0x20);
			i++;
		} else {
			out[i] = (char)c;
		}
	}
	out[len] = '\0';
	return out;
}

static const char *stemmer_name(const char *lang)
{
	static const char *const names[][2] = { { "en", "english" }, { "es", "spanish" },
		{ "fr", "french" }, { "de", "german" }, { "it", "italian" },
		{ "pt", "portuguese" }, { "nl", "dutch" }, { "sv", "swedish" },
		{ "da", "danish" }, { "no", "norwegian" }, { "fi", "finnish" } };

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (lang && strcmp(lang, names[i][0]) == 0)
			return names[i][1];
	return "english";
}

static void tokenize(const char *text, const char *lang, tokens *out)
{
	const unsigned char *p = (const unsigned char *)text;
	struct sb_stemmer *st = sb_stemmer_new(stemmer_name(lang), "UTF_8");
	int sentence = 0, boundary = 1, sentence_start = 1;

	memset(out, 0, sizeof *out);
	while (*p) {
		size_t sep = separator(p);
		if (sep) {
			if (*p == '.' || *p == '!' || *p == '?' ||
			    (*p == '\n' && p[1] == '\n')) {
				if (!sentence_start)
					sentence++;
				sentence_start = 1;
				boundary = 1;
			} else if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' &&
			    !(p[0] == 0xC2 && p[1] == 0xA0)) {
				boundary = 1;
			}
			p += sep;
			continue;
		}
		const unsigned char *start = p;
		while (*p) {
			if (!separator(p)) {
				p += seq_len(*p);
				continue;
			}
			/* an apostrophe or hyphen between letters stays in the word */
			if ((*p == '\'' || *p == '-') && p[1] && !separator(p + 1) && p > start) {
				p++;
				continue;
			}
			if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99 && p[3] &&
			    !separator(p + 3) && p > start) {
				p += 3;
				continue;
			}
			break;
		}
		size_t len = (size_t)(p - start);
		if (out->n == out->cap) {
			out->cap = out->cap ? 2 * out->cap : 256;
			out->t = wa_mem_realloc(out->t, out->cap * sizeof *out->t);
		}
		token *t = &out->t[out->n++];
		memset(t, 0, sizeof *t);
		t->surface = wa_mem_strndup((const char *)start, len);
		t->lower = lower_new((const char *)start, len);
		t->sentence = sentence;
		t->boundary = boundary;
		int caps = 0, letters = 0;
		for (size_t i = 0; i < len; i++)
			if (isalpha(start[i])) {
				letters++;
				caps += isupper(start[i]) != 0;
			}
		t->acronym = letters >= 2 && caps == letters;
		t->upper = !sentence_start && !t->acronym && isupper(start[0]);
		t->stop = wa_text_stopword(lang, t->lower);
		if (st) {
			const sb_symbol *s = sb_stemmer_stem(st, (const sb_symbol *)t->lower,
				(int)strlen(t->lower));
			t->stem = s ? wa_mem_strndup((const char *)s, (size_t)sb_stemmer_length(st)) :
				wa_mem_strdup(t->lower);
		} else {
			t->stem = wa_mem_strdup(t->lower);
		}
		boundary = 0;
		sentence_start = 0;
	}
	out->sentences = sentence + 1;
	if (st)
		sb_stemmer_delete(st);
}

static void tokens_free(tokens *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		free(ts->t[i].lower);
		free(ts->t[i].stem);
		free(ts->t[i].surface);
	}
	free(ts->t);
}

char **wa_text_words_new(const char *text, size_t *n)
{
	tokens ts;

	tokenize(text ? text : "", "en", &ts);
	char **out = wa_mem_calloc(ts.n + 1, sizeof *out);
	for (size_t i = 0; i < ts.n; i++) {
		out[i] = ts.t[i].lower;
		ts.t[i].lower = NULL;
	}
	*n = ts.n;
	tokens_free(&ts);
	return out;
}

/* ---- YAKE ---- */

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
	tokens ts;
	json_t *index = json_object();  /* stem -> term number */
	term *terms = NULL;
	size_t nterms = 0;
	json_t *out = json_array();

	tokenize(text ? text : "", lang, &ts);
	if (!ts.n)
		goto done;
	terms = wa_mem_calloc(ts.n, sizeof *terms);
	size_t *of = wa_mem_alloc(ts.n * sizeof *of);
	for (size_t i = 0; i < ts.n; i++) {
		token *t = &ts.t[i];
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
	tokens_free(&ts);
	return out;
}

/* ---- summary ---- */

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
		char *low = lower_new(s[i].start, s[i].len);
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
