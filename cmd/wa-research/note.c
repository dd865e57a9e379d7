/* wa-research note: placeholder until the notes table lands. */
#include <stdio.h>

#include "research.h"

int cmd_note(int argc, char **argv)
{
	(void)argc;
	return wa_cli_usage_error(argv, "note is not built yet");
}
