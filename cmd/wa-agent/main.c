/* wa-agent - agents as checkpointed state graphs (lib/graph.c) over the
 * workspace: check (lib/agentcfg.c), run and chat (run.c, chat.c), the
 * commands on a thread (thread.c) and data load (data.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"

#include "agent/agentcfg.h"
#include "base/err.h"
#include "cli/cli.h"
#include "cli/legacy.h"

static const char usage[] =
	"usage: wa-agent COMMAND [-w WORKSPACE] ...\n"
	"\n"
	"  check [--json] FILE...           validate agent configurations\n"
	"  chat [--thread ID] CONFIG        talk to an agent on a terminal\n"
	"  run CONFIG < LINES               the NDJSON protocol for programs\n"
	"  approve THREAD [--reject [--reason TEXT]]\n"
	"                                   decide on a call that waits\n"
	"  resume THREAD                    go on after a crash\n"
	"  history THREAD [--json]          the thread's checkpoints\n"
	"  state THREAD [--at CHECKPOINT]   its state as JSON\n"
	"  fork THREAD [--at N] [--as NEW]  a new thread from an earlier state\n"
	"  data load [--replace] CLIENT FILE...\n"
	"                                   orders for lookup_order (CSV, JSON)\n"
	"  build [-o DIR] [FILE...]         a dossier's agent configuration\n"
	"  kb add|research|search CLIENT ...  the client's knowledge base\n"
	"  transcript THREAD [--reveal]     what a thread stored; with the PII key\n"
	"  pii rotate --old-key-file FILE   seal the PII vaults with a new key\n"
	"\n"
	"run, chat, approve and resume take --fsync (every checkpoint on disk).\n"
	"wa-agent COMMAND --help for more; see wa-agent(1), wa-agent.yaml(5).\n";

static const char check_usage[] =
	"usage: wa-agent check [--json] FILE...\n"
	"\n"
	"Check agent configurations (wa-agent.yaml(5)) against\n"
	"schemas/agent.schema.json and for what a schema cannot say: unique\n"
	"names, intents whose tools exist, templates that parse, tool parameter\n"
	"schemas, a graph whose edges lead somewhere.  Prints every finding as\n"
	"FILE:LINE:COLUMN: PATH: MESSAGE (or, with --json, one JSON object a\n"
	"finding), and FILE: ok for a good file.\n"
	"\n"
	"Exit: 0 every file good, 1 findings, 64 usage, 66 a file missing.\n"
	"See wa-agent(1).\n";

enum { O_JSON = WA_OPT_FIRST_FREE };

static int check_main(int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS,
		{ "json", no_argument, 0, O_JSON }, { 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	int opt, json = 0, rc = 0;

	cli_diag_init("wa-agent check");
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		if (opt == O_JSON) {
			json = 1;
			continue;
		}
		if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
			return opt == '?' || opt == ':' ? WA_EX_USAGE :
				wa_cli_usage_error(argv, "unknown option");
	}
	if (cli.help)
		return fputs(check_usage, stdout), 0;
	if (cli.version)
		return wa_cli_print_version();
	if (optind >= argc)
		return wa_cli_usage_error(argv, "give the agent files to check");
	for (int i = optind; i < argc; i++) {
		wa_err err = WA_ERR_INIT;
		json_t *findings = NULL, *cfg = wa_agentcfg_load_new(argv[i], &findings, &err);
		if (cfg) {
			if (!json)
				printf("%s: ok\n", argv[i]);
			json_decref(cfg);
			continue;
		}
		if (!findings) {        /* not readable: the file's own error */
			int code = cli_report(&err);
			if (code > rc)
				rc = code;
			continue;
		}
		size_t k;
		json_t *f;
		json_array_foreach(findings, k, f) {
			if (json) {
				char *line = json_dumps(f, JSON_COMPACT);
				puts(line);
				free(line);
			} else {
				printf("%s:%d:%d: %s: %s\n", json_string_value(json_object_get(f, "file")),
					(int)json_integer_value(json_object_get(f, "line")),
					(int)json_integer_value(json_object_get(f, "column")),
					json_string_value(json_object_get(f, "path")),
					json_string_value(json_object_get(f, "message")));
			}
		}
		json_decref(findings);
		if (!rc)
			rc = WA_EX_NEGATIVE;
	}
	if (fflush(stdout) && !rc)
		rc = WA_EX_IOERR;
	return rc;
}

int main(int argc, char **argv)
{
	cli_diag_init("wa-agent");
	if (argc > 1 && !strcmp(argv[1], "check"))
		return check_main(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "run"))
		return agent_run_main(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "chat"))
		return agent_chat_main(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "data"))
		return agent_data_main(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "build"))
		return agent_build_main(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "kb"))
		return agent_kb_main(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "transcript"))
		return agent_transcript_main(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "pii"))
		return agent_pii_main(argc - 1, argv + 1);
	static const char *const on_threads[] = { "approve", "resume", "history", "state", "fork",
		NULL };
	for (int i = 0; argc > 1 && on_threads[i]; i++)
		if (!strcmp(argv[1], on_threads[i]))
			return agent_thread_main(on_threads[i], argc - 1, argv + 1);
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return fputs(usage, stdout), 0;
	if (argc > 1 && !strcmp(argv[1], "--version"))
		return wa_cli_print_version();
	if (argc > 1)
		return wa_cli_usage_error(argv, "no command \"%s\" (see wa-agent --help)", argv[1]);
	return wa_cli_usage_error(argv, "give a command (see wa-agent --help)");
}
