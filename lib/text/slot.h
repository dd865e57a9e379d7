/* slot.h - the value of a conversation's slot (a date, a phone, a
 * name...) in what a person typed. */
#ifndef WA_SLOT_H
#define WA_SLOT_H

#include <jansson.h>
#include <stdint.h>

/* The value of a slot of type (date, time, datetime, phone, email, name,
 * number, choice, text) in text, as a new JSON value, or NULL when text
 * has none: dates "YYYY-MM-DD", times "HH:MM", datetimes
 * "YYYY-MM-DDTHH:MM" (both said), phones their digits with a leading +
 * kept, numbers integers, choices the choice (of choices, an array)
 * nearest the text.  now_ms and tz as for wa_when_parse.  asked: the
 * text answers a question about this slot, so a name or text may be the
 * whole reply. */
json_t *wa_slot_value_new(const char *type, json_t *choices, const char *text, int64_t now_ms,
	const char *tz, int asked);

#endif
