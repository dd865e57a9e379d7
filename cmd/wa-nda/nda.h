/* nda.h - wa-nda: generate.c is the filter that writes NDAs; main.c
 * hands the other commands to cmd/doclife. */
#ifndef NDA_H
#define NDA_H

#include "cli/cli.h"

int nda_generate_main(int argc, char **argv);

#endif
