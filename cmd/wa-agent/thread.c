/* thread.c - the commands on one thread of the workspace: approve (or
 * reject) a pending call, resume after a crash, show the state and the
 * checkpoint history, and fork an earlier state into a new thread.  The
 * thread's conversation row names its config, so only the thread id is
 * needed; --config overrides it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"
#include "agent/conversation.h"
#include "agent/graph.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "ws/ws.h"

enum { O_REJECT = CLI_OWN, O_REASON, O_JSON, O_AT, O_AS, O_CONFIG };

#define CONFIG_OPT { "config", O_CONFIG, "FILE", "the config, not the one the thread ran with" }

static const cli_opt approve_opts[] = {
	{ "reject", O_REJECT, NULL, "refuse the call instead" },
	{ "reason", O_REASON, "TEXT", "why it is refused" },
	CONFIG_OPT, AGENT_TURN_OPTS, { 0 },
};
static const cli_opt resume_opts[] = { CONFIG_OPT, AGENT_TURN_OPTS, { 0 } };
static const cli_opt history_opts[] = { { "json", O_JSON, NULL, "a JSON line a checkpoint" },
	{ 0 } };
static const cli_opt state_opts[] = { { "at", O_AT, "CHECKPOINT", "as it was then" }, { 0 } };
static const cli_opt fork_opts[] = {
	{ "at", O_AT, "CHECKPOINT", "from that checkpoint (the latest)" },
	{ "as", O_AS, "NEW-THREAD", "the new thread's id (THREAD-fork-N)" },
	CONFIG_OPT, { 0 },
};

#define THREAD_EXITS "0 ok, 64 usage, 65 nothing to approve or resume, 66 no such thread or " \
	"checkpoint, 78 a bad config"

const cli_command agent_approve_cmd = { .name = "wa-agent approve",
	.synopsis = "THREAD [--reject [--reason TEXT]] [--config FILE] [--fsync]"
		" [--pii-key-file FILE] [--pii-clear]",
	.about = "Decide on the tool call that waits for a person's approval: run it, or with "
		"--reject answer it refused; the turn goes on and is printed as run prints it.",
	.opts = approve_opts, .exits = THREAD_EXITS, .see = "wa-agent(1)" };
const cli_command agent_resume_cmd = { .name = "wa-agent resume",
	.synopsis = "THREAD [--config FILE] [--fsync] [--pii-key-file FILE] [--pii-clear]",
	.about = "Go on with a turn a crash cut short, from its last checkpoint.",
	.opts = resume_opts, .exits = THREAD_EXITS, .see = "wa-agent(1)" };
const cli_command agent_history_cmd = { .name = "wa-agent history",
	.synopsis = "THREAD [--json]",
	.about = "The thread's checkpoints, oldest first: each step's node, what it added and "
		"removed, and where a fork came from.",
	.opts = history_opts, .exits = THREAD_EXITS, .see = "wa-agent(1)" };
const cli_command agent_state_cmd = { .name = "wa-agent state",
	.synopsis = "THREAD [--at CHECKPOINT]",
	.about = "The thread's state as JSON: its messages and channels, now or --at a "
		"checkpoint.",
	.opts = state_opts, .exits = THREAD_EXITS, .see = "wa-agent(1)" };
const cli_command agent_fork_cmd = { .name = "wa-agent fork",
	.synopsis = "THREAD [--at CHECKPOINT] [--as NEW-THREAD] [--config FILE]",
	.about = "A new thread from the thread's state at a checkpoint, talking to the same "
		"agent (or --config's); prints the new thread's id.",
	.opts = fork_opts, .exits = THREAD_EXITS, .see = "wa-agent(1)" };

typedef struct thread_args {
	cli_common o;
	const char *thread, *reason, *as, *config;
	int reject, json, fsync_each;
	long at;
	wa_ws *ws;
} thread_args;

static int option(void *ctx, int key, const char *arg)
{
	thread_args *t = ctx;

	if (agent_turn_option(key, arg, &t->fsync_each))
		return 0;
	switch (key) {
	case O_REJECT: t->reject = 1; return 0;
	case O_REASON: t->reason = arg; return 0;
	case O_JSON: t->json = 1; return 0;
	case O_AS: t->as = arg; return 0;
	case O_CONFIG: t->config = arg; return 0;
	default: return cli_arg_long("at", arg, 1, 1000000000, &t->at);
	}
}

/* parse, and open the workspace: -1 to go on, else the exit code */
static int open_thread(const cli_command *c, int argc, char **argv, thread_args *t)
{
	wa_err err = WA_ERR_INIT;
	int first, rc = cli_parse(c, argc, argv, &t->o, option, t, &first);

	if (rc >= 0)
		return rc;
	if (first + 1 != argc)
		return cli_usage_error("give one THREAD");
	if (t->reason && !t->reject)
		return cli_usage_error("--reason goes with --reject");
	t->thread = argv[first];
	if (wa_ws_open(wa_ws_default_path(t->o.workspace), agent_ws_flags(t->fsync_each), &t->ws,
	    &err))
		return cli_report(&err);
	return -1;
}

static int finish(thread_args *t, int rc, wa_err *err)
{
	if (rc)
		rc = cli_report(err);
	wa_ws_close(t->ws);
	int out = cli_flush();
	return rc ? rc : out;
}

static void print_json(json_t *v, int pretty)
{
	char *s = json_dumps(v, pretty ? JSON_INDENT(2) : JSON_COMPACT);

	puts(s);
	free(s);
}

static void print_history(json_t *h, int json)
{
	size_t i;
	json_t *c;

	if (!json)
		printf("%-5s %-6s %-5s %-10s %-10s %-11s %5s %5s  %s\n", "CKPT", "PARENT", "STEP",
			"NODE", "NEXT", "STATUS", "+MSG", "-MSG", "AT");
	json_array_foreach(h, i, c) {
		if (json) {
			char *s = json_dumps(c, JSON_COMPACT);
			puts(s);
			free(s);
			continue;
		}
		char parent[24] = "-";
		if (json_is_integer(json_object_get(c, "parent")))
			snprintf(parent, sizeof parent, "%lld",
				(long long)json_integer_value(json_object_get(c, "parent")));
		printf("%-5lld %-6s %-5lld %-10s %-10s %-11s %5lld %5lld  %s",
			(long long)json_integer_value(json_object_get(c, "checkpoint")), parent,
			(long long)json_integer_value(json_object_get(c, "step")),
			json_string_value(json_object_get(c, "node")),
			json_string_value(json_object_get(c, "next")),
			json_string_value(json_object_get(c, "status")),
			(long long)json_integer_value(json_object_get(c, "added")),
			(long long)json_integer_value(json_object_get(c, "removed")),
			json_string_value(json_object_get(c, "created_at")));
		json_t *from = json_object_get(c, "forked_from");
		if (from)
			printf("  (forked from %s at %lld)", json_string_value(json_object_get(from,
				"thread")), (long long)json_integer_value(json_object_get(from,
				"checkpoint")));
		putchar('\n');
	}
}

int agent_history_main(int argc, char **argv)
{
	thread_args t = { 0 };
	wa_err err = WA_ERR_INIT;
	int rc = open_thread(&agent_history_cmd, argc, argv, &t);

	if (rc >= 0)
		return rc;
	json_t *h = wa_graph_history_new(t.ws, t.thread, &err);
	if (h)
		print_history(h, t.json);
	json_decref(h);
	return finish(&t, h ? 0 : -1, &err);
}

int agent_state_main(int argc, char **argv)
{
	thread_args t = { 0 };
	wa_err err = WA_ERR_INIT;
	int rc = open_thread(&agent_state_cmd, argc, argv, &t);

	if (rc >= 0)
		return rc;
	json_t *s = wa_graph_state_new(t.ws, t.thread, t.at, &err);
	if (s)
		print_json(s, t.o.pretty || isatty(1));
	json_decref(s);
	return finish(&t, s ? 0 : -1, &err);
}

int agent_fork_main(int argc, char **argv)
{
	thread_args t = { 0 };
	wa_err err = WA_ERR_INIT;
	char made[128];
	int rc = open_thread(&agent_fork_cmd, argc, argv, &t);

	if (rc >= 0)
		return rc;
	if (!t.as) {            /* THREAD-fork-N, the first N free */
		for (int n = 1; ; n++) {
			snprintf(made, sizeof made, "%s-fork-%d", t.thread, n);
			json_t *h = wa_graph_history_new(t.ws, made, &err);
			wa_err_clear(&err);
			json_decref(h);
			if (!h)
				break;
		}
		t.as = made;
	}
	/* the fork talks to the same agent */
	rc = wa_graph_fork(t.ws, t.thread, t.at, t.as, &err) ||
		wa_conversation_fork(t.ws, t.thread, t.as, t.config, &err) ? -1 : 0;
	if (!rc)
		puts(t.as);
	return finish(&t, rc, &err);
}

/* approve, reject or resume: a turn of the thread's agent */
static int turn(thread_args *t, const char *what, wa_err *err)
{
	char *path = t->config ? wa_mem_strdup(t->config) :
		wa_conversation_config_new(t->ws, t->thread, err);
	agent a;
	int rc;

	memset(&a, 0, sizeof a);
	rc = !path || wa_clock_init(err) || agent_load(&a, path, err) ? -1 : 0;
	free(path);
	if (!rc) {
		json_t *in = json_pack("{s:s, s:b}", "thread", t->thread, what, 1);
		if (t->reason)
			json_object_set_new(in, "reason", json_string(t->reason));
		json_t *out = agent_turn(&a, t->ws, in, err);
		print_json(out, t->o.pretty);
		rc = strcmp(json_string_value(json_object_get(out, "status")), "error") ? 0 : -1;
		json_decref(out);
		json_decref(in);
	}
	agent_free(&a);
	return rc;
}

int agent_approve_main(int argc, char **argv)
{
	thread_args t = { 0 };
	wa_err err = WA_ERR_INIT;
	int rc = open_thread(&agent_approve_cmd, argc, argv, &t);

	if (rc >= 0)
		return rc;
	return finish(&t, turn(&t, t.reject ? "reject" : "approve", &err), &err);
}

int agent_resume_main(int argc, char **argv)
{
	thread_args t = { 0 };
	wa_err err = WA_ERR_INIT;
	int rc = open_thread(&agent_resume_cmd, argc, argv, &t);

	if (rc >= 0)
		return rc;
	return finish(&t, turn(&t, "resume", &err), &err);
}
