/* doc_version.c - a version per distinct content, and its files: see
 * doc.h. */
#include "doc/doc.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/hash.h"
#include "ws/artifact.h"
#include "ws/ws.h"

int wa_doc_version(json_t *old, const wa_buf *md, char hash[WA_SHA256_HEX], int *fresh)
{
	int version = (int)json_integer_value(json_object_get(old, "version"));
	const char *old_hash = json_string_value(json_object_get(old, "content_sha256"));

	wa_hash_sha256_hex(md->data ? md->data : "", md->len, hash);
	*fresh = !old_hash || strcmp(old_hash, hash) != 0;
	return *fresh ? version + 1 : version;
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
