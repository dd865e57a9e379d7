/* wa-research note: a researcher's notes about a client (Markdown), kept
 * in the workspace (lib/ws/note.h) and used by the next research run
 * like any source. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/slug.h"
#include "base/utf8.h"
#include "cli/cli.h"
#include "ws/note.h"
#include "ws/store.h"
#include "ws/ws.h"
#include "research.h"

enum { O_FILE = CLI_OWN, O_AUTHOR, O_LIST };

static const cli_opt opts[] = {
	{ "file", O_FILE, "FILE", "the note, from FILE (default stdin)" },
	{ "author", O_AUTHOR, "NAME", "who wrote it (default $USER)" },
	{ "list", O_LIST, NULL, "print the client's notes as NDJSON instead" },
	{ 0 },
};

const cli_command research_note_cmd = {
	.name = "wa-research note",
	.synopsis = "[-w WORKSPACE] [--author NAME] CLIENT [--file FILE]\n"
		"[-w WORKSPACE] --list CLIENT",
	.about = "Add a researcher's note about CLIENT (Markdown, from FILE or standard input); "
		"the next wa-research run reads it as a source: its facts are extracted and it "
		"counts in the analysis.  The client must be in the workspace (wa import puts it "
		"there).",
	.opts = opts,
	.exits = "0 ok, 64 usage, 65 empty note, 66 no such client or file",
	.see = "wa-research(1)",
};

typedef struct note_args {
	const char *file, *author;
	int list;
} note_args;

static int option(void *user, int key, const char *arg)
{
	note_args *a = user;

	if (key == O_FILE)
		a->file = arg;
	else if (key == O_AUTHOR)
		a->author = arg;
	else
		a->list = 1;
	return 0;
}

static int list(wa_ws *ws, const char *id, wa_err *err)
{
	json_t *notes = wa_note_list_new(ws, id, err), *n;
	size_t i;
	int rc = 0;

	if (!notes)
		return cli_report(err);
	json_array_foreach(notes, i, n)
		if ((rc = cli_print_json(n, 0)))
			break;
	json_decref(notes);
	return rc;
}

/* the note from a file or stdin: not empty, UTF-8 */
static int read_note(const note_args *a, wa_buf *body, wa_err *err)
{
	size_t blank = 0;

	if (wa_fs_read(a->file ? a->file : "/dev/stdin", body, 16u << 20, err))
		return -1;
	while (blank < body->len && strchr(" \t\r\n", body->data[blank]))
		blank++;
	if (blank == body->len || !wa_utf8_valid(body->data, body->len))
		return wa_err_set(err, WA_EX_DATAERR, "%s: %s", a->file ? a->file : "stdin",
			blank == body->len ? "the note is empty" : "not UTF-8 text");
	return 0;
}

static int add(wa_ws *ws, const char *id, const note_args *a, int pretty, wa_err *err)
{
	wa_buf body;
	json_t *added = NULL;
	int rc;

	wa_buf_init(&body);
	if (read_note(a, &body, err) ||
	    !(added = wa_note_add_new(ws, id, body.data, body.len, a->author, err)))
		rc = cli_report(err);
	else
		rc = cli_print_json(added, pretty);
	json_decref(added);
	wa_buf_free(&body);
	return rc;
}

int cmd_note(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	note_args a = { .author = getenv("USER") };
	cli_common o;
	wa_ws *ws;
	int first, rc = cli_parse(&research_note_cmd, argc, argv, &o, option, &a, &first);

	if (rc >= 0)
		return rc;
	if (first != argc - 1)
		return cli_usage_error("give one CLIENT");
	const char *id = argv[first];
	if (!wa_slug_valid(id))
		return cli_usage_error("%s is not a client id ([a-z0-9][a-z0-9-]*)", id);
	if ((rc = cli_open_workspace(&o, CLI_WS_WRITE, &ws)))
		return rc;
	if (wa_store_client_exists(ws, id, &err))
		rc = cli_report(&err);
	else
		rc = a.list ? list(ws, id, &err) : add(ws, id, &a, o.pretty, &err);
	wa_ws_close(ws);
	return rc;
}
