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

/* A phrase being read: its words, now and the day found, the time
 * found, and the span of text they came from. */
typedef struct reading {
	tok t[64];
	size_t n;
	struct tm now, day;
	int have_date, hour, minute, start, end;
} reading;

/* words i to j are part of the phrase */
static void span(reading *r, size_t i, size_t j)
{
	if (r->start < 0 || r->t[i].start < r->start)
		r->start = r->t[i].start;
	if (r->t[j].end > r->end)
		r->end = r->t[j].end;
}

static const char *word(const reading *r, size_t i)
{
	return i < r->n ? r->t[i].w : NULL;
}

/* A date relative to today at word i: today, tonight, (the day after)
 * tomorrow, (this, next) Monday, next week, in N days or weeks.  The
 * words used after i, or -1 when it is none. */
static int relative_date(reading *r, size_t i)
{
	const char *w = r->t[i].w, *next = word(r, i + 1), *prev = i ? r->t[i - 1].w : "";
	int v, wd;

	if (!strcmp(w, "today") || !strcmp(w, "tonight")) {
		if (!strcmp(w, "tonight") && r->hour < 0)
			r->hour = 19;
		span(r, i, i);
		return 0;
	}
	if (!strcmp(w, "tomorrow")) {
		int after = i >= 2 && !strcmp(prev, "after") && !strcmp(r->t[i - 2].w, "day");
		add_days(&r->day, after ? 2 : 1);
		span(r, after ? i - 2 : i, i);
		return 0;
	}
	if ((wd = weekday_of(w)) >= 0) {
		int this = !strcmp(prev, "this");
		int ahead = (wd - r->now.tm_wday + 7) % 7;
		if (ahead == 0 && !this)
			ahead = 7;
		add_days(&r->day, ahead);
		span(r, i > 0 && (this || !strcmp(prev, "next")) ? i - 1 : i, i);
		return 0;
	}
	if (!strcmp(w, "next") && next && !strcmp(next, "week")) {
		int monday = (8 - r->now.tm_wday) % 7;
		add_days(&r->day, monday ? monday : 7);
		span(r, i, i + 1);
		return 1;
	}
	if (!strcmp(w, "in") && next && i + 2 < r->n && (number(next, &v) ||
	    (!strcmp(next, "a") && (v = 1))) &&
	    (!strncmp(r->t[i + 2].w, "day", 3) || !strncmp(r->t[i + 2].w, "week", 4))) {
		add_days(&r->day, v * (strncmp(r->t[i + 2].w, "week", 4) ? 1 : 7));
		span(r, i, i + 2);
		return 2;
	}
	return -1;
}

/* The year after a day and month at word i: the one said, or the next
 * such date from today.  The words used after i. */
static int year_after(reading *r, size_t i)
{
	int y;

	if (i + 1 < r->n && number(r->t[i + 1].w, &y) && y >= 1900 && y <= 2999) {
		r->day.tm_year = y - 1900;
		span(r, i + 1, i + 1);
		return 1;
	}
	r->day.tm_year = r->now.tm_year;
	if (r->day.tm_mon < r->now.tm_mon || (r->day.tm_mon == r->now.tm_mon &&
	    r->day.tm_mday < r->now.tm_mday))
		r->day.tm_year++;
	return 0;
}

/* A calendar date at word i: 2026-12-01, "1 December [2026]", "December
 * 1st [2026]".  The words used after i, or -1 when it is none. */
static int calendar_date(reading *r, size_t i)
{
	const char *w = r->t[i].w, *next = word(r, i + 1);
	int y, mth, d, v, mo;

	if (sscanf(w, "%4d-%2d-%2d", &y, &mth, &d) == 3 && mth >= 1 && mth <= 12 && d >= 1 &&
	    d <= 31) {
		r->day.tm_year = y - 1900, r->day.tm_mon = mth - 1, r->day.tm_mday = d;
		span(r, i, i);
		return 0;
	}
	if (!next || !((number(w, &v) && (mo = month_of(next)) >= 0) ||
	    ((mo = month_of(w)) >= 0 && number(next, &v))) || v < 1 || v > 31)
		return -1;
	r->day.tm_mon = mo, r->day.tm_mday = v;
	span(r, i, i + 1);
	return 1 + year_after(r, i + 1);
}

/* A time at word i: 3pm, 3:30 pm, 15:00, at 9, noon, the morning.  The
 * words used after i, or -1 when it is none. */
static int time_of(reading *r, size_t i)
{
	static const struct { const char *w; int h; } named[] = { { "noon", 12 },
		{ "midday", 12 }, { "midnight", 0 }, { "morning", 9 }, { "afternoon", 14 },
		{ "evening", 18 } };
	const char *w = r->t[i].w, *next = word(r, i + 1), *after = word(r, i + 2);
	int h, m, v, used;

	if (clock_word(w, next, &h, &m, &used)) {
		r->hour = h, r->minute = m;
		span(r, i > 0 && !strcmp(r->t[i - 1].w, "at") ? i - 1 : i, used ? i + 1 : i);
		return used;
	}
	if (!strcmp(w, "at") && next && number(next, &v) && v >= 0 && v <= 23 &&
	    !strchr(next, ':') && !(after && (!strcmp(after, "pm") || !strcmp(after, "am")))) {
		r->hour = v, r->minute = 0;
		span(r, i, i + 1);
		return 1;
	}
	for (size_t k = 0; k < sizeof named / sizeof *named; k++)
		if (!strcmp(w, named[k].w)) {
			r->hour = named[k].h, r->minute = 0;
			span(r, i, i);
			return 0;
		}
	return -1;
}

int wa_when_parse(const char *text, int64_t now_ms, const char *tz, wa_when *out)
{
	reading r = { .hour = -1, .start = -1, .end = -1 };
	int used;

	memset(out, 0, sizeof *out);
	out->hour = out->minute = -1;
	r.n = tokens(text, r.t, 64);
	local_now(now_ms, tz, &r.now);
	r.day = r.now;
	for (size_t i = 0; i < r.n; i++) {
		if (!r.have_date && ((used = relative_date(&r, i)) >= 0 ||
		    (used = calendar_date(&r, i)) >= 0)) {
			r.have_date = 1;
			i += (size_t)used;
		} else if (r.hour < 0 && (used = time_of(&r, i)) >= 0) {
			i += (size_t)used;
		}
	}
	if (!r.have_date && r.hour < 0)
		return 0;
	if (!r.have_date && (r.hour < r.now.tm_hour || (r.hour == r.now.tm_hour &&
	    r.minute <= r.now.tm_min)))
		add_days(&r.day, 1);    /* a time that has passed today is tomorrow's */
	out->found = 1;
	out->year = r.day.tm_year + 1900;
	out->month = r.day.tm_mon + 1;
	out->day = r.day.tm_mday;
	out->hour = r.hour;
	out->minute = r.hour >= 0 ? r.minute : -1;
	out->start = r.start;
	out->end = r.end;
	return 1;
}
