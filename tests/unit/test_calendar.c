/* The booking calendar: hours, the slot grid, double bookings refused
 * with the nearest free slot, cancelling, and eight processes racing for
 * one slot.  Monday 30 November 2026 is the first Monday after Tuesday
 * the 24th. */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent/calendar.h"
#include "helpers.h"
#include "ws/ws.h"

static const char *cfg_text = "{\"slot_minutes\": 60, \"hours\": {\"mon\": \"09:00-12:00\", "
	"\"tue\": \"09:00-12:00\", \"wed\": \"09:00-12:00\"}}";

static const char *status_of(json_t *r)
{
	return json_string_value(json_object_get(r, "status"));
}

static const char *alt_of(json_t *r)
{
	return json_string_value(json_object_get(r, "alternative"));
}

Test(calendar, hours_grid_and_double_bookings)
{
	char path[256];
	wa_ws *ws = NULL;
	wa_err err = WA_ERR_INIT;
	json_t *cfg = json_loads(cfg_text, 0, NULL), *r;

	snprintf(path, sizeof path, "%s/c.db", tmpdir_new());
	cr_assert_eq(wa_ws_open(path, WA_WS_CREATE, &ws, &err), 0, "%s", err.msg);
	wa_calendar *c = wa_calendar_new(cfg, "dental", "US", &err);
	cr_assert_not_null(c, "%s", err.msg);
	json_t *free_slots = wa_calendar_free_slots_new(c, ws, 2026, 11, 30, &err);
	char *s = json_dumps(free_slots, JSON_COMPACT);
	cr_assert_str_eq(s, "[\"09:00\",\"10:00\",\"11:00\"]");
	free(s);
	json_decref(free_slots);
	json_t *who = json_pack("{s:s, s:s}", "name", "Ana", "phone", "+441170000001");
	cr_assert_eq(wa_calendar_book(c, ws, 2026, 11, 30, 10, 0, who, "t1", &r, &err), 0);
	cr_assert_str_eq(status_of(r), "booked");
	cr_assert_str_eq(json_string_value(json_object_get(r, "start")), "2026-11-30T10:00");
	json_decref(r);
	/* the same slot again: taken, and the next free one offered */
	cr_assert_eq(wa_calendar_book(c, ws, 2026, 11, 30, 10, 0, NULL, "t2", &r, &err), 0);
	cr_assert_str_eq(status_of(r), "taken");
	cr_assert_str_eq(alt_of(r), "2026-11-30T11:00");
	json_decref(r);
	/* off the grid, and a closed day */
	cr_assert_eq(wa_calendar_book(c, ws, 2026, 11, 30, 10, 30, NULL, NULL, &r, &err), 0);
	cr_assert_str_eq(status_of(r), "closed");
	cr_assert_str_eq(alt_of(r), "2026-11-30T11:00");
	json_decref(r);
	cr_assert_eq(wa_calendar_book(c, ws, 2026, 11, 29, 10, 0, NULL, NULL, &r, &err), 0);
	cr_assert_str_eq(status_of(r), "closed");
	cr_assert_str_eq(alt_of(r), "2026-11-30T09:00");       /* Sunday: Monday's first */
	json_decref(r);
	/* a full Monday sends the next to Tuesday */
	cr_assert_eq(wa_calendar_book(c, ws, 2026, 11, 30, 9, 0, NULL, NULL, &r, &err), 0);
	json_decref(r);
	cr_assert_eq(wa_calendar_book(c, ws, 2026, 11, 30, 11, 0, NULL, NULL, &r, &err), 0);
	json_decref(r);
	cr_assert_eq(wa_calendar_book(c, ws, 2026, 11, 30, 11, 0, NULL, NULL, &r, &err), 0);
	cr_assert_str_eq(alt_of(r), "2026-12-01T09:00");
	json_decref(r);
	/* cancelled by phone: the slot is free again */
	cr_assert_eq(wa_calendar_cancel(c, ws, 0, "+441170000001", &r, &err), 0);
	cr_assert_str_eq(status_of(r), "cancelled");
	cr_assert_str_eq(json_string_value(json_object_get(r, "start")), "2026-11-30T10:00");
	json_decref(r);
	cr_assert_eq(wa_calendar_cancel(c, ws, 0, "+441170000001", &r, &err), 0);
	cr_assert_str_eq(status_of(r), "not_found");
	json_decref(r);
	free_slots = wa_calendar_free_slots_new(c, ws, 2026, 11, 30, &err);
	s = json_dumps(free_slots, JSON_COMPACT);
	cr_assert_str_eq(s, "[\"10:00\"]");
	free(s);
	json_decref(free_slots);
	json_decref(who);
	wa_calendar_free(c);
	/* hours that do not parse */
	json_t *bad = json_loads("{\"hours\": {\"mon\": \"18:00-08:00\"}}", 0, NULL);
	cr_assert_null(wa_calendar_new(bad, "x", NULL, &err));
	cr_assert_eq(err.code, WA_EX_CONFIG);
	cr_assert(strstr(err.msg, "calendar.hours.mon"), "%s", err.msg);
	json_decref(bad);
	json_decref(cfg);
	wa_ws_close(ws);
}

Test(calendar, eight_processes_one_slot)
{
	char path[256];
	wa_ws *ws = NULL;
	wa_err err = WA_ERR_INIT;

	snprintf(path, sizeof path, "%s/race.db", tmpdir_new());
	cr_assert_eq(wa_ws_open(path, WA_WS_CREATE, &ws, &err), 0, "%s", err.msg);
	wa_ws_close(ws);
	pid_t kids[8];
	for (int i = 0; i < 8; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			wa_ws *w = NULL;
			wa_err e = WA_ERR_INIT;
			json_t *cfg = json_loads(cfg_text, 0, NULL), *r = NULL;
			wa_calendar *c = wa_calendar_new(cfg, "dental", "US", &e);
			int booked = 0;
			if (wa_ws_open(path, 0, &w, &e) == 0 && wa_ws_begin(w, &e) == 0 &&
			    wa_calendar_book(c, w, 2026, 12, 2, 9, 0, NULL, NULL, &r, &e) == 0 &&
			    wa_ws_commit(w, &e) == 0)
				booked = !strcmp(status_of(r), "booked") ? 1 :
					!strcmp(alt_of(r) ? alt_of(r) : "", "2026-12-02T10:00") ? 2 : 3;
			_exit(booked);
		}
	}
	int booked = 0, offered = 0;
	for (int i = 0; i < 8; i++) {
		int st;
		waitpid(kids[i], &st, 0);
		cr_assert(WIFEXITED(st));
		booked += WEXITSTATUS(st) == 1;
		offered += WEXITSTATUS(st) == 2;
	}
	cr_assert_eq(booked, 1, "one wins");
	cr_assert_eq(offered, 7, "the others are offered 10:00");
}

Test(calendar, move_keeps_the_old_slot_until_the_new_one_is_had)
{
	char path[256];
	wa_ws *ws = NULL;
	wa_err err = WA_ERR_INIT;
	json_t *cfg = json_loads(cfg_text, 0, NULL), *r, *who;

	snprintf(path, sizeof path, "%s/m.db", tmpdir_new());
	cr_assert_eq(wa_ws_open(path, WA_WS_CREATE, &ws, &err), 0, "%s", err.msg);
	wa_calendar *c = wa_calendar_new(cfg, "dental", "US", &err);
	who = json_pack("{s:s, s:s}", "name", "Zoë", "phone", "+15550100");
	cr_assert_eq(wa_calendar_book(c, ws, 2026, 11, 30, 9, 0, who, "a", &r, &err), 0);
	json_decref(r);
	json_decref(who);
	who = json_pack("{s:s}", "phone", "+15550199");
	cr_assert_eq(wa_calendar_book(c, ws, 2026, 12, 1, 10, 0, who, "b", &r, &err), 0);
	json_decref(r);
	json_decref(who);
	/* to a taken slot: refused with the next free one, nothing moved */
	cr_assert_eq(wa_calendar_move(c, ws, "+15550100", 2026, 12, 1, 10, 0, "a", &r, &err), 0);
	cr_assert_str_eq(status_of(r), "taken");
	cr_assert_str_eq(alt_of(r), "2026-12-01T11:00");
	json_decref(r);
	/* to a free one: the old is cancelled, the name carried over */
	cr_assert_eq(wa_calendar_move(c, ws, "+15550100", 2026, 12, 2, 11, 0, "a", &r, &err), 0);
	cr_assert_str_eq(status_of(r), "moved");
	cr_assert_str_eq(json_string_value(json_object_get(r, "start")), "2026-12-02T11:00");
	cr_assert_str_eq(json_string_value(json_object_get(r, "from")), "2026-11-30T09:00");
	json_decref(r);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(wa_ws_db(ws), "SELECT group_concat(start || ' ' || status || ' ' || "
		"coalesce(name, '-'), ', ') FROM (SELECT * FROM agent_bookings WHERE phone = "
		"'+15550100' ORDER BY id)", -1, &st, NULL);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(st, 0),
		"2026-11-30T09:00 cancelled Zoë, 2026-12-02T11:00 booked Zoë");
	sqlite3_finalize(st);
	/* nobody under that number */
	cr_assert_eq(wa_calendar_move(c, ws, "+15550000", 2026, 12, 2, 9, 0, "a", &r, &err), 0);
	cr_assert_str_eq(status_of(r), "not_found");
	json_decref(r);
	wa_calendar_free(c);
	json_decref(cfg);
	wa_ws_close(ws);
}

/* the phone stored for a booking, by its id */
static char *stored_phone(wa_ws *ws, json_t *r)
{
	sqlite3_stmt *st;
	char *phone = NULL;

	sqlite3_prepare_v2(wa_ws_db(ws), "SELECT phone FROM agent_bookings WHERE id = ?1", -1,
		&st, NULL);
	sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(r, "id")));
	if (sqlite3_step(st) == SQLITE_ROW)
		phone = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return phone;
}

/* A phone number is who booked, however it is written: E.164 for the
 * calendar's country (ITU-T E.164: +1 and ten digits in the US, +44 and
 * the national number less its trunk 0 in the UK). */
Test(calendar, phone_numbers_are_identities)
{
	char path[256];
	wa_ws *ws = NULL;
	wa_err err = WA_ERR_INIT;
	json_t *cfg = json_loads(cfg_text, 0, NULL), *r, *who;

	snprintf(path, sizeof path, "%s/p.db", tmpdir_new());
	cr_assert_eq(wa_ws_open(path, WA_WS_CREATE, &ws, &err), 0, "%s", err.msg);
	wa_calendar *us = wa_calendar_new(cfg, "dental", "US", &err);
	who = json_pack("{s:s, s:s}", "name", "Priya", "phone", "(312) 555-0147");
	cr_assert_eq(wa_calendar_book(us, ws, 2026, 11, 30, 9, 0, who, "a", &r, &err), 0);
	json_decref(who);
	char *phone = stored_phone(ws, r);
	cr_assert_str_eq(phone, "+13125550147");
	free(phone);
	json_decref(r);
	/* moved by the same number written otherwise, then cancelled so */
	cr_assert_eq(wa_calendar_move(us, ws, "312.555.0147", 2026, 11, 30, 10, 0, "a", &r, &err), 0);
	cr_assert_str_eq(status_of(r), "moved");
	json_decref(r);
	cr_assert_eq(wa_calendar_cancel(us, ws, 0, "+1 312 555 0147", &r, &err), 0);
	cr_assert_str_eq(status_of(r), "cancelled");
	cr_assert_str_eq(json_string_value(json_object_get(r, "start")), "2026-11-30T10:00");
	json_decref(r);
	/* a London number, national and international */
	wa_calendar *gb = wa_calendar_new(cfg, "estate", "GB", &err);
	who = json_pack("{s:s}", "phone", "020 7946 0018");
	cr_assert_eq(wa_calendar_book(gb, ws, 2026, 12, 1, 9, 0, who, "b", &r, &err), 0);
	json_decref(who);
	phone = stored_phone(ws, r);
	cr_assert_str_eq(phone, "+442079460018");
	free(phone);
	json_decref(r);
	cr_assert_eq(wa_calendar_cancel(gb, ws, 0, "+44 (0)20 7946 0018", &r, &err), 0);
	cr_assert_str_eq(status_of(r), "cancelled");
	json_decref(r);
	wa_calendar_free(us);
	wa_calendar_free(gb);
	json_decref(cfg);
	wa_ws_close(ws);
}

static void hours_say(const char *hours, const char *want)
{
	json_t *h = json_loads(hours, 0, NULL);
	wa_buf b;

	cr_assert_not_null(h, "%s", hours);
	wa_buf_init(&b);
	wa_calendar_hours_words(h, &b);
	cr_assert_str_eq(b.data ? b.data : "", want, "%s", hours);
	wa_buf_free(&b);
	json_decref(h);
}

/* hours as a person says them, on the phone too */
Test(calendar, hours_in_words)
{
	hours_say("{\"mon\":\"08:00-18:00\",\"tue\":\"08:00-18:00\",\"wed\":\"08:00-18:00\","
		"\"thu\":\"08:00-18:00\",\"fri\":\"08:00-18:00\",\"sat\":\"09:00-13:00\"}",
		"Monday to Friday, 8 am to 6 pm, and Saturday, 9 am to 1 pm");
	hours_say("{\"sat\":\"10:00-14:00\",\"sun\":\"10:00-14:00\"}",
		"Saturday and Sunday, 10 am to 2 pm");
	hours_say("{\"mon\":\"09:30-12:00\",\"wed\":\"09:30-12:00\",\"thu\":\"12:00-17:30\","
		"\"fri\":\"00:00-23:59\"}",
		"Monday, 9:30 am to noon, Wednesday, 9:30 am to noon, Thursday, noon to 5:30 pm, "
		"and Friday, midnight to 11:59 pm");
	hours_say("{}", "");
}
