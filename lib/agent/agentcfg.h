/* agentcfg.h - an agent's configuration (wa-agent.yaml(5)): YAML checked
 * against schemas/agent.schema.json and then for what a schema cannot
 * say (names unique, references that resolve, templates that parse, a
 * graph whose edges lead somewhere), every finding with its file, line
 * and column. */
#ifndef WA_AGENTCFG_H
#define WA_AGENTCFG_H

#include <jansson.h>

#include "base/err.h"
#include "ws/ws.h"

/* The configuration at path.  On findings returns NULL with *findings a
 * new array of {file, line, column, path, message} (all of them, not
 * the first only) and err 78 naming the first; a file that cannot be
 * read is NULL with err (66) and *findings NULL. */
json_t *wa_agentcfg_load_new(const char *path, json_t **findings, wa_err *err);
/* The same for a configuration in memory (data, len bytes), called name
 * in findings. */
json_t *wa_agentcfg_parse_new(const char *data, size_t len, const char *name,
	json_t **findings, wa_err *err);

/* Keep version of client's agent configuration (its YAML, SHA-256 sha,
 * and the same as compact JSON) in client_configs, made at at.  In the
 * open transaction; 0, or -1 with err. */
int wa_agentcfg_save(wa_ws *ws, const char *client, int version, const char *sha,
	const char *yaml, const char *json, const char *at, wa_err *err);

#endif
