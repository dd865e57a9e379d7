/* diag.h - diagnostics on stderr in the form "wa-X: message".
 *
 * The one lib/ module that prints: cmd/ calls it to report what lib/
 * returned.  Verbosity: -1 quiet (errors only), 0 normal (errors and
 * warnings), 1 verbose (notes), 2 debug.
 */
#ifndef WA_DIAG_H
#define WA_DIAG_H

#include "base/err.h"

void cli_diag_init(const char *progname);
const char *cli_progname(void);
void cli_set_verbosity(int level);
int cli_verbosity(void);

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Progress of long work, on one line that rewrites itself, only when
 * stderr is a terminal and not quiet (never in a pipe or a log). */
void cli_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* End the progress line, if one was shown. */
void cli_progress_end(void);

/* The record loop's notify: errors and warnings as above, progress with
 * cli_progress() (shown only on a terminal). */
void cli_loop_notify(int level, const char *msg);

/* Print err as an error and return its exit code (70 when unset). */
int cli_report(const wa_err *err);

#endif
