/* cli.c - shared command-line options: see cli.h. */
#include "cli/legacy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "base/err.h"

int wa_cli_usage_error(char **argv, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	(void)argv;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\n%s: try '%s --help'\n", cli_progname(), msg,
		cli_progname(), cli_progname());
	return WA_EX_USAGE;
}

int wa_cli_option(wa_cli *cli, int opt, const char *arg, char **argv)
{
	switch (opt) {
	case 'w': cli->workspace = arg; return 1;
	case 'o': cli->out = arg; return 1;
	case WA_OPT_PRETTY: cli->pretty = 1; return 1;
	case 'k': cli->keep_going = 1; return 1;
	case 'q': cli->verbosity = -1; cli_set_verbosity(-1); return 1;
	case 'v':
		cli->verbosity = cli->verbosity < 0 ? 1 : cli->verbosity + 1;
		cli_set_verbosity(cli->verbosity);
		return 1;
	case 'h': cli->help = 1; return 1;
	case WA_OPT_VERSION: cli->version = 1; return 1;
	case ':':
		wa_cli_usage_error(argv, "option %s needs a value", argv[optind - 1]);
		return -1;
	case '?':
		if (optopt)
			wa_cli_usage_error(argv, "unknown option -%c", optopt);
		else
			wa_cli_usage_error(argv, "unknown option %s", argv[optind - 1]);
		return -1;
	default:
		return 0;
	}
}

int wa_cli_print_version(void)
{
	printf("%s %s\n", cli_progname(), WA_VERSION);
	return 0;
}

void cli_loop_notify(int level, const char *msg)
{
	if (level == WA_NOTIFY_ERROR)
		cli_error("%s", msg);
	else
		cli_warn("%s", msg);
}
