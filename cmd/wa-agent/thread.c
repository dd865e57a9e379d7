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

#include "agent/graph.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "cli/legacy.h"
#include "ws/ws.h"

static const char usage[] =
	"usage: wa-agent approve THREAD [--reject [--reason TEXT]]\n"
	"       wa-agent resume THREAD\n"
	"       wa-agent history THREAD [--json]\n"
	"       wa-agent state THREAD [--at CHECKPOINT]\n"
	"       wa-agent fork THREAD [--at CHECKPOINT] [--as NEW-THREAD]\n"
	"Common: -w WORKSPACE, --config FILE (instead of the one the thread\n"
	"ran with), --fsync.  approve and resume print the turn as run does.\n"
	"Exit: 0; 65 nothing to approve or resume; 66 no such thread or\n"
	"checkpoint; 78 a bad config.  See wa-agent(1).\n";

enum { O_REJECT = WA_OPT_FIRST_FREE, O_REASON, O_JSON, O_AT, O_AS, O_CONFIG, O_FSYNC };

/* the config the thread ran with */
static char *config_of(wa_ws *ws, const char *thread, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT coalesce((SELECT config FROM conversations WHERE "
		"thread = ?1), (SELECT json_extract(channels, '$.config') FROM graph_checkpoints WHERE "
		"thread = ?1 ORDER BY id DESC LIMIT 1))", err);
	char *path = NULL;

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, thread, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT)
		path = wa_mem_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (!path)
		wa_err_set(err, WA_EX_NOINPUT, "thread %s: no conversation in %s (or give --config)",
			thread, wa_ws_path(ws));
	return path;
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

static void print_json(json_t *v, int pretty)
{
	char *s = json_dumps(v, pretty ? JSON_INDENT(2) : JSON_COMPACT);

	puts(s);
	free(s);
}

int agent_thread_main(const char *cmd, int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS,
		{ "reject", no_argument, 0, O_REJECT }, { "reason", required_argument, 0, O_REASON },
		{ "json", no_argument, 0, O_JSON }, { "at", required_argument, 0, O_AT },
		{ "as", required_argument, 0, O_AS }, { "config", required_argument, 0, O_CONFIG },
		{ "fsync", no_argument, 0, O_FSYNC },
		{ 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	int opt, reject = 0, json = 0, rc = 0, fsync_each = 0;
	const char *reason = NULL, *as = NULL, *config = NULL;
	long at = 0;
	char prog[64];

	snprintf(prog, sizeof prog, "wa-agent %s", cmd);
	cli_diag_init(prog);
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		char *end;
		switch (opt) {
		case O_REJECT: reject = 1; continue;
		case O_REASON: reason = optarg; continue;
		case O_JSON: json = 1; continue;
		case O_AS: as = optarg; continue;
		case O_CONFIG: config = optarg; continue;
		case O_FSYNC: fsync_each = 1; continue;
		case O_AT:
			at = strtol(optarg, &end, 10);
			if (*end || at < 1)
				return wa_cli_usage_error(argv, "--at: a checkpoint number, not \"%s\"",
					optarg);
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
		return wa_cli_usage_error(argv, "give one THREAD");
	if ((reject || reason) && strcmp(cmd, "approve"))
		return wa_cli_usage_error(argv, "--reject and --reason are approve's");
	if (reason && !reject)
		return wa_cli_usage_error(argv, "--reason goes with --reject");
	const char *thread = argv[optind];
	wa_ws *ws = NULL;
	if (agent_ws_open(wa_ws_default_path(cli.workspace), 0, fsync_each, &ws, &err))
		return cli_report(&err);
	if (!strcmp(cmd, "history")) {
		json_t *h = wa_graph_history_new(ws, thread, &err);
		if (h)
			print_history(h, json);
		json_decref(h);
		rc = h ? 0 : -1;
	} else if (!strcmp(cmd, "state")) {
		json_t *s = wa_graph_state_new(ws, thread, at, &err);
		if (s)
			print_json(s, cli.pretty || isatty(1));
		json_decref(s);
		rc = s ? 0 : -1;
	} else if (!strcmp(cmd, "fork")) {
		char made[128];
		if (!as) {      /* THREAD-fork-N, the first N free */
			for (int n = 1; ; n++) {
				snprintf(made, sizeof made, "%s-fork-%d", thread, n);
				json_t *h = wa_graph_history_new(ws, made, &err);
				wa_err_clear(&err);
				json_decref(h);
				if (!h)
					break;
			}
			as = made;
		}
		rc = wa_graph_fork(ws, thread, at, as, &err);
		if (!rc) {
			/* the fork talks to the same agent */
			sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT OR IGNORE INTO conversations (thread, "
				"agent, client, channel, status, turns, started_at, updated_at, config) "
				"SELECT ?2, agent, client, channel, status, 0, started_at, updated_at, "
				"coalesce(?3, config) FROM conversations WHERE thread = ?1", &err);
			if (st) {
				sqlite3_bind_text(st, 1, thread, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(st, 2, as, -1, SQLITE_TRANSIENT);
				if (config)
					sqlite3_bind_text(st, 3, config, -1, SQLITE_TRANSIENT);
				else
					sqlite3_bind_null(st, 3);
				rc = wa_ws_step_done(ws, st, "recording the fork", &err);
			}
			if (!rc)
				puts(as);
		}
	} else {
		/* approve, resume: a turn of the thread's agent */
		char *path = config ? wa_mem_strdup(config) : config_of(ws, thread, &err);
		agent a;
		memset(&a, 0, sizeof a);
		rc = !path || wa_clock_init(&err) || agent_load(&a, path, &err) ? -1 : 0;
		free(path);
		if (!rc) {
			json_t *in = json_pack("{s:s}", "thread", thread);
			if (!strcmp(cmd, "resume"))
				json_object_set_new(in, "resume", json_true());
			else if (reject)
				json_object_set_new(in, "reject", json_true());
			else
				json_object_set_new(in, "approve", json_true());
			if (reason)
				json_object_set_new(in, "reason", json_string(reason));
			json_t *out = agent_turn(&a, ws, in, &err);
			print_json(out, cli.pretty);
			rc = strcmp(json_string_value(json_object_get(out, "status")), "error") ? 0 : -1;
			json_decref(out);
			json_decref(in);
		}
		agent_free(&a);
	}
	if (rc)
		rc = cli_report(&err);
	wa_ws_close(ws);
	if (fflush(stdout) && !rc)
		rc = WA_EX_IOERR;
	return rc;
}
