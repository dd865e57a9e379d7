/* document.c - see document.h. */
#include <dirent.h>
#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ws/artifact.h"
#include "base/clock.h"
#include "doc/doc.h"
#include "base/embedded.h"
#include "base/fs.h"
#include "base/hash.h"
#include "doc/markdown.h"
#include "doc/pdf.h"
#include "json/schema.h"
#include "json/yaml.h"

typedef struct entry {
	char *name;
	wa_template *t;
} entry;

struct wa_doc_library {
	entry *e;
	size_t n, cap;
};

static entry *find(const wa_doc_library *lib, const char *name)
{
	for (size_t i = 0; i < lib->n; i++)
		if (strcmp(lib->e[i].name, name) == 0)
			return &lib->e[i];
	return NULL;
}

int wa_doc_library_set(wa_doc_library *lib, const char *name, const char *text,
	const char *source, wa_err *err)
{
	wa_template *t;
	entry *e;

	if (wa_template_parse(name, text, &t, err)) {
		if (source && strcmp(source, name) != 0)
			wa_err_prefix(err, "%s", source);
		return -1;
	}
	if ((e = find(lib, name))) {
		wa_template_free(e->t);
		e->t = t;
		return 0;
	}
	if (lib->n == lib->cap) {
		lib->cap = lib->cap ? 2 * lib->cap : 16;
		lib->e = wa_mem_realloc(lib->e, lib->cap * sizeof *lib->e);
	}
	lib->e[lib->n].name = wa_mem_strdup(name);
	lib->e[lib->n].t = t;
	lib->n++;
	return 0;
}

wa_doc_library *wa_doc_library_new(const char *kind)
{
	wa_doc_library *lib = wa_mem_calloc(1, sizeof *lib);
	char prefix[64];
	wa_err err = WA_ERR_INIT;

	snprintf(prefix, sizeof prefix, "templates/%s/", kind);
	for (const wa_embedded_file *f = wa_embedded_files; f->name; f++) {
		size_t pl = strlen(prefix), nl = strlen(f->name);
		if (strncmp(f->name, prefix, pl) != 0 || nl < pl + 4 ||
		    strcmp(f->name + nl - 3, ".md") != 0)
			continue;
		char *name = wa_mem_strndup(f->name + pl, nl - pl - 3);
		/* built-in templates are tested: a failure here is a bug */
		if (wa_doc_library_set(lib, name, f->data, f->name, &err))
			abort();
		free(name);
	}
	return lib;
}

void wa_doc_library_free(wa_doc_library *lib)
{
	if (!lib)
		return;
	for (size_t i = 0; i < lib->n; i++) {
		free(lib->e[i].name);
		wa_template_free(lib->e[i].t);
	}
	free(lib->e);
	free(lib);
}

const wa_template *wa_doc_library_get(const wa_doc_library *lib, const char *name)
{
	entry *e = find(lib, name);

	return e ? e->t : NULL;
}

static int load_from(wa_doc_library *lib, const char *dir, const char *sub, wa_err *err)
{
	char path[4096];
	struct dirent *de;
	int rc = 0;

	snprintf(path, sizeof path, "%s%s%s", dir, *sub ? "/" : "", sub);
	/* in name order, so that the same directory always gives the same */
	struct dirent **list;
	int n = scandir(path, &list, NULL, alphasort);
	if (n < 0) {
		if (*sub && errno == ENOENT)
			return 0;       /* no clauses/ there: fine */
		return wa_err_set(err, WA_EX_NOINPUT, "templates directory %s: %s", path,
			strerror(errno));
	}
	for (int i = 0; i < n; i++) {
		de = list[i];
		size_t len = strlen(de->d_name);
		if (rc == 0 && len > 3 && strcmp(de->d_name + len - 3, ".md") == 0) {
			char file[4600], name[600];
			wa_buf text;
			snprintf(file, sizeof file, "%s/%s", path, de->d_name);
			snprintf(name, sizeof name, "%s%s%.*s", sub, *sub ? "/" : "",
				(int)(len - 3), de->d_name);
			wa_buf_init(&text);
			if (wa_fs_read(file, &text, 4u << 20, err) ||
			    wa_doc_library_set(lib, name, text.data, file, err))
				rc = -1;
			wa_buf_free(&text);
		}
		free(de);
	}
	free(list);
	return rc;
}

int wa_doc_library_load_dir(wa_doc_library *lib, const char *dir, wa_err *err)
{
	if (load_from(lib, dir, "", err))
		return -1;
	return load_from(lib, dir, "clauses", err);
}

int wa_doc_library_load_ws(wa_doc_library *lib, wa_ws *ws, const char *kind, wa_err *err)
{
	char prefix[128];
	json_t *list, *a;
	size_t i;
	int rc = 0;

	snprintf(prefix, sizeof prefix, "templates/%s/", kind);
	if (!(list = wa_artifact_list(ws, prefix, err)))
		return -1;
	json_array_foreach(list, i, a) {
		const char *name = json_string_value(json_object_get(a, "name")), *rest;
		size_t n;
		rest = name + strlen(prefix);
		n = strlen(rest);
		/* NAME.md and clauses/NAME.md; anything else there is not ours */
		if (n < 4 || strcmp(rest + n - 3, ".md") ||
		    (strchr(rest, '/') && strncmp(rest, "clauses/", 8)) ||
		    strchr(rest + (strncmp(rest, "clauses/", 8) ? 0 : 8), '/'))
			continue;
		wa_buf text;
		char source[512], tname[256];
		wa_buf_init(&text);
		snprintf(source, sizeof source, "workspace %s", name);
		snprintf(tname, sizeof tname, "%.*s", (int)(n - 3), rest);
		rc = wa_artifact_get(ws, name, &text, err) ||
			wa_doc_library_set(lib, tname, text.data ? text.data : "", source, err);
		wa_buf_free(&text);
		if (rc)
			break;
	}
	json_decref(list);
	return rc ? -1 : 0;
}

static const wa_template *partial(const char *name, void *user)
{
	return wa_doc_library_get(user, name);
}

/* "## § Title" to "## N. Title", outside fenced code */
static void number_clauses(const char *md, wa_buf *out)
{
	int n = 0, fenced = 0;

	for (const char *p = md; *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) + 1 : strlen(p);
		if (len >= 3 && (strncmp(p, "```", 3) == 0 || strncmp(p, "~~~", 3) == 0))
			fenced = !fenced;
		if (!fenced && strncmp(p, "## \xC2\xA7 ", 6) == 0) {
			wa_buf_addf(out, "## %d. ", ++n);
			wa_buf_add(out, p + 6, len - 6);
		} else {
			wa_buf_add(out, p, len);
		}
		p += len;
	}
}

int wa_doc_markdown(const wa_doc_library *lib, const char *main, json_t *data,
	int allow_missing, json_t *used, json_t *missing, wa_buf *out, wa_err *err)
{
	const wa_template *t = wa_doc_library_get(lib, main);
	wa_template_opts o = { .escape = wa_template_escape_markdown, .partial = partial,
		.user = (void *)lib, .allow_missing = allow_missing, .used = used,
		.missing = missing };
	wa_buf raw;

	if (!t)
		return wa_err_set(err, WA_EX_DATAERR, "no template \"%s\"", main);
	wa_buf_init(&raw);
	if (wa_template_render(t, data, &o, &raw, err)) {
		wa_buf_free(&raw);
		return -1;
	}
	number_clauses(raw.data, out);
	wa_buf_free(&raw);
	return 0;
}

static const char css[] =
	"@page{size:A4;margin:25mm 20mm;"
	"@bottom-center{content:\"Page \" counter(page) \" of \" counter(pages);font-size:9pt}}"
	"body{font-family:\"DejaVu Serif\",Georgia,serif;font-size:11pt;line-height:1.45;"
	"max-width:170mm;margin:2em auto;color:#111}"
	"header{text-align:right}header img.logo{height:12mm}"
	"h1{font-size:17pt;text-align:center;margin:1.2em 0}"
	"h2{font-size:12pt;margin:1.4em 0 .4em;page-break-after:avoid}"
	"blockquote{border-left:3px solid #999;margin:1em 0;padding:.2em 1em;color:#444}"
	"table{border-collapse:collapse;width:100%;margin:1em 0;page-break-inside:avoid}"
	"th,td{border:1px solid #777;padding:.4em .6em;text-align:left;vertical-align:top}"
	"td{height:1.6em}"
	"@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}}";

int wa_doc_html(const char *md, size_t len, const char *title, const char *lang,
	const char *logo, wa_buf *out, wa_err *err)
{
	wa_buf body;

	wa_buf_init(&body);
	if (wa_markdown_html(md, len, &body, err)) {
		wa_buf_free(&body);
		return -1;
	}
	wa_buf_adds(out, "<!DOCTYPE html>\n<html lang=\"");
	wa_template_escape_html(out, lang ? lang : "en", strlen(lang ? lang : "en"));
	wa_buf_adds(out, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	wa_template_escape_html(out, title ? title : "", strlen(title ? title : ""));
	wa_buf_adds(out, "</title>\n<style>");
	wa_buf_adds(out, css);
	wa_buf_adds(out, "</style>\n</head>\n<body>\n");
	if (logo) {
		/* the logo inline, so that the file stays self-contained */
		wa_buf img;
		wa_buf_init(&img);
		if (wa_fs_read(logo, &img, 8u << 20, err)) {
			wa_buf_free(&img);
			wa_buf_free(&body);
			return -1;
		}
		size_t n = strlen(logo);
		const char *mime = n > 4 && !strcasecmp(logo + n - 4, ".png") ? "image/png" :
			"image/jpeg";
		char *b64 = wa_mem_alloc(4 * ((img.len + 2) / 3) + 1);
		EVP_EncodeBlock((unsigned char *)b64, (const unsigned char *)(img.data ? img.data : ""),
			(int)img.len);
		wa_buf_addf(out, "<header><img class=\"logo\" alt=\"\" src=\"data:%s;base64,", mime);
		wa_buf_adds(out, b64);
		wa_buf_adds(out, "\"></header>\n");
		free(b64);
		wa_buf_free(&img);
	}
	wa_buf_adds(out, "<article>\n");
	wa_buf_add(out, body.data, body.len);
	wa_buf_adds(out, "</article>\n</body>\n</html>\n");
	wa_buf_free(&body);
	return 0;
}

int wa_doc_version(json_t *old, const wa_buf *md, char hash[WA_SHA256_HEX], int *fresh)
{
	int version = (int)json_integer_value(json_object_get(old, "version"));
	const char *old_hash = json_string_value(json_object_get(old, "content_sha256"));

	wa_hash_sha256_hex(md->data ? md->data : "", md->len, hash);
	*fresh = !old_hash || strcmp(old_hash, hash) != 0;
	return *fresh ? version + 1 : version;
}

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

int wa_doc_render(const wa_buf *md, const char *title, const char *subject, json_t *agency,
	wa_buf *html, wa_buf *pdf, wa_err *err)
{
	const char *logo = json_string_value(json_object_get(agency, "logo_file"));
	wa_pdf_meta meta = { title, json_string_value(json_object_get(agency, "legal_name")),
		subject, logo };
	const char *text = md->data ? md->data : "";

	if (wa_doc_html(text, md->len, title, "en", logo, html, err))
		return -1;
	return wa_pdf_from_markdown(text, md->len, &meta, pdf, err);
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

wa_doc_library *wa_doc_library_setup_new(wa_ws *ws, const char *kind, const char *dir,
	const char *file, wa_err *err)
{
	wa_doc_library *lib = wa_doc_library_new(kind);
	int bad = wa_doc_library_load_ws(lib, ws, kind, err) ||
		(dir && wa_doc_library_load_dir(lib, dir, err));

	if (!bad && file) {
		wa_buf text;
		wa_buf_init(&text);
		bad = wa_fs_read(file, &text, 4u << 20, err) ||
			wa_doc_library_set(lib, "document", text.data, file, err);
		wa_buf_free(&text);
	}
	if (!bad)
		return lib;
	if (err->code == WA_EX_DATAERR)
		err->code = WA_EX_CONFIG;       /* a template is configuration */
	wa_doc_library_free(lib);
	return NULL;
}

json_t *wa_doc_store_new(wa_ws *ws, const char *kind, const char *client, int version,
	int fresh, const char *out_dir, wa_buf *md, wa_buf *html, wa_buf *pdf, wa_err *err)
{
	struct { const char *ext, *format; wa_buf *b; } files[] = {
		{ "md", "markdown", md }, { "html", "html", html }, { "pdf", "pdf", pdf } };
	json_t *artifacts = json_array();

	for (size_t i = 0; i < 3; i++) {
		char name[512], sha[WA_SHA256_HEX], path[4096];
		snprintf(name, sizeof name, "%s/%s/v%d/%s.%s", kind, client, version, kind,
			files[i].ext);
		wa_hash_sha256_hex(files[i].b->data, files[i].b->len, sha);
		if (fresh && wa_artifact_put(ws, name, files[i].b->data, files[i].b->len, 0644, err))
			goto fail;
		json_array_append_new(artifacts, json_pack("{s:s, s:s, s:s, s:I}", "name", name,
			"format", files[i].format, "sha256", sha, "size", (json_int_t)files[i].b->len));
		snprintf(path, sizeof path, "%s/%s-%s-v%d.%s", out_dir ? out_dir : ".", client, kind,
			version, files[i].ext);
		if (out_dir && wa_fs_write_atomic(path, files[i].b->data, files[i].b->len, 0644, err))
			goto fail;
	}
	return artifacts;
fail:
	json_decref(artifacts);
	return NULL;
}

int wa_doc_engine_open(wa_doc_engine *e, const char *kind, const char *agency,
	const char *out_dir, const char *workspace, const char *templates, const char *template,
	wa_err *err)
{
	struct stat st;

	memset(e, 0, sizeof *e);
	if (wa_clock_init(err) || !(e->agency = wa_doc_agency_load_new(agency, err)))
		return -1;
	if (out_dir && (stat(out_dir, &st) || !S_ISDIR(st.st_mode)))
		return wa_err_set(err, WA_EX_CANTCREAT, "--out %s: not a directory", out_dir);
	if (wa_ws_open(wa_ws_default_path(workspace), WA_WS_CREATE, &e->ws, err))
		return -1;
	/* the templates: built in, then the workspace's, a directory's, a file */
	return (e->lib = wa_doc_library_setup_new(e->ws, kind, templates, template, err)) ? 0 : -1;
}

void wa_doc_engine_close(wa_doc_engine *e)
{
	wa_doc_library_free(e->lib);
	wa_ws_close(e->ws);
	json_decref(e->agency);
	memset(e, 0, sizeof *e);
}
