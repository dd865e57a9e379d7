/* wa-nda - the NDA an agency sends before it sees a client's data, from
 * template to signed.  Without a command it is the filter that writes
 * NDAs (generate.c); the commands that drive one NDA through its life
 * are cmd/doclife's, for the kind "nda". */
#include "doclife.h"
#include "nda.h"

#include "cli/cli.h"

static const doc_kind nda = { .kind = "nda", .label = "NDA", .a_label = "an NDA",
	.program = "wa-nda", .generator = "wa-nda", .title = "non-disclosure agreement" };

static const char *const commands[] = { "sign", "verify", "status", "remind", "audit",
	"certificate", "send", "webhook", NULL };

cli_command wa_nda = {
	.name = "wa-nda",
	.synopsis = "[OPTIONS] [FILE...]\nCOMMAND [OPTIONS] ARGS...",
	.about = "Write each dossier's NDA from the built-in clause library (or yours) as "
		"Markdown, HTML and PDF, keep them in the workspace, set the nda section; -o DIR "
		"writes DIR/CLIENT-nda-vN.md, .html and .pdf too.  Options not given keep the "
		"dossier's earlier choices, then the defaults.",
	.opts = nda_opts,
	.exits = "0 ok, 64 usage, 65 bad dossier or unset variables, 66 missing file, 78 bad "
		"agency profile or template",
	.see = "wa-nda(1)",
};

int main(int argc, char **argv)
{
	cli_diag_init("wa-nda");
	wa_nda.verbs = doc_verbs(&nda, commands);
	return cli_dispatch(&wa_nda, argc, argv, nda_generate_main);
}
