/* diag.c - diagnostics and progress on stderr: see cli.h. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/lazy.h"
#include "base/mem.h"

/* jemalloc's options (Makefile, MALLOC): freed pages go back to the
 * kernel within a second rather than ten, so a fast stream's peak RSS is
 * what it holds, not what it churned through in the last ten seconds.
 * Here because every command links this file; without jemalloc nothing
 * reads it.  MALLOC_CONF in the environment still overrides. */
const char *malloc_conf = "dirty_decay_ms:1000";

static char progname[128] = "wa";
static int verbosity;
static int progress_shown;      /* a progress line is on the terminal */

/* Said before lib/ aborts on memory running out (base/mem.h). */
static void out_of_memory(size_t n)
{
	fprintf(stderr, "%s: out of memory allocating %zu bytes\n", progname, n);
}

/* Said when a library lib/ loads on first use cannot be loaded
 * (base/lazy.h): a broken installation, as a missing library the loader
 * refuses to start with would be; 69, the documented exit for a service
 * that is not there. */
static void cannot_load(const char *soname, const char *why)
{
	fflush(stdout);
	fprintf(stderr, "%s: cannot load %s: %s (is its package installed? see "
		"scripts/install-deps)\n", progname, soname, why);
	_exit(WA_EX_UNAVAILABLE);
}

void cli_diag_init(const char *name)
{
	const char *slash = strrchr(name, '/');

	snprintf(progname, sizeof progname, "%s", slash ? slash + 1 : name);
	wa_mem_on_failure(out_of_memory);
	wa_lazy_on_failure(cannot_load);
}

const char *cli_progname(void) { return progname; }
void cli_set_verbosity(int level) { verbosity = level; }

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

int cli_report(const wa_err *err)
{
	if (!err || err->code == 0) {
		cli_error("internal error: failure without a message");
		return WA_EX_SOFTWARE;
	}
	cli_error("%s", err->msg);
	return err->code;
}

/* ---- progress ---- */

static int on_terminal(void)
{
	static int tty = -1;

	if (tty < 0)
		tty = isatty(STDERR_FILENO);
	return tty && verbosity >= 0;
}

void cli_progress_start(cli_progress *p, const char *what)
{
	memset(p, 0, sizeof *p);
	p->what = what;
	p->started_ms = wa_clock_mono_ms();
}

/* "1:05" or "2:03:10" */
static void clock_text(int64_t s, char *out, size_t size)
{
	if (s >= 3600)
		snprintf(out, size, "%lld:%02lld:%02lld", (long long)(s / 3600),
			(long long)(s / 60 % 60), (long long)(s % 60));
	else
		snprintf(out, size, "%lld:%02lld", (long long)(s / 60), (long long)(s % 60));
}

void cli_progress_update(cli_progress *p, long done, long failed, int64_t bytes,
	int64_t total)
{
	int64_t now = wa_clock_mono_ms(), ms = now - p->started_ms;
	char line[256], t[32];
	size_t n;

	if (!on_terminal() || now - p->shown_ms < 500 || ms < 500)
		return;
	p->shown_ms = now;
	n = (size_t)snprintf(line, sizeof line, "%ld %s", done, p->what);
	if (failed && n < sizeof line)
		n += (size_t)snprintf(line + n, sizeof line - n, " (%ld failed)", failed);
	if (n < sizeof line)
		n += (size_t)snprintf(line + n, sizeof line - n, ", %.0f/s", done * 1000.0 / ms);
	clock_text(ms / 1000, t, sizeof t);
	if (n < sizeof line)
		n += (size_t)snprintf(line + n, sizeof line - n, ", %s", t);
	if (total > 0 && bytes > 0 && bytes <= total && n < sizeof line) {
		/* time left at the rate the input has been read so far */
		clock_text((int64_t)((double)(total - bytes) * ms / bytes / 1000 + 0.5), t,
			sizeof t);
		snprintf(line + n, sizeof line - n, ", %.0f%%, %s left",
			100.0 * (double)bytes / (double)total, t);
	}
	fprintf(stderr, "\r\033[K%s: %s", progname, line);
	progress_shown = p->shown = 1;
}

void cli_progress_end(cli_progress *p)
{
	if (p->shown && progress_shown)
		fputc('\n', stderr);
	if (p->shown)
		progress_shown = 0;
	p->shown = 0;
}
