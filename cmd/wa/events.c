/* events.c - wa events: the event bus as NDJSON, filtered, and with
 * --follow printed as new events arrive (like tail -f). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "verbs.h"

static const char usage[] =
	"usage: wa events [-w WORKSPACE] [--type GLOB] [--client ID] [--run ID]\n"
	"                 [--since TIME|AGE] [--until TIME|AGE] [--after ID]\n"
	"                 [--limit N] [--follow] [--pretty]\n"
	"\n"
	"Print events as NDJSON in the order they were emitted.  TIME is RFC 3339\n"
	"(2026-11-24T09:00:00Z) or a date; AGE is 90s, 15m, 12h, 7d or 2w ago.\n"
	"--type takes a glob (client.*).  --follow keeps printing new events\n"
	"until interrupted.\n";

typedef struct filter {
	const char *type, *client, *run;
	char since[WA_TIME_MAX], until[WA_TIME_MAX];
	int has_since, has_until, follow;
	long long after, limit;
} filter;

enum { O_TYPE = WA_OPT_FIRST_FREE, O_CLIENT, O_RUN, O_SINCE, O_UNTIL, O_AFTER,
	O_LIMIT, O_FOLLOW };

static int parse_when(const char *arg, char out[WA_TIME_MAX])
{
	int64_t ms;

	if (wa_clock_parse(arg, &ms) == 0) {
		wa_clock_format(ms, out);
		return 0;
	}
	if (wa_clock_parse_duration(arg, &ms) == 0) {
		wa_clock_format(wa_clock_now_ms() - ms, out);
		return 0;
	}
	return -1;
}

static int own(int opt, const char *arg, void *data)
{
	filter *f = data;
	char *end;

	switch (opt) {
	case O_TYPE: f->type = arg; return 1;
	case O_CLIENT: f->client = arg; return 1;
	case O_RUN: f->run = arg; return 1;
	case O_FOLLOW: f->follow = 1; return 1;
	case O_SINCE:
	case O_UNTIL:
		if (parse_when(arg, opt == O_SINCE ? f->since : f->until)) {
			wa_cli_usage_error(NULL, "%s: not a time (RFC 3339) or an age (7d)", arg);
			return -1;
		}
		*(opt == O_SINCE ? &f->has_since : &f->has_until) = 1;
		return 1;
	case O_AFTER:
	case O_LIMIT:
		*(opt == O_AFTER ? &f->after : &f->limit) = strtoll(arg, &end, 10);
		if (*end || *arg == '\0' || *arg == '-') {
			wa_cli_usage_error(NULL, "%s: not a number", arg);
			return -1;
		}
		return 1;
	}
	return 0;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Print the events after *last that match; returns rows printed or -1. */
static long long print_batch(wa_ws *ws, filter *f, long long *last, long long limit,
	int pretty, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT id, type, client_id, correlation_id, run_id, "
		"payload, at FROM events WHERE id > ?1 AND (?2 IS NULL OR type GLOB ?2) "
		"AND (?3 IS NULL OR client_id = ?3) AND (?4 IS NULL OR run_id = ?4) "
		"AND (?5 IS NULL OR at >= ?5) AND (?6 IS NULL OR at < ?6) "
		"ORDER BY id LIMIT ?7", err);
	long long n = 0;
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, *last);
	sqlite3_bind_text(st, 2, f->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->client, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->run, -1, SQLITE_STATIC);
	if (f->has_since)
		sqlite3_bind_text(st, 5, f->since, -1, SQLITE_STATIC);
	if (f->has_until)
		sqlite3_bind_text(st, 6, f->until, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_error_t je;
		const char *c;
		json_t *payload = json_loads((const char *)sqlite3_column_text(st, 5), 0, &je);
		json_t *ev = json_pack("{s:I,s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0),
			"type", (const char *)sqlite3_column_text(st, 1));
		c = (const char *)sqlite3_column_text(st, 2);
		json_object_set_new(ev, "client", c ? json_string(c) : json_null());
		c = (const char *)sqlite3_column_text(st, 3);
		json_object_set_new(ev, "correlation", c ? json_string(c) : json_null());
		c = (const char *)sqlite3_column_text(st, 4);
		json_object_set_new(ev, "run", c ? json_string(c) : json_null());
		json_object_set_new(ev, "at", json_string((const char *)sqlite3_column_text(st, 6)));
		json_object_set_new(ev, "payload", payload ? payload : json_object());
		*last = sqlite3_column_int64(st, 0);
		int prc = wa_cmd_print(ev, pretty);
		json_decref(ev);
		if (prc) {
			sqlite3_reset(st);
			return wa_err_set(err, prc, "stdout: write error");
		}
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return wa_ws_fail(ws, rc, "reading events", err);
	return n;
}

int cmd_events(int argc, char **argv)
{
	static const struct option opts[] = { WA_CLI_LONG_OPTIONS,
		{ "type", required_argument, 0, O_TYPE },
		{ "client", required_argument, 0, O_CLIENT },
		{ "run", required_argument, 0, O_RUN },
		{ "since", required_argument, 0, O_SINCE },
		{ "until", required_argument, 0, O_UNTIL },
		{ "after", required_argument, 0, O_AFTER },
		{ "limit", required_argument, 0, O_LIMIT },
		{ "follow", no_argument, 0, O_FOLLOW },
		{ 0, 0, 0, 0 } };
	filter f = { 0 };
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	wa_ws *ws;
	int rc;
	long long printed = 0;
	const char *interval = getenv("WA_FOLLOW_INTERVAL_MS");
	long every = interval ? atol(interval) : 200;

	if (wa_clock_init(&err))
		return cli_report(&err);
	rc = wa_cmd_common(argc, argv, usage, &cli, WA_CLI_SHORT_OPTIONS, opts, own, &f);
	if (rc >= 0)
		return rc;
	if (optind < argc)
		return wa_cli_usage_error(argv, "unexpected argument %s", argv[optind]);
	if ((rc = wa_cmd_open(&cli, 0, &ws)))
		return rc;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	long long last = f.after;
	for (;;) {
		long long want = f.limit ? f.limit - printed : -1;
		long long n = print_batch(ws, &f, &last, want, cli.pretty, &err);
		if (n < 0) {
			rc = cli_report(&err);
			break;
		}
		printed += n;
		fflush(stdout);
		if (!f.follow || stop || (f.limit && printed >= f.limit))
			break;
		struct timespec ts = { every / 1000, (every % 1000) * 1000000L };
		nanosleep(&ts, NULL);
		if (stop)
			break;
	}
	wa_ws_close(ws);
	return rc;
}
