/* wa-research note: a researcher's notes about a client (Markdown), kept
 * in the workspace and used by the next research run like any source. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "research.h"

#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/slug.h"
#include "base/utf8.h"
#include "cli/cli.h"
#include "cli/legacy.h"
#include "json/json.h"
#include "ws/event.h"
#include "ws/ws.h"

static const char usage[] =
	"usage: wa-research note [-w WORKSPACE] [--author NAME] CLIENT [--file FILE]\n"
	"       wa-research note [-w WORKSPACE] --list CLIENT\n"
	"\n"
	"Add a researcher's note about CLIENT (Markdown, from FILE or standard\n"
	"input); the next wa-research run reads it as a source: its facts are\n"
	"extracted and it counts in the analysis.  --list prints the notes as\n"
	"NDJSON.  The client must be in the workspace (wa import puts it there).\n"
	"\n"
	"Exit: 0 ok, 64 usage, 65 empty note, 66 no such client or file.\n";

enum { OPT_FILE = WA_OPT_FIRST_FREE, OPT_AUTHOR, OPT_LIST };

static int client_exists(wa_ws *ws, const char *id, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT 1 FROM clients WHERE id = ?", err);

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return wa_ws_fail(ws, rc, "looking up a client", err);
	return wa_err_set(err, WA_EX_NOINPUT, "no client %s in %s (wa import adds clients)", id,
		wa_ws_path(ws));
}

static int list(wa_ws *ws, const char *id, wa_err *err)
{
	json_t *notes = research_notes_new(ws, id, err);
	size_t i;
	json_t *n;

	if (!notes)
		return -1;
	json_array_foreach(notes, i, n) {
		wa_buf out;
		wa_buf_init(&out);
		wa_json_write(&out, n, 0);
		fwrite(out.data, 1, out.len, stdout);
		wa_buf_free(&out);
	}
	json_decref(notes);
	return 0;
}

int cmd_note(int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS,
		{ "file", required_argument, 0, OPT_FILE },
		{ "author", required_argument, 0, OPT_AUTHOR },
		{ "list", no_argument, 0, OPT_LIST },
		{ 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	const char *file = NULL, *author = getenv("USER");
	int opt, listing = 0, rc = 0;
	wa_buf body;

	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		switch (opt) {
		case OPT_FILE: file = optarg; break;
		case OPT_AUTHOR: author = optarg; break;
		case OPT_LIST: listing = 1; break;
		default:
			if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
				return opt == '?' || opt == ':' ? WA_EX_USAGE :
					wa_cli_usage_error(argv, "unknown option");
		}
	}
	if (cli.help)
		return fputs(usage, stdout), 0;
	if (cli.version)
		return wa_cli_print_version();
	if (optind != argc - 1)
		return wa_cli_usage_error(argv, "give one CLIENT");
	const char *id = argv[optind];
	if (!wa_slug_valid(id))
		return wa_cli_usage_error(argv, "%s is not a client id ([a-z0-9][a-z0-9-]*)", id);
	if (wa_clock_init(&err) || wa_ws_open(wa_ws_default_path(cli.workspace), 0, &ws, &err))
		return cli_report(&err);
	if (client_exists(ws, id, &err)) {
		rc = cli_report(&err);
		goto out;
	}
	if (listing) {
		if (list(ws, id, &err))
			rc = cli_report(&err);
		goto out;
	}
	wa_buf_init(&body);
	if (file ? wa_fs_read(file, &body, 16u << 20, &err) :
	    wa_fs_read("/dev/stdin", &body, 16u << 20, &err)) {
		wa_buf_free(&body);
		rc = cli_report(&err);
		goto out;
	}
	size_t blank = 0;
	while (blank < body.len && strchr(" \t\r\n", body.data[blank]))
		blank++;
	if (blank == body.len || !wa_utf8_valid(body.data, body.len)) {
		wa_err_set(&err, WA_EX_DATAERR, "%s: %s", file ? file : "stdin",
			blank == body.len ? "the note is empty" : "not UTF-8 text");
		wa_buf_free(&body);
		rc = cli_report(&err);
		goto out;
	}
	char at[WA_TIME_MAX];
	wa_clock_now_text(at);
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO research_notes (client_id, body, author, "
		"created_at) VALUES (?, ?, ?, ?)", &err);
	if (!st || wa_ws_begin(ws, &err)) {
		wa_buf_free(&body);
		rc = cli_report(&err);
		goto out;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, body.data, (int)body.len, SQLITE_STATIC);
	if (author)
		sqlite3_bind_text(st, 3, author, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
	json_t *payload = NULL;
	if (wa_ws_step_done(ws, st, "storing the note", &err) == 0) {
		long long note = sqlite3_last_insert_rowid(wa_ws_db(ws));
		payload = json_pack("{s:s, s:I}", "client", id, "note", (json_int_t)note);
	}
	if (!payload || wa_event_emit(ws, "research.note_added", id, NULL, NULL, payload, &err) ||
	    wa_ws_commit(ws, &err)) {
		wa_ws_rollback(ws);
		rc = cli_report(&err);
	} else {
		json_object_set_new(payload, "at", json_string(at));
		wa_buf out;
		wa_buf_init(&out);
		wa_json_write(&out, payload, cli.pretty ? WA_JSON_PRETTY : 0);
		fwrite(out.data, 1, out.len, stdout);
		wa_buf_free(&out);
	}
	json_decref(payload);
	wa_buf_free(&body);
out:
	wa_ws_close(ws);
	return rc;
}
