/* envelope.h - the life of a document sent for signature, in the
 * envelope model that users of e-signature services know.  wa-nda uses
 * it for NDAs (kind "nda"); wa-proposal for agreements (kind
 * "agreement", signed like NDAs) and for proposals (kind "proposal",
 * which are accepted rather than signed).
 *
 * An envelope is one version of a document for one client, with its
 * recipients in routing order.  Its status moves
 *
 *     draft -> sent -> delivered -> signed (each recipient in order)
 *           -> completed (when the last one signs)
 *
 * and from draft, sent, delivered or signed to voided (with a reason);
 * from sent, delivered or signed to declined (by a recipient, with a
 * reason) or expired (past its deadline).  completed, declined, voided
 * and expired are final.
 *
 * A proposal moves draft -> sent -> viewed (by a recipient) -> accepted
 * (by a recipient), or from sent or viewed to declined (with a reason)
 * or expired; accepted, declined and expired are final.
 *
 * Every change is a row of the audit trail (audit.h) and an event
 * "KIND.STATUS". */
#ifndef WA_ENVELOPE_H
#define WA_ENVELOPE_H

#include <jansson.h>
#include <stdint.h>

#include "base/err.h"
#include "ws/ws.h"

/* Start the envelope of a new version as a draft, with recipients (a
 * JSON array in routing order of {name, role, email, title}; borrowed)
 * and the document's SHA-256 (hex).  Audited as "generated" by actor, the
 * event carrying run_id (may be NULL). */
int wa_envelope_create(wa_ws *ws, const char *kind, const char *client, int version,
	json_t *recipients, const char *sha256, const char *actor, const char *run_id,
	wa_err *err);

/* The envelope of version (0: the latest) as a new object {kind, client,
 * version, status, recipients, document_sha256, current_sha256, reason,
 * sent_at, deadline, envelope_id, created_at, updated_at}, or NULL with
 * err (66 when there is none). */
json_t *wa_envelope_load_new(wa_ws *ws, const char *kind, const char *client, int version,
	wa_err *err);

/* The envelope whose document, as generated or as last signed, has this
 * SHA-256: a new object, or NULL (err untouched when there is none). */
json_t *wa_envelope_find_file_new(wa_ws *ws, const char *kind, const char *sha256,
	wa_err *err);

/* The envelope an e-signature service knows by id: a new object, or NULL
 * (err untouched when there is none). */
json_t *wa_envelope_find_id_new(wa_ws *ws, const char *kind, const char *id, wa_err *err);

typedef struct wa_envelope_change {
	const char *to;         /* the new status */
	const char *by;         /* who: a recipient's name, email or role, or anyone */
	const char *reason;     /* for declined and voided */
	int64_t deadline_ms;    /* for sent: when it expires (0: 30 days) */
	const char *sha256;     /* the document after the change, or NULL */
	const char *envelope_id;        /* for sent through a service, or NULL */
	json_t *certificate;    /* for signed with a key: who the certificate names
				   (wa_pdfsign_signer_cert_new), or NULL */
} wa_envelope_change;

/* Whether env (as loaded) may make the change: 0, or -1 with err (65)
 * saying why not ("a voided NDA cannot be signed"). */
int wa_envelope_check(json_t *env, const wa_envelope_change *c, wa_err *err);
/* Make the change: check it, update env and its row, audit it, emit the
 * event.  The caller holds a transaction (wa_ws_begin). */
int wa_envelope_apply(wa_ws *ws, json_t *env, const wa_envelope_change *c, wa_err *err);

/* The first recipient who has not signed yet (borrowed), or NULL. */
json_t *wa_envelope_next_signer(json_t *env);
/* Whether s is a status of kind's documents. */
int wa_envelope_status_valid(const char *kind, const char *s);
/* kind's statuses in words: "draft, sent, viewed, accepted, declined or
 * expired". */
const char *wa_envelope_statuses(const char *kind);

/* Envelopes of kind waiting on someone (sent, delivered, signed): a new
 * array of envelopes, oldest change first. */
json_t *wa_envelope_waiting_new(wa_ws *ws, const char *kind, wa_err *err);

/* ---- envelope_life.c: what the document commands do with envelopes ---- */

/* The artifact name of a version's file: "KIND/CLIENT/vN/FILE". */
void wa_envelope_artifact_name(char *out, size_t size, const char *kind, const char *client,
	int version, const char *file);

/* wa_envelope_apply in a transaction of its own: 0, or -1 with err and
 * nothing changed. */
int wa_envelope_move(wa_ws *ws, json_t *env, const wa_envelope_change *c, wa_err *err);

/* The envelope of kind whose document the PDF data is, in its latest
 * state: a new object; NULL without err when the workspace has none;
 * NULL with 65 when data is a version as generated that has been signed
 * since (the message names the signed copy, label naming the kind:
 * "NDA"). */
json_t *wa_envelope_of_pdf_new(wa_ws *ws, const char *kind, const char *label, const char *data,
	size_t len, wa_err *err);

/* Record who's signature on env: the signed PDF kept as the artifact
 * KIND/CLIENT/vN/KIND-signed.pdf and the envelope moved to signed (or
 * completed), in one transaction. */
int wa_envelope_record_signature(wa_ws *ws, json_t *env, const char *who, json_t *cert,
	const char *pdf, size_t len, wa_err *err);

/* For cron: each envelope of kind waiting on someone for days days or
 * more, as {type: "reminder", client, version, status, waiting_on,
 * since, days, deadline}; those past their deadline expired (by actor)
 * and listed with type "expired", unless expire is 0 (then they are
 * reminders still).  A new array, or NULL with err; when expiring one
 * fails, the array of those done so far with err set. */
json_t *wa_envelope_reminders_new(wa_ws *ws, const char *kind, int days, int expire,
	const char *actor, wa_err *err);

#endif
