/* check.c - "wa-agent check": agent configurations checked, every
 * finding at its line and column (lib/agent/agentcfg.h). */
#include <stdio.h>
#include <stdlib.h>

#include "agent.h"
#include "agent/agentcfg.h"
#include "base/err.h"
#include "cli/cli.h"

enum { O_JSON = CLI_OWN };

static const cli_opt opts[] = {
	{ "json", O_JSON, NULL, "a JSON object a finding" },
	{ 0 },
};

const cli_command agent_check_cmd = {
	.name = "wa-agent check",
	.synopsis = "[--json] FILE...",
	.about = "Check agent configurations (wa-agent.yaml(5)) against "
		"schemas/agent.schema.json and for what a schema cannot say: unique names, "
		"intents whose tools exist, templates that parse, tool parameter schemas, a graph "
		"whose edges lead somewhere.  Prints every finding as FILE:LINE:COLUMN: PATH: "
		"MESSAGE (or, with --json, one JSON object a finding), and FILE: ok for a good "
		"file.",
	.opts = opts,
	.exits = "0 every file good, 1 findings, 64 usage, 66 a file missing",
	.see = "wa-agent(1)",
};

static int option(void *ctx, int key, const char *arg)
{
	(void)key, (void)arg;
	*(int *)ctx = 1;
	return 0;
}

static void print_finding(json_t *f, int json)
{
	if (json) {
		char *line = json_dumps(f, JSON_COMPACT);
		puts(line);
		free(line);
		return;
	}
	const char *path = json_string_value(json_object_get(f, "path"));

	printf("%s:%d:%d: %s%s%s\n", json_string_value(json_object_get(f, "file")),
		(int)json_integer_value(json_object_get(f, "line")),
		(int)json_integer_value(json_object_get(f, "column")),
		path ? path : "", path ? ": " : "",
		json_string_value(json_object_get(f, "message")));
}

/* 0 good, 1 findings, or the exit code of a file that cannot be read */
static int check_file(const char *path, int json)
{
	wa_err err = WA_ERR_INIT;
	json_t *findings = NULL, *cfg = wa_agentcfg_load_new(path, &findings, &err), *f;
	size_t k;

	if (cfg) {
		if (!json)
			printf("%s: ok\n", path);
		json_decref(cfg);
		return 0;
	}
	if (!findings)          /* not readable: the file's own error */
		return cli_report(&err);
	json_array_foreach(findings, k, f)
		print_finding(f, json);
	json_decref(findings);
	return WA_EX_NEGATIVE;
}

int agent_check_main(int argc, char **argv)
{
	cli_common o;
	int json = 0, first, rc = cli_parse(&agent_check_cmd, argc, argv, &o, option, &json, &first);

	if (rc >= 0)
		return rc;
	if (first >= argc)
		return cli_usage_error("give the agent files to check");
	rc = 0;
	for (int i = first; i < argc; i++) {
		int code = check_file(argv[i], json);
		if (code > rc)
			rc = code;
	}
	int out = cli_flush();
	return out ? out : rc;
}
