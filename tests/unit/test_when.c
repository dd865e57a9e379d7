/* Dates and times in plain phrases, counted by hand from Tuesday 24
 * November 2026, 10:00 in London. */
#include <criterion/criterion.h>
#include <string.h>

#include "text/when.h"

#define NOW 1795514400000LL     /* 2026-11-24T10:00:00Z, a Tuesday */

static void when_is(const char *text, const char *tz, int64_t now, int y, int m, int d, int h,
	int min)
{
	wa_when w;

	cr_assert(wa_when_parse(text, now, tz, &w), "%s: nothing found", text);
	cr_assert(w.year == y && w.month == m && w.day == d && w.hour == h && w.minute == min,
		"%s: %04d-%02d-%02d %d:%d, not %04d-%02d-%02d %d:%d", text, w.year, w.month, w.day,
		w.hour, w.minute, y, m, d, h, min);
}

Test(when, dates_and_times)
{
	const char *tz = "Europe/London";

	when_is("next Tuesday at 3pm", tz, NOW, 2026, 12, 1, 15, 0);
	when_is("this tuesday at 5 pm", tz, NOW, 2026, 11, 24, 17, 0);
	when_is("tomorrow morning", tz, NOW, 2026, 11, 25, 9, 0);
	when_is("the day after tomorrow at noon", tz, NOW, 2026, 11, 26, 12, 0);
	when_is("Friday 3:30pm please", tz, NOW, 2026, 11, 27, 15, 30);
	when_is("could I come on 1 December?", tz, NOW, 2026, 12, 1, -1, -1);
	when_is("December 3rd at 9am", tz, NOW, 2026, 12, 3, 9, 0);
	when_is("2027-01-05 at 14:00", tz, NOW, 2027, 1, 5, 14, 0);
	when_is("at 9", tz, NOW, 2026, 11, 25, 9, 0);          /* 9:00 has passed */
	when_is("at 15", tz, NOW, 2026, 11, 24, 15, 0);
	when_is("in 3 days", tz, NOW, 2026, 11, 27, -1, -1);
	when_is("in a week", tz, NOW, 2026, 12, 1, -1, -1);
	when_is("sometime next week", tz, NOW, 2026, 11, 30, -1, -1);  /* its Monday */
	when_is("1 March", tz, NOW, 2027, 3, 1, -1, -1);        /* passed this year */
	when_is("weds evening", tz, NOW, 2026, 11, 25, 18, 0);
	/* in New York it is still Monday 23 November (03:00Z is 22:00 there) */
	when_is("tomorrow", "America/New_York", NOW - 7 * 3600000LL, 2026, 11, 24, -1, -1);
	when_is("tomorrow", tz, NOW - 7 * 3600000LL, 2026, 11, 25, -1, -1);
	/* no date or time at all */
	wa_when w;
	cr_assert_not(wa_when_parse("I have 3 kids and a dog", NOW, tz, &w));
	cr_assert_not(wa_when_parse("call 0117 496 0123", NOW, tz, &w));
	/* where it was said */
	cr_assert(wa_when_parse("ok, next Tuesday at 3pm works", NOW, tz, &w));
	cr_assert_eq(w.start, 4);
	cr_assert_eq(w.end, 23);        /* 4 + strlen("next Tuesday at 3pm") */
}

/* The phrases the offline model got wrong (issue 19), counted by hand
 * from Wednesday 9 December 2026, 09:00 in Chicago (15:00 UTC): the 14th
 * is a Monday, Friday week the Friday after the 11th. */
#define WED 1796828400000LL     /* 2026-12-09T15:00:00Z */

Test(when, what_customers_said)
{
	const char *tz = "America/Chicago";
	wa_when w;

	when_is("the 14th at 4pm", tz, WED, 2026, 12, 14, 16, 0);
	when_is("Friday week at 10am", tz, WED, 2026, 12, 18, 10, 0);
	when_is("can i come in today at 3:30?", tz, WED, 2026, 12, 9, 15, 30);
	when_is("i want to make an appointment for next monday 2pm", tz, WED, 2026, 12, 14, 14, 0);
	when_is("Do you have anything tomorrow morning? Need a checkup.", tz, WED, 2026, 12, 10, 9,
		0);
	when_is("can I book for Sunday at 11am", tz, WED, 2026, 12, 13, 11, 0);
	when_is("can we push my appointment back to the 16th at 11:30?", tz, WED, 2026, 12, 16,
		11, 30);
	/* a part of a day is an interval, with the hour it usually means */
	cr_assert(wa_when_parse("tomorrow morning", WED, tz, &w));
	cr_assert(w.kind == WA_WHEN_INTERVAL && w.part && w.part_start == 0 && w.end_hour == 12);
	/* "after 4": open, from 4 pm (a working day's 4) */
	cr_assert(wa_when_parse("after 4", WED, tz, &w));
	cr_assert(w.kind == WA_WHEN_AFTER && w.hour == 16 && w.day == 9);
	/* between 2 and 4 pm: [14:00, 17:00) at the grain of an hour */
	cr_assert(wa_when_parse("between 2 and 4 pm on Friday", WED, tz, &w));
	cr_assert(w.kind == WA_WHEN_INTERVAL && w.day == 11 && w.hour == 14 && w.end_hour == 17);
	/* a phone number is no time, nor the second of two offers */
	cr_assert_not(wa_when_parse("cell 773-555-0182", WED, tz, &w));
	cr_assert_not(wa_when_parse("the second one please", WED, tz, &w));
}

/* A day's or a month's name one letter off is the name; a plural is no
 * misspelling; Spanish dates read as their English words.  From Tuesday
 * 24 November 2026, 10:00 in London. */
Test(when, misspelt_and_spanish)
{
	const char *tz = "Europe/London";
	wa_when w;

	when_is("tomorow at 10am", tz, NOW, 2026, 11, 25, 10, 0);
	when_is("thrusday 2pm", tz, NOW, 2026, 11, 26, 14, 0);
	when_is("wendesday at 9", tz, NOW, 2026, 11, 25, 9, 0);
	when_is("3 decmber at 11am", tz, NOW, 2026, 12, 3, 11, 0);
	/* "fridays" is no misspelt "friday", nor "mondays" one */
	cr_assert(wa_when_parse("fridays", NOW, tz, &w) == wa_when_parse("fridays", NOW, tz, &w));
	/* Spanish */
	when_is("el viernes a las 10", tz, NOW, 2026, 11, 27, 10, 0);
	when_is("mañana a las 4 de la tarde", tz, NOW, 2026, 11, 25, 16, 0);
	when_is("el 17 de diciembre a las 3 de la tarde", tz, NOW, 2026, 12, 17, 15, 0);
	when_is("el sábado a las 11", tz, NOW, 2026, 11, 28, 11, 0);
	when_is("lunes 30 a las 9 de la mañana", tz, NOW, 2026, 11, 30, 9, 0);
	when_is("mañana por la tarde", tz, NOW, 2026, 11, 25, 14, 0);  /* afternoon: 12 to 19, 2 pm */
	/* English words around Spanish ones are left alone: "a" and "de" */
	when_is("a week from tomorrow", tz, NOW, 2026, 12, 2, -1, -1);
}

/* what a date said was: the day said or not, and the stretches of words
 * used ("friday ... at 10" is two) */
Test(when, dated_and_spans)
{
	const char *t = "I booked for friday but can you do it at 10";
	wa_when w;

	cr_assert(wa_when_parse(t, NOW, "Europe/London", &w));
	cr_assert(w.dated);
	cr_assert_eq(w.nspans, 2);
	cr_assert(!strncmp(t + w.spans[0][0], "friday", 6));
	cr_assert(!strncmp(t + w.spans[1][0], "at 10", 5), "%s", t + w.spans[1][0]);
	cr_assert(wa_when_parse("at 4pm", NOW, "Europe/London", &w));
	cr_assert(!w.dated);
	cr_assert(wa_when_parse("today at 4pm", NOW, "Europe/London", &w));
	cr_assert(w.dated);
}

/* a day a month does not have is heard, not dropped for the time beside it */
Test(when, impossible_dates_are_said)
{
	wa_when w;

	wa_when_parse("the 31st of November at 10am", NOW, "Europe/London", &w);
	cr_assert(w.impossible);
	wa_when_parse("2/30 at 9am", NOW, "Europe/London", &w);
	cr_assert(w.impossible);
	wa_when_parse("February 29 2027", NOW, "Europe/London", &w);
	cr_assert(w.impossible);                /* 2027 is no leap year */
	cr_assert(wa_when_parse("February 29 2028", NOW, "Europe/London", &w));
	cr_assert(!w.impossible);
	cr_assert(wa_when_parse("the 30th of November at 10am", NOW, "Europe/London", &w));
	cr_assert(!w.impossible);
}

/* "next Friday" on a day before Friday is next week's Friday, as Duckling
 * reads it, with the coming one as the other reading; on Tuesday 24
 * November "next Tuesday" and "next Monday" are one day each */
Test(when, next_weekday_read_two_ways)
{
	wa_when w;

	cr_assert(wa_when_parse("next friday at 10", NOW, "Europe/London", &w));
	cr_assert(w.year == 2026 && w.month == 12 && w.day == 4, "%d-%d", w.month, w.day);
	cr_assert(w.alt_year == 2026 && w.alt_month == 11 && w.alt_day == 27, "%d-%d",
		w.alt_month, w.alt_day);
	cr_assert(wa_when_parse("next tuesday", NOW, "Europe/London", &w));
	cr_assert(w.day == 1 && w.alt_year == 0);
	cr_assert(wa_when_parse("next monday", NOW, "Europe/London", &w));
	cr_assert(w.day == 30 && w.alt_year == 0);
	/* said so, it is one */
	cr_assert(wa_when_parse("friday of next week", NOW, "Europe/London", &w));
	cr_assert(w.day == 4 && w.alt_year == 0);
	cr_assert(wa_when_parse("this friday", NOW, "Europe/London", &w));
	cr_assert(w.day == 27 && w.alt_year == 0);
}
