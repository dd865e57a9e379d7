/* event.h - the event bus: typed events with a client, a correlation id
 * and a JSON payload, in the events table of the workspace. */
#ifndef WA_EVENT_H
#define WA_EVENT_H

#include <jansson.h>

#include "base/err.h"
#include "ws/ws.h"

/* Insert an event at the current time.  client_id, correlation_id and
 * run_id may be NULL; payload is borrowed and may be NULL ({}). */
int wa_event_emit(wa_ws *ws, const char *type, const char *client_id,
	const char *correlation_id, const char *run_id, json_t *payload, wa_err *err);

#endif
