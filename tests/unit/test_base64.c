/* base64 against RFC 4648's test vectors (section 10) and against
 * Python's base64 module on bytes of every value. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "base/base64.h"

Test(base64, rfc4648_vectors)
{
	static const char *const v[][2] = { { "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" } };

	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		char *e = wa_base64_encode_new(v[i][0], strlen(v[i][0]));
		cr_assert_str_eq(e, v[i][1]);
		free(e);
		wa_buf b;
		wa_buf_init(&b);
		cr_assert_eq(wa_base64_decode(&b, v[i][1], strlen(v[i][1])), 0, "%s", v[i][1]);
		cr_assert_eq(b.len, strlen(v[i][0]));
		cr_assert(b.len == 0 || memcmp(b.data, v[i][0], b.len) == 0);
		wa_buf_free(&b);
	}
}

Test(base64, refuses_what_is_not_base64)
{
	static const char *const bad[] = { "Zg=", "Zg", "Z===", "Zm9v!A==", "Zg==Zg==", "Zh==",
		"Zm9=", "====" };
	wa_buf b;

	wa_buf_init(&b);
	wa_buf_adds(&b, "kept");
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		cr_assert_eq(wa_base64_decode(&b, bad[i], strlen(bad[i])), -1, "%s", bad[i]);
		cr_assert_str_eq(b.data, "kept");
	}
	wa_buf_free(&b);
}

/* every byte value, at every length modulo 3, as Python encodes it */
Test(base64, agrees_with_python)
{
	unsigned char all[256];
	char cmd[128];
	wa_buf py;

	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	for (int n = 254; n <= 256; n++) {
		snprintf(cmd, sizeof cmd, "python3 -c 'import base64,sys; "
			"sys.stdout.write(base64.b64encode(bytes(range(%d))).decode())'", n);
		FILE *p = popen(cmd, "r");
		char buf[512];
		size_t got = fread(buf, 1, sizeof buf - 1, p);
		buf[got] = '\0';
		cr_assert_eq(pclose(p), 0);
		char *e = wa_base64_encode_new(all, (size_t)n);
		cr_assert_str_eq(e, buf, "length %d", n);
		free(e);
		wa_buf_init(&py);
		cr_assert_eq(wa_base64_decode(&py, buf, strlen(buf)), 0);
		cr_assert_eq(py.len, (size_t)n);
		cr_assert_eq(memcmp(py.data, all, (size_t)n), 0);
		wa_buf_free(&py);
	}
}
