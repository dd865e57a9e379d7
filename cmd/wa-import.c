/* wa-import - the first filter of the pipeline: validate each dossier's
 * client section, derive client.id, upsert the client, emit
 * client.imported, append the trace entry and pass the dossier on.
 * It is the reference for every engine's record loop. */
#include "base/err.h"
#include "cli/cli.h"
#include "json/schema.h"
#include "ws/dossier.h"
#include "ws/event.h"
#include "ws/loop.h"

static const cli_command wa_import = {
	.name = "wa-import",
	.synopsis = "[OPTIONS] [FILE...]",
	.about = "Read dossiers (JSON objects, one per line or separated by white space) from "
		"FILEs or stdin, check each client section against the dossier schema, record "
		"the client in the workspace and print the dossier.  (wa import is the same.)",
	.exits = "0 ok, 64 usage, 65 bad dossier, 66 missing file, 75 workspace busy",
	.see = "wa-import(1)",
};

/* On the reader thread: the schema check needs no workspace. */
static int check_record(json_t *dossier, void **extra, void *user, wa_err *err)
{
	(void)extra;
	return wa_schema_check(user, dossier, err);
}

static int import_record(wa_record *rec, wa_err *err)
{
	json_t *payload = json_pack("{s:s}", "client", rec->client_id);
	int rc;

	json_object_set(payload, "name", json_object_get(wa_dossier_client(rec->dossier), "name"));
	rc = wa_event_emit(rec->ws, "client.imported", rec->client_id, rec->run->id, rec->run->id,
		payload, err);
	json_decref(payload);
	return rc;
}

int main(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	cli_common o;
	wa_schema *schema;
	wa_loop loop;
	int first, rc;

	cli_diag_init("wa-import");
	if ((rc = cli_parse(&wa_import, argc, argv, &o, NULL, NULL, &first)) >= 0)
		return rc;
	if (!(schema = wa_schema_builtin("dossier.schema.json", &err)))
		return cli_report(&err);
	wa_loop_init(&loop);
	loop.section = "client";
	loop.prepare = check_record;
	loop.keeps_sections = 1;        /* the client is final once checked */
	loop.process = import_record;
	loop.user = schema;
	rc = cli_filter("wa-import", &o, &loop, argv + first, argc - first);
	wa_schema_free(schema);
	return rc;
}
