/* common.c - option parsing and output shared by the built-in verbs. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "verbs.h"

int wa_cmd_common(int argc, char **argv, const char *usage, wa_cli *cli,
	const char *shortopts, const struct option *longopts,
	int (*own)(int opt, const char *arg, void *data), void *data)
{
	int opt;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		int rc = own ? own(opt, optarg, data) : 0;
		if (rc > 0)
			continue;
		if (rc < 0)
			return WA_EX_USAGE;
		rc = wa_cli_option(cli, opt, optarg, argv);
		if (rc < 0)
			return WA_EX_USAGE;
		if (rc == 0)
			return wa_cli_usage_error(argv, "unknown option %s", argv[optind - 1]);
	}
	if (cli->help) {
		fputs(usage, stdout);
		return 0;
	}
	if (cli->version)
		return wa_cli_print_version();
	return -1;
}

int wa_cmd_open(const wa_cli *cli, int create, wa_ws **ws)
{
	wa_err err = WA_ERR_INIT;

	if (wa_clock_init(&err) ||
	    wa_ws_open(wa_ws_default_path(cli->workspace), create ? WA_WS_CREATE : 0, ws, &err))
		return cli_report(&err);
	return 0;
}

int wa_cmd_print(const json_t *v, int pretty)
{
	wa_buf b;
	size_t n;

	wa_buf_init(&b);
	wa_json_write(&b, v, pretty ? WA_JSON_PRETTY : WA_JSON_COMPACT);
	n = fwrite(b.data, 1, b.len, stdout) ^ b.len;
	wa_buf_free(&b);
	if (n || fflush(stdout)) {
		cli_error("stdout: write error");
		return WA_EX_IOERR;
	}
	return 0;
}
