/* graph.h - state graphs in the manner of LangGraph, small: a state of
 * named channels, each with a reducer; nodes that return updates; static
 * and conditional edges; super-steps, each one workspace transaction
 * that also holds the checkpoint; interrupts before a node; a recursion
 * limit per invocation.
 *
 * Checkpoints store what a super-step changed, not the whole state: the
 * channels other than "messages" (small) as they stand, and the
 * messages a step added or removed, each message written once in
 * graph_messages with the checkpoint that added it and the one that
 * removed it.  So a thread's storage grows linearly with its length and
 * loading its state reads each live message once.
 *
 * A node runs outside any transaction; its update and the checkpoint
 * are then written in one.  What a node does to the world (a booking, a
 * call to another system) it does as a task: a task's result is
 * recorded (graph_writes) before the step's checkpoint, and when the
 * step runs again after a crash the task returns that result instead of
 * running twice.  wa-agent is built on it. */
#ifndef WA_GRAPH_H
#define WA_GRAPH_H

#include <jansson.h>

#include "base/err.h"
#include "ws/ws.h"

#define WA_GRAPH_END "__end__"

typedef enum {
	WA_REDUCE_REPLACE,      /* the update's value replaces the channel's */
	WA_REDUCE_MERGE,        /* objects: the update's keys set (null removes) */
	WA_REDUCE_MESSAGES      /* add_messages: append; the same id replaces;
				   {"remove": ID} removes */
} wa_reducer;

typedef struct wa_graph wa_graph;

/* A thread's state always has "thread": the thread's id (after a fork,
 * the new one). */

/* A node: read state (borrowed), put the channels it changes in update
 * (an empty object it owns).  No transaction is open: side effects go
 * through wa_graph_task. */
typedef int (*wa_node_fn)(wa_ws *ws, json_t *state, json_t *update, void *user, wa_err *err);
/* A conditional edge: the next node's name, or WA_GRAPH_END. */
typedef const char *(*wa_route_fn)(json_t *state, void *user);
/* Before node runs: nonzero to interrupt (a tool that needs approval). */
typedef int (*wa_interrupt_fn)(json_t *state, void *user);

wa_graph *wa_graph_new(void);
void wa_graph_free(wa_graph *g);
/* Declare a channel and its reducer; undeclared channels replace. */
void wa_graph_channel(wa_graph *g, const char *name, wa_reducer r);
void wa_graph_node(wa_graph *g, const char *name, wa_node_fn fn, void *user);
/* Mark node pure: it reads the state and returns an update, touching
 * nothing else, in microseconds (a scripted or offline model).  An input
 * is then committed with the pure entry node's step, in one transaction:
 * a crash between them loses the input, which nobody has had an answer
 * to. */
void wa_graph_node_pure(wa_graph *g, const char *node);
void wa_graph_entry(wa_graph *g, const char *node);
/* After from: always to (a node or WA_GRAPH_END) ... */
void wa_graph_edge(wa_graph *g, const char *from, const char *to);
/* ... or where route says. */
void wa_graph_route(wa_graph *g, const char *from, wa_route_fn route, void *user);
void wa_graph_interrupt_before(wa_graph *g, const char *node, wa_interrupt_fn fn, void *user);
/* Called in the transaction of a run's last checkpoint, when it ends
 * "done" or "interrupted" (steps: super-steps this run), to record what
 * belongs with it (a conversation's turn); nonzero fails the step. */
typedef int (*wa_finish_fn)(wa_ws *ws, const char *thread, const char *status, json_t *state,
	int steps, void *user, wa_err *err);
void wa_graph_on_finish(wa_graph *g, wa_finish_fn fn, void *user);
/* 0 when every edge names a node and every node has a way out; else -1
 * with err (78) naming the first fault. */
int wa_graph_check(const wa_graph *g, wa_err *err);

/* Apply update to state with the channels' reducers; messages without an
 * "id" get one (thread-unique: "m" and a number).  0, or -1 with err
 * (65) for an update a reducer cannot take. */
int wa_graph_apply(const wa_graph *g, json_t *state, json_t *update, long *next_id,
	wa_err *err);

typedef struct wa_graph_result {
	const char *status;     /* "done", "interrupted", "error" */
	const char *node;       /* interrupted before it, or where it failed */
	long checkpoint;        /* the last checkpoint */
	int steps;              /* super-steps run by this call */
	json_t *state;          /* the state after it: a reference the caller frees
				   and reads, the graph keeping it for the
				   thread's next run */
} wa_graph_result;

/* Run thread: input (an update, may be NULL) is applied as a step of its
 * own, then from the entry node (or, with resume, from where the last
 * checkpoint stopped) until the end, an interrupt, an error or
 * recursion_limit super-steps.  With approve, the interrupt before the
 * pending node is passed over once.  0 with result set (status "done" or
 * "interrupted"); -1 with err and result->status "error" (the state as of
 * the last checkpoint is kept; past the recursion limit err says so). */
int wa_graph_invoke(wa_graph *g, wa_ws *ws, const char *thread, json_t *input,
	int resume, int approve, int recursion_limit, wa_graph_result *result, wa_err *err);
void wa_graph_result_free(wa_graph_result *r);

/* The latest state of thread (a reference to read, shared as above), or
 * NULL with err (66 no such thread). */
json_t *wa_graph_state_latest(wa_graph *g, wa_ws *ws, const char *thread, wa_err *err);

/* The state of thread at checkpoint (0: the latest) as a new object, or
 * NULL with err (66 no such thread or checkpoint). */
json_t *wa_graph_state_new(wa_ws *ws, const char *thread, long checkpoint, wa_err *err);

/* Copy thread's state at checkpoint (0: the latest) into new_thread,
 * which must not exist, as its first checkpoint (node "fork", the same
 * next node and status, so an interrupted state stays interrupted).
 * 0, or -1 with err: 66 no such thread or checkpoint, 65 new_thread
 * exists. */
int wa_graph_fork(wa_ws *ws, const char *thread, long checkpoint, const char *new_thread,
	wa_err *err);

/* thread's checkpoints, oldest first, as a new array of {checkpoint,
 * parent, step, node, next, status, added, removed, created_at}; NULL
 * with err (66) for no such thread. */
json_t *wa_graph_history_new(wa_ws *ws, const char *thread, wa_err *err);

/* ---- tasks ---- */

/* Does the task's work; key is its idempotency key, to hand to another
 * system.  A result (a new reference), or NULL with err. */
typedef json_t *(*wa_task_fn)(wa_ws *ws, const char *key, void *arg, wa_err *err);

enum {
	WA_TASK_ATOMIC = 0,     /* fn runs in a transaction that also records the
				   result and then the step's checkpoint: the
				   effect, the record and the step, or none */
	WA_TASK_OUTSIDE = 1     /* fn runs outside any transaction (a slow call
				   elsewhere, which is told the key); the result
				   is recorded after it */
};

#define WA_TASK_KEY_MAX 48

/* The idempotency key of task in thread: "wa-" and 40 hex digits of the
 * SHA-256 of both, the same on every run of the step. */
void wa_graph_task_key(const char *thread, const char *task, char key[WA_TASK_KEY_MAX]);

/* Run task (unique in thread, such as a tool call id) once: if a run of
 * this step before a crash recorded its result, *result is that and fn
 * is not called (*ran 0); else fn runs as mode says and its result is
 * recorded (*ran 1).  An atomic task leaves its transaction open for the
 * step's checkpoint; an outside task first commits what atomic tasks
 * before it did.  0, or -1 with err (fn's, or the workspace's; the
 * open transaction is rolled back). */
int wa_graph_task(wa_ws *ws, const char *thread, const char *task, int mode, wa_task_fn fn,
	void *arg, json_t **result, int *ran, wa_err *err);

/* What every value the graph stores passes through, for the whole
 * process: encode on its way into the workspace (messages, channels,
 * tasks' results; a new reference, or NULL with err, which fails the
 * step), decode on its way out (a new reference; NULL keeps it as
 * stored).  NULL functions: values as they are. */
typedef json_t *(*wa_graph_codec_fn)(wa_ws *ws, const char *thread, json_t *v, void *user,
	wa_err *err);
void wa_graph_codec(wa_graph_codec_fn encode, wa_graph_codec_fn decode, void *user);

#endif
