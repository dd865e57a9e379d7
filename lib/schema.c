/* schema.c - JSON Schema draft-07 validation: see schema.h.
 *
 * Keyword semantics follow draft-handrews-json-schema-validation-01 and
 * draft-handrews-json-schema-01 (the draft-07 documents).
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include "schema.h"

#include <ctype.h>
#include <math.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "embedded.h"
#include "stream.h"
#include "uri.h"

#define MAX_DEPTH 256

enum {
	K_REF,
	K_TYPE,
	K_ENUM,
	K_CONST,
	K_MULTIPLE_OF,
	K_MAXIMUM,
	K_EXCLUSIVE_MAXIMUM,
	K_MINIMUM,
	K_EXCLUSIVE_MINIMUM,
	K_MAX_LENGTH,
	K_MIN_LENGTH,
	K_PATTERN,
	K_FORMAT,
	K_ITEMS,
	K_ADDITIONAL_ITEMS,
	K_MAX_ITEMS,
	K_MIN_ITEMS,
	K_UNIQUE_ITEMS,
	K_CONTAINS,
	K_REQUIRED,
	K_PROPERTIES,
	K_PATTERN_PROPERTIES,
	K_ADDITIONAL_PROPERTIES,
	K_DEPENDENCIES,
	K_PROPERTY_NAMES,
	K_MAX_PROPERTIES,
	K_MIN_PROPERTIES,
	K_ALL_OF,
	K_ANY_OF,
	K_ONE_OF,
	K_NOT,
	K_IF,
	K_THEN,
	K_ELSE,
	K_COUNT
};

static const char *const keyword_names[K_COUNT] = {
	"$ref",
	"type",
	"enum",
	"const",
	"multipleOf",
	"maximum",
	"exclusiveMaximum",
	"minimum",
	"exclusiveMinimum",
	"maxLength",
	"minLength",
	"pattern",
	"format",
	"items",
	"additionalItems",
	"maxItems",
	"minItems",
	"uniqueItems",
	"contains",
	"required",
	"properties",
	"patternProperties",
	"additionalProperties",
	"dependencies",
	"propertyNames",
	"maxProperties",
	"minProperties",
	"allOf",
	"anyOf",
	"oneOf",
	"not",
	"if",
	"then",
	"else",
};

typedef struct node_info {
	const void *key;
	char *base;             /* base URI in effect at this schema */
	pcre2_code *re;         /* compiled pattern keyed by its string */
	unsigned groups;        /* which keyword groups the schema uses */
	int scanned;
	json_t *kw[K_COUNT];    /* the schema's keywords, looked up once */
} node_info;

/* Keyword groups, so that validation looks up only what a schema has. */
enum {
	G_TYPE = 1, G_ENUM = 2, G_CONST = 4, G_NUMBER = 8, G_STRING = 16,
	G_ARRAY = 32, G_OBJECT = 64, G_COMBINE = 128,
};

static const struct { const char *name; unsigned group; } keywords[] = {
	{ "type", G_TYPE }, { "enum", G_ENUM }, { "const", G_CONST },
	{ "multipleOf", G_NUMBER }, { "maximum", G_NUMBER },
	{ "exclusiveMaximum", G_NUMBER }, { "minimum", G_NUMBER },
	{ "exclusiveMinimum", G_NUMBER },
	{ "maxLength", G_STRING }, { "minLength", G_STRING },
	{ "pattern", G_STRING }, { "format", G_STRING },
	{ "items", G_ARRAY }, { "additionalItems", G_ARRAY },
	{ "maxItems", G_ARRAY }, { "minItems", G_ARRAY },
	{ "uniqueItems", G_ARRAY }, { "contains", G_ARRAY },
	{ "required", G_OBJECT }, { "properties", G_OBJECT },
	{ "patternProperties", G_OBJECT }, { "additionalProperties", G_OBJECT },
	{ "dependencies", G_OBJECT }, { "propertyNames", G_OBJECT },
	{ "maxProperties", G_OBJECT }, { "minProperties", G_OBJECT },
	{ "allOf", G_COMBINE }, { "anyOf", G_COMBINE }, { "oneOf", G_COMBINE },
	{ "not", G_COMBINE }, { "if", G_COMBINE },
	{ NULL, 0 }
};

struct wa_schema {
	json_t *root;
	json_t *resources;      /* absolute URI without fragment -> schema */
	json_t *anchors;        /* URI with "#name" fragment -> schema */
	node_info *map;
	size_t cap, used;
	pcre2_match_data *md;
};

typedef struct ctx {
	wa_schema *s;
	wa_schema_result *res;
	wa_err *err;
	wa_buf path;
	int quiet;              /* > 0 inside anyOf/oneOf/not/if/contains */
	int broken;             /* the schema is at fault */
} ctx;

/* ---- a pointer-keyed map of per-node information ---- */

static size_t hash_ptr(const void *p, size_t cap)
{
	uintptr_t x = (uintptr_t)p;

	x ^= x >> 17;
	x *= 0xed5ad4bbU;
	x ^= x >> 11;
	return x & (cap - 1);
}

static node_info *info(wa_schema *s, const void *key, int create)
{
	if (create && (s->used + 1) * 2 > s->cap) {
		node_info *old = s->map;
		size_t oldcap = s->cap;
		s->cap = s->cap ? s->cap * 2 : 64;
		s->map = calloc(s->cap, sizeof *s->map);
		if (!s->map)
			abort();
		for (size_t i = 0; i < oldcap; i++) {
			if (!old[i].key)
				continue;
			size_t j = hash_ptr(old[i].key, s->cap);
			while (s->map[j].key)
				j = (j + 1) & (s->cap - 1);
			s->map[j] = old[i];
		}
		free(old);
	}
	if (!s->cap)
		return NULL;
	size_t i = hash_ptr(key, s->cap);
	while (s->map[i].key) {
		if (s->map[i].key == key)
			return &s->map[i];
		i = (i + 1) & (s->cap - 1);
	}
	if (!create)
		return NULL;
	s->map[i].key = key;
	s->used++;
	return &s->map[i];
}


/* Look the keywords of schema up once, into ni. */
static void scan(node_info *ni, json_t *schema)
{
	const char *key;
	json_t *v;

	ni->groups = 0;
	json_object_foreach(schema, key, v)
		for (int i = 0; keywords[i].name; i++)
			if (strcmp(key, keywords[i].name) == 0)
				ni->groups |= keywords[i].group;
	for (int i = 0; i < K_COUNT; i++)
		ni->kw[i] = json_object_get(schema, keyword_names[i]);
	ni->scanned = 1;
}

/* ---- registration of $id base URIs ---- */

static char *strip_fragment_new(const char *uri)
{
	char *u = wa_xstrdup(uri);
	char *hash = strchr(u, '#');

	if (hash)
		*hash = '\0';
	return u;
}

static void walk(wa_schema *s, json_t *node, const char *base);

static void walk_map(wa_schema *s, json_t *obj, const char *base)
{
	const char *k;
	json_t *v;

	if (json_is_object(obj))
		json_object_foreach(obj, k, v)
			walk(s, v, base);
}

static void walk_list(wa_schema *s, json_t *arr, const char *base)
{
	size_t i;
	json_t *v;

	if (json_is_array(arr))
		json_array_foreach(arr, i, v)
			walk(s, v, base);
}

static void walk(wa_schema *s, json_t *node, const char *base)
{
	static const char *single[] = { "additionalProperties", "additionalItems",
		"contains", "propertyNames", "if", "then", "else", "not", "items", NULL };
	static const char *lists[] = { "allOf", "anyOf", "oneOf", "items", NULL };
	static const char *maps[] = { "properties", "patternProperties",
		"definitions", "dependencies", NULL };
	const char *id;
	char *mybase;
	node_info *ni;

	if (!json_is_object(node))
		return;
	id = json_string_value(json_object_get(node, "$id"));
	if (id && !json_object_get(node, "$ref")) {
		char *full = wa_uri_resolve_new(base, id);
		char *hash = strchr(full, '#');
		if (hash && hash[1])
			json_object_set(s->anchors, full, node);
		mybase = strip_fragment_new(full);
		if (id[0] != '#')
			json_object_set(s->resources, mybase, node);
		free(full);
	} else {
		mybase = wa_xstrdup(base);
	}
	ni = info(s, node, 1);
	free(ni->base);
	ni->base = mybase;
	scan(ni, node);
	for (int i = 0; single[i]; i++) {
		json_t *v = json_object_get(node, single[i]);
		if (json_is_object(v))
			walk(s, v, mybase);
	}
	for (int i = 0; lists[i]; i++)
		walk_list(s, json_object_get(node, lists[i]), mybase);
	for (int i = 0; maps[i]; i++)
		walk_map(s, json_object_get(node, maps[i]), mybase);
}

wa_schema *wa_schema_new(json_t *root, const char *base_uri, wa_err *err)
{
	wa_schema *s = calloc(1, sizeof *s);

	(void)err;
	if (!s)
		abort();
	s->root = json_incref(root);
	s->resources = json_object();
	s->anchors = json_object();
	s->md = pcre2_match_data_create(8, NULL);
	char *base = strip_fragment_new(base_uri ? base_uri : "");
	json_object_set(s->resources, base, root);
	walk(s, root, base);
	free(base);
	return s;
}

wa_schema *wa_schema_builtin(const char *name, wa_err *err)
{
	const wa_embedded_file *f = wa_embedded_find(name);
	json_error_t je;
	json_t *root;
	wa_schema *s;

	if (!f) {
		wa_err_set(err, WA_EX_SOFTWARE, "no built-in schema %s", name);
		return NULL;
	}
	root = json_loadb(f->data, f->len, 0, &je);
	if (!root) {
		wa_err_set(err, WA_EX_SOFTWARE, "built-in schema %s line %d: %s",
			name, je.line, je.text);
		return NULL;
	}
	s = wa_schema_new(root, json_string_value(json_object_get(root, "$id")), err);
	json_decref(root);
	/* the other built-in schemas, for $ref between them */
	for (f = wa_embedded_files; f->name; f++) {
		json_t *doc;
		const char *id;
		if (!strstr(f->name, ".schema.json") || strcmp(f->name, name) == 0)
			continue;
		doc = json_loadb(f->data, f->len, 0, &je);
		if (doc && (id = json_string_value(json_object_get(doc, "$id"))))
			wa_schema_add_resource(s, id, doc, err);
		json_decref(doc);
	}
	return s;
}

int wa_schema_add_resource(wa_schema *s, const char *uri, json_t *doc, wa_err *err)
{
	char *base = strip_fragment_new(uri);

	(void)err;
	json_object_set(s->resources, base, doc);
	walk(s, doc, base);
	free(base);
	return 0;
}

void wa_schema_free(wa_schema *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->cap; i++) {
		free(s->map[i].base);
		if (s->map[i].re)
			pcre2_code_free(s->map[i].re);
	}
	free(s->map);
	pcre2_match_data_free(s->md);
	json_decref(s->resources);
	json_decref(s->anchors);
	json_decref(s->root);
	free(s);
}

/* ---- equality and helpers ---- */

int wa_json_equal(const json_t *a, const json_t *b)
{
	if (json_is_number(a) && json_is_number(b)) {
		if (json_is_integer(a) && json_is_integer(b))
			return json_integer_value(a) == json_integer_value(b);
		return json_number_value(a) == json_number_value(b);
	}
	if (json_typeof(a) != json_typeof(b))
		return 0;
	if (json_is_array(a)) {
		size_t n = json_array_size(a);
		if (n != json_array_size(b))
			return 0;
		for (size_t i = 0; i < n; i++)
			if (!wa_json_equal(json_array_get(a, i), json_array_get(b, i)))
				return 0;
		return 1;
	}
	if (json_is_object(a)) {
		const char *k;
		json_t *v;
		if (json_object_size(a) != json_object_size(b))
			return 0;
		json_object_foreach((json_t *)a, k, v) {
			json_t *w = json_object_get(b, k);
			if (!w || !wa_json_equal(v, w))
				return 0;
		}
		return 1;
	}
	return json_equal((json_t *)a, (json_t *)b);
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

static int is_integral(const json_t *v)
{
	if (json_is_integer(v))
		return 1;
	if (json_is_real(v)) {
		double d = json_real_value(v);
		return isfinite(d) && d == floor(d);
	}
	return 0;
}

static int type_matches(const char *t, const json_t *v)
{
	if (!strcmp(t, "integer")) return is_integral(v);
	if (!strcmp(t, "number")) return json_is_number(v);
	if (!strcmp(t, "string")) return json_is_string(v);
	if (!strcmp(t, "object")) return json_is_object(v);
	if (!strcmp(t, "array")) return json_is_array(v);
	if (!strcmp(t, "boolean")) return json_is_boolean(v);
	if (!strcmp(t, "null")) return json_is_null(v);
	return 0;
}

static size_t utf8_length(const char *s, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		count += ((unsigned char)s[i] & 0xC0) != 0x80;
	return count;
}

/* A short rendering of v for messages. */
static void preview(const json_t *v, char *out, size_t size)
{
	char *s = wa_json_compact_new(v);

	if (strlen(s) >= size && size > 4)
		snprintf(out, size, "%.*s...", (int)(size - 4), s);
	else
		snprintf(out, size, "%s", s);
	free(s);
}

static int fail(ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(ctx *c, const char *fmt, ...)
{
	wa_schema_finding *f;
	va_list ap;

	if (c->quiet || !c->res)
		return 0;
	c->res->total++;
	if (c->res->count == WA_SCHEMA_FINDINGS_MAX)
		return 0;
	f = &c->res->findings[c->res->count++];
	snprintf(f->path, sizeof f->path, "%s", c->path.len ? c->path.data : "(root)");
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof f->message, fmt, ap);
	va_end(ap);
	return 0;
}

static int broken(ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int broken(ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->broken) {
		va_start(ap, fmt);
		wa_err_vset(c->err, WA_EX_CONFIG, fmt, ap);
		va_end(ap);
	}
	c->broken = 1;
	return -1;
}

static size_t push_key(ctx *c, const char *key)
{
	size_t old = c->path.len;
	int plain = *key != '\0';

	for (const char *p = key; *p && plain; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '$';
	if (plain) {
		if (c->path.len)
			wa_buf_addc(&c->path, '.');
		wa_buf_adds(&c->path, key);
	} else {
		json_t *k = json_string(key);
		wa_buf_addc(&c->path, '[');
		wa_json_write(&c->path, k, WA_JSON_COMPACT);
		c->path.len--;          /* drop the newline */
		wa_buf_addc(&c->path, ']');
		json_decref(k);
	}
	return old;
}

static size_t push_index(ctx *c, size_t i)
{
	size_t old = c->path.len;

	wa_buf_addf(&c->path, "[%zu]", i);
	return old;
}

static void pop(ctx *c, size_t old)
{
	c->path.len = old;
	c->path.data[old] = '\0';
}

/* ---- formats ---- */

static int format_ok(const char *fmt, const char *s)
{
	int64_t ms;

	if (!strcmp(fmt, "date"))
		return strlen(s) == 10 && wa_time_parse(s, &ms) == 0;
	if (!strcmp(fmt, "date-time"))
		return strlen(s) > 10 && (s[10] == 'T' || s[10] == 't') &&
			wa_time_parse(s, &ms) == 0;
	if (!strcmp(fmt, "email")) {
		const char *at = strchr(s, '@');
		return at && at != s && at[1] && !strchr(at + 1, '@') &&
			!strpbrk(s, " \t\r\n<>()[]\\,;:\"");
	}
	if (!strcmp(fmt, "uri"))
		return wa_uri_valid(s);
	return 1;
}

/* ---- $ref ---- */

/* Decode %XX, then ~1 and ~0 of one JSON pointer token. */
static char *pointer_token(const char *p, size_t n)
{
	char *t = wa_xmalloc(n + 1), *o = t;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == '%' && i + 2 < n && isxdigit((unsigned char)p[i + 1]) &&
		    isxdigit((unsigned char)p[i + 2])) {
			unsigned v;
			if (sscanf(p + i + 1, "%2x", &v) == 1) {
				*o++ = (char)v;
				i += 2;
				continue;
			}
		}
		*o++ = p[i];
	}
	*o = '\0';
	o = t;
	for (char *r = t; *r; r++) {
		if (r[0] == '~' && r[1] == '1') {
			*o++ = '/';
			r++;
		} else if (r[0] == '~' && r[1] == '0') {
			*o++ = '~';
			r++;
		} else {
			*o++ = *r;
		}
	}
	*o = '\0';
	return t;
}

static json_t *resolve_pointer(json_t *doc, const char *ptr)
{
	json_t *cur = doc;

	while (*ptr == '/' && cur) {
		ptr++;
		size_t n = strcspn(ptr, "/");
		char *tok = pointer_token(ptr, n);
		if (json_is_object(cur)) {
			cur = json_object_get(cur, tok);
		} else if (json_is_array(cur)) {
			char *end;
			unsigned long i = strtoul(tok, &end, 10);
			cur = *tok && !*end ? json_array_get(cur, i) : NULL;
		} else {
			cur = NULL;
		}
		free(tok);
		ptr += n;
	}
	return *ptr ? NULL : cur;
}

static json_t *resolve_ref(ctx *c, json_t *schema, const char *ref)
{
	node_info *ni = info(c->s, schema, 0);
	char *full = wa_uri_resolve_new(ni ? ni->base : "", ref);
	char *doc_uri = strip_fragment_new(full);
	char *hash = strchr(full, '#');
	json_t *target = NULL, *doc = json_object_get(c->s->resources, doc_uri);

	if (!hash || !hash[1])
		target = doc;
	else if (hash[1] == '/' || hash[1] == '%')
		target = doc ? resolve_pointer(doc, hash + 1) : NULL;
	else
		target = json_object_get(c->s->anchors, full);
	if (!target)
		broken(c, "schema: cannot resolve $ref \"%s\"", ref);
	else if (!info(c->s, target, 0))
		walk(c->s, target, doc_uri);    /* outside any keyword: base is its document */
	free(full);
	free(doc_uri);
	return target;
}

/* ---- validation ---- */

static int validate(ctx *c, json_t *schema, json_t *inst, int depth);

/* Validate without recording findings: 1 valid, 0 invalid, -1 broken. */
static int quietly(ctx *c, json_t *schema, json_t *inst, int depth)
{
	int rc;

	c->quiet++;
	rc = validate(c, schema, inst, depth);
	c->quiet--;
	return rc;
}

#define CHECK(expr) do { int r_ = (expr); if (r_ < 0) return -1; \
	if (!r_) { ok = 0; if (c->quiet) return 0; } } while (0)

static int check_numbers(ctx *c, json_t *const *kw, json_t *inst)
{
	double x = json_number_value(inst);
	json_t *k;
	int ok = 1;

	if ((k = kw[K_MULTIPLE_OF]) && json_is_number(k)) {
		int good;
		if (json_is_integer(k) && json_is_integer(inst) && json_integer_value(k))
			good = json_integer_value(inst) % json_integer_value(k) == 0;
		else {
			double q = x / json_number_value(k);
			good = isfinite(q) && fabs(q - nearbyint(q)) <= 1e-9 * fmax(1.0, fabs(q));
		}
		if (!good)
			CHECK(fail(c, "must be a multiple of %g", json_number_value(k)));
	}
	if ((k = kw[K_MAXIMUM]) && json_is_number(k) &&
	    x > json_number_value(k))
		CHECK(fail(c, "must be at most %g", json_number_value(k)));
	if ((k = kw[K_EXCLUSIVE_MAXIMUM]) && json_is_number(k) &&
	    x >= json_number_value(k))
		CHECK(fail(c, "must be less than %g", json_number_value(k)));
	if ((k = kw[K_MINIMUM]) && json_is_number(k) &&
	    x < json_number_value(k))
		CHECK(fail(c, "must be at least %g", json_number_value(k)));
	if ((k = kw[K_EXCLUSIVE_MINIMUM]) && json_is_number(k) &&
	    x <= json_number_value(k))
		CHECK(fail(c, "must be greater than %g", json_number_value(k)));
	return ok;
}

static pcre2_code *regex(ctx *c, const void *key, const char *pattern)
{
	node_info *ni = info(c->s, key, 1);
	int errcode;
	PCRE2_SIZE erroff;

	if (ni->re)
		return ni->re;
	ni->re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
		&errcode, &erroff, NULL);
	if (ni->re)
		pcre2_jit_compile(ni->re, PCRE2_JIT_COMPLETE);  /* optional: falls back */
	if (!ni->re) {
		PCRE2_UCHAR msg[128];
		pcre2_get_error_message(errcode, msg, sizeof msg);
		broken(c, "schema: pattern \"%s\" at offset %zu: %s", pattern,
			(size_t)erroff, (char *)msg);
	}
	return ni->re;
}

static int regex_match(ctx *c, pcre2_code *re, const char *s, size_t len)
{
	return pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, c->s->md, NULL) >= 0;
}

static int check_string(ctx *c, json_t *const *kw, json_t *inst)
{
	const char *s = json_string_value(inst);
	size_t n = utf8_length(s, json_string_length(inst));
	json_t *k;
	int ok = 1;
	char pv[64];

	if ((k = kw[K_MAX_LENGTH]) && json_is_number(k) &&
	    (double)n > json_number_value(k))
		CHECK(fail(c, "must be at most %g characters long", json_number_value(k)));
	if ((k = kw[K_MIN_LENGTH]) && json_is_number(k) &&
	    (double)n < json_number_value(k))
		CHECK(fail(c, "must be at least %g characters long", json_number_value(k)));
	if ((k = kw[K_PATTERN]) && json_is_string(k)) {
		pcre2_code *re = regex(c, k, json_string_value(k));
		if (!re)
			return -1;
		if (!regex_match(c, re, s, json_string_length(inst))) {
			preview(inst, pv, sizeof pv);
			CHECK(fail(c, "%s does not match %s", pv, json_string_value(k)));
		}
	}
	if ((k = kw[K_FORMAT]) && json_is_string(k) &&
	    !format_ok(json_string_value(k), s)) {
		preview(inst, pv, sizeof pv);
		CHECK(fail(c, "%s is not a valid %s", pv, json_string_value(k)));
	}
	return ok;
}

static int check_array(ctx *c, json_t *const *kw, json_t *inst, int depth)
{
	size_t n = json_array_size(inst), i, from = 0, old;
	json_t *k, *items = kw[K_ITEMS];
	int ok = 1;

	if (json_is_array(items)) {
		json_t *more = kw[K_ADDITIONAL_ITEMS];
		for (i = 0; i < n && i < json_array_size(items); i++) {
			old = push_index(c, i);
			int r = validate(c, json_array_get(items, i), json_array_get(inst, i), depth);
			pop(c, old);
			CHECK(r);
		}
		from = json_array_size(items);
		items = more;
	}
	if (items) {
		for (i = from; i < n; i++) {
			old = push_index(c, i);
			int r = validate(c, items, json_array_get(inst, i), depth);
			pop(c, old);
			CHECK(r);
		}
	}
	if ((k = kw[K_MAX_ITEMS]) && json_is_number(k) &&
	    (double)n > json_number_value(k))
		CHECK(fail(c, "must have at most %g items", json_number_value(k)));
	if ((k = kw[K_MIN_ITEMS]) && json_is_number(k) &&
	    (double)n < json_number_value(k))
		CHECK(fail(c, "must have at least %g items", json_number_value(k)));
	if (json_is_true(kw[K_UNIQUE_ITEMS])) {
		for (i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				if (wa_json_equal(json_array_get(inst, i), json_array_get(inst, j))) {
					CHECK(fail(c, "items %zu and %zu are equal", i, j));
					i = j = n;
				}
	}
	if ((k = kw[K_CONTAINS])) {
		int found = 0;
		for (i = 0; i < n && !found; i++) {
			int r = quietly(c, k, json_array_get(inst, i), depth);
			if (r < 0)
				return -1;
			found = r;
		}
		if (!found)
			CHECK(fail(c, "has no item that matches \"contains\""));
	}
	return ok;
}

static int check_object(ctx *c, json_t *const *kw, json_t *inst, int depth)
{
	json_t *props = kw[K_PROPERTIES];
	json_t *pats = kw[K_PATTERN_PROPERTIES];
	json_t *extra = kw[K_ADDITIONAL_PROPERTIES];
	json_t *k, *v, *sub;
	const char *key, *pk;
	size_t i, old;
	int ok = 1;

	if ((k = kw[K_REQUIRED]) && json_is_array(k)) {
		json_array_foreach(k, i, v) {
			if (json_is_string(v) && !json_object_get(inst, json_string_value(v))) {
				old = push_key(c, json_string_value(v));
				int r = fail(c, "is required");
				pop(c, old);
				CHECK(r);
			}
		}
	}
	json_object_foreach(inst, key, v) {
		int matched = 0;
		old = push_key(c, key);
		if (json_is_object(props) && (sub = json_object_get(props, key))) {
			matched = 1;
			int r = validate(c, sub, v, depth);
			if (r <= 0) {
				pop(c, old);
				CHECK(r);
				old = push_key(c, key);
			}
		}
		if (json_is_object(pats)) {
			json_object_foreach(pats, pk, sub) {
				pcre2_code *re = regex(c, pk, pk);
				if (!re) {
					pop(c, old);
					return -1;
				}
				if (regex_match(c, re, key, strlen(key))) {
					matched = 1;
					int r = validate(c, sub, v, depth);
					if (r <= 0) {
						pop(c, old);
						CHECK(r);
						old = push_key(c, key);
					}
				}
			}
		}
		if (!matched && extra) {
			int r;
			if (json_is_false(extra))
				r = fail(c, "is not allowed");
			else
				r = validate(c, extra, v, depth);
			if (r <= 0) {
				pop(c, old);
				CHECK(r);
				old = push_key(c, key);
			}
		}
		pop(c, old);
	}
	if ((k = kw[K_DEPENDENCIES]) && json_is_object(k)) {
		json_object_foreach(k, key, sub) {
			if (!json_object_get(inst, key))
				continue;
			if (json_is_array(sub)) {
				json_array_foreach(sub, i, v) {
					if (json_is_string(v) && !json_object_get(inst, json_string_value(v))) {
						old = push_key(c, json_string_value(v));
						int r = fail(c, "is required when \"%s\" is present", key);
						pop(c, old);
						CHECK(r);
					}
				}
			} else {
				CHECK(validate(c, sub, inst, depth));
			}
		}
	}
	if ((k = kw[K_PROPERTY_NAMES])) {
		json_object_foreach(inst, key, v) {
			json_t *name = json_string(key);
			old = push_key(c, key);
			int r = validate(c, k, name, depth);
			pop(c, old);
			json_decref(name);
			CHECK(r);
		}
	}
	size_t n = json_object_size(inst);
	if ((k = kw[K_MAX_PROPERTIES]) && json_is_number(k) &&
	    (double)n > json_number_value(k))
		CHECK(fail(c, "must have at most %g properties", json_number_value(k)));
	if ((k = kw[K_MIN_PROPERTIES]) && json_is_number(k) &&
	    (double)n < json_number_value(k))
		CHECK(fail(c, "must have at least %g properties", json_number_value(k)));
	return ok;
}

static int check_combinators(ctx *c, json_t *const *kw, json_t *inst, int depth)
{
	json_t *k, *sub;
	size_t i;
	int ok = 1;

	if ((k = kw[K_ALL_OF]) && json_is_array(k))
		json_array_foreach(k, i, sub)
			CHECK(validate(c, sub, inst, depth));
	if ((k = kw[K_ANY_OF]) && json_is_array(k)) {
		int any = 0;
		json_array_foreach(k, i, sub) {
			int r = quietly(c, sub, inst, depth);
			if (r < 0)
				return -1;
			if (r) {
				any = 1;
				break;
			}
		}
		if (!any)
			CHECK(fail(c, "matches none of the schemas in \"anyOf\""));
	}
	if ((k = kw[K_ONE_OF]) && json_is_array(k)) {
		int count = 0;
		json_array_foreach(k, i, sub) {
			int r = quietly(c, sub, inst, depth);
			if (r < 0)
				return -1;
			count += r;
		}
		if (count != 1)
			CHECK(fail(c, "matches %d of the schemas in \"oneOf\", not exactly one", count));
	}
	if ((k = kw[K_NOT])) {
		int r = quietly(c, k, inst, depth);
		if (r < 0)
			return -1;
		if (r)
			CHECK(fail(c, "must not match the schema in \"not\""));
	}
	if ((k = kw[K_IF])) {
		int r = quietly(c, k, inst, depth);
		if (r < 0)
			return -1;
		sub = r ? kw[K_THEN] : kw[K_ELSE];
		if (sub)
			CHECK(validate(c, sub, inst, depth));
	}
	return ok;
}

static int validate(ctx *c, json_t *schema, json_t *inst, int depth)
{
	json_t *k, *t;
	const char *ref;
	size_t i;
	int ok = 1;
	char pv[64];

	if (++depth > MAX_DEPTH)
		return broken(c, "schema: $ref recursion deeper than %d", MAX_DEPTH);
	if (json_is_true(schema))
		return 1;
	if (json_is_false(schema))
		return fail(c, "is not allowed");
	if (!json_is_object(schema))
		return broken(c, "schema: a schema must be an object or a boolean");
	node_info *ni = info(c->s, schema, 1);
	if (!ni->scanned)
		scan(ni, schema);
	/* a copy: the map may grow (and move) while we validate */
	json_t *kw[K_COUNT];
	memcpy(kw, ni->kw, sizeof kw);
	if ((ref = json_string_value(kw[K_REF]))) {
		json_t *target = resolve_ref(c, schema, ref);
		return target ? validate(c, target, inst, depth) : -1;
	}
	unsigned groups = ni->groups;
	if ((groups & G_TYPE) && (k = kw[K_TYPE])) {
		int match = 0;
		if (json_is_string(k))
			match = type_matches(json_string_value(k), inst);
		else if (json_is_array(k))
			json_array_foreach(k, i, t)
				match |= json_is_string(t) && type_matches(json_string_value(t), inst);
		if (!match) {
			char *want = json_is_string(k) ? wa_xstrdup(json_string_value(k))
				: wa_json_compact_new(k);
			int r = fail(c, "must be %s%s, not %s", json_is_string(k) ? "of type " : "one of ",
				want, type_name(inst));
			free(want);
			CHECK(r);
		}
	}
	if ((groups & G_ENUM) && (k = kw[K_ENUM]) && json_is_array(k)) {
		int found = 0;
		json_array_foreach(k, i, t)
			if (wa_json_equal(t, inst)) {
				found = 1;
				break;
			}
		if (!found) {
			char list[160];
			preview(k, list, sizeof list);
			preview(inst, pv, sizeof pv);
			CHECK(fail(c, "%s is not one of %s", pv, list));
		}
	}
	if ((groups & G_CONST) && (k = kw[K_CONST]) &&
	    !wa_json_equal(k, inst)) {
		char want[96];
		preview(k, want, sizeof want);
		CHECK(fail(c, "must be %s", want));
	}
	if (json_is_number(inst) && (groups & G_NUMBER))
		CHECK(check_numbers(c, kw, inst));
	else if (json_is_string(inst) && (groups & G_STRING))
		CHECK(check_string(c, kw, inst));
	else if (json_is_array(inst) && (groups & G_ARRAY))
		CHECK(check_array(c, kw, inst, depth));
	else if (json_is_object(inst) && (groups & G_OBJECT))
		CHECK(check_object(c, kw, inst, depth));
	if (groups & G_COMBINE)
		CHECK(check_combinators(c, kw, inst, depth));
	return ok;
}

int wa_schema_validate(wa_schema *s, json_t *instance, wa_schema_result *res, wa_err *err)
{
	ctx c = { .s = s, .res = res, .err = err };
	int rc;

	if (res)
		res->count = res->total = 0;
	wa_buf_init(&c.path);
	rc = validate(&c, s->root, instance, 0);
	wa_buf_free(&c.path);
	if (c.broken || rc < 0)
		return -1;
	return rc ? 0 : 1;
}

int wa_schema_check(wa_schema *s, json_t *instance, wa_err *err)
{
	wa_schema_result res;
	int rc = wa_schema_validate(s, instance, &res, err);

	if (rc <= 0)
		return rc;
	if (res.count == 0)
		return wa_err_set(err, WA_EX_DATAERR, "does not match the schema");
	if (res.total > 1)
		return wa_err_set(err, WA_EX_DATAERR, "%s: %s (and %d more)",
			res.findings[0].path, res.findings[0].message, res.total - 1);
	return wa_err_set(err, WA_EX_DATAERR, "%s: %s",
		res.findings[0].path, res.findings[0].message);
}
