/* analyse.c - from the facts and texts of a prospect: language,
 * industry, key phrases, review sentiment, volume signals, the ranked
 * opportunities for an agent with their evidence, and a summary.
 * Offline and deterministic. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "research.h"

#include "base/buf.h"
#include "base/embedded.h"
#include "json/schema_int.h"
#include "text/keyphrases.h"
#include "text/sentiment.h"
#include "text/summary.h"
#include "text/text.h"

static json_t *industries_data(void)
{
	static json_t *doc;

	if (!doc) {
		const wa_embedded_file *f = wa_embedded_find("data/industries.json");
		doc = f ? json_loadb(f->data, f->len, 0, NULL) : json_object();
	}
	return json_object_get(doc, "industries");
}

static json_t *industry_new(json_t *facts, const char *text)
{
	size_t i, k;
	json_t *ind, *best = NULL;
	double best_score = 0, total = 0;
	size_t nwords = 0;
	char **words = wa_text_words_new(text, &nwords);
	json_t *counts = json_object();

	for (size_t w = 0; w < nwords; w++) {
		json_t *c = json_object_get(counts, words[w]);
		json_object_set_new(counts, words[w], json_integer(c ? json_integer_value(c) + 1 : 1));
	}
	json_t *scores = json_object();
	json_array_foreach(industries_data(), i, ind) {
		double score = 0;
		json_t *evidence = json_array(), *t, *org;
		const char *word;
		json_t *weight;
		json_array_foreach(json_object_get(ind, "schema_types"), k, t) {
			size_t j;
			json_array_foreach(json_object_get(facts, "organizations"), j, org) {
				const char *type = json_string_value(json_object_get(
					json_object_get(org, "value"), "type"));
				if (type && strcmp(type, json_string_value(t)) == 0) {
					score += 20;
					json_array_append_new(evidence, json_sprintf("schema.org %s", type));
				}
			}
		}
		json_object_foreach(json_object_get(ind, "words"), word, weight) {
			json_t *c = json_object_get(counts, word);
			if (!c)
				continue;
			/* a word counts less each time it repeats */
			score += json_number_value(weight) * log(1 + (double)json_integer_value(c));
			if (json_array_size(evidence) < 8)
				json_array_append_new(evidence, json_string(word));
		}
		total += score;
		if (score > best_score) {
			best_score = score;
			best = ind;
		}
		json_object_set_new(scores, json_string_value(json_object_get(ind, "name")),
			json_pack("{s:f, s:o}", "score", score, "evidence", evidence));
	}
	json_t *out;
	if (!best || best_score < 2) {
		out = json_pack("{s:n, s:f, s:[]}", "name", "confidence", 0.0, "evidence");
	} else {
		const char *name = json_string_value(json_object_get(best, "name"));
		json_t *s = json_object_get(scores, name);
		out = json_pack("{s:s, s:f, s:O}", "name", name, "confidence",
			round(best_score / total * 1000) / 1000, "evidence",
			json_object_get(s, "evidence"));
	}
	json_decref(scores);
	json_decref(counts);
	for (size_t w = 0; w < nwords; w++)
		free(words[w]);
	free(words);
	return out;
}

static int minutes(const char *hhmm)
{
	int h = 0, m = 0;

	if (!hhmm || sscanf(hhmm, "%d:%d", &h, &m) != 2)
		return -1;
	return h * 60 + m;
}

/* day numbers (0 Monday) a "Mo-Fr" or "Mo,We" spec covers */
static int days_of(const char *spec, int out[7])
{
	static const char *const names[] = { "Mo", "Tu", "We", "Th", "Fr", "Sa", "Su" };
	int n = 0;

	memset(out, 0, 7 * sizeof *out);
	for (const char *p = spec; p && *p;) {
		int a = -1, b = -1;
		for (int d = 0; d < 7; d++)
			if (strncmp(p, names[d], 2) == 0)
				a = d;
		if (a < 0)
			break;
		p += 2;
		b = a;
		if (*p == '-') {
			for (int d = 0; d < 7; d++)
				if (strncmp(p + 1, names[d], 2) == 0)
					b = d;
			p += 3;
		}
		for (int d = a; ; d = (d + 1) % 7) {
			out[d] = 1;
			n++;
			if (d == b)
				break;
		}
		while (*p == ',' || *p == ' ')
			p++;
	}
	return n;
}

static json_t *volume_signals_new(json_t *facts, size_t pages)
{
	json_t *out = json_object(), *f;
	size_t i;
	double rating = -1;
	long reviews = -1;
	int open_min[7] = { 0 }, close_max[7] = { 0 }, known = 0;

	json_array_foreach(json_object_get(facts, "ratings"), i, f) {
		json_t *v = json_object_get(f, "value");
		long c = atol(json_string_value(json_object_get(v, "count")) ?
			json_string_value(json_object_get(v, "count")) : "0");
		if (c > reviews) {
			reviews = c;
			rating = atof(json_string_value(json_object_get(v, "value")) ?
				json_string_value(json_object_get(v, "value")) : "0");
		}
	}
	json_array_foreach(json_object_get(facts, "opening_hours"), i, f) {
		json_t *v = json_object_get(f, "value");
		int days[7];
		if (!days_of(json_string_value(json_object_get(v, "days")), days))
			continue;
		int o = minutes(json_string_value(json_object_get(v, "opens")));
		int c = minutes(json_string_value(json_object_get(v, "closes")));
		for (int d = 0; d < 7; d++) {
			if (!days[d])
				continue;
			known = 1;
			if (json_is_true(json_object_get(v, "closed")) || o < 0 || c <= o) {
				if (!open_min[d] && !close_max[d])
					open_min[d] = close_max[d] = -1;
				continue;
			}
			/* several statements of one day: the widest */
			if (open_min[d] <= 0 || o < open_min[d])
				open_min[d] = o;
			if (c > close_max[d])
				close_max[d] = c;
		}
	}
	if (reviews >= 0) {
		json_object_set_new(out, "review_count", json_integer(reviews));
		json_object_set_new(out, "rating", json_real(rating));
	}
	/* locations: the structured addresses, else the written ones */
	size_t structured = 0, written = 0;
	json_array_foreach(json_object_get(facts, "addresses"), i, f) {
		if (json_object_get(json_object_get(f, "value"), "text"))
			written++;
		else
			structured++;
	}
	json_object_set_new(out, "locations", json_integer((json_int_t)(structured ?
		structured : written)));
	json_object_set_new(out, "phone_numbers", json_integer((json_int_t)json_array_size(
		json_object_get(facts, "phones"))));
	json_object_set_new(out, "pages", json_integer((json_int_t)pages));
	if (known) {
		int weekly = 0, weekend = 0, evening = 0;
		for (int d = 0; d < 7; d++) {
			if (open_min[d] > 0 && close_max[d] > open_min[d]) {
				weekly += close_max[d] - open_min[d];
				weekend |= d >= 5;
				evening |= close_max[d] >= 19 * 60;
			}
		}
		json_object_set_new(out, "weekly_open_hours", json_real(round(weekly / 6.0) / 10));
		json_object_set_new(out, "open_weekends", json_boolean(weekend));
		json_object_set_new(out, "evening_hours", json_boolean(evening));
	}
	return out;
}

static json_t *sentiment_new(json_t *facts)
{
	size_t i, n = 0, pos = 0, neg = 0;
	json_t *f;
	double sum = 0;

	json_array_foreach(json_object_get(facts, "reviews"), i, f) {
		const char *t = json_string_value(json_object_get(json_object_get(f, "value"), "text"));
		wa_sentiment s;
		if (!t)
			continue;
		wa_sentiment_of(t, &s);
		sum += s.compound;
		n++;
		pos += s.compound >= 0.05;
		neg += s.compound <= -0.05;
	}
	if (!n)
		return json_pack("{s:i}", "reviews", 0);
	return json_pack("{s:i, s:f, s:i, s:i, s:i}", "reviews", (int)n,
		"compound", round(sum / n * 1000) / 1000, "positive", (int)pos, "negative", (int)neg,
		"neutral", (int)(n - pos - neg));
}

/* ---- opportunities ---- */

static void evidence_add(json_t *ev, const char *fact, json_t *sources)
{
	json_t *o = json_object();

	json_object_set_new(o, "fact", json_string(fact));
	json_object_set_new(o, "sources", sources ? json_incref(sources) : json_array());
	json_array_append_new(ev, o);
}

static void opportunity(json_t *out, const char *id, const char *title, const char *why,
	double score, json_t *evidence)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "title", json_string(title));
	json_object_set_new(o, "why", json_string(why));
	json_object_set_new(o, "score", json_real(round(score * 100) / 100));
	json_object_set_new(o, "evidence", evidence);
	json_array_append_new(out, o);
}

static int has_tech(json_t *facts, const char *category)
{
	size_t i;
	json_t *f;

	json_array_foreach(json_object_get(facts, "technologies"), i, f)
		if (strcmp(json_string_value(json_object_get(json_object_get(f, "value"),
		    "category")), category) == 0)
			return 1;
	return 0;
}

/* The first sentence of a page text matching pattern, and its page. */
static int find_sentence(json_t *texts, const char *pattern, char *out, size_t size,
	const char **url)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
		PCRE2_CASELESS | PCRE2_UTF, &code, &off, NULL);
	pcre2_match_data *md = re ? pcre2_match_data_create_from_pattern(re, NULL) : NULL;
	size_t i;
	json_t *t;
	int found = 0;

	json_array_foreach(texts, i, t) {
		const char *s = json_string_value(json_object_get(t, "text"));
		if (!re || !s || pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL) < 0)
			continue;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		size_t a = ov[0], b = ov[1];
		while (a > 0 && !strchr(".!?\n", s[a - 1]))
			a--;
		while (s[b] && !strchr(".!?\n", s[b]))
			b++;
		if (s[b] && s[b] != '\n')
			b++;
		while (s[a] == ' ')
			a++;
		snprintf(out, size, "%.*s", (int)(b - a), s + a);
		*url = json_string_value(json_object_get(t, "url"));
		found = 1;
		break;
	}
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return found;
}

/* calls outside opening hours */
static void after_hours(json_t *out, json_t *facts, json_t *signals)
{
	json_t *weekly = json_object_get(signals, "weekly_open_hours"), *ev, *f;
	size_t i;

	if (!weekly)
		return;
	double hours = json_number_value(weekly);
	int weekend = json_is_true(json_object_get(signals, "open_weekends"));
	int evening = json_is_true(json_object_get(signals, "evening_hours"));
	double score = 0.5 + (hours < 50 ? 0.2 : 0) + (!weekend ? 0.15 : 0) + (!evening ? 0.1 : 0);
	ev = json_array();
	json_array_foreach(json_object_get(facts, "opening_hours"), i, f) {
		json_t *v = json_object_get(f, "value");
		const char *days = json_string_value(json_object_get(v, "days"));
		char fact[160];
		if (json_is_true(json_object_get(v, "closed")))
			snprintf(fact, sizeof fact, "closed %s", days);
		else
			snprintf(fact, sizeof fact, "open %s %s-%s", days,
				json_string_value(json_object_get(v, "opens")),
				json_string_value(json_object_get(v, "closes")));
		evidence_add(ev, fact, json_object_get(f, "sources"));
	}
	char why[200];
	snprintf(why, sizeof why, "open %.1f hours a week%s%s: an agent answers the calls and "
		"messages that come outside them", hours, weekend ? "" : ", closed at weekends",
		evening ? "" : ", no evenings");
	opportunity(out, "after-hours", "Answer calls and chats after hours", why,
		fmin(score, 0.95), ev);
}

/* evidence: the sentence found on the page at url */
static json_t *sentence_evidence(const char *sentence, const char *url)
{
	json_t *ev = json_array(), *src = json_pack("[s]", url);

	evidence_add(ev, sentence, src);
	json_decref(src);
	return ev;
}

/* booking only by phone */
static void phone_only_booking(json_t *out, json_t *facts, json_t *texts)
{
	char sentence[600];
	const char *url;

	if (has_tech(facts, "booking") || !find_sentence(texts,
	    "(call|phone|ring)( us)?( to| and)? (book|schedul|make an appointment|reserv)|"
	    "(book|appointments?|reservations?)[^.]{0,40}(by phone|by telephone|call us|"
	    "please call)|no online booking|not (yet )?(take|accept) bookings online",
	    sentence, sizeof sentence, &url))
		return;
	json_t *ev = sentence_evidence(sentence, url);
	evidence_add(ev, "no booking system found on the site", NULL);
	opportunity(out, "phone-only-booking", "Take bookings in chat and on the phone",
		"appointments are booked by phone only: an agent books them at any hour and frees "
		"the front desk", 0.85, ev);
}

/* no chat on the site */
static void no_chat(json_t *out, json_t *facts, json_t *signals)
{
	char fact[120];

	if (has_tech(facts, "live-chat"))
		return;
	json_t *ev = json_array();
	snprintf(fact, sizeof fact, "no live-chat widget on the %lld pages read",
		(long long)json_integer_value(json_object_get(signals, "pages")));
	evidence_add(ev, fact, NULL);
	opportunity(out, "no-chat", "Add a chat agent to the website",
		"visitors cannot ask a question on the site: a chat agent answers them and "
		"captures leads", 0.6, ev);
}

/* questions asked again and again */
static void faq_themes(json_t *out, json_t *facts)
{
	size_t nfaq = json_array_size(json_object_get(facts, "faq")), i;
	json_t *f;

	if (nfaq < 2)
		return;
	json_t *ev = json_array();
	json_array_foreach(json_object_get(facts, "faq"), i, f) {
		if (i >= 6)
			break;
		evidence_add(ev, json_string_value(json_object_get(json_object_get(f, "value"),
			"question")), json_object_get(f, "sources"));
	}
	char why[160];
	snprintf(why, sizeof why, "%zu questions the site already answers: an agent answers "
		"them in conversation, day and night", nfaq);
	opportunity(out, "faq-themes", "Answer the frequent questions", why,
		fmin(0.45 + 0.05 * (double)nfaq, 0.8), ev);
}

/* several languages: detected on the pages, or said */
static void multilingual(json_t *out, json_t *texts, json_t *languages)
{
	char sentence[600];
	const char *url;
	size_t i;
	json_t *l;

	if (json_array_size(languages) > 1) {
		json_t *ev = json_array();
		json_array_foreach(languages, i, l)
			evidence_add(ev, json_string_value(l), NULL);
		opportunity(out, "multilingual", "Serve customers in their language",
			"customers speak several languages: an agent answers each in theirs", 0.7, ev);
	} else if (find_sentence(texts, "\\b(we speak|speaks?|se habla|fluent in)\\b[^.]{0,40}"
	    "(spanish|french|german|italian|portuguese|polish|arabic|chinese|mandarin|"
	    "cantonese|hindi|urdu|russian|english)", sentence, sizeof sentence, &url)) {
		opportunity(out, "multilingual", "Serve customers in their language",
			"the business works in several languages: an agent answers each in theirs",
			0.65, sentence_evidence(sentence, url));
	}
}

/* demand */
static void high_volume(json_t *out, json_t *facts, json_t *signals)
{
	json_t *reviews = json_object_get(signals, "review_count");
	json_t *first = json_array_get(json_object_get(facts, "ratings"), 0);
	char fact[120];

	if (!reviews || json_integer_value(reviews) < 50)
		return;
	json_t *ev = json_array();
	snprintf(fact, sizeof fact, "%lld reviews, rated %.1f",
		(long long)json_integer_value(reviews),
		json_number_value(json_object_get(signals, "rating")));
	if (first)
		evidence_add(ev, fact, json_object_get(first, "sources"));
	opportunity(out, "high-volume", "Handle the volume of enquiries",
		"many customers: routine enquiries are worth automating",
		fmin(0.4 + json_integer_value(reviews) / 1000.0, 0.75), ev);
}

/* complaints about reaching them: negative reviews that speak of calls */
static void unanswered_complaints(json_t *out, json_t *facts)
{
	static const char *const words[] = { "phone", "call", "answer", "hold", "wait",
		"voicemail", "reach", NULL };
	json_t *ev = json_array(), *f;
	size_t i;

	json_array_foreach(json_object_get(facts, "reviews"), i, f) {
		const char *t = json_string_value(json_object_get(json_object_get(f, "value"), "text"));
		wa_sentiment s;
		int about_calls = 0;
		if (!t)
			continue;
		wa_sentiment_of(t, &s);
		for (int w = 0; words[w]; w++)
			about_calls |= strcasestr(t, words[w]) != NULL;
		if (s.compound <= -0.05 && about_calls)
			evidence_add(ev, t, json_object_get(f, "sources"));
	}
	if (!json_array_size(ev)) {
		json_decref(ev);
		return;
	}
	opportunity(out, "unanswered-complaints", "Stop losing customers who cannot get through",
		"reviews complain about reaching the business: an agent always answers",
		fmin(0.7 + 0.05 * (double)json_array_size(ev), 0.95), ev);
}

/* the best first; equal scores keep their order */
static void by_score(json_t *out)
{
	size_t n = json_array_size(out);

	for (size_t a = 1; a < n; a++)
		for (size_t b = a; b > 0; b--) {
			double x = json_real_value(json_object_get(json_array_get(out, b), "score"));
			double y = json_real_value(json_object_get(json_array_get(out, b - 1), "score"));
			if (x <= y)
				break;
			json_t *tmp = json_incref(json_array_get(out, b));
			json_array_set(out, b, json_array_get(out, b - 1));
			json_array_set_new(out, b - 1, tmp);
		}
}

static json_t *opportunities_new(json_t *facts, json_t *signals, json_t *texts,
	json_t *languages)
{
	json_t *out = json_array();

	after_hours(out, facts, signals);
	phone_only_booking(out, facts, texts);
	no_chat(out, facts, signals);
	faq_themes(out, facts);
	multilingual(out, texts, languages);
	high_volume(out, facts, signals);
	unanswered_complaints(out, facts);
	by_score(out);
	return out;
}

/* texts: [{"url", "text"}] of the pages and notes, best pages first */
void research_analyse(json_t *research, json_t *facts, json_t *texts, json_t *client,
	json_t *audience)
{
	wa_buf all;
	size_t i;
	json_t *t, *f;
	char lang[8];

	wa_buf_init(&all);
	json_array_foreach(texts, i, t) {
		if (all.len > 200000)
			break;
		wa_buf_adds(&all, json_string_value(json_object_get(t, "text")));
		wa_buf_adds(&all, "\n\n");
	}
	wa_text_language(all.data, lang);
	json_t *languages = json_array();
	json_array_foreach(json_object_get(facts, "languages"), i, f)
		add_unique_string(languages, json_string_value(json_object_get(f, "value")));
	json_array_foreach(json_object_get(client, "languages"), i, f)
		if (json_is_string(f))
			add_unique_string(languages, json_string_value(f));
	if (*lang)
		add_unique_string(languages, lang);
	json_t *analysis = json_object();
	json_object_set_new(analysis, "language", *lang ? json_string(lang) : json_null());
	json_object_set(analysis, "languages", languages);
	json_object_set_new(analysis, "industry", industry_new(facts, all.data));
	json_t *keyphrases = wa_keyphrases_new(all.data, *lang ? lang : "en", 15);
	json_object_set(analysis, "keyphrases", keyphrases);
	json_object_set_new(analysis, "sentiment", sentiment_new(facts));
	size_t pages = 0;
	json_array_foreach(texts, i, t)
		pages += strncmp(json_string_value(json_object_get(t, "url")), "note:", 5) != 0;
	json_t *signals = volume_signals_new(facts, pages);
	json_object_update(signals, audience);
	json_object_set_new(signals, "mentions", json_integer((json_int_t)json_array_size(
		json_object_get(facts, "mentions"))));
	json_object_set_new(analysis, "volume_signals", signals);
	json_object_set_new(research, "analysis", analysis);
	json_object_set_new(research, "opportunities",
		opportunities_new(facts, signals, texts, languages));
	/* the summary from the first pages (the start page and the best) */
	wa_buf head;
	wa_buf_init(&head);
	json_array_foreach(texts, i, t) {
		if (i >= 3)
			break;
		wa_buf_adds(&head, json_string_value(json_object_get(t, "text")));
		wa_buf_adds(&head, "\n\n");
	}
	char *summary = wa_summary_new(head.data, lang, keyphrases, 3);
	json_object_set_new(research, "summary", json_string(summary));
	free(summary);
	wa_buf_free(&head);
	json_decref(keyphrases);
	json_decref(languages);
	wa_buf_free(&all);
}
