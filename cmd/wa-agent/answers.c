/* answers.c - the offline model's answers from the knowledge base (its
 * tool kb_search): a question asked, the passage said with its source or
 * "I don't know" and a person; a request the knowledge base is asked
 * about first; and emergencies, the client's line and a person.  See
 * wa-agent(1), ANSWERS FROM KNOWLEDGE. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent.h"
#include "base/buf.h"
#include "base/mem.h"
#include "model_int.h"

/* the config's tool that searches the knowledge base, or NULL */
const char *model_kb_tool(const agent *a)
{
	size_t i;
	json_t *t;

	json_array_foreach(json_object_get(a->cfg, "tools"), i, t)
		if (!strcmp(json_string_value(json_object_get(t, "builtin")) ?
		    json_string_value(json_object_get(t, "builtin")) : "", "kb_search") &&
		    !json_is_false(json_object_get(t, "available")))
			return json_string_value(json_object_get(t, "name"));
	return NULL;
}

/* the knowledge base asked; a form in progress waits in "resume" */
void model_ask_kb(const agent *a, json_t *form, const char *text, json_t *update, long calls)
{
	long failures = (long)json_integer_value(json_object_get(form, "failures"));
	json_t *resume = json_object_get(form, "asked") ? json_deep_copy(form) : NULL;

	json_object_clear(form);
	json_object_set_new(form, "intent", json_string("_kb"));
	json_object_set_new(form, "failures", json_integer(failures));
	json_object_set_new(form, "slots", json_pack("{s:s}", "query", text));
	if (resume)
		json_object_set_new(form, "resume", resume);
	model_call_tool(update, form, model_kb_tool(a), calls);
}

/* the reply said first, then the tool h that hands over to a person is
 * called with reason (its answer adds that a person will take over); or
 * the reply alone, with after, when the config has no such tool */
static void say_then_hand_over(const agent *a, json_t *form, const char *reply,
	const char *reason, const char *after, json_t *update, long calls)
{
	const char *h = model_handoff_tool(a);

	json_object_clear(form);
	if (!h) {
		wa_buf b;
		wa_buf_init(&b);
		wa_buf_addf(&b, "%s%s%s", reply, *reply && *after ? " " : "", after);
		model_say(update, b.data);
		wa_buf_free(&b);
		return;
	}
	json_object_set_new(form, "say_first", json_string(reply));
	json_object_set_new(form, "slots", json_pack("{s:s}", "reason", reason));
	model_call_tool(update, form, h, calls);
}

/* the knowledge base's words on emergencies (result: its search, or
 * NULL), the emergency line, and a person */
void model_urgent_reply(const agent *a, json_t *form, json_t *result, json_t *update,
	long calls)
{
	json_t *top = json_array_get(json_object_get(result, "results"), 0);
	const char *passage = json_string_value(json_object_get(top, "passage"));
	json_t *em = json_object_get(a->cfg, "emergency");
	const char *phone = json_string_value(json_object_get(em, "phone"));
	const char *words = json_string_value(json_object_get(em, "text"));
	char *reason = wa_mem_strdup(json_string_value(json_object_get(form, "urgent")) ?
		json_string_value(json_object_get(form, "urgent")) : "urgent");
	wa_buf b;

	wa_buf_init(&b);
	if (passage && !strcmp(json_string_value(json_object_get(result, "status")), "ok"))
		wa_buf_adds(&b, passage);
	if (phone)
		wa_buf_addf(&b, "%s%s %s.", b.len ? " " : "", words ? agent_tr(a, words) :
			agent_tr(a, "If it's urgent, please call us on"), phone);
	wa_buf r;
	wa_buf_init(&r);
	wa_buf_addf(&r, "urgent: %s", reason);
	say_then_hand_over(a, form, b.data, r.data, b.len ? "" :
		agent_tr(a, "Please call us straight away."), update, calls);
	wa_buf_free(&b);
	wa_buf_free(&r);
	free(reason);
}

/* an urgent situation (phrase says so): what the knowledge base says of
 * emergencies, when there is one, then the reply */
void model_on_urgent(const agent *a, json_t *form, const char *text, const char *phrase,
	json_t *update, long calls)
{
	json_object_clear(form);
	json_object_set_new(form, "urgent", json_string(phrase));
	if (!model_kb_tool(a)) {
		model_urgent_reply(a, form, NULL, update, calls);
		return;
	}
	wa_buf q;
	wa_buf_init(&q);
	wa_buf_addf(&q, "%s emergency", text);
	json_object_set_new(form, "intent", json_string("_urgent"));
	json_object_set_new(form, "slots", json_pack("{s:s}", "query", q.data));
	wa_buf_free(&q);
	model_call_tool(update, form, model_kb_tool(a), calls);
}

/* where text stops asking what may be done ("can I", "how do I", "kann
 * ich", "¿puedo"): what the customer may do is the business's to say,
 * and the I of it no word of their own */
static const char *past_may_i(const char *text)
{
	static const char *const opens[] = { "can i ", "could i ", "may i ", "do i ", "how do i ",
		"how can i ", "kann ich ", "muss ich ", "darf ich ", "wie kann ich ", "puedo ",
		"\xC2\xBFpuedo ", "\xC2\xBF" "c\xC3\xB3mo puedo ", NULL };

	for (int i = 0; opens[i]; i++)
		if (!strncasecmp(text, opens[i], strlen(opens[i])))
			return text + strlen(opens[i]);
	return text;
}

/* 1 when text says a number that may be the customer's own (an order's,
 * a booking's): one not next to a currency ("over 75 euros") */
static int says_own_number(const char *text)
{
	static const char *const money[] = { "$", "\xE2\x82\xAC", "\xC2\xA3", "eur", "euro", "euros",
		"usd", "dollar", "dollars", "gbp", "pound", "pounds", "%", NULL };

	for (const char *p = text; *p; p++) {
		if (!isdigit((unsigned char)*p))
			continue;
		const char *e = p;
		while (isdigit((unsigned char)*e) || ((*e == '.' || *e == ',') && isdigit((unsigned char)e[1])))
			e++;
		const char *after = e + (*e == ' '), *before = p - (p > text && p[-1] == ' ');
		int amount = 0;
		for (int i = 0; money[i] && !amount; i++) {
			size_t l = strlen(money[i]);
			amount = (!strncasecmp(after, money[i], l) && !isalpha((unsigned char)after[l])) ||
				(before - text >= (long)l && !strncasecmp(before - l, money[i], l));
		}
		if (!amount)
			return 1;
		p = e - 1;
	}
	return 0;
}

/* 1 when text asks a general question that intent found (one with a
 * tool, on no date) would take as the customer's own request: no word
 * of their own ("my", "ich", "mi") but the I of asking what may be done,
 * no number but an amount, and a knowledge base to ask */
int model_general_question(const agent *a, const char *found, const char *text)
{
	static const char *const own[] = { "i", "i'm", "i've", "i'd", "my", "mine", "me", "we",
		"our", "us", "ich", "mein", "meine", "meinen", "meiner", "mir", "mich", "wir", "unser",
		"yo", "mi", "mis", "nosotros", "nuestro", "nuestra", NULL };
	json_t *it = model_intent_cfg(a, found), *s;
	size_t i;

	if (!model_kb_tool(a) || !json_object_get(it, "tool") || !model_question(text) ||
	    model_says_any(past_may_i(text), own) || says_own_number(text))
		return 0;
	json_array_foreach(json_object_get(it, "slots"), i, s)
		if (model_is_when(s))
			return 0;
	return 1;
}

/* a FAQ the build made an intent of (found) is answered from the
 * knowledge base, when there is one: its yes or no only for its own
 * question; its own answer when the knowledge base has nothing (another
 * workspace).  1 when it was asked */
int model_faq_from_kb(const agent *a, json_t *form, const char *found, double conf,
	const char *text, int in_form, json_t *update, long calls)
{
	if (!found || !model_kb_tool(a) || strncmp(found, "faq_", 4) || !model_answers_only(a, found) ||
	    in_form)
		return 0;
	model_ask_kb(a, form, text, update, calls);
	json_object_set_new(form, "fallback", json_pack("{s:s, s:f}", "intent", found,
		"confidence", conf));
	return 1;
}

/* the knowledge base did not answer (result): the request the question
 * looked like, kept in the form's fallback (a FAQ's only when the
 * knowledge base has nothing at all, not when it knows the question is
 * about something else).  1 when there was one */
static int kb_fallback(const agent *a, json_t *form, json_t *result, json_t *update,
	long calls)
{
	json_t *fallback = json_object_get(form, "fallback");
	const char *why = json_string_value(json_object_get(result, "reason"));

	if (!fallback || (!strncmp(json_string_value(json_object_get(fallback, "intent")), "faq_",
	    4) && (!why || strcmp(why, "nothing"))))
		return 0;
	char *q = wa_mem_strdup(json_string_value(json_object_get(json_object_get(form, "slots"),
		"query")));
	char *found = wa_mem_strdup(json_string_value(json_object_get(fallback, "intent")));
	double conf = json_number_value(json_object_get(fallback, "confidence"));
	model_start_intent(a, form, found, conf, q, update, calls);
	free(q);
	free(found);
	return 1;
}

/* the knowledge base's best answer, with where it is from; or not
 * understood */
void model_on_kb_result(const agent *a, json_t *form, json_t *result, json_t *update,
	long calls)
{
	const char *status = json_string_value(json_object_get(result, "status"));
	json_t *top = json_array_get(json_object_get(result, "results"), 0);
	const char *t = json_string_value(json_object_get(top, "passage"));
	if (!t)
		t = json_string_value(json_object_get(top, "text"));
	const char *title = json_string_value(json_object_get(top, "title"));
	const char *src = json_string_value(json_object_get(top, "source"));

	if ((!status || strcmp(status, "ok") || !t) && kb_fallback(a, form, result, update,
	    calls))
		return;
	if ((!status || strcmp(status, "ok") || !t) && !json_object_get(form, "resume") &&
	    model_question(json_string_value(json_object_get(json_object_get(form, "slots"),
	    "query")) ? json_string_value(json_object_get(json_object_get(form, "slots"),
	    "query")) : "")) {
		/* a question the knowledge base does not answer: said, and a
		 * person asked, rather than a guess */
		say_then_hand_over(a, form, agent_tr(a, "I'm sorry, I don't know that."),
			"no answer in the knowledge base", agent_tr(a,
			"Is there anything else I can help with?"), update, calls);
		return;
	}
	if (!status || strcmp(status, "ok") || !t) {
		json_t *resume = json_incref(json_object_get(form, "resume"));
		json_object_del(form, "intent");
		json_object_del(form, "slots");
		json_object_del(form, "resume");
		if (resume)
			json_object_update(form, resume);
		json_decref(resume);
		model_not_understood(a, form, update, calls);
		return;
	}
	size_t tl = title ? strlen(title) : 0;
	/* a FAQ's chunk is its question and answer: the answer */
	if (tl && title[tl - 1] == '?' && !strncmp(t, title, tl))
		t += tl + (t[tl] == ' ');
	/* so is a Markdown section whose heading asks: "## Is there parking?" */
	const char *q = t[0] == '#' ? strchr(t, '?') : NULL;
	if (q && q - t < 200 && q[1] == ' ' && q[2])
		t = q + 2;
	wa_buf b;
	wa_buf_init(&b);
	int tn = (int)strlen(t);
	while (tn > 0 && (t[tn - 1] == ' ' || t[tn - 1] == '\n'))
		tn--;
	if (src && !strcmp(src, "graph"))
		wa_buf_add(&b, t, (size_t)tn);
	else
		wa_buf_addf(&b, agent_tr(a, "%.*s (source: %s)"), tn, t, src ? src : "our notes");
	json_t *resume = json_incref(json_object_get(form, "resume"));
	long failures = (long)json_integer_value(json_object_get(form, "failures"));
	json_object_clear(form);
	json_object_set_new(form, "failures", json_integer(failures));
	if (resume) {
		/* the form the question came in the middle of goes on */
		json_object_update(form, resume);
		json_decref(resume);
		model_and_ask_again(a, form, b.data, update);
	} else {
		model_say(update, b.data);
	}
	wa_buf_free(&b);
}
