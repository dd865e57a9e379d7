/* verbs.h - the verbs built into the wa binary, one file each. */
#ifndef CMD_WA_H
#define CMD_WA_H

#include "cli/cli.h"

int cmd_init(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_artifacts(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_dossier(int argc, char **argv);

/* Parse the common options only; the rest of argv from optind on.
 * Returns -1 to go on, else the exit code (help, version, usage). */
int wa_cmd_common(int argc, char **argv, const char *usage, wa_cli *cli,
	const char *shortopts, const struct option *longopts,
	int (*own)(int opt, const char *arg, void *data), void *data);
/* Open the workspace of cli (it must exist unless create). */
int wa_cmd_open(const wa_cli *cli, int create, wa_ws **ws);
/* Print v as one JSON line (or pretty) on stdout. */
int wa_cmd_print(const json_t *v, int pretty);

#endif
