/* text.h - natural-language text: words, language identification
 * (libexttextcat), stop words and stems (Snowball's libstemmer), under
 * keyphrases.h and summary.h.  Deterministic: the same text gives the
 * same answer. */
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

/* Words of text, lower case, into a NULL-terminated array (free each,
 * then the array); *n their number. */
char **wa_text_words_new(const char *text, size_t *n);

/* 1 when one of the words of text (lower case) is one of words (a
 * NULL-terminated list, lower case). */
int wa_text_has_word(const char *text, const char *const *words);
/* 1 when the first word of text (lower case) is one of words ("can I...":
 * a yes-or-no question; "how much...": a question word's). */
int wa_text_opens_with(const char *text, const char *const *words);

/* The edit distance of a and b (insertions, deletions, substitutions and
 * swaps of neighbours: optimal string alignment), or most + 1 when it is
 * more than most or either is 64 bytes or longer. */
int wa_text_edits(const char *a, const char *b, int most);

#endif
