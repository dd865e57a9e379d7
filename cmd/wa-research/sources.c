/* sources.c - the sources beside the website, each through its public
 * API, each with its base URL from the environment (the tests point them
 * at 127.0.0.1) and its credential from the environment.  A source
 * without a credential is skipped with the reason.
 *
 *   google_places  Places API (New): text search, then place details
 *                  with reviews (X-Goog-Api-Key, X-Goog-FieldMask)
 *   reddit         mentions through Reddit's API (application-only
 *                  OAuth, its User-Agent format, its rate-limit headers)
 *   facebook       the business page through the Graph API
 *   instagram      the business account through the Graph API's
 *                  business discovery
 *   tiktok         never: TikTok's Research API is closed to commercial
 *                  use, and wa does not scrape */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/base64.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/mem.h"
#include "base/version.h"
#include "web/contacts.h"
#include "web/fetch.h"
#include "research.h"

#define GRAPH_VERSION "v19.0"

typedef struct answer {
	int status;
	char *error;
	json_t *json;
	long remaining, reset;  /* Reddit's rate-limit headers, -1 if none */
} answer;

static void on_answer(wa_fetch *f, const wa_fetch_response *r, void *user)
{
	answer *a = user;
	const char *v;

	(void)f;
	a->status = r->status;
	a->remaining = (v = wa_fetch_header(r, "X-Ratelimit-Remaining")) ? (long)atof(v) : -1;
	a->reset = (v = wa_fetch_header(r, "X-Ratelimit-Reset")) ? atol(v) : -1;
	if (r->error) {
		a->error = wa_mem_strdup(r->error);
		return;
	}
	json_error_t e;
	a->json = json_loadb(r->body, r->len, 0, &e);
	if (r->status >= 200 && r->status < 300 && !a->json) {
		char msg[300];
		snprintf(msg, sizeof msg, "%s: not JSON (line %d: %s)", r->req->url, e.line, e.text);
		a->error = wa_mem_strdup(msg);
	} else if (r->status < 200 || r->status >= 300) {
		char msg[300];
		const char *detail = json_string_value(json_object_get(json_object_get(a->json,
			"error"), "message"));
		snprintf(msg, sizeof msg, "HTTP %d%s%s", r->status, detail ? ": " : "",
			detail ? detail : "");
		a->error = wa_mem_strdup(msg);
	}
}

/* One request, waited for. */
static void call(const wa_fetch_opts *base, const char *url, const char *const *headers,
	const char *post, answer *a)
{
	wa_fetch_opts o = *base;
	wa_err err = WA_ERR_INIT;

	memset(a, 0, sizeof *a);
	o.delay_ms = 0;
	wa_fetch *f = wa_fetch_new(&o, on_answer, a);
	wa_fetch_request req = { .url = url, .headers = headers, .post = post, .follow = 1 };
	wa_fetch_add(f, &req);
	if (wa_fetch_run(f, &err) && !a->error)
		a->error = wa_mem_strdup(err.msg);
	wa_fetch_free(f);
}

static void answer_clear(answer *a)
{
	free(a->error);
	json_decref(a->json);
	memset(a, 0, sizeof *a);
}

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v && *v ? v : fallback;
}

static json_t *skipped(const char *name, const char *reason)
{
	return json_pack("{s:s, s:s, s:s}", "name", name, "status", "skipped", "reason", reason);
}

static json_t *failed(const char *name, const char *reason, int retryable, long ms)
{
	return json_pack("{s:s, s:s, s:s, s:b, s:i}", "name", name, "status", "failed",
		"reason", reason, "retryable", retryable, "ms", (int)ms);
}

static int retryable_answer(const answer *a)
{
	return a->status == 0 || a->status == 408 || a->status == 429 || a->status >= 500;
}

/* ---- Google Places API (New) ---- */

/* text search: the first place is the business; its id (a new string),
 * or NULL with *a's error (or none: no place found) */
static char *places_search(research_sources *s, const char *base, const char *keyh,
	const char *name, const char *city, answer *a)
{
	const char *headers[] = { keyh,
		"X-Goog-FieldMask: places.id,places.displayName,places.formattedAddress", NULL };
	char url[1024], query[600];

	snprintf(query, sizeof query, "%s%s%s", name, city ? " " : "", city ? city : "");
	json_t *body = json_pack("{s:s}", "textQuery", query);
	char *post = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	snprintf(url, sizeof url, "%s/v1/places:searchText", base);
	call(&s->fetch, url, headers, post, a);
	free(post);
	if (a->error)
		return NULL;
	const char *id = json_string_value(json_object_get(json_array_get(
		json_object_get(a->json, "places"), 0), "id"));
	char *place = id ? wa_mem_strdup(id) : NULL;
	answer_clear(a);
	return place;
}

/* a review of the place as a fact's value */
static json_t *place_review_new(json_t *x)
{
	json_t *text = json_object_get(json_object_get(x, "text"), "text");
	const char *author = json_string_value(json_object_get(json_object_get(x,
		"authorAttribution"), "displayName"));

	if (!json_is_string(text))
		return NULL;
	json_t *r = json_pack("{s:O}", "text", text);
	if (author)
		json_object_set_new(r, "author", json_string(author));
	if (json_object_get(x, "rating")) {
		char rating[16];
		snprintf(rating, sizeof rating, "%g", json_number_value(json_object_get(x, "rating")));
		json_object_set_new(r, "rating", json_string(rating));
	}
	return r;
}

/* the facts in a place's details p (from url): how many */
static size_t place_facts(json_t *p, const char *url, json_t *facts)
{
	const char *phone = json_string_value(json_object_get(p, "internationalPhoneNumber"));
	json_t *x, *r;
	size_t i, items = 0;
	char e164[32];

	if (phone && wa_contacts_e164(phone, NULL, e164, sizeof e164) == 0)
		research_fact_add(facts, "phones", json_string(e164), url), items++;
	if (json_object_get(p, "rating")) {
		char value[32], count[32];
		snprintf(value, sizeof value, "%g", json_number_value(json_object_get(p, "rating")));
		snprintf(count, sizeof count, "%lld",
			(long long)json_integer_value(json_object_get(p, "userRatingCount")));
		research_fact_add(facts, "ratings", json_pack("{s:s, s:s, s:s}", "value", value,
			"count", count, "of", "Google"), url);
		items++;
	}
	json_array_foreach(json_object_get(json_object_get(p, "regularOpeningHours"),
	    "weekdayDescriptions"), i, x) {
		json_t *hours = json_array(), *h;
		size_t k;
		wa_contacts_hours(json_string_value(x), hours);
		json_array_foreach(hours, k, h)
			research_fact_add(facts, "opening_hours", json_incref(h), url), items++;
		json_decref(hours);
	}
	json_array_foreach(json_object_get(p, "reviews"), i, x)
		if ((r = place_review_new(x)))
			research_fact_add(facts, "reviews", r, url), items++;
	return items;
}

static json_t *google_places(research_sources *s, json_t *client, json_t *facts)
{
	const char *key = getenv("WA_GOOGLE_PLACES_KEY");
	const char *base = env_or("WA_GOOGLE_PLACES_URL", "https://places.googleapis.com");
	const char *name = json_string_value(json_object_get(client, "name"));
	const char *city = json_string_value(json_object_get(json_object_get(client, "address"),
		"city"));
	int64_t t0 = wa_clock_mono_ms();
	char url[1024], keyh[300];
	answer a;

	if (!key || !*key)
		return skipped("google_places", "WA_GOOGLE_PLACES_KEY is not set");
	if (!name)
		return skipped("google_places", "the client has no name to search for");
	snprintf(keyh, sizeof keyh, "X-Goog-Api-Key: %s", key);
	char *place = places_search(s, base, keyh, name, city, &a);
	if (!place && !a.error)
		return json_pack("{s:s, s:s, s:s, s:i}", "name", "google_places", "status", "ok",
			"reason", "no place found", "items", 0);
	if (place) {
		/* details, with reviews */
		const char *headers[] = { keyh, "X-Goog-FieldMask: id,displayName,"
			"formattedAddress,internationalPhoneNumber,websiteUri,rating,userRatingCount,"
			"regularOpeningHours,reviews,googleMapsUri", NULL };
		snprintf(url, sizeof url, "%s/v1/places/%s", base, place);
		free(place);
		call(&s->fetch, url, headers, NULL, &a);
	}
	if (a.error) {
		json_t *r = failed("google_places", a.error, retryable_answer(&a),
			(long)(wa_clock_mono_ms() - t0));
		answer_clear(&a);
		return r;
	}
	size_t items = place_facts(a.json, url, facts);
	answer_clear(&a);
	return json_pack("{s:s, s:s, s:s, s:i, s:i}", "name", "google_places", "status", "ok",
		"url", url, "items", (int)items, "ms", (int)(wa_clock_mono_ms() - t0));
}

/* ---- Reddit ---- */

/* Obey X-Ratelimit-Remaining / -Reset across the clients of a run. */
static void reddit_wait(research_sources *s)
{
	int64_t now = wa_clock_mono_ms();

	if (s->reddit_next_ms > now)
		usleep((useconds_t)((s->reddit_next_ms - now) * 1000));
}

static void reddit_limits(research_sources *s, const answer *a)
{
	if (a->remaining >= 0 && a->remaining < 1 && a->reset >= 0)
		s->reddit_next_ms = wa_clock_mono_ms() + (a->reset > 600 ? 600 : a->reset) * 1000;
}

static void url_encode(const char *in, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)in; *p && n + 4 < size; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			out[n++] = (char)*p;
		} else {
			out[n++] = '%';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		}
	}
	out[n] = '\0';
}

static json_t *reddit(research_sources *s, json_t *client, json_t *facts)
{
	const char *id = getenv("WA_REDDIT_CLIENT_ID"), *secret = getenv("WA_REDDIT_CLIENT_SECRET");
	const char *auth = env_or("WA_REDDIT_AUTH_URL", "https://www.reddit.com");
	const char *api = env_or("WA_REDDIT_API_URL", "https://oauth.reddit.com");
	const char *user = env_or("WA_REDDIT_USERNAME", "wa-toolchain");
	const char *name = json_string_value(json_object_get(client, "name"));
	int64_t t0 = wa_clock_mono_ms();
	char url[1200], ua[200], pair[300], authz[600];
	answer a;

	if (!id || !*id || !secret || !*secret)
		return skipped("reddit", "WA_REDDIT_CLIENT_ID and WA_REDDIT_CLIENT_SECRET are not set");
	if (!name)
		return skipped("reddit", "the client has no name to search for");
	/* the format Reddit asks of API clients */
	snprintf(ua, sizeof ua, "User-Agent: linux:wa-research:%s (by /u/%s)", WA_VERSION, user);
	if (!s->reddit_token) {
		snprintf(pair, sizeof pair, "%s:%s", id, secret);
		char *basic = wa_base64_encode_new(pair, strlen(pair));
		snprintf(authz, sizeof authz, "Authorization: Basic %s", basic);
		explicit_bzero(basic, strlen(basic));
		explicit_bzero(pair, sizeof pair);
		free(basic);
		const char *h[] = { ua, authz, "Content-Type: application/x-www-form-urlencoded",
			NULL };
		snprintf(url, sizeof url, "%s/api/v1/access_token", auth);
		reddit_wait(s);
		call(&s->fetch, url, h, "grant_type=client_credentials", &a);
		reddit_limits(s, &a);
		const char *token = json_string_value(json_object_get(a.json, "access_token"));
		if (a.error || !token) {
			json_t *r = failed("reddit", a.error ? a.error : "no access_token in the answer",
				retryable_answer(&a), (long)(wa_clock_mono_ms() - t0));
			answer_clear(&a);
			return r;
		}
		s->reddit_token = wa_mem_strdup(token);
		answer_clear(&a);
	}
	char q[700], quoted[600];
	snprintf(quoted, sizeof quoted, "\"%s\"", name);
	url_encode(quoted, q, sizeof q);
	snprintf(url, sizeof url, "%s/search?q=%s&sort=new&limit=25&type=link&raw_json=1", api, q);
	snprintf(authz, sizeof authz, "Authorization: bearer %s", s->reddit_token);
	const char *h[] = { ua, authz, NULL };
	reddit_wait(s);
	call(&s->fetch, url, h, NULL, &a);
	reddit_limits(s, &a);
	if (a.error) {
		json_t *r = failed("reddit", a.error, retryable_answer(&a),
			(long)(wa_clock_mono_ms() - t0));
		answer_clear(&a);
		return r;
	}
	size_t i, items = 0;
	json_t *child;
	json_array_foreach(json_object_get(json_object_get(a.json, "data"), "children"), i, child) {
		json_t *d = json_object_get(child, "data");
		const char *permalink = json_string_value(json_object_get(d, "permalink"));
		const char *title = json_string_value(json_object_get(d, "title"));
		if (!permalink || !title)
			continue;
		char link[600];
		snprintf(link, sizeof link, "https://www.reddit.com%s", permalink);
		json_t *m = json_pack("{s:s, s:s}", "where", "reddit", "title", title);
		const char *text = json_string_value(json_object_get(d, "selftext"));
		if (text && *text)
			json_object_set_new(m, "text", json_string(text));
		const char *sub = json_string_value(json_object_get(d, "subreddit"));
		if (sub)
			json_object_set_new(m, "community", json_string(sub));
		research_fact_add(facts, "mentions", m, link);
		items++;
	}
	answer_clear(&a);
	return json_pack("{s:s, s:s, s:i, s:i}", "name", "reddit", "status", "ok",
		"items", (int)items, "ms", (int)(wa_clock_mono_ms() - t0));
}

/* ---- Facebook and Instagram through the Graph API ---- */

/* The last path segment of a profile URL: the page or account name. */
static int profile_name(const char *url, char *out, size_t size)
{
	const char *p = url ? strstr(url, "://") : NULL;

	if (!p || !(p = strchr(p + 3, '/')))
		return -1;
	p++;
	size_t n = strcspn(p, "/?#");
	if (!n || n >= size)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

static json_t *facebook(research_sources *s, json_t *client, json_t *facts, json_t *audience)
{
	const char *token = getenv("WA_FACEBOOK_TOKEN");
	const char *base = env_or("WA_GRAPH_URL", "https://graph.facebook.com");
	const char *page_url = json_string_value(json_object_get(json_object_get(client, "social"),
		"facebook"));
	int64_t t0 = wa_clock_mono_ms();
	char page[200], url[1000], authz[600];
	answer a;

	if (!token || !*token)
		return skipped("facebook", "WA_FACEBOOK_TOKEN is not set");
	if (profile_name(page_url, page, sizeof page))
		return skipped("facebook", "the client has no Facebook page (client.social.facebook)");
	snprintf(url, sizeof url, "%s/" GRAPH_VERSION "/%s?fields=name,about,phone,emails,"
		"website,hours,fan_count,overall_star_rating,rating_count", base, page);
	snprintf(authz, sizeof authz, "Authorization: Bearer %s", token);
	const char *h[] = { authz, NULL };
	call(&s->fetch, url, h, NULL, &a);
	if (a.error) {
		json_t *r = failed("facebook", a.error, retryable_answer(&a),
			(long)(wa_clock_mono_ms() - t0));
		answer_clear(&a);
		return r;
	}
	json_t *p = a.json, *x;
	size_t i, items = 0;
	/* facts carry the public page's address, never the token */
	const char *source = page_url;
	char e164[32];
	const char *phone = json_string_value(json_object_get(p, "phone"));
	const char *cc = json_string_value(json_object_get(json_object_get(client, "address"),
		"country"));
	if (phone && wa_contacts_e164(phone, cc, e164, sizeof e164) == 0)
		research_fact_add(facts, "phones", json_string(e164), source), items++;
	json_array_foreach(json_object_get(p, "emails"), i, x)
		if (json_is_string(x)) {
			research_fact_add(facts, "emails", json_incref(x), source);
			items++;
		}
	if (json_object_get(p, "overall_star_rating")) {
		char value[32], count[32];
		snprintf(value, sizeof value, "%g",
			json_number_value(json_object_get(p, "overall_star_rating")));
		snprintf(count, sizeof count, "%lld",
			(long long)json_integer_value(json_object_get(p, "rating_count")));
		research_fact_add(facts, "ratings", json_pack("{s:s, s:s, s:s}", "value", value,
			"count", count, "of", "Facebook"), source);
		items++;
	}
	/* hours: {"mon_1_open": "08:00", "mon_1_close": "18:00", ...} */
	static const char *const days[][2] = { { "mon", "Mo" }, { "tue", "Tu" }, { "wed", "We" },
		{ "thu", "Th" }, { "fri", "Fr" }, { "sat", "Sa" }, { "sun", "Su" } };
	json_t *hours = json_object_get(p, "hours");
	for (size_t d = 0; d < 7 && hours; d++) {
		char k1[16], k2[16];
		snprintf(k1, sizeof k1, "%s_1_open", days[d][0]);
		snprintf(k2, sizeof k2, "%s_1_close", days[d][0]);
		const char *o = json_string_value(json_object_get(hours, k1));
		const char *c = json_string_value(json_object_get(hours, k2));
		if (o && c) {
			research_fact_add(facts, "opening_hours", json_pack("{s:s, s:s, s:s, s:s}",
				"text", "Facebook page hours", "days", days[d][1], "opens", o,
				"closes", c), source);
			items++;
		}
	}
	if (json_is_integer(json_object_get(p, "fan_count")))
		json_object_set(audience, "facebook_followers", json_object_get(p, "fan_count"));
	research_fact_add(facts, "social", json_pack("{s:s, s:s}", "network", "facebook", "url",
		page_url), source);
	answer_clear(&a);
	return json_pack("{s:s, s:s, s:i, s:i}", "name", "facebook", "status", "ok", "items",
		(int)items, "ms", (int)(wa_clock_mono_ms() - t0));
}

static json_t *instagram(research_sources *s, json_t *client, json_t *facts, json_t *audience)
{
	const char *token = getenv("WA_FACEBOOK_TOKEN");
	const char *ig_user = getenv("WA_INSTAGRAM_USER_ID");
	const char *base = env_or("WA_GRAPH_URL", "https://graph.facebook.com");
	const char *profile = json_string_value(json_object_get(json_object_get(client, "social"),
		"instagram"));
	int64_t t0 = wa_clock_mono_ms();
	char name[200], url[1000], authz[600];
	answer a;

	if (!token || !*token || !ig_user || !*ig_user)
		return skipped("instagram", "WA_FACEBOOK_TOKEN and WA_INSTAGRAM_USER_ID are not set");
	if (profile_name(profile, name, sizeof name))
		return skipped("instagram", "the client has no Instagram account (client.social.instagram)");
	snprintf(url, sizeof url, "%s/" GRAPH_VERSION "/%s?fields=business_discovery.username(%s)"
		"%%7Bfollowers_count,media_count,biography,website%%7D", base, ig_user, name);
	snprintf(authz, sizeof authz, "Authorization: Bearer %s", token);
	const char *h[] = { authz, NULL };
	call(&s->fetch, url, h, NULL, &a);
	if (a.error) {
		json_t *r = failed("instagram", a.error, retryable_answer(&a),
			(long)(wa_clock_mono_ms() - t0));
		answer_clear(&a);
		return r;
	}
	json_t *bd = json_object_get(a.json, "business_discovery");
	size_t items = 0;
	if (bd) {
		research_fact_add(facts, "social", json_pack("{s:s, s:s}", "network", "instagram",
			"url", profile), profile);
		items++;
		if (json_is_integer(json_object_get(bd, "followers_count")))
			json_object_set(audience, "instagram_followers",
				json_object_get(bd, "followers_count"));
	}
	answer_clear(&a);
	return json_pack("{s:s, s:s, s:i, s:i}", "name", "instagram", "status", "ok", "items",
		(int)items, "ms", (int)(wa_clock_mono_ms() - t0));
}

void research_sources_init(research_sources *s, const wa_fetch_opts *fetch)
{
	memset(s, 0, sizeof *s);
	s->fetch = *fetch;
}

void research_sources_free(research_sources *s)
{
	free(s->reddit_token);
	s->reddit_token = NULL;
}

void research_sources_run(research_sources *s, json_t *client, json_t *facts, json_t *sources,
	json_t *audience)
{
	json_array_append_new(sources, google_places(s, client, facts));
	json_array_append_new(sources, reddit(s, client, facts));
	json_array_append_new(sources, facebook(s, client, facts, audience));
	json_array_append_new(sources, instagram(s, client, facts, audience));
	json_array_append_new(sources, skipped("tiktok", "TikTok's Research API is closed to "
		"commercial use, and wa does not scrape TikTok"));
}
