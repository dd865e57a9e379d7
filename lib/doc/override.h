/* override.h - the sections of a client's proposal that a person has
 * rewritten (table proposal_overrides).  Each replaces its section in
 * every later version, and remembers the SHA-256 of the generated text it
 * was written over, so that when that text changes the override can be
 * flagged as stale rather than silently shipped. */
#ifndef WA_OVERRIDE_H
#define WA_OVERRIDE_H

#include <jansson.h>

#include "base/err.h"
#include "ws/ws.h"

/* Keep text as client's override of section, written over the generated
 * text base; text must parse as a template (65 naming the section).
 * 0, or -1 with err. */
int wa_override_put(wa_ws *ws, const char *client, const char *section, const char *text,
	const char *base, wa_err *err);
/* client's overrides as {section: {text, base_sha256}}: a new object, or
 * NULL with err. */
json_t *wa_override_list_new(wa_ws *ws, const char *client, wa_err *err);
/* Drop client's override of section (none: nothing to do). */
int wa_override_remove(wa_ws *ws, const char *client, const char *section, wa_err *err);

#endif
