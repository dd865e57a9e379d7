/* Expected numbers follow the national numbering plans by hand: a US
 * number is +1 and ten digits; a UK one drops its trunk 0 after +44. */
#include <criterion/criterion.h>
#include <jansson.h>

#include "web/contacts.h"

static void e164(const char *raw, const char *country, const char *want)
{
	char out[32] = "";
	int rc = wa_contacts_e164(raw, country, out, sizeof out);

	if (want) {
		cr_assert_eq(rc, 0, "%s (%s) was refused", raw, country);
		cr_assert_str_eq(out, want, "%s (%s)", raw, country);
	} else {
		cr_assert_eq(rc, -1, "%s (%s) gave %s", raw, country, out);
	}
}

Test(contacts, phone_numbers_to_e164)
{
	e164("(555) 210-0199", "US", "+15552100199");
	e164("1-555-210-0199", "US", "+15552100199");
	e164("+1 555 210 0199", "GB", "+15552100199");
	e164("011 44 20 7946 0018", "US", "+442079460018");
	e164("020 7946 0018", "GB", "+442079460018");
	e164("+44 (0)20 7946 0018", NULL, "+442079460018");
	e164("+44 020 7946 0018", NULL, NULL);          /* 11 digits after +44 */
	e164("0044 20 7946 0018", "DE", "+442079460018");
	e164("030 901820", "DE", "+4930901820");
	e164("06 1234 5678", "IT", "+390612345678");    /* Italy keeps its 0 */
	e164("91 123 45 67", "ES", "+34911234567");
	e164("(555) 210-0199 ext. 12", "US", "+15552100199");
	e164("555-0100", "US", NULL);                   /* seven digits */
	e164("(055) 210-0199", "US", NULL);             /* no area code starts with 0 */
	e164("020 7946 0018", NULL, NULL);
	e164("+999 1234 5678", NULL, "+99912345678");   /* a plan we do not list */
	cr_assert_str_eq(wa_contacts_country_code("gb"), "44");
	cr_assert_null(wa_contacts_country_code("XX"));
}

Test(contacts, phones_in_text)
{
	json_t *out = json_array();

	wa_contacts_phones("Call us on (555) 210-0199 or 555.210.0199, fax +44 20 7946 0018. "
		"Open 2019-2024, since 12/05/2024, 8:00-18:00, order 1234567.", "US", out);
	cr_assert_eq(json_array_size(out), 2, "%s", json_dumps(out, 0));
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(out, 0), "e164")),
		"+15552100199");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(out, 0), "raw")),
		"(555) 210-0199");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(out, 1), "e164")),
		"+442079460018");
	json_decref(out);
}

Test(contacts, emails)
{
	json_t *out = json_array();

	wa_contacts_emails("Write to Hello@Bright-Smile.example.com or billing@bright-smile.example.com; "
		"logo@2x.png is an image, a@b is not an address, hello@bright-smile.example.com again.",
		out);
	cr_assert_eq(json_array_size(out), 2, "%s", json_dumps(out, 0));
	cr_assert_str_eq(json_string_value(json_array_get(out, 0)), "hello@bright-smile.example.com");
	cr_assert_str_eq(json_string_value(json_array_get(out, 1)), "billing@bright-smile.example.com");
	json_decref(out);
}

static void price(json_t *out, size_t i, const char *amount, const char *currency,
	const char *context)
{
	json_t *p = json_array_get(out, i);

	cr_assert_not_null(p, "no price %zu", i);
	cr_assert_str_eq(json_string_value(json_object_get(p, "amount")), amount);
	cr_assert_str_eq(json_string_value(json_object_get(p, "currency")), currency);
	if (context)
		cr_assert_str_eq(json_string_value(json_object_get(p, "context")), context);
}

Test(contacts, prices_are_exact_decimals)
{
	json_t *out = json_array();

	wa_contacts_prices("Teeth whitening: $350\nImplant consult - $1,200.50\n"
		"Kids check-up £45. Hygiene 89,90 € per visit. Crown USD 1.250\n", "CAD", out);
	cr_assert_eq(json_array_size(out), 5, "%s", json_dumps(out, 0));
	price(out, 0, "350.00", "CAD", "Teeth whitening");
	price(out, 1, "1200.50", "CAD", "Implant consult");
	price(out, 2, "45.00", "GBP", "Kids check-up");
	price(out, 3, "89.90", "EUR", "Hygiene");
	price(out, 4, "1250.00", "USD", "Crown");
	json_decref(out);
}

static void hours(json_t *out, size_t i, const char *days, const char *opens,
	const char *closes)
{
	json_t *h = json_array_get(out, i);

	cr_assert_not_null(h, "no hours %zu in %s", i, json_dumps(out, 0));
	cr_assert_str_eq(json_string_value(json_object_get(h, "days")), days);
	if (opens) {
		cr_assert_str_eq(json_string_value(json_object_get(h, "opens")), opens,
			"%s", json_dumps(h, 0));
		cr_assert_str_eq(json_string_value(json_object_get(h, "closes")), closes,
			"%s", json_dumps(h, 0));
	} else {
		cr_assert(json_is_true(json_object_get(h, "closed")));
	}
}

Test(contacts, opening_hours)
{
	json_t *out = json_array();

	wa_contacts_hours("Mon-Fri 8:00-18:00, Saturday: 9am to 1pm. Sunday closed. "
		"Thursday 9-5. Tue 12-3pm. Wed to Fri 9-5pm.", out);
	cr_assert_eq(json_array_size(out), 6, "%s", json_dumps(out, 0));
	hours(out, 0, "Mo-Fr", "08:00", "18:00");
	hours(out, 1, "Sa", "09:00", "13:00");
	hours(out, 2, "Su", NULL, NULL);
	hours(out, 3, "Th", "09:00", "17:00");
	hours(out, 4, "Tu", "12:00", "15:00");
	hours(out, 5, "We-Fr", "09:00", "17:00");
	json_decref(out);
}

Test(contacts, schema_org_opening_hours)
{
	json_t *out = json_array();

	wa_contacts_schema_hours("Mo-Fr 08:00-17:00", out);
	wa_contacts_schema_hours("Mo,We,Fr 09:30-12:00", out);
	wa_contacts_schema_hours("Monday 9-5", out);            /* not the schema.org form */
	wa_contacts_schema_hours("Sa 25:00-26:00", out);        /* no such time */
	cr_assert_eq(json_array_size(out), 2, "%s", json_dumps(out, 0));
	hours(out, 0, "Mo-Fr", "08:00", "17:00");
	hours(out, 1, "Mo,We,Fr", "09:30", "12:00");
	json_decref(out);
}
