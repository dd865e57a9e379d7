/* The offline model's understanding of intents from examples (typos,
 * word order, a threshold) and of topics. */
#include <criterion/criterion.h>
#include <string.h>

#include "text/intents.h"

Test(intents, intents)
{
	json_t *ex = json_loads("{"
		"\"book_appointment\": [\"I want to book an appointment\", \"can I make a booking\", "
		"\"schedule a check-up\", \"I need to see the dentist\"],"
		"\"cancel_appointment\": [\"cancel my appointment\", \"I can't make it, please cancel\", "
		"\"call off my booking\"],"
		"\"opening_hours\": [\"when are you open\", \"what are your opening hours\", "
		"\"are you open on saturday\"]}", 0, NULL);
	wa_intents *m = wa_intents_new(ex);
	double c, r;

	cr_assert_str_eq(wa_intents_classify(m, "I'd like to book an appointment", 0.5, &c, &r),
		"book_appointment");
	/* typos */
	const char *i = wa_intents_classify(m, "i wnat to bok an apointment", 0.4, &c, &r);
	cr_assert(i && !strcmp(i, "book_appointment"), "typos: %s %.2f", i ? i : "none", c);
	/* word order */
	i = wa_intents_classify(m, "appointment cancel", 0.5, &c, &r);
	cr_assert(i && !strcmp(i, "cancel_appointment"), "order: %s %.2f", i ? i : "none", c);
	cr_assert_gt(c, r);
	i = wa_intents_classify(m, "What time do you open on Saturdays?", 0.4, &c, &r);
	cr_assert(i && !strcmp(i, "opening_hours"), "hours: %s %.2f", i ? i : "none", c);
	/* nothing like any example: below the threshold */
	cr_assert_null(wa_intents_classify(m, "the weather is lovely", 0.5, &c, &r));
	cr_assert_lt(c, 0.5);
	wa_intents_free(m);
	json_decref(ex);
}

Test(intents, topics_by_their_stemmed_words)
{
	json_t *topics = json_pack("[s, s, s]", "diagnosis", "prescriptions", "medical advice");

	cr_assert_str_eq(wa_intents_topic(topics, "Can you give me a DIAGNOSIS?"), "diagnosis");
	cr_assert_str_eq(wa_intents_topic(topics, "I need a prescription"), "prescriptions");
	cr_assert_str_eq(wa_intents_topic(topics, "some advice, medically speaking"), "medical advice");
	cr_assert_null(wa_intents_topic(topics, "some advice on parking"));     /* one word of two */
	cr_assert_null(wa_intents_topic(topics, "book a check-up"));
	cr_assert_null(wa_intents_topic(NULL, "diagnosis"));
	json_decref(topics);
}

/* asking for a person in so many words */
Test(intents, asks_for_a_person)
{
	const char *yes[] = { "get me a real human NOW", "can I talk to a person", "put me through "
		"to the front desk please", "I want to speak to someone", "connect me with an agent",
		"Real person please!", "transfer me to the manager", "can someone call me back" };
	const char *no[] = { "I need someone to look at my tooth", "is anyone there?",
		"a person can park at the back", "I'd like to book an appointment",
		"do you see children?", "my agent booked it", "I want someone to check my filling" };

	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		cr_expect(wa_intents_asks_person(yes[i]), "%s", yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		cr_expect_not(wa_intents_asks_person(no[i]), "%s", no[i]);
}
