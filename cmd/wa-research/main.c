/* wa-research - research a prospect: crawl its site politely, ask the
 * other sources, extract facts, analyse where an agent helps, and write
 * the research section.  "page" and "note" are its two helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "research.h"

#include "base/version.h"
#include "cli/cli.h"

const char *research_user_agent(int quiet)
{
	static char ua[512];
	const char *contact = getenv("WA_RESEARCH_CONTACT");

	if (!contact || !*contact) {
		if (!quiet)
			cli_warn("WA_RESEARCH_CONTACT is not set: the sites crawled cannot see "
				"whom to contact about this crawler");
		contact = "no contact given";
	}
	snprintf(ua, sizeof ua, "wa-research/%s (+%s; research for an AI agent proposal)",
		WA_VERSION, contact);
	return ua;
}

int main(int argc, char **argv)
{
	cli_diag_init(ENGINE);
	if (argc > 1 && strcmp(argv[1], "page") == 0)
		return cmd_page(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "note") == 0)
		return cmd_note(argc - 1, argv + 1);
	return cmd_research(argc, argv);
}
