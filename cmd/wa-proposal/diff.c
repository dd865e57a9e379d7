/* diff.c - "wa-proposal diff": what changed between two versions of a
 * client's proposal, word by word, as a redline: on a terminal deleted
 * words in red and inserted ones in green, elsewhere [-deleted-] and
 * {+inserted+} (git's word-diff notation), or with --html a page with
 * <del> and <ins>.  Words are compared on the Markdown the versions
 * were rendered from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proposal.h"

#define DIFF_TOKENS_MAX 40000   /* a side; beyond it the diff is refused */

static const char diff_usage[] =
	"usage: wa-proposal diff [-w WORKSPACE] [--html] [--color | --no-color]\n"
	"                        CLIENT [V1 [V2]]\n"
	"\n"
	"The changes from version V1 to V2 of CLIENT's proposal, word by word\n"
	"(V2 defaults to the latest version, V1 to the one before V2).  Deleted\n"
	"words show as [-words-] and inserted ones as {+words+}, in colour on a\n"
	"terminal; --html writes a page with <del> and <ins>.\n"
	"\n"
	"Exit: 0 no change, 1 changes, 64 usage, 66 no such client or version.\n";

enum { OPT_HTML = WA_OPT_FIRST_FREE, OPT_COLOR, OPT_NO_COLOR };

typedef struct tokens {
	const char **s;
	size_t *len, n;
} tokens;

/* words and the white space between them, each a token */
static void split(const char *text, tokens *t)
{
	const char *p = text;

	t->s = NULL;
	t->len = NULL;
	t->n = 0;
	while (*p) {
		const char *q = p;
		int space = strchr(" \t\n", *p) != NULL;
		while (*q && (strchr(" \t\n", *q) != NULL) == space)
			q++;
		t->s = wa_mem_realloc(t->s, (t->n + 1) * sizeof *t->s);
		t->len = wa_mem_realloc(t->len, (t->n + 1) * sizeof *t->len);
		t->s[t->n] = p;
		t->len[t->n++] = (size_t)(q - p);
		p = q;
	}
}

static int same(const tokens *a, size_t i, const tokens *b, size_t j)
{
	return a->len[i] == b->len[j] && !memcmp(a->s[i], b->s[j], a->len[i]);
}

typedef struct out {
	wa_buf *b;
	int html, color;
	int state;              /* 0 common, '-' in a deletion, '+' an insertion */
} out;

static void close_run(out *o)
{
	if (o->state == '-')
		wa_buf_adds(o->b, o->html ? "</del>" : o->color ? "\033[m" : "-]");
	else if (o->state == '+')
		wa_buf_adds(o->b, o->html ? "</ins>" : o->color ? "\033[m" : "+}");
	o->state = 0;
}

static void emit(out *o, int kind, const char *s, size_t len)
{
	if (kind != o->state) {
		close_run(o);
		if (kind == '-')
			wa_buf_adds(o->b, o->html ? "<del>" : o->color ? "\033[31m" : "[-");
		else if (kind == '+')
			wa_buf_adds(o->b, o->html ? "<ins>" : o->color ? "\033[32m" : "{+");
		o->state = kind;
	}
	if (!o->html) {
		wa_buf_add(o->b, s, len);
		return;
	}
	for (size_t i = 0; i < len; i++)
		switch (s[i]) {
		case '<': wa_buf_adds(o->b, "&lt;"); break;
		case '>': wa_buf_adds(o->b, "&gt;"); break;
		case '&': wa_buf_adds(o->b, "&amp;"); break;
		default: wa_buf_addc(o->b, s[i]);
		}
}

/* The redline of a -> b into o; the number of changed runs. */
static long redline(const char *a_text, const char *b_text, out *o, wa_err *err)
{
	tokens a, b;
	long changes = -1;

	split(a_text, &a);
	split(b_text, &b);
	/* common ends first: most versions differ in a few places */
	size_t pre = 0, suf = 0;
	while (pre < a.n && pre < b.n && same(&a, pre, &b, pre))
		pre++;
	while (suf < a.n - pre && suf < b.n - pre && same(&a, a.n - 1 - suf, &b, b.n - 1 - suf))
		suf++;
	size_t n = a.n - pre - suf, m = b.n - pre - suf;
	if (n > DIFF_TOKENS_MAX || m > DIFF_TOKENS_MAX || (n + 1) * (m + 1) > (size_t)1 << 28) {
		wa_err_set(err, WA_EX_DATAERR, "the versions differ in too many places to compare "
			"word by word");
		goto done;
	}
	/* longest common subsequence of the middles, from the end */
	unsigned *lcs = wa_mem_calloc((n + 1) * (m + 1), sizeof *lcs);
#define L(i, j) lcs[(i) * (m + 1) + (j)]
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			L(i, j) = same(&a, pre + i, &b, pre + j) ? L(i + 1, j + 1) + 1 :
				L(i + 1, j) > L(i, j + 1) ? L(i + 1, j) : L(i, j + 1);
	for (size_t i = 0; i < pre; i++)
		emit(o, 0, a.s[i], a.len[i]);
	changes = 0;
	size_t i = 0, j = 0;
	while (i < n || j < m) {
		int kind;
		if (i < n && j < m && same(&a, pre + i, &b, pre + j)) {
			kind = 0;
		} else if (i < n && (j == m || L(i + 1, j) >= L(i, j + 1))) {
			kind = '-';     /* what goes, before what comes */
		} else {
			kind = '+';
		}
		if (kind && o->state == 0)
			changes++;
		if (kind == '+') {
			emit(o, '+', b.s[pre + j], b.len[pre + j]);
			j++;
		} else {
			emit(o, kind, a.s[pre + i], a.len[pre + i]);
			i++;
			j += kind == 0;
		}
	}
#undef L
	free(lcs);
	for (size_t k = a.n - suf; k < a.n; k++)
		emit(o, 0, a.s[k], a.len[k]);
	close_run(o);
done:
	free(a.s);
	free(a.len);
	free(b.s);
	free(b.len);
	return changes;
}

static int latest_version(wa_ws *ws, const char *client, wa_err *err)
{
	sqlite3_stmt *st = wa_ws_stmt(ws, "SELECT name FROM sqlar WHERE name LIKE 'proposal/' || ?1 "
		"|| '/v%/proposal.md'", err);
	int best = 0;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *v = strstr(name + strlen("proposal/") + strlen(client), "/v");
		int n = v ? atoi(v + 2) : 0;
		if (n > best)
			best = n;
	}
	sqlite3_reset(st);
	return best;
}

static int version_text(wa_ws *ws, const char *client, int v, wa_buf *out, wa_err *err)
{
	char name[512];

	snprintf(name, sizeof name, "proposal/%s/v%d/proposal.md", client, v);
	if (wa_artifact_get(ws, name, out, err)) {
		if (err->code == WA_EX_NOINPUT)
			wa_err_set(err, WA_EX_NOINPUT, "%s has no proposal version %d", client, v);
		return -1;
	}
	wa_buf_addc(out, '\0');
	out->len--;
	return 0;
}

static int version_arg(const char *s, int *v)
{
	char *end;
	long n = strtol(s[0] == 'v' ? s + 1 : s, &end, 10);

	if (*end || n < 1 || n > 1000000)
		return -1;
	*v = (int)n;
	return 0;
}

int proposal_diff_main(int argc, char **argv)
{
	static const struct option options[] = { WA_CLI_LONG_OPTIONS,
		{ "html", no_argument, 0, OPT_HTML }, { "color", no_argument, 0, OPT_COLOR },
		{ "no-color", no_argument, 0, OPT_NO_COLOR }, { 0, 0, 0, 0 } };
	wa_cli cli = { 0 };
	wa_err err = WA_ERR_INIT;
	int opt, html = 0, color = isatty(1), v1 = 0, v2 = 0, rc = 0;
	wa_ws *ws = NULL;
	wa_buf a, b, o;

	cli_diag_init("wa-proposal diff");
	while ((opt = getopt_long(argc, argv, WA_CLI_SHORT_OPTIONS, options, NULL)) != -1) {
		if (opt == OPT_HTML)
			html = 1;
		else if (opt == OPT_COLOR)
			color = 1;
		else if (opt == OPT_NO_COLOR)
			color = 0;
		else if (wa_cli_option(&cli, opt, optarg, argv) <= 0)
			return opt == '?' || opt == ':' ? WA_EX_USAGE :
				wa_cli_usage_error(argv, "unknown option");
	}
	if (cli.help)
		return fputs(diff_usage, stdout), 0;
	if (cli.version)
		return wa_cli_print_version();
	if (optind >= argc || argc - optind > 3)
		return wa_cli_usage_error(argv, "give CLIENT [V1 [V2]]");
	if ((argc - optind > 1 && version_arg(argv[optind + 1], &v1)) ||
	    (argc - optind > 2 && version_arg(argv[optind + 2], &v2)))
		return wa_cli_usage_error(argv, "a version is a number (3 or v3)");
	const char *client = argv[optind];
	wa_buf_init(&a);
	wa_buf_init(&b);
	wa_buf_init(&o);
	if (wa_ws_open(wa_ws_default_path(cli.workspace), 0, &ws, &err))
		goto fail;
	if (!v2) {
		int latest = latest_version(ws, client, &err);
		if (latest < 0)
			goto fail;
		if (latest == 0) {
			wa_err_set(&err, WA_EX_NOINPUT, "%s has no proposal in %s", client,
				wa_ws_path(ws));
			goto fail;
		}
		v2 = latest;
	}
	if (!v1)
		v1 = v2 > 1 ? v2 - 1 : 1;
	if (version_text(ws, client, v1, &a, &err) || version_text(ws, client, v2, &b, &err))
		goto fail;
	out w = { &o, html, html ? 0 : color, 0 };
	if (html)
		wa_buf_addf(&o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
			"<title>%s: proposal v%d to v%d</title><style>body{font:15px/1.5 sans-serif;"
			"max-width:50em;margin:2em auto;white-space:pre-wrap}del{background:#fdd;"
			"color:#900}ins{background:#dfd;color:#060;text-decoration:none}</style></head>"
			"<body>", client, v1, v2);
	long changes = redline(a.data ? a.data : "", b.data ? b.data : "", &w, &err);
	if (changes < 0)
		goto fail;
	if (html)
		wa_buf_adds(&o, "</body></html>\n");
	fwrite(o.data ? o.data : "", 1, o.len, stdout);
	if (fflush(stdout))
		rc = WA_EX_IOERR;
	else
		rc = changes ? WA_EX_NEGATIVE : 0;
	goto out;
fail:
	rc = cli_report(&err);
out:
	wa_buf_free(&a);
	wa_buf_free(&b);
	wa_buf_free(&o);
	wa_ws_close(ws);
	return rc;
}
