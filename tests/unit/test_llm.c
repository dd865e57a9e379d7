/* The chat-completions request: wa's messages in OpenAI's wire format,
 * as its API reference gives it (tool calls with a function name and
 * arguments as a JSON string; tool results with tool_call_id; tools as
 * functions with JSON Schema parameters). */
#include <criterion/criterion.h>
#include <string.h>

#include "agent/llm.h"

Test(llm, request_in_the_wire_format)
{
	wa_llm_opts o;
	json_t *msgs = json_pack("[{s:s, s:s}, {s:s, s:s, s:[{s:s, s:s, s:{s:s}}]}, "
		"{s:s, s:s, s:s, s:s}]",
		"role", "user", "content", "book me",
		"role", "assistant", "content", "", "tool_calls", "id", "call_1", "name", "book",
		"arguments", "when", "2026-12-01T09:00",
		"role", "tool", "tool_call_id", "call_1", "name", "book", "content", "{\"ok\":true}");
	json_t *tools = json_pack("[{s:s, s:s}, {s:s, s:s, s:{s:s}}]", "name", "book",
		"description", "Book a slot", "name", "echo", "description", "Echo",
		"parameters", "type", "object");

	wa_llm_opts_init(&o);
	o.model = "m1";
	json_t *r = wa_llm_request_new(&o, msgs, tools, 1);
	cr_assert_str_eq(json_string_value(json_object_get(r, "model")), "m1");
	cr_assert(json_is_true(json_object_get(r, "stream")));
	json_t *m = json_object_get(r, "messages");
	cr_assert_eq(json_array_size(m), 3);
	/* an assistant message with only tool calls has content null */
	json_t *a = json_array_get(m, 1);
	cr_assert(json_is_null(json_object_get(a, "content")));
	json_t *c = json_array_get(json_object_get(a, "tool_calls"), 0);
	cr_assert_str_eq(json_string_value(json_object_get(c, "type")), "function");
	cr_assert_str_eq(json_string_value(json_object_get(c, "id")), "call_1");
	json_t *fn = json_object_get(c, "function");
	cr_assert_str_eq(json_string_value(json_object_get(fn, "name")), "book");
	cr_assert_str_eq(json_string_value(json_object_get(fn, "arguments")),
		"{\"when\":\"2026-12-01T09:00\"}");
	json_t *t = json_array_get(m, 2);
	cr_assert_str_eq(json_string_value(json_object_get(t, "tool_call_id")), "call_1");
	cr_assert_null(json_object_get(t, "name"), "a tool message has no name on the wire");
	/* a tool without parameters takes an empty object schema */
	json_t *w0 = json_object_get(json_array_get(json_object_get(r, "tools"), 0), "function");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(w0, "parameters"),
		"type")), "object");
	cr_assert(json_is_object(json_object_get(json_object_get(w0, "parameters"), "properties")));
	json_t *w1 = json_object_get(json_array_get(json_object_get(r, "tools"), 1), "function");
	cr_assert_str_eq(json_string_value(json_object_get(w1, "description")), "Echo");
	cr_assert_null(json_object_get(r, "temperature"), "the server's default unless set");
	json_decref(r);
	/* not streaming: no stream field */
	o.temperature = 0.2;
	r = wa_llm_request_new(&o, msgs, NULL, 0);
	cr_assert_null(json_object_get(r, "stream"));
	cr_assert_null(json_object_get(r, "tools"));
	cr_assert_float_eq(json_real_value(json_object_get(r, "temperature")), 0.2, 1e-9);
	json_decref(r);
	json_decref(msgs);
	json_decref(tools);
}

Test(llm, no_server_named_is_a_configuration_error)
{
	wa_llm_opts o;
	wa_err err = WA_ERR_INIT;
	json_t *answer = NULL, *msgs = json_array();

	wa_llm_opts_init(&o);
	cr_assert_eq(wa_llm_chat(&o, msgs, NULL, NULL, NULL, &answer, NULL, &err), -1);
	cr_assert_eq(err.code, WA_EX_CONFIG);
	cr_assert_null(answer);
	json_decref(msgs);
}
