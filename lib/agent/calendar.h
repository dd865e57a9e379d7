/* calendar.h - the booking tools' calendar: working hours by weekday,
 * slots of a fixed length, bookings in the workspace (agent_bookings),
 * a slot booked at most once whatever runs at the same time. */
#ifndef WA_CALENDAR_H
#define WA_CALENDAR_H

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "ws/ws.h"

typedef struct wa_calendar wa_calendar;

/* From an agent's "calendar" ({slot_minutes, hours: {mon: "08:00-18:00"}})
 * for client, whose customers' phone numbers are read for country (ISO
 * 3166 alpha-2, or NULL).  NULL with err (78) for hours that do not
 * parse.
 *
 * A phone number is who booked: it is stored and looked up in E.164
 * ("(312) 555-0147" and "+1 312 555 0147" are one person in the US); one
 * that is not valid for the country is kept as its digits (and a leading
 * +). */
wa_calendar *wa_calendar_new(json_t *cfg, const char *client, const char *country,
	wa_err *err);
void wa_calendar_free(wa_calendar *c);

/* raw as the calendar keeps a phone number (see above) in out; NULL
 * for NULL.  c may be NULL: no country. */
const char *wa_calendar_phone(const wa_calendar *c, const char *raw, char out[40]);

/* 1 when a booking may start at h:min on y-m-d (open, on the slot grid);
 * wa_calendar_day_open: 1 when the day has hours at all. */
int wa_calendar_open_at(const wa_calendar *c, int y, int m, int d, int h, int min);
int wa_calendar_day_open(const wa_calendar *c, int y, int m, int d);

/* Up to max free slots ("YYYY-MM-DDTHH:MM", in order) from minute from
 * of y-m-d: before minute to of that day, or with to < 0 on that day and
 * the days after (14 in all), as a new array; NULL with err. */
json_t *wa_calendar_free_from_new(const wa_calendar *c, wa_ws *ws, int y, int m, int d,
	int from, int to, int max, wa_err *err);

/* The start ("YYYY-MM-DDTHH:MM") of the first booking under phone in
 * out: 1, 0 when there is none, -1 with err. */
int wa_calendar_booked(const wa_calendar *c, wa_ws *ws, const char *phone, char *out,
	size_t size, wa_err *err);

/* The free slots of a day ("HH:MM", in order) as a new array. */
json_t *wa_calendar_free_slots_new(const wa_calendar *c, wa_ws *ws, int y, int m, int d,
	wa_err *err);

/* Book the slot starting y-m-d h:min for who ({name, phone}, may be
 * NULL) from thread.  *result is a new object: {"status": "booked", id,
 * start} or, for a time outside the hours or off the slot grid
 * ("closed") or already booked ("taken"), the nearest free slot from then
 * as "alternative" (null when none in 14 days).  0, or -1 with err (a
 * workspace error). */
int wa_calendar_book(const wa_calendar *c, wa_ws *ws, int y, int m, int d, int h, int min,
	json_t *who, const char *thread, json_t **result, wa_err *err);

/* Cancel the booking with id (> 0) or the next one under phone: *result
 * {"status": "cancelled", id, start} or {"status": "not_found"}. */
int wa_calendar_cancel(const wa_calendar *c, wa_ws *ws, long long id, const char *phone,
	json_t **result, wa_err *err);

/* Move the next booking under phone to the slot y-m-d h:min: *result
 * {"status": "moved", id, start, from} (the old one cancelled, the new
 * one keeping its name), the refusal wa_calendar_book gives ("closed"
 * or "taken", with the alternative; the old booking stands), or
 * {"status": "not_found"}.  Run it in a transaction. */
int wa_calendar_move(const wa_calendar *c, wa_ws *ws, const char *phone, int y, int m, int d,
	int h, int min, const char *thread, json_t **result, wa_err *err);

/* Opening hours ({mon: "08:00-18:00", ...}, as a calendar's) in words
 * that read and sound right, appended to out: days with the same hours
 * in a row together, the week from Monday ("Monday to Friday, 8 am to 6
 * pm, and Saturday, 9 am to 1 pm"); 12:00 is noon.  Nothing for none. */
void wa_calendar_hours_words(json_t *hours, wa_buf *out);

#endif
