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
#include "text/urgent.h"
#include "text/wordnet.h"

#define W_LEXICON 0.7
#define W_TRANSLATION 0.85
#define W_COMPOUND 0.8
#define W_TYPO 0.6
/* the least letters of a part of a German compound read apart */
#define COMPOUND_PART 4
/* how far a phrase's particle may follow its verb ("send the jacket back") */
#define PHRASE_SPAN 3
#define W_WORDNET 0.5
#define W_BROADER 0.5
/* a noun used less often than this in SemCor names a particular thing
 * (bicycles, veneers, mortgages), not a common one (number, kind) */
#define RARE_USES 20
/* without a dictionary, a word this long is a thing's name more often
 * than a verb's form ("vacacionales", "Studentenrabatt") */
#define LONG_WORD 10

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

/* the term of a lower-case word of language lang, its stem in stemmer st
 * folded and named with the language ("de_versand": a German stem never
 * meets an English word spelt the same), into out (reset) */
static void stem_into(wa_stem *st, const char *lang, const char *word, wa_buf *out)
{
	int n = 0;
	const char *s = st ? wa_stem_word(st, word, (int)strlen(word), &n) : NULL;
	char *copy = s ? wa_mem_strndup(s, (size_t)n) : wa_mem_strdup(word);

	wa_buf_reset(out);
	wa_buf_addf(out, "%s_", lang && *lang ? lang : "en");
	size_t prefix = out->len;
	fold(copy, out);
	free(copy);
	if (out->len == prefix)
		wa_buf_reset(out);      /* nothing left: no term */
}

void wa_kb_lang(const char *text, const char *hint, char out[8])
{
	/* the classifier is sure only of longer texts */
	out[0] = '\0';
	if (strlen(text) >= 200)
		wa_text_language(text, out);
	for (int i = 0; langs[i]; i++)
		if (!strcmp(out, langs[i]))
			return;
	wa_kb_lang_by_words(text, hint, out);
}

void wa_kb_lang_by_words(const char *text, const char *hint, char out[8])
{
	int votes[8] = { 0 }, best = 0, tie = 0;

	if (strstr(text, "\xC2\xBF") || strstr(text, "\xC2\xA1")) {      /* ¿ ¡ */
		strcpy(out, "es");
		return;
	}
	wa_text_tokens ts;
	wa_text_tokenize(text, "en", &ts);
	for (size_t t = 0; t < ts.n; t++) {
		/* each word once: a repeated "IL" is no French */
		int again = 0;
		for (size_t k = 0; k < t && !again; k++)
			again = !strcmp(ts.t[k].lower, ts.t[t].lower);
		for (int i = 0; langs[i] && !again; i++)
			votes[i] += wa_text_stopword(langs[i], ts.t[t].lower);
	}
	wa_text_tokens_free(&ts);
	for (int i = 1; langs[i]; i++) {
		if (votes[i] > votes[best])
			best = i, tie = 0;
		else if (votes[i] == votes[best])
			tie = 1;
	}
	/* no word tells, or the expected language is among the best: the
	 * language the caller expects */
	int hinted = -1;
	for (int i = 0; hint && langs[i]; i++)
		if (!strcmp(hint, langs[i]))
			hinted = i;
	if (hint && strlen(hint) == 2 && (!votes[best] || (tie && hinted >= 0 &&
	    votes[hinted] == votes[best])))
		strcpy(out, hint);
	else
		strcpy(out, langs[best]);
}

static void parts_of(const char *word, const char *lang, wa_stem *st, wa_buf *out, wa_buf *s);

/* "1.2%", "75,00 €": the signs no tokenizer keeps, as the words they
 * stand for in lang (English's for another), so that "commission" (by
 * the lexicon "percent") or "euros" meets them */
static void symbols(const char *text, const char *lang, wa_stem *st, wa_buf *out, wa_buf *s)
{
	static const char *const signs[][4] = {
		/* sign, English, German, Spanish */
		{ "%", "percent", "prozent", "porcentaje" },
		{ "\xE2\x82\xAC", "euro", "euro", "euro" },
		{ "\xC2\xA3", "pound", "pfund", "libra" },
		{ "$", "dollar", "dollar", "d\xC3\xB3lar" } };
	int l = !strcmp(lang, "de") ? 2 : !strcmp(lang, "es") ? 3 : 1;

	for (size_t i = 0; i < sizeof signs / sizeof *signs; i++)
		for (const char *p = text; (p = strstr(p, signs[i][0])); p += strlen(signs[i][0])) {
			stem_into(st, lang, signs[i][l], s);
			if (s->len)
				wa_buf_addf(out, "%s%s", out->len ? " " : "", s->data);
		}
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
		stem_into(st, lang, ts.t[i].lower, &s);
		if (!s.len)
			continue;
		wa_buf_addf(out, "%s%s", out->len ? " " : "", s.data);
		if (!strcmp(lang, "de"))
			parts_of(ts.t[i].lower, lang, st, out, &s);
		if (each && strlen(ts.t[i].lower) >= 3)
			each(ts.t[i].lower, user);
	}
	wa_text_tokens_free(&ts);
	symbols(text, lang, st, out, &s);
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

/* "lang:stem" -> [group index...]; groups: [{term: lang}...]; the kind
 * of value that answers each group's words ("money", "phone"), or null */
static json_t *lex_index, *lex_groups, *lex_answers, *lex_towns, *lex_premises;
/* "en_send en_back" -> the group of a phrase ("send back": return) */
static json_t *lex_phrases;
/* each group's broader words' terms ("jacket": item, Artikel), or null */
static json_t *lex_broader;
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

/* a phrase's key: its two words' terms ("en_send en_back"), into out */
static void phrase_key(wa_stem *st, const char *lang, const char *phrase, wa_buf *out)
{
	const char *sp = strchr(phrase, ' ');
	char *first = wa_mem_strndup(phrase, (size_t)(sp - phrase));
	wa_buf b;

	wa_buf_init(&b);
	stem_into(st, lang, first, &b);
	stem_into(st, lang, sp + 1, out);
	wa_buf_addf(&b, " %s", out->data);
	wa_buf_reset(out);
	wa_buf_add(out, b.data, b.len);
	wa_buf_free(&b);
	free(first);
}

/* the terms of a group's "broader" words ({lang: [word...]}): what a
 * policy says of all of them ("items") says of each ("jackets") */
static json_t *broader_terms(json_t *broader, wa_buf *s)
{
	json_t *terms = json_object(), *words, *w;
	const char *lang;
	size_t k;

	json_object_foreach(broader, lang, words) {
		wa_stem *st = wa_stem_new(wa_kb_stemmer(lang));
		json_array_foreach(words, k, w) {
			stem_into(st, lang, json_string_value(w), s);
			if (s->len)
				json_object_set_new(terms, s->data, json_string(lang));
		}
		wa_stem_free(st);
	}
	return terms;
}

static void lex_load(void)
{
	const wa_embedded_file *f = wa_embedded_find("data/kb-lexicon.json");
	json_t *doc = f ? json_loadb(f->data, f->len, 0, NULL) : NULL, *g;
	size_t i;
	wa_buf s;

	lex_index = json_object();
	lex_phrases = json_object();
	lex_broader = json_array();
	lex_groups = json_array();
	lex_answers = json_array();
	lex_towns = json_array();
	lex_premises = json_array();
	wa_buf_init(&s);
	json_array_foreach(json_object_get(doc, "groups"), i, g) {
		json_t *terms = json_object(), *words, *w;
		const char *lang;
		size_t k;
		json_object_foreach(g, lang, words) {
			if (!json_is_array(words))
				continue;
			wa_stem *st = wa_stem_new(wa_kb_stemmer(lang));
			json_array_foreach(words, k, w) {
				if (strchr(json_string_value(w), ' ')) {
					phrase_key(st, lang, json_string_value(w), &s);
					json_object_set_new(lex_phrases, s.data, json_integer((json_int_t)i));
					continue;
				}
				stem_into(st, lang, json_string_value(w), &s);
				if (!json_object_get(terms, s.data))
					json_object_set_new(terms, s.data, json_string(lang));
				json_t *list = json_object_get(lex_index, s.data);
				if (!s.len)
					continue;
				if (!list)
					json_object_set_new(lex_index, s.data, list = json_array());
				if (!json_array_size(list) || json_integer_value(json_array_get(list,
				    json_array_size(list) - 1)) != (json_int_t)i)
					json_array_append_new(list, json_integer((json_int_t)i));
			}
			wa_stem_free(st);
		}
		json_array_append_new(lex_groups, terms);
		json_array_append(lex_answers, json_is_string(json_object_get(g, "answer")) ?
			json_object_get(g, "answer") : json_null());
		json_array_append_new(lex_towns, json_boolean(json_is_true(json_object_get(g,
			"town"))));
		json_array_append_new(lex_premises, json_boolean(json_is_true(json_object_get(g,
			"premises"))));
		json_array_append_new(lex_broader, broader_terms(json_object_get(g, "broader"), &s));
	}
	wa_buf_free(&s);
	json_decref(doc);
}

/* ---- the client's knowledge base ---- */

/* what the last reading found, this thread's: a search reads it once
 * while the workspace does not change (counting a large knowledge base's
 * chunks for every question would cost more than the question) */
static __thread struct {
	const wa_ws *ws;
	char client[256];
	long long version, changes;
	double chunks;
	char langs[7][8];
	int nlangs, valid;
	long long generation;   /* one more each time it is read again */
} stats;

long long wa_kb_generation(void)
{
	return stats.generation;
}

double wa_kb_client_stats(wa_ws *ws, const char *client, char langs[7][8], int *nlangs)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "PRAGMA data_version", NULL);
	long long version = -1, changes = sqlite3_total_changes64(wa_ws_db(ws));

	if (st && sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	if (!stats.valid || stats.ws != ws || strcmp(stats.client, client) ||
	    stats.version != version || stats.changes != changes || strlen(client) >= 256) {
		stats.valid = 0;
		stats.chunks = 0;
		stats.nlangs = 0;
		stats.generation++;
		st = wa_ws_stmt(ws, "SELECT lang, count(*) FROM kb_chunks WHERE client = ?1 GROUP "
			"BY lang", NULL);
		if (st) {
			wa_ws_bind(st, "s", client);
			while (sqlite3_step(st) == SQLITE_ROW) {
				const char *l = (const char *)sqlite3_column_text(st, 0);
				stats.chunks += (double)sqlite3_column_int64(st, 1);
				if (l && strlen(l) < 8 && stats.nlangs < 7)
					strcpy(stats.langs[stats.nlangs++], l);
			}
			sqlite3_reset(st);
			stats.ws = ws;
			snprintf(stats.client, sizeof stats.client, "%s", client);
			stats.version = version;
			stats.changes = changes;
			stats.valid = strlen(client) < 256;
		}
	}
	memcpy(langs, stats.langs, sizeof stats.langs);
	*nlangs = stats.nlangs;
	return stats.chunks;
}

/* ---- a question's concepts ---- */

typedef struct query {
	wa_ws *ws;
	const char *client;
	json_t *alts;           /* the concept being built: term -> weight */
	wa_stem *st[8];         /* a stemmer per language of lang[] */
	char lang[8][8];
	int nlang;
	const char *answer;     /* the kind of value the question asks for */
	int town;               /* a word of the concept asks where it works */
	int premises;           /* the concept's word names the business's place */
	int business;           /* the concept's word is the lexicon's, as asked */
} query;

static void alt(json_t *alts, const char *term, double w)
{
	json_t *had = json_object_get(alts, term);

	if (*term && (!had || json_real_value(had) < w))
		json_object_set_new(alts, term, json_real(w));
}

/* the terms of lexicon group gi added at weight w (a translation nearer
 * the word than a synonym is), and what the group says of the question */
static void group_terms(query *q, size_t gi, double w)
{
	const char *term;
	json_t *v;

	json_object_foreach(json_array_get(lex_groups, gi), term, v)
		alt(q->alts, term, strcmp(json_string_value(v), q->lang[0]) ?
			w * W_TRANSLATION / W_LEXICON : w);
	json_object_foreach(json_array_get(lex_broader, gi), term, v)
		alt(q->alts, term, w * W_BROADER / W_LEXICON);
	if (json_is_string(json_array_get(lex_answers, gi)) && !q->answer)
		q->answer = json_string_value(json_array_get(lex_answers, gi));
	q->town |= json_is_true(json_array_get(lex_towns, gi));
	q->premises |= json_is_true(json_array_get(lex_premises, gi));
}

/* a phrase of the lexicon the question's word i begins: the verb and its
 * particle, up to three words on ("send back", "send the jacket back");
 * the particle's index in *particle, the group in *group; 1 when so */
static int phrase_at(query *q, const wa_text_tokens *ts, size_t i, size_t *particle,
	size_t *group)
{
	wa_buf a, b;
	int found = 0;

	pthread_once(&lex_once, lex_load);
	wa_buf_init(&a);
	wa_buf_init(&b);
	stem_into(q->st[0], q->lang[0], ts->t[i].lower, &a);
	for (size_t j = i + 1; a.len && j < ts->n && j <= i + PHRASE_SPAN && !found; j++) {
		stem_into(q->st[0], q->lang[0], ts->t[j].lower, &b);
		wa_buf_addf(&a, " %s", b.data);
		json_t *g = json_object_get(lex_phrases, a.data);
		a.len -= b.len + 1;
		a.data[a.len] = '\0';
		if (g) {
			*particle = j;
			*group = (size_t)json_integer_value(g);
			found = 1;
		}
	}
	wa_buf_free(&a);
	wa_buf_free(&b);
	return found;
}

/* word's lexicon groups in any of the query's languages, their terms
 * added at weight w */
static void lexicon(query *q, const char *word, double w)
{
	wa_buf s;

	pthread_once(&lex_once, lex_load);
	wa_buf_init(&s);
	for (int l = 0; l < q->nlang; l++) {
		stem_into(q->st[l], q->lang[l], word, &s);
		json_t *groups = s.len ? json_object_get(lex_index, s.data) : NULL, *g;
		size_t i;
		json_array_foreach(groups, i, g) {
			group_terms(q, (size_t)json_integer_value(g), w);
			q->business |= l == 0;
		}
	}
	wa_buf_free(&s);
}

/* word's stems in each language of the question, at weight w */
static void stems(query *q, const char *word, double w)
{
	wa_buf s;

	wa_buf_init(&s);
	for (int l = 0; l < q->nlang; l++) {
		stem_into(q->st[l], q->lang[l], word, &s);
		alt(q->alts, s.data, w);
	}
	wa_buf_free(&s);
}

static void wordnet_word(const char *related, int how, void *user)
{
	query *q = user;
	wa_buf s;

	wa_buf_init(&s);
	stem_into(q->st[0], "en", related, &s);
	/* a base form ("valued": value) is the word; its synonyms are not */
	alt(q->alts, s.data, how == WA_WN_BASE ? 1.0 : W_WORDNET);
	wa_buf_free(&s);
	if (how == WA_WN_BASE)
		lexicon(q, related, W_LEXICON);
}

/* 1 when word (as written, lower case) is in the client's chunks */
static int kb_word(query *q, const char *word)
{
	sqlite3_stmt *st = wa_ws_stmt(q->ws, "SELECT 1 FROM kb_words WHERE client = ?1 AND "
		"word = ?2", NULL);
	int k = 0;

	if (st) {
		wa_ws_bind(st, "ss", q->client, word);
		k = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
	}
	return k;
}

/* 1 when the knowledge base of the client has word as written, or one of
 * the concept's exact terms */
static int known(query *q, const char *word)
{
	int k = kb_word(q, word);
	const char *term;
	json_t *w;
	json_object_foreach(q->alts, term, w)
		if (!k && json_real_value(w) >= 1.0)
			k = wa_kb_df(q->ws, term) > 0;
	return k;
}

/* "which parts of the city do you cover?": the towns the business is in
 * (the graph's) join the concept, as a synonym would */
static void towns(query *q)
{
	sqlite3_stmt *st = wa_ws_stmt(q->ws, "SELECT name FROM kb_entities WHERE client = ?1 AND "
		"kind = 'town'", NULL);

	if (!st)
		return;
	wa_ws_bind(st, "s", q->client);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *low = wa_text_lower_new((const char *)sqlite3_column_text(st, 0),
			(size_t)sqlite3_column_bytes(st, 0));
		if (!strchr(low, ' '))
			stems(q, low, W_LEXICON);
		free(low);
	}
	sqlite3_reset(st);
}

/* 1 when part (lower case, as written) is a word of the knowledge base
 * or of the lexicon, in any of the question's languages */
static int part_known(query *q, const char *part)
{
	int k = kb_word(q, part);
	wa_buf s;

	pthread_once(&lex_once, lex_load);
	wa_buf_init(&s);
	for (int l = 0; l < q->nlang && !k; l++) {
		stem_into(q->st[l], q->lang[l], part, &s);
		k = s.len && json_object_get(lex_index, s.data) != NULL;
	}
	wa_buf_free(&s);
	return k;
}

/* a German compound of the knowledge base ("Standardversand") whose last
 * part is a word of the lexicon ("Versand"): both parts' terms too (a
 * joining s dropped), so "standard shipping" meets it */
static void parts_of(const char *word, const char *lang, wa_stem *st, wa_buf *out, wa_buf *s)
{
	size_t len = strlen(word);

	if (len < 2 * COMPOUND_PART || len >= 64)
		return;
	pthread_once(&lex_once, lex_load);
	for (size_t k = COMPOUND_PART; k + COMPOUND_PART <= len; k++) {
		char left[64];
		if (((unsigned char)word[k] & 0xC0) == 0x80)
			continue;       /* not inside a character */
		stem_into(st, lang, word + k, s);
		if (!s->len || !json_object_get(lex_index, s->data))
			continue;
		wa_buf_addf(out, " %s", s->data);
		memcpy(left, word, k);
		left[k] = '\0';
		if (left[k - 1] == 's')
			left[k - 1] = '\0';
		stem_into(st, lang, left, s);
		if (s->len)
			wa_buf_addf(out, " %s", s->data);
		return;
	}
}

/* a compound the knowledge base has not got ("Versandkosten"), read as
 * the two words it is made of when both are known (Versand, Kosten; a
 * joining s or n dropped): their terms added; 1 when it was one */
static int decompound(query *q, const char *word)
{
	size_t len = strlen(word);

	if (len < 8 || len >= 64)
		return 0;
	for (size_t k = 3; k + 3 <= len; k++) {
		char left[64], right[64];
		memcpy(left, word, k);
		left[k] = '\0';
		strcpy(right, word + k);
		int ok = part_known(q, right) && part_known(q, left);
		if (!ok && k > 4 && (left[k - 1] == 's' || left[k - 1] == 'n')) {
			left[k - 1] = '\0';
			ok = part_known(q, right) && part_known(q, left);
		}
		if (!ok)
			continue;
		stems(q, left, W_COMPOUND);
		stems(q, right, W_COMPOUND);
		lexicon(q, left, W_COMPOUND * W_LEXICON);
		lexicon(q, right, W_COMPOUND * W_LEXICON);
		return 1;
	}
	return 0;
}

/* a misspelt word: the knowledge base's words one edit away (two for
 * long words), found by the trigrams they share, with their stems; an
 * English word WordNet knows is no misspelling ("treat" is not "great") */
static void typos(query *q, const char *word)
{
	size_t len = strlen(word);
	int nk, ok, in;
	wa_buf match;

	if (len < 4 || len > 40 || (!strcmp(q->lang[0], "en") && wa_wordnet_uses(word, &nk, &ok, &in) > 0))
		return;
	wa_buf_init(&match);
	for (size_t i = 0; i + 3 <= len; i++)
		if (!memchr(word + i, '"', 3))
			wa_buf_addf(&match, "%s\"%.3s\"", match.len ? " OR " : "", word + i);
	sqlite3_stmt *st = match.len ? wa_ws_stmt(q->ws, "SELECT word FROM kb_words_grams WHERE "
		"kb_words_grams MATCH ?1 AND client = ?2 ORDER BY rank LIMIT 40", NULL) : NULL;
	int most = len >= 8 ? 2 : 1, found = 0;
	if (st) {
		wa_ws_bind(st, "ss", match.data, q->client);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *cand = (const char *)sqlite3_column_text(st, 0);
			if (wa_text_edits(word, cand, most) > most)
				continue;
			found = 1;
			stems(q, cand, W_TYPO);
			lexicon(q, cand, W_TYPO * W_LEXICON);
		}
		sqlite3_reset(st);
	}
	wa_buf_free(&match);
	/* no word of the knowledge base is near: an English word WordNet
	 * does not know may be a misspelling of one it does ("pakage") */
	char near[64];
	if (!found && !strcmp(q->lang[0], "en") && !wa_wordnet_uses(word, &nk, &ok, &in) &&
	    wa_wordnet_near(word, near)) {
		stems(q, near, W_TYPO);
		lexicon(q, near, W_TYPO * W_LEXICON);
	}
}

/* the languages to read a question in: its own first, then each of the
 * client's knowledge base */
static void languages(query *q, const char *text)
{
	char own[8], kb[7][8];
	int n;

	wa_kb_lang(text, NULL, own);
	strcpy(q->lang[q->nlang++], own);
	wa_kb_client_stats(q->ws, q->client, kb, &n);
	for (int k = 0; k < n && q->nlang < 8; k++) {
		int dup = 0;
		for (int i = 0; i < q->nlang; i++)
			dup |= !strcmp(q->lang[i], kb[k]);
		if (!dup)
			strcpy(q->lang[q->nlang++], kb[k]);
	}
	for (int i = 0; i < q->nlang; i++)
		q->st[i] = wa_stem_new(wa_kb_stemmer(q->lang[i]));
}

/* the word whose lexicon group answers a question word ("where":
 * address), or NULL */
static const char *asked_for(const char *w)
{
	static const char *const words[][2] = { { "where", "address" }, { "wo", "address" },
		{ "dónde", "address" }, { "donde", "address" }, { "when", "open" },
		{ "wann", "open" }, { "cuándo", "open" }, { "much", "price" }, { "cuánto", "price" },
		{ "cuanto", "price" }, { "many", "count" }, { "cuántos", "count" },
		{ "cuántas", "count" }, { "viele", "count" }, { "long", "duration" },
		{ "lange", "duration" } };

	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (!strcmp(w, words[i][0]))
			return words[i][1];
	return NULL;
}

/* "where is your office?" asks where the business is: its address
 * answers, though it does not say "office" (the question word is what
 * must be covered, not the place's word) */
static void where_are_you(json_t *concepts)
{
	size_t i;
	json_t *c;
	int where = 0, other = 0;

	json_array_foreach(concepts, i, c) {
		const char *w = json_string_value(json_object_get(c, "word"));
		if (json_is_true(json_object_get(c, "asks")))
			where |= !strcmp(asked_for(w), "address");
		else if (!json_is_true(json_object_get(c, "premises")))
			other = 1;
	}
	if (!where || other)
		return;
	json_array_foreach(concepts, i, c)
		json_object_set_new(c, "weight", json_real(json_is_true(json_object_get(c, "asks")) ?
			1 : 0));
}

/* "my tooth hurts": an urgent situation asks what to do in an emergency,
 * though it says no word of it; a concept that ranks ("implied": not
 * covered, never missing) */
static void urgent(query *q, const char *text, json_t *concepts)
{
	char *u = wa_urgent_new(text);
	wa_buf s;

	if (!u)
		return;
	free(u);
	pthread_once(&lex_once, lex_load);
	wa_stem *st = wa_stem_new("english");
	wa_buf_init(&s);
	stem_into(st, "en", "emergency", &s);
	json_t *groups = json_object_get(lex_index, s.data), *g;
	size_t i;
	q->alts = json_object();
	json_array_foreach(groups, i, g)
		group_terms(q, (size_t)json_integer_value(g), W_LEXICON);
	json_array_append_new(concepts, json_pack("{s:s, s:o, s:b, s:f, s:f, s:b}", "word",
		"emergency", "alts", q->alts, "upper", 0, "weight", 1.0, "rank", 1.0, "implied", 1));
	wa_buf_free(&s);
	wa_stem_free(st);
}

/* "how much does it cost": the question word's concept goes when a word
 * of the question asks the same (it would count twice) */
static void drop_asked_twice(json_t *concepts)
{
	for (size_t i = json_array_size(concepts); i-- > 0;) {
		json_t *c = json_array_get(concepts, i);
		if (!asked_for(json_string_value(json_object_get(c, "word"))))
			continue;
		int twice = 0;
		for (size_t k = 0; k < json_array_size(concepts) && !twice; k++) {
			json_t *o = json_array_get(concepts, k);
			const char *term;
			json_t *v;
			if (k == i || asked_for(json_string_value(json_object_get(o, "word"))))
				continue;
			json_object_foreach(json_object_get(o, "alts"), term, v)
				twice |= json_object_get(json_object_get(c, "alts"), term) != NULL;
		}
		if (twice)
			json_array_remove(concepts, i);
	}
}

/* a word as the question means it: "what's" is "what", "children's"
 * "children": a new string */
static char *word_of(const char *lower)
{
	size_t n = strcspn(lower, "'");
	const char *curly = strstr(lower, "\xE2\x80\x99");

	if (curly && (size_t)(curly - lower) < n)
		n = (size_t)(curly - lower);
	return wa_mem_strndup(lower, n ? n : strlen(lower));
}

/* how much a word says of what a question is about: a noun (or a word
 * of another language) all, a word mostly used otherwise ("treat",
 * "cover") half */
static double content_weight(const char *word, const char *lang)
{
	int noun, other, is_noun;

	if (strcmp(lang, "en") || wa_wordnet_uses(word, &noun, &other, &is_noun) <= 0)
		return 1;
	return other > noun ? 0.5 : 1;
}

/* "do you sell commercial property?": a noun or an adjective just before
 * another word of the question says which of that thing is asked about;
 * when the knowledge base never says it, it does not answer the question
 * (weigh, in kb_search.c, reads "modifies") */
static void modifiers(json_t *concepts)
{
	for (size_t i = 0; i + 1 < json_array_size(concepts); i++) {
		json_t *c = json_array_get(concepts, i), *next = json_array_get(concepts, i + 1);
		if (json_integer_value(json_object_get(c, "at")) + 1 ==
		    json_integer_value(json_object_get(next, "at")) &&
		    wa_wordnet_describes(json_string_value(json_object_get(c, "word"))) > 0)
			json_object_set_new(c, "modifies", json_true());
	}
}

/* wa_wordnet_related's callback: whether the word looked for is among */
struct among { const char *word; int found; };
static void among_related(const char *related, int how, void *user)
{
	struct among *a = user;
	a->found |= how == WA_WN_SYNONYM && !strcmp(related, a->word);
}

/* "zip code": a compound WordNet knows that its first word alone names
 * ("zip" is a zip code; a "parking ticket" is no parking): its last word
 * says no more than the first, and is not asked about apart from it
 * (weigh, in kb_search.c, reads "completes") */
static void compounds(json_t *concepts)
{
	for (size_t i = 1; i < json_array_size(concepts); i++) {
		json_t *prev = json_array_get(concepts, i - 1), *c = json_array_get(concepts, i);
		if (json_integer_value(json_object_get(prev, "at")) + 1 !=
		    json_integer_value(json_object_get(c, "at")))
			continue;
		char both[64];
		struct among a = { json_string_value(json_object_get(prev, "word")), 0 };
		if ((size_t)snprintf(both, sizeof both, "%s_%s", a.word,
		    json_string_value(json_object_get(c, "word"))) < sizeof both &&
		    wa_wordnet_related(both, 1, among_related, &a) > 0 && a.found)
			json_object_set_new(c, "completes", json_true());
	}
}

/* 1 when text asks yes or no: it starts with a verb ("can I...", "do
 * you...", "¿Tienen...", "Kann ich...") */
static int yes_no(const char *text)
{
	static const char *const verbs[] = { "do", "does", "did", "is", "are", "can", "could",
		"will", "would", "have", "has", "should", "may", "kann", "können", "habt", "haben",
		"gibt", "ist", "sind", "bietet", "bieten", "nehmt", "nehmen", "tienen", "tiene",
		"hay", "hacen", "aceptan", "atienden", "hablan", "ofrecen", "puedo", "puede",
		"pueden", "es", "está", "están", "son", "cobran", NULL };

	return wa_text_opens_with(text, verbs);
}

/* a word of the question as the knowledge base may have it: its stems,
 * the lexicon's words for it, WordNet's, and what a typo or a compound
 * of it meant */
static void expand(query *q, const char *w)
{
	stems(q, w, 1.0);
	lexicon(q, w, W_LEXICON);
	if (!strcmp(q->lang[0], "en"))
		wa_wordnet_related(w, 1, wordnet_word, q);
	if (!known(q, w) && !decompound(q, w))
		typos(q, w);
}

json_t *wa_kb_concepts_new(wa_ws *ws, const char *client, const char *text, char lang[8],
	const char **answer)
{
	query q = { ws, client, NULL, { NULL }, { "" }, 0, NULL, 0, 0, 0 };
	int asked = 0;
	json_t *out = json_array();
	wa_text_tokens ts;

	languages(&q, text);
	strcpy(lang, q.lang[0]);
	wa_text_tokenize(text, q.lang[0], &ts);
	for (size_t i = 0; i < ts.n; i++) {
		char *w = word_of(ts.t[i].lower);
		int dup = 0;
		for (size_t k = 0; k < json_array_size(out); k++)
			dup |= !strcmp(json_string_value(json_object_get(json_array_get(out, k), "word")),
				w);
		/* a question word that opens the question ("where is...", "how
		 * much...", not "...when I come in") */
		const char *asks = i == 0 || (i == 1 && (!strcmp(ts.t[0].lower, "how") ||
			!strcmp(ts.t[0].lower, "wie"))) ? asked_for(w) : NULL;
		/* "how long", "wie lange": only so; "long" alone is a word */
		if (asks && !strcmp(asks, "duration") && i == 0)
			asks = NULL;
		if (asks && !dup) {
			asked = 1;
			/* "where": an address is the answer; a concept that ranks
			 * but is not part of what must be covered */
			q.alts = json_object();
			lexicon(&q, asks, W_LEXICON);
			json_array_append_new(out, json_pack("{s:s, s:o, s:b, s:f, s:f, s:b}", "word", w,
				"alts", q.alts, "upper", 0, "weight", 0.0, "rank", 1.0, "asks", 1));
		}
		if (asks || ts.t[i].stop || wa_text_stopword(q.lang[0], w) || dup ||
		    (strlen(w) < 2 && !isdigit((unsigned char)*w))) {
			free(w);
			continue;
		}
		q.alts = json_object();
		q.business = 0;
		size_t particle = 0, group = 0;
		if (phrase_at(&q, &ts, i, &particle, &group)) {
			/* "send back" is "return", whatever "send" is */
			group_terms(&q, group, W_LEXICON);
			q.business = 1;
			ts.t[particle].stop = 1;
		} else {
			expand(&q, w);
		}
		if (q.town)
			towns(&q);
		q.town = 0;
		/* a word of the business's own ("return", "ship", "sell") is what
		 * is asked about, a verb or not */
		double cw = q.business ? 1 : content_weight(w, q.lang[0]);
		json_array_append_new(out, json_pack("{s:s, s:o, s:b, s:f, s:f, s:b, s:i}", "word", w,
			"alts", q.alts, "upper", ts.t[i].upper, "weight", cw, "rank", 0.5 + 0.5 * cw,
			"premises", q.premises, "at", i));
		q.premises = 0;
		free(w);
	}
	wa_text_tokens_free(&ts);
	for (int i = 0; i < q.nlang; i++)
		wa_stem_free(q.st[i]);
	drop_asked_twice(out);
	where_are_you(out);
	urgent(&q, text, out);
	/* "can I spread the cost?" asks whether, not how much: a yes-or-no
	 * question's words say no kind of answer; its question word would */
	int yn = yes_no(text);
	if (yn && !asked)
		q.answer = NULL;
	if (yn && !strcmp(q.lang[0], "en"))
		modifiers(out);
	if (!strcmp(q.lang[0], "en"))
		compounds(out);
	*answer = q.answer;
	return out;
}

int wa_kb_names_thing(const char *word, const char *lang, int upper)
{
	int noun, other, is_noun;
	char near[64];

	/* German nouns and names anywhere are capitalised; in English a
	 * capital says less ("Great Britain") than WordNet does */
	if (strcmp(lang, "en"))
		return upper || strlen(word) >= LONG_WORD;
	int known = wa_wordnet_uses(word, &noun, &other, &is_noun);
	if (known < 0)
		return 0;               /* without WordNet: nothing is said */
	if (!known) {
		if (!wa_wordnet_near(word, near))
			return 1;       /* a name, a brand, a word of a trade */
		if (wa_wordnet_uses(near, &noun, &other, &is_noun) <= 0)
			return 0;
	}
	return is_noun && noun + other < RARE_USES;
}
