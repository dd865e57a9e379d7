/* keyphrases.h - the key phrases of a text, by YAKE (Campos et al.,
 * 2020): unsupervised, one document at a time, deterministic. */
#ifndef WA_KEYPHRASES_H
#define WA_KEYPHRASES_H

#include <jansson.h>

/* The key phrases of text (1 to 3 words, no stop word among them),
 * best first: [{"phrase", "score", "count"}], score YAKE's (lower is
 * better).  At most max.  A new array. */
json_t *wa_keyphrases_new(const char *text, const char *lang, int max);

#endif
