/* slug.h - client ids: slugs of names (ARCHITECTURE.md section 2). */
#ifndef WA_SLUG_H
#define WA_SLUG_H

/* The slug of a name: lower-case ASCII letters and digits, runs of
 * anything else as one '-', no leading or trailing '-'; Latin letters
 * with diacritics lose them ("Zoë Núñez" -> "zoe-nunez").  Returns a new
 * string (free it), or NULL when nothing is left. */
char *wa_slug_new(const char *name);
/* 1 when s matches [a-z0-9][a-z0-9-]* */
int wa_slug_valid(const char *s);

#endif
