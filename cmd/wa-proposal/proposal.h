/* proposal.h - wa-proposal's files: main.c (the filter), agreement.c
 * (the agreement draft, the envelopes, the agreement commands), edit.c
 * (the sections people rewrite: overrides, edit), diff.c (redlines). */
#ifndef PROPOSAL_H
#define PROPOSAL_H

#include "doclife.h"
#include "base/buf.h"
#include "base/err.h"
#include "cli/cli.h"
#include "doc/doc.h"
#include "ws/loop.h"

typedef struct ctx {
	json_t *agency;
	wa_doc_library *lib;
	const char *templates, *template;       /* for a library with overrides */
	int allow_missing;
	const char *out_dir;
	json_t *sections;       /* --section NAME=FILE: {name: text} */
	wa_doc_library *agreement_lib;
	json_t *agreement_options;      /* --tier, --billing */
} ctx;

extern const doc_kind proposal_kind, agreement_kind;

/* The agreement section for this record (a new object), its version
 * made when its text changed: or NULL with err. */
json_t *proposal_agreement_new(ctx *c, wa_record *rec, json_t *data, int proposal_version,
	wa_err *err);
/* The envelope of a version of kind: a fresh version's starts as a
 * draft (audited, with the event KIND.generated); an old one's is
 * loaded.  A new object, or NULL with err. */
json_t *proposal_envelope_new(wa_record *rec, const char *kind, int version, int fresh,
	json_t *recipients, const wa_buf *pdf, wa_err *err);

/* The sections in document order, NULL-terminated. */
extern const char *const proposal_sections[];
int proposal_section_known(const char *name);

/* The data the templates see, for a dossier (a new object). */
json_t *proposal_data_new(ctx *c, json_t *dossier);

/* Section name rendered alone from lib over data, its heading "## §
 * Title" again: what an override replaces.  0, or -1 with err. */
int proposal_section_text(const wa_doc_library *lib, const char *name, json_t *data,
	wa_buf *out, wa_err *err);

extern const cli_command proposal_edit_cmd, proposal_diff_cmd;
int proposal_edit_main(int argc, char **argv);
int proposal_diff_main(int argc, char **argv);

#endif
