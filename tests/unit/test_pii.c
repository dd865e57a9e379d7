/* Personal data found and replaced, given back, and sealed: the card
 * numbers are the test numbers card networks publish (Luhn-valid), the
 * sealing is checked against a vault opened with the wrong key and one
 * altered by a byte. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "agent/pii.h"

static char *redacted(const char *text, json_t *vault)
{
	json_t *in = json_string(text), *out = wa_pii_redact_new(in, vault);
	char *s = strdup(json_string_value(out));

	json_decref(in);
	json_decref(out);
	return s;
}

Test(pii, each_kind_is_found_and_typed)
{
	json_t *v = json_object();
	char *s = redacted("Mail maya.okafor+dental@bright-smile.example. Call +1 (312) 555-0147 "
		"or 0117 496 0123. Card 4111 1111 1111 1111, SSN 123-45-6789, NI AB 12 34 56 C. "
		"I live at 14 Harbour Lane, Bristol.", v);
	cr_assert_str_eq(s, "Mail [EMAIL_1]. Call [PHONE_1] or [PHONE_2]. Card [CARD_1], SSN "
		"[NATIONAL_ID_1], NI [NATIONAL_ID_2]. I live at [ADDRESS_1], Bristol.");
	cr_assert_str_eq(json_string_value(json_object_get(v, "[EMAIL_1]")),
		"maya.okafor+dental@bright-smile.example");
	cr_assert_str_eq(json_string_value(json_object_get(v, "[PHONE_1]")), "+1 (312) 555-0147");
	cr_assert_str_eq(json_string_value(json_object_get(v, "[CARD_1]")), "4111 1111 1111 1111");
	cr_assert_str_eq(json_string_value(json_object_get(v, "[ADDRESS_1]")), "14 Harbour Lane");
	free(s);
	json_decref(v);
}

Test(pii, what_is_not_personal_stays)
{
	json_t *v = json_object();
	/* a date, a time, an order number, prices, a card number failing Luhn */
	const char *text = "On 2026-12-01T09:00 order 1234 cost 3850.00 USD; 4111 1111 1111 1112 "
		"is no card; see [PHONE_1] and 1820 wide smiles.";
	char *s = redacted(text, v);
	cr_assert_str_eq(s, text);
	cr_assert_eq(json_object_size(v), 0);
	free(s);
	json_decref(v);
}

Test(pii, the_same_original_keeps_its_placeholder_and_comes_back)
{
	json_t *v = json_object();
	json_t *msg = json_pack("{s:s, s:[s, {s:s}]}", "content", "ana@x.example or ana@x.example",
		"more", "call 0117 496 0123", "deep", "ana@x.example");
	json_t *r = wa_pii_redact_new(msg, v);
	cr_assert_str_eq(json_string_value(json_object_get(r, "content")), "[EMAIL_1] or [EMAIL_1]");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(r, "more"),
		1), "deep")), "[EMAIL_1]");
	cr_assert_eq(json_object_size(v), 2);
	json_t *back = wa_pii_reveal_new(r, v);
	cr_assert(json_equal(back, msg));
	json_decref(back);
	json_decref(r);
	json_decref(msg);
	json_decref(v);
}

Test(pii, sealed_with_one_key_opens_with_it_only)
{
	unsigned char k1[32], k2[32];
	char kid1[WA_PII_KID], kid2[WA_PII_KID];
	wa_err err = WA_ERR_INIT;

	setenv("WA_TEST_PII_1", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 1);
	setenv("WA_TEST_PII_2", "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=", 1);
	cr_assert_eq(wa_pii_key_load(NULL, "WA_TEST_PII_1", k1, kid1, &err), 0, "%s", err.msg);
	cr_assert_eq(wa_pii_key_load(NULL, "WA_TEST_PII_2", k2, kid2, &err), 0, "%s", err.msg);
	cr_assert_eq(k1[31], 0x1f);
	cr_assert_eq(k2[0], 0x20, "base64 of the bytes 0x20 to 0x3f");
	cr_assert_eq(k2[31], 0x3f);
	cr_assert_eq(strlen(kid1), 16);
	cr_assert_str_neq(kid1, kid2);
	json_t *v = json_pack("{s:s}", "[EMAIL_1]", "ana@x.example");
	char *sealed = wa_pii_seal_new(k1, kid1, v);
	cr_assert_null(strstr(sealed, "ana@"), "sealed: %s", sealed);
	json_t *back = wa_pii_open_new(k1, kid1, sealed, &err);
	cr_assert(json_equal(back, v), "%s", err.msg);
	json_decref(back);
	cr_assert_null(wa_pii_open_new(k2, kid2, sealed, &err));
	cr_assert_eq(err.code, WA_EX_NOPERM);
	cr_assert(strstr(err.msg, kid1), "%s", err.msg);
	/* one byte of the data changed: the tag fails */
	wa_err_clear(&err);
	char *p = strstr(sealed, "\"data\":\"") + 8;
	*p = *p == 'A' ? 'B' : 'A';
	cr_assert_null(wa_pii_open_new(k1, kid1, sealed, &err));
	cr_assert_eq(err.code, WA_EX_NOPERM);
	/* two sealings differ (a fresh iv each) */
	char *s1 = wa_pii_seal_new(k1, kid1, v), *s2 = wa_pii_seal_new(k1, kid1, v);
	cr_assert_str_neq(s1, s2);
	free(s1);
	free(s2);
	free(sealed);
	json_decref(v);
	/* keys of the wrong size */
	setenv("WA_TEST_PII_3", "abcd", 1);
	cr_assert_eq(wa_pii_key_load(NULL, "WA_TEST_PII_3", k1, kid1, &err), -1);
	cr_assert_eq(err.code, WA_EX_CONFIG);
	cr_assert_eq(wa_pii_key_load(NULL, "WA_TEST_PII_UNSET", k1, kid1, &err), 1);
}
