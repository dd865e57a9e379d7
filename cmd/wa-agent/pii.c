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

#include "agent/conversation.h"
#include "agent/graph.h"
#include "agent/pii.h"
#include "base/err.h"
#include "cli/cli.h"
#include "ws/ws.h"

typedef struct vaults {
	unsigned char key[32];
	char kid[WA_PII_KID];
	json_t *by_thread;      /* thread -> vault */
	const agent *a;
} vaults;

static vaults V;
const char *agent_pii_key_file;         /* --pii-key-file, or NULL */
int agent_pii_clear;                    /* --pii-clear */

/* the thread's vault, opened from the workspace the first time; NULL
 * with err when it does not open */
static json_t *vault_of(wa_ws *ws, const char *thread, wa_err *err)
{
	json_t *v = json_object_get(V.by_thread, thread);
	char *sealed;

	if (v)
		return v;
	if (wa_conversation_vault(ws, thread, &sealed, err))
		return NULL;
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
	wa_conversation c = { .thread = thread };
	char *sealed = wa_pii_seal_new(V.key, V.kid, v);
	int rc;

	if (V.a) {
		c.agent = json_string_value(json_object_get(V.a->cfg, "name"));
		c.client = V.a->client;
		c.config = V.a->path;
	}
	rc = wa_conversation_vault_put(ws, &c, sealed, err);
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

/* Without the key: a thread whose personal data is sealed is not carried
 * on, for what it said next would be stored in clear beside the sealed
 * vault; --pii-clear says to go on all the same.  Other threads are
 * stored as they are. */
static json_t *guard(wa_ws *ws, const char *thread, json_t *value, void *user, wa_err *err)
{
	json_t *known = json_object_get(V.by_thread, thread);
	char *sealed;

	(void)user;
	if (!known) {
		if (wa_conversation_vault(ws, thread, &sealed, err))
			return NULL;
		json_t *s = sealed ? json_loads(sealed, 0, NULL) : NULL;
		const char *kid = json_string_value(json_object_get(s, "kid"));
		known = sealed ? json_string(kid ? kid : "(unknown)") : json_false();
		json_object_set_new(V.by_thread, thread, known);
		json_decref(s);
		free(sealed);
	}
	if (json_is_string(known)) {
		wa_err_set(err, WA_EX_NOPERM, "thread %s: its personal data is sealed with key %s: "
			"give that key ($WA_PII_KEY or --pii-key-file), or --pii-clear to store what "
			"comes next in clear", thread, json_string_value(known));
		return NULL;
	}
	return json_incref(value);
}

static json_t *as_stored(wa_ws *ws, const char *thread, json_t *value, void *user, wa_err *err)
{
	(void)ws, (void)thread, (void)user, (void)err;
	return json_incref(value);
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
		if (!agent_pii_clear) {
			if (!V.by_thread)
				V.by_thread = json_object();
			wa_graph_codec(guard, as_stored, NULL);
		}
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

/* ---- transcript ---- */

enum { O_REVEAL = CLI_OWN, O_JSON, O_OLDKEY };

#define KEYFILE_OPT { "pii-key-file", AGENT_O_KEYFILE, "FILE", \
	"the PII key (default $WA_PII_KEY)" }

static const cli_opt transcript_opts[] = {
	{ "reveal", O_REVEAL, NULL, "the originals in place of the placeholders (needs the key)" },
	KEYFILE_OPT,
	{ "json", O_JSON, NULL, "a JSON line a message" },
	{ 0 },
};

const cli_command agent_transcript_cmd = { .name = "wa-agent transcript",
	.synopsis = "[-w WORKSPACE] [--json] [--reveal [--pii-key-file FILE]] THREAD",
	.about = "Print a thread's messages as stored: personal data as placeholders ([EMAIL_1], "
		"[PHONE_1]...) when the agent ran with a PII key.  --reveal gives the originals "
		"back, with the key ($WA_PII_KEY or --pii-key-file).",
	.opts = transcript_opts,
	.exits = "0 ok, 64 usage, 66 no such thread, 77 no key, or not the key the vault was "
		"sealed with, 78 a key that is not 32 bytes",
	.see = "wa-agent(1)" };

typedef struct transcript_args {
	int reveal, json;
} transcript_args;

static int transcript_option(void *ctx, int key, const char *arg)
{
	transcript_args *t = ctx;

	if (key == AGENT_O_KEYFILE)
		agent_pii_key_file = arg;
	else if (key == O_REVEAL)
		t->reveal = 1;
	else
		t->json = 1;
	return 0;
}

static void print_message(json_t *m, int json)
{
	if (json) {
		cli_print_json(m, 0);
		return;
	}
	const char *role = json_string_value(json_object_get(m, "role"));
	const char *content = json_string_value(json_object_get(m, "content"));
	if (!role)
		role = "?";
	if (content && *content)
		printf("%s: %s\n", role, content);
	size_t k;
	json_t *c;
	json_array_foreach(json_object_get(m, "tool_calls"), k, c) {
		char *args = json_dumps(json_object_get(c, "arguments"), JSON_COMPACT);
		printf("%s: [%s %s]\n", role, json_string_value(json_object_get(c, "name")),
			args ? args : "{}");
		free(args);
	}
}

/* the thread's messages on stdout: 0, or -1 with err */
static int transcript(wa_ws *ws, const char *thread, const transcript_args *t, wa_err *err)
{
	json_t *state = wa_graph_state_new(ws, thread, 0, err), *m;
	size_t i;

	if (!state)
		return -1;
	/* a vault that did not open leaves placeholders: say so */
	if (t->reveal && !vault_of(ws, thread, err)) {
		json_decref(state);
		return -1;
	}
	json_array_foreach(json_object_get(state, "messages"), i, m)
		print_message(m, t->json);
	json_decref(state);
	return 0;
}

int agent_transcript_main(int argc, char **argv)
{
	transcript_args t = { 0 };
	cli_common o;
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	int first, rc = cli_parse(&agent_transcript_cmd, argc, argv, &o, transcript_option, &t,
		&first);

	if (rc >= 0)
		return rc;
	if (first + 1 != argc)
		return cli_usage_error("give one THREAD");
	if (wa_ws_open(wa_ws_default_path(o.workspace), 0, &ws, &err) ||
	    (t.reveal && agent_pii_setup(NULL, 1, &err)) || transcript(ws, argv[first], &t, &err))
		rc = cli_report(&err);
	else
		rc = 0;
	agent_pii_free();
	wa_ws_close(ws);
	int out = cli_flush();
	return rc ? rc : out;
}

/* ---- pii rotate ---- */

static const cli_opt rotate_opts[] = {
	{ "old-key-file", O_OLDKEY, "FILE", "the key the vaults are sealed with "
		"(default $WA_PII_KEY_OLD)" },
	KEYFILE_OPT,
	{ 0 },
};

static const cli_command rotate_cmd = { .name = "wa-agent pii rotate",
	.synopsis = "[-w WORKSPACE] [--old-key-file FILE] [--pii-key-file FILE]",
	.about = "Seal every conversation's PII vault sealed with the old key (--old-key-file, "
		"or $WA_PII_KEY_OLD) with the new one (--pii-key-file, or $WA_PII_KEY), in one "
		"transaction.  Vaults sealed with the new key already are left as they are.",
	.opts = rotate_opts,
	.exits = "0 ok, 64 usage, 77 a vault that neither key opens, 78 a bad key",
	.see = "wa-agent(1)" };

static int rotate_option(void *ctx, int key, const char *arg)
{
	if (key == O_OLDKEY)
		*(const char **)ctx = arg;
	else
		agent_pii_key_file = arg;
	return 0;
}

typedef struct keys {
	unsigned char old[32], new[32];
	char oldkid[WA_PII_KID], newkid[WA_PII_KID];
} keys;

static int rotate_main(int argc, char **argv)
{
	const char *old_file = NULL;
	cli_common o;
	keys k;
	wa_err err = WA_ERR_INIT;
	wa_ws *ws = NULL;
	int moved, kept, first, rc = cli_parse(&rotate_cmd, argc, argv, &o, rotate_option,
		&old_file, &first);

	if (rc >= 0)
		return rc;
	if (first != argc)
		return cli_usage_error("unexpected argument %s", argv[first]);
	rc = 0;
	int ok = wa_pii_key_load(old_file, "WA_PII_KEY_OLD", k.old, k.oldkid, &err);
	int nk = ok < 0 ? -1 : wa_pii_key_load(agent_pii_key_file, "WA_PII_KEY", k.new, k.newkid,
		&err);
	if (ok < 0 || nk < 0)
		rc = cli_report(&err);
	else if (ok == 1 || nk == 1)
		rc = cli_usage_error("the old key (--old-key-file, $WA_PII_KEY_OLD) and the new one "
			"(--pii-key-file, $WA_PII_KEY) are both needed");
	else if (wa_ws_open(wa_ws_default_path(o.workspace), 0, &ws, &err) ||
	    wa_conversation_vaults_rotate(ws, k.old, k.oldkid, k.new, k.newkid, &moved, &kept,
	    &err))
		rc = cli_report(&err);
	else
		printf("%d vault%s sealed with key %s (from %s), %d already\n", moved,
			moved == 1 ? "" : "s", k.newkid, k.oldkid, kept);
	explicit_bzero(&k, sizeof k);
	wa_ws_close(ws);
	int out = cli_flush();
	return rc ? rc : out;
}

static const cli_verb pii_verbs[] = {
	{ "rotate", &rotate_cmd, rotate_main, NULL, NULL },
	{ 0 },
};

const cli_command agent_pii_cmd = { .name = "wa-agent pii",
	.synopsis = "rotate [-w WORKSPACE] [--old-key-file FILE] [--pii-key-file FILE]",
	.about = "The PII vaults conversations keep sealed: rotate seals them with a new key.",
	.verbs = pii_verbs,
	.see = "wa-agent(1)" };

int agent_pii_main(int argc, char **argv)
{
	return cli_dispatch(&agent_pii_cmd, argc, argv, NULL);
}
