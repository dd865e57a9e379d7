/* price.c - the pricing model: see price.h and wa-price(1), which states the formulas
 * this file follows.  Quantities are thousandths (milli), amounts nanos,
 * shares basis points or thousandths; every product goes through
 * wa_money_muldiv. */
#include "price/price.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "price/money.h"

/* ---- the model's state ---- */

typedef struct model {
	json_t *rc, *dossier, *assumptions, *notes;
	const char *currency;
	int minor;
	int64_t rate_micro;     /* output currency units per rate-card unit, x 10^6 */
	int margin_bp;
	/* the client, as known or assumed */
	int64_t calls, chats, integrations;
	int64_t call_min, msgs, chat_handle, contain;   /* milli */
	wa_nanos hourly;
	/* unit costs, in the output currency */
	wa_nanos call_cost, chat_cost, fixed, hosting;
	wa_nanos call_parts[6], chat_parts[3];          /* llm stt tts telephony media review; llm channel review */
	wa_err *err;
} model;

static const char *const call_names[6] = { "llm", "speech_to_text", "text_to_speech",
	"telephony", "media", "human_review" };
static const char *const chat_names[3] = { "llm", "channel", "human_review" };

static json_t *rc_get(json_t *rc, const char *path)
{
	char key[128];
	json_t *v = rc;

	while (v && *path) {
		size_t n = strcspn(path, ".");
		snprintf(key, sizeof key, "%.*s", (int)n, path);
		v = json_object_get(v, key);
		path += n + (path[n] == '.');
	}
	return v;
}

/* a rate-card amount in the output currency */
static int rc_money(model *m, const char *path, wa_nanos *out)
{
	wa_nanos v;
	json_t *j = rc_get(m->rc, path);

	if (!j || wa_money_from_json(j, &v) || v < 0)
		return wa_err_set(m->err, WA_EX_CONFIG, "rate card: %s: %s", path,
			j ? "not a non-negative amount" : "missing");
	*out = wa_money_muldiv(v, m->rate_micro, 1000000);
	return 0;
}

static int rc_qty(model *m, const char *path, int64_t *milli)
{
	json_t *j = rc_get(m->rc, path);

	if (!j || wa_money_qty_from_json(j, milli) || *milli < 0)
		return wa_err_set(m->err, WA_EX_CONFIG, "rate card: %s: %s", path,
			j ? "not a non-negative number" : "missing");
	return 0;
}

static void assume(model *m, const char *name, json_t *value, const char *unit,
	const char *source)
{
	json_t *a = json_pack("{s:s, s:O, s:s}", "name", name, "value", value, "source", source);

	if (unit)
		json_object_set_new(a, "unit", json_string(unit));
	json_array_append_new(m->assumptions, a);
}

/* the industry's defaults, then "*" */
static json_t *default_of(model *m, const char *key)
{
	json_t *d = json_object_get(m->rc, "defaults");
	const char *ind = json_string_value(json_object_get(json_object_get(m->dossier, "client"),
		"industry"));
	json_t *r = json_object_get(json_object_get(json_object_get(m->dossier, "research"),
		"analysis"), "industry");
	if (!ind)
		ind = json_string_value(json_object_get(r, "name"));
	json_t *v = ind ? json_object_get(json_object_get(d, ind), key) : NULL;
	return v ? v : json_object_get(json_object_get(d, "*"), key);
}

/* A client value (volumes.KEY), else the industry default: as
 * thousandths.  integer: whole numbers only, by value as JSON Schema
 * counts them (1450, 1450.0 and 1.45E3 are one number). */
static int input(model *m, const char *key, const char *unit, int integer, int64_t *milli)
{
	json_t *vol = json_object_get(json_object_get(m->dossier, "client"), "volumes");
	json_t *v = json_object_get(vol, key);
	const char *source = "client";
	char path[128];

	snprintf(path, sizeof path, "client.volumes.%s", key);
	if (!v) {
		v = default_of(m, key);
		source = "default";
		snprintf(path, sizeof path, "rate card defaults.%s", key);
		if (!v)
			return wa_err_set(m->err, WA_EX_CONFIG, "rate card: defaults.\"*\".%s: missing",
				key);
	}
	if (!json_is_number(v) || wa_money_qty_from_json(v, milli) || *milli < 0 ||
	    (integer && *milli % 1000 != 0))
		return wa_err_set(m->err, strcmp(source, "client") ? WA_EX_CONFIG : WA_EX_DATAERR,
			"%s: %s", path, integer ? "not a whole number of 0 or more" :
			"not a number of 0 or more");
	assume(m, key, v, unit, source);
	return 0;
}

/* ---- costs ---- */

static int unit_costs(model *m)
{
	wa_nanos p_in, p_out, stt, tts, tel, media, channel, reviewer, hosting, per_integ;
	int64_t tin, tout, tpm, chars, parts, share, rmin;

	if (rc_money(m, "llm.input_per_million", &p_in) ||
	    rc_money(m, "llm.output_per_million", &p_out) ||
	    rc_qty(m, "llm.tokens_per_turn.input", &tin) ||
	    rc_qty(m, "llm.tokens_per_turn.output", &tout) ||
	    rc_qty(m, "voice.turns_per_minute", &tpm) ||
	    rc_money(m, "voice.stt_per_minute", &stt) ||
	    rc_money(m, "voice.tts_per_thousand_chars", &tts) ||
	    rc_qty(m, "voice.tts_chars_per_minute", &chars) ||
	    rc_money(m, "voice.telephony_per_minute", &tel) ||
	    rc_money(m, "voice.media_per_participant_minute", &media) ||
	    rc_qty(m, "voice.participants", &parts) ||
	    rc_money(m, "chat.channel_per_conversation", &channel) ||
	    rc_qty(m, "review.share", &share) || rc_qty(m, "review.minutes", &rmin) ||
	    rc_money(m, "review.reviewer_per_hour", &reviewer) ||
	    rc_money(m, "hosting_per_month", &hosting) ||
	    rc_money(m, "integration_per_month", &per_integ))
		return -1;
	/* an LLM turn: tokens x price per million (tokens are thousandths here) */
	wa_nanos turn = wa_money_muldiv(tin, p_in, 1000LL * 1000000) +
		wa_money_muldiv(tout, p_out, 1000LL * 1000000);
	/* human review of a share of conversations, minutes at an hourly rate */
	wa_nanos review = wa_money_muldiv(reviewer, share * rmin, 1000LL * 1000 * 60);
	int64_t turns = wa_money_muldiv(m->call_min, tpm, 1000);            /* milli */
	m->call_parts[0] = wa_money_times(turn, turns);
	m->call_parts[1] = wa_money_times(stt, m->call_min);
	m->call_parts[2] = wa_money_muldiv(tts, m->call_min * chars, 1000LL * 1000 * 1000);
	m->call_parts[3] = wa_money_times(tel, m->call_min);
	m->call_parts[4] = wa_money_muldiv(media, m->call_min * parts, 1000LL * 1000);
	m->call_parts[5] = review;
	m->chat_parts[0] = wa_money_times(turn, m->msgs);
	m->chat_parts[1] = channel;
	m->chat_parts[2] = review;
	m->call_cost = m->chat_cost = 0;
	for (int i = 0; i < 6; i++)
		m->call_cost += m->call_parts[i];
	for (int i = 0; i < 3; i++)
		m->chat_cost += m->chat_parts[i];
	m->hosting = hosting;
	m->fixed = hosting + m->integrations * per_integ;
	return 0;
}

/* the agency's cost of a month of v conversations in the client's mix */
static wa_nanos cost_at(const model *m, int64_t v)
{
	int64_t n = m->calls + m->chats;
	wa_nanos mix = m->calls * m->call_cost + m->chats * m->chat_cost;

	if (!n)     /* no volume known: conversations cost as chats do */
		return m->fixed + v * m->chat_cost;
	return m->fixed + wa_money_muldiv(mix, v, n);
}

static json_t *money(const model *m, wa_nanos a)
{
	return wa_money_json(wa_money_round(a, m->minor), m->minor);
}

static json_t *unit_money(const model *m, wa_nanos a)
{
	wa_buf b;

	wa_buf_init(&b);
	wa_money_format(&b, a, m->minor, 4);
	json_t *s = json_string(b.data);
	wa_buf_free(&b);
	return s;
}

static double ratio(wa_nanos num, wa_nanos den)
{
	return den ? round((double)num / (double)den * 10000) / 10000 : 0;
}

/* a breakdown: parts rounded so that they add up to the rounded total */
static json_t *breakdown(const model *m, const char *const *names, const wa_nanos *exact,
	size_t n)
{
	wa_nanos *parts = wa_mem_alloc(n * sizeof *parts);
	json_t *o = json_object();

	memcpy(parts, exact, n * sizeof *parts);
	wa_nanos total = wa_money_allocate(parts, n, m->minor);
	for (size_t i = 0; i < n; i++)
		json_object_set_new(o, names[i], wa_money_json(parts[i], m->minor));
	json_object_set_new(o, "total", wa_money_json(total, m->minor));
	free(parts);
	return o;
}

static json_t *costs_json(const model *m)
{
	json_t *per = json_object(), *month = json_object(), *call = json_object(),
		*chat = json_object();

	for (int i = 0; i < 6; i++)
		json_object_set_new(call, call_names[i], unit_money(m, m->call_parts[i]));
	json_object_set_new(call, "total", unit_money(m, m->call_cost));
	for (int i = 0; i < 3; i++)
		json_object_set_new(chat, chat_names[i], unit_money(m, m->chat_parts[i]));
	json_object_set_new(chat, "total", unit_money(m, m->chat_cost));
	json_object_set_new(per, "voice", call);
	json_object_set_new(per, "chat", chat);
	/* a month: every line rounded, and the lines add up to the total */
	wa_nanos lines[11];
	static const char *const line_names[11] = { "voice_llm", "voice_speech_to_text",
		"voice_text_to_speech", "voice_telephony", "voice_media", "voice_human_review",
		"chat_llm", "chat_channel", "chat_human_review", "hosting", "integrations" };
	for (int i = 0; i < 6; i++)
		lines[i] = m->calls * m->call_parts[i];
	for (int i = 0; i < 3; i++)
		lines[6 + i] = m->chats * m->chat_parts[i];
	lines[9] = m->hosting;
	lines[10] = m->fixed - m->hosting;
	json_object_set_new(month, "lines", breakdown(m, line_names, lines, 11));
	json_object_set_new(month, "voice", money(m, m->calls * m->call_cost));
	json_object_set_new(month, "chat", money(m, m->chats * m->chat_cost));
	json_object_set_new(month, "fixed", money(m, m->fixed));
	json_object_set_new(month, "total", money(m, cost_at(m, m->calls + m->chats)));
	return json_pack("{s:o, s:o}", "per_conversation", per, "monthly", month);
}

/* ---- tiers ---- */

typedef struct tier {
	const char *name;
	int64_t included;
	wa_nanos fee, setup, overage;
} tier;

static int tier_of(model *m, json_t *t, size_t i, tier *out)
{
	wa_nanos step, premium_fee;
	int64_t premium;
	const char *rule = json_string_value(json_object_get(t, "price_rule"));
	char path[128];

	out->name = json_string_value(json_object_get(t, "name"));
	out->included = json_integer_value(json_object_get(t, "included_conversations"));
	snprintf(path, sizeof path, "tiers.%zu", i);
	if (!rule)
		return wa_err_set(m->err, WA_EX_CONFIG, "rate card: tiers[%zu] (%s): no price_rule "
			"(margin or margin_floor)", i, out->name ? out->name : "?");
	/* the step is in the output currency's units, converted from nothing */
	if (wa_money_from_json(rc_get(m->rc, "price_step"), &step) || step < 0)
		return wa_err_set(m->err, WA_EX_CONFIG, "rate card: price_step: not an amount");
	if (rc_qty(m, "overage_premium", &premium))
		return -1;
	wa_nanos setup;
	if (wa_money_from_json(json_object_get(t, "setup_fee"), &setup) || setup < 0)
		return wa_err_set(m->err, WA_EX_CONFIG, "rate card: tiers[%zu].setup_fee: missing "
			"or not an amount", i);
	out->setup = wa_money_round_up(wa_money_muldiv(setup, m->rate_micro, 1000000), m->minor);
	/* the fee holds the margin at the included volume even with the annual
	 * discount: cost / (1 - m) / (1 - d), up to the price step */
	int64_t d_milli;
	if (rc_qty(m, "annual_discount", &d_milli))
		return -1;
	wa_nanos floor_fee = wa_money_muldiv_up(cost_at(m, out->included), 10000LL * 1000,
		(10000 - m->margin_bp) * (1000 - d_milli));
	if (step <= 0)
		step = wa_money_round_up(1, m->minor);
	out->fee = wa_money_round_up(wa_money_ceil_step(floor_fee, step), m->minor);
	if (!strcmp(rule, "margin_floor")) {
		wa_nanos min;
		if (wa_money_from_json(json_object_get(t, "minimum_fee"), &min))
			return wa_err_set(m->err, WA_EX_CONFIG, "rate card: tiers[%zu].minimum_fee: "
				"margin_floor needs it", i);
		min = wa_money_round_up(wa_money_muldiv(min, m->rate_micro, 1000000), m->minor);
		if (min > out->fee)
			out->fee = min;
	}
	/* overage: the included unit price times the premium, rounded up */
	premium_fee = wa_money_muldiv_up(out->fee, premium, out->included * 1000);
	out->overage = wa_money_round_up(premium_fee, m->minor);
	return 0;
}

/* what the client pays for a month of v conversations on t */
static wa_nanos charge(const tier *t, int64_t v)
{
	return t->fee + (v > t->included ? (v - t->included) * t->overage : 0);
}

static json_t *tier_json(model *m, const tier *t, int64_t d_bp)
{
	int64_t v15 = wa_money_muldiv(t->included, 3, 2);
	wa_nanos c1 = cost_at(m, t->included), c15 = cost_at(m, v15), r15 = charge(t, v15);
	json_t *o = json_pack("{s:s, s:I, s:o, s:o, s:o, s:o, s:f, s:f}",
		"name", t->name, "included_conversations", (json_int_t)t->included,
		"monthly_fee", wa_money_json(t->fee, m->minor),
		"setup_fee", wa_money_json(t->setup, m->minor),
		"included_unit_price", unit_money(m, wa_money_muldiv(t->fee, 1, t->included)),
		"overage_per_conversation", wa_money_json(t->overage, m->minor),
		"gross_margin", ratio(t->fee - c1, t->fee),
		"gross_margin_at_1_5x", ratio(r15 - c15, r15));
	/* the annual commitment: 12 months less the discount, never below the
	 * target margin */
	wa_nanos annual = wa_money_round(wa_money_muldiv(12 * t->fee, 10000 - d_bp, 10000), m->minor);
	wa_nanos least = wa_money_round_up(wa_money_muldiv_up(12 * c1, 10000, 10000 - m->margin_bp),
		m->minor);
	int capped = annual < least;
	if (capped)
		annual = least;
	json_object_set_new(o, "annual", json_pack("{s:o, s:f, s:f, s:b}",
		"fee", wa_money_json(annual, m->minor),
		"discount", ratio(12 * t->fee - annual, 12 * t->fee),
		"gross_margin", ratio(annual - 12 * c1, annual), "discount_capped", capped));
	return o;
}

/* ---- ROI ---- */

static wa_nanos today_cost(const model *m, int64_t calls, int64_t chats)
{
	int64_t minutes = calls * m->call_min + chats * m->chat_handle;        /* milli */

	return wa_money_muldiv(m->hourly, minutes, 60LL * 1000);
}

/* Today's cost less the cost with the agent, each to the minor unit as a
 * proposal shows them, so that the saving a reader sees is the
 * difference of the two figures beside it, and the payback and NPV come
 * from that saving. */
static wa_nanos saving(const model *m, const tier *t, int64_t calls, int64_t chats,
	int64_t contain)
{
	wa_nanos today = today_cost(m, calls, chats);
	wa_nanos with = wa_money_muldiv(today, 1000 - contain, 1000) + charge(t, calls + chats);

	return wa_money_round(today, m->minor) - wa_money_round(with, m->minor);
}

static json_t *roi_json(model *m, const tier *t, int64_t r_milli)
{
	wa_nanos today = wa_money_round(today_cost(m, m->calls, m->chats), m->minor);
	wa_nanos s = saving(m, t, m->calls, m->chats, m->contain);
	json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:f}", "tier", t->name,
		"today_monthly", money(m, today),
		"with_agent_monthly", money(m, today - s),
		"monthly_saving", money(m, s), "containment", (double)m->contain / 1000);
	json_object_set_new(o, "payback_months", s > 0 ?
		json_real(round((double)t->setup / (double)s * 10) / 10) : json_null());
	/* 3-year NPV: month t's saving times (1 + r)^(-t/12), the factor to
	 * 10^-12, each month rounded to the nano */
	wa_nanos npv = -t->setup;
	double r = (double)r_milli / 1000;
	for (int month = 1; month <= 36; month++) {
		int64_t f = llround(pow(1 + r, -(double)month / 12) * 1e12);
		npv += wa_money_muldiv(s, f, 1000000000000LL);
	}
	json_object_set_new(o, "npv_3y", money(m, npv));
	json_object_set_new(o, "discount_rate", json_real(r));
	json_t *sens = json_array();
	static const int64_t f[3] = { 800, 1000, 1200 };
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++) {
			int64_t c = wa_money_muldiv(m->contain, f[i], 1000);
			if (c > 1000)
				c = 1000;
			int64_t calls = wa_money_muldiv(m->calls, f[j], 1000), chats = wa_money_muldiv(m->chats, f[j], 1000);
			json_array_append_new(sens, json_pack("{s:f, s:f, s:I, s:o}",
				"containment", (double)c / 1000, "volume_factor", (double)f[j] / 1000,
				"conversations_per_month", (json_int_t)(calls + chats),
				"monthly_saving", money(m, saving(m, t, calls, chats, c))));
		}
	json_object_set_new(o, "sensitivity", sens);
	return o;
}

/* ---- the model ---- */

static int currency_of(model *m, const wa_price_opts *o)
{
	const char *card = json_string_value(json_object_get(m->rc, "currency"));
	const char *client = json_string_value(json_object_get(json_object_get(m->dossier,
		"client"), "currency"));
	json_t *rates = json_object_get(m->rc, "exchange_rates");

	if (client && wa_money_minor_units(client) < 0)
		return wa_err_set(m->err, WA_EX_DATAERR, "client.currency: %s is not an ISO 4217 "
			"code", client);
	m->currency = card;
	if (o->currency) {
		if (wa_money_minor_units(o->currency) < 0)
			return wa_err_set(m->err, WA_EX_USAGE, "--currency: %s is not an ISO 4217 code",
				o->currency);
		if (strcmp(o->currency, card) && !json_object_get(rates, o->currency))
			return wa_err_set(m->err, WA_EX_CONFIG, "rate card: exchange_rates.%s: missing "
				"(--currency %s)", o->currency, o->currency);
		m->currency = o->currency;
	} else if (client && (!strcmp(client, card) || json_object_get(rates, client))) {
		m->currency = client;
	} else if (client) {
		char note[160];
		snprintf(note, sizeof note, "the rate card has no exchange rate for %s: amounts "
			"are in %s", client, card);
		json_array_append_new(m->notes, json_string(note));
	}
	m->minor = wa_money_minor_units(m->currency);
	m->rate_micro = 1000000;
	if (strcmp(m->currency, card)) {
		if (wa_money_qty_from_json(json_object_get(rates, m->currency), &m->rate_micro) ||
		    m->rate_micro <= 0)
			return wa_err_set(m->err, WA_EX_CONFIG, "rate card: exchange_rates.%s: not a "
				"positive number", m->currency);
		m->rate_micro *= 1000;  /* milli to micro */
	}
	return 0;
}

/* the client's hourly cost, in its own currency, into the output one */
static int hourly_of(model *m)
{
	json_t *vol = json_object_get(json_object_get(m->dossier, "client"), "volumes");
	json_t *v = json_object_get(vol, "human_cost_per_hour");
	const char *client = json_string_value(json_object_get(json_object_get(m->dossier,
		"client"), "currency"));
	const char *card = json_string_value(json_object_get(m->rc, "currency"));
	wa_nanos h;

	if (v) {
		if (!json_is_number(v) || wa_money_from_json(v, &h) || h < 0)
			return wa_err_set(m->err, WA_EX_DATAERR, "client.volumes.human_cost_per_hour: "
				"not an amount of 0 or more");
		assume(m, "human_cost_per_hour", v, client ? client : m->currency, "client");
		/* from the client's currency to the rate card's, then to the output's */
		if (client && strcmp(client, m->currency)) {
			int64_t rc_rate = 1000000;
			if (strcmp(client, card) && wa_money_qty_from_json(json_object_get(json_object_get(
			    m->rc, "exchange_rates"), client), &rc_rate) == 0)
				rc_rate *= 1000;
			else if (strcmp(client, card))
				rc_rate = 1000000;
			h = wa_money_muldiv(h, 1000000, rc_rate);
			h = wa_money_muldiv(h, m->rate_micro, 1000000);
		}
	} else {
		v = default_of(m, "human_cost_per_hour");
		if (!v || wa_money_from_json(v, &h) || h < 0)
			return wa_err_set(m->err, WA_EX_CONFIG, "rate card: defaults.\"*\"."
				"human_cost_per_hour: missing or not an amount");
		assume(m, "human_cost_per_hour", v, card, "default");
		h = wa_money_muldiv(h, m->rate_micro, 1000000);
	}
	m->hourly = h;
	return 0;
}

/* the calls a month: the client's, else research's estimate (weekly open
 * hours x 52/12 x calls per open hour x locations), else the default */
static int calls_of(model *m)
{
	json_t *vol = json_object_get(json_object_get(m->dossier, "client"), "volumes");
	json_t *sig = json_object_get(json_object_get(json_object_get(m->dossier, "research"),
		"analysis"), "volume_signals");
	json_t *hours = json_object_get(sig, "weekly_open_hours");
	int64_t milli;

	if (json_object_get(vol, "calls_per_month") || !json_is_number(hours)) {
		if (input(m, "calls_per_month", "calls", 1, &m->calls))
			return -1;
		m->calls /= 1000;
		return 0;
	}
	int64_t h, per, loc = json_integer_value(json_object_get(sig, "locations"));
	json_t *d = default_of(m, "calls_per_open_hour");
	if (wa_money_qty_from_json(hours, &h) || h < 0)
		return wa_err_set(m->err, WA_EX_DATAERR, "research.analysis.volume_signals."
			"weekly_open_hours: not a number of 0 or more");
	if (!d || wa_money_qty_from_json(d, &per) || per < 0)
		return wa_err_set(m->err, WA_EX_CONFIG, "rate card: defaults.\"*\"."
			"calls_per_open_hour: missing or not a number");
	if (loc < 1)
		loc = 1;
	/* hours (milli) x 52 / 12 x per (milli) x locations, to whole calls */
	milli = wa_money_muldiv(h * 52, per * loc, 12 * 1000);
	m->calls = wa_money_muldiv(milli, 1, 1000);
	json_t *est = json_integer(m->calls);
	assume(m, "calls_per_month", est, "calls", "research");
	json_decref(est);
	return 0;
}

static int model_init(model *m, json_t *rc, json_t *dossier, const wa_price_opts *o,
	wa_err *err)
{
	memset(m, 0, sizeof *m);
	m->rc = rc;
	m->dossier = dossier;
	m->err = err;
	m->assumptions = json_array();
	m->notes = json_array();
	double margin = o->margin >= 0 ? o->margin :
		json_number_value(json_object_get(rc, "target_margin"));
	if (margin < 0 || margin >= 1)
		return wa_err_set(err, o->margin >= 0 ? WA_EX_USAGE : WA_EX_CONFIG, "%s: %g is not "
			"a margin from 0 to below 1", o->margin >= 0 ? "--margin" : "rate card: "
			"target_margin", margin);
	m->margin_bp = (int)llround(margin * 10000);
	json_t *ind = json_object_get(json_object_get(dossier, "client"), "industry");
	if (ind)
		assume(m, "industry", ind, NULL, "client");
	if (currency_of(m, o) || calls_of(m) ||
	    input(m, "chats_per_month", "chats", 1, &m->chats) ||
	    input(m, "avg_call_minutes", "minutes", 0, &m->call_min) ||
	    input(m, "messages_per_chat", "messages", 0, &m->msgs) ||
	    input(m, "integrations", "integrations", 1, &m->integrations) ||
	    input(m, "chat_handle_minutes", "minutes", 0, &m->chat_handle) ||
	    input(m, "containment", "share", 0, &m->contain) || hourly_of(m))
		return -1;
	m->chats /= 1000;
	m->integrations /= 1000;
	if (m->contain > 1000)
		return wa_err_set(err, WA_EX_DATAERR, "containment: %g is above 1",
			(double)m->contain / 1000);
	return unit_costs(m);
}

static void model_free(model *m)
{
	json_decref(m->assumptions);
	json_decref(m->notes);
}

static int tiers_of(model *m, tier **out, size_t *n)
{
	json_t *tiers = json_object_get(m->rc, "tiers"), *t;
	size_t i;

	*n = json_array_size(tiers);
	*out = wa_mem_calloc(*n ? *n : 1, sizeof **out);
	json_array_foreach(tiers, i, t)
		if (tier_of(m, t, i, &(*out)[i]))
			return -1;
	return 0;
}

json_t *wa_price_model_new(json_t *rc, json_t *dossier, const wa_price_opts *o, wa_err *err)
{
	model m;
	tier *tiers = NULL;
	size_t n = 0;
	json_t *out = NULL;
	int64_t d_milli, r_milli;

	if (model_init(&m, rc, dossier, o, err) || tiers_of(&m, &tiers, &n) ||
	    rc_qty(&m, "annual_discount", &d_milli) || rc_qty(&m, "discount_rate", &r_milli))
		goto done;
	int64_t v = m.calls + m.chats;
	/* the recommended tier: the smallest that includes the volume */
	size_t rec = n - 1;
	for (size_t i = n; i-- > 0;)
		if (tiers[i].included >= v && tiers[i].included <= tiers[rec].included)
			rec = i;
	json_t *tj = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(tj, tier_json(&m, &tiers[i], d_milli * 10));
	/* outcome-based: the month's cost per resolved conversation / (1 - m) */
	wa_nanos cost = cost_at(&m, v);
	int64_t resolved = v * m.contain;               /* milli */
	json_t *outcome = json_null();
	if (resolved > 0) {
		__int128 den = (__int128)resolved * (10000 - m.margin_bp);
		wa_nanos per = wa_money_muldiv_up(cost, 1000LL * 10000, (int64_t)den);
		per = wa_money_round_up(per, m.minor);
		wa_nanos revenue = wa_money_muldiv(per, resolved, 1000);
		outcome = json_pack("{s:o, s:f, s:f}", "price_per_resolved_conversation",
			wa_money_json(per, m.minor), "resolved_per_month", (double)resolved / 1000,
			"gross_margin", ratio(revenue - cost, revenue));
	}
	out = json_pack("{s:s, s:i, s:s, s:f, s:O, s:{s:I, s:I, s:I}, s:o, s:o, s:s, s:o, s:o}",
		"currency", m.currency, "minor_units", m.minor,
		"rounding", "amounts to the minor unit, half to even; fees, overage and setup up",
		"target_margin", (double)m.margin_bp / 10000, "assumptions", m.assumptions,
		"volume", "calls_per_month", (json_int_t)m.calls, "chats_per_month",
		(json_int_t)m.chats, "conversations_per_month", (json_int_t)v,
		"costs", costs_json(&m), "tiers", tj, "recommended_tier", tiers[rec].name,
		"outcome_based", outcome, "roi", roi_json(&m, &tiers[rec], r_milli));
	if (json_array_size(m.notes))
		json_object_set(out, "notes", m.notes);
done:
	free(tiers);
	model_free(&m);
	return out;
}

json_t *wa_price_quote_new(json_t *rc, json_t *dossier, const wa_price_opts *o,
	const char *name, long long volume, wa_err *err)
{
	model m;
	tier *tiers = NULL;
	size_t n = 0;
	json_t *out = NULL, *empty = NULL;

	if (!dossier)
		dossier = empty = json_pack("{s:{}}", "client");
	if (model_init(&m, rc, dossier, o, err) || tiers_of(&m, &tiers, &n))
		goto done;
	const tier *t = NULL;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(tiers[i].name, name))
			t = &tiers[i];
	if (!t) {
		wa_buf names;
		wa_buf_init(&names);
		for (size_t i = 0; i < n; i++)
			wa_buf_addf(&names, "%s%s", i ? ", " : "", tiers[i].name);
		wa_err_set(err, WA_EX_USAGE, "--tier %s: not a tier of the rate card (%s)", name,
			names.data ? names.data : "none");
		wa_buf_free(&names);
		goto done;
	}
	int64_t over = volume > t->included ? volume - t->included : 0;
	wa_nanos total = charge(t, volume), cost = cost_at(&m, volume);
	out = json_pack("{s:s, s:I, s:s, s:o, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:f}",
		"tier", t->name, "volume", (json_int_t)volume, "currency", m.currency,
		"monthly_fee", wa_money_json(t->fee, m.minor),
		"included_conversations", (json_int_t)t->included,
		"overage_conversations", (json_int_t)over,
		"overage_per_conversation", wa_money_json(t->overage, m.minor),
		"overage_charge", wa_money_json(over * t->overage, m.minor),
		"total", wa_money_json(total, m.minor),
		"unit_price", unit_money(&m, volume ? wa_money_muldiv(total, 1, volume) : 0),
		"cost", money(&m, cost), "gross_margin", ratio(total - cost, total));
done:
	free(tiers);
	model_free(&m);
	json_decref(empty);
	return out;
}
