/* nlu.h - the offline model's understanding: which intent an utterance
 * is (from example utterances, robust to typos and word order) and
 * dates and times in plain phrases ("next Tuesday at 3pm") against a
 * time zone. */
#ifndef WA_NLU_H
#define WA_NLU_H

#include <jansson.h>
#include <stdint.h>

/* ---- intents ---- */

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

/* ---- dates and times ---- */

typedef struct wa_when {
	int found;              /* a date or a time was found */
	int year, month, day;   /* the date (always set when found) */
	int hour, minute;       /* -1 when no time was said */
	int start, end;         /* where in the text, in bytes */
} wa_when;

/* The first date and/or time in text, relative to now_ms in time zone tz
 * (an IANA name such as "Europe/London"; NULL or "" is UTC).  Phrases:
 * today, tonight, tomorrow, the day after tomorrow, [this|next] WEEKDAY
 * (the next one after today; "this" allows today), in N days / weeks,
 * next week (its Monday), 2026-12-01, 1 December [2026], December 1[st];
 * times 3pm, 3:30 pm, 15:00, at 15, noon, midday, midnight, morning
 * (09:00), afternoon (14:00), evening (18:00).  A time alone means today,
 * or tomorrow when it has passed.  Returns out->found. */
int wa_when_parse(const char *text, int64_t now_ms, const char *tz, wa_when *out);

/* ---- slots ---- */

/* The value of a slot of type (date, time, datetime, phone, email, name,
 * number, choice, text) in text, as a new JSON value, or NULL when text
 * has none: dates "YYYY-MM-DD", times "HH:MM", datetimes
 * "YYYY-MM-DDTHH:MM" (both said), phones their digits with a leading +
 * kept, numbers integers, choices the choice (of choices, an array)
 * nearest the text.  now_ms and tz as for wa_when_parse.  asked: the
 * text answers a question about this slot, so a name or text may be the
 * whole reply. */
json_t *wa_slot_value_new(const char *type, json_t *choices, const char *text, int64_t now_ms,
	const char *tz, int asked);

#endif
