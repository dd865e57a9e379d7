/* doc_library.c - the clause library: templates by name, built in,
 * from the workspace, a directory or a file: see doc.h. */
#include "doc/doc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/embedded.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/mem.h"
#include "text/template.h"
#include "ws/artifact.h"
#include "ws/ws.h"

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

static int load_ws(wa_doc_library *lib, wa_ws *ws, const char *kind, wa_err *err)
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

wa_doc_library *wa_doc_library_setup_new(wa_ws *ws, const char *kind, const char *dir,
	const char *file, wa_err *err)
{
	wa_doc_library *lib = wa_doc_library_new(kind);
	int bad = load_ws(lib, ws, kind, err) ||
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
