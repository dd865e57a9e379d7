/* facts.c - the facts of every page, note and connector merged, each
 * with the sources it came from: {"value": ..., "sources": [URL...]}. */
#include <string.h>
#include <strings.h>

#include "research.h"

#include "web/contacts.h"

/* kind of fact -> its key in a page's extraction */
static const struct { const char *kind, *page_key; } kinds[] = {
	{ "organizations", "organizations" }, { "emails", "emails" }, { "phones", "phones" },
	{ "addresses", "addresses" }, { "opening_hours", "opening_hours" },
	{ "prices", "prices" }, { "services", NULL }, { "faq", "faq" },
	{ "ratings", "ratings" }, { "reviews", "reviews" }, { "social", "social" },
	{ "technologies", "technologies" }, { "languages", NULL }, { "mentions", NULL },
};

void add_unique_string(json_t *arr, const char *s)
{
	size_t i;
	json_t *x;

	if (!s || !*s)
		return;
	json_array_foreach(arr, i, x)
		if (strcmp(json_string_value(x), s) == 0)
			return;
	json_array_append_new(arr, json_string(s));
}

json_t *research_facts_empty_new(void)
{
	json_t *f = json_object();

	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		json_object_set_new(f, kinds[i].kind, json_array());
	return f;
}

/* What one site can put into a dossier is bounded: a hostile page of
 * 5,000 addresses and 3,000 questions made 2 MB of facts. */
#define MAX_FACTS 100           /* values of one kind */
#define MAX_SOURCES 20          /* pages one value is credited to */
#define MAX_TEXT 2000           /* bytes of one string in a value */

/* v (stolen) with every string longer than MAX_TEXT cut at a character */
static json_t *cut_strings(json_t *v, int depth)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_string(v) && json_string_length(v) > MAX_TEXT) {
		const char *s = json_string_value(v);
		size_t n = MAX_TEXT;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		json_t *cut = json_stringn(s, n);
		json_decref(v);
		return cut;
	}
	if (depth > 8)
		return v;
	if (json_is_object(v))
		json_object_foreach(v, k, x)
			json_object_set_new(v, k, cut_strings(json_incref(x), depth + 1));
	else if (json_is_array(v))
		json_array_foreach(v, i, x)
			json_array_set_new(v, i, cut_strings(json_incref(x), depth + 1));
	return v;
}

/* Add value (stolen) with source to facts[kind], merging equal values;
 * past MAX_FACTS values of a kind, new ones are left out. */
void research_fact_add(json_t *facts, const char *kind, json_t *value, const char *source)
{
	json_t *list = json_object_get(facts, kind), *f;
	size_t i;

	if (!list || !value) {
		json_decref(value);
		return;
	}
	value = cut_strings(value, 0);
	json_array_foreach(list, i, f) {
		if (!json_equal(json_object_get(f, "value"), value))
			continue;
		json_t *sources = json_object_get(f, "sources"), *s;
		size_t k;
		json_array_foreach(sources, k, s)
			if (strcmp(json_string_value(s), source) == 0) {
				json_decref(value);
				return;
			}
		if (json_array_size(sources) < MAX_SOURCES)
			json_array_append_new(sources, json_string(source));
		json_decref(value);
		return;
	}
	if (json_array_size(list) >= MAX_FACTS) {
		json_decref(value);
		return;
	}
	f = json_object();
	json_object_set_new(f, "value", value);
	json_object_set_new(f, "sources", json_pack("[s]", source));
	json_array_append_new(list, f);
}

/* The value as a fact keeps what matters: a phone's number, not how it
 * was written on one page. */
static json_t *fact_value(const char *kind, json_t *x)
{
	if (strcmp(kind, "phones") == 0)
		return json_incref(json_object_get(x, "e164"));
	if (strcmp(kind, "prices") == 0) {
		json_t *v = json_deep_copy(x);
		json_object_del(v, "text");
		return v;
	}
	return json_incref(x);
}

static int service_page(json_t *extract)
{
	const char *url = json_string_value(json_object_get(extract, "url"));
	const char *title = json_string_value(json_object_get(extract, "title"));
	static const char *const words[] = { "service", "treatment", "what we do", "menu",
		"procedure", "practice area", "offer" };

	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if ((url && strcasestr(url, words[i])) || (title && strcasestr(title, words[i])))
			return 1;
	return 0;
}

void research_facts_from_page(json_t *facts, json_t *extract)
{
	const char *url = json_string_value(json_object_get(extract, "url"));
	size_t i;
	json_t *x;

	if (!url)
		return;
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		if (!kinds[k].page_key)
			continue;
		json_array_foreach(json_object_get(extract, kinds[k].page_key), i, x)
			research_fact_add(facts, kinds[k].kind, fact_value(kinds[k].kind, x), url);
	}
	/* services: what structured data offers, and the short list items
	 * of a page about services */
	json_array_foreach(json_object_get(extract, "offers"), i, x)
		if (json_is_string(json_object_get(x, "name")))
			research_fact_add(facts, "services", json_incref(json_object_get(x, "name")), url);
	if (service_page(extract))
		json_array_foreach(json_object_get(extract, "list_items"), i, x)
			research_fact_add(facts, "services", json_incref(x), url);
	const char *lang = json_string_value(json_object_get(extract, "language"));
	if (lang && *lang)
		research_fact_add(facts, "languages", json_string(lang), url);
}

/* A researcher's note: the same extractors over its text. */
void research_facts_from_text(json_t *facts, const char *text, const char *source,
	const char *country, const char *currency)
{
	json_t *emails = json_array(), *phones = json_array(), *hours = json_array();
	json_t *prices = json_array();
	size_t i;
	json_t *x;

	wa_contacts_emails(text, emails);
	wa_contacts_phones(text, country, phones);
	wa_contacts_hours(text, hours);
	wa_contacts_prices(text, currency, prices);
	json_array_foreach(emails, i, x)
		research_fact_add(facts, "emails", json_incref(x), source);
	json_array_foreach(phones, i, x)
		research_fact_add(facts, "phones", fact_value("phones", x), source);
	json_array_foreach(hours, i, x)
		research_fact_add(facts, "opening_hours", json_incref(x), source);
	json_array_foreach(prices, i, x)
		research_fact_add(facts, "prices", fact_value("prices", x), source);
	json_decref(emails);
	json_decref(phones);
	json_decref(hours);
	json_decref(prices);
}
