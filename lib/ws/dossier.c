/* dossier.c - dossier helpers: see dossier.h. */
#include "ws/dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/slug.h"

json_t *wa_dossier_client(json_t *dossier)
{
	json_t *c = json_object_get(dossier, "client");

	return json_is_object(c) ? c : NULL;
}

const char *wa_dossier_client_id(json_t *dossier)
{
	return json_string_value(json_object_get(wa_dossier_client(dossier), "id"));
}

const char *wa_dossier_label(json_t *dossier, char *tmp, size_t tmpsize)
{
	const char *id = wa_dossier_client_id(dossier), *name;
	char *slug = NULL;
	size_t n, max = tmpsize - 4 < WA_LABEL_MAX ? tmpsize - 4 : WA_LABEL_MAX;

	if (!id) {
		name = json_string_value(json_object_get(wa_dossier_client(dossier), "name"));
		if (!name || !(id = slug = wa_slug_new(name)))
			return NULL;
	}
	n = strlen(id);
	if (n > max) {          /* cut on a character boundary */
		for (n = max; n > 0 && ((unsigned char)id[n] & 0xC0) == 0x80; n--)
			;
		snprintf(tmp, tmpsize, "%.*s...", (int)n, id);
	} else {
		memcpy(tmp, id, n + 1);
	}
	free(slug);
	return tmp;
}

/* Rebuild obj with key/value inserted before the key `before` (at the end
 * when there is none).  Steals value. */
static void insert_before(json_t *obj, const char *before, const char *key, json_t *value)
{
	json_t *copy = json_object();
	const char *k;
	json_t *v;
	int placed = 0;

	json_object_foreach(obj, k, v) {
		if (!placed && strcmp(k, before) == 0) {
			json_object_set_new(copy, key, value);
			placed = 1;
		}
		json_object_set(copy, k, v);
	}
	if (!placed)
		json_object_set_new(copy, key, value);
	json_object_clear(obj);
	json_object_update(obj, copy);
	json_decref(copy);
}

int wa_dossier_ensure_client_id(json_t *dossier, int *derived, wa_err *err)
{
	json_t *client = json_object_get(dossier, "client");
	json_t *id, *name;
	char *slug;

	*derived = 0;
	if (!client)
		return wa_err_set(err, WA_EX_DATAERR, "client is missing");
	if (!json_is_object(client))
		return wa_err_set(err, WA_EX_DATAERR, "client is not an object");
	id = json_object_get(client, "id");
	if (id) {
		if (!json_is_string(id) || !wa_slug_valid(json_string_value(id)))
			return wa_err_set(err, WA_EX_DATAERR,
				"client.id is not a slug ([a-z0-9][a-z0-9-]*)");
		return 0;
	}
	name = json_object_get(client, "name");
	if (!name)
		return wa_err_set(err, WA_EX_DATAERR, "client.name is missing");
	if (!json_is_string(name))
		return wa_err_set(err, WA_EX_DATAERR, "client.name is not a string");
	slug = wa_slug_new(json_string_value(name));
	if (!slug)
		return wa_err_set(err, WA_EX_DATAERR,
			"client.name has no letters or digits to derive client.id from");
	/* a copy with id first replaces client in its place */
	json_t *copy = json_object();
	json_object_set_new(copy, "id", json_string(slug));
	json_object_update(copy, client);
	json_object_set_new(dossier, "client", copy);
	free(slug);
	*derived = 1;
	return 0;
}

void wa_dossier_set_section(json_t *dossier, const char *name, json_t *value)
{
	if (json_object_get(dossier, name) || !json_object_get(dossier, "trace"))
		json_object_set_new(dossier, name, value);
	else
		insert_before(dossier, "trace", name, value);
}

int wa_dossier_trace(json_t *dossier, const char *engine, const char *version,
	const char *run_id, const char *at, wa_err *err)
{
	json_t *trace = json_object_get(dossier, "trace");

	if (!trace) {
		trace = json_array();
		json_object_set_new(dossier, "trace", trace);
	} else if (!json_is_array(trace)) {
		return wa_err_set(err, WA_EX_DATAERR, "trace is not an array");
	}
	/* by hand: json_pack parses its format every time */
	json_t *entry = json_object();
	json_object_set_new_nocheck(entry, "engine", json_string(engine));
	json_object_set_new_nocheck(entry, "version", json_string(version));
	json_object_set_new_nocheck(entry, "run", json_string(run_id));
	json_object_set_new_nocheck(entry, "at", json_string(at));
	json_array_append_new(trace, entry);
	return 0;
}

int wa_dossier_require(json_t *dossier, const char *section, const char *engine,
	const char *producer, wa_err *err)
{
	json_t *s = json_object_get(dossier, section);

	if (json_is_object(s))
		return 0;
	if (s)
		return wa_err_set(err, WA_EX_DATAERR, "%s is not an object", section);
	return wa_err_set(err, WA_EX_DATAERR, "%s needs \"%s\": run %s first",
		engine, section, producer);
}
