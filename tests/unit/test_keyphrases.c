/* Key phrases by YAKE. */
#include <criterion/criterion.h>
#include <math.h>

#include "text/keyphrases.h"

Test(keyphrases, key_phrases)
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
