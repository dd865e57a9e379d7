/* pii.c - the PII vault of wa-agent: with a key, every value the graph
 * stores passes through lib/pii.c, its personal data replaced by
 * placeholders and the originals sealed into conversations.pii_data in
 * the same transaction; loading gives the originals back.  In memory
 * the conversation is whole, so the models and tools work on what the
 * caller said; at rest it names nobody.  wa-agent transcript shows what
 * is stored, --reveal (with the key) what was said; wa-agent pii rotate
 * seals every vault with a new key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"

#include "agent/graph.h"
#include "agent/pii.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "cli/legacy.h"
#include "ws/ws.h"

typedef struct vaults {
	unsigned char key[32];
	char kid[WA_PII_KID];
	json_t *by_thread;      /* thread -> vault */
	const agent *a;
} vaults;

static vaults V;
const char *agent_pii_key_file;         /* --pii-key-file, or NULL */

/* the thread's vault, opened from the workspace the first time; NULL
 * with err when it does not open */
static json_t *vault_of(wa_ws *ws, const char *thread, wa_err *err)
{
	json_t *v = json_object_get(V.by_thread, thread);

	if (v)
		return v;
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT pii_data FROM conversations WHERE thread = ?1",
		err);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, thread, -1, SQLITE_STATIC);
	char *sealed = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		sealed = wa_mem_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	v = sealed ? wa_pii_open_new(V.key, V.kid, sealed, err) : json_object();
	free(sealed);
	if (!v) {
		wa_err_prefix(err, "thread %s", thread);
		return NULL;
	}
	json_object_set_new(V.by_thread, thread, v);
	return v;
}

static int vault_save(wa_ws *ws, const char *thread, json_t *v, wa_err *err)
{
	char *sealed = wa_pii_seal_new(V.key, V.kid, v), now[WA_TIME_MAX];
	sqlite3_stmt *st = wa_ws_stmt(ws, "INSERT INTO conversations (thread, agent, client, "
		"channel, status, turns, started_at, updated_at, config, pii_data) VALUES (?1, ?2, ?3, "
		"'chat', 'active', 0, ?4, ?4, ?5, ?6) ON CONFLICT (thread) DO UPDATE SET pii_data = ?6",
		err);
	int rc = -1;

	wa_clock_now_text(now);
	if (st) {
		sqlite3_bind_text(st, 1, thread, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, V.a ? json_string_value(json_object_get(V.a->cfg, "name")) :
			"", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, V.a && V.a->client ? V.a->client : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, V.a ? V.a->path : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, sealed, -1, SQLITE_STATIC);
		rc = wa_ws_step_done(ws, st, "sealing the PII vault", err);
	}
	free(sealed);
	return rc;
}

static json_t *encode(wa_ws *ws, const char *thread, json_t *value, void *user, wa_err *err)
{
	json_t *v = vault_of(ws, thread, err);

	(void)user;
	if (!v)
		return NULL;
	size_t before = json_object_size(v);
	json_t *out = wa_pii_redact_new(value, v);
	if (json_object_size(v) != before && vault_save(ws, thread, v, err)) {
		json_decref(out);
		return NULL;
	}
	return out;
}

static json_t *decode(wa_ws *ws, const char *thread, json_t *value, void *user, wa_err *err)
{
	json_t *v = vault_of(ws, thread, err);

	(void)user;
	if (!v)
		return NULL;
	return json_object_size(v) ? wa_pii_reveal_new(value, v) : json_incref(value);
}

int agent_pii_setup(const agent *a, int required, wa_err *err)
{
	int rc = wa_pii_key_load(agent_pii_key_file, "WA_PII_KEY", V.key, V.kid, err);

	if (rc < 0)
		return -1;
	if (rc == 1) {
		if (required)
			return wa_err_set(err, WA_EX_NOPERM, "the PII key is needed: $WA_PII_KEY or "
				"--pii-key-file");
		return 0;       /* no key: messages are stored as they are */
	}
	V.a = a;
	if (!V.by_thread)
		V.by_thread = json_object();
	wa_graph_codec(encode, decode, NULL);
	return 0;
}

void agent_pii_free(void)
{
	wa_graph_codec(NULL, NULL, NULL);
	json_decref(V.by_thread);
	explicit_bzero(V.key, sizeof V.key);
	memset(&V, 0, sizeof V);
}

/* ---- transcript, pii rotate ---- */

enum { O_REVEAL = WA_OPT_FIRST_FREE, O_KEYFILE, O_OLDKEY, O_JSON };

static const char transcript_usage[] =
	"usage: wa-agent transcript [-w WORKSPACE] [--json] [--reveal\n"
	"                           [--pii-key-file FILE]] THREAD\n"
	"\n"
	"Print a thread's messages as stored: personal data as placeholders\n"
	"([EMAIL_1], [PHONE_1]...) when the agent ran with a PII key.  --reveal\n"
	"gives the originals back, with the key ($WA_PII_KEY or --pii-key-file).\n"
	"\n"
	"Exit: 0 ok, 64 usage, 66 no such thread, 77 no key, or not the key the\n"
	"vault was sealed with, 78 a key that is not 32 bytes.\n";

static const char rotate_usage[] =
	"usage: wa-agent pii rotate [-w WORKSPACE] --old-key-file FILE\n"
	"                           [--pii-key-file FILE]\n"
	"\n"
	"Seal every conversation's PII vault sealed with the old key (--old-key-file,\n"
	"or $WA_PII_KEY_OLD) with the new one ($WA_PII_KEY, or --pii-key-file), in\n"
	"one transaction.  Vaults sealed with the new key already are left.\n"
	"\n"
	"Exit: 0 ok, 64 usage, 77 a vault that neither key opens, 78 a bad key.\n";

int agent_transcript_main(int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS,
		{ "reveal", no_argument, 0, O_REVEAL },
		{ "pii-key-file", required_argument, 0, O_KEYFILE },
		{ "json", no_argument, 0, O_JSON }, { 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	int opt, reveal = 0, json = 0, rc = 0;
	wa_ws *ws = NULL;

	cli_diag_init("wa-agent transcript");
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		if (opt == O_REVEAL)
			reveal = 1;
		else if (opt == O_KEYFILE)
			agent_pii_key_file = optarg;
		else if (opt == O_JSON)
			json = 1;
		else if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
			return opt == '?' || opt == ':' ? WA_EX_USAGE :
				wa_cli_usage_error(argv, "unknown option");
	}
	if (cli.help)
		return fputs(transcript_usage, stdout), 0;
	if (optind + 1 != argc)
		return wa_cli_usage_error(argv, "give one THREAD");
	const char *thread = argv[optind];
	if (wa_ws_open(wa_ws_default_path(cli.workspace), 0, &ws, &err) ||
	    (reveal && agent_pii_setup(NULL, 1, &err))) {
		rc = cli_report(&err);
		goto out;
	}
	json_t *state = wa_graph_state_new(ws, thread, 0, &err);
	if (!state) {
		rc = cli_report(&err);
		goto out;
	}
	/* a vault that did not open leaves placeholders: say so */
	if (reveal && !vault_of(ws, thread, &err)) {
		json_decref(state);
		rc = cli_report(&err);
		goto out;
	}
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(state, "messages"), i, m) {
		if (json) {
			char *s = json_dumps(m, JSON_COMPACT);
			puts(s);
			free(s);
			continue;
		}
		const char *role = json_string_value(json_object_get(m, "role"));
		const char *content = json_string_value(json_object_get(m, "content"));
		if (content && *content)
			printf("%s: %s\n", role ? role : "?", content);
		size_t k;
		json_t *c;
		json_array_foreach(json_object_get(m, "tool_calls"), k, c) {
			char *args = json_dumps(json_object_get(c, "arguments"), JSON_COMPACT);
			printf("%s: [%s %s]\n", role ? role : "?", json_string_value(json_object_get(c,
				"name")), args ? args : "{}");
			free(args);
		}
	}
	json_decref(state);
out:
	agent_pii_free();
	wa_ws_close(ws);
	if (fflush(stdout) && !rc)
		rc = WA_EX_IOERR;
	return rc;
}

int agent_pii_main(int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS,
		{ "pii-key-file", required_argument, 0, O_KEYFILE },
		{ "old-key-file", required_argument, 0, O_OLDKEY }, { 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	const char *old_file = NULL;
	int opt, rc = 0;
	wa_ws *ws = NULL;

	cli_diag_init("wa-agent pii");
	if (argc < 2 || strcmp(argv[1], "rotate")) {
		if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
			return fputs(rotate_usage, stdout), 0;
		return wa_cli_usage_error(argv, "pii rotate");
	}
	argc--, argv++;
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		if (opt == O_KEYFILE)
			agent_pii_key_file = optarg;
		else if (opt == O_OLDKEY)
			old_file = optarg;
		else if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
			return opt == '?' || opt == ':' ? WA_EX_USAGE :
				wa_cli_usage_error(argv, "unknown option");
	}
	if (cli.help)
		return fputs(rotate_usage, stdout), 0;
	if (optind != argc)
		return wa_cli_usage_error(argv, "unexpected argument %s", argv[optind]);
	unsigned char old[32], new[32];
	char oldkid[WA_PII_KID], newkid[WA_PII_KID];
	int o = wa_pii_key_load(old_file, "WA_PII_KEY_OLD", old, oldkid, &err);
	int n = o < 0 ? -1 : wa_pii_key_load(agent_pii_key_file, "WA_PII_KEY", new, newkid, &err);
	if (o < 0 || n < 0)
		return cli_report(&err);
	if (o == 1 || n == 1)
		return wa_cli_usage_error(argv, "the old key (--old-key-file, $WA_PII_KEY_OLD) and the "
			"new one ($WA_PII_KEY, --pii-key-file) are both needed");
	if (wa_ws_open(wa_ws_default_path(cli.workspace), 0, &ws, &err) || wa_ws_begin(ws, &err)) {
		rc = cli_report(&err);
		goto out;
	}
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT thread, pii_data FROM conversations WHERE "
		"pii_data IS NOT NULL", &err);
	json_t *todo = json_array();
	while (st && sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(todo, json_pack("[s, s]", (const char *)sqlite3_column_text(st,
			0), (const char *)sqlite3_column_text(st, 1)));
	if (st)
		sqlite3_reset(st);
	size_t i;
	json_t *t;
	int moved = 0, kept = 0;
	json_array_foreach(todo, i, t) {
		const char *thread = json_string_value(json_array_get(t, 0));
		const char *sealed = json_string_value(json_array_get(t, 1));
		json_t *probe = json_loads(sealed, 0, NULL);
		int already = !strcmp(json_string_value(json_object_get(probe, "kid")) ?
			json_string_value(json_object_get(probe, "kid")) : "", newkid);
		json_decref(probe);
		if (already) {
			kept++;
			continue;
		}
		json_t *v = wa_pii_open_new(old, oldkid, sealed, &err);
		if (!v) {
			wa_err_prefix(&err, "thread %s", thread);
			break;
		}
		char *resealed = wa_pii_seal_new(new, newkid, v);
		json_decref(v);
		sqlite3_stmt *up = wa_ws_stmt(ws, "UPDATE conversations SET pii_data = ?2 WHERE "
			"thread = ?1", &err);
		if (up) {
			sqlite3_bind_text(up, 1, thread, -1, SQLITE_STATIC);
			sqlite3_bind_text(up, 2, resealed, -1, SQLITE_STATIC);
			wa_ws_step_done(ws, up, "resealing a vault", &err);
		}
		free(resealed);
		if (err.code)
			break;
		moved++;
	}
	json_decref(todo);
	explicit_bzero(old, sizeof old);
	explicit_bzero(new, sizeof new);
	if (err.code || wa_ws_commit(ws, &err)) {
		wa_ws_rollback(ws);
		rc = cli_report(&err);
		goto out;
	}
	printf("%d vault%s sealed with key %s (from %s), %d already\n", moved, moved == 1 ? "" : "s",
		newkid, oldkid, kept);
out:
	wa_ws_close(ws);
	return rc;
}
