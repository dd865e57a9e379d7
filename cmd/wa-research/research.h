/* research.h - the parts of wa-research: the main program dispatches to
 * page (one page's extraction), note (a researcher's notes) and the
 * record loop that researches each dossier. */
#ifndef WA_RESEARCH_CMD_H
#define WA_RESEARCH_CMD_H

#include "wa.h"

#define ENGINE "wa-research"
#define RESEARCH_USER_AGENT "wa-research/" WA_VERSION \
	" (+https://github.com/wa-toolchain/wa; research for an AI agent proposal)"

int cmd_page(int argc, char **argv);
int cmd_note(int argc, char **argv);
int cmd_research(int argc, char **argv);

/* Read url (http, https, file) or a local file into a UTF-8 page.  The
 * page's final URL goes to *final_url (new).  0, or -1 with err set. */
int research_read_page(const char *what, int allow_private, wa_buf *utf8,
	char **final_url, wa_err *err);

#endif
