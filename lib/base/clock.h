/* clock.h - time for records and traces: RFC 3339 UTC timestamps that
 * honour SOURCE_DATE_EPOCH (reproducible-builds.org), and durations.
 */
#ifndef WA_CLOCK_H
#define WA_CLOCK_H

#include <stdint.h>

#include "base/err.h"

#define WA_TIME_MAX 32          /* "2026-11-24T17:45:58.123Z" and NUL */

/* Read SOURCE_DATE_EPOCH once; an invalid value is an error (78). */
int wa_clock_init(wa_err *err);
/* 1 when SOURCE_DATE_EPOCH fixes the clock. */
int wa_clock_fixed(void);
/* Milliseconds since the epoch, or SOURCE_DATE_EPOCH * 1000. */
int64_t wa_clock_now_ms(void);
/* The real clock in milliseconds, whatever SOURCE_DATE_EPOCH says (for
 * deadlines, never for records). */
int64_t wa_clock_real_ms(void);
/* Monotonic milliseconds, for intervals only. */
int64_t wa_clock_mono_ms(void);

/* Format as "YYYY-MM-DDTHH:MM:SS.mmmZ". */
void wa_clock_format(int64_t ms, char out[WA_TIME_MAX]);
void wa_clock_now_text(char out[WA_TIME_MAX]);
/* Parse an RFC 3339 date-time (any offset) or a full-date (midnight UTC). */
int wa_clock_parse(const char *s, int64_t *ms);
/* Parse "90s", "15m", "12h", "7d", "2w" (a bare number is seconds). */
int wa_clock_parse_duration(const char *s, int64_t *ms);

/* Days since 1970-01-01 of y-m-d (proleptic Gregorian), and back; the
 * days of month m of year y. */
int64_t wa_clock_days(int64_t y, int m, int d);
void wa_clock_civil(int64_t n, int *y, int *m, int *d);
int wa_clock_month_days(int y, int m);

/* The country (ISO 3166 alpha-2, "US") of an IANA time zone
 * ("America/Chicago"), from the system's zone.tab ($TZDIR or
 * /usr/share/zoneinfo); 0, or -1 when it names none. */
int wa_clock_zone_country(const char *zone, char out[3]);

#endif
