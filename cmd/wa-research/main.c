/* wa-research - research a prospect: crawl its site politely, ask the
 * other sources, extract facts, analyse where an agent helps, and write
 * the research section.  "page" and "note" are its two helpers. */
#include <string.h>

#include "research.h"

int main(int argc, char **argv)
{
	wa_diag_init(ENGINE);
	if (argc > 1 && strcmp(argv[1], "page") == 0)
		return cmd_page(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "note") == 0)
		return cmd_note(argc - 1, argv + 1);
	return cmd_research(argc, argv);
}
