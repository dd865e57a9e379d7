/* cli.h - the command-line conventions every binary shares
 * (ARCHITECTURE.md section 4): -w/--workspace, -o/--out, --pretty,
 * -k/--keep-going, -q/--quiet, -v/--verbose, -h/--help, --version.
 *
 * A command lists WA_CLI_LONG_OPTIONS in its option table and
 * WA_CLI_SHORT_OPTIONS in its short string, then passes every option it
 * does not handle itself to wa_cli_option().
 */
#ifndef WA_CLI_H
#define WA_CLI_H

#include <getopt.h>

#include "base/version.h"

enum {
	WA_OPT_PRETTY = 0x100,
	WA_OPT_VERSION,
	WA_OPT_FIRST_FREE = 0x200,      /* engines number their own from here */
};

#define WA_CLI_SHORT_OPTIONS ":w:o:kqvh"
#define WA_CLI_LONG_OPTIONS                                     \
	{ "workspace", required_argument, 0, 'w' },             \
	{ "out", required_argument, 0, 'o' },                   \
	{ "pretty", no_argument, 0, WA_OPT_PRETTY },            \
	{ "keep-going", no_argument, 0, 'k' },                  \
	{ "quiet", no_argument, 0, 'q' },                       \
	{ "verbose", no_argument, 0, 'v' },                     \
	{ "help", no_argument, 0, 'h' },                        \
	{ "version", no_argument, 0, WA_OPT_VERSION }

typedef struct wa_cli {
	const char *workspace;  /* -w, or NULL */
	const char *out;        /* -o, or NULL */
	int pretty;
	int keep_going;
	int verbosity;          /* -1 quiet, 0, 1.. verbose */
	int help;
	int version;
} wa_cli;

/* Handle opt if it is a common one: 1 handled, 0 not a common option,
 * -1 a usage error (the message is printed). */
int wa_cli_option(wa_cli *cli, int opt, const char *arg, char **argv);
/* Print "PROG: unknown option X" and "try 'PROG --help'"; returns 64. */
int wa_cli_usage_error(char **argv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print "PROG VERSION" on stdout; returns 0. */
int wa_cli_print_version(void);
void cli_loop_notify(int level, const char *msg);

#endif
