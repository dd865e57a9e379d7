/* err.c - error objects: see err.h. */
#include "base/err.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int wa_err_vset(wa_err *err, int code, const char *fmt, va_list ap)
{
	if (err) {
		err->code = code;
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	}
	return -1;
}

int wa_err_set(wa_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wa_err_vset(err, code, fmt, ap);
	va_end(ap);
	return -1;
}

void wa_err_prefix(wa_err *err, const char *fmt, ...)
{
	char head[WA_ERR_MSG_MAX], old[WA_ERR_MSG_MAX];
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	snprintf(err->msg, sizeof err->msg, "%s: %s", head, old);
}

void wa_err_clear(wa_err *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
	}
}

int wa_err_from_errno(int errnum, int is_write)
{
	switch (errnum) {
	case ENOENT:
	case ENOTDIR:
		return is_write ? WA_EX_CANTCREAT : WA_EX_NOINPUT;
	case EACCES:
	case EPERM:
	case EROFS:
		return WA_EX_NOPERM;
	case ENOSPC:
	case EDQUOT:
	case EIO:
		return WA_EX_IOERR;
	default:
		return is_write ? WA_EX_CANTCREAT : WA_EX_IOERR;
	}
}
