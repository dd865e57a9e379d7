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

#include "base/buf.h"
#include "base/err.h"
#include "cli/cli.h"
#include "cli/legacy.h"
#include "json/json.h"
#include "ws/ws.h"

static const char usage[] =
	"usage: wa-agent data load [-w WORKSPACE] [--replace] CLIENT FILE...\n"
	"\n"
	"Load orders for CLIENT's lookup_order tool from CSV (a header row with\n"
	"order and status columns) or JSON (objects, one a line, or an array);\n"
	"FILE - is standard input.  An order loaded again is updated; with\n"
	"--replace the client's orders are cleared first.  All files load in\n"
	"one transaction: on any bad record nothing is loaded.\n"
	"Exit: 0; 65 a bad record (its file and line named); 66 no file.\n";

enum { O_REPLACE = WA_OPT_FIRST_FREE };

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
	wa_buf b;
	wa_buf_init(&b);
	wa_json_append(&b, data);
	json_decref(data);
	sqlite3_stmt *st = wa_ws_stmt(l->ws, "INSERT INTO agent_orders (client, order_no, status, "
		"data) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (client, order_no) DO UPDATE SET "
		"status = ?3, data = ?4", err);
	int rc = -1;
	if (st) {
		sqlite3_bind_text(st, 1, l->client, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, num, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, status, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, b.data, (int)b.len, SQLITE_TRANSIENT);
		rc = wa_ws_step_done(l->ws, st, "loading orders", err);
	}
	wa_buf_free(&b);
	l->loaded += !rc;
	return rc;
}

/* One CSV record into fields (a new array); *line moves past its lines.
 * 0 at the end of input, 1 a record, -1 err. */
static int csv_record(FILE *f, json_t **fields, long *line, const char *file, wa_err *err)
{
	wa_buf cell;
	int c, quoted = 0, any = 0, utf8 = 1, start = (int)*line;

	*fields = json_array();
	wa_buf_init(&cell);
	(*line)++;
	for (;;) {
		c = getc(f);
		if (c == EOF) {
			if (quoted) {
				wa_buf_free(&cell);
				json_decref(*fields);
				*fields = NULL;
				return wa_err_set(err, WA_EX_DATAERR, "%s:%d: a quoted field is not closed",
					file, start + 1);
			}
			if (!any)
				break;
			utf8 &= !json_array_append_new(*fields, json_string(cell.data ? cell.data : ""));
			break;
		}
		any = 1;
		if (quoted) {
			if (c == '"') {
				int d = getc(f);
				if (d == '"') {
					wa_buf_addc(&cell, '"');
					continue;
				}
				ungetc(d, f);
				quoted = 0;
				continue;
			}
			if (c == '\n')
				(*line)++;
			wa_buf_addc(&cell, (char)c);
			continue;
		}
		if (c == '"' && !cell.len) {
			quoted = 1;
			continue;
		}
		if (c == ',' || c == '\n') {
			if (cell.len && cell.data[cell.len - 1] == '\r')
				cell.data[--cell.len] = '\0';
			utf8 &= !json_array_append_new(*fields, json_string(cell.data ? cell.data : ""));
			wa_buf_reset(&cell);
			if (c == '\n')
				break;
			continue;
		}
		wa_buf_addc(&cell, (char)c);
	}
	wa_buf_free(&cell);
	if (!any) {
		json_decref(*fields);
		*fields = NULL;
		return 0;
	}
	if (!utf8) {    /* json_string refuses what is not UTF-8 */
		json_decref(*fields);
		*fields = NULL;
		return wa_err_set(err, WA_EX_DATAERR, "%s:%d: a field is not UTF-8", file, start + 1);
	}
	return 1;
}

static int load_csv(loader *l, FILE *f, wa_err *err)
{
	json_t *head = NULL, *row;
	long line = 0, at;
	int rc;

	if ((rc = csv_record(f, &head, &line, l->file, err)) <= 0)
		return rc;
	for (;;) {
		at = line + 1;
		if ((rc = csv_record(f, &row, &line, l->file, err)) <= 0)
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
		json_t *v = json_loadb(text + at, len - at, JSON_DISABLE_EOF_CHECK, &je);
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

int agent_data_main(int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS,
		{ "replace", no_argument, 0, O_REPLACE }, { 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	int opt, replace = 0, rc = 0;

	cli_diag_init("wa-agent data");
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		if (opt == O_REPLACE) {
			replace = 1;
			continue;
		}
		if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
			return opt == '?' || opt == ':' ? WA_EX_USAGE :
				wa_cli_usage_error(argv, "unknown option");
	}
	if (cli.help)
		return fputs(usage, stdout), 0;
	if (cli.version)
		return wa_cli_print_version();
	if (optind >= argc || strcmp(argv[optind], "load"))
		return wa_cli_usage_error(argv, "the command is: data load CLIENT FILE...");
	if (argc - optind < 3)
		return wa_cli_usage_error(argv, "give CLIENT and at least one FILE");
	loader l = { .client = argv[optind + 1] };
	if (wa_ws_open(wa_ws_default_path(cli.workspace), WA_WS_CREATE, &l.ws, &err) ||
	    wa_ws_begin(l.ws, &err))
		goto out;
	if (replace) {
		sqlite3_stmt *st = wa_ws_stmt(l.ws, "DELETE FROM agent_orders WHERE client = ?1",
			&err);
		if (!st)
			goto out;
		sqlite3_bind_text(st, 1, l.client, -1, SQLITE_TRANSIENT);
		if (wa_ws_step_done(l.ws, st, "clearing orders", &err))
			goto out;
	}
	for (int i = optind + 2; i < argc; i++) {
		l.file = strcmp(argv[i], "-") ? argv[i] : "(stdin)";
		FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "r") : stdin;
		if (!f) {
			wa_err_set(&err, WA_EX_NOINPUT, "%s: %s", argv[i], strerror(errno));
			goto out;
		}
		wa_buf text;
		wa_buf_init(&text);
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			wa_buf_add(&text, chunk, n);
		int failed = ferror(f);
		if (f != stdin)
			fclose(f);
		if (failed) {
			wa_buf_free(&text);
			wa_err_set(&err, WA_EX_IOERR, "%s: read error", l.file);
			goto out;
		}
		size_t k = 0;
		while (k < text.len && strchr(" \t\r\n", text.data[k]))
			k++;
		int bad;
		if (k < text.len && (text.data[k] == '{' || text.data[k] == '[')) {
			bad = load_json(&l, text.data, text.len, &err);
		} else {
			FILE *m = fmemopen(text.data ? text.data : "", text.len, "r");
			bad = load_csv(&l, m, &err);
			fclose(m);
		}
		wa_buf_free(&text);
		if (bad)
			goto out;
	}
	if (wa_ws_commit(l.ws, &err))
		goto out;
	cli_note("%ld orders loaded for %s", l.loaded, l.client);
	wa_ws_close(l.ws);
	return 0;
out:
	if (l.ws)
		wa_ws_rollback(l.ws);
	rc = cli_report(&err);
	wa_ws_close(l.ws);
	return rc;
}
