/* Exact money (money.h) and properties of the pricing model over many
 * generated clients: every tier holds the target margin, at its volume
 * and at 1.5 times it; cost rises with volume; overage costs more than
 * the included unit price; a breakdown's rounded lines add up. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "price/money.h"
#include "price/price.h"

Test(money, half_even_rounding_by_hand)
{
	/* 2 minor units: 1.005 -> 1.00 (tie, 0 is even), 1.015 -> 1.02,
	 * 1.0151 -> 1.02, -1.005 -> -1.00, -1.015 -> -1.02 */
	const struct { wa_nanos in; const char *out; } c[] = {
		{ 1005000000, "1.00" }, { 1015000000, "1.02" }, { 1015100000, "1.02" },
		{ -1005000000, "-1.00" }, { -1015000000, "-1.02" }, { 0, "0.00" },
		{ 999999999, "1.00" }, { 4999999, "0.00" }, { 5000001, "0.01" } };
	for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
		json_t *s = wa_money_json(wa_money_round(c[i].in, 2), 2);
		cr_assert_str_eq(json_string_value(s), c[i].out, "%lld", (long long)c[i].in);
		json_decref(s);
	}
	/* JPY has no minor unit, KWD three */
	cr_assert_eq(wa_money_minor_units("JPY"), 0);
	cr_assert_eq(wa_money_minor_units("KWD"), 3);
	cr_assert_eq(wa_money_minor_units("EUR"), 2);
	cr_assert_eq(wa_money_minor_units("XYZ"), -1);
	json_t *s = wa_money_json(wa_money_round(2500000000LL, 0), 0);     /* 2.5 -> 2 */
	cr_assert_str_eq(json_string_value(s), "2");
	json_decref(s);
	s = wa_money_json(1234567000, 3);
	cr_assert_str_eq(json_string_value(s), "1.235");   /* 1.234567 -> 1.235 */
	json_decref(s);
	/* up, and to a step */
	cr_assert_eq(wa_money_round_up(1001, 2), 10000000);
	cr_assert_eq(wa_money_ceil_step(219500000000LL, 10000000000LL), 220000000000LL);
}

Test(money, exact_products_and_parsing)
{
	wa_nanos v;
	int64_t q;
	json_t *j = json_real(0.15);

	/* 0.15 is not a binary fraction; it is read back exactly */
	cr_assert_eq(wa_money_from_json(j, &v), 0);
	cr_assert_eq(v, 150000000);
	json_decref(j);
	j = json_string("0.000000001");
	cr_assert_eq(wa_money_from_json(j, &v), 0);
	cr_assert_eq(v, 1);
	json_decref(j);
	j = json_string("12x");
	cr_assert_eq(wa_money_from_json(j, &v), -1);
	json_decref(j);
	j = json_real(3.2);
	cr_assert_eq(wa_money_qty_from_json(j, &q), 0);
	cr_assert_eq(q, 3200);
	json_decref(j);
	/* 0.208 a call x 3.2 = 0.6656, exactly */
	cr_assert_eq(wa_money_times(208000000, 3200), 665600000);
	/* a product past 64 bits is still exact: 9e9 x 9e9 / 9e9 */
	cr_assert_eq(wa_money_muldiv(9000000000000000000LL, 9, 9), 9000000000000000000LL);
	/* ties to even: 5/2 = 2, 7/2 = 4, -5/2 = -2; up: 5/2 = 3 */
	cr_assert_eq(wa_money_muldiv(5, 1, 2), 2);
	cr_assert_eq(wa_money_muldiv(7, 1, 2), 4);
	cr_assert_eq(wa_money_muldiv(-5, 1, 2), -2);
	cr_assert_eq(wa_money_muldiv_up(5, 1, 2), 3);
}

static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

Test(money, allocation_never_loses_or_makes_a_unit)
{
	uint64_t seed = 42;

	for (int round = 0; round < 2000; round++) {
		wa_nanos parts[12], copy[12], exact = 0;
		size_t n = 1 + lcg(&seed) % 12;
		for (size_t i = 0; i < n; i++) {
			parts[i] = (wa_nanos)(lcg(&seed) % 100000000000ULL);
			copy[i] = parts[i];
			exact += parts[i];
		}
		int minor = (int)(lcg(&seed) % 4);
		wa_nanos total = wa_money_allocate(parts, n, minor), sum = 0;
		cr_assert_eq(total, wa_money_round(exact, minor));
		for (size_t i = 0; i < n; i++) {
			sum += parts[i];
			/* each part moved by less than one minor unit */
			wa_nanos unit = minor == 0 ? WA_NANO : minor == 1 ? 100000000 :
				minor == 2 ? 10000000 : 1000000;
			cr_assert_lt(llabs(parts[i] - copy[i]), unit);
			cr_assert_eq(parts[i] % unit, 0);
		}
		cr_assert_eq(sum, total, "round %d", round);
	}
}

static double num(json_t *o, const char *k)
{
	return atof(json_string_value(json_object_get(o, k)));
}

Test(pricing, properties_over_generated_clients)
{
	wa_err err = WA_ERR_INIT;
	json_t *rc = wa_ratecard_load_new("../../examples/ratecard.yaml", &err);
	uint64_t seed = 7;

	cr_assert_not_null(rc, "%s", err.msg);
	static const char *const industries[] = { "dental clinic", "online shop", "estate agent",
		"bakery" };
	for (int round = 0; round < 300; round++) {
		json_t *d = json_pack("{s:{s:s, s:s, s:s, s:{s:I, s:I, s:f, s:f, s:f, s:I}}}",
			"client", "id", "c", "name", "C", "industry", industries[round % 4], "volumes",
			"calls_per_month", (json_int_t)(lcg(&seed) % 20000),
			"chats_per_month", (json_int_t)(lcg(&seed) % 20000),
			"avg_call_minutes", 0.5 + (double)(lcg(&seed) % 100) / 10,
			"messages_per_chat", 1 + (double)(lcg(&seed) % 30),
			"human_cost_per_hour", 10 + (double)(lcg(&seed) % 5000) / 100,
			"integrations", (json_int_t)(lcg(&seed) % 6));
		wa_price_opts o = { .margin = (double)(lcg(&seed) % 80) / 100, .currency = NULL };
		json_t *p = wa_price_model_new(rc, d, &o, &err);
		cr_assert_not_null(p, "%s", err.msg);
		size_t i;
		json_t *t;
		double m = json_number_value(json_object_get(p, "target_margin"));
		json_array_foreach(json_object_get(p, "tiers"), i, t) {
			/* the target margin holds (ratios are to 4 decimals) */
			cr_assert_geq(json_number_value(json_object_get(t, "gross_margin")), m - 0.0001,
				"round %d tier %zu", round, i);
			cr_assert_geq(json_number_value(json_object_get(t, "gross_margin_at_1_5x")),
				m - 0.0001);
			cr_assert_geq(json_number_value(json_object_get(json_object_get(t, "annual"),
				"gross_margin")), m - 0.0001);
			/* overage above the included unit price */
			cr_assert_gt(num(t, "overage_per_conversation"), num(t, "included_unit_price"));
		}
		/* the month's lines add up to its total, in cents */
		json_t *lines = json_object_get(json_object_get(json_object_get(p, "costs"),
			"monthly"), "lines"), *v;
		const char *k;
		long long cents = 0;
		json_object_foreach(lines, k, v)
			if (strcmp(k, "total"))
				cents += llround(atof(json_string_value(v)) * 100);
		cr_assert_eq(cents, llround(num(lines, "total") * 100), "round %d", round);
		/* cost rises with volume: a quote at more conversations costs more */
		json_t *q1 = wa_price_quote_new(rc, d, &o, "growth", 1000, &err);
		json_t *q2 = wa_price_quote_new(rc, d, &o, "growth", 1001, &err);
		cr_assert(q1 && q2, "%s", err.msg);
		cr_assert_geq(num(q2, "cost"), num(q1, "cost"));
		cr_assert_geq(num(q2, "total"), num(q1, "total"));
		json_decref(q1);
		json_decref(q2);
		json_decref(p);
		json_decref(d);
	}
	json_decref(rc);
}
