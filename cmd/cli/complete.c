/* complete.c - completion scripts for bash and zsh from a command's
 * table (as git and curl ship theirs), and the table as plain lines for
 * scripts: see cli.h.
 *
 * Verbs follow the command name directly ("wa-agent kb add"), as
 * cli_dispatch reads them; an option's value completes by the name of
 * its value: files for FILE, PATH, CONFIG, WORKSPACE and the like,
 * directories for DIR, the alternatives of "a|b|c", nothing otherwise. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

/* the shell-safe function name of a command: "wa-price" -> "_wa_price" */
static void function_name(const char *name, char *out, size_t size)
{
	size_t n = 0;

	out[n++] = '_';
	for (const char *p = name; *p && n + 1 < size; p++)
		out[n++] = (*p == '-' || *p == ' ') ? '_' : *p;
	out[n] = '\0';
}

typedef enum { VALUE_NONE, VALUE_FILE, VALUE_DIR, VALUE_WORDS } value_kind;

static value_kind value_of(const char *arg)
{
	static const char *const files[] = { "FILE", "PATH", "CONFIG", "WORKSPACE", "CA",
		"KEY", "CERT", "FILE.pdf", NULL };

	if (!arg)
		return VALUE_NONE;
	if (strchr(arg, '|'))
		return VALUE_WORDS;
	if (!strcmp(arg, "DIR"))
		return VALUE_DIR;
	for (int i = 0; files[i]; i++)
		if (!strcmp(arg, files[i]) || strstr(arg, files[i]) == arg + strlen(arg) -
		    strlen(files[i]))
			return VALUE_FILE;
	return VALUE_NONE;
}

static const cli_opt common_opts[] = {
	{ "workspace", 'w', "WORKSPACE", NULL }, { "out", 'o', "DIR", NULL },
	{ "pretty", CLI_PRETTY, NULL, NULL }, { "keep-going", 'k', NULL, NULL },
	{ "quiet", 'q', NULL, NULL }, { "verbose", 'v', NULL, NULL },
	{ "help", 'h', NULL, NULL }, { "version", CLI_VERSION, NULL, NULL },
	{ "completion", CLI_COMPLETION, "bash|zsh", NULL }, { NULL, 0, NULL, NULL },
};

/* each command of the tree under c, with its verb path ("", "kb",
 * "kb add") */
typedef void (*visit_fn)(const cli_command *c, const char *path, void *user);

static void walk(const cli_command *c, const char *path, visit_fn fn, void *user)
{
	fn(c, path, user);
	for (size_t i = 0; c->verbs && c->verbs[i].name; i++) {
		char sub[256];
		snprintf(sub, sizeof sub, "%s%s%s", path, *path ? " " : "", c->verbs[i].name);
		if (c->verbs[i].cmd)
			walk(c->verbs[i].cmd, sub, fn, user);
	}
}

static void each_option(const cli_command *c, void (*fn)(const cli_opt *o, void *user),
	void *user)
{
	for (size_t i = 0; common_opts[i].name; i++)
		if (!cli_own_option(c, common_opts[i].name))
			fn(&common_opts[i], user);
	for (size_t i = 0; c->opts && c->opts[i].name; i++)
		fn(&c->opts[i], user);
}

/* ---- bash ---- */

static void bash_word(const cli_opt *o, void *user)
{
	(void)user;
	if (o->key > 0 && o->key < 0x100)
		printf(" -%c", o->key);
	if (!cli_short_only(o))
		printf(" --%s", o->name);
}

static void bash_value(const cli_opt *o, void *user)
{
	const char *compgen;
	value_kind k = value_of(o->arg);

	(void)user;
	if (!o->arg)
		return;
	printf("\t\t");
	if (cli_short_only(o))
		printf("-%c) ", o->key);
	else if (o->key > 0 && o->key < 0x100)
		printf("-%c|--%s) ", o->key, o->name);
	else
		printf("--%s) ", o->name);
	compgen = k == VALUE_FILE ? "-f" : k == VALUE_DIR ? "-d" : NULL;
	if (compgen) {
		printf("COMPREPLY=($(compgen %s -- \"$cur\")); return ;;\n", compgen);
	} else if (k == VALUE_WORDS) {
		printf("COMPREPLY=($(compgen -W \"");
		for (const char *p = o->arg; *p; p++)
			putchar(*p == '|' ? ' ' : *p);
		printf("\" -- \"$cur\")); return ;;\n");
	} else {
		printf("return ;;\n");
	}
}

static void bash_path(const cli_command *c, const char *path, void *user)
{
	(void)user;
	for (size_t i = 0; c->verbs && c->verbs[i].name; i++)
		printf("\t\t\"%s:%s\") vpath=\"%s%s%s\" ;;\n", path, c->verbs[i].name, path,
			*path ? " " : "", c->verbs[i].name);
}

static void bash_case(const cli_command *c, const char *path, void *user)
{
	(void)user;
	printf("\t\"%s\")\n\t\tcase $prev in\n", path);
	each_option(c, bash_value, NULL);
	printf("\t\tesac\n\t\tcase $cur in\n\t\t-*) COMPREPLY=($(compgen -W \"");
	each_option(c, bash_word, NULL);
	printf("\" -- \"$cur\")) ;;\n\t\t*) ");
	if (c->verbs && c->verbs[0].name) {
		printf("[ \"$verbs_done\" ] || COMPREPLY=($(compgen -W \"");
		for (size_t i = 0; c->verbs[i].name; i++)
			printf("%s%s", i ? " " : "", c->verbs[i].name);
		printf("\" -- \"$cur\"))\n\t\t\t");
	}
	printf("COMPREPLY+=($(compgen -f -- \"$cur\")) ;;\n\t\tesac ;;\n");
}

static void bash_script(const cli_command *c)
{
	char fn[128];

	function_name(c->name, fn, sizeof fn);
	printf("# bash completion for %s, made by '%s --completion bash'\n", c->name, c->name);
	printf("%s()\n{\n", fn);
	printf("\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n");
	printf("\tlocal vpath= verbs_done= i\n");
	printf("\tfor ((i = 1; i < COMP_CWORD; i++)); do\n");
	printf("\t\tcase \"$vpath:${COMP_WORDS[i]}\" in\n");
	walk(c, "", bash_path, NULL);
	printf("\t\t*) verbs_done=1; break ;;\n\t\tesac\n\tdone\n");
	printf("\tcase $vpath in\n");
	walk(c, "", bash_case, NULL);
	printf("\tesac\n}\ncomplete -o filenames -F %s %s\n", fn, c->name);
}

/* ---- zsh ---- */

/* text with ' and ] and : escaped for an _arguments spec */
static void zsh_text(const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\'')
			printf("'\\''");
		else if (*s == ']' || *s == '[' || *s == ':')
			printf("\\%c", *s);
		else
			putchar(*s);
	}
}

static void zsh_spec(const cli_opt *o, void *user)
{
	value_kind k = value_of(o->arg);

	(void)user;
	printf(" \\\n\t\t\t");
	if (cli_short_only(o))
		printf("'-%c", o->key);
	else if (o->key > 0 && o->key < 0x100)
		printf("'(-%c --%s)'{-%c,--%s}'", o->key, o->name, o->key, o->name);
	else
		printf("'--%s", o->name);
	printf("[");
	zsh_text(o->help ? o->help : o->name);
	printf("]");
	if (o->arg) {
		printf(":");
		zsh_text(o->arg);
		printf(":");
		if (k == VALUE_FILE)
			printf("_files");
		else if (k == VALUE_DIR)
			printf("_files -/");
		else if (k == VALUE_WORDS) {
			printf("(");
			for (const char *p = o->arg; *p; p++)
				putchar(*p == '|' ? ' ' : *p);
			printf(")");
		}
	}
	printf("'");
}

static void zsh_path(const cli_command *c, const char *path, void *user)
{
	(void)user;
	for (size_t i = 0; c->verbs && c->verbs[i].name; i++)
		printf("\t\t\"%s:%s\") vpath=\"%s%s%s\" ;;\n", path, c->verbs[i].name, path,
			*path ? " " : "", c->verbs[i].name);
}

static void zsh_case(const cli_command *c, const char *path, void *user)
{
	(void)user;
	printf("\t\"%s\")\n\t\t_arguments -s -S", path);
	each_option(c, zsh_spec, NULL);
	if (c->verbs && c->verbs[0].name) {
		printf(" \\\n\t\t\t'1:command:(");
		for (size_t i = 0; c->verbs[i].name; i++)
			printf("%s%s", i ? " " : "", c->verbs[i].name);
		printf(")'");
	}
	printf(" \\\n\t\t\t'*:file:_files' ;;\n");
}

static void zsh_script(const cli_command *c)
{
	char fn[128];

	function_name(c->name, fn, sizeof fn);
	printf("#compdef %s\n# zsh completion for %s, made by '%s --completion zsh'\n",
		c->name, c->name, c->name);
	printf("%s()\n{\n\tlocal vpath= n=1\n", fn);
	/* the verbs right after the command name, then _arguments on the rest */
	printf("\twhile (( n + 1 < CURRENT )); do\n\t\tcase \"$vpath:${words[n+1]}\" in\n");
	walk(c, "", zsh_path, NULL);
	printf("\t\t*) break ;;\n\t\tesac\n\t\t(( n++ ))\n\tdone\n");
	printf("\tif (( n > 1 )); then\n\t\twords=(\"${words[1]}\" \"${(@)words[n+1,-1]}\")\n"
		"\t\t(( CURRENT -= n - 1 ))\n\tfi\n");
	printf("\tcase $vpath in\n");
	walk(c, "", zsh_case, NULL);
	printf("\tesac\n}\n%s \"$@\"\n", fn);
}

/* ---- for scripts ---- */

static void list_option(const cli_opt *o, void *user)
{
	const char *cmd = user;

	if (!cli_short_only(o))
		printf("%s\t--%s\n", cmd, o->name);
	if (o->key > 0 && o->key < 0x100)
		printf("%s\t-%c\n", cmd, o->key);
}

static void list_command(const cli_command *c, const char *path, void *user)
{
	(void)path;
	(void)user;
	each_option(c, list_option, (void *)c->name);
}

int cli_completion(const cli_command *c, const char *shell)
{
	if (!strcmp(shell, "bash"))
		bash_script(c);
	else if (!strcmp(shell, "zsh"))
		zsh_script(c);
	else if (!strcmp(shell, "list"))
		walk(c, "", list_command, NULL);
	else
		return cli_usage_error("--completion: bash or zsh, not %s", shell);
	return cli_flush();
}
