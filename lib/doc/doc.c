/* doc.c - what a document engine opens, and who signs: see doc.h. */
#include "doc/doc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "json/yaml.h"
#include "ws/ws.h"

json_t *wa_doc_signers_new(json_t *data, int client_only)
{
	static const char *const roles[] = { "agency", "client" };
	json_t *r = json_array();

	for (int i = client_only ? 1 : 0; i < 2; i++) {
		json_t *party = json_object_get(data, roles[i]);
		json_t *signer = json_object_get(party, "signer");
		json_t *name = json_object_get(signer, "name");
		json_t *x = json_pack("{s:s}", "role", roles[i]);
		json_object_set(x, "name", json_is_string(name) ? name :
			json_object_get(party, "legal_name"));
		if (json_is_string(json_object_get(signer, "title")))
			json_object_set(x, "title", json_object_get(signer, "title"));
		if (json_is_string(json_object_get(signer, "email")))
			json_object_set(x, "email", json_object_get(signer, "email"));
		json_object_set(x, "organisation", json_object_get(party, "legal_name"));
		json_array_append_new(r, x);
	}
	return r;
}

char *wa_doc_address_line_new(json_t *a)
{
	static const char *const parts[] = { "street", "city", "region", "postal_code", "country" };
	wa_buf b;

	wa_buf_init(&b);
	if (json_is_string(a))
		wa_buf_adds(&b, json_string_value(a));
	for (size_t i = 0; json_is_object(a) && i < sizeof parts / sizeof *parts; i++) {
		const char *v = json_string_value(json_object_get(a, parts[i]));
		if (!v || !*v)
			continue;
		/* "Bristol BS1 6QS": the postal code and region follow the city */
		int same_group = b.len && (i == 2 || i == 3) &&
			json_string_value(json_object_get(a, "city"));
		if (b.len)
			wa_buf_adds(&b, same_group ? " " : ", ");
		wa_buf_adds(&b, v);
	}
	return wa_buf_detach(&b, NULL);
}

json_t *wa_doc_agency_load_new(const char *path, wa_err *err)
{
	json_t *agency = wa_yaml_config_load_new(path, "agency.schema.json", "agency profile",
		err);

	if (!agency)
		return NULL;
	char *line = wa_doc_address_line_new(json_object_get(agency, "address"));
	json_object_set_new(agency, "address_line", json_string(line));
	free(line);
	const char *logo = json_string_value(json_object_get(agency, "logo"));
	if (logo) {
		/* the logo, relative to the profile: "logo_file" */
		char file[4096];
		const char *slash = strrchr(path, '/');
		if (logo[0] == '/' || !slash)
			snprintf(file, sizeof file, "%s", logo);
		else
			snprintf(file, sizeof file, "%.*s/%s", (int)(slash - path), path, logo);
		if (access(file, R_OK)) {
			wa_err_set(err, WA_EX_CONFIG, "agency profile %s: logo %s: %s", path, file,
				strerror(errno));
			json_decref(agency);
			return NULL;
		}
		json_object_set_new(agency, "logo_file", json_string(file));
	}
	return agency;
}

int wa_doc_engine_open(wa_doc_engine *e, const char *agency, const char *out_dir, wa_err *err)
{
	struct stat st;

	memset(e, 0, sizeof *e);
	if (!(e->agency = wa_doc_agency_load_new(agency, err)))
		return -1;
	if (out_dir && (stat(out_dir, &st) || !S_ISDIR(st.st_mode)))
		return wa_err_set(err, WA_EX_CANTCREAT, "--out %s: not a directory", out_dir);
	return 0;
}

int wa_doc_engine_library(wa_doc_engine *e, wa_ws *ws, const char *kind, const char *templates,
	const char *template, wa_err *err)
{
	/* the templates: built in, then the workspace's, a directory's, a file */
	return (e->lib = wa_doc_library_setup_new(ws, kind, templates, template, err)) ? 0 : -1;
}

void wa_doc_engine_close(wa_doc_engine *e)
{
	wa_doc_library_free(e->lib);
	json_decref(e->agency);
	memset(e, 0, sizeof *e);
}
