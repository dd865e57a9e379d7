/* structured.c - see structured.h. */
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "web/structured.h"
#include "base/uri.h"

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

/* Control characters inside strings escaped, comments and trailing
 * commas outside them dropped. */
static void jsonld_relax(const char *s, size_t len, wa_buf *out)
{
	int in_string = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (in_string) {
			if (c == '\\' && i + 1 < len) {
				wa_buf_addc(out, (char)c);
				wa_buf_addc(out, s[++i]);
			} else if (c < 0x20) {
				wa_buf_addf(out, "\\u%04x", c);
			} else {
				if (c == '"')
					in_string = 0;
				wa_buf_addc(out, (char)c);
			}
			continue;
		}
		if (c == '"') {
			in_string = 1;
		} else if (c == '/' && i + 1 < len && s[i + 1] == '/') {
			while (i < len && s[i] != '\n')
				i++;
			continue;
		} else if (c == '/' && i + 1 < len && s[i + 1] == '*') {
			i += 2;
			while (i + 1 < len && !(s[i] == '*' && s[i + 1] == '/'))
				i++;
			i++;
			continue;
		} else if (c == ',') {
			size_t j = i + 1;
			while (j < len && strchr(" \t\r\n", s[j]))
				j++;
			if (j < len && (s[j] == '}' || s[j] == ']'))
				continue;
		}
		wa_buf_addc(out, (char)c);
	}
}

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
	char *s = wa_html_content_new(n);
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
		/* what sites get wrong most: raw newlines in strings, comments,
		 * trailing commas; forgiven as extruct forgives them */
		wa_buf relaxed;
		wa_buf_init(&relaxed);
		jsonld_relax(start, len, &relaxed);
		v = json_loadb(relaxed.data, relaxed.len, JSON_DECODE_ANY, &e);
		wa_buf_free(&relaxed);
	}
	if (!v) {
		w->invalid++;
	} else if (json_is_array(v)) {
		json_array_extend(w->out, v);
		json_decref(v);
	} else {
		json_array_append_new(w->out, v);
	}
	free(s);
}

json_t *wa_structured_jsonld_new(htmlDocPtr doc, int *invalid)
{
	jsonld_walk w = { json_array(), 0 };

	walk_elements(wa_html_root(doc), jsonld_node, &w, 0);
	if (invalid)
		*invalid = w.invalid;
	return w.out;
}

/* ---- microdata ---- */

typedef struct micro {
	const char *base;
	htmlDocPtr doc;
	xmlNodePtr *seen;       /* items already extracted (as values too) */
	size_t nseen, capseen;
	int depth;
} micro;

static int has_attr(xmlNodePtr n, const char *name)
{
	return wa_html_has_attr(n, name);
}

static int seen(micro *m, xmlNodePtr n)
{
	for (size_t i = 0; i < m->nseen; i++)
		if (m->seen[i] == n)
			return 1;
	return 0;
}

static void mark(micro *m, xmlNodePtr n)
{
	if (m->nseen == m->capseen) {
		m->capseen = m->capseen ? 2 * m->capseen : 32;
		m->seen = wa_mem_realloc(m->seen, m->capseen * sizeof *m->seen);
	}
	m->seen[m->nseen++] = n;
}

static json_t *item_new(micro *m, xmlNodePtr n);

/* A URL attribute resolved against the base (an absent one resolves to
 * the base itself, as extruct has it). */
static json_t *url_value(const char *v, const char *base)
{
	char *trimmed = wa_mem_strdup(v ? v : ""), *abs;

	wa_html_squeeze(trimmed);
	abs = base ? wa_uri_resolve_new(base, trimmed) : NULL;
	json_t *s = json_string(abs ? abs : trimmed);
	free(abs);
	free(trimmed);
	return s ? s : json_string("");
}

static json_t *attr_value(xmlNodePtr n, const char *name)
{
	const char *v = wa_html_attr(n, name);
	json_t *s = json_string(v ? v : "");

	return s ? s : json_string("");
}

/* The value of a property element (WHATWG HTML, "Values"); force: the
 * element's own value even if it is an item. */
static json_t *prop_value(micro *m, xmlNodePtr n, int force)
{
	static const char *const src[] = { "audio", "embed", "iframe", "img", "source",
		"track", "video" };
	const char *v;

	if (!force && has_attr(n, "itemscope"))
		return item_new(m, n);
	if (wa_html_is(n, "meta"))
		return attr_value(n, "content");
	for (size_t i = 0; i < sizeof src / sizeof *src; i++)
		if (wa_html_is(n, src[i]))
			return url_value(wa_html_attr(n, "src"), m->base);
	if (wa_html_is(n, "a") || wa_html_is(n, "area") || wa_html_is(n, "link"))
		return url_value(wa_html_attr(n, "href"), m->base);
	if (wa_html_is(n, "object"))
		return url_value(wa_html_attr(n, "data"), m->base);
	if (wa_html_is(n, "data") || wa_html_is(n, "meter"))
		return attr_value(n, "value");
	/* a time's value is its datetime attribute, else its text (the
	 * HTML standard; extruct gives "" without the attribute) */
	if (wa_html_is(n, "time")) {
		if (has_attr(n, "datetime"))
			return attr_value(n, "datetime");
		char *text = wa_html_text_new(n);
		json_t *t = json_string(text);
		free(text);
		return t ? t : json_string("");
	}
	/* not in the HTML standard, but schema.org's examples (and extruct,
	 * and the search engines) read content on any element */
	if ((v = wa_html_attr(n, "content")) && *v)
		return json_string(v);
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

/* One property element: its value under each of its names. */
static void add_property(micro *m, xmlNodePtr n, json_t *props)
{
	char *names = wa_mem_strdup(wa_html_attr(n, "itemprop")), *save = NULL;
	json_t *value = m->depth < 64 ? prop_value(m, n, 0) : json_string("");

	for (char *tok = strtok_r(names, " \t\n\r\f", &save); tok;
	    tok = strtok_r(NULL, " \t\n\r\f", &save))
		add_prop(props, tok, json_incref(value));
	json_decref(value);
	free(names);
}

/* The properties under n, not crossing into nested items. */
static void collect_props(micro *m, xmlNodePtr n, json_t *props, int depth)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *names = wa_html_attr(n, "itemprop");
		if (names && *names)
			add_property(m, n, props);
		if (!has_attr(n, "itemscope") && depth < 512)
			collect_props(m, n->children, props, depth + 1);
	}
}

static xmlNodePtr scope_of(xmlNodePtr n)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (has_attr(n, "itemscope"))
			return n;
	return NULL;
}

static xmlNodePtr by_id(xmlNodePtr n, const char *id, int depth)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *v = wa_html_attr(n, "id");
		if (v && strcmp(v, id) == 0)
			return n;
		xmlNodePtr found = depth < 512 ? by_id(n->children, id, depth + 1) : NULL;
		if (found)
			return found;
	}
	return NULL;
}

/* itemref: properties that live elsewhere in the page */
static void ref_props(micro *m, xmlNodePtr ref, json_t *props)
{
	if (has_attr(ref, "itemprop") && has_attr(ref, "itemscope")) {
		add_property(m, ref, props);
		return;
	}
	xmlNodePtr scope = scope_of(ref);
	/* ref itself and its descendants in the same scope */
	xmlNodePtr stack[512];
	int sp = 0;
	stack[sp++] = ref;
	while (sp) {
		xmlNodePtr n = stack[--sp];
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (has_attr(n, "itemprop") && scope_of(n->parent) == scope)
			add_property(m, n, props);
		/* children in reverse, to visit in document order */
		xmlNodePtr last = n->last;
		for (xmlNodePtr c = last; c && sp < 511; c = c->prev)
			stack[sp++] = c;
	}
}

static json_t *item_new(micro *m, xmlNodePtr n)
{
	json_t *item = json_object(), *props = json_object();
	char *type = wa_mem_strdup(wa_html_attr(n, "itemtype") ? wa_html_attr(n, "itemtype") : "");

	mark(m, n);
	m->depth++;
	json_t *types = json_array();
	char *save = NULL;
	for (char *tok = strtok_r(type, " \t\n\r\f", &save); tok;
	    tok = strtok_r(NULL, " \t\n\r\f", &save))
		json_array_append_new(types, json_string(tok));
	free(type);
	if (json_array_size(types)) {
		json_object_set(item, "type", json_array_size(types) == 1 ?
			json_array_get(types, 0) : types);
		const char *id = wa_html_attr(n, "itemid");
		if (id && strspn(id, " \t\n\r\f") < strlen(id)) {
			char *trimmed = wa_mem_strdup(id);
			wa_html_squeeze(trimmed);
			json_object_set_new(item, "id", json_string(trimmed));
			free(trimmed);
		}
	}
	json_decref(types);
	collect_props(m, n->children, props, 0);
	const char *refs = wa_html_attr(n, "itemref");
	if (refs) {
		char *copy = wa_mem_strdup(refs);
		save = NULL;
		for (char *tok = strtok_r(copy, " \t\n\r\f", &save); tok;
		    tok = strtok_r(NULL, " \t\n\r\f", &save)) {
			xmlNodePtr ref = by_id(wa_html_root(m->doc), tok, 0);
			if (ref && ref != n)
				ref_props(m, ref, props);
		}
		free(copy);
	}
	if (json_object_size(props)) {
		json_object_set_new(item, "properties", props);
	} else {
		/* an item without properties: the element's own value */
		json_decref(props);
		json_object_set_new(item, "value", prop_value(m, n, 1));
	}
	m->depth--;
	return item;
}

static void items_in_order(micro *m, xmlNodePtr n, json_t *out, int depth)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (has_attr(n, "itemscope") && !seen(m, n))
			json_array_append_new(out, item_new(m, n));
		if (depth < 512)
			items_in_order(m, n->children, out, depth + 1);
	}
}

json_t *wa_structured_microdata_new(htmlDocPtr doc, const char *base)
{
	micro m = { .base = base, .doc = doc };
	json_t *out = json_array();

	items_in_order(&m, wa_html_root(doc), out, 0);
	free(m.seen);
	return out;
}

/* ---- OpenGraph ---- */

/* The Open Graph protocol's vocabularies, known without declaration. */
static const char *const og_known[] = { "og", "music", "video", "article", "book",
	"profile", "product", NULL };

/* "og: http://ogp.me/ns# fb: http://ogp.me/ns/fb#": the declared names */
static void declared_prefixes(xmlNodePtr n, json_t *names)
{
	const char *p = wa_html_attr(n, "prefix");
	char *copy, *save = NULL;

	if (!p)
		return;
	copy = wa_mem_strdup(p);
	for (char *tok = strtok_r(copy, " \t\n\r", &save); tok; tok = strtok_r(NULL, " \t\n\r", &save)) {
		size_t len = strlen(tok);
		if (len > 1 && tok[len - 1] == ':') {
			tok[len - 1] = '\0';
			json_object_set_new(names, tok, json_true());
		}
	}
	free(copy);
}

json_t *wa_structured_opengraph_new(htmlDocPtr doc)
{
	json_t *out = json_object(), *names = json_object();
	xmlNodePtr root = wa_html_root(doc);
	xmlNodePtr head = root ? wa_html_find(root, "head") : NULL;

	if (!head)
		return json_decref(names), out;
	for (const char *const *k = og_known; *k; k++)
		json_object_set_new(names, *k, json_true());
	if (wa_html_is(head->parent, "html"))
		declared_prefixes(head->parent, names);
	declared_prefixes(head, names);
	/* the page's own metadata: <meta property content> in <head> */
	for (xmlNodePtr n = head->children; n; n = n->next) {
		const char *prop, *content;
		char name[128], prefix[64];
		if (!wa_html_is(n, "meta") || !(prop = wa_html_attr(n, "property")))
			continue;
		snprintf(name, sizeof name, "%s", prop);
		const char *colon = strchr(name, ':');
		if (!colon || (size_t)(colon - name) >= sizeof prefix)
			continue;
		memcpy(prefix, name, colon - name);
		prefix[colon - name] = '\0';
		if (!json_object_get(names, prefix) || !(content = wa_html_attr(n, "content")))
			continue;
		add_prop(out, name, json_string(content));
	}
	json_decref(names);
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

const char *wa_structured_thing_type(json_t *thing)
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

json_t *wa_structured_things_new(json_t *jsonld, json_t *microdata)
{
	json_t *out = json_array(), *item;
	size_t i;

	jsonld_things(jsonld, out, 0);
	json_array_foreach(microdata, i, item)
		json_decref(micro_thing(item, out, 0));
	return out;
}
