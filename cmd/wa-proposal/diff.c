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

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "ws/artifact.h"
#include "ws/ws.h"

#define DIFF_TOKENS_MAX 40000   /* a side; beyond it the diff is refused */

enum { O_HTML = CLI_OWN, O_COLOR, O_NO_COLOR };

static const cli_opt diff_opts[] = {
	{ "html", O_HTML, NULL, "a page with <del> and <ins>" },
	{ "color", O_COLOR, NULL, "in colour, even when not on a terminal" },
	{ "no-color", O_NO_COLOR, NULL, "[-deleted-] and {+inserted+}, even on a terminal" },
	{ 0 },
};

const cli_command proposal_diff_cmd = {
	.name = "wa-proposal diff",
	.synopsis = "[-w WORKSPACE] [--html] [--color | --no-color] CLIENT [V1 [V2]]",
	.about = "The changes from version V1 to V2 of CLIENT's proposal, word by word (V2 "
		"defaults to the latest version, V1 to the one before V2).  Deleted words show as "
		"[-words-] and inserted ones as {+words+}, in colour on a terminal; --html writes a "
		"page with <del> and <ins>.",
	.opts = diff_opts,
	.exits = "0 no change, 1 changes, 64 usage, 66 no such client or version",
	.see = "wa-proposal(1)",
};

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

/* the latest version of client's proposal in the workspace, 0 for none */
static int latest_version(wa_ws *ws, const char *client, wa_err *err)
{
	char prefix[512];
	json_t *items, *it;
	size_t i, plen;
	int best = 0;

	snprintf(prefix, sizeof prefix, "proposal/%s/v", client);
	plen = strlen(prefix);
	if (!(items = wa_artifact_list(ws, prefix, err)))
		return -1;
	json_array_foreach(items, i, it) {
		const char *name = json_string_value(json_object_get(it, "name"));
		char *end;
		long n = strtol(name + plen, &end, 10);
		if (!strcmp(end, "/proposal.md") && n > best)
			best = (int)n;
	}
	json_decref(items);
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

typedef struct diff_args {
	int html, color, v1, v2;
	const char *client;
} diff_args;

static int diff_option(void *user, int key, const char *arg)
{
	diff_args *d = user;

	(void)arg;
	if (key == O_HTML)
		d->html = 1;
	else
		d->color = key == O_COLOR;
	return 0;
}

/* the versions: V2 the latest by default, V1 the one before it */
static int versions(wa_ws *ws, diff_args *d, wa_err *err)
{
	if (!d->v2) {
		int latest = latest_version(ws, d->client, err);
		if (latest < 0)
			return -1;
		if (latest == 0)
			return wa_err_set(err, WA_EX_NOINPUT, "%s has no proposal in %s", d->client,
				wa_ws_path(ws));
		d->v2 = latest;
	}
	if (!d->v1)
		d->v1 = d->v2 > 1 ? d->v2 - 1 : 1;
	return 0;
}

/* the redline of v1 to v2 into o: changes, or -1 with err */
static long diff(wa_ws *ws, const diff_args *d, wa_buf *o, wa_err *err)
{
	wa_buf a, b;
	long changes = -1;

	wa_buf_init(&a);
	wa_buf_init(&b);
	if (version_text(ws, d->client, d->v1, &a, err) ||
	    version_text(ws, d->client, d->v2, &b, err))
		goto out;
	out w = { o, d->html, d->html ? 0 : d->color, 0 };
	if (d->html)
		wa_buf_addf(o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
			"<title>%s: proposal v%d to v%d</title><style>body{font:15px/1.5 sans-serif;"
			"max-width:50em;margin:2em auto;white-space:pre-wrap}del{background:#fdd;"
			"color:#900}ins{background:#dfd;color:#060;text-decoration:none}</style></head>"
			"<body>", d->client, d->v1, d->v2);
	changes = redline(a.data ? a.data : "", b.data ? b.data : "", &w, err);
	if (changes >= 0 && d->html)
		wa_buf_adds(o, "</body></html>\n");
out:
	wa_buf_free(&a);
	wa_buf_free(&b);
	return changes;
}

int proposal_diff_main(int argc, char **argv)
{
	wa_err err = WA_ERR_INIT;
	diff_args d = { .color = isatty(1) };
	cli_common o;
	wa_ws *ws = NULL;
	wa_buf out;
	long changes;
	int first, rc = cli_parse(&proposal_diff_cmd, argc, argv, &o, diff_option, &d, &first);

	if (rc >= 0)
		return rc;
	if (first >= argc || argc - first > 3)
		return cli_usage_error("give CLIENT [V1 [V2]]");
	if ((argc - first > 1 && version_arg(argv[first + 1], &d.v1)) ||
	    (argc - first > 2 && version_arg(argv[first + 2], &d.v2)))
		return cli_usage_error("a version is a number (3 or v3)");
	d.client = argv[first];
	if ((rc = cli_open_workspace(&o, CLI_WS_WRITE, &ws)))
		return rc;
	wa_buf_init(&out);
	if (versions(ws, &d, &err) || (changes = diff(ws, &d, &out, &err)) < 0) {
		rc = cli_report(&err);
	} else {
		fwrite(out.data ? out.data : "", 1, out.len, stdout);
		rc = cli_flush();
		if (!rc && changes)
			rc = WA_EX_NEGATIVE;
	}
	wa_buf_free(&out);
	wa_ws_close(ws);
	return rc;
}
