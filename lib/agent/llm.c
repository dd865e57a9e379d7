/* llm.c - see llm.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/llm.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "web/fetch.h"

void wa_llm_opts_init(wa_llm_opts *o)
{
	memset(o, 0, sizeof *o);
	o->timeout_ms = 60000;
	o->retries = 2;
	o->backoff_ms = 500;
	o->temperature = -1;
}

/* a message of wa's form on the wire */
static json_t *wire_message(json_t *m)
{
	const char *role = json_string_value(json_object_get(m, "role"));
	json_t *out = json_pack("{s:s}", "role", role ? role : "user");
	json_t *content = json_object_get(m, "content");
	json_t *calls = json_object_get(m, "tool_calls"), *c;
	size_t i;

	json_object_set_new(out, "content", json_is_string(content) &&
		(json_string_length(content) || !json_array_size(calls)) ? json_incref(content) :
		json_null());
	if (json_array_size(calls)) {
		json_t *wc = json_array();
		json_array_foreach(calls, i, c) {
			json_t *args = json_object_get(c, "arguments");
			const char *raw = json_string_value(json_object_get(c, "arguments_text"));
			char *text = raw ? NULL : json_dumps(args ? args : json_object(),
				JSON_COMPACT | JSON_ENCODE_ANY);
			json_array_append_new(wc, json_pack("{s:O?, s:s, s:{s:O?, s:s}}", "id",
				json_object_get(c, "id"), "type", "function", "function", "name",
				json_object_get(c, "name"), "arguments", raw ? raw : text ? text : "{}"));
			free(text);
		}
		json_object_set_new(out, "tool_calls", wc);
	}
	if (role && !strcmp(role, "tool"))
		json_object_set(out, "tool_call_id", json_object_get(m, "tool_call_id"));
	return out;
}

json_t *wa_llm_request_new(const wa_llm_opts *o, json_t *messages, json_t *tools, int stream)
{
	json_t *msgs = json_array(), *m, *t;
	size_t i;

	json_array_foreach(messages, i, m)
		json_array_append_new(msgs, wire_message(m));
	json_t *body = json_pack("{s:s, s:o}", "model", o->model ? o->model : "", "messages", msgs);
	if (json_array_size(tools)) {
		json_t *wt = json_array();
		json_array_foreach(tools, i, t) {
			json_t *params = json_object_get(t, "parameters");
			params = params ? json_incref(params) : json_pack("{s:s, s:{}}", "type",
				"object", "properties");
			json_array_append_new(wt, json_pack("{s:s, s:{s:O, s:O, s:o}}", "type",
				"function", "function", "name", json_object_get(t, "name"), "description",
				json_object_get(t, "description"), "parameters", params));
		}
		json_object_set_new(body, "tools", wt);
	}
	if (o->temperature >= 0)
		json_object_set_new(body, "temperature", json_real(o->temperature));
	if (stream) {
		json_object_set_new(body, "stream", json_true());
		json_object_set_new(body, "stream_options", json_pack("{s:b}", "include_usage", 1));
	}
	return body;
}

/* ---- the answer, whole or as a stream ---- */

typedef struct call {
	wa_buf id, name, args;
} call;

typedef struct answer {
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
} answer;

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
static int on_data(const char *p, size_t n, void *user)
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

static void answer_free(answer *a)
{
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
}

/* ---- the request ---- */

/* the server's own words on an error: {"error": {"message": ...}} */
static const char *server_says(wa_fetch_result *o, char *buf, size_t size)
{
	json_t *b = json_loadb(o->body.data ? o->body.data : "", o->body.len, 0, NULL);
	json_t *e = json_object_get(b, "error");
	const char *msg = json_is_string(e) ? json_string_value(e) :
		json_string_value(json_object_get(e, "message"));

	snprintf(buf, size, "%s", msg ? msg : o->body.len && o->body.len < 200 && o->body.data ?
		o->body.data : "no message");
	json_decref(b);
	return buf;
}

static void fetch_options(const wa_llm_opts *o, wa_fetch_opts *fo)
{
	wa_fetch_opts_init(fo);
	if (o->user_agent)
		fo->user_agent = o->user_agent;
	fo->timeout_ms = o->timeout_ms;
	fo->connect_timeout_ms = o->timeout_ms < 10000 ? o->timeout_ms : 10000;
	fo->retries = o->retries;
	fo->backoff_ms = o->backoff_ms;
	fo->max_wait_ms = o->timeout_ms > 60000 ? o->timeout_ms : 60000;
	fo->max_bytes = 16u << 20;
	fo->delay_ms = 0;
	fo->allow_private = 1;  /* a model server the operator named: often local */
}

/* an answer that is not a success: the key refused (77), the server
 * unavailable or overloaded (69), the request refused (65); 0 when it
 * is one */
static int refused(const char *url, wa_fetch_result *oc, wa_err *err)
{
	char said[300];

	if (oc->status == 401 || oc->status == 403)
		return wa_err_set(err, WA_EX_NOPERM, "%s: HTTP %d: the server refused the key (%s)",
			url, oc->status, server_says(oc, said, sizeof said));
	if (oc->error || oc->status == 408 || oc->status == 429 || oc->status >= 500)
		return wa_err_set(err, oc->retryable || oc->status >= 500 || oc->status == 429 ||
			!oc->status ? WA_EX_UNAVAILABLE : WA_EX_DATAERR, "%s: %s%s%s", url,
			oc->error ? oc->error : "HTTP error", oc->status >= 400 ? ": " : "",
			oc->status >= 400 ? server_says(oc, said, sizeof said) : "");
	if (oc->status < 200 || oc->status > 299)
		return wa_err_set(err, WA_EX_DATAERR, "%s: HTTP %d: the server refused the request "
			"(%s)", url, oc->status, server_says(oc, said, sizeof said));
	return 0;
}

/* the answer in body (streamed as asked, or not: a server may stream
 * although not asked to, or answer whole although asked to stream) into a */
static void read_answer(answer *a, const wa_buf *body, int streamed)
{
	int sse = body->len >= 5 && !strncmp(body->data, "data:", 5);
	json_error_t je;
	json_t *b;

	if (!streamed && sse)
		on_data(body->data, body->len, a);
	if (streamed || sse) {
		on_data("\n\n", 2, a);         /* a last event without its blank line */
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

int wa_llm_chat(const wa_llm_opts *o, json_t *messages, json_t *tools, wa_llm_text_fn on_text,
	void *user, json_t **answer_out, json_t **usage, wa_err *err)
{
	char url[2048], auth[1024];
	size_t bl = strlen(o->base_url ? o->base_url : "");
	answer a = { .on_text = on_text, .user = user };
	wa_fetch_result oc = { 0 };
	int rc = -1;

	*answer_out = NULL;
	if (usage)
		*usage = NULL;
	if (!bl || !o->model || !*o->model)
		return wa_err_set(err, WA_EX_CONFIG, "no model server: set the base URL and the "
			"model (model.base_url and model.name, or WA_LLM_BASE_URL and WA_LLM_MODEL)");
	while (bl && o->base_url[bl - 1] == '/')
		bl--;
	snprintf(url, sizeof url, "%.*s/chat/completions", (int)bl, o->base_url);
	json_t *body = wa_llm_request_new(o, messages, tools, on_text != NULL);
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	const char *headers[3] = { "Accept: application/json, text/event-stream", NULL, NULL };
	if (o->api_key && *o->api_key) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", o->api_key);
		headers[1] = auth;
	}
	wa_fetch_opts fo;
	fetch_options(o, &fo);
	wa_fetch_request req = { .url = url, .post = text, .headers = headers,
		.on_data = on_text ? on_data : NULL, .user = &a };
	int frc = wa_fetch_one(&fo, &req, &oc, err);
	explicit_bzero(auth, sizeof auth);
	free(text);
	if (frc || refused(url, &oc, err))
		goto out;
	read_answer(&a, &oc.body, on_text != NULL);
	if (a.bad) {
		wa_err_set(err, WA_EX_DATAERR, "%s: %s", url, a.why);
		goto out;
	}
	*answer_out = message_of(&a);
	if (usage && a.usage)
		*usage = json_pack("{s:O?, s:O?}", "prompt_tokens", json_object_get(a.usage,
			"prompt_tokens"), "completion_tokens", json_object_get(a.usage,
			"completion_tokens"));
	rc = 0;
out:
	wa_fetch_result_free(&oc);
	answer_free(&a);
	return rc;
}
