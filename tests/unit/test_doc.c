/* Documents from the built-in NDA clause library: clauses chosen by the
 * data, numbered in order, data escaped, every missing variable named,
 * a user's clause replacing a built-in one, self-contained HTML. */
#include <criterion/criterion.h>
#include <string.h>

#include "doc/doc.h"
#include "helpers.h"

static json_t *data(int non_solicitation, int return_materials)
{
	return json_pack("{s:{s:s, s:s, s:{s:s, s:s}}, s:{s:s, s:s, s:{s:s, s:s}},"
		" s:{s:s, s:i, s:s, s:s, s:b, s:b}}",
		"agency", "legal_name", "Harbour Digital Ltd", "address_line", "1 Quay, Bristol",
		"signer", "name", "Ana Ruiz", "title", "Director",
		"client", "legal_name", "Zoë Núñez & *Sons* | Ltd", "address_line", "2 Main St",
		"signer", "name", "Zoë Núñez", "title", "Owner",
		"nda", "effective_date", "24 November 2026", "term_years", 2,
		"governing_law", "England and Wales", "purpose", "an AI receptionist",
		"non_solicitation", non_solicitation, "return_materials", return_materials);
}

static char *markdown(const char *main, json_t *d, wa_err *err)
{
	wa_doc_library *lib = wa_doc_library_new("nda");
	wa_buf out;

	wa_buf_init(&out);
	int rc = wa_doc_markdown(lib, main, d, 0, NULL, NULL, &out, err);
	wa_doc_library_free(lib);
	if (rc) {
		wa_buf_free(&out);
		return NULL;
	}
	return wa_buf_detach(&out, NULL);
}

static int count(const char *s, const char *what)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

Test(document, mutual_nda_clauses_in_order)
{
	wa_err err = WA_ERR_INIT;
	json_t *d = data(1, 1);
	char *md = markdown("mutual", d, &err);

	cr_assert_not_null(md, "%s", err.msg);
	cr_assert(strstr(md, "# Mutual Non-Disclosure Agreement"));
	cr_assert(strstr(md, "a lawyer"), "the template notice");
	/* nine numbered clauses, in order, no marker left */
	const char *want[] = { "## 1. Purpose", "## 2. Confidential Information",
		"## 3. Obligations", "## 4. Exclusions", "## 5. Disclosure required by law",
		"## 6. Return or destruction", "## 7. Non-solicitation", "## 8. Term",
		"## 9. General" };
	const char *at = md;
	for (size_t i = 0; i < 9; i++) {
		const char *h = strstr(at, want[i]);
		cr_assert_not_null(h, "%s missing or out of order", want[i]);
		at = h;
	}
	cr_assert_null(strstr(md, "\xC2\xA7"));
	cr_assert(strstr(md, "promptly return all"));
	cr_assert_null(strstr(md, "promptly destroy all"));
	cr_assert(strstr(md, "continues for 2 years"));
	/* data cannot become markup, even in a table cell */
	cr_assert(strstr(md, "Zoë Núñez \\& \\*Sons\\* \\| Ltd"), "%s", md);
	free(md);
	json_decref(d);
}

Test(document, clause_variants_renumber)
{
	wa_err err = WA_ERR_INIT;
	json_t *d = data(0, 0);
	char *md = markdown("one-way", d, &err);

	cr_assert_not_null(md, "%s", err.msg);
	cr_assert(strstr(md, "# Non-Disclosure Agreement"));
	cr_assert_null(strstr(md, "Non-solicitation"));
	cr_assert(strstr(md, "## 7. Term"), "term renumbered");
	cr_assert(strstr(md, "## 8. General"));
	cr_assert_eq(count(md, "\n## "), 9, "8 clauses and the signatures");
	cr_assert(strstr(md, "promptly destroy all"));
	cr_assert(strstr(md, "Only the Client discloses"));
	free(md);
	json_decref(d);
}

Test(document, every_missing_variable_is_named)
{
	wa_err err = WA_ERR_INIT;
	json_t *d = data(1, 1);

	json_object_del(json_object_get(d, "agency"), "address_line");
	json_object_del(json_object_get(json_object_get(d, "client"), "signer"), "title");
	json_object_del(json_object_get(d, "nda"), "governing_law");
	cr_assert_null(markdown("mutual", d, &err));
	cr_assert_eq(err.code, 65);
	cr_assert(strstr(err.msg, "mutual line 6: \"agency.address_line\" is not set"), "%s", err.msg);
	cr_assert(strstr(err.msg, "clauses/general line 7: \"nda.governing_law\" is not set;"),
		"%s", err.msg);
	/* named once though the line uses it twice */
	cr_assert_null(strstr(strstr(err.msg, "governing_law") + 1, "governing_law"), "%s", err.msg);
	cr_assert(strstr(err.msg, "clauses/signatures line 6: \"client.signer.title\" is not set"),
		"%s", err.msg);
	json_decref(d);
}

Test(document, a_user_clause_replaces_the_built_in_one)
{
	wa_doc_library *lib = wa_doc_library_new("nda");
	wa_err err = WA_ERR_INIT;
	wa_buf out;
	char path[4200];
	const char *dir = tmpdir_new();

	snprintf(path, sizeof path, "%s/clauses", dir);
	cr_assert_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/clauses/term.md", dir);
	write_text(path, "## \xC2\xA7 Term\n\nThis Agreement lasts {{nda.term_years}} years, full stop.\n\n");
	cr_assert_eq(wa_doc_library_load_dir(lib, dir, &err), 0, "%s", err.msg);
	json_t *d = data(0, 1);
	wa_buf_init(&out);
	cr_assert_eq(wa_doc_markdown(lib, "mutual", d, 0, NULL, NULL, &out, &err), 0, "%s", err.msg);
	cr_assert(strstr(out.data, "## 7. Term\n\nThis Agreement lasts 2 years, full stop."));
	cr_assert_null(strstr(out.data, "continues for"));
	wa_buf_free(&out);
	/* a broken one is named with its file and line */
	write_text(path, "fine\n{{#open}}\n");
	cr_assert_eq(wa_doc_library_load_dir(lib, dir, &err), -1);
	cr_assert(strstr(err.msg, "clauses/term.md"), "%s", err.msg);
	cr_assert(strstr(err.msg, "line 2: {{#open}} is never closed"), "%s", err.msg);
	cr_assert_eq(wa_doc_library_load_dir(lib, "/nonexistent-dir", &err), -1);
	cr_assert_eq(err.code, 66);
	json_decref(d);
	wa_doc_library_free(lib);
}

Test(document, self_contained_html)
{
	wa_err err = WA_ERR_INIT;
	json_t *d = data(1, 1);
	char *md = markdown("mutual", d, &err);
	wa_buf html;

	wa_buf_init(&html);
	cr_assert_eq(wa_doc_html(md, strlen(md), "NDA <Zoë>", "en", NULL, &html, &err), 0);
	cr_assert(strncmp(html.data, "<!DOCTYPE html>", 15) == 0);
	cr_assert(strstr(html.data, "<title>NDA &lt;Zoë&gt;</title>"));
	cr_assert(strstr(html.data, "@page{size:A4"));
	cr_assert(strstr(html.data, "<h2>7. Non-solicitation</h2>"));
	cr_assert(strstr(html.data, "<th>Zoë Núñez &amp; *Sons* | Ltd</th>"), "%s", html.data);
	/* nothing fetched from elsewhere */
	cr_assert_null(strstr(html.data, "<link"));
	cr_assert_null(strstr(html.data, "<script"));
	cr_assert_null(strstr(html.data, "src="));
	wa_buf_free(&html);
	free(md);
	json_decref(d);
}

Test(document, agency_profiles)
{
	wa_err err = WA_ERR_INIT;
	json_t *a = wa_doc_agency_load_new("../../examples/agency.yaml", &err);

	cr_assert_not_null(a, "%s", err.msg);
	cr_assert_str_eq(json_string_value(json_object_get(a, "legal_name")),
		"Lighthouse Conversational Ltd");
	cr_assert_str_eq(json_string_value(json_object_get(a, "address_line")),
		"4 Anchor Yard, Bristol BS1 6QS, GB");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(a, "signer"), "name")),
		"Zoë Núñez");
	json_decref(a);

	const char *dir = tmpdir_new();
	char path[4200];
	snprintf(path, sizeof path, "%s/a.yaml", dir);
	/* a schema finding names the field */
	write_text(path, "legal_name: X Ltd\naddress: {street: 1 A St, city: B, country: gb}\n"
		"signer: {name: Y}\n");
	cr_assert_null(wa_doc_agency_load_new(path, &err));
	cr_assert_eq(err.code, 78);
	cr_assert(strstr(err.msg, "agency profile"), "%s", err.msg);
	cr_assert(strstr(err.msg, "address.country: \"gb\" does not match"), "%s", err.msg);
	/* a YAML error names the line and column */
	write_text(path, "legal_name: X Ltd\naddress: [unclosed\n");
	cr_assert_null(wa_doc_agency_load_new(path, &err));
	cr_assert_eq(err.code, 78);
	cr_assert(strstr(err.msg, "a.yaml:"), "%s", err.msg);
	/* no file */
	cr_assert_null(wa_doc_agency_load_new("/nonexistent/agency.yaml", &err));
	cr_assert_eq(err.code, 66);
}

/* a version per distinct text: the SHA-256 of "abc" is the FIPS 180-2
 * example's */
Test(document, a_version_per_distinct_text)
{
	const char *abc_sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
	char hash[WA_SHA256_HEX];
	int fresh = -1;
	wa_buf md;

	wa_buf_init(&md);
	wa_buf_adds(&md, "abc");
	cr_assert_eq(wa_doc_version(NULL, &md, hash, &fresh), 1);
	cr_assert_eq(fresh, 1);
	cr_assert_str_eq(hash, abc_sha);
	json_t *old = json_pack("{s:i, s:s}", "version", 4, "content_sha256", abc_sha);
	cr_assert_eq(wa_doc_version(old, &md, hash, &fresh), 4);
	cr_assert_eq(fresh, 0);
	wa_buf_adds(&md, "d");
	cr_assert_eq(wa_doc_version(old, &md, hash, &fresh), 5);
	cr_assert_eq(fresh, 1);
	json_decref(old);
	wa_buf_free(&md);
}

Test(document, signers_in_routing_order)
{
	json_t *data = json_pack("{s:{s:s, s:{s:s, s:s, s:s}}, s:{s:s}}",
		"agency", "legal_name", "Agency Ltd", "signer", "name", "Ana", "title", "Director",
		"email", "ana@agency.example", "client", "legal_name", "Client GmbH");
	json_t *all = wa_doc_signers_new(data, 0), *client = wa_doc_signers_new(data, 1);

	cr_assert_eq(json_array_size(all), 2);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(all, 0), "role")), "agency");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(all, 0), "email")),
		"ana@agency.example");
	/* a client without a signer signs by its legal name */
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(all, 1), "name")),
		"Client GmbH");
	cr_assert_null(json_object_get(json_array_get(all, 1), "email"));
	cr_assert_eq(json_array_size(client), 1);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(client, 0), "role")),
		"client");
	json_decref(all);
	json_decref(client);
	json_decref(data);
}
