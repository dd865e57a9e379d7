/* Sentiment expectations are computed by hand from VADER's published
 * rules and the valences in schemas/data/sentiment-en.json (friendly
 * 2.2, good 1.9, slow -1.3; booster 0.293, caps 0.733, negation -0.74,
 * "but" 0.5 before and 1.5 after, "!" 0.292, alpha 15). */
#include <criterion/criterion.h>
#include <math.h>

#include "text/sentiment.h"

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
