/* wa-nda - the NDA an agency sends before it sees a client's data, from
 * template to signed.  Without a command it is the filter that writes
 * NDAs (generate.c); the commands that drive one NDA through its life
 * are cmd/doclife's, for the kind "nda". */
#include "doclife.h"
#include "nda.h"

static const doc_kind nda = { .kind = "nda", .label = "NDA", .a_label = "an NDA",
	.program = "wa-nda", .generator = "wa-nda", .title = "non-disclosure agreement" };

int main(int argc, char **argv)
{
	int rc;

	if (argc > 1 && (rc = doc_command(&nda, " sign verify status remind audit certificate "
	    "send webhook ", argc - 1, argv + 1)) >= 0)
		return rc;
	return nda_generate_main(argc, argv);
}
