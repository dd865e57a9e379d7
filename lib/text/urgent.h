/* urgent.h - whether a message says its writer is in an urgent situation
 * (a leak, pain, an injury, being locked out), by the words and phrases
 * of schemas/data/urgent.json. */
#ifndef WA_URGENT_H
#define WA_URGENT_H

/* The phrase of text that says it is urgent ("leaking"), or NULL: a new
 * string. */
char *wa_urgent_new(const char *text);

#endif
