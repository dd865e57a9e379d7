/* lifecycle.h - what wa-nda's commands share about an NDA in the
 * workspace: finding it from a file or a client, and recording a
 * signature. */
#ifndef NDA_LIFECYCLE_H
#define NDA_LIFECYCLE_H

#include "wa.h"

#define NDA_KIND "nda"

typedef struct nda_ref {
	int found;
	char client[256];
	int version;
	char status[64];        /* after a recorded signature */
	json_t *env;
} nda_ref;

void nda_ref_free(nda_ref *ref);
/* The workspace if it exists (-w given: it must), else *ws = NULL. */
int nda_open_existing(const char *opt, wa_ws **ws, wa_err *err);
/* Whether the PDF in data is an NDA the workspace knows, in its latest
 * state; the unsigned original of one signed since is an error (65). */
int nda_find_by_file(wa_ws *ws, const char *data, size_t len, nda_ref *ref, wa_err *err);
/* Whether who may sign it now (65 and why not). */
int nda_may_sign(wa_ws *ws, nda_ref *ref, const char *who, wa_err *err);
/* Record who's signature: the signed file kept as an artifact, the
 * envelope moved, the audit trail written, in one transaction. */
int nda_record_signature(wa_ws *ws, nda_ref *ref, const char *who, const char *pdf,
	size_t len, wa_err *err);
/* The artifact name of a version's file: nda/CLIENT/vN/FILE. */
void nda_artifact_name(char *out, size_t size, const char *client, int version,
	const char *file);

#endif
