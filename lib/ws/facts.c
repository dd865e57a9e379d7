/* facts.c - research's facts: see facts.h. */
#include "ws/facts.h"

#include <stdlib.h>

/* one fact's value, a row per source */
static int add(wa_ws *ws, const char *client, const char *run_id, const char *kind,
	json_t *fact, const char *at, wa_err *err)
{
	char *value = json_dumps(json_object_get(fact, "value"), JSON_COMPACT | JSON_ENCODE_ANY);
	size_t k;
	json_t *src;
	int rc = 0;

	json_array_foreach(json_object_get(fact, "sources"), k, src) {
		sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO facts (client_id, run_id, kind, value, "
			"source, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err);
		if (!st) {
			rc = -1;
			break;
		}
		wa_ws_bind(st, "ssssss", client, run_id, kind, value, json_string_value(src), at);
		if ((rc = wa_ws_step_done(ws, st, "storing a fact", err)))
			break;
	}
	free(value);
	return rc;
}

int wa_facts_replace(wa_ws *ws, const char *client, const char *run_id, json_t *facts,
	const char *at, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "DELETE FROM facts WHERE client_id = ?1", err);
	const char *kind;
	json_t *list, *f;
	size_t i;

	if (!st)
		return -1;
	wa_ws_bind(st, "s", client);
	if (wa_ws_step_done(ws, st, "replacing facts", err))
		return -1;
	json_object_foreach(facts, kind, list)
		json_array_foreach(list, i, f)
			if (add(ws, client, run_id, kind, f, at, err))
				return -1;
	return 0;
}
