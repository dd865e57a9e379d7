/* loop.c - the record loop: see loop.h. */
#include "loop.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "dossier.h"
#include "store.h"
#include "stream.h"

typedef struct state {
	const wa_loop *loop;
	wa_ws *ws;
	wa_run *run;
	wa_buf pending;         /* output of committed-to-be records */
	unsigned in_group;
	int64_t group_start;
	int first_failure;      /* exit code of the first failed record */
} state;

void wa_loop_init(wa_loop *loop)
{
	memset(loop, 0, sizeof *loop);
	loop->out_fd = STDOUT_FILENO;
	loop->group_records = 256;
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
	return write_out(s, err);
}

static void notify(state *s, int level, const char *msg)
{
	if (s->loop->notify)
		s->loop->notify(level, msg);
}

/* The steps of one record inside its savepoint. */
static int record_steps(state *s, wa_record *rec, wa_err *err)
{
	int derived;
	json_t *client;

	if (wa_dossier_ensure_client_id(rec->dossier, &derived, err))
		return -1;
	rec->client_id = wa_dossier_client_id(rec->dossier);
	if (derived) {
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
	return wa_store_dossier_save(s->ws, rec->client_id, rec->dossier,
		s->run->engine, s->loop->section, s->run->id, rec->at,
		s->loop->pretty ? NULL : &s->pending, err);
}

/* Process one parsed dossier (steals it).  0 ok, -1 failed (err set,
 * workspace rolled back to before the record). */
static int one_record(state *s, json_t *dossier, long number, wa_err *err)
{
	char at[WA_TIME_MAX], label[128];
	wa_record rec = { .dossier = dossier, .number = number, .at = at,
		.ws = s->ws, .run = s->run, .user = s->loop->user };
	const char *who;
	size_t mark = s->pending.len;
	int rc;

	if (!json_is_object(dossier)) {
		static const char *names[] = { "an object", "an array", "a string",
			"a number", "a number", "true", "false", "null" };
		wa_err_set(err, WA_EX_DATAERR, "record %ld: a dossier must be a JSON object, not %s",
			number, names[json_typeof(dossier)]);
		json_decref(dossier);
		return -1;
	}
	if (!wa_ws_in_transaction(s->ws)) {
		if (wa_ws_begin(s->ws, err) || wa_run_record(s->run, s->ws, err)) {
			json_decref(dossier);
			return -1;
		}
		s->group_start = wa_clock_mono_ms();
	}
	wa_time_now(at);
	if (wa_ws_savepoint(s->ws, err)) {
		json_decref(dossier);
		return -1;
	}
	rc = record_steps(s, &rec, err);
	if (rc == 0)
		rc = wa_ws_release(s->ws, err);
	if (rc) {
		wa_ws_rollback_savepoint(s->ws);
		s->pending.len = mark;          /* drop a half-built line */
		s->pending.data[mark] = '\0';
		who = wa_dossier_label(dossier, label, sizeof label);
		if (who)
			wa_err_prefix(err, "record %ld (%s)", number, who);
		else
			wa_err_prefix(err, "record %ld", number);
		json_decref(dossier);
		return -1;
	}
	if (s->loop->pretty)
		wa_json_write(&s->pending, dossier, WA_JSON_PRETTY);
	json_decref(dossier);
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

static int due(state *s, wa_reader *r)
{
	return s->in_group >= s->loop->group_records ||
		wa_clock_mono_ms() - s->group_start >= (int64_t)s->loop->group_ms ||
		wa_reader_would_block(r);
}

static int read_all(state *s, wa_reader *r, wa_err *err)
{
	for (;;) {
		json_t *v;
		int rc = wa_reader_next(r, &v, err);

		if (rc == 0)
			return 0;
		if (rc < 0) {
			if (err->code != WA_EX_DATAERR)
				return -1;      /* I/O: nothing to skip to */
			s->run->records_in++;
			wa_err_prefix(err, "record %ld", s->run->records_in);
			if (failed(s, err))
				return -1;
			continue;
		}
		s->run->records_in++;
		if (one_record(s, v, s->run->records_in, err)) {
			/* a workspace failure is not the record's fault */
			if (err->code == WA_EX_TEMPFAIL || err->code == WA_EX_IOERR ||
			    err->code == WA_EX_NOPERM || failed(s, err))
				return -1;
			continue;
		}
		s->run->records_out++;
		if (s->in_group && due(s, r) && commit_group(s, 0, 0, err))
			return -1;
	}
}

int wa_loop_run(const wa_loop *loop, wa_ws *ws, wa_run *run,
	char **files, int nfiles, wa_err *err)
{
	state s = { .loop = loop, .ws = ws, .run = run };
	char *stdin_only[] = { "-" };
	wa_reader **readers;
	int rc = 0, n = nfiles ? nfiles : 1;
	char **names = nfiles ? files : stdin_only;
	wa_err cerr = WA_ERR_INIT;

	wa_buf_init(&s.pending);
	/* every input must open before anything is written */
	readers = calloc((size_t)n, sizeof *readers);
	for (int i = 0; i < n; i++) {
		readers[i] = wa_reader_open(names[i], err);
		if (!readers[i]) {
			rc = -1;
			goto out;
		}
	}
	for (int i = 0; i < n && rc == 0; i++)
		rc = read_all(&s, readers[i], err);
	if (rc == 0 && s.first_failure) {
		wa_err_set(err, s.first_failure, "%ld of %ld records failed",
			run->records_failed, run->records_in);
		rc = -1;
	}
	/* commit what went through, with the run's final status */
	if (commit_group(&s, 1, rc ? err->code : 0, &cerr)) {
		if (rc == 0)
			*err = cerr;
		rc = -1;
	}
out:
	for (int i = 0; i < n; i++)
		wa_reader_close(readers[i]);
	free(readers);
	wa_buf_free(&s.pending);
	return rc;
}
