/* Exact money (money.h): rounding, products and allocation. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "base/err.h"
#include "price/money.h"

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
