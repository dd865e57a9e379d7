/* err.h - error objects and the exit codes of sysexits(3).
 *
 * A fallible function in lib/ returns an int status (0 on success) and
 * fills a caller-provided wa_err with a sysexits code and a one-line
 * message that names what failed.  Only cmd/ prints it and exits.
 */
#ifndef WA_ERR_H
#define WA_ERR_H

#include <stdarg.h>

enum {
	WA_EX_OK = 0,
	WA_EX_NEGATIVE = 1,     /* a negative answer the user asked for */
	WA_EX_USAGE = 64,
	WA_EX_DATAERR = 65,
	WA_EX_NOINPUT = 66,
	WA_EX_UNAVAILABLE = 69,
	WA_EX_SOFTWARE = 70,
	WA_EX_CANTCREAT = 73,
	WA_EX_IOERR = 74,
	WA_EX_TEMPFAIL = 75,
	WA_EX_NOPERM = 77,
	WA_EX_CONFIG = 78,
};

#define WA_ERR_MSG_MAX 1024

typedef struct wa_err {
	int code;                       /* sysexits code; 0 when no error */
	char msg[WA_ERR_MSG_MAX];       /* lower case, no trailing period */
} wa_err;

#define WA_ERR_INIT { 0, "" }

/* Set code and message; returns -1 so callers can `return wa_err_set(...)`. */
int wa_err_set(wa_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int wa_err_vset(wa_err *err, int code, const char *fmt, va_list ap);

/* Put "context: " in front of the message already in err. */
void wa_err_prefix(wa_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void wa_err_clear(wa_err *err);

/* The errno of a failed system call as a sysexits code. */
int wa_err_from_errno(int errnum, int is_write);

#endif
