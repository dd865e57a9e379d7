/* when.c - dates and times in plain phrases: see when.h.
 *
 * The text becomes tokens (words, numbers, punctuation, each knowing
 * whether a space came before it: "3pm" is 3 and pm glued).  At each
 * token the readers below try what may start there (a range of times, a
 * date, a time of day, a part of a day, "in two hours"); the first of
 * each kind is kept, and what was found is put together at the end: a
 * date and a time, a part of a day on a date, an interval, or a time
 * alone (today's, or tomorrow's once it has passed).  Days are counted
 * as days since 1970-01-01 of the proleptic Gregorian calendar. */
#include "text/when.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/mem.h"
#include "text/when_int.h"

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

void wa_when_now(int64_t now_ms, const char *tz, int *year, int *month, int *day, int *minute)
{
	struct tm now;

	local_now(now_ms, tz, &now);
	*year = now.tm_year + 1900, *month = now.tm_mon + 1, *day = now.tm_mday;
	*minute = now.tm_hour * 60 + now.tm_min;
}

/* ---- days ---- */

/* 0 Sunday .. 6 Saturday */
int wa_when_weekday(long n)
{
	return (int)(((n % 7) + 11) % 7);
}

/* ---- tokens ---- */

/* The names a customer misspells, long enough that one letter off is
 * still the name and no other word (not "march", "may", "sun"). */
static const char *const spelt[] = { "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "tomorrow", "january", "february", "august", "september",
	"october", "november", "december", NULL };

/* 1 when a and b are one letter apart: one left out, added, changed, or
 * two side by side swapped */
static int one_off(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i = 0;

	if (la + 1 < lb || lb + 1 < la)
		return 0;
	while (i < la && i < lb && a[i] == b[i])
		i++;
	if (la == lb)
		return !strcmp(a + i + 1, b + i + 1) ||
			(i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
			 !strcmp(a + i + 2, b + i + 2));
	return la > lb ? !strcmp(a + i + 1, b + i) : !strcmp(a + i, b + i + 1);
}

/* a misspelt name in w made right ("thrusday" is "thursday"); a plural
 * ("fridays") is no misspelling */
static void spell(char *w)
{
	size_t n = strlen(w);

	if (n < 6)
		return;
	for (int i = 0; spelt[i]; i++) {
		size_t k = strlen(spelt[i]);
		if (!strcmp(w, spelt[i]) || (n == k + 1 && w[k] == 's' && !strncmp(w, spelt[i], k)))
			return;
	}
	for (int i = 0; spelt[i]; i++)
		if (one_off(w, spelt[i])) {
			strcpy(w, spelt[i]);
			return;
		}
}

static int tokenize(const char *text, tok *t, int max)
{
	int n = 0;
	const unsigned char *s = (const unsigned char *)text, *p = s;

	while (*p && n < max) {
		const unsigned char *b = p;
		int glued = n > 0 && p > s && !isspace(p[-1]);
		if (isspace(*p)) {
			p++;
			continue;
		}
		if (isdigit(*p))
			while (isdigit(*p))
				p++;
		else if (isalpha(*p) || *p >= 0x80)
			while (isalpha(*p) || *p >= 0x80 || (*p == '\'' && isalpha(p[1]) && p > b))
				p++;
		else
			p++;
		size_t len = (size_t)(p - b) < sizeof t[n].w - 1 ? (size_t)(p - b) : sizeof t[n].w - 1;
		for (size_t i = 0; i < len; i++)
			t[n].w[i] = (char)tolower(b[i]);
		t[n].w[len] = '\0';
		if (isalpha(*b))
			spell(t[n].w);
		t[n].start = (int)(b - s);
		t[n].end = (int)(p - s);
		t[n].glued = glued;
		t[n].num = -1;
		if (isdigit(*b) && p - b <= 9)
			t[n].num = atoi(t[n].w);
		t[n].ndig = isdigit(*b) ? (int)(p - b) : 0;
		n++;
	}
	return n;
}

/* ---- Spanish ---- */

/* Spanish words of dates and times, as the English words the readers
 * know: "el viernes a las 10" is read as "friday at 10", "mañana a las 4
 * de la tarde" as "tomorrow at 4 pm", "el 17 de diciembre" as "17
 * december". */
static const char *const es[][2] = {
	{ "lunes", "monday" }, { "martes", "tuesday" }, { "miércoles", "wednesday" },
	{ "miercoles", "wednesday" }, { "jueves", "thursday" }, { "viernes", "friday" },
	{ "sábado", "saturday" }, { "sabado", "saturday" }, { "domingo", "sunday" },
	{ "hoy", "today" }, { "mañana", "tomorrow" }, { "manana", "tomorrow" },
	{ "enero", "january" }, { "febrero", "february" }, { "marzo", "march" },
	{ "abril", "april" }, { "mayo", "may" }, { "junio", "june" }, { "julio", "july" },
	{ "agosto", "august" }, { "septiembre", "september" }, { "setiembre", "september" },
	{ "octubre", "october" }, { "noviembre", "november" }, { "diciembre", "december" },
	{ "mediodía", "noon" }, { "mediodia", "noon" }, { "próximo", "next" },
	{ "proximo", "next" }, { "próxima", "next" }, { "proxima", "next" },
};

static const char *english(const char *w)
{
	for (size_t i = 0; i < sizeof es / sizeof *es; i++)
		if (!strcmp(w, es[i][0]))
			return es[i][1];
	return NULL;
}

static void drop(tok *t, int *n, int i)
{
	memmove(t + i, t + i + 1, (size_t)(*n - i - 1) * sizeof *t);
	(*n)--;
}

/* "de la tarde" after a time is pm, "de la mañana" am, "por la mañana"
 * the morning; "a las 10" at 10; "el" and "de" around a day or a month
 * go.  English words are left alone: only what comes with a Spanish
 * word changes. */
static void spanish(tok *t, int *n)
{
	for (int i = 0; i < *n; i++) {
		const char *w = t[i].w;
		int la = i + 2 < *n && (!strcmp(w, "de") || !strcmp(w, "por")) &&
			!strcmp(t[i + 1].w, "la");
		const char *part = la ? t[i + 2].w : "";
		if (la && (!strcmp(part, "tarde") || !strcmp(part, "noche") || !strcmp(part, "mañana") ||
		    !strcmp(part, "manana"))) {
			int after_time = i > 0 && t[i - 1].num >= 0;
			snprintf(t[i + 2].w, sizeof t[i + 2].w, "%s", !after_time ?
				(part[0] == 't' ? "afternoon" : part[0] == 'n' ? "night" : "morning") :
				part[0] == 'm' ? "am" : "pm");
			t[i + 2].start = t[i].start;
			drop(t, n, i);
			drop(t, n, i);
			continue;
		}
		if (!strcmp(w, "a") && i + 2 < *n && (!strcmp(t[i + 1].w, "las") ||
		    !strcmp(t[i + 1].w, "la")) && t[i + 2].num >= 0) {
			drop(t, n, i);
			snprintf(t[i].w, sizeof t[i].w, "at");
			continue;
		}
		const char *e = english(w);
		if (e)
			snprintf(t[i].w, sizeof t[i].w, "%s", e);
		if ((!strcmp(w, "el") || !strcmp(w, "de")) && i + 1 < *n &&
		    (english(t[i + 1].w) || t[i + 1].num >= 0) && (!strcmp(w, "el") || i > 0)) {
			drop(t, n, i);
			i--;
		}
	}
}

int wa_when_is(const reading *r, int i, const char *w)
{
	return i >= 0 && i < r->n && !strcmp(r->t[i].w, w);
}

int wa_when_is_any(const reading *r, int i, const char *const *ws)
{
	for (; *ws; ws++)
		if (wa_when_is(r, i, *ws))
			return 1;
	return 0;
}

void wa_when_use(reading *r, int i, int j)
{
	if (j <= i)
		return;
	if (r->lo < 0 || r->t[i].start < r->lo)
		r->lo = r->t[i].start;
	if (r->t[j - 1].end > r->hi)
		r->hi = r->t[j - 1].end;
	for (int k = 0; k < r->nspans; k++)
		if (r->t[i].start <= r->spans[k][1] + 1 && r->t[j - 1].end >= r->spans[k][0] - 1) {
			if (r->t[i].start < r->spans[k][0])
				r->spans[k][0] = r->t[i].start;
			if (r->t[j - 1].end > r->spans[k][1])
				r->spans[k][1] = r->t[j - 1].end;
			return;
		}
	if (r->nspans < WA_WHEN_SPANS) {
		r->spans[r->nspans][0] = r->t[i].start;
		r->spans[r->nspans++][1] = r->t[j - 1].end;
	}
}

/* ---- putting it together ---- */

static void set_date(wa_when *out, long day)
{
	wa_clock_civil(day, &out->year, &out->month, &out->day);
}

static void set_end(wa_when *out, long day, int minutes)
{
	day += minutes / 1440;
	minutes %= 1440;
	wa_clock_civil(day, &out->end_year, &out->end_month, &out->end_day);
	out->end_hour = minutes / 60;
	out->end_minute = minutes % 60;
}

/* a time of day with its am or pm settled: the words' ampm, else the
 * part of the day's, else a working day's (7 to 11 am, 12 noon, 1 to 6 pm) */
int wa_when_hour24(const tod *t, int part_pm)
{
	int h = t->h, pm = t->ampm == 'p' || (!t->ampm && part_pm > 0);

	/* "this evening at 12" is midnight */
	if (!t->ampm && part_pm == 2 && h == 12)
		return 24;

	if (t->ampm == 'a' || (!t->ampm && part_pm < 0))
		return h == 12 ? 0 : h;
	if (h > 12 || h == 0)
		return h;
	if (pm)
		return h == 12 ? 12 : h + 12;
	return h >= 1 && h <= 6 ? h + 12 : h;
}

/* minutes into the day of a time said in another zone, in ours (may be
 * below 0 or past a day: the caller moves the day) */
static int in_our_zone(const reading *r, const tod *t, int minutes)
{
	return t->has_zone ? minutes - t->zone + r->offset : minutes;
}

static long day_of_minutes(long day, int *minutes)
{
	while (*minutes < 0)
		*minutes += 1440, day--;
	while (*minutes >= 1440)
		*minutes -= 1440, day++;
	return day;
}

/* the day a time alone is on: today, or tomorrow once it has passed */
static long day_for(const reading *r, int minutes)
{
	return r->today + (minutes < r->now_min ? 1 : 0);
}

static void put_rolling(const reading *r, found *f, wa_when *out)
{
	int a = f->roll_from, b = f->roll_to;
	long start = day_of_minutes(r->today, &a), end = day_of_minutes(r->today, &b);

	out->kind = WA_WHEN_INTERVAL;
	out->grain = f->from.grain;
	set_date(out, start);
	out->hour = a / 60, out->minute = a % 60;
	set_end(out, end, b);
}

static void put_interval(const reading *r, found *f, wa_when *out)
{
	if (f->rolling) {
		put_rolling(r, f, out);
		return;
	}
	int part_pm = f->part ? f->part_pm : 0;
	int a = f->from.h < 0 ? -1 : wa_when_hour24(&f->from, part_pm) * 60 + f->from.m;
	int b = wa_when_hour24(&f->to, part_pm) * 60 + f->to.m;
	int shift = f->to.has_zone ? in_our_zone(r, &f->to, 0) : in_our_zone(r, &f->from, 0);

	/* "11:30-1:30": the end is the first reading after the start */
	if (a >= 0 && b <= a && !f->to.ampm && f->to.h <= 12)
		b = (b + 720) % 1440 > a ? (b + 720) % 1440 : b;
	if (a >= 0 && f->from.ampm == 0 && f->to.ampm && f->from.h <= 12) {
		tod s = f->from;
		s.ampm = f->to.ampm;
		int a2 = wa_when_hour24(&s, 0) * 60 + s.m;
		if (a2 < b)
			a = a2;
	}
	int grain = f->from.grain == WA_WHEN_MINUTE || f->to.grain == WA_WHEN_MINUTE ?
		WA_WHEN_MINUTE : WA_WHEN_HOUR;
	long day = f->have_day ? f->day : r->today;
	out->kind = f->open ? f->open : WA_WHEN_INTERVAL;
	out->grain = grain;
	if (f->open) {
		int at = f->open == WA_WHEN_AFTER ? a : b;
		set_date(out, f->have_day ? f->day : day_for(r, at));
		out->hour = at / 60, out->minute = at % 60;
		return;
	}
	if (shift)
		grain = out->grain = WA_WHEN_MINUTE;
	a += shift;
	b += shift + (grain == WA_WHEN_MINUTE ? 1 : 60);        /* the end is not in it */
	long start = day_of_minutes(day, &a), end = day_of_minutes(day, &b);
	set_date(out, start);
	out->hour = a / 60, out->minute = a % 60;
	set_end(out, end, b);
}

static void put_part(const reading *r, found *f, wa_when *out)
{
	long day = f->have_day ? f->day : r->today;

	out->kind = WA_WHEN_INTERVAL;
	out->grain = WA_WHEN_HOUR;
	out->part = 1;
	set_date(out, day);
	out->hour = f->part_usual;
	out->minute = 0;
	set_end(out, day, f->part_to * 60);
	out->part_start = f->part_from;
}

static void put_instant(const reading *r, found *f, wa_when *out)
{
	out->kind = WA_WHEN_INSTANT;
	if (f->at_ms_min >= 0) {        /* "in two hours" */
		long day = r->today + (r->now_min + f->at_ms_min) / 1440;
		int m = (r->now_min + f->at_ms_min) % 1440;
		set_date(out, day);
		out->hour = m / 60, out->minute = m % 60;
		out->grain = WA_WHEN_MINUTE;
		return;
	}
	if (f->time.h < 0) {
		set_date(out, f->day);
		out->grain = WA_WHEN_DAY;
		if (r->keep_hour) {     /* "7 days ago": this hour, that day */
			out->hour = r->now_min / 60, out->minute = 0;
			out->grain = WA_WHEN_HOUR;
			out->kind = r->open_after ? WA_WHEN_AFTER : WA_WHEN_INSTANT;
		}
		return;
	}
	int minutes = in_our_zone(r, &f->time, wa_when_hour24(&f->time, f->part ? f->part_pm : 0) *
		60 + f->time.m);
	long day = f->have_day ? f->day : day_for(r, minutes);
	day = day_of_minutes(day, &minutes);
	set_date(out, day);
	out->hour = minutes / 60, out->minute = minutes % 60;
	out->grain = f->time.has_zone ? WA_WHEN_MINUTE : f->time.grain;
}

int wa_when_parse(const char *text, int64_t now_ms, const char *tz, wa_when *out)
{
	reading r = { .lo = -1, .hi = -1 };
	found f = { .time = { -1, 0, 0, 0, 0, 0 }, .from = { -1, 0, 0, 0, 0, 0 }, .at_ms_min = -1 };
	struct tm now;

	memset(out, 0, sizeof *out);
	out->hour = out->minute = -1;
	out->end_hour = out->end_minute = -1;
	r.n = tokenize(text, r.t, WHEN_TOKENS);
	spanish(r.t, &r.n);
	local_now(now_ms, tz, &now);
	r.today = wa_clock_days(now.tm_year + 1900, now.tm_mon + 1, now.tm_mday);
	r.now_min = now.tm_hour * 60 + now.tm_min;
	r.offset = (int)(now.tm_gmtoff / 60);
	wa_when_read(&r, &f);
	out->impossible = r.impossible;
	if (!f.have_day && f.time.h < 0 && !f.have_range && !f.part && f.at_ms_min < 0)
		return 0;
	if (f.have_range)
		put_interval(&r, &f, out);
	else if (f.part && f.time.h < 0)
		put_part(&r, &f, out);
	else
		put_instant(&r, &f, out);
	out->found = 1;
	out->dated = f.have_day;
	if (r.alt && f.have_day)
		wa_clock_civil(r.alt, &out->alt_year, &out->alt_month, &out->alt_day);
	out->start = r.lo;
	out->end = r.hi;
	memcpy(out->spans, r.spans, sizeof r.spans);
	out->nspans = r.nspans;
	return 1;
}
