/* dossier.h - helpers for the dossier every engine reads and writes
 * (ARCHITECTURE.md section 2): the client, its id, the engine's own
 * section, the trace, required input sections.
 *
 * Functions here take borrowed references unless they say "steals".
 */
#ifndef WA_DOSSIER_H
#define WA_DOSSIER_H

#include <jansson.h>

#include "base/err.h"

/* The client section (borrowed), or NULL when missing or not an object. */
json_t *wa_dossier_client(json_t *dossier);
/* client.id when it is a string (borrowed), else NULL. */
const char *wa_dossier_client_id(json_t *dossier);
/* A label for messages, in tmp: client.id, else the slug of client.name,
 * else NULL.  One longer than WA_LABEL_MAX bytes is cut there and ends in
 * "...", so that the message after it is still read.  tmpsize is at least
 * 8.  Never fails. */
#define WA_LABEL_MAX 64
const char *wa_dossier_label(json_t *dossier, char *tmp, size_t tmpsize);

/* Make sure client.id is set and is a slug, deriving it from
 * client.name when absent (as the first key of client).  *derived is set
 * to 1 when it was derived.  Errors (65): client missing or not an
 * object, name missing, id not a slug. */
int wa_dossier_ensure_client_id(json_t *dossier, int *derived, wa_err *err);

/* Set the section name to value (steals value).  An existing section
 * keeps its place; a new one goes before "trace", else at the end. */
void wa_dossier_set_section(json_t *dossier, const char *name, json_t *value);

/* Append {"engine","version","run","at"} to trace, creating it when
 * absent.  65 when trace is there but not an array. */
int wa_dossier_trace(json_t *dossier, const char *engine, const char *version,
	const char *run_id, const char *at, wa_err *err);

/* 0 when section is present (an object), else 65 with
 * "ENGINE needs "SECTION": run PRODUCER first". */
int wa_dossier_require(json_t *dossier, const char *section, const char *engine,
	const char *producer, wa_err *err);

#endif
