/* The date reader against Duckling's English time corpus
 * (tests/data/duckling, BSD, facebook/duckling): every phrase an
 * appointment needs (tests/tools/when_corpus.h says which) is read as
 * Duckling reads it at its reference time, or is in
 * tests/data/duckling/known-differences.tsv with the reason a booking
 * reads it otherwise; no line there is read as Duckling reads it now. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "../tools/when_corpus.h"

/* the known differences: phrase -> reason */
static json_t *known_new(void)
{
	FILE *f = fopen("duckling/known-differences.tsv", "r");
	json_t *known = json_object();
	char line[512];

	cr_assert_not_null(f, "duckling/known-differences.tsv");
	while (fgets(line, sizeof line, f)) {
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || !tab)
			continue;
		*tab = '\0';
		tab[strcspn(tab + 1, "\n") + 1] = '\0';
		cr_assert(strlen(tab + 1) > 10, "%s: no reason", line);
		json_object_set_new(known, line, json_string(tab + 1));
	}
	fclose(f);
	return known;
}

Test(when_corpus, read_as_duckling_or_known)
{
	json_error_t je;
	json_t *corpus = json_load_file("duckling/time-en.json", 0, &je), *e;
	json_t *known = known_new(), *missed = json_object();
	int total = 0, good = 0, unexplained = 0;
	size_t i;

	cr_assert_not_null(corpus, "%s", je.text);
	json_array_foreach(json_object_get(corpus, "examples"), i, e) {
		if (when_kind_of(e) < 0)
			continue;
		const char *text = json_string_value(json_object_get(e, "text"));
		wa_when w;
		when_read_example(corpus, e, &w);
		total++;
		if (when_same(&w, json_object_get(e, "value"))) {
			good++;
			continue;
		}
		json_object_set_new(missed, text, json_true());
		if (!json_object_get(known, text)) {
			cr_log_error("read otherwise, and not a known difference: %s", text);
			unexplained++;
		}
	}
	const char *text;
	json_t *reason;
	json_object_foreach(known, text, reason)
		cr_expect(json_object_get(missed, text) != NULL,
			"a known difference read as Duckling reads it now: %s", text);
	cr_log_info("%d of %d read as Duckling reads them (%.1f%%); the rest known differences",
		good, total, 100.0 * good / total);
	cr_assert(total > 400, "the phrases measured: %d", total);
	cr_assert_eq(unexplained, 0);
	/* the goal: at least 97% read as Duckling reads them */
	cr_assert(good * 100 >= 97 * total, "%d of %d (%.1f%%): under the goal of 97%%", good,
		total, 100.0 * good / total);
	json_decref(missed);
	json_decref(known);
	json_decref(corpus);
}

/* Duckling's negative corpus: phrases that name no time */
Test(when_corpus, no_time_in_the_negatives)
{
	json_t *corpus = json_load_file("duckling/time-en.json", 0, NULL), *e;
	size_t i;

	cr_assert_not_null(corpus);
	cr_assert(json_array_size(json_object_get(corpus, "negative")) > 20);
	json_array_foreach(json_object_get(corpus, "negative"), i, e) {
		wa_when w;
		cr_expect_not(wa_when_parse(json_string_value(e), 1360650600000LL, "Etc/GMT+2", &w),
			"a time in \"%s\"", json_string_value(e));
	}
	json_decref(corpus);
}
