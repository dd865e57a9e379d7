/* build.c - wa-agent build, the Automation Engine step of the pipeline:
 * from a dossier, the agent configuration that serves the client.
 *
 * The capabilities come from the dossier (the industry, research's
 * opportunities, the PRD's integrations when there is a PRD), the tools
 * and intents for each from the integration catalog
 * (examples/integrations.yaml); the FAQ and opening hours research found
 * become intents of their own, the opening hours the calendar, the
 * client's facts the system prompt.  The configuration is checked as
 * wa-agent check does, kept in the workspace (client_configs, a version
 * per distinct text, and the artifacts agents/CLIENT/vN/agent.yaml and
 * .json) and named in the dossier's agent section.
 *
 * A capability the catalog lacks becomes a tool marked available: false
 * and an issue: opened on GitHub (--github-repo, $WA_GITHUB_TOKEN) once,
 * found again by a marker in its body on later runs; without a token
 * the issue is only written into the section. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "agent.h"

#include "agent/agentcfg.h"
#include "agent/calendar.h"
#include "agent/kb.h"
#include "base/buf.h"
#include "base/embedded.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/hash.h"
#include "base/mem.h"
#include "base/version.h"
#include "cli/cli.h"
#include "doc/doc.h"
#include "json/yaml.h"
#include "web/fetch.h"
#include "ws/artifact.h"
#include "ws/dossier.h"
#include "ws/event.h"
#include "ws/loop.h"

enum { O_CATALOG = CLI_OWN, O_REPO };

static const cli_opt opts[] = {
	{ "catalog", O_CATALOG, "FILE", "the integration catalog (default built in)" },
	{ "github-repo", O_REPO, "OWNER/NAME", "open an issue there for each missing tool" },
	{ 0 },
};

const cli_command agent_build_cmd = {
	.name = "wa-agent build",
	.synopsis = "[OPTIONS] [FILE...]",
	.about = "For each dossier write the agent configuration that serves the client: "
		"channels, intents and tools for what it needs (booking, orders, leads, the FAQ, "
		"opening hours, a person) from the integration catalog; checked as wa-agent check "
		"does, kept in the workspace as a version, set in the agent section, and with -o "
		"written as DIR/CLIENT-agent.yaml.  Tools the PRD needs that the catalog lacks are "
		"marked available: false; with --github-repo and $WA_GITHUB_TOKEN an issue is "
		"opened for each, once.",
	.opts = opts,
	.exits = "0 ok, 64 usage, 65 a bad dossier, 69 GitHub unavailable, 77 token refused, "
		"78 a bad catalog",
	.see = "wa-agent(1)",
};

typedef struct build {
	const char *catalog_path;       /* --catalog, or NULL: the built-in one */
	json_t *catalog;
	const char *out_dir;
	const char *repo;       /* OWNER/NAME, or NULL */
	const char *api;        /* GitHub's API base */
	char *token;
} build;

/* ---- what the client needs ---- */

static int listed(json_t *list, const char *s)
{
	size_t i;
	json_t *x;

	json_array_foreach(list, i, x)
		if (s && json_is_string(x) && !strcasecmp(json_string_value(x), s))
			return 1;
	return 0;
}

static const char *industry_of(json_t *dossier)
{
	const char *i = json_string_value(json_object_get(json_object_get(json_object_get(
		json_object_get(dossier, "research"), "analysis"), "industry"), "name"));

	return i ? i : json_string_value(json_object_get(wa_dossier_client(dossier), "industry"));
}

static int opportunity(json_t *dossier, const char *word)
{
	size_t i;
	json_t *o;

	json_array_foreach(json_object_get(json_object_get(dossier, "research"), "opportunities"),
	    i, o) {
		const char *id = json_string_value(json_object_get(o, "id"));
		if (id && strstr(id, word))
			return 1;
	}
	return 0;
}

/* the capabilities, in order: booking, orders, leads, handoff, then the
 * PRD's ({capability, name, description} each) */
static json_t *needs_new(build *b, json_t *dossier)
{
	json_t *ind = json_object_get(b->catalog, "industries");
	const char *industry = industry_of(dossier);
	json_t *caps = json_array();

	if (listed(json_object_get(ind, "booking"), industry) || opportunity(dossier, "booking"))
		json_array_append_new(caps, json_pack("{s:s}", "capability", "booking"));
	if (listed(json_object_get(ind, "orders"), industry) || opportunity(dossier, "order"))
		json_array_append_new(caps, json_pack("{s:s}", "capability", "orders"));
	if (listed(json_object_get(ind, "leads"), industry) || opportunity(dossier, "lead"))
		json_array_append_new(caps, json_pack("{s:s}", "capability", "leads"));
	json_t *facts = json_object_get(json_object_get(dossier, "research"), "facts");
	if (json_array_size(json_object_get(facts, "faq")) ||
	    json_array_size(json_object_get(facts, "services")))
		json_array_append_new(caps, json_pack("{s:s}", "capability", "knowledge"));
	json_array_append_new(caps, json_pack("{s:s}", "capability", "handoff"));
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(json_object_get(dossier, "prd"), "integrations"), i, p) {
		const char *cap = json_string_value(json_object_get(p, "capability"));
		int seen = 0;
		for (size_t k = 0; k < json_array_size(caps) && cap; k++)
			seen |= !strcmp(json_string_value(json_object_get(json_array_get(caps, k),
				"capability")), cap);
		if (cap && !seen)
			json_array_append_new(caps, json_pack("{s:s, s:O?, s:O?}", "capability", cap,
				"name", json_object_get(p, "name"), "description",
				json_object_get(p, "description")));
	}
	return caps;
}

/* ---- the parts of the configuration ---- */

/* "Mo-Fr" -> the days' keys (mon..sun) in out */
static void days_of(const char *spec, json_t *hours, const char *range)
{
	static const char *const two[] = { "mo", "tu", "we", "th", "fr", "sa", "su" };
	static const char *const key[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	char buf[64];

	snprintf(buf, sizeof buf, "%s", spec);
	for (char *part = strtok(buf, ", "); part; part = strtok(NULL, ", ")) {
		int from = -1, to = -1;
		for (int d = 0; d < 7; d++) {
			if (!strncasecmp(part, two[d], 2))
				from = d;
			const char *dash = strchr(part, '-');
			if (dash && !strncasecmp(dash + 1, two[d], 2))
				to = d;
		}
		if (from < 0)
			continue;
		if (to < 0)
			to = from;
		for (int d = from; d <= to; d++)
			json_object_set_new(hours, key[d], json_string(range));
	}
}

/* the calendar from research's opening hours: {slot_minutes, hours} */
static json_t *calendar_for(json_t *dossier)
{
	json_t *hours = json_object(), *f;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(json_object_get(dossier, "research"),
	    "facts"), "opening_hours"), i, f) {
		json_t *v = json_object_get(f, "value");
		const char *days = json_string_value(json_object_get(v, "days"));
		const char *opens = json_string_value(json_object_get(v, "opens"));
		const char *closes = json_string_value(json_object_get(v, "closes"));
		char range[32];
		if (!days || !opens || !closes || strlen(opens) != 5 || strlen(closes) != 5)
			continue;
		snprintf(range, sizeof range, "%s-%s", opens, closes);
		days_of(days, hours, range);
	}
	if (!json_object_size(hours)) {
		json_decref(hours);
		return NULL;
	}
	return json_pack("{s:i, s:o}", "slot_minutes", 30, "hours", hours);
}

/* "Is there parking?" -> "parking" with the question's words but the
 * first, as a second example */
static char *second_example_new(const char *q)
{
	const char *sp = strchr(q, ' ');
	wa_buf b;

	wa_buf_init(&b);
	wa_buf_adds(&b, sp ? sp + 1 : q);
	while (b.len && (ispunct((unsigned char)b.data[b.len - 1])))
		b.data[--b.len] = '\0';
	if (!b.len)
		wa_buf_adds(&b, q);
	return wa_buf_detach(&b, NULL);
}

/* channels: chat always; voice when the client takes calls */
static json_t *channels_new(json_t *dossier, json_t *client)
{
	json_t *vol = json_object_get(json_object_get(dossier, "pricing"), "volume");
	json_int_t calls = json_integer_value(json_object_get(vol, "calls_per_month"));

	if (!calls)
		calls = json_integer_value(json_object_get(json_object_get(client, "volumes"),
			"calls_per_month"));
	return calls > 0 ? json_pack("[s, s]", "chat", "voice") : json_pack("[s]", "chat");
}

/* a tool the catalog does not have yet, for capability c: in tools as
 * unavailable, and in missing */
static void add_missing(json_t *c, const char *cap, json_t *tools, json_t *missing)
{
	const char *tname = json_string_value(json_object_get(c, "name"));
	const char *desc = json_string_value(json_object_get(c, "description"));
	char made[128], text[512];

	if (!tname) {
		snprintf(made, sizeof made, "%s", cap);
		for (char *p = made; *p; p++)
			if (!isalnum((unsigned char)*p))
				*p = '_';
		tname = made;
	}
	snprintf(text, sizeof text, "%s (not in the integration catalog yet)", desc ? desc : cap);
	json_array_append_new(tools, json_pack("{s:s, s:s, s:s, s:b}", "name", tname,
		"description", text, "kind", "http", "available", 0));
	json_array_append_new(missing, json_pack("{s:s, s:s, s:s}", "tool", tname,
		"capability", cap, "description", desc ? desc : cap));
}

/* the catalog's tools and intents for each capability the dossier needs */
static void add_capabilities(build *b, json_t *dossier, json_t *tools, json_t *intents,
	json_t *missing)
{
	json_t *caps = needs_new(b, dossier), *c, *x;
	size_t i, k;

	json_array_foreach(caps, i, c) {
		const char *cap = json_string_value(json_object_get(c, "capability"));
		json_t *entry = json_object_get(json_object_get(b->catalog, "capabilities"), cap);
		if (!entry) {
			add_missing(c, cap, tools, missing);
			continue;
		}
		json_array_foreach(json_object_get(entry, "tools"), k, x)
			json_array_append(tools, x);
		json_array_foreach(json_object_get(entry, "intents"), k, x)
			json_array_append(intents, x);
	}
	json_decref(caps);
}

/* research's FAQ: an intent each (20 at most), answered as the site
 * answers */
static void add_faq(json_t *dossier, json_t *intents)
{
	json_t *f;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(json_object_get(json_object_get(dossier, "research"),
	    "facts"), "faq"), i, f) {
		const char *q = json_string_value(json_object_get(json_object_get(f, "value"),
			"question"));
		const char *a = json_string_value(json_object_get(json_object_get(f, "value"),
			"answer"));
		if (!q || !a || !*q || !*a || n >= 20)
			continue;
		char iname[32], *second = second_example_new(q);
		snprintf(iname, sizeof iname, "faq_%d", ++n);
		json_array_append_new(intents, json_pack("{s:s, s:[s, s], s:s}", "name", iname,
			"examples", q, second, "response", a));
		free(second);
	}
}

/* booking needs a calendar: the usual week when research found none */
static json_t *calendar_needed(json_t *tools, json_t *calendar)
{
	json_t *c;
	size_t i;
	int books = 0;

	json_array_foreach(tools, i, c)
		books |= !strcmp(json_string_value(json_object_get(c, "name")), "book_appointment");
	if (!books || calendar)
		return calendar;
	return json_pack("{s:i, s:{s:s, s:s, s:s, s:s, s:s}}", "slot_minutes", 30, "hours",
		"mon", "09:00-17:00", "tue", "09:00-17:00", "wed", "09:00-17:00", "thu",
		"09:00-17:00", "fri", "09:00-17:00");
}

/* the system prompt: who the agent is, what the client offers, when it
 * is open (into prompt) */
static void system_prompt(wa_buf *prompt, json_t *dossier, const char *who,
	const char *industry, const char *hours_text)
{
	json_t *services = json_object_get(json_object_get(json_object_get(dossier, "research"),
		"facts"), "services");

	wa_buf_addf(prompt, "You are the assistant of %s%s%s. Be brief and friendly, and "
		"hand the conversation to a person when you are unsure.", who,
		industry ? ", a " : "", industry ? industry : "");
	if (json_array_size(services)) {
		wa_buf_adds(prompt, " Services: ");
		for (size_t i = 0; i < json_array_size(services) && i < 8; i++)
			wa_buf_addf(prompt, "%s%s", i ? "; " : "", json_string_value(json_object_get(
				json_array_get(services, i), "value")));
		wa_buf_adds(prompt, ".");
	}
	if (hours_text)
		wa_buf_addf(prompt, " Opening hours: %s.", hours_text);
}

/* guardrails, and what this industry's agent refuses */
static json_t *guardrails_new(build *b, const char *industry)
{
	json_t *guard = json_pack("{s:i, s:i, s:i, s:i}", "max_turns", 40,
		"max_tool_calls_per_turn", 3, "recursion_limit", 25, "handoff_after_failures", 2);
	json_t *refuse = industry ? json_object_get(json_object_get(b->catalog, "refuse_topics"),
		industry) : NULL;

	if (json_array_size(refuse))
		json_object_set(guard, "refuse_topics", refuse);
	return guard;
}

/* the days hours (mon: "08:00-18:00", ...) has none for, "Saturday and
 * Sunday", into out; nothing when it has none at all */
static void closed_days(json_t *hours, wa_buf *out)
{
	static const char *const keys[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	static const char *const names[7] = { "Monday", "Tuesday", "Wednesday", "Thursday",
		"Friday", "Saturday", "Sunday" };
	int closed[7], n = 0;

	if (!json_object_size(hours))
		return;
	for (int d = 0; d < 7; d++)
		if (!json_object_get(hours, keys[d]))
			closed[n++] = d;
	for (int i = 0; i < n; i++)
		wa_buf_addf(out, "%s%s", i == 0 ? "" : i == n - 1 ? " and " : ", ", names[closed[i]]);
}

/* the configuration for dossier; the missing tools in *missing */
static json_t *config_new(build *b, json_t *dossier, json_t **missing)
{
	json_t *client = wa_dossier_client(dossier);
	const char *id = json_string_value(json_object_get(client, "id"));
	const char *name = json_string_value(json_object_get(client, "name"));
	const char *tz = json_string_value(json_object_get(client, "timezone"));
	const char *industry = industry_of(dossier);
	json_t *tools = json_array(), *intents = json_array();
	char text[512];
	wa_buf said, prompt;

	*missing = json_array();
	add_capabilities(b, dossier, tools, intents, *missing);
	add_faq(dossier, intents);
	/* opening hours: the calendar and an intent */
	wa_buf_init(&said);
	json_t *calendar = calendar_for(dossier);
	/* the hours as a person says them: read aloud on the phone too */
	wa_calendar_hours_words(json_object_get(calendar, "hours"), &said);
	const char *hours_text = said.len ? said.data :
		json_string_value(json_object_get(client, "opening_hours"));
	if (hours_text) {
		wa_buf closed;
		wa_buf_init(&closed);
		closed_days(json_object_get(calendar, "hours"), &closed);
		snprintf(text, sizeof text, "We're open %s%s%s.", hours_text, closed.len ?
			"; closed on " : "", closed.len ? closed.data : "");
		wa_buf_free(&closed);
		json_array_append_new(intents, json_pack("{s:s, s:[s, s, s, s, s], s:s}", "name",
			"hours", "examples", "when are you open", "what are your opening hours",
			"are you open on saturday", "what time do you close", "are you closed on sunday",
			"response", text));
	}
	calendar = calendar_needed(tools, calendar);
	wa_buf_init(&prompt);
	system_prompt(&prompt, dossier, name ? name : id, industry, hours_text);
	snprintf(text, sizeof text, "%s assistant", name ? name : id);
	json_t *cfg = json_pack("{s:s, s:s, s:o, s:s, s:{s:s}, s:s, s:o, s:o, s:o}",
		"name", text, "client", id, "channels", channels_new(dossier, client), "timezone",
		tz ? tz : "UTC", "model", "backend", "offline", "system_prompt", prompt.data,
		"intents", intents, "tools", tools, "guardrails", guardrails_new(b, industry));
	/* the country its customers' phone numbers are read for */
	const char *country = json_string_value(json_object_get(json_object_get(client, "address"),
		"country"));
	if (country && strlen(country) == 2)
		json_object_set_new(cfg, "country", json_string(country));
	/* the line a customer in an emergency is told to call */
	const char *phone = json_string_value(json_object_get(client, "phone"));
	if (phone && *phone)
		json_object_set_new(cfg, "emergency", json_pack("{s:s}", "phone", phone));
	if (calendar)
		json_object_set_new(cfg, "calendar", calendar);
	wa_buf_free(&said);
	wa_buf_free(&prompt);
	return cfg;
}

/* ---- issues for the missing tools ---- */

/* one GitHub API call; its JSON answer (a new value), or NULL with err */
static json_t *github(build *b, const char *method, const char *path, json_t *body,
	wa_err *err)
{
	char url[1024], auth[512];
	const char *headers[] = { "Accept: application/vnd.github+json",
		"X-GitHub-Api-Version: 2022-11-28", auth, NULL };
	wa_fetch_opts fo;
	wa_fetch_result g;

	snprintf(url, sizeof url, "%s%s", b->api, path);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", b->token);
	wa_fetch_opts_init(&fo);
	fo.user_agent = "wa-agent/" WA_VERSION;
	fo.delay_ms = 0;
	fo.timeout_ms = 30000;
	fo.retries = strcmp(method, "GET") ? 0 : 2;
	fo.allow_private = 1;   /* an API base the operator named ($WA_GITHUB_API) */
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	wa_fetch_request req = { .url = url, .post = text, .headers = headers };
	int rc = wa_fetch_one(&fo, &req, &g, err);
	explicit_bzero(auth, sizeof auth);
	free(text);
	json_t *answer = NULL;
	if (rc == 0) {
		answer = json_loadb(g.body.data ? g.body.data : "", g.body.len, 0, NULL);
		if (g.status == 401 || g.status == 403)
			wa_err_set(err, WA_EX_NOPERM, "%s: HTTP %d: GitHub refused the token", url,
				g.status);
		else if (g.error || g.status < 200 || g.status > 299)
			wa_err_set(err, g.status >= 400 && g.status < 500 ? WA_EX_DATAERR :
				WA_EX_UNAVAILABLE, "%s: %s", url, g.error ? g.error : "HTTP error");
		if (err->code) {
			json_decref(answer);
			answer = NULL;
		}
	}
	wa_fetch_result_free(&g);
	return answer;
}

/* the issue for each missing tool: found by its marker, else opened */
static int open_issues(build *b, const char *client, json_t *missing, wa_err *err)
{
	json_t *m, *existing = NULL;
	size_t i;
	char path[512];

	json_array_foreach(missing, i, m) {
		char marker[300], title[300];
		const char *tool = json_string_value(json_object_get(m, "tool"));
		snprintf(marker, sizeof marker, "<!-- wa-missing-tool: %s/%s -->", client, tool);
		snprintf(title, sizeof title, "%s needs a %s integration (%s)", client,
			json_string_value(json_object_get(m, "capability")), tool);
		wa_buf body;
		wa_buf_init(&body);
		wa_buf_addf(&body, "The agent `wa-agent build` wrote for **%s** needs the tool `%s`: "
			"%s.\n\nThe integration catalog has nothing for the capability `%s`, so the "
			"tool is in the configuration with `available: false`. Add it to "
			"`examples/integrations.yaml` (a builtin, command or http tool) and run "
			"`wa-agent build` again.\n\n%s\n", client, tool, json_string_value(json_object_get(m,
			"description")), json_string_value(json_object_get(m, "capability")), marker);
		json_object_set_new(m, "issue", json_pack("{s:s, s:s, s:[s]}", "title", title, "body",
			body.data, "labels", "wa-missing-tool"));
		wa_buf_free(&body);
		if (!b->repo || !b->token)
			continue;
		if (!existing) {
			snprintf(path, sizeof path, "/repos/%s/issues?state=all&labels=wa-missing-tool"
				"&per_page=100", b->repo);
			if (!(existing = github(b, "GET", path, NULL, err)))
				return -1;
		}
		json_t *e, *found = NULL;
		size_t k;
		json_array_foreach(existing, k, e) {
			const char *eb = json_string_value(json_object_get(e, "body"));
			if (eb && strstr(eb, marker))
				found = e;
		}
		if (!found) {
			snprintf(path, sizeof path, "/repos/%s/issues", b->repo);
			json_t *made = github(b, "POST", path, json_object_get(m, "issue"), err);
			if (!made) {
				json_decref(existing);
				return -1;
			}
			json_array_append_new(existing, made);
			found = made;
			json_object_set_new(m, "opened", json_true());
		}
		json_object_set(m, "url", json_object_get(found, "html_url"));
		json_object_set(m, "number", json_object_get(found, "number"));
	}
	json_decref(existing);
	return 0;
}

/* ---- the record loop ---- */

typedef struct made {
	json_t *cfg, *missing;
	char *yaml;
} made;

static void made_free(void *p)
{
	made *m = p;

	json_decref(m->cfg);
	json_decref(m->missing);
	free(m->yaml);
	free(m);
}

/* on the reader thread: the configuration, checked, and the issues */
static int prepare(json_t *dossier, void **extra, void *user, wa_err *err)
{
	build *b = user;
	made *m = wa_mem_calloc(1, sizeof *m);
	json_t *findings = NULL;
	wa_buf y;

	*extra = m;
	m->cfg = config_new(b, dossier, &m->missing);
	wa_buf_init(&y);
	if (wa_yaml_dump(m->cfg, &y, err))
		return wa_buf_free(&y), -1;
	m->yaml = wa_buf_detach(&y, NULL);
	char name[300];
	snprintf(name, sizeof name, "%s-agent.yaml", json_string_value(json_object_get(
		wa_dossier_client(dossier), "id")));
	json_t *checked = wa_agentcfg_parse_new(m->yaml, strlen(m->yaml), name, &findings,
		err);
	json_decref(findings);
	if (!checked) {
		err->code = WA_EX_SOFTWARE;     /* a configuration of ours that fails: a bug */
		return -1;
	}
	json_decref(checked);
	return open_issues(b, json_string_value(json_object_get(wa_dossier_client(dossier), "id")),
		m->missing, err);
}

static int build_record(wa_record *rec, wa_err *err)
{
	build *b = rec->user;
	made *m = rec->extra;
	json_t *old = json_object_get(rec->dossier, "agent");
	char sha[WA_SHA256_HEX], name[512];
	wa_buf yaml = { .data = m->yaml, .len = strlen(m->yaml) };
	int fresh, version = wa_doc_version(old, &yaml, sha, &fresh);
	char *json = json_dumps(m->cfg, JSON_COMPACT);
	json_t *artifacts = json_array();
	int rc = -1;

	/* what research found, searchable by the agent (kb_search) */
	wa_kb_embed e;
	wa_kb_embed_from_env(&e);
	if (wa_kb_add_research(rec->ws, rec->dossier, &e, err) < 0)
		goto out;
	if (fresh && wa_agentcfg_save(rec->ws, rec->client_id, version, sha, m->yaml, json,
	    rec->at, err))
		goto out;
	const char *files[2] = { m->yaml, json };
	const char *exts[2] = { "yaml", "json" };
	for (int i = 0; i < 2; i++) {
		char fsha[WA_SHA256_HEX];
		snprintf(name, sizeof name, "agents/%s/v%d/agent.%s", rec->client_id, version,
			exts[i]);
		if (fresh && wa_artifact_put(rec->ws, name, files[i], strlen(files[i]), 0644, err))
			goto out;
		wa_hash_sha256_hex(files[i], strlen(files[i]), fsha);
		json_array_append_new(artifacts, json_pack("{s:s, s:s, s:s, s:I}", "name", name,
			"format", exts[i], "sha256", fsha, "size", (json_int_t)strlen(files[i])));
	}
	if (b->out_dir) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s-agent.yaml", b->out_dir, rec->client_id);
		if (wa_fs_write_atomic(path, m->yaml, strlen(m->yaml), 0644, err))
			goto out;
	}
	if (fresh) {
		json_t *p = json_pack("{s:s, s:i, s:s, s:I}", "client", rec->client_id, "version",
			version, "sha256", sha, "missing_tools", (json_int_t)json_array_size(m->missing));
		int bad = wa_event_emit(rec->ws, "agent.built", rec->client_id, rec->run->id,
			rec->run->id, p, err);
		json_decref(p);
		if (bad)
			goto out;
	}
	json_t *tools = json_array(), *t, *intents = json_array(), *it;
	size_t i;
	json_array_foreach(json_object_get(m->cfg, "tools"), i, t)
		json_array_append_new(tools, json_pack("{s:O, s:b}", "name", json_object_get(t, "name"),
			"available", !json_is_false(json_object_get(t, "available"))));
	json_array_foreach(json_object_get(m->cfg, "intents"), i, it)
		json_array_append(intents, json_object_get(it, "name"));
	json_t *old_at = json_object_get(old, "generated_at");
	json_t *section = json_pack("{s:i, s:s, s:s, s:O, s:o, s:o, s:O, s:o, s:o}",
		"version", version, "content_sha256", sha, "name",
		json_string_value(json_object_get(m->cfg, "name")), "channels",
		json_object_get(m->cfg, "channels"), "intents", intents, "tools", tools,
		"missing_tools", m->missing, "artifacts", artifacts, "generated_at",
		!fresh && json_is_string(old_at) ? json_incref(old_at) : json_string(rec->at));
	artifacts = NULL;
	wa_dossier_set_section(rec->dossier, "agent", section);
	rc = 0;
out:
	json_decref(artifacts);
	free(json);
	return rc;
}

static int option(void *ctx, int key, const char *arg)
{
	build *b = ctx;

	if (key == O_CATALOG) {
		b->catalog_path = arg;
		return 0;
	}
	if (!strchr(arg, '/') || strchr(arg, '/') != strrchr(arg, '/'))
		return cli_usage_error("--github-repo: OWNER/NAME, not %s", arg);
	b->repo = arg;
	return 0;
}

/* The catalog: --catalog's, or the one wa is built with (the
 * repository's examples/integrations.yaml); a capabilities mapping. */
static int load_catalog(build *b, wa_err *err)
{
	const wa_embedded_file *f = wa_embedded_find("defaults/integrations.yaml");

	b->catalog = b->catalog_path ? wa_yaml_load_new(b->catalog_path, err) : f ?
		wa_yaml_parse_new(f->data, f->len, "(built-in catalog)", err) : NULL;
	if (!b->catalog) {
		if (!err->code)
			wa_err_set(err, WA_EX_CONFIG, "no built-in integration catalog");
		else if (err->code == WA_EX_DATAERR)
			err->code = WA_EX_CONFIG;       /* a catalog that does not parse */
		return -1;
	}
	if (!json_is_object(json_object_get(b->catalog, "capabilities")))
		return wa_err_set(err, WA_EX_CONFIG, "%s: no \"capabilities\" mapping",
			b->catalog_path ? b->catalog_path : "(built-in catalog)");
	return 0;
}

/* GitHub: the API, the token (never printed) */
static void github_setup(build *b, const cli_common *o)
{
	b->out_dir = o->out;
	b->api = getenv("WA_GITHUB_API") && *getenv("WA_GITHUB_API") ? getenv("WA_GITHUB_API") :
		"https://api.github.com";
	if (getenv("WA_GITHUB_TOKEN") && *getenv("WA_GITHUB_TOKEN"))
		b->token = wa_mem_strdup(getenv("WA_GITHUB_TOKEN"));
	if (b->repo && !b->token && o->verbosity >= 0)
		cli_warn("no $WA_GITHUB_TOKEN: the issues for missing tools are written into the "
			"agent section, and none is opened");
}

int agent_build_main(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	build b = { 0 };
	cli_common o;
	struct stat st;
	wa_loop loop;
	int first, rc = cli_parse(&agent_build_cmd, argc, argv, &o, option, &b, &first);

	if (rc >= 0)
		return rc;
	rc = 0;
	github_setup(&b, &o);
	if (load_catalog(&b, &err))
		rc = cli_report(&err);
	else if (b.out_dir && (stat(b.out_dir, &st) || !S_ISDIR(st.st_mode)))
		rc = cli_report((wa_err_set(&err, WA_EX_CANTCREAT, "--out %s: not a directory",
			b.out_dir), &err));
	if (!rc) {
		wa_loop_init(&loop);
		loop.section = "agent";
		loop.prepare = prepare;
		loop.free_extra = made_free;
		loop.slow_prepare = b.repo && b.token;
		loop.process = build_record;
		loop.user = &b;
		/* the trace and the run say wa-agent; messages say wa-agent build */
		rc = cli_filter("wa-agent", &o, &loop, argv + first, argc - first);
	}
	json_decref(b.catalog);
	if (b.token) {
		explicit_bzero(b.token, strlen(b.token));
		free(b.token);
	}
	return rc;
}
