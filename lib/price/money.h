/* money.h - exact amounts: integer nanos (10^-9 of a currency's major
 * unit) in int64, never binary floating point.  Quantities (minutes,
 * turns, shares) are taken to thousandths; a product of an amount and a
 * quantity is exact (128-bit) and rounded once to the nano, half to
 * even.  Amounts are shown in a currency's minor units (ISO 4217),
 * rounded half to even; a breakdown is rounded by largest remainder so
 * that its rounded parts add up to its rounded total. */
#ifndef WA_MONEY_H
#define WA_MONEY_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"

#define WA_NANO 1000000000LL

typedef int64_t wa_nanos;

/* The minor units of an ISO 4217 code ("EUR" 2, "JPY" 0, "KWD" 3), or
 * -1 for a code that is not one. */
int wa_money_minor_units(const char *code);

/* A JSON number (or decimal string) as nanos: 0 ok, -1 when it is not a
 * number, not finite or too large (|v| >= 9e9). */
int wa_money_from_json(json_t *v, wa_nanos *out);
/* A quantity in thousandths: 0 ok, -1 not a number or too large. */
int wa_money_qty_from_json(json_t *v, int64_t *milli);

/* a * b / d rounded half to even, exactly (d > 0). */
int64_t wa_money_muldiv(int64_t a, int64_t b, int64_t d);
/* a * b / d rounded up (toward +infinity), exactly (d > 0). */
int64_t wa_money_muldiv_up(int64_t a, int64_t b, int64_t d);
/* Amount times quantity in thousandths, to the nano. */
wa_nanos wa_money_times(wa_nanos a, int64_t milli);

/* Round to the currency's minor unit: half to even, or up. */
wa_nanos wa_money_round(wa_nanos a, int minor);
wa_nanos wa_money_round_up(wa_nanos a, int minor);
/* Round a (already rounded or not) up to a multiple of step (> 0). */
wa_nanos wa_money_ceil_step(wa_nanos a, wa_nanos step);

/* "1234.50" for minor 2 (a must be a multiple of the minor unit, or it
 * is rounded first); extra digits beyond the minor unit with extra > 0
 * ("0.034215" for minor 2, extra 4). */
void wa_money_format(wa_buf *out, wa_nanos a, int minor, int extra);
/* The same as a new JSON string. */
json_t *wa_money_json(wa_nanos a, int minor);

/* Round the n parts to the minor unit so that they add up to the rounded
 * sum of the exact parts (largest remainder, ties to the earlier part):
 * parts are replaced by their rounded values; returns the rounded sum. */
wa_nanos wa_money_allocate(wa_nanos *parts, size_t n, int minor);

#endif
