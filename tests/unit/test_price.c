/* Properties of the pricing model over many generated clients: every
 * tier holds the target margin, at its volume and at 1.5 times it; cost
 * rises with volume; overage costs more than the included unit price; a
 * breakdown's rounded lines add up. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "base/err.h"
#include "price/money.h"
#include "price/price.h"
#include "price/ratecard.h"

static double num(json_t *o, const char *k)
{
	return atof(json_string_value(json_object_get(o, k)));
}

Test(price, properties_over_generated_clients)
{
	wa_err err = WA_ERR_INIT;
	json_t *rc = wa_ratecard_load_new("../../examples/ratecard.yaml", NULL, &err);
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
