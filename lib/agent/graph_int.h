/* graph_int.h - what graph.c and graph_store.c share, and nothing
 * outside lib/agent uses: a thread's state as of a checkpoint, and what
 * a step changed. */
#ifndef WA_GRAPH_INT_H
#define WA_GRAPH_INT_H

#include <jansson.h>
#include <stdint.h>

#include "base/err.h"
#include "ws/ws.h"

/* What a step changed, as the store writes it. */
typedef struct wa_graph_delta {
	json_t *added;          /* messages added or replacing, in order */
	json_t *removed;        /* ids replaced (before the additions) */
	json_t *dropped;        /* ids removed (after them) */
	json_t *writes;         /* channels written */
	json_t *forked_from;    /* {thread, checkpoint} for a fork's first, or NULL */
} wa_graph_delta;

void wa_graph_delta_init(wa_graph_delta *d);
void wa_graph_delta_free(wa_graph_delta *d);

/* A thread as of a checkpoint. */
typedef struct wa_graph_thread {
	long checkpoint, step, next_id;
	int64_t next_seq;
	char next[128], status[32];
	json_t *state;
} wa_graph_thread;

/* Thread's checkpoint cp (0: the latest) into t, its messages under
 * messages_key: 0 found, 1 none (t a new thread's), -1 with err. */
int wa_graph_load(wa_ws *ws, const char *messages_key, const char *thread, long cp,
	wa_graph_thread *t, wa_err *err);
/* Write checkpoint t->checkpoint + 1 for what node ran did (d), next
 * and status after it, in the open transaction; t moves on to it. */
int wa_graph_save(wa_ws *ws, const char *messages_key, const char *thread, wa_graph_thread *t,
	const char *ran, const char *next, const char *status, wa_graph_delta *d, wa_err *err);
/* v as it goes into the workspace through the codec (a new reference),
 * or NULL with err; and as it comes out (steals v; a new reference). */
json_t *wa_graph_encoded(wa_ws *ws, const char *thread, json_t *v, wa_err *err);
json_t *wa_graph_decoded(wa_ws *ws, const char *thread, json_t *v);

/* The thread's latest checkpoint (0: none), or -1 with err. */
long wa_graph_latest(wa_ws *ws, const char *thread, wa_err *err);

#endif
