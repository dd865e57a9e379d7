/* Templates: expected output written by hand from the Mustache
 * specification's rules, and the same cases rendered by pystache
 * (python3-pystache, Debian) must agree with ours. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "text/template.h"

static char *render(const char *text, const char *data_json, wa_template_opts *o, wa_err *err)
{
	wa_template *t;
	wa_buf out;
	json_t *data = json_loads(data_json, 0, NULL);

	cr_assert_not_null(data, "bad test data %s", data_json);
	cr_assert_eq(wa_template_parse("t.md", text, &t, err), 0, "%s", err->msg);
	wa_buf_init(&out);
	int rc = wa_template_render(t, data, o, &out, err);
	wa_template_free(t);
	json_decref(data);
	if (rc) {
		wa_buf_free(&out);
		return NULL;
	}
	return wa_buf_detach(&out, NULL);
}

static void expect(const char *text, const char *data, const char *want)
{
	wa_err err = WA_ERR_INIT;
	wa_template_opts o = { .escape = wa_template_escape_html };
	char *got = render(text, data, &o, &err);

	cr_assert_not_null(got, "%s: %s", text, err.msg);
	cr_assert_str_eq(got, want, "template %s", text);
	free(got);
}

Test(template, variables_and_escaping)
{
	expect("Hello {{name}}!", "{\"name\": \"Zoë Núñez\"}", "Hello Zoë Núñez!");
	expect("{{x}} {{{x}}} {{& x}}", "{\"x\": \"<b>&'\\\"\"}",
		"&lt;b&gt;&amp;&#39;&quot; <b>&'\" <b>&'\"");
	expect("{{a.b.c}}", "{\"a\": {\"b\": {\"c\": 42}}}", "42");
	expect("{{n}} {{r}} {{t}} {{z}}", "{\"n\": -7, \"r\": 1.5, \"t\": true, \"z\": null}",
		"-7 1.5 true ");
	expect("{{ spaced }}", "{\"spaced\": \"ok\"}", "ok");
}

Test(template, sections)
{
	expect("{{#list}}[{{.}}]{{/list}}", "{\"list\": [1, 2, 3]}", "[1][2][3]");
	expect("{{#p}}{{name}} {{age}}{{/p}}", "{\"p\": {\"name\": \"Ana\", \"age\": 40}}", "Ana 40");
	expect("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#nil}}Z{{/nil}}{{#empty}}E{{/empty}}"
		"{{#blank}}B{{/blank}}{{#unset}}U{{/unset}}",
		"{\"yes\": true, \"no\": false, \"nil\": null, \"empty\": [], \"blank\": \"\"}", "Y");
	expect("{{^no}}not{{/no}} {{^yes}}never{{/yes}}{{^unset}}!{{/unset}}",
		"{\"yes\": true, \"no\": false}", "not !");
	/* an outer name is visible inside a section */
	expect("{{#items}}{{name}} of {{shop}}; {{/items}}",
		"{\"shop\": \"Northwind\", \"items\": [{\"name\": \"jacket\"}, {\"name\": \"boots\"}]}",
		"jacket of Northwind; boots of Northwind; ");
	expect("{{#a}}{{#b}}{{c}}{{/b}}{{/a}}", "{\"a\": {\"b\": {\"c\": \"deep\"}}}", "deep");
	expect("x{{! a comment\nover lines }}y", "{}", "xy");
}

Test(template, standalone_lines)
{
	expect("Begin.\n{{#a}}\nInside.\n{{/a}}\nEnd.\n", "{\"a\": true}", "Begin.\nInside.\nEnd.\n");
	expect("  {{#a}}\n  line\n  {{/a}}\n", "{\"a\": true}", "  line\n");
	expect("| {{#a}}{{/a}} |\n", "{\"a\": true}", "|  |\n");
	expect("{{! comment }}\nafter\n", "{}", "after\n");
	expect("a\r\n{{#b}}\r\nc\r\n{{/b}}\r\n", "{\"b\": true}", "a\r\nc\r\n");
}

static const wa_template *partial(const char *name, void *user)
{
	wa_template **ps = user;

	for (; *ps; ps++)
		if (strcmp(wa_template_name(*ps), name) == 0)
			return *ps;
	return NULL;
}

Test(template, partials)
{
	wa_template *ps[4] = { 0 }, *t;
	wa_err err = WA_ERR_INIT;
	wa_buf out;

	cr_assert_eq(wa_template_parse("clause", "Clause {{n}}:\ntext\n", &ps[0], &err), 0);
	cr_assert_eq(wa_template_parse("loop", "{{> loop}}", &ps[1], &err), 0);
	cr_assert_eq(wa_template_parse("doc.md", "Intro\n  {{> clause}}\n{{> nothere}}\n", &t, &err), 0);
	wa_template_opts o = { .partial = partial, .user = ps };
	json_t *data = json_pack("{s:i}", "n", 3);
	wa_buf_init(&out);
	cr_assert_eq(wa_template_render(t, data, &o, &out, &err), -1);
	cr_assert(strstr(err.msg, "doc.md line 3: no partial \"nothere\""), "%s", err.msg);
	wa_template_free(t);
	/* a standalone partial is indented like its tag */
	cr_assert_eq(wa_template_parse("doc.md", "Intro\n  {{> clause}}\nEnd\n", &t, &err), 0);
	cr_assert_eq(wa_template_render(t, data, &o, &out, &err), 0, "%s", err.msg);
	cr_assert_str_eq(out.data, "Intro\n  Clause 3:\n  text\nEnd\n");
	wa_template_free(t);
	/* a partial that includes itself stops */
	wa_buf_reset(&out);
	cr_assert_eq(wa_template_render(ps[1], data, &o, &out, &err), -1);
	cr_assert(strstr(err.msg, "include itself"), "%s", err.msg);
	wa_buf_free(&out);
	json_decref(data);
	wa_template_free(ps[0]);
	wa_template_free(ps[1]);
}

/* Small partials that include each other many times expand
 * exponentially (23 files of 40 bytes made a 16 MB NDA): the output,
 * the steps and the depth are capped, each with its error. */
Test(template, expansion_is_bounded)
{
	wa_template *ps[26] = { 0 };
	wa_err err = WA_ERR_INIT;
	wa_buf out, src;
	json_t *data = json_pack("{s:s}", "x", "forty bytes of text, more or less.....");
	wa_template_opts o = { .partial = partial, .user = ps };
	char name[16];

	wa_buf_init(&out);
	wa_buf_init(&src);
	/* p0 is a line of text; pN includes p(N-1) ten times: p7 would be
	 * 10^7 lines of 40 bytes */
	cr_assert_eq(wa_template_parse("p0", "{{x}}\n", &ps[0], &err), 0);
	for (int n = 1; n <= 7; n++) {
		wa_buf_reset(&src);
		for (int i = 0; i < 10; i++)
			wa_buf_addf(&src, "{{> p%d}}", n - 1);
		snprintf(name, sizeof name, "p%d", n);
		cr_assert_eq(wa_template_parse(name, src.data, &ps[n], &err), 0);
	}
	/* p5 is 100,000 lines, 3.9 MB: allowed */
	cr_assert_eq(wa_template_render(ps[5], data, &o, &out, &err), 0, "%s", err.msg);
	cr_assert_eq(out.len, 100000 * (strlen(json_string_value(json_object_get(data, "x"))) + 1));
	wa_buf_reset(&out);
	cr_assert_eq(wa_template_render(ps[7], data, &o, &out, &err), -1);
	cr_assert_eq(err.code, WA_EX_DATAERR);
	cr_assert(strstr(err.msg, "grows past 4 MiB"), "%s", err.msg);
	cr_assert_eq(out.len, 0, "a failed render leaves nothing");
	/* twice p5, 7.8 MB, is over */
	wa_template *twice;
	cr_assert_eq(wa_template_parse("twice", "{{> p5}}{{> p5}}", &twice, &err), 0);
	cr_assert_eq(wa_template_render(twice, data, &o, &out, &err), -1);
	cr_assert(strstr(err.msg, "twice line 1: the document grows past 4 MiB") ||
		strstr(err.msg, "p0 line 1: the document grows past 4 MiB"), "%s", err.msg);
	wa_template_free(twice);
	for (int n = 0; n <= 7; n++)
		wa_template_free(ps[n]);
	memset(ps, 0, sizeof ps);
	/* steps without output: sections over nothing, ten times a level */
	cr_assert_eq(wa_template_parse("q0", "{{#none}}{{/none}}", &ps[0], &err), 0);
	for (int n = 1; n <= 9; n++) {
		wa_buf_reset(&src);
		for (int i = 0; i < 10; i++)
			wa_buf_addf(&src, "{{> q%d}}", n - 1);
		snprintf(name, sizeof name, "q%d", n);
		cr_assert_eq(wa_template_parse(name, src.data, &ps[n], &err), 0);
	}
	wa_buf_reset(&out);
	cr_assert_eq(wa_template_render(ps[9], data, &o, &out, &err), -1);
	cr_assert(strstr(err.msg, "grows past 10 million steps"), "%s", err.msg);
	for (int n = 0; n <= 9; n++)
		wa_template_free(ps[n]);
	memset(ps, 0, sizeof ps);
	/* a chain 20 deep, each including the next once: the depth cap */
	for (int n = 0; n < 20; n++) {
		wa_buf_reset(&src);
		if (n < 19)
			wa_buf_addf(&src, "{{> c%d}}", n + 1);
		else
			wa_buf_adds(&src, "end");
		snprintf(name, sizeof name, "c%d", n);
		cr_assert_eq(wa_template_parse(name, src.data, &ps[n], &err), 0);
	}
	wa_buf_reset(&out);
	cr_assert_eq(wa_template_render(ps[0], data, &o, &out, &err), -1);
	cr_assert(strstr(err.msg, "partials nested more than 16 deep"), "%s", err.msg);
	/* 16 deep is allowed */
	wa_buf_reset(&out);
	cr_assert_eq(wa_template_render(ps[3], data, &o, &out, &err), 0, "%s", err.msg);
	cr_assert_str_eq(out.data, "end");
	for (int n = 0; n < 20; n++)
		wa_template_free(ps[n]);
	wa_buf_free(&src);
	wa_buf_free(&out);
	json_decref(data);
}

Test(template, missing_variables_are_all_listed)
{
	wa_err err = WA_ERR_INIT;
	json_t *missing = json_array(), *used = json_array();
	wa_template_opts o = { .missing = missing, .used = used };
	char *got = render("Dear {{client.name}},\n\n{{agency.address}}\n{{#opt}}{{hidden}}{{/opt}}"
		"{{client.id}} {{agency.signer.name}}\n", "{\"client\": {\"id\": \"acme\"}}", &o, &err);

	cr_assert_null(got);
	cr_assert_eq(err.code, 65);
	cr_assert_str_eq(err.msg, "t.md line 1: \"client.name\" is not set; t.md line 3: "
		"\"agency.address\" is not set; t.md line 4: \"agency.signer.name\" is not set");
	cr_assert_eq(json_array_size(missing), 3);
	/* used: every name looked up, sections included, once each */
	cr_assert_eq(json_array_size(used), 5, "%s", json_dumps(used, 0));
	json_decref(missing);
	json_decref(used);
	/* allowed: rendered empty */
	wa_template_opts lax = { .allow_missing = 1 };
	got = render("[{{x}}]", "{}", &lax, &err);
	cr_assert_str_eq(got, "[]");
	free(got);
}

static void parse_error(const char *text, const char *want)
{
	wa_template *t = NULL;
	wa_err err = WA_ERR_INIT;

	cr_assert_eq(wa_template_parse("bad.md", text, &t, &err), -1, "%s parsed", text);
	cr_assert_null(t);
	cr_assert_eq(err.code, 65);
	cr_assert_str_eq(err.msg, want);
}

Test(template, bad_templates)
{
	parse_error("a\nb {{name", "bad.md line 2: \"{{\" is never closed");
	parse_error("{{#a}}\n{{#b}}\n{{/a}}", "bad.md line 3: {{/a}} closes {{#b}} of line 2");
	parse_error("\n\n{{^a}}x", "bad.md line 3: {{^a}} is never closed");
	parse_error("{{/a}}", "bad.md line 1: {{/a}} closes no section");
	parse_error("{{}}", "bad.md line 1: a tag without a name");
	parse_error("{{a b}}", "bad.md line 1: \"a b\" is not a name");
	parse_error("{{=<% %>=}}", "bad.md line 1: set-delimiter tags are not supported");
}

Test(template, markdown_escaping)
{
	static const char *const cases[][2] = {
		{ "# *Acme* [Ltd](x)\n- Zoë_1", "\\# \\*Acme\\* \\[Ltd\\](x) - Zoë\\_1" },
		{ "- item", "\\- item" },
		{ "2024. A year", "2024\\. A year" },
		{ "4 Anchor Yard, Bristol. UK", "4 Anchor Yard, Bristol. UK" },
		{ "a | b & c `d` <e> ~f~", "a \\| b \\& c \\`d\\` \\<e\\> \\~f\\~" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		wa_buf out;
		wa_buf_init(&out);
		wa_template_escape_markdown(&out, cases[i][0], strlen(cases[i][0]));
		cr_assert_str_eq(out.data, cases[i][1], "case %zu", i);
		wa_buf_free(&out);
	}
}

/* the same cases through pystache: HTML escaping agrees up to the
 * spelling of the apostrophe's reference */
Test(template, agrees_with_pystache)
{
	static const char *const cases[][2] = {
		{ "Hello {{name}}! {{{raw}}}", "{\"name\": \"<Zoë> & 'co'\", \"raw\": \"<b>\"}" },
		{ "{{#list}}[{{.}}]{{/list}}{{^list}}none{{/list}}", "{\"list\": [1, 2]}" },
		{ "{{#list}}[{{.}}]{{/list}}{{^list}}none{{/list}}", "{\"list\": []}" },
		{ "{{#items}}{{name}} of {{shop}}; {{/items}}",
		  "{\"shop\": \"N\", \"items\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}" },
		{ "Begin.\n{{#a}}\nInside {{b.c}}.\n{{/a}}\nEnd.\n", "{\"a\": true, \"b\": {\"c\": \"x\"}}" },
		{ "  {{#a}}\n  line\n  {{/a}}\n{{! c }}\nz\n", "{\"a\": {\"k\": 1}}" },
		{ "{{#a}}{{#b}}{{c}}{{/b}}{{/a}}|{{^x}}X{{/x}}", "{\"a\": {\"b\": [{\"c\": 1}, {\"c\": 2}]}}" },
		{ "{{#s}}S{{/s}}{{#e}}E{{/e}}{{#f}}F{{/f}}", "{\"s\": \"text\", \"e\": \"\", \"f\": false}" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char path[] = "/tmp/wa-pystache-XXXXXX";
		int fd = mkstemp(path);
		FILE *f = fdopen(fd, "w");
		json_t *c = json_pack("{s:s, s:o}", "template", cases[i][0], "data",
			json_loads(cases[i][1], 0, NULL));
		json_dumpf(c, f, 0);
		fclose(f);
		json_decref(c);
		char cmd[256];
		snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c \"import json, sys, pystache; "
			"c = json.load(open('%s')); "
			"sys.stdout.write(pystache.render(c['template'], c['data']))\"", path);
		FILE *p = popen(cmd, "r");
		char theirs[4096];
		size_t n = fread(theirs, 1, sizeof theirs - 1, p);
		theirs[n] = '\0';
		cr_assert_eq(pclose(p), 0, "pystache failed on case %zu", i);
		unlink(path);
		/* &#x27; and &#39; are the same character reference */
		for (char *q; (q = strstr(theirs, "&#x27;"));)
			memmove(q + 3, q + 4, strlen(q + 4) + 1), memcpy(q, "&#39", 4);
		wa_err err = WA_ERR_INIT;
		wa_template_opts o = { .escape = wa_template_escape_html };
		char *ours = render(cases[i][0], cases[i][1], &o, &err);
		cr_assert_not_null(ours, "%s", err.msg);
		cr_assert_str_eq(ours, theirs, "case %zu", i);
		free(ours);
	}
}
