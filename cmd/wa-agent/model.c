/* model.c - the offline model: an intent-and-slot dialogue that speaks
 * in the same messages as an LLM with tool calling (assistant messages
 * with "content" or "tool_calls"), so the graph cannot tell the backends
 * apart.  Its working memory is the state's "form" channel: the intent,
 * the slots so far, the slot asked for, a confirmation awaited, the
 * failures in a row. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "agent.h"
#include "model_int.h"

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "text/intents.h"
#include "text/slot.h"
#include "text/template.h"
#include "text/urgent.h"
#include "text/when.h"
#include "ws/ws.h"

json_t *model_intent_cfg(const agent *a, const char *name)
{
	size_t i;
	json_t *it;

	json_array_foreach(json_object_get(a->cfg, "intents"), i, it)
		if (name && !strcmp(json_string_value(json_object_get(it, "name")), name))
			return it;
	return NULL;
}

/* every date and time in v, in words (for replies; the tools keep ISO) */
static json_t *in_words(json_t *v, int this_year, const char *lang)
{
	if (json_is_string(v)) {
		wa_buf b;
		wa_buf_init(&b);
		json_t *r = agent_say_when(json_string_value(v), this_year, lang, &b) ?
			json_string(b.data) :
			json_incref(v);
		wa_buf_free(&b);
		return r;
	}
	if (json_is_object(v)) {
		json_t *o = json_object(), *x;
		const char *k;
		json_object_foreach(v, k, x)
			json_object_set_new(o, k, in_words(x, this_year, lang));
		return o;
	}
	if (json_is_array(v)) {
		json_t *a = json_array(), *x;
		size_t i;
		json_array_foreach(v, i, x)
			json_array_append_new(a, in_words(x, this_year, lang));
		return a;
	}
	return json_incref(v);
}

/* a template over the slots, the tool's result and the client */
char *model_render_new(const agent *a, const char *text, json_t *form, json_t *result)
{
	wa_template *t = NULL;
	wa_err err = WA_ERR_INIT;
	wa_buf out;

	wa_buf_init(&out);
	text = agent_tr(a, text);
	if (!text || wa_template_parse("reply", text, &t, &err)) {
		wa_buf_adds(&out, text ? text : "");
		return wa_buf_detach(&out, NULL);
	}
	json_t *data = json_deep_copy(json_object_get(form, "slots"));
	if (!json_is_object(data)) {
		json_decref(data);
		data = json_object();
	}
	json_object_set(data, "result", result ? result : json_null());
	if (json_object_get(form, "booking"))
		json_object_set(data, "booking", json_object_get(form, "booking"));
	json_object_set_new(data, "client", json_pack("{s:s}", "name",
		a->client ? a->client : ""));
	time_t now = (time_t)(a->now_ms / 1000);
	struct tm today;
	gmtime_r(&now, &today);
	json_t *words = in_words(data, today.tm_year + 1900, a->lang);
	json_decref(data);
	data = words;
	wa_template_opts o = { .allow_missing = 1 };
	if (wa_template_render(t, data, &o, &out, &err))
		wa_buf_adds(&out, text);
	json_decref(data);
	wa_template_free(t);
	return wa_buf_detach(&out, NULL);
}

void model_say(json_t *update, const char *text)
{
	json_object_set_new(update, "messages", json_pack("[{s:s, s:s}]", "role", "assistant",
		"content", text));
}

void model_say_new(json_t *update, char *text)
{
	model_say(update, text);
	free(text);
}

void model_call_tool(json_t *update, json_t *form, const char *tool, long n)
{
	char id[32];

	snprintf(id, sizeof id, "call_%ld", n);
	json_t *args = json_deep_copy(json_object_get(form, "slots"));
	json_object_set_new(update, "messages", json_pack("[{s:s, s:s, s:[{s:s, s:s, s:o}]}]",
		"role", "assistant", "content", "", "tool_calls", "id", id, "name", tool,
		"arguments", args ? args : json_object()));
}

static int yes(const char *t)
{
	static const char *const words[] = { "yes", "yeah", "yep", "sure", "ok", "okay",
		"please do", "correct", "confirm", "go ahead", "that's right", "absolutely", "sí",
		"claro", "vale", "de acuerdo", "perfecto", NULL };
	for (int i = 0; words[i]; i++)
		if (strcasestr(t, words[i]))
			return 1;
	return 0;
}

static int no(const char *t)
{
	static const char *const words[] = { "no", "nope", "don't", "do not", "cancel that",
		"stop", "not now", NULL };
	for (int i = 0; words[i]; i++) {
		const char *p = strcasestr(t, words[i]);
		if (p && (p == t || p[-1] == ' ') && !((p[strlen(words[i])] >= 'a' &&
		    p[strlen(words[i])] <= 'z')))
			return 1;
	}
	return 0;
}

/* a slot for a date and a time, which the calendar is asked about */
int model_is_when(json_t *slot)
{
	const char *type = json_string_value(json_object_get(slot, "type"));

	return type && !strcmp(type, "datetime");
}

/* 1 when the form's intent moves a booking: its time is the one said
 * last ("from Friday to Saturday at 11") */
static int moving(const agent *a, json_t *form)
{
	json_t *it = model_intent_cfg(a, json_string_value(json_object_get(form, "intent")));
	json_t *tool = agent_tool(a, json_string_value(json_object_get(it, "tool")));
	const char *builtin = json_string_value(json_object_get(tool, "builtin"));

	return builtin && !strcmp(builtin, "move_appointment");
}

/* the last part of text that says a day: after "to", "but", a comma or
 * a question mark ("I booked for Friday but can you do Monday at 10?") */
static const char *later_when(const agent *a, const char *text)
{
	static const char *const seps[] = { " to ", " but ", ", ", "? ", " instead", " rather",
		" al ", NULL };
	const char *last = text;
	wa_when w;

	for (int i = 0; seps[i]; i++)
		for (const char *p = strcasestr(text, seps[i]); p; p = strcasestr(p + 1, seps[i])) {
			const char *after = p + strlen(seps[i]);
			if (after > last && wa_when_parse(after, a->now_ms, a->tz, &w) && w.dated)
				last = after;
		}
	return last;
}

/* slot's value in text ("Maya", "(312) 555-0147" as +13125550147), put
 * in the form: 1 set, 2 free times offered instead, 0 none said */
static int take_slot(const agent *a, json_t *form, json_t *slot, const char *text, int asked)
{
	const char *name = json_string_value(json_object_get(slot, "name"));
	const char *type = json_string_value(json_object_get(slot, "type"));

	if (model_is_when(slot))
		return agent_when_slot(a, form, name, moving(a, form) ? later_when(a, text) : text) > 0 ?
			(json_object_get(json_object_get(form, "slots"), name) ? 1 : 2) : 0;
	json_t *v = wa_slot_value_new(type, json_object_get(slot, "choices"), text, a->now_ms,
		a->tz, asked);
	if (!v)
		return 0;
	if (type && !strcmp(type, "phone") && json_is_string(v)) {
		char e164[40];
		json_t *key = json_string(wa_calendar_phone(a->calendar, json_string_value(v), e164));
		json_decref(v);
		v = key;
	}
	json_object_set_new(json_object_get(form, "slots"), name, v);
	return 1;
}

/* A move or a cancel: the booking under the phone number given, found
 * as soon as the number is, so that a number nobody booked under is said
 * at once and the confirmation can say the booking in full ({{booking}}:
 * "Friday 11 December at 10 am").  0 when it said there is none (the
 * form is done), else 1. */
static int find_booking(const agent *a, json_t *form, json_t *update)
{
	json_t *it = model_intent_cfg(a, json_string_value(json_object_get(form, "intent"))), *s;
	json_t *tool = agent_tool(a, json_string_value(json_object_get(it, "tool")));
	const char *builtin = json_string_value(json_object_get(tool, "builtin"));
	const char *phone = NULL;
	char start[32];
	wa_err err = WA_ERR_INIT;
	size_t i;

	if (!a->calendar || !builtin || (strcmp(builtin, "move_appointment") &&
	    strcmp(builtin, "cancel_appointment")))
		return 1;
	json_array_foreach(json_object_get(it, "slots"), i, s)
		if (!strcmp(json_string_value(json_object_get(s, "type")) ?
		    json_string_value(json_object_get(s, "type")) : "", "phone"))
			phone = json_string_value(json_object_get(json_object_get(form, "slots"),
				json_string_value(json_object_get(s, "name"))));
	if (!phone)
		return 1;
	int k = wa_calendar_booked(a->calendar, a->ws, phone, start, sizeof start, &err);
	if (k > 0)
		json_object_set_new(form, "booking", json_string(start));
	if (k != 0)
		return 1;
	wa_buf b;
	wa_buf_init(&b);
	wa_buf_addf(&b, agent_tr(a, "I can't find a booking under %s. Is there anything else I "
		"can do?"), phone);
	json_object_clear(form);
	model_say(update, b.data);
	wa_buf_free(&b);
	return 0;
}

/* ask for the next missing slot, or confirm, or act */
static void next_move(const agent *a, json_t *form, json_t *update, long calls)
{
	json_t *it = model_intent_cfg(a, json_string_value(json_object_get(form, "intent")));
	json_t *slots = json_object_get(form, "slots"), *s;
	size_t i;

	if (!json_object_get(form, "booking") && !find_booking(a, form, update))
		return;
	json_array_foreach(json_object_get(it, "slots"), i, s) {
		const char *name = json_string_value(json_object_get(s, "name"));
		const char *offered = json_string_value(json_object_get(form, "offer_text"));
		if (offered && !json_object_get(slots, name) && model_is_when(s)) {
			/* free times offered for it instead of the time said */
			json_object_set_new(form, "asked", json_string(name));
			model_say(update, offered);
			json_object_del(form, "offer_text");
			return;
		}
		if (json_object_get(slots, name) || json_is_false(json_object_get(s, "required")))
			continue;
		json_object_set_new(form, "asked", json_string(name));
		model_say_new(update, model_render_new(a, json_string_value(json_object_get(s, "prompt")), form,
			NULL));
		return;
	}
	json_object_del(form, "asked");
	const char *tool = json_string_value(json_object_get(it, "tool"));
	const char *confirm = json_string_value(json_object_get(it, "confirm"));
	if (tool && confirm && !json_is_true(json_object_get(form, "confirmed"))) {
		json_object_set_new(form, "awaiting_confirm", json_true());
		model_say_new(update, model_render_new(a, confirm, form, NULL));
		return;
	}
	if (tool) {
		model_call_tool(update, form, tool, calls);
		return;
	}
	model_say_new(update, model_render_new(a, json_string_value(json_object_get(it, "response")), form,
		NULL));
	json_object_clear(form);
}

/* 1 when an intent acts with tool (a return handed to the warehouse is
 * that intent's, not the handoff for a person) */
static int intent_tool(const agent *a, const char *tool)
{
	size_t i;
	json_t *it;

	json_array_foreach(json_object_get(a->cfg, "intents"), i, it)
		if (!strcmp(json_string_value(json_object_get(it, "tool")) ?
		    json_string_value(json_object_get(it, "tool")) : "", tool))
			return 1;
	return 0;
}

/* the tool that hands over to a person: one no intent acts with first */
const char *model_handoff_tool(const agent *a)
{
	size_t i;
	json_t *t;
	const char *any = NULL;

	json_array_foreach(json_object_get(a->cfg, "tools"), i, t) {
		const char *name = json_string_value(json_object_get(t, "name"));
		if (strcmp(json_string_value(json_object_get(t, "builtin")) ?
		    json_string_value(json_object_get(t, "builtin")) : "", "handoff_to_human"))
			continue;
		if (!intent_tool(a, name))
			return name;
		if (!any)
			any = name;
	}
	return any;
}


/* how sure the words must be of another request for a name asked for
 * ("Carl Young" is one letter from "call") not to be taken as the name */
#define NAME_OR_REQUEST 0.6

/* the intent's datetime slot, or NULL */
static json_t *when_slot(const agent *a, json_t *form)
{
	json_t *it = model_intent_cfg(a, json_string_value(json_object_get(form, "intent"))), *s;
	size_t i;

	json_array_foreach(json_object_get(it, "slots"), i, s)
		if (model_is_when(s))
			return s;
	return NULL;
}

/* "no wait, make it 3pm": another time for the form's, asked about
 * again; 0 when text says none */
static int correct_when(const agent *a, json_t *form, const char *text, json_t *update,
	long calls)
{
	json_t *slot = when_slot(a, form);
	wa_when w;

	if (!slot || !wa_when_parse(text, a->now_ms, a->tz, &w))
		return 0;
	const char *name = json_string_value(json_object_get(slot, "name"));
	json_t *had = json_incref(json_object_get(json_object_get(form, "slots"), name));
	json_object_del(json_object_get(form, "slots"), name);
	if (agent_when_slot(a, form, name, text) <= 0) {
		json_object_set_new(json_object_get(form, "slots"), name, had);
		return 0;
	}
	json_decref(had);
	json_object_del(form, "confirmed");
	next_move(a, form, update, calls);
	return 1;
}

/* "no wait, it's too big": a choice, a number, an email or a phone
 * number said otherwise than the form has it, taken, and asked about
 * again; 0 when text changes none */
static int correct_other(const agent *a, json_t *form, const char *text, json_t *update,
	long calls)
{
	static const char *const types[] = { "choice", "number", "email", "phone", NULL };
	json_t *it = model_intent_cfg(a, json_string_value(json_object_get(form, "intent"))), *s;
	json_t *slots = json_object_get(form, "slots");
	int changed = 0;
	size_t i;

	json_array_foreach(json_object_get(it, "slots"), i, s) {
		const char *type = json_string_value(json_object_get(s, "type"));
		const char *name = json_string_value(json_object_get(s, "name"));
		int k = 0;
		while (types[k] && (!type || strcmp(types[k], type)))
			k++;
		if (!types[k] || !json_object_get(slots, name))
			continue;
		json_t *had = json_incref(json_object_get(slots, name));
		json_object_del(slots, name);
		if (take_slot(a, form, s, text, 0) == 1 &&
		    !json_equal(had, json_object_get(slots, name)))
			changed = 1;
		else
			json_object_set(slots, name, had);
		json_decref(had);
	}
	if (changed) {
		json_object_del(form, "confirmed");
		next_move(a, form, update, calls);
	}
	return changed;
}

/* an answer to "shall I?": yes goes on, no drops the form, another
 * time or value is asked about again */
static void on_confirm(const agent *a, json_t *form, const char *text, json_t *update,
	long calls)
{
	json_object_del(form, "awaiting_confirm");
	if (correct_when(a, form, text, update, calls) ||
	    ((no(text) || !yes(text)) && correct_other(a, form, text, update, calls)))
		return;
	if (no(text)) {
		json_object_clear(form);
		model_say(update, agent_tr(a, "All right, I won't. Is there anything else I can do?"));
	} else if (yes(text)) {
		json_object_set_new(form, "confirmed", json_true());
		next_move(a, form, update, calls);
	} else {
		json_object_set_new(form, "awaiting_confirm", json_true());
		model_say(update, agent_tr(a, "Sorry, is that a yes or a no?"));
	}
}

/* the intent the words ask for (NULL: none), *conf its confidence; a
 * date or time said is a slot's, not the intent's */
static const char *classify(const agent *a, const char *text, double *conf)
{
	char *plain = wa_mem_strdup(text);
	wa_when w;
	const char *found;

	*conf = 0;
	if (wa_when_parse(plain, a->now_ms, a->tz, &w))
		for (int i = 0; i < w.nspans; i++)
			memset(plain + w.spans[i][0], ' ', (size_t)(w.spans[i][1] - w.spans[i][0]));
	found = wa_intents_classify(a->intents, plain, a->threshold, conf, NULL);
	free(plain);
	return found;
}

/* the slots of intent it said in text ("Maya, 0117 496 0123") that the
 * form has not got yet */
static void fill_slots(const agent *a, json_t *it, json_t *form, const char *text,
	const char *except)
{
	json_t *s, *slots = json_object_get(form, "slots");
	size_t i;

	json_array_foreach(json_object_get(it, "slots"), i, s) {
		const char *n = json_string_value(json_object_get(s, "name"));
		/* the slot just answered is not read again from the same words
		 * (its answer may have made offers that the words would pick) */
		if (!json_object_get(slots, n) && !(except && !strcmp(n, except)))
			take_slot(a, form, s, text, 0);
	}
}

/* An answer to the question asked: a value of the slot's type ("order
 * 1234" for a number), or for a name or free text whatever is not
 * another request (found: "actually, move my appointment").  1 when it
 * was one and the form moved on. */
static int answer_slot(const agent *a, json_t *form, const char *text, const char *found,
	double conf, json_t *update, long calls)
{
	const char *intent = json_string_value(json_object_get(form, "intent"));
	const char *asked = json_string_value(json_object_get(form, "asked"));
	json_t *it = model_intent_cfg(a, intent), *s, *slot = NULL;
	size_t i;

	json_array_foreach(json_object_get(it, "slots"), i, s)
		if (!strcmp(json_string_value(json_object_get(s, "name")), asked))
			slot = s;
	const char *type = json_string_value(json_object_get(slot, "type"));
	int free_form = type && (!strcmp(type, "name") || !strcmp(type, "text"));
	/* another request is no answer, nor a question ("what's the status
	 * of order 10235?"); a name that looks like a word of one is */
	if (!slot || (found && (model_question(text) || (free_form && conf >= NAME_OR_REQUEST))) ||
	    !take_slot(a, form, slot, text, 1))
		return 0;
	json_object_set_new(form, "failures", json_integer(0));
	/* the rest the answer says ("Redland, I'm Tom Hale"), but not the
	 * answer again as another slot ("St Andrews" is no one's name) */
	json_t *answer = json_incref(json_object_get(json_object_get(form, "slots"), asked));
	json_t *before = json_copy(json_object_get(form, "slots"));
	fill_slots(a, it, form, text, asked);
	const char *k;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(json_object_get(form, "slots"), tmp, k, v)
		if (!json_object_get(before, k) && json_equal(v, answer))
			json_object_del(json_object_get(form, "slots"), k);
	json_decref(before);
	json_decref(answer);
	next_move(a, form, update, calls);
	return 1;
}

/* a new request: a fresh form for intent found, with the slots text
 * gives already */
void model_start_intent(const agent *a, json_t *form, const char *found, double conf,
	const char *text, json_t *update, long calls)
{
	json_object_clear(form);
	json_object_set_new(form, "intent", json_string(found));
	json_object_set_new(form, "confidence", json_real(round(conf * 1000) / 1000));
	json_object_set_new(form, "slots", json_object());
	fill_slots(a, model_intent_cfg(a, found), form, text, NULL);
	next_move(a, form, update, calls);
}

/* the first intent with a slot for a date or a time, or NULL */
static const char *dated_intent(const agent *a)
{
	json_t *it, *slot;
	size_t i, k;

	json_array_foreach(json_object_get(a->cfg, "intents"), i, it)
		json_array_foreach(json_object_get(it, "slots"), k, slot) {
			const char *type = json_string_value(json_object_get(slot, "type"));
			if (type && (!strcmp(type, "datetime") || !strcmp(type, "date") ||
			    !strcmp(type, "time")))
				return json_string_value(json_object_get(it, "name"));
		}
	return NULL;
}

/* 1 when text has one of words, whole ("cost" not in "costume") */
int model_says_any(const char *text, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		for (const char *p = text; (p = strcasestr(p, words[i])); p++) {
			size_t l = strlen(words[i]);
			if ((p == text || !isalpha((unsigned char)p[-1])) &&
			    !isalpha((unsigned char)p[l]))
				return 1;
		}
	return 0;
}

/* a question about prices: the knowledge base's before any booking */
static int asks_price(const char *text)
{
	static const char *const words[] = { "how much", "cost", "costs", "price", "prices",
		"fee", "fees", "charge", "rates", "insurance", "cuánto", "cuanto", "precio", NULL };

	return model_says_any(text, words);
}

/* a question, with its mark, its word ("what time do you close") or
 * the verb it starts with ("do you do veneers") */
int model_question(const char *text)
{
	static const char *const words[] = { "what", "when", "where", "which", "who", "why",
		"how", "qué", "cuál", "cuándo", "dónde", "quién", "cómo", "cuánto", "cuánta",
		"cuántos", "was", "wann", "wo", "wer", "wie", "warum", "welche", "welcher", NULL };
	static const char *const verbs[] = { "do", "does", "did", "is", "are", "can", "could",
		"will", "would", "have", "has", "should", "may", "was", "were", NULL };

	while (*text == ' ')
		text++;
	for (int i = 0; verbs[i]; i++) {
		size_t l = strlen(verbs[i]);
		if (!strncasecmp(text, verbs[i], l) && text[l] == ' ')
			return 1;
	}
	return strchr(text, '?') || model_says_any(text, words);
}

/* asking for free times ("anything on Sunday?"), not the hours */
static int asks_free(const char *text)
{
	static const char *const words[] = { "anything", "openings", "available", "availability",
		"free", "slot", "slots", "space", "room", NULL };

	return model_says_any(text, words);
}

/* an intent that only answers (the opening hours): no tool, no slots */
int model_answers_only(const agent *a, const char *name)
{
	json_t *it = model_intent_cfg(a, name);

	return it && !json_object_get(it, "tool") && !json_array_size(json_object_get(it, "slots"));
}

/* the question the form is waiting on, again, after reply */
void model_and_ask_again(const agent *a, json_t *form, const char *reply, json_t *update)
{
	const char *asked = json_string_value(json_object_get(form, "asked"));
	json_t *it = model_intent_cfg(a, json_string_value(json_object_get(form, "intent"))), *s;
	wa_buf b;
	size_t i;

	wa_buf_init(&b);
	wa_buf_adds(&b, reply);
	json_array_foreach(json_object_get(it, "slots"), i, s)
		if (asked && !strcmp(json_string_value(json_object_get(s, "name")), asked)) {
			char *p = model_render_new(a, json_string_value(json_object_get(s, "prompt")), form,
				NULL);
			wa_buf_addf(&b, " %s", p);
			free(p);
		}
	model_say(update, b.data);
	wa_buf_free(&b);
}

/* ---- urgent situations, and questions the knowledge base cannot answer ---- */

/* a user message: understand it and move the form on */
static void on_user(const agent *a, json_t *form, const char *text, json_t *update, long calls)
{
	if (json_is_true(json_object_get(form, "awaiting_confirm"))) {
		on_confirm(a, form, text, update, calls);
		return;
	}
	/* a leak, pain, an injury: the emergency line and a person first */
	char *urgent = wa_urgent_new(text);
	if (urgent) {
		model_on_urgent(a, form, text, urgent, update, calls);
		free(urgent);
		return;
	}
	const char *intent = json_string_value(json_object_get(form, "intent"));
	const char *asked = json_string_value(json_object_get(form, "asked"));
	double conf;
	const char *found = classify(a, text, &conf);
	wa_when w;
	int dated = wa_when_parse(text, a->now_ms, a->tz, &w);
	if (json_array_size(json_object_get(form, "offers")) && no(text) && !dated) {
		json_object_clear(form);
		model_say(update, agent_tr(a, "All right. Is there anything else I can do?"));
		return;
	}
	if (model_faq_from_kb(a, form, found, conf, text, intent && asked, update, calls))
		return;
	/* prices from the knowledge base, before any booking prompt */
	if (model_kb_tool(a) && asks_price(text) && !(found && model_answers_only(a, found))) {
		model_ask_kb(a, form, text, update, calls);
		return;
	}
	/* "anything free on Sunday?" asks for times, not the hours */
	if (found && model_answers_only(a, found) && dated && asks_free(text) && dated_intent(a))
		found = dated_intent(a), conf = 0;
	/* the hours asked in the middle of a booking: answered, and on (a
	 * day said is an answer to "what day?", unless it is asked about) */
	if (found && model_answers_only(a, found) && intent && asked && model_question(text)) {
		char *r = model_render_new(a, json_string_value(json_object_get(model_intent_cfg(a, found),
			"response")), form, NULL);
		model_and_ask_again(a, form, r, update);
		free(r);
		return;
	}
	if (found && intent && asked && !strcmp(found, intent))
		found = NULL;   /* the same request again is no answer to the question */
	if (intent && asked && answer_slot(a, form, text, found, conf, update, calls))
		return;
	/* a day or a time said alone ("the 14th at 4pm"): the first intent
	 * that takes one, the booking in the examples */
	if (!found && !intent && dated && (found = dated_intent(a)))
		conf = 0;
	/* not the slot: another request ("move it instead"), or not
	 * understood: ask again, or hand over */
	if (found && !intent && model_general_question(a, found, text)) {
		/* "do you deliver to Britain?" asks what the business does, not
		 * about the customer's order: the knowledge base first, the
		 * intent when it has no answer */
		model_ask_kb(a, form, text, update, calls);
		json_object_set_new(form, "fallback", json_pack("{s:s, s:f}", "intent", found,
			"confidence", conf));
		return;
	}
	if (found) {
		model_start_intent(a, form, found, conf, text, update, calls);
		return;
	}
	/* a question none of the intents covers: the knowledge base, when
	 * the agent has one (a form in progress waits for the answer) */
	if (model_kb_tool(a) && (!intent || model_question(text))) {
		model_ask_kb(a, form, text, update, calls);
		return;
	}
	model_not_understood(a, form, update, calls);
}

/* not understood: ask again, say what it can do, or hand over */
void model_not_understood(const agent *a, json_t *form, json_t *update, long calls)
{
	const char *intent = json_string_value(json_object_get(form, "intent"));
	const char *asked = json_string_value(json_object_get(form, "asked"));
	long failures = (long)json_integer_value(json_object_get(form, "failures")) + 1;
	json_object_set_new(form, "failures", json_integer(failures));
	const char *h = model_handoff_tool(a);
	if (failures >= a->handoff_after && h) {
		json_object_clear(form);
		json_object_set_new(form, "slots", json_pack("{s:s}", "reason", "not understood"));
		model_call_tool(update, form, h, calls);
		return;
	}
	if (asked) {
		json_t *it = model_intent_cfg(a, intent), *s;
		size_t i;
		json_array_foreach(json_object_get(it, "slots"), i, s)
			if (!strcmp(json_string_value(json_object_get(s, "name")), asked)) {
				char *p = model_render_new(a, json_string_value(json_object_get(s, "prompt")),
					form, NULL);
				wa_buf b;
				wa_buf_init(&b);
				wa_buf_addf(&b, agent_tr(a, "Sorry, I didn't get that. %s"), p);
				free(p);
				model_say(update, b.data);
				wa_buf_free(&b);
				return;
			}
	}
	/* what it can do: each intent's first example */
	wa_buf b;
	size_t i;
	json_t *it;
	wa_buf_init(&b);
	wa_buf_adds(&b, agent_tr(a, "Sorry, I didn't catch that. I can help with"));
	json_array_foreach(json_object_get(a->cfg, "intents"), i, it)
		wa_buf_addf(&b, "%s \"%s\"", i ? "," : ":", json_string_value(json_array_get(
			json_object_get(it, "examples"), 0)));
	wa_buf_addc(&b, '.');
	model_say(update, b.data);
	wa_buf_free(&b);
}

/* What to say when a tool did not do it: the intent's failure, a
 * template or one a status ({"taken": ..., "*": any other}), else words
 * for the calendar's refusals that name the status (a time taken is not
 * a time closed, and a booking not found has no alternative). */
static const char *failure_text(json_t *failure, const char *status)
{
	static const struct { const char *status, *text; } told[] = {
		{ "taken", "That time is taken{{#result.alternative}}; the nearest free one is "
			"{{result.alternative}}{{/result.alternative}}." },
		{ "closed", "We're closed then{{#result.alternative}}; the nearest open time is "
			"{{result.alternative}}{{/result.alternative}}." },
		{ "not_found", "I can't find a booking under that number." },
	};

	if (json_is_string(failure))
		return json_string_value(failure);
	const char *text = status ? json_string_value(json_object_get(failure, status)) : NULL;
	if (text || (text = json_string_value(json_object_get(failure, "*"))))
		return text;
	for (size_t i = 0; status && i < sizeof told / sizeof *told; i++)
		if (!strcmp(status, told[i].status))
			return told[i].text;
	return NULL;
}

/* the tool's answer (last), told in the intent's words */
static void on_tool_result(const agent *a, json_t *form, json_t *last, json_t *update,
	long calls)
{
	const char *content = json_string_value(json_object_get(last, "content"));
	json_t *result = json_loads(content ? content : "null", 0, NULL);
	const char *status = json_string_value(json_object_get(result, "status"));
	const char *intent = json_string_value(json_object_get(form, "intent"));

	if (intent && (!strcmp(intent, "_kb") || !strcmp(intent, "_urgent"))) {
		if (!strcmp(intent, "_kb"))
			model_on_kb_result(a, form, result, update, calls);
		else
			model_urgent_reply(a, form, result, update, calls);
		json_decref(result);
		json_object_set_new(update, "tool_calls_made", json_integer(calls));
		return;
	}
	json_t *it = model_intent_cfg(a, intent);
	static const char *const done[] = { "booked", "cancelled", "moved", "captured", "found",
		"handed_off", "ok", "ended", NULL };
	int ok = 0;
	for (int i = 0; status && done[i]; i++)
		ok |= !strcmp(status, done[i]);
	const char *text = ok ? json_string_value(json_object_get(it, "response")) :
		failure_text(json_object_get(it, "failure"), status);
	if (status && !strcmp(status, "handed_off") && !it)
		text = agent_tr(a, "I'm passing you to a member of the team, who will be with you "
			"shortly.");
	if (!text)
		text = agent_tr(a, ok ? "Done." : "Sorry, that didn't work.");
	char *said = model_render_new(a, text, form, result);
	const char *first = json_string_value(json_object_get(form, "say_first"));
	if (first && *first) {
		/* what was said before handing over, then that a person comes */
		wa_buf b;
		wa_buf_init(&b);
		wa_buf_addf(&b, "%s %s", first, said);
		free(said);
		said = wa_buf_detach(&b, NULL);
	}
	model_say_new(update, said);
	json_decref(result);
	json_object_clear(form);
}

/* a conversation past its length: a person, or the end */
static void too_long(const agent *a, json_t *form, json_t *update, long calls)
{
	const char *h = model_handoff_tool(a);

	json_object_clear(form);
	if (h) {
		json_object_set_new(form, "slots", json_pack("{s:s}", "reason", "max_turns"));
		model_call_tool(update, form, h, calls);
	} else {
		model_say(update, "We've covered a lot; please contact the team directly for the rest. "
			"Goodbye!");
		json_object_set_new(update, "ended", json_true());
	}
}

/* a user message, past the guardrails: a person asked for, the length,
 * a refused topic; then understood */
static void on_user_message(const agent *a, json_t *form, json_t *msgs, json_t *last,
	json_t *update, long calls)
{
	const char *text = json_string_value(json_object_get(last, "content"));
	json_t *g = json_object_get(a->cfg, "guardrails"), *m;
	json_int_t max_turns = json_integer_value(json_object_get(g, "max_turns")), turns = 0;
	size_t i;
	int asks_person = 0;

	if (!text)
		text = "";
	json_array_foreach(msgs, i, m) {
		const char *role = json_string_value(json_object_get(m, "role"));
		turns += role && !strcmp(role, "user");
	}
	const char *topic = wa_intents_topic(json_object_get(g, "refuse_topics"), text);
	json_array_foreach(json_object_get(g, "handoff_phrases"), i, m)
		asks_person |= json_is_string(m) && *json_string_value(m) &&
			strcasestr(text, json_string_value(m)) != NULL;
	/* asked for a person in so many words: at once, not after misses */
	asks_person |= wa_intents_asks_person(text);
	/* a complaint or money asked back: its intent, else a person */
	const char *complaint = !wa_intents_complaint(text) ? NULL :
		model_intent_cfg(a, "complaint") ? "complaint" : model_intent_cfg(a, "refund") ? "refund" : "";
	if (complaint && *complaint) {
		model_start_intent(a, form, complaint, 1, text, update, calls);
	} else if ((asks_person || complaint) && model_handoff_tool(a)) {
		json_object_clear(form);
		json_object_set_new(form, "slots", json_pack("{s:s}", "reason",
			asks_person ? "asked" : "complaint"));
		model_call_tool(update, form, model_handoff_tool(a), calls);
	} else if (max_turns && turns > max_turns) {
		too_long(a, form, update, calls);
	} else if (topic) {
		/* a topic the agent must not touch: said so, the form kept */
		wa_buf b;
		wa_buf_init(&b);
		wa_buf_addf(&b, agent_tr(a, "Sorry, I can't help with %s here; please ask the team "
			"directly."),
			topic);
		model_say(update, b.data);
		wa_buf_free(&b);
	} else {
		on_user(a, form, text, update, calls);
	}
	json_object_set_new(update, "tool_calls_made", json_integer(calls));
}

int agent_model_node(wa_ws *ws, json_t *state, json_t *update, void *user, wa_err *err)
{
	const agent *a = user;
	json_t *msgs = json_object_get(state, "messages");
	json_t *last = json_array_get(msgs, json_array_size(msgs) - 1);
	const char *role = json_string_value(json_object_get(last, "role"));
	json_t *form = json_deep_copy(json_object_get(state, "form"));
	long calls = (long)json_integer_value(json_object_get(state, "tool_calls_made")) + 1;

	(void)err;
	((agent *)user)->ws = ws;
	((agent *)user)->lang = agent_lang(msgs);
	if (!json_is_object(form)) {
		json_decref(form);
		form = json_object();
	}
	if (role && !strcmp(role, "tool"))
		on_tool_result(a, form, last, update, calls);
	else if (role && !strcmp(role, "user"))
		on_user_message(a, form, msgs, last, update, calls);
	json_object_set_new(update, "form", form);
	return 0;
}

/* The scripted model, for benchmarks and tests, as in LangGraph's
 * benchmark: a user message gets a call to each tool model.calls names
 * (the first tool when none) with {"q": the message}; tool results get
 * "The answer is: " and their contents. */
int agent_scripted_node(wa_ws *ws, json_t *state, json_t *update, void *user, wa_err *err)
{
	const agent *a = user;
	json_t *msgs = json_object_get(state, "messages"), *m;
	json_t *last = json_array_get(msgs, json_array_size(msgs) - 1);
	const char *role = json_string_value(json_object_get(last, "role"));
	long n = (long)json_integer_value(json_object_get(state, "tool_calls_made"));
	size_t i;

	(void)ws, (void)err;
	if (role && !strcmp(role, "user")) {
		json_t *names = json_object_get(json_object_get(a->cfg, "model"), "calls");
		json_t *calls = json_array(), *name;
		if (!json_array_size(names))
			names = json_pack("[O]", json_object_get(json_array_get(json_object_get(a->cfg,
				"tools"), 0), "name"));
		else
			json_incref(names);
		json_array_foreach(names, i, name) {
			char id[32];
			snprintf(id, sizeof id, "call_%ld", ++n);
			json_array_append_new(calls, json_pack("{s:s, s:O, s:{s:O}}", "id", id, "name",
				name, "arguments", "q", json_object_get(last, "content")));
		}
		json_decref(names);
		json_object_set_new(update, "messages", json_pack("[{s:s, s:s, s:o}]", "role",
			"assistant", "content", "", "tool_calls", calls));
		json_object_set_new(update, "tool_calls_made", json_integer(n));
		return 0;
	}
	/* the results since the last assistant message */
	wa_buf b;
	wa_buf_init(&b);
	wa_buf_adds(&b, "The answer is:");
	for (i = json_array_size(msgs); i-- > 0;) {
		m = json_array_get(msgs, i);
		if (strcmp(json_string_value(json_object_get(m, "role")), "tool"))
			break;
	}
	for (i++; i < json_array_size(msgs); i++)
		wa_buf_addf(&b, " %s", json_string_value(json_object_get(json_array_get(msgs, i),
			"content")));
	model_say(update, b.data);
	wa_buf_free(&b);
	return 0;
}
