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

int proposal_override_put(wa_ws *ws, const char *client, const char *section,
	const char *text, const char *base, wa_err *err)
{
	wa_template *t = NULL;
	char sha[WA_SHA256_HEX], now[WA_TIME_MAX], name[64];

	snprintf(name, sizeof name, "%s section", section);
	if (wa_template_parse(name, text, &t, err))
		return -1;
	wa_template_free(t);
	wa_hash_sha256_hex(base, strlen(base), sha);
	wa_clock_now_text(now);
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO proposal_overrides (client, section, text, "
		"base_sha256, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (client, section) DO "
		"UPDATE SET text = ?3, base_sha256 = ?4, updated_at = ?5", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, section, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, sha, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	return wa_ws_step_done(ws, st, "storing an override", err);
}

json_t *proposal_overrides_new(wa_ws *ws, const char *client, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT section, text, base_sha256 FROM "
		"proposal_overrides WHERE client = ?1", err);
	json_t *o;
	int rc;

	if (!st)
		return NULL;
	o = json_object();
	sqlite3_bind_text(st, 1, client, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_object_set_new(o, (const char *)sqlite3_column_text(st, 0), json_pack("{s:s, s:s}",
			"text", (const char *)sqlite3_column_text(st, 1), "base_sha256",
			(const char *)sqlite3_column_text(st, 2)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(o);
		wa_ws_fail(ws, rc, "reading overrides", err);
		return NULL;
	}
	return o;
}

static int remove_override(wa_ws *ws, const char *client, const char *section, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "DELETE FROM proposal_overrides WHERE client = ?1 AND "
		"section = ?2", err);

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, section, -1, SQLITE_TRANSIENT);
	return wa_ws_step_done(ws, st, "removing an override", err);
}

static const char edit_usage[] =
	"usage: wa-proposal edit [-w WORKSPACE] [--agency FILE] [--templates DIR]\n"
	"                        CLIENT SECTION\n"
	"\n"
	"Open $VISUAL or $EDITOR on SECTION of CLIENT's proposal (its override if\n"
	"it has one, else the text generated from the client's latest dossier).\n"
	"What you save replaces the section in every later version; an empty\n"
	"file removes the override.  Sections: summary, situation, opportunities,\n"
	"scope, timeline, pricing, roi, assumptions, terms, acceptance.\n"
	"\n"
	"Exit: 0, 64 usage, 65 no pricing or a bad template, 66 no such client,\n"
	"70 the editor failed.  See wa-proposal(1).\n";

enum { OPT_AGENCY = WA_OPT_FIRST_FREE, OPT_TEMPLATES };

int proposal_edit_main(int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS,
		{ "agency", required_argument, 0, OPT_AGENCY },
		{ "templates", required_argument, 0, OPT_TEMPLATES }, { 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	ctx c = { 0 };
	const char *agency = getenv("WA_AGENCY");
	json_t *dossier = NULL, *data = NULL, *overrides = NULL;
	wa_ws *ws = NULL;
	wa_buf generated, initial, saved;
	char path[] = "/tmp/wa-proposal-XXXXXX.md";
	int opt, fd = -1, rc = 0;

	cli_diag_init("wa-proposal edit");
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		if (opt == OPT_AGENCY)
			agency = optarg;
		else if (opt == OPT_TEMPLATES)
			c.templates = optarg;
		else if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
			return opt == '?' || opt == ':' ? WA_EX_USAGE :
				wa_cli_usage_error(argv, "unknown option");
	}
	if (cli.help)
		return fputs(edit_usage, stdout), 0;
	if (cli.version)
		return wa_cli_print_version();
	if (optind + 2 != argc)
		return wa_cli_usage_error(argv, "give CLIENT and SECTION");
	const char *client = argv[optind], *section = argv[optind + 1];
	if (!proposal_section_known(section))
		return wa_cli_usage_error(argv, "no section \"%s\" (see wa-proposal edit --help)",
			section);
	if (!agency || !*agency)
		return wa_cli_usage_error(argv, "no agency profile: --agency FILE or $WA_AGENCY");
	wa_buf_init(&generated);
	wa_buf_init(&initial);
	wa_buf_init(&saved);
	if (wa_clock_init(&err) || !(c.agency = wa_doc_agency_load_new(agency, &err)) ||
	    wa_ws_open(wa_ws_default_path(cli.workspace), 0, &ws, &err) ||
	    !(c.lib = wa_doc_library_setup_new(ws, "proposal", c.templates, NULL, &err)))
		goto fail;
	/* the client's latest dossier, as the last engine left it */
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT body FROM dossiers WHERE client_id = ?1", &err);
	if (!st)
		goto fail;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		dossier = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
	sqlite3_reset(st);
	if (!dossier) {
		wa_err_set(&err, WA_EX_NOINPUT, "no client %s in %s", client, wa_ws_path(ws));
		goto fail;
	}
	if (wa_dossier_require(dossier, "pricing", "wa-proposal", "wa-price", &err))
		goto fail;
	if (!strcmp(section, "situation") && !json_is_object(json_object_get(dossier, "research"))) {
		wa_err_set(&err, WA_EX_DATAERR, "%s has no research, so no situation section: run "
			"wa-research first", client);
		goto fail;
	}
	data = proposal_data_new(&c, dossier);
	if (proposal_section_text(c.lib, section, data, &generated, &err) ||
	    !(overrides = proposal_overrides_new(ws, client, &err)))
		goto fail;
	json_t *mine = json_object_get(json_object_get(overrides, section), "text");
	wa_buf_adds(&initial, mine ? json_string_value(mine) : generated.data);
	if ((fd = mkstemps(path, 3)) < 0 || write(fd, initial.data, initial.len) !=
	    (ssize_t)initial.len || close(fd)) {
		wa_err_set(&err, WA_EX_CANTCREAT, "%s: %s", path, strerror(errno));
		goto fail;
	}
	const char *editor = getenv("VISUAL") && *getenv("VISUAL") ? getenv("VISUAL") :
		getenv("EDITOR") && *getenv("EDITOR") ? getenv("EDITOR") : "vi";
	setenv("WA_EDITOR", editor, 1);
	pid_t pid = fork();
	if (pid == 0) {         /* through the shell: EDITOR may carry arguments */
		execl("/bin/sh", "sh", "-c", "exec $WA_EDITOR \"$1\"", "sh", path, (char *)NULL);
		_exit(127);
	}
	int status = -1;
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		wa_err_set(&err, WA_EX_SOFTWARE, "the editor (%s) failed; %s is kept", editor, path);
		goto fail;
	}
	if (wa_fs_read(path, &saved, 4u << 20, &err))
		goto fail;
	unlink(path);
	const char *text = saved.data ? saved.data : "";
	if (initial.len == saved.len && !memcmp(initial.data, text, saved.len)) {
		cli_note("%s: %s unchanged", client, section);
	} else if (text[strspn(text, " \t\r\n")] == '\0') {     /* emptied: generated again */
		if (remove_override(ws, client, section, &err))
			goto fail;
		fprintf(stderr, "wa-proposal edit: %s: %s is generated again\n", client, section);
	} else {
		if (proposal_override_put(ws, client, section, text, generated.data, &err))
			goto fail;
		fprintf(stderr, "wa-proposal edit: %s: your %s is kept and used from the next "
			"version on\n", client, section);
	}
	goto out;
fail:
	rc = cli_report(&err);
out:
	wa_buf_free(&generated);
	wa_buf_free(&initial);
	wa_buf_free(&saved);
	json_decref(dossier);
	json_decref(data);
	json_decref(overrides);
	json_decref(c.agency);
	wa_doc_library_free(c.lib);
	wa_ws_close(ws);
	return rc;
}
