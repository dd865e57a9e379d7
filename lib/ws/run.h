/* run.h - the runs table: one row per invocation of an engine, with its
 * arguments, status, record counts and timings.
 *
 * The run id is a UUIDv7.  Under SOURCE_DATE_EPOCH it is derived from
 * the engine, the epoch and the number of runs already in
 * the workspace, so the same input in the same workspace state gives
 * the same trace, byte for byte.
 */
#ifndef WA_RUN_H
#define WA_RUN_H

#include <stdint.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/uuid.h"
#include "ws/ws.h"

typedef struct wa_run {
	char id[WA_UUID_MAX];
	char started_at[WA_TIME_MAX];
	const char *engine;     /* borrowed; must outlive the run */
	const char *version;
	char *args;             /* JSON array, owned */
	int64_t started_mono;
	int recorded;           /* the row has been inserted */
	long records_in, records_out, records_failed;
} wa_run;

int wa_run_init(wa_run *run, wa_ws *ws, const char *engine, const char *version,
	int argc, char **argv, wa_err *err);
/* Insert the row with status 'running' (inside the caller's transaction);
 * does nothing the second time. */
int wa_run_record(wa_run *run, wa_ws *ws, wa_err *err);
/* Set the final status and counts (inside the caller's transaction). */
int wa_run_finish(wa_run *run, wa_ws *ws, int exit_code, wa_err *err);
void wa_run_free(wa_run *run);

#endif
