/* summary.h - an extractive summary: the sentences that carry a text's
 * key phrases best. */
#ifndef WA_SUMMARY_H
#define WA_SUMMARY_H

#include <jansson.h>

/* Up to max sentences of text that carry its key phrases best, in
 * their original order, joined by spaces.  A new string. */
char *wa_summary_new(const char *text, const char *lang, json_t *keyphrases, int max);

#endif
