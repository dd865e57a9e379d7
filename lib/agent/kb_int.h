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

/* kb_embed.c */
/* The embeddings of texts (an array of strings): a new array of arrays
 * of numbers, or NULL with err (69). */
json_t *wa_kb_embed_texts_new(const wa_kb_embed *e, json_t *texts, wa_err *err);
/* Bind the vector v (an array of numbers) to parameter i as float32s. */
void wa_kb_embed_bind(sqlite3_stmt *st, int i, json_t *v);
double wa_kb_embed_cosine(const float *a, const float *b, size_t n);

/* kb_graph.c */
/* The graph's answer for a query's words, or NULL. */
json_t *wa_kb_graph_answer_new(wa_ws *ws, const char *client, json_t *words, wa_err *err);
/* The graph of a client (its dossier's client section) from research's
 * facts.  0, or -1 with err. */
int wa_kb_graph_research(wa_ws *ws, json_t *client, json_t *facts, wa_err *err);
/* The first page a research fact was found on, or NULL. */
const char *wa_kb_first_source(json_t *fact);
/* An address fact's value on one line, appended to out. */
void wa_kb_address_line(json_t *v, wa_buf *out);

#endif
