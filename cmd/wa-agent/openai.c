/* openai.c - the model node of model.backend: openai: the conversation,
 * fitted to the context window, sent to a chat-completions server with
 * the agent's tools (lib/llm.c); its answer, text or tool calls, is the
 * node's update, so the tools node and the graph work as with the
 * offline model.  The node is not pure: it waits on the network, so the
 * user's message is checkpointed before it runs, and a server that is
 * down leaves the conversation where it was, to resume. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"

#include "agent/llm.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "base/version.h"
#include "text/template.h"
#include "ws/ws.h"

static const char *setting(json_t *model, const char *key, const char *env)
{
	const char *v = json_string_value(json_object_get(model, key));

	if (v && *v)
		return v;
	v = getenv(env);
	return v && *v ? v : NULL;
}

int agent_openai_setup(agent *a, wa_err *err)
{
	json_t *model = json_object_get(a->cfg, "model");
	const char *key_env = json_string_value(json_object_get(model, "api_key_env"));

	wa_llm_opts_init(&a->llm);
	a->llm.user_agent = "wa-agent/" WA_VERSION;
	a->llm.base_url = setting(model, "base_url", "WA_LLM_BASE_URL");
	a->llm.model = setting(model, "name", "WA_LLM_MODEL");
	if (!a->llm.base_url || !a->llm.model)
		return wa_err_set(err, WA_EX_CONFIG, "%s: model.backend openai needs a server and a "
			"model: model.base_url and model.name, or WA_LLM_BASE_URL and WA_LLM_MODEL",
			a->path);
	const char *key = getenv(key_env ? key_env : "WA_LLM_API_KEY");
	if (key && *key)
		a->llm.api_key = a->llm_key = wa_mem_strdup(key);
	if (json_is_number(json_object_get(model, "timeout")))
		a->llm.timeout_ms = (long)(json_number_value(json_object_get(model, "timeout")) * 1000);
	if (json_is_integer(json_object_get(model, "retries")))
		a->llm.retries = (int)json_integer_value(json_object_get(model, "retries"));
	if (json_is_number(json_object_get(model, "temperature")))
		a->llm.temperature = json_number_value(json_object_get(model, "temperature"));
	a->context_tokens = json_is_integer(json_object_get(model, "context_tokens")) ?
		(long)json_integer_value(json_object_get(model, "context_tokens")) : 8000;
	return 0;
}

/* A message's size in tokens, estimated as a quarter of its bytes plus
 * four for its framing: the rule the window is cut by (no tokenizer of
 * any one model is the right one for every server). */
static long tokens(json_t *m)
{
	char *s = json_dumps(m, JSON_COMPACT);
	long n = (long)(strlen(s) + 3) / 4 + 4;

	free(s);
	return n;
}

/* the system prompt, its tags filled as the offline model's replies are */
static json_t *system_message(const agent *a)
{
	const char *text = json_string_value(json_object_get(a->cfg, "system_prompt"));
	wa_template *t = NULL;
	wa_err err = WA_ERR_INIT;
	wa_buf out;

	wa_buf_init(&out);
	json_t *data = json_pack("{s:{s:s}}", "client", "name", a->client ? a->client : "");
	wa_template_opts o = { .allow_missing = 1 };
	if (wa_template_parse("system_prompt", text ? text : "", &t, &err) ||
	    wa_template_render(t, data, &o, &out, &err)) {
		wa_buf_reset(&out);
		wa_buf_adds(&out, text ? text : "");
	}
	wa_template_free(t);
	json_decref(data);
	json_t *m = json_pack("{s:s, s:s}", "role", "system", "content", out.data ? out.data : "");
	wa_buf_free(&out);
	return m;
}

static json_t *window_new(const agent *a, json_t *messages)
{
	json_t *sys = system_message(a);
	long budget = a->context_tokens - tokens(sys);
	size_t n = json_array_size(messages), start = n;

	/* whole turns from the end, each from a user message on, so that no
	 * tool result is sent without the call it answers; the current turn
	 * is sent even when it alone is over the budget */
	for (size_t i = n; i-- > 0;) {
		json_t *m = json_array_get(messages, i);
		budget -= tokens(m);
		if (strcmp(json_string_value(json_object_get(m, "role")) ?
		    json_string_value(json_object_get(m, "role")) : "", "user"))
			continue;
		if (budget < 0 && start != n)
			break;
		start = i;
	}
	json_t *out = json_array();
	json_array_append_new(out, sys);
	for (size_t i = start; i < n; i++)
		json_array_append(out, json_array_get(messages, i));
	return out;
}

int agent_openai_node(wa_ws *ws, json_t *state, json_t *update, void *user, wa_err *err)
{
	agent *a = user;
	json_t *msgs = window_new(a, json_object_get(state, "messages"));
	json_t *tools = json_array(), *t, *answer = NULL, *usage = NULL;
	size_t i;

	(void)ws;
	json_array_foreach(json_object_get(a->cfg, "tools"), i, t)
		if (!json_is_false(json_object_get(t, "available")))
			json_array_append(tools, t);
	int rc = wa_llm_chat(&a->llm, msgs, tools, a->on_text, a->on_text_user, &answer, &usage,
		err);
	json_decref(msgs);
	json_decref(tools);
	if (rc)
		return -1;
	if (usage) {
		json_t *p = json_object_get(usage, "prompt_tokens");
		json_t *c = json_object_get(usage, "completion_tokens");
		if (json_is_integer(p))
			a->prompt_tokens = (a->prompt_tokens < 0 ? 0 : a->prompt_tokens) +
				(long)json_integer_value(p);
		if (json_is_integer(c))
			a->completion_tokens = (a->completion_tokens < 0 ? 0 : a->completion_tokens) +
				(long)json_integer_value(c);
		json_decref(usage);
	}
	json_object_set_new(update, "messages", json_pack("[o]", answer));
	return 0;
}
