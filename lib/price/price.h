/* price.h - the pricing model: what serving a client costs the agency
 * per channel and component, tiers that hold a target margin, an
 * outcome-based price, and the client's return on investment.  Amounts
 * are exact (money.h); wa-price(1) gives every formula.
 *
 * The rate card (ratecard.h) holds unit costs, the target margin, the
 * tiers and per-industry defaults; the dossier's client section
 * (volumes) and research section (volume signals) say what is known of
 * the client, and the defaults fill the rest. */
#ifndef WA_PRICE_H
#define WA_PRICE_H

#include <jansson.h>

#include "base/err.h"

typedef struct wa_price_opts {
	double margin;          /* the target gross margin, or < 0: the rate card's */
	const char *currency;   /* the output currency, or NULL (see wa-price(1)) */
} wa_price_opts;

/* The pricing section for dossier: a new object, or NULL with err (65
 * and the field's path for a bad dossier value, 78 for the rate card,
 * 64 for an option). */
json_t *wa_price_model_new(json_t *ratecard, json_t *dossier, const wa_price_opts *o,
	wa_err *err);

/* A one-off quote: tier at volume conversations a month, for dossier (or
 * NULL: the rate card's defaults).  A new object {tier, volume,
 * monthly_fee, included_conversations, overage_conversations,
 * overage_charge, total, unit_price, cost, gross_margin, currency}. */
json_t *wa_price_quote_new(json_t *ratecard, json_t *dossier, const wa_price_opts *o,
	const char *tier, long long volume, wa_err *err);

#endif
