#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "cli/legacy.h"
#include "cli/cli.h"
#include "base/embedded.h"

Test(cli, common_options_are_recognised)
{
	wa_cli c = { 0 };
	char *argv[] = { "wa-test", NULL };

	cr_assert_eq(wa_cli_option(&c, 'w', "x.db", argv), 1);
	cr_assert_str_eq(c.workspace, "x.db");
	cr_assert_eq(wa_cli_option(&c, WA_OPT_PRETTY, NULL, argv), 1);
	cr_assert_eq(wa_cli_option(&c, 'k', NULL, argv), 1);
	cr_assert_eq(wa_cli_option(&c, 'v', NULL, argv), 1);
	cr_assert_eq(wa_cli_option(&c, 'v', NULL, argv), 1);
	cr_assert(c.pretty && c.keep_going);
	cr_assert_eq(c.verbosity, 2);
	cr_assert_eq(wa_cli_option(&c, 'q', NULL, argv), 1);
	cr_assert_eq(c.verbosity, -1);
	cr_assert_eq(wa_cli_option(&c, 'Z', NULL, argv), 0);
	cli_set_verbosity(0);
}

Test(cli, usage_error_is_64_and_says_how_to_get_help, .init = cr_redirect_stderr)
{
	char *argv[] = { "wa-test", NULL };

	cli_diag_init("/usr/bin/wa-test");
	cr_assert_eq(wa_cli_usage_error(argv, "unknown option %s", "--nope"), 64);
	fflush(stderr);
	cr_assert_stderr_eq_str("wa-test: unknown option --nope\nwa-test: try 'wa-test --help'\n");
}

Test(diag, messages_follow_verbosity, .init = cr_redirect_stderr)
{
	wa_err e = WA_ERR_INIT;

	cli_diag_init("wa-x");
	cli_set_verbosity(0);
	cli_note("hidden note");
	cli_warn("a warning");
	cli_set_verbosity(-1);
	cli_warn("hidden warning");
	cli_error("an error");
	cli_set_verbosity(1);
	cli_note("a note");
	wa_err_set(&e, 65, "record 3 (acme): client.name is missing");
	cr_assert_eq(cli_report(&e), 65);
	cr_assert_eq(cli_report(NULL), 70);
	fflush(stderr);
	cr_assert_stderr_eq_str("wa-x: a warning\nwa-x: an error\nwa-x: a note\n"
		"wa-x: record 3 (acme): client.name is missing\n"
		"wa-x: internal error: failure without a message\n");
}

Test(embedded, migrations_and_schemas_are_built_in)
{
	cr_assert_not_null(wa_embedded_find("migrations/0001-base.sql"));
	cr_assert_not_null(wa_embedded_find("dossier.schema.json"));
	cr_assert_not_null(wa_embedded_find("client.schema.json"));
	cr_assert_null(wa_embedded_find("nope.json"));
}
