/* doc.h - documents from a clause library: templates (see
 * text/template.h) in Markdown, rendered over the dossier, clause headings
 * numbered, and turned into one self-contained HTML file with print CSS.
 * wa-nda and wa-proposal build on it.
 *
 * A library holds templates by name ("mutual", "clauses/term"): the
 * built-in ones of a kind (schemas/templates/KIND/, in the binary), then,
 * clause by clause, those of a directory, then single files. */
#ifndef WA_DOC_H
#define WA_DOC_H

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/hash.h"
#include "text/template.h"
#include "ws/ws.h"

typedef struct wa_doc_library wa_doc_library;

/* The built-in templates of kind ("nda"), or an empty library for a
 * kind that has none. */
wa_doc_library *wa_doc_library_new(const char *kind);
void wa_doc_library_free(wa_doc_library *lib);
/* Every DIR/NAME.md (and DIR/clauses/NAME.md) replaces the template of
 * that name.  0, or -1 with err (66 no such directory, 65 a bad
 * template: "DIR/clauses/term.md line 3: ..."). */
int wa_doc_library_load_dir(wa_doc_library *lib, const char *dir, wa_err *err);
/* Add or replace the template name with text (source names it in
 * messages). */
int wa_doc_library_set(wa_doc_library *lib, const char *name, const char *text,
	const char *source, wa_err *err);
const wa_template *wa_doc_library_get(const wa_doc_library *lib, const char *name);

/* A command's library: the built-ins of kind, then the workspace's, then
 * dir's (may be NULL), then file (may be NULL) as the whole document
 * ("document").  A new library, or NULL with err (78 for a bad template,
 * 66 a missing directory or file). */
wa_doc_library *wa_doc_library_setup_new(wa_ws *ws, const char *kind, const char *dir,
	const char *file, wa_err *err);

/* What a document engine (wa-nda, wa-proposal) opens before its record
 * loop: the agency profile at agency and out_dir (may be NULL) checked
 * to be a directory (73); then, with the workspace, the library of kind
 * with templates and template (either may be NULL), as
 * wa_doc_library_setup_new loads them.  0, or -1 with err; close e in
 * either case. */
typedef struct wa_doc_engine {
	json_t *agency;
	wa_doc_library *lib;
} wa_doc_engine;
int wa_doc_engine_open(wa_doc_engine *e, const char *agency, const char *out_dir, wa_err *err);
int wa_doc_engine_library(wa_doc_engine *e, wa_ws *ws, const char *kind, const char *templates,
	const char *template, wa_err *err);
void wa_doc_engine_close(wa_doc_engine *e);

/* One version of a document: md, html and pdf stored in the workspace as
 * KIND/CLIENT/vVERSION/KIND.EXT when fresh, and written to out_dir (may
 * be NULL) as CLIENT-KIND-vVERSION.EXT.  The artifacts array ({name,
 * format, sha256, size} each) of a section, or NULL with err. */
json_t *wa_doc_store_new(wa_ws *ws, const char *kind, const char *client, int version,
	int fresh, const char *out_dir, wa_buf *md, wa_buf *html, wa_buf *pdf, wa_err *err);

/* The version of a document whose Markdown is md, given its section as
 * the dossier last had it (old; NULL the first time): old's version when
 * md is the text old was made from (*fresh = 0), else the next one
 * (*fresh = 1).  hash gets md's SHA-256, which the section keeps as
 * content_sha256. */
int wa_doc_version(json_t *old, const wa_buf *md, char hash[WA_SHA256_HEX], int *fresh);

/* Who signs, in routing order: the agency, then the client (only the
 * client when client_only), from data's agency and client objects (their
 * legal_name and signer {name, title, email}): a new array of {role,
 * name, title, email, organisation}. */
json_t *wa_doc_signers_new(json_t *data, int client_only);

/* Render the template main over data as Markdown: data escaped for
 * Markdown, headings written "## § Title" numbered in order ("## 3.
 * Title").  used and missing as in wa_template_opts (may be NULL). */
int wa_doc_markdown(const wa_doc_library *lib, const char *main, json_t *data,
	int allow_missing, json_t *used, json_t *missing, wa_buf *out, wa_err *err);

/* One self-contained HTML file (no external resource) for md, with
 * print CSS: A4, margins, page numbers where the browser supports them;
 * logo (a PNG or JPEG file, or NULL) inline in a header. */
int wa_doc_html(const char *md, size_t len, const char *title, const char *lang,
	const char *logo, wa_buf *out, wa_err *err);

/* md as one document's HTML file and PDF, appended to html and pdf:
 * title on both, the agency's logo (agency.logo_file, when it has one)
 * in their headers, its legal name as the PDF's author and subject in
 * the PDF's metadata.  0, or -1 with err as wa_doc_html and
 * wa_pdf_from_markdown fail. */
int wa_doc_render(const wa_buf *md, const char *title, const char *subject, json_t *agency,
	wa_buf *html, wa_buf *pdf, wa_err *err);

/* The agency profile at path (YAML), checked against
 * schemas/agency.schema.json, with "address_line" added (the address on
 * one line) and "logo_file" (the logo's path, relative to the profile's
 * directory, checked readable) when it has a logo.  A new object, or NULL with err: 66 no such file, 78 a YAML
 * error (file:line:col) or a schema finding (the field's path). */
json_t *wa_doc_agency_load_new(const char *path, wa_err *err);
/* An address object on one line: "4 Anchor Yard, Bristol BS1 6QS, GB". */
char *wa_doc_address_line_new(json_t *address);

#endif
