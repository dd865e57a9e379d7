/* when_int.h - what the parts of the date and time reader share
 * (when.c puts together what wa_when_read.c, when_date.c and when_words.c
 * find). */
#ifndef WA_WHEN_INT_H
#define WA_WHEN_INT_H

#include "text/when.h"

#define WHEN_TOKENS 128

typedef struct tok {
	char w[24];             /* lower case */
	int start, end;         /* bytes of the text */
	int num;                /* the value of a number of up to 9 digits, else -1 */
	int ndig;               /* its digits */
	int glued;              /* no space before it ("3pm": pm is glued) */
} tok;

typedef struct reading {
	tok t[WHEN_TOKENS];
	int n;
	long today;             /* days since 1970-01-01, local */
	int now_min;            /* minutes into today */
	int offset;             /* the zone's minutes east of UTC now */
	int lo, hi;             /* the bytes of the text used, lo < 0: none */
	int spans[WA_WHEN_SPANS][2], nspans;    /* each stretch used, in bytes */
	int keep_hour;          /* a count into the past ("7 days ago") or "after 5
				 * days": at this hour that day, as Duckling reads it */
	int open_after;         /* "after 5 days": from then on */
	int impossible;         /* a day of a month it does not have was said */
	long alt;               /* "next Friday" said on a Wednesday: the other
				 * reading (this week's), else 0 */
} reading;

/* a time of day as said: h 0..23, or 1..12 with ampm 0 when not said */
typedef struct tod {
	int h, m, grain, ampm;  /* h < 0: none; ampm 'a', 'p' or 0 */
	int has_zone, zone;     /* a time zone said after it: minutes east of UTC */
} tod;

/* what a text says, kind by kind (the first of each) */
typedef struct found {
	int have_day;
	long day;
	tod time;
	int part, part_from, part_to, part_usual, part_pm;      /* part_pm 1 pm, -1 am */
	int have_range, open;
	tod from, to;
	int rolling, roll_from, roll_to;        /* "the next 3 hours": minutes of today */
	int at_ms_min;          /* minutes from now ("in two hours"), or -1 */
} found;

/* days: wa_clock_days, wa_clock_civil and wa_clock_month_days, and */
int wa_when_weekday(long n);

/* tokens */
int wa_when_is(const reading *r, int i, const char *w);
int wa_when_is_any(const reading *r, int i, const char *const *ws);
void wa_when_use(reading *r, int i, int j);

/* words (when_words.c): each the tokens it takes at i (0: none) */
int wa_when_num_at(const reading *r, int i, int *v);
int wa_when_ord_at(const reading *r, int i, int *v);
int wa_when_month_at(const reading *r, int i, int *m);
int wa_when_wday_at(const reading *r, int i, int *wd, int plural);

/* a date at i (when_date.c): the tokens it takes, *day set */
int wa_when_date_at(reading *r, int i, long *day);
/* a time of day at i (wa_when_read.c), and everything found (wa_when_read.c) */
int wa_when_time_at(reading *r, int i, tod *t, int *cued);
void wa_when_read(reading *r, found *f);
int wa_when_hour24(const tod *t, int part_pm);

#endif
