#include <criterion/criterion.h>

#include "json/yaml.h"

static json_t *yaml(const char *text, wa_err *e)
{
	return wa_yaml_parse_new(text, strlen(text), "agent.yaml", e);
}

Test(yaml, scalars_resolve_like_yaml_1_2_core)
{
	wa_err e = WA_ERR_INIT;
	json_t *v = yaml("a: 1\nb: -2.5\nc: true\nd: ~\ne: '1'\nf: hello world\n"
		"g: 0x1F\nh: \"true\"\ni: !!str 42\nj: [1, two]\nk: {x: null}\nl:\n", &e);
	char *s;

	cr_assert_not_null(v, "%s", e.msg);
	s = json_dumps(v, JSON_COMPACT);
	cr_assert_str_eq(s, "{\"a\":1,\"b\":-2.5,\"c\":true,\"d\":null,\"e\":\"1\","
		"\"f\":\"hello world\",\"g\":31,\"h\":\"true\",\"i\":\"42\",\"j\":[1,\"two\"],"
		"\"k\":{\"x\":null},\"l\":null}");
	free(s);
	json_decref(v);
}

Test(yaml, syntax_error_has_file_line_column)
{
	wa_err e = WA_ERR_INIT;

	cr_assert_null(yaml("name: x\nlist: [1, 2\nother: 3\n", &e));
	cr_assert_eq(e.code, 65);
	cr_assert(strncmp(e.msg, "agent.yaml:", 11) == 0, "%s", e.msg);
}

Test(yaml, duplicate_key_is_named_with_position)
{
	wa_err e = WA_ERR_INIT;

	cr_assert_null(yaml("name: a\ntools: []\nname: b\n", &e));
	cr_assert_str_eq(e.msg, "agent.yaml:3:1: duplicate key \"name\"");
}

Test(yaml, aliases_expand)
{
	wa_err e = WA_ERR_INIT;
	json_t *v = yaml("base: &b {x: 1}\ncopy: *b\n", &e);

	cr_assert_not_null(v, "%s", e.msg);
	cr_assert(json_equal(json_object_get(v, "base"), json_object_get(v, "copy")));
	json_decref(v);
	cr_assert_null(yaml("a: *nope\n", &e));
	cr_assert(strstr(e.msg, "unknown alias") != NULL);
}

Test(yaml, billion_laughs_is_stopped)
{
	wa_err e = WA_ERR_INIT;
	const char *bomb =
		"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";

	cr_assert_null(yaml(bomb, &e));
	cr_assert(strstr(e.msg, "more than 1000000") != NULL, "%s", e.msg);
}

Test(yaml, non_json_values_and_keys)
{
	wa_err e = WA_ERR_INIT;
	json_t *v;

	cr_assert_null(yaml("x: .inf\n", &e));
	cr_assert_str_eq(e.msg, "agent.yaml:1:4: .inf cannot be represented in JSON");
	cr_assert_null(yaml("? [a, b]\n: 1\n", &e));
	cr_assert(strstr(e.msg, "a mapping key must be a scalar") != NULL, "%s", e.msg);
	v = yaml("200: ok\n", &e);
	cr_assert_str_eq(json_string_value(json_object_get(v, "200")), "ok");
	json_decref(v);
	cr_assert_null(yaml("a: 1\n---\nb: 2\n", &e));
	cr_assert(strstr(e.msg, "more than one YAML document") != NULL);
}

Test(yaml, missing_file_is_66)
{
	wa_err e = WA_ERR_INIT;

	cr_assert_null(wa_yaml_load_new("/nonexistent/agent.yaml", &e));
	cr_assert_eq(e.code, 66);
}

Test(yaml, marks_by_path)
{
	const char *doc = "name: dental\ntools:\n  - name: book\n    kind: builtin\n  - name: x\n"
		"defaults:\n  dental clinic: {a: 1}\n";
	wa_err err = WA_ERR_INIT;
	json_t *marks = NULL;
	json_t *v = wa_yaml_parse_marks_new(doc, strlen(doc), "t.yaml", &marks, &err);

	cr_assert_not_null(v, "%s", err.msg);
	/* lines and columns counted by hand from the text above */
	struct { const char *path; int line, col; } want[] = { { "(root)", 1, 1 }, { "name", 1, 7 },
		{ "tools", 3, 3 }, { "tools[0]", 3, 5 }, { "tools[0].kind", 4, 11 },
		{ "tools[1].name", 5, 11 }, { "defaults.dental clinic", 7, 18 },
		{ "defaults.dental clinic.a", 7, 22 } };
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		json_t *m = json_object_get(marks, want[i].path);
		cr_assert_not_null(m, "%s", want[i].path);
		cr_assert_eq(json_integer_value(json_array_get(m, 0)), want[i].line, "%s line",
			want[i].path);
		cr_assert_eq(json_integer_value(json_array_get(m, 1)), want[i].col, "%s column",
			want[i].path);
	}
	json_decref(marks);
	json_decref(v);
}

/* what wa_yaml_dump writes reads back as the same value, strings that
 * look like other types included (YAML 1.2 core schema) */
Test(yaml, dump_reads_back_the_same)
{
	json_t *v = json_pack("{s:[s, s, s, s, s, s, s, s, s, s], s:{s:i, s:f, s:f, s:b, s:n}, "
		"s:s, s:[], s:{}, s:s}",
		"strings", "123", "true", "", "08:00", "a: b", "- x", "Zoë Núñez €", "null", "1e3",
		"{{client.name}}",
		"values", "int", -42, "real", 2.5, "whole", 2.0, "yes", 1, "none",
		"multi", "line one\nline two\n", "empty_list", "empty_map", "0x1F", "#not a comment");
	wa_buf out;
	wa_err err = WA_ERR_INIT;

	wa_buf_init(&out);
	cr_assert_eq(wa_yaml_dump(v, &out, &err), 0, "%s", err.msg);
	json_t *back = wa_yaml_parse_new(out.data, out.len, "dump", &err);
	cr_assert_not_null(back, "%s\n%s", err.msg, out.data);
	char *a = json_dumps(v, JSON_SORT_KEYS), *b = json_dumps(back, JSON_SORT_KEYS);
	cr_assert(json_equal(v, back), "wrote:\n%s\nread: %s\nwanted: %s", out.data, b, a);
	cr_assert(json_is_real(json_object_get(json_object_get(back, "values"), "whole")));
	free(a);
	free(b);
	json_decref(back);
	json_decref(v);
	wa_buf_free(&out);
}
