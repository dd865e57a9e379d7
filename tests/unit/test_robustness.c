/* Deterministic mutation tests for the parsers of untrusted input: YAML
 * configs, dossier streams and JSON Schemas.  Each mutated input must be
 * accepted or rejected with a message, never crash or leak; the
 * sanitizer build (make test-san) runs these too. */
#include <criterion/criterion.h>

#include "helpers.h"
#include "json/schema.h"
#include "json/reader.h"
#include "json/yaml.h"

static unsigned next_rand(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

/* Mutate base into buf (at most cap bytes); returns the new length. */
static size_t mutate(const char *base, char *buf, size_t cap, unsigned *seed,
	const char *alphabet)
{
	size_t n = strlen(base), alen = strlen(alphabet);
	int edits = 1 + (int)(next_rand(seed) % 4);

	memcpy(buf, base, n);
	for (int k = 0; k < edits && n > 1; k++) {
		size_t at = next_rand(seed) % n;
		char c = alphabet[next_rand(seed) % alen];
		switch (next_rand(seed) % 4) {
		case 0:
			buf[at] = c;
			break;
		case 1:
			memmove(buf + at, buf + at + 1, n - at - 1);
			n--;
			break;
		case 2:
			if (n + 1 < cap) {
				memmove(buf + at + 1, buf + at, n - at);
				buf[at] = c;
				n++;
			}
			break;
		default: {      /* duplicate a slice: repetition, nesting */
			size_t len = 1 + next_rand(seed) % 16;
			if (at + len <= n && n + len < cap) {
				memmove(buf + at + len, buf + at, n - at);
				n += len;
			}
		}
		}
	}
	return n;
}

Test(robustness, yaml_mutations)
{
	const char *base =
		"name: dental receptionist\n"
		"client: &c bright-smile\n"
		"model: {backend: offline, temperature: 0.2}\n"
		"intents:\n"
		"  - name: book\n"
		"    examples: [\"book a cleaning\", 'next tuesday?']\n"
		"    slots: {date: {type: date}, who: *c}\n"
		"tools:\n"
		"  - {name: calendar, requires_approval: true, timeout: 0x1F}\n"
		"notes: |\n"
		"  multi-line\n"
		"  text: here\n";
	const char alphabet[] = "-:[]{},&*!|>'\"#? \n\tab01.~%@`\xc3\xa9";
	unsigned seed = 7;
	char buf[1024];
	int ok = 0, bad = 0;

	for (int round = 0; round < 5000; round++) {
		size_t n = mutate(base, buf, sizeof buf, &seed, alphabet);
		wa_err e = WA_ERR_INIT;
		json_t *v = wa_yaml_parse_new(buf, n, "agent.yaml", &e);
		if (v) {
			ok++;
			json_decref(v);
		} else {
			bad++;
			cr_assert_eq(e.code, 65, "code %d: %s", e.code, e.msg);
			cr_assert(strncmp(e.msg, "agent.yaml", 10) == 0, "%s", e.msg);
		}
	}
	cr_assert_gt(ok, 0);
	cr_assert_gt(bad, 0);
}

Test(robustness, dossier_stream_mutations)
{
	const char *base =
		"{\"client\":{\"id\":\"a\",\"name\":\"A\",\"n\":[1,2.5,{\"x\":null}]}}\n"
		"{\"client\":{\"name\":\"Zoë \\u00d1\"},\"trace\":[]}\n"
		"  [1, \"two\"]  \"s\" 3 true\n";
	const char alphabet[] = "{}[]\":,\\ \n-0.9etu\x80\xc3";
	char path[128], buf[512];
	unsigned seed = 99;

	snprintf(path, sizeof path, "%s/in.json", tmpdir_new());
	for (int round = 0; round < 3000; round++) {
		size_t n = mutate(base, buf, sizeof buf, &seed, alphabet);
		FILE *f = fopen(path, "w");
		fwrite(buf, 1, n, f);
		fclose(f);
		wa_err e = WA_ERR_INIT;
		wa_reader *r = wa_reader_open(path, &e);
		json_t *v;
		int rc, values = 0;
		cr_assert_not_null(r);
		/* every value or error is reported, and the reader always ends */
		while ((rc = wa_reader_next(r, &v, &e)) != 0 && values < 100) {
			if (rc > 0)
				json_decref(v);
			else
				cr_assert(strstr(e.msg, "line ") != NULL, "%s", e.msg);
			values++;
		}
		cr_assert_lt(values, 100);
		wa_reader_close(r);
	}
}

Test(robustness, schema_mutations)
{
	const char *base = "{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{"
		"\"a\":{\"type\":\"string\",\"pattern\":\"^[a-z]+$\",\"minLength\":1},"
		"\"b\":{\"$ref\":\"#/definitions/n\"},\"c\":{\"items\":[{\"enum\":[1,\"x\"]}],"
		"\"additionalItems\":false}},\"definitions\":{\"n\":{\"type\":\"number\","
		"\"multipleOf\":0.5,\"maximum\":10}},\"anyOf\":[{\"required\":[\"b\"]},true]}";
	const char alphabet[] = "{}[]\":,#/$ab01.()*+?^";
	json_t *inst = json_loads("{\"a\":\"abc\",\"b\":4.5,\"c\":[1,2]}", 0, NULL);
	unsigned seed = 3;
	char buf[1024];

	for (int round = 0; round < 5000; round++) {
		size_t n = mutate(base, buf, sizeof buf, &seed, alphabet);
		json_t *sch = json_loadb(buf, n, 0, NULL);
		if (!sch)
			continue;
		wa_err e = WA_ERR_INIT;
		wa_schema *s = wa_schema_new(sch, NULL, &e);
		wa_schema_result res;
		int rc = wa_schema_validate(s, inst, &res, &e);
		cr_assert(rc >= -1 && rc <= 1);
		if (rc < 0)
			cr_assert_eq(e.code, 78, "%s", e.msg);
		wa_schema_free(s);
		json_decref(sch);
	}
	json_decref(inst);
}
