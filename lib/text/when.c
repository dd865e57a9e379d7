/* when.c - dates and times in plain phrases: see when.h. */
#include "text/when.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/mem.h"

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

/* now in tz: the local date and time */
static void local_now(int64_t now_ms, const char *tz, struct tm *tm)
{
	time_t t = (time_t)(now_ms / 1000);

	pthread_mutex_lock(&tz_lock);
	char *old = getenv("TZ") ? wa_mem_strdup(getenv("TZ")) : NULL;
	setenv("TZ", tz && *tz ? tz : "UTC", 1);
	tzset();
	localtime_r(&t, tm);
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
	pthread_mutex_unlock(&tz_lock);
}

static void add_days(struct tm *tm, int days)
{
	struct tm t = *tm;

	t.tm_mday += days;
	t.tm_hour = 12;         /* away from any daylight-saving edge */
	t.tm_isdst = -1;
	time_t s = timegm(&t);
	gmtime_r(&s, &t);
	tm->tm_year = t.tm_year, tm->tm_mon = t.tm_mon, tm->tm_mday = t.tm_mday;
	tm->tm_wday = t.tm_wday;
}

static const char *const weekdays[7] = { "sunday", "monday", "tuesday", "wednesday",
	"thursday", "friday", "saturday" };
static const char *const months[12] = { "january", "february", "march", "april", "may",
	"june", "july", "august", "september", "october", "november", "december" };

static int weekday_of(const char *w)
{
	static const char *const short_names[] = { "tues", "weds", "thur", "thurs", NULL };
	static const int short_days[] = { 2, 3, 4, 4 };

	for (int i = 0; i < 7; i++)
		if (!strcmp(w, weekdays[i]) || (strlen(w) == 3 && !strncmp(w, weekdays[i], 3)))
			return i;
	for (int i = 0; short_names[i]; i++)
		if (!strcmp(w, short_names[i]))
			return short_days[i];
	return -1;
}

static int month_of(const char *w)
{
	for (int i = 0; i < 12; i++)
		if (!strcmp(w, months[i]) || (strlen(w) == 3 && !strncmp(w, months[i], 3)) ||
		    (!strcmp(w, "sept") && i == 8))
			return i;
	return -1;
}

typedef struct tok {
	char w[32];
	int start, end;
} tok;

static size_t tokens(const char *text, tok *t, size_t max)
{
	size_t n = 0;
	const char *p = text;

	while (*p && n < max) {
		while (*p && !isalnum((unsigned char)*p) && *p != ':')
			p++;
		const char *s = p;
		while (*p && (isalnum((unsigned char)*p) || *p == ':' || (*p == '-' && p > s &&
		    isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1]))))
			p++;
		if (p == s) {
			if (*p)
				p++;
			continue;
		}
		size_t len = (size_t)(p - s) < sizeof t[n].w - 1 ? (size_t)(p - s) : sizeof t[n].w - 1;
		for (size_t i = 0; i < len; i++)
			t[n].w[i] = (char)tolower((unsigned char)s[i]);
		t[n].w[len] = '\0';
		t[n].start = (int)(s - text);
		t[n].end = (int)(p - text);
		n++;
	}
	return n;
}

static int number(const char *w, int *v)
{
	char *end;
	long n = strtol(w, &end, 10);

	if (end == w)
		return 0;
	/* 1st, 2nd, 3rd, 21st */
	if (*end && strcmp(end, "st") && strcmp(end, "nd") && strcmp(end, "rd") && strcmp(end, "th"))
		return 0;
	*v = (int)n;
	return 1;
}

/* "3pm", "3:30pm", "15:00", "15h": hour and minute, or 0 */
static int clock_word(const char *w, const char *next, int *h, int *m, int *used_next)
{
	int hh = -1, mm = 0;
	char suffix[8] = "";

	*used_next = 0;
	if (sscanf(w, "%d:%d%7s", &hh, &mm, suffix) >= 2 || sscanf(w, "%d%7s", &hh, suffix) >= 1) {
		if (!strchr(w, ':') && !suffix[0] && !(next && (!strcmp(next, "pm") ||
		    !strcmp(next, "am"))))
			return 0;       /* a bare number is no time */
		if (!suffix[0] && next && (!strcmp(next, "pm") || !strcmp(next, "am"))) {
			snprintf(suffix, sizeof suffix, "%s", next);
			*used_next = 1;
		}
		if (suffix[0] && strcmp(suffix, "pm") && strcmp(suffix, "am") && strcmp(suffix, "h"))
			return 0;
		if (!strcmp(suffix, "pm") && hh >= 1 && hh <= 11)
			hh += 12;
		if (!strcmp(suffix, "am") && hh == 12)
			hh = 0;
		if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
			return 0;
		*h = hh, *m = mm;
		return 1;
	}
	return 0;
}

int wa_when_parse(const char *text, int64_t now_ms, const char *tz, wa_when *out)
{
	tok t[64];
	size_t n = tokens(text, t, 64);
	struct tm now, day;
	int have_date = 0, hour = -1, minute = 0, start = -1, end = -1;

	memset(out, 0, sizeof *out);
	out->hour = out->minute = -1;
	local_now(now_ms, tz, &now);
	day = now;
#define SPAN(i, j) do { if (start < 0 || t[i].start < start) start = t[i].start; \
	if (t[j].end > end) end = t[j].end; } while (0)
	for (size_t i = 0; i < n; i++) {
		const char *w = t[i].w, *next = i + 1 < n ? t[i + 1].w : NULL;
		int v, wd, mo, used;
		if (!have_date) {
			if (!strcmp(w, "today") || !strcmp(w, "tonight")) {
				have_date = 1;
				if (!strcmp(w, "tonight") && hour < 0)
					hour = 19;
				SPAN(i, i);
				continue;
			}
			if (!strcmp(w, "tomorrow")) {
				int after = i >= 2 && !strcmp(t[i - 1].w, "after") &&
					!strcmp(t[i - 2].w, "day");
				add_days(&day, after ? 2 : 1);
				have_date = 1;
				SPAN(after ? i - 2 : i, i);
				continue;
			}
			if ((wd = weekday_of(w)) >= 0) {
				int this = i > 0 && !strcmp(t[i - 1].w, "this");
				int ahead = (wd - now.tm_wday + 7) % 7;
				if (ahead == 0 && !this)
					ahead = 7;
				add_days(&day, ahead);
				have_date = 1;
				SPAN(i > 0 && (this || !strcmp(t[i - 1].w, "next")) ? i - 1 : i, i);
				continue;
			}
			if (!strcmp(w, "next") && next && !strcmp(next, "week")) {
				add_days(&day, (8 - now.tm_wday) % 7 ? (8 - now.tm_wday) % 7 : 7);
				have_date = 1;
				SPAN(i, i + 1);
				i++;
				continue;
			}
			if (!strcmp(w, "in") && next && i + 2 < n && (number(next, &v) ||
			    (!strcmp(next, "a") && (v = 1))) &&
			    (!strncmp(t[i + 2].w, "day", 3) || !strncmp(t[i + 2].w, "week", 4))) {
				add_days(&day, v * (strncmp(t[i + 2].w, "week", 4) ? 1 : 7));
				have_date = 1;
				SPAN(i, i + 2);
				i += 2;
				continue;
			}
			int y, mth, d;
			if (sscanf(w, "%4d-%2d-%2d", &y, &mth, &d) == 3 && mth >= 1 && mth <= 12 &&
			    d >= 1 && d <= 31) {
				day.tm_year = y - 1900, day.tm_mon = mth - 1, day.tm_mday = d;
				have_date = 1;
				SPAN(i, i);
				continue;
			}
			/* "1 December [2026]" and "December 1st [2026]" */
			if (number(w, &v) && next && (mo = month_of(next)) >= 0 && v >= 1 && v <= 31) {
				day.tm_mon = mo, day.tm_mday = v;
				SPAN(i, i + 1);
				i++;
				goto year;
			}
			if ((mo = month_of(w)) >= 0 && next && number(next, &v) && v >= 1 && v <= 31) {
				day.tm_mon = mo, day.tm_mday = v;
				SPAN(i, i + 1);
				i++;
				goto year;
			}
		}
		if (hour < 0) {
			int h, m;
			if (clock_word(w, next, &h, &m, &used)) {
				hour = h, minute = m;
				SPAN(i > 0 && !strcmp(t[i - 1].w, "at") ? i - 1 : i, used ? i + 1 : i);
				i += (size_t)used;
				continue;
			}
			if (!strcmp(w, "at") && next && number(next, &v) && v >= 0 && v <= 23 &&
			    !strchr(next, ':') && !(i + 2 < n && (!strcmp(t[i + 2].w, "pm") ||
			    !strcmp(t[i + 2].w, "am")))) {
				hour = v, minute = 0;
				SPAN(i, i + 1);
				i++;
				continue;
			}
			static const struct { const char *w; int h; } named[] = { { "noon", 12 },
				{ "midday", 12 }, { "midnight", 0 }, { "morning", 9 },
				{ "afternoon", 14 }, { "evening", 18 } };
			for (size_t k = 0; k < sizeof named / sizeof *named; k++)
				if (!strcmp(w, named[k].w)) {
					hour = named[k].h, minute = 0;
					SPAN(i, i);
				}
		}
		continue;
year:
		{
			int y;
			if (i + 1 < n && number(t[i + 1].w, &y) && y >= 1900 && y <= 2999) {
				day.tm_year = y - 1900;
				SPAN(i + 1, i + 1);
				i++;
			} else {
				/* the next such date from today */
				day.tm_year = now.tm_year;
				if (day.tm_mon < now.tm_mon || (day.tm_mon == now.tm_mon &&
				    day.tm_mday < now.tm_mday))
					day.tm_year++;
			}
			have_date = 1;
		}
	}
#undef SPAN
	if (!have_date && hour < 0)
		return 0;
	if (!have_date && (hour < now.tm_hour || (hour == now.tm_hour && minute <= now.tm_min)))
		add_days(&day, 1);      /* a time that has passed today is tomorrow's */
	out->found = 1;
	out->year = day.tm_year + 1900;
	out->month = day.tm_mon + 1;
	out->day = day.tm_mday;
	out->hour = hour;
	out->minute = hour >= 0 ? minute : -1;
	out->start = start;
	out->end = end;
	return 1;
}
