/* agentcfg.c - see agentcfg.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "agent/agentcfg.h"
#include "base/embedded.h"
#include "base/err.h"
#include "json/schema.h"
#include "json/yaml.h"
#include "text/template.h"

typedef struct ctx {
	const char *file;
	json_t *marks, *findings;
} ctx;

/* a finding at path, placed at the nearest position the YAML has */
static void find(ctx *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void find(ctx *c, const char *path, const char *fmt, ...)
{
	char msg[512], where[256];
	va_list ap;
	json_t *m = NULL;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(where, sizeof where, "%s", path);
	/* "tools[2].name" missing: try "tools[2]", then "tools", then the root */
	while (!(m = json_object_get(c->marks, where))) {
		char *cut = strrchr(where, '.'), *br = strrchr(where, '[');
		if (br && (!cut || br > cut))
			cut = br;
		if (!cut) {
			m = json_object_get(c->marks, "(root)");
			break;
		}
		*cut = '\0';
	}
	json_array_append_new(c->findings, json_pack("{s:s, s:i, s:i, s:s, s:s}", "file", c->file,
		"line", (int)json_integer_value(json_array_get(m, 0)),
		"column", (int)json_integer_value(json_array_get(m, 1)), "path", path,
		"message", msg));
}

static void unique(ctx *c, json_t *list, const char *what)
{
	json_t *seen = json_object(), *item;
	size_t i;

	json_array_foreach(list, i, item) {
		const char *name = json_string_value(json_object_get(item, "name"));
		char path[128];
		if (!name)
			continue;
		snprintf(path, sizeof path, "%s[%zu].name", what, i);
		if (json_object_get(seen, name))
			find(c, path, "\"%s\" is named twice in %s", name, what);
		json_object_set_new(seen, name, json_true());
	}
	json_decref(seen);
}

static void template_ok(ctx *c, const char *path, json_t *text)
{
	wa_template *t = NULL;
	wa_err err = WA_ERR_INIT;

	if (!json_is_string(text))
		return;
	if (wa_template_parse(path, json_string_value(text), &t, &err))
		find(c, path, "a template that does not parse: %s", err.msg);
	wa_template_free(t);
}

static int has_name(json_t *list, const char *name)
{
	json_t *item;
	size_t i;

	json_array_foreach(list, i, item)
		if (!strcmp(json_string_value(json_object_get(item, "name")) ?
		    json_string_value(json_object_get(item, "name")) : "", name))
			return 1;
	return 0;
}

static void semantics(ctx *c, json_t *cfg)
{
	json_t *tools = json_object_get(cfg, "tools"), *intents = json_object_get(cfg, "intents");
	json_t *item, *slot;
	size_t i, k;
	char path[160];

	unique(c, tools, "tools");
	unique(c, intents, "intents");
	template_ok(c, "system_prompt", json_object_get(cfg, "system_prompt"));
	json_array_foreach(intents, i, item) {
		const char *tool = json_string_value(json_object_get(item, "tool"));
		snprintf(path, sizeof path, "intents[%zu].tool", i);
		if (tool && !has_name(tools, tool))
			find(c, path, "no tool \"%s\" in tools", tool);
		static const char *const texts[] = { "confirm", "response", "failure" };
		for (int t = 0; t < 3; t++) {
			snprintf(path, sizeof path, "intents[%zu].%s", i, texts[t]);
			template_ok(c, path, json_object_get(item, texts[t]));
		}
		/* a failure told by the tool's status: a template each */
		const char *status;
		json_t *text;
		json_object_foreach(json_object_get(item, "failure"), status, text) {
			snprintf(path, sizeof path, "intents[%zu].failure.%s", i, status);
			template_ok(c, path, text);
		}
		json_t *slots = json_object_get(item, "slots");
		snprintf(path, sizeof path, "intents[%zu].slots", i);
		unique(c, slots, path);
		json_array_foreach(slots, k, slot) {
			snprintf(path, sizeof path, "intents[%zu].slots[%zu].prompt", i, k);
			template_ok(c, path, json_object_get(slot, "prompt"));
		}
	}
	json_array_foreach(tools, i, item) {
		json_t *params = json_object_get(item, "parameters");
		const char *ptype = json_string_value(json_object_get(params, "type"));
		if (params && (!ptype || strcmp(ptype, "object"))) {
			snprintf(path, sizeof path, "tools[%zu].parameters", i);
			find(c, path, "a tool's parameters are an object: \"type\": \"object\"");
		} else if (params) {
			wa_err err = WA_ERR_INIT;
			wa_schema *s = wa_schema_new(params, NULL, &err);
			snprintf(path, sizeof path, "tools[%zu].parameters", i);
			if (!s)
				find(c, path, "not a usable JSON Schema: %s", err.msg);
			wa_schema_free(s);
		}
	}
	json_t *graph = json_object_get(cfg, "graph");
	if (graph) {
		json_t *nodes = json_object_get(graph, "nodes");
		const char *entry = json_string_value(json_object_get(graph, "entry"));
		unique(c, nodes, "graph.nodes");
		if (entry && !has_name(nodes, entry))
			find(c, "graph.entry", "no node \"%s\" in graph.nodes", entry);
		json_array_foreach(nodes, i, item) {
			const char *next = json_string_value(json_object_get(item, "next"));
			json_t *routes = json_object_get(item, "routes"), *r;
			snprintf(path, sizeof path, "graph.nodes[%zu]", i);
			if (!next && !json_array_size(routes))
				find(c, path, "node \"%s\" has no next and no routes: it leads nowhere",
					json_string_value(json_object_get(item, "name")));
			if (next && strcmp(next, "end") && !has_name(nodes, next)) {
				snprintf(path, sizeof path, "graph.nodes[%zu].next", i);
				find(c, path, "no node \"%s\" (nor \"end\")", next);
			}
			json_array_foreach(routes, k, r) {
				const char *to = json_string_value(json_object_get(r, "to"));
				snprintf(path, sizeof path, "graph.nodes[%zu].routes[%zu].to", i, k);
				if (to && strcmp(to, "end") && !has_name(nodes, to))
					find(c, path, "no node \"%s\" (nor \"end\")", to);
			}
		}
	}
}

/* A built-in tool that names no parameters gets its own
 * (schemas/data/builtin-tools.json), so that a model is told what to
 * pass and a call is checked against them. */
static void builtin_parameters(json_t *cfg)
{
	static json_t *catalog;
	json_t *t;
	size_t i;

	if (!catalog) {
		const wa_embedded_file *f = wa_embedded_find("data/builtin-tools.json");
		catalog = f ? json_loadb(f->data, f->len, 0, NULL) : NULL;
		if (!catalog)
			return;
	}
	json_array_foreach(json_object_get(cfg, "tools"), i, t) {
		const char *b = json_string_value(json_object_get(t, "builtin"));
		json_t *params = b ? json_object_get(catalog, b) : NULL;
		if (params && !json_object_get(t, "parameters"))
			json_object_set(t, "parameters", params);
	}
}

static json_t *check_new(const char *path, const char *data, size_t len, json_t **findings,
	wa_err *err)
{
	ctx c = { .file = path, .findings = json_array() };
	wa_err yerr = WA_ERR_INIT;
	json_t *cfg = data ? wa_yaml_parse_marks_new(data, len, path, &c.marks, &yerr) :
		wa_yaml_load_marks_new(path, &c.marks, &yerr);

	*findings = NULL;
	if (!cfg) {
		json_decref(c.findings);
		if (yerr.code == WA_EX_NOINPUT) {
			*err = yerr;
			return NULL;
		}
		/* a YAML error names file:line:col: a finding with no path */
		int line = 0, col = 0, at = 0;
		size_t n = strlen(path);
		if (!strncmp(yerr.msg, path, n))
			sscanf(yerr.msg + n, ":%d:%d: %n", &line, &col, &at);
		*findings = json_pack("[{s:s, s:i, s:i, s:n, s:s}]", "file", path, "line", line,
			"column", col, "path", "message", at ? yerr.msg + n + at : yerr.msg);
		wa_err_set(err, WA_EX_CONFIG, "%s", yerr.msg);
		return NULL;
	}
	wa_schema *s = wa_schema_builtin("agent.schema.json", err);
	if (!s) {
		json_decref(cfg);
		json_decref(c.marks);
		json_decref(c.findings);
		return NULL;
	}
	wa_schema_result res;
	int v = wa_schema_validate(s, cfg, &res, err);
	wa_schema_free(s);
	if (v < 0) {
		json_decref(cfg);
		json_decref(c.marks);
		json_decref(c.findings);
		return NULL;
	}
	for (int i = 0; i < res.count; i++)
		find(&c, res.findings[i].path, "%s", res.findings[i].message);
	if (v == 0)
		semantics(&c, cfg);
	json_decref(c.marks);
	if (json_array_size(c.findings)) {
		json_t *f = json_array_get(c.findings, 0);
		wa_err_set(err, WA_EX_CONFIG, "%s:%d:%d: %s: %s%s", path,
			(int)json_integer_value(json_object_get(f, "line")),
			(int)json_integer_value(json_object_get(f, "column")),
			json_string_value(json_object_get(f, "path")),
			json_string_value(json_object_get(f, "message")),
			json_array_size(c.findings) > 1 ? " (and more: wa-agent check)" : "");
		*findings = c.findings;
		json_decref(cfg);
		return NULL;
	}
	json_decref(c.findings);
	builtin_parameters(cfg);
	return cfg;
}

json_t *wa_agentcfg_load_new(const char *path, json_t **findings, wa_err *err)
{
	return check_new(path, NULL, 0, findings, err);
}

json_t *wa_agentcfg_parse_new(const char *data, size_t len, const char *name,
	json_t **findings, wa_err *err)
{
	return check_new(name, data ? data : "", len, findings, err);
}
