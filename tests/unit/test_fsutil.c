#include <criterion/criterion.h>
#include <sys/stat.h>

#include "base/fs.h"
#include "helpers.h"

Test(fsutil, atomic_write_replaces_with_mode)
{
	const char *dir = tmpdir_new();
	char path[128];
	wa_err e = WA_ERR_INIT;
	wa_buf b;
	struct stat sb;

	snprintf(path, sizeof path, "%s/out.txt", dir);
	write_text(path, "old");
	cr_assert_eq(wa_fs_write_atomic(path, "new text", 8, 0600, &e), 0);
	wa_buf_init(&b);
	cr_assert_eq(wa_fs_read(path, &b, 0, &e), 0);
	cr_assert_str_eq(b.data, "new text");
	stat(path, &sb);
	cr_assert_eq(sb.st_mode & 0777, 0600);
	wa_buf_free(&b);
}

Test(fsutil, write_into_missing_directory_fails_cleanly)
{
	wa_err e = WA_ERR_INIT;

	cr_assert_eq(wa_fs_write_atomic("/nonexistent-dir/x", "a", 1, 0644, &e), -1);
	cr_assert_eq(e.code, 73);
	cr_assert(strstr(e.msg, "/nonexistent-dir/x") != NULL);
}

Test(fsutil, read_missing_is_66_and_cap_is_65)
{
	const char *dir = tmpdir_new();
	char path[128];
	wa_err e = WA_ERR_INIT;
	wa_buf b;

	wa_buf_init(&b);
	cr_assert_eq(wa_fs_read("/nonexistent-file", &b, 0, &e), -1);
	cr_assert_eq(e.code, 66);
	snprintf(path, sizeof path, "%s/big", dir);
	write_text(path, "0123456789");
	cr_assert_eq(wa_fs_read(path, &b, 5, &e), -1);
	cr_assert_eq(e.code, 65);
	wa_buf_free(&b);
}
