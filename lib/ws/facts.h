/* facts.h - what research found about a client, fact by fact with the
 * page or source each came from (table facts), for queries across
 * clients: sqlite3 wa.db "select ... from facts". */
#ifndef WA_FACTS_H
#define WA_FACTS_H

#include <jansson.h>

#include "base/err.h"
#include "ws/ws.h"

/* Replace client's facts with facts ({kind: [{value, sources: [...]}]}),
 * a row per source, found by run at at; inside the caller's
 * transaction.  0, or -1 with err. */
int wa_facts_replace(wa_ws *ws, const char *client, const char *run_id, json_t *facts,
	const char *at, wa_err *err);

#endif
