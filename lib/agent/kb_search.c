/* kb_search.c - searching the knowledge base: a question's concepts
 * (kb_terms.c) find candidate chunks in FTS5 (kb_terms), which are then
 * scored by BM25 over the concepts, each concept counting once, by its
 * best term and that term's weight; how much of the question a chunk
 * covers is kept, for the agent to tell an answer from a near miss; the
 * sentence (or list item) that answers is picked out of the chunk.  With
 * embeddings, the ranking is fused with the vectors' by reciprocal rank.
 * See kb.h. */
#include "agent/kb.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/kb_int.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "ws/ws.h"

#define RRF_K 60
#define BM25_K1 1.2
#define BM25_B 0.75
/* the least share of its score a chunk that answers little of the
 * question keeps */
#define COORD_FLOOR 0.1
/* how much more a chunk in the question's language counts */
#define SAME_LANGUAGE 1.25
/* ...when it answers this much of the question at least */
#define SAME_LANGUAGE_COVER 0.6
/* how much more a chunk with the kind of value asked for counts */
#define ANSWER_BONUS 2.0
/* how many chunks FTS5's own ranking brings to be scored */
#define CANDIDATES "50"
/* the rows the question's terms are in, summed, past which the chunks
 * with all of them are tried first; and how many of those will do */
#define ALL_FIRST 2000
#define ALL_ENOUGH 5
/* a term in more than this share of a large knowledge base's chunks
 * finds no candidates while a rarer one does */
#define COMMON_SHARE 0.1
/* how much a match in the question a chunk begins with adds */
#define HEAD_WEIGHT 0.5

/* the document frequencies read, this thread's, while the workspace is
 * unchanged (a question's lexicon brings the same terms again and again) */
static __thread json_t *df_cache;
static __thread long long df_generation = -1;

long long wa_kb_df(wa_ws *ws, const char *term)
{
	if (df_generation != wa_kb_generation() || json_object_size(df_cache) > 100000) {
		json_decref(df_cache);
		df_cache = json_object();
		df_generation = wa_kb_generation();
	}
	json_t *had = json_object_get(df_cache, term);
	if (had)
		return json_integer_value(had);
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT doc FROM kb_terms_vocab WHERE term = ?1", NULL);
	long long df = 0;

	if (!st)
		return 0;
	wa_ws_bind(st, "s", term);
	if (sqlite3_step(st) == SQLITE_ROW)
		df = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	json_object_set_new(df_cache, term, json_integer(df));
	return df;
}

/* pairs [key, score, ...], the best first; equal scores keep their order */
static void by_score(json_t *pairs)
{
	size_t m = json_array_size(pairs);

	for (size_t a = 1; a < m; a++)
		for (size_t b = a; b > 0 && json_real_value(json_array_get(json_array_get(pairs, b),
		    1)) > json_real_value(json_array_get(json_array_get(pairs, b - 1), 1)); b--) {
			json_t *x = json_incref(json_array_get(pairs, b));
			json_array_set(pairs, b, json_array_get(pairs, b - 1));
			json_array_set_new(pairs, b - 1, x);
		}
}

/* 1 when any of alts (term -> [weight, idf]) is in the knowledge base */
static int seen_any(json_t *alts)
{
	const char *term;
	json_t *a;

	json_object_foreach(alts, term, a)
		if (json_real_value(json_array_get(a, 1)) > 0)
			return 1;
	return 0;
}

/* each concept's terms given their inverse document frequency: alts
 * become term -> [weight, idf], and the concept its own "idf" (its exact
 * terms' best; a word the knowledge base has not got counts most) */
static double weigh(wa_ws *ws, const char *client, json_t *concepts, const char *lang,
	json_t *missing)
{
	char langs[7][8];
	int nlangs;
	double n = wa_kb_client_stats(ws, client, langs, &nlangs);
	json_t *c, *w;
	size_t i;
	const char *term;

	double unseen = log(1 + (n + 0.5) / 0.5);
	json_array_foreach(concepts, i, c) {
		double cidf = 0;
		json_t *alts = json_object_get(c, "alts");
		json_object_foreach(alts, term, w) {
			double df = (double)wa_kb_df(ws, term);
			if (df > n)
				df = n;
			double idf = df > 0 ? log(1 + (n - df + 0.5) / (df + 0.5)) : 0;
			if (json_real_value(w) >= 1.0 && idf > cidf)
				cidf = idf;
			json_object_set_new(alts, term, json_pack("[f, f]", json_real_value(w), idf));
		}
		json_object_set_new(c, "idf", json_real(cidf > 0 ? cidf : unseen));
	}
	/* a word nothing in the knowledge base has, nor any of its synonyms:
	 * the question is about something it does not say when the word
	 * names a thing, or says which of a thing it has ("commercial
	 * property"); a common word says nothing */
	json_array_foreach(concepts, i, c) {
		if (seen_any(json_object_get(c, "alts")) || json_is_true(json_object_get(c, "asks")) ||
		    json_is_true(json_object_get(c, "implied")))
			continue;
		const char *word = json_string_value(json_object_get(c, "word"));
		json_t *next = json_array_get(concepts, i + 1), *prev = json_array_get(concepts, i - 1);
		/* "code" of "zip code" when "zip" is known: the kind of thing the
		 * word before it names */
		int head = json_is_true(json_object_get(c, "completes")) && i > 0 &&
			seen_any(json_object_get(prev, "alts"));
		if ((!head && wa_kb_names_thing(word, lang, json_is_true(json_object_get(c, "upper")))) ||
		    (json_is_true(json_object_get(c, "modifies")) && next &&
		     seen_any(json_object_get(next, "alts"))))
			json_array_append_new(missing, json_string(word));
		else
			json_object_set_new(c, "idf", json_real(0));
	}
	return n;
}

/* how often term is among terms (space-separated) */
static int tf(const char *terms, const char *term)
{
	size_t l = strlen(term);
	int n = 0;

	for (const char *p = terms; (p = strstr(p, term)); p += l)
		if ((p == terms || p[-1] == ' ') && (p[l] == ' ' || !p[l]))
			n++;
	return n;
}

double wa_kb_score_terms(json_t *concepts, const char *terms, double len, double avg,
	double *cover, double *rank_cover)
{
	double score = 0, got = 0, all = 0, rgot = 0, rall = 0;
	json_t *c, *a;
	size_t i;
	const char *term;

	json_array_foreach(concepts, i, c) {
		double best = 0, bestw = 0;
		double cidf = json_real_value(json_object_get(c, "idf"));
		json_object_foreach(json_object_get(c, "alts"), term, a) {
			double w = json_real_value(json_array_get(a, 0));
			/* a rarer synonym weighs no more than the word itself */
			double idf = json_real_value(json_array_get(a, 1));
			if (idf > cidf)
				idf = cidf;
			int f = idf > 0 ? tf(terms, term) : 0;
			if (!f)
				continue;
			double s = w * idf * f * (BM25_K1 + 1) /
				(f + BM25_K1 * (1 - BM25_B + BM25_B * len / (avg > 0 ? avg : 1)));
			if (s > best)
				best = s;
			if (w > bestw)
				bestw = w;
		}
		double cw = json_number_value(json_object_get(c, "weight"));
		/* a verb says less of what is asked than a noun */
		score += best * json_number_value(json_object_get(c, "rank"));
		got += bestw * cw * cidf;
		all += cw * cidf;
		/* for the ranking, a question word's answer ("where": an
		 * address) counts too */
		double rw = json_is_true(json_object_get(c, "asks")) ? 0.5 : cw;
		rgot += bestw * rw * cidf;
		rall += rw * cidf;
	}
	*cover = all > 0 ? got / all : 0;
	if (rank_cover)
		*rank_cover = rall > 0 ? rgot / rall : 0;
	return score;
}

static int count_terms(const char *terms)
{
	int n = *terms != '\0';

	for (const char *p = terms; *p; p++)
		n += *p == ' ';
	return n;
}

/* the chunks that have any of the concepts' terms, scored: [[id, score,
 * coverage]...], the best first; NULL with err */
/* the MATCH expression of the concepts' terms the knowledge base has:
 * those in share of its chunks or more (a tenth; a twentieth when the
 * chunks with all the words are in already) only when there are no
 * others (they would bring most of the chunks in and decide nothing) */
static void match_of(json_t *concepts, double chunks, double share, wa_buf *match)
{
	double common = chunks > 30 ? log(1 + (chunks - chunks * share + 0.5) /
		(chunks * share + 0.5)) : 0;
	json_t *c, *a;
	size_t i;
	const char *term;

	for (int pass = 0; pass < 2 && !match->len; pass++)
		json_array_foreach(concepts, i, c)
			json_object_foreach(json_object_get(c, "alts"), term, a) {
				double idf = json_real_value(json_array_get(a, 1));
				if (idf > 0 && (pass || idf > common) && !strchr(term, '"'))
					wa_buf_addf(match, "%s\"%s\"", match->len ? " OR " : "", term);
			}
}

/* "(a OR b) AND (c OR d)": each concept the question must cover (not a
 * question word's, not one it implies), by its terms the knowledge base
 * has, into match; the rows of the terms in all, summed, the return */
static long long all_of(wa_ws *ws, json_t *concepts, wa_buf *match)
{
	json_t *c, *a;
	size_t i;
	const char *term;
	long long rows = 0;
	int groups = 0;

	json_array_foreach(concepts, i, c) {
		if (json_is_true(json_object_get(c, "asks")) ||
		    json_is_true(json_object_get(c, "implied")))
			continue;
		size_t open = match->len;
		int n = 0;
		json_object_foreach(json_object_get(c, "alts"), term, a)
			if (json_real_value(json_array_get(a, 1)) > 0 && !strchr(term, '"')) {
				wa_buf_addf(match, "%s\"%s\"", n ? " OR " : groups ? " AND (" : "(", term);
				rows += wa_kb_df(ws, term);
				n++;
			}
		if (n) {
			wa_buf_add(match, ")", 1);
			groups++;
		} else {
			match->len = open;
			match->data[open] = '\0';
		}
	}
	if (groups < 2)
		wa_buf_reset(match);
	return rows;
}

/* 1 when cands has chunk id */
static int has_candidate(json_t *cands, long long id)
{
	size_t i;
	json_t *c;

	json_array_foreach(cands, i, c)
		if (json_integer_value(json_array_get(c, 0)) == id)
			return 1;
	return 0;
}

/* the best chunks by FTS5's own BM25 of match, appended to cands as [id,
 * terms, head, in the question's language, has the kind of answer
 * asked]; how many, or -1 with err */
static int candidates_of(wa_ws *ws, const char *client, const char *match, const char *lang,
	const char *answer, json_t *cands, wa_err *err)
{
	int rc, n = 0;
	/* the fifty first, by rowid alone; then their columns */
	sqlite3_stmt *st = answer ? wa_ws_stmt(ws, "SELECT t.chunk, t.terms, "
		"t.head, t.lang, c.text FROM kb_terms t JOIN kb_chunks c ON c.id = t.chunk WHERE "
		"t.rowid IN (SELECT rowid FROM kb_terms WHERE kb_terms MATCH ?1 AND client = ?2 ORDER "
		"BY rank LIMIT " CANDIDATES ")", err) : wa_ws_stmt(ws, "SELECT chunk, terms, head, lang, "
		"NULL FROM kb_terms WHERE rowid IN (SELECT rowid FROM kb_terms WHERE kb_terms MATCH ?1 "
		"AND client = ?2 ORDER BY rank LIMIT " CANDIDATES ")", err);
	if (!st)
		return -1;
	wa_ws_bind(st, "ss", match, client);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (has_candidate(cands, sqlite3_column_int64(st, 0)))
			continue;
		json_array_append_new(cands, json_pack("[I, s, s, b, b]",
			(json_int_t)sqlite3_column_int64(st, 0),
			(const char *)sqlite3_column_text(st, 1),
			sqlite3_column_text(st, 2) ? (const char *)sqlite3_column_text(st, 2) : "",
			sqlite3_column_text(st, 3) && !strcmp((const char *)sqlite3_column_text(st,
			3), lang), wa_kb_has_answer((const char *)sqlite3_column_text(st, 4),
			answer)));
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && wa_ws_fail(ws, rc, "searching the knowledge base", err))
		return -1;
	return n;
}

/* the chunks to score: when the question's words are so common that
 * ranking every chunk with any of them would cost more than it gains,
 * those with all of them, if there are enough; else the best by FTS5's
 * BM25 of its rarer words.  NULL with err */
static json_t *candidates_new(wa_ws *ws, const char *client, json_t *concepts, double chunks,
	const char *lang, const char *answer, wa_err *err)
{
	wa_buf match;
	json_t *cands = json_array();
	int n = 0;

	wa_buf_init(&match);
	int all = all_of(ws, concepts, &match) > ALL_FIRST && match.len;
	if (all)
		n = candidates_of(ws, client, match.data, lang, answer, cands, err);
	/* too few with all: those, and the best by the rarer words (rarer
	 * still when those with all are in) */
	if (n >= 0 && n < ALL_ENOUGH) {
		wa_buf_reset(&match);
		match_of(concepts, chunks, all ? COMMON_SHARE / 2 : COMMON_SHARE, &match);
		int more = match.len ? candidates_of(ws, client, match.data, lang, answer, cands,
			err) : 0;
		n = more < 0 ? -1 : n + more;
	}
	wa_buf_free(&match);
	if (n < 0) {
		json_decref(cands);
		return NULL;
	}
	return cands;
}

static json_t *rank_terms(wa_ws *ws, const char *client, json_t *concepts, double chunks,
	const char *lang, const char *answer, wa_err *err)
{
	/* the kind of answer a question word asked for ("where": an
	 * address) is the answer only where the rest of the question is
	 * ("where is my order" is not after the shop's address) */
	int asked_type = 0;
	size_t ci;
	json_t *cc;
	json_array_foreach(concepts, ci, cc)
		asked_type |= json_is_true(json_object_get(cc, "asks"));
	json_t *c, *order = json_array();
	size_t i;
	json_t *cands = candidates_new(ws, client, concepts, chunks, lang, answer, err);
	if (!cands) {
		json_decref(order);
		return NULL;
	}
	double avg = 0;
	json_array_foreach(cands, i, c)
		avg += count_terms(json_string_value(json_array_get(c, 1)));
	avg = json_array_size(cands) ? avg / (double)json_array_size(cands) : 1;
	json_array_foreach(cands, i, c) {
		const char *terms = json_string_value(json_array_get(c, 1));
		const char *head = json_string_value(json_array_get(c, 2));
		double cover, head_cover, rank_cover;
		double s = wa_kb_score_terms(concepts, terms, count_terms(terms), avg, &cover,
			&rank_cover);
		/* the question the chunk answers is the one asked: more so */
		if (*head)
			s += HEAD_WEIGHT * wa_kb_score_terms(concepts, head, count_terms(head),
				count_terms(head), &head_cover, NULL) * head_cover;
		/* a chunk that answers more of the question comes first
		 * (coordination, as Lucene's classic scoring has it), and one
		 * in the customer's own language before a translation */
		s *= COORD_FLOOR + (1 - COORD_FLOOR) * rank_cover;
		/* the kind of answer asked and nothing of what it is asked of
		 * ("Wo ist meine Bestellung?": the shop's address) */
		if (asked_type && cover <= 0)
			s *= COORD_FLOOR;
		if (json_is_true(json_array_get(c, 3)) && cover >= SAME_LANGUAGE_COVER)
			s *= SAME_LANGUAGE;
		/* a price asked: a chunk with an amount; a number: one with it */
		if (json_is_true(json_array_get(c, 4)) && (!asked_type || cover >= 0.5))
			s *= ANSWER_BONUS;
		json_array_append_new(order, json_pack("[I, f, f]",
			json_integer_value(json_array_get(c, 0)), s, cover));
	}
	json_decref(cands);
	by_score(order);
	return order;
}

/* the query's embedding (*dim floats, a new array), or NULL with err */
static float *query_vector_new(const wa_kb_embed *e, const char *query, size_t *dim,
	wa_err *err)
{
	json_t *texts = json_pack("[s]", query);
	json_t *qv = wa_kb_embed_texts_new(e, texts, err);

	json_decref(texts);
	if (!qv)
		return NULL;
	json_t *v = json_array_get(qv, 0);
	*dim = json_array_size(v);
	float *q = wa_mem_alloc((*dim ? *dim : 1) * sizeof *q);
	for (size_t k = 0; k < *dim; k++)
		q[k] = (float)json_number_value(json_array_get(v, k));
	json_decref(qv);
	return q;
}

/* order fused with the chunks nearest the query's embedding: each
 * chunk's score the sum of its reciprocal ranks in the two */
static int fuse_vectors(wa_ws *ws, const char *client, const char *query,
	const wa_kb_embed *e, json_t *order, wa_err *err)
{
	size_t dim;
	float *q = query_vector_new(e, query, &dim, err);
	json_t *fused = json_object(), *o, *sims;
	size_t i;
	char key[32];

	if (!q) {
		json_decref(fused);
		return -1;
	}
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT id, embedding FROM kb_chunks WHERE "
		"client = ?1 AND embedding IS NOT NULL", err);
	if (!st) {
		free(q);
		json_decref(fused);
		return -1;
	}
	wa_ws_bind(st, "s", client);
	sims = json_array();
	while (sqlite3_step(st) == SQLITE_ROW) {
		if ((size_t)sqlite3_column_bytes(st, 1) != dim * sizeof(float))
			continue;
		json_array_append_new(sims, json_pack("[I, f, f]",
			(json_int_t)sqlite3_column_int64(st, 0),
			wa_kb_embed_cosine(q, sqlite3_column_blob(st, 1), dim), 0.0));
	}
	sqlite3_reset(st);
	free(q);
	by_score(sims);
	/* key -> [id, fused score, coverage] */
	json_array_foreach(order, i, o) {
		snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_array_get(o, 0)));
		json_object_set_new(fused, key, json_pack("[O, f, O]", json_array_get(o, 0),
			1.0 / (RRF_K + (double)i + 1), json_array_get(o, 2)));
	}
	for (i = 0; i < json_array_size(sims) && i < 50; i++) {
		json_t *s = json_array_get(sims, i);
		snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_array_get(s, 0)));
		json_t *f = json_object_get(fused, key);
		if (!f)
			json_object_set_new(fused, key, f = json_pack("[O, f, f]", json_array_get(s, 0),
				0.0, 0.0));
		json_array_set_new(f, 1, json_real(json_real_value(json_array_get(f, 1)) +
			1.0 / (RRF_K + (double)i + 1)));
	}
	json_decref(sims);
	json_array_clear(order);
	const char *k;
	json_object_foreach(fused, k, o)
		json_array_append(order, o);
	json_decref(fused);
	by_score(order);
	return 0;
}

/* the chunks of order ([id, score, coverage], best first) into out, up
 * to n results in all, each with the passage that answers */
static int add_chunks(wa_ws *ws, json_t *order, json_t *concepts, const char *query,
	const char *answer, int n, json_t *out, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT c.text, d.source, d.title, c.lang FROM "
		"kb_chunks c JOIN kb_documents d ON d.id = c.document WHERE c.id = ?1", err);

	if (!st)
		return -1;
	for (size_t r = 0; r < json_array_size(order) && (int)json_array_size(out) < n; r++) {
		json_t *o = json_array_get(order, r);
		sqlite3_bind_int64(st, 1, json_integer_value(json_array_get(o, 0)));
		if (sqlite3_step(st) == SQLITE_ROW) {
			const char *text = (const char *)sqlite3_column_text(st, 0);
			const char *source = (const char *)sqlite3_column_text(st, 1);
			const char *title = (const char *)sqlite3_column_text(st, 2);
			const char *lang = (const char *)sqlite3_column_text(st, 3);
			char *passage = wa_kb_passage_new(text, title, source, lang, concepts, query,
				answer);
			json_t *hit = json_pack("{s:s, s:s, s:s?, s:s?, s:s, s:f, s:f, s:i}",
				"text", text, "source", source, "title", title, "lang", lang,
				"passage", passage, "score",
				round(json_real_value(json_array_get(o, 1)) * 1e6) / 1e6, "coverage",
				round(json_real_value(json_array_get(o, 2)) * 1e3) / 1e3, "rank",
				(int)json_array_size(out) + 1);
			/* "free returns" of "free shipping" and "returns": this chunk
			 * does not say it */
			const char *apart = wa_kb_apart(text, lang, concepts);
			if (apart)
				json_object_set_new(hit, "apart", json_string(apart));
			json_array_append_new(out, hit);
			free(passage);
		}
		sqlite3_reset(st);
	}
	return 0;
}

json_t *wa_kb_search_new(wa_ws *ws, const char *client, const char *query, int n,
	const wa_kb_embed *e, wa_err *err)
{
	char lang[8];
	const char *answer;
	json_t *concepts = wa_kb_concepts_new(ws, client, query ? query : "", lang, &answer);
	json_t *order, *out = NULL, *g = NULL, *missing = json_array();

	double chunks = weigh(ws, client, concepts, lang, missing);
	if (!(order = rank_terms(ws, client, concepts, chunks, lang, answer, err)) ||
	    (e && e->model && fuse_vectors(ws, client, query ? query : "", e, order, err)))
		goto done;
	json_t *words = wa_kb_words_new(query ? query : "");
	if (n > 0 && !(g = wa_kb_graph_answer_new(ws, client, words, query ? query : "", err)) && err->code) {
		json_decref(words);
		goto done;
	}
	json_decref(words);
	out = json_array();
	if (g)
		json_array_append_new(out, g);
	if (add_chunks(ws, order, concepts, query ? query : "", answer, n, out, err)) {
		json_decref(out);
		out = NULL;
	}
	size_t i;
	json_t *hit;
	json_array_foreach(out, i, hit)
		if (json_array_size(missing))
			json_object_set(hit, "missing", missing);
done:
	json_decref(missing);
	json_decref(order);
	json_decref(concepts);
	return out;
}
