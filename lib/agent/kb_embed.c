/* kb_embed.c - embeddings of a knowledge base's chunks from an
 * OpenAI-compatible /v1/embeddings server, stored as float32 blobs and
 * compared by cosine: see kb.h. */
#include "agent/kb.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/kb_int.h"
#include "base/err.h"
#include "base/mem.h"
#include "web/fetch.h"

void wa_kb_embed_from_env(wa_kb_embed *e)
{
	const char *v;

	memset(e, 0, sizeof *e);
	v = getenv("WA_EMBED_MODEL");
	e->model = v && *v ? v : NULL;
	v = getenv("WA_EMBED_BASE_URL");
	e->base_url = v && *v ? v : getenv("WA_LLM_BASE_URL");
	v = getenv("WA_EMBED_API_KEY");
	e->api_key = v && *v ? v : getenv("WA_LLM_API_KEY");
	if (!e->base_url || !*e->base_url)
		e->model = NULL;
}

/* the embeddings of texts (an array of strings): a new array of arrays
 * of numbers, or NULL with err (69) */
json_t *wa_kb_embed_texts_new(const wa_kb_embed *e, json_t *texts, wa_err *err)
{
	char url[2048], auth[1024] = "";
	const char *headers[2] = { NULL, NULL };
	size_t bl = strlen(e->base_url);
	wa_fetch_result g;

	while (bl && e->base_url[bl - 1] == '/')
		bl--;
	snprintf(url, sizeof url, "%.*s/embeddings", (int)bl, e->base_url);
	if (e->api_key && *e->api_key) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", e->api_key);
		headers[0] = auth;
	}
	json_t *body = json_pack("{s:s, s:O}", "model", e->model, "input", texts);
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	wa_fetch_opts fo;
	wa_fetch_opts_init(&fo);
	fo.delay_ms = 0;
	fo.timeout_ms = 60000;
	fo.allow_private = 1;   /* a server the operator named */
	fo.max_bytes = 64u << 20;
	wa_fetch_request req = { .url = url, .post = text, .headers = headers };
	int rc = wa_fetch_one(&fo, &req, &g, err);
	explicit_bzero(auth, sizeof auth);
	free(text);
	json_t *out = NULL;
	if (rc == 0) {
		json_t *a = json_loadb(g.body.data ? g.body.data : "", g.body.len, 0, NULL);
		json_t *data = json_object_get(a, "data");
		if (g.error || g.status != 200 || json_array_size(data) != json_array_size(texts)) {
			wa_err_set(err, WA_EX_UNAVAILABLE, "%s: %s", url, g.error ? g.error :
				g.status != 200 ? "the embeddings server refused" :
				"an answer without an embedding for each text");
		} else {
			out = json_array();
			size_t i;
			json_t *d;
			json_array_foreach(data, i, d)
				json_array_append(out, json_object_get(d, "embedding"));
		}
		json_decref(a);
	}
	wa_fetch_result_free(&g);
	return out;
}

void wa_kb_embed_bind(sqlite3_stmt *st, int i, json_t *v)
{
	size_t n = json_array_size(v);
	float *f = wa_mem_alloc((n ? n : 1) * sizeof *f);

	for (size_t k = 0; k < n; k++)
		f[k] = (float)json_number_value(json_array_get(v, k));
	if (n)
		sqlite3_bind_blob(st, i, f, (int)(n * sizeof *f), SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
	free(f);
}

double wa_kb_embed_cosine(const float *a, const float *b, size_t n)
{
	double ab = 0, aa = 0, bb = 0;

	for (size_t i = 0; i < n; i++) {
		ab += (double)a[i] * b[i];
		aa += (double)a[i] * a[i];
		bb += (double)b[i] * b[i];
	}
	return aa > 0 && bb > 0 ? ab / sqrt(aa * bb) : 0;
}

