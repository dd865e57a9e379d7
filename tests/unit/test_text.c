/* Language identification and stop words. */
#include <criterion/criterion.h>

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
