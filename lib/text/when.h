/* when.h - dates and times in plain phrases ("next Tuesday at 3pm")
 * against a time zone. */
#ifndef WA_WHEN_H
#define WA_WHEN_H

#include <stdint.h>

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

#endif
