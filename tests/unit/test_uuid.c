#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "base/uuid.h"

Test(uuid, uuid7_layout_follows_rfc9562)
{
	unsigned char r[10] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	char u[WA_UUID_MAX];

	/* unix_ts_ms 0x0123456789ab; version 7; variant 10 */
	wa_uuid_v7(0x0123456789abLL, r, u);
	cr_assert_str_eq(u, "01234567-89ab-7fff-bfff-ffffffffffff");
	memset(r, 0, sizeof r);
	wa_uuid_v7(0, r, u);
	cr_assert_str_eq(u, "00000000-0000-7000-8000-000000000000");
	cr_assert(wa_uuid_valid(u));
}

Test(uuid, uuid7_random_ids_differ_and_sort_by_time)
{
	char a[WA_UUID_MAX], b[WA_UUID_MAX], c[WA_UUID_MAX];

	wa_uuid_v7(1000, NULL, a);
	wa_uuid_v7(1000, NULL, b);
	wa_uuid_v7(1001, NULL, c);
	cr_assert_str_neq(a, b);
	cr_assert(strcmp(a, c) < 0 && strcmp(b, c) < 0);
	cr_assert(wa_uuid_valid(a));
	cr_assert_eq(a[14], '7');
	cr_assert(strchr("89ab", a[19]) != NULL);
}

Test(uuid, uuid_valid_rejects)
{
	cr_assert_not(wa_uuid_valid("01234567-89ab-7fff-bfff-fffffffffff"));
	cr_assert_not(wa_uuid_valid("01234567-89AB-7fff-bfff-ffffffffffff"));
	cr_assert_not(wa_uuid_valid("0123456789ab-7fff-bfff-ffffffffffff0"));
}
