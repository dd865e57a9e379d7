/* verbs.h - the verbs built into the wa binary, one file each: each its
 * table (cli.h) and its main. */
#ifndef CMD_WA_VERBS_H
#define CMD_WA_VERBS_H

#include "cli/cli.h"

extern const cli_command wa_init, wa_status, wa_events, wa_artifacts, wa_backup, wa_dossier;

int cmd_init(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_artifacts(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_dossier(int argc, char **argv);

#endif
