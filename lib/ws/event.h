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

/* Which events a listing takes: each field NULL (or 0) for any. */
typedef struct wa_event_filter {
	const char *type;       /* a glob: "client.*" */
	const char *client, *run;
	const char *since, *until;      /* RFC 3339: at or after, before */
} wa_event_filter;

/* Each event after id *after that f takes, in the order they were
 * emitted, at most limit of them (< 0: all), to fn as {id, type, client,
 * correlation, run, at, payload} (borrowed); *after moves to the last.
 * fn returns 0 to go on, or an exit code to stop with (set in err by
 * fn).  The number of events, or -1 with err. */
long long wa_event_each(wa_ws *ws, const wa_event_filter *f, long long *after, long long limit,
	int (*fn)(json_t *event, void *user, wa_err *err), void *user, wa_err *err);

#endif
