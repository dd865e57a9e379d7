/* agentcfg_save.c - agent configurations versioned in the workspace
 * (table client_configs): see agentcfg.h. */
#include "agent/agentcfg.h"

#include "base/err.h"
#include "ws/ws.h"

int wa_agentcfg_save(wa_ws *ws, const char *client, int version, const char *sha,
	const char *yaml, const char *json, const char *at, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT OR REPLACE INTO client_configs (client, version, "
		"sha256, yaml, json, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err);

	if (!st)
		return -1;
	wa_ws_bind(st, "sissss", client, version, sha, yaml, json, at);
	return wa_ws_step_done(ws, st, "saving the agent configuration", err);
}
