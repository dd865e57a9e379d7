/* offers.c - the offline model's dates against the calendar.  A time
 * said is checked before it is confirmed: closed or taken, the nearest
 * free times are offered instead.  A day, a part of a day, "after 4" or
 * "as soon as possible" gets the free times in it offered.  An answer to
 * an offer ("the second one", "the nearest one is fine", "4:30") picks
 * one; a time alone is on the day already said. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "agent.h"

#include "base/buf.h"
#include "base/mem.h"
#include "text/when.h"

#define OFFERS 3

int agent_say_when(const char *s, int this_year, const char *lang, wa_buf *out)
{
	static const char *const days[] = { "Sunday", "Monday", "Tuesday", "Wednesday",
		"Thursday", "Friday", "Saturday" };
	static const char *const months[] = { "January", "February", "March", "April", "May",
		"June", "July", "August", "September", "October", "November", "December" };
	int y, m, d, h = -1, min = 0, n = 0;
	size_t len = strlen(s);

	if (len == 16 ? sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &m, &d, &h, &min, &n) != 5 :
	    len == 10 ? sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 : 1)
		return 0;
	if ((size_t)n != len || m < 1 || m > 12 || d < 1 || d > 31 || h > 23 || min > 59)
		return 0;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12 };
	time_t t = timegm(&tm);
	struct tm w;
	gmtime_r(&t, &w);
	if (lang && !strcmp(lang, "es"))
		return agent_say_when_es(y, m, d, h, min, w.tm_wday, this_year, out);
	wa_buf_addf(out, "%s %d %s", days[w.tm_wday], d, months[m - 1]);
	if (y != this_year)
		wa_buf_addf(out, " %d", y);
	if (h >= 0) {
		wa_buf_addf(out, " at %d", h % 12 ? h % 12 : 12);
		if (min)
			wa_buf_addf(out, ":%02d", min);
		wa_buf_adds(out, h < 12 ? " am" : " pm");
	}
	return 1;
}

static int this_year(const agent *a)
{
	time_t now = (time_t)(a->now_ms / 1000);
	struct tm t;

	gmtime_r(&now, &t);
	return t.tm_year + 1900;
}

/* "Monday 14 December at 8 am, 8:30 am or 9 am": a day said once */
static void offers_words(const agent *a, json_t *offers, wa_buf *out)
{
	size_t n = json_array_size(offers);

	for (size_t i = 0; i < n; i++) {
		const char *s = json_string_value(json_array_get(offers, i));
		const char *prev = i ? json_string_value(json_array_get(offers, i - 1)) : NULL;
		if (i)
			wa_buf_adds(out, i + 1 == n ? agent_tr(a, " or ") : ", ");
		if (prev && !strncmp(prev, s, 10)) {
			wa_buf b;
			wa_buf_init(&b);
			agent_say_when(s, this_year(a), a->lang, &b);
			const char *at = strstr(b.data, a->lang ? " a la" : " at ");
			at = at ? at + (a->lang ? 1 : 4) : b.data;
			wa_buf_adds(out, at);
			wa_buf_free(&b);
		} else {
			agent_say_when(s, this_year(a), a->lang, out);
		}
	}
}

/* which offer the words pick: "the second one", "the nearest is fine",
 * "the last"; -1 none */
static int pick(const char *text, size_t n)
{
	static const struct { const char *w; int k; } words[] = { { "first", 0 }, { "1st", 0 },
		{ "earliest", 0 }, { "nearest", 0 }, { "soonest", 0 }, { "second", 1 },
		{ "2nd", 1 }, { "middle", 1 }, { "third", 2 }, { "3rd", 2 }, { "last", -1 },
		{ "latest", -1 }, { "primera", 0 }, { "primero", 0 }, { "cercana", 0 },
		{ "temprana", 0 }, { "segunda", 1 }, { "segundo", 1 }, { "tercera", 2 },
		{ "tercero", 2 }, { "última", -1 }, { "último", -1 } };
	static const char *const agree[] = { "that one", "that works", "that's fine",
		"that is fine", "sounds good", "perfect", "fine", "esa", "vale", "perfecto", NULL };

	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		const char *p = strcasestr(text, words[i].w);
		size_t l = strlen(words[i].w);
		if (p && (p == text || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[l])) {
			int k = words[i].k < 0 ? (int)n - 1 : words[i].k;
			return k < (int)n ? k : -1;
		}
	}
	for (int i = 0; agree[i] && n == 1; i++)
		if (strcasestr(text, agree[i]))
			return 0;
	return -1;
}

/* "as soon as possible", "asap", "the earliest you have" */
static int soonest(const char *text)
{
	static const char *const words[] = { "asap", "as soon as", "soonest", "earliest",
		"first available", "next available", "nearest", NULL };

	for (int i = 0; words[i]; i++)
		if (strcasestr(text, words[i]))
			return 1;
	return 0;
}

static void set_day(json_t *form, int y, int m, int d)
{
	char day[16];

	snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
	json_object_set_new(form, "day", json_string(day));
}

/* offer the free times from minute from of y-m-d (before to, or the
 * nearest after when none is): 2, or -1 on a workspace error */
static int offer(const agent *a, json_t *form, int y, int m, int d, int from, int to,
	const char *why)
{
	wa_err err = WA_ERR_INIT;
	json_t *offers = wa_calendar_free_from_new(a->calendar, a->ws, y, m, d, from, to, OFFERS,
		&err);
	wa_buf b;

	if (!offers)
		return -1;
	if (!json_array_size(offers) && to >= 0) {
		json_decref(offers);
		why = agent_tr(a, wa_calendar_day_open(a->calendar, y, m, d) ? "Nothing is free then" :
			"We're closed that day");
		offers = wa_calendar_free_from_new(a->calendar, a->ws, y, m, d, from, -1, OFFERS, &err);
		if (!offers)
			return -1;
	}
	wa_buf_init(&b);
	if (!json_array_size(offers)) {
		wa_buf_adds(&b, agent_tr(a, "Sorry, nothing is free in the next two weeks."));
	} else {
		wa_buf times;
		wa_buf_init(&times);
		offers_words(a, offers, &times);
		if (!why)
			wa_buf_addf(&b, agent_tr(a, "I have %s free. Which would you like?"), times.data);
		else if (json_array_size(offers) > 1)
			wa_buf_addf(&b, agent_tr(a, "%s; the nearest free times are %s. Which would you "
				"like?"), why, times.data);
		else
			wa_buf_addf(&b, agent_tr(a, "%s; the nearest free time is %s. Which would you "
				"like?"), why, times.data);
		wa_buf_free(&times);
	}
	json_object_set_new(form, "offers", offers);
	json_object_set_new(form, "offer_text", json_string(b.data));
	wa_buf_free(&b);
	set_day(form, y, m, d);
	return 2;
}

/* the time asked for said back in full (how: "We're closed on %s"),
 * and the free times from minute from of y-m-d offered */
static int said_back(const agent *a, json_t *form, const char *iso, const char *how, int y,
	int m, int d, int from)
{
	wa_buf when, why;

	wa_buf_init(&when);
	wa_buf_init(&why);
	agent_say_when(iso, this_year(a), a->lang, &when);
	wa_buf_addf(&why, agent_tr(a, how), when.data);
	int rc = offer(a, form, y, m, d, from, -1, why.data);
	wa_buf_free(&when);
	wa_buf_free(&why);
	return rc;
}

/* a time said: free, it is the slot's (1); else the nearest offered */
static int exact(const agent *a, json_t *form, const char *name, int y, int m, int d,
	int minute)
{
	char iso[32];
	wa_err err = WA_ERR_INIT;

	snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d", y, m, d, minute / 60, minute % 60);
	if (!a->calendar) {
		json_object_set_new(json_object_get(form, "slots"), name, json_string(iso));
		return 1;
	}
	int ty, tm, td, now;
	wa_when_now(a->now_ms, a->tz, &ty, &tm, &td, &now);
	if (y * 10000 + m * 100 + d < ty * 10000 + tm * 100 + td ||
	    (y == ty && m == tm && d == td && minute <= now)) {
		/* "today at 8" at nine: gone, and said so */
		return said_back(a, form, iso, "%s has passed", ty, tm, td, now + 1);
	}
	json_t *free_now = wa_calendar_free_from_new(a->calendar, a->ws, y, m, d, minute,
		minute + 1, 1, &err);
	int ok = free_now && json_array_size(free_now) == 1, open;
	json_decref(free_now);
	if (!free_now)
		return -1;
	if (!ok) {
		/* what was asked for, said back in full: "We're closed on Sunday
		 * 13 December at 11 am" */
		open = wa_calendar_open_at(a->calendar, y, m, d, minute / 60, minute % 60);
		return said_back(a, form, iso, open ? "%s is taken" : "We're closed on %s", y, m, d,
			minute);
	}
	json_object_set_new(json_object_get(form, "slots"), name, json_string(iso));
	json_object_del(form, "offers");
	set_day(form, y, m, d);
	return 1;
}

/* the window a day, a part of it or an open range says, in minutes */
static void window(const wa_when *w, int *from, int *to)
{
	*from = 0, *to = 24 * 60;
	if (w->part) {
		*from = w->part_start * 60;
		*to = w->end_hour >= 0 && w->end_day == w->day ? w->end_hour * 60 + w->end_minute :
			24 * 60;
	} else if (w->kind == WA_WHEN_AFTER) {
		*from = w->hour * 60 + w->minute;
	} else if (w->kind == WA_WHEN_BEFORE) {
		*to = w->hour * 60 + w->minute;
	} else if (w->kind == WA_WHEN_INTERVAL && w->hour >= 0) {
		*from = w->hour * 60 + w->minute;
		if (w->end_day == w->day && w->end_hour >= 0)
			*to = w->end_hour * 60 + w->end_minute;
	}
}

/* The slot from what w says: a time checked, a day or a part of it
 * offered; 0 when it says neither to a calendar. */
static int place(const agent *a, json_t *form, const char *name, wa_when *w)
{
	int y, m, d, now, from, to;

	wa_when_now(a->now_ms, a->tz, &y, &m, &d, &now);
	/* a time alone is on the day already said ("Thursday?" "4:30") */
	const char *day = json_string_value(json_object_get(form, "day"));
	if (!w->dated && day && w->hour >= 0)
		sscanf(day, "%4d-%2d-%2d", &w->year, &w->month, &w->day);
	if (w->kind == WA_WHEN_INSTANT && w->hour >= 0 && !w->part)
		return exact(a, form, name, w->year, w->month, w->day, w->hour * 60 + w->minute);
	if (!a->calendar)
		return 0;
	window(w, &from, &to);
	if (w->year == y && w->month == m && w->day == d && from <= now)
		from = now + 1;
	return offer(a, form, w->year, w->month, w->day, from, to, NULL);
}

/* "next Friday" on a Wednesday: which Friday, asked ("Do you mean
 * Friday 11 December or Friday 18 December?"), the rest of what was said
 * kept for the answer */
static int which_day(const agent *a, json_t *form, const wa_when *w, const char *text)
{
	char one[16], two[16];
	wa_buf b1, b2, q;

	snprintf(one, sizeof one, "%04d-%02d-%02d", w->alt_year, w->alt_month, w->alt_day);
	snprintf(two, sizeof two, "%04d-%02d-%02d", w->year, w->month, w->day);
	wa_buf_init(&b1);
	wa_buf_init(&b2);
	wa_buf_init(&q);
	agent_say_when(one, this_year(a), a->lang, &b1);
	agent_say_when(two, this_year(a), a->lang, &b2);
	wa_buf_addf(&q, agent_tr(a, "Do you mean %s or %s?"), b1.data, b2.data);
	json_object_set_new(form, "days", json_pack("[s,s]", one, two));
	json_object_set_new(form, "said", json_string(text));
	json_object_set_new(form, "offer_text", json_string(q.data));
	wa_buf_free(&b1);
	wa_buf_free(&b2);
	wa_buf_free(&q);
	return 2;
}

/* the answer to which_day: "the first", "next week", "the 18th" (with
 * the time said before); -2 when text is no answer to it */
static int chosen_day(const agent *a, json_t *form, const char *name, const char *text)
{
	static const char *const this_week[] = { "this week", "this one", "coming", "esta semana",
		NULL };
	static const char *const next_week[] = { "next week", "week after", "la semana que viene",
		"la próxima semana", NULL };
	json_t *days = json_object_get(form, "days");
	int k = pick(text, 2);
	wa_when w, r;

	for (int i = 0; k < 0 && this_week[i]; i++)
		k = strcasestr(text, this_week[i]) ? 0 : -1;
	for (int i = 0; k < 0 && next_week[i]; i++)
		k = strcasestr(text, next_week[i]) ? 1 : -1;
	int got = wa_when_parse(text, a->now_ms, a->tz, &r) && r.dated;
	if (k < 0 && !got)
		return -2;
	wa_when_parse(json_string_value(json_object_get(form, "said")), a->now_ms, a->tz, &w);
	if (k >= 0) {
		sscanf(json_string_value(json_array_get(days, (size_t)k)), "%4d-%2d-%2d", &w.year,
			&w.month, &w.day);
	} else {
		int has_time = r.hour >= 0 && !r.part;
		w.year = r.year, w.month = r.month, w.day = r.day;
		if (has_time)
			w = r;
	}
	w.end_year = w.year, w.end_month = w.month, w.end_day = w.day;
	w.dated = 1;
	json_object_del(form, "days");
	json_object_del(form, "said");
	return place(a, form, name, &w);
}

int agent_when_slot(const agent *a, json_t *form, const char *name, const char *text)
{
	json_t *offers = json_object_get(form, "offers");
	int k, y, m, d, now;
	wa_when w;

	if (json_array_size(offers) && (k = pick(text, json_array_size(offers))) >= 0) {
		const char *iso = json_string_value(json_array_get(offers, (size_t)k));
		json_object_set_new(json_object_get(form, "slots"), name, json_string(iso));
		json_object_del(form, "offers");
		return 1;
	}
	if (json_array_size(json_object_get(form, "days")) &&
	    (k = chosen_day(a, form, name, text)) != -2)
		return k;
	wa_when_now(a->now_ms, a->tz, &y, &m, &d, &now);
	int found = wa_when_parse(text, a->now_ms, a->tz, &w);
	if (w.impossible) {
		/* a date heard that no calendar has: asked about, never a guess */
		json_object_set_new(form, "offer_text", json_string(agent_tr(a, "That date isn't in "
			"the calendar (that month is shorter). Which day did you mean?")));
		return 2;
	}
	if (!found) {
		if (!soonest(text) || !a->calendar)
			return 0;
		return offer(a, form, y, m, d, now + 1, -1, NULL);
	}
	if (w.alt_year && a->calendar)
		return which_day(a, form, &w, text);
	return place(a, form, name, &w);
}
