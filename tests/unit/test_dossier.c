#include <criterion/criterion.h>

#include "ws/dossier.h"

static json_t *parse(const char *s)
{
	json_error_t je;
	json_t *v = json_loads(s, 0, &je);

	cr_assert_not_null(v, "%s", je.text);
	return v;
}

Test(dossier, derives_id_first_in_client)
{
	json_t *d = parse("{\"client\":{\"name\":\"Bright Smile Dental\",\"x\":1}}");
	wa_err e = WA_ERR_INIT;
	int derived;
	char *s;

	cr_assert_eq(wa_dossier_ensure_client_id(d, &derived, &e), 0);
	cr_assert_eq(derived, 1);
	s = json_dumps(d, JSON_COMPACT);
	cr_assert_str_eq(s, "{\"client\":{\"id\":\"bright-smile-dental\",\"name\":\"Bright Smile Dental\",\"x\":1}}");
	free(s);
	json_decref(d);
}

Test(dossier, keeps_a_given_id)
{
	json_t *d = parse("{\"client\":{\"id\":\"bsd\",\"name\":\"Bright Smile Dental\"}}");
	wa_err e = WA_ERR_INIT;
	int derived;

	cr_assert_eq(wa_dossier_ensure_client_id(d, &derived, &e), 0);
	cr_assert_eq(derived, 0);
	cr_assert_str_eq(wa_dossier_client_id(d), "bsd");
	json_decref(d);
}

Test(dossier, id_errors)
{
	const char *cases[][2] = {
		{ "{}", "client is missing" },
		{ "{\"client\":[]}", "client is not an object" },
		{ "{\"client\":{}}", "client.name is missing" },
		{ "{\"client\":{\"name\":7}}", "client.name is not a string" },
		{ "{\"client\":{\"name\":\"!!!\"}}", "client.name has no letters or digits to derive client.id from" },
		{ "{\"client\":{\"id\":\"Acme Co\"}}", "client.id is not a slug ([a-z0-9][a-z0-9-]*)" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *d = parse(cases[i][0]);
		wa_err e = WA_ERR_INIT;
		int derived;
		cr_assert_eq(wa_dossier_ensure_client_id(d, &derived, &e), -1, "%s", cases[i][0]);
		cr_assert_eq(e.code, 65);
		cr_assert_str_eq(e.msg, cases[i][1]);
		json_decref(d);
	}
}

Test(dossier, new_section_goes_before_trace)
{
	json_t *d = parse("{\"client\":{\"id\":\"a\"},\"zz\":1,\"trace\":[]}");
	char *s;

	wa_dossier_set_section(d, "pricing", json_pack("{s:i}", "fee", 100));
	wa_dossier_set_section(d, "zz", json_integer(2));
	s = json_dumps(d, JSON_COMPACT);
	cr_assert_str_eq(s, "{\"client\":{\"id\":\"a\"},\"zz\":2,\"pricing\":{\"fee\":100},\"trace\":[]}");
	free(s);
	json_decref(d);
}

Test(dossier, trace_appends_and_rejects_non_arrays)
{
	json_t *d = parse("{\"client\":{\"id\":\"a\"}}");
	wa_err e = WA_ERR_INIT;

	cr_assert_eq(wa_dossier_trace(d, "wa-import", "0.1.0", "r1", "t1", &e), 0);
	cr_assert_eq(wa_dossier_trace(d, "wa-price", "0.1.0", "r2", "t2", &e), 0);
	cr_assert_eq(json_array_size(json_object_get(d, "trace")), 2);
	cr_assert_str_eq(json_string_value(json_object_get(
		json_array_get(json_object_get(d, "trace"), 1), "engine")), "wa-price");
	json_object_set_new(d, "trace", json_string("oops"));
	cr_assert_eq(wa_dossier_trace(d, "wa-x", "0.1.0", "r", "t", &e), -1);
	cr_assert_eq(e.code, 65);
	json_decref(d);
}

Test(dossier, require_names_the_producer)
{
	json_t *d = parse("{\"client\":{\"id\":\"acme\"}}");
	wa_err e = WA_ERR_INIT;

	cr_assert_eq(wa_dossier_require(d, "pricing", "wa-proposal", "wa-price", &e), -1);
	cr_assert_str_eq(e.msg, "wa-proposal needs \"pricing\": run wa-price first");
	cr_assert_eq(e.code, 65);
	cr_assert_eq(wa_dossier_require(d, "client", "wa-proposal", "wa import", &e), 0);
	json_decref(d);
}

/* label D TMPSIZE: wa_dossier_label of a dossier whose client is D */
static const char *label(const char *client, char *tmp, size_t tmpsize)
{
	json_t *d = json_pack("{s:o}", "client", parse(client));
	const char *l = wa_dossier_label(d, tmp, tmpsize);

	json_decref(d);         /* the label is in tmp, not in the dossier */
	return l;
}

Test(dossier, label_is_the_id_or_the_name_cut_to_be_read)
{
	char tmp[128], small[8], want[80], client[400];

	cr_assert_str_eq(label("{\"id\":\"acme\",\"name\":\"X\"}", tmp, sizeof tmp), "acme");
	cr_assert_str_eq(label("{\"name\":\"Bright Smile Dental\"}", tmp, sizeof tmp),
		"bright-smile-dental");
	cr_assert_null(label("{\"website\":\"https://x.example\"}", tmp, sizeof tmp));
	/* 200 a's: the first 64, then "..." */
	snprintf(client, sizeof client, "{\"id\":\"%0200d\"}", 0);
	memset(want, '0', 64);
	strcpy(want + 64, "...");
	cr_assert_str_eq(label(client, tmp, sizeof tmp), want);
	/* an é across byte 64 (bytes 63 and 64) goes whole: 63 zeros */
	snprintf(client, sizeof client, "{\"id\":\"%063d\\u00e9%0100d\"}", 0, 0);
	strcpy(want + 63, "...");
	cr_assert_str_eq(label(client, tmp, sizeof tmp), want);
	/* a buffer of 8: four bytes and "..." */
	cr_assert_str_eq(label("{\"id\":\"abcdefghij\"}", small, sizeof small), "abcd...");
	cr_assert_str_eq(label("{\"id\":\"abcd\"}", small, sizeof small), "abcd");
}
