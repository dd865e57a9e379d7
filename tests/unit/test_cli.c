#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <string.h>

#include "cli/cli.h"
#include "base/embedded.h"

enum { O_LIMIT = CLI_OWN, O_VERSION, O_DRY };

static const cli_opt test_opts[] = {
	{ "limit", O_LIMIT, "N", "at most N" },
	{ "version", O_VERSION, "N", "a document's version, in the common one's place" },
	{ "dry-run", O_DRY, NULL, "change nothing" },
	{ 0 },
};

static const cli_command test_cmd = { .name = "wa-test", .synopsis = "[FILE...]",
	.about = "A command for the tests.", .opts = test_opts, .exits = "0 ok, 64 usage",
	.see = "wa(1)" };

typedef struct seen {
	long limit, version;
	int dry;
} seen;

static int on_opt(void *ctx, int key, const char *arg)
{
	seen *s = ctx;

	if (key == O_DRY)
		return s->dry = 1, 0;
	if (key == O_VERSION)
		return cli_arg_long("version", arg, 1, 99, &s->version);
	return cli_arg_long("limit", arg, 1, 10, &s->limit);
}

Test(cli, common_and_own_options_are_parsed)
{
	char *argv[] = { "wa-test", "-w", "x.db", "--pretty", "-k", "a.json", "-v", "-v",
		"--limit=3", "--dry-run", "--version", "7", "b.json", NULL };
	cli_common o;
	seen s = { 0 };
	int first;

	cr_assert_eq(cli_parse(&test_cmd, 13, argv, &o, on_opt, &s, &first), -1);
	cr_assert_str_eq(o.workspace, "x.db");
	cr_assert(o.pretty && o.keep_going);
	cr_assert_eq(o.verbosity, 2);
	cr_assert_eq(s.limit, 3);
	cr_assert_eq(s.version, 7);     /* the own --version took the common one's place */
	cr_assert(s.dry);
	/* getopt moves the operands to the end, in their order */
	cr_assert_eq(first, 11);
	cr_assert_str_eq(argv[first], "a.json");
	cr_assert_str_eq(argv[first + 1], "b.json");
	cli_set_verbosity(0);
}

Test(cli, quiet_after_verbose_wins)
{
	char *argv[] = { "wa-test", "-v", "-q", NULL };
	cli_common o;
	int first;

	cr_assert_eq(cli_parse(&test_cmd, 3, argv, &o, on_opt, &(seen){ 0 }, &first), -1);
	cr_assert_eq(o.verbosity, -1);
	cli_set_verbosity(0);
}

Test(cli, bad_options_are_usage_errors, .init = cr_redirect_stderr)
{
	char *unknown[] = { "wa-test", "--nope", NULL };
	char *missing[] = { "wa-test", "--limit", NULL };
	char *range[] = { "wa-test", "--limit", "11", NULL };
	cli_common o;
	int first;

	cli_diag_init("wa-test");
	cr_assert_eq(cli_parse(&test_cmd, 2, unknown, &o, on_opt, &(seen){ 0 }, &first), 64);
	cr_assert_eq(cli_parse(&test_cmd, 2, missing, &o, on_opt, &(seen){ 0 }, &first), 64);
	cr_assert_eq(cli_parse(&test_cmd, 3, range, &o, on_opt, &(seen){ 0 }, &first), 64);
	fflush(stderr);
	cr_assert_stderr_eq_str("wa-test: unknown option --nope\nwa-test: try 'wa-test --help'\n"
		"wa-test: option --limit needs a value\nwa-test: try 'wa-test --help'\n"
		"wa-test: --limit: a whole number from 1 to 10, not 11\n"
		"wa-test: try 'wa-test --help'\n");
}

Test(cli, help_stops_with_0_and_names_every_option, .init = cr_redirect_stdout)
{
	char *argv[] = { "wa-test", "--help", NULL };
	cli_common o;
	int first;
	char out[4096];

	cr_assert_eq(cli_parse(&test_cmd, 2, argv, &o, on_opt, &(seen){ 0 }, &first), 0);
	fflush(stdout);
	FILE *f = cr_get_redirected_stdout();
	size_t n = fread(out, 1, sizeof out - 1, f);
	out[n] = '\0';
	cr_assert(strstr(out, "usage: wa-test [FILE...]\n"), "%s", out);
	cr_assert(strstr(out, "--limit N"), "%s", out);
	cr_assert(strstr(out, "--version N"), "%s", out);
	cr_assert(strstr(out, "--dry-run"), "%s", out);
	cr_assert(strstr(out, "Exit: 0 ok, 64 usage."), "%s", out);
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
		cr_assert_leq(strlen(line), 80, "longer than 80 columns: %s", line);
}

Test(cli, values_are_checked, .init = cr_redirect_stderr)
{
	double f;
	int64_t ms;
	int i;

	cli_diag_init("wa-test");
	cr_assert_eq(cli_arg_fraction("share", "0.25", &f), 0);
	cr_assert_float_eq(f, 0.25, 1e-12);
	cr_assert_eq(cli_arg_fraction("share", "1", &f), 64);
	cr_assert_eq(cli_arg_fraction("share", "x", &f), 64);
	cr_assert_eq(cli_arg_duration("older-than", "12h", &ms), 0);
	cr_assert_eq(ms, 12 * 3600 * 1000LL);
	cr_assert_eq(cli_arg_duration("older-than", "12 parsecs", &ms), 64);
	cr_assert_eq(cli_arg_int("n", "-3", -5, 5, &i), 0);
	cr_assert_eq(i, -3);
	cr_assert_eq(cli_arg_int("n", "3x", -5, 5, &i), 64);
}

Test(cli, usage_error_is_64_and_says_how_to_get_help, .init = cr_redirect_stderr)
{
	cli_diag_init("/usr/bin/wa-test");
	cr_assert_eq(cli_usage_error("unknown option %s", "--nope"), 64);
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
