/* The state graph runtime (graph.h): reducers, the agent-tools loop with
 * a scripted model, interrupts and resume, the recursion limit, side
 * effects that commit with their checkpoint or not at all, linear
 * storage, and the state at an older checkpoint. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "agent/graph.h"
#include "helpers.h"
#include "ws/ws.h"

static wa_ws *open_ws(void)
{
	char path[256];
	wa_ws *ws = NULL;
	wa_err err = WA_ERR_INIT;

	snprintf(path, sizeof path, "%s/g.db", tmpdir_new());
	cr_assert_eq(wa_ws_open(path, WA_WS_CREATE, &ws, &err), 0, "%s", err.msg);
	cr_assert_eq(wa_ws_exec(ws, "CREATE TABLE bookings (slot TEXT PRIMARY KEY)", &err), 0);
	return ws;
}

Test(graph, reducers)
{
	wa_graph *g = wa_graph_new();
	wa_err err = WA_ERR_INIT;
	long next = 1;

	wa_graph_channel(g, "messages", WA_REDUCE_MESSAGES);
	wa_graph_channel(g, "form", WA_REDUCE_MERGE);
	json_t *s = json_object();
	json_t *u = json_loads("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, "
		"{\"id\": \"a\", \"role\": \"assistant\", \"content\": \"one\"}], \"form\": {\"x\": 1, "
		"\"y\": 2}, \"count\": 1}", 0, NULL);
	cr_assert_eq(wa_graph_apply(g, s, u, &next, &err), 0, "%s", err.msg);
	json_decref(u);
	/* replace by id keeps the place; remove by id; merge; replace */
	u = json_loads("{\"messages\": [{\"id\": \"a\", \"role\": \"assistant\", \"content\": "
		"\"two\"}, {\"role\": \"user\", \"content\": \"more\"}], \"form\": {\"x\": null, \"z\": 3}, "
		"\"count\": 2}", 0, NULL);
	cr_assert_eq(wa_graph_apply(g, s, u, &next, &err), 0);
	json_decref(u);
	json_t *m = json_object_get(s, "messages");
	cr_assert_eq(json_array_size(m), 3);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(m, 0), "id")), "m1");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(m, 1), "content")), "two");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(m, 2), "id")), "m2");
	u = json_loads("{\"messages\": {\"remove\": \"m1\"}}", 0, NULL);
	cr_assert_eq(wa_graph_apply(g, s, u, &next, &err), 0);
	json_decref(u);
	cr_assert_eq(json_array_size(m), 2);
	char *form = json_dumps(json_object_get(s, "form"), JSON_COMPACT | JSON_SORT_KEYS);
	cr_assert_str_eq(form, "{\"y\":2,\"z\":3}");
	free(form);
	cr_assert_eq(json_integer_value(json_object_get(s, "count")), 2);
	/* a bad update */
	u = json_loads("{\"messages\": [3]}", 0, NULL);
	cr_assert_eq(wa_graph_apply(g, s, u, &next, &err), -1);
	cr_assert_eq(err.code, WA_EX_DATAERR);
	json_decref(u);
	json_decref(s);
	wa_graph_free(g);
}

/* the scripted model: a user message gets a tool call (its id unique in
 * the thread), a tool result gets the answer */
static int agent(wa_ws *ws, json_t *state, json_t *update, void *user, wa_err *err)
{
	json_t *msgs = json_object_get(state, "messages");
	json_t *last = json_array_get(msgs, json_array_size(msgs) - 1);
	const char *role = json_string_value(json_object_get(last, "role"));
	char id[32];

	(void)ws, (void)user, (void)err;
	snprintf(id, sizeof id, "call%zu", json_array_size(msgs));
	if (!strcmp(role, "user"))
		json_object_set_new(update, "messages", json_pack("[{s:s, s:[{s:s, s:s, s:{s:s}}]}]",
			"role", "assistant", "tool_calls", "id", id, "name", "book",
			"arguments", "slot", json_string_value(json_object_get(last, "content"))));
	else
		json_object_set_new(update, "messages", json_pack("[{s:s, s:s}]", "role",
			"assistant", "content", "Booked."));
	return 0;
}

static int fail_tool, fail_after_task, tool_runs;

/* the booking: an atomic task, so its row and its recorded result
 * commit together or not at all */
static json_t *book(wa_ws *ws, const char *key, void *arg, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO bookings (slot) VALUES (?1)", err);

	(void)key;
	tool_runs++;
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	if (wa_ws_step_done(ws, st, "booking", err))
		return NULL;
	if (fail_tool) {
		wa_err_set(err, WA_EX_UNAVAILABLE, "the tool failed after writing");
		return NULL;
	}
	return json_string("ok");
}

static int tools(wa_ws *ws, json_t *state, json_t *update, void *user, wa_err *err)
{
	json_t *msgs = json_object_get(state, "messages");
	json_t *call = json_array_get(json_object_get(json_array_get(msgs,
		json_array_size(msgs) - 1), "tool_calls"), 0);
	const char *slot = json_string_value(json_object_get(json_object_get(call, "arguments"),
		"slot"));
	const char *id = json_string_value(json_object_get(call, "id"));
	json_t *result;
	int ran;

	(void)user;
	if (wa_graph_task(ws, json_string_value(json_object_get(state, "thread")), id,
	    WA_TASK_ATOMIC, book, (void *)slot, &result, &ran, err))
		return -1;
	if (fail_after_task) {  /* as if killed between the task and the checkpoint */
		json_decref(result);
		return wa_err_set(err, WA_EX_SOFTWARE, "crashed after the task");
	}
	json_object_set_new(update, "messages", json_pack("[{s:s, s:s, s:o}]", "role", "tool",
		"tool_call_id", id, "content", result));
	return 0;
}

static const char *route(json_t *state, void *user)
{
	json_t *msgs = json_object_get(state, "messages");
	json_t *last = json_array_get(msgs, json_array_size(msgs) - 1);

	(void)user;
	return json_array_size(json_object_get(last, "tool_calls")) ? "tools" : WA_GRAPH_END;
}

static int needs_approval(json_t *state, void *user)
{
	(void)state;
	return *(int *)user;
}

static wa_graph *support_graph(int *approval)
{
	wa_graph *g = wa_graph_new();

	wa_graph_channel(g, "messages", WA_REDUCE_MESSAGES);
	wa_graph_node(g, "agent", agent, NULL);
	wa_graph_node(g, "tools", tools, NULL);
	wa_graph_entry(g, "agent");
	wa_graph_route(g, "agent", route, NULL);
	wa_graph_edge(g, "tools", "agent");
	if (approval)
		wa_graph_interrupt_before(g, "tools", needs_approval, approval);
	return g;
}

static long count(wa_ws *ws, const char *sql)
{
	wa_err err = WA_ERR_INIT;
	sqlite3_stmt *st = wa_ws_stmt(ws, sql, &err);
	long n = -1;

	cr_assert_not_null(st, "%s", err.msg);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

static json_t *user_says(const char *text)
{
	return json_pack("{s:[{s:s, s:s}]}", "messages", "role", "user", "content", text);
}

Test(graph, agent_tools_loop_and_checkpoints)
{
	wa_ws *ws = open_ws();
	wa_graph *g = support_graph(NULL);
	wa_err err = WA_ERR_INIT;
	wa_graph_result r;

	cr_assert_eq(wa_graph_check(g, &err), 0, "%s", err.msg);
	json_t *in = user_says("tue-15");
	cr_assert_eq(wa_graph_invoke(g, ws, "t1", in, 0, 0, 25, &r, &err), 0, "%s", err.msg);
	json_decref(in);
	cr_assert_str_eq(r.status, "done");
	cr_assert_eq(r.steps, 3);                       /* agent, tools, agent */
	json_t *m = json_object_get(r.state, "messages");
	cr_assert_eq(json_array_size(m), 4);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(m, 3), "content")),
		"Booked.");
	/* input, agent, tools, agent: four checkpoints, each message once */
	cr_assert_eq(count(ws, "SELECT count(*) FROM graph_checkpoints WHERE thread = 't1'"), 4);
	cr_assert_eq(count(ws, "SELECT count(*) FROM graph_messages WHERE thread = 't1'"), 4);
	cr_assert_eq(count(ws, "SELECT count(*) FROM bookings"), 1);
	wa_graph_result_free(&r);
	/* the state reloaded equals the state returned; an older checkpoint
	 * has the messages as they were */
	json_t *s = wa_graph_state_new(ws, "t1", 0, &err);
	cr_assert_eq(json_array_size(json_object_get(s, "messages")), 4);
	json_decref(s);
	s = wa_graph_state_new(ws, "t1", 2, &err);
	cr_assert_eq(json_array_size(json_object_get(s, "messages")), 2);
	json_decref(s);
	cr_assert_null(wa_graph_state_new(ws, "nobody", 0, &err));
	cr_assert_eq(err.code, WA_EX_NOINPUT);
	wa_graph_free(g);
	wa_ws_close(ws);
}

Test(graph, a_failed_step_keeps_no_side_effect)
{
	wa_ws *ws = open_ws();
	wa_graph *g = support_graph(NULL);
	wa_err err = WA_ERR_INIT;
	wa_graph_result r;

	fail_tool = 1;
	json_t *in = user_says("wed-10");
	cr_assert_eq(wa_graph_invoke(g, ws, "t2", in, 0, 0, 25, &r, &err), -1);
	json_decref(in);
	cr_assert_str_eq(r.status, "error");
	cr_assert_str_eq(r.node, "tools");
	/* the booking rolled back with the step; the last checkpoint says tools */
	cr_assert_eq(count(ws, "SELECT count(*) FROM bookings"), 0);
	cr_assert_eq(json_array_size(json_object_get(r.state, "messages")), 2);
	wa_graph_result_free(&r);
	/* resumed, the tool runs once */
	fail_tool = 0;
	wa_err_clear(&err);
	cr_assert_eq(wa_graph_invoke(g, ws, "t2", NULL, 1, 0, 25, &r, &err), 0, "%s", err.msg);
	cr_assert_str_eq(r.status, "done");
	cr_assert_eq(count(ws, "SELECT count(*) FROM bookings WHERE slot = 'wed-10'"), 1);
	wa_graph_result_free(&r);
	/* nothing left to resume */
	cr_assert_eq(wa_graph_invoke(g, ws, "t2", NULL, 1, 0, 25, &r, &err), -1);
	cr_assert(strstr(err.msg, "nothing to resume"), "%s", err.msg);
	wa_graph_result_free(&r);
	wa_graph_free(g);
	wa_ws_close(ws);
}

Test(graph, interrupt_then_approve)
{
	wa_ws *ws = open_ws();
	int approval = 1;
	wa_graph *g = support_graph(&approval);
	wa_err err = WA_ERR_INIT;
	wa_graph_result r;

	json_t *in = user_says("thu-9");
	cr_assert_eq(wa_graph_invoke(g, ws, "t3", in, 0, 0, 25, &r, &err), 0, "%s", err.msg);
	json_decref(in);
	cr_assert_str_eq(r.status, "interrupted");
	cr_assert_str_eq(r.node, "tools");
	cr_assert_eq(count(ws, "SELECT count(*) FROM bookings"), 0);
	wa_graph_result_free(&r);
	/* resuming without approval interrupts again, writing nothing new */
	long before = count(ws, "SELECT count(*) FROM graph_checkpoints");
	cr_assert_eq(wa_graph_invoke(g, ws, "t3", NULL, 1, 0, 25, &r, &err), 0);
	cr_assert_str_eq(r.status, "interrupted");
	cr_assert_eq(count(ws, "SELECT count(*) FROM graph_checkpoints"), before);
	wa_graph_result_free(&r);
	cr_assert_eq(wa_graph_invoke(g, ws, "t3", NULL, 1, 1, 25, &r, &err), 0, "%s", err.msg);
	cr_assert_str_eq(r.status, "done");
	cr_assert_eq(count(ws, "SELECT count(*) FROM bookings WHERE slot = 'thu-9'"), 1);
	wa_graph_result_free(&r);
	wa_graph_free(g);
	wa_ws_close(ws);
}

static int spin(wa_ws *ws, json_t *state, json_t *update, void *user, wa_err *err)
{
	(void)ws, (void)state, (void)user, (void)err;
	json_object_set_new(update, "n", json_integer(json_integer_value(json_object_get(state,
		"n")) + 1));
	return 0;
}

Test(graph, recursion_limit_keeps_the_state)
{
	wa_ws *ws = open_ws();
	wa_graph *g = wa_graph_new();
	wa_err err = WA_ERR_INIT;
	wa_graph_result r;

	wa_graph_node(g, "a", spin, NULL);
	wa_graph_node(g, "b", spin, NULL);
	wa_graph_entry(g, "a");
	wa_graph_edge(g, "a", "b");
	wa_graph_edge(g, "b", "a");
	cr_assert_eq(wa_graph_invoke(g, ws, "loop", NULL, 0, 0, 5, &r, &err), -1);
	cr_assert(strstr(err.msg, "recursion limit of 5 steps was reached before node \"b\""),
		"%s", err.msg);
	cr_assert_eq(json_integer_value(json_object_get(r.state, "n")), 5);
	wa_graph_result_free(&r);
	/* resumed with a new budget it goes on from there */
	wa_err_clear(&err);
	cr_assert_eq(wa_graph_invoke(g, ws, "loop", NULL, 1, 0, 3, &r, &err), -1);
	cr_assert_eq(json_integer_value(json_object_get(r.state, "n")), 8);
	wa_graph_result_free(&r);
	wa_graph_free(g);
	/* a graph that leads nowhere is refused */
	g = wa_graph_new();
	wa_graph_node(g, "a", spin, NULL);
	wa_graph_entry(g, "a");
	wa_graph_edge(g, "a", "ghost");
	cr_assert_eq(wa_graph_check(g, &err), -1);
	cr_assert(strstr(err.msg, "leads to \"ghost\""), "%s", err.msg);
	wa_graph_free(g);
	wa_ws_close(ws);
}

Test(graph, storage_grows_linearly)
{
	wa_ws *ws = open_ws();
	wa_graph *g = support_graph(NULL);
	wa_err err = WA_ERR_INIT;
	wa_graph_result r;
	long bytes_at_10 = 0;

	for (int turn = 1; turn <= 60; turn++) {
		char slot[32];
		snprintf(slot, sizeof slot, "slot-%d", turn);
		json_t *in = user_says(slot);
		cr_assert_eq(wa_graph_invoke(g, ws, "long", in, 0, 0, 25, &r, &err), 0, "%s", err.msg);
		json_decref(in);
		wa_graph_result_free(&r);
		if (turn == 10)
			bytes_at_10 = count(ws, "SELECT max(length(channels) + length(metadata)) FROM "
				"graph_checkpoints WHERE thread = 'long'");
	}
	/* every message stored once: 4 a turn */
	cr_assert_eq(count(ws, "SELECT count(*) FROM graph_messages WHERE thread = 'long'"), 240);
	/* a checkpoint's size does not grow with the thread */
	long bytes_at_60 = count(ws, "SELECT max(length(channels) + length(metadata)) FROM "
		"graph_checkpoints WHERE thread = 'long'");
	cr_assert_leq(bytes_at_60, bytes_at_10 + 4, "%ld then %ld", bytes_at_10, bytes_at_60);
	wa_graph_free(g);
	wa_ws_close(ws);
}

Test(graph, an_atomic_task_commits_with_its_step)
{
	wa_ws *ws = open_ws();
	wa_graph *g = support_graph(NULL);
	wa_err err = WA_ERR_INIT;
	wa_graph_result r;

	tool_runs = 0;
	fail_after_task = 1;
	json_t *in = user_says("fri-11");
	cr_assert_eq(wa_graph_invoke(g, ws, "t9", in, 0, 0, 25, &r, &err), -1);
	json_decref(in);
	wa_graph_result_free(&r);
	/* the step failed after the booking: the booking and its record went
	 * with it */
	cr_assert_eq(tool_runs, 1);
	cr_assert_eq(count(ws, "SELECT count(*) FROM graph_writes WHERE thread = 't9'"), 0);
	cr_assert_eq(count(ws, "SELECT count(*) FROM bookings"), 0);
	fail_after_task = 0;
	wa_err_clear(&err);
	cr_assert_eq(wa_graph_invoke(g, ws, "t9", NULL, 1, 0, 25, &r, &err), 0, "%s", err.msg);
	cr_assert_str_eq(r.status, "done");
	cr_assert_eq(tool_runs, 2);
	cr_assert_eq(count(ws, "SELECT count(*) FROM bookings WHERE slot = 'fri-11'"), 1);
	cr_assert_eq(count(ws, "SELECT count(*) FROM graph_writes WHERE thread = 't9'"), 1);
	json_t *m = json_object_get(r.state, "messages");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(m, 2), "content")), "ok");
	wa_graph_result_free(&r);
	wa_graph_free(g);
	wa_ws_close(ws);
}

static int outside_runs;
static char outside_key[WA_TASK_KEY_MAX];

static json_t *remote(wa_ws *ws, const char *key, void *arg, wa_err *err)
{
	(void)ws;
	outside_runs++;
	snprintf(outside_key, sizeof outside_key, "%s", key);
	if (arg) {
		wa_err_set(err, WA_EX_UNAVAILABLE, "the far end hung up");
		return NULL;
	}
	/* no transaction is open while it runs */
	cr_assert_not(wa_ws_in_transaction(ws));
	return json_pack("{s:s}", "status", "sent");
}

Test(graph, outside_tasks_get_a_stable_key_and_run_until_recorded)
{
	wa_ws *ws = open_ws();
	wa_err err = WA_ERR_INIT;
	json_t *res;
	int ran, fail = 1;
	char want[WA_TASK_KEY_MAX];

	outside_runs = 0;
	cr_assert_eq(wa_graph_task(ws, "th", "call_1", WA_TASK_OUTSIDE, remote, &fail, &res, &ran,
		&err), -1);
	cr_assert_eq(err.code, WA_EX_UNAVAILABLE);
	cr_assert_null(res);
	cr_assert_eq(count(ws, "SELECT count(*) FROM graph_writes"), 0);
	char first[WA_TASK_KEY_MAX];
	snprintf(first, sizeof first, "%s", outside_key);
	wa_err_clear(&err);
	cr_assert_eq(wa_graph_task(ws, "th", "call_1", WA_TASK_OUTSIDE, remote, NULL, &res, &ran,
		&err), 0, "%s", err.msg);
	cr_assert_eq(ran, 1);
	cr_assert_str_eq(outside_key, first);   /* the retry carries the same key */
	json_decref(res);
	cr_assert_eq(wa_graph_task(ws, "th", "call_1", WA_TASK_OUTSIDE, remote, NULL, &res, &ran,
		&err), 0);
	cr_assert_eq(ran, 0);
	cr_assert_eq(outside_runs, 2);
	cr_assert_str_eq(json_string_value(json_object_get(res, "status")), "sent");
	json_decref(res);
	/* the key: "wa-" and the first 40 hex digits of sha256("th\ncall_1"),
	 * computed with sha256sum */
	wa_graph_task_key("th", "call_1", want);
	cr_assert_str_eq(want, "wa-" "17fbe04b098660b7a89138f7809603d82038342e");
	cr_assert_str_eq(first, want);
	wa_ws_close(ws);
}

Test(graph, fork_and_history)
{
	wa_ws *ws = open_ws();
	wa_graph *g = support_graph(NULL);
	wa_err err = WA_ERR_INIT;
	wa_graph_result r;

	for (int i = 0; i < 2; i++) {
		json_t *in = user_says(i ? "sat-9" : "mon-9");
		cr_assert_eq(wa_graph_invoke(g, ws, "orig", in, 0, 0, 25, &r, &err), 0, "%s", err.msg);
		json_decref(in);
		wa_graph_result_free(&r);
	}
	json_t *h = wa_graph_history_new(ws, "orig", &err);
	cr_assert_eq(json_array_size(h), 8);
	json_t *c2 = json_array_get(h, 1);
	cr_assert_eq(json_integer_value(json_object_get(c2, "checkpoint")), 2);
	cr_assert_eq(json_integer_value(json_object_get(c2, "parent")), 1);
	cr_assert_str_eq(json_string_value(json_object_get(c2, "node")), "agent");
	cr_assert_str_eq(json_string_value(json_object_get(c2, "next")), "tools");
	cr_assert_eq(json_integer_value(json_object_get(c2, "added")), 1);
	cr_assert(json_is_null(json_object_get(json_array_get(h, 0), "parent")));
	json_decref(h);
	/* back to the end of the first turn, then a different second one */
	cr_assert_eq(wa_graph_fork(ws, "orig", 4, "alt", &err), 0, "%s", err.msg);
	json_t *s = wa_graph_state_new(ws, "alt", 0, &err);
	cr_assert_eq(json_array_size(json_object_get(s, "messages")), 4);
	cr_assert_str_eq(json_string_value(json_object_get(s, "thread")), "alt");
	json_decref(s);
	json_t *in = user_says("sun-9");
	cr_assert_eq(wa_graph_invoke(g, ws, "alt", in, 0, 0, 25, &r, &err), 0, "%s", err.msg);
	json_decref(in);
	cr_assert_eq(json_array_size(json_object_get(r.state, "messages")), 8);
	wa_graph_result_free(&r);
	/* the original is untouched; both booked their own second slot */
	s = wa_graph_state_new(ws, "orig", 0, &err);
	cr_assert_eq(json_array_size(json_object_get(s, "messages")), 8);
	json_decref(s);
	cr_assert_eq(count(ws, "SELECT count(*) FROM bookings WHERE slot IN ('sat-9', 'sun-9')"),
		2);
	h = wa_graph_history_new(ws, "alt", &err);
	json_t *from = json_object_get(json_array_get(h, 0), "forked_from");
	cr_assert_str_eq(json_string_value(json_object_get(from, "thread")), "orig");
	cr_assert_eq(json_integer_value(json_object_get(from, "checkpoint")), 4);
	json_decref(h);
	/* bad forks */
	cr_assert_eq(wa_graph_fork(ws, "orig", 4, "alt", &err), -1);
	cr_assert_eq(err.code, WA_EX_DATAERR);
	cr_assert_eq(wa_graph_fork(ws, "orig", 99, "alt2", &err), -1);
	cr_assert_eq(err.code, WA_EX_NOINPUT);
	cr_assert_null(wa_graph_history_new(ws, "nobody", &err));
	cr_assert_eq(err.code, WA_EX_NOINPUT);
	wa_graph_free(g);
	wa_ws_close(ws);
}

static int refuse(wa_ws *ws, json_t *state, json_t *update, void *user, wa_err *err)
{
	(void)ws, (void)state, (void)update, (void)user;
	return wa_err_set(err, WA_EX_SOFTWARE, "the model failed");
}

/* An input is kept when its first node fails, unless that node is pure:
 * then the input and the node's step commit together or not at all. */
Test(graph, an_input_commits_with_a_pure_first_step)
{
	wa_ws *ws = open_ws();
	wa_err err = WA_ERR_INIT;
	wa_graph_result r;

	for (int pure = 0; pure <= 1; pure++) {
		wa_graph *g = wa_graph_new();
		wa_graph_channel(g, "messages", WA_REDUCE_MESSAGES);
		wa_graph_node(g, "model", refuse, NULL);
		wa_graph_entry(g, "model");
		wa_graph_edge(g, "model", WA_GRAPH_END);
		if (pure)
			wa_graph_node_pure(g, "model");
		const char *thread = pure ? "pure" : "impure";
		json_t *in = user_says("hello");
		cr_assert_eq(wa_graph_invoke(g, ws, thread, in, 0, 0, 25, &r, &err), -1);
		json_decref(in);
		cr_assert_str_eq(err.msg, "the model failed");
		wa_err_clear(&err);
		wa_graph_result_free(&r);
		json_t *s = wa_graph_state_new(ws, thread, 0, &err);
		if (pure) {
			cr_assert_null(s, "a pure node's failed step kept its input");
			wa_err_clear(&err);
		} else {
			cr_assert_eq(json_array_size(json_object_get(s, "messages")), 1);
		}
		json_decref(s);
		cr_assert_not(wa_ws_in_transaction(ws));
		wa_graph_free(g);
	}
	wa_ws_close(ws);
}
