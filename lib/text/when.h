/* when.h - dates and times in plain phrases ("next Tuesday at 3pm",
 * "the 14th", "Friday week", "between 2 and 4 pm", "tomorrow morning")
 * against a time zone.  Measured on Duckling's English time corpus
 * (build/tools/when-eval).
 *
 * Readings a booking needs where Duckling reads otherwise: an hour said
 * without am or pm is read within a working day (1 to 6 is the
 * afternoon, 7 to 11 the morning, 12 noon) unless the words around it
 * say otherwise ("in the evening", "tonight"); a time that has passed
 * today, with no day said, is tomorrow's; "in N days" is a day, not an
 * hour from now.  A day's or a month's name misspelt by one letter
 * ("tomorow", "thrusday", "decmber") is read as the name. */
#ifndef WA_WHEN_H
#define WA_WHEN_H

#include <stdint.h>

enum { WA_WHEN_INSTANT, WA_WHEN_INTERVAL, WA_WHEN_AFTER, WA_WHEN_BEFORE };
enum { WA_WHEN_MINUTE, WA_WHEN_HOUR, WA_WHEN_DAY };
#define WA_WHEN_SPANS 8

typedef struct wa_when {
	int found;              /* a date or a time was found */
	int dated;              /* a day was said ("today", "the 14th"), not implied */
	int impossible;         /* a day a month does not have was said ("the 31st
				 * of November", "2/30"): set whatever was found */
	int alt_year, alt_month, alt_day;       /* the other reading of a day said
						 * ambiguously ("next Friday" on a
						 * Wednesday: the coming one), else 0 */
	int year, month, day;   /* the date (always set when found) */
	int hour, minute;       /* -1 when no time was said; for a part of a
				 * day, the time it usually means (morning 9:00) */
	int kind;               /* WA_WHEN_INSTANT, an interval [start, end), or
				 * open: after or before the instant */
	int grain;              /* what was said: a minute, an hour or a day */
	int end_year, end_month, end_day, end_hour, end_minute;  /* an interval's end */
	int part;               /* a part of a day was said (morning, evening): the
				 * interval is from part_start:00 */
	int part_start;
	int start, end;         /* where in the text, in bytes, from the first
				 * word used to the last */
	int spans[WA_WHEN_SPANS][2], nspans;    /* the stretches of words used
						 * ("friday ... at 10": two) */
} wa_when;

/* The first date and/or time in text, relative to now_ms in time zone tz
 * (an IANA name such as "Europe/London"; NULL or "" is UTC).  Returns
 * out->found; out->impossible may be set either way. */
int wa_when_parse(const char *text, int64_t now_ms, const char *tz, wa_when *out);

/* The local date and minute of the day at now_ms in tz. */
void wa_when_now(int64_t now_ms, const char *tz, int *year, int *month, int *day, int *minute);

#endif
