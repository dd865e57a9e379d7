/* esign.h - documents sent for signature through an e-signature
 * service's REST API, in DocuSign's envelope model (v2.1: a document,
 * signers with a routing order, status notifications): the request that
 * sends an envelope (envelope.h) to its recipients, and the notifications
 * the service posts back, applied to it.  Over lib/web/fetch.h. */
#ifndef WA_ESIGN_H
#define WA_ESIGN_H

#include <jansson.h>

#include "base/err.h"
#include "ws/ws.h"

/* The service: where, the account, the token (a secret: never printed,
 * logged or stored), and the URL it notifies (or NULL). */
typedef struct wa_esign {
	char *url, *account, *token;
	const char *webhook;
} wa_esign;

/* The service from the environment: WA_ESIGN_URL, WA_ESIGN_ACCOUNT,
 * WA_ESIGN_TOKEN (or the first line of the file WA_ESIGN_TOKEN_FILE) and
 * WA_ESIGN_WEBHOOK.  0, or -1 with err (78 saying what to set and the
 * man page see to read). */
int wa_esign_from_env(wa_esign *s, const char *see, wa_err *err);
void wa_esign_free(wa_esign *s);

/* What is sent: a version of a client's document. */
typedef struct wa_esign_doc {
	const char *kind;       /* "nda" */
	const char *label;      /* "NDA" */
	const char *title;      /* "non-disclosure agreement", for the e-mail's subject */
	const char *client;
	int version;            /* 0: the latest */
	int days;               /* until it expires */
	const char *actor;      /* who sends, in the audit trail: "wa-nda send" */
} wa_esign_doc;

/* Send the document, as last signed or else as generated, to its
 * recipients; its envelope is then sent, with the service's id.  The
 * envelope (new), or NULL with err: 65 refused (a recipient without an
 * email, a final document, the service's answer), 66 no such document,
 * 69 the service unavailable, 77 the token refused. */
json_t *wa_esign_send_new(const wa_esign *s, wa_ws *ws, const wa_esign_doc *d, wa_err *err);

/* Apply one notification of the service (note: {"event", "data":
 * {"envelopeId", "recipientId", ...}}) to the envelope of kind it names:
 * 1 with *env (new) when applied; 0 when there is nothing to do, with
 * *why saying why ("not an event to follow", "applied already": services
 * repeat them); -1 with err (65 a bad notification or a change the
 * envelope forbids, 66 an envelope the workspace does not know). */
int wa_esign_notify(wa_ws *ws, const char *kind, json_t *note, json_t **env, const char **why,
	wa_err *err);

#endif
