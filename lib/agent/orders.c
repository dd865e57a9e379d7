/* orders.c - orders and leads: see orders.h. */
#include "agent/orders.h"

#include <stdlib.h>

#include "base/clock.h"
#include "base/err.h"
#include "json/json.h"
#include "ws/event.h"
#include "ws/ws.h"

int wa_orders_put(wa_ws *ws, const char *client, const char *no, const char *status,
	json_t *data, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO agent_orders (client, order_no, status, "
		"data) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (client, order_no) DO UPDATE SET "
		"status = ?3, data = ?4", err);
	char *text;
	int rc;

	if (!st)
		return -1;
	text = wa_json_compact_new(data);
	wa_ws_bind(st, "ssss", client, no, status, text);
	rc = wa_ws_step_done(ws, st, "loading orders", err);
	free(text);
	return rc;
}

int wa_orders_clear(wa_ws *ws, const char *client, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "DELETE FROM agent_orders WHERE client = ?1", err);

	if (!st)
		return -1;
	wa_ws_bind(st, "s", client);
	return wa_ws_step_done(ws, st, "clearing orders", err);
}

json_t *wa_orders_lookup_new(wa_ws *ws, const char *client, const char *no, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT status, data FROM agent_orders WHERE "
		"client = ?1 AND order_no = ?2", err);
	json_t *r;
	int rc;

	if (!st)
		return NULL;
	wa_ws_bind(st, "ss", client, no);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		json_t *data = json_loads((const char *)sqlite3_column_text(st, 1), 0, NULL), *v;
		const char *k;
		r = json_pack("{s:s, s:s, s:s}", "status", "found", "order", no, "state",
			(const char *)sqlite3_column_text(st, 0));
		/* and what else the operator loaded */
		json_object_foreach(data, k, v)
			if (!json_object_get(r, k))
				json_object_set(r, k, v);
		json_decref(data);
	} else {
		r = json_pack("{s:s, s:s}", "status", "not_found", "order", no);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		json_decref(r);
		wa_ws_fail(ws, rc, "looking up an order", err);
		return NULL;
	}
	return r;
}

long long wa_orders_lead(wa_ws *ws, const char *client, const char *thread, json_t *data,
	wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO agent_leads (client, thread, data, "
		"created_at) VALUES (?1, ?2, ?3, ?4)", err);
	char now[WA_TIME_MAX], *text;
	long long id;
	int rc;

	if (!st)
		return -1;
	wa_clock_now_text(now);
	text = wa_json_compact_new(data);
	wa_ws_bind(st, "ssss", client, thread, text, now);
	rc = wa_ws_step_done(ws, st, "capturing a lead", err);
	free(text);
	if (rc)
		return -1;
	id = (long long)sqlite3_last_insert_rowid(wa_ws_db(ws));
	json_t *payload = json_pack("{s:s?, s:O}", "thread", thread, "lead", data);
	rc = wa_event_emit(ws, "agent.lead", client, thread, NULL, payload, err);
	json_decref(payload);
	return rc ? -1 : id;
}
