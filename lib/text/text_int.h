/* text_int.h - what text.c shares with keyphrases.c and summary.c, and
 * nothing outside lib/text uses: the tokenizer. */
#ifndef WA_TEXT_INT_H
#define WA_TEXT_INT_H

#include "text/text.h"

typedef struct wa_text_token {
	char *lower, *stem, *surface;
	int sentence;
	int upper;              /* starts upper case, not at a sentence start */
	int acronym;            /* all capitals, two letters or more */
	int stop;
	int boundary;           /* punctuation before it: no phrase across */
} wa_text_token;

typedef struct wa_text_tokens {
	wa_text_token *t;
	size_t n, cap;
	int sentences;
} wa_text_tokens;

/* The words of text, with their stems in lang's Snowball stemmer
 * (English when lang has none), sentence numbers and what the case and
 * punctuation around them say. */
void wa_text_tokenize(const char *text, const char *lang, wa_text_tokens *out);
void wa_text_tokens_free(wa_text_tokens *ts);
/* s (len bytes) in lower case, ASCII and Latin-1 letters; new. */
char *wa_text_lower_new(const char *s, size_t len);

#endif
