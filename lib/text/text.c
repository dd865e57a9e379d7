/* text.c - words, stop words and languages: see text.h.  Stop words from
 * schemas/data/stopwords.json. */
#include "text/text.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <textcat.h>

#include "base/buf.h"
#include "base/embedded.h"
#include "text/stem.h"
#include "text/text_int.h"

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
	/* three bytes only when there are three: a sequence cut short by
	 * the end of the text is no separator */
	if (s[1] < 0x80 || s[2] < 0x80)
		return 0;
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

char *wa_text_lower_new(const char *s, size_t len)
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

void wa_text_tokenize(const char *text, const char *lang, wa_text_tokens *out)
{
	const unsigned char *p = (const unsigned char *)text;
	wa_stem *st = wa_stem_new(stemmer_name(lang));
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
				/* a sequence cut short by the end stops at the end */
				size_t n = seq_len(*p), i = 1;
				while (i < n && p[i])
					i++;
				p += i;
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
		wa_text_token *t = &out->t[out->n++];
		memset(t, 0, sizeof *t);
		t->surface = wa_mem_strndup((const char *)start, len);
		t->lower = wa_text_lower_new((const char *)start, len);
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
		int n;
		const char *s = st ? wa_stem_word(st, t->lower, (int)strlen(t->lower), &n) : NULL;
		t->stem = s ? wa_mem_strndup(s, (size_t)n) : wa_mem_strdup(t->lower);
		boundary = 0;
		sentence_start = 0;
	}
	out->sentences = sentence + 1;
	wa_stem_free(st);
}

void wa_text_tokens_free(wa_text_tokens *ts)
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
	wa_text_tokens ts;

	wa_text_tokenize(text ? text : "", "en", &ts);
	char **out = wa_mem_calloc(ts.n + 1, sizeof *out);
	for (size_t i = 0; i < ts.n; i++) {
		out[i] = ts.t[i].lower;
		ts.t[i].lower = NULL;
	}
	*n = ts.n;
	wa_text_tokens_free(&ts);
	return out;
}

/* 1 when one of the first `first` words of text is one of words */
static int among_first(const char *text, const char *const *words, size_t first)
{
	size_t n;
	char **w = wa_text_words_new(text ? text : "", &n);
	int has = 0;

	for (size_t i = 0; i < n; i++) {
		for (int k = 0; i < first && words[k] && !has; k++)
			has = !strcmp(w[i], words[k]);
		free(w[i]);
	}
	free(w);
	return has;
}

int wa_text_has_word(const char *text, const char *const *words)
{
	return among_first(text, words, (size_t)-1);
}

int wa_text_opens_with(const char *text, const char *const *words)
{
	return among_first(text, words, 1);
}

/* ---- spelling ---- */

int wa_text_edits(const char *a, const char *b, int most)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[3][64];

	if (la >= 64 || lb >= 64)
		return most + 1;
	if ((la > lb ? la - lb : lb - la) > (size_t)most)
		return most + 1;
	/* Damerau-Levenshtein (optimal string alignment), three rows */
	for (size_t j = 0; j <= lb; j++)
		row[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int *cur = row[i % 3], *prev = row[(i - 1) % 3], *prev2 = row[(i + 1) % 3];
		cur[0] = (int)i;
		int low = cur[0];
		for (size_t j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (prev[j - 1] + cost < v)
				v = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < low)
				low = v;
		}
		if (low > most)
			return most + 1;
	}
	return row[la % 3][lb] > most ? most + 1 : row[la % 3][lb];
}
