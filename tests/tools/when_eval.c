/* when_eval - lib/text/when.c measured on the phrases of Duckling's
 * English time corpus (tests/data/duckling/time-en.json) that an
 * appointment needs: dates (a day), times (an hour or a minute), parts of
 * a day and ranges within one (an interval of hours or minutes, "after 2
 * pm").  Holidays, seconds, weeks, months, quarters, years and intervals
 * of more than a day are left out.  Prints, per kind, the share resolved
 * to Duckling's value at the corpus's reference time, then each miss.
 *
 * usage: build/tools/when-eval [tests/data/duckling/time-en.json] */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "text/when.h"

enum { DATE, TIME, PART, RANGE, KINDS };
static const char *const kind_names[KINDS] = { "dates", "times", "parts of a day",
	"ranges in a day" };

/* the kind of an example's value, or -1 when an appointment needs none */
static int kind_of(json_t *v)
{
	const char *type = json_string_value(json_object_get(v, "type"));
	const char *grain = json_string_value(json_object_get(v, "grain"));
	int minute = !strcmp(grain, "Minute"), hour = !strcmp(grain, "Hour");

	if (json_object_get(v, "holiday"))
		return -1;
	if (!strcmp(type, "instant"))
		return !strcmp(grain, "Day") ? DATE : hour || minute ? TIME : -1;
	if (!strcmp(type, "open"))
		return hour || minute ? RANGE : -1;
	char s[40], e[40];
	int64_t a, b;
	/* local times: as UTC, for their difference only */
	snprintf(s, sizeof s, "%sZ", json_string_value(json_object_get(v, "start")));
	snprintf(e, sizeof e, "%sZ", json_string_value(json_object_get(v, "end")));
	if (wa_clock_parse(s, &a) || wa_clock_parse(e, &b) || b - a > 86400000LL)
		return -1;
	return hour ? PART : minute ? RANGE : -1;
}

/* 1 when w says what Duckling's instant at (at its grain) says */
static int same_instant(const wa_when *w, const char *at, const char *grain)
{
	int y, mo, d, h, mi;

	if (!w->found || sscanf(at, "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi) != 5 ||
	    w->year != y || w->month != mo || w->day != d)
		return 0;
	if (!strcmp(grain, "Day"))
		return w->hour < 0;
	return w->hour == h && w->minute == mi;
}

/* 1 when w says what Duckling's value v says */
static int same(const wa_when *w, json_t *v)
{
	const char *type = json_string_value(json_object_get(v, "type"));
	const char *grain = json_string_value(json_object_get(v, "grain"));
	char at[32], end[32];

	if (!w->found)
		return 0;
	if (!strcmp(type, "instant"))
		return w->kind == WA_WHEN_INSTANT &&
			same_instant(w, json_string_value(json_object_get(v, "at")), grain);
	if (!strcmp(type, "open")) {
		const char *dir = json_string_value(json_object_get(v, "direction"));
		return w->kind == (!strcmp(dir, "after") ? WA_WHEN_AFTER : WA_WHEN_BEFORE) &&
			same_instant(w, json_string_value(json_object_get(v, "at")), "Minute");
	}
	if (w->kind != WA_WHEN_INTERVAL)
		return 0;
	snprintf(at, sizeof at, "%04d-%02d-%02dT%02d:%02d:00", w->year, w->month, w->day,
		w->part ? w->part_start : w->hour, w->part ? 0 : w->minute);
	snprintf(end, sizeof end, "%04d-%02d-%02dT%02d:%02d:00", w->end_year, w->end_month,
		w->end_day, w->end_hour, w->end_minute);
	return !strcmp(at, json_string_value(json_object_get(v, "start"))) &&
		!strcmp(end, json_string_value(json_object_get(v, "end")));
}

int main(int argc, char **argv)
{
	json_error_t je;
	json_t *corpus = json_load_file(argc > 1 ? argv[1] : "tests/data/duckling/time-en.json",
		0, &je), *e;
	int64_t ref, diff;
	int total[KINDS] = { 0 }, good[KINDS] = { 0 };
	size_t i;

	if (!corpus) {
		fprintf(stderr, "when-eval: %s\n", je.text);
		return 66;
	}
	/* the reference times are at UTC-2, the zone Etc/GMT+2 (POSIX signs) */
	wa_clock_parse(json_string_value(json_object_get(corpus, "reference_time")), &ref);
	wa_clock_parse(json_string_value(json_object_get(corpus, "diff_reference_time")), &diff);
	json_array_foreach(json_object_get(corpus, "examples"), i, e) {
		json_t *v = json_object_get(e, "value");
		int k = kind_of(v);
		if (k < 0)
			continue;
		const char *text = json_string_value(json_object_get(e, "text"));
		int64_t now = !strcmp(json_string_value(json_object_get(e, "section")), "diff") ?
			diff : ref;
		wa_when w;
		wa_when_parse(text, now, "Etc/GMT+2", &w);
		int ok = same(&w, v);
		total[k]++;
		good[k] += ok;
		if (!ok) {
			char *want = json_dumps(v, JSON_COMPACT);
			printf("miss\t%s\t%s\t", kind_names[k], text);
			if (w.found)
				printf("%04d-%02d-%02d %02d:%02d", w.year, w.month, w.day, w.hour,
					w.minute);
			else
				printf("nothing");
			printf("\t%s\n", want);
			free(want);
		}
	}
	int all = 0, all_good = 0;
	for (int k = 0; k < KINDS; k++) {
		printf("%-16s %4d of %4d  %5.1f%%\n", kind_names[k], good[k], total[k],
			total[k] ? 100.0 * good[k] / total[k] : 0);
		all += total[k];
		all_good += good[k];
	}
	printf("%-16s %4d of %4d  %5.1f%%\n", "all", all_good, all, all ? 100.0 * all_good / all : 0);
	json_decref(corpus);
	return 0;
}
