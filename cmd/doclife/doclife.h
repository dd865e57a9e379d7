/* doclife.h - the commands that take a document through its life in the
 * envelope model of lib/doc/envelope.h, shared by the engines that make
 * such documents: wa-nda for NDAs, wa-proposal for proposals and
 * agreements.  sign.c (sign, verify), life.c (status, remind, audit,
 * certificate), send.c (send, webhook: an e-signature service); their
 * tables, made for each kind of document, in doclife.c.
 *
 * This is command code (it parses options and prints); the logic under
 * it is lib/doc's (envelope, esign, certificate, pdfsign). */
#ifndef DOCLIFE_H
#define DOCLIFE_H

#include "cli/cli.h"
#include "doc/doc.h"
#include "ws/ws.h"

/* What kind of document a command works on. */
typedef struct doc_kind {
	const char *kind;       /* the envelope kind: "nda", "agreement", "proposal" */
	const char *label;      /* in messages: "NDA", "agreement", "proposal" */
	const char *a_label;    /* with its article: "an NDA", "a proposal" */
	const char *program;    /* the command's prefix: "wa-nda", "wa-proposal agreement" */
	const char *generator;  /* what makes one, and its man page: "wa-nda" */
	const char *title;      /* the document in words: "non-disclosure agreement" */
} doc_kind;

/* The verbs of k named in names (NULL-terminated: "sign", "verify",
 * "status", "remind", "audit", "certificate", "send", "webhook"), with
 * their tables: an array ended by { 0 }, made once and kept. */
const cli_verb *doc_verbs(const doc_kind *k, const char *const *names);

/* The commands, each a run of cli_verb (data is the doc_kind). */
int doc_sign_run(const void *k, int argc, char **argv);
int doc_verify_run(const void *k, int argc, char **argv);
int doc_status_run(const void *k, int argc, char **argv);
int doc_remind_run(const void *k, int argc, char **argv);
int doc_audit_run(const void *k, int argc, char **argv);
int doc_certificate_run(const void *k, int argc, char **argv);
int doc_send_run(const void *k, int argc, char **argv);
int doc_webhook_run(const void *k, int argc, char **argv);

/* The table of k's command name ("sign"), as doc_verbs made it. */
const cli_command *doc_table(const doc_kind *k, const char *name);

/* ---- the options the commands share ---- */

enum { DOC_O_VERSION = CLI_OWN, DOC_O_DAYS, DOC_O_SET, DOC_O_BY, DOC_O_REASON,
	DOC_O_NO_EXPIRE, DOC_O_VERIFY, DOC_O_KEY, DOC_O_CERT, DOC_O_CHAIN, DOC_O_SIGNER,
	DOC_O_FIELD, DOC_O_LEGACY, DOC_O_PASSFILE, DOC_O_PASSENV, DOC_O_CA, DOC_O_JSON,
	DOC_O_SIGNER_MAP };

typedef struct doc_args {
	const doc_kind *k;
	cli_common o;
	int first;              /* the first operand in argv */
	const char *client;     /* the one operand, where a command takes one */
	int version;            /* --version N (0: the latest) */
	int days;               /* --days N (-1: not given) */
	const char *set, *by, *reason;
	int no_expire, verify;
} doc_args;

/* Parse argv by k's table for name into a, with client the one operand
 * when want_client: -1 to go on, else the exit code. */
int doc_parse(const doc_kind *k, const char *name, int argc, char **argv, int want_client,
	doc_args *a);
/* A command that makes documents (wa-nda, wa-proposal): the agency and
 * the output directory (-o), the workspace and the run, and kind's
 * templates (templates, a directory of clauses, or template, the whole
 * document; the workspace's own first).  0, or the exit code with the
 * error said; e and eng are closed either way. */
int doc_engine_open(wa_doc_engine *e, cli_engine *eng, const char *prog, const char *kind,
	const char *agency, const char *templates, const char *template, const cli_common *o);

/* The workspace -w names, or $WA_WORKSPACE or ./wa.db when it exists,
 * else *ws = NULL (a file signed outside the workspace): 0, or the exit
 * code, reported. */
int doc_open_existing(const cli_common *o, wa_ws **ws);

#endif
