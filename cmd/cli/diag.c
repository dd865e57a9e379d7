/* diag.c - diagnostics on stderr: see diag.h. */
#include "diag.h"

#include "base/mem.h"
#include "ws/loop.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* jemalloc's options (Makefile, MALLOC): freed pages go back to the
 * kernel within a second rather than ten, so a fast stream's peak RSS is
 * what it holds, not what it churned through in the last ten seconds.
 * Here because every command links this file; without jemalloc nothing
 * reads it.  MALLOC_CONF in the environment still overrides. */
const char *malloc_conf = "dirty_decay_ms:1000";

static const char *progname = "wa";
static int verbosity;
static int progress_shown;      /* a progress line is on the terminal */

/* Said before lib/ aborts on memory running out (base/mem.h). */
static void out_of_memory(size_t n)
{
	fprintf(stderr, "%s: out of memory allocating %zu bytes\n", progname, n);
}

void cli_diag_init(const char *name)
{
	const char *slash = strrchr(name, '/');

	progname = slash ? slash + 1 : name;
	wa_mem_on_failure(out_of_memory);
}

const char *cli_progname(void) { return progname; }
void cli_set_verbosity(int level) { verbosity = level; }
int cli_verbosity(void) { return verbosity; }

static void emit(int min_level, const char *fmt, va_list ap)
{
	char line[4096];

	if (verbosity < min_level)
		return;
	vsnprintf(line, sizeof line, fmt, ap);
	/* one write, so lines from concurrent processes do not interleave;
	 * a progress line on the terminal is cleared first */
	fprintf(stderr, "%s%s: %s\n", progress_shown ? "\r\033[K" : "", progname, line);
	progress_shown = 0;
}

#define DIAG_FN(name, level)                    \
	void name(const char *fmt, ...)         \
	{                                       \
		va_list ap;                     \
		va_start(ap, fmt);              \
		emit(level, fmt, ap);           \
		va_end(ap);                     \
	}

DIAG_FN(cli_error, -1)
DIAG_FN(cli_warn, 0)
DIAG_FN(cli_note, 1)
DIAG_FN(cli_debug, 2)

void cli_progress(const char *fmt, ...)
{
	static int tty = -1;
	char line[256];
	va_list ap;

	if (tty < 0)
		tty = isatty(STDERR_FILENO);
	if (!tty || verbosity < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\r\033[K%s: %s", progname, line);
	progress_shown = 1;
}

void cli_progress_end(void)
{
	if (progress_shown)
		fputc('\n', stderr);
	progress_shown = 0;
}

int cli_report(const wa_err *err)
{
	if (!err || err->code == 0) {
		cli_error("internal error: failure without a message");
		return WA_EX_SOFTWARE;
	}
	cli_error("%s", err->msg);
	return err->code;
}

void cli_loop_notify(int level, const char *msg)
{
	switch (level) {
	case WA_NOTIFY_ERROR: cli_error("%s", msg); break;
	case WA_NOTIFY_WARNING: cli_warn("%s", msg); break;
	case WA_NOTIFY_PROGRESS: cli_progress("%s", msg); break;
	default: cli_progress_end();
	}
}
