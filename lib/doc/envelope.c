/* envelope.c - the life of a document sent for signature: see envelope.h. */
#include "doc/envelope.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/clock.h"
#include "base/err.h"
#include "doc/audit.h"
#include "ws/ws.h"

#define DAY_MS (24LL * 3600 * 1000)

/* A kind's statuses and the moves between them. */
typedef struct move {
	const char *to, *from;  /* from: the statuses it may come from, " a b " */
} move;

typedef struct lifecycle {
	const char *const *statuses;
	const move *moves;
	size_t nmoves;
	const char *list;       /* the statuses in words */
	const char *maker;      /* the command that makes such documents */
} lifecycle;

/* documents that are signed: NDAs, agreements */
static const char *const sign_statuses[] = { "draft", "sent", "delivered", "signed",
	"completed", "declined", "voided", "expired", NULL };
static const move sign_moves[] = {
	{ "sent", " draft " },
	{ "delivered", " sent delivered signed " },
	{ "signed", " draft sent delivered signed " },
	{ "completed", " sent delivered signed " },
	{ "declined", " sent delivered signed " },
	{ "voided", " draft sent delivered signed " },
	{ "expired", " sent delivered signed " },
};

/* documents that are accepted or not: proposals */
static const char *const offer_statuses[] = { "draft", "sent", "viewed", "accepted",
	"declined", "expired", NULL };
static const move offer_moves[] = {
	{ "sent", " draft " },
	{ "viewed", " sent viewed " },
	{ "accepted", " sent viewed " },
	{ "declined", " sent viewed " },
	{ "expired", " sent viewed " },
};

static const lifecycle lifecycles[] = {
	{ sign_statuses, sign_moves, sizeof sign_moves / sizeof *sign_moves,
		"draft, sent, delivered, signed, completed, declined, voided or expired", "wa-nda" },
	{ sign_statuses, sign_moves, sizeof sign_moves / sizeof *sign_moves,
		"draft, sent, delivered, signed, completed, declined, voided or expired",
		"wa-proposal" },
	{ offer_statuses, offer_moves, sizeof offer_moves / sizeof *offer_moves,
		"draft, sent, viewed, accepted, declined or expired", "wa-proposal" },
};

static const lifecycle *lifecycle_of(const char *kind)
{
	if (kind && strcmp(kind, "proposal") == 0)
		return &lifecycles[2];
	if (kind && strcmp(kind, "agreement") == 0)
		return &lifecycles[1];
	return &lifecycles[0];
}

int wa_envelope_status_valid(const char *kind, const char *s)
{
	const lifecycle *l = lifecycle_of(kind);

	for (int i = 0; l->statuses[i]; i++)
		if (strcmp(s, l->statuses[i]) == 0)
			return 1;
	return 0;
}

const char *wa_envelope_statuses(const char *kind)
{
	return lifecycle_of(kind)->list;
}

/* whether nothing moves on from status */
static int final(const lifecycle *l, const char *status)
{
	char pad[32];

	snprintf(pad, sizeof pad, " %s ", status);
	for (size_t i = 0; i < l->nmoves; i++)
		if (strstr(l->moves[i].from, pad))
			return 0;
	return strcmp(status, "draft") != 0;
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

int wa_envelope_create(wa_ws *ws, const char *kind, const char *client, int version,
	json_t *recipients, const char *sha256, const char *actor, const char *run_id, wa_err *err)
{
	char now[WA_TIME_MAX];
	json_t *r = json_array(), *x;
	size_t i;

	wa_clock_now_text(now);
	json_array_foreach(recipients, i, x) {
		json_t *c = json_deep_copy(x);
		json_object_set_new(c, "routing_order", json_integer((json_int_t)i + 1));
		json_object_set_new(c, "status", json_string("created"));
		json_object_set_new(c, "at", json_null());
		json_array_append_new(r, c);
	}
	char *text = json_dumps(r, JSON_COMPACT);
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT OR REPLACE INTO envelopes (kind, client, "
		"version, status, recipients, document_sha256, current_sha256, created_at, "
		"updated_at) VALUES (?1, ?2, ?3, 'draft', ?4, ?5, ?5, ?6, ?6)", err);
	int rc = -1;
	if (st) {
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, client, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, version);
		sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, sha256, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
		rc = wa_ws_step_done(ws, st, "saving the envelope", err);
	}
	free(text);
	json_t *detail = json_pack("{s:O}", "recipients", r);
	if (rc == 0)
		rc = wa_audit_append(ws, kind, client, version, "generated", actor, detail, sha256, now,
			run_id, err);
	json_decref(detail);
	json_decref(r);
	return rc;
}

#define ENVELOPE_COLUMNS "kind, client, version, status, recipients, document_sha256, " \
	"current_sha256, reason, sent_at, deadline, envelope_id, created_at, updated_at"

static json_t *envelope_row(sqlite3_stmt *st)
{
	static const char *const names[] = { "kind", "client", "version", "status", "recipients",
		"document_sha256", "current_sha256", "reason", "sent_at", "deadline", "envelope_id",
		"created_at", "updated_at" };
	json_t *e = json_object();

	for (int i = 0; i < 13; i++) {
		const char *t = (const char *)sqlite3_column_text(st, i);
		json_t *v = !t ? json_null() : i == 2 ? json_integer(sqlite3_column_int(st, i)) :
			i == 4 ? json_loads(t, 0, NULL) : json_string(t);
		json_object_set_new(e, names[i], v ? v : json_array());
	}
	return e;
}

json_t *wa_envelope_load_new(wa_ws *ws, const char *kind, const char *client, int version,
	wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT " ENVELOPE_COLUMNS " FROM envelopes WHERE "
		"kind = ?1 AND client = ?2 AND (?3 = 0 OR version = ?3) ORDER BY version DESC "
		"LIMIT 1", err);
	json_t *e = NULL;

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, client, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, version);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		e = envelope_row(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return e;
	if (rc != SQLITE_DONE)
		wa_ws_fail(ws, rc, "reading the envelope", err);
	else if (version)
		wa_err_set(err, WA_EX_NOINPUT, "%s: no %s version %d in the workspace", client, kind,
			version);
	else
		wa_err_set(err, WA_EX_NOINPUT, "%s: no %s in the workspace: run %s first", client,
			kind, lifecycle_of(kind)->maker);
	return NULL;
}

json_t *wa_envelope_find_file_new(wa_ws *ws, const char *kind, const char *sha256, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT " ENVELOPE_COLUMNS " FROM envelopes WHERE "
		"kind = ?1 AND (current_sha256 = ?2 OR document_sha256 = ?2) ORDER BY "
		"current_sha256 = ?2 DESC LIMIT 1", err);
	json_t *e = NULL;

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sha256, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		e = envelope_row(st);
	sqlite3_reset(st);
	return e;
}

json_t *wa_envelope_find_id_new(wa_ws *ws, const char *kind, const char *id, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT " ENVELOPE_COLUMNS " FROM envelopes WHERE "
		"kind = ?1 AND envelope_id = ?2", err);
	json_t *e = NULL;

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		e = envelope_row(st);
	sqlite3_reset(st);
	return e;
}

json_t *wa_envelope_next_signer(json_t *env)
{
	size_t i;
	json_t *r;

	json_array_foreach(json_object_get(env, "recipients"), i, r)
		if (strcmp(str(r, "status"), "signed"))
			return r;
	return NULL;
}

static json_t *recipient(json_t *env, const char *who)
{
	size_t i;
	json_t *r;

	if (!who)
		return NULL;
	json_array_foreach(json_object_get(env, "recipients"), i, r)
		if (!strcasecmp(str(r, "name"), who) || !strcasecmp(str(r, "email"), who) ||
		    !strcasecmp(str(r, "role"), who))
			return r;
	return NULL;
}

static int refuse(json_t *env, wa_err *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(json_t *env, wa_err *err, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return wa_err_set(err, WA_EX_DATAERR, "%s %s v%d: %s", str(env, "client"), str(env, "kind"),
		(int)json_integer_value(json_object_get(env, "version")), msg);
}

static const char *verb(const char *to)
{
	return !strcmp(to, "sent") ? "sent" : !strcmp(to, "delivered") ? "marked delivered" :
		!strcmp(to, "viewed") ? "marked viewed" : !strcmp(to, "accepted") ? "accepted" :
		!strcmp(to, "signed") ? "signed" : !strcmp(to, "completed") ? "completed" :
		!strcmp(to, "declined") ? "declined" : !strcmp(to, "voided") ? "voided" :
		!strcmp(to, "expired") ? "expired" : to;
}

int wa_envelope_check(json_t *env, const wa_envelope_change *c, wa_err *err)
{
	const lifecycle *l = lifecycle_of(str(env, "kind"));
	const char *from = str(env, "status");
	char pad[32];
	size_t i;

	if (!wa_envelope_status_valid(str(env, "kind"), c->to))
		return wa_err_set(err, WA_EX_USAGE, "%s: not a status of %s %s (%s)", c->to,
			!strcmp(str(env, "kind"), "agreement") ? "an" : "a", str(env, "kind"), l->list);
	for (i = 0; i < l->nmoves; i++)
		if (!strcmp(l->moves[i].to, c->to))
			break;
	snprintf(pad, sizeof pad, " %s ", from);
	if (i == l->nmoves)
		return refuse(env, err, "is %s: no document goes back to draft (a new version "
			"starts as one)", from);
	if (!strstr(l->moves[i].from, pad)) {
		if (final(l, from))
			return refuse(env, err, "is %s%s%s%s, which is final: it cannot be %s",
				from, json_string_value(json_object_get(env, "reason")) ? " (\"" : "",
				json_string_value(json_object_get(env, "reason")) ?
				str(env, "reason") : "", json_string_value(json_object_get(env,
				"reason")) ? "\")" : "", verb(c->to));
		char list[128] = "";
		char words[64];
		snprintf(words, sizeof words, "%s", l->moves[i].from);
		int n = 0;
		for (char *w = strtok(words, " "); w; w = strtok(NULL, " "), n++)
			;
		snprintf(words, sizeof words, "%s", l->moves[i].from);
		int k = 0;
		for (char *w = strtok(words, " "); w; w = strtok(NULL, " "), k++) {
			strncat(list, k == 0 ? "" : k == n - 1 ? " or " : ", ",
				sizeof list - strlen(list) - 1);
			strncat(list, w, sizeof list - strlen(list) - 1);
		}
		return refuse(env, err, "is %s: it cannot be %s (only from %s)", from, verb(c->to),
			list);
	}
	json_t *r = recipient(env, c->by);
	if (!strcmp(c->to, "signed")) {
		json_t *next = wa_envelope_next_signer(env);
		if (!r)
			return refuse(env, err, "\"%s\" is not a recipient (%s is next to sign)",
				c->by ? c->by : "", next ? str(next, "name") : "nobody");
		if (!strcmp(str(r, "status"), "signed"))
			return refuse(env, err, "%s has signed already", str(r, "name"));
		if (next != r)
			return refuse(env, err, "%s cannot sign before %s (routing order %d)",
				str(r, "name"), str(next, "name"),
				(int)json_integer_value(json_object_get(next, "routing_order")));
	} else if (!strcmp(c->to, "completed")) {
		json_t *next = wa_envelope_next_signer(env);
		if (next)
			return refuse(env, err, "cannot be completed: waiting on %s to sign",
				str(next, "name"));
	} else if (!strcmp(c->to, "declined") || !strcmp(c->to, "delivered") ||
		   !strcmp(c->to, "viewed") || !strcmp(c->to, "accepted")) {
		if (!r)
			return refuse(env, err, "\"%s\" is not a recipient: --by names one by name, "
				"email or role", c->by ? c->by : "");
		if (!strcmp(c->to, "declined") && !strcmp(str(r, "status"), "signed"))
			return refuse(env, err, "%s has signed already and cannot decline",
				str(r, "name"));
	}
	if ((!strcmp(c->to, "declined") || !strcmp(c->to, "voided")) &&
	    (!c->reason || !*c->reason))
		return refuse(env, err, "to be %s it needs a reason (--reason)", verb(c->to));
	return 0;
}

static int save(wa_ws *ws, json_t *env, wa_err *err)
{
	char *text = json_dumps(json_object_get(env, "recipients"), JSON_COMPACT);
	sqlite3_stmt *st = wa_ws_stmt(ws, "UPDATE envelopes SET status = ?4, recipients = ?5, "
		"current_sha256 = ?6, reason = ?7, sent_at = ?8, deadline = ?9, envelope_id = ?10, "
		"updated_at = ?11 WHERE kind = ?1 AND client = ?2 AND version = ?3", err);
	int rc = -1;

	if (st) {
		sqlite3_bind_text(st, 1, str(env, "kind"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, str(env, "client"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 3, (int)json_integer_value(json_object_get(env, "version")));
		bind_text(st, 4, str(env, "status"));
		sqlite3_bind_text(st, 5, text, -1, SQLITE_TRANSIENT);
		bind_text(st, 6, str(env, "current_sha256"));
		bind_text(st, 7, str(env, "reason"));
		bind_text(st, 8, str(env, "sent_at"));
		bind_text(st, 9, str(env, "deadline"));
		bind_text(st, 10, str(env, "envelope_id"));
		bind_text(st, 11, str(env, "updated_at"));
		rc = wa_ws_step_done(ws, st, "saving the envelope", err);
	}
	free(text);
	return rc;
}

/* r signed env now: it and the audit's detail say so, and with what
 * certificate; whether that completes it */
static int signed_by(json_t *env, json_t *r, const wa_envelope_change *c, const char *now,
	json_t *detail)
{
	json_object_set_new(r, "status", json_string("signed"));
	json_object_set_new(r, "at", json_string(now));
	json_object_set_new(detail, "recipient", json_string(str(r, "name")));
	json_object_set_new(detail, "routing_order", json_incref(json_object_get(r,
		"routing_order")));
	if (c->certificate) {
		json_object_set_new(detail, "certificate", json_deep_copy(c->certificate));
		json_object_set_new(r, "certificate", json_deep_copy(c->certificate));
	}
	json_object_set_new(env, "status", json_string("signed"));
	return !wa_envelope_next_signer(env);
}

int wa_envelope_apply(wa_ws *ws, json_t *env, const wa_envelope_change *c, wa_err *err)
{
	char now[WA_TIME_MAX];
	json_t *r, *detail = json_object();
	const char *actor = c->by && *c->by ? c->by : "wa";
	int completed = 0;

	if (wa_envelope_check(env, c, err)) {
		json_decref(detail);
		return -1;
	}
	wa_clock_now_text(now);
	r = recipient(env, c->by);
	if (r)
		actor = str(r, "name");
	if (!strcmp(c->to, "sent")) {
		char deadline[WA_TIME_MAX];
		wa_clock_format(c->deadline_ms ? c->deadline_ms : wa_clock_now_ms() + 30 * DAY_MS,
			deadline);
		json_object_set_new(env, "sent_at", json_string(now));
		json_object_set_new(env, "deadline", json_string(deadline));
		json_object_set_new(detail, "deadline", json_string(deadline));
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(env, "recipients"), i, x)
			json_object_set_new(x, "status", json_string("sent"));
		json_object_set_new(env, "status", json_string("sent"));
	} else if (!strcmp(c->to, "delivered") || !strcmp(c->to, "viewed")) {
		if (strcmp(str(r, "status"), "signed")) {
			json_object_set_new(r, "status", json_string(c->to));
			json_object_set_new(r, "at", json_string(now));
		}
		if (!strcmp(str(env, "status"), "sent"))
			json_object_set_new(env, "status", json_string(c->to));
		json_object_set_new(detail, "recipient", json_string(str(r, "name")));
	} else if (!strcmp(c->to, "signed")) {
		completed = signed_by(env, r, c, now, detail);
	} else {
		if (!strcmp(c->to, "declined") || !strcmp(c->to, "accepted")) {
			json_object_set_new(r, "status", json_string(c->to));
			json_object_set_new(r, "at", json_string(now));
			json_object_set_new(detail, "recipient", json_string(str(r, "name")));
		}
		json_object_set_new(env, "status", json_string(c->to));
	}
	if (c->reason && *c->reason) {
		json_object_set_new(env, "reason", json_string(c->reason));
		json_object_set_new(detail, "reason", json_string(c->reason));
	}
	if (c->envelope_id) {
		json_object_set_new(env, "envelope_id", json_string(c->envelope_id));
		json_object_set_new(detail, "envelope_id", json_string(c->envelope_id));
	}
	if (c->sha256)
		json_object_set_new(env, "current_sha256", json_string(c->sha256));
	json_object_set_new(env, "updated_at", json_string(now));
	if (completed)
		json_object_set_new(env, "status", json_string("completed"));
	int version = (int)json_integer_value(json_object_get(env, "version"));
	int rc = save(ws, env, err) ||
		wa_audit_append(ws, str(env, "kind"), str(env, "client"), version, c->to, actor,
			detail, str(env, "current_sha256"), now, NULL, err);
	json_decref(detail);
	if (!rc && completed) {
		detail = json_object();
		rc = wa_audit_append(ws, str(env, "kind"), str(env, "client"), version, "completed",
			"wa", detail, str(env, "current_sha256"), now, NULL, err);
		json_decref(detail);
	}
	return rc ? -1 : 0;
}

json_t *wa_envelope_waiting_new(wa_ws *ws, const char *kind, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT " ENVELOPE_COLUMNS " FROM envelopes WHERE "
		"kind = ?1 AND status IN ('sent', 'delivered', 'signed', 'viewed') ORDER BY updated_at, "
		"client, "
		"version", err);
	json_t *list;
	int rc;

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	list = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(list, envelope_row(st));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(list);
		wa_ws_fail(ws, rc, "reading the envelopes", err);
		return NULL;
	}
	return list;
}
