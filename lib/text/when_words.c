/* when_words.c - the words dates and times are made of: numbers in
 * figures and in words, ordinals, months, weekdays.  See when_int.h. */
#include <stdio.h>
#include <string.h>

#include "text/when_int.h"

static const char *const units[20] = { "zero", "one", "two", "three", "four", "five", "six",
	"seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
	"sixteen", "seventeen", "eighteen", "nineteen" };
static const char *const unit_ords[20] = { "zeroth", "first", "second", "third", "fourth",
	"fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
	"thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
	"nineteenth" };
static const char *const tens[4] = { "twenty", "thirty", "forty", "fifty" };
static const char *const ten_ords[4] = { "twentieth", "thirtieth", "fortieth", "fiftieth" };

static int index_of(const reading *r, int i, const char *const *words, int n)
{
	for (int k = 0; k < n; k++)
		if (wa_when_is(r, i, words[k]))
			return k;
	return -1;
}

/* "twenty", "twenty one", "twenty-one" with the unit's words */
static int tens_at(const reading *r, int i, int *v, const char *const *unit_words,
	const char *const *tens_words)
{
	int t = index_of(r, i, tens, 4), u;

	if (t < 0) {
		if ((t = index_of(r, i, tens_words, 4)) < 0)
			return 0;
		*v = 20 + 10 * t;
		return 1;
	}
	int at = i + 1 + wa_when_is(r, i + 1, "-");
	if ((u = index_of(r, at, unit_words, 10)) > 0) {
		*v = 20 + 10 * t + u;
		return at - i + 1;
	}
	if (tens_words == ten_ords)     /* "twenty" alone is no ordinal */
		return 0;
	*v = 20 + 10 * t;
	return 1;
}

int wa_when_num_at(const reading *r, int i, int *v)
{
	int k;

	if (i >= r->n)
		return 0;
	if (r->t[i].num >= 0) {
		*v = r->t[i].num;
		return 1;
	}
	if ((k = index_of(r, i, units, 20)) >= 0) {
		*v = k;
		return 1;
	}
	return tens_at(r, i, v, units, tens);
}

int wa_when_ord_at(const reading *r, int i, int *v)
{
	static const char *const suffixes[] = { "st", "nd", "rd", "th", NULL };
	int k;

	if (i >= r->n)
		return 0;
	if (r->t[i].num >= 0 && r->t[i].ndig <= 2 && i + 1 < r->n && r->t[i + 1].glued &&
	    wa_when_is_any(r, i + 1, suffixes)) {
		*v = r->t[i].num;
		return 2;
	}
	if ((k = index_of(r, i, unit_ords, 20)) > 0) {
		*v = k;
		return 1;
	}
	return tens_at(r, i, v, unit_ords, ten_ords);
}

int wa_when_month_at(const reading *r, int i, int *m)
{
	static const char *const names[12] = { "january", "february", "march", "april", "may",
		"june", "july", "august", "september", "october", "november", "december" };

	if (i >= r->n)
		return 0;
	const char *w = r->t[i].w;
	for (int k = 0; k < 12; k++)
		if (!strcmp(w, names[k]) || (strlen(w) == 3 && !strncmp(w, names[k], 3) &&
		    k != 4) || (k == 8 && !strcmp(w, "sept"))) {
			*m = k + 1;
			/* "Oct." */
			return 1 + (strcmp(w, names[k]) && i + 1 < r->n && r->t[i + 1].glued &&
				wa_when_is(r, i + 1, "."));
		}
	return 0;
}

int wa_when_wday_at(const reading *r, int i, int *wd, int plural)
{
	static const char *const names[7] = { "sunday", "monday", "tuesday", "wednesday",
		"thursday", "friday", "saturday" };
	static const char *const shorts[] = { "sun", "mon", "tue", "tues", "wed", "weds", "thu",
		"thur", "thurs", "fri", "sat", NULL };
	static const int short_day[] = { 0, 1, 2, 2, 3, 3, 4, 4, 4, 5, 6 };
	char w[32];

	if (i >= r->n)
		return 0;
	snprintf(w, sizeof w, "%s", r->t[i].w);
	size_t len = strlen(w);
	if (plural && len > 1 && w[len - 1] == 's')
		w[len - 1] = '\0';
	for (int k = 0; k < 7; k++)
		if (!strcmp(w, names[k])) {
			*wd = k;
			return 1;
		}
	for (int k = 0; shorts[k] && !plural; k++)
		if (!strcmp(w, shorts[k])) {
			*wd = short_day[k];
			return 1 + (i + 1 < r->n && r->t[i + 1].glued && wa_when_is(r, i + 1, "."));
		}
	return 0;
}
