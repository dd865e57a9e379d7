/* The official JSON-Schema-Test-Suite (Debian json-schema-test-suite,
 * tests/draft7): every case of every file for the keywords we support
 * must pass.  refRemote's documents come from the suite's remotes/
 * folder (served there as http://localhost:1234/), and the draft-07
 * meta-schema from python3-jsonschema; nothing is fetched. */
#include <criterion/criterion.h>
#include <dirent.h>

#include "json/schema.h"

#define SUITE "/usr/share/json-schema-test-suite"
#define METASCHEMA "/usr/lib/python3/dist-packages/jsonschema/schemas/draft7.json"

static void add_remotes(wa_schema *s, const char *dir, const char *uri_prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	cr_assert_not_null(d, "%s", dir);
	while ((e = readdir(d))) {
		char path[512], uri[512];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		snprintf(uri, sizeof uri, "%s%s", uri_prefix, e->d_name);
		if (e->d_type == DT_DIR) {
			strcat(uri, "/");
			add_remotes(s, path, uri);
			continue;
		}
		json_error_t je;
		json_t *doc = json_load_file(path, 0, &je);
		cr_assert_not_null(doc, "%s: %s", path, je.text);
		wa_schema_add_resource(s, uri, doc, NULL);
		json_decref(doc);
	}
	closedir(d);
}

static void run_file(const char *rel)
{
	char path[512];
	json_error_t je;
	json_t *groups, *group, *tc;
	json_t *meta = json_load_file(METASCHEMA, 0, &je);
	size_t i, j;
	int cases = 0, failures = 0;

	cr_assert_not_null(meta, "%s: %s", METASCHEMA, je.text);
	snprintf(path, sizeof path, SUITE "/tests/draft7/%s", rel);
	groups = json_load_file(path, JSON_DECODE_ANY, &je);
	cr_assert_not_null(groups, "%s: %s", path, je.text);
	json_array_foreach(groups, i, group) {
		wa_err err = WA_ERR_INIT;
		wa_schema *s = wa_schema_new(json_object_get(group, "schema"), NULL, &err);
		cr_assert_not_null(s, "%s", err.msg);
		wa_schema_add_resource(s, "http://json-schema.org/draft-07/schema", meta, NULL);
		add_remotes(s, SUITE "/remotes", "http://localhost:1234/");
		json_array_foreach(json_object_get(group, "tests"), j, tc) {
			int want = json_is_true(json_object_get(tc, "valid"));
			int rc = wa_schema_validate(s, json_object_get(tc, "data"), NULL, &err);
			cases++;
			if (rc < 0 || (rc == 0) != want) {
				failures++;
				cr_log_error("%s: %s / %s: expected %s, got %s %s", rel,
					json_string_value(json_object_get(group, "description")),
					json_string_value(json_object_get(tc, "description")),
					want ? "valid" : "invalid",
					rc < 0 ? "schema error" : rc == 0 ? "valid" : "invalid",
					rc < 0 ? err.msg : "");
			}
		}
		wa_schema_free(s);
	}
	json_decref(groups);
	json_decref(meta);
	cr_assert_gt(cases, 0, "%s has no cases", rel);
	cr_assert_eq(failures, 0, "%s: %d of %d cases failed", rel, failures, cases);
}

#define SUITE_FILE(name, file) Test(schema_suite, name) { run_file(file); }

SUITE_FILE(additionalItems, "additionalItems.json")
SUITE_FILE(additionalProperties, "additionalProperties.json")
SUITE_FILE(allOf, "allOf.json")
SUITE_FILE(anyOf, "anyOf.json")
SUITE_FILE(boolean_schema, "boolean_schema.json")
SUITE_FILE(const_, "const.json")
SUITE_FILE(contains, "contains.json")
SUITE_FILE(default_, "default.json")
SUITE_FILE(definitions, "definitions.json")
SUITE_FILE(dependencies, "dependencies.json")
SUITE_FILE(enum_, "enum.json")
SUITE_FILE(exclusiveMaximum, "exclusiveMaximum.json")
SUITE_FILE(exclusiveMinimum, "exclusiveMinimum.json")
SUITE_FILE(if_then_else, "if-then-else.json")
SUITE_FILE(items, "items.json")
SUITE_FILE(maxItems, "maxItems.json")
SUITE_FILE(maxLength, "maxLength.json")
SUITE_FILE(maxProperties, "maxProperties.json")
SUITE_FILE(maximum, "maximum.json")
SUITE_FILE(minItems, "minItems.json")
SUITE_FILE(minLength, "minLength.json")
SUITE_FILE(minProperties, "minProperties.json")
SUITE_FILE(minimum, "minimum.json")
SUITE_FILE(multipleOf, "multipleOf.json")
SUITE_FILE(not_, "not.json")
SUITE_FILE(oneOf, "oneOf.json")
SUITE_FILE(pattern, "pattern.json")
SUITE_FILE(patternProperties, "patternProperties.json")
SUITE_FILE(properties, "properties.json")
SUITE_FILE(propertyNames, "propertyNames.json")
SUITE_FILE(ref, "ref.json")
SUITE_FILE(refRemote, "refRemote.json")
SUITE_FILE(required, "required.json")
SUITE_FILE(type, "type.json")
SUITE_FILE(uniqueItems, "uniqueItems.json")
SUITE_FILE(format_date, "optional/format/date.json")
SUITE_FILE(format_date_time, "optional/format/date-time.json")
SUITE_FILE(format_email, "optional/format/email.json")
SUITE_FILE(format_uri, "optional/format/uri.json")
