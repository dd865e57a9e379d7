/* kb_terms.c - the words of the knowledge base and of questions, by
 * language: the index terms of a chunk (its language's stop words out,
 * its language's Snowball stems in), and a question's concepts, each with
 * the terms that would answer it and how much each counts: the word's own
 * stems (1), the business lexicon's synonyms and translations
 * (schemas/data/kb-lexicon.json, 0.7), the spelling of a word the
 * knowledge base has that a misspelt one meant (0.6), WordNet's synonyms
 * and derived words for English (0.5).  See kb_int.h. */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/kb_int.h"
#include "base/buf.h"
#include "base/embedded.h"
#include "base/mem.h"
#include "text/stem.h"
#include "text/text.h"
#include "text/text_int.h"
#include "text/wordnet.h"

#define W_LEXICON 0.7
#define W_TYPO 0.6
#define W_WORDNET 0.5

/* the languages with a stop list, in the order ties are settled */
static const char *const langs[] = { "en", "de", "es", "fr", "it", "nl", "pt", NULL };

/* ---- terms ---- */

/* Latin letters with marks as the plain letter, apostrophes and hyphens
 * gone: one term however a word is accented or joined */
static void fold(const char *s, wa_buf *out)
{
	static const char *const latin1 = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\'' || *p == '-')
			continue;
		if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99) {
			p += 2;
			continue;
		}
		if (p[0] == 0xC3 && p[1] >= 0xA0 && p[1] <= 0xBF && p[1] != 0xB7) {
			wa_buf_addc(out, latin1[p[1] - 0xA0]);
			p++;
		} else if (p[0] == 0xC3 && p[1] == 0x9F) {
			wa_buf_adds(out, "ss");
			p++;
		} else {
			wa_buf_addc(out, (char)*p);
		}
	}
}

/* the stem of a lower-case word in stemmer st, folded, into out (reset) */
static void stem_into(wa_stem *st, const char *word, wa_buf *out)
{
	int n = 0;
	const char *s = st ? wa_stem_word(st, word, (int)strlen(word), &n) : NULL;
	char *copy = s ? wa_mem_strndup(s, (size_t)n) : wa_mem_strdup(word);

	wa_buf_reset(out);
	fold(copy, out);
	free(copy);
}

void wa_kb_lang(const char *text, char out[8])
{
	int votes[8] = { 0 }, best = 0;

	wa_text_language(text, out);
	for (int i = 0; langs[i]; i++)
		if (!strcmp(out, langs[i]))
			return;
	if (strstr(text, "\xC2\xBF") || strstr(text, "\xC2\xA1")) {      /* ¿ ¡ */
		strcpy(out, "es");
		return;
	}
	wa_text_tokens ts;
	wa_text_tokenize(text, "en", &ts);
	for (size_t t = 0; t < ts.n; t++)
		for (int i = 0; langs[i]; i++)
			votes[i] += wa_text_stopword(langs[i], ts.t[t].lower);
	wa_text_tokens_free(&ts);
	for (int i = 1; langs[i]; i++)
		if (votes[i] > votes[best])
			best = i;
	strcpy(out, langs[best]);
}

void wa_kb_terms(const char *text, const char *lang, wa_buf *out,
	void (*each)(const char *word, void *user), void *user)
{
	wa_text_tokens ts;
	wa_stem *st = wa_stem_new(wa_kb_stemmer(lang));
	wa_buf s;

	wa_buf_init(&s);
	wa_text_tokenize(text, lang, &ts);
	for (size_t i = 0; i < ts.n; i++) {
		if (ts.t[i].stop)
			continue;
		stem_into(st, ts.t[i].lower, &s);
		if (!s.len)
			continue;
		wa_buf_addf(out, "%s%s", out->len ? " " : "", s.data);
		if (each && strlen(ts.t[i].lower) >= 3)
			each(ts.t[i].lower, user);
	}
	wa_text_tokens_free(&ts);
	wa_stem_free(st);
	wa_buf_free(&s);
}

const char *wa_kb_stemmer(const char *lang)
{
	static const char *const names[][2] = { { "en", "english" }, { "de", "german" },
		{ "es", "spanish" }, { "fr", "french" }, { "it", "italian" }, { "nl", "dutch" },
		{ "pt", "portuguese" } };

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (lang && !strcmp(lang, names[i][0]))
			return names[i][1];
	return "english";
}

/* ---- the lexicon ---- */

/* "lang:stem" -> [group index...]; groups: [[term...]...] */
static json_t *lex_index, *lex_groups;
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

static void lex_load(void)
{
	const wa_embedded_file *f = wa_embedded_find("data/kb-lexicon.json");
	json_t *doc = f ? json_loadb(f->data, f->len, 0, NULL) : NULL, *g;
	size_t i;
	wa_buf s, key;

	lex_index = json_object();
	lex_groups = json_array();
	wa_buf_init(&s);
	wa_buf_init(&key);
	json_array_foreach(json_object_get(doc, "groups"), i, g) {
		json_t *terms = json_object(), *words, *w;
		const char *lang;
		size_t k;
		json_object_foreach(g, lang, words) {
			wa_stem *st = wa_stem_new(wa_kb_stemmer(lang));
			json_array_foreach(words, k, w) {
				stem_into(st, json_string_value(w), &s);
				json_object_set_new(terms, s.data, json_true());
				wa_buf_reset(&key);
				wa_buf_addf(&key, "%s:%s", lang, s.data);
				json_t *list = json_object_get(lex_index, key.data);
				if (!list)
					json_object_set_new(lex_index, key.data, list = json_array());
				if (!json_array_size(list) || json_integer_value(json_array_get(list,
				    json_array_size(list) - 1)) != (json_int_t)i)
					json_array_append_new(list, json_integer((json_int_t)i));
			}
			wa_stem_free(st);
		}
		json_array_append_new(lex_groups, terms);
	}
	wa_buf_free(&s);
	wa_buf_free(&key);
	json_decref(doc);
}

/* ---- a question's concepts ---- */

typedef struct query {
	wa_ws *ws;
	const char *client;
	json_t *alts;           /* the concept being built: term -> weight */
	wa_stem *st[8];         /* a stemmer per language of lang[] */
	char lang[8][8];
	int nlang;
} query;

static void alt(json_t *alts, const char *term, double w)
{
	json_t *had = json_object_get(alts, term);

	if (*term && (!had || json_real_value(had) < w))
		json_object_set_new(alts, term, json_real(w));
}

/* word's lexicon groups in any of the query's languages, their terms
 * added at weight w */
static void lexicon(query *q, const char *word, double w)
{
	wa_buf s, key;

	pthread_once(&lex_once, lex_load);
	wa_buf_init(&s);
	wa_buf_init(&key);
	for (int l = 0; l < q->nlang; l++) {
		stem_into(q->st[l], word, &s);
		wa_buf_reset(&key);
		wa_buf_addf(&key, "%s:%s", q->lang[l], s.data);
		json_t *groups = json_object_get(lex_index, key.data), *g;
		size_t i;
		json_array_foreach(groups, i, g) {
			const char *term;
			json_t *v;
			json_object_foreach(json_array_get(lex_groups, (size_t)json_integer_value(g)),
			    term, v)
				alt(q->alts, term, w);
		}
	}
	wa_buf_free(&s);
	wa_buf_free(&key);
}

/* word's stems in each language of the question, at weight w */
static void stems(query *q, const char *word, double w)
{
	wa_buf s;

	wa_buf_init(&s);
	for (int l = 0; l < q->nlang; l++) {
		stem_into(q->st[l], word, &s);
		alt(q->alts, s.data, w);
	}
	wa_buf_free(&s);
}

static void wordnet_word(const char *related, int how, void *user)
{
	query *q = user;
	wa_buf s;

	wa_buf_init(&s);
	stem_into(q->st[0], related, &s);
	/* a base form ("valued": value) is the word; its synonyms are not */
	alt(q->alts, s.data, how == WA_WN_BASE ? 1.0 : W_WORDNET);
	wa_buf_free(&s);
	if (how == WA_WN_BASE)
		lexicon(q, related, W_LEXICON);
}

/* 1 when the knowledge base of the client has word as written, or one of
 * the concept's exact terms */
static int known(query *q, const char *word)
{
	sqlite3_stmt *st = wa_ws_stmt(q->ws, "SELECT 1 FROM kb_words WHERE client = ?1 AND "
		"word = ?2", NULL);
	int k = 0;

	if (st) {
		wa_ws_bind(st, "ss", q->client, word);
		k = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
	}
	const char *term;
	json_t *w;
	json_object_foreach(q->alts, term, w)
		if (!k && json_real_value(w) >= 1.0)
			k = wa_kb_df(q->ws, term) > 0;
	return k;
}

/* a misspelt word: the knowledge base's words one edit away (two for
 * long words), found by the trigrams they share, with their stems */
static void typos(query *q, const char *word)
{
	size_t len = strlen(word);
	wa_buf match;

	if (len < 4 || len > 40)
		return;
	wa_buf_init(&match);
	for (size_t i = 0; i + 3 <= len; i++)
		if (!memchr(word + i, '"', 3))
			wa_buf_addf(&match, "%s\"%.3s\"", match.len ? " OR " : "", word + i);
	sqlite3_stmt *st = match.len ? wa_ws_stmt(q->ws, "SELECT word FROM kb_words_grams WHERE "
		"kb_words_grams MATCH ?1 AND client = ?2 ORDER BY rank LIMIT 40", NULL) : NULL;
	int most = len >= 8 ? 2 : 1;
	if (st) {
		wa_ws_bind(st, "ss", match.data, q->client);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *cand = (const char *)sqlite3_column_text(st, 0);
			if (wa_kb_edits(word, cand, most) > most)
				continue;
			wa_buf s;
			wa_buf_init(&s);
			for (int l = 0; l < q->nlang; l++) {
				stem_into(q->st[l], cand, &s);
				alt(q->alts, s.data, W_TYPO);
			}
			wa_buf_free(&s);
			lexicon(q, cand, W_TYPO * W_LEXICON);
		}
		sqlite3_reset(st);
	}
	wa_buf_free(&match);
}

/* the languages to read a question in: its own first, then each of the
 * client's knowledge base */
static void languages(query *q, const char *text)
{
	char own[8];

	wa_kb_lang(text, own);
	strcpy(q->lang[q->nlang++], own);
	sqlite3_stmt *st = wa_ws_stmt(q->ws, "SELECT DISTINCT lang FROM kb_chunks WHERE "
		"client = ?1 AND lang IS NOT NULL", NULL);
	if (st) {
		wa_ws_bind(st, "s", q->client);
		while (sqlite3_step(st) == SQLITE_ROW && q->nlang < 8) {
			const char *l = (const char *)sqlite3_column_text(st, 0);
			int dup = 0;
			for (int i = 0; i < q->nlang; i++)
				dup |= !strcmp(q->lang[i], l);
			if (!dup && strlen(l) < 8)
				strcpy(q->lang[q->nlang++], l);
		}
		sqlite3_reset(st);
	}
	for (int i = 0; i < q->nlang; i++)
		q->st[i] = wa_stem_new(wa_kb_stemmer(q->lang[i]));
}

json_t *wa_kb_concepts_new(wa_ws *ws, const char *client, const char *text, char lang[8])
{
	query q = { ws, client, NULL, { NULL }, { "" }, 0 };
	json_t *out = json_array();
	wa_text_tokens ts;

	languages(&q, text);
	strcpy(lang, q.lang[0]);
	wa_text_tokenize(text, q.lang[0], &ts);
	for (size_t i = 0; i < ts.n; i++) {
		const char *w = ts.t[i].lower;
		int dup = 0;
		for (size_t k = 0; k < i; k++)
			dup |= !strcmp(ts.t[k].lower, w);
		if (ts.t[i].stop || dup || (strlen(w) < 2 && !isdigit((unsigned char)*w)))
			continue;
		q.alts = json_object();
		stems(&q, w, 1.0);
		lexicon(&q, w, W_LEXICON);
		if (!strcmp(q.lang[0], "en"))
			wa_wordnet_related(w, 2, wordnet_word, &q);
		if (!known(&q, w))
			typos(&q, w);
		json_array_append_new(out, json_pack("{s:s, s:o}", "word", w, "alts", q.alts));
	}
	wa_text_tokens_free(&ts);
	for (int i = 0; i < q.nlang; i++)
		wa_stem_free(q.st[i]);
	return out;
}

/* ---- spelling ---- */

int wa_kb_edits(const char *a, const char *b, int most)
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
	return row[la % 3][lb];
}
