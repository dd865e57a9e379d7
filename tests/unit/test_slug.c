#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "base/slug.h"

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

Test(slug, slugs)
{
	cr_assert(slug_is("Bright Smile Dental", "bright-smile-dental"));
	cr_assert(slug_is("  Joe's Pizza & Pasta!! ", "joes-pizza-pasta"));
	cr_assert(slug_is("Zoë Núñez", "zoe-nunez"));
	cr_assert(slug_is("Łódź Estates", "lodz-estates"));
	cr_assert(slug_is("日本語", NULL));
	cr_assert(slug_is("---", NULL));
	cr_assert(slug_is("A1", "a1"));
}

Test(slug, slug_valid)
{
	cr_assert(wa_slug_valid("acme-2"));
	cr_assert(wa_slug_valid("9lives"));
	cr_assert_not(wa_slug_valid("-acme"));
	cr_assert_not(wa_slug_valid("Acme"));
	cr_assert_not(wa_slug_valid("acme co"));
	cr_assert_not(wa_slug_valid(""));
	cr_assert_not(wa_slug_valid(NULL));
}
