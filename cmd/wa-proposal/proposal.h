/* proposal.h - wa-proposal's files: main.c (the filter), edit.c (the
 * sections people rewrite: overrides, edit), diff.c (redlines). */
#ifndef PROPOSAL_H
#define PROPOSAL_H

#include "wa.h"

typedef struct ctx {
	json_t *agency;
	wa_doc_library *lib;
	const char *templates, *template;       /* for a library with overrides */
	int allow_missing;
	const char *out_dir;
	json_t *sections;       /* --section NAME=FILE: {name: text} */
} ctx;

/* The sections in document order, NULL-terminated. */
extern const char *const proposal_sections[];
int proposal_section_known(const char *name);

/* The data the templates see, for a dossier (a new object). */
json_t *proposal_data_new(ctx *c, json_t *dossier);

/* Section name rendered alone from lib over data, its heading "## §
 * Title" again: what an override replaces.  0, or -1 with err. */
int proposal_section_text(const wa_doc_library *lib, const char *name, json_t *data,
	wa_buf *out, wa_err *err);

/* Store text as client's override of section, over the generated text
 * base (its sha256 is kept); text must parse as a template. */
int proposal_override_put(wa_ws *ws, const char *client, const char *section,
	const char *text, const char *base, wa_err *err);

/* The client's overrides ({section: {text, base_sha256}}), a new object,
 * or NULL with err. */
json_t *proposal_overrides_new(wa_ws *ws, const char *client, wa_err *err);

int proposal_edit_main(int argc, char **argv);
int proposal_diff_main(int argc, char **argv);

#endif
