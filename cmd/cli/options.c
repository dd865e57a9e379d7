/* options.c - a command's options from its table: parsing, values,
 * usage errors and --help: see cli.h. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/version.h"

/* The common options, in the order --help names them. */
static const cli_opt common[] = {
	{ "workspace", 'w', "WORKSPACE", "the workspace (default $WA_WORKSPACE, ./wa.db)" },
	{ "out", 'o', "DIR", "where files go" },
	{ "pretty", CLI_PRETTY, NULL, "indent JSON output" },
	{ "keep-going", 'k', NULL, "skip bad records, go on, fail at the end" },
	{ "quiet", 'q', NULL, "errors only on stderr" },
	{ "verbose", 'v', NULL, "say more on stderr" },
	{ "help", 'h', NULL, "this help" },
	{ "version", CLI_VERSION, NULL, "print the version" },
	{ "completion", CLI_COMPLETION, "SHELL", "print the bash or zsh completion script" },
	{ NULL, 0, NULL, NULL },
};

int cli_usage_error(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cli_error("%s", msg);
	cli_error("try '%s --help'", cli_progname());
	return WA_EX_USAGE;
}

static size_t count(const cli_opt *o)
{
	size_t n = 0;

	while (o && o[n].name)
		n++;
	return n;
}

/* getopt_long's tables for c: the short string and the long options */
static struct option *getopt_tables(const cli_command *c, char *shorts, size_t size)
{
	size_t nown = count(c->opts), ncommon = count(common), k = 0, s = 0;
	struct option *lo = wa_mem_calloc(nown + ncommon + 1, sizeof *lo);
	const cli_opt *lists[2] = { common, c->opts };

	shorts[s++] = ':';      /* a missing value is ':', not '?' */
	for (int l = 0; l < 2; l++)
		for (size_t i = 0; lists[l] && lists[l][i].name; i++) {
			const cli_opt *o = &lists[l][i];
			if (l == 0 && cli_own_option(c, o->name))
				continue;       /* the command's own takes its place */
			if (!cli_short_only(o))
				lo[k++] = (struct option){ o->name, o->arg ? required_argument :
					no_argument, NULL, o->key };
			if (o->key > 0 && o->key < 0x100 && s + 3 < size) {
				shorts[s++] = (char)o->key;
				if (o->arg)
					shorts[s++] = ':';
			}
		}
	shorts[s] = '\0';
	return lo;
}

const cli_opt *cli_own_option(const cli_command *c, const char *name)
{
	for (size_t i = 0; c->opts && c->opts[i].name; i++)
		if (!strcmp(c->opts[i].name, name))
			return &c->opts[i];
	return NULL;
}

static int common_option(const cli_command *c, cli_common *o, int key, const char *arg)
{
	switch (key) {
	case 'w': o->workspace = arg; return 0;
	case 'o': o->out = arg; return 0;
	case CLI_PRETTY: o->pretty = 1; return 0;
	case 'k': o->keep_going = 1; return 0;
	case 'q': o->verbosity = -1; cli_set_verbosity(-1); return 0;
	case 'v':
		o->verbosity = o->verbosity < 0 ? 1 : o->verbosity + 1;
		cli_set_verbosity(o->verbosity);
		return 0;
	case 'h':
		cli_help(c);
		return 1;
	case CLI_VERSION:
		printf("%s %s\n", cli_progname(), WA_VERSION);
		return 1;
	case CLI_COMPLETION:
		return cli_completion(c, arg) ? -1 : 1;
	}
	return 2;
}

int cli_parse(const cli_command *c, int argc, char **argv, cli_common *o, cli_on_opt on_opt,
	void *ctx, int *first)
{
	char shorts[128];
	struct option *lo = getopt_tables(c, shorts, sizeof shorts);
	int key, rc = -1;

	memset(o, 0, sizeof *o);
	o->argc = argc;
	o->argv = argv;
	optind = 0;             /* a fresh scan, also after another command's */
	opterr = 0;
	while (rc < 0 && (key = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		if (key == ':') {
			rc = cli_usage_error("option %s needs a value", argv[optind - 1]);
		} else if (key == '?') {
			if (optopt && optopt < 0x100)
				rc = cli_usage_error("unknown option -%c", optopt);
			else
				rc = cli_usage_error("unknown option %s", argv[optind - 1]);
		} else {
			int done = common_option(c, o, key, optarg);
			if (done == 2)
				rc = on_opt ? on_opt(ctx, key, optarg) : cli_usage_error(
					"unknown option %s", argv[optind - 1]);
			else if (done == 1)
				rc = 0;
			else if (done < 0)
				rc = WA_EX_USAGE;
			if (rc == 0 && done != 1)
				rc = -1;        /* an option taken: go on */
		}
	}
	free(lo);
	*first = optind;
	return rc;
}

int cli_arg_long(const char *opt, const char *arg, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (!*arg || *end || errno || v < min || v > max)
		return max == LONG_MAX ?
			cli_usage_error("--%s: a whole number from %ld, not %s", opt, min, arg) :
			cli_usage_error("--%s: a whole number from %ld to %ld, not %s", opt, min, max,
				arg);
	*out = v;
	return 0;
}

int cli_arg_int(const char *opt, const char *arg, int min, int max, int *out)
{
	long v;
	int rc = cli_arg_long(opt, arg, min, max, &v);

	if (!rc)
		*out = (int)v;
	return rc;
}

int cli_arg_fraction(const char *opt, const char *arg, double *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (*end || end == arg || !(v >= 0 && v < 1))
		return cli_usage_error("--%s: a fraction from 0 to below 1, not %s", opt, arg);
	*out = v;
	return 0;
}

int cli_arg_duration(const char *opt, const char *arg, int64_t *ms)
{
	if (wa_clock_parse_duration(arg, ms))
		return cli_usage_error("--%s: a duration (90s, 15m, 12h, 7d, 2w), not %s", opt, arg);
	return 0;
}

/* ---- --help ---- */

/* text wrapped to end before column width, continuing at column indent;
 * the first line starts at column col (what is already printed) */
static void wrap_at(const char *text, int col, int indent, int width)
{
	const char *p = text;
	int first = 1;

	while (*p) {
		size_t w = strcspn(p, " \n");
		/* "[--days N]" is one word, not broken */
		if (*p == '[') {
			int depth = 0;
			for (w = 0; p[w] && !(depth == 1 && p[w] == ']'); w++)
				depth += (p[w] == '[') - (p[w] == ']');
			w += p[w] == ']';
			w += strcspn(p + w, " \n");
		}
		if (!first && col + 1 + (int)w > width) {
			printf("\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			putchar(' ');
			col++;
		}
		printf("%.*s", (int)w, p);
		col += (int)w;
		first = 0;
		p += w;
		while (*p == ' ' || *p == '\n')
			p++;
	}
	putchar('\n');
}

static void wrap(const char *text, int indent, int width)
{
	wrap_at(text, 0, indent, width);
}

int cli_short_only(const cli_opt *o)
{
	return o->name[0] && !o->name[1] && o->key == o->name[0];
}

/* "  -w, --workspace WORKSPACE" */
static int option_label(const cli_opt *o, char *out, size_t size)
{
	if (cli_short_only(o))
		return snprintf(out, size, "  -%c%s%s", o->key, o->arg ? " " : "",
			o->arg ? o->arg : "");
	if (o->key > 0 && o->key < 0x100)
		return snprintf(out, size, "  -%c, --%s%s%s", o->key, o->name, o->arg ? " " : "",
			o->arg ? o->arg : "");
	return snprintf(out, size, "      --%s%s%s", o->name, o->arg ? " " : "",
		o->arg ? o->arg : "");
}

static void help_options(const cli_opt *opts)
{
	char label[128];
	int width = 0;

	for (size_t i = 0; opts && opts[i].name; i++) {
		int n = option_label(&opts[i], label, sizeof label);
		if (opts[i].help && n > width && n <= 32)
			width = n;
	}
	for (size_t i = 0; opts && opts[i].name; i++) {
		if (!opts[i].help)
			continue;
		int n = option_label(&opts[i], label, sizeof label);
		if (n > width)
			printf("%s\n%*s  ", label, width, "");
		else
			printf("%-*s  ", width, label);
		wrap_at(opts[i].help, width + 2, width + 2, 80);
	}
}

/* a verb group's verbs, each with the first line of its synopsis */
static void help_verbs(const cli_command *c)
{
	size_t width = 0;

	for (size_t i = 0; c->verbs[i].name; i++)
		if (strlen(c->verbs[i].name) > width)
			width = strlen(c->verbs[i].name);
	printf("\n");
	for (size_t i = 0; c->verbs[i].name; i++) {
		const char *syn = c->verbs[i].cmd && c->verbs[i].cmd->synopsis ?
			c->verbs[i].cmd->synopsis : "";
		int room = 78 - 2 - (int)width - 2;
		int n = (int)strcspn(syn, "\n"), cut = n;
		/* too long: cut at a word, and say so */
		if (n > room)
			for (cut = room - 4; cut > 0 && syn[cut] != ' '; cut--)
				;
		printf("  %-*s  %.*s%s\n", (int)width, c->verbs[i].name, cut, syn,
			cut < n ? " ..." : "");
	}
}

/* a filter's verbs on a line or two */
static void help_verb_names(const cli_command *c)
{
	int col = printf("Commands:");

	for (size_t i = 0; c->verbs[i].name; i++) {
		int w = (int)strlen(c->verbs[i].name) + (c->verbs[i + 1].name ? 1 : 0);
		if (col + 1 + w > 79)
			col = printf("\n ");
		col += printf(" %s%s", c->verbs[i].name, c->verbs[i + 1].name ? "," : "");
	}
	putchar('\n');
}

void cli_help(const cli_command *c)
{
	const char *s = c->synopsis ? c->synopsis : "";
	int first = 1, verbs = c->verbs && c->verbs[0].name;

	/* usage: NAME SYNOPSIS, a form a line of the synopsis, wrapped */
	while (first || *s) {
		size_t n = strcspn(s, "\n");
		char form[1024];
		int col = printf("%s %s", first ? "usage:" : "      ", c->name);
		snprintf(form, sizeof form, "%.*s", (int)n, s);
		if (n)
			printf(" ");
		wrap_at(form, col + (n ? 1 : 0), 8, 80);
		s += n + (s[n] == '\n');
		first = 0;
	}
	if (c->about) {
		putchar('\n');
		wrap(c->about, 0, 78);
	}
	if (count(c->opts)) {
		putchar('\n');
		help_options(c->opts);
	}
	if (verbs && !count(c->opts))
		help_verbs(c);
	putchar('\n');
	if (verbs && count(c->opts))
		help_verb_names(c);
	printf("Common options: -w WORKSPACE -o DIR --pretty -k -q -v -h --version --completion\n");
	if (c->exits) {
		char exits[512];
		snprintf(exits, sizeof exits, "Exit: %s.  See %s.", c->exits, c->see ? c->see : "wa(1)");
		wrap(exits, 0, 78);
	} else if (c->see) {
		printf("See %s.\n", c->see);
	}
}

/* ---- verbs ---- */

/* c's verbs, "a, b, c", in names (of size n) */
static const char *verb_list(const cli_command *c, char *names, size_t n)
{
	size_t len = 0;

	names[0] = '\0';
	for (size_t i = 0; c->verbs && c->verbs[i].name && len < n; i++)
		len += snprintf(names + len, n - len, "%s%s", i ? ", " : "", c->verbs[i].name);
	return names;
}

int cli_dispatch(const cli_command *c, int argc, char **argv,
	int (*dflt)(int argc, char **argv))
{
	cli_common o;
	int first;

	if (argc > 1 && argv[1][0] != '-')
		for (size_t i = 0; c->verbs && c->verbs[i].name; i++)
			if (!strcmp(argv[1], c->verbs[i].name)) {
				char prog[128];
				snprintf(prog, sizeof prog, "%s %s", c->name, c->verbs[i].name);
				cli_diag_init(prog);
				if (c->verbs[i].run)
					return c->verbs[i].run(c->verbs[i].data, argc - 1, argv + 1);
				return c->verbs[i].main(argc - 1, argv + 1);
			}
	/* the command's own --help, --version and --completion, before its default */
	if (dflt && !(argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "--version"))) && !(argc > 1 && !strncmp(argv[1], "--completion", 12)))
		return dflt(argc, argv);
	char names[512];
	if (argc > 1 && argv[1][0] != '-')
		return cli_usage_error("no command \"%s\" (commands: %s)", argv[1],
			verb_list(c, names, sizeof names));
	/* options alone: --help, --version, --completion, or a mistake */
	int rc = cli_parse(c, argc, argv, &o, NULL, NULL, &first);
	if (rc >= 0)
		return rc;
	if (first < argc)
		return cli_usage_error("no command \"%s\" (commands: %s)", argv[first],
			verb_list(c, names, sizeof names));
	return cli_usage_error("give a command: %s", verb_list(c, names, sizeof names));
}
