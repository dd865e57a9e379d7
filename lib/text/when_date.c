/* when_date.c - a date at a token: today, tomorrow, weekdays with this,
 * next, last, after next and "Friday week", calendar dates in words and
 * figures (US order: 2/15 is 15 February), the 14th, the first Monday of
 * March, counts (in three weeks, two Fridays from now, a week ago).
 * See when_int.h.
 *
 * A day and month without a year is the next such date (this year's or
 * next year's); the 14th alone is this month's or next month's.  With a
 * weekday ("Thu 15th", "Fri, Jul 18") it is the first such date from
 * this month (or year) that falls on it.  "Next Tuesday" is the Tuesday
 * of next week (weeks start on Monday), as Duckling reads it; "Tuesday"
 * alone is the next one after today. */
#include <string.h>

#include "base/clock.h"
#include "text/when_int.h"

static long monday_of(const reading *r)
{
	return r->today - (wa_when_weekday(r->today) + 6) % 7;
}

/* the first weekday wd after today (today too when this_one) */
static long coming(const reading *r, int wd, int this_one)
{
	int ahead = (wd - wa_when_weekday(r->today) + 7) % 7;

	return r->today + (ahead || this_one ? ahead : 7);
}

static long add_months(const reading *r, int months)
{
	int y, m, d;

	wa_clock_civil(r->today, &y, &m, &d);
	int k = y * 12 + (m - 1) + months;
	y = k / 12, m = k % 12 + 1;
	if (d > wa_clock_month_days(y, m))
		d = wa_clock_month_days(y, m);
	return wa_clock_days(y, m, d);
}

/* ", 2015", "2015", "74" (1974), "15" (2015): the year at i */
static int year_at(const reading *r, int i, int *y, int two_digits)
{
	int c = wa_when_is(r, i, ",");
	const tok *t = i + c < r->n ? &r->t[i + c] : NULL;

	if (!t || t->num < 0 || (t->ndig != 4 && !(two_digits && t->ndig == 2)))
		return 0;
	if (t->ndig == 4 && (t->num < 1000 || t->num > 2999))
		return 0;
	/* not the hour of "3 15" nor a time's "1030" */
	if (i + c + 1 < r->n && (wa_when_is(r, i + c + 1, ":") || wa_when_is(r, i + c + 1, "h") ||
	    wa_when_is(r, i + c + 1, "am") || wa_when_is(r, i + c + 1, "pm")))
		return 0;
	*y = t->ndig == 4 ? t->num : t->num < 50 ? 2000 + t->num : 1900 + t->num;
	return c + 1;
}

/* month m, day d, the year y (0: the next such date; wd >= 0: the first
 * year from this one whose date falls on that weekday) */
static long resolve_md(const reading *r, int y, int m, int d, int wd)
{
	int ty, tm, td;

	wa_clock_civil(r->today, &ty, &tm, &td);
	if (y)
		return wa_clock_days(y, m, d);
	if (wd >= 0) {
		for (int k = 0; k < 28; k++)
			if (d <= wa_clock_month_days(ty + k, m) &&
			    wa_when_weekday(wa_clock_days(ty + k, m, d)) == wd)
				return wa_clock_days(ty + k, m, d);
		return -1;
	}
	long day = wa_clock_days(ty, m, d);
	return day >= r->today ? day : wa_clock_days(ty + 1, m, d);
}

/* the day of the month d: this month's or the next that has it (wd >= 0:
 * the first month from this one where it falls on that weekday) */
static long resolve_dom(const reading *r, int d, int wd)
{
	int y, m, td;

	wa_clock_civil(r->today, &y, &m, &td);
	for (int k = 0; k < 48; k++) {
		int yy = y + (m - 1 + k) / 12, mm = (m - 1 + k) % 12 + 1;
		if (d > wa_clock_month_days(yy, mm))
			continue;
		long day = wa_clock_days(yy, mm, d);
		if (wd < 0 ? day >= r->today : wa_when_weekday(day) == wd)
			return day;
	}
	return -1;
}

/* y-m-d said (y 0: the next one) as *day: 1, or 0 when it is none; a day
 * its month does not have ("the 31st of November") is noted as said */
static int said_day(reading *r, int y, int m, int d, int wd, long *day)
{
	if (d > wa_clock_month_days(y ? y : 2000, m)) {
		r->impossible = 1;
		return 0;
	}
	return (*day = resolve_md(r, y, m, d, wd)) >= 0;
}

/* "march 3", "march first", "february the 15th", "April 14, 2015" */
static int month_day(reading *r, int i, int wd, long *day)
{
	int m, d, y = 0, k = wa_when_month_at(r, i, &m), n;

	if (!k)
		return 0;
	k += wa_when_is(r, i + k, "the");
	if (!(n = wa_when_ord_at(r, i + k, &d)) && !(n = wa_when_num_at(r, i + k, &d)))
		return 0;
	if (d < 1 || d > 31 || (r->t[i + k].num >= 0 && r->t[i + k].ndig > 2))
		return 0;
	k += n;
	k += year_at(r, i + k, &y, 1);
	return said_day(r, y, m, d, wd, day) ? k : 0;
}

/* "the 1st of march", "15 of february", "15th february", "14april 2015",
 * "31-Oct-74", "31/Oct/1974" */
static int day_month(reading *r, int i, int wd, long *day)
{
	int d, m, y = 0, k = wa_when_is(r, i, "the"), n;

	if (!(n = wa_when_ord_at(r, i + k, &d)) && !(n = wa_when_num_at(r, i + k, &d)))
		return 0;
	if (d < 1 || d > 31 || (r->t[i + k].ndig > 2))
		return 0;
	k += n;
	int sep = wa_when_is(r, i + k, "-") || wa_when_is(r, i + k, "/");
	k += sep;
	if (!sep)
		k += wa_when_is(r, i + k, "of") ? 1 + wa_when_is(r, i + k + 1, "the") : 0;
	if (!(n = wa_when_month_at(r, i + k, &m)))
		return 0;
	k += n;
	if (sep && (wa_when_is(r, i + k, "-") || wa_when_is(r, i + k, "/")))
		k++;
	k += year_at(r, i + k, &y, 1);
	return said_day(r, y, m, d, wd, day) ? k : 0;
}

/* 2015-03-03, 2/15, 2 / 15, 3/3/2015, 10-31-74, 10.31.1974 */
static int figures(reading *r, int i, long *day)
{
	const tok *t = r->t;
	int a, b, c = 0, k;

	if (i + 4 < r->n && t[i].ndig == 4 && wa_when_is(r, i + 1, "-") && t[i + 2].num > 0 &&
	    wa_when_is(r, i + 3, "-") && t[i + 4].num > 0) {
		a = t[i + 2].num, b = t[i + 4].num;
		if (a > 12 || b < 1 || b > wa_clock_month_days(t[i].num, a))
			return 0;
		*day = wa_clock_days(t[i].num, a, b);
		return 5;
	}
	if (i + 2 >= r->n || t[i].num < 1 || t[i].ndig > 2 || t[i + 2].num < 1 || t[i + 2].ndig > 2)
		return 0;
	const char *sep = t[i + 1].w;
	if (strcmp(sep, "/") && strcmp(sep, "-") && !(!strcmp(sep, ".") && i + 4 < r->n &&
	    wa_when_is(r, i + 3, ".")))
		return 0;
	a = t[i].num, b = t[i + 2].num, k = 3;
	if (wa_when_is(r, i + 3, sep) && i + 4 < r->n && (t[i + 4].ndig == 2 || t[i + 4].ndig == 4)) {
		c = t[i + 4].ndig == 4 ? t[i + 4].num : t[i + 4].num < 50 ? 2000 + t[i + 4].num :
			1900 + t[i + 4].num;
		k = 5;
	}
	/* "3-4pm" and "2 - 3 in the afternoon" are times, not 4 March */
	if (!strcmp(sep, "-") && (k == 3 && (i + 3 < r->n) && (wa_when_is(r, i + 3, "am") ||
	    wa_when_is(r, i + 3, "pm") || wa_when_is(r, i + 3, "a") || wa_when_is(r, i + 3, "p") ||
	    wa_when_is(r, i + 3, ":") || wa_when_is(r, i + 3, "in"))))
		return 0;
	if (a <= 12 && b <= 31 && b > wa_clock_month_days(c ? c : 2000, a))
		r->impossible = 1;      /* 2/30 */
	if (a > 12 || b > 31 || b > wa_clock_month_days(c ? c : 2000, a))
		return 0;
	*day = resolve_md(r, c, a, b, -1);
	return k;
}

/* the 14th, on the first, the 24 (this month's or the next's) */
static int day_of_month(reading *r, int i, int wd, long *day)
{
	int d, k = wa_when_is(r, i, "the"), n;

	if (!(n = wa_when_ord_at(r, i + k, &d))) {
		if (!k || (n = wa_when_num_at(r, i + k, &d)) != 1 || r->t[i + k].num < 0)
			return 0;
	}
	/* "the second one" is an offer, not a date */
	static const char *const offers[] = { "one", "option", "slot", "choice", "time", NULL };
	if (r->t[i + k].num < 0 && wa_when_is_any(r, i + k + n, offers))
		return 0;
	if (d < 1 || d > 31 || (*day = resolve_dom(r, d, wd)) < 0)
		return 0;
	return k + n;
}

/* a weekday, then a date that must fall on it: "Monday, Feb 18",
 * "Tuesday the 19th", "Thu 15th", "Fri, Jul 18" */
static int weekday_date(reading *r, int i, long *day)
{
	int wd, k = wa_when_wday_at(r, i, &wd, 0), n;

	if (!k)
		return 0;
	k += wa_when_is(r, i + k, ",");
	if ((n = month_day(r, i + k, wd, day)) || (n = day_month(r, i + k, wd, day)) ||
	    (n = day_of_month(r, i + k, wd, day)))
		return k + n;
	return 0;
}

/* a date, then its weekday: "Jul 18, Fri" */
static int date_weekday(reading *r, int i, long *day)
{
	int m, d, y = 0, k = wa_when_month_at(r, i, &m), n, wd;

	if (!k || !(n = wa_when_num_at(r, i + k, &d)) || d < 1 || d > 31)
		return 0;
	k += n;
	k += year_at(r, i + k, &y, 0);
	int c = wa_when_is(r, i + k, ",");
	if (!(n = wa_when_wday_at(r, i + k + c, &wd, 0)) || (*day = resolve_md(r, y, m, d, wd)) < 0)
		return 0;
	return k + c + n;
}

static long weekday_in(const reading *r, int wd, int which)
{
	switch (which) {
	case 't': return coming(r, wd, 1);                      /* this */
	case 'n': return monday_of(r) + 7 + (wd + 6) % 7;       /* next week's */
	case 'l': return monday_of(r) - 7 + (wd + 6) % 7;       /* last week's */
	case 'w': return monday_of(r) + (wd + 6) % 7;           /* this week's */
	case 'a': return coming(r, wd, 0) + 7;                  /* after next */
	default: return coming(r, wd, 0);
	}
}

/* "next week's X", "this week's X", "last week's X" */
static int week_s(reading *r, int i, long *day)
{
	static const char *const which[] = { "next", "this", "last", NULL };
	int wd;

	if (!wa_when_is_any(r, i, which) || !wa_when_is(r, i + 1, "week's") ||
	    !wa_when_wday_at(r, i + 2, &wd, 0))
		return 0;
	*day = weekday_in(r, wd, r->t[i].w[0] == 'n' ? 'n' : r->t[i].w[0] == 'l' ? 'l' : 'w');
	return 3;
}

/* (this|next|last|coming|upcoming|following) WEEKDAY (after next | next
 * week | of next week | this week | of this week | from last week |
 * week) */
static int weekday_phrase(reading *r, int i, long *day)
{
	static const char *const soon[] = { "coming", "upcoming", "following", NULL };
	int wd, k = 0, which = 0, n;

	if (wa_when_is(r, i, "this"))
		which = 't', k = 1;
	else if (wa_when_is(r, i, "next"))
		which = 'n', k = 1;
	else if (wa_when_is(r, i, "last") || wa_when_is(r, i, "past"))
		which = 'l', k = 1;
	else if (wa_when_is_any(r, i, soon))
		k = 1 + wa_when_is(r, i, "the");
	if (!(n = wa_when_wday_at(r, i + k, &wd, 0)))
		return week_s(r, i, day);
	k += n;
	int of = wa_when_is(r, i + k, "of") || wa_when_is(r, i + k, "from");
	if (wa_when_is(r, i + k, "after") && wa_when_is(r, i + k + 1, "next"))
		which = 'a', k += 2;
	else if (wa_when_is(r, i + k + of, "next") && wa_when_is(r, i + k + of + 1, "week"))
		which = 'n', k += of + 2;
	else if (wa_when_is(r, i + k + of, "this") && wa_when_is(r, i + k + of + 1, "week"))
		which = 'w', k += of + 2;
	else if (wa_when_is(r, i + k + of, "last") && wa_when_is(r, i + k + of + 1, "week"))
		which = 'l', k += of + 2;
	else if (!which && wa_when_is(r, i + k, "week"))  /* Friday week */
		which = 'a', k++;
	*day = weekday_in(r, wd, which);
	/* "next Friday" on a Wednesday: next week's, as Duckling reads it,
	 * but many mean the coming one, two days away */
	if (which == 'n' && k == 1 + n && coming(r, wd, 0) < *day)
		r->alt = coming(r, wd, 0);
	return k;
}


/* a count: "a", "one", "3", "three", "a couple of" */
static int count_at(const reading *r, int i, int *v)
{
	int n;

	if (wa_when_is(r, i, "a") || wa_when_is(r, i, "an")) {
		*v = 1;
		return 1;
	}
	if ((n = wa_when_num_at(r, i, v)) && *v > 0 && *v < 1000)
		return n;
	return 0;
}

/* "days", "weeks", "a fortnight", "months", "years": days, or months as
 * -1 -12 for a month and a year */
static int unit_at(const reading *r, int i, int *days)
{
	static const struct { const char *w; int days; } units[] = { { "day", 1 }, { "days", 1 },
		{ "week", 7 }, { "weeks", 7 }, { "fortnight", 14 }, { "fortnights", 14 },
		{ "month", -1 }, { "months", -1 }, { "year", -12 }, { "years", -12 } };

	for (size_t k = 0; k < sizeof units / sizeof *units; k++)
		if (wa_when_is(r, i, units[k].w)) {
			*days = units[k].days;
			return 1;
		}
	return 0;
}

static long shifted(const reading *r, long from, int n, int unit)
{
	return unit > 0 ? from + (long)n * unit : from - r->today + add_months(r, n * -unit);
}

/* "in 3 weeks", "in a fortnight", "3 days from now", "a week from
 * tomorrow", "three weeks ago", "a week hence", "upcoming 2 days",
 * "after 5 days" */
static int count_days(reading *r, int i, long *day)
{
	int n = 1, unit, k = 0, c;
	int in = wa_when_is(r, i, "in") || wa_when_is(r, i, "upcoming");

	/* "after 5 days": past the day, not a day to book in */
	if (wa_when_is(r, i, "after") && (c = count_at(r, i + 1, &n)) &&
	    unit_at(r, i + 1 + c, &unit) && unit > 0) {
		*day = shifted(r, r->today, n, unit);
		r->keep_hour = r->open_after = 1;
		return 2 + c;
	}

	k = in;
	if (in && wa_when_is(r, i + k, "a") && wa_when_is(r, i + k + 1, "fortnight"))
		c = 1;
	else if (!(c = count_at(r, i + k, &n)))
		return 0;
	k += c;
	k += !in && wa_when_is(r, i + k, "upcoming");
	if (!unit_at(r, i + k, &unit))
		return 0;
	k++;
	if (in) {
		*day = shifted(r, r->today, n, unit);
		return k;
	}
	if (wa_when_is(r, i + k, "ago") || wa_when_is(r, i + k, "back")) {
		*day = shifted(r, r->today, -n, unit);
		/* nobody books in the past: read as Duckling does, days and
		 * fortnights at this hour, weeks and months a day */
		r->keep_hour = unit == 1 || unit == 14;
		return k + 1;
	}
	if (wa_when_is(r, i + k, "hence") || (wa_when_is(r, i + k, "from") &&
	    (wa_when_is(r, i + k + 1, "now") || wa_when_is(r, i + k + 1, "today")))) {
		*day = shifted(r, r->today, n, unit);
		return k + 1 + wa_when_is(r, i + k, "from");
	}
	if (wa_when_is(r, i + k, "from") && wa_when_is(r, i + k + 1, "tomorrow")) {
		*day = shifted(r, r->today + 1, n, unit);
		return k + 2;
	}
	if (r->t[i].w[0] != 'u' && wa_when_is(r, i + 1, "upcoming")) {
		*day = shifted(r, r->today, n, unit);
		return k;
	}
	return 0;
}

/* "3 fridays from now", "2 thursdays ago" */
static int count_weekdays(reading *r, int i, long *day)
{
	int n, wd, k = count_at(r, i, &n);

	if (!k || !wa_when_wday_at(r, i + k, &wd, 1))
		return 0;
	k++;
	if (wa_when_is(r, i + k, "from") && wa_when_is(r, i + k + 1, "now")) {
		*day = coming(r, wd, 0) + 7L * (n - 1);
		return k + 2;
	}
	if (wa_when_is(r, i + k, "ago") || wa_when_is(r, i + k, "back")) {
		*day = coming(r, wd, 0) - 7 - 7L * (n - 1);
		return k + 1;
	}
	return 0;
}

/* a month named after "of" or "in": MONTH [YEAR], this month, the month,
 * last month, next month; *y and *m */
static int month_ref(const reading *r, int i, int *y, int *m)
{
	int k = wa_when_is(r, i, "the"), n, d, rel = 0;

	wa_clock_civil(r->today, y, m, &d);
	if ((n = wa_when_month_at(r, i + k, m))) {
		int yy = 0;
		k += n;
		if ((n = year_at(r, i + k, &yy, 0)))
			*y = yy, k += n;
		return k;
	}
	if (wa_when_is(r, i + k, "month") || (wa_when_is(r, i + k, "this") && (rel = 0, 1)) ||
	    (wa_when_is(r, i + k, "current") && (rel = 0, 1)) ||
	    (wa_when_is(r, i + k, "next") && (rel = 1)) || (wa_when_is(r, i + k, "last") && (rel = -1)) ||
	    (wa_when_is(r, i + k, "previous") && (rel = -1))) {
		k += !wa_when_is(r, i + k, "month");
		if (!wa_when_is(r, i + k, "month"))
			return 0;
		long first = add_months(r, rel);
		wa_clock_civil(first, y, m, &d);
		return k + 1;
	}
	return 0;
}

/* "of MONTH", "in the month", "of next month" at i: the tokens taken */
static int of_month(const reading *r, int i, int *y, int *m)
{
	int n;

	if (!wa_when_is(r, i, "of") && !wa_when_is(r, i, "in"))
		return 0;
	return (n = month_ref(r, i + 1, y, m)) ? n + 1 : 0;
}

/* "the first Monday of March", "last friday in october", "the 3rd
 * tuesday of september 2014", "first monday of last month" */
static int nth_weekday(reading *r, int i, long *day)
{
	int k = wa_when_is(r, i, "the"), n, wd, y, m;
	int nth = 0;

	if (wa_when_is(r, i + k, "last"))
		nth = -1, n = 1;
	else if (!(n = wa_when_ord_at(r, i + k, &nth)) || nth < 1 || nth > 5)
		return 0;
	k += n;
	if (!(n = wa_when_wday_at(r, i + k, &wd, 0)))
		return 0;
	k += n;
	if (!(n = of_month(r, i + k, &y, &m)))
		return 0;
	k += n;
	long first = wa_clock_days(y, m, 1), last = wa_clock_days(y, m, wa_clock_month_days(y, m));
	if (nth > 0)
		*day = first + (wd - wa_when_weekday(first) + 7) % 7 + 7L * (nth - 1);
	else
		*day = last - (wa_when_weekday(last) - wd + 7) % 7;
	return *day <= last ? k : 0;
}

/* "the third day of october", "last day of october 2015", "the 5th last
 * day of May", "20th day of next month", "20 of this month" */
static int nth_day(reading *r, int i, long *day)
{
	int k = wa_when_is(r, i, "the"), n, nth = 0, from_end = 0, y, m;

	if (wa_when_is(r, i + k, "last"))
		from_end = 1, nth = 1, n = 1;
	else if (!(n = wa_when_ord_at(r, i + k, &nth)) && !(n = wa_when_num_at(r, i + k, &nth)))
		return 0;
	k += n;
	if (!from_end && wa_when_is(r, i + k, "last"))
		from_end = 1, k++;
	int said_day = wa_when_is(r, i + k, "day");
	k += said_day;
	if (!(n = of_month(r, i + k, &y, &m)))
		return 0;
	/* "the 15th of february" is a calendar date: it is the next such */
	if (!said_day && !from_end &&
	    wa_when_month_at(r, i + k + 1 + wa_when_is(r, i + k + 1, "the"), &m))
		return 0;
	k += n;
	if (nth < 1 || nth > wa_clock_month_days(y, m))
		return 0;
	*day = from_end ? wa_clock_days(y, m, wa_clock_month_days(y, m)) - (nth - 1) :
		wa_clock_days(y, m, nth);
	return k;
}

/* today, tomorrow, yesterday, the day after tomorrow, the day before
 * yesterday */
static int named_day(reading *r, int i, long *day)
{
	int k = wa_when_is(r, i, "the");

	if (wa_when_is(r, i, "today")) {
		*day = r->today;
		return 1;
	}
	if (wa_when_is(r, i, "at") && wa_when_is(r, i + 1, "this") && wa_when_is(r, i + 2, "time")) {
		*day = r->today;
		return 3;
	}
	if (wa_when_is(r, i, "tomorrow") || wa_when_is(r, i, "tomorrows") || wa_when_is(r, i, "tmrw")) {
		*day = r->today + 1;
		return 1;
	}
	if (wa_when_is(r, i, "yesterday")) {
		*day = r->today - 1;
		return 1;
	}
	if (wa_when_is(r, i, "next") && wa_when_is(r, i + 1, "week") && !wa_when_is(r, i + 2, "'s")) {
		*day = monday_of(r) + 7;        /* the week said, not the day: its Monday */
		return 2;
	}
	if (wa_when_is(r, i + k, "day") && wa_when_is(r, i + k + 1, "after") &&
	    wa_when_is(r, i + k + 2, "tomorrow")) {
		*day = r->today + 2;
		return k + 3;
	}
	if (wa_when_is(r, i + k, "day") && wa_when_is(r, i + k + 1, "before") &&
	    wa_when_is(r, i + k + 2, "yesterday")) {
		*day = r->today - 2;
		return k + 3;
	}
	return 0;
}

int wa_when_date_at(reading *r, int i, long *day)
{
	int n;

	if ((n = named_day(r, i, day)) || (n = count_days(r, i, day)) ||
	    (n = count_weekdays(r, i, day)) || (n = nth_weekday(r, i, day)) ||
	    (n = weekday_date(r, i, day)) || (n = weekday_phrase(r, i, day)) ||
	    (n = figures(r, i, day)) || (n = date_weekday(r, i, day)) ||
	    (n = month_day(r, i, -1, day)) || (n = nth_day(r, i, day)) ||
	    (n = day_month(r, i, -1, day)) || (n = day_of_month(r, i, -1, day)))
		return n;
	return 0;
}
