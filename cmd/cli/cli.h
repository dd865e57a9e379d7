/* cli.h - the command library every binary is built on: options,
 * diagnostics (the only code that prints to stderr), engine setup. */
#ifndef CLI_H
#define CLI_H

#include "wa.h"
#include "cli/diag.h"
#include "cli/options.h"

#endif
