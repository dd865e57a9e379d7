/* doclife.h - the commands that take a document through its life in the
 * envelope model of lib/envelope.h, shared by the engines that make such
 * documents: wa-nda for NDAs, wa-proposal for proposals and agreements.
 * sign.c (sign, verify), life.c (status, remind, audit, certificate),
 * send.c (send, webhook: an e-signature service).
 *
 * This is command code (it parses options and prints), so it lives under
 * cmd/ and is linked into the binaries that offer these commands; the
 * logic under it is lib/'s (envelope, pdfsign, artifact). */
#ifndef DOCLIFE_H
#define DOCLIFE_H

#include "cli/cli.h"

/* What kind of document a command works on. */
typedef struct doc_kind {
	const char *kind;       /* the envelope kind: "nda", "agreement", "proposal" */
	const char *label;      /* in messages: "NDA", "agreement", "proposal" */
	const char *a_label;    /* with its article: "an NDA", "a proposal" */
	const char *program;    /* the command's prefix: "wa-nda", "wa-proposal agreement" */
	const char *generator;  /* what makes one: "wa-nda", "wa-proposal" */
	const char *title;      /* the document in words: "non-disclosure agreement" */
} doc_kind;

/* The commands, each a main: argv[0] is the command's name. */
int doc_sign_main(const doc_kind *k, int argc, char **argv);
int doc_verify_main(const doc_kind *k, int argc, char **argv);
int doc_status_main(const doc_kind *k, int argc, char **argv);
int doc_remind_main(const doc_kind *k, int argc, char **argv);
int doc_audit_main(const doc_kind *k, int argc, char **argv);
int doc_certificate_main(const doc_kind *k, int argc, char **argv);
int doc_send_main(const doc_kind *k, int argc, char **argv);
int doc_webhook_main(const doc_kind *k, int argc, char **argv);

/* Run the command argv[0] of the ones named in list (" sign verify ... "),
 * or return -1 when argv[0] is not one of them. */
int doc_command(const doc_kind *k, const char *list, int argc, char **argv);

/* Print a usage text with "{P}" replaced by the program, "{D}" by the
 * label, "{A}" by the label with its article, "{K}" by the kind and "{G}"
 * by the generator. */
void doc_usage(const doc_kind *k, const char *text);

/* Set the diagnostics' prefix to "PROGRAM COMMAND". */
void doc_diag_init(const doc_kind *k, const char *command);

/* ---- shared by the commands ---- */

typedef struct doc_ref {
	int found;
	char client[256];
	int version;
	char status[64];        /* after a recorded signature */
	json_t *env;
} doc_ref;

void doc_ref_free(doc_ref *ref);
/* The workspace if it exists (-w given: it must), else *ws = NULL. */
int doc_open_existing(const char *opt, wa_ws **ws, wa_err *err);
/* Whether the PDF in data is a document of this kind the workspace
 * knows, in its latest state; the unsigned original of one signed since
 * is an error (65). */
int doc_find_by_file(const doc_kind *k, wa_ws *ws, const char *data, size_t len,
	doc_ref *ref, wa_err *err);
/* Record who's signature: the signed file kept as an artifact, the
 * envelope moved, the audit trail written, in one transaction. */
int doc_record_signature(const doc_kind *k, wa_ws *ws, doc_ref *ref, const char *who,
	const char *pdf, size_t len, wa_err *err);
/* The artifact name of a version's file: KIND/CLIENT/vN/FILE. */
void doc_artifact_name(const doc_kind *k, char *out, size_t size, const char *client,
	int version, const char *file);

#endif
