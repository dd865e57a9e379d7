/* when_eval - lib/text/when.c measured on the phrases of Duckling's
 * English time corpus that an appointment needs (when_corpus.h says
 * which): per kind, the share read as Duckling reads it, then each miss
 * (kind, phrase, what we read, Duckling's value).
 *
 * usage: build/tools/when-eval [tests/data/duckling/time-en.json] */
#include <stdlib.h>

#include "when_corpus.h"

int main(int argc, char **argv)
{
	json_error_t je;
	json_t *corpus = json_load_file(argc > 1 ? argv[1] : "tests/data/duckling/time-en.json",
		0, &je), *e;
	int total[KINDS] = { 0 }, good[KINDS] = { 0 };
	size_t i;

	if (!corpus) {
		fprintf(stderr, "when-eval: %s\n", je.text);
		return 66;
	}
	json_array_foreach(json_object_get(corpus, "examples"), i, e) {
		json_t *v = json_object_get(e, "value");
		int k = when_kind_of(e);
		if (k < 0)
			continue;
		const char *text = json_string_value(json_object_get(e, "text"));
		wa_when w;
		when_read_example(corpus, e, &w);
		int ok = when_same(&w, v);
		total[k]++;
		good[k] += ok;
		if (!ok) {
			char *want = json_dumps(v, JSON_COMPACT);
			printf("miss\t%s\t%s\t", when_kind_names[k], text);
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
		printf("%-16s %4d of %4d  %5.1f%%\n", when_kind_names[k], good[k], total[k],
			total[k] ? 100.0 * good[k] / total[k] : 0);
		all += total[k];
		all_good += good[k];
	}
	printf("%-16s %4d of %4d  %5.1f%%\n", "all", all_good, all, all ? 100.0 * all_good / all : 0);
	json_decref(corpus);
	return 0;
}
