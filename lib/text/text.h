/* text.h - analysis of natural-language text: words and sentences,
 * language identification (libexttextcat), stop words and stems
 * (Snowball's libstemmer), key phrases (YAKE, Campos et al., 2020) and
 * an extractive summary.  Deterministic: the same text gives the same
 * answer. */
#ifndef WA_TEXT_H
#define WA_TEXT_H

#include <jansson.h>
#include <stddef.h>

/* The language of text as ISO 639-1 ("en"), or "" when the text is too
 * short or the classifier is unsure. */
void wa_text_language(const char *text, char out[8]);
/* 1 when word (lower case) is a stop word of lang ("en"; others fall
 * back to English). */
int wa_text_stopword(const char *lang, const char *word);

/* The key phrases of text (1 to 3 words, no stop word among them),
 * best first: [{"phrase", "score", "count"}], score YAKE's (lower is
 * better).  At most max.  A new array. */
json_t *wa_keyphrases_new(const char *text, const char *lang, int max);

/* Up to max sentences of text that carry its key phrases best, in
 * their original order, joined by spaces.  A new string. */
char *wa_summary_new(const char *text, const char *lang, json_t *keyphrases, int max);

/* Words of text, lower case, into a NULL-terminated array (free each,
 * then the array); *n their number. */
char **wa_text_words_new(const char *text, size_t *n);

#endif
