/* nda.h - wa-nda's commands, one file each: generate.c (the filter),
 * sign.c (sign, verify), life.c (status, remind, audit, certificate),
 * send.c (send, webhook); lifecycle.c holds the envelope model and audit
 * trail they share. */
#ifndef NDA_H
#define NDA_H

#include "wa.h"

int nda_generate_main(int argc, char **argv);
int nda_sign_main(int argc, char **argv);
int nda_verify_main(int argc, char **argv);
int nda_status_main(int argc, char **argv);
int nda_remind_main(int argc, char **argv);
int nda_audit_main(int argc, char **argv);
int nda_certificate_main(int argc, char **argv);
int nda_send_main(int argc, char **argv);
int nda_webhook_main(int argc, char **argv);

#endif
