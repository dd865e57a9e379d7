/* diag.h - diagnostics on stderr in the form "wa-X: message".
 *
 * The one lib/ module that prints: cmd/ calls it to report what lib/
 * returned.  Verbosity: -1 quiet (errors only), 0 normal (errors and
 * warnings), 1 verbose (notes), 2 debug.
 */
#ifndef WA_DIAG_H
#define WA_DIAG_H

#include "err.h"

void wa_diag_init(const char *progname);
const char *wa_progname(void);
void wa_diag_set_verbosity(int level);
int wa_diag_verbosity(void);

void wa_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void wa_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void wa_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void wa_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Progress of long work, on one line that rewrites itself, only when
 * stderr is a terminal and not quiet (never in a pipe or a log). */
void wa_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* End the progress line, if one was shown. */
void wa_progress_end(void);

/* Print err as an error and return its exit code (70 when unset). */
int wa_report(const wa_err *err);

#endif
