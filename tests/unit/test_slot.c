/* Slot values in what a person typed, each expected value read off the
 * text by hand; dates counted from Tuesday 24 November 2026, 10:00 in
 * London. */
#include <criterion/criterion.h>
#include <string.h>

#include "text/slot.h"

#define NOW 1795514400000LL     /* 2026-11-24T10:00:00Z, a Tuesday */

/* the slot's value as compact JSON, or "(none)" */
static const char *value(const char *type, json_t *choices, const char *text, int asked)
{
	static char out[256];
	json_t *v = wa_slot_value_new(type, choices, text, NOW, "Europe/London", asked);
	char *s = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;

	snprintf(out, sizeof out, "%s", s ? s : "(none)");
	free(s);
	json_decref(v);
	return out;
}

Test(slot, phones_keep_their_digits_and_a_leading_plus)
{
	cr_assert_str_eq(value("phone", NULL, "call me on 0117 496 0123 after six", 0),
		"\"01174960123\"");
	cr_assert_str_eq(value("phone", NULL, "+44 (117) 496-0123", 0), "\"+441174960123\"");
	/* 3 kids and 2 dogs are not a number to ring: under 7 digits */
	cr_assert_str_eq(value("phone", NULL, "I have 3 kids and 2 dogs", 0), "(none)");
}

Test(slot, emails_lower_case_without_a_trailing_dot)
{
	cr_assert_str_eq(value("email", NULL, "it's Ana.Li@Example.COM.", 0),
		"\"ana.li@example.com\"");
	cr_assert_str_eq(value("email", NULL, "at home @ 6", 0), "(none)");
}

Test(slot, names_after_a_lead_or_the_whole_reply_when_asked)
{
	cr_assert_str_eq(value("name", NULL, "hi, my name is Maya Okafor, thanks", 0),
		"\"Maya Okafor\"");
	/* not asked: lower-case words are not a name */
	cr_assert_str_eq(value("name", NULL, "for my son please", 0), "(none)");
	cr_assert_str_eq(value("name", NULL, "ana li", 1), "\"ana li\"");
	/* a day is nobody's name; the next lead may give one */
	cr_assert_str_eq(value("name", NULL, "can I book for Sunday at 11am", 0), "(none)");
	cr_assert_str_eq(value("name", NULL, "book it for Tuesday for Zoe Ng", 0), "\"Zoe Ng\"");
	cr_assert_str_eq(value("name", NULL, "Need a checkup. Name's Priya Sharma, cell 773-555-0182",
		0), "\"Priya Sharma\"");
	cr_assert_str_eq(value("name", NULL, "tomorrow", 1), "(none)");
}

Test(slot, dates_times_and_both)
{
	cr_assert_str_eq(value("date", NULL, "next tuesday", 0), "\"2026-12-01\"");
	cr_assert_str_eq(value("time", NULL, "at 3pm", 0), "\"15:00\"");
	cr_assert_str_eq(value("datetime", NULL, "tomorrow at 9am", 0), "\"2026-11-25T09:00\"");
	/* a datetime needs the time said */
	cr_assert_str_eq(value("datetime", NULL, "tomorrow", 0), "(none)");
	cr_assert_str_eq(value("time", NULL, "tomorrow", 0), "(none)");
}

Test(slot, numbers_with_thousands_separators_and_k)
{
	cr_assert_str_eq(value("number", NULL, "about 1,200 calls a month", 0), "1200");
	cr_assert_str_eq(value("number", NULL, "maybe 10k", 0), "10000");
	cr_assert_str_eq(value("number", NULL, "no idea", 0), "(none)");
}

Test(slot, choices_and_free_text)
{
	json_t *c = json_pack("[s,s]", "whitening", "cleaning");

	cr_assert_str_eq(value("choice", c, "I'd like a cleaning", 0), "\"cleaning\"");
	cr_assert_str_eq(value("choice", c, "an implant", 0), "(none)");
	json_decref(c);
	cr_assert_str_eq(value("text", NULL, "  a sore tooth", 1), "\"a sore tooth\"");
	cr_assert_str_eq(value("text", NULL, "a sore tooth", 0), "(none)");
	/* an email or a phone number alone answers another question */
	cr_assert_str_eq(value("text", NULL, "sam@example.net", 1), "(none)");
	cr_assert_str_eq(value("text", NULL, "0117 496 0123", 1), "(none)");
	cr_assert_str_eq(value("text", NULL, "flat 2, 10 Mill Lane", 1), "\"flat 2, 10 Mill Lane\"");
}

Test(slot, money_and_budgets)
{
	cr_assert_str_eq(value("number", NULL, "around £350,000", 1), "350000");
	cr_assert_str_eq(value("number", NULL, "1.2 million", 1), "1200000");
	cr_assert_str_eq(value("number", NULL, "500k", 1), "500000");
	cr_assert_str_eq(value("number", NULL, "$2.5m", 1), "2500000");
	/* the budget, not the bedrooms */
	cr_assert_str_eq(value("number", NULL, "a 3 bed house with a budget of 425000", 0), "425000");
	cr_assert_str_eq(value("number", NULL, "a 3 bed house for €400,000", 0), "400000");
	cr_assert_str_eq(value("number", NULL, "order 10236", 0), "10236");
}

Test(slot, places)
{
	cr_assert_str_eq(value("place", NULL, "a flat in Redland, budget 300000", 0), "\"Redland\"");
	cr_assert_str_eq(value("place", NULL, "looking to buy in St Andrews", 0), "\"St Andrews\"");
	cr_assert_str_eq(value("place", NULL, "somewhere near Clifton or Redland", 0),
		"\"Clifton or Redland\"");
	cr_assert_str_eq(value("place", NULL, "I want to buy a house", 0), "(none)");
	/* asked: the reply's capitalised words, or the reply without fillers */
	cr_assert_str_eq(value("place", NULL, "Redland please", 1), "\"Redland\"");
	cr_assert_str_eq(value("place", NULL, "in clifton ideally", 1), "\"clifton\"");
	/* an email, a phone number is no place */
	cr_assert_str_eq(value("place", NULL, "sam@example.net", 1), "(none)");
	cr_assert_str_eq(value("place", NULL, "0117 496 0123", 1), "(none)");
}

Test(slot, names_between_commas_and_in_spanish)
{
	cr_assert_str_eq(value("name", NULL, "I need to see the dentist on December 22 at 1:30 pm, "
		"Raj Patel, 312 555 0155", 0), "\"Raj Patel\"");
	cr_assert_str_eq(value("name", NULL, "cita el sábado a las 11, me llamo Ana Torres, 312 555 0170",
		0), "\"Ana Torres\"");
	cr_assert_str_eq(value("name", NULL, "Lucía Gómez", 1), "\"Lucía Gómez\"");
	/* a day between commas is nobody */
	cr_assert_str_eq(value("name", NULL, "book me, Monday December, at 10", 0), "(none)");
	/* an email given for a name is none */
	cr_assert_str_eq(value("name", NULL, "nina@example.com", 1), "(none)");
}

Test(slot, numbers_past_any_meaning_are_none)
{
	/* once undefined behaviour: 5.6e22 made a long long (fuzz_when) */
	cr_assert_str_eq(value("number", NULL, "55555555555555555555555 m", 1), "(none)");
	cr_assert_str_eq(value("number", NULL, "9007199254740992", 1), "9007199254740992");
}
