#include <criterion/criterion.h>
#include <errno.h>

#include "base/err.h"

Test(err, set_returns_minus_one_and_fills)
{
	wa_err e = WA_ERR_INIT;

	cr_assert_eq(wa_err_set(&e, WA_EX_DATAERR, "client.%s is missing", "name"), -1);
	cr_assert_eq(e.code, 65);
	cr_assert_str_eq(e.msg, "client.name is missing");
}

Test(err, prefix_adds_context)
{
	wa_err e = WA_ERR_INIT;

	wa_err_set(&e, WA_EX_DATAERR, "client.name is missing");
	wa_err_prefix(&e, "record %d (%s)", 3, "acme");
	cr_assert_str_eq(e.msg, "record 3 (acme): client.name is missing");
	cr_assert_eq(e.code, 65);
}

Test(err, null_error_object_is_allowed)
{
	cr_assert_eq(wa_err_set(NULL, 70, "nobody listens"), -1);
	wa_err_prefix(NULL, "x");
}

Test(err, errno_maps_to_sysexits)
{
	cr_assert_eq(wa_err_from_errno(ENOENT, 0), 66);
	cr_assert_eq(wa_err_from_errno(ENOENT, 1), 73);
	cr_assert_eq(wa_err_from_errno(EACCES, 0), 77);
	cr_assert_eq(wa_err_from_errno(ENOSPC, 1), 74);
}

Test(err, long_messages_are_truncated_not_overflowed)
{
	wa_err e = WA_ERR_INIT;
	char big[4000];

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	wa_err_set(&e, 65, "%s", big);
	wa_err_prefix(&e, "record 1");
	cr_assert_eq(strlen(e.msg), WA_ERR_MSG_MAX - 1);
	cr_assert(strncmp(e.msg, "record 1: xxx", 13) == 0);
}
