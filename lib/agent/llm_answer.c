/* llm_answer.c - reading a chat-completions server's answer: whole JSON
 * or server-sent events, streamed as asked or not: see llm.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/llm.h"
#include "base/buf.h"
#include "base/mem.h"

typedef struct call {
	wa_buf id, name, args;
} call;

struct wa_llm_answer {
	wa_buf text;
	call *calls;
	size_t ncalls;
	json_t *usage;
	wa_buf pending;         /* a stream's bytes not yet a whole line */
	wa_buf data;            /* the event's data lines so far */
	int done, bad;
	char why[256];
	wa_llm_text_fn on_text;
	void *user;
};

typedef struct wa_llm_answer answer;

static call *call_at(answer *a, size_t index)
{
	if (index > 127)
		return NULL;
	while (a->ncalls <= index) {
		a->calls = wa_mem_realloc(a->calls, (a->ncalls + 1) * sizeof *a->calls);
		call *c = &a->calls[a->ncalls++];
		wa_buf_init(&c->id);
		wa_buf_init(&c->name);
		wa_buf_init(&c->args);
	}
	return &a->calls[index];
}

static void add_text(answer *a, const char *s)
{
	size_t n = strlen(s);

	wa_buf_add(&a->text, s, n);
	if (a->on_text && n)
		a->on_text(s, n, a->user);
}

/* one streamed chunk: choices[0].delta, and usage at the end */
static void chunk(answer *a, json_t *c)
{
	json_t *delta = json_object_get(json_array_get(json_object_get(c, "choices"), 0), "delta");
	json_t *tc, *u = json_object_get(c, "usage");
	size_t i;

	if (json_is_object(u)) {
		json_decref(a->usage);
		a->usage = json_incref(u);
	}
	if (json_is_string(json_object_get(delta, "content")))
		add_text(a, json_string_value(json_object_get(delta, "content")));
	json_array_foreach(json_object_get(delta, "tool_calls"), i, tc) {
		json_t *index = json_object_get(tc, "index");
		call *k = call_at(a, json_is_integer(index) ? (size_t)json_integer_value(index) : i);
		json_t *fn = json_object_get(tc, "function");
		if (!k)
			continue;
		if (json_is_string(json_object_get(tc, "id")))
			wa_buf_adds(&k->id, json_string_value(json_object_get(tc, "id")));
		if (json_is_string(json_object_get(fn, "name")))
			wa_buf_adds(&k->name, json_string_value(json_object_get(fn, "name")));
		if (json_is_string(json_object_get(fn, "arguments")))
			wa_buf_adds(&k->args, json_string_value(json_object_get(fn, "arguments")));
	}
}

static void event(answer *a)
{
	if (!a->data.len)
		return;
	if (!strcmp(a->data.data, "[DONE]")) {
		a->done = 1;
	} else {
		json_error_t je;
		json_t *c = json_loadb(a->data.data, a->data.len, 0, &je);
		if (!json_is_object(c)) {
			if (!a->bad)
				snprintf(a->why, sizeof a->why, "a streamed event that is not JSON: %s",
					je.text);
			a->bad = 1;
		} else {
			chunk(a, c);
		}
		json_decref(c);
	}
	wa_buf_reset(&a->data);
}

/* Server-sent events: lines; "data: ..." lines make an event's data, an
 * empty line ends it; other fields and comments (":") are skipped. */
int wa_llm_answer_feed(const char *p, size_t n, void *user)
{
	answer *a = user;

	wa_buf_add(&a->pending, p, n);
	size_t start = 0;
	for (size_t i = 0; i < a->pending.len; i++) {
		if (a->pending.data[i] != '\n')
			continue;
		size_t len = i - start;
		char *line = a->pending.data + start;
		if (len && line[len - 1] == '\r')
			len--;
		if (len == 0) {
			event(a);
		} else if (len >= 5 && !strncmp(line, "data:", 5)) {
			size_t off = len > 5 && line[5] == ' ' ? 6 : 5;
			if (a->data.len)
				wa_buf_addc(&a->data, '\n');
			wa_buf_add(&a->data, line + off, len - off);
		}
		start = i + 1;
	}
	memmove(a->pending.data, a->pending.data + start, a->pending.len - start);
	a->pending.len -= start;
	return 0;
}

/* a whole answer: choices[0].message */
static void whole(answer *a, json_t *body)
{
	json_t *msg = json_object_get(json_array_get(json_object_get(body, "choices"), 0),
		"message"), *tc;
	size_t i;

	if (!json_is_object(msg)) {
		a->bad = 1;
		snprintf(a->why, sizeof a->why, "an answer without choices[0].message");
		return;
	}
	if (json_is_string(json_object_get(msg, "content")))
		add_text(a, json_string_value(json_object_get(msg, "content")));
	json_array_foreach(json_object_get(msg, "tool_calls"), i, tc) {
		json_t *fn = json_object_get(tc, "function");
		call *k = call_at(a, i);
		if (!k)
			break;
		wa_buf_adds(&k->id, json_string_value(json_object_get(tc, "id")) ?
			json_string_value(json_object_get(tc, "id")) : "");
		wa_buf_adds(&k->name, json_string_value(json_object_get(fn, "name")) ?
			json_string_value(json_object_get(fn, "name")) : "");
		json_t *args = json_object_get(fn, "arguments");
		if (json_is_string(args)) {
			wa_buf_adds(&k->args, json_string_value(args));
		} else if (json_is_object(args)) {      /* some servers send an object */
			char *s = json_dumps(args, JSON_COMPACT);
			wa_buf_adds(&k->args, s);
			free(s);
		}
	}
	if (json_is_object(json_object_get(body, "usage")))
		a->usage = json_incref(json_object_get(body, "usage"));
}

/* the assistant message in wa's form */
static json_t *message_of(answer *a)
{
	json_t *m = json_pack("{s:s, s:s}", "role", "assistant", "content",
		a->text.data ? a->text.data : "");

	if (!a->ncalls)
		return m;
	json_t *calls = json_array();
	for (size_t i = 0; i < a->ncalls; i++) {
		call *k = &a->calls[i];
		json_error_t je;
		const char *text = k->args.data && k->args.len ? k->args.data : "{}";
		json_t *args = json_loads(text, JSON_REJECT_DUPLICATES, &je);
		char id[32];
		if (!k->id.len) {       /* some servers leave ids out */
			snprintf(id, sizeof id, "call_%zu", i + 1);
			wa_buf_adds(&k->id, id);
		}
		json_t *c = json_pack("{s:s, s:s}", "id", k->id.data, "name",
			k->name.data ? k->name.data : "");
		if (json_is_object(args)) {
			json_object_set_new(c, "arguments", args);
		} else {
			char why[256];
			if (args)
				snprintf(why, sizeof why, "the arguments are JSON but not an object");
			else
				snprintf(why, sizeof why, "the arguments are not JSON (column %d: %s)",
					je.column, je.text);
			json_decref(args);
			json_object_set_new(c, "arguments", json_object());
			json_object_set_new(c, "arguments_error", json_string(why));
			json_object_set_new(c, "arguments_text", json_string(text));
		}
		json_array_append_new(calls, c);
	}
	json_object_set_new(m, "tool_calls", calls);
	return m;
}

void wa_llm_answer_free(answer *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->ncalls; i++) {
		wa_buf_free(&a->calls[i].id);
		wa_buf_free(&a->calls[i].name);
		wa_buf_free(&a->calls[i].args);
	}
	free(a->calls);
	wa_buf_free(&a->text);
	wa_buf_free(&a->pending);
	wa_buf_free(&a->data);
	json_decref(a->usage);
	free(a);
}


/* the answer in body (streamed as asked, or not: a server may stream
 * although not asked to, or answer whole although asked to stream) into a */
static void read_answer(answer *a, const wa_buf *body, int streamed)
{
	int sse = body->len >= 5 && !strncmp(body->data, "data:", 5);
	json_error_t je;
	json_t *b;

	if (!streamed && sse)
		wa_llm_answer_feed(body->data, body->len, a);
	if (streamed || sse) {
		wa_llm_answer_feed("\n\n", 2, a);         /* a last event without its blank line */
		if (a->done || a->bad || a->text.len || a->ncalls)
			return;
		b = json_loadb(body->data ? body->data : "", body->len, 0, NULL);
		if (json_is_object(b))
			whole(a, b);
		json_decref(b);
		return;
	}
	b = json_loadb(body->data ? body->data : "", body->len, 0, &je);
	if (!json_is_object(b)) {
		a->bad = 1;
		snprintf(a->why, sizeof a->why, "an answer that is not JSON (line %d column %d: %s)",
			je.line, je.column, je.text);
	} else {
		whole(a, b);
	}
	json_decref(b);
}

wa_llm_answer *wa_llm_answer_new(wa_llm_text_fn on_text, void *user)
{
	answer *a = wa_mem_calloc(1, sizeof *a);

	a->on_text = on_text;
	a->user = user;
	return a;
}

json_t *wa_llm_answer_end_new(wa_llm_answer *a, const char *body, size_t len, int streamed,
	json_t **usage, wa_err *err)
{
	wa_buf b = { (char *)(body ? body : ""), len, 0 };

	if (usage)
		*usage = NULL;
	read_answer(a, &b, streamed);
	if (a->bad) {
		wa_err_set(err, WA_EX_DATAERR, "%s", a->why);
		return NULL;
	}
	if (usage && a->usage)
		*usage = json_pack("{s:O?, s:O?}", "prompt_tokens", json_object_get(a->usage,
			"prompt_tokens"), "completion_tokens", json_object_get(a->usage,
			"completion_tokens"));
	return message_of(a);
}
