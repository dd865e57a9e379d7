/* nda.h - wa-nda: generate.c is the filter that writes NDAs; main.c
 * hands the other commands to cmd/doclife. */
#ifndef NDA_H
#define NDA_H

#include "cli/cli.h"

extern const cli_opt nda_opts[];
extern cli_command wa_nda;

int nda_generate_main(int argc, char **argv);

#endif
