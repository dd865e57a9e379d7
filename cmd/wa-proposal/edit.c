/* edit.c - the sections of a proposal that people rewrite.  An override
 * replaces its section in every later version; it remembers the sha256
 * of the generated text it was written over, so that when that text
 * changes (new prices, new research) the override is flagged as stale
 * rather than silently shipped. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proposal.h"

#include "base/buf.h"
#include "base/err.h"
#include "base/fs.h"
#include "cli/cli.h"
#include "doc/doc.h"
#include "doc/override.h"
#include "ws/dossier.h"
#include "ws/store.h"
#include "ws/ws.h"

const char *const proposal_sections[] = { "cover", "summary", "situation", "opportunities",
	"scope", "timeline", "pricing", "roi", "assumptions", "terms", "acceptance", NULL };

int proposal_section_known(const char *name)
{
	for (int i = 0; proposal_sections[i]; i++)
		if (!strcmp(proposal_sections[i], name))
			return 1;
	return 0;
}

int proposal_section_text(const wa_doc_library *lib, const char *name, json_t *data,
	wa_buf *out, wa_err *err)
{
	char tname[64];
	wa_buf md;

	snprintf(tname, sizeof tname, "clauses/%s", name);
	wa_buf_init(&md);
	if (wa_doc_markdown(lib, tname, data, 1, NULL, NULL, &md, err)) {
		wa_buf_free(&md);
		return -1;
	}
	/* alone it is numbered 1: unnumbered again, as in the templates */
	const char *p = md.data ? md.data : "";
	if (!strncmp(p, "## 1. ", 6)) {
		wa_buf_adds(out, "## \xC2\xA7 ");
		p += 6;
	}
	wa_buf_adds(out, p);
	wa_buf_free(&md);
	return 0;
}

enum { O_AGENCY = CLI_OWN, O_TEMPLATES };

static const cli_opt edit_opts[] = {
	{ "agency", O_AGENCY, "FILE", "the agency profile (YAML; default $WA_AGENCY)" },
	{ "templates", O_TEMPLATES, "DIR", "proposal sections that replace the built-in ones" },
	{ 0 },
};

const cli_command proposal_edit_cmd = {
	.name = "wa-proposal edit",
	.synopsis = "[-w WORKSPACE] [--agency FILE] [--templates DIR] CLIENT SECTION",
	.about = "Open $VISUAL or $EDITOR on SECTION of CLIENT's proposal (its override if it "
		"has one, else the text generated from the client's latest dossier).  What you "
		"save replaces the section in every later version; an empty file removes the "
		"override.  Sections: summary, situation, opportunities, scope, timeline, pricing, "
		"roi, assumptions, terms, acceptance.",
	.opts = edit_opts,
	.exits = "0 ok, 64 usage, 65 no pricing or a bad template, 66 no such client, 70 the "
		"editor failed",
	.see = "wa-proposal(1)",
};

typedef struct edit {
	const char *agency, *client, *section;
	ctx c;
	wa_ws *ws;
	wa_buf generated;       /* the section as generated now */
	wa_buf initial;         /* what the editor opens */
} edit;

static int edit_option(void *user, int key, const char *arg)
{
	edit *e = user;

	if (key == O_AGENCY)
		e->agency = arg;
	else
		e->c.templates = arg;
	return 0;
}

/* The section as generated from the client's latest dossier, and what
 * the editor opens: the override if there is one, else that. */
static int texts(edit *e, wa_err *err)
{
	json_t *dossier = NULL, *data = NULL, *overrides = NULL;
	int rc = -1;

	if (!(e->c.agency = wa_doc_agency_load_new(e->agency, err)) ||
	    !(e->c.lib = wa_doc_library_setup_new(e->ws, "proposal", e->c.templates, NULL, err)) ||
	    !(dossier = wa_store_dossier_load(e->ws, e->client, err)) ||
	    wa_dossier_require(dossier, "pricing", "wa-proposal", "wa-price", err))
		goto out;
	if (!strcmp(e->section, "situation") && !json_is_object(json_object_get(dossier,
	    "research"))) {
		wa_err_set(err, WA_EX_DATAERR, "%s has no research, so no situation section: run "
			"wa-research first", e->client);
		goto out;
	}
	data = proposal_data_new(&e->c, dossier);
	if (proposal_section_text(e->c.lib, e->section, data, &e->generated, err) ||
	    !(overrides = wa_override_list_new(e->ws, e->client, err)))
		goto out;
	json_t *mine = json_object_get(json_object_get(overrides, e->section), "text");
	wa_buf_adds(&e->initial, mine ? json_string_value(mine) : e->generated.data);
	rc = 0;
out:
	json_decref(dossier);
	json_decref(data);
	json_decref(overrides);
	return rc;
}

/* Open $VISUAL, $EDITOR or vi on text, in a temporary file: what was
 * saved goes to saved.  0, or -1 with err (70 when the editor fails: the
 * file is kept). */
static int run_editor(const wa_buf *text, wa_buf *saved, wa_err *err)
{
	char path[] = "/tmp/wa-proposal-XXXXXX.md";
	const char *editor = getenv("VISUAL") && *getenv("VISUAL") ? getenv("VISUAL") :
		getenv("EDITOR") && *getenv("EDITOR") ? getenv("EDITOR") : "vi";
	int fd, status = -1;
	pid_t pid;

	if ((fd = mkstemps(path, 3)) < 0 || write(fd, text->data, text->len) !=
	    (ssize_t)text->len || close(fd))
		return wa_err_set(err, WA_EX_CANTCREAT, "%s: %s", path, strerror(errno));
	setenv("WA_EDITOR", editor, 1);
	if ((pid = fork()) == 0) {      /* through the shell: EDITOR may carry arguments */
		execl("/bin/sh", "sh", "-c", "exec $WA_EDITOR \"$1\"", "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return wa_err_set(err, WA_EX_SOFTWARE, "the editor (%s) failed; %s is kept", editor,
			path);
	if (wa_fs_read(path, saved, 4u << 20, err))
		return -1;
	unlink(path);
	return 0;
}

/* What was saved: unchanged, emptied (generated again), or kept. */
static int keep(edit *e, const wa_buf *saved, wa_err *err)
{
	const char *text = saved->data ? saved->data : "";

	if (e->initial.len == saved->len && !memcmp(e->initial.data, text, saved->len)) {
		cli_note("%s: %s unchanged", e->client, e->section);
	} else if (text[strspn(text, " \t\r\n")] == '\0') {
		if (wa_override_remove(e->ws, e->client, e->section, err))
			return -1;
		cli_warn("%s: %s is generated again", e->client, e->section);
	} else {
		if (wa_override_put(e->ws, e->client, e->section, text, e->generated.data, err))
			return -1;
		cli_warn("%s: your %s is kept and used from the next version on", e->client,
			e->section);
	}
	return 0;
}

int proposal_edit_main(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	edit e = { .agency = getenv("WA_AGENCY") };
	cli_common o;
	wa_buf saved;
	int first, rc = cli_parse(&proposal_edit_cmd, argc, argv, &o, edit_option, &e, &first);

	if (rc >= 0)
		return rc;
	if (first + 2 != argc)
		return cli_usage_error("give CLIENT and SECTION");
	e.client = argv[first];
	e.section = argv[first + 1];
	if (!proposal_section_known(e.section))
		return cli_usage_error("no section \"%s\" (see wa-proposal edit --help)", e.section);
	if (!e.agency || !*e.agency)
		return cli_usage_error("no agency profile: --agency FILE or $WA_AGENCY");
	if ((rc = cli_open_workspace(&o, CLI_WS_WRITE, &e.ws)))
		return rc;
	wa_buf_init(&e.generated);
	wa_buf_init(&e.initial);
	wa_buf_init(&saved);
	if (texts(&e, &err) || run_editor(&e.initial, &saved, &err) || keep(&e, &saved, &err))
		rc = cli_report(&err);
	wa_buf_free(&e.generated);
	wa_buf_free(&e.initial);
	wa_buf_free(&saved);
	json_decref(e.c.agency);
	wa_doc_library_free(e.c.lib);
	wa_ws_close(e.ws);
	return rc;
}
