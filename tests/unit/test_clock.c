#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/clock.h"
#include "helpers.h"

Test(clock, formats_the_epoch_and_a_known_instant)
{
	char t[WA_TIME_MAX];

	wa_clock_format(0, t);
	cr_assert_str_eq(t, "1970-01-01T00:00:00.000Z");
	/* 1700000000 s is 2023-11-14T22:13:20Z (date -u -d @1700000000) */
	wa_clock_format(1700000000123LL, t);
	cr_assert_str_eq(t, "2023-11-14T22:13:20.123Z");
	/* a leap day: 951782400 = 2000-02-29T00:00:00Z */
	wa_clock_format(951782400000LL, t);
	cr_assert_str_eq(t, "2000-02-29T00:00:00.000Z");
}

Test(clock, parses_offsets_and_fractions)
{
	int64_t ms;

	cr_assert_eq(wa_clock_parse("2023-11-14T22:13:20Z", &ms), 0);
	cr_assert_eq(ms, 1700000000000LL);
	cr_assert_eq(wa_clock_parse("2023-11-14T23:13:20.5+01:00", &ms), 0);
	cr_assert_eq(ms, 1700000000500LL);
	cr_assert_eq(wa_clock_parse("2023-11-14", &ms), 0);
	cr_assert_eq(ms, 1699920000000LL);
	cr_assert_eq(wa_clock_parse("1998-12-31T23:59:60Z", &ms), 0);
}

Test(clock, rejects_bad_times)
{
	int64_t ms;

	cr_assert_neq(wa_clock_parse("2023-02-29", &ms), 0);        /* not a leap year */
	cr_assert_neq(wa_clock_parse("2023-11-14T25:00:00Z", &ms), 0);
	cr_assert_neq(wa_clock_parse("2023-11-14T22:13:20", &ms), 0); /* no offset */
	cr_assert_neq(wa_clock_parse("2023-11-14T22:13:60Z", &ms), 0); /* leap sec at 22:13 */
	cr_assert_neq(wa_clock_parse("14/11/2023", &ms), 0);
	cr_assert_neq(wa_clock_parse("", &ms), 0);
}

Test(clock, durations)
{
	int64_t ms;

	cr_assert_eq(wa_clock_parse_duration("7d", &ms), 0);
	cr_assert_eq(ms, 7 * 86400 * 1000LL);
	cr_assert_eq(wa_clock_parse_duration("90", &ms), 0);
	cr_assert_eq(ms, 90000);
	cr_assert_eq(wa_clock_parse_duration("2w", &ms), 0);
	cr_assert_eq(ms, 14 * 86400 * 1000LL);
	cr_assert_neq(wa_clock_parse_duration("7x", &ms), 0);
	cr_assert_neq(wa_clock_parse_duration("-1d", &ms), 0);
	cr_assert_neq(wa_clock_parse_duration("d", &ms), 0);
}

Test(clock, source_date_epoch_fixes_now)
{
	wa_err e = WA_ERR_INIT;
	char t[WA_TIME_MAX];

	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	cr_assert_eq(wa_clock_init(&e), 0);
	cr_assert(wa_clock_fixed());
	wa_clock_now_text(t);
	cr_assert_str_eq(t, "2023-11-14T22:13:20.000Z");
	unsetenv("SOURCE_DATE_EPOCH");
}

Test(clock, bad_source_date_epoch_is_a_configuration_error)
{
	wa_err e = WA_ERR_INIT;

	setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
	cr_assert_eq(wa_clock_init(&e), -1);
	cr_assert_eq(e.code, 78);
	cr_assert(strstr(e.msg, "SOURCE_DATE_EPOCH") != NULL);
	unsetenv("SOURCE_DATE_EPOCH");
}

/* a time zone's country, as the tz database's zone.tab says */
Test(clock, zone_countries)
{
	char cc[3];
	FILE *f;

	cr_assert_eq(wa_clock_zone_country("America/Chicago", cc), 0);
	cr_assert_str_eq(cc, "US");
	cr_assert_eq(wa_clock_zone_country("Europe/London", cc), 0);
	cr_assert_str_eq(cc, "GB");
	cr_assert_eq(wa_clock_zone_country("Europe/Berlin", cc), 0);
	cr_assert_str_eq(cc, "DE");
	cr_assert_eq(wa_clock_zone_country("UTC", cc), -1);
	cr_assert_eq(wa_clock_zone_country("Mars/Olympus", cc), -1);
	cr_assert_eq(wa_clock_zone_country(NULL, cc), -1);
	/* $TZDIR is where zone.tab is read */
	char dir[256], path[300];
	snprintf(dir, sizeof dir, "%s", tmpdir_new());
	snprintf(path, sizeof path, "%s/zone.tab", dir);
	cr_assert_not_null(f = fopen(path, "w"));
	fputs("# a comment\nAQ\t-7750+16636\tAntarctica/McMurdo\nXX\t+0000+00000\tTest/Zone\tcomment\n", f);
	fclose(f);
	setenv("TZDIR", dir, 1);
	cr_assert_eq(wa_clock_zone_country("Test/Zone", cc), 0);
	cr_assert_str_eq(cc, "XX");
	cr_assert_eq(wa_clock_zone_country("America/Chicago", cc), -1);
	unsetenv("TZDIR");
}
