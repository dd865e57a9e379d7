/* wa - the workspace tool and dispatcher: the built-in verbs (init,
 * status, events, artifacts, backup, dossier, help) and, like git,
 * "wa X args" runs wa-X from wa's own directory or PATH. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include "verbs.h"

static const char usage[] =
	"usage: wa [-w WORKSPACE] VERB [ARGS...]\n"
	"       wa ENGINE [ARGS...]        runs wa-ENGINE (wa import = wa-import)\n"
	"\n"
	"Verbs:\n"
	"  init                 create the workspace and bring its schema up to date\n"
	"  status               schema version, counts and the last runs, as JSON\n"
	"  events               the event bus as NDJSON (--type, --since, --follow...)\n"
	"  artifacts            list artifacts; get NAME [-o FILE]; put NAME [FILE]\n"
	"  dossier              print stored dossiers: CLIENT..., --all, --stale-section\n"
	"  backup FILE          an online copy of the workspace\n"
	"  help [VERB]          this help, or a verb's\n"
	"\n"
	"Options for every verb: -w/--workspace PATH (default $WA_WORKSPACE, ./wa.db),\n"
	"--pretty, -q/--quiet, -v/--verbose, -h/--help, --version.\n"
	"Exit: 0 ok, 64 usage, 65 bad data, 66 missing, 69/75 unavailable, 70 bug,\n"
	"73/74 cannot write, 77 permission, 78 configuration.  See wa(1).\n";

static const struct {
	const char *name;
	int (*fn)(int, char **);
} verbs[] = {
	{ "init", cmd_init },
	{ "status", cmd_status },
	{ "events", cmd_events },
	{ "artifacts", cmd_artifacts },
	{ "backup", cmd_backup },
	{ "dossier", cmd_dossier },
	{ NULL, NULL },
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

static int run_engine(const char *verb, int argc, char **argv)
{
	char name[256], dir[PATH_MAX], path[PATH_MAX + 256];

	(void)argc;
	if (strchr(verb, '/') || strlen(verb) > 200)
		return wa_cli_usage_error(argv, "'%s' is not a wa command", verb);
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

static void list_engines_in(const char *dir, json_t *seen)
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

static int help(int argc, char **argv)
{
	char dir[PATH_MAX];
	json_t *seen;
	const char *path = getenv("PATH"), *k;
	json_t *v;

	if (argc > 1) {
		char *hargv[] = { argv[1], "--help", NULL };
		for (int i = 0; verbs[i].name; i++)
			if (strcmp(verbs[i].name, argv[1]) == 0)
				return verbs[i].fn(2, hargv);
		return run_engine(argv[1], 2, hargv);
	}
	fputs(usage, stdout);
	seen = json_object();
	if (self_dir(dir, sizeof dir) == 0)
		list_engines_in(dir, seen);
	if (path) {
		char *copy = wa_mem_strdup(path), *save = NULL;
		for (char *p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save))
			list_engines_in(p, seen);
		free(copy);
	}
	printf("\nEngines found:");
	json_object_foreach(seen, k, v)
		printf(" %s", k + 3);
	printf("%s\n", json_object_size(seen) ? "" : " none");
	json_decref(seen);
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1;

	cli_diag_init("wa");
	/* options before the verb: -w PATH and --workspace=PATH/--workspace PATH */
	while (i < argc && argv[i][0] == '-') {
		if ((!strcmp(argv[i], "-w") || !strcmp(argv[i], "--workspace")) && i + 1 < argc) {
			setenv("WA_WORKSPACE", argv[i + 1], 1);
			i += 2;
		} else if (!strncmp(argv[i], "--workspace=", 12)) {
			setenv("WA_WORKSPACE", argv[i] + 12, 1);
			i++;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			return help(1, argv);
		} else if (!strcmp(argv[i], "--version")) {
			return wa_cli_print_version();
		} else {
			return wa_cli_usage_error(argv, "unknown option %s", argv[i]);
		}
	}
	if (i == argc) {
		fputs(usage, stderr);
		return WA_EX_USAGE;
	}
	argc -= i;
	argv += i;
	if (!strcmp(argv[0], "help"))
		return help(argc, argv);
	for (int v = 0; verbs[v].name; v++) {
		if (!strcmp(verbs[v].name, argv[0])) {
			char prog[64];
			snprintf(prog, sizeof prog, "wa %s", argv[0]);
			cli_diag_init(prog);
			return verbs[v].fn(argc, argv);
		}
	}
	return run_engine(argv[0], argc, argv);
}
