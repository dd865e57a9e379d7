#include <criterion/criterion.h>
#include <stdlib.h>

#include "base/buf.h"

Test(buf, starts_empty_and_terminated)
{
	wa_buf b;

	wa_buf_init(&b);
	cr_assert_eq(b.len, 0);
	cr_assert_str_eq(b.data, "");
	wa_buf_free(&b);
}

Test(buf, grows_across_many_appends)
{
	wa_buf b;

	wa_buf_init(&b);
	for (int i = 0; i < 10000; i++)
		wa_buf_addf(&b, "%d,", i % 10);
	cr_assert_eq(b.len, 20000);
	cr_assert_eq(b.data[19998], '9');
	cr_assert_eq(b.data[20000], '\0');
	wa_buf_free(&b);
}

Test(buf, addf_longer_than_free_space)
{
	wa_buf b;

	wa_buf_init(&b);
	wa_buf_adds(&b, "ab");
	wa_buf_addf(&b, "%0200d", 7);
	cr_assert_eq(b.len, 202);
	cr_assert_eq(b.data[201], '7');
	cr_assert_eq(b.data[2], '0');
	wa_buf_free(&b);
}

Test(buf, detach_hands_over_and_resets)
{
	wa_buf b;
	size_t n;
	char *s;

	wa_buf_init(&b);
	wa_buf_add(&b, "a\0b", 3);
	s = wa_buf_detach(&b, &n);
	cr_assert_eq(n, 3);
	cr_assert_eq(s[2], 'b');
	cr_assert_eq(b.len, 0);
	free(s);
	s = wa_buf_detach(&b, &n);      /* empty: still a string to free */
	cr_assert_str_eq(s, "");
	free(s);
}
