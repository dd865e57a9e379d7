/* loop.c - the record loop: see loop.h. */
#include "ws/loop.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/clock.h"
#include "ws/dossier.h"
#include "base/hash.h"
#include "ws/store.h"
#include "json/json.h"
#include "json/reader.h"

/* One entry of the queue between the reader thread and the writer. */
typedef struct item {
	enum { ITEM_RECORD, ITEM_FAILED, ITEM_FATAL, ITEM_END } kind;
	json_t *dossier;        /* ITEM_RECORD: owned by whoever holds the item */
	long number;
	int64_t bytes;          /* of the input taken up to the end of this record */
	int derived;
	wa_section_text *pre;   /* sections serialised by the reader */
	int npre;
	char *pre_text;         /* the texts pre points into */
	void *extra;            /* prepare's, freed with free_extra */
	void (*free_extra)(void *);
	wa_err err;             /* ITEM_FAILED, ITEM_FATAL */
} item;

static void item_free(item *it)
{
	json_decref(it->dossier);
	free(it->pre);
	free(it->pre_text);
	if (it->extra && it->free_extra)
		it->free_extra(it->extra);
	it->extra = NULL;
	it->dossier = NULL;
	it->pre = NULL;
	it->pre_text = NULL;
}

#define QUEUE 1024
#define BATCH 32

typedef struct queue {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	item items[QUEUE];
	unsigned head, count;
	int stopping;           /* the writer has stopped: drop what comes */
	item *garbage;          /* done with by the writer, freed by the reader */
	size_t ngarbage, garbage_cap;
} queue;

typedef struct reader_args {
	const wa_loop *loop;
	queue *q;
	wa_reader **readers;
	int n;
	int64_t base;           /* bytes of the inputs before the current one */
} reader_args;

typedef struct state {
	const wa_loop *loop;
	wa_ws *ws;
	wa_run *run;
	wa_buf pending;         /* output of committed-to-be records */
	unsigned in_group;
	int64_t group_start;
	int64_t bytes, total;   /* of the input handled so far, its size (0: unknown) */
	int first_failure;      /* exit code of the first failed record */
} state;

void wa_loop_init(wa_loop *loop)
{
	memset(loop, 0, sizeof *loop);
	loop->out_fd = STDOUT_FILENO;
	loop->group_records = 4096;
	loop->group_ms = 50;
}

static int write_out(state *s, wa_err *err)
{
	const char *p = s->pending.data;
	size_t len = s->pending.len;

	while (len) {
		ssize_t n = write(s->loop->out_fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return wa_err_set(err, WA_EX_IOERR, "stdout: %s", strerror(errno));
		}
		p += n;
		len -= (size_t)n;
	}
	wa_buf_reset(&s->pending);
	return 0;
}

/* Commit the open group (with the run's final status when finishing)
 * and only then print its records. */
static int commit_group(state *s, int finish, int exit_code, wa_err *err)
{
	if (finish) {
		if (!wa_ws_in_transaction(s->ws) && wa_ws_begin(s->ws, err))
			return -1;
		if (wa_run_finish(s->run, s->ws, exit_code, err)) {
			wa_ws_rollback(s->ws);
			return -1;
		}
	}
	if (wa_ws_in_transaction(s->ws) && wa_ws_commit(s->ws, err)) {
		wa_ws_rollback(s->ws);
		wa_buf_reset(&s->pending);      /* not committed: not printed */
		return -1;
	}
	s->in_group = 0;
	if (write_out(s, err))
		return -1;
	if (s->loop->progress) {
		wa_loop_progress p = { s->run->records_in, s->run->records_failed, s->bytes,
			s->total };
		s->loop->progress(&p, s->loop->progress_user);
	}
	return 0;
}

static void notify(state *s, int level, const char *msg)
{
	if (s->loop->notify)
		s->loop->notify(level, msg);
}

/* The steps of one record inside its savepoint. */
static int record_steps(state *s, wa_record *rec, item *it, wa_err *err)
{
	json_t *client;

	rec->client_id = wa_dossier_client_id(rec->dossier);
	if (it->derived) {
		char msg[256];
		snprintf(msg, sizeof msg, "record %ld: client.id derived from client.name: %s",
			rec->number, rec->client_id);
		notify(s, 0, msg);
	}
	client = wa_dossier_client(rec->dossier);
	if (wa_store_client_upsert(s->ws, rec->client_id,
	    json_string_value(json_object_get(client, "name")), err))
		return -1;
	if (s->loop->process && s->loop->process(rec, err))
		return -1;
	rec->client_id = wa_dossier_client_id(rec->dossier);
	if (!rec->client_id)
		return wa_err_set(err, WA_EX_SOFTWARE, "client.id was removed");
	if (wa_dossier_trace(rec->dossier, s->run->engine, s->run->version,
	    s->run->id, rec->at, err))
		return -1;
	/* the section process serialised goes in the slot the reader left */
	int npre = it->npre;
	if (rec->own.text && it->pre)
		it->pre[npre++] = rec->own;
	return wa_store_dossier_save(s->ws, rec->client_id, rec->dossier,
		s->run->engine, s->loop->section, s->run->id, rec->at,
		it->pre, npre, s->loop->pretty ? NULL : &s->pending, err);
}

/* Process one parsed dossier (steals it).  0 ok, -1 failed (err set,
 * workspace rolled back to before the record). */
static int one_record(state *s, item *it, wa_err *err)
{
	char at[WA_TIME_MAX], label[128];
	wa_record rec = { .dossier = it->dossier, .number = it->number, .at = at,
		.ws = s->ws, .run = s->run, .user = s->loop->user, .extra = it->extra };
	const char *who;
	size_t mark = s->pending.len;
	int rc;

	if (!wa_ws_in_transaction(s->ws)) {
		if (wa_ws_begin(s->ws, err) || wa_run_record(s->run, s->ws, err))
			return -1;
		s->group_start = wa_clock_mono_ms();
	}
	wa_clock_now_text(at);
	if (wa_ws_savepoint(s->ws, err))
		return -1;
	rc = record_steps(s, &rec, it, err);
	if (rc == 0)
		rc = wa_ws_release(s->ws, err);
	if (rc) {
		wa_ws_rollback_savepoint(s->ws);
		s->pending.len = mark;          /* drop a half-built line */
		s->pending.data[mark] = '\0';
		who = wa_dossier_label(it->dossier, label, sizeof label);
		if (who)
			wa_err_prefix(err, "record %ld (%s)", it->number, who);
		else
			wa_err_prefix(err, "record %ld", it->number);
		return -1;
	}
	if (s->loop->pretty)
		wa_json_write(&s->pending, it->dossier, WA_JSON_PRETTY);
	s->in_group++;
	return 0;
}

/* A record failed: go on with keep_going (0), or stop (-1). */
static int failed(state *s, wa_err *err)
{
	s->run->records_failed++;
	if (!s->first_failure)
		s->first_failure = err->code ? err->code : WA_EX_SOFTWARE;
	if (!s->loop->keep_going)
		return -1;
	notify(s, -1, err->msg);
	wa_err_clear(err);
	return 0;
}

/* ---- the reader thread ---- */

/* Hand a batch of items to the writer (one lock for many records). */
static void push(queue *q, item *batch, int n)
{
	pthread_mutex_lock(&q->lock);
	while (QUEUE - q->count < (unsigned)n && !q->stopping)
		pthread_cond_wait(&q->not_full, &q->lock);
	for (int i = 0; i < n; i++) {
		if (q->stopping) {
			item_free(&batch[i]);
			continue;
		}
		q->items[(q->head + q->count) % QUEUE] = batch[i];
		q->count++;
	}
	pthread_cond_signal(&q->not_empty);
	/* free, on this thread where they were made, the writer's leftovers */
	item *garbage = q->garbage;
	size_t ngarbage = q->ngarbage;
	q->garbage = NULL;
	q->ngarbage = q->garbage_cap = 0;
	pthread_mutex_unlock(&q->lock);
	for (size_t i = 0; i < ngarbage; i++)
		item_free(&garbage[i]);
	free(garbage);
}

static int stopping(queue *q)
{
	int stop;

	pthread_mutex_lock(&q->lock);
	stop = q->stopping;
	pthread_mutex_unlock(&q->lock);
	return stop;
}

/* Parse, check the shape, derive client.id and prepare one value. */
static void prepare(const wa_loop *loop, json_t *v, item *it)
{
	char label[128];
	const char *who;

	it->kind = ITEM_FAILED;
	it->free_extra = loop->free_extra;
	if (!json_is_object(v)) {
		static const char *names[] = { "an object", "an array", "a string",
			"a number", "a number", "true", "false", "null" };
		wa_err_set(&it->err, WA_EX_DATAERR, "record %ld: a dossier must be a JSON "
			"object, not %s", it->number, names[json_typeof(v)]);
		json_decref(v);
		return;
	}
	if (wa_dossier_ensure_client_id(v, &it->derived, &it->err) ||
	    (loop->prepare && loop->prepare(v, &it->extra, loop->user, &it->err))) {
		who = wa_dossier_label(v, label, sizeof label);
		if (who)
			wa_err_prefix(&it->err, "record %ld (%s)", it->number, who);
		else
			wa_err_prefix(&it->err, "record %ld", it->number);
		json_decref(v);
		if (it->extra && loop->free_extra)
			loop->free_extra(it->extra);
		it->extra = NULL;
		return;
	}
	it->kind = ITEM_RECORD;
	it->dossier = v;
	if (loop->pretty)
		return;
	/* serialise the sections here, off the writer's thread */
	{
		const char *key;
		json_t *section;
		wa_buf text;
		size_t *offs;
		int n = 0;

		wa_buf_init(&text);
		/* and a slot for the section process may hand over */
		it->pre = wa_mem_alloc((json_object_size(v) + 1) * sizeof *it->pre);
		offs = wa_mem_alloc(json_object_size(v) * sizeof *offs);
		json_object_foreach(v, key, section) {
			if (!strcmp(key, "trace") ||
			    (loop->section && !loop->keeps_sections && !strcmp(key, loop->section)))
				continue;
			offs[n] = text.len;
			wa_json_append(&text, section);
			it->pre[n].value = section;
			it->pre[n].len = text.len - offs[n];
			it->pre[n].hash = wa_hash_fnv1a(0, text.data + offs[n], it->pre[n].len);
			n++;
		}
		it->npre = n;
		it->pre_text = wa_buf_detach(&text, NULL);
		for (int i = 0; i < n; i++)
			it->pre[i].text = it->pre_text + offs[i];
		free(offs);
	}
}

static void *reader_main(void *arg)
{
	reader_args *a = arg;
	long number = 0;
	item batch[BATCH];
	int nb = 0;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	for (int i = 0; i < a->n; i++) {
		for (;;) {
			item *it = &batch[nb];
			json_t *v = NULL;
			int rc;

			/* pass on what we have before waiting for more input */
			if (nb && wa_reader_would_block(a->readers[i])) {
				push(a->q, batch, nb);
				nb = 0;
				it = &batch[0];
			}
			memset(it, 0, sizeof *it);
			/* only a read that waits for input may be cancelled */
			pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
			rc = wa_reader_next(a->readers[i], &v, &it->err);
			pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
			if (rc == 0) {
				a->base += wa_reader_offset(a->readers[i]);
				break;
			}
			it->number = ++number;
			it->bytes = a->base + wa_reader_offset(a->readers[i]);
			if (rc < 0) {
				it->kind = it->err.code == WA_EX_DATAERR ? ITEM_FAILED : ITEM_FATAL;
				wa_err_prefix(&it->err, "record %ld", it->number);
			} else {
				prepare(a->loop, v, it);
			}
			nb++;
			if (it->kind == ITEM_FATAL) {
				push(a->q, batch, nb);
				return NULL;
			}
			if (nb == BATCH || a->loop->slow_prepare) {
				push(a->q, batch, nb);
				nb = 0;
				if (stopping(a->q))
					return NULL;
			}
		}
	}
	memset(&batch[nb], 0, sizeof batch[nb]);
	batch[nb++].kind = ITEM_END;
	push(a->q, batch, nb);
	return NULL;
}

/* ---- the writer: this thread ---- */

/* Take the next item.  While none comes, an open group is committed
 * when its time is up, so output never waits on slow input for longer
 * than group_ms. */
static int pop(state *s, queue *q, item *batch, int *n, wa_err *err)
{
	pthread_mutex_lock(&q->lock);
	/* While the reader is busy preparing, this thread frees the last
	 * batch itself once the reader has four left to free: so no more
	 * than QUEUE + 4 * BATCH records are held at once. */
	if (q->ngarbage >= 4 * BATCH) {
		pthread_mutex_unlock(&q->lock);
		for (int i = 0; i < *n; i++)
			item_free(&batch[i]);
		pthread_mutex_lock(&q->lock);
	}
	/* what the last batch left for the reader to free */
	for (int i = 0; i < *n; i++) {
		if (!batch[i].dossier && !batch[i].pre && !batch[i].extra)
			continue;
		if (q->ngarbage == q->garbage_cap) {
			q->garbage_cap = q->garbage_cap ? 2 * q->garbage_cap : 4 * BATCH;
			q->garbage = wa_mem_realloc(q->garbage, q->garbage_cap * sizeof *q->garbage);
		}
		q->garbage[q->ngarbage++] = batch[i];
	}
	if (q->count == 0 && s->in_group) {
		int64_t deadline = s->group_start + s->loop->group_ms;
		int64_t wall = wa_clock_real_ms() + (deadline - wa_clock_mono_ms());
		struct timespec ts = { wall / 1000, (wall % 1000) * 1000000L };
		while (q->count == 0 &&
		       pthread_cond_timedwait(&q->not_empty, &q->lock, &ts) == 0)
			;
		if (q->count == 0) {
			pthread_mutex_unlock(&q->lock);
			if (commit_group(s, 0, 0, err))
				return -1;
			pthread_mutex_lock(&q->lock);
		}
	}
	while (q->count == 0)
		pthread_cond_wait(&q->not_empty, &q->lock);
	*n = 0;
	while (q->count && *n < BATCH) {
		batch[(*n)++] = q->items[q->head];
		q->head = (q->head + 1) % QUEUE;
		q->count--;
	}
	pthread_cond_signal(&q->not_full);
	pthread_mutex_unlock(&q->lock);
	return 0;
}

static int due(state *s)
{
	return s->in_group >= s->loop->group_records ||
		wa_clock_mono_ms() - s->group_start >= (int64_t)s->loop->group_ms;
}

static int write_one(state *s, item *it, wa_err *err)
{
	if (it->bytes)
		s->bytes = it->bytes;
	switch (it->kind) {
	case ITEM_END:
		return 1;
	case ITEM_FATAL:
		*err = it->err;
		return -1;
	case ITEM_FAILED:
		s->run->records_in++;
		*err = it->err;
		return failed(s, err);
	case ITEM_RECORD:
		break;
	}
	s->run->records_in++;
	if (one_record(s, it, err)) {
		/* a workspace failure is not the record's fault */
		if (err->code == WA_EX_TEMPFAIL || err->code == WA_EX_IOERR ||
		    err->code == WA_EX_NOPERM)
			return -1;
		return failed(s, err);
	}
	s->run->records_out++;
	if (due(s) && commit_group(s, 0, 0, err))
		return -1;
	return 0;
}

static int write_all_records(state *s, queue *q, wa_err *err)
{
	item batch[BATCH];
	int n = 0, next = 0, rc = 0;

	while (rc == 0) {
		if (next == n) {
			if (pop(s, q, batch, &n, err))
				return -1;
			next = 0;
		}
		rc = write_one(s, &batch[next++], err);
	}
	/* on a stop, the batch is freed here */
	for (int i = 0; i < n; i++)
		item_free(&batch[i]);
	return rc < 0 ? -1 : 0;
}

/* Open every input before anything is written: the readers (a new
 * array of n), and *total the input's size when every part of it is a
 * file (else 0); NULL with err. */
static wa_reader **open_all(char **names, int n, int64_t *total, wa_err *err)
{
	wa_reader **readers = wa_mem_calloc((size_t)n, sizeof *readers);

	*total = 0;
	for (int i = 0; i < n; i++)
		if (!(readers[i] = wa_reader_open(names[i], err))) {
			while (i-- > 0)
				wa_reader_close(readers[i]);
			free(readers);
			return NULL;
		}
	for (int i = 0; i < n; i++) {
		int64_t size = wa_reader_size(readers[i]);
		if (!size) {
			*total = 0;
			break;
		}
		*total += size;
	}
	return readers;
}

static queue *queue_new(void)
{
	queue *q = wa_mem_calloc(1, sizeof *q);

	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->not_empty, NULL);
	pthread_cond_init(&q->not_full, NULL);
	return q;
}

/* free what the queue holds (the lock held, or the reader gone) */
static void drain(queue *q)
{
	while (q->count) {
		item_free(&q->items[q->head]);
		q->head = (q->head + 1) % QUEUE;
		q->count--;
	}
}

/* stop the reader: it may be waiting for room or for input */
static void stop_reader(queue *q, pthread_t reader)
{
	pthread_mutex_lock(&q->lock);
	q->stopping = 1;
	pthread_cond_broadcast(&q->not_full);
	drain(q);
	pthread_mutex_unlock(&q->lock);
	pthread_cancel(reader);
	pthread_join(reader, NULL);
	drain(q);               /* anything pushed between the drain and the stop */
}

static void queue_free(queue *q)
{
	for (size_t i = 0; i < q->ngarbage; i++)
		item_free(&q->garbage[i]);
	free(q->garbage);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
	free(q);
}

/* the records through, then the run's verdict and its last commit */
static int write_run(state *s, queue *q, wa_err *err)
{
	wa_err cerr = WA_ERR_INIT;
	int rc = write_all_records(s, q, err);

	if (rc == 0 && s->first_failure)
		rc = wa_err_set(err, s->first_failure, "%ld of %ld records failed",
			s->run->records_failed, s->run->records_in);
	/* the engine's own verdict on a run whose records all went through */
	if (rc == 0 && s->loop->verdict && s->loop->verdict(s->loop->user, err))
		rc = -1;
	/* commit what went through, with the run's final status */
	if (commit_group(s, 1, rc ? err->code : 0, &cerr)) {
		if (rc == 0)
			*err = cerr;
		rc = -1;
	}
	return rc;
}

int wa_loop_run(const wa_loop *loop, wa_ws *ws, wa_run *run,
	char **files, int nfiles, wa_err *err)
{
	state s = { .loop = loop, .ws = ws, .run = run };
	char *stdin_only[] = { "-" };
	int rc, n = nfiles ? nfiles : 1;
	wa_reader **readers = open_all(nfiles ? files : stdin_only, n, &s.total, err);
	reader_args args;
	pthread_t reader;

	if (!readers)
		return -1;
	wa_buf_init(&s.pending);
	queue *q = queue_new();
	json_object_seed(0);            /* before a second thread makes objects */
	args = (reader_args){ loop, q, readers, n, 0 };
	if (pthread_create(&reader, NULL, reader_main, &args) != 0) {
		rc = wa_err_set(err, WA_EX_SOFTWARE, "cannot start the reader thread");
	} else {
		rc = write_run(&s, q, err);
		stop_reader(q, reader);
	}
	queue_free(q);
	for (int i = 0; i < n; i++)
		wa_reader_close(readers[i]);
	free(readers);
	wa_buf_free(&s.pending);
	return rc;
}
