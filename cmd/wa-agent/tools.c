/* tools.c - the tools node: each pending call checked against its tool's
 * parameters, then run as a graph task, so that a call whose result was
 * recorded before a crash is not made again: the built-in tools write to
 * the workspace in the task's own transaction, command tools run outside
 * one and are given the call's idempotency key.  Every outcome, errors
 * included, becomes a tool message the model reads. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "agent/calendar.h"
#include "agent/graph.h"
#include "agent/kb.h"
#include "agent/orders.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "json/json.h"
#include "json/schema.h"
#include "ws/event.h"
#include "ws/ws.h"

#define COMMAND_OUTPUT_MAX (1 << 20)
/* how much of a question (by the weight of its words) the best passage
 * must match to be taken as its answer */
#define KB_ANSWERS 0.4

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

/* The search's answer to the model: the results when the best answers
 * the question, else not_found, with the words of the question nothing
 * in the knowledge base has (missing), rather than a near miss. */
static json_t *kb_answer(json_t *hits)
{
	json_t *top = json_array_get(hits, 0);
	json_t *missing = json_object_get(top, "missing");
	int graph = !strcmp(json_string_value(json_object_get(top, "source")) ?
		json_string_value(json_object_get(top, "source")) : "", "graph");

	const char *apart = json_string_value(json_object_get(top, "apart"));

	if (top && !json_array_size(missing) && !apart && (graph ||
	    json_number_value(json_object_get(top, "coverage")) >= KB_ANSWERS))
		return json_pack("{s:s, s:o}", "status", "ok", "results", hits);
	/* why: nothing at all, a thing it never mentions, words of the
	 * question it says apart, or too little */
	json_t *out = json_pack("{s:s, s:s}", "status", "not_found", "reason", !top ? "nothing" :
		json_array_size(missing) ? "missing" : apart ? "apart" : "weak");
	if (json_array_size(missing))
		json_object_set(out, "missing", missing);
	json_decref(hits);
	return out;
}

static json_t *run_builtin(const agent *a, wa_ws *ws, const char *builtin, json_t *args,
	const char *thread, wa_err *err)
{
	if (!strcmp(builtin, "book_appointment"))
		return book(a, ws, args, thread, err);
	if (!strcmp(builtin, "move_appointment")) {
		static const char *const when_keys[] = { "when", "datetime", "start", NULL };
		static const char *const phone_keys[] = { "phone", NULL };
		const char *when = arg(args, when_keys);
		int y, m, d, h, min;
		json_t *r = NULL;
		if (!a->calendar)
			return json_pack("{s:s, s:s}", "status", "error", "error",
				"the agent has no calendar");
		if (!when || sscanf(when, "%4d-%2d-%2dT%2d:%2d", &y, &m, &d, &h, &min) != 5)
			return json_pack("{s:s, s:s}", "status", "error", "error",
				"when: a time YYYY-MM-DDTHH:MM is needed");
		return wa_calendar_move(a->calendar, ws, arg(args, phone_keys), y, m, d, h, min,
			thread, &r, err) ? NULL : r;
	}
	if (!strcmp(builtin, "echo"))
		return json_pack("{s:s, s:O}", "status", "ok", "echo", args);
	if (!strcmp(builtin, "kb_search")) {
		static const char *const keys[] = { "query", "q", "question", NULL };
		const char *q = arg(args, keys);
		wa_kb_embed e;
		if (!q || !*q)
			return json_pack("{s:s, s:s}", "status", "error", "error", "query: what to look for");
		wa_kb_embed_from_env(&e);
		wa_err kerr = WA_ERR_INIT;
		json_t *hits = wa_kb_search_new(ws, a->client, q, 3, &e, &kerr);
		if (!hits)      /* the model hears the search failed; the turn goes on */
			return json_pack("{s:s, s:s}", "status", "error", "error", kerr.msg);
		return kb_answer(hits);
	}
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
		long long id = wa_orders_lead(ws, a->client, thread, args, err);
		return id < 0 ? NULL : json_pack("{s:s, s:I}", "status", "captured", "id",
			(json_int_t)id);
	}
	if (!strcmp(builtin, "lookup_order")) {
		json_t *o = json_object_get(args, "order");
		char no[64];
		if (json_is_integer(o))
			snprintf(no, sizeof no, "%lld", (long long)json_integer_value(o));
		else
			snprintf(no, sizeof no, "%s", json_string_value(o) ? json_string_value(o) : "");
		return wa_orders_lookup_new(ws, a->client, no, err);
	}
	if (!strcmp(builtin, "handoff_to_human")) {
		json_t *payload = json_pack("{s:s, s:O}", "thread", thread, "arguments", args);
		int rc = wa_event_emit(ws, "agent.handoff", a->client, thread, NULL, payload, err);
		json_decref(payload);
		return rc ? NULL : json_pack("{s:s}", "status", "handed_off");
	}
	if (!strcmp(builtin, "end_conversation"))
		return json_pack("{s:s}", "status", "ended");
	return json_pack("{s:s, s:s}", "status", "error", "error", "unknown built-in tool");
}

/* ---- command tools: a program given the arguments on stdin ---- */

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static json_t *tool_error(const char *fmt, const char *what, long n)
{
	char msg[256];

	snprintf(msg, sizeof msg, fmt, what, n);
	return json_pack("{s:s, s:s}", "status", "error", "error", msg);
}

/* The environment a command tool gets: not wa-agent's (which holds
 * WA_PII_KEY, WA_LLM_API_KEY and the other secrets), but PATH, HOME, the
 * locale and time zone, the call's WA_IDEMPOTENCY_KEY, WA_THREAD and
 * WA_TOOL, and the variables the tool's "env" names.  Made before the
 * fork (nothing allocates in the child); free with free_env. */
static char **tool_env(json_t *tool, const char *thread, const char *key)
{
	static const char *const always[] = { "PATH", "HOME", "LANG", "LANGUAGE", "TZ", NULL };
	extern char **environ;
	json_t *names = json_object_get(tool, "env"), *v;
	size_t n = 0, cap = 16 + json_array_size(names), i;
	char **env = wa_mem_alloc(cap * sizeof *env);
	wa_buf b;

	for (char **e = environ; *e; e++) {
		size_t len = strcspn(*e, "=");
		int keep = !strncmp(*e, "LC_", 3);
		for (const char *const *a = always; *a && !keep; a++)
			keep = strlen(*a) == len && !strncmp(*e, *a, len);
		json_array_foreach(names, i, v)
			if (!keep && strlen(json_string_value(v)) == len &&
			    !strncmp(*e, json_string_value(v), len))
				keep = 1;
		if (keep) {
			if (n + 4 >= cap)
				env = wa_mem_realloc(env, (cap *= 2) * sizeof *env);
			env[n++] = wa_mem_strdup(*e);
		}
	}
	if (!getenv("PATH"))
		env[n++] = wa_mem_strdup("PATH=/usr/local/bin:/usr/bin:/bin");
	wa_buf_init(&b);
	wa_buf_addf(&b, "WA_IDEMPOTENCY_KEY=%s", key);
	env[n++] = wa_buf_detach(&b, NULL);
	wa_buf_addf(&b, "WA_THREAD=%s", thread);
	env[n++] = wa_buf_detach(&b, NULL);
	wa_buf_addf(&b, "WA_TOOL=%s", json_string_value(json_object_get(tool, "name")));
	env[n++] = wa_buf_detach(&b, NULL);
	env[n] = NULL;
	return env;
}

static void free_env(char **env)
{
	for (char **e = env; *e; e++)
		free(*e);
	free(env);
}

/* Start the tool's command in its own environment (tool_env), *to its
 * stdin and *from its stdout: its pid, or -1 with err.  A relative path
 * with a slash is the config's directory's. */
static pid_t spawn(const agent *a, json_t *tool, const char *thread, const char *key, int *to,
	int *from, wa_err *err)
{
	json_t *cmd = json_object_get(tool, "command");
	const char *name = json_string_value(json_object_get(tool, "name"));
	size_t argc = json_array_size(cmd);
	char **argv = wa_mem_alloc((argc + 1) * sizeof *argv), *prog = NULL;
	int in[2], out[2];

	for (size_t i = 0; i < argc; i++)
		argv[i] = (char *)json_string_value(json_array_get(cmd, i));
	argv[argc] = NULL;
	if (argv[0][0] != '/' && strchr(argv[0], '/') && a->dir) {
		wa_buf b;
		wa_buf_init(&b);
		wa_buf_addf(&b, "%s/%s", a->dir, argv[0]);
		argv[0] = prog = wa_buf_detach(&b, NULL);
	}
	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) {
		free(argv);
		free(prog);
		wa_err_set(err, WA_EX_SOFTWARE, "tool %s: pipe: %s", name, strerror(errno));
		return -1;
	}
	char **env = tool_env(tool, thread, key);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		signal(SIGPIPE, SIG_DFL);
		execvpe(argv[0], argv, env);
		fprintf(stderr, "wa-agent: tool %s: %s: %s\n", name, argv[0], strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	free(argv);
	free(prog);
	free_env(env);
	if (pid < 0) {
		close(in[1]);
		close(out[0]);
		wa_err_set(err, WA_EX_SOFTWARE, "tool %s: fork: %s", name, strerror(errno));
		return -1;
	}
	*to = in[1];
	*from = out[0];
	return pid;
}

enum { EXCHANGED, TIMED_OUT, TOO_BIG };

/* Write input to the child (to) while reading its output (from) until
 * it closes its stdout, within timeout seconds and COMMAND_OUTPUT_MAX
 * bytes; both descriptors closed.  EXCHANGED, TIMED_OUT or TOO_BIG. */
static int exchange(int to, int from, const wa_buf *input, wa_buf *output, double timeout)
{
	double deadline = now_s() + timeout;
	void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);
	size_t sent = 0;
	int how = EXCHANGED;

	fcntl(to, F_SETFL, O_NONBLOCK);
	while (from >= 0 && how == EXCHANGED) {
		struct pollfd p[2] = { { from, POLLIN, 0 }, { to, POLLOUT, 0 } };
		double left = deadline - now_s();
		if (left <= 0) {
			how = TIMED_OUT;
			break;
		}
		if (poll(p, to >= 0 ? 2 : 1, (int)(left * 1000) + 1) < 0 && errno != EINTR)
			break;
		if (to >= 0 && p[1].revents) {
			ssize_t n = write(to, input->data + sent, input->len - sent);
			if (n > 0)
				sent += (size_t)n;
			if ((n < 0 && errno != EAGAIN) || sent == input->len) {
				close(to);
				to = -1;
			}
		}
		if (p[0].revents) {
			char chunk[8192];
			ssize_t n = read(from, chunk, sizeof chunk);
			if (n <= 0 && !(n < 0 && errno == EINTR)) {
				close(from);
				from = -1;
			} else if (n > 0 && output->len + (size_t)n > COMMAND_OUTPUT_MAX) {
				how = TOO_BIG;
			} else if (n > 0) {
				wa_buf_add(output, chunk, (size_t)n);
			}
		}
	}
	signal(SIGPIPE, old_pipe);
	if (to >= 0)
		close(to);
	if (from >= 0)
		close(from);
	return how;
}

/* what the command's run gives the model: its JSON output (an object,
 * or {"status": "ok", "output": ...}), or the failure */
static json_t *command_result(const char *name, int how, int status, const wa_buf *output,
	double timeout)
{
	char msg[300];
	json_error_t je;
	json_t *r;

	if (how == TIMED_OUT) {
		snprintf(msg, sizeof msg, "%s: no answer within %g s", name, timeout);
		return json_pack("{s:s, s:s}", "status", "error", "error", msg);
	}
	if (how == TOO_BIG)
		return tool_error("%s: more than %ld bytes of output", name, COMMAND_OUTPUT_MAX);
	if (WIFSIGNALED(status))
		return tool_error("%s: killed by signal %ld", name, WTERMSIG(status));
	if (WEXITSTATUS(status))
		return tool_error("%s: exit status %ld", name, WEXITSTATUS(status));
	r = json_loadb(output->data ? output->data : "", output->len, JSON_DECODE_ANY, &je);
	if (!r) {
		snprintf(msg, sizeof msg, "%s: its output is not JSON: %s", name, je.text);
		return json_pack("{s:s, s:s}", "status", "error", "error", msg);
	}
	if (!json_is_object(r))
		r = json_pack("{s:s, s:o}", "status", "ok", "output", r);
	return r;
}

/* Run the tool's command with args (JSON) on its stdin; its stdout (JSON,
 * at most 1 MiB) is the result.  A failure of the program is a result
 * too ({"status": "error"}); NULL with err only when it cannot be
 * started. */
static json_t *run_command(const agent *a, json_t *tool, json_t *args, const char *thread,
	const char *key, wa_err *err)
{
	const char *name = json_string_value(json_object_get(tool, "name"));
	double timeout = json_is_number(json_object_get(tool, "timeout")) ?
		json_number_value(json_object_get(tool, "timeout")) : 30;
	int to, from, status = 0;
	pid_t pid = spawn(a, tool, thread, key, &to, &from, err);

	if (pid < 0)
		return NULL;
	wa_buf input, output;
	wa_buf_init(&input);
	wa_buf_init(&output);
	wa_json_append(&input, args);
	wa_buf_addc(&input, '\n');
	int how = exchange(to, from, &input, &output, timeout);
	if (how != EXCHANGED)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	json_t *r = command_result(name, how, status, &output, timeout);
	wa_buf_free(&input);
	wa_buf_free(&output);
	return r;
}

/* ---- the node ---- */

typedef struct call_task {
	const agent *a;
	json_t *tool, *args;
	const char *thread;
} call_task;

static json_t *builtin_task(wa_ws *ws, const char *key, void *arg, wa_err *err)
{
	call_task *c = arg;

	(void)key;
	return run_builtin(c->a, ws, json_string_value(json_object_get(c->tool, "builtin")),
		c->args, c->thread, err);
}

static json_t *command_task(wa_ws *ws, const char *key, void *arg, wa_err *err)
{
	call_task *c = arg;

	(void)ws;
	if (!strcmp(json_string_value(json_object_get(c->tool, "kind")), "http"))
		return agent_http_call(c->a, c->tool, c->args, key, err);
	return run_command(c->a, c->tool, c->args, c->thread, key, err);
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
		const char *id = json_string_value(json_object_get(call, "id"));
		json_t *tool = agent_tool(a, name), *args = json_object_get(call, "arguments");
		json_t *result = NULL;
		if (json_is_string(json_object_get(call, "arguments_error"))) {
			/* the model's arguments were no JSON object: it hears why */
			result = json_pack("{s:s, s:O}", "status", "error", "error",
				json_object_get(call, "arguments_error"));
		} else if (!tool) {
			result = json_pack("{s:s, s:s}", "status", "error", "error", "no such tool");
		} else if (json_is_false(json_object_get(tool, "available"))) {
			result = json_pack("{s:s, s:s}", "status", "error", "error",
				"this tool is not available");
		} else if (i >= (size_t)a->max_tool_calls) {
			result = json_pack("{s:s, s:s}", "status", "error", "error",
				"too many tool calls in one turn");
		} else {
			json_t *params = json_object_get(tool, "parameters");
			wa_err verr = WA_ERR_INIT;
			wa_schema *s = params ? wa_schema_new(params, NULL, &verr) : NULL;
			if (s && wa_schema_check(s, args, &verr))
				result = json_pack("{s:s, s:s}", "status", "error", "error", verr.msg);
			wa_schema_free(s);
		}
		if (!result) {
			call_task c = { a, tool, args, thread ? thread : "" };
			const char *kind = json_string_value(json_object_get(tool, "kind"));
			int ran;
			/* command and http tools run outside any transaction */
			int outside = !strcmp(kind, "command") || !strcmp(kind, "http");
			if (!id || wa_graph_task(ws, c.thread, id, outside ? WA_TASK_OUTSIDE :
			    WA_TASK_ATOMIC, outside ? command_task : builtin_task, &c, &result, &ran,
			    err)) {
				if (!id)
					wa_err_set(err, WA_EX_SOFTWARE, "tool call without an id");
				json_decref(out);
				return -1;      /* the step did not happen; resume retries it */
			}
		}
		const char *status = json_string_value(json_object_get(result, "status"));
		if (status && !strcmp(status, "handed_off"))
			json_object_set_new(update, "handoff", json_true());
		if (status && !strcmp(status, "ended"))
			json_object_set_new(update, "ended", json_true());
		wa_buf content;
		wa_buf_init(&content);
		wa_json_append(&content, result);
		json_array_append_new(out, json_pack("{s:s, s:s?, s:s, s:s}", "role", "tool",
			"tool_call_id", id, "name", name ? name : "", "content", content.data));
		wa_buf_free(&content);
		json_decref(result);
	}
	json_object_set_new(update, "messages", out);
	return 0;
}
