/* the research record loop: not built yet. */
#include "research.h"

int cmd_research(int argc, char **argv)
{
	(void)argc;
	return wa_cli_usage_error(argv, "give a subcommand: page");
}
