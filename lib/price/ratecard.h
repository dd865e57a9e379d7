/* ratecard.h - the agency's rate card (YAML, schemas/ratecard.schema.json):
 * unit costs, the target margin, the tiers and per-industry defaults
 * that the pricing model (price.h) prices from. */
#ifndef WA_RATECARD_H
#define WA_RATECARD_H

#include <jansson.h>

#include "base/err.h"

/* The rate card at path, checked (78 with the field's path on a
 * finding, 66 missing): a new object. */
json_t *wa_ratecard_load_new(const char *path, wa_err *err);

#endif
