/* calendar.c - see calendar.h.  Dates are proleptic Gregorian days; the
 * weekday comes from the date alone (no time zone is involved: times are
 * the agent's local ones). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent/calendar.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/mem.h"
#include "web/contacts.h"
#include "ws/ws.h"

struct wa_calendar {
	char *client;
	char country[3];        /* "" when not known */
	int slot;               /* minutes */
	int open[7], close[7];  /* minutes of the day, Sunday first; open < 0: closed */
};

static const char *const days[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

wa_calendar *wa_calendar_new(json_t *cfg, const char *client, const char *country,
	wa_err *err)
{
	wa_calendar *c = wa_mem_calloc(1, sizeof *c);
	json_t *hours = json_object_get(cfg, "hours");

	c->client = wa_mem_strdup(client);
	if (country && strlen(country) == 2)
		memcpy(c->country, country, 3);
	c->slot = json_is_integer(json_object_get(cfg, "slot_minutes")) ?
		(int)json_integer_value(json_object_get(cfg, "slot_minutes")) : 30;
	if (c->slot < 5)
		c->slot = 30;
	for (int i = 0; i < 7; i++) {
		c->open[i] = c->close[i] = -1;
		const char *h = json_string_value(json_object_get(hours, days[i]));
		int a, b, x, y;
		if (!h)
			continue;
		if (sscanf(h, "%d:%d-%d:%d", &a, &b, &x, &y) != 4 || a > 23 || b > 59 || x > 23 ||
		    y > 59 || a * 60 + b >= x * 60 + y) {
			wa_err_set(err, WA_EX_CONFIG, "calendar.hours.%s: \"%s\" is not HH:MM-HH:MM "
				"with the opening first", days[i], h);
			wa_calendar_free(c);
			return NULL;
		}
		c->open[i] = a * 60 + b;
		c->close[i] = x * 60 + y;
	}
	return c;
}

void wa_calendar_free(wa_calendar *c)
{
	if (!c)
		return;
	free(c->client);
	free(c);
}

const char *wa_calendar_phone(const wa_calendar *c, const char *raw, char out[40])
{
	size_t n = 0;

	if (!raw)
		return NULL;
	if (!wa_contacts_e164(raw, c && c->country[0] ? c->country : NULL, out, 40))
		return out;
	for (const char *p = raw; *p && n < 39; p++)
		if ((*p >= '0' && *p <= '9') || (*p == '+' && !n))
			out[n++] = *p;
	out[n] = '\0';
	return out;
}


/* days since 1970-01-01 of y-m-d, and back */
static long day_number(int y, int m, int d)
{
	struct tm t = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12 };

	return (long)(timegm(&t) / 86400);
}

static void from_day(long n, int *y, int *m, int *d, int *wday)
{
	time_t s = (time_t)n * 86400 + 43200;
	struct tm t;

	gmtime_r(&s, &t);
	*y = t.tm_year + 1900, *m = t.tm_mon + 1, *d = t.tm_mday, *wday = t.tm_wday;
}

static void stamp(char *out, size_t size, long day, int minute)
{
	int y, m, d, w;

	from_day(day, &y, &m, &d, &w);
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d", y, m, d, minute / 60, minute % 60);
}

/* whether start is booked */
static int taken(const wa_calendar *c, wa_ws *ws, const char *start, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT 1 FROM agent_bookings WHERE client = ?1 AND "
		"start = ?2 AND status = 'booked'", err);
	int yes;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, c->client, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, start, -1, SQLITE_TRANSIENT);
	yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}

/* the slot grid: a start the hours allow */
static int on_grid(const wa_calendar *c, int wday, int minute)
{
	return c->open[wday] >= 0 && minute >= c->open[wday] &&
		minute + c->slot <= c->close[wday] && (minute - c->open[wday]) % c->slot == 0;
}

json_t *wa_calendar_free_slots_new(const wa_calendar *c, wa_ws *ws, int y, int m, int d,
	wa_err *err)
{
	long day = day_number(y, m, d);
	int yy, mm, dd, wday;
	json_t *out = json_array();

	from_day(day, &yy, &mm, &dd, &wday);
	for (int t = c->open[wday]; c->open[wday] >= 0 && t + c->slot <= c->close[wday];
	    t += c->slot) {
		char start[32], hm[8];
		stamp(start, sizeof start, day, t);
		int k = taken(c, ws, start, err);
		if (k < 0) {
			json_decref(out);
			return NULL;
		}
		if (!k) {
			snprintf(hm, sizeof hm, "%02d:%02d", t / 60, t % 60);
			json_array_append_new(out, json_string(hm));
		}
	}
	return out;
}

int wa_calendar_open_at(const wa_calendar *c, int y, int m, int d, int h, int min)
{
	int yy, mm, dd, wday;

	from_day(day_number(y, m, d), &yy, &mm, &dd, &wday);
	return on_grid(c, wday, h * 60 + min);
}

int wa_calendar_day_open(const wa_calendar *c, int y, int m, int d)
{
	int yy, mm, dd, wday;

	from_day(day_number(y, m, d), &yy, &mm, &dd, &wday);
	return c->open[wday] >= 0;
}

json_t *wa_calendar_free_from_new(const wa_calendar *c, wa_ws *ws, int y, int m, int d,
	int from, int to, int max, wa_err *err)
{
	long day = day_number(y, m, d);
	json_t *out = json_array();

	for (long n = day; n < day + 14 && (int)json_array_size(out) < max; n++) {
		int yy, mm, dd, wday;
		from_day(n, &yy, &mm, &dd, &wday);
		int t = c->open[wday];
		if (t < 0 || (to >= 0 && n > day))
			continue;
		if (n == day && from > t)
			t += (from - t + c->slot - 1) / c->slot * c->slot;
		for (; t + c->slot <= c->close[wday] && (int)json_array_size(out) < max &&
		    !(to >= 0 && t >= to); t += c->slot) {
			char start[32];
			stamp(start, sizeof start, n, t);
			int k = taken(c, ws, start, err);
			if (k < 0) {
				json_decref(out);
				return NULL;
			}
			if (!k)
				json_array_append_new(out, json_string(start));
		}
	}
	return out;
}

/* the first free slot at or after day/minute, within 14 days */
static int nearest(const wa_calendar *c, wa_ws *ws, long day, int minute, char *out, size_t size,
	wa_err *err)
{
	for (long d = day; d < day + 14; d++) {
		int y, m, dd, wday;
		from_day(d, &y, &m, &dd, &wday);
		if (c->open[wday] < 0)
			continue;
		int t = c->open[wday];
		if (d == day && minute > t)
			t += (minute - t + c->slot - 1) / c->slot * c->slot;
		for (; t + c->slot <= c->close[wday]; t += c->slot) {
			stamp(out, size, d, t);
			int k = taken(c, ws, out, err);
			if (k < 0)
				return -1;
			if (!k)
				return 1;
		}
	}
	return 0;
}

int wa_calendar_book(const wa_calendar *c, wa_ws *ws, int y, int m, int d, int h, int min,
	json_t *who, const char *thread, json_t **result, wa_err *err)
{
	long day = day_number(y, m, d);
	int yy, mm, dd, wday, minute = h * 60 + min;
	char start[32], alt[32], now[WA_TIME_MAX];
	const char *status = NULL;

	*result = NULL;
	from_day(day, &yy, &mm, &dd, &wday);
	stamp(start, sizeof start, day, minute);
	if (!on_grid(c, wday, minute)) {
		status = "closed";
	} else {
		/* the unique index decides between two callers of the same slot */
		sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO agent_bookings (client, start, minutes, "
			"name, phone, thread, status, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
			"'booked', ?7)", err);
		if (!st)
			return -1;
		wa_clock_now_text(now);
		sqlite3_bind_text(st, 1, c->client, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, start, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 3, c->slot);
		const char *name = json_string_value(json_object_get(who, "name"));
		char key[40];
		const char *phone = wa_calendar_phone(c, json_string_value(json_object_get(who, "phone")), key);
		if (name)
			sqlite3_bind_text(st, 4, name, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 4);
		if (phone)
			sqlite3_bind_text(st, 5, phone, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 5);
		if (thread)
			sqlite3_bind_text(st, 6, thread, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 6);
		sqlite3_bind_text(st, 7, now, -1, SQLITE_TRANSIENT);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_DONE) {
			*result = json_pack("{s:s, s:I, s:s, s:i}", "status", "booked", "id",
				(json_int_t)sqlite3_last_insert_rowid(wa_ws_db(ws)), "start", start,
				"minutes", c->slot);
			return 0;
		}
		if ((rc & 0xff) != SQLITE_CONSTRAINT)
			return wa_ws_fail(ws, rc, "booking", err);
		status = "taken";
	}
	int k = nearest(c, ws, day, minute, alt, sizeof alt, err);
	if (k < 0)
		return -1;
	*result = json_pack("{s:s, s:s, s:o}", "status", status, "start", start, "alternative",
		k ? json_string(alt) : json_null());
	return 0;
}

int wa_calendar_booked(const wa_calendar *c, wa_ws *ws, const char *phone, char *out,
	size_t size, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT start FROM agent_bookings WHERE client = ?1 "
		"AND status = 'booked' AND phone = ?2 ORDER BY start LIMIT 1", err);
	char key[40];
	int found;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, c->client, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, wa_calendar_phone(c, phone ? phone : "", key), -1,
		SQLITE_TRANSIENT);
	found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return found;
}

int wa_calendar_cancel(const wa_calendar *c, wa_ws *ws, long long id, const char *phone,
	json_t **result, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT id, start FROM agent_bookings WHERE client = ?1 "
		"AND status = 'booked' AND (id = ?2 OR (?2 = 0 AND phone = ?3)) ORDER BY start LIMIT 1",
		err);
	char key[40];

	phone = wa_calendar_phone(c, phone, key);
	*result = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, c->client, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, id > 0 ? id : 0);
	if (phone)
		sqlite3_bind_text(st, 3, phone, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 3);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		*result = json_pack("{s:s}", "status", "not_found");
		return 0;
	}
	long long found = sqlite3_column_int64(st, 0);
	char start[32];
	snprintf(start, sizeof start, "%s", (const char *)sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	if (!(st = wa_ws_stmt(ws, "UPDATE agent_bookings SET status = 'cancelled' WHERE id = ?1",
	    err)))
		return -1;
	sqlite3_bind_int64(st, 1, found);
	if (wa_ws_step_done(ws, st, "cancelling", err))
		return -1;
	*result = json_pack("{s:s, s:I, s:s}", "status", "cancelled", "id", (json_int_t)found,
		"start", start);
	return 0;
}

int wa_calendar_move(const wa_calendar *c, wa_ws *ws, const char *phone, int y, int m, int d,
	int h, int min, const char *thread, json_t **result, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT id, start, name FROM agent_bookings WHERE "
		"client = ?1 AND status = 'booked' AND phone = ?2 ORDER BY start LIMIT 1", err);
	char key[40];

	phone = wa_calendar_phone(c, phone, key);
	*result = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, c->client, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, phone ? phone : "", -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		*result = json_pack("{s:s}", "status", "not_found");
		return 0;
	}
	long long old = sqlite3_column_int64(st, 0);
	char from[32];
	snprintf(from, sizeof from, "%s", (const char *)sqlite3_column_text(st, 1));
	json_t *who = json_pack("{s:s}", "phone", phone);
	if (sqlite3_column_type(st, 2) == SQLITE_TEXT)
		json_object_set_new(who, "name", json_string((const char *)sqlite3_column_text(st,
			2)));
	sqlite3_reset(st);
	/* the new slot first: if it is not to be had, the old one stays */
	int rc = wa_calendar_book(c, ws, y, m, d, h, min, who, thread, result, err);
	json_decref(who);
	if (rc || strcmp(json_string_value(json_object_get(*result, "status")), "booked"))
		return rc;
	if (!(st = wa_ws_stmt(ws, "UPDATE agent_bookings SET status = 'cancelled' WHERE id = ?1",
	    err)) || (sqlite3_bind_int64(st, 1, old), wa_ws_step_done(ws, st, "moving", err))) {
		json_decref(*result);
		*result = NULL;
		return -1;
	}
	json_object_set_new(*result, "status", json_string("moved"));
	json_object_set_new(*result, "from", json_string(from));
	return 0;
}

/* "8 am", "12:30 pm", "noon", "midnight" */
static void time_words(wa_buf *out, int minutes)
{
	int h = minutes / 60 % 24, m = minutes % 60;

	if (m == 0 && h == 12) {
		wa_buf_adds(out, "noon");
		return;
	}
	if (m == 0 && h == 0) {
		wa_buf_adds(out, "midnight");
		return;
	}
	wa_buf_addf(out, "%d", h % 12 ? h % 12 : 12);
	if (m)
		wa_buf_addf(out, ":%02d", m);
	wa_buf_adds(out, h < 12 ? " am" : " pm");
}

void wa_calendar_hours_words(json_t *hours, wa_buf *out)
{
	static const char *const names[7] = { "Monday", "Tuesday", "Wednesday", "Thursday",
		"Friday", "Saturday", "Sunday" };
	static const char *const keys[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	int groups = 0, first[7], last[7];

	/* runs of days in a row with the same hours */
	for (int d = 0; d < 7; d++) {
		const char *h = json_string_value(json_object_get(hours, keys[d]));
		if (!h)
			continue;
		if (groups && last[groups - 1] == d - 1 && !strcmp(h,
		    json_string_value(json_object_get(hours, keys[first[groups - 1]])))) {
			last[groups - 1] = d;
			continue;
		}
		first[groups] = last[groups] = d;
		groups++;
	}
	for (int g = 0; g < groups; g++) {
		const char *h = json_string_value(json_object_get(hours, keys[first[g]]));
		int a, b, x, y;
		if (g)
			wa_buf_adds(out, g == groups - 1 ? ", and " : ", ");
		wa_buf_adds(out, names[first[g]]);
		if (last[g] > first[g])
			wa_buf_addf(out, " %s %s", last[g] == first[g] + 1 ? "and" : "to",
				names[last[g]]);
		if (sscanf(h, "%d:%d-%d:%d", &a, &b, &x, &y) != 4)
			continue;
		wa_buf_adds(out, ", ");
		time_words(out, a * 60 + b);
		wa_buf_adds(out, " to ");
		time_words(out, x * 60 + y);
	}
}
