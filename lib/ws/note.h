/* note.h - researchers' notes about a client (Markdown), kept in the
 * workspace (table research_notes) and read by the next research run
 * like any source. */
#ifndef WA_NOTE_H
#define WA_NOTE_H

#include <jansson.h>
#include <stddef.h>

#include "base/err.h"
#include "ws/ws.h"

/* Add a note by author (may be NULL) about client, with the event
 * research.note_added, in a transaction: {client, note (its id), at}, a
 * new object, or NULL with err. */
json_t *wa_note_add_new(wa_ws *ws, const char *client, const char *body, size_t len,
	const char *author, wa_err *err);
/* client's notes, oldest first: a new array of {id, body, author, at},
 * or NULL with err. */
json_t *wa_note_list_new(wa_ws *ws, const char *client, wa_err *err);

#endif
