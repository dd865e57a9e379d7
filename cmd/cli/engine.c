/* engine.c - what every engine opens and runs: the workspace, the run,
 * the record loop, with errors reported and progress shown: see cli.h. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/version.h"
#include "json/json.h"

int cli_open_workspace(const cli_common *o, int how, wa_ws **ws)
{
	wa_err err = WA_ERR_INIT;
	int flags = how == CLI_WS_CREATE ? WA_WS_CREATE : how == CLI_WS_READ ? WA_WS_READER : 0;

	*ws = NULL;
	if (wa_clock_init(&err) ||
	    wa_ws_open(wa_ws_default_path(o->workspace), flags, ws, &err))
		return cli_report(&err);
	return 0;
}

int cli_engine_open(cli_engine *e, const char *name, const cli_common *o)
{
	wa_err err = WA_ERR_INIT;
	int rc;

	memset(e, 0, sizeof *e);
	e->name = name;
	e->opt = o;
	if ((rc = cli_open_workspace(o, CLI_WS_CREATE, &e->ws)))
		return rc;
	if (wa_run_init(&e->run, e->ws, name, WA_VERSION, o->argc, o->argv, &err))
		return cli_report(&err);
	return 0;
}

/* the loop's failures (with -k) and warnings */
static void notify(int level, const char *msg)
{
	if (level == WA_NOTIFY_ERROR)
		cli_error("%s", msg);
	else
		cli_warn("%s", msg);
}

static void progress(const wa_loop_progress *lp, void *user)
{
	cli_progress_update(user, lp->records, lp->failed, lp->bytes, lp->total);
}

int cli_engine_loop(cli_engine *e, wa_loop *loop, char **files, int nfiles)
{
	wa_err err = WA_ERR_INIT;
	cli_progress p;
	int rc = 0;

	cli_progress_start(&p, "records");
	loop->notify = notify;
	loop->progress = progress;
	loop->progress_user = &p;
	loop->keep_going = e->opt->keep_going;
	loop->pretty = e->opt->pretty;
	if (wa_loop_run(loop, e->ws, &e->run, files, nfiles, &err))
		rc = err.code;
	cli_progress_end(&p);
	if (rc)
		rc = cli_report(&err);
	return rc;
}

void cli_engine_close(cli_engine *e)
{
	wa_run_free(&e->run);
	wa_ws_close(e->ws);
	e->ws = NULL;
}

int cli_filter(const char *name, const cli_common *o, wa_loop *loop, char **files, int nfiles)
{
	cli_engine e;
	int rc = cli_engine_open(&e, name, o);

	if (!rc)
		rc = cli_engine_loop(&e, loop, files, nfiles);
	cli_engine_close(&e);
	return rc;
}

int cli_flush(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		cli_error("stdout: write error");
		return WA_EX_IOERR;
	}
	return 0;
}

int cli_print_json(const json_t *v, int pretty)
{
	wa_buf b;
	size_t n;

	wa_buf_init(&b);
	wa_json_write(&b, v, pretty ? WA_JSON_PRETTY : WA_JSON_COMPACT);
	n = fwrite(b.data, 1, b.len, stdout) ^ b.len;
	wa_buf_free(&b);
	if (n) {
		cli_error("stdout: write error");
		return WA_EX_IOERR;
	}
	return cli_flush();
}
