/* clock.c - RFC 3339 time and SOURCE_DATE_EPOCH: see clock.h. */
#include "base/clock.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int fixed = -1;          /* -1 not read yet */
static int64_t fixed_ms;

int wa_clock_init(wa_err *err)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	fixed = 0;
	if (!s || !*s)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 0 || v > 253402300799LL)
		return wa_err_set(err, WA_EX_CONFIG,
			"SOURCE_DATE_EPOCH=\"%s\" is not a number of seconds since 1970", s);
	fixed = 1;
	fixed_ms = (int64_t)v * 1000;
	return 0;
}

int wa_clock_fixed(void)
{
	if (fixed < 0)
		wa_clock_init(NULL);
	return fixed == 1;
}

int64_t wa_clock_now_ms(void)
{
	struct timespec ts;

	if (wa_clock_fixed())
		return fixed_ms;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t wa_clock_real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t wa_clock_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Howard Hinnant's days_from_civil and civil_from_days */
int64_t wa_clock_days(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void wa_clock_civil(int64_t n, int *y, int *m, int *d)
{
	n += 719468;
	int64_t era = (n >= 0 ? n : n - 146096) / 146097;
	int64_t doe = n - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int wa_clock_month_days(int y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : len[m - 1];
}

void wa_clock_format(int64_t ms, char out[WA_TIME_MAX])
{
	/* the same second is asked for many times a second: remember it */
	static __thread int64_t cached_secs = INT64_MIN;
	static __thread char cached[WA_TIME_MAX];

	if (ms >= 0 && ms / 1000 == cached_secs) {
		int frac = (int)(ms % 1000);
		memcpy(out, cached, WA_TIME_MAX);
		out[20] = (char)('0' + frac / 100);
		out[21] = (char)('0' + frac / 10 % 10);
		out[22] = (char)('0' + frac % 10);
		return;
	}
	time_t secs = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	int frac = (int)(ms - (int64_t)secs * 1000);
	struct tm tm;

	gmtime_r(&secs, &tm);
	snprintf(out, WA_TIME_MAX, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
		(tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100, tm.tm_mday % 100,
		tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100, frac % 1000);
	if (ms >= 0) {
		cached_secs = ms / 1000;
		memcpy(cached, out, WA_TIME_MAX);
	}
}

void wa_clock_now_text(char out[WA_TIME_MAX])
{
	wa_clock_format(wa_clock_now_ms(), out);
}

static int date_valid(int y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= wa_clock_month_days(y, m);
}

static int digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

int wa_clock_parse(const char *s, int64_t *ms)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, frac_ms = 0, off = 0;
	const char *p = s;

	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) ||
	    *p++ != '-' || digits(&p, 2, &d) || !date_valid(y, mo, d))
		return -1;
	if (*p == '\0')
		goto done;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return -1;
	p++;
	if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi) ||
	    *p++ != ':' || digits(&p, 2, &sec))
		return -1;
	if (h > 23 || mi > 59 || sec > 60)
		return -1;
	if (*p == '.') {
		int scale = 100, n = 0;
		p++;
		while (isdigit((unsigned char)*p)) {
			frac_ms += (*p - '0') * scale;
			scale /= 10;
			p++;
			n++;
		}
		if (n == 0)
			return -1;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1, oh, om;
		p++;
		if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om) ||
		    oh > 23 || om > 59)
			return -1;
		off = sign * (oh * 60 + om);
	} else {
		return -1;
	}
	if (*p)
		return -1;
	/* a leap second is only valid at 23:59:60 UTC */
	if (sec == 60) {
		int utc_min = ((h * 60 + mi - off) % 1440 + 1440) % 1440;
		if (utc_min != 23 * 60 + 59)
			return -1;
	}
done:
	*ms = ((wa_clock_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec
		- off * 60) * 1000) + frac_ms;
	return 0;
}

int wa_clock_parse_duration(const char *s, int64_t *ms)
{
	char *end;
	long long v;
	int64_t unit = 1000;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || v < 0)
		return -1;
	if (*end) {
		switch (*end) {
		case 's': unit = 1000; break;
		case 'm': unit = 60 * 1000; break;
		case 'h': unit = 3600 * 1000; break;
		case 'd': unit = 86400 * 1000; break;
		case 'w': unit = 7 * 86400 * 1000LL; break;
		default: return -1;
		}
		if (end[1])
			return -1;
	}
	if (v > INT64_MAX / unit)
		return -1;
	*ms = v * unit;
	return 0;
}

int wa_clock_zone_country(const char *zone, char out[3])
{
	const char *dir = getenv("TZDIR");
	char path[4096], line[512];
	int found = -1;

	if (!zone || !*zone)
		return -1;
	snprintf(path, sizeof path, "%s/zone.tab", dir && *dir ? dir : "/usr/share/zoneinfo");
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	/* "US<TAB>+415100-0873900<TAB>America/Chicago<TAB>Central (most areas)" */
	while (found < 0 && fgets(line, sizeof line, f)) {
		char *cc = strtok(line, "\t\n"), *coords = strtok(NULL, "\t\n"),
			*name = strtok(NULL, "\t\n");
		if (cc && coords && name && *cc != '#' && strlen(cc) == 2 && !strcmp(name, zone)) {
			memcpy(out, cc, 3);
			found = 0;
		}
	}
	fclose(f);
	return found;
}
