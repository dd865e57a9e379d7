/* Markdown to HTML: the expected HTML is what cmark-gfm's own command
 * (Debian's cmark-gfm, with the same extensions) prints for the same
 * input, and a few properties written by hand. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "doc/markdown.h"

static char *html_of(const char *md)
{
	wa_buf out;
	wa_err err = WA_ERR_INIT;

	wa_buf_init(&out);
	cr_assert_eq(wa_markdown_html(md, strlen(md), &out, &err), 0, "%s", err.msg);
	return wa_buf_detach(&out, NULL);
}

static const char doc[] =
	"# Mutual non-disclosure agreement\n\n"
	"Between **Bright Smile Dental** and *Zoë Núñez* (\"the Parties\").\n\n"
	"1. Definitions\n2. Obligations\n\n"
	"| Party | Signer |\n|---|---|\n| Agency | Ana Ruiz |\n| Client | Zoë Núñez |\n\n"
	"~~draft~~ see https://example.com\n\n"
	"<script>alert(1)</script>\n";

Test(markdown, the_same_as_cmark_gfm)
{
	char path[] = "/tmp/wa-md-XXXXXX";
	int fd = mkstemp(path);

	cr_assert_eq(write(fd, doc, sizeof doc - 1), (ssize_t)(sizeof doc - 1));
	close(fd);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "cmark-gfm -e table -e strikethrough -e autolink %s",
		path);
	FILE *p = popen(cmd, "r");
	char theirs[8192];
	size_t n = fread(theirs, 1, sizeof theirs - 1, p);
	theirs[n] = '\0';
	cr_assert_eq(pclose(p), 0);
	unlink(path);
	char *ours = html_of(doc);
	cr_assert_str_eq(ours, theirs);
	free(ours);
}

Test(markdown, tables_lists_and_no_raw_html)
{
	char *h = html_of(doc);

	cr_assert(strstr(h, "<h1>Mutual non-disclosure agreement</h1>"));
	cr_assert(strstr(h, "<ol>\n<li>Definitions</li>"));
	cr_assert(strstr(h, "<table>"));
	cr_assert(strstr(h, "<td>Zoë Núñez</td>"));
	cr_assert(strstr(h, "<del>draft</del>"));
	cr_assert(strstr(h, "<a href=\"https://example.com\">"));
	cr_assert_null(strstr(h, "<script>"), "%s", h);
	free(h);
}
