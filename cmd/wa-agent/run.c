/* run.c - an agent loaded into a graph, and "wa-agent run": the NDJSON
 * protocol programs speak (a web chat server, a voice worker, tests).
 *
 * In:  {"thread": ID, "message": TEXT}
 *      {"thread": ID, "approve": true}
 *      {"thread": ID, "reject": true, "reason": TEXT}
 * Out: {"thread", "reply", "tool_calls": [{name, arguments, result}],
 *       "status": "done" | "interrupted" | "handoff" | "error",
 *       "pending": [calls awaiting approval], "error", "latency_ms"}
 * one line out for each line in, in order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent.h"

#include "agent/agentcfg.h"
#include "agent/calendar.h"
#include "agent/conversation.h"
#include "agent/graph.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "text/intents.h"
#include "ws/event.h"
#include "ws/ws.h"

static int pending_calls(json_t *state)
{
	json_t *msgs = json_object_get(state, "messages");
	json_t *last = json_array_get(msgs, json_array_size(msgs) - 1);

	return json_array_size(json_object_get(last, "tool_calls")) > 0;
}

/* a node of the config's graph, or of the default one */
typedef struct route_cfg {
	json_t *routes;         /* [{when, to}], or NULL: tool calls -> tools, else end */
	const char *next;
} route_cfg;

static const char *route(json_t *state, void *user)
{
	route_cfg *r = user;
	size_t i;
	json_t *rt;

	if (!r->routes) {
		if (r->next)
			return strcmp(r->next, "end") ? r->next : WA_GRAPH_END;
		return pending_calls(state) ? "tools" : WA_GRAPH_END;
	}
	json_array_foreach(r->routes, i, rt) {
		const char *when = json_string_value(json_object_get(rt, "when"));
		const char *to = json_string_value(json_object_get(rt, "to"));
		int take = !strcmp(when, "always") ||
			(!strcmp(when, "tool_calls") && pending_calls(state)) ||
			(!strcmp(when, "handoff") && json_is_true(json_object_get(state, "handoff")));
		if (take)
			return strcmp(to, "end") ? to : WA_GRAPH_END;
	}
	return WA_GRAPH_END;
}

/* before tools: a pending call to a tool that needs a person's approval */
static int needs_approval(json_t *state, void *user)
{
	const agent *a = user;
	json_t *msgs = json_object_get(state, "messages");
	json_t *last = json_array_get(msgs, json_array_size(msgs) - 1), *c;
	size_t i;

	json_array_foreach(json_object_get(last, "tool_calls"), i, c)
		if (json_is_true(json_object_get(agent_tool(a, json_string_value(json_object_get(c,
		    "name"))), "requires_approval")))
			return 1;
	return 0;
}

static int handoff_node(wa_ws *ws, json_t *state, json_t *update, void *user, wa_err *err)
{
	(void)ws, (void)state, (void)user, (void)err;
	json_object_set_new(update, "messages", json_pack("[{s:s, s:s}]", "role", "assistant",
		"content", "I'm passing you to a member of the team, who will be with you shortly."));
	json_object_set_new(update, "handoff", json_true());
	return 0;
}

/* the route settings the graph holds pointers to, freed with the agent */
static route_cfg **routes_kept;
static size_t nroutes_kept;

static route_cfg *new_route(json_t *routes, const char *next)
{
	route_cfg *r = wa_mem_alloc(sizeof *r);

	r->routes = routes;
	r->next = next;
	routes_kept = wa_mem_realloc(routes_kept, (nroutes_kept + 1) * sizeof *routes_kept);
	routes_kept[nroutes_kept++] = r;
	return r;
}

static int finish(wa_ws *ws, const char *thread, const char *status, json_t *state, int steps,
	void *user, wa_err *err);

int agent_load(agent *a, const char *path, wa_err *err)
{
	json_t *findings = NULL;

	memset(a, 0, sizeof *a);
	a->cfg = wa_agentcfg_load_new(path, &findings, err);
	json_decref(findings);
	if (!a->cfg)
		return -1;
	a->client = json_string_value(json_object_get(a->cfg, "client"));
	a->tz = json_string_value(json_object_get(a->cfg, "timezone"));
	if (!(a->path = realpath(path, NULL)))
		a->path = wa_mem_strdup(path);
	a->dir = wa_mem_strdup(a->path);
	*strrchr(a->dir, '/') = '\0';
	json_t *model = json_object_get(a->cfg, "model");
	a->backend = json_string_value(json_object_get(model, "backend"));
	int llm = !strcmp(a->backend, "openai");
	if (llm && agent_openai_setup(a, err))
		return -1;
	wa_node_fn model_node = llm ? agent_openai_node : strcmp(a->backend, "offline") ?
		agent_scripted_node : agent_model_node;
	a->threshold = json_is_number(json_object_get(model, "threshold")) ?
		json_number_value(json_object_get(model, "threshold")) : 0.45;
	json_t *g = json_object_get(a->cfg, "guardrails");
	a->handoff_after = json_is_integer(json_object_get(g, "handoff_after_failures")) ?
		(int)json_integer_value(json_object_get(g, "handoff_after_failures")) : 3;
	a->recursion_limit = json_is_integer(json_object_get(g, "recursion_limit")) ?
		(int)json_integer_value(json_object_get(g, "recursion_limit")) : 25;
	a->max_tool_calls = json_is_integer(json_object_get(g, "max_tool_calls_per_turn")) ?
		(int)json_integer_value(json_object_get(g, "max_tool_calls_per_turn")) : 5;
	json_t *examples = json_object(), *it;
	size_t i;
	json_array_foreach(json_object_get(a->cfg, "intents"), i, it)
		json_object_set(examples, json_string_value(json_object_get(it, "name")),
			json_object_get(it, "examples"));
	a->intents = wa_intents_new(examples);
	json_decref(examples);
	/* phone numbers are read for the config's country, else the time zone's */
	const char *country = json_string_value(json_object_get(a->cfg, "country"));
	char zone_country[3];
	if (!country && !wa_clock_zone_country(a->tz, zone_country))
		country = zone_country;
	if (json_object_get(a->cfg, "calendar") && !(a->calendar =
	    wa_calendar_new(json_object_get(a->cfg, "calendar"), a->client, country, err)))
		return -1;
	/* the graph: the config's, or agent <-> tools */
	a->graph = wa_graph_new();
	wa_graph_channel(a->graph, "messages", WA_REDUCE_MESSAGES);
	json_t *gc = json_object_get(a->cfg, "graph"), *n;
	if (gc) {
		json_array_foreach(json_object_get(gc, "nodes"), i, n) {
			const char *name = json_string_value(json_object_get(n, "name"));
			const char *kind = json_string_value(json_object_get(n, "kind"));
			wa_graph_node(a->graph, name, !strcmp(kind, "agent") ? model_node :
				!strcmp(kind, "tools") ? agent_tools_node : handoff_node, a);
			wa_graph_route(a->graph, name, route, new_route(json_object_get(n, "routes"),
				json_string_value(json_object_get(n, "next"))));
			if (!strcmp(kind, "tools"))
				wa_graph_interrupt_before(a->graph, name, needs_approval, a);
			/* the offline models only compute; a server is waited on */
			if (!strcmp(kind, "agent") && !llm)
				wa_graph_node_pure(a->graph, name);
		}
		wa_graph_entry(a->graph, json_string_value(json_object_get(gc, "entry")));
	} else {
		wa_graph_node(a->graph, "agent", model_node, a);
		if (!llm)
			wa_graph_node_pure(a->graph, "agent");
		wa_graph_node(a->graph, "tools", agent_tools_node, a);
		wa_graph_entry(a->graph, "agent");
		wa_graph_route(a->graph, "agent", route, new_route(NULL, NULL));
		wa_graph_edge(a->graph, "tools", "agent");
		wa_graph_interrupt_before(a->graph, "tools", needs_approval, a);
	}
	wa_graph_on_finish(a->graph, finish, a);
	return wa_graph_check(a->graph, err);
}

void agent_free(agent *a)
{
	agent_pii_free();
	if (a->llm_key) {
		explicit_bzero(a->llm_key, strlen(a->llm_key));
		free(a->llm_key);
	}
	wa_graph_free(a->graph);
	wa_calendar_free(a->calendar);
	wa_intents_free(a->intents);
	json_decref(a->cfg);
	free(a->path);
	free(a->dir);
	for (size_t i = 0; i < nroutes_kept; i++)
		free(routes_kept[i]);
	free(routes_kept);
	routes_kept = NULL;
	nroutes_kept = 0;
}

/* what this turn said and did: the messages after the first from, and
 * the calls it made or answered (an approved call was made a turn ago) */
static json_t *turn_json(json_t *state, size_t from, const char *thread, const char *status)
{
	json_t *msgs = json_object_get(state, "messages"), *m, *c;
	json_t *calls = json_array(), *by_id = json_object();
	const char *reply = "";
	size_t i, k;

	json_array_foreach(msgs, i, m) {
		const char *role = json_string_value(json_object_get(m, "role"));
		json_array_foreach(json_object_get(m, "tool_calls"), k, c) {
			json_t *entry = json_pack("{s:O, s:O, s:O, s:n}", "id", json_object_get(c, "id"),
				"name", json_object_get(c, "name"), "arguments",
				json_object_get(c, "arguments"), "result");
			if (json_string_value(json_object_get(c, "id")))
				json_object_set(by_id, json_string_value(json_object_get(c, "id")), entry);
			if (i >= from)
				json_array_append(calls, entry);
			json_decref(entry);
		}
		if (i < from)
			continue;
		if (!strcmp(role, "assistant") && json_string_value(json_object_get(m, "content")) &&
		    *json_string_value(json_object_get(m, "content")))
			reply = json_string_value(json_object_get(m, "content"));
		const char *id = json_string_value(json_object_get(m, "tool_call_id"));
		json_t *entry = id ? json_object_get(by_id, id) : NULL;
		if (!strcmp(role, "tool") && entry) {
			json_t *r = json_loads(json_string_value(json_object_get(m, "content")), 0, NULL);
			json_object_set_new(entry, "result", r ? r : json_null());
			int listed = 0;
			json_array_foreach(calls, k, c)
				listed |= c == entry;
			if (!listed)
				json_array_append(calls, entry);
		}
	}
	json_decref(by_id);
	return json_pack("{s:s, s:s, s:o, s:s}", "thread", thread, "reply", reply, "tool_calls",
		calls, "status", status);
}

/* a turn's conversation row, metrics and event, in the open transaction */
static int record_rows(wa_ws *ws, const agent *a, const char *thread, const char *status,
	double ms, int steps, int tools, wa_err *err)
{
	wa_conversation c = { thread, json_string_value(json_object_get(a->cfg, "name")),
		a->client, a->path };
	wa_conversation_turn t = { status, ms, steps, tools, a->prompt_tokens,
		a->completion_tokens };

	return wa_conversation_record(ws, &c, &t, err);
}

/* the same in a transaction of its own, for a turn that failed */
static void record(wa_ws *ws, const agent *a, const char *thread, const char *status,
	double ms, int steps, int tools, wa_err *err)
{
	if (wa_ws_begin(ws, err))
		return;
	if (record_rows(ws, a, thread, status, ms, steps, tools, err) || wa_ws_commit(ws, err))
		wa_ws_rollback(ws);
}

/* the turn in progress, for the graph's finish hook */
typedef struct turn_ctx {
	size_t from;
	double t0;
	int recorded;
} turn_ctx;

static turn_ctx *current;

static double mono_ms(void);

/* A turn that ends done or interrupted is recorded in the transaction of
 * its last checkpoint: one commit fewer a turn.  Its latency there is up
 * to that commit. */
static int finish(wa_ws *ws, const char *thread, const char *status, json_t *state, int steps,
	void *user, wa_err *err)
{
	const agent *a = user;
	json_t *msgs = json_object_get(state, "messages");
	int tools = 0;

	if (!current)
		return 0;
	for (size_t i = current->from; i < json_array_size(msgs); i++)
		tools += !strcmp(json_string_value(json_object_get(json_array_get(msgs, i), "role")),
			"tool");
	if (json_is_true(json_object_get(state, "handoff")) && !strcmp(status, "done"))
		status = "handoff";
	double ms = round((mono_ms() - current->t0) * 1000) / 1000;
	if (record_rows(ws, a, thread, status, ms, steps, tools, err))
		return -1;
	current->recorded = 1;
	return 0;
}

static double mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000 + (double)t.tv_nsec / 1e6;
}

int agent_turn_option(int key, const char *arg, int *fsync_each)
{
	if (key == AGENT_O_FSYNC)
		*fsync_each = 1;
	else if (key == AGENT_O_KEYFILE)
		agent_pii_key_file = arg;
	else if (key == AGENT_O_PIICLEAR)
		agent_pii_clear = 1;
	else
		return 0;
	return 1;
}

int agent_ws_flags(int fsync_each)
{
	return fsync_each ? 0 : WA_WS_RELAXED;
}

int agent_open(agent *a, const char *config, const cli_common *o, int fsync_each, wa_ws **ws)
{
	wa_err err = WA_ERR_INIT;
	int rc;

	memset(a, 0, sizeof *a);
	*ws = NULL;
	if (!wa_clock_init(&err) && !agent_load(a, config, &err) &&
	    !wa_ws_open(wa_ws_default_path(o->workspace), WA_WS_CREATE | agent_ws_flags(fsync_each),
	    ws, &err) && !agent_pii_setup(a, 0, &err))
		return 0;
	rc = cli_report(&err);
	agent_free(a);
	wa_ws_close(*ws);
	*ws = NULL;
	return rc;
}

/* a rejection: an answer to each pending call, the model goes on from it */
static json_t *rejection_new(agent *a, wa_ws *ws, json_t *in, json_t *before, const char *thread)
{
	json_t *msgs = json_object_get(before, "messages");
	json_t *last = json_array_get(msgs, json_array_size(msgs) - 1), *c, *out = json_array();
	const char *reason = json_string_value(json_object_get(in, "reason"));
	wa_err ignored = WA_ERR_INIT;
	size_t i;

	json_array_foreach(json_object_get(last, "tool_calls"), i, c) {
		json_t *res = json_pack("{s:s, s:s}", "status", "rejected", "reason",
			reason ? reason : "rejected by a person");
		char *text = json_dumps(res, JSON_COMPACT);
		json_array_append_new(out, json_pack("{s:s, s:O, s:O, s:s}", "role", "tool",
			"tool_call_id", json_object_get(c, "id"), "name", json_object_get(c, "name"),
			"content", text));
		free(text);
		json_decref(res);
	}
	json_t *p = json_pack("{s:s, s:s}", "thread", thread, "reason", reason ? reason : "");
	wa_event_emit(ws, "agent.rejected", a->client, thread, NULL, p, &ignored);
	json_decref(p);
	return json_pack("{s:o}", "messages", out);
}

/* what a line puts into the thread: a message, an approval (a resume),
 * a rejection; a new object, or NULL (resume) */
static json_t *turn_input(agent *a, wa_ws *ws, json_t *in, json_t *before, const char *thread,
	int *resume)
{
	const char *message = json_string_value(json_object_get(in, "message"));
	json_t *input;

	if (json_is_true(json_object_get(in, "approve")) && !message) {
		*resume = 1;
		return NULL;
	}
	if (!message)
		return json_is_true(json_object_get(in, "reject")) ?
			rejection_new(a, ws, in, before, thread) : NULL;
	input = json_pack("{s:[{s:s, s:s}]}", "messages", "role", "user", "content", message);
	/* a thread's first turn names its config, so that approve and resume
	 * find it even if the turn is cut short */
	if (!before)
		json_object_set_new(input, "config", json_string(a->path));
	/* a handoff is the turn's that made it */
	if (json_is_true(json_object_get(before, "handoff")))
		json_object_set_new(input, "handoff", json_false());
	return input;
}

/* the line out for a turn that ran (rc 0) or failed */
static json_t *turn_output(wa_graph_result *r, int rc, size_t from, const char *thread,
	wa_err *err)
{
	const char *status = rc ? "error" : r->status;
	json_t *empty = json_object(), *out;

	if (!rc && json_is_true(json_object_get(r->state, "handoff")))
		status = "handoff";
	out = turn_json(r->state ? r->state : empty, from, thread, status);
	json_decref(empty);
	if (rc) {
		json_object_set_new(out, "error", json_string(err->msg));
		json_object_set_new(out, "code", json_integer(err->code));
	}
	if (!rc && !strcmp(r->status, "interrupted")) {
		json_t *msgs = json_object_get(r->state, "messages");
		json_object_set(out, "pending", json_object_get(json_array_get(msgs,
			json_array_size(msgs) - 1), "tool_calls"));
	}
	return out;
}

/* nothing awaits approval: the last message has no tool calls */
static int nothing_pending(json_t *before)
{
	json_t *msgs = json_object_get(before, "messages");

	return !json_array_size(json_object_get(json_array_get(msgs, json_array_size(msgs) - 1),
		"tool_calls"));
}

json_t *agent_turn(agent *a, wa_ws *ws, json_t *in, wa_err *err)
{
	const char *thread = json_string_value(json_object_get(in, "thread"));
	const char *message = json_string_value(json_object_get(in, "message"));
	int approve = json_is_true(json_object_get(in, "approve"));
	int reject = json_is_true(json_object_get(in, "reject"));
	int resume = json_is_true(json_object_get(in, "resume"));
	double t0 = mono_ms();
	wa_graph_result r;
	json_t *input, *before, *out;

	if (!thread || (!message && !approve && !reject && !resume)) {
		wa_err_set(err, WA_EX_DATAERR, "a line needs \"thread\" and \"message\", "
			"\"approve\" or \"reject\"");
		return json_pack("{s:s?, s:s, s:s}", "thread", thread, "status", "error", "error",
			err->msg);
	}
	a->now_ms = wa_clock_now_ms();
	before = wa_graph_state_latest(a->graph, ws, thread, err);
	wa_err_clear(err);
	size_t from = before ? json_array_size(json_object_get(before, "messages")) : 0;
	if ((approve || reject) && !message && nothing_pending(before)) {
		wa_err_set(err, WA_EX_DATAERR, "thread %s: nothing awaits approval", thread);
		json_decref(before);
		return json_pack("{s:s, s:s, s:s}", "thread", thread, "status", "error", "error",
			err->msg);
	}
	input = turn_input(a, ws, in, before, thread, &resume);
	json_decref(before);
	turn_ctx ctx = { .from = from, .t0 = t0 };
	current = &ctx;
	a->prompt_tokens = a->completion_tokens = -1;
	int rc = wa_graph_invoke(a->graph, ws, thread, input, resume, approve, a->recursion_limit,
		&r, err);
	current = NULL;
	json_decref(input);
	out = turn_output(&r, rc, from, thread, err);
	double ms = round((mono_ms() - t0) * 1000) / 1000;
	json_object_set_new(out, "latency_ms", json_real(ms));
	wa_err rerr = WA_ERR_INIT;
	if (!ctx.recorded)
		record(ws, a, thread, json_string_value(json_object_get(out, "status")), ms, r.steps,
			(int)json_array_size(json_object_get(out, "tool_calls")), &rerr);
	wa_graph_result_free(&r);
	return out;
}

static const cli_opt run_opts[] = { AGENT_TURN_OPTS, { 0 } };

const cli_command agent_run_cmd = {
	.name = "wa-agent run",
	.synopsis = "[-w WORKSPACE] [--fsync] [--pii-key-file FILE] [--pii-clear] CONFIG < LINES",
	.about = "The NDJSON protocol for programs: a turn for each line in, {\"thread\", "
		"\"message\"}, {\"thread\", \"approve\": true} or {\"thread\", \"reject\": true, "
		"\"reason\"}, and one JSON line out for it: {thread, reply, tool_calls, status, "
		"pending, error, latency_ms}.",
	.opts = run_opts,
	.exits = "0 ok, 64 usage, 65 a line not a JSON object or a turn the model server "
		"refused (each answered), 69 the model server unavailable, 77 its key refused, "
		"78 a bad config",
	.see = "wa-agent(1)",
};

static int run_option(void *ctx, int key, const char *arg)
{
	agent_turn_option(key, arg, ctx);
	return 0;
}

/* One line of the protocol: the turn's line out; a model server down or
 * refusing the key sets *rc (the turns wait, checkpointed, and the exit
 * status says why). */
static json_t *run_line(agent *a, wa_ws *ws, const char *line, long number, int *rc,
	long *bad)
{
	wa_err err = WA_ERR_INIT;
	json_error_t je;
	json_t *in = json_loads(line, 0, &je), *out;

	if (!in || !json_is_object(in)) {
		wa_err_set(&err, WA_EX_DATAERR, "line %ld: %s", number, in ?
			"a line must be a JSON object" : je.text);
		cli_error("%s", err.msg);
		++*bad;
	}
	out = err.code ? json_pack("{s:s, s:s}", "status", "error", "error", err.msg) :
		agent_turn(a, ws, in, &err);
	if ((err.code == WA_EX_UNAVAILABLE || err.code == WA_EX_NOPERM ||
	    err.code == WA_EX_CONFIG) && !*rc) {
		*rc = err.code;
		cli_error("line %ld: %s", number, err.msg);
	} else if (err.code && in && json_is_object(in)) {
		/* a turn that failed otherwise (the model server refused the
		 * request): answered, said, and counted in the exit status */
		cli_error("line %ld: %s", number, err.msg);
		++*bad;
	}
	json_decref(in);
	return out;
}

int agent_run_main(int argc, char **argv)
{
	cli_common o;
	int first, fsync_each = 0, rc = cli_parse(&agent_run_cmd, argc, argv, &o, run_option,
		&fsync_each, &first);
	agent a;
	wa_ws *ws = NULL;
	char *line = NULL;
	size_t cap = 0;
	long number = 0, bad = 0;

	if (rc >= 0)
		return rc;
	if (first + 1 != argc)
		return cli_usage_error("give one CONFIG");
	if ((rc = agent_open(&a, argv[first], &o, fsync_each, &ws)))
		return rc;
	while (getline(&line, &cap, stdin) > 0) {
		json_t *out = run_line(&a, ws, line, ++number, &rc, &bad);
		char *s = json_dumps(out, JSON_COMPACT | JSON_REAL_PRECISION(10));
		puts(s);
		fflush(stdout);
		free(s);
		json_decref(out);
	}
	free(line);
	agent_free(&a);
	wa_ws_close(ws);
	/* bad lines were answered with an error each; the status says so,
	 * as the other filters' do, unless something worse happened */
	if (!rc && bad)
		rc = WA_EX_DATAERR;
	return ferror(stdout) ? WA_EX_IOERR : rc;
}
