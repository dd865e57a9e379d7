/* wa-research - research a prospect: crawl its site politely, ask the
 * other sources, extract facts, analyse where an agent helps, and write
 * the research section.  "page" and "note" are its two helpers. */
#include <stdio.h>
#include <stdlib.h>

#include "base/version.h"
#include "cli/cli.h"
#include "research.h"

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

static const cli_verb verbs[] = {
	{ "page", &research_page_cmd, cmd_page, NULL, NULL },
	{ "note", &research_note_cmd, cmd_note, NULL, NULL },
	{ 0 },
};

int main(int argc, char **argv)
{
	cli_diag_init("wa-research");
	research_cmd.verbs = verbs;
	return cli_dispatch(&research_cmd, argc, argv, cmd_research);
}
