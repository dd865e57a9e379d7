/* Language identification and stop words. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "text/text.h"

Test(text, language_identification)
{
	char lang[8];

	wa_text_language("We are a family dental practice in the centre of town, and we "
		"welcome new patients of every age to our friendly surgery.", lang);
	cr_assert_str_eq(lang, "en");
	wa_text_language("Somos una clínica dental familiar en el centro de la ciudad y damos la "
		"bienvenida a nuevos pacientes de todas las edades.", lang);
	cr_assert_str_eq(lang, "es");
	wa_text_language("Hi.", lang);
	cr_assert_str_eq(lang, "");
}

Test(text, stop_words)
{
	cr_assert(wa_text_stopword("en", "the"));
	cr_assert_not(wa_text_stopword("en", "whitening"));
	cr_assert(wa_text_stopword("es", "para"));
	cr_assert(wa_text_stopword("xx", "the"));
}

/* A text that ends inside a three-byte sequence (the euro sign's first
 * two bytes, a fullwidth sign's) ends there: the words past its end in
 * memory are not read (fuzz_kb_passage found the tokenizer stepping over
 * the end) */
Test(text, a_sequence_cut_short_ends_the_text)
{
	static const char *const texts[] = { "ab \xE2\x82\0zz", "ab \xEF\xBC\0zz", "ab \xE3\x80\0zz" };

	for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
		size_t n;
		char **w = wa_text_words_new(texts[t], &n);
		for (size_t i = 0; i < n; i++) {
			cr_assert_str_neq(w[i], "zz", "text %zu read past its end", t);
			free(w[i]);
		}
		free(w);
	}
}
