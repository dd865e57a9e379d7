/* chat.c - "wa-agent chat": a conversation with an agent on a terminal,
 * one thread of the workspace, with line editing and history (libedit)
 * and a few slash commands.  Piped, it reads plain lines and prints the
 * agent's, so a transcript can be scripted. */
#include <editline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"

#include "agent/graph.h"
#include "base/err.h"
#include "cli/cli.h"
#include "cli/legacy.h"
#include "ws/ws.h"

static const char usage[] =
	"usage: wa-agent chat [-w WORKSPACE] [--thread ID] [--fsync] [--pii-key-file FILE]\n"
	"                     CONFIG\n"
	"\n"
	"Talk to the agent CONFIG describes.  Each line you type is a turn;\n"
	"the agent's reply follows, with the tools it called.  Commands:\n"
	"  /reset            a new conversation (a new thread)\n"
	"  /state            the thread's state as JSON\n"
	"  /history          its checkpoints\n"
	"  /approve          run the call waiting for approval\n"
	"  /reject [REASON]  refuse it\n"
	"  /thread           the thread's id (for wa-agent approve, fork...)\n"
	"  /quit             leave (so does end of input)\n"
	"See wa-agent(1).\n";

enum { O_THREAD = WA_OPT_FIRST_FREE, O_FSYNC, O_KEYFILE };

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

/* the next line, without its newline; NULL at the end */
static char *next_line(int tty)
{
	if (tty) {
		char *l = readline("you> ");
		if (l && *l)
			add_history(l);
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

int agent_chat_main(int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS,
		{ "thread", required_argument, 0, O_THREAD }, { "fsync", no_argument, 0, O_FSYNC },
		{ "pii-key-file", required_argument, 0, O_KEYFILE },
		{ 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	int opt, rc = 0, fsync_each = 0;
	char thread[128] = "";
	agent a;
	wa_ws *ws = NULL;

	cli_diag_init("wa-agent chat");
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		if (opt == O_THREAD) {
			snprintf(thread, sizeof thread, "%s", optarg);
			continue;
		}
		if (opt == O_KEYFILE) {
			agent_pii_key_file = optarg;
			continue;
		}
		if (opt == O_FSYNC) {
			fsync_each = 1;
			continue;
		}
		if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
			return opt == '?' || opt == ':' ? WA_EX_USAGE :
				wa_cli_usage_error(argv, "unknown option");
	}
	if (cli.help)
		return fputs(usage, stdout), 0;
	if (cli.version)
		return wa_cli_print_version();
	if (optind + 1 != argc)
		return wa_cli_usage_error(argv, "give one CONFIG");
	if ((rc = agent_open(&a, argv[optind], cli.workspace, fsync_each, &ws)))
		return rc;
	int tty = isatty(0) && isatty(1);
	stream st = { 0 };
	if (!strcmp(a.backend, "openai")) {
		a.on_text = on_text;
		a.on_text_user = &st;
	}
	if (!*thread)
		new_thread(thread, sizeof thread);
	if (tty)
		printf("%s (%s model), thread %s. /help for commands, /quit to leave.\n",
			json_string_value(json_object_get(a.cfg, "name")), a.backend, thread);
	char *line;
	while ((line = next_line(tty))) {
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		json_t *in = NULL;
		if (!*p) {
			free(line);
			continue;
		}
		if (*p == '/') {
			char *arg = p + strcspn(p, " \t");
			if (*arg)
				*arg++ = '\0';
			while (*arg == ' ' || *arg == '\t')
				arg++;
			if (!strcmp(p, "/quit") || !strcmp(p, "/exit")) {
				free(line);
				break;
			} else if (!strcmp(p, "/reset")) {
				new_thread(thread, sizeof thread);
				printf("  (a new conversation: thread %s)\n", thread);
			} else if (!strcmp(p, "/thread")) {
				printf("%s\n", thread);
			} else if (!strcmp(p, "/state") || !strcmp(p, "/history")) {
				json_t *v = !strcmp(p, "/state") ? wa_graph_state_new(ws, thread, 0, &err) :
					wa_graph_history_new(ws, thread, &err);
				char *s = v ? json_dumps(v, JSON_INDENT(2)) : NULL;
				printf("%s\n", s ? s : "  (nothing said yet)");
				free(s);
				json_decref(v);
				wa_err_clear(&err);
			} else if (!strcmp(p, "/approve")) {
				in = json_pack("{s:s, s:b}", "thread", thread, "approve", 1);
			} else if (!strcmp(p, "/reject")) {
				in = json_pack("{s:s, s:b, s:s}", "thread", thread, "reject", 1, "reason",
					*arg ? arg : "rejected by a person");
			} else if (!strcmp(p, "/help")) {
				fputs(strstr(usage, "  /reset"), stdout);
			} else {
				printf("  (no command %s: /help lists them)\n", p);
			}
		} else {
			in = json_pack("{s:s, s:s}", "thread", thread, "message", p);
		}
		if (in) {
			st.started = 0;
			json_t *out = agent_turn(&a, ws, in, &err);
			wa_err_clear(&err);
			if (st.started)
				putchar('\n');
			show(out, tty, st.started);
			json_decref(out);
			json_decref(in);
		}
		free(line);
		fflush(stdout);
	}
	if (tty)
		putchar('\n');
	agent_free(&a);
	wa_ws_close(ws);
	if (fflush(stdout) || ferror(stdout))
		rc = WA_EX_IOERR;
	return rc;
}
