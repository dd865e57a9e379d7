#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "base/ids.h"

Test(ids, uuid7_layout_follows_rfc9562)
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

Test(ids, uuid7_random_ids_differ_and_sort_by_time)
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

Test(ids, uuid_valid_rejects)
{
	cr_assert_not(wa_uuid_valid("01234567-89ab-7fff-bfff-fffffffffff"));
	cr_assert_not(wa_uuid_valid("01234567-89AB-7fff-bfff-ffffffffffff"));
	cr_assert_not(wa_uuid_valid("0123456789ab-7fff-bfff-ffffffffffff0"));
}

/* 1 when the slug of name is want (NULL: no slug at all) */
static int slug_is(const char *name, const char *want)
{
	char *s = wa_slug_new(name);
	int ok = want ? s && strcmp(s, want) == 0 && wa_slug_valid(s) : s == NULL;

	if (!ok)
		cr_log_error("slug of \"%s\" is \"%s\", not \"%s\"", name,
			s ? s : "(none)", want ? want : "(none)");
	free(s);
	return ok;
}

Test(ids, slugs)
{
	cr_assert(slug_is("Bright Smile Dental", "bright-smile-dental"));
	cr_assert(slug_is("  Joe's Pizza & Pasta!! ", "joes-pizza-pasta"));
	cr_assert(slug_is("Zoë Núñez", "zoe-nunez"));
	cr_assert(slug_is("Łódź Estates", "lodz-estates"));
	cr_assert(slug_is("日本語", NULL));
	cr_assert(slug_is("---", NULL));
	cr_assert(slug_is("A1", "a1"));
}

Test(ids, slug_valid)
{
	cr_assert(wa_slug_valid("acme-2"));
	cr_assert(wa_slug_valid("9lives"));
	cr_assert_not(wa_slug_valid("-acme"));
	cr_assert_not(wa_slug_valid("Acme"));
	cr_assert_not(wa_slug_valid("acme co"));
	cr_assert_not(wa_slug_valid(""));
	cr_assert_not(wa_slug_valid(NULL));
}
