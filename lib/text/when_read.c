/* wa_when_read.c - times of day ("3pm", "3:30", "15h30", "half past
 * three", "a quarter to noon", "ten thirty am"), parts of a day ("this
 * morning", "tonight", "after lunch"), ranges ("between 2 and 4 pm",
 * "9:30 - 11:00", "after 2 pm"), "in two hours", and the walk over a
 * text that finds the first of each.  See when_int.h.
 *
 * A bare number is a time only with something that says so: am or pm,
 * o'clock, a colon, "at", or a day or a part of a day beside it ("9
 * tomorrow", "8 tonight"); "I have 3 kids" names no time. */
#include <ctype.h>
#include <string.h>

#include "text/when_int.h"

enum { CUE = 1 };

/* am or pm at i: am, pm, a, p, a.m., p.m., a m, in the am, in the
 * morning (not the part of a day: only after a time) */
static int ampm_at(const reading *r, int i, int *ampm)
{
	static const char *const in_am[] = { "am", "morning", NULL };
	static const char *const in_pm[] = { "pm", "afternoon", "evening", NULL };
	int k;

	if (wa_when_is(r, i, "am") || wa_when_is(r, i, "pm")) {
		*ampm = r->t[i].w[0];
		return 1 + (wa_when_is(r, i + 1, ".") && r->t[i + 1].glued);
	}
	if (wa_when_is(r, i, "a") || wa_when_is(r, i, "p")) {
		*ampm = r->t[i].w[0];
		k = 1 + (wa_when_is(r, i + 1, ".") && r->t[i + 1].glued);
		if (wa_when_is(r, i + k, "m"))
			k += 1 + wa_when_is(r, i + k + 1, ".");
		else if (!r->t[i].glued)
			return 0;      /* "a" alone is an article */
		return k;
	}
	k = wa_when_is(r, i, "in") ? 1 + wa_when_is(r, i + 1, "the") : 0;
	if (k && (wa_when_is_any(r, i + k, in_am) || wa_when_is_any(r, i + k, in_pm))) {
		*ampm = wa_when_is_any(r, i + k, in_am) ? 'a' : 'p';
		return k + 1;
	}
	return 0;
}

/* "ish", glued or not: about */
static int ish(const reading *r, int i)
{
	return wa_when_is(r, i, "ish");
}

/* an hour to count minutes from: 3, three, 3pm, noon, midnight */
static int hour_ref(const reading *r, int i, tod *t)
{
	int h, n, k;

	if (wa_when_is(r, i, "noon") || wa_when_is(r, i, "midday")) {
		*t = (tod){ 12, 0, WA_WHEN_MINUTE, 'p', 0, 0 };
		return 1;
	}
	if (wa_when_is(r, i, "midnight")) {
		*t = (tod){ 0, 0, WA_WHEN_MINUTE, 'a', 0, 0 };
		return 1;
	}
	if (!(n = wa_when_num_at(r, i, &h)) || h > 23 || (r->t[i].num >= 0 && r->t[i].ndig > 2))
		return 0;
	*t = (tod){ h, 0, WA_WHEN_MINUTE, 0, 0, 0 };
	if (wa_when_is(r, i + n, "h") && r->t[i + n].glued)
		n++;
	if ((k = ampm_at(r, i + n, &t->ampm)))
		n += k;
	return n;
}

/* half past three, half three, a quarter to noon, 20 minutes past 3pm,
 * twenty after 3pm, 15 minutes from 1pm */
static int minutes_from(const reading *r, int i, tod *t)
{
	int k = wa_when_is(r, i, "a"), m, n, sign;

	if (wa_when_is(r, i + k, "half"))
		m = 30, n = 1;
	else if (wa_when_is(r, i + k, "quarter"))
		m = 15, n = 1;
	else if (!(n = wa_when_num_at(r, i + k, &m)) || m < 1 || m > 59)
		return 0;
	k += n;
	int said = wa_when_is(r, i + k, "minutes") || wa_when_is(r, i + k, "minute") ||
		wa_when_is(r, i + k, "mins");
	/* "3 to 4" is a range; "20 to 4" and "3 minutes to 4" are times */
	if (!said && m % 5 && !wa_when_is(r, i + k - 1, "half") && !wa_when_is(r, i + k - 1, "quarter"))
		return 0;
	k += said;
	if (wa_when_is(r, i + k, "past") || wa_when_is(r, i + k, "after") || wa_when_is(r, i + k, "from"))
		sign = 1, k++;
	else if (wa_when_is(r, i + k, "to") || wa_when_is(r, i + k, "till") ||
	    wa_when_is(r, i + k, "before") || wa_when_is(r, i + k, "of"))
		sign = -1, k++;
	else if (m == 30 && wa_when_is(r, i + k - 1, "half"))
		sign = 1;       /* British: half three */
	else
		return 0;
	if (!(n = hour_ref(r, i + k, t)))
		return 0;
	/* counted on a 24-hour clock when the hour's half of the day is known
	 * (a quarter to noon is 11:45 am), else on the hour as said */
	int minutes = (t->ampm ? wa_when_hour24(t, 0) : t->h) * 60 + sign * m;
	minutes = (minutes + 1440) % 1440;
	t->h = minutes / 60;
	t->m = minutes % 60;
	t->ampm = 0;
	return k + n;
}

/* "oh three", "thirty", "fifty nine", "twenty-three": minutes in words */
static int minute_words(const reading *r, int i, int *m)
{
	static const char *const oh[] = { "oh", "o", "ou", "zero", NULL };
	int n, k = 0;

	if (wa_when_is_any(r, i, oh)) {
		k = 1 + wa_when_is(r, i + 1, "-");
		if ((n = wa_when_num_at(r, i + k, m)) && *m >= 1 && *m <= 9 && r->t[i + k].num < 0)
			return k + n;
		return 0;
	}
	if ((n = wa_when_num_at(r, i, m)) && *m >= 10 && *m <= 59 && r->t[i].num < 0)
		return n;
	return 0;
}

/* the clock forms: 3:30, 15h30, 15h, 330 (with a cue), 3 15 (after
 * "at"), ten thirty, twelve oh three */
static int clock_at(const reading *r, int i, tod *t, int cue, int *sure)
{
	const tok *a = &r->t[i];
	int m, n;

	*t = (tod){ -1, 0, WA_WHEN_MINUTE, 0, 0, 0 };
	*sure = 1;
	if (i >= r->n)
		return 0;
	if (a->num >= 0 && a->ndig <= 2 && a->num <= 23 && wa_when_is(r, i + 1, ":") &&
	    i + 2 < r->n && r->t[i + 2].ndig == 2 && r->t[i + 2].num < 60) {
		t->h = a->num, t->m = r->t[i + 2].num;
		if (a->ndig == 2 && a->w[0] == '0')
			t->ampm = 'a';  /* 07:00: a 24-hour clock */
		return 3;
	}
	if (a->num >= 0 && a->ndig <= 2 && a->num <= 23 && wa_when_is(r, i + 1, "h") &&
	    r->t[i + 1].glued) {
		t->h = a->num;
		t->ampm = a->num < 12 ? 'a' : 0;       /* 3h18: a 24-hour clock */
		if (i + 2 < r->n && r->t[i + 2].glued && r->t[i + 2].ndig == 2 &&
		    r->t[i + 2].num < 60) {
			t->m = r->t[i + 2].num;
			return 3;
		}
		return 2;
	}
	/* 650.650.6500 is a phone number */
	if (i + 2 < r->n && (wa_when_is(r, i + 1, ".") || wa_when_is(r, i + 1, "-")) &&
	    r->t[i + 1].glued && r->t[i + 2].ndig >= 3) {
		t->h = -1;
		return 0;
	}
	if (a->num >= 0 && (a->ndig == 3 || a->ndig == 4) && a->num % 100 < 60 &&
	    a->num / 100 <= 23 && cue) {
		t->h = a->num / 100, t->m = a->num % 100;
		return 1;
	}
	if (a->num >= 0 && a->ndig <= 2 && a->num >= 1 && a->num <= 12 && cue &&
	    i + 1 < r->n && r->t[i + 1].ndig == 2 && r->t[i + 1].num < 60 && !r->t[i + 1].glued) {
		t->h = a->num, t->m = r->t[i + 1].num;
		return 2;
	}
	if (a->num < 0 && (n = wa_when_num_at(r, i, &t->h)) && t->h >= 1 && t->h <= 12) {
		int k = n + wa_when_is(r, i + n, "-");
		/* "twelve oh three" is a time; "three twenty" may be anything */
		*sure = wa_when_is_any(r, i + k, (const char *const[]){ "oh", "o", "ou", "zero", NULL });
		if ((m = minute_words(r, i + k, &t->m)))
			return k + m;
	}
	t->h = -1;
	return 0;
}

/* a time zone's abbreviation after a time: "GMT", "(BST)", "pst" */
static int zone_at(const reading *r, int i, tod *t)
{
	static const struct { const char *w; int minutes; } zones[] = {
		{ "gmt", 0 }, { "utc", 0 }, { "z", 0 }, { "bst", 60 }, { "cet", 60 },
		{ "cest", 120 }, { "eet", 120 }, { "est", -300 }, { "edt", -240 }, { "cst", -360 },
		{ "cdt", -300 }, { "mst", -420 }, { "mdt", -360 }, { "pst", -480 }, { "pdt", -420 },
		{ "ist", 330 } };
	int p = wa_when_is(r, i, "(");

	for (size_t z = 0; z < sizeof zones / sizeof *zones; z++)
		if (wa_when_is(r, i + p, zones[z].w) && (!p || wa_when_is(r, i + p + 1, ")"))) {
			t->has_zone = 1, t->zone = zones[z].minutes;
			return 1 + 2 * p;
		}
	return 0;
}

int wa_when_time_at(reading *r, int i, tod *t, int *cued)
{
	static const char *const cues[] = { "at", "@", "around", "approximately", "about", NULL };
	int k = 0, n, a, sure;

	*cued = 0;
	while (wa_when_is_any(r, i + k, cues))
		k++, *cued = CUE;
	/* "for a quarter past 3pm" */
	if (wa_when_is(r, i + k, "for") && (n = minutes_from(r, i + k + 1, t))) {
		*cued = CUE;
		return k + 1 + n;
	}
	if (wa_when_is(r, i + k, "noon") || wa_when_is(r, i + k, "midday") || wa_when_is(r, i + k, "midnight") ||
	    (wa_when_is(r, i + k, "mid") && wa_when_is(r, i + k + 1, "day"))) {
		int mid = wa_when_is(r, i + k, "mid");
		n = hour_ref(r, i + k + mid, t) + mid;
		if (mid)
			*t = (tod){ 12, 0, WA_WHEN_MINUTE, 'p', 0, 0 };
		t->grain = WA_WHEN_HOUR;
		*cued = CUE;
		return k + n;
	}
	if ((n = minutes_from(r, i + k, t))) {
		*cued = CUE;
		return k + n;
	}
	if ((n = clock_at(r, i + k, t, *cued || ampm_at(r, i + k + 1, &a), &sure))) {
		*cued |= sure ? CUE : 0;
	} else {
		if (!(n = wa_when_num_at(r, i + k, &t->h)) || t->h > 23 ||
		    (r->t[i + k].num >= 0 && r->t[i + k].ndig > 2))
			return 0;
		t->m = 0, t->grain = WA_WHEN_HOUR, t->ampm = 0;
	}
	k += n;
	k += ish(r, i + k);
	if (wa_when_is(r, i + k, "o'clock") || wa_when_is(r, i + k, "oclock") ||
	    (wa_when_is(r, i + k, "o") && wa_when_is(r, i + k + 1, "clock")))
		k += 1 + wa_when_is(r, i + k, "o"), *cued = CUE;
	if ((n = ampm_at(r, i + k, &t->ampm))) {
		/* "4a" alone may be anything; "3:18a" and "at 3p" are times */
		if (strlen(r->t[i + k].w) > 1 || wa_when_is(r, i + k + 1, "m") ||
		    wa_when_is(r, i + k + 2, "m") || t->grain == WA_WHEN_MINUTE)
			*cued = CUE;
		k += n;
	}
	k += ish(r, i + k);
	k += zone_at(r, i + k, t);
	if (t->ampm && t->h > 12)
		t->ampm = 0;    /* 15:00 pm */
	if (t->ampm == 0 && t->h == 0 && t->grain == WA_WHEN_HOUR)
		return 0;
	return k;
}

/* ---- parts of a day ---- */

typedef struct part {
	const char *w;
	int from, to, usual, pm;        /* pm: -1 am, 1 pm, 2 pm and 12 is midnight */
} part;

static const part parts[] = {
	{ "morning", 0, 12, 9, -1 }, { "afternoon", 12, 19, 14, 1 }, { "evening", 18, 24, 18, 2 },
	{ "night", 18, 24, 20, 2 }, { "lunch", 12, 14, 12, 1 }, { "lunchtime", 12, 14, 12, 1 },
	{ "tonight", 18, 24, 19, 2 }, { "tonite", 18, 24, 19, 2 },
};

static void set_part(found *f, const part *p)
{
	f->part = 1;
	f->part_from = p->from, f->part_to = p->to, f->part_usual = p->usual, f->part_pm = p->pm;
}

/* [this|today|in the] [early|late] morning, tonight, last night, the
 * early hours of the morning, after lunch, after school */
static int part_at(reading *r, int i, found *f, long *day, int *have_day)
{
	static const part after_lunch = { "after lunch", 13, 17, 13, 1 };
	static const part after_school = { "after school", 15, 21, 15, 1 };
	int k = 0, early = 0, late = 0;

	*have_day = 0;
	if (wa_when_is(r, i, "after") && (wa_when_is(r, i + 1, "lunch") || wa_when_is(r, i + 1, "school"))) {
		set_part(f, wa_when_is(r, i + 1, "lunch") ? &after_lunch : &after_school);
		return 2;
	}
	if (wa_when_is(r, i, "this") || wa_when_is(r, i, "in") || wa_when_is(r, i, "at"))
		k = 1 + wa_when_is(r, i + 1, "the");
	if (wa_when_is(r, i + k, "last") && wa_when_is(r, i + k + 1, "night"))
		*day = r->today - 1, *have_day = 1, k++;
	if (wa_when_is(r, i + k, "late") && wa_when_is(r, i + k + 1, "last") &&
	    wa_when_is(r, i + k + 2, "night"))
		*day = r->today - 1, *have_day = 1, late = 1, k += 2;
	if (wa_when_is(r, i + k, "early") || wa_when_is(r, i + k, "late"))
		early = r->t[i + k].w[0] == 'e', late |= !early, k++;
	if (early && wa_when_is(r, i + k, "in") && wa_when_is(r, i + k + 1, "the"))
		k += 2;
	if (wa_when_is(r, i + k, "the") && wa_when_is(r, i + k + 1, "early") &&
	    wa_when_is(r, i + k + 2, "hours") && wa_when_is(r, i + k + 3, "of"))
		early = 1, k += 4 + wa_when_is(r, i + k + 4, "the");
	for (size_t p = 0; p < sizeof parts / sizeof *parts; p++)
		if (wa_when_is(r, i + k, parts[p].w) ||
		    (!strncmp(r->t[i + k < r->n ? i + k : 0].w, parts[p].w, strlen(parts[p].w)) &&
		    i + k < r->n && !strcmp(r->t[i + k].w + strlen(parts[p].w), "ish"))) {
			set_part(f, &parts[p]);
			if (early)
				f->part_from = 0, f->part_to = 9, f->part_usual = 7;
			if (late)
				f->part_from = 21, f->part_usual = 21;
			if (parts[p].w[0] == 't' && !*have_day)        /* tonight */
				*day = r->today, *have_day = 1;
			return k + 1 + ish(r, i + k + 1);
		}
	return 0;
}

/* ---- ranges ---- */

/* a time in a range: any number is one there ("from 3 to 4") */
static int range_time(reading *r, int i, tod *t, int *cued)
{
	return wa_when_time_at(r, i, t, cued);
}

static int range_to(const reading *r, int i)
{
	static const char *const to[] = { "-", "to", "till", "until", "untill", "through", "thru",
		"and", NULL };

	return wa_when_is_any(r, i, to) ? 1 : 0;
}

/* "between 2 and 4 pm", "from 9:30 - 11:00", "3-4pm", "8am until 6",
 * "later than 3:30pm but before 6pm", "4pm for 30 mins" */
static int range_at(reading *r, int i, found *f)
{
	int k = 0, n, m, a, cued_from, cued_to;

	if (wa_when_is(r, i, "for") && (n = wa_when_num_at(r, i + 1, &m)) &&
	    (wa_when_is(r, i + 1 + n, "'") || wa_when_is(r, i + 1 + n, "mins") ||
	    wa_when_is(r, i + 1 + n, "minutes")) && wa_when_is(r, i + 2 + n, "starting")) {
		/* "for 30' starting from 4pm" */
		k = 3 + n + (wa_when_is(r, i + 3 + n, "from") || wa_when_is(r, i + 3 + n, "at"));
		int c;
		if (!(n = wa_when_time_at(r, i + k, &f->from, &c)))
			return 0;
		int end = wa_when_hour24(&f->from, 0) * 60 + f->from.m + m;
		f->to = (tod){ end / 60, end % 60, WA_WHEN_MINUTE, 0, 0, 0 };
		f->from.grain = WA_WHEN_MINUTE;
		f->have_range = 1;
		return k + n;
	}
	if (wa_when_is(r, i, "between") || wa_when_is(r, i, "from"))
		k = 1;
	else if (wa_when_is(r, i, "in") && wa_when_is(r, i + 1, "between"))
		k = 2;
	else if (wa_when_is(r, i, "later") && wa_when_is(r, i + 1, "than"))
		k = 2;
	if (!(n = range_time(r, i + k, &f->from, &cued_from)))
		return 0;
	k += n;
	if (wa_when_is(r, i + k, "for") && (n = wa_when_num_at(r, i + k + 1, &m)) &&
	    (wa_when_is(r, i + k + 1 + n, "mins") || wa_when_is(r, i + k + 1 + n, "minutes") ||
	    wa_when_is(r, i + k + 1 + n, "min"))) {
		f->to = f->from;
		int end = wa_when_hour24(&f->from, 0) * 60 + f->from.m + m;
		f->to = (tod){ end / 60, end % 60, WA_WHEN_MINUTE, 0, 0, 0 };
		f->from.grain = WA_WHEN_MINUTE;
		f->have_range = 1;
		return k + n + 2;
	}
	if (wa_when_is(r, i + k, "but") && wa_when_is(r, i + k + 1, "before"))
		k += 2;
	else if (!range_to(r, i + k))
		return 0;
	else
		k++;
	if (!(n = range_time(r, i + k, &f->to, &cued_to)))
		return 0;
	k += n;
	/* "2-15" with nothing that says time is 15 February */
	int prefixed = wa_when_is(r, i, "between") || wa_when_is(r, i, "from") ||
		wa_when_is(r, i, "in") || wa_when_is(r, i, "later");
	/* "from 3 to 4 in the PM": the half of the day said last is both's */
	if ((n = ampm_at(r, i + k, &a)) && !f->to.ampm)
		f->to.ampm = a, k += n;
	if (!prefixed && !cued_from && !cued_to && !f->to.ampm)
		return 0;
	if (!f->from.ampm && f->to.ampm && f->from.h <= 12 && f->from.h <= f->to.h)
		f->from.ampm = f->to.ampm;
	f->have_range = 1;
	return k;
}

/* "after 2 pm", "from 2 pm", "since 2pm", "before 11 am", "until 2:00pm" */
static int open_at(reading *r, int i, found *f)
{
	static const char *const after[] = { "after", "from", "since", NULL };
	static const char *const before[] = { "before", "until", "till", "through", "untill", NULL };
	int n, cued;

	if (!wa_when_is_any(r, i, after) && !wa_when_is_any(r, i, before))
		return 0;
	static const char *const then[] = { "on", "tomorrow", "today", "tonight", "this", "next",
		"please", "and", "or", "if", "is", "works", "would", "ok", "okay", "then", NULL };
	tod t;
	if (!(n = wa_when_time_at(r, i + 1, &t, &cued)))
		return 0;
	/* "after 4" is a time, "after 5 days" a count */
	const tok *next = i + 1 + n < r->n ? &r->t[i + 1 + n] : NULL;
	if (!cued && next && isalnum((unsigned char)next->w[0]) && !wa_when_is_any(r, i + 1 + n, then))
		return 0;
	f->open = wa_when_is_any(r, i, after) ? WA_WHEN_AFTER : WA_WHEN_BEFORE;
	f->from = f->to = t;
	f->have_range = 1;
	return 1 + n;
}

/* "the next 3 hours", "last 2 minutes": from the next (or back to the
 * last) whole minute or hour */
static int rolling_at(reading *r, int i, found *f)
{
	int k = wa_when_is(r, i, "the"), v, n, next;

	if (wa_when_is(r, i + k, "next") || wa_when_is(r, i + k, "coming"))
		next = 1;
	else if (wa_when_is(r, i + k, "last") || wa_when_is(r, i + k, "past"))
		next = 0;
	else
		return 0;
	k++;
	if (!(n = wa_when_num_at(r, i + k, &v)) || v < 1 || v > 1440)
		return 0;
	k += n;
	int hours = wa_when_is(r, i + k, "hours") || wa_when_is(r, i + k, "hour");
	if (!hours && !wa_when_is(r, i + k, "minutes") && !wa_when_is(r, i + k, "minute") &&
	    !wa_when_is(r, i + k, "mins"))
		return 0;
	int unit = hours ? 60 : 1, now = r->now_min / unit * unit;
	int a = next ? now + unit : now - v * unit, b = a + v * unit;
	f->from = (tod){ 0, 0, hours ? WA_WHEN_HOUR : WA_WHEN_MINUTE, 0, 0, 0 };
	f->to = f->from;
	f->rolling = 1, f->roll_from = a, f->roll_to = b;
	f->have_range = 1;
	return k + 1;
}

/* "in two hours", "in 1h", "in a couple of hours", "in a few hours", "in
 * half an hour", "in 20 minutes" */
static int in_hours(reading *r, int i, found *f)
{
	int k = 1, v = 1, n, minutes;

	if (!wa_when_is(r, i, "in"))
		return 0;
	if (wa_when_is(r, i + 1, "half") && wa_when_is(r, i + 2, "an") && wa_when_is(r, i + 3, "hour")) {
		f->at_ms_min = 30;
		return 4;
	}
	if (wa_when_is(r, i + k, "a") && wa_when_is(r, i + k + 1, "couple"))
		v = 2, k += 2 + wa_when_is(r, i + k + 2, "of");
	else if ((wa_when_is(r, i + k, "a") && wa_when_is(r, i + k + 1, "few")) || wa_when_is(r, i + k, "few"))
		v = 3, k += 1 + wa_when_is(r, i + k, "a");
	else if (wa_when_is(r, i + k, "an") || wa_when_is(r, i + k, "a"))
		k++;
	else if ((n = wa_when_num_at(r, i + k, &v)) && v > 0 && v < 1000)
		k += n;
	else
		return 0;
	if (wa_when_is(r, i + k, "hours") || wa_when_is(r, i + k, "hour") || wa_when_is(r, i + k, "h"))
		minutes = 60 * v;
	else if (wa_when_is(r, i + k, "minutes") || wa_when_is(r, i + k, "minute") ||
	    wa_when_is(r, i + k, "mins") || wa_when_is(r, i + k, "min"))
		minutes = v;
	else
		return 0;
	f->at_ms_min = minutes;
	return k + 1;
}

/* ---- the walk ---- */

typedef struct spans {
	int date_at, date_end, part_at, part_end;       /* token ranges, -1: none */
	int loose_at, loose_end;                        /* a bare number that may be a time */
	tod loose;
} spans;

/* what starts at i: the tokens taken (the first of each kind only) */
static int piece_at(reading *r, int i, found *f, spans *s)
{
	found g = *f;
	long day;
	int n, have, cued;
	tod t;

	if (!f->have_range && ((n = range_at(r, i, &g)) || (n = open_at(r, i, &g)) ||
	    (n = rolling_at(r, i, &g)))) {
		f->have_range = 1, f->open = g.open, f->from = g.from, f->to = g.to;
		f->rolling = g.rolling, f->roll_from = g.roll_from, f->roll_to = g.roll_to;
		return wa_when_use(r, i, i + n), n;
	}
	if (!f->have_day && (n = wa_when_date_at(r, i, &day))) {
		f->have_day = 1, f->day = day, s->date_at = i, s->date_end = i + n;
		return wa_when_use(r, i, i + n), n;
	}
	if (f->at_ms_min < 0 && (n = in_hours(r, i, f)))
		return wa_when_use(r, i, i + n), n;
	if (!f->part && (n = part_at(r, i, &g, &day, &have))) {
		f->part = 1, f->part_from = g.part_from, f->part_to = g.part_to;
		f->part_usual = g.part_usual, f->part_pm = g.part_pm;
		if (have && !f->have_day)
			f->have_day = 1, f->day = day;
		s->part_at = i, s->part_end = i + n;
		return wa_when_use(r, i, i + n), n;
	}
	if (f->time.h < 0 && (n = wa_when_time_at(r, i, &t, &cued))) {
		if (cued) {
			f->time = t;
			return wa_when_use(r, i, i + n), n;
		}
		if (s->loose_at < 0)
			s->loose_at = i, s->loose_end = i + n, s->loose = t;
		return n;
	}
	return 0;
}

/* a bare number beside a day or a part of a day is its time: "9
 * tomorrow", "8 tonight", "tomorrow at 150ish" */
static int beside(const spans *s)
{
	return (s->date_at >= 0 && (s->loose_end == s->date_at || s->loose_at == s->date_end)) ||
		(s->part_at >= 0 && (s->loose_end == s->part_at || s->loose_at == s->part_end));
}

void wa_when_read(reading *r, found *f)
{
	spans s = { -1, -1, -1, -1, -1, -1, { -1, 0, 0, 0, 0, 0 } };

	for (int i = 0; i < r->n;) {
		int n = piece_at(r, i, f, &s);
		i += n ? n : 1;
	}
	/* "tonight 815": a clock time of three or four figures after a day */
	if (f->time.h < 0 && s.loose_at < 0 && (s.part_end >= 0 || s.date_end >= 0)) {
		int at = s.part_end >= 0 ? s.part_end : s.date_end;
		if (at < r->n && r->t[at].ndig >= 3 && r->t[at].ndig <= 4 &&
		    r->t[at].num % 100 < 60 && r->t[at].num / 100 <= 23) {
			f->time = (tod){ r->t[at].num / 100, r->t[at].num % 100, WA_WHEN_MINUTE, 0, 0, 0 };
			wa_when_use(r, at, at + 1);
		}
	}
	if (f->time.h < 0 && s.loose_at >= 0 && beside(&s)) {
		f->time = s.loose;
		wa_when_use(r, s.loose_at, s.loose_end);
	}
}
