/* wa - the workspace tool and dispatcher: the built-in verbs (init,
 * status, events, artifacts, backup, dossier, help) and, like git,
 * "wa X args" runs wa-X from wa's own directory or PATH. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "verbs.h"

static int help_main(int argc, char **argv);

static const cli_command wa_help = {
	.name = "wa help",
	.synopsis = "[VERB|ENGINE]",
	.about = "This help, or a verb's or an engine's (wa help price is wa-price --help).",
	.exits = "0 ok, 64 no such verb or engine",
	.see = "wa(1)",
};

static const cli_verb verbs[] = {
	{ "init", &wa_init, cmd_init, NULL, NULL },
	{ "status", &wa_status, cmd_status, NULL, NULL },
	{ "events", &wa_events, cmd_events, NULL, NULL },
	{ "artifacts", &wa_artifacts, cmd_artifacts, NULL, NULL },
	{ "dossier", &wa_dossier, cmd_dossier, NULL, NULL },
	{ "backup", &wa_backup, cmd_backup, NULL, NULL },
	{ "help", &wa_help, help_main, NULL, NULL },
	{ 0 },
};

static const cli_command wa = {
	.name = "wa",
	.synopsis = "[-w WORKSPACE] VERB [ARGS...]\nENGINE [ARGS...]    (wa import runs wa-import)",
	.about = "The workspace and the engines: init creates the workspace; status, events, "
		"artifacts and dossier show what is in it; backup copies it.  Any other word "
		"runs the engine of that name, found beside wa or on PATH.",
	.verbs = verbs,
	.exits = "0 ok, 64 usage, 65 bad data, 66 missing, 69/75 unavailable, 70 bug, 73/74 "
		"cannot write, 77 permission, 78 configuration",
	.see = "wa(1)",
};

/* The directory this binary is in, for finding wa-X beside it. */
static int self_dir(char *out, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", out, size - 1);
	char *slash;

	if (n <= 0)
		return -1;
	out[n] = '\0';
	slash = strrchr(out, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return 0;
}

static int run_engine(const char *verb, char **argv)
{
	char name[256], dir[PATH_MAX], path[PATH_MAX + 256];

	if (strchr(verb, '/') || strlen(verb) > 200)
		return cli_usage_error("'%s' is not a wa command", verb);
	snprintf(name, sizeof name, "wa-%s", verb);
	argv[0] = name;
	if (self_dir(dir, sizeof dir) == 0) {
		snprintf(path, sizeof path, "%s/%s", dir, name);
		if (access(path, X_OK) == 0) {
			execv(path, argv);
			cli_error("%s: %s", path, strerror(errno));
			return WA_EX_UNAVAILABLE;
		}
	}
	execvp(name, argv);
	if (errno == ENOENT) {
		cli_error("'%s' is not a wa command (no %s beside wa or on PATH); see 'wa help'",
			verb, name);
		return WA_EX_USAGE;
	}
	cli_error("%s: %s", name, strerror(errno));
	return WA_EX_UNAVAILABLE;
}

static void engines_in(const char *dir, json_t *seen)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[PATH_MAX + 256];
		if (strncmp(e->d_name, "wa-", 3) != 0 || json_object_get(seen, e->d_name))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (access(path, X_OK) == 0)
			json_object_set_new(seen, e->d_name, json_string(path));
	}
	closedir(d);
}

static int help_main(int argc, char **argv)
{
	char dir[PATH_MAX];
	const char *path = getenv("PATH"), *k;
	json_t *seen, *v;

	if (argc > 1) {
		char *hargv[] = { argv[1], "--help", NULL };
		for (int i = 0; verbs[i].name; i++)
			if (!strcmp(verbs[i].name, argv[1])) {
				cli_help(verbs[i].cmd);
				return 0;
			}
		return run_engine(argv[1], hargv);
	}
	cli_help(&wa);
	seen = json_object();
	if (self_dir(dir, sizeof dir) == 0)
		engines_in(dir, seen);
	if (path) {
		char *copy = wa_mem_strdup(path), *save = NULL;
		for (char *p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save))
			engines_in(p, seen);
		free(copy);
	}
	printf("\nEngines found:");
	json_object_foreach(seen, k, v)
		printf(" %s", k + 3);
	printf("%s\n", json_object_size(seen) ? "" : " none");
	json_decref(seen);
	return cli_flush();
}

int main(int argc, char **argv)
{
	int i = 1;

	cli_diag_init("wa");
	/* -w before the verb holds for it and for the engine it runs */
	while (i < argc && argv[i][0] == '-') {
		if ((!strcmp(argv[i], "-w") || !strcmp(argv[i], "--workspace")) && i + 1 < argc) {
			setenv("WA_WORKSPACE", argv[i + 1], 1);
			i += 2;
		} else if (!strncmp(argv[i], "--workspace=", 12)) {
			setenv("WA_WORKSPACE", argv[i] + 12, 1);
			i++;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			return help_main(1, argv);
		} else {
			/* --version, --completion SHELL, or a mistake */
			return cli_dispatch(&wa, argc, argv, NULL);
		}
	}
	if (i == argc)
		return cli_usage_error("give a verb or an engine (see wa --help)");
	argv[i - 1] = argv[0];
	argc -= i - 1;
	argv += i - 1;
	for (int v = 0; verbs[v].name; v++)
		if (!strcmp(verbs[v].name, argv[1]))
			return cli_dispatch(&wa, argc, argv, NULL);
	return run_engine(argv[1], argv + 1);
}
