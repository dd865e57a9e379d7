/* section.h - an engine's own section of a dossier, versioned in the
 * workspace (table section_versions): a version per distinct inputs, so
 * rerunning an engine on what it has seen makes no new version, keeps
 * the version's number and the time it was first made, and emits no
 * event.  The engine hands over the section and its inputs; the
 * workspace keeps the text, and the record loop gets it serialised once.
 *
 * The section gets two members from here, last: "version" (1, 2 ...) and
 * "generated_at" (when that version was first made). */
#ifndef WA_SECTION_H
#define WA_SECTION_H

#include <jansson.h>

#include "base/err.h"
#include "ws/loop.h"

typedef struct wa_section_draft wa_section_draft;

/* A section made from inputs (inputs_sha256: their SHA-256, hex), ready
 * to store; steals value.  It is serialised here, off the writer's
 * thread (a record loop's prepare function), but for its version and
 * time, which only the workspace can tell. */
wa_section_draft *wa_section_draft_new(json_t *value, const char *inputs_sha256);
void wa_section_draft_free(wa_section_draft *d);
/* The section (borrowed). */
json_t *wa_section_draft_value(const wa_section_draft *d);

/* Store d as rec's section name.  The same inputs as the client's latest
 * version of it keep that version and its time; other inputs make
 * version N+1 at the record's time, stored, and the event
 * "NAME.generated" with the payload {client, version} and then the
 * members of payload (borrowed; may be NULL).  The section goes into the
 * dossier, its text to the loop.  0, or -1 with err. */
int wa_section_store(wa_record *rec, const char *name, wa_section_draft *d, json_t *payload,
	wa_err *err);

#endif
