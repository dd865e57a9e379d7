/* wa-agent - agents as checkpointed state graphs (lib/agent/graph.h)
 * over the workspace: check, run and chat, the commands on a thread,
 * data, build, the knowledge base and the PII vault, a file each. */
#include "agent.h"

#include "cli/cli.h"

static const cli_verb verbs[] = {
	{ "check", &agent_check_cmd, agent_check_main, NULL, NULL },
	{ "chat", &agent_chat_cmd, agent_chat_main, NULL, NULL },
	{ "run", &agent_run_cmd, agent_run_main, NULL, NULL },
	{ "approve", &agent_approve_cmd, agent_approve_main, NULL, NULL },
	{ "resume", &agent_resume_cmd, agent_resume_main, NULL, NULL },
	{ "history", &agent_history_cmd, agent_history_main, NULL, NULL },
	{ "state", &agent_state_cmd, agent_state_main, NULL, NULL },
	{ "fork", &agent_fork_cmd, agent_fork_main, NULL, NULL },
	{ "data", &agent_data_cmd, agent_data_main, NULL, NULL },
	{ "build", &agent_build_cmd, agent_build_main, NULL, NULL },
	{ "kb", &agent_kb_cmd, agent_kb_main, NULL, NULL },
	{ "transcript", &agent_transcript_cmd, agent_transcript_main, NULL, NULL },
	{ "pii", &agent_pii_cmd, agent_pii_main, NULL, NULL },
	{ 0 },
};

static const cli_command wa_agent = {
	.name = "wa-agent",
	.synopsis = "COMMAND [OPTIONS] ARGS...",
	.about = "Agents as checkpointed state graphs over the workspace.  run, chat, approve "
		"and resume take --fsync (every checkpoint on disk).",
	.verbs = verbs,
	.see = "wa-agent(1), wa-agent.yaml(5)",
};

int main(int argc, char **argv)
{
	cli_diag_init("wa-agent");
	return cli_dispatch(&wa_agent, argc, argv, NULL);
}
