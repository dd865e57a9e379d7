/* Sentiment expectations are computed by hand from VADER's published
 * rules and the valences in schemas/data/sentiment-en.json (friendly
 * 2.2, good 1.9, slow -1.3; booster 0.293, caps 0.733, negation -0.74,
 * "but" 0.5 before and 1.5 after, "!" 0.292, alpha 15). */
#include <criterion/criterion.h>
#include <math.h>

#include "text/sentiment.h"
#include "text/text.h"

static double norm(double s)
{
	return s / sqrt(s * s + 15);
}

Test(sentiment, boosters_negation_but_caps_and_bangs)
{
	wa_sentiment s;

	wa_sentiment_of("The staff were very friendly.", &s);
	cr_assert_float_eq(s.compound, norm(2.2 + 0.293), 1e-9, "%f", s.compound);
	wa_sentiment_of("The dentist was not friendly.", &s);
	cr_assert_float_eq(s.compound, norm(2.2 * -0.74), 1e-9, "%f", s.compound);
	wa_sentiment_of("Good but SLOW!", &s);
	cr_assert_float_eq(s.compound, norm(1.9 * 0.5 + (-1.3 - 0.733) * 1.5 - 0.292), 1e-9,
		"%f", s.compound);
	wa_sentiment_of("We went on Tuesday.", &s);
	cr_assert_float_eq(s.compound, 0, 1e-12);
	cr_assert_float_eq(s.neutral, 1, 1e-12);
	wa_sentiment_of("Friendly friendly", &s);
	/* shares: (2.2+1)*2 positive, nothing else */
	cr_assert_float_eq(s.positive, 1, 1e-12);
	wa_sentiment_of("Friendly staff, awful parking", &s);
	/* pos 3.2, neg |-3.1-1| = 4.1, neutral 2 words */
	cr_assert_float_eq(s.positive, 3.2 / (3.2 + 4.1 + 2), 1e-9);
	cr_assert_float_eq(s.negative, 4.1 / (3.2 + 4.1 + 2), 1e-9);
}

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

Test(text, key_phrases)
{
	const char *text =
		"Teeth whitening at Harbourside. Our teeth whitening treatment takes one hour. "
		"Book teeth whitening online or by phone. Dental implants replace missing teeth. "
		"We place dental implants under local anaesthetic. The team also offers check-ups. "
		"Parking is free behind the building.";
	json_t *k = wa_keyphrases_new(text, "en", 5);

	cr_assert_gt(json_array_size(k), 2);
	size_t i;
	json_t *x;
	double last = 0;
	json_array_foreach(k, i, x) {
		const char *p = json_string_value(json_object_get(x, "phrase"));
		double s = json_real_value(json_object_get(x, "score"));
		cr_assert_geq(s, last, "not sorted by score");
		last = s;
		/* no stop word in a phrase */
		cr_assert_null(strstr(p, " at "), "%s", p);
		cr_assert(strncmp(p, "the ", 4) && strncmp(p, "our ", 4), "%s", p);
	}
	/* the phrase said three times, early, is among the first two (YAKE
	 * also favours the capitalised name "Harbourside") */
	json_t *tw = NULL;
	for (i = 0; i < 2; i++)
		if (strcmp(json_string_value(json_object_get(json_array_get(k, i), "phrase")),
		    "teeth whitening") == 0)
			tw = json_array_get(k, i);
	cr_assert_not_null(tw, "%s", json_dumps(k, 0));
	cr_assert_eq(json_integer_value(json_object_get(tw, "count")), 3);
	/* the same text gives the same answer */
	json_t *again = wa_keyphrases_new(text, "en", 5);
	cr_assert(json_equal(k, again));
	json_decref(again);
	json_decref(k);
	k = wa_keyphrases_new("", "en", 5);
	cr_assert_eq(json_array_size(k), 0);
	json_decref(k);
}

Test(text, summary_keeps_order_and_key_sentences)
{
	const char *text = "Welcome. Our clinic offers teeth whitening for all adult patients. "
		"The weather in town is usually mild and pleasant in spring. "
		"Teeth whitening takes about one hour and needs no anaesthetic at all.";
	json_t *k = json_pack("[{s:s}]", "phrase", "teeth whitening");
	char *s = wa_summary_new(text, "en", k, 2);

	cr_assert_str_eq(s, "Our clinic offers teeth whitening for all adult patients. "
		"Teeth whitening takes about one hour and needs no anaesthetic at all.");
	free(s);
	json_decref(k);
}
