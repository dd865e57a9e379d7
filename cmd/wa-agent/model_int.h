/* model_int.h - what the offline model's files share (model.c: the
 * dialogue, answers.c: answers from the knowledge base and emergencies),
 * and nothing else uses. */
#ifndef WA_AGENT_MODEL_INT_H
#define WA_AGENT_MODEL_INT_H

#include <jansson.h>

#include "agent.h"

void model_say(json_t *update, const char *text);
void model_say_new(json_t *update, char *text);
void model_call_tool(json_t *update, json_t *form, const char *tool, long n);
/* the tool that hands over to a person: one no intent acts with first */
const char *model_handoff_tool(const agent *a);
/* a question, with its mark, its word ("what time do you close") or
 * the verb it starts with ("do you do veneers") */
int model_question(const char *text);
/* 1 when text has one of words, whole ("cost" not in "costume") */
int model_says_any(const char *text, const char *const *words);
json_t *model_intent_cfg(const agent *a, const char *name);
/* a slot for a date and a time, which the calendar is asked about */
int model_is_when(json_t *slot);
/* a new request: a fresh form for intent found, with the slots text
 * gives already */
void model_start_intent(const agent *a, json_t *form, const char *found, double conf,
	const char *text, json_t *update, long calls);
/* not understood: ask again, say what it can do, or hand over */
void model_not_understood(const agent *a, json_t *form, json_t *update, long calls);
/* the question the form is waiting on, again, after reply */
void model_and_ask_again(const agent *a, json_t *form, const char *reply, json_t *update);
/* an intent that only answers (the opening hours): no tool, no slots */
int model_answers_only(const agent *a, const char *name);
/* a template over the slots, the tool's result and the client */
char *model_render_new(const agent *a, const char *text, json_t *form, json_t *result);
/* the config's tool that searches the knowledge base, or NULL */
const char *model_kb_tool(const agent *a);
/* the knowledge base asked; a form in progress waits in "resume" */
void model_ask_kb(const agent *a, json_t *form, const char *text, json_t *update, long calls);
/* an urgent situation (phrase says so): what the knowledge base says of
 * emergencies, when there is one, then the reply */
void model_on_urgent(const agent *a, json_t *form, const char *text, const char *phrase,
	json_t *update, long calls);
/* 1 when text asks a general question that intent found (one with a
 * tool, on no date) would take as the customer's own request: no word
 * of their own ("my", "ich", "mi"), no number, and a knowledge base to
 * ask */
int model_general_question(const agent *a, const char *found, const char *text);
/* a FAQ the build made an intent of (found) is answered from the
 * knowledge base, when there is one: its yes or no only for its own
 * question; its own answer when the knowledge base has nothing (another
 * workspace).  1 when it was asked */
int model_faq_from_kb(const agent *a, json_t *form, const char *found, double conf,
	const char *text, int in_form, json_t *update, long calls);
/* the knowledge base's best answer, with where it is from; or not
 * understood */
void model_on_kb_result(const agent *a, json_t *form, json_t *result, json_t *update,
	long calls);
/* the knowledge base's words on emergencies (result: its search, or
 * NULL), the emergency line, and a person */
void model_urgent_reply(const agent *a, json_t *form, json_t *result, json_t *update,
	long calls);

#endif
