/* data.c - "wa-agent data load": the orders an operator gives the shop
 * agent's lookup_order tool, from CSV (RFC 4180, a header row) or JSON
 * (one object per line, or an array).  Each record needs an order number
 * ("order" or "order_no") and a "status"; the other fields are kept and
 * shown with the order.  A file loads whole or not at all. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"

#include "agent/orders.h"
#include "base/buf.h"
#include "base/err.h"
#include "json/csv.h"
#include "cli/cli.h"
#include "ws/store.h"
#include "ws/ws.h"

enum { O_REPLACE = CLI_OWN };

static const cli_opt load_opts[] = {
	{ "replace", O_REPLACE, NULL, "clear the client's orders first" },
	{ 0 },
};

static int load_main(int argc, char **argv);

static const cli_command agent_data_load_cmd = {
	.name = "wa-agent data load",
	.synopsis = "[-w WORKSPACE] [--replace] CLIENT FILE...",
	.about = "Load orders for CLIENT's lookup_order tool from CSV (a header row with order "
		"and status columns) or JSON (objects, one a line, or an array); FILE - is standard "
		"input.  An order loaded again is updated.  All files load in one transaction: on "
		"any bad record nothing is loaded.",
	.opts = load_opts,
	.exits = "0 ok, 64 usage, 65 a bad record (its file and line named), 66 no file",
	.see = "wa-agent(1)",
};

static const cli_verb data_verbs[] = {
	{ "load", &agent_data_load_cmd, load_main, NULL, NULL },
	{ 0 },
};

const cli_command agent_data_cmd = {
	.name = "wa-agent data",
	.synopsis = "load [-w WORKSPACE] [--replace] CLIENT FILE...",
	.about = "The client data an agent's tools read: the orders lookup_order finds.",
	.verbs = data_verbs,
	.see = "wa-agent(1)",
};

int agent_data_main(int argc, char **argv)
{
	return cli_dispatch(&agent_data_cmd, argc, argv, NULL);
}

typedef struct loader {
	wa_ws *ws;
	const char *client, *file;
	long loaded;
} loader;

static int put(loader *l, json_t *rec, long line, wa_err *err)
{
	json_t *no = json_object_get(rec, "order");
	char num[64];

	if (!no)
		no = json_object_get(rec, "order_no");
	if (json_is_integer(no))
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(no));
	else if (json_is_string(no) && *json_string_value(no) && strlen(json_string_value(no)) <
	    sizeof num)
		snprintf(num, sizeof num, "%s", json_string_value(no));
	else
		return wa_err_set(err, WA_EX_DATAERR, "%s:%ld: \"order\": %s", l->file, line,
			no ? "not an order number" : "missing");
	const char *status = json_string_value(json_object_get(rec, "status"));
	if (!status || !*status)
		return wa_err_set(err, WA_EX_DATAERR, "%s:%ld: order %s: \"status\": %s", l->file,
			line, num, json_object_get(rec, "status") ? "not a string" : "missing");
	json_t *data = json_copy(rec);
	json_object_del(data, "order");
	json_object_del(data, "order_no");
	json_object_del(data, "status");
	int rc = wa_orders_put(l->ws, l->client, num, status, data, err);
	json_decref(data);
	l->loaded += !rc;
	return rc;
}

static int load_csv(loader *l, FILE *f, wa_err *err)
{
	json_t *head = NULL, *row;
	long line = 0, at;
	int rc;

	if ((rc = wa_csv_record(f, &head, &line, l->file, err)) <= 0)
		return rc;
	/* a column twice: which value would win is anybody's guess */
	for (size_t i = 0; i < json_array_size(head); i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(json_string_value(json_array_get(head, i)),
			    json_string_value(json_array_get(head, j)))) {
				wa_err_set(err, WA_EX_DATAERR, "%s:1: the column \"%s\" twice", l->file,
					json_string_value(json_array_get(head, i)));
				json_decref(head);
				return -1;
			}
	for (;;) {
		at = line + 1;
		if ((rc = wa_csv_record(f, &row, &line, l->file, err)) <= 0)
			break;
		if (json_array_size(row) == 1 && !*json_string_value(json_array_get(row, 0))) {
			json_decref(row);       /* a blank line */
			continue;
		}
		if (json_array_size(row) != json_array_size(head)) {
			rc = wa_err_set(err, WA_EX_DATAERR, "%s:%ld: %zu fields, the header has %zu",
				l->file, at, json_array_size(row), json_array_size(head));
			json_decref(row);
			break;
		}
		json_t *rec = json_object();
		for (size_t i = 0; i < json_array_size(head); i++)
			json_object_set(rec, json_string_value(json_array_get(head, i)),
				json_array_get(row, i));
		json_decref(row);
		rc = put(l, rec, at, err);
		json_decref(rec);
		if (rc)
			break;
	}
	json_decref(head);
	return rc < 0 ? -1 : 0;
}

/* JSON values one after another in text (len bytes) */
static int load_json(loader *l, const char *text, size_t len, wa_err *err)
{
	size_t at = 0;
	long line = 1;

	for (;;) {
		while (at < len && strchr(" \t\r\n", text[at])) {
			line += text[at] == '\n';
			at++;
		}
		if (at >= len)
			return 0;
		json_error_t je;
		json_t *v = json_loadb(text + at, len - at, JSON_DISABLE_EOF_CHECK |
			JSON_REJECT_DUPLICATES, &je);
		if (!v)
			return wa_err_set(err, WA_EX_DATAERR, "%s:%ld: %s", l->file,
				line + je.line - 1, je.text);
		int rc = 0;
		if (json_is_array(v)) {
			size_t i;
			json_t *e;
			json_array_foreach(v, i, e) {
				if (!json_is_object(e)) {
					rc = wa_err_set(err, WA_EX_DATAERR, "%s:%ld: item %zu is not an "
						"object", l->file, line, i + 1);
					break;
				}
				if ((rc = put(l, e, line, err)))
					break;
			}
		} else if (!json_is_object(v)) {
			rc = wa_err_set(err, WA_EX_DATAERR, "%s:%ld: a record is an object", l->file,
				line);
		} else {
			rc = put(l, v, line, err);
		}
		json_decref(v);
		if (rc)
			return -1;
		for (size_t end = at + je.position; at < end; at++)
			line += text[at] == '\n';
	}
}

/* the whole of a file (or - stdin) into text */
static int read_all(const char *path, const char *name, wa_buf *text, wa_err *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char chunk[65536];
	size_t n;
	int failed;

	if (!f)
		return wa_err_set(err, WA_EX_NOINPUT, "%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		wa_buf_add(text, chunk, n);
	failed = ferror(f);
	if (f != stdin)
		fclose(f);
	return failed ? wa_err_set(err, WA_EX_IOERR, "%s: read error", name) : 0;
}

/* one file, JSON or CSV by its first character */
static int load_file(loader *l, const char *path, wa_err *err)
{
	wa_buf text;
	size_t k = 0;
	int bad;

	l->file = strcmp(path, "-") ? path : "(stdin)";
	wa_buf_init(&text);
	if (read_all(path, l->file, &text, err)) {
		wa_buf_free(&text);
		return -1;
	}
	while (k < text.len && strchr(" \t\r\n", text.data[k]))
		k++;
	if (k < text.len && (text.data[k] == '{' || text.data[k] == '[')) {
		bad = load_json(l, text.data, text.len, err);
	} else {
		FILE *m = fmemopen(text.data ? text.data : "", text.len, "r");
		bad = load_csv(l, m, err);
		fclose(m);
	}
	wa_buf_free(&text);
	return bad;
}

static int replace_option(void *ctx, int key, const char *arg)
{
	(void)key, (void)arg;
	*(int *)ctx = 1;
	return 0;
}

static int load_main(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	cli_common o;
	int replace = 0, first, rc = cli_parse(&agent_data_load_cmd, argc, argv, &o,
		replace_option, &replace, &first);

	if (rc >= 0)
		return rc;
	if (argc - first < 2)
		return cli_usage_error("give CLIENT and at least one FILE");
	loader l = { .client = argv[first] };
	if ((rc = cli_open_workspace(&o, CLI_WS_CREATE, &l.ws)))
		return rc;
	/* orders belong to a client the workspace has */
	rc = wa_store_client_exists(l.ws, l.client, &err) || wa_ws_begin(l.ws, &err) ||
		(replace && wa_orders_clear(l.ws, l.client, &err));
	for (int i = first + 1; i < argc && !rc; i++)
		rc = load_file(&l, argv[i], &err);
	if (!rc && !wa_ws_commit(l.ws, &err)) {
		cli_note("%ld orders loaded for %s", l.loaded, l.client);
	} else {
		wa_ws_rollback(l.ws);
		rc = cli_report(&err);
	}
	wa_ws_close(l.ws);
	return rc;
}
