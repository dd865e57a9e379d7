/* intents.h - the offline model's understanding of which intent an
 * utterance is, from example utterances, robust to typos and word order;
 * and which topic it names.  when.h reads its dates and times, slot.h
 * the values it gives. */
#ifndef WA_INTENTS_H
#define WA_INTENTS_H

#include <jansson.h>

typedef struct wa_intents wa_intents;

/* From {"intent": ["example", ...], ...}. */
wa_intents *wa_intents_new(json_t *examples);
void wa_intents_free(wa_intents *m);
/* The best intent for text and its confidence (0..1), or NULL when none
 * reaches threshold; runner_up (may be NULL) gets the second score. */
const char *wa_intents_classify(const wa_intents *m, const char *text, double threshold,
	double *confidence, double *runner_up);

/* The first of topics (strings) whose every word text says, words
 * compared by their English stems ("prescriptions" meets "prescription"),
 * or NULL.  The string returned is topics'. */
const char *wa_intents_topic(json_t *topics, const char *text);

/* 1 when text asks for a person of the business ("get me a real human",
 * "can I talk to someone", "put me through to the front desk"): a word
 * for one and a verb of asking for one, or "real person" and the like
 * (schemas/data/person-requests.json); "I need someone to look at my
 * tooth" asks for none. */
int wa_intents_asks_person(const char *text);

/* 1 when text complains or asks for its money back ("this is
 * ridiculous", "I want a refund"): schemas/data/complaints.json. */
int wa_intents_complaint(const char *text);

#endif
