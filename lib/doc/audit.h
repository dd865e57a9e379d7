/* audit.h - the audit trail of documents sent for signature: every change
 * to an envelope (envelope.h) as a row whose hash is the SHA-256 of its
 * fields and of the previous row's hash for the same kind and client,
 * so editing or deleting a row shows; each change also goes on the
 * event bus as KIND.ACTION. */
#ifndef WA_AUDIT_H
#define WA_AUDIT_H

#include <jansson.h>

#include "base/err.h"
#include "ws/ws.h"

/* Append a row for version of a client's document of kind: action by
 * actor, with detail (borrowed), the document's SHA-256 after it, at
 * time at; the envelope keeps the row's hash, and the event is emitted
 * with run_id.  0, or -1 with err. */
int wa_audit_append(wa_ws *ws, const char *kind, const char *client, int version,
	const char *action, const char *actor, json_t *detail, const char *sha, const char *at,
	const char *run_id, wa_err *err);

/* The audit trail of a client's documents of kind, oldest first: a new
 * array of rows {seq, version, at, action, actor, detail,
 * document_sha256, prev_hash, hash}. */
json_t *wa_audit_list_new(wa_ws *ws, const char *kind, const char *client, wa_err *err);
/* Check the chain: a new array of findings {seq, problem}, empty when
 * every row is as written; NULL with err on a workspace error. */
json_t *wa_audit_verify_new(wa_ws *ws, const char *kind, const char *client, wa_err *err);

#endif
