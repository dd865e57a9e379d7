/* ratecard.h - the agency's rate card (YAML, schemas/ratecard.schema.json):
 * unit costs, the target margin, the tiers and per-industry defaults
 * that the pricing model (price.h) prices from. */
#ifndef WA_RATECARD_H
#define WA_RATECARD_H

#include <jansson.h>

#include "base/err.h"
#include "base/hash.h"

/* The rate card at path, or with path NULL the one wa is built with
 * (examples/ratecard.yaml, so an installed wa-price needs no file); a new
 * object, checked: NULL with err, 78 with the field's path on a finding,
 * 66 a missing file.  sha (may be NULL) gets the SHA-256 of its text. */
json_t *wa_ratecard_load_new(const char *path, char sha[WA_SHA256_HEX], wa_err *err);

#endif
