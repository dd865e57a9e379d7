/* llm.c - the request to a chat-completions server: see llm.h (its
 * answer is read in llm_answer.c). */
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

int wa_llm_chat(const wa_llm_opts *o, json_t *messages, json_t *tools, wa_llm_text_fn on_text,
	void *user, json_t **answer_out, json_t **usage, wa_err *err)
{
	char url[2048], auth[1024];
	size_t bl = strlen(o->base_url ? o->base_url : "");
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
	wa_llm_answer *a = wa_llm_answer_new(on_text, user);
	wa_fetch_request req = { .url = url, .post = text, .headers = headers,
		.on_data = on_text ? wa_llm_answer_feed : NULL, .user = a };
	int frc = wa_fetch_one(&fo, &req, &oc, err);
	explicit_bzero(auth, sizeof auth);
	free(text);
	if (frc || refused(url, &oc, err))
		goto out;
	*answer_out = wa_llm_answer_end_new(a, oc.body.data, oc.body.len, on_text != NULL,
		usage, err);
	if (!*answer_out) {
		wa_err_prefix(err, "%s", url);
		goto out;
	}
	rc = 0;
out:
	wa_fetch_result_free(&oc);
	wa_llm_answer_free(a);
	return rc;
}
