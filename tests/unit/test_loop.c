#include <criterion/criterion.h>
#include <fcntl.h>

#include "helpers.h"
#include "ws/dossier.h"
#include "ws/loop.h"
#include "ws/store.h"

typedef struct fixture {
	char dir[64], db[128], in[128], out[128];
	wa_ws *ws;
	wa_run run;
	wa_loop loop;
	int out_fd;
} fixture;

static int seen_errors;

static void count_errors(int level, const char *msg)
{
	(void)msg;
	if (level < 0)
		seen_errors++;
}

/* fails the record whose client is called "Bad", after writing to the
 * workspace, to show the savepoint undoes it */
static int process(wa_record *rec, wa_err *err)
{
	const char *name = json_string_value(json_object_get(
		json_object_get(rec->dossier, "client"), "name"));

	wa_store_client_upsert(rec->ws, "written-then-undone", "x", err);
	if (name && strcmp(name, "Bad") == 0)
		return wa_err_set(err, WA_EX_DATAERR, "client.name is Bad");
	wa_dossier_set_section(rec->dossier, "seen", json_true());
	return 0;
}

static void setup(fixture *f, const char *input, int keep_going)
{
	wa_err e = WA_ERR_INIT;
	char *argv[] = { "wa-test", NULL };

	snprintf(f->dir, sizeof f->dir, "%s", tmpdir_new());
	snprintf(f->db, sizeof f->db, "%s/wa.db", f->dir);
	snprintf(f->in, sizeof f->in, "%s/in.json", f->dir);
	snprintf(f->out, sizeof f->out, "%s/out.json", f->dir);
	write_text(f->in, input);
	cr_assert_eq(wa_ws_open(f->db, WA_WS_CREATE, &f->ws, &e), 0);
	cr_assert_eq(wa_run_init(&f->run, f->ws, "wa-test", "0.1.0", 1, argv, &e), 0);
	f->out_fd = open(f->out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	wa_loop_init(&f->loop);
	f->loop.process = process;
	f->loop.notify = count_errors;
	f->loop.keep_going = keep_going;
	f->loop.out_fd = f->out_fd;
	seen_errors = 0;
}

static long long count(fixture *f, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	sqlite3_prepare_v2(wa_ws_db(f->ws), sql, -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int lines(const char *path)
{
	FILE *fp = fopen(path, "r");
	int n = 0, c;

	while ((c = getc(fp)) != EOF)
		n += c == '\n';
	fclose(fp);
	return n;
}

static void teardown(fixture *f)
{
	close(f->out_fd);
	wa_run_free(&f->run);
	wa_ws_close(f->ws);
}

Test(loop, processes_every_record_and_finishes_the_run)
{
	fixture f;
	wa_err e = WA_ERR_INIT;
	char *files[1];

	setup(&f, "{\"client\":{\"name\":\"A\"}}\n{\"client\":{\"name\":\"B\"}}", 0);
	files[0] = f.in;
	cr_assert_eq(wa_loop_run(&f.loop, f.ws, &f.run, files, 1, &e), 0, "%s", e.msg);
	cr_assert_eq(lines(f.out), 2);
	cr_assert_eq(count(&f, "SELECT count(*) FROM dossiers WHERE json_extract(body, '$.seen')"), 2);
	cr_assert_eq(count(&f, "SELECT records_out FROM runs WHERE status='ok'"), 2);
	teardown(&f);
}

Test(loop, stops_at_a_failed_record_and_keeps_what_came_before)
{
	fixture f;
	wa_err e = WA_ERR_INIT;
	char *files[1];

	setup(&f, "{\"client\":{\"name\":\"A\"}} {\"client\":{\"name\":\"Bad\"}} "
		"{\"client\":{\"name\":\"C\"}}", 0);
	files[0] = f.in;
	cr_assert_eq(wa_loop_run(&f.loop, f.ws, &f.run, files, 1, &e), -1);
	cr_assert_str_eq(e.msg, "record 2 (bad): client.name is Bad");
	cr_assert_eq(e.code, 65);
	cr_assert_eq(lines(f.out), 1);
	/* the first record's write stays, the second's was rolled back */
	cr_assert_eq(count(&f, "SELECT count(*) FROM clients"), 2);
	cr_assert_eq(count(&f, "SELECT count(*) FROM clients WHERE id IN ('a','written-then-undone')"), 2);
	cr_assert_eq(count(&f, "SELECT count(*) FROM clients WHERE id IN ('bad','c')"), 0);
	cr_assert_eq(count(&f, "SELECT exit_code FROM runs WHERE status='failed'"), 65);
	teardown(&f);
}

Test(loop, keep_going_skips_and_reports)
{
	fixture f;
	wa_err e = WA_ERR_INIT;
	char *files[1];

	setup(&f, "{\"client\":{\"name\":\"A\"}}\n{\"client\":{\"name\":\"Bad\"}}\n"
		"{\"client\":\nnot json}\n\"a string\"\n{\"client\":{\"name\":\"E\"}}\n", 1);
	files[0] = f.in;
	cr_assert_eq(wa_loop_run(&f.loop, f.ws, &f.run, files, 1, &e), -1);
	cr_assert_str_eq(e.msg, "3 of 5 records failed");
	cr_assert_eq(seen_errors, 3);
	cr_assert_eq(lines(f.out), 2);
	cr_assert_eq(count(&f, "SELECT records_in FROM runs"), 5);
	cr_assert_eq(count(&f, "SELECT records_out FROM runs"), 2);
	cr_assert_eq(count(&f, "SELECT records_failed FROM runs"), 3);
	teardown(&f);
}

Test(loop, a_missing_input_writes_nothing)
{
	fixture f;
	wa_err e = WA_ERR_INIT;
	char *files[2];

	setup(&f, "{\"client\":{\"name\":\"A\"}}", 0);
	files[0] = f.in;
	files[1] = "/nonexistent/more.json";
	cr_assert_eq(wa_loop_run(&f.loop, f.ws, &f.run, files, 2, &e), -1);
	cr_assert_eq(e.code, 66);
	cr_assert_eq(lines(f.out), 0);
	cr_assert_eq(count(&f, "SELECT count(*) FROM clients"), 0);
	teardown(&f);
}

Test(loop, pretty_output)
{
	fixture f;
	wa_err e = WA_ERR_INIT;
	char *files[1];

	setup(&f, "{\"client\":{\"id\":\"a\",\"name\":\"A\"}}", 0);
	f.loop.pretty = 1;
	files[0] = f.in;
	cr_assert_eq(wa_loop_run(&f.loop, f.ws, &f.run, files, 1, &e), 0);
	cr_assert_gt(lines(f.out), 5);
	teardown(&f);
}
