/* agent.h - what wa-agent's files share: an agent loaded from its
 * configuration, its graph (the offline model's node, the tools node),
 * and one turn of a thread. */
#ifndef WA_AGENT_AGENT_H
#define WA_AGENT_AGENT_H

#include "agent/calendar.h"
#include "agent/graph.h"
#include "agent/llm.h"
#include "base/buf.h"
#include "base/err.h"
#include "cli/cli.h"
#include "text/intents.h"
#include "ws/ws.h"

typedef struct agent {
	json_t *cfg;
	const char *client, *tz;
	char *path, *dir;       /* the config, absolute, and its directory */
	const char *backend;    /* offline, scripted, openai */
	wa_llm_opts llm;        /* openai */
	char *llm_key;          /* from the environment, never stored */
	long context_tokens;    /* the window the messages sent must fit */
	/* openai: the answer's text as it streams (chat), or NULL */
	wa_llm_text_fn on_text;
	void *on_text_user;
	long prompt_tokens, completion_tokens;  /* this turn's, -1 unknown */
	wa_intents *intents;
	wa_calendar *calendar;
	wa_graph *graph;
	double threshold;
	int handoff_after, recursion_limit, max_tool_calls;
	int64_t now_ms;         /* the clock for this turn */
	wa_ws *ws;              /* the workspace of this turn (the model's calendar) */
	const char *lang;       /* the customer's language this turn: "es", or NULL
				 * for the config's own (English) */
} agent;

/* Load and check path (78 with the first finding), build its graph. */
int agent_load(agent *a, const char *path, wa_err *err);
void agent_free(agent *a);

/* the nodes */
int agent_model_node(wa_ws *ws, json_t *state, json_t *update, void *user, wa_err *err);
int agent_scripted_node(wa_ws *ws, json_t *state, json_t *update, void *user, wa_err *err);
int agent_openai_node(wa_ws *ws, json_t *state, json_t *update, void *user, wa_err *err);
/* The openai backend's settings from the config and the environment:
 * 0, or -1 with err (78). */
int agent_openai_setup(agent *a, wa_err *err);
int agent_tools_node(wa_ws *ws, json_t *state, json_t *update, void *user, wa_err *err);

/* Call the http tool with args (http.c): its result for the model. */
json_t *agent_http_call(const agent *a, json_t *tool, json_t *args, const char *key,
	wa_err *err);

/* the tool configured as name, or NULL */
json_t *agent_tool(const agent *a, const char *name);

/* The options of the commands that serve turns (run, chat, approve,
 * resume): --fsync (every checkpoint on disk before the next step;
 * without, each committed to the WAL, which a crash of the process
 * cannot undo but a power failure can) and --pii-key-file. */
enum { AGENT_O_FSYNC = CLI_OWN + 64, AGENT_O_KEYFILE, AGENT_O_PIICLEAR };
#define AGENT_TURN_OPTS \
	{ "fsync", AGENT_O_FSYNC, NULL, "every checkpoint on disk before the next step" }, \
	{ "pii-key-file", AGENT_O_KEYFILE, "FILE", "the PII key (default $WA_PII_KEY)" }, \
	{ "pii-clear", AGENT_O_PIICLEAR, NULL, "without the key, carry on a sealed thread in clear" }
/* Take one of those: 1 taken, 0 not one of them. */
int agent_turn_option(int key, const char *arg, int *fsync_each);

/* The workspace flags for serving turns with or without --fsync. */
int agent_ws_flags(int fsync_each);

/* Load config into a and open the workspace (-w workspace, or the
 * default) for turns: 0, or the exit code with the error reported and
 * nothing left open. */
int agent_open(agent *a, const char *config, const cli_common *o, int fsync_each, wa_ws **ws);

/* One turn of a thread: in is a protocol line ({thread, message},
 * {thread, approve}, {thread, reject, reason}, or {thread, resume});
 * the answer line, with err set when its status is "error". */
json_t *agent_turn(agent *a, wa_ws *ws, json_t *in, wa_err *err);

/* The offline model's dates (offers.c): "2026-12-01T15:30" (or a date
 * alone) in words, "Tuesday 1 December at 3:30 pm" (in Spanish when lang
 * is "es"), the year only when not this_year; 0 when s is neither. */
int agent_say_when(const char *s, int this_year, const char *lang, wa_buf *out);
/* Its languages (lang.c): the customer's in msgs ("es", or NULL for the
 * config's English: the last user message that tells); english said in
 * a's turn's language (the config's "translations", then the model's
 * own); a date in Spanish words. */
const char *agent_lang(json_t *msgs);
const char *agent_tr(const agent *a, const char *english);
int agent_say_when_es(int y, int m, int d, int h, int min, int wday, int this_year,
	wa_buf *out);
/* The datetime slot name of form from text, checked against the
 * calendar: 1 set (a free time, or any time without a calendar); 2 free
 * times offered instead (form's "offers", the words in "offer_text");
 * 0 no time said; -1 a workspace error. */
int agent_when_slot(const agent *a, json_t *form, const char *name, const char *text);

/* the commands, each its table (cli.h) and its main */
extern const cli_command agent_run_cmd, agent_chat_cmd, agent_check_cmd, agent_data_cmd,
	agent_build_cmd, agent_kb_cmd, agent_transcript_cmd, agent_pii_cmd, agent_approve_cmd,
	agent_resume_cmd, agent_history_cmd, agent_state_cmd, agent_fork_cmd;
int agent_run_main(int argc, char **argv);
int agent_chat_main(int argc, char **argv);
int agent_check_main(int argc, char **argv);
int agent_data_main(int argc, char **argv);
int agent_build_main(int argc, char **argv);
int agent_kb_main(int argc, char **argv);
int agent_transcript_main(int argc, char **argv);
int agent_pii_main(int argc, char **argv);
int agent_approve_main(int argc, char **argv);
int agent_resume_main(int argc, char **argv);
int agent_history_main(int argc, char **argv);
int agent_state_main(int argc, char **argv);
int agent_fork_main(int argc, char **argv);

/* The PII vault (pii.c): with a key (--pii-key-file, else $WA_PII_KEY)
 * the graph stores personal data sealed; without one, as it is (or 77
 * when required), but a thread whose data is sealed is refused (77)
 * unless --pii-clear.  0, or -1 with err. */
extern const char *agent_pii_key_file;
extern int agent_pii_clear;
int agent_pii_setup(const agent *a, int required, wa_err *err);
void agent_pii_free(void);

#endif
