/* cli.h - the command library every wa binary is built on, and the only
 * code that prints to stderr: a command's options in one table, from
 * which its --help, its completions and the man page check come; verbs;
 * diagnostics and progress; and the setup every engine shares (the
 * workspace, the run, the record loop), so that an engine's main is a
 * few lines.
 *
 * Conventions (ARCHITECTURE.md section 4): every command takes the
 * common options -w/--workspace, -o/--out, --pretty, -k/--keep-going,
 * -q/--quiet, -v/--verbose, -h/--help, --version and --completion SHELL;
 * diagnostics are "PROG: message", lower case, one line; a usage error
 * is 64 and says how to get help.
 */
#ifndef CLI_H
#define CLI_H

#include <jansson.h>

#include "base/err.h"
#include "ws/loop.h"
#include "ws/run.h"
#include "ws/ws.h"

/* ---- options ---- */

/* Keys of the common options without a short letter, and the first key
 * a command may give its own long-only options. */
enum { CLI_PRETTY = 0x100, CLI_VERSION, CLI_COMPLETION, CLI_OWN = 0x200 };

/* One option of a command. */
typedef struct cli_opt {
	const char *name;       /* long name, without "--"; one letter, the
				   key's: a short option only ("-n") */
	int key;                /* its short letter, or CLI_OWN + n */
	const char *arg;        /* the value's name ("FILE"), or NULL: a flag */
	const char *help;       /* one line; NULL: left out of --help */
} cli_opt;

/* A command: a binary, or one of its verbs.  Its table is the whole of
 * what --help prints. */
typedef struct cli_command cli_command;

/* A verb of a command: "wa-agent run", "wa-nda sign".  Its entry point
 * is main, or run with data (a verb made for one kind of thing: "sign"
 * for NDAs, for agreements); argv[0] is the verb. */
typedef struct cli_verb {
	const char *name;
	const cli_command *cmd;
	int (*main)(int argc, char **argv);
	int (*run)(const void *data, int argc, char **argv);
	const void *data;
} cli_verb;

struct cli_command {
	const char *name;       /* "wa-price", "wa-price quote" */
	const char *synopsis;   /* after the name: "[FILE...]"; lines split by '\n' */
	const char *about;      /* what it does: a paragraph, wrapped to 78 columns */
	const cli_opt *opts;    /* its own options, ended by { NULL } (may be NULL) */
	const cli_verb *verbs;  /* its verbs, ended by { NULL } (may be NULL) */
	const char *exits;      /* "0 ok, 64 usage, ..." */
	const char *see;        /* the man page: "wa-price(1)" */
};

/* The common options' values. */
typedef struct cli_common {
	const char *workspace;  /* -w, or NULL: $WA_WORKSPACE, ./wa.db */
	const char *out;        /* -o, or NULL */
	int pretty;
	int keep_going;
	int verbosity;          /* -1 quiet, 0, 1.. verbose */
	int argc;               /* the arguments as given, for the run's record */
	char **argv;
} cli_common;

/* What a command does with one of its own options: 0, or an exit code
 * (cli_usage_error's 64) to stop. */
typedef int (*cli_on_opt)(void *ctx, int key, const char *arg);

/* Parse argv (argv[0] the command's name) by c's table: common options
 * into *o, the command's own to on_opt (an own option named as a common
 * one takes its place: a document's --version N).  -1 to go on, with *first the
 * index of the first operand; else the exit code: 0 after --help,
 * --version or --completion, 64 after a usage error (said on stderr). */
int cli_parse(const cli_command *c, int argc, char **argv, cli_common *o, cli_on_opt on_opt,
	void *ctx, int *first);

/* 1 when o is a short option only: its name is its one letter. */
int cli_short_only(const cli_opt *o);

/* c's own option called name, or NULL. */
const cli_opt *cli_own_option(const cli_command *c, const char *name);

/* "PROG: MESSAGE" and "PROG: try 'PROG --help'" on stderr; 64. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Option values: an integer in [min, max], a fraction in [0, 1), a
 * duration (90s, 15m, 12h, 7d, 2w).  0, or 64 after a usage error that
 * names the option. */
int cli_arg_long(const char *opt, const char *arg, long min, long max, long *out);
int cli_arg_int(const char *opt, const char *arg, int min, int max, int *out);
int cli_arg_fraction(const char *opt, const char *arg, double *out);
int cli_arg_duration(const char *opt, const char *arg, int64_t *ms);

/* Print c's help on stdout. */
void cli_help(const cli_command *c);

/* Run the verb of c that argv[1] names (with the diagnostics' prefix
 * "PROG VERB"); or, with no verb given, dflt (may be NULL: a usage
 * error) with argv as it is.  The exit code. */
int cli_dispatch(const cli_command *c, int argc, char **argv,
	int (*dflt)(int argc, char **argv));

/* ---- completions ---- */

/* The completion script of c and its verbs for shell ("bash" or "zsh"),
 * or every option of each command as "COMMAND<TAB>--OPTION" lines
 * ("list", for scripts), on stdout: 0, or 64 for another shell. */
int cli_completion(const cli_command *c, const char *shell);

/* ---- diagnostics ---- */

/* The program name messages begin with ("wa-nda sign"). */
void cli_diag_init(const char *progname);
const char *cli_progname(void);
/* -1 quiet (errors only), 0 normal (warnings too), 1 or more verbose
 * (notes). */
void cli_set_verbosity(int level);

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print err as an error and return its exit code (70 when unset). */
int cli_report(const wa_err *err);

/* ---- progress ---- */

/* Progress of long work on one line of stderr that rewrites itself, as
 * pv shows it: done (of total, when known), the rate, time left; only
 * when stderr is a terminal and not quiet.  what names the units
 * ("records", "rows"); total 0: unknown. */
typedef struct cli_progress {
	const char *what;
	int64_t started_ms;
	int64_t shown_ms;
	int shown;
} cli_progress;

void cli_progress_start(cli_progress *p, const char *what);
/* done units so far, failed of them, and of bytes of the input read
 * so far of total (0: unknown); shown at most about twice a second. */
void cli_progress_update(cli_progress *p, long done, long failed, int64_t bytes,
	int64_t total);
/* End the progress line, if one was shown. */
void cli_progress_end(cli_progress *p);

/* ---- engines ---- */

/* How a command opens its workspace. */
enum {
	CLI_WS_WRITE,           /* it must exist; the command writes it */
	CLI_WS_CREATE,          /* made when missing */
	CLI_WS_READ,            /* it must exist; the command only reads it, and
				   a workspace it cannot write is opened read-only */
};

/* Open the workspace of o (-w, $WA_WORKSPACE, ./wa.db) as how says
 * (CLI_WS_*), after starting the clock: 0, or the exit code, reported. */
int cli_open_workspace(const cli_common *o, int how, wa_ws **ws);

/* The engine a filter runs: its workspace and its run. */
typedef struct cli_engine {
	const char *name;       /* "wa-price" */
	const cli_common *opt;
	wa_ws *ws;
	wa_run run;
} cli_engine;

/* Open the workspace (created when missing) and start the run: 0, or
 * the exit code, reported; close e in either case. */
int cli_engine_open(cli_engine *e, const char *name, const cli_common *o);
/* Run loop over files (nfiles 0: stdin), with its notify, progress,
 * keep_going and pretty from the options: the exit code, reported. */
int cli_engine_loop(cli_engine *e, wa_loop *loop, char **files, int nfiles);
void cli_engine_close(cli_engine *e);

/* A filter in one call: open, loop, close. */
int cli_filter(const char *name, const cli_common *o, wa_loop *loop, char **files, int nfiles);

/* v as one compact JSON line (or indented with pretty) on stdout: 0, or
 * 74 when stdout cannot be written (said on stderr). */
int cli_print_json(const json_t *v, int pretty);
/* Flush stdout: 0, or 74 (said on stderr). */
int cli_flush(void);

#endif
