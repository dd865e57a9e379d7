/* orders.h - what an agent's tools keep and find for a client (the seed
 * schema's agent tables): the orders an operator loads (wa-agent data
 * load) for lookup_order, and the leads capture_lead takes. */
#ifndef WA_ORDERS_H
#define WA_ORDERS_H

#include <jansson.h>

#include "base/err.h"
#include "ws/ws.h"

/* Keep order number no of client with its status and data (the rest of
 * its record, borrowed), replacing an earlier one.  In the open
 * transaction. */
int wa_orders_put(wa_ws *ws, const char *client, const char *no, const char *status,
	json_t *data, wa_err *err);
/* Drop every order of client.  In the open transaction. */
int wa_orders_clear(wa_ws *ws, const char *client, wa_err *err);
/* Order no of client as the agent's tool answers it: {status: "found",
 * order, state, and the order's data} or {status: "not_found", order};
 * a new object, or NULL with err. */
json_t *wa_orders_lookup_new(wa_ws *ws, const char *client, const char *no, wa_err *err);

/* Keep a lead of client's, given in thread (may be NULL): its data (the
 * slots the caller gave, borrowed), with the event agent.lead.  Its id,
 * or -1 with err. */
long long wa_orders_lead(wa_ws *ws, const char *client, const char *thread, json_t *data,
	wa_err *err);

#endif
