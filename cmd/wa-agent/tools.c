/* tools.c - the tools node: each pending call checked against its tool's
 * parameters, then run (the built-in tools write to the workspace inside
 * the super-step's transaction, so a crash repeats none); every outcome,
 * errors included, becomes a tool message the model reads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"

json_t *agent_tool(const agent *a, const char *name)
{
	size_t i;
	json_t *t;

	json_array_foreach(json_object_get(a->cfg, "tools"), i, t)
		if (name && !strcmp(json_string_value(json_object_get(t, "name")), name))
			return t;
	return NULL;
}

static const char *arg(json_t *args, const char *const *names)
{
	for (int i = 0; names[i]; i++) {
		const char *v = json_string_value(json_object_get(args, names[i]));
		if (v)
			return v;
	}
	return NULL;
}

static json_t *book(const agent *a, wa_ws *ws, json_t *args, const char *thread, wa_err *err)
{
	static const char *const when_keys[] = { "when", "datetime", "start", NULL };
	static const char *const name_keys[] = { "patient", "name", NULL };
	static const char *const phone_keys[] = { "phone", NULL };
	const char *when = arg(args, when_keys);
	int y, m, d, h, min;
	json_t *r = NULL;

	if (!a->calendar)
		return json_pack("{s:s, s:s}", "status", "error", "error", "the agent has no calendar");
	if (!when || sscanf(when, "%4d-%2d-%2dT%2d:%2d", &y, &m, &d, &h, &min) != 5)
		return json_pack("{s:s, s:s}", "status", "error", "error",
			"when: a time YYYY-MM-DDTHH:MM is needed");
	json_t *who = json_object();
	if (arg(args, name_keys))
		json_object_set_new(who, "name", json_string(arg(args, name_keys)));
	if (arg(args, phone_keys))
		json_object_set_new(who, "phone", json_string(arg(args, phone_keys)));
	int rc = wa_calendar_book(a->calendar, ws, y, m, d, h, min, who, thread, &r, err);
	json_decref(who);
	return rc ? NULL : r;
}

static json_t *run_builtin(const agent *a, wa_ws *ws, const char *builtin, json_t *args,
	const char *thread, json_t *update, wa_err *err)
{
	char now[WA_TIME_MAX];

	wa_time_now(now);
	if (!strcmp(builtin, "book_appointment"))
		return book(a, ws, args, thread, err);
	if (!strcmp(builtin, "cancel_appointment")) {
		static const char *const keys[] = { "phone", NULL };
		json_t *r = NULL;
		if (!a->calendar)
			return json_pack("{s:s}", "status", "error");
		long long id = json_integer_value(json_object_get(args, "id"));
		return wa_calendar_cancel(a->calendar, ws, id, arg(args, keys), &r, err) ? NULL : r;
	}
	if (!strcmp(builtin, "list_slots")) {
		static const char *const keys[] = { "date", "when", NULL };
		const char *date = arg(args, keys);
		int y, m, d;
		if (!a->calendar || !date || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
			return json_pack("{s:s, s:s}", "status", "error", "error", "date: YYYY-MM-DD");
		json_t *slots = wa_calendar_free_slots_new(a->calendar, ws, y, m, d, err);
		return slots ? json_pack("{s:s, s:s, s:o}", "status", "ok", "date", date, "slots",
			slots) : NULL;
	}
	if (!strcmp(builtin, "capture_lead")) {
		wa_buf data;
		wa_buf_init(&data);
		wa_json_append(&data, args);
		sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO agent_leads (client, thread, data, "
			"created_at) VALUES (?1, ?2, ?3, ?4)", err);
		int rc = -1;
		if (st) {
			sqlite3_bind_text(st, 1, a->client, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, thread, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 3, data.data, (int)data.len, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
			rc = wa_ws_step_done(ws, st, "capturing a lead", err);
		}
		wa_buf_free(&data);
		if (rc)
			return NULL;
		json_t *payload = json_pack("{s:s, s:O}", "thread", thread, "lead", args);
		rc = wa_event_emit(ws, "agent.lead", a->client, thread, NULL, payload, err);
		json_decref(payload);
		return rc ? NULL : json_pack("{s:s, s:I}", "status", "captured", "id",
			(json_int_t)sqlite3_last_insert_rowid(wa_ws_db(ws)));
	}
	if (!strcmp(builtin, "lookup_order")) {
		json_t *o = json_object_get(args, "order");
		char no[64];
		if (json_is_integer(o))
			snprintf(no, sizeof no, "%lld", (long long)json_integer_value(o));
		else
			snprintf(no, sizeof no, "%s", json_string_value(o) ? json_string_value(o) : "");
		sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT status FROM agent_orders WHERE client = ?1 "
			"AND order_no = ?2", err);
		if (!st)
			return NULL;
		sqlite3_bind_text(st, 1, a->client, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, no, -1, SQLITE_TRANSIENT);
		json_t *r = sqlite3_step(st) == SQLITE_ROW ? json_pack("{s:s, s:s, s:s}", "status",
			"found", "order", no, "state", (const char *)sqlite3_column_text(st, 0)) :
			json_pack("{s:s, s:s}", "status", "not_found", "order", no);
		sqlite3_reset(st);
		return r;
	}
	if (!strcmp(builtin, "handoff_to_human")) {
		json_t *payload = json_pack("{s:s, s:O}", "thread", thread, "arguments", args);
		int rc = wa_event_emit(ws, "agent.handoff", a->client, thread, NULL, payload, err);
		json_decref(payload);
		json_object_set_new(update, "handoff", json_true());
		return rc ? NULL : json_pack("{s:s}", "status", "handed_off");
	}
	if (!strcmp(builtin, "end_conversation")) {
		json_object_set_new(update, "ended", json_true());
		return json_pack("{s:s}", "status", "ended");
	}
	return json_pack("{s:s, s:s}", "status", "error", "error", "unknown built-in tool");
}

int agent_tools_node(wa_ws *ws, json_t *state, json_t *update, void *user, wa_err *err)
{
	const agent *a = user;
	json_t *msgs = json_object_get(state, "messages");
	json_t *last = json_array_get(msgs, json_array_size(msgs) - 1), *call;
	const char *thread = json_string_value(json_object_get(state, "thread"));
	json_t *out = json_array();
	size_t i;

	json_array_foreach(json_object_get(last, "tool_calls"), i, call) {
		const char *name = json_string_value(json_object_get(call, "name"));
		json_t *tool = agent_tool(a, name), *args = json_object_get(call, "arguments");
		json_t *result = NULL;
		if (!tool) {
			result = json_pack("{s:s, s:s}", "status", "error", "error", "no such tool");
		} else if (json_is_false(json_object_get(tool, "available"))) {
			result = json_pack("{s:s, s:s}", "status", "error", "error",
				"this tool is not available");
		} else {
			json_t *params = json_object_get(tool, "parameters");
			wa_err verr = WA_ERR_INIT;
			wa_schema *s = params ? wa_schema_new(params, NULL, &verr) : NULL;
			if (s && wa_schema_check(s, args, &verr))
				result = json_pack("{s:s, s:s}", "status", "error", "error", verr.msg);
			wa_schema_free(s);
			if (!result) {
				result = run_builtin(a, ws, json_string_value(json_object_get(tool,
					"builtin")), args, thread ? thread : "", update, err);
				if (!result) {
					json_decref(out);
					return -1;      /* a workspace error: the step rolls back */
				}
			}
		}
		wa_buf content;
		wa_buf_init(&content);
		wa_json_append(&content, result);
		json_array_append_new(out, json_pack("{s:s, s:O, s:s, s:s}", "role", "tool",
			"tool_call_id", json_object_get(call, "id"), "name", name ? name : "",
			"content", content.data));
		wa_buf_free(&content);
		json_decref(result);
	}
	json_object_set_new(update, "messages", out);
	return 0;
}
