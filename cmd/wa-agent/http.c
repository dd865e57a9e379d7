/* http.c - tools of kind http: a REST call made from the tool's
 * configuration and the model's arguments, through lib/fetch.c.
 *
 *   http:
 *     method: POST                     GET (default), POST, PUT, PATCH, DELETE
 *     url: https://api.example/orders/{{order_id}}     arguments URL-encoded
 *     headers: {Authorization: "Bearer ${ENV:SHOP_TOKEN}"}
 *     body: {order: "{{order_id}}", note: "for {{name}}"}
 *     timeout: 10                      seconds (30)
 *     retries: 2                       GET, PUT, DELETE only (2)
 *     max_bytes: 1048576               the answer's cap (1 MiB)
 *     allow_private: false             loopback and private addresses
 *     result: {status: order.status}   what the model sees (all of it)
 *
 * In the body, a string that is one tag ("{{order_id}}") becomes the
 * argument's JSON value (a number stays a number); other strings are
 * templates.  Every request carries Idempotency-Key: the call's key, so a
 * server can tell a repeated call after a crash from a new one.
 * Whatever goes wrong is a result for the model ({"status": "error"}),
 * as with command tools; only a missing environment variable is named
 * for the operator too. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent.h"

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "base/version.h"
#include "cli/cli.h"
#include "text/template.h"
#include "web/fetch.h"

/* RFC 3986's unreserved characters stay; every other byte is %XX */
static void escape_url(wa_buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
			wa_buf_addc(out, (char)c);
		else
			wa_buf_addf(out, "%%%02X", c);
	}
}

/* text rendered over args; NULL with why set on a bad template */
static char *render_new(const char *text, json_t *args, wa_template_escape_fn esc, char *why,
	size_t size)
{
	wa_template *t = NULL;
	wa_err err = WA_ERR_INIT;
	wa_buf out;
	wa_template_opts o = { .escape = esc, .allow_missing = 1 };

	wa_buf_init(&out);
	if (wa_template_parse("http", text, &t, &err) || wa_template_render(t, args, &o, &out,
	    &err)) {
		snprintf(why, size, "%s", err.msg);
		wa_template_free(t);
		wa_buf_free(&out);
		return NULL;
	}
	wa_template_free(t);
	wa_buf_addc(&out, '\0');
	return wa_buf_detach(&out, NULL);
}

/* the body: strings rendered, a lone tag the argument's own value */
static json_t *body_new(json_t *v, json_t *args, char *why, size_t size)
{
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t n = strlen(s);
		if (n > 4 && !strncmp(s, "{{", 2) && !strcmp(s + n - 2, "}}") &&
		    !strpbrk(s + 2, "{}#^/&!>") ) {
			char name[128];
			snprintf(name, sizeof name, "%.*s", (int)(n - 4), s + 2);
			json_t *arg = json_object_get(args, name);
			if (arg)
				return json_incref(arg);
		}
		char *r = render_new(s, args, NULL, why, size);
		if (!r)
			return NULL;
		json_t *j = json_string(r);
		free(r);
		if (!j)
			snprintf(why, size, "a string that is not UTF-8");
		return j;
	}
	if (json_is_object(v)) {
		json_t *o = json_object(), *x;
		const char *k;
		json_object_foreach(v, k, x) {
			json_t *y = body_new(x, args, why, size);
			if (!y) {
				json_decref(o);
				return NULL;
			}
			json_object_set_new(o, k, y);
		}
		return o;
	}
	if (json_is_array(v)) {
		json_t *a = json_array(), *x;
		size_t i;
		json_array_foreach(v, i, x) {
			json_t *y = body_new(x, args, why, size);
			if (!y) {
				json_decref(a);
				return NULL;
			}
			json_array_append_new(a, y);
		}
		return a;
	}
	return json_incref(v);
}

/* "Bearer ${ENV:TOKEN}" with the variable's value; NULL when it is not
 * set (its name in why) */
static char *with_env_new(const char *s, char *why, size_t size)
{
	wa_buf out;

	wa_buf_init(&out);
	while (*s) {
		const char *at = strstr(s, "${ENV:");
		if (!at) {
			wa_buf_adds(&out, s);
			break;
		}
		wa_buf_add(&out, s, (size_t)(at - s));
		const char *end = strchr(at, '}');
		if (!end) {
			wa_buf_adds(&out, at);
			break;
		}
		char name[128];
		snprintf(name, sizeof name, "%.*s", (int)(end - at - 6), at + 6);
		const char *v = getenv(name);
		if (!v) {
			snprintf(why, size, "the environment variable %s is not set", name);
			if (out.data)
				explicit_bzero(out.data, out.len);
			wa_buf_free(&out);
			return NULL;
		}
		wa_buf_adds(&out, v);
		s = end + 1;
	}
	wa_buf_addc(&out, '\0');
	return wa_buf_detach(&out, NULL);
}

/* a value at a path such as "order.items[0].sku", or NULL */
static json_t *at_path(json_t *v, const char *path)
{
	char key[256];

	while (v && *path) {
		size_t n = strcspn(path, ".[");
		if (n) {
			snprintf(key, sizeof key, "%.*s", (int)n, path);
			v = json_object_get(v, key);
			path += n;
		}
		if (*path == '[') {
			char *end;
			long i = strtol(path + 1, &end, 10);
			if (*end != ']' || i < 0)
				return NULL;
			v = json_array_get(v, (size_t)i);
			path = end + 1;
		}
		if (*path == '.')
			path++;
	}
	return v;
}

static json_t *failed(const char *fmt, const char *what)
{
	char msg[512];

	snprintf(msg, sizeof msg, fmt, what);
	return json_pack("{s:s, s:s}", "status", "error", "error", msg);
}

/* free n headers, their secrets wiped first */
static void headers_free(char **headers, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		explicit_bzero(headers[i], strlen(headers[i]));
		free(headers[i]);
	}
	free(headers);
}

/* The request's headers: the config's, with secrets from the
 * environment, and the idempotency key; a NULL-ended array (*n of them),
 * or NULL with why said (and the operator told which header). */
static char **headers_new(const char *tool, json_t *h, const char *key, size_t *n, char *why,
	size_t size)
{
	char **headers = wa_mem_calloc(json_object_size(json_object_get(h, "headers")) + 2,
		sizeof *headers);
	json_t *hv;
	const char *hk;

	*n = 0;
	json_object_foreach(json_object_get(h, "headers"), hk, hv) {
		char *v = with_env_new(json_string_value(hv) ? json_string_value(hv) : "", why, size);
		if (!v) {
			cli_warn("tool %s: header %s: %s", tool, hk, why);
			headers_free(headers, *n);
			return NULL;
		}
		size_t len = strlen(hk) + strlen(v) + 3;
		headers[*n] = wa_mem_alloc(len);
		snprintf(headers[(*n)++], len, "%s: %s", hk, v);
		explicit_bzero(v, strlen(v));
		free(v);
	}
	char idem[128];
	snprintf(idem, sizeof idem, "Idempotency-Key: %s", key ? key : "");
	headers[(*n)++] = wa_mem_strdup(idem);
	return headers;
}

/* the fetch options from the tool's http settings: a call that is not
 * idempotent is never retried */
static void fetch_options(json_t *h, const char *method, wa_fetch_opts *fo)
{
	int idempotent = !strcasecmp(method, "GET") || !strcasecmp(method, "PUT") ||
		!strcasecmp(method, "DELETE") || !strcasecmp(method, "HEAD");

	wa_fetch_opts_init(fo);
	fo->user_agent = "wa-agent/" WA_VERSION;
	fo->delay_ms = 0;
	fo->timeout_ms = json_is_number(json_object_get(h, "timeout")) ?
		(long)(json_number_value(json_object_get(h, "timeout")) * 1000) : 30000;
	fo->connect_timeout_ms = fo->timeout_ms < 10000 ? fo->timeout_ms : 10000;
	fo->retries = !idempotent ? 0 : json_is_integer(json_object_get(h, "retries")) ?
		(int)json_integer_value(json_object_get(h, "retries")) : 2;
	fo->backoff_ms = 200;
	fo->max_wait_ms = fo->timeout_ms;
	fo->max_bytes = json_is_integer(json_object_get(h, "max_bytes")) ?
		(size_t)json_integer_value(json_object_get(h, "max_bytes")) : 1u << 20;
	fo->allow_private = json_is_true(json_object_get(h, "allow_private"));
}

/* what a 2xx answer gives the model: data, or the fields the tool's
 * result mapping picks from it (a new value) */
static json_t *shown_new(json_t *h, const wa_fetch_result *g, json_t **data)
{
	json_t *map = json_object_get(h, "result"), *shown, *mv;
	const char *mk;

	if (!*data) {           /* not JSON: the text, as it came */
		*data = json_stringn(g->body.data, g->body.len < 4096 ? g->body.len : 4096);
		if (!*data)
			*data = json_string("(an answer that is neither JSON nor UTF-8 text)");
	}
	if (!json_is_object(map))
		return json_incref(*data);
	shown = json_object();
	json_object_foreach(map, mk, mv) {
		json_t *x = at_path(*data, json_string_value(mv) ? json_string_value(mv) : "");
		json_object_set(shown, mk, x ? x : json_null());
	}
	return shown;
}

/* the result of the call g (ferr its failure) for the model */
static json_t *result_new(json_t *h, const wa_fetch_result *g, const wa_err *ferr)
{
	json_t *data = g->body.len ? json_loadb(g->body.data, g->body.len, 0, NULL) : json_null();
	json_t *result;

	if (ferr->code) {
		result = failed("%s", ferr->msg);
	} else if (g->error && !(g->status >= 400)) {
		result = failed("%s", g->error);
	} else if (g->status < 200 || g->status > 299) {
		json_t *e = json_object_get(data, "error");
		const char *said = json_is_string(e) ? json_string_value(e) :
			json_string_value(json_object_get(e, "message"));
		result = json_pack("{s:s, s:i, s:s}", "status", "error", "http_status", g->status,
			"error", said ? said : g->error ? g->error : "the service refused the call");
	} else {
		result = json_pack("{s:s, s:i, s:o}", "status", "ok", "http_status", g->status,
			"data", shown_new(h, g, &data));
	}
	json_decref(data);
	return result;
}

json_t *agent_http_call(const agent *a, json_t *tool, json_t *args, const char *key,
	wa_err *err)
{
	json_t *h = json_object_get(tool, "http"), *bt = json_object_get(h, "body");
	const char *method = json_string_value(json_object_get(h, "method"));
	char why[512] = "", *post = NULL, **headers;
	size_t nh;

	(void)a;
	(void)err;
	if (!method)
		method = "GET";
	char *url = render_new(json_string_value(json_object_get(h, "url")), args, escape_url,
		why, sizeof why);
	if (!url)
		return failed("the tool's url: %s", why);
	if (bt) {
		json_t *body = body_new(bt, args, why, sizeof why);
		if (!body) {
			free(url);
			return failed("the tool's body: %s", why);
		}
		post = json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY);
		json_decref(body);
	}
	if (!(headers = headers_new(json_string_value(json_object_get(tool, "name")), h, key, &nh,
	    why, sizeof why))) {
		free(url);
		free(post);
		return failed("this tool is not configured: %s", why);
	}
	wa_fetch_opts fo;
	fetch_options(h, method, &fo);
	wa_fetch_request req = { .url = url, .method = strcasecmp(method, "GET") &&
		strcasecmp(method, "POST") ? method : NULL, .post = post ? post : !strcasecmp(method,
		"POST") ? "" : NULL, .headers = (const char *const *)headers, .follow = 1 };
	wa_fetch_result g;
	wa_err ferr = WA_ERR_INIT;
	wa_fetch_one(&fo, &req, &g, &ferr);
	json_t *result = result_new(h, &g, &ferr);
	wa_fetch_result_free(&g);
	headers_free(headers, nh);
	free(url);
	free(post);
	return result;
}
