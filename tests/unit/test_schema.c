#include <criterion/criterion.h>

#include "json/json.h"
#include "json/schema.h"

static json_t *parse(const char *s)
{
	json_error_t je;
	json_t *v = json_loads(s, JSON_DECODE_ANY, &je);

	cr_assert_not_null(v, "%s", je.text);
	return v;
}

Test(schema, findings_name_the_path)
{
	json_t *sch = parse("{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{"
		"\"list\":{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"minimum\":0}},"
		"\"odd key\":{\"type\":\"string\"}},\"additionalProperties\":false}");
	json_t *doc = parse("{\"list\":[1,-2,\"x\"],\"odd key\":3,\"extra\":true}");
	wa_err e = WA_ERR_INIT;
	wa_schema *s = wa_schema_new(sch, NULL, &e);
	wa_schema_result res;

	cr_assert_eq(wa_schema_validate(s, doc, &res, &e), 1);
	cr_assert_eq(res.total, 5);
	cr_assert_str_eq(res.findings[0].path, "name");
	cr_assert_str_eq(res.findings[0].message, "is required");
	cr_assert_str_eq(res.findings[1].path, "list[1]");
	cr_assert_str_eq(res.findings[1].message, "must be at least 0");
	cr_assert_str_eq(res.findings[2].path, "list[2]");
	cr_assert_str_eq(res.findings[2].message, "must be of type integer, not a string");
	cr_assert_str_eq(res.findings[3].path, "[\"odd key\"]");
	cr_assert_str_eq(res.findings[4].path, "extra");
	cr_assert_str_eq(res.findings[4].message, "is not allowed");
	cr_assert_eq(wa_schema_check(s, doc, &e), -1);
	cr_assert_str_eq(e.msg, "name: is required (and 4 more)");
	cr_assert_eq(e.code, 65);
	wa_schema_free(s);
	json_decref(sch);
	json_decref(doc);
}

Test(schema, unresolvable_ref_is_a_schema_error)
{
	json_t *sch = parse("{\"$ref\":\"#/definitions/missing\"}");
	json_t *doc = parse("1");
	wa_err e = WA_ERR_INIT;
	wa_schema *s = wa_schema_new(sch, NULL, &e);

	cr_assert_eq(wa_schema_validate(s, doc, NULL, &e), -1);
	cr_assert_eq(e.code, 78);
	cr_assert(strstr(e.msg, "#/definitions/missing") != NULL);
	wa_schema_free(s);
	json_decref(sch);
	json_decref(doc);
}

Test(schema, ref_loop_is_stopped)
{
	json_t *sch = parse("{\"definitions\":{\"a\":{\"$ref\":\"#/definitions/b\"},"
		"\"b\":{\"$ref\":\"#/definitions/a\"}},\"$ref\":\"#/definitions/a\"}");
	json_t *doc = parse("1");
	wa_err e = WA_ERR_INIT;
	wa_schema *s = wa_schema_new(sch, NULL, &e);

	cr_assert_eq(wa_schema_validate(s, doc, NULL, &e), -1);
	cr_assert(strstr(e.msg, "recursion") != NULL, "%s", e.msg);
	wa_schema_free(s);
	json_decref(sch);
	json_decref(doc);
}

Test(schema, bad_pattern_is_a_schema_error)
{
	json_t *sch = parse("{\"pattern\":\"([a-z\"}");
	json_t *doc = parse("\"abc\"");
	wa_err e = WA_ERR_INIT;
	wa_schema *s = wa_schema_new(sch, NULL, &e);

	cr_assert_eq(wa_schema_validate(s, doc, NULL, &e), -1);
	cr_assert(strstr(e.msg, "pattern") != NULL);
	wa_schema_free(s);
	json_decref(sch);
	json_decref(doc);
}

Test(schema, builtin_dossier_schema_checks_the_client)
{
	wa_err e = WA_ERR_INIT;
	wa_schema *s = wa_schema_builtin("dossier.schema.json", &e);
	json_t *good = parse("{\"client\":{\"id\":\"acme\",\"name\":\"Acme\","
		"\"website\":\"https://acme.example\",\"currency\":\"EUR\"}}");
	json_t *bad = parse("{\"client\":{\"id\":\"acme\",\"name\":\"Acme\","
		"\"website\":\"acme dot com\"}}");

	cr_assert_not_null(s, "%s", e.msg);
	cr_assert_eq(wa_schema_check(s, good, &e), 0, "%s", e.msg);
	cr_assert_eq(wa_schema_check(s, bad, &e), -1);
	cr_assert(strncmp(e.msg, "client.website: ", 16) == 0, "%s", e.msg);
	wa_schema_free(s);
	json_decref(good);
	json_decref(bad);
}

Test(schema, equality_treats_1_and_1_0_alike)
{
	json_t *a = parse("{\"x\":[1,{\"y\":2.0}]}");
	json_t *b = parse("{\"x\":[1.0,{\"y\":2}]}");
	json_t *c = parse("{\"x\":[true,{\"y\":2}]}");

	cr_assert(wa_json_equal(a, b));
	cr_assert_not(wa_json_equal(a, c));
	json_decref(a);
	json_decref(b);
	json_decref(c);
}
