/* kb_int.h - what the files of the knowledge base share, and nothing
 * outside them uses. */
#ifndef WA_KB_INT_H
#define WA_KB_INT_H

#include <jansson.h>
#include <sqlite3.h>

#include "agent/kb.h"
#include "base/buf.h"
#include "base/err.h"
#include "ws/ws.h"

/* kb.c */
/* The words of q, lower case, without stop words: a new array. */
json_t *wa_kb_words_new(const char *q);
/* How many of words name's words are, or share a stem with (implants,
 * implant). */
int wa_kb_mentions(json_t *words, const char *name);

/* kb_terms.c */
/* The language of a text (ISO 639-1): the classifier's when the text is
 * long enough for it to be sure, else the one whose stop words it uses
 * most; on a tie hint (a client's language), else "en". */
void wa_kb_lang(const char *text, const char *hint, char out[8]);
/* The same by stop words alone: cheap, for the chunks of a document the
 * classifier has read. */
void wa_kb_lang_by_words(const char *text, const char *hint, char out[8]);
/* wa_kb_add, for a document expected in language hint (NULL: none). */
int wa_kb_add_in(wa_ws *ws, const char *client, const char *source, const char *title,
	const char *text, const char *hint, const wa_kb_embed *e, wa_err *err);
/* Snowball's name of lang's stemmer ("german"); English when none. */
const char *wa_kb_stemmer(const char *lang);
/* text's index terms in lang appended to out, space-separated: each
 * word not a stop word, stemmed, marks and hyphens folded away
 * ("Rücksendeetikett": rucksendeetikett); each such word as written, in
 * lower case, given to each (when not NULL) too. */
void wa_kb_terms(const char *text, const char *lang, wa_buf *out,
	void (*each)(const char *word, void *user), void *user);
/* A question's concepts: [{"word", "alts": {term: weight}, "weight"}...]
 * with the terms each content word could be found by; lang gets the
 * question's language, *answer the kind of value that answers it
 * ("money", "phone": the lexicon's) or NULL. */
json_t *wa_kb_concepts_new(wa_ws *ws, const char *client, const char *text, char lang[8],
	const char **answer);
/* 1 when text holds a value of the kind answer names: an amount of
 * money ("$450", "4,95 €", "750.00 GBP"), a phone number. */
int wa_kb_has_answer(const char *text, const char *answer);

/* 1 when a word of a question that nothing in the knowledge base
 * answers names a thing of its own, which the question is then about (a
 * rare noun by WordNet's counts, a word WordNet does not know, a word
 * written with a capital in the middle of a sentence), 0 when it is a
 * common word ("number", "really"). */
int wa_kb_names_thing(const char *word, const char *lang, int upper);

/* The number of the client's chunks, and in langs the languages they
 * are in; read again only when the workspace has changed. */
double wa_kb_client_stats(wa_ws *ws, const char *client, char langs[7][8], int *nlangs);
/* A number that changes whenever wa_kb_client_stats reads again: what is
 * kept from the workspace is kept while it stays the same. */
long long wa_kb_generation(void);

/* kb_search.c */
/* The number of chunks with term (all clients'). */
long long wa_kb_df(wa_ws *ws, const char *term);
/* The BM25 score of terms (len of them; avg the mean length) for the
 * weighed concepts, each by its best term; *cover the share of the
 * concepts' weight matched, *rank_cover (when not NULL) the same with the
 * question word's concept counted. */
double wa_kb_score_terms(json_t *concepts, const char *terms, double len, double avg,
	double *cover, double *rank_cover);

/* kb_passage.c */
/* What answers the question in a chunk: the best sentence, list items or
 * FAQ answer (see kb_passage.c): a new string. */
/* "do you offer free returns?": the word of concepts that says which of
 * the next is asked about ("modifies") when text says it, but never in a
 * sentence with the next (free shipping in one, returns in another), or
 * NULL */
const char *wa_kb_apart(const char *text, const char *lang, json_t *concepts);
char *wa_kb_passage_new(const char *text, const char *title, const char *source,
	const char *lang, json_t *concepts, const char *query, const char *answer);

/* kb_embed.c */
/* The embeddings of texts (an array of strings): a new array of arrays
 * of numbers, or NULL with err (69). */
json_t *wa_kb_embed_texts_new(const wa_kb_embed *e, json_t *texts, wa_err *err);
/* Bind the vector v (an array of numbers) to parameter i as float32s. */
void wa_kb_embed_bind(sqlite3_stmt *st, int i, json_t *v);
double wa_kb_embed_cosine(const float *a, const float *b, size_t n);

/* kb_graph.c */
/* The graph's answer for a query (words: its words), or NULL: a person
 * only when the query names them, or asks who and names their role. */
json_t *wa_kb_graph_answer_new(wa_ws *ws, const char *client, json_t *words, const char *query,
	wa_err *err);
/* The graph of a client (its dossier's client section) from research's
 * facts.  0, or -1 with err. */
int wa_kb_graph_research(wa_ws *ws, json_t *client, json_t *facts, wa_err *err);
/* The first page a research fact was found on, or NULL. */
const char *wa_kb_first_source(json_t *fact);
/* An address fact's value on one line, appended to out. */
void wa_kb_address_line(json_t *v, wa_buf *out);

#endif
