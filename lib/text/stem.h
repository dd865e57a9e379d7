/* stem.h - word stems by the Snowball stemmers (libstemmer, loaded when
 * a first stemmer is made: base/lazy.h). */
#ifndef WA_STEM_H
#define WA_STEM_H

typedef struct wa_stem wa_stem;

/* A stemmer for language, by Snowball's name ("english", "german"), or
 * NULL when Snowball has none. */
wa_stem *wa_stem_new(const char *language);
/* The stem of word (len bytes of lower-case UTF-8), *n bytes long:
 * borrowed until the next call with st; NULL when there is none. */
const char *wa_stem_word(wa_stem *st, const char *word, int len, int *n);
void wa_stem_free(wa_stem *st);

#endif
