/* chat.c - "wa-agent chat": a conversation with an agent on a terminal,
 * one thread of the workspace, with line editing and history (libedit)
 * and a few slash commands.  Piped, it reads plain lines and prints the
 * agent's, so a transcript can be scripted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"

#include "agent/graph.h"
#include "base/lazy.h"
#include "base/err.h"
#include "cli/cli.h"
#include "ws/ws.h"

enum { O_THREAD = CLI_OWN };

static const cli_opt opts[] = {
	{ "thread", O_THREAD, "ID", "go on with thread ID (default: a new one)" },
	AGENT_TURN_OPTS,
	{ 0 },
};

static const char commands[] =
	"  /reset            a new conversation (a new thread)\n"
	"  /state            the thread's state as JSON\n"
	"  /history          its checkpoints\n"
	"  /approve          run the call waiting for approval\n"
	"  /reject [REASON]  refuse it\n"
	"  /thread           the thread's id (for wa-agent approve, fork...)\n"
	"  /quit             leave (so does end of input)\n";

const cli_command agent_chat_cmd = {
	.name = "wa-agent chat",
	.synopsis = "[-w WORKSPACE] [--thread ID] [--fsync] [--pii-key-file FILE] [--pii-clear] "
		"CONFIG",
	.about = "Talk to the agent CONFIG describes.  Each line you type is a turn; the "
		"agent's reply follows, with the tools it called.  /help lists the commands: "
		"/reset, /state, /history, /approve, /reject [REASON], /thread, /quit.  Piped, "
		"it reads plain lines, so a transcript can be scripted.",
	.opts = opts,
	.exits = "0 ok, 64 usage, 78 a bad config",
	.see = "wa-agent(1)",
};

typedef struct chat {
	char thread[128];
	int fsync_each;
	agent a;
	wa_ws *ws;
} chat;

static int option(void *ctx, int key, const char *arg)
{
	chat *c = ctx;

	if (!agent_turn_option(key, arg, &c->fsync_each))
		snprintf(c->thread, sizeof c->thread, "%s", arg);
	return 0;
}

static void new_thread(char *out, size_t n)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	struct tm tm;
	gmtime_r(&t.tv_sec, &tm);
	snprintf(out, n, "chat-%04d%02d%02d-%02d%02d%02d-%04ld", tm.tm_year + 1900, tm.tm_mon + 1,
		tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (t.tv_nsec / 1000) % 10000);
}

/* an answer streamed by the model server: printed as it comes */
typedef struct stream {
	int started;
} stream;

static void on_text(const char *text, size_t len, void *user)
{
	stream *st = user;

	if (!st->started)
		fputs("agent> ", stdout);
	st->started = 1;
	fwrite(text, 1, len, stdout);
	fflush(stdout);
}

static void show(json_t *out, int tty, int streamed)
{
	const char *dim = tty ? "\033[2m" : "", *off = tty ? "\033[0m" : "";
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(out, "tool_calls"), i, c) {
		char *args = json_dumps(json_object_get(c, "arguments"), JSON_COMPACT);
		json_t *res = json_object_get(c, "result");
		printf("%s  [%s %s -> %s]%s\n", dim, json_string_value(json_object_get(c, "name")),
			args ? args : "{}", json_is_null(res) || !res ? "waiting" :
			json_string_value(json_object_get(res, "status")) ?
			json_string_value(json_object_get(res, "status")) : "done", off);
		free(args);
	}
	const char *status = json_string_value(json_object_get(out, "status"));
	const char *reply = json_string_value(json_object_get(out, "reply"));
	if (reply && *reply && !streamed)
		printf("agent> %s\n", reply);
	if (!strcmp(status, "interrupted"))
		json_array_foreach(json_object_get(out, "pending"), i, c)
			printf("  (%s needs a person's approval: /approve or /reject REASON)\n",
				json_string_value(json_object_get(c, "name")));
	else if (!strcmp(status, "handoff"))
		printf("  (handed over to a person)\n");
	else if (!strcmp(status, "error"))
		printf("  (error: %s)\n", json_string_value(json_object_get(out, "error")));
	fflush(stdout);
}

/* libedit, loaded only for a terminal (base/lazy.h) */
static union {
	void *syms[2];
	struct {
		char *(*readline)(const char *prompt);
		int (*add_history)(const char *line);
	} f;
} edit;
static const char *const edit_names[] = { "readline", "add_history", NULL };
static wa_lazy libedit = { "libedit.so.2", edit_names, edit.syms, 0 };
_Static_assert(sizeof edit.syms == sizeof edit.f, "a pointer a function");
_Static_assert(sizeof edit_names / sizeof *edit_names == sizeof edit.syms / sizeof(void *) + 1,
	"a name a function");

/* the next line, without its newline; NULL at the end */
static char *next_line(int tty)
{
	if (tty) {
		wa_lazy_load(&libedit);
		char *l = edit.f.readline("you> ");
		if (l && *l)
			edit.f.add_history(l);
		return l;
	}
	char *l = NULL;
	size_t cap = 0;
	ssize_t n = getline(&l, &cap, stdin);
	if (n <= 0) {
		free(l);
		return NULL;
	}
	while (n > 0 && (l[n - 1] == '\n' || l[n - 1] == '\r'))
		l[--n] = '\0';
	return l;
}

/* A slash command: its input line for a turn (new), or NULL; *quit to
 * leave. */
static json_t *command(chat *c, char *p, int *quit)
{
	wa_err err = WA_ERR_INIT;
	char *arg = p + strcspn(p, " \t");

	if (*arg)
		*arg++ = '\0';
	while (*arg == ' ' || *arg == '\t')
		arg++;
	if (!strcmp(p, "/quit") || !strcmp(p, "/exit")) {
		*quit = 1;
	} else if (!strcmp(p, "/reset")) {
		new_thread(c->thread, sizeof c->thread);
		printf("  (a new conversation: thread %s)\n", c->thread);
	} else if (!strcmp(p, "/thread")) {
		printf("%s\n", c->thread);
	} else if (!strcmp(p, "/state") || !strcmp(p, "/history")) {
		json_t *v = !strcmp(p, "/state") ? wa_graph_state_new(c->ws, c->thread, 0, &err) :
			wa_graph_history_new(c->ws, c->thread, &err);
		char *s = v ? json_dumps(v, JSON_INDENT(2)) : NULL;
		printf("%s\n", s ? s : "  (nothing said yet)");
		free(s);
		json_decref(v);
	} else if (!strcmp(p, "/approve")) {
		return json_pack("{s:s, s:b}", "thread", c->thread, "approve", 1);
	} else if (!strcmp(p, "/reject")) {
		return json_pack("{s:s, s:b, s:s}", "thread", c->thread, "reject", 1, "reason",
			*arg ? arg : "rejected by a person");
	} else if (!strcmp(p, "/help")) {
		fputs(commands, stdout);
	} else {
		printf("  (no command %s: /help lists them)\n", p);
	}
	return NULL;
}

/* Talk until the end of input or /quit. */
static void converse(chat *c, int tty, stream *st)
{
	char *line;
	int quit = 0;

	while (!quit && (line = next_line(tty))) {
		char *p = line;
		json_t *in;
		while (*p == ' ' || *p == '\t')
			p++;
		in = !*p ? NULL : *p == '/' ? command(c, p, &quit) :
			json_pack("{s:s, s:s}", "thread", c->thread, "message", p);
		if (in) {
			wa_err err = WA_ERR_INIT;
			st->started = 0;
			json_t *out = agent_turn(&c->a, c->ws, in, &err);
			if (st->started)
				putchar('\n');
			show(out, tty, st->started);
			json_decref(out);
			json_decref(in);
		}
		free(line);
		fflush(stdout);
	}
}

int agent_chat_main(int argc, char **argv)
{
	chat c = { 0 };
	cli_common o;
	stream st = { 0 };
	int tty, first, rc = cli_parse(&agent_chat_cmd, argc, argv, &o, option, &c, &first);

	if (rc >= 0)
		return rc;
	if (first + 1 != argc)
		return cli_usage_error("give one CONFIG");
	if ((rc = agent_open(&c.a, argv[first], &o, c.fsync_each, &c.ws)))
		return rc;
	tty = isatty(0) && isatty(1);
	if (!strcmp(c.a.backend, "openai")) {
		c.a.on_text = on_text;
		c.a.on_text_user = &st;
	}
	if (!*c.thread)
		new_thread(c.thread, sizeof c.thread);
	if (tty)
		printf("%s (%s model), thread %s. /help for commands, /quit to leave.\n",
			json_string_value(json_object_get(c.a.cfg, "name")), c.a.backend, c.thread);
	converse(&c, tty, &st);
	if (tty)
		putchar('\n');
	agent_free(&c.a);
	wa_ws_close(c.ws);
	return cli_flush();
}
