/* when_corpus.h - which phrases of Duckling's English time corpus
 * (tests/data/duckling/time-en.json) an appointment needs, and whether
 * lib/text/when.c reads one as Duckling does: shared by the unit test
 * (tests/unit/test_when_corpus.c) and build/tools/when-eval.
 *
 * Measured: dates (a day), times (an hour or a minute), parts of a day
 * and ranges within one (an interval of hours or minutes, "after 2 pm",
 * "the next 3 hours").  Left out: holidays and phrases that count from
 * one ("three days after Easter", "the ides of March"), counts of years
 * ("in 4 years at 5pm"), "the closest Monday to Oct 5th", seconds,
 * weeks, months, quarters, years and intervals of more than a day, and
 * the latent examples (Duckling itself gives those only when asked for
 * latent readings: "7", "ten thirty"). */
#ifndef WHEN_CORPUS_H
#define WHEN_CORPUS_H

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/clock.h"
#include "text/when.h"

enum { DATE, TIME, PART, RANGE, KINDS };
static const char *const when_kind_names[KINDS] = { "dates", "times", "parts of a day",
	"ranges in a day" };

/* the kind of an example, or -1 when an appointment needs none */
static int when_kind_of(json_t *e)
{
	static const char *const out[] = { "christmas", "easter", "thanksgiving", "halloween",
		"ides", "valentine", "year", "closest", NULL };
	json_t *v = json_object_get(e, "value");
	const char *text = json_string_value(json_object_get(e, "text"));

	if (!strcmp(json_string_value(json_object_get(e, "section")), "latent"))
		return -1;
	for (int k = 0; out[k]; k++)
		if (strcasestr(text, out[k]))
			return -1;
	const char *type = json_string_value(json_object_get(v, "type"));
	const char *grain = json_string_value(json_object_get(v, "grain"));
	int minute = !strcmp(grain, "Minute"), hour = !strcmp(grain, "Hour");

	if (json_object_get(v, "holiday"))
		return -1;
	if (!strcmp(type, "instant"))
		return !strcmp(grain, "Day") ? DATE : hour || minute ? TIME : -1;
	if (!strcmp(type, "open"))
		return hour || minute ? RANGE : -1;
	char from[40], to[40];
	int64_t a, b;
	/* local times: as UTC, for their difference only */
	snprintf(from, sizeof from, "%sZ", json_string_value(json_object_get(v, "start")));
	snprintf(to, sizeof to, "%sZ", json_string_value(json_object_get(v, "end")));
	if (wa_clock_parse(from, &a) || wa_clock_parse(to, &b) || b - a > 86400000LL)
		return -1;
	return hour ? PART : minute ? RANGE : -1;
}

/* 1 when w says what Duckling's instant at (at its grain) says */
static int when_same_instant(const wa_when *w, const char *at, const char *grain)
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
static int when_same(const wa_when *w, json_t *v)
{
	const char *type = json_string_value(json_object_get(v, "type"));
	const char *grain = json_string_value(json_object_get(v, "grain"));
	char at[32], end[32];

	if (!w->found)
		return 0;
	if (!strcmp(type, "instant"))
		return w->kind == WA_WHEN_INSTANT &&
			when_same_instant(w, json_string_value(json_object_get(v, "at")), grain);
	if (!strcmp(type, "open")) {
		const char *dir = json_string_value(json_object_get(v, "direction"));
		return w->kind == (!strcmp(dir, "after") ? WA_WHEN_AFTER : WA_WHEN_BEFORE) &&
			when_same_instant(w, json_string_value(json_object_get(v, "at")), "Minute");
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

/* the example read at its reference time (UTC-2: Etc/GMT+2, POSIX signs) */
static void when_read_example(json_t *corpus, json_t *e, wa_when *w)
{
	int64_t ref;
	const char *at = !strcmp(json_string_value(json_object_get(e, "section")), "diff") ?
		"diff_reference_time" : "reference_time";

	wa_clock_parse(json_string_value(json_object_get(corpus, at)), &ref);
	wa_when_parse(json_string_value(json_object_get(e, "text")), ref, "Etc/GMT+2", w);
}

#endif
