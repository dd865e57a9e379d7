/* store.h - the latest dossier of every client: the clients table, and
 * in dossiers the dossier as last printed with, for each of its sections,
 * the engine, run and time that wrote it, so a pipeline can start from
 * the workspace (wa dossier --all | wa-price).
 */
#ifndef WA_STORE_H
#define WA_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "ws/ws.h"

/* A section serialised ahead of time (by the record loop's reader
 * thread): the store uses text for a section whose value is this very
 * json_t instead of serialising it again. */
typedef struct wa_section_text {
	const json_t *value;
	const char *text;
	size_t len;
	uint64_t hash;          /* wa_hash_fnv1a(0, text, len) */
} wa_section_text;

/* Insert the client or update its name. */
int wa_store_client_upsert(wa_ws *ws, const char *id, const char *name, wa_err *err);

/* Keep dossier (borrowed) as the latest of client_id.  A section whose
 * body is unchanged keeps its writer; a changed one is attributed to
 * engine when it is engine's own section (own) or "trace", otherwise to
 * the run's input (engine NULL).  Sections no longer present are
 * dropped.  pre (npre entries, may be NULL) holds texts already made,
 * used for any section but trace; the caller leaves out what may have
 * changed since.  When line is not NULL the dossier is appended to it as one
 * compact line, from the same text that was stored. */
int wa_store_dossier_save(wa_ws *ws, const char *client_id, json_t *dossier,
	const char *engine, const char *own, const char *run_id, const char *at,
	const wa_section_text *pre, int npre, wa_buf *line, wa_err *err);


/* The stored dossier of client_id (new reference), or NULL with 66 when
 * the workspace has none. */
json_t *wa_store_dossier_load(wa_ws *ws, const char *client_id, wa_err *err);

/* Section metadata of client_id: [{"name","engine","run","updated_at"}]
 * (new reference), or NULL with 66. */
json_t *wa_store_dossier_meta(wa_ws *ws, const char *client_id, wa_err *err);

/* 0 when the workspace has the client id, else -1 with err: 66 saying
 * that wa import adds clients. */
int wa_store_client_exists(wa_ws *ws, const char *id, wa_err *err);

/* The clients with a stored dossier, in id order: all of them, or with
 * stale (a section name) those whose section stale is missing or was
 * last written before before (RFC 3339).  A new array of ids, or NULL
 * with err. */
json_t *wa_store_clients_new(wa_ws *ws, const char *stale, const char *before, wa_err *err);

#endif
