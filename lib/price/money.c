/* money.c - see money.h. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/embedded.h"
#include "price/money.h"

static json_t *currencies;

int wa_money_minor_units(const char *code)
{
	if (!code)
		return -1;
	if (!currencies) {
		const wa_embedded_file *f = wa_embedded_find("data/currencies.json");
		json_t *doc = f ? json_loadb(f->data, f->len, 0, NULL) : NULL;
		currencies = json_incref(json_object_get(doc, "minor_units"));
		json_decref(doc);
		if (!currencies)
			return -1;
	}
	json_t *v = json_object_get(currencies, code);
	return v ? (int)json_integer_value(v) : -1;
}

/* a decimal number as an integer count of 10^-scale units, exactly from
 * its text when it has one (a string), else from the double, rounded */
static int scaled(json_t *v, int scale, int64_t *out)
{
	double limit = 9e18 / pow(10, scale);

	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if ((double)llabs(i) >= limit)
			return -1;
		int64_t m = 1;
		for (int k = 0; k < scale; k++)
			m *= 10;
		*out = i * m;
		return 0;
	}
	if (json_is_real(v)) {
		double d = json_real_value(v);
		if (!isfinite(d) || fabs(d) >= limit)
			return -1;
		/* a value written with at most `scale` decimals comes back exactly */
		*out = llround(d * pow(10, scale));
		return 0;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		int neg = *s == '-', seen = 0, frac = -1;
		int64_t acc = 0;
		if (*s == '-' || *s == '+')
			s++;
		for (; *s; s++) {
			if (*s == '.' && frac < 0) {
				frac = 0;
				continue;
			}
			if (*s < '0' || *s > '9')
				return -1;
			if (frac >= 0 && frac == scale)
				continue;       /* beyond the scale: dropped (documented) */
			if (acc > (INT64_MAX - 9) / 10)
				return -1;
			acc = acc * 10 + (*s - '0');
			seen = 1;
			if (frac >= 0)
				frac++;
		}
		if (!seen)
			return -1;
		for (int k = frac < 0 ? 0 : frac; k < scale; k++) {
			if (acc > INT64_MAX / 10)
				return -1;
			acc *= 10;
		}
		*out = neg ? -acc : acc;
		return 0;
	}
	return -1;
}

int wa_money_from_json(json_t *v, wa_nanos *out)
{
	return scaled(v, 9, out);
}

int wa_money_qty_from_json(json_t *v, int64_t *milli)
{
	return scaled(v, 3, milli);
}

int64_t wa_money_muldiv(int64_t a, int64_t b, int64_t d)
{
	__int128 p = (__int128)a * b, q = p / d, r = p % d;

	if (r < 0)
		r = -r;
	/* half to even: compare twice the remainder with the divisor */
	if (2 * r > d || (2 * r == d && (q & 1)))
		q += p < 0 ? -1 : 1;
	return (int64_t)q;
}

int64_t wa_money_muldiv_up(int64_t a, int64_t b, int64_t d)
{
	__int128 p = (__int128)a * b, q = p / d;

	if (p % d > 0)
		q++;
	return (int64_t)q;
}

wa_nanos wa_money_times(wa_nanos a, int64_t milli)
{
	return wa_money_muldiv(a, milli, 1000);
}

static int64_t unit(int minor)
{
	int64_t u = WA_NANO;

	for (int i = 0; i < minor && u > 1; i++)
		u /= 10;
	return u;
}

wa_nanos wa_money_round(wa_nanos a, int minor)
{
	int64_t u = unit(minor);

	return wa_money_muldiv(a, 1, u) * u;
}

wa_nanos wa_money_round_up(wa_nanos a, int minor)
{
	int64_t u = unit(minor);

	return wa_money_muldiv_up(a, 1, u) * u;
}

wa_nanos wa_money_ceil_step(wa_nanos a, wa_nanos step)
{
	return wa_money_muldiv_up(a, 1, step) * step;
}

void wa_money_format(wa_buf *out, wa_nanos a, int minor, int extra)
{
	int digits = minor + extra > 9 ? 9 : minor + extra;
	int64_t u = unit(digits), v = wa_money_muldiv(a, 1, u);
	uint64_t m = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
	char tmp[32], *p = tmp + sizeof tmp;
	int k = 0;

	/* the digits from the right, the point after `digits` of them */
	*--p = '\0';
	do {
		if (k == digits && digits)
			*--p = '.';
		*--p = (char)('0' + m % 10);
		m /= 10;
		k++;
	} while (m || k <= digits);
	if (v < 0)
		*--p = '-';
	wa_buf_adds(out, p);
}

json_t *wa_money_json(wa_nanos a, int minor)
{
	wa_buf b;

	wa_buf_init(&b);
	wa_money_format(&b, a, minor, 0);
	json_t *s = json_string(b.data);
	wa_buf_free(&b);
	return s;
}

wa_nanos wa_money_allocate(wa_nanos *parts, size_t n, int minor)
{
	int64_t u = unit(minor);
	wa_nanos sum = 0, floor_sum = 0;
	int64_t *rem = malloc((n ? n : 1) * sizeof *rem);

	for (size_t i = 0; i < n; i++) {
		sum += parts[i];
		/* floor to the unit, remembering what was cut */
		int64_t q = parts[i] / u, r = parts[i] % u;
		if (r < 0)
			q--, r += u;
		parts[i] = q * u;
		rem[i] = r;
		floor_sum += parts[i];
	}
	wa_nanos total = wa_money_round(sum, minor);
	/* hand out the units the floors lost, largest remainder first */
	for (int64_t left = (total - floor_sum) / u; left > 0; left--) {
		size_t best = 0;
		for (size_t i = 1; i < n; i++)
			if (rem[i] > rem[best])
				best = i;
		if (!n)
			break;
		parts[best] += u;
		rem[best] = -1;
	}
	free(rem);
	return total;
}
