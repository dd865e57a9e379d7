/* events.c - wa events: the event bus as NDJSON, filtered, and with
 * --follow printed as new events arrive (like tail -f). */
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/err.h"
#include "cli/cli.h"
#include "ws/event.h"
#include "ws/ws.h"
#include "verbs.h"

enum { O_TYPE = CLI_OWN, O_CLIENT, O_RUN, O_SINCE, O_UNTIL, O_AFTER, O_LIMIT, O_FOLLOW };

static const cli_opt opts[] = {
	{ "type", O_TYPE, "GLOB", "events of these types (client.*)" },
	{ "client", O_CLIENT, "ID", "of this client" },
	{ "run", O_RUN, "ID", "of this run" },
	{ "since", O_SINCE, "TIME|AGE", "at or after: RFC 3339, a date, or 7d ago" },
	{ "until", O_UNTIL, "TIME|AGE", "before" },
	{ "after", O_AFTER, "ID", "after the event with this id" },
	{ "limit", O_LIMIT, "N", "at most N events" },
	{ "follow", O_FOLLOW, NULL, "keep printing new events until interrupted" },
	{ NULL, 0, NULL, NULL },
};

const cli_command wa_events = {
	.name = "wa events",
	.synopsis = "[-w WORKSPACE] [--pretty] [--type GLOB] [--client ID] [--run ID]\n"
		"[--since TIME|AGE] [--until TIME|AGE] [--after ID] [--limit N] [--follow]",
	.about = "Print events as NDJSON in the order they were emitted.  TIME is RFC 3339 "
		"(2026-11-24T09:00:00Z) or a date; AGE is 90s, 15m, 12h, 7d or 2w ago.",
	.opts = opts,
	.exits = "0 ok, 64 usage, 66 no workspace",
	.see = "wa(1)",
};

typedef struct filter {
	wa_event_filter f;
	char since[WA_TIME_MAX], until[WA_TIME_MAX];
	int follow, pretty;
	long long after, limit;
} filter;

/* TIME or AGE as RFC 3339 */
static int when(const char *opt, const char *arg, char out[WA_TIME_MAX])
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
	return cli_usage_error("--%s: not a time (RFC 3339) or an age (7d): %s", opt, arg);
}

static int option(void *ctx, int key, const char *arg)
{
	filter *f = ctx;
	long v;
	int rc;

	switch (key) {
	case O_TYPE: f->f.type = arg; return 0;
	case O_CLIENT: f->f.client = arg; return 0;
	case O_RUN: f->f.run = arg; return 0;
	case O_FOLLOW: f->follow = 1; return 0;
	case O_SINCE:
		if ((rc = when("since", arg, f->since)))
			return rc;
		f->f.since = f->since;
		return 0;
	case O_UNTIL:
		if ((rc = when("until", arg, f->until)))
			return rc;
		f->f.until = f->until;
		return 0;
	default:
		if ((rc = cli_arg_long(key == O_AFTER ? "after" : "limit", arg, 0, LONG_MAX, &v)))
			return rc;
		*(key == O_AFTER ? &f->after : &f->limit) = v;
		return 0;
	}
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int print_event(json_t *ev, void *user, wa_err *err)
{
	int rc = cli_print_json(ev, ((filter *)user)->pretty);

	return rc ? wa_err_set(err, rc, "stdout: write error"), rc : 0;
}

int cmd_events(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	filter f = { 0 };
	cli_common o;
	wa_ws *ws;
	const char *interval = getenv("WA_FOLLOW_INTERVAL_MS");
	long every = interval ? atol(interval) : 200;
	long long printed = 0;
	int first, rc;

	if (wa_clock_init(&err))
		return cli_report(&err);
	if ((rc = cli_parse(&wa_events, argc, argv, &o, option, &f, &first)) >= 0)
		return rc;
	if (first < argc)
		return cli_usage_error("unexpected argument %s", argv[first]);
	if ((rc = cli_open_workspace(&o, CLI_WS_READ, &ws)))
		return rc;
	f.pretty = o.pretty;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	for (;;) {
		long long n = wa_event_each(ws, &f.f, &f.after, f.limit ? f.limit - printed : -1,
			print_event, &f, &err);
		if (n < 0) {
			rc = err.code == WA_EX_IOERR && !strcmp(err.msg, "stdout: write error") ?
				err.code : cli_report(&err);
			break;
		}
		printed += n;
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
