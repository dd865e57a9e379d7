/* loop.h - the record loop every filter runs.
 *
 * For each dossier read from the inputs: one savepoint in the workspace,
 * client.id made sure of, the engine's process function, the trace
 * entry, the client and its latest dossier saved.  Records are committed
 * in groups (4096 records or 50 ms, and whenever the input would block),
 * and a record's output line is written only after its group has
 * committed, so stdout and the workspace agree even after kill -9.
 *
 * A record that fails is rolled back to its savepoint and named
 * ("record 3 (acme): ..."); without keep_going the loop commits what came
 * before it, prints that, and stops.
 *
 * Reading, parsing, deriving client.id and the engine's prepare function
 * run on a second thread, a bounded queue ahead of the thread that writes
 * to the workspace, so the two overlap on two cores with constant memory.
 */
#ifndef WA_LOOP_H
#define WA_LOOP_H

#include <jansson.h>
#include <stdint.h>

#include "base/err.h"
#include "ws/run.h"
#include "ws/store.h"
#include "ws/ws.h"

typedef struct wa_record {
	json_t *dossier;        /* borrowed; process edits it in place */
	const char *client_id;  /* borrowed from dossier */
	long number;            /* 1-based over the whole run */
	const char *at;         /* the time of this record (RFC 3339) */
	wa_ws *ws;
	wa_run *run;
	void *user;
	void *extra;            /* what prepare made for this record, or NULL */
	/* process may hand over the compact text of the section it set
	 * (own.value, the json_t in the dossier; own.hash, wa_hash_fnv1a of the
	 * text): the dossier is then saved without serialising it again
	 * (except with --pretty, where the reader serialises nothing) */
	wa_section_text own;
} wa_record;

typedef int (*wa_record_fn)(wa_record *rec, wa_err *err);
/* Work on a dossier that needs no workspace (checks, pure computation,
 * network): runs on the reader thread, ahead of process.  user is
 * wa_loop.user, and must be safe to use from that thread while process
 * runs.  What it leaves in *extra reaches process as wa_record.extra
 * and is freed with wa_loop.free_extra. */
typedef int (*wa_prepare_fn)(json_t *dossier, void **extra, void *user, wa_err *err);
/* What the loop tells its command: a failed record (with -k) or a
 * warning, as a message; and after each group it commits, how far it
 * has got. */
enum { WA_NOTIFY_ERROR = -1, WA_NOTIFY_WARNING = 0 };
typedef void (*wa_notify_fn)(int level, const char *msg);
typedef struct wa_loop_progress {
	long records, failed;   /* read so far, and failed of them */
	int64_t bytes, total;   /* of the input taken so far, of its size (0: unknown) */
} wa_loop_progress;
typedef void (*wa_progress_fn)(const wa_loop_progress *p, void *user);

typedef struct wa_loop {
	const char *section;    /* the engine's own section, or NULL */
	wa_prepare_fn prepare;  /* may be NULL */
	void (*free_extra)(void *extra);        /* for prepare's extra */
	int slow_prepare;       /* prepare takes long (the network): hand each
				   record on as soon as it is prepared */
	/* After the last record, when none failed: nonzero with err set makes
	 * the run fail with err's code, recorded as the run's exit code.  May
	 * be NULL. */
	int (*verdict)(void *user, wa_err *err);
	int keeps_sections;     /* process changes no section, not even its own */
	wa_record_fn process;   /* may be NULL: pass through */
	void *user;
	wa_notify_fn notify;
	wa_progress_fn progress;        /* may be NULL */
	void *progress_user;
	int keep_going;
	int pretty;
	int out_fd;             /* where dossiers go (1) */
	unsigned group_records; /* records per commit at most (4096) */
	unsigned group_ms;      /* milliseconds per commit at most (50) */
} wa_loop;

void wa_loop_init(wa_loop *loop);

/* Run the loop over files (nfiles 0: stdin) and finish run with its
 * status.  0 when every record went through; otherwise -1 with err set
 * to the error that stopped the loop or, with keep_going, a summary
 * carrying the first failed record's exit code. */
int wa_loop_run(const wa_loop *loop, wa_ws *ws, wa_run *run,
	char **files, int nfiles, wa_err *err);

#endif
