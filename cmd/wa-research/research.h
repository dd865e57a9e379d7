/* research.h - the parts of wa-research: the main program dispatches to
 * page (one page's extraction), note (a researcher's notes) and the
 * record loop that researches each dossier. */
#ifndef WA_RESEARCH_CMD_H
#define WA_RESEARCH_CMD_H

#include "base/buf.h"
#include "base/err.h"
#include "cli/cli.h"
#include "web/fetch.h"

/* "wa-research/VERSION (+CONTACT; ...)": CONTACT is $WA_RESEARCH_CONTACT,
 * the agency's URL or e-mail address for site owners; a warning when it
 * is not set (quiet: no warning). */
const char *research_user_agent(int quiet);

extern cli_command research_cmd;
extern const cli_command research_page_cmd, research_note_cmd;
int cmd_page(int argc, char **argv);
int cmd_note(int argc, char **argv);
int cmd_research(int argc, char **argv);


/* facts.c */
json_t *research_facts_empty_new(void);
void research_fact_add(json_t *facts, const char *kind, json_t *value, const char *source);
void research_facts_from_page(json_t *facts, json_t *extract);
void research_facts_from_text(json_t *facts, const char *text, const char *source,
	const char *country, const char *currency);
void add_unique_string(json_t *arr, const char *s);

/* analyse.c: analysis, opportunities and summary into research */
void research_analyse(json_t *research, json_t *facts, json_t *texts, json_t *client,
	json_t *audience);

/* sources.c: Google Places, Reddit, Facebook, Instagram (and why not TikTok) */
typedef struct research_sources {
	wa_fetch_opts fetch;
	char *reddit_token;     /* an application token, for the whole run */
	int64_t reddit_next_ms; /* Reddit's rate limit: no request before */
} research_sources;
void research_sources_init(research_sources *s, const wa_fetch_opts *fetch);
void research_sources_free(research_sources *s);
/* Ask every source for client; facts added, one entry per source
 * appended to sources, follower counts set in audience. */
void research_sources_run(research_sources *s, json_t *client, json_t *facts, json_t *sources,
	json_t *audience);

#endif
