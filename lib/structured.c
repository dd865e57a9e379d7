/* structured.c - see structured.h. */
#include <string.h>
#include <strings.h>

#include "structured.h"
#include "uri.h"

static void walk_elements(xmlNodePtr n, void (*fn)(xmlNodePtr, void *), void *arg,
	int depth)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		fn(n, arg);
		if (depth < 512)
			walk_elements(n->children, fn, arg, depth + 1);
	}
}

/* ---- JSON-LD ---- */

typedef struct jsonld_walk {
	json_t *out;
	int invalid;
} jsonld_walk;

static void jsonld_node(xmlNodePtr n, void *arg)
{
	jsonld_walk *w = arg;
	const char *type;

	if (!wa_html_is(n, "script") || !(type = wa_html_attr(n, "type")))
		return;
	/* "application/ld+json; charset=utf-8" counts too */
	while (*type == ' ')
		type++;
	if (strncasecmp(type, "application/ld+json", 19) != 0)
		return;
	xmlChar *text = xmlNodeGetContent(n);
	if (!text)
		return;
	char *s = (char *)text;
	/* some sites wrap the JSON in an HTML comment or CDATA markers */
	size_t len = strlen(s);
	char *start = s;
	while (*start == ' ' || *start == '\n' || *start == '\r' || *start == '\t')
		start++;
	if (strncmp(start, "<!--", 4) == 0) {
		start += 4;
		char *end = strstr(start, "-->");
		if (end)
			*end = '\0';
	} else if (strncmp(start, "//<![CDATA[", 11) == 0) {
		start += 11;
		char *end = strstr(start, "//]]>");
		if (end)
			*end = '\0';
	}
	len = strlen(start);
	json_error_t e;
	json_t *v = json_loadb(start, len, JSON_DECODE_ANY, &e);
	if (!v) {
		w->invalid++;
	} else if (json_is_array(v)) {
		json_array_extend(w->out, v);
		json_decref(v);
	} else {
		json_array_append_new(w->out, v);
	}
	xmlFree(text);
}

json_t *wa_jsonld_new(htmlDocPtr doc, int *invalid)
{
	jsonld_walk w = { json_array(), 0 };

	walk_elements(xmlDocGetRootElement(doc), jsonld_node, &w, 0);
	if (invalid)
		*invalid = w.invalid;
	return w.out;
}

/* ---- microdata ---- */

static int has_attr(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && xmlHasProp(n, (const xmlChar *)name) != NULL;
}

static json_t *item_new(xmlNodePtr n, const char *base, int depth);

static json_t *url_value(const char *v, const char *base)
{
	char *abs;

	if (!v)
		return json_string("");
	abs = base ? wa_uri_resolve_new(base, v) : NULL;
	json_t *s = json_string(abs ? abs : v);
	free(abs);
	return s ? s : json_string("");
}

/* The value of a property element (WHATWG HTML, "Values"). */
static json_t *prop_value(xmlNodePtr n, const char *base, int depth)
{
	static const char *const src[] = { "audio", "embed", "iframe", "img", "source",
		"track", "video" };
	const char *v;

	if (has_attr(n, "itemscope"))
		return item_new(n, base, depth + 1);
	if (wa_html_is(n, "meta"))
		return json_string((v = wa_html_attr(n, "content")) ? v : "");
	for (size_t i = 0; i < sizeof src / sizeof *src; i++)
		if (wa_html_is(n, src[i]))
			return url_value(wa_html_attr(n, "src"), base);
	if (wa_html_is(n, "a") || wa_html_is(n, "area") || wa_html_is(n, "link"))
		return url_value(wa_html_attr(n, "href"), base);
	if (wa_html_is(n, "object"))
		return url_value(wa_html_attr(n, "data"), base);
	if ((wa_html_is(n, "data") || wa_html_is(n, "meter")) && has_attr(n, "value"))
		return json_string(wa_html_attr(n, "value"));
	if (wa_html_is(n, "time") && has_attr(n, "datetime"))
		return json_string(wa_html_attr(n, "datetime"));
	char *text = wa_html_text_new(n);
	json_t *s = json_string(text);
	free(text);
	return s ? s : json_string("");
}

static void add_prop(json_t *props, const char *name, json_t *value)
{
	json_t *old = json_object_get(props, name);

	if (!old) {
		json_object_set_new(props, name, value);
	} else if (json_is_array(old)) {
		json_array_append_new(old, value);
	} else {
		json_t *arr = json_array();
		json_array_append(arr, old);
		json_array_append_new(arr, value);
		json_object_set_new(props, name, arr);
	}
}

/* The properties under n, not crossing into nested items. */
static void collect_props(xmlNodePtr n, json_t *props, const char *base, int depth)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *names = wa_html_attr(n, "itemprop");
		if (names && *names) {
			char *copy = strdup(names), *save = NULL;
			json_t *value = depth < 64 ? prop_value(n, base, depth) : json_string("");
			for (char *tok = strtok_r(copy, " \t\n\r\f", &save); tok;
			    tok = strtok_r(NULL, " \t\n\r\f", &save))
				add_prop(props, tok, json_incref(value));
			json_decref(value);
			free(copy);
		}
		if (!has_attr(n, "itemscope") && depth < 512)
			collect_props(n->children, props, base, depth + 1);
	}
}

static json_t *item_new(xmlNodePtr n, const char *base, int depth)
{
	json_t *item = json_object(), *props = json_object();
	const char *type = wa_html_attr(n, "itemtype");

	if (type && *type) {
		char *copy = strdup(type), *save = NULL;
		json_t *types = json_array();
		for (char *tok = strtok_r(copy, " \t\n\r\f", &save); tok;
		    tok = strtok_r(NULL, " \t\n\r\f", &save))
			json_array_append_new(types, json_string(tok));
		free(copy);
		if (json_array_size(types) == 1)
			json_object_set(item, "type", json_array_get(types, 0));
		else if (json_array_size(types) > 1)
			json_object_set(item, "type", types);
		json_decref(types);
	}
	const char *id = wa_html_attr(n, "itemid");
	if (id)
		json_object_set_new(item, "id", url_value(id, base));
	collect_props(n->children, props, base, depth);
	json_object_set_new(item, "properties", props);
	return item;
}

typedef struct micro_walk {
	json_t *out;
	const char *base;
} micro_walk;

static void top_items(xmlNodePtr n, micro_walk *w, int depth)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (has_attr(n, "itemscope") && !has_attr(n, "itemprop"))
			json_array_append_new(w->out, item_new(n, w->base, 0));
		if (depth < 512)
			top_items(n->children, w, depth + 1);
	}
}

json_t *wa_microdata_new(htmlDocPtr doc, const char *base)
{
	micro_walk w = { json_array(), base };

	top_items(xmlDocGetRootElement(doc), &w, 0);
	return w.out;
}

/* ---- OpenGraph ---- */

static void og_node(xmlNodePtr n, void *arg)
{
	json_t *out = arg;
	const char *prop, *content;
	char name[128];

	if (!wa_html_is(n, "meta") || !(prop = wa_html_attr(n, "property")))
		return;
	snprintf(name, sizeof name, "%s", prop);
	if (!strchr(name, ':'))
		return;
	static const char *const prefixes[] = { "og:", "fb:", "article:", "book:",
		"profile:", "product:", "music:", "video:", "business:", "place:" };
	int known = 0;
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
		if (strncasecmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			known = 1;
	if (!known || !(content = wa_html_attr(n, "content")))
		return;
	add_prop(out, name, json_string(content));
}

json_t *wa_opengraph_new(htmlDocPtr doc)
{
	json_t *out = json_object();

	walk_elements(xmlDocGetRootElement(doc), og_node, out, 0);
	return out;
}

/* ---- schema.org things ---- */

static const char *type_name(const char *t)
{
	const char *slash = strrchr(t, '/'), *hash = strrchr(t, '#');
	const char *cut = slash > hash ? slash : hash;

	if (strncmp(t, "schema:", 7) == 0)
		return t + 7;
	return cut ? cut + 1 : t;
}

const char *wa_thing_type(json_t *thing)
{
	json_t *t = json_object_get(thing, "@type");

	if (json_is_array(t))
		t = json_array_get(t, 0);
	return json_is_string(t) ? type_name(json_string_value(t)) : "";
}

static void jsonld_things(json_t *v, json_t *out, int depth)
{
	size_t i;
	const char *k;
	json_t *x;

	if (depth > 32)
		return;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			jsonld_things(x, out, depth + 1);
	} else if (json_is_object(v)) {
		if (json_object_get(v, "@type"))
			json_array_append(out, v);
		json_object_foreach(v, k, x)
			jsonld_things(x, out, depth + 1);
	}
}

/* A microdata item as a JSON-LD-like object; nested items converted. */
static json_t *micro_thing(json_t *item, json_t *out, int depth)
{
	json_t *thing = json_object(), *type = json_object_get(item, "type");
	const char *k;
	json_t *v;

	if (json_is_array(type))
		type = json_array_get(type, 0);
	if (json_is_string(type))
		json_object_set_new(thing, "@type", json_string(type_name(json_string_value(type))));
	json_object_foreach(json_object_get(item, "properties"), k, v) {
		json_t *conv;
		if (json_is_array(v)) {
			conv = json_array();
			size_t i;
			json_t *x;
			json_array_foreach(v, i, x)
				json_array_append_new(conv, json_is_object(x) && depth < 32 ?
					micro_thing(x, out, depth + 1) : json_incref(x));
		} else if (json_is_object(v) && depth < 32) {
			conv = micro_thing(v, out, depth + 1);
		} else {
			conv = json_incref(v);
		}
		json_object_set_new(thing, k, conv);
	}
	json_array_append(out, thing);
	return thing;
}

json_t *wa_schema_org_things_new(json_t *jsonld, json_t *microdata)
{
	json_t *out = json_array(), *item;
	size_t i;

	jsonld_things(jsonld, out, 0);
	json_array_foreach(microdata, i, item)
		json_decref(micro_thing(item, out, 0));
	return out;
}
