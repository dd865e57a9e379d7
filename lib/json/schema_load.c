/* schema_doc.c - the documents of a JSON Schema validator: the root and
 * the resources added to it, the base URI of every schema node ($id,
 * draft-07 section 8), and $ref resolution by JSON pointer or by
 * location-independent identifier.  Nothing is ever fetched. */
#include "json/schema_int.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/embedded.h"
#include "base/uri.h"

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

/* ---- a pointer-keyed map of per-node information ---- */

static size_t hash_ptr(const void *p, size_t cap)
{
	uintptr_t x = (uintptr_t)p;

	x ^= x >> 17;
	x *= 0xed5ad4bbU;
	x ^= x >> 11;
	return x & (cap - 1);
}

node_info *wa_schema_info(wa_schema *s, const void *key, int create)
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


void wa_schema_scan(node_info *ni, json_t *schema)
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
	char *u = wa_mem_strdup(uri);
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
		mybase = wa_mem_strdup(base);
	}
	ni = wa_schema_info(s, node, 1);
	free(ni->base);
	ni->base = mybase;
	wa_schema_scan(ni, node);
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
	/* the other built-in schemas are loaded when a $ref first needs one:
	 * a filter starts without parsing schemas it may never use */
	if (s)
		s->builtin = 1;
	return s;
}

/* The built-in schema whose $id is uri (its file is the last path
 * segment), added as a resource: 0, or -1 when there is none. */
static int load_builtin(wa_schema *s, const char *uri)
{
	const char *slash = strrchr(uri, '/');
	const wa_embedded_file *f = slash ? wa_embedded_find(slash + 1) : NULL;
	json_t *doc;
	int rc = -1;

	if (!f || !strstr(f->name, ".schema.json"))
		return -1;
	doc = json_loadb(f->data, f->len, 0, NULL);
	const char *id = json_string_value(json_object_get(doc, "$id"));
	if (id && strcmp(id, uri) == 0)
		rc = wa_schema_add_resource(s, id, doc, NULL);
	json_decref(doc);
	return rc;
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

/* ---- $ref ---- */

/* Decode %XX, then ~1 and ~0 of one JSON pointer token. */
static char *pointer_token(const char *p, size_t n)
{
	char *t = wa_mem_alloc(n + 1), *o = t;

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

json_t *wa_schema_ref_target(wa_schema *s, json_t *schema, const char *ref)
{
	node_info *ni = wa_schema_info(s, schema, 0);
	char *full = wa_uri_resolve_new(ni ? ni->base : "", ref);
	char *doc_uri = strip_fragment_new(full);
	char *hash = strchr(full, '#');
	json_t *target = NULL, *doc = json_object_get(s->resources, doc_uri);

	if (!doc && s->builtin && load_builtin(s, doc_uri) == 0)
		doc = json_object_get(s->resources, doc_uri);

	if (!hash || !hash[1])
		target = doc;
	else if (hash[1] == '/' || hash[1] == '%')
		target = doc ? resolve_pointer(doc, hash + 1) : NULL;
	else
		target = json_object_get(s->anchors, full);
	if (target && !wa_schema_info(s, target, 0))
		walk(s, target, doc_uri);    /* outside any keyword: base is its document */
	free(full);
	free(doc_uri);
	return target;
}

