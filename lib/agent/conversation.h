/* conversation.h - the conversations agents hold, in the seed schema's
 * tables: a row a thread (conversations: the agent, the client, the
 * channel, the status, the turns, the config file, the sealed PII vault)
 * and a row of metrics a turn (performance_metrics), with a turn's
 * event. */
#ifndef WA_CONVERSATION_H
#define WA_CONVERSATION_H

#include <jansson.h>

#include "base/err.h"
#include "ws/ws.h"

/* Who a thread talks to. */
typedef struct wa_conversation {
	const char *thread;
	const char *agent;      /* the config's name */
	const char *client;
	const char *config;     /* the config's file */
} wa_conversation;

/* What a turn did. */
typedef struct wa_conversation_turn {
	const char *status;     /* done, interrupted, handoff, error */
	double latency_ms;
	int steps, tool_calls;
	long prompt_tokens, completion_tokens;  /* -1: unknown */
} wa_conversation_turn;

/* Record a turn of c: the conversation's row (made, or its status,
 * turns and config moved on), the turn's metrics, and the event
 * agent.turn (agent.interrupted).  In the open transaction. */
int wa_conversation_record(wa_ws *ws, const wa_conversation *c, const wa_conversation_turn *t,
	wa_err *err);

/* The config file thread ran with: a new string, or NULL with err (66
 * when the workspace has no such conversation). */
char *wa_conversation_config_new(wa_ws *ws, const char *thread, wa_err *err);

/* The conversation of fork, a fork of thread, talks to the same agent
 * (config, when not NULL, takes the place of its config file). */
int wa_conversation_fork(wa_ws *ws, const char *thread, const char *fork, const char *config,
	wa_err *err);

/* The sealed PII vault of thread: *sealed a new string, or NULL when it
 * has none.  0, or -1 with err. */
int wa_conversation_vault(wa_ws *ws, const char *thread, char **sealed, wa_err *err);
/* Keep c's sealed vault (the conversation made when it is new). */
int wa_conversation_vault_put(wa_ws *ws, const wa_conversation *c, const char *sealed,
	wa_err *err);
/* Seal every vault sealed with the old key with the new one, in one
 * transaction: *moved those resealed, *kept those the new key sealed
 * already.  0, or -1 with err (77 a vault the old key does not open,
 * its thread named) and nothing changed. */
int wa_conversation_vaults_rotate(wa_ws *ws, const unsigned char old[32], const char *oldkid,
	const unsigned char new[32], const char *newkid, int *moved, int *kept, wa_err *err);

#endif
